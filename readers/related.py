"""Stories to read next on an article page: both lists in one query whatever the archive size.

Ranking every published story by shared tags grows with the archive (a join of every story
to its tags, then a sort). Instead a few small, index-ordered candidate sets are taken:
the newest stories sharing a tag, the newest of the same section and the newest by the same
authors. Only those candidates are ranked, in Python.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from taggit.models import TaggedItem

from articles.models import Article, Byline

RELATED_COUNT = 4
MORE_BY_AUTHOR_COUNT = 4
# How many of the newest stories sharing a tag are ranked: enough that the best matches are
# among them, few enough that a popular tag costs the same at 100,000 stories as at 1,000.
TAG_CANDIDATES = 200
# What a read-next link shows: headline and date (get_absolute_url needs created_at too).
LINK_FIELDS = ("headline", "slug", "section_id", "published_at", "created_at")


def _newest_ids(queryset, limit):
    return queryset.order_by("-published_at", "-pk").values("pk")[:limit]


def _candidate_ids(article, others, tag_ids, author_ids, related_limit, more_limit):
    """A subquery of the stories worth ranking."""
    parts = [_newest_ids(others.filter(section_id=article.section_id), related_limit)]
    if tag_ids:
        # Read from the tag index, newest (highest id) first: walking the stories newest
        # first and probing their tags costs a scan of the archive when the tags are rare.
        parts.append(
            TaggedItem.objects.filter(
                tag_id__in=tag_ids, content_type=ContentType.objects.get_for_model(Article)
            )
            .exclude(object_id=article.pk)
            .order_by("-object_id")
            .values("object_id")[:TAG_CANDIDATES]
        )
    if author_ids:
        theirs = others.filter(
            pk__in=Byline.objects.filter(author_id__in=author_ids).values("article_id")
        )
        # Enough that `more_limit` remain after leaving out those shown as related.
        parts.append(_newest_ids(theirs, related_limit + more_limit))
    if connection.features.supports_slicing_ordering_in_compound:
        # One UNION: PostgreSQL cannot use the primary key for an OR of IN (subquery)s.
        return Q(pk__in=parts[0].union(*parts[1:], all=True)) if parts[1:] else Q(pk__in=parts[0])
    wanted = Q()
    for part in parts:
        wanted |= Q(pk__in=part)
    return wanted


def read_next(article, related_limit=RELATED_COUNT, more_limit=MORE_BY_AUTHOR_COUNT):
    """(related, more_by_authors) in one query. Related: published stories sharing the most
    tags, then others from the section, newest first. More by authors: other stories by this
    story's authors not already in related, newest first. Reads article.tags.all() and
    article.bylines.all(), so prefetch "tags" and "bylines"."""
    tag_ids = [tag.pk for tag in article.tags.all()]
    author_ids = [byline.author_id for byline in article.bylines.all()]
    others = Article.objects.published().exclude(pk=article.pk)
    wanted = _candidate_ids(article, others, tag_ids, author_ids, related_limit, more_limit)
    if tag_ids:
        shared = Coalesce(
            Subquery(
                TaggedItem.objects.filter(
                    object_id=OuterRef("pk"),
                    content_type=ContentType.objects.get_for_model(Article),
                    tag_id__in=tag_ids,
                )
                .order_by()
                .values("object_id")
                .annotate(count=Count("*"))
                .values("count")
            ),
            0,
        )
    else:
        shared = Value(0, output_field=IntegerField())
    if author_ids:
        by_authors = Exists(Byline.objects.filter(article=OuterRef("pk"), author_id__in=author_ids))
    else:
        by_authors = Value(False)
    candidates = list(
        others.filter(wanted)
        .only(*LINK_FIELDS)
        .annotate(shared_tags=shared, by_authors=by_authors)
        .order_by()
    )

    def newest_first(story):
        return (story.published_at, story.pk)

    candidates.sort(key=newest_first, reverse=True)
    related = sorted(
        (
            story
            for story in candidates
            if story.shared_tags or story.section_id == article.section_id
        ),
        key=lambda story: story.shared_tags,
        reverse=True,  # stable: newest first among equals
    )[:related_limit]
    shown = {story.pk for story in related}
    more = [story for story in candidates if story.by_authors and story.pk not in shown]
    return related, more[:more_limit]


def related_stories(article, limit=RELATED_COUNT):
    return read_next(article, related_limit=limit)[0]


def more_by_authors(article, exclude=(), limit=MORE_BY_AUTHOR_COUNT):
    """Other published stories by this story's authors, newest first, leaving out `exclude`."""
    excluded = {story.pk for story in exclude}
    _, more = read_next(article, more_limit=limit + len(excluded))
    return [story for story in more if story.pk not in excluded][:limit]
