"""What the body pipeline (articles/body/) stores on a story, and how pages read it.

The outputs are rebuilt when the body, its people, bylines or inline photos change
(articles/body/rebuild.py); reading them never parses HTML.
"""

from django.db import models
from django.utils import timezone
from django.utils.safestring import mark_safe

from articles.body import pipeline

BODY_OUTPUT_FIELDS = [
    "body_html",
    "body_feed_html",
    "body_text",
    "body_word_count",
    "body_photos",
    "body_expires_at",
    "body_quotes",
    "body_built_at",
]
WORDS_PER_MINUTE = 230


class StoredBody(models.Model):
    body_html = models.TextField(blank=True, editable=False)
    body_feed_html = models.TextField(blank=True, editable=False)
    body_text = models.TextField(blank=True, editable=False)
    body_word_count = models.PositiveIntegerField(default=0, editable=False)
    # [start, end, ISO expiry] of inline photos in body_html whose usage rights expire.
    body_photos = models.JSONField(default=list, blank=True, editable=False)
    body_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    body_quotes = models.JSONField(default=list, blank=True, editable=False)
    # Null for rows never built (written before migration 0009, or by bulk_create).
    body_built_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def reader_body(self):
        """The story body as readers see it now."""
        if self.body_built_at is None and self.pk is not None:
            # Once per row, then stored: `manage.py rebuild_story_bodies` does all at once.
            self.build_body()
            self.save_body_outputs()
        html = self.body_html
        now = timezone.now()
        if self.body_expires_at is not None and now >= self.body_expires_at:
            html = pipeline.without_expired(html, self.body_photos, now)
        return mark_safe(html)

    @property
    def reading_minutes(self):
        return max(1, round(self.body_word_count / WORDS_PER_MINUTE))

    def build_body(self):
        """Run the pipeline: the sanitised body and every output, on this instance."""
        source = self.body
        built = pipeline.build(self)
        self.body = built.body
        self.body_html = built.html
        self.body_feed_html = built.feed_html
        self.body_text = built.text
        self.body_word_count = built.words
        self.body_photos = built.photos
        self.body_expires_at = built.expires_at
        self.body_quotes = built.quotes
        self.body_built_at = timezone.now()
        self._body_built_from = self.body
        self._body_photo_ids = built.photo_ids
        self._body_source = source
        self._body_unsaved = True

    def save_body_outputs(self):
        """Write the outputs without touching the body, version or times: only while the
        stored body is still the one they were built from (an edit saved meanwhile runs
        its own rebuild)."""
        values = {name: getattr(self, name) for name in BODY_OUTPUT_FIELDS}
        same_body = models.Q(body=self.body) | models.Q(body=self._body_source)
        if type(self)._base_manager.filter(same_body, pk=self.pk).update(**values):
            self.sync_inline_photos()
        self._body_unsaved = False

    def sync_inline_photos(self):
        """Record which photos the body places, so a photo's change finds its stories."""
        ids = getattr(self, "_body_photo_ids", None)
        if ids is None or self.pk is None:
            return
        InlinePhoto.objects.filter(article_id=self.pk).delete()
        InlinePhoto.objects.bulk_create(
            InlinePhoto(article_id=self.pk, photo_id=photo_id) for photo_id in dict.fromkeys(ids)
        )

    def body_is_built(self):
        return getattr(self, "_body_built_from", None) == self.body


class InlinePhoto(models.Model):
    """A photo a story's body places inline, written by the body pipeline. A plain id, not
    a foreign key: a body may name a photo that is gone, and must be rebuilt if it is back."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="inline_photos"
    )
    photo_id = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "photo_id"], name="inline_photo_unique"),
        ]
        indexes = [models.Index(fields=["photo_id"], name="inline_photo_photo_idx")]

    def __str__(self):
        return f"Photo {self.photo_id} in story {self.article_id}"
