"""Purging of cached public pages.

Every cached public page key includes a site-wide generation number; bumping it makes
every cached page stale at once. Coarse, but correct with several app servers sharing
one cache, and cheap: newsrooms publish a few times an hour, readers read all day.
"""

import logging
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)

GENERATION_KEY = "public-pages:generation"
# Every public request needs the generation; reading it from the cache server each time
# cost as much as serving the cached page. Each process keeps it this long, so a purge from
# another process shows within a second (a purge from this one shows at once).
LOCAL_GENERATION_SECONDS = 1.0
_local = {"generation": None, "read_at": 0.0}


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
