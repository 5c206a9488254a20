"""One place that formats a photo's public credit line, and reads a name out of one."""

import re

from photos.models import CreditKind

# What files put before a name ("Courtesy of ...", "Photo by ...", "© 2026 ...", "Фото: ...",
# "사진=..."): the credit line adds its own wording, so only the name is kept. A bare word
# needs its separator, so names like "Photographix Studio" or "Courtesy Bank" stay whole.
_PHOTO = r"(?:photo(?:graph)?s?|pictures?|фото(?:графия)?|снимок|사진)"
_CREDIT_PREFIX = re.compile(
    rf"""^(?:
        (?:{_PHOTO}\s+)?courtesy\s+of\s+
      | {_PHOTO}\s+by\s+
      | (?:{_PHOTO}|courtesy|credit)(?:\s*(?:предоставлен[оа]?|제공))?\s*[:=—–]\s*
      | 제공\s*[:=]\s*
      | (?:©|\(c\)|copyright\b)\s*(?:\d{{4}}\b[,.]?\s*)?
    )""",
    re.IGNORECASE | re.VERBOSE,
)


def name_in_credit(text):
    """The name in a credit as a file wrote it: "Courtesy of Belarus Embassy" ->
    "Belarus Embassy". Says nothing about the credit kind: the desk chooses that."""
    name = " ".join(text.split())
    while match := _CREDIT_PREFIX.match(name):
        if match.end() == len(name):
            break  # a prefix and no name: keep what was there
        name = name[match.end() :]
    return name


def credit_line(photo):
    source = photo.source.name if photo.source_id else ""
    who = " / ".join(part for part in (photo.photographer, source) if part)
    kind = photo.credit_kind
    if not kind:
        # Not chosen yet (publishing is blocked until it is): name them, claim nothing.
        return f"Photo: {who}" if who else ""
    if kind == CreditKind.COURTESY:
        return f"Photo courtesy of {who}" if who else ""
    if kind == CreditKind.HANDOUT:
        return f"Handout photo from {who}" if who else "Handout photo"
    if kind == CreditKind.FILE:
        return f"File photo by {who}" if who else "File photo"
    if kind == CreditKind.READER:
        return f"Reader photo by {who}" if who else "Reader photo"
    if kind == CreditKind.CREATIVE_COMMONS:
        terms = f" ({photo.usage_terms})" if photo.usage_terms else ""
        return f"Photo by {who}{terms}" if who else ""
    return f"Photo by {who}" if who else ""
