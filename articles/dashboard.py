"""My work: what the admin index shows each role. Every list is bounded (LIMIT, with
select_related/prefetch), so the page costs the same few queries however big the archive.

Reporter: my drafts, submitted and waiting, returned to me (with the note), scheduled,
recently published, notes awaiting my reply. Editor: needs review, ready to publish,
scheduled (by day in the newsroom's time zone), recently published, unresolved notes.
Photo desk: photos missing alt text or credit, rights expiring soon, photos used by stories
in review.
"""

from dataclasses import dataclass, field
from itertools import groupby
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from articles import notes, workflow
from articles.models import Article, AuditEntry, Byline, InlinePhoto, Note, Status
from photos import rights
from photos.models import CreditKind, Photo

LIMIT = 10
# How far back "recently published" looks.
RECENT_DAYS = 14


@dataclass
class Section:
    key: str
    title: str
    items: list
    link: str = ""
    kind: str = "stories"  # or "notes", "photos", "days"
    more: bool = False
    groups: list = field(default_factory=list)
    zone: str = ""  # named after the times shown (scheduled stories), e.g. "Asia/Seoul"


def _limited(queryset):
    rows = list(queryset[: LIMIT + 1])
    return rows[:LIMIT], len(rows) > LIMIT


def _stories_section(key, title, queryset, link="", **kwargs):
    items, more = _limited(queryset)
    return Section(key, title, items, link, more=more, **kwargs)


def _stories(user):
    # Lists need no body or search document: leave the big columns in the database.
    return (
        workflow.visible_to(user)
        .defer("body", "search_vector")
        .select_related("section")
        .prefetch_related(Prefetch("bylines", queryset=Byline.objects.select_related("author")))
    )


def _changelist(**query):
    url = reverse("admin:articles_article_changelist")
    return url + "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else url


def _with_last_step(queryset):
    latest = AuditEntry.objects.filter(article=OuterRef("pk")).order_by("-at", "-id")
    return queryset.annotate(
        last_action=Subquery(latest.values("action")[:1]),
        last_note=Subquery(latest.values("note")[:1]),
    )


def _threads(queryset):
    return (
        queryset.filter(thread=None, resolved_at=None)
        .annotate(last_author=notes.last_author_of_thread())
        .select_related("article", "author")
        .order_by("-created_at", "-id")
    )


def for_user(user, now=None):
    """The sections of this user's dashboard, in order (empty for no known role)."""
    now = now or timezone.now()
    if workflow.may(user, "approve"):
        return editor_sections(user, now)
    if user.has_perm("articles.add_article"):
        return reporter_sections(user, now)
    if user.has_perm("photos.edit_any_photo"):
        return photo_desk_sections(now)
    return []


def reporter_sections(user, now):
    mine = _stories(user).filter(
        pk__in=Article.objects.filter(workflow.owned_by(user)).values("pk")
    )
    drafts = _with_last_step(mine.filter(status=Status.DRAFT))
    # Annotations can be NULL (no step taken yet): NOT (NULL = 'return') would hide them.
    returned = Q(last_action="return")
    not_returned = Q(last_action__isnull=True) | ~returned
    recent = now - timezone.timedelta(days=RECENT_DAYS)
    visible_threads = Note.objects.filter(article__in=mine.values("pk"))
    waiting_on_me = _threads(visible_threads).filter(
        Q(last_author__isnull=True) | ~Q(last_author=user.pk)
    )
    return [
        _stories_section(
            "returned", "Returned to me", drafts.filter(returned).order_by("-updated_at")
        ),
        _stories_section(
            "my_drafts",
            "My drafts",
            drafts.filter(not_returned).order_by("-updated_at"),
            _changelist(queue="my_drafts"),
        ),
        _stories_section(
            "waiting",
            "Submitted, waiting",
            mine.filter(status__in=[Status.IN_REVIEW, Status.APPROVED]).order_by("updated_at"),
        ),
        _stories_section(
            "scheduled",
            "Scheduled",
            mine.filter(pk__in=Article.objects.scheduled(now).values("pk")).order_by(
                "published_at"
            ),
            zone=settings.TIME_ZONE,
        ),
        _stories_section(
            "published",
            "Recently published",
            mine.filter(
                status=Status.PUBLISHED, published_at__lte=now, published_at__gte=recent
            ).order_by("-published_at"),
        ),
        _stories_section("notes", "Notes awaiting my reply", waiting_on_me, kind="notes"),
    ]


def editor_sections(user, now):
    stories = _stories(user)
    recent = now - timezone.timedelta(days=RECENT_DAYS)
    scheduled = _stories_section(
        "scheduled",
        "Scheduled",
        stories.filter(pk__in=Article.objects.scheduled(now).values("pk")).order_by("published_at"),
        _changelist(queue="scheduled"),
        kind="days",
        zone=settings.TIME_ZONE,
    )
    zone = ZoneInfo(settings.TIME_ZONE)
    scheduled.groups = [
        (day, list(group))
        for day, group in groupby(
            scheduled.items, key=lambda story: story.published_at.astimezone(zone).date()
        )
    ]
    return [
        _stories_section(
            "needs_review",
            "Needs review",
            stories.filter(status=Status.IN_REVIEW).order_by("updated_at"),
            _changelist(queue="needs_review"),
        ),
        _stories_section(
            "ready",
            "Ready to publish",
            stories.filter(status=Status.APPROVED).order_by("updated_at"),
            _changelist(queue="ready"),
        ),
        scheduled,
        _stories_section(
            "published",
            "Recently published",
            stories.filter(
                status=Status.PUBLISHED, published_at__lte=now, published_at__gte=recent
            ).order_by("-published_at"),
        ),
        _stories_section(
            "notes",
            "Unresolved notes",
            _threads(Note.objects.filter(article__in=stories.values("pk"))),
            kind="notes",
        ),
    ]


def missing_credit():
    """Photos that cannot go out as they are: no credit kind chosen yet (publishing is
    blocked until it is), or a credit line (photos.credits.credit_line) that comes out
    empty: kinds that name nobody unless a photographer or source is given."""
    names_nobody = [CreditKind.HANDOUT, CreditKind.FILE, CreditKind.READER]
    return Q(credit_kind="") | (
        Q(photographer="", source__isnull=True) & ~Q(credit_kind__in=names_nobody)
    )


def photo_desk_sections(now):
    photos = Photo.objects.select_related("source")
    today = timezone.localdate(now)
    in_review = Article.objects.filter(status=Status.IN_REVIEW).order_by("updated_at")
    lead_ids = in_review.exclude(lead_photo=None).values("lead_photo")
    # Kept by the body pipeline when the stories were saved: no body is parsed here.
    inline_ids = InlinePhoto.objects.filter(article__in=in_review).values("photo_id")
    return [
        _stories_section(
            "missing",
            "Missing alt text or credit",
            photos.filter(Q(alt_text="") | missing_credit()).order_by("-created_at"),
            reverse("admin:photos_photo_changelist"),
            kind="photos",
        ),
        _stories_section(
            "expiring",
            f"Rights expiring within {rights.EXPIRING_WITHIN_DAYS} days",
            rights.expiring_soon(photos, on=today).order_by("rights_expire_on"),
            kind="photos",
        ),
        _stories_section(
            "in_review",
            "Used by stories in review",
            photos.filter(Q(pk__in=lead_ids) | Q(pk__in=inline_ids)).order_by("-created_at"),
            kind="photos",
        ),
    ]
