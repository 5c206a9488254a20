"""The table of listings (readers.listings.LISTINGS) drives each list's page, feeds, sitemap
entries and page metadata: checked here for every entry, so a new entry is covered too."""

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from articles.models import Byline, Interviewee
from readers import feeds, views
from readers.listings import LISTINGS, Listing
from readers.urls import listing_urls
from tests.factories import ArticleFactory, AuthorFactory, PersonFactory, SectionFactory

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def reachable_story(**extra):
    """A published interview reachable through every listing: section, tag, author, person."""
    author, person = AuthorFactory(), PersonFactory()
    story = ArticleFactory(
        published=True, kind="interview", section=SectionFactory(), tags=["listed"], **extra
    )
    Byline.objects.create(article=story, author=author, position=0)
    Interviewee.objects.create(article=story, person=person, title_at_time="Ambassador")
    return story


def objects_of(story):
    return {
        "section": story.section,
        "tags": story.tags.get(),
        "bylines__author": story.bylines.get().author,
        "interviewees__person": story.interviewees.get().person,
    }


def url_kwargs(listing, story, objects):
    if listing.model is not None:
        return {"slug": objects[listing.link].slug}
    if listing.regex:
        day = timezone.localtime(story.published_at)
        return {"year": f"{day:%Y}", "month": f"{day:%m}", "day": f"{day:%d}"}
    return {}


@pytest.mark.parametrize("listing", LISTINGS, ids=lambda listing: listing.name)
def test_it_serves_each_listing_with_its_feeds_sitemap_entry_and_metadata(client, listing):
    story = reachable_story()
    ArticleFactory(headline="Draft twin", section=story.section, tags=["listed"])
    objects = objects_of(story)
    kwargs = url_kwargs(listing, story, objects)
    name = listing.routes[-1][1] if listing.regex else listing.name
    url = reverse(f"readers:{name}", kwargs=kwargs)

    response = client.get(url)
    assert response.status_code == 200, url
    page = response.content.decode()
    assert story.get_absolute_url() in page
    assert "Draft twin" not in page
    meta = response.context["meta"]
    assert meta.canonical == f"{SITE}{url}"
    obj = response.context[listing.context_name] if listing.context_name else None
    assert meta.title == listing.title(obj)

    if listing.has_feeds:
        title, rss, atom = meta.feeds[-1]
        for feed_url in (rss, atom):
            feed = client.get(feed_url)
            assert feed.status_code == 200, feed_url
            tree = etree.fromstring(feed.content)
            assert (
                tree.findtext("channel/title")
                or tree.findtext("{http://www.w3.org/2005/Atom}title") == title
            )
            assert story.headline in feed.content.decode()
            assert "Draft twin" not in feed.content.decode()
        assert f'href="{rss}"' in page

    sitemap = (
        f"/sitemap-{listing.sitemap_name}.xml"
        if listing.sitemap_name
        else "/sitemap-pages.xml"
        if listing.in_sitemap
        else None
    )
    if sitemap:
        urlset = etree.fromstring(client.get(sitemap).content)
        assert f"{SITE}{url}" in urlset.xpath("//sm:loc/text()", namespaces=NS)


@pytest.mark.parametrize(
    "listing", [listing for listing in LISTINGS if listing.public_only], ids=lambda x: x.name
)
def test_it_gives_nothing_to_an_object_known_only_from_unpublished_stories(client, listing):
    draft = ArticleFactory(kind="interview", tags=["scoop"])
    person = PersonFactory(slug="scoop")
    Interviewee.objects.create(article=draft, person=person)
    url = reverse(f"readers:{listing.name}", kwargs={"slug": "scoop"})
    assert client.get(url).status_code == 404
    for name in listing.feed_url_names:
        assert client.get(reverse(f"readers:{name}", kwargs={"slug": "scoop"})).status_code == 404
    sitemap = client.get(f"/sitemap-{listing.sitemap_name}.xml").content.decode()
    assert "scoop" not in sitemap
    assert "scoop" not in client.get("/sitemap.xml").content.decode()


def test_a_new_listing_is_one_entry():
    listing = Listing(
        routes=(("briefs/", "briefs"),),
        template="readers/section.html",
        stories=LISTINGS[0].stories,
        title=lambda obj: "Briefs",
        description=lambda obj: "Short news.",
        feed_title=lambda obj: "Briefs feed",
        feed_description=lambda obj: "Short news.",
    )
    urls = listing_urls(listing)
    assert [(str(url.pattern), url.name) for url in urls] == [
        ("briefs/", "briefs"),
        ("briefs/feed/", "briefs_feed"),
        ("briefs/feed/atom/", "briefs_feed_atom"),
    ]
    assert urls[0].callback.__name__ == "briefs_page"
    assert isinstance(urls[1].callback, feeds.ListingFeed)
    assert isinstance(urls[2].callback, feeds.ListingAtomFeed)
    assert callable(views.listing_view(listing))
