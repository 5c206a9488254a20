"""The one HTML allow-list for story bodies (DESIGN rule 5) and the one HTML parser.

The rich-text editor sanitises in forms only; Article.save runs the body pipeline, which
starts here, so imports, commands and the shell get the same treatment.
"""

from html import escape

import lxml.html
import nh3
from django.conf import settings

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

# Elements nested deeper than this lose their tags (their text stays). Real bodies nest a
# handful of levels (quote > paragraph > link > emphasis); thousands of nested quotes only
# serve to exhaust whatever walks the tree later (DESIGN rule 12).
MAX_NESTING = 20


# Only paragraphs and line breaks, which cannot nest: for bodies too deep to read whole.
_flattener = nh3.Cleaner(tags={"p", "br"}, attributes={}, strip_comments=True)


def parse(html):
    """The body as an lxml tree under a <div>: the only place a body is parsed.

    A parser per call: lxml parsers must not be shared between threads. huge_tree lets
    libxml2 read hostile nesting (capped right after) up to 2,048 levels; past that it stops
    reading, so such a body keeps its words and loses its formatting instead.
    """
    if not (html or "").strip():
        return lxml.html.Element("div")
    parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True)
    root = lxml.html.fragment_fromstring(html, create_parent="div", parser=parser)
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        return parse(_flattener.clean(html))
    return root


def cap_nesting(root, limit=MAX_NESTING):
    """Drop the tags (keeping text) of elements nested deeper than `limit`. A loop with an
    explicit stack: how deep a body nests is up to whoever wrote it."""
    too_deep, pending = [], [(child, 1) for child in root]
    while pending:
        element, depth = pending.pop()
        if depth > limit:
            too_deep.append((depth, element))
        pending.extend((child, depth + 1) for child in element)
    # Innermost first, so every drop moves only text and already-flattened children.
    for _, element in sorted(too_deep, key=lambda item: item[0], reverse=True):
        element.drop_tag()
    return root


def serialize(root):
    """The children of the <div> from parse() as HTML (lxml escapes all text)."""
    head = escape(root.text or "", quote=False)
    return head + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)


def sanitized_tree(html):
    """The body through the allow-list, parsed, nesting capped: the pipeline's input."""
    return cap_nesting(parse(_cleaner.clean(html or "")))


def clean_body(html):
    return serialize(sanitized_tree(html)).strip()


def body_size_problem(html: str):
    """Why a body is too big to store (a message for the editor), or None."""
    size = len((html or "").encode())
    limit = settings.STORY_BODY_MAX_BYTES
    if size <= limit:
        return None
    return (
        f"The story body is {size // 1000:,} KB of text and formatting; at most "
        f"{limit // 1000:,} KB can be saved. Split it into several stories, or remove pasted "
        "formatting. Your text is kept below."
    )
