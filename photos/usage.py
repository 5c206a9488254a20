"""Where a photo is used: lead photo of stories, author and people portraits, and inline
in story bodies. The admin shows this list and refuses to delete a photo while it is
not empty."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Use:
    what: str
    label: str
    admin_url: str


def reference_pattern(photo_id):
    """A regular expression (valid in Python and PostgreSQL) for every way a body can point
    at this photo (see articles/body/pipeline.py): the sanitiser's <figure data-photo>
    (the serializer always writes double quotes) and the `[photo ID]` line editors paste,
    each with any number of leading zeros. Anywhere in the text counts, so a reference the
    renderer might skip still keeps the photo from being deleted."""
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
