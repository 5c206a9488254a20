"""The one HTML allow-list for story bodies (DESIGN rule 5).

The rich-text editor sanitises in forms only; models call `clean_body` on every save
so imports, commands and the shell get the same treatment.
"""

from html.parser import HTMLParser

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
VOID_TAGS = {"br", "hr", "img", "wbr"}


class _NestingLimiter(HTMLParser):
    """Copies sanitised HTML through, dropping the tags of elements nested too deep."""

    def __init__(self, limit):
        super().__init__(convert_charrefs=False)
        self.limit = limit
        self.out = []
        self.open = []  # (tag, kept) for every element open at this point
        self.depth = 0  # how many of them are kept

    def handle_starttag(self, tag, attrs):
        if tag in VOID_TAGS:
            self.out.append(self.get_starttag_text())
            return
        kept = self.depth < self.limit
        self.open.append((tag, kept))
        if kept:
            self.depth += 1
            self.out.append(self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag in VOID_TAGS or all(name != tag for name, _ in self.open):
            return
        while self.open:
            name, kept = self.open.pop()
            if kept:
                self.depth -= 1
                self.out.append(f"</{name}>")
            if name == tag:
                return

    def handle_data(self, data):
        self.out.append(data)

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def result(self):
        self.close()
        while self.open:
            self.handle_endtag(self.open[-1][0])
        return "".join(self.out)


def limit_nesting(html: str, limit: int = MAX_NESTING) -> str:
    limiter = _NestingLimiter(limit)
    limiter.feed(html)
    return limiter.result()


def clean_body(html: str) -> str:
    return limit_nesting(_cleaner.clean(html or "")).strip()


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
