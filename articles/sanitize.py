"""The one HTML allow-list for story bodies (DESIGN rule 5).

The rich-text editor sanitises in forms only; models call `clean_body` on every save
so imports, commands and the shell get the same treatment.
"""

import nh3

ALLOWED_TAGS = set(
    "p br strong em s u sub sup a ul ol li blockquote h2 h3 h4 hr figure figcaption cite".split()
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    "p": {"data-speaker"},
    "blockquote": {"data-speaker"},
    "figure": {"data-photo"},
}
# Classes editors may put on paragraphs and quotes (Q&A and pull quotes).
# nh3 requires "class" to stay out of ALLOWED_ATTRIBUTES when this is used.
ALLOWED_CLASSES = {
    "p": {"question", "answer"},
    "blockquote": {"pull-quote"},
    "figure": {"inline-photo"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    allowed_classes=ALLOWED_CLASSES,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def clean_body(html: str) -> str:
    return _cleaner.clean(html or "").strip()
