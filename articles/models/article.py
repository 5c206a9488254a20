from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models, transaction
from django.db.models import Min, Q
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager

from articles import slugs
from articles.models import story_page
from articles.models.body import BODY_OUTPUT_FIELDS, StoredBody


class Section(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Sections are listed in this order in the site navigation."
    )

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("readers:section", kwargs={"slug": self.slug})


class Kind(models.TextChoices):
    NEWS = "news", "News"
    INTERVIEW = "interview", "Interview"
    FEATURE = "feature", "Feature"
    OPINION = "opinion", "Opinion"
    ANALYSIS = "analysis", "Analysis"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    UNPUBLISHED = "unpublished", "Unpublished"


# Visibility: what readers see of a story at a moment -------------------------------------
# One definition in two forms that must agree (tests/articles/test_visibility_model.py pairs
# them for every state): ArticleQuerySet.published(now) for queries, Article.visibility(now)
# for one story in hand (the admin's state label, the workflow). A story is public from
# `public_from` = the later of its publish time and its embargo, while its status is published.


class PublicState(models.TextChoices):
    LIVE = "live", "Live"
    SCHEDULED = "scheduled", "Scheduled"  # goes live at its publish time
    EMBARGOED = "embargoed", "Embargoed"  # held back until the embargo lifts
    NOT_PUBLIC = "not_public", "Not public"  # draft, in review, approved or unpublished


@dataclass(frozen=True)
class Visibility:
    state: str
    # When readers start to see it by the clock alone (scheduled: go-live; embargoed: the
    # embargo's end). None when nothing will change without an editor.
    changes_at: datetime | None = None

    @property
    def is_public(self):
        return self.state == PublicState.LIVE


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """The one definition of what readers may see (DESIGN rule 1); Article.visibility()
        is the same rule for one story in hand.

        Visibility is decided at query time, so scheduled stories appear at their
        publish time with no cron job, and embargoes cannot be jumped.
        """
        now = now or timezone.now()
        return self.filter(
            Q(embargo_until__isnull=True) | Q(embargo_until__lte=now),
            status=Status.PUBLISHED,
            published_at__lte=now,
        )

    def scheduled(self, now=None):
        """Published stories whose publish time is still ahead (the desk's schedule)."""
        now = now or timezone.now()
        return self.filter(status=Status.PUBLISHED, published_at__gt=now)

    def next_visibility_change(self, now=None):
        """When the public site next changes by the clock alone (a scheduled story goes live
        or an embargo lifts), or None. Nothing runs at that moment: caches of public pages
        must not be kept past it."""
        now = now or timezone.now()
        public_from = Greatest("published_at", Coalesce("embargo_until", "published_at"))
        return (
            self.filter(status=Status.PUBLISHED)
            .filter(Q(published_at__gt=now) | Q(embargo_until__gt=now))
            .aggregate(at=Min(public_from))["at"]
        )

    def for_listing(self):
        """What a story card needs, in a constant number of queries (without the stored
        search document and body outputs, which can be larger than the story)."""
        return (
            self.defer("search_vector", "body_html", "body_feed_html", "body_photos", "body_quotes")
            .select_related("section", "lead_photo", "lead_photo__source")
            .prefetch_related(
                models.Prefetch("bylines", queryset=Byline.objects.select_related("author")),
                # Story cards render a <picture> from the lead photo's renditions.
                "lead_photo__renditions",
            )
        )

    def for_story_page(self):
        """The story page in few queries: the story with its section and lead photo; tags,
        interviewees, corrections and the photo's renditions as JSON in the same row
        (articles.models.story_page); bylines and their authors in one more."""
        queryset = story_page.annotate(
            # The page shows the stored reader HTML (articles/body/), not the other outputs.
            self.defer("search_vector", "body_feed_html", "body_text", "body_quotes")
            .select_related("section", "lead_photo", "lead_photo__source")
            .prefetch_related(
                models.Prefetch(
                    "bylines", queryset=Byline.objects.select_related("author", "author__photo")
                )
            )
        )
        queryset._iterable_class = story_page.StoryPageIterable
        return queryset


