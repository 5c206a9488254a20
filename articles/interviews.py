"""Interviews: who speaks in a story body, and how Q&A and pull quotes are rendered.

What an editor can really produce in the rich-text editor (checked in a browser):
paragraphs with the class "question" or "answer" and blockquotes with the class
"pull-quote". The editor cannot set attributes, so the speaker is written as text:

* a question or answer may start with a label, "Popkov: ..." or "**Popkov:** ...";
  a plain label counts only when it names someone in the story (an interviewee or a
  bylined author: full name, family name, given name or initials), a bold label always;
* an unlabelled question or answer keeps the speaker of the previous one of its kind,
  else questions are put by the first writing byline (not "Photos by") and answered by
  the first interviewee;
* a pull quote may end with a paragraph "— Name"; otherwise it is attributed to the
  first interviewee. It is rendered once, as a figure with a caption; when its words are
  already in the text, the figure is hidden from screen readers (and left out of feeds).

Bodies written outside the editor (imports, the demo) may carry the speaker in a
`data-speaker` attribute, which wins over everything else.

Rendering works on the sanitised body (articles/sanitize.py) and escapes all text it
writes, so its output is safe to mark as such.
"""

import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

from django.conf import settings
from django.db.models import Prefetch
from django.urls import NoReverseMatch
from django.utils.safestring import mark_safe

from articles.sanitize import clean_body

QUESTION = "question"
ANSWER = "answer"
PULL_QUOTE = "pull-quote"

# The standard notes offered in the admin; editors may still write their own.
STANDARD_NOTES = [
    "This interview has been condensed and edited for clarity.",
    "This interview has been edited for length and clarity.",
    "This interview was conducted by e-mail; the answers are published as written.",
    "This interview was conducted through an interpreter.",
    "This interview has been translated and edited for clarity.",
]

BODY_HELP_TEXT = (
    "Interviews: put the cursor in a paragraph and choose Block style → Question or "
    "Answer (the style carries on to the next paragraph when you press Enter). "
    "Start a question or answer with the speaker's name and a colon, e.g. "
    "“Popkov: …”, when it is not the usual speaker; otherwise questions are "
    "credited to the writer’s byline and answers to the first interviewee. "
    "Pull quote: make a quote (the “ button), then Block style → Pull quote; "
    "end it with a line “— Name” to credit someone other than the first interviewee."
)

VOID_TAGS = {"br", "hr", "img"}
DASHES = "—–―-"
# A typed label: starts with a letter, at most 60 characters, then a colon and a space.
LABEL_RE = re.compile(r"^\s*([^\W\d_][\w .'’-]{0,59}?)\s*:\s+", re.UNICODE)
NON_ALNUM_RE = re.compile(r"[^\w]+", re.UNICODE)
# A pasted inline photo line (photos.usage.SHORTCODE): it keeps its plain paragraph even
# when the Q&A style carried on to it, or the photo would not be found.
PHOTO_LINE_RE = re.compile(r"^\s*\[photo [0-9]+\]\s*$")


# --- A tiny tree for the sanitised body ---------------------------------------------


@dataclass
class Element:
    tag: str
    attrs: dict = field(default_factory=dict)
    children: list = field(default_factory=list)

    @property
    def classes(self):
        return set(self.attrs.get("class", "").split())

    def text(self):
        # A loop, not recursion: how deep a body nests is up to whoever wrote it.
        parts, pending = [], list(reversed(self.children))
        while pending:
            node = pending.pop()
            if isinstance(node, str):
                parts.append(node)
            else:
                pending.extend(reversed(node.children))
        return "".join(parts)


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID_TAGS:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(html):
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def serialize(node):
    """The node as HTML, built with an explicit stack (no recursion over user nesting)."""
    out, pending = [], [node]
    while pending:
        item = pending.pop()
        if isinstance(item, _Close):
            out.append(item.html)
        elif isinstance(item, str):
            out.append(escape(item, quote=False))
        elif item.tag in VOID_TAGS:
            out.append(f"<{item.tag}{_attrs(item)}>")
        else:
            if item.tag != "root":
                out.append(f"<{item.tag}{_attrs(item)}>")
                pending.append(_Close(f"</{item.tag}>"))
            pending.extend(reversed(item.children))
    return "".join(out)


