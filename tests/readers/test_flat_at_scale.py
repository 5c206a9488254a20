"""Pages whose cost must not grow with the archive (issue 13 item 6; figures in bench/):
no COUNT over a list's stories, no OFFSET past every older story in the sitemap."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from readers.sitemaps import StorySitemap
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def sql_of(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return [query["sql"].upper() for query in queries]


@pytest.mark.parametrize("url", ["/", "/tags/busy/", "/interviews/"])
def test_it_pages_a_list_without_counting_its_stories(client, url):
    for _ in range(3):
        ArticleFactory(published=True, kind="interview", tags=["busy"])
    statements = sql_of(client, url, page="2")
    assert not [sql for sql in statements if "COUNT(" in sql]


def test_it_pages_a_list_with_newer_and_older_links(client, monkeypatch):
    from readers import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    stories = [ArticleFactory(published=True, tags=["busy"]) for _ in range(5)]
    page = client.get("/tags/busy/", {"page": "2"}).content.decode()
    assert 'rel="prev" href="?page=1"' in page
    assert 'rel="next" href="?page=3"' in page
    last = client.get("/tags/busy/", {"page": "3"}).content.decode()
    assert 'rel="next"' not in last
    assert stories[0].get_absolute_url() in last  # the oldest


def test_it_finds_a_sitemap_page_by_id_range_not_offset(client, monkeypatch):
    monkeypatch.setattr(StorySitemap, "per_page", 2)
    stories = [ArticleFactory(published=True) for _ in range(5)]
    statements = sql_of(client, "/sitemap-articles.xml", p="3")
    assert not [sql for sql in statements if "OFFSET" in sql]
    page = client.get("/sitemap-articles.xml", {"p": "3"}).content.decode()
    assert stories[4].get_absolute_url() in page
    assert stories[3].get_absolute_url() not in page
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-articles.xml?p=3" in index
    assert "sitemap-articles.xml?p=4" not in index
