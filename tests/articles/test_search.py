import pytest
from django.core.cache import cache
from django.db import connection

from articles import search
from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text ranking needs PostgreSQL"
)


def result_headlines(client, query):
    cache.clear()  # these tests change stories without the workflow's purge
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return [article.headline for article in response.context["results"].articles]


def test_it_finds_published_stories_by_headline_deck_body_tag_and_author(client):
    author = AuthorFactory(name="Hyunjoo Kim")
    ArticleFactory(
        published=True,
        headline="Belarus envoy speaks",
        deck="An ambassador on trade",
        body="<p>The potash exports grew.</p>",
        tags=["diplomacy"],
        authors=[author],
    )
    for query in ["envoy", "ambassador", "potash", "diplomacy", "Hyunjoo"]:
        assert result_headlines(client, query) == ["Belarus envoy speaks"], query


def test_it_leaves_out_excluded_words(client):
    ArticleFactory(published=True, headline="Tractors from Minsk", body="<p>Tractor plant</p>")
    ArticleFactory(published=True, headline="Tractors in Seoul", body="<p>Tractor fair</p>")
    assert result_headlines(client, "tractors -Seoul") == ["Tractors from Minsk"]


def test_it_marks_hits_in_an_escaped_snippet(client):
    ArticleFactory(
        published=True,
        headline="Snippets",
        deck="",
        body="<p>The <b>potash</b> trade &amp; the &lt;script&gt; tag.</p>",
    )
    response = client.get("/search/", {"q": "potash"})
    snippet = response.context["results"].articles[0].snippet
    assert "<mark>potash</mark>" in snippet
    assert "<script>" not in snippet
    assert "<script" not in snippet
    assert "&lt;script" in snippet
    assert "<mark>potash</mark>" in response.content.decode()


def test_it_answers_an_empty_query_with_a_friendly_page(client):
    response = client.get("/search/", {"q": "   "})
    assert response.status_code == 200
    assert "Type a word or a name" in response.content.decode()


@pytest.mark.parametrize("query", ["zxqv", "!!! ### ???", '"unclosed', "-", "\x00\x01or"])
def test_it_answers_nonsense_with_a_no_results_page(client, query):
    ArticleFactory(published=True, headline="Something real")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Something real" not in body
    if search.clean_query(query)[0]:
        assert "No stories match" in body


def test_it_cuts_a_1000_character_query_and_says_so(client, django_assert_max_num_queries):
    ArticleFactory(published=True, headline="Minsk tractors")
    query = "tractors " + "word " * 200
    assert len(query) > 1000
    with django_assert_max_num_queries(8):
        response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    results = response.context["results"]
    assert results.truncated
    assert len(results.query) <= search.MAX_QUERY_CHARS
    assert "first words only" in response.content.decode()


def test_it_paginates_results(client):
    for number in range(search.PAGE_SIZE + 3):
        ArticleFactory(published=True, headline=f"Budget story {number}")
    first = client.get("/search/", {"q": "budget"})
    second = client.get("/search/", {"q": "budget", "page": 2})
    assert len(first.context["results"].articles) == search.PAGE_SIZE
    assert len(second.context["results"].articles) == 3
    assert 'href="?q=budget&amp;page=2"' in first.content.decode()
    assert 'rel="next"' not in second.content.decode()
    assert 'href="?q=budget&amp;page=1"' in second.content.decode()


def test_it_searches_in_a_constant_number_of_queries(client, django_assert_num_queries):
    authors = [AuthorFactory(), AuthorFactory()]
    for number in range(5):
        ArticleFactory(published=True, headline=f"Harvest report {number}", authors=authors)
    client.get("/search/", {"q": "harvest"})  # warm the content-type cache
    # page of results (no COUNT), bylines (the section navigation is cached by the first request)
    with django_assert_num_queries(2):
        client.get("/search/", {"q": "harvest", "page": "1"})  # not the cached entry


def test_admin_search_finds_any_status_through_the_same_engine():
    draft = ArticleFactory(headline="Draft about potash", slug="potash-draft")
    ArticleFactory(published=True, headline="Unrelated")
    found = search.admin_search(Article.objects.all(), "potash")
    assert list(found) == [draft]
    assert list(search.admin_search(Article.objects.all(), "potash-draft")) == [draft]
    assert search.admin_search(Article.objects.all(), "").count() == 2


@postgres_only
def test_it_ranks_a_headline_hit_above_a_body_hit(client):
    ArticleFactory(
        published=True,
        headline="Markets close higher",
        body="<p>Analysts mentioned sanctions once.</p>",
    )
    ArticleFactory(published=True, headline="Sanctions tightened", body="<p>Other text.</p>")
    assert result_headlines(client, "sanctions") == ["Sanctions tightened", "Markets close higher"]


@postgres_only
def test_it_matches_quoted_phrases_only_in_that_order(client):
    ArticleFactory(published=True, headline="Free trade agreement signed")
    ArticleFactory(published=True, headline="Trade is not free, says agreement critic")
    assert result_headlines(client, '"free trade"') == ["Free trade agreement signed"]
    assert len(result_headlines(client, "free trade")) == 2


@postgres_only
def test_it_finds_near_misses_when_a_word_is_misspelt(client):
    ArticleFactory(published=True, headline="Ambassador interview")
    response = client.get("/search/", {"q": "ambasador"})
    results = response.context["results"]
    assert results.near_misses
    assert [a.headline for a in results.articles] == ["Ambassador interview"]
    assert "close matches" in response.content.decode()


@postgres_only
def test_it_keeps_the_search_document_current_when_tags_and_bylines_change(client):
    article = ArticleFactory(published=True, headline="Plain headline")
    assert result_headlines(client, "volleyball") == []
    article.tags.add("volleyball")
    assert result_headlines(client, "volleyball") == ["Plain headline"]
    author = AuthorFactory(name="Zenobia Quill")
    article.bylines.create(author=author)
    assert result_headlines(client, "zenobia") == ["Plain headline"]
    author.name = "Zenobia Marsh"
    author.save()
    assert result_headlines(client, "marsh") == ["Plain headline"]


@postgres_only
def test_the_search_document_and_headlines_are_indexed():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'articles_article'"
            " AND indexdef LIKE '%%USING gin%%'"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert {"article_search_gin", "article_headline_trgm", "article_deck_trgm"} <= names


@postgres_only
def test_it_forgives_a_doubled_letter_in_a_short_word(client):
    ArticleFactory(published=True, headline="Tractor exports story number 24")
    ArticleFactory(published=True, headline="Weather report")
    assert result_headlines(client, "tracktor") == ["Tractor exports story number 24"]


@postgres_only
def test_rebuild_search_index_fills_stories_imported_without_signals(client):
    from django.core.management import call_command

    Article.objects.bulk_create(
        [
            ArticleFactory.build(
                published=True, headline="Imported pelican story", section=ArticleFactory().section
            )
        ]
    )
    # Only the typo-tolerant fallback on headlines can find it before the rebuild.
    assert search.search_published("pelican").near_misses
    call_command("rebuild_search_index", batch_size=1)
    results = search.search_published("pelican")
    assert not results.near_misses
    assert [a.headline for a in results.articles] == ["Imported pelican story"]


def test_rebuild_search_index_refuses_a_silly_batch_size():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="at least 1"):
        call_command("rebuild_search_index", batch_size=0)
