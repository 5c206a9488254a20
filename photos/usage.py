"""Where a photo is used: lead photo of stories, author and people portraits, and inline
in story bodies. The admin shows this list and refuses to delete a photo while it is
not empty."""

import re
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse


@dataclass(frozen=True)
class Use:
    what: str
    label: str
    admin_url: str


INLINE_FIGURE = re.compile(r"<figure\b([^>]*)>.*?</figure>", re.DOTALL | re.IGNORECASE)
PHOTO_ID = re.compile(r'\bdata-photo="(\d+)"')
INLINE_CLASS = re.compile(r'\bclass="[^"]*\binline-photo\b[^"]*"')
SHORTCODE = re.compile(r"<p(?:\s[^>]*)?>\s*\[photo (\d+)\]\s*</p>")


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


def inline_markers(photo_id):
    """The two ways a body places a photo (see photos.templatetags.photo_tags.render_body):
    the sanitiser's <figure data-photo> (nh3 always writes double quotes) and the
    `[photo ID]` line editors paste into the rich-text editor."""
    return [f'data-photo="{int(photo_id)}"', shortcode(photo_id)]


def inline_figure(photo_id):
    return f'<figure class="inline-photo" data-photo="{int(photo_id)}"></figure>'


def shortcode(photo_id):
    return f"[photo {int(photo_id)}]"


def where_used(photo):
    from accounts.models import Author
    from articles.models import Article, Person

    uses = []
    for article in photo.lead_for.order_by("pk"):
        uses.append(Use("Lead photo of", str(article), _admin_url(article)))
    in_body = Q()
    for marker in inline_markers(photo.pk):
        in_body |= Q(body__contains=marker)
    for article in Article.objects.filter(in_body).order_by("pk"):
        uses.append(Use("Inline in the body of", str(article), _admin_url(article)))
    for author in Author.objects.filter(photo=photo).order_by("pk"):
        uses.append(Use("Portrait of author", str(author), _admin_url(author)))
    for person in Person.objects.filter(photo=photo).order_by("pk"):
        uses.append(Use("Portrait of", str(person), _admin_url(person)))
    return uses


def _admin_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
