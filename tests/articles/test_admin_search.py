"""The admin's story search is the site's search engine (articles.search.admin_search) over
every story the person may see, whatever its state: body words, accent folding, pasted
slugs and half-remembered headlines; the list's filters and permissions still apply."""

import pytest
from django.urls import reverse

from articles.models import Status
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def found(client, **params):
    response = client.get(CHANGELIST, params)
    assert response.status_code == 200
    return sorted(article.headline for article in response.context["cl"].result_list)


@pytest.fixture
def desk(editor):
    ArticleFactory(headline="Draft about potash", slug="potash-draft", body="<p>Quarry.</p>")
    ArticleFactory(
        headline="Live trade story",
        slug="live-trade",
        body="<p>Exports of potash grew.</p>",
        published=True,
        authors=[AuthorFactory(name="Mina Park")],
    )
    ArticleFactory(headline="Кавалёва on the harvest", status=Status.IN_REVIEW)
    ArticleFactory(headline="Unrelated", published=True)


def test_it_searches_story_text_through_the_search_engine(client, editor, desk):
    client.force_login(editor)
    # The body is in no admin search field: only the engine finds it.
    assert found(client, q="potash") == ["Draft about potash", "Live trade story"]
    assert found(client, q="Кавалева") == ["Кавалёва on the harvest"]
    assert found(client, q="Mina Park") == ["Live trade story"]


def test_it_finds_a_pasted_slug_and_a_half_remembered_headline(client, editor, desk):
    client.force_login(editor)
    assert found(client, q="live-trade") == ["Live trade story"]
    assert found(client, q="Unrel") == ["Unrelated"]
    assert len(found(client, q="  ")) == 4


def test_it_finds_the_story_to_correct_by_its_words(client, editor, desk):
    client.force_login(editor)
    params = {"app_label": "articles", "model_name": "correction", "field_name": "article"}
    response = client.get(reverse("admin:autocomplete"), {**params, "term": "exports"})
    assert [row["text"] for row in response.json()["results"]] == ["Live trade story"]


def test_it_keeps_the_list_filters_with_a_search(client, editor, desk):
    client.force_login(editor)
    assert found(client, q="potash", status="draft") == ["Draft about potash"]
    assert found(client, q="potash", status="published") == ["Live trade story"]
    assert found(client, q="potash", queue="needs_review") == []


def test_it_finds_only_the_stories_a_reporter_may_see(client, reporter, other_reporter):
    ArticleFactory(headline="Mine about potash", created_by=reporter)
    ArticleFactory(headline="Theirs about potash", created_by=other_reporter)
    client.force_login(reporter)
    assert found(client, q="potash") == ["Mine about potash"]


def test_it_searches_the_list_in_a_constant_number_of_queries(
    client, editor, django_assert_num_queries
):
    def stories(count):
        for number in range(count):
            ArticleFactory(
                headline=f"Potash report {number}", authors=[AuthorFactory(), AuthorFactory()]
            )

    stories(3)
    client.force_login(editor)
    client.get(CHANGELIST, {"q": "potash"})  # warm the session and permission caches
    # session, user, two permission lookups, the section filter's choices, the count of
    # matches, the page, its bylines, unread notifications, the pending purge, and the date
    # hierarchy's bounds and days
    with django_assert_num_queries(12):
        client.get(CHANGELIST, {"q": "potash"})
    stories(20)
    with django_assert_num_queries(12):
        response = client.get(CHANGELIST, {"q": "potash"})
    assert len(response.context["cl"].result_list) == 23
