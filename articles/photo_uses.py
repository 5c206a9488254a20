"""Where stories and people use a photo, for photos.usage.where_used(): lead photo, inline
in a body (any reference form, see photos.usage.reference_pattern), portraits of people."""

from articles.models import Article, Person
from photos.usage import Use, admin_change_url, reference_pattern


def story_and_people_uses(photo):
    uses = [
        Use("Lead photo of", str(article), admin_change_url(article))
        for article in photo.lead_for.order_by("pk")
    ]
    in_body = Article.objects.filter(body__regex=reference_pattern(photo.pk))
    uses += [
        Use("Inline in the body of", str(article), admin_change_url(article))
        for article in in_body.order_by("pk")
    ]
    uses += [
        Use("Portrait of", str(person), admin_change_url(person))
        for person in Person.objects.filter(photo=photo).order_by("pk")
    ]
    return uses
