"""The story body's interview shortcuts (django-prose-editor extension, static JS).

Settings register it (DJANGO_PROSE_EDITOR_EXTENSIONS); the body field enables it with
`"InterviewShortcuts": True`. It adds no markup of its own (NodeClass makes the classes),
so the sanitiser needs no new rules. This module must not import models: settings import it.
"""

from js_asset import static_lazy


def no_new_markup(extension_config, shared_config):
    """Keyboard shortcuts only: nothing to allow beyond what NodeClass already allows."""


EXTENSIONS = {
    "js": [static_lazy("articles/prose/interview_shortcuts.js")],
    "extensions": {"InterviewShortcuts": no_new_markup},
}
