"""Purging of cached public pages.

Every cached public page key includes a site-wide generation number; bumping it makes
every cached page stale at once. Coarse, but correct with several app servers sharing
one cache, and cheap: newsrooms publish a few times an hour, readers read all day.
"""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)

GENERATION_KEY = "public-pages:generation"


def page_generation():
    return cache.get_or_set(GENERATION_KEY, 1, timeout=None)


def purge_public_pages():
    """Runs in transaction.on_commit after the change is saved: a cache outage must not turn
    a successful publish into an error page, so it is logged, not raised."""
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, 2, timeout=None)
    except Exception:  # noqa: BLE001 - Redis down: nothing is being served from it either
        logger.exception("Could not purge cached public pages")
