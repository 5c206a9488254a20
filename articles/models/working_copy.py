from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class WorkingCopy(models.Model):
    """One person's unsaved form content for one story, kept by autosave (articles.autosave).

    Not a revision: the story, its public page and its history never change because of it.
    A story not yet saved has no row in Article, so it is keyed by an id its page made.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="working_copies"
    )
    article = models.ForeignKey(
        "articles.Article",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="working_copies",
    )
    draft_key = models.UUIDField(null=True, blank=True)
    # The change form's POST fields (name -> list of values), body HTML included.
    data = models.JSONField()
    # The story version the form was opened at: restoring onto a newer one is a conflict.
    base_version = models.PositiveIntegerField(null=True, blank=True)
    # The story at base_version (revisions.snapshot), when known: what the person changed is
    # the copy against this, not against a story someone else has saved since.
    base = models.JSONField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"],
                condition=Q(article__isnull=False),
                name="workingcopy_one_per_user_story",
            ),
            models.UniqueConstraint(
                fields=["user", "draft_key"],
                condition=Q(draft_key__isnull=False),
                name="workingcopy_one_per_user_new_story",
            ),
            models.CheckConstraint(
                condition=Q(article__isnull=False, draft_key__isnull=True)
                | Q(article__isnull=True, draft_key__isnull=False),
                name="workingcopy_story_xor_draft_key",
            ),
        ]

    def __str__(self):
        return f"Working copy of {self.article_id or self.draft_key} by {self.user_id}"
