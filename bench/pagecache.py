"""How the bench reaches a public page around the full-page cache, whatever this build has.

The page cache (newsroom.middleware.PublicPageCacheMiddleware, when present) keys pages by
their full URL and does not cache URLs whose query string is longer than
MAX_CACHED_QUERY_CHARS. Appending a query parameter one character longer than that limit
therefore reaches the view on every request without filling the cache with junk entries.
The views ignore unknown parameters.
"""

from django.conf import settings

CACHE_MIDDLEWARE = "newsroom.middleware.PublicPageCacheMiddleware"
BYPASS_PARAM = "bench-uncached"


def installed():
    return CACHE_MIDDLEWARE in settings.MIDDLEWARE


def bypass_query():
    """The query-string fragment that makes the page cache step aside ("" if there is none)."""
    if not installed():
        return ""
    from newsroom.middleware import MAX_CACHED_QUERY_CHARS

    return f"{BYPASS_PARAM}={'x' * MAX_CACHED_QUERY_CHARS}"


def uncached(url):
    suffix = bypass_query()
    if not suffix:
        return url
    return f"{url}{'&' if '?' in url else '?'}{suffix}"


def describe():
    if not installed():
        return "none: no full-page cache middleware in this build, every request is uncached"
    return f"{CACHE_MIDDLEWARE}; bypassed with a ?{BYPASS_PARAM}=... query longer than it caches"