@dataclass(frozen=True)
class _Close:
    html: str


def _attrs(element):
    return "".join(f' {name}="{escape(value)}"' for name, value in element.attrs.items())


# --- Speakers ------------------------------------------------------------------------


def _key(text):
    return NON_ALNUM_RE.sub(" ", text.casefold()).strip()


@dataclass(frozen=True)
class Speaker:
    name: str
    person: object = None  # a Person when the speaker is one of the story's interviewees
    title: str = ""
    short: str = ""  # what labels their paragraphs ("Park:"); the full name if empty

    @property
    def label(self):
        return self.short or self.name

    @property
    def url(self):
        if self.person is None:
            return ""
        try:
            return self.person.get_absolute_url()
        except NoReverseMatch:
            return ""


# Titles an editor may put before a name in a label ("Amb. Popkov:").
HONORIFICS = {"mr", "mrs", "ms", "dr", "prof", "amb", "ambassador", "minister", "president"}


def _aliases(name):
    """The ways an editor may refer to someone: full name, each part, initials."""
    words = [_key(word) for word in name.split() if _key(word)]
    aliases = {" ".join(words)}
    aliases.update(word for word in words if len(word) > 1)
    if len(words) > 1:
        aliases.add("".join(word[0] for word in words))
    return aliases


class Cast:
    """Who may speak in one story: its interviewees and its bylined authors.

    Reads `article.interviewees` and `article.bylines`; prefetch them (with person and
    author) to keep pages at a constant number of queries.
    """

    def __init__(self, article):
        self.interviewees = [
            Speaker(i.person.name, i.person, i.title_at_time or i.person.title, i.person.label_name)
            for i in article.interviewees.all()
        ]
        bylines = list(article.bylines.all())
        # "By" and "Interview by" bylines ask the questions; "Photos by" and the like do not.
        asking = [b for b in bylines if not b.role or "interview" in b.role.casefold()]
        self.interviewers = [Speaker(b.author.name) for b in asking or bylines]
        self._by_alias = {}
        # Interviewees first: when an alias is ambiguous, the person interviewed wins.
        for speaker in [*self.interviewees, *self.interviewers]:
            native = speaker.person.native_name if speaker.person else ""
            for name in filter(None, [speaker.name, speaker.short, native]):
                for alias in _aliases(name):
                    self._by_alias.setdefault(alias, speaker)

    def default(self, role):
        if role == QUESTION:
            return self.interviewers[0] if self.interviewers else Speaker(settings.SITE_NAME)
        return self.interviewees[0] if self.interviewees else None

    def find(self, label):
        words = _key(label).split()
        while len(words) > 1 and words[0] in HONORIFICS:
            words = words[1:]
        return self._by_alias.get(_key(label)) or self._by_alias.get(" ".join(words))

    def named(self, name):
        """A speaker given by full name (data-speaker, a "— Name" line)."""
        name = " ".join(name.split())
        if not name:
            return None
        return self.find(name) or Speaker(name)


# --- Q&A paragraphs -------------------------------------------------------------------


