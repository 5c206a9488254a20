"""A story cannot be published while a photo it uses lacks alt text or a credit, or has
expired rights: the publish step lists what is missing."""

import datetime as dt

import pytest
from django.utils import timezone

from articles.readiness import publish_blockers
from photos.models import CreditKind
from tests.factories import ArticleFactory, AuthorFactory
from tests.photos.conftest import make_photo

pytestmark = pytest.mark.django_db


def story(**kwargs):
    return ArticleFactory(authors=[AuthorFactory()], **kwargs)


def test_a_complete_lead_photo_does_not_block_publishing():
    assert publish_blockers(story(lead_photo=make_photo(photographer="Jane Doe"))) == []


def test_it_lists_what_the_lead_photo_is_missing():
    photo = make_photo(alt_text="", photographer="", credit_kind=CreditKind.STAFF)
    photo.rights_expire_on = timezone.localdate() - dt.timedelta(days=1)
    photo.save()
    assert publish_blockers(story(lead_photo=photo)) == [
        "the lead photo needs alt text",
        "the lead photo needs a credit",
        "the lead photo's usage rights have expired",
    ]


def test_inline_photos_need_alt_text_and_credit_too():
    good = make_photo(photographer="Jane Doe")
    bare = make_photo(alt_text=" ", photographer="")
    article = story(
        body=f"<p>[photo {good.pk}]</p><p>Text.</p>"
        f'<figure class="inline-photo" data-photo="{bare.pk}"></figure><p>[photo 999999]</p>'
    )
    assert publish_blockers(article) == [
        f"inline photo {bare.pk} needs alt text",
        f"inline photo {bare.pk} needs a credit",
        "inline photo 999999 is no longer in the photo library",
    ]
