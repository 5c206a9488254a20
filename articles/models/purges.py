from django.db import models
from django.utils import timezone


class PendingPurge(models.Model):
    """A purge of cached public pages not yet known to have reached the cache.

    Written in the same transaction as the change it purges for (newsroom/cache.py), deleted
    once the purge succeeds. While one exists the page cache serves no hits and the admin
    warns editors. Lives here until the reader-site app owns the page cache.
    """

    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"Purge pending since {self.created_at:%Y-%m-%d %H:%M:%S}"