def _take_label(paragraph, cast):
    """Remove a leading speaker label from the paragraph and return its speaker, if any."""
    children = paragraph.children
    first = children[0] if children else None
    # "**Popkov:** answer" or "**Popkov**: answer": bold labels are always labels.
    if isinstance(first, Element) and first.tag == "strong":
        label = first.text().strip()
        rest = children[1:]
        if label.endswith(":"):
            label = label[:-1].strip()
        elif rest and isinstance(rest[0], str) and rest[0].lstrip().startswith(":"):
            rest = [rest[0].lstrip()[1:], *rest[1:]]
        else:
            return None
        # A name is short; a bold lead-in sentence ending in a colon is not a speaker.
        if not label or len(label) > 60 or len(label.split()) > 5:
            return None
        if label.casefold() in {"q", "a"}:
            paragraph.children = _strip_leading_space(rest)
            return None
        paragraph.children = _strip_leading_space(rest)
        return cast.find(label) or Speaker(label)
    # "Popkov: answer": only when it names someone in the story (or is Q:/A:).
    if isinstance(first, str):
        match = LABEL_RE.match(first)
        if match:
            label = match.group(1)
            if label.casefold() in {"q", "a"}:
                paragraph.children = [first[match.end() :], *children[1:]]
                return None
            speaker = cast.find(label)
            if speaker is not None:
                paragraph.children = [first[match.end() :], *children[1:]]
                return speaker
    return None


def _strip_leading_space(children):
    if children and isinstance(children[0], str):
        return [children[0].lstrip(), *children[1:]]
    return children


def _speaker_label(speaker, for_feed):
    if for_feed:
        # Feed readers drop classes and styles: plain bold text reads the same everywhere.
        return Element("strong", {}, [f"{speaker.label}:"])
    return Element("span", {"class": "speaker"}, [f"{speaker.label}:"])


def _render_qa(paragraph, role, cast, last_speaker, for_feed):
    typed = _take_label(paragraph, cast)
    speaker = (
        cast.named(paragraph.attrs.get("data-speaker", ""))
        or typed
        or last_speaker.get(role)
        or cast.default(role)
    )
    paragraph.attrs = {} if for_feed else {"class": role}
    if speaker is not None:
        last_speaker[role] = speaker
        paragraph.children = [_speaker_label(speaker, for_feed), " ", *paragraph.children]
    return paragraph


# --- Pull quotes ----------------------------------------------------------------------


@dataclass
class PullQuote:
    paragraphs: list  # Elements
    speaker: Speaker | None

    @property
    def text(self):
        return " ".join(p.text().strip() for p in self.paragraphs)

    @property
    def html(self):
        return mark_safe("".join(serialize(p) for p in self.paragraphs))


def _pull_quote(blockquote, cast):
    paragraphs = []
    for child in blockquote.children:
        if isinstance(child, str):
            if child.strip():
                paragraphs.append(Element("p", {}, [child.strip()]))
            continue
        if child.tag == "p":
            # Q&A classes carried into the quote by the editor mean nothing there.
            child.attrs = {}
        paragraphs.append(child)
    attribution = None
    if paragraphs and paragraphs[-1].tag == "p":
        last = paragraphs[-1].text().strip()
        if last[:1] in DASHES and len(last) <= 120:
            attribution = last.lstrip(DASHES).strip()
            paragraphs = paragraphs[:-1]
    speaker = (
        cast.named(blockquote.attrs.get("data-speaker", ""))
        or (cast.named(attribution) if attribution else None)
        or cast.default(ANSWER)
    )
    return PullQuote(paragraphs, speaker)


def _figure(quote, repeated, for_feed):
    caption = []
    if quote.speaker is not None:
        # No link inside a figure hidden from screen readers: it would still take focus.
        if quote.speaker.url and not for_feed and not repeated:
            caption = ["— ", Element("a", {"href": quote.speaker.url}, [quote.speaker.name])]
        else:
            caption = [f"— {quote.speaker.name}"]
        if quote.speaker.title:
            caption.append(f", {quote.speaker.title}")
    if for_feed:
        blockquote = Element("blockquote", {}, list(quote.paragraphs))
        if caption:
            blockquote.children.append(Element("p", {}, caption))
        return blockquote
    attrs = {"class": PULL_QUOTE}
    if repeated:
        # The words are already in the story: screen readers should not hear them twice.
        attrs["aria-hidden"] = "true"
    figure = Element("figure", attrs, [Element("blockquote", {}, list(quote.paragraphs))])
    if caption:
        figure.children.append(Element("figcaption", {}, caption))
    return figure


