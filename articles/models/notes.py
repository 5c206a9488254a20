"""Editorial notes (a staff-only discussion thread on a story) and the in-app inbox.

Neither is part of the story: no revision, feed, preview or public page reads them.
The rules (who may see, write, resolve; who is told) live in articles.notes and
articles.notifications.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

# Bounded input (DESIGN rule 12): a note is a message, not a second story body.
NOTE_MAX_LENGTH = 5000
QUOTE_MAX_LENGTH = 1000


class Note(models.Model):
    """A note on a story. Without a parent it starts a thread; replies point at the start."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="notes")
    thread = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(max_length=NOTE_MAX_LENGTH)
    quote = models.TextField(
        blank=True,
        max_length=QUOTE_MAX_LENGTH,
        help_text="The passage of the story body this note is about, if any.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Set on the first note of a thread only: the whole thread is resolved at once.
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["article", "created_at"], name="note_article_created_idx"),
            models.Index(
                fields=["resolved_at"],
                name="note_open_thread_idx",
                condition=models.Q(thread__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="note_resolved_only_on_thread_start",
                condition=models.Q(thread__isnull=True) | models.Q(resolved_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"Note {self.pk} on story {self.article_id}"

    @property
    def is_resolved(self):
        return self.resolved_at is not None


class Notification(models.Model):
    """One item in a user's inbox. E-mail, when the user wants it, is sent besides this."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    article = models.ForeignKey(
        "articles.Article", null=True, on_delete=models.CASCADE, related_name="+"
    )
    event = models.CharField(max_length=30)
    message = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set by the e-mail job once the message is sent: a job run twice sends it once.
    emailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
            models.Index(
                fields=["recipient"],
                name="notification_unread_idx",
                condition=models.Q(read_at__isnull=True),
            ),
        ]

    def __str__(self):
        return self.message
