"""The sanitised body tree -> everything readers, feeds and search get, in one pass.

Interview rules (what editors type, see articles/interviews.py):
* a question or answer may start with a label, "Popkov: ..." or "**Popkov:** ...";
  a plain label counts only when it names someone in the story (speakers.Cast), a bold
  label always; an unlabelled one keeps the previous speaker of its kind, else questions
  go to the first writing byline and answers to the first interviewee;
* a pull quote may end with a paragraph "— Name", else it is the first interviewee's;
  it is rendered once, as a figure; when its words are already in the text the figure is
  hidden from screen readers (and left out of feeds);
* a `data-speaker` attribute (imports, the demo) wins over everything else.
Inline photos: `<figure class="inline-photo" data-photo="ID">` or a paragraph holding
only `[photo ID]` become the same <picture> + caption + credit markup as the lead photo.

Every text node goes through lxml's serializer, so the output is safe to mark as such.
"""

import copy
import functools
import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import lxml.etree
import lxml.html
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from articles.body.clean import sanitized_tree, serialize
from articles.body.speakers import ANSWER, QUESTION, Cast, Speaker, key
from photos import rights
from photos.models import Photo

PULL_QUOTE = "pull-quote"
DASHES = "—–―-"
# A typed label: starts with a letter, at most 60 characters, then a colon and a space.
LABEL_RE = re.compile(r"^\s*([^\W\d_][\w .'’-]{0,59}?)\s*:\s+", re.UNICODE)
# A photo id is ASCII digits, leading zeros allowed ("[photo 007]" is photo 7), at most 18
# (a bigint); `\d` would also take other scripts' digits. photos.usage.reference_pattern
# finds the same forms in the database.
PHOTO_NUMBER = re.compile(r"0*([0-9]{1,18})")
PHOTO_LINE = re.compile(r"\s*\[photo 0*([0-9]{1,18})\]\s*")
# Where a photo goes in the serialized reader HTML. The allow-list never lets this tag in.
SLOT = "newsroom-photo"
BLOCKS = ("p", "li", "blockquote", "h2", "h3", "h4", "figure", "figcaption", "br", "hr")


@dataclass
class Built:
    body: str  # the sanitised body, stored back in Article.body
    html: str  # what the story page shows
    feed_html: str  # the same words in markup that needs no stylesheet
    text: str  # plain text for search
    words: int
    photo_ids: list  # every photo the body places inline, found or not
    photos: list  # [start, end, ISO expiry] of each inline photo whose rights expire
    expires_at: datetime | None  # the earliest of those expiries
    quotes: list  # pull quotes: {"html", "text", "speaker", "person_id"}


def build(article):
    root = _strip_ends(sanitized_tree(article.body))
    body = serialize(root)
    photo_ids = [photo_id for _, photo_id in _photo_references(root)]
    reader, feed = copy.deepcopy(root), copy.deepcopy(root)
    # Speakers cost queries: only bodies with Q&A or pull quotes ask for them.
    cast = functools.cache(lambda: Cast(article))
    quotes = []
    _interview(reader, cast, for_feed=False, quotes=quotes)
    _interview(feed, cast, for_feed=True)
    _heading_ids(reader)
    html, photos = _place_photos(reader)
    for element, _ in _photo_references(feed):
        element.drop_tree()  # feeds are kept by readers for ever: no photos whose rights lapse
    text = _plain_text(root)
    expiries = [datetime.fromisoformat(expiry) for _, _, expiry in photos]
    return Built(
        body=body,
        html=html,
        feed_html=serialize(feed).strip(),
        text=text,
        words=len(text.split()),
        photo_ids=photo_ids,
        photos=photos,
        expires_at=min(expiries, default=None),
        quotes=quotes,
    )


def _strip_ends(root):
    root.text = (root.text or "").lstrip()
    if len(root):
        root[-1].tail = (root[-1].tail or "").rstrip()
    else:
        root.text = root.text.rstrip()
    return root


def without_expired(html, photos, now):
    """The reader HTML minus the inline photos whose rights have expired by `now`: string
    slicing at the offsets stored at build time, no parsing."""
    for start, end, expiry in sorted(photos, reverse=True):
        if now >= datetime.fromisoformat(expiry):
            html = html[:start] + html[end:]
    return html


def inline_photo_ids(html):
    """Ids of the photos a body places inline, in order of appearance."""
    return [photo_id for _, photo_id in _photo_references(sanitized_tree(html))]


# --- Q&A and pull quotes --------------------------------------------------------------


def _classes(element):
    return set((element.get("class") or "").split())


def _normalised(text):
    return " ".join(key(text).split())


