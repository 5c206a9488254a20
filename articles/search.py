"""The stored search document of each story, kept current as stories and what they name
change, and the case and accent folding both search engines share.

PostgreSQL: a weighted tsvector (headline A; deck, tags, bylines and interviewees B; the
body's plain text from articles/body/ C) in Article.search_vector with a GIN index, built with the "newsroom" text search
configuration (migration 0007: english + unaccent, so "Кавалева" finds "Кавалёва"). SQLite:
a fold function registered on each connection. The query parsing and the substring engine
below serve the admin's story search (admin_search) and the reader site's search page
(readers/search.py), which adds ranking, snippets and suggestions.
"""

import logging
import re
import unicodedata
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.backends.signals import connection_created
from django.db.models import Func, OuterRef, Q, Subquery, TextField
from django.db.models.functions import Left
from django.db.models.lookups import Contains
from django.db.models.signals import m2m_changed, post_delete, post_save
from taggit.models import Tag, TaggedItem

from accounts.models import Author
from articles import signals
from articles.models import Article, Byline, Interviewee, Person

logger = logging.getLogger(__name__)

# english plus unaccent for words with non-ASCII letters (migration 0007).
CONFIG = "newsroom"
# PostgreSQL refuses a tsvector over 1 MB, which a very long body (or a hostile one) reaches:
# the stored document takes the start of each long text (a story's first 150,000 characters
# are what anyone searches for; a deck is a sentence or two), so no save fails on it.
SEARCH_BODY_CHARS = 150_000
SEARCH_DECK_CHARS = 10_000


def uses_full_text():
    return connection.vendor == "postgresql"


# Case and accent folding for the substring engine -----------------------------------------

# Letters with no Unicode decomposition that unaccent folds too.
_BASE_LETTERS = {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "ŧ": "t"}


def _fold_char(char):
    lower = char.lower()
    if len(lower) != 1:
        return char
    if lower in _BASE_LETTERS:
        return _BASE_LETTERS[lower]
    base = "".join(c for c in unicodedata.normalize("NFD", lower) if not unicodedata.combining(c))
    # Hangul syllables decompose into several jamo: those stay whole.
    return base if len(base) == 1 else lower


class _FoldTable(dict):
    """str.translate's table, filled on first sight of each character."""

    def __missing__(self, code):
        self[code] = _fold_char(chr(code))
        return self[code]


_FOLD_TABLE = _FoldTable()


# Typographic punctuation common in English copy, each replaced by one ASCII character, so
# that most English text takes the fast path below.
_TYPOGRAPHY = [("\u201c", '"'), ("\u201d", '"'), ("\u2018", "'"), ("\u2019", "'")]
_TYPOGRAPHY += [("\u2013", "-"), ("\u2014", "-"), ("\u00a0", " ")]


def fold(text):
    """Lower case without accents, one character for one ("Кавалёва" -> "кавалева",
    "Sînclair" -> "sinclair"), so positions in the folded text are positions in the text.
    Runs on every row the SQLite engine searches: ASCII stays in C (str.lower), the rest
    goes through a per-character table (about 25 ns a character)."""
    if text.isascii():
        return text.lower()
    for typographic, plain in _TYPOGRAPHY:
        text = text.replace(typographic, plain)
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD_TABLE)


class Fold(Func):
    """fold() in SQL: a function registered on each SQLite connection (see _register_fold)."""

    function = "newsroom_fold"
    output_field = TextField()


def _register_fold(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            Fold.function, 1, lambda text: None if text is None else fold(text), deterministic=True
        )


# Queries: parsing, the substring engine and the admin's search ---------------------------

# Longer queries are cut: nobody types more, and it bounds the work a query can cause.
MAX_QUERY_CHARS = 200
MAX_TERMS = 12
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")
_TERM = re.compile(r'(-?)"([^"]*)"|(-?)([^\s"]+)')


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


def folded_contains(field, text):
    """A folded substring match on SQLite; elsewhere (no fold function) icontains."""
    if connection.vendor == "sqlite":
        return Q(Contains(Fold(field), fold(text)))
    return Q(**{f"{field}__icontains": text})


_SUBSTRING_FIELDS = [
    "headline",
    "deck",
    "body_text",
    "tags__name",
    "bylines__author__name",
    "interviewees__person__name",
]


def substring_matches(terms):
    matches = Article.objects.all()
    for term in terms:
        hit = Q()
        for field in _SUBSTRING_FIELDS:
            hit |= folded_contains(field, term.text)
        matching_ids = Article.objects.filter(hit).values("pk")
        matches = (
            matches.exclude(pk__in=matching_ids)
            if term.excluded
            else matches.filter(pk__in=matching_ids)
        )
    return matches


def admin_search(queryset, term):
    """The admin's story search (ArticleAdmin.get_search_results): the same engine over
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
        Q(pk__in=substring_matches(parse_terms(query)).values("pk")) | Q(slug=query)
    )


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
        + SearchVector(Left("body_text", SEARCH_BODY_CHARS), weight="C", config=CONFIG)
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


def _body_text_changed(sender, article_ids, **kwargs):
    refresh_search_vectors(article_ids)


def _tag_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        article_type = ContentType.objects.get_for_model(Article)
        refresh_search_vectors(
            TaggedItem.objects.filter(tag=instance, content_type=article_type).values_list(
                "object_id", flat=True
            )
        )


def connect_signals():
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
    signals.body_text_changed.connect(_body_text_changed, dispatch_uid="search-body-text")
    connection_created.connect(_register_fold, dispatch_uid="search-sqlite-fold")
