from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from lxml import html as lxml_html

from articles import search as articles_search
from articles.models import Article
from readers import search
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text ranking needs PostgreSQL"
)
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the substring engine runs on SQLite"
)


def result_headlines(client, query):
    cache.clear()  # these tests change stories without the workflow's purge
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return [article.headline for article in response.context["results"].articles]


def matching_headlines(client, query):
    """Headlines of stories that match, not the typo-tolerant near misses."""
    cache.clear()
    results = client.get("/search/", {"q": query}).context["results"]
    assert not results.near_misses, query
    return [article.headline for article in results.articles]


def unpublished_twins(headline, **fields):
    """Stories with the same words that readers may not see (DESIGN rule 1): a draft, a
    scheduled and an embargoed one. Their headlines end in "(draft)", "(scheduled)",
    "(embargoed)", so a leak shows in any list of result headlines."""
    later = timezone.now() + timedelta(days=1)
    ArticleFactory(headline=f"{headline} (draft)", **fields)
    ArticleFactory(published=True, headline=f"{headline} (scheduled)", published_at=later, **fields)
    ArticleFactory(
        published=True, headline=f"{headline} (embargoed)", embargo_until=later, **fields
    )


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
    unpublished_twins(
        "Belarus envoy speaks",
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
    unpublished_twins("Tractors from Minsk", body="<p>Tractor plant</p>")
    assert result_headlines(client, "tractors -Seoul") == ["Tractors from Minsk"]


def test_it_marks_hits_in_an_escaped_snippet(client):
    ArticleFactory(
        published=True,
        headline="Snippets",
        deck="",
        body="<p>The <b>potash</b> trade &amp; the &lt;script&gt; tag.</p>",
    )
    unpublished_twins("Snippets", body="<p>More potash.</p>")
    response = client.get("/search/", {"q": "potash"})
    assert [a.headline for a in response.context["results"].articles] == ["Snippets"]
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
    with django_assert_max_num_queries(9):
        response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    results = response.context["results"]
    assert results.truncated
    assert len(results.query) <= articles_search.MAX_QUERY_CHARS
    assert "first words only" in response.content.decode()


def test_it_paginates_results(client):
    for number in range(search.PAGE_SIZE + 3):
        ArticleFactory(published=True, headline=f"Budget story {number}")
    unpublished_twins("Budget story")
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
    unpublished_twins("Harvest report", authors=authors)
    client.get("/search/", {"q": "harvest"})  # warm the content-type cache
    # page of results (no COUNT), bylines (the section navigation is cached by the first
    # request); on PostgreSQL first the planner's estimate of the matches (EXPLAIN, not run)
    with django_assert_num_queries(3 if search.uses_full_text() else 2):
        client.get("/search/", {"q": "harvest", "page": "1"})  # not the cached entry


@postgres_only
def test_it_ranks_a_headline_hit_above_a_body_hit(client):
    ArticleFactory(
        published=True,
        headline="Markets close higher",
        body="<p>Analysts mentioned sanctions once.</p>",
    )
    ArticleFactory(published=True, headline="Sanctions tightened", body="<p>Other text.</p>")
    unpublished_twins("Sanctions lifted")
    assert result_headlines(client, "sanctions") == ["Sanctions tightened", "Markets close higher"]


@postgres_only
def test_it_matches_quoted_phrases_only_in_that_order(client):
    ArticleFactory(published=True, headline="Free trade agreement signed")
    ArticleFactory(published=True, headline="Trade is not free, says agreement critic")
    unpublished_twins("Free trade agreement signed")
    assert result_headlines(client, '"free trade"') == ["Free trade agreement signed"]
    assert len(result_headlines(client, "free trade")) == 2


@postgres_only
def test_it_finds_near_misses_when_a_word_is_misspelt(client):
    ArticleFactory(published=True, headline="Ambassador interview")
    unpublished_twins("Ambassador interview")
    response = client.get("/search/", {"q": "ambasador"})
    results = response.context["results"]
    assert results.near_misses
    assert [a.headline for a in results.articles] == ["Ambassador interview"]
    assert "close matches" in response.content.decode()


@postgres_only
def test_it_keeps_the_search_document_current_when_tags_and_bylines_change(client):
    article = ArticleFactory(published=True, headline="Plain headline")
    unpublished_twins("Plain headline", tags=["volleyball"])
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
    unpublished_twins("Tractor exports story number 24")
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


# Folding: accents, ё/е, case, scripts -----------------------------------------------------

FOLDING_CASES = [
    # (text in the story, what the reader types)
    ("Анна Кавалёва о музыке", "Кавалева"),
    ("Анна Кавалева о музыке", "Кавалёва"),
    ("АННА КАВАЛЁВА", "кавалева"),
    ("Sînclair opens the festival", "Sinclair"),
    ("Sinclair opens the festival", "Sînclair"),
    ("Crisis talks in Łódź", "Lodz"),
    ("Ergün Çelik wins", "ergun celik"),
    ("서울 시장 인터뷰", "서울"),
]


@pytest.mark.parametrize(("text", "query"), FOLDING_CASES)
def test_it_folds_accents_letter_variants_and_case(client, text, query):
    ArticleFactory(published=True, headline=text)
    unpublished_twins(text)
    assert matching_headlines(client, query) == [text]


def test_it_folds_accents_in_the_body_names_and_tags(client):
    ArticleFactory(
        published=True,
        headline="Festival report",
        body="<p>The mayor of Łódź spoke.</p>",
        tags=["Zoë's music"],
        authors=[AuthorFactory(name="Ingrid Bjørnstad")],
    )
    unpublished_twins("Festival report")
    for query in ["Lodz", "zoe", "Bjornstad"]:
        assert matching_headlines(client, query) == ["Festival report"], query


def test_it_marks_a_folded_hit_in_the_snippet(client):
    ArticleFactory(
        published=True, headline="Festival", body="<p>Marie Sînclair opens the festival.</p>"
    )
    response = client.get("/search/", {"q": "Sinclair"})
    assert "<mark>Sînclair</mark>" in response.context["results"].articles[0].snippet


@sqlite_only
def test_the_substring_engine_marks_hits_without_breaking_entities(client):
    ArticleFactory(published=True, headline="Ampersands", body="<p>Salt &amp; amp lines</p>")
    snippet = client.get("/search/", {"q": "amp"}).context["results"].articles[0].snippet
    assert "&amp; <mark>amp</mark> lines" in snippet
    assert "&<mark>" not in snippet


def test_fold_keeps_one_character_for_each_character():
    for text in ["Кавалёва", "Sînclair Łódź", "서울 시장", "Straße", "İstanbul"]:
        assert len(search.fold(text)) == len(text)
    assert search.fold("Кавалёва Sînclair ŁÓDŹ") == "кавалева sinclair lodz"


# "Did you mean" -----------------------------------------------------------------------


def suggestion_for(client, query):
    cache.clear()
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return response.context["results"].suggestion, response.content.decode()


def test_it_suggests_a_headline_word_when_nothing_matches(client):
    ArticleFactory(published=True, headline="Belarus envoy speaks", body="<p>Trade talks.</p>")
    # Closer to the typo than "Belarus", but readers may not see them: never suggested.
    unpublished_twins("Belaursk merger secret")
    suggestion, page = suggestion_for(client, "Belaurs")
    assert suggestion == "Belarus"
    assert 'Did you mean <a href="/search/?q=Belarus">Belarus</a>?' in page
    assert "Belaursk" not in page
    cache.clear()
    assert result_headlines(client, suggestion) == ["Belarus envoy speaks"]


def test_it_suggests_each_misspelt_word_and_tags_too(client):
    ArticleFactory(published=True, headline="Belarus tractors exported", tags=["volleyball"])
    ArticleFactory(headline="Draft", tags=["voleybal-secret"])
    assert suggestion_for(client, "Belaurs tractors")[0] == "Belarus tractors"
    assert suggestion_for(client, "voleyball")[0] == "volleyball"


def test_it_suggests_nothing_when_there_are_results_or_no_close_word(client):
    ArticleFactory(published=True, headline="Belarus envoy speaks")
    for query in ["Belarus", "zzqxw"]:
        suggestion, page = suggestion_for(client, query)
        assert suggestion == ""
        assert "Did you mean" not in page


@postgres_only
def test_the_suggestion_ranks_words_as_pg_trgm_does():
    pairs = [("belaurs", "belarus"), ("voleyball", "volleyball"), ("kim", "kimchi"), ("a", "b")]
    with connection.cursor() as cursor:
        for first, second in pairs:
            cursor.execute("SELECT similarity(%s, %s)", [first, second])
            expected = cursor.fetchone()[0]
            assert search.trigram_similarity(first, second) == pytest.approx(expected), first


@postgres_only
def test_it_answers_no_matches_in_a_constant_number_of_queries(client, django_assert_num_queries):
    for number in range(5):
        ArticleFactory(published=True, headline=f"Belarus report {number}", tags=["trade"])
    client.get("/search/", {"q": "Belaurs"})  # warm the content-type and navigation caches
    # the estimate and the results (none); in one savepoint the lowered trigram cut-off and
    # one query for the suggestion's headline words and tags; then the suggestion's search:
    # estimate, results, their bylines
    with django_assert_num_queries(9):
        response = client.get("/search/", {"q": "Belaurs", "page": "1"})
    results = response.context["results"]
    assert results.suggestion == "Belarus"
    assert results.near_misses
    assert len(results.articles) == 5


@sqlite_only
def test_it_answers_no_matches_on_sqlite_in_a_constant_number_of_queries(
    client, django_assert_num_queries
):
    for number in range(5):
        ArticleFactory(published=True, headline=f"Belarus report {number}", tags=["trade"])
    client.get("/search/", {"q": "Belaurs"})
    # the results (none); the newest headlines; their tags; the suggestion's results and
    # their bylines
    with django_assert_num_queries(5):
        response = client.get("/search/", {"q": "Belaurs", "page": "1"})
    results = response.context["results"]
    assert results.suggestion == "Belarus"
    assert results.near_misses
    assert len(results.articles) == 5


@sqlite_only
def test_it_suggests_from_the_newest_stories_only_on_sqlite(client, monkeypatch):
    # Bounded work: the spelling comes from the newest stories' words, not the archive.
    monkeypatch.setattr(search, "SUGGEST_RECENT_STORIES", 2)
    ArticleFactory(
        published=True, headline="Belarus envoy", published_at=timezone.now() - timedelta(days=9)
    )
    for number in range(2):
        ArticleFactory(published=True, headline=f"Trade report {number}", tags=["Korea"])
    assert suggestion_for(client, "Belaurs")[0] == ""
    assert suggestion_for(client, "Koreaa")[0] == "Korea"


# The search box in the header ------------------------------------------------------------


def test_every_public_page_has_a_search_box_in_its_header(client):
    story = ArticleFactory(published=True, headline="Harbour cranes return", tags=["ports"])
    author = AuthorFactory()
    story.bylines.create(author=author)
    pages = [
        "/",
        story.get_absolute_url(),
        story.section.get_absolute_url(),
        "/tags/ports/",
        author.get_absolute_url(),
        "/search/?q=harbour",
        "/corrections/",
        "/no-such-page/",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        tree = lxml_html.fromstring(response.content)
        forms = tree.xpath('//header//form[@role="search"]')
        assert len(forms) == 1, path
        field = forms[0].xpath('.//input[@type="search"][@name="q"]')[0]
        label = tree.xpath(f'//label[@for="{field.get("id")}"]')[0]
        assert label.text_content().strip() == "Search the site", path


def test_the_header_search_box_submits_a_search(client):
    ArticleFactory(published=True, headline="Harbour cranes return")
    unpublished_twins("Harbour cranes return")
    tree = lxml_html.fromstring(client.get("/").content)
    form = tree.xpath('//header//form[@role="search"]')[0]
    assert form.get("method") == "get"
    field = form.xpath(".//input")[0]
    cache.clear()
    response = client.get(form.get("action"), {field.get("name"): "harbour"})
    assert [a.headline for a in response.context["results"].articles] == ["Harbour cranes return"]


@postgres_only
@pytest.mark.parametrize("bitmap_max_matches", [0, 10**9])
def test_both_ways_of_finding_the_newest_matches_rank_the_same_stories(
    client, monkeypatch, bitmap_max_matches
):
    """The window of newest matches comes from the GIN index or from a walk in publish
    order, by the planner's estimate of the matches; either way the same stories rank."""
    monkeypatch.setattr(search, "RANK_WINDOW", 3)
    monkeypatch.setattr(search, "BITMAP_MAX_MATCHES", bitmap_max_matches)
    now = timezone.now()
    for days in range(5):
        ArticleFactory(
            published=True,
            headline=f"Harvest day {days}",
            published_at=now - timedelta(days=days, hours=1),
        )
    unpublished_twins("Harvest secret")
    assert matching_headlines(client, "harvest") == [
        "Harvest day 0",
        "Harvest day 1",
        "Harvest day 2",
    ]