def _interview(root, cast, for_feed, quotes=None):
    children = list(root)
    if not any(_classes(child) & {QUESTION, ANSWER, PULL_QUOTE} for child in children):
        return  # plain prose: nothing to restructure
    prose = [root.text or ""]
    for child in children:
        if not (child.tag == "blockquote" and PULL_QUOTE in _classes(child)):
            prose.append(child.text_content())
        prose.append(child.tail or "")
    prose = _normalised(" ".join(prose))
    last_speaker = {}
    for child in children:
        role = next((r for r in (QUESTION, ANSWER) if r in _classes(child)), None)
        if child.tag == "p" and role:
            text = child.text_content()
            # The style carries on when the editor presses Enter: a pasted photo line keeps
            # a plain paragraph, and empty questions and answers (a speaker saying nothing)
            # go.
            if PHOTO_LINE.fullmatch(text):
                child.attrib.clear()
            elif text.strip():
                _render_qa(child, role, cast(), last_speaker, for_feed)
            else:
                child.drop_tree()
        elif child.tag == "blockquote" and PULL_QUOTE in _classes(child):
            quote = _pull_quote(child, cast())
            repeated = _normalised(quote.text) in prose
            if quote.paragraphs and quotes is not None:
                quotes.append(quote.as_data())
            if not quote.paragraphs or (for_feed and repeated):
                child.drop_tree()
            else:
                figure = _figure(quote, repeated, for_feed)
                figure.tail = child.tail
                root.replace(child, figure)


def _take_label(paragraph, cast):
    """Remove a leading speaker label from the paragraph and return its speaker, if any."""
    lead = paragraph.text
    # "**Popkov:** answer" or "**Popkov**: answer": bold labels are always labels.
    if not lead and len(paragraph) and paragraph[0].tag == "strong":
        strong = paragraph[0]
        label, rest = strong.text_content().strip(), strong.tail or ""
        if label.endswith(":"):
            label = label[:-1].strip()
        elif rest.lstrip().startswith(":"):
            rest = rest.lstrip()[1:]
        else:
            return None
        # A name is short; a bold lead-in sentence ending in a colon is not a speaker.
        if not label or len(label) > 60 or len(label.split()) > 5:
            return None
        paragraph.remove(strong)
        paragraph.text = rest.lstrip()
        if label.casefold() in {"q", "a"}:
            return None
        return cast.find(label) or Speaker(label)
    # "Popkov: answer": only when it names someone in the story (or is Q:/A:).
    match = LABEL_RE.match(lead or "")
    if match:
        label = match.group(1)
        if label.casefold() in {"q", "a"}:
            paragraph.text = lead[match.end() :]
            return None
        speaker = cast.find(label)
        if speaker is not None:
            paragraph.text = lead[match.end() :]
            return speaker
    return None


def _render_qa(paragraph, role, cast, last_speaker, for_feed):
    stored = paragraph.get("data-speaker", "")
    typed = _take_label(paragraph, cast)
    speaker = cast.named(stored) or typed or last_speaker.get(role) or cast.default(role)
    paragraph.attrib.clear()
    if not for_feed:
        paragraph.set("class", role)
    if speaker is None:
        return
    last_speaker[role] = speaker
    if for_feed:
        # Feed readers drop classes and styles: plain bold text reads the same everywhere.
        label = lxml.html.Element("strong")
    else:
        label = lxml.html.Element("span", {"class": "speaker"})
    label.text = f"{speaker.label}:"
    label.tail = " " + (paragraph.text or "")
    paragraph.text = None
    paragraph.insert(0, label)


@dataclass
class _Quote:
    paragraphs: list  # lxml elements
    speaker: Speaker | None

    @property
    def text(self):
        return " ".join(p.text_content().strip() for p in self.paragraphs)

    def as_data(self):
        html = "".join(
            lxml.html.tostring(p, encoding="unicode", with_tail=False) for p in self.paragraphs
        )
        speaker = self.speaker
        return {
            "html": html,
            "text": self.text,
            "speaker": speaker.name if speaker else "",
            "person_id": speaker.person.pk if speaker and speaker.person else None,
        }


def _paragraph(text):
    element = lxml.html.Element("p")
    element.text = text
    return element


