import feedparser
import pytest
from django.utils import timezone

from articles.models import Correction
from readers.feeds import FEED_LENGTH
from tests.articles.helpers import photo_with_social_rendition
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, SourceFactory

pytestmark = pytest.mark.django_db

FEEDS = [
    "/feed/",
    "/feed/atom/",
    "/sections/world/feed/",
    "/sections/world/feed/atom/",
    "/tags/korea/feed/",
    "/tags/korea/feed/atom/",
    "/authors/kim/feed/",
    "/authors/kim/feed/atom/",
]


@pytest.fixture
def story():
    photo = photo_with_social_rendition(
        caption="The ambassador at the embassy",
        credit_kind="courtesy",
        photographer="",
        source=SourceFactory(name="Embassy of Belarus"),
    )
    return ArticleFactory(
        published=True,
        headline="Interview with the ambassador",
        deck="Trade & friendship",
        section=SectionFactory(slug="world", name="World"),
        tags=["korea", "belarus"],
        authors=[
            AuthorFactory(slug="kim", name="Kim Hyun", email="kim@example.com"),
            AuthorFactory(slug="lee", name="Lee Min"),
        ],
        lead_photo=photo,
    )


@pytest.mark.parametrize("url", FEEDS)
def test_every_feed_parses_cleanly_with_the_story(client, story, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert len(feed.entries) == 1
    entry = feed.entries[0]
    assert entry.title == "Interview with the ambassador"
    assert entry.link == f"http://127.0.0.1:8000{story.get_absolute_url()}"
    assert {author.name for author in entry.authors} == {"Kim Hyun", "Lee Min"}
    assert entry.published_parsed is not None
    assert {tag.term for tag in entry.tags} == {"World", "korea", "belarus"}
    assert entry.summary == "Trade &amp; friendship"
    media = entry.media_content[0]
    assert media["url"].endswith(".jpg")
    assert media["width"] == "1200"
    assert entry.media_credit[0]["content"] == "Photo courtesy of Embassy of Belarus"


def test_atom_entries_say_when_a_story_was_updated(client, story):
    updated = timezone.now()
    story.updated_for_readers_at = updated
    story.save()
    Correction.objects.create(article=story, text="Fixed a name.")
    entry = feedparser.parse(client.get("/feed/atom/").content).entries[0]
    assert entry.updated_parsed[:5] == updated.utctimetuple()[:5]
    assert entry.published_parsed < entry.updated_parsed


def test_feed_links_are_in_the_page_head(client, story):
    head = client.get("/sections/world/").content.decode().split("</head>")[0]
    assert 'type="application/rss+xml"' in head
    assert 'href="/sections/world/feed/"' in head
    assert 'href="/sections/world/feed/atom/"' in head
    assert 'href="/feed/"' in head


def test_unknown_feed_objects_are_404(client):
    for url in ["/sections/nope/feed/", "/tags/nope/feed/atom/", "/authors/nope/feed/"]:
        assert client.get(url).status_code == 404


def test_a_feed_lists_at_most_the_newest_stories(client):
    for _ in range(FEED_LENGTH + 2):
        ArticleFactory(published=True)
    feed = feedparser.parse(client.get("/feed/").content)
    assert len(feed.entries) == FEED_LENGTH


@pytest.mark.parametrize("url", ["/feed/", "/sections/world/feed/atom/", "/authors/kim/feed/"])
def test_feeds_use_a_constant_number_of_queries(client, story, url, django_assert_num_queries):
    for _ in range(4):
        ArticleFactory(
            published=True,
            section=story.section,
            tags=["korea"],
            authors=list(a.author for a in story.bylines.all()),
            lead_photo=photo_with_social_rendition(),
        )
    client.get(url + "?page=2")  # warms up; a page cache entry of its own
    # [section/author lookup] + stories + bylines + tags + renditions
    expected = 4 if url == "/feed/" else 5
    with django_assert_num_queries(expected):
        client.get(url)


def test_headline_injection_comes_out_as_text_in_feeds(client):
    ArticleFactory(
        published=True,
        headline='</script><img src=x onerror="alert(1)">',
        deck='"><img src=x onerror=alert(1)>',
    )
    for url in ["/feed/", "/feed/atom/"]:
        raw = client.get(url).content.decode()
        assert "<img" not in raw
        feed = feedparser.parse(raw)
        assert feed.bozo == 0
        entry = feed.entries[0]
        assert entry.title == '</script><img src=x onerror="alert(1)">'
        assert "<img" not in entry.summary
        assert "&lt;img" in entry.summary
