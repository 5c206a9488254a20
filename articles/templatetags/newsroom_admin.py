"""Admin-only template helpers: state names and the editorial queue on the index page."""

from django import template
from django.db.models import OuterRef, Prefetch, Subquery

from articles import workflow
from articles.models import Article, AuditEntry, Byline, Status

register = template.Library()

QUEUE_SIZE = 10


@register.filter
def state_name(value):
    return workflow.STATE_LABELS.get(value, value)


@register.simple_tag(takes_context=True)
def editorial_queue(context):
    """What waits for this user: editors see review and publish queues, reporters their own."""
    user = context["request"].user
    stories = (
        workflow.visible_to(user)
        .select_related("section")
        .prefetch_related(Prefetch("bylines", queryset=Byline.objects.select_related("author")))
    )
    queues = []
    if workflow.may(user, "approve"):
        queues.append(
            (
                "Needs review",
                "needs_review",
                stories.filter(status=Status.IN_REVIEW).order_by("updated_at"),
            )
        )
    if workflow.may(user, "publish"):
        queues.append(
            (
                "Ready to publish",
                "ready",
                stories.filter(status=Status.APPROVED).order_by("updated_at"),
            )
        )
        queues.append(
            (
                "Scheduled",
                "scheduled",
                stories.filter(pk__in=Article.objects.scheduled().values("pk")).order_by(
                    "published_at"
                ),
            )
        )
    if user.has_perm("articles.add_article"):
        latest_step = AuditEntry.objects.filter(article=OuterRef("pk")).order_by("-at", "-id")
        mine = Article.objects.filter(workflow.owned_by(user)).values("pk")
        queues.append(
            (
                "My drafts",
                "my_drafts",
                stories.filter(status=Status.DRAFT, pk__in=mine)
                .annotate(
                    last_action=Subquery(latest_step.values("action")[:1]),
                    last_note=Subquery(latest_step.values("note")[:1]),
                )
                .order_by("-updated_at"),
            )
        )
    return [
        {
            "title": title,
            "key": key,
            "stories": list(queryset[:QUEUE_SIZE]),
            "count": queryset.count(),
        }
        for title, key, queryset in queues
    ]
