"""How the bench reaches a public page around the full-page cache, whatever this build has.

The page cache (readers.middleware.PublicPageCacheMiddleware, when present) ignores query
parameters pages do not read, so no random parameter bypasses it. It steps aside only for
?page-cache-bypass, and only with the bench-only setting PAGE_CACHE_BENCH_BYPASS on (run.py
sets it). Every response says how it was served (X-Page-Cache: hit|miss|bypass); the bench
refuses a figure whose preflight does not show the state it claims to measure.
"""

from django.conf import settings

CACHE_MIDDLEWARE = "readers.middleware.PublicPageCacheMiddleware"
BYPASS_PARAM = "page-cache-bypass"


def installed():
    return CACHE_MIDDLEWARE in settings.MIDDLEWARE


def bypass_query():
    """The query-string fragment that makes the page cache step aside ("" if there is none)."""
    return f"{BYPASS_PARAM}=1" if installed() else ""


def uncached(url):
    suffix = bypass_query()
    if not suffix:
        return url
    return f"{url}{'&' if '?' in url else '?'}{suffix}"


def not_bypassed(response):
    """Why a response that should have gone around the page cache did not ("" if it did)."""
    if not installed():
        return ""
    state = response.headers.get("X-Page-Cache", "absent")
    return "" if state == "bypass" else f"X-Page-Cache: {state}, not bypass"


def describe():
    if not installed():
        return "none: no full-page cache middleware in this build, every request is uncached"
    return (
        f"{CACHE_MIDDLEWARE}; bypassed with ?{BYPASS_PARAM} "
        f"(PAGE_CACHE_BENCH_BYPASS={'on' if settings.PAGE_CACHE_BENCH_BYPASS else 'OFF'})"
    )
