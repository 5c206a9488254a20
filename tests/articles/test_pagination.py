"""Page numbers are reader input: every paginated public page answers an absurd one with a
page (listings, search) or a 404 (sitemaps), never a 500."""

import pytest
from django.core.cache import cache

from tests.factories import ArticleFactory, AuthorFactory, IntervieweeFactory, PersonFactory

pytestmark = pytest.mark.django_db

HOSTILE_PAGE_NUMBERS = [
    "99999999999999999999",
    "9223372036854775808",  # one past PostgreSQL's bigint
    "9" * 400,
    "1e400",
    "-99999999999999999999",
    "0",
    "-1",
    "2.5",
    "nan",
    "inf",
    "",
    "%00",
]


@pytest.fixture
def story():
    story = ArticleFactory(
        published=True,
        kind="interview",
        headline="Budget talks",
        tags=["budget"],
        authors=[AuthorFactory(name="Jae Lee", slug="jae-lee")],
    )
    IntervieweeFactory(article=story, person=PersonFactory(slug="min-park"))
    return story


def _listing_urls(story):
    year = story.published_at.year
    return [
        "/",
        f"/sections/{story.section.slug}/",
        "/tags/budget/",
        "/authors/jae-lee/",
        "/people/min-park/",
        "/interviews/",
        f"/{year}/",
        "/corrections/",
    ]


@pytest.mark.parametrize("number", HOSTILE_PAGE_NUMBERS)
def test_it_answers_a_listing_with_an_absurd_page_number_with_a_real_page(client, story, number):
    for url in _listing_urls(story):
        cache.clear()
        response = client.get(url, {"page": number})
        assert response.status_code == 200, url
        assert response.context["page"].number == 1, url  # the only page, so also the last


@pytest.mark.parametrize("number", HOSTILE_PAGE_NUMBERS)
def test_it_answers_search_with_an_absurd_page_number_with_the_first_page(client, story, number):
    response = client.get("/search/", {"q": "budget", "page": number})

    assert response.status_code == 200
    results = response.context["results"]
    assert results.page.number == 1
    assert [article.headline for article in results.articles] == ["Budget talks"]


@pytest.mark.parametrize("number", HOSTILE_PAGE_NUMBERS)
@pytest.mark.parametrize("name", ["articles", "tags", "sections", "authors", "pages"])
def test_it_answers_a_sitemap_page_that_cannot_exist_with_404(client, story, name, number):
    assert client.get(f"/sitemap-{name}.xml", {"p": number}).status_code == 404
    assert client.get(f"/sitemap-{name}.xml").status_code == 200
