from django.db import models
from django.utils import timezone


class PendingPurge(models.Model):
    """A purge of cached public pages not yet known to have reached the cache.

    Written in the same transaction as the change it purges for (readers/cache.py), deleted
    once the purge succeeds. While one exists the page cache serves no hits and the admin
    warns editors.
    """

    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]
        # The table was made by articles (migration 0007) before this app existed; the
        # model moved here by state only (readers 0001, articles 0009), the rows stayed.
        db_table = "articles_pendingpurge"

    def __str__(self):
        return f"Purge pending since {self.created_at:%Y-%m-%d %H:%M:%S}"
