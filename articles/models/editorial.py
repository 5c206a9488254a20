from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEntry(models.Model):
    """One editorial state change. Written only by articles.workflow; never edited."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="audit")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=20)
    to_status = models.CharField(max_length=20)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["article", "-at"], name="audit_article_at_idx")]

    def __str__(self):
        return f"{self.action}: {self.from_status} -> {self.to_status}"


class Revision(models.Model):
    """A snapshot of an article (fields, bylines, tags, lead photo) taken on every save."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    data = models.JSONField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="revision_unique_number"),
        ]

    def __str__(self):
        return f"Revision {self.number} of {self.article_id}"


class Correction(models.Model):
    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        CLARIFICATION = "clarification", "Clarification"
        EDITORS_NOTE = "editors_note", "Editor's note"

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(help_text="Shown to readers on the story and in the corrections log.")
    published_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-published_at"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.article}"


class SlugRedirect(models.Model):
    """An old slug of a story, kept so old links answer 301 to the current URL."""

    old_slug = models.SlugField(max_length=250, unique=True)
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="old_slugs"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.old_slug
