"""Fast public pages: whole-page cache and HTTP caching for anonymous readers.

Anonymous GETs of public pages (the `readers` URL namespace: pages, feeds, sitemaps) are
cached whole, keyed by URL and readers.cache.page_generation(), so a purge after
publishing makes every cached page stale at once. They carry Cache-Control with s-maxage
and stale-while-revalidate for the CDN, an ETag and Last-Modified, and conditional requests
get 304. Logged-in users, previews (which send their own Cache-Control), the admin and
anything but a 200 are never cached nor served from the cache. When the cache backend is
down the page is served uncached and a warning is logged.

Every response says how it was served: `X-Page-Cache: hit|miss|bypass`. The Host header is
checked before a hit is served, as Django checks it for every other response. The key keeps
only the query parameters public pages read (PAGE_QUERY_PARAMS), and the view sees only
those: a random query string can neither bypass the cache nor fill it with copies.
"""

import hashlib
import logging
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import QueryDict
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers, get_conditional_response
from django.utils.http import http_date, parse_http_date_safe

from newsroom.views import service_unavailable
from readers.cache import page_cache_seconds, page_generation, pending_purges_block_hits

logger = logging.getLogger(__name__)

PUBLIC_NAMESPACES = {"readers"}
# Hits skip the middlewares after this one, so the headers they add are kept with the page.
KEPT_HEADERS = [
    "Content-Type",
    "Content-Language",
    "ETag",
    "Last-Modified",
    "X-Robots-Tag",
    "Content-Security-Policy",
    "X-Frame-Options",
]
MAX_CACHED_QUERY_CHARS = 200
# The query parameters public pages read (search, listings, paged sitemaps); others are
# dropped before the view and the cache key see them.
PAGE_QUERY_PARAMS = ("q", "page", "p")
# Honoured only with settings.PAGE_CACHE_BENCH_BYPASS on (make bench): skip the page cache.
BYPASS_PARAM = "page-cache-bypass"
_WARN_EVERY_SECONDS = 60
_last_warning = {"at": 0.0}


def _warn_cache_down(exc):
    # Once a minute per process, not once per request, so a Redis outage does not flood logs.
    now = time.monotonic()
    if now - _last_warning["at"] >= _WARN_EVERY_SECONDS:
        _last_warning["at"] = now
        logger.warning("Page cache unavailable, serving uncached: %s: %s", type(exc).__name__, exc)


def is_public_page(request):
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.namespace in PUBLIC_NAMESPACES


def public_cache_control():
    return (
        f"public, max-age={settings.PUBLIC_BROWSER_MAX_AGE}, "
        f"s-maxage={settings.PUBLIC_CDN_MAX_AGE}, "
        f"stale-while-revalidate={settings.PUBLIC_STALE_WHILE_REVALIDATE}"
    )


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not is_public_page(request):
            return self.bypass(self.get_response(request))
        # A page cached for one host is not an answer for another: DisallowedHost (400)
        # before the cache, as for every uncached response.
        request.get_host()
        if self.bench_bypass(request):
            return self.bypass(self.get_response(request))
        self.normalise_query(request)
        # Sits right after WhiteNoise so a hit skips the rest of the stack. Without a
        # session cookie nobody can be signed in, so that is all a hit needs to know.
        may_use_cache = request.method == "GET" and not self.has_session(request)
        key = self.cache_key(request) if may_use_cache else None
        cached = self.cache_get(key)
        if cached is not None and pending_purges_block_hits():
            # A purge never reached the cache: this entry may show a story taken down since.
            cached = None
            key = self.cache_key(request)
        if cached is not None:
            response = self.rebuild(cached)
            return self.labelled(self.conditional(request, response), "hit")

        response = self.get_response(request)
        try:
            user = getattr(request, "user", None)
            signed_in = user is not None and user.is_authenticated
        except DatabaseError:
            # The session could not be read: the database is down.
            return self.bypass(service_unavailable(request))
        if signed_in:
            # Staff see the same URLs as readers: keep shared caches from storing their view.
            add_never_cache_headers(response)
            return self.bypass(response)
        if not self.cacheable(response):
            return self.bypass(response)
        self.add_validators(response)
        response.headers["Cache-Control"] = public_cache_control()
        stored = key is not None and self.cache_set(key, response)
        return self.labelled(self.conditional(request, response), "miss" if stored else "bypass")

    def labelled(self, response, how):
        response.headers["X-Page-Cache"] = how
        return response

    def bypass(self, response):
        return self.labelled(response, "bypass")

    def bench_bypass(self, request):
        return settings.PAGE_CACHE_BENCH_BYPASS and BYPASS_PARAM in request.GET

    def normalise_query(self, request):
        """Keep only the parameters pages read, in a fixed order, for the view and the key."""
        query = request.META.get("QUERY_STRING", "")
        if not query:
            return
        # Read through request.GET, which decodes as Django does: WSGI hands the query's
        # bytes over as latin-1 text, and a query sent without %-escapes is raw UTF-8.
        kept = sorted(
            (
                (name, value)
                for name, values in request.GET.lists()
                if name in PAGE_QUERY_PARAMS
                for value in values
            ),
            key=lambda pair: pair[0],
        )
        normalised = urlencode(kept)
        request.META["QUERY_STRING"] = normalised
        request.GET = QueryDict(normalised)

    def has_session(self, request):
        return settings.SESSION_COOKIE_NAME in request.COOKIES

    def cache_key(self, request):
        if len(request.META.get("QUERY_STRING", "")) > MAX_CACHED_QUERY_CHARS:
            return None
        try:
            generation = page_generation()
        except Exception as exc:  # noqa: BLE001 - any cache failure means "serve uncached"
            _warn_cache_down(exc)
            return None
        url = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        return f"public-page:{generation}:{url}"

    def cache_get(self, key):
        if key is None:
            return None
        try:
            return cache.get(key)
        except Exception as exc:  # noqa: BLE001
            _warn_cache_down(exc)
            return None

    def cache_set(self, key, response):
        """Store the page; False if it was not stored (cache down, or about to go stale)."""
        entry = {
            "status": response.status_code,
            "content": response.content,
            "headers": {name: response[name] for name in KEPT_HEADERS if response.has_header(name)},
        }
        try:
            seconds = page_cache_seconds()
            if seconds <= 0:  # a scheduled story goes live within the second
                return False
            cache.set(key, entry, seconds)
            return True
        except Exception as exc:  # noqa: BLE001
            _warn_cache_down(exc)
            return False

    def rebuild(self, entry):
        from django.http import HttpResponse

        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"].items():
            response.headers[name] = value
        response.headers["Cache-Control"] = public_cache_control()
        return response

    def cacheable(self, response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            # Previews and views that decide for themselves (private, no-store) are left alone.
            and not response.has_header("Cache-Control")
        )

    def add_validators(self, response):
        if not response.has_header("ETag"):
            response.headers["ETag"] = f'"{hashlib.md5(response.content).hexdigest()}"'  # noqa: S324
        if not response.has_header("Last-Modified"):
            response.headers["Last-Modified"] = http_date()

    def conditional(self, request, response):
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
            response=response,
        )
