"""The rich-text editor's "inline photo" node (django-prose-editor extension).

Settings register it (DJANGO_PROSE_EDITOR_EXTENSIONS); a body field enables it with
`"InlinePhoto": True`. The editor then keeps `<figure class="inline-photo"
data-photo="ID">` nodes, shows them as a labelled block, and accepts them pasted from a
photo's "Copy" button. This module must not import models: settings import it.
"""

from django_prose_editor.config import add_allowed_classes, add_tags_and_attributes
from js_asset import static_lazy


def allow_inline_photo(extension_config, shared_config):
    """Form-side sanitiser rules; the model's nh3 allow-list (articles.body.clean) agrees."""
    add_tags_and_attributes(shared_config, ["figure"], {"figure": ["data-photo"]})
    add_allowed_classes(shared_config, {"figure": {"inline-photo"}})


EXTENSIONS = {
    "js": [static_lazy("photos/prose/inline_photo.js")],
    "extensions": {"InlinePhoto": allow_inline_photo},
}
