"""Where a photo is used: lead photo of stories, author and people portraits, and inline
in story bodies. The admin shows this list and refuses to delete a photo while it is
not empty."""

import re
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Use:
    what: str
    label: str
    admin_url: str


# The one definition of a photo reference in a body. An id is ASCII digits, leading zeros
# allowed ("[photo 007]" is photo 7), at most 18 of them (a bigint); `\d` would also take
# other scripts' digits, which int() reads too. where_used() counts exactly these forms.
PHOTO_NUMBER = r"0*([0-9]{1,18})"
INLINE_FIGURE = re.compile(r"<figure\b([^>]*)>.*?</figure>", re.DOTALL | re.IGNORECASE)
PHOTO_ID = re.compile(rf'\bdata-photo="{PHOTO_NUMBER}"')
INLINE_CLASS = re.compile(r'\bclass="[^"]*\binline-photo\b[^"]*"')
SHORTCODE = re.compile(rf"<p(?:\s[^>]*)?>\s*\[photo {PHOTO_NUMBER}\]\s*</p>")


def inline_photo_ids(html):
    """Ids of the photos a (sanitised) body places inline, in order of appearance."""
    html = html or ""
    found = []
    for match in INLINE_FIGURE.finditer(html):
        photo_id = PHOTO_ID.search(match.group(1))
        if photo_id and INLINE_CLASS.search(match.group(1)):
            found.append((match.start(), int(photo_id.group(1))))
    found += [(match.start(), int(match.group(1))) for match in SHORTCODE.finditer(html)]
    return [photo_id for _, photo_id in sorted(found)]


def reference_pattern(photo_id):
    """A regular expression (valid in Python and PostgreSQL) for every way a body can point
    at this photo (see photos.templatetags.photo_tags.render_body): the sanitiser's
    <figure data-photo> (nh3 always writes double quotes) and the `[photo ID]` line editors
    paste, each with any number of leading zeros. Anywhere in the text counts, so a
    reference the renderer might skip still keeps the photo from being deleted."""
    number = f"0*{int(photo_id)}"
    return rf'\[photo {number}\]|data-photo="{number}"'


def inline_figure(photo_id):
    return f'<figure class="inline-photo" data-photo="{int(photo_id)}"></figure>'


def shortcode(photo_id):
    return f"[photo {int(photo_id)}]"


# The apps whose models point at photos (articles, accounts) say where, from their
# AppConfig.ready(): photos imports none of them, so imports point one way.
_use_finders = []


def register_use_finder(finder):
    """finder(photo) -> [Use, ...]: the places one app uses the photo."""
    if finder not in _use_finders:
        _use_finders.append(finder)


def where_used(photo):
    uses = []
    for finder in _use_finders:
        uses.extend(finder(photo))
    return uses


def admin_change_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
