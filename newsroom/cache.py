"""Purging of cached public pages.

Every cached public page key includes a site-wide generation number; bumping it makes
every cached page stale at once. Coarse, but correct with several app servers sharing
one cache, and cheap: newsrooms publish a few times an hour, readers read all day.
"""

from django.core.cache import cache

GENERATION_KEY = "public-pages:generation"


def page_generation():
    return cache.get_or_set(GENERATION_KEY, 1, timeout=None)


def purge_public_pages():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)
