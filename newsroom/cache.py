"""Purging of cached public pages.

Every cached public page key includes a site-wide generation number; bumping it makes
every cached page stale at once. Coarse, but correct with several app servers sharing
one cache, and cheap: newsrooms publish a few times an hour, readers read all day.
"""

import logging
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

GENERATION_KEY = "public-pages:generation"
# Every public request needs the generation; reading it from the cache server each time
# cost as much as serving the cached page. Each process keeps it this long, so a purge from
# another process shows within a second (a purge from this one shows at once).
LOCAL_GENERATION_SECONDS = 1.0
_local = {"generation": None, "read_at": 0.0}
NEXT_CHANGE_KEY = "public-pages:next-change"


def page_generation():
    now = time.monotonic()
    if _local["generation"] is not None and now - _local["read_at"] < LOCAL_GENERATION_SECONDS:
        return _local["generation"]
    generation = cache.get_or_set(GENERATION_KEY, 1, timeout=None)
    _local.update(generation=generation, read_at=now)
    return generation


def forget_local_generation():
    _local["generation"] = None


def purge_public_pages():
    """Runs in transaction.on_commit after the change is saved: a cache outage must not turn
    a successful publish into an error page, so it is logged, not raised."""
    forget_local_generation()
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, 2, timeout=None)
    except Exception:  # noqa: BLE001 - Redis down: nothing is being served from it either
        logger.exception("Could not purge cached public pages")


def page_cache_seconds(now=None):
    """How long a public page may stay cached: PAGE_CACHE_SECONDS, but never past the moment
    a scheduled story goes live or an embargo lifts, since nothing runs then to purge."""
    now = now or timezone.now()
    upcoming = _next_visibility_change(now)
    if upcoming is None:
        return settings.PAGE_CACHE_SECONDS
    return min(settings.PAGE_CACHE_SECONDS, math.floor(upcoming - now.timestamp()))


def _next_visibility_change(now):
    """articles.workflow.next_visibility_change() as a timestamp, asked of the database once
    per purge generation (every publish, schedule or edit purges) or when it has passed."""
    from articles.workflow import next_visibility_change

    generation = page_generation()
    stored = cache.get(NEXT_CHANGE_KEY)
    if (
        stored is not None
        and stored["generation"] == generation
        and (stored["at"] is None or stored["at"] > now.timestamp())
    ):
        return stored["at"]
    upcoming = next_visibility_change(now)
    at = upcoming.timestamp() if upcoming else None
    cache.set(NEXT_CHANGE_KEY, {"generation": generation, "at": at}, timeout=None)
    return at


class PurgesPublicPagesAdmin:
    """ModelAdmin mixin for things readers see on many pages (people, authors, sections):
    saving or deleting one makes cached public pages stale once the change is committed."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        transaction.on_commit(purge_public_pages)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        transaction.on_commit(purge_public_pages)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        transaction.on_commit(purge_public_pages)
