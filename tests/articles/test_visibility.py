"""Readers see published stories only (DESIGN rule 1): every public list and page."""

import pytest
from django.utils import timezone

from articles.models import Article, Interviewee, Person, Status
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def canaries():
    """A live, a draft, a future-dated and an unpublished story sharing everything."""
    author = AuthorFactory()
    section = SectionFactory()
    person = Person.objects.create(name="Canary Person", slug="canary-person")
    common = {"tags": ["korea"], "authors": [author], "section": section}
    live = ArticleFactory(published=True, headline="Live canary", **common)
    draft = ArticleFactory(headline="Draft canary", **common)
    future = ArticleFactory(
        headline="Future canary",
        status=Status.PUBLISHED,
        published_at=timezone.now() + timezone.timedelta(hours=1),
        **common,
    )
    pulled = ArticleFactory(
        headline="Unpublished canary",
        status=Status.UNPUBLISHED,
        published_at=timezone.now() - timezone.timedelta(days=1),
        **common,
    )
    for article in (live, draft, future, pulled):
        Interviewee.objects.create(article=article, person=person)
    return {"live": live, "hidden": [draft, future, pulled], "author": author, "person": person}


def test_it_lists_published_stories_and_hides_drafts_and_future_ones_everywhere(client, canaries):
    live = canaries["live"]
    lists = [
        "/",
        live.section.get_absolute_url(),
        "/tags/korea/",
        canaries["author"].get_absolute_url(),
        canaries["person"].get_absolute_url(),
    ]
    for url in lists:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "Live canary" in body, url
        for hidden in canaries["hidden"]:
            assert hidden.headline not in body, url
            assert hidden.slug not in body, url


def test_it_answers_404_for_drafts_future_and_unpublished_stories(client, canaries):
    assert client.get(canaries["live"].get_absolute_url()).status_code == 200
    for hidden in canaries["hidden"]:
        assert client.get(hidden.get_absolute_url()).status_code == 404, hidden.headline


def test_it_shows_a_scheduled_story_once_its_time_has_come(client, canaries, time_machine):
    future = canaries["hidden"][1]
    time_machine.move_to(timezone.now() + timezone.timedelta(hours=2))
    assert client.get(future.get_absolute_url()).status_code == 200
    assert "Future canary" in client.get("/").content.decode()


HIDDEN_STATES = {
    "draft": {},
    "in review": {"status": Status.IN_REVIEW},
    "approved": {"status": Status.APPROVED},
    "scheduled": {
        "status": Status.PUBLISHED,
        "published_at": timezone.now() + timezone.timedelta(days=1),
    },
    "embargoed": {
        "status": Status.PUBLISHED,
        "published_at": timezone.now() - timezone.timedelta(days=1),
        "embargo_until": timezone.now() + timezone.timedelta(days=1),
    },
    "unpublished": {
        "status": Status.UNPUBLISHED,
        "published_at": timezone.now() - timezone.timedelta(days=1),
    },
}
# A tag's or person's page and each of its feeds: one answers 404 exactly when the others do.
LIST_AND_FEEDS = ["", "feed/", "feed/atom/"]


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_it_answers_404_for_a_tag_or_person_known_only_from_unpublished_stories(client, state):
    story = ArticleFactory(headline="Secret merger", tags=["acme-merger"], **HIDDEN_STATES[state])
    secret = Person.objects.create(name="Secret Source", slug="secret-source")
    Interviewee.objects.create(article=story, person=secret)
    for base in ("/tags/acme-merger/", secret.get_absolute_url()):
        for suffix in LIST_AND_FEEDS:
            response = client.get(base + suffix)
            assert response.status_code == 404, base + suffix
            assert b"Secret merger" not in response.content
            assert b"Secret Source" not in response.content


def test_it_serves_a_tag_or_persons_page_and_feeds_once_a_story_is_published(client):
    story = ArticleFactory(published=True, headline="Open merger", tags=["acme-merger"])
    person = Person.objects.create(name="Open Source", slug="open-source")
    Interviewee.objects.create(article=story, person=person)
    for base in ("/tags/acme-merger/", person.get_absolute_url()):
        for suffix in LIST_AND_FEEDS:
            response = client.get(base + suffix)
            assert response.status_code == 200, base + suffix
            assert b"Open merger" in response.content, base + suffix


def test_it_answers_404_for_unknown_sections_tags_and_authors(client):
    for url in ["/sections/nope/", "/tags/nope/", "/authors/nope/", "/people/nope/"]:
        assert client.get(url).status_code == 404, url


def test_it_sanitises_the_body_on_every_save_even_outside_forms():
    article = ArticleFactory(
        body='<p onclick="steal()">Hi<script>alert(1)</script>'
        '<a href="javascript:alert(1)">x</a><svg onload="x()"></svg></p>'
    )
    article.refresh_from_db()
    assert "script" not in article.body
    assert "onclick" not in article.body
    assert "javascript:" not in article.body
    assert "svg" not in article.body
    assert Article.objects.get(pk=article.pk).body.startswith("<p>Hi")
