"""Story search: one engine for the public /search/ page and the admin's article search.

On PostgreSQL: weighted full-text search over a stored document (headline A; deck, tags,
bylines and interviewees B; body C) with a GIN index, websearch syntax ("phrases",
-exclusions, or), ranked, with highlighted snippets; when nothing matches, pg_trgm finds
near misses in headlines and decks so small typos still find the story.
On other databases (the SQLite demo) a plain substring search gives the same page.
"""

import html
import logging
import re
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connection, transaction
from django.db.models import (
    Case,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat, Greatest, Left
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.html import escape, strip_tags
from taggit.models import TaggedItem

from articles import pagination
from articles.models import Article, Byline, Interviewee

logger = logging.getLogger(__name__)

CONFIG = "english"
PAGE_SIZE = 20
# Full-text ranking looks at this many of the newest matches (see _full_text).
RANK_WINDOW = 500
# Longer queries are cut: nobody types more, and it bounds the work a query can cause.
MAX_QUERY_CHARS = 200
MAX_TERMS = 12
NEAR_MISS_THRESHOLD = 0.5
# PostgreSQL refuses a tsvector over 1 MB, which a very long body (or a hostile one) reaches:
# the stored document takes the start of each long text (a story's first 150,000 characters
# are what anyone searches for; a deck is a sentence or two), so no save fails on it.
SEARCH_BODY_CHARS = 150_000
SEARCH_DECK_CHARS = 10_000
# Markers ts_headline puts around hits; replaced by <mark> after the text is escaped.
HIT_START, HIT_STOP = "\x02", "\x03"
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")
_TERM = re.compile(r'(-?)"([^"]*)"|(-?)([^\s"]+)')


def uses_full_text():
    return connection.vendor == "postgresql"


def clean_query(raw):
    """The query as it will be searched: control characters removed, whitespace collapsed,
    cut at a word boundary to MAX_QUERY_CHARS. Returns (query, was_truncated)."""
    query = " ".join(_CONTROL_CHARS.sub(" ", raw or "").split())
    if len(query) <= MAX_QUERY_CHARS:
        return query, False
    cut = query[:MAX_QUERY_CHARS]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut, True


@dataclass
class Term:
    text: str
    excluded: bool


def parse_terms(query):
    """Split websearch syntax into terms, for the fallback engine and near misses."""
    terms = []
    for match in _TERM.finditer(query):
        minus, phrase, minus_word, word = match.groups()
        text = (phrase if phrase is not None else word).strip()
        excluded = bool(minus or minus_word)
        if not text or (not excluded and text.lower() == "or"):
            continue
        terms.append(Term(text, excluded))
    return terms[:MAX_TERMS]


@dataclass
class SearchResults:
    query: str
    page: object
    truncated: bool = False
    near_misses: bool = False

    @property
    def articles(self):
        return self.page.object_list


def search_published(raw_query, page_number=1):
    """Search what readers may see. Each result carries `snippet` (safe HTML)."""
    query, truncated = clean_query(raw_query)
    if not query:
        return SearchResults(query="", page=None)
    published = Article.objects.published().for_listing()
    if uses_full_text():
        page = _paginate(_full_text(published, query), page_number)
        near_misses = False
        if not page.object_list:
            page = _near_miss_page(published, query, page_number)
            near_misses = bool(page.object_list)
        for article in page.object_list:
            article.snippet = render_snippet(article.snippet_text)
    else:
        terms = parse_terms(query)
        page = _paginate(_substring(published, terms), page_number)
        near_misses = False
        for article in page.object_list:
            article.snippet = _fallback_snippet(article, terms)
    return SearchResults(query=query, page=page, truncated=truncated, near_misses=near_misses)


def admin_search(queryset, term):
    """The admin's article search (ArticleAdmin.get_search_results): the same engine over
    every story the admin shows, whatever its status; headline substrings and exact slugs
    also match, because editors search for half-remembered headlines and pasted slugs."""
    query, _ = clean_query(term)
    if not query:
        return queryset
    if uses_full_text():
        search_query = SearchQuery(query, search_type="websearch", config=CONFIG)
        return queryset.filter(
            Q(search_vector=search_query) | Q(headline__icontains=query) | Q(slug=query)
        )
    return queryset.filter(
        Q(pk__in=_substring_matches(parse_terms(query)).values("pk")) | Q(slug=query)
    )


@dataclass
class ResultPage:
    """A page of results without a COUNT(*): a broad word matches a large part of the
    archive, and counting it costs more than finding the page. Newer/Older links only."""

    object_list: list
    number: int
    has_next: bool

    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_next or self.has_previous()

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1

    def start_index(self):
        return (self.number - 1) * PAGE_SIZE + 1

    def __len__(self):
        return len(self.object_list)


def _paginate(queryset, page_number):
    """One query: the page's rows plus one to know whether there is a next page."""
    number = pagination.page_number(page_number) or 1
    start = (number - 1) * PAGE_SIZE
    rows = list(queryset[start : start + PAGE_SIZE + 1])
    if not rows and number > 1:
        return _paginate(queryset, 1)  # past the end (or the ranking window): first page
    return ResultPage(object_list=rows[:PAGE_SIZE], number=number, has_next=len(rows) > PAGE_SIZE)


def _full_text(published, query):
    """Ranks only the newest RANK_WINDOW matches: ranking every match of a broad word reads
    the whole stored document of a large part of the archive."""
    search_query = SearchQuery(query, search_type="websearch", config=CONFIG)
    newest_matches = (
        Article.objects.published()
        .filter(search_vector=search_query)
        .order_by("-published_at", "-pk")
        .values("pk")[:RANK_WINDOW]
    )
    return (
        published.filter(pk__in=newest_matches)
        .annotate(
            rank=SearchRank(F("search_vector"), search_query),
            snippet_text=_headline(search_query),
        )
        .order_by("-rank", "-published_at", "-pk")
    )


def _near_miss_page(published, query, page_number):
    # pg_trgm's default word-similarity cut-off (0.6) misses one-letter slips in short
    # words ("tracktor"); lowered for this transaction only, so the GIN index still serves.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = %s", [NEAR_MISS_THRESHOLD])
        page = _paginate(_near_misses(published, query), page_number)
        page.object_list = list(page.object_list)
    return page


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


def _headline(search_query):
    return SearchHeadline(
        Concat("deck", Value(" "), "body", output_field=TextField()),
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


def _substring_matches(terms):
    matches = Article.objects.all()
    for term in terms:
        hit = (
            Q(headline__icontains=term.text)
            | Q(deck__icontains=term.text)
            | Q(body__icontains=term.text)
            | Q(tags__name__icontains=term.text)
            | Q(bylines__author__name__icontains=term.text)
            | Q(interviewees__person__name__icontains=term.text)
        )
        matching_ids = Article.objects.filter(hit).values("pk")
        matches = (
            matches.exclude(pk__in=matching_ids)
            if term.excluded
            else matches.filter(pk__in=matching_ids)
        )
    return matches


def _substring(published, terms):
    wanted = [term for term in terms if not term.excluded]
    if not wanted:
        return published.none()
    headline_hit = Q()
    for term in wanted:
        headline_hit |= Q(headline__icontains=term.text)
    return (
        published.filter(pk__in=_substring_matches(terms).values("pk"))
        .annotate(
            headline_hit=Case(When(headline_hit, then=1), default=0, output_field=IntegerField())
        )
        .order_by("-headline_hit", "-published_at", "-pk")
    )


def _fallback_snippet(article, terms, width=220):
    text = " ".join(html.unescape(strip_tags(f"{article.deck} {article.body}")).split())
    words = [term.text for term in terms if not term.excluded]
    lowered = text.lower()
    positions = [lowered.find(word.lower()) for word in words if word.lower() in lowered]
    start = max(0, min(positions) - width // 3) if positions else 0
    excerpt = text[start : start + width]
    if start > 0:
        excerpt = "… " + excerpt
    if start + width < len(text):
        excerpt += " …"
    safe = escape(excerpt)
    for word in sorted(words, key=len, reverse=True):
        safe = re.sub(f"({re.escape(escape(word))})", r"<mark>\1</mark>", safe, flags=re.IGNORECASE)
    return safe


# Keeping the stored document current ---------------------------------------------------


def search_document():
    """The weighted document stored in Article.search_vector."""
    article_type = ContentType.objects.get_for_model(Article)
    tag_names = TaggedItem.objects.filter(
        content_type=article_type, object_id=OuterRef("pk")
    ).values("object_id")
    tag_names = tag_names.annotate(names=StringAgg("tag__name", " ")).values("names")
    author_names = Byline.objects.filter(article=OuterRef("pk")).values("article")
    author_names = author_names.annotate(names=StringAgg("author__name", " ")).values("names")
    interviewee_names = Interviewee.objects.filter(article=OuterRef("pk")).values("article")
    interviewee_names = interviewee_names.annotate(names=StringAgg("person__name", " ")).values(
        "names"
    )
    return (
        SearchVector("headline", weight="A", config=CONFIG)
        + SearchVector(Left("deck", SEARCH_DECK_CHARS), weight="B", config=CONFIG)
        + SearchVector(Subquery(tag_names), weight="B", config=CONFIG)
        + SearchVector(Subquery(author_names), weight="B", config=CONFIG)
        + SearchVector(Subquery(interviewee_names), weight="B", config=CONFIG)
        + SearchVector(Left("body", SEARCH_BODY_CHARS), weight="C", config=CONFIG)
    )


def refresh_search_vectors(article_ids):
    """Rebuild the stored document of these stories in one UPDATE (PostgreSQL only)."""
    if not uses_full_text() or not article_ids:
        return
    Article.objects.filter(pk__in=list(article_ids)).update(search_vector=search_document())


def _article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_search_vectors([instance.pk])


def _part_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_search_vectors([instance.article_id])


def _tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if isinstance(instance, Article):
        refresh_search_vectors([instance.pk])
    elif pk_set:
        refresh_search_vectors(pk_set)


def _author_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_search_vectors(instance.bylines.values_list("article_id", flat=True))


def _person_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_search_vectors(instance.interviews.values_list("article_id", flat=True))


def _tag_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        article_type = ContentType.objects.get_for_model(Article)
        refresh_search_vectors(
            TaggedItem.objects.filter(tag=instance, content_type=article_type).values_list(
                "object_id", flat=True
            )
        )


def connect_signals():
    from taggit.models import Tag

    from accounts.models import Author
    from articles.models import Person

    post_save.connect(_article_saved, sender=Article, dispatch_uid="search-article")
    for model in (Byline, Interviewee):
        post_save.connect(_part_changed, sender=model, dispatch_uid=f"search-save-{model.__name__}")
        post_delete.connect(
            _part_changed, sender=model, dispatch_uid=f"search-delete-{model.__name__}"
        )
    m2m_changed.connect(_tags_changed, sender=Article.tags.through, dispatch_uid="search-tags")
    post_save.connect(_author_saved, sender=Author, dispatch_uid="search-author")
    post_save.connect(_person_saved, sender=Person, dispatch_uid="search-person")
    post_save.connect(_tag_saved, sender=Tag, dispatch_uid="search-tag")
