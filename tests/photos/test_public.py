"""Photos on public pages: rights expiry withholds them everywhere, inline photos render
like the lead photo, and renditions cost no extra queries."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from photos.models import Photo
from tests.factories import ArticleFactory
from tests.photos import corpus
from tests.photos.conftest import make_photo

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_draft_story_does_not_show_its_photo_and_a_published_one_does(client):
    photo = make_photo(caption="Draft-only canary")
    draft = ArticleFactory(lead_photo=photo)
    assert client.get(draft.get_absolute_url()).status_code == 404
    live = ArticleFactory(published=True, lead_photo=photo)
    assert "Draft-only canary" in page(client, live)
    # Story cards show the 16:9 crop, without caption.
    card = photo.renditions.filter(crop="16x9", format="webp").first()
    assert card.file.url in client.get("/").content.decode()


def test_it_withholds_a_photo_after_its_rights_expire_and_the_story_still_renders(client):
    with time_machine.travel(NOON, tick=False):
        photo = make_photo(caption="Embassy handout", rights_expire_on=dt.date(2026, 6, 10))
        inline = make_photo(
            corpus.png(), caption="Inline expiring", rights_expire_on=dt.date(2026, 6, 10)
        )
        article = ArticleFactory(
            published=True,
            headline="Ambassador interview",
            lead_photo=photo,
            body=f'<p>Before.</p><figure class="inline-photo" data-photo="{inline.pk}"></figure>'
            "<p>After.</p>",
        )
        body = page(client, article)
        assert "Embassy handout" in body and "Inline expiring" in body
        card = photo.renditions.filter(crop="16x9", format="webp").first()
        assert card.file.url in client.get("/").content.decode()

    with time_machine.travel(dt.datetime(2026, 6, 10, 23, 0, tzinfo=dt.UTC), tick=False):
        assert "Embassy handout" in page(client, article)  # the last day still counts

    with time_machine.travel(dt.datetime(2026, 6, 11, 9, 0, tzinfo=dt.UTC), tick=False):
        body = page(client, article)
        assert "Ambassador interview" in body
        assert "<p>Before.</p>" in body and "<p>After.</p>" in body
        assert "Embassy handout" not in body
        assert "Inline expiring" not in body
        assert "<picture>" not in body
        for rendition in [*photo.renditions.all(), *inline.renditions.all()]:
            assert rendition.file.url not in body
        front = client.get("/").content.decode()
        assert "Ambassador interview" in front and "<picture>" not in front


def test_it_renders_inline_photos_like_the_lead_photo(client):
    photo = make_photo(caption="Inline caption", photographer="Jane Doe", credit_kind="staff")
    article = ArticleFactory(
        published=True,
        body=f'<p>One.</p><figure class="inline-photo" data-photo="{photo.pk}">'
        f"<figcaption>typed</figcaption></figure><p>[photo {photo.pk}]</p><p>Two.</p>",
    )
    body = page(client, article)
    assert body.count('<figure class="photo inline-photo">') == 2
    assert body.count('<span class="caption">Inline caption</span>') == 2
    assert body.count('<span class="credit">Photo by Jane Doe</span>') == 2
    assert f"[photo {photo.pk}]" not in body


def test_an_inline_placeholder_for_a_missing_photo_disappears(client):
    article = ArticleFactory(
        published=True,
        body='<p>One.</p><figure class="inline-photo" data-photo="999999"></figure><p>[photo 999998]</p>',
    )
    body = page(client, article)
    assert "999999" not in body and "999998" not in body
    assert "<p>One.</p>" in body


def _count_queries(client, url):
    cache.clear()  # public pages are cached; count what a cold page costs
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_article_page_costs_the_same_queries_whatever_the_number_of_renditions(client):
    small = ArticleFactory(published=True, lead_photo=make_photo(corpus.jpeg(300, 200)))
    large = ArticleFactory(published=True, lead_photo=make_photo(corpus.jpeg(3000, 2000)))
    assert small.lead_photo.renditions.count() == 6
    assert large.lead_photo.renditions.count() == 22
    baseline = _count_queries(client, small.get_absolute_url())
    assert _count_queries(client, large.get_absolute_url()) == baseline


def test_inline_photos_cost_no_queries_on_the_story_page(client):
    # They were rendered when the story was saved (articles/body/).
    photos = [make_photo(corpus.jpeg(100 + i, 80)) for i in range(3)]
    one = ArticleFactory(published=True, body=f"<p>[photo {photos[0].pk}]</p>")
    three = ArticleFactory(
        published=True, body="".join(f"<p>[photo {photo.pk}]</p>" for photo in photos)
    )
    none = ArticleFactory(published=True, body="<p>No photos.</p>")
    without = _count_queries(client, none.get_absolute_url())
    assert _count_queries(client, one.get_absolute_url()) == without
    assert _count_queries(client, three.get_absolute_url()) == without


def test_the_front_page_costs_the_same_queries_with_more_photos(client):
    ArticleFactory(published=True, lead_photo=make_photo(corpus.jpeg(300, 200)))
    baseline = _count_queries(client, "/")
    for i in range(3):
        ArticleFactory(published=True, lead_photo=make_photo(corpus.jpeg(400 + i, 300)))
    assert _count_queries(client, "/") == baseline
    assert Photo.objects.count() == 4
