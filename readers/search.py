"""Story search for readers: the /search/ page.

On PostgreSQL: weighted full-text search over a stored document (headline A; deck, tags,
bylines and interviewees B; body C) with a GIN index, websearch syntax ("phrases",
-exclusions, or), ranked, with highlighted snippets. The "newsroom" text search
configuration (migration 0007) folds accents on both sides: "Sinclair" finds "Sînclair",
"Кавалева" finds "Кавалёва". When nothing matches, pg_trgm finds near misses in headlines
and decks, and a "Did you mean" spelling from the words of published headlines and tags.
On other databases (the SQLite demo) a substring search over case- and accent-folded text
gives the same page, with a "Did you mean" from the words of the newest stories.
"""

import html
import itertools
import json
import logging
import re
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db import connection, transaction
from django.db.models import (
    Case,
    F,
    IntegerField,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat, Greatest, Left, Replace
from django.utils.html import escape, strip_tags
from taggit.models import TaggedItem

from articles.models import Article
from articles.search import (
    CONFIG,
    clean_query,
    fold,
    folded_contains,
    parse_terms,
    substring_matches,
    uses_full_text,
)
from readers import pagination

logger = logging.getLogger(__name__)

PAGE_SIZE = 20
# Full-text ranking looks at this many of the newest matches (see _full_text).
RANK_WINDOW = 200
# Up to this many estimated matches, the newest are found through the GIN index (a bitmap of
# every match, then a sort); above it, by walking stories newest first until the window is
# full, which for a broad word stops early. Crossover measured at 20k stories: a bitmap row
# costs ~2 µs, a walked row (its document detoasted) ~5 µs.
BITMAP_MAX_MATCHES = 5000
# ts_headline parses the whole text it is given, so snippets come from the start of the
# story only: a hit further down still finds the story, its snippet is the opening.
SNIPPET_SOURCE_CHARS = 2500
# "Did you mean": the query's first words, each replaced by the closest word of a published
# headline or tag when one is at least this similar (pg_trgm's own default cut-off).
SUGGEST_WORDS = 4
SUGGEST_POOL = 40
SUGGEST_MIN_SIMILARITY = 0.3
# Without pg_trgm (the SQLite demo) the candidates are the words of the newest stories'
# headlines and tags, so the work stays bounded however big the archive.
SUGGEST_RECENT_STORIES = 200
NEAR_MISS_THRESHOLD = 0.5
# Markers ts_headline puts around hits; replaced by <mark> after the text is escaped.
HIT_START, HIT_STOP = "\x02", "\x03"


@dataclass
class SearchResults:
    query: str
    page: object
    truncated: bool = False
    near_misses: bool = False
    suggestion: str = ""

    @property
    def articles(self):
        return self.page.object_list


def search_published(raw_query, page_number=1):
    """Search what readers may see. Each result carries `snippet` (safe HTML)."""
    query, truncated = clean_query(raw_query)
    if not query:
        return SearchResults(query="", page=None)
    published = Article.objects.published().for_listing()
    suggestion = ""
    if uses_full_text():
        page = _paginate(_full_text(published, query), page_number)
        near_misses = False
        if not page.object_list:
            page, suggestion = _forgiving_page(published, query, page_number)
            near_misses = bool(page.object_list)
        for article in page.object_list:
            article.snippet = render_snippet(article.snippet_text)
    else:
        terms = parse_terms(query)
        page = _paginate(_substring(published, terms), page_number)
        near_misses = False
        if not page.object_list:
            suggestion = suggest(published, query)
            if suggestion:
                terms = parse_terms(suggestion)
                page = _paginate(_substring(published, terms), page_number)
                near_misses = bool(page.object_list)
        for article in page.object_list:
            article.snippet = _fallback_snippet(article, terms)
    return SearchResults(
        query=query,
        page=page,
        truncated=truncated,
        near_misses=near_misses,
        suggestion=suggestion,
    )


def _paginate(queryset, page_number):
    return pagination.paginate(queryset, page_number, PAGE_SIZE)


def _full_text(published, query):
    """Ranks only the newest RANK_WINDOW matches: ranking every match of a broad word reads
    the whole stored document (often larger than the story) of a large part of the
    archive."""
    search_query = SearchQuery(query, search_type="websearch", config=CONFIG)
    matches = Article.objects.published().filter(search_vector=search_query)
    if _estimated_rows(Article.objects.filter(search_vector=search_query)) > BITMAP_MAX_MATCHES:
        newest_first = ["-published_at", "-pk"]
    else:
        # An expression the publish-order index cannot supply: all matches from the GIN index,
        # then a top-N sort. Left to itself the planner often walks that index instead and
        # checks each story's stored document, a detoast it does not count, which for a word
        # in 1-10 % of stories reads thousands of documents (46 ms instead of 3 at 20k).
        newest_first = [(F("published_at") + timedelta(0)).desc(), "-pk"]
    newest_matches = matches.order_by(*newest_first).values("pk")[:RANK_WINDOW]
    return (
        published.filter(pk__in=newest_matches)
        .annotate(
            rank=SearchRank(F("search_vector"), search_query),
            snippet_text=_headline(search_query),
        )
        .order_by("-rank", "-published_at", "-pk")
    )


def _estimated_rows(queryset):
    """The planner's estimate of the rows a query returns (EXPLAIN, not run): PostgreSQL's
    statistics on the stored documents know how common each word is."""
    sql, params = queryset.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return plan[0]["Plan"]["Plan Rows"]


def _forgiving_page(published, query, page_number):
    """When nothing matches: a "Did you mean" spelling and the stories that match it; without
    one, stories whose headline or deck nearly matches. Returns (page, suggestion)."""
    # pg_trgm's default word-similarity cut-off (0.6) misses one-letter slips in short
    # words ("tracktor"); lowered for this transaction only, so the GIN index still serves.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = %s", [NEAR_MISS_THRESHOLD])
        suggestion = suggest(published, query)
        if not suggestion:
            page = _paginate(_near_misses(published, query), page_number)
            page.object_list = list(page.object_list)
            return page, suggestion
    # A misspelt common word nearly matches thousands of headlines, and ordering those by
    # similarity took 475 ms at 20k stories; the suggestion's own results cost a search.
    return _paginate(_full_text(published, suggestion), page_number), suggestion


def _near_misses(published, query):
    words = " ".join(term.text for term in parse_terms(query) if not term.excluded)
    if not words:
        return published.none()
    return (
        published.filter(
            Q(headline__trigram_word_similar=words) | Q(deck__trigram_word_similar=words)
        )
        .annotate(
            similarity=Greatest(
                TrigramWordSimilarity(words, "headline"), TrigramWordSimilarity(words, "deck")
            ),
            snippet_text=F("deck"),
        )
        .order_by("-similarity", "-published_at", "-pk")
    )


def _query_words(query):
    """The words a reader wants (phrases split, excluded terms left out)."""
    words = []
    for term in parse_terms(query):
        if not term.excluded:
            words.extend(re.findall(r"\w+", term.text))
    return words


def suggest(published, query):
    """A better spelling of the query from the words readers can see ("Belaurs" ->
    "Belarus"), or "" when no word would change. Candidates come from published headlines
    (trigram word similarity, GIN index) and the tags of published stories; each query
    word is replaced by its most similar candidate, compared accent-folded. Without
    PostgreSQL the candidates are the words of the newest stories (_recent_texts)."""
    words = _query_words(query)[:SUGGEST_WORDS]
    if not words:
        return ""
    texts = _near_texts(published, words) if uses_full_text() else _recent_texts(published)
    candidates = Counter()
    for text in texts:
        candidates.update(re.findall(r"\w+", text))
    spelled = [_closest(word, candidates) for word in words]
    return " ".join(spelled) if spelled != words else ""


def _near_texts(published, words):
    """Headlines and tags of published stories with a word like one of words (GIN index)."""
    near_headline, near_tag = Q(), Q()
    for word in words:
        near_headline |= Q(headline__trigram_word_similar=word)
        near_tag |= Q(tags__name__trigram_similar=word)
    headlines = published.filter(near_headline).order_by().values_list("headline")
    tags = published.filter(near_tag).order_by().values_list("tags__name")
    texts = headlines[:SUGGEST_POOL].union(tags[:SUGGEST_POOL], all=True)  # one query
    return [text for (text,) in texts]


def _recent_texts(published):
    """Headlines and tag names of the newest SUGGEST_RECENT_STORIES published stories."""
    newest = published.order_by("-published_at", "-pk")[:SUGGEST_RECENT_STORIES]
    rows = list(newest.values_list("pk", "headline"))
    tags = (
        TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Article),
            object_id__in=[pk for pk, _ in rows],
        )
        .values_list("tag__name", flat=True)
        .distinct()
    )
    return [headline for _, headline in rows] + list(tags)


