import datetime

import pytest
from django.utils import timezone

from readers.related import more_by_authors, related_stories
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db


def at(year, month, day, hour=12):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def test_related_stories_prefer_shared_tags_then_the_same_section():
    section = SectionFactory()
    story = ArticleFactory(published=True, section=section, tags=["korea", "trade", "belarus"])
    two_tags = ArticleFactory(published=True, tags=["korea", "trade"], headline="Two tags")
    one_tag = ArticleFactory(published=True, tags=["belarus"], headline="One tag")
    same_section = ArticleFactory(published=True, section=section, headline="Same section")
    ArticleFactory(published=True, headline="Unrelated")
    ArticleFactory(section=section, tags=["korea", "trade", "belarus"], headline="Draft")
    story.refresh_from_db()
    assert related_stories(story) == [two_tags, one_tag, same_section]


def test_more_from_the_author_leaves_out_this_story_and_those_already_shown():
    kim = AuthorFactory()
    story = ArticleFactory(published=True, authors=[kim], tags=["x"])
    shown = ArticleFactory(published=True, authors=[kim], tags=["x"])
    other = ArticleFactory(published=True, authors=[kim])
    ArticleFactory(authors=[kim], headline="Draft by Kim")
    assert more_by_authors(story, exclude=[shown]) == [other]


def test_the_article_page_shows_related_and_more_from_the_author(client):
    kim = AuthorFactory(name="Kim Hyun")
    story = ArticleFactory(published=True, tags=["korea"], authors=[kim])
    ArticleFactory(published=True, tags=["korea"], headline="Tagged sibling")
    ArticleFactory(published=True, authors=[kim], headline="Kim's other story")
    body = client.get(story.get_absolute_url()).content.decode()
    assert "Related stories" in body and "Tagged sibling" in body
    assert "More from Kim Hyun" in body and "Kim&#x27;s other story" in body


def test_the_date_archive_lists_a_year_month_and_day(client):
    ArticleFactory(published=True, published_at=at(2025, 3, 4), headline="March fourth")
    ArticleFactory(published=True, published_at=at(2025, 3, 20), headline="March twentieth")
    ArticleFactory(published=True, published_at=at(2025, 7, 1), headline="July")
    ArticleFactory(published_at=at(2025, 3, 4), headline="Draft in March")

    def headlines(url):
        response = client.get(url)
        assert response.status_code == 200, url
        return [article.headline for article in response.context["articles"]]

    assert headlines("/2025/") == ["July", "March twentieth", "March fourth"]
    assert headlines("/2025/03/") == ["March twentieth", "March fourth"]
    assert headlines("/2025/03/04/") == ["March fourth"]
    assert headlines("/2024/") == []
    assert "Stories from March 4, 2025" in client.get("/2025/03/04/").content.decode()
    year = client.get("/2025/").content.decode()
    assert '<a href="/2025/03/">March</a>' in year
    assert '<a href="/2025/07/">July</a>' in year
    assert "/2025/05/" not in year


def test_impossible_archive_dates_are_404_and_the_article_url_still_wins(client):
    for url in ["/2025/13/", "/2025/02/30/", "/2025/00/"]:
        assert client.get(url).status_code == 404, url
    story = ArticleFactory(published=True, published_at=at(2025, 3, 4), slug="a-story")
    assert client.get(story.get_absolute_url()).context["article"] == story


def test_the_archive_is_paginated(client):
    for day in range(1, 24):
        ArticleFactory(published=True, published_at=at(2025, 5, day))
    first = client.get("/2025/05/")
    assert len(first.context["articles"]) == 20
    assert 'href="?page=2"' in first.content.decode()
    assert len(client.get("/2025/05/?page=2").context["articles"]) == 3


def test_the_archive_uses_a_constant_number_of_queries(client, django_assert_num_queries):
    authors = [AuthorFactory(), AuthorFactory()]
    for day in range(1, 6):
        ArticleFactory(published=True, published_at=at(2025, day, day), authors=authors)
    # page (no COUNT), bylines, months, section navigation, page-cache lifetime (first view)
    with django_assert_num_queries(5):
        client.get("/2025/")
    with django_assert_num_queries(2):  # the section navigation is now cached
        client.get("/2025/03/")