def _normalised(text):
    return " ".join(_key(text).split())


# --- Public API -----------------------------------------------------------------------


def render_body(article, for_feed=False):
    """The story body as readers see it: Q&A with visible speakers, pull quotes as
    figures with attribution. Narrative bodies come out as the prose they are.

    `for_feed` gives the same content in markup that needs no stylesheet: speaker
    names in bold, pull quotes only when they are not repeated from the text.
    """
    cleaned = clean_body(article.body)
    if not any(name in cleaned for name in (QUESTION, ANSWER, PULL_QUOTE)):
        return mark_safe(cleaned)  # plain prose: nothing to restructure
    root = parse(cleaned)
    if not _has_interview_markup(root):
        return mark_safe(cleaned)
    cast = Cast(article)
    last_speaker = {}
    prose = _normalised(
        " ".join(
            child.text() if isinstance(child, Element) else child
            for child in root.children
            if not (isinstance(child, Element) and PULL_QUOTE in child.classes)
        )
    )
    rendered = []
    for child in root.children:
        if isinstance(child, Element) and child.tag == "p":
            role = next((r for r in (QUESTION, ANSWER) if r in child.classes), None)
            if role:
                # The style carries on when the editor presses Enter, so stray empty
                # questions and answers are common: they would show a speaker saying nothing.
                if PHOTO_LINE_RE.match(child.text()):
                    child.attrs = {}
                    rendered.append(child)
                elif child.text().strip():
                    rendered.append(_render_qa(child, role, cast, last_speaker, for_feed))
                continue
        if isinstance(child, Element) and child.tag == "blockquote" and PULL_QUOTE in child.classes:
            quote = _pull_quote(child, cast)
            if not quote.paragraphs:
                continue
            repeated = _normalised(quote.text) in prose
            if for_feed and repeated:
                continue
            rendered.append(_figure(quote, repeated, for_feed))
            continue
        rendered.append(child)
    root.children = rendered
    return mark_safe(serialize(root))


def _has_interview_markup(root):
    return any(
        isinstance(child, Element) and child.classes & {QUESTION, ANSWER, PULL_QUOTE}
        for child in root.children
    )


def pull_quotes(article):
    """The pull quotes of one story, each with its resolved speaker."""
    root = parse(clean_body(article.body))
    cast = Cast(article)
    quotes = []
    for child in root.children:
        if isinstance(child, Element) and child.tag == "blockquote" and PULL_QUOTE in child.classes:
            quote = _pull_quote(child, cast)
            if quote.paragraphs:
                quotes.append(quote)
    return quotes


@dataclass
class PersonQuote:
    quote: PullQuote
    article: object


def quotes_by(person, limit=10):
    """Pull quotes credited to a person in the published stories they are linked to,
    newest first.

    Only stories that list the person among their interviewees count: names are not
    unique (two officials may share one), and the link is an indexed join rather than a
    text search through every story. Four queries whatever the number of stories.
    """
    from articles.models import Article, Byline, Interviewee

    stories = (
        Article.objects.published()
        .filter(interviewees__person=person, body__contains=PULL_QUOTE)
        .distinct()
        .order_by("-published_at")
        .prefetch_related(
            Prefetch("interviewees", queryset=Interviewee.objects.select_related("person")),
            Prefetch("bylines", queryset=Byline.objects.select_related("author")),
        )[: limit * 2]
    )
    found = []
    for article in stories:
        for quote in pull_quotes(article):
            if quote.speaker is not None and quote.speaker.person == person:
                found.append(PersonQuote(quote, article))
                if len(found) == limit:
                    return found
    return found