def _closest(word, candidates):
    """The candidate most similar to word (then the most frequent, then the first in
    alphabetical order), or word itself when none is similar enough or it is already there."""
    folded = fold(word)
    best, best_key = word, None
    for candidate, count in candidates.items():
        if fold(candidate) == folded:
            return word
        score = trigram_similarity(folded, fold(candidate))
        key = (score, count, [-ord(char) for char in candidate])
        if score >= SUGGEST_MIN_SIMILARITY and (best_key is None or key > best_key):
            best, best_key = candidate, key
    return best


def _trigrams(text):
    """pg_trgm's trigrams: per alphanumeric word, padded with two spaces before, one after."""
    grams = set()
    for word in re.findall(r"[^\W_]+", text.lower()):
        padded = f"  {word} "
        grams.update(padded[index : index + 3] for index in range(len(padded) - 2))
    return grams


def trigram_similarity(a, b):
    """pg_trgm's similarity(): shared trigrams over all trigrams of both."""
    first, second = _trigrams(a), _trigrams(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def _escaped(field):
    """ts_headline reads its text as HTML: plain text such as "<script>" must reach it as
    entities to be shown (render_snippet unescapes them) rather than dropped as a tag."""
    text = Replace(field, Value("&"), Value("&amp;"), output_field=TextField())
    text = Replace(text, Value("<"), Value("&lt;"), output_field=TextField())
    return Replace(text, Value(">"), Value("&gt;"), output_field=TextField())


def _headline(search_query):
    text = Concat("deck", Value(" "), _escaped("body_text"), output_field=TextField())
    return SearchHeadline(
        Left(text, SNIPPET_SOURCE_CHARS),
        search_query,
        config=CONFIG,
        start_sel=HIT_START,
        stop_sel=HIT_STOP,
        max_fragments=2,
        min_words=12,
        max_words=30,
        fragment_delimiter=" … ",
    )


def render_snippet(text):
    """Plain text with hits marked: tags dropped, everything escaped, then <mark> added."""
    plain = html.unescape(strip_tags(text or ""))
    safe = escape(" ".join(plain.split()))
    return safe.replace(HIT_START, "<mark>").replace(HIT_STOP, "</mark>")


def _substring(published, terms):
    wanted = [term for term in terms if not term.excluded]
    if not wanted:
        return published.none()
    headline_hit = Q()
    for term in wanted:
        headline_hit |= folded_contains("headline", term.text)
    return (
        published.filter(pk__in=substring_matches(terms).values("pk"))
        .annotate(
            headline_hit=Case(When(headline_hit, then=1), default=0, output_field=IntegerField())
        )
        .order_by("-headline_hit", "-published_at", "-pk")
    )


def _fallback_snippet(article, terms, width=220):
    """An excerpt around the first hit, hits marked: found in the folded text (same length
    as the text), marked in the plain text, each piece escaped on its own."""
    text = " ".join(f"{article.deck} {article.body_text}".split())
    words = [fold(term.text) for term in terms if not term.excluded and term.text]
    folded = fold(text)
    positions = [folded.find(word) for word in words if word in folded]
    start = max(0, min(positions) - width // 3) if positions else 0
    end = start + width
    marked = [False] * len(text)
    for word in words:
        at = folded.find(word, start)
        while at != -1 and at < end:
            marked[at : at + len(word)] = [True] * len(word)
            at = folded.find(word, at + 1)
    pieces = []
    for is_hit, chars in itertools.groupby(range(start, min(end, len(text))), marked.__getitem__):
        piece = escape("".join(text[index] for index in chars))
        pieces.append(f"<mark>{piece}</mark>" if is_hit else piece)
    excerpt = "".join(pieces)
    if start > 0:
        excerpt = "… " + excerpt
    if end < len(text):
        excerpt += " …"
    return excerpt
