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


def where_used(photo):
    from accounts.models import Author
    from articles.models import Article, Person

    uses = []
    for article in photo.lead_for.order_by("pk"):
        uses.append(Use("Lead photo of", str(article), _admin_url(article)))
    in_body = Article.objects.filter(body__regex=reference_pattern(photo.pk))
    for article in in_body.order_by("pk"):
        uses.append(Use("Inline in the body of", str(article), _admin_url(article)))
    for author in Author.objects.filter(photo=photo).order_by("pk"):
        uses.append(Use("Portrait of author", str(author), _admin_url(author)))
    for person in Person.objects.filter(photo=photo).order_by("pk"):
        uses.append(Use("Portrait of", str(person), _admin_url(person)))
    return uses


def _admin_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