def _pull_quote(blockquote, cast):
    paragraphs = []
    if (blockquote.text or "").strip():
        paragraphs.append(_paragraph(blockquote.text.strip()))
    for child in list(blockquote):
        tail, child.tail = child.tail, None
        if child.tag == "p":
            # Q&A classes carried into the quote by the editor mean nothing there.
            child.attrib.clear()
        paragraphs.append(child)
        if (tail or "").strip():
            paragraphs.append(_paragraph(tail.strip()))
    attribution = None
    if paragraphs and paragraphs[-1].tag == "p":
        last = paragraphs[-1].text_content().strip()
        if last[:1] in DASHES and len(last) <= 120:
            attribution = last.lstrip(DASHES).strip()
            paragraphs = paragraphs[:-1]
    speaker = (
        cast.named(blockquote.get("data-speaker", ""))
        or (cast.named(attribution) if attribution else None)
        or cast.default(ANSWER)
    )
    return _Quote(paragraphs, speaker)


def _append(element, parts):
    """Append text and elements in order, as lxml keeps text in .text and .tail."""
    for part in parts:
        if not isinstance(part, str):
            element.append(part)
        elif len(element):
            element[-1].tail = (element[-1].tail or "") + part
        else:
            element.text = (element.text or "") + part
    return element


def _figure(quote, repeated, for_feed):
    caption, speaker = [], quote.speaker
    if speaker is not None:
        # No link inside a figure hidden from screen readers: it would still take focus.
        if speaker.url and not for_feed and not repeated:
            link = lxml.html.Element("a", {"href": speaker.url})
            link.text = speaker.name
            caption = ["— ", link]
        else:
            caption = [f"— {speaker.name}"]
        if speaker.title:
            caption.append(f", {speaker.title}")
    blockquote = _append(lxml.html.Element("blockquote"), quote.paragraphs)
    if for_feed:
        if caption:
            blockquote.append(_append(lxml.html.Element("p"), caption))
        return blockquote
    figure = lxml.html.Element("figure", {"class": PULL_QUOTE})
    if repeated:
        # The words are already in the story: screen readers should not hear them twice.
        figure.set("aria-hidden", "true")
    figure.append(blockquote)
    if caption:
        figure.append(_append(lxml.html.Element("figcaption"), caption))
    return figure


# --- Headings, photos, text -------------------------------------------------------------


def _heading_ids(root):
    """Every heading gets an id from its words, so a section can be linked to. The prefix
    keeps them apart from the page's own ids ("main", "related-heading", ...)."""
    seen = set()
    for heading in root.iter("h2", "h3", "h4"):
        words = slugify(heading.text_content(), allow_unicode=True)[:60].strip("-")
        base = f"h-{words or 'section'}"
        ident, number = base, 1
        while ident in seen:
            number += 1
            ident = f"{base}-{number}"
        seen.add(ident)
        heading.set("id", ident)


def _photo_references(root):
    found = []
    for element in root.iter("figure", "p"):
        if element.tag == "figure" and "inline-photo" in _classes(element):
            number = PHOTO_NUMBER.fullmatch(element.get("data-photo") or "")
        elif element.tag == "p" and not len(element):
            number = PHOTO_LINE.fullmatch(element.text or "")
        else:
            number = None
        if number:
            found.append((element, int(number.group(1))))
    return found


def expiry_moment(photo):
    """When readers stop seeing the photo: the start of the day after its last day."""
    if photo.rights_expire_on is None:
        return None
    day = photo.rights_expire_on + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time.min))


def _place_photos(root):
    references = _photo_references(root)
    if not references:
        return serialize(root), []
    wanted = {photo_id for _, photo_id in references}
    photos = Photo.objects.select_related("source").prefetch_related("renditions").in_bulk(wanted)
    slots = []
    for number, (element, photo_id) in enumerate(references):
        slot = lxml.html.Element(SLOT, {"data-slot": str(number)})
        slot.tail = element.tail
        element.getparent().replace(element, slot)
        slots.append(rights.public_photo(photos.get(photo_id)))
    html, out, spans, length, at = serialize(root), [], [], 0, 0
    for number, photo in enumerate(slots):
        marker = f'<{SLOT} data-slot="{number}"></{SLOT}>'
        found = html.index(marker, at)
        out.append(html[at:found])
        length += found - at
        at = found + len(marker)
        if photo is None:
            continue  # deleted or rights expired: the story reads on without the image
        figure = render_to_string(
            "includes/photo.html", {"photo": photo, "figure": True, "inline": True}
        ).strip()
        expiry = expiry_moment(photo)
        if expiry is not None:
            spans.append([length, length + len(figure), expiry.isoformat()])
        out.append(figure)
        length += len(figure)
    out.append(html[at:])
    return "".join(out), spans


def _plain_text(root):
    for element, _ in _photo_references(root):
        element.drop_tree()
    parts = []
    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        block = element.tag in BLOCKS
        if event == "start":
            parts.append(" " if block else "")
            parts.append(element.text or "")
        else:
            parts.append(" " if block else "")
            if element is not root:
                parts.append(element.tail or "")
    return " ".join("".join(parts).split())
