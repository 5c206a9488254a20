"""Paired visibility: a draft or scheduled story appears on no reader surface; published,
it appears on every one (DESIGN rule 1)."""

import json

import feedparser
import pytest
from django.utils import timezone

from articles.models import Interviewee, Note, Person, Status
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db

CANARY = "zebracanary"
SCOOP_TAG = "zebracanary-scoop"
SCOOP_PERSON = "zebracanary-source"
# The page and feeds of a tag and a person named only in the draft: all 404 until it is out.
SCOOP_LISTS = [
    f"{base}{suffix}"
    for base in (f"/tags/{SCOOP_TAG}/", f"/people/{SCOOP_PERSON}/")
    for suffix in ("", "feed/", "feed/atom/")
]


@pytest.fixture
def world():
    author = AuthorFactory(slug="kim")
    section = SectionFactory(slug="world", name="World")
    anchor = ArticleFactory(
        published=True,
        headline="Anchor story about embassies",
        slug="anchor",
        section=section,
        tags=["diplomacy"],
        authors=[author],
    )
    draft = ArticleFactory(
        headline=f"Draft {CANARY} story",
        slug="draft-canary",
        deck=f"Deck {CANARY}",
        section=section,
        # A tag and a person known only from the draft: a scoop until it is published.
        tags=["diplomacy", SCOOP_TAG],
        authors=[author],
    )
    scheduled = ArticleFactory(
        headline=f"Scheduled {CANARY} story",
        slug="scheduled-canary",
        status=Status.PUBLISHED,
        published_at=timezone.now() + timezone.timedelta(hours=2),
        section=section,
        tags=["diplomacy"],
        authors=[author],
    )
    ambassador = Person.objects.create(name="Ambassador Popkov", slug="popkov")
    for story in (anchor, draft, scheduled):
        Interviewee.objects.create(article=story, person=ambassador)
    source = Person.objects.create(name=f"Source {CANARY}", slug=SCOOP_PERSON)
    Interviewee.objects.create(article=draft, person=source)
    return anchor, draft, scheduled


def surfaces(anchor):
    return [
        f"/search/?q={CANARY}",
        "/feed/",
        "/feed/atom/",
        "/sections/world/feed/",
        "/sections/world/feed/atom/",
        "/tags/diplomacy/feed/",
        "/tags/diplomacy/feed/atom/",
        "/authors/kim/feed/",
        "/authors/kim/feed/atom/",
        "/people/popkov/",
        "/people/popkov/feed/",
        "/people/popkov/feed/atom/",
        "/sitemap-articles.xml",
        "/sitemap-tags.xml",
        "/sitemap-people.xml",
        "/news-sitemap.xml",
        # Related stories and "more from this author" on another story's page.
        anchor.get_absolute_url(),
        f"/{timezone.localtime().year}/",
    ]


def canary_slug_or_word(body):
    # Not the bare word: the search page repeats the query back to the reader.
    return any(
        marker in body
        for marker in (
            f"Draft {CANARY}",
            f"Scheduled {CANARY}",
            "draft-canary",
            "scheduled-canary",
            SCOOP_TAG,
            SCOOP_PERSON,
        )
    )


def test_it_keeps_drafts_and_scheduled_stories_off_every_reader_surface(client, world):
    anchor, _draft, _scheduled = world
    for url in surfaces(anchor):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not canary_slug_or_word(response.content.decode()), url
    for url in SCOOP_LISTS:
        assert client.get(url).status_code == 404, url


def test_it_shows_the_story_everywhere_once_published(client, world):
    anchor, draft, _scheduled = world
    draft.status = Status.PUBLISHED
    draft.published_at = timezone.now() - timezone.timedelta(minutes=5)
    draft.save()
    for url in surfaces(anchor):
        response = client.get(url)
        assert response.status_code == 200, url
        assert canary_slug_or_word(response.content.decode()), url
    for url in SCOOP_LISTS:
        response = client.get(url)
        assert response.status_code == 200, url
        assert f"Draft {CANARY}" in response.content.decode(), url


def test_it_never_puts_an_unpublished_story_in_json_ld_or_opengraph(client, world):
    anchor, draft, _scheduled = world
    assert client.get(draft.get_absolute_url()).status_code == 404
    page = client.get(anchor.get_absolute_url()).content.decode()
    head = page.split("</head>")[0]
    assert CANARY not in head
    draft.status = Status.PUBLISHED
    draft.published_at = timezone.now() - timezone.timedelta(minutes=5)
    draft.save()
    page = client.get(draft.get_absolute_url()).content.decode()
    head = page.split("</head>")[0]
    assert f'<meta property="og:title" content="Draft {CANARY} story">' in head
    data = json.loads(head.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["headline"] == f"Draft {CANARY} story"


def test_it_counts_only_published_stories_in_feed_entries(client, world):
    feed = feedparser.parse(client.get("/feed/").content)
    assert feed.bozo == 0
    assert [entry.title for entry in feed.entries] == ["Anchor story about embassies"]


def test_it_keeps_editorial_notes_off_every_reader_surface(client, world, editor):
    anchor, _draft, _scheduled = world
    thread = Note.objects.create(article=anchor, author=editor, text="Notewhale9 on the anchor")
    Note.objects.create(article=anchor, thread=thread, text="Notewhale9 in a reply")
    for url in [*surfaces(anchor), "/search/?q=Notewhale9", "/corrections/", "/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Notewhale9 on" not in response.content.decode(), url
        assert "Notewhale9 in" not in response.content.decode(), url
