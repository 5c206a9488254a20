from pathlib import Path

import pytest
from django.utils import timezone
from lxml import etree

from readers.sitemaps import StorySitemap
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "schemas"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def parse_valid(client, url, schema):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    document = etree.fromstring(response.content)  # raises if not well-formed
    xsd = etree.XMLSchema(etree.parse(str(SCHEMAS / schema)))
    assert xsd.validate(document), xsd.error_log
    return document


@pytest.fixture
def stories():
    author = AuthorFactory(slug="kim")
    section = SectionFactory(slug="world")
    return [
        ArticleFactory(
            published=True,
            headline=f"Story & {n} <b>",
            section=section,
            tags=["korea"],
            authors=[author],
        )
        for n in range(3)
    ]


def test_the_index_lists_every_sitemap_and_each_validates(client, stories):
    index = parse_valid(client, "/sitemap.xml", "siteindex.xsd")
    locations = index.xpath("//sm:sitemap/sm:loc/text()", namespaces=NS)
    assert locations == [
        "http://127.0.0.1:8000/sitemap-pages.xml",
        "http://127.0.0.1:8000/sitemap-articles.xml",
        "http://127.0.0.1:8000/sitemap-sections.xml",
        "http://127.0.0.1:8000/sitemap-tags.xml",
        "http://127.0.0.1:8000/sitemap-authors.xml",
    ]
    assert len(index.xpath("//sm:lastmod", namespaces=NS)) == 5
    for location in locations:
        parse_valid(client, location.removeprefix("http://127.0.0.1:8000"), "sitemap.xsd")


def test_the_article_sitemap_lists_published_stories_with_lastmod(client, stories):
    stories[0].updated_for_readers_at = timezone.now()
    stories[0].save()
    urlset = parse_valid(client, "/sitemap-articles.xml", "sitemap.xsd")
    locations = urlset.xpath("//sm:url/sm:loc/text()", namespaces=NS)
    assert sorted(locations) == sorted(
        f"http://127.0.0.1:8000{story.get_absolute_url()}" for story in stories
    )
    lastmods = urlset.xpath("//sm:url/sm:lastmod/text()", namespaces=NS)
    assert len(lastmods) == 3


def test_sections_tags_and_authors_with_stories_are_listed(client, stories):
    SectionFactory(slug="empty-section")
    for name, expected in [
        ("sections", "/sections/world/"),
        ("tags", "/tags/korea/"),
        ("authors", "/authors/kim/"),
    ]:
        urlset = parse_valid(client, f"/sitemap-{name}.xml", "sitemap.xsd")
        assert urlset.xpath("//sm:loc/text()", namespaces=NS) == [
            f"http://127.0.0.1:8000{expected}"
        ]


def test_the_article_sitemap_is_paged_for_large_sites(client, stories, monkeypatch):
    monkeypatch.setattr(StorySitemap, "per_page", 2)
    index = parse_valid(client, "/sitemap.xml", "siteindex.xsd")
    locations = index.xpath("//sm:sitemap/sm:loc/text()", namespaces=NS)
    assert "http://127.0.0.1:8000/sitemap-articles.xml?p=2" in locations
    page_two = parse_valid(client, "/sitemap-articles.xml?p=2", "sitemap.xsd")
    assert len(page_two.xpath("//sm:url", namespaces=NS)) == 1
    assert client.get("/sitemap-articles.xml?p=3").status_code == 404
    assert client.get("/sitemap-articles.xml?p=x").status_code == 404
    assert client.get("/sitemap-nope.xml").status_code == 404


def test_the_news_sitemap_lists_the_last_48_hours_in_google_news_format(client, stories):
    old = ArticleFactory(published=True, headline="Old news")
    old.published_at = timezone.now() - timezone.timedelta(hours=49)
    old.save()
    urlset = parse_valid(client, "/news-sitemap.xml", "sitemap.xsd")
    titles = [title.text for title in urlset.iter(f"{NEWS}title")]
    assert sorted(titles) == sorted(story.headline for story in stories)
    assert "Old news" not in titles
    assert urlset.find(f".//{NEWS}name").text == "The Newsroom"
    assert urlset.find(f".//{NEWS}language").text == "en"


def test_an_empty_site_still_has_a_valid_index(client):
    index = parse_valid(client, "/sitemap.xml", "siteindex.xsd")
    assert index.xpath("//sm:sitemap/sm:loc/text()", namespaces=NS) == [
        "http://127.0.0.1:8000/sitemap-pages.xml"
    ]
    pages = parse_valid(client, "/sitemap-pages.xml", "sitemap.xsd")
    assert pages.xpath("//sm:loc/text()", namespaces=NS) == [
        "http://127.0.0.1:8000/",
        "http://127.0.0.1:8000/interviews/",
        "http://127.0.0.1:8000/corrections/",
    ]
    # With no story in 48 hours the news sitemap is an empty (well-formed) urlset, as
    # Google News expects, though the strict schema wants one url.
    news = etree.fromstring(client.get("/news-sitemap.xml").content)
    assert len(news) == 0


def test_robots_txt_points_to_both_sitemaps(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in text
    assert "Sitemap: http://127.0.0.1:8000/news-sitemap.xml" in text
    assert "Disallow: /admin/" in text


@pytest.mark.parametrize(
    "url,queries",
    [
        # pages: latest story, interview and correction; articles, sections, tags, authors:
        # count + latest; people: count (none here, so no latest); each plus one for the
        # page-cache lifetime (readers.cache.page_cache_seconds)
        ("/sitemap.xml", 13),
        ("/sitemap-articles.xml", 2),
        ("/sitemap-tags.xml", 2),
        ("/news-sitemap.xml", 2),
    ],
)
def test_sitemaps_use_a_constant_number_of_queries(
    client, stories, url, queries, django_assert_num_queries
):
    for _ in range(5):
        ArticleFactory(published=True, section=stories[0].section, tags=["korea", "more"])
    with django_assert_num_queries(queries):
        client.get(url)