class Article(StoredBody, models.Model):
    headline = models.CharField(max_length=250)
    slug = models.SlugField(
        max_length=250, unique=True, help_text="The last part of the story URL."
    )
    deck = models.TextField(
        blank=True, help_text="One or two sentences under the headline; used as the summary."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NEWS)
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    body = ProseEditorField(
        config={
            "extensions": {
                "Bold": True,
                "Italic": True,
                "Strike": True,
                "Underline": True,
                "Subscript": True,
                "Superscript": True,
                "HardBreak": True,
                "Heading": {"levels": [2, 3, 4]},
                "BulletList": True,
                "OrderedList": True,
                "ListItem": True,
                "Blockquote": True,
                "HorizontalRule": True,
                "Link": {"protocols": ["http", "https", "mailto", "tel"]},
                # photos.prose: <figure class="inline-photo" data-photo="ID">
                "InlinePhoto": True,
                # articles.prose: Ctrl+Alt+Q / A / P for Question, Answer, Pull quote
                "InterviewShortcuts": True,
                "NodeClass": {
                    "cssClasses": {
                        "paragraph": [
                            {"className": "question", "title": "Question"},
                            {"className": "answer", "title": "Answer"},
                        ],
                        "blockquote": [{"className": "pull-quote", "title": "Pull quote"}],
                    }
                },
            }
        },
        sanitize=True,
        blank=True,
    )
    lead_photo = models.ForeignKey(
        "photos.Photo",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lead_for",
    )
    dateline = models.CharField(
        max_length=100, blank=True, help_text='Where the story was reported, e.g. "SEOUL".'
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    published_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When readers may first see the story."
    )
    embargo_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Never visible before this time, whatever else happens.",
    )
    updated_for_readers_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text='Shown as "Updated" when an editor marks a change as meaningful.',
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="created_articles",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: bumped on every save, compared with the version the editor opened.
    version = models.PositiveIntegerField(default=1, editable=False)

    # Interview details (used when kind is interview).
    interview_date = models.DateField(null=True, blank=True)
    interview_place = models.CharField(max_length=200, blank=True)
    interview_method = models.CharField(
        max_length=20,
        blank=True,
        choices=[
            ("in_person", "In person"),
            ("phone", "By phone"),
            ("video", "By video call"),
            ("email", "By e-mail"),
        ],
    )
    interview_occasion = models.CharField(
        max_length=250, blank=True, help_text='e.g. "ahead of the July 3 Belarus Republic Day"'
    )
    interview_note = models.CharField(
        max_length=250,
        blank=True,
        help_text='e.g. "This interview has been condensed and edited for clarity."',
    )

    tags = TaggableManager(blank=True)

    # Weighted full-text document kept up to date by articles.search (PostgreSQL only; its GIN
    # index is created by migration 0003 so SQLite never sees it).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        indexes = [
            # Front page, section and archive lists: published stories newest first.
            models.Index(fields=["status", "-published_at"], name="article_status_pub_idx"),
            # Section pages.
            models.Index(
                fields=["section", "status", "-published_at"], name="article_section_pub_idx"
            ),
            # Every public list (published(), newest first): front page, feeds, and the tag and
            # author pages, which walk it newest-first and probe each story's tags/bylines so
            # their cost does not grow with the archive. embargo_until is in the index so the
            # paginators' COUNT(*) is an index-only scan.
            models.Index(
                fields=["-published_at", "-created_at", "embargo_until"],
                condition=Q(status="published"),
                name="article_visible_order_idx",
            ),
            # The admin article list (newest change first, plus the pk the changelist adds for a
            # stable order): its first page is read from the index instead of sorting every
            # story, and the date hierarchy's first/last dates come from its ends.
            models.Index(fields=["-updated_at", "-id"], name="article_admin_order_idx"),
            # The story sitemap's lastmod: the newest "updated for readers" time, read from
            # this small index (few stories are ever marked updated) instead of a scan.
            models.Index(
                fields=["-updated_for_readers_at"],
                condition=Q(status="published", updated_for_readers_at__isnull=False),
                name="article_reader_update_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="article_published_has_time",
                condition=~Q(status="published") | Q(published_at__isnull=False),
            ),
        ]
        permissions = [
            ("submit_article", "Can submit a story for review"),
            ("approve_article", "Can approve or return a story"),
            ("publish_article", "Can publish, schedule and unpublish a story"),
            ("add_correction_article", "Can add a public correction"),
            ("edit_any_article", "Can edit any story in any state"),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        when = timezone.localtime(self.published_at or self.created_at)
        return reverse(
            "readers:detail",
            kwargs={
                "year": when.year,
                "month": f"{when.month:02d}",
                "day": f"{when.day:02d}",
                "slug": self.slug,
            },
        )

    @property
    def is_interview(self):
        return self.kind == Kind.INTERVIEW

    # Visibility (the rule of ArticleQuerySet.published(), for one story) ------------------

    @property
    def public_from(self):
        """When readers may first see the story: the later of its publish time and its
        embargo; None unless its status is published."""
        if self.status != Status.PUBLISHED or self.published_at is None:
            return None
        if self.embargo_until and self.embargo_until > self.published_at:
            return self.embargo_until
        return self.published_at

    def visibility(self, now=None):
        """Live, scheduled (go-live at), embargoed (until) or not public, at `now`."""
        now = now or timezone.now()
        start = self.public_from
        if start is None:
            return Visibility(PublicState.NOT_PUBLIC)
        if start <= now:
            return Visibility(PublicState.LIVE)
        # The embargo holds it back only when it ends after the publish time.
        if self.embargo_until and self.embargo_until > self.published_at:
            return Visibility(PublicState.EMBARGOED, start)
        return Visibility(PublicState.SCHEDULED, start)

    @property
    def next_visibility_change(self):
        return self.visibility().changes_at

    def save(self, *args, **kwargs):
        # The body pipeline runs on every save that writes the body (articles/body/).
        update_fields = kwargs.get("update_fields")
        build = update_fields is None or "body" in update_fields
        if build:
            self.build_body()
            self._body_unsaved = False  # the row written below carries the outputs
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, *BODY_OUTPUT_FIELDS}
        self._save_row(*args, **kwargs)
        if build:
            self.sync_inline_photos()

    def _save_row(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugs.story_slug(self.headline)
        if self.slug:
            super().save(*args, **kwargs)
            return
        # Nothing in the headline to make an address from ("★★★"): the story id is.
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)
            self.slug = slugs.fallback_slug(self.pk)
            type(self).objects.filter(pk=self.pk).update(slug=self.slug)


class Byline(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey("accounts.Author", on_delete=models.PROTECT, related_name="bylines")
    role = models.CharField(
        max_length=100, blank=True, help_text='e.g. "Interview by", "Photos by". Blank means "By".'
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "author", "role"], name="byline_unique_author_role"
            ),
        ]
        indexes = [
            # Author pages: an author's bylines.
            models.Index(fields=["author", "article"], name="byline_author_article_idx"),
        ]

    def __str__(self):
        return f"{self.role or 'By'} {self.author}"

    @property
    def role_label(self):
        return self.role or "By"
