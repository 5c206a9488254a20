"""Stories to read next on an article page, each list in a constant number of queries."""

from django.db.models import Count, IntegerField, Q, Value

from articles.models import Article, Byline

RELATED_COUNT = 4
MORE_BY_AUTHOR_COUNT = 4


def related_stories(article, limit=RELATED_COUNT):
    """Published stories sharing the most tags with this one, then others from its section.
    Reads article.tags.all(), so prefetch "tags"."""
    tag_ids = [tag.pk for tag in article.tags.all()]
    candidates = Article.objects.published().exclude(pk=article.pk)
    if tag_ids:
        candidates = candidates.filter(Q(tags__in=tag_ids) | Q(section_id=article.section_id))
        shared = Count("tags", filter=Q(tags__in=tag_ids), distinct=True)
    else:
        candidates = candidates.filter(section_id=article.section_id)
        shared = Value(0, output_field=IntegerField())
    return list(
        candidates.annotate(shared_tags=shared)
        .order_by("-shared_tags", "-published_at", "-pk")
        .for_listing()[:limit]
    )


def more_by_authors(article, exclude=(), limit=MORE_BY_AUTHOR_COUNT):
    """Other published stories by this story's authors, newest first. Reads
    article.bylines.all(), so prefetch "bylines"."""
    author_ids = [byline.author_id for byline in article.bylines.all()]
    if not author_ids:
        return []
    their_stories = Byline.objects.filter(author_id__in=author_ids).values("article_id")
    return list(
        Article.objects.published()
        .filter(pk__in=their_stories)
        .exclude(pk=article.pk)
        .exclude(pk__in=[story.pk for story in exclude])
        .order_by("-published_at", "-pk")
        .for_listing()[:limit]
    )
