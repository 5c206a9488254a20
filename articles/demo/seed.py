"""Reads the seed interview file into its parts.

The file is the text of a published web page: the photo caption and credit on the
first line, the headline, the body paragraphs, and the author's bio as the last
paragraph. The bio ends with a contact sentence whose e-mail address was eaten by
an obfuscation script ("Kim can be reached at or 82-2-..."): we keep the phone
number from it and drop the broken sentence.
"""

import re
from dataclasses import dataclass
from pathlib import Path

SEED_FILE = Path(__file__).with_name("interview.txt")

_CREDIT = re.compile(r"^(?P<caption>.+?\.)\s+Photo courtesy of (?P<source>.+)$")
_CONTACT = re.compile(r"\s*\S+ can be reached at\b(?P<rest>.*)$")
_PHONE = re.compile(r"\d[\d-]{6,}\d")


class SeedError(ValueError):
    """The seed file does not have the expected shape."""


@dataclass(frozen=True)
class Seed:
    caption: str
    photo_source: str
    headline: str
    paragraphs: tuple[str, ...]
    bio: str
    phone: str


def paragraphs_of(text):
    """Blocks of text separated by blank lines, each with its lines joined."""
    blocks = re.split(r"\n\s*\n", text.strip())
    return [" ".join(line.strip() for line in block.splitlines()) for block in blocks]


def parse_seed(text):
    blocks = paragraphs_of(text)
    if len(blocks) < 4:
        raise SeedError("expected a caption line, a headline, body paragraphs and a bio paragraph")
    credit = _CREDIT.match(blocks[0])
    if not credit:
        raise SeedError(f'first line is not "<caption>. Photo courtesy of <source>": {blocks[0]!r}')
    contact = _CONTACT.search(blocks[-1])
    if not contact:
        raise SeedError('last paragraph has no "... can be reached at ..." contact sentence')
    phone = _PHONE.search(contact["rest"])
    return Seed(
        caption=credit["caption"],
        photo_source=credit["source"].strip(),
        headline=blocks[1],
        paragraphs=tuple(blocks[2:-1]),
        bio=blocks[-1][: contact.start()].strip(),
        phone=phone.group() if phone else "",
    )


def read_seed(path=SEED_FILE):
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise SeedError(f"cannot read {path}: {exc.strerror}") from exc
    return parse_seed(text)
