import logging
import runpy
from pathlib import Path

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.utils import timezone

from articles.models import Status
from readers.cache import purge_public_pages
from readers.middleware import PublicPageCacheMiddleware
from tests.factories import ArticleFactory
from tests.services import needs_redis
from tests.tcp import StallingProxy

pytestmark = pytest.mark.django_db

CLOSED_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        # Port 1 is never a Redis server: connections are refused at once.
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


def test_anonymous_public_pages_carry_shared_cache_headers_and_validators(client):
    ArticleFactory(published=True)
    for url in ["/", "/feed/", "/sitemap.xml", "/search/?q=x"]:
        response = client.get(url)
        cache_control = response["Cache-Control"]
        assert "public" in cache_control, url
        assert "s-maxage=" in cache_control, url
        assert "stale-while-revalidate=" in cache_control, url
        assert response["ETag"].startswith('"'), url
        assert response.has_header("Last-Modified"), url


def test_a_repeat_view_comes_from_the_page_cache(client):
    ArticleFactory(published=True, headline="First story")
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"


def test_a_repeated_conditional_request_gets_304(client):
    ArticleFactory(published=True)
    first = client.get("/")
    again = client.get("/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    since = client.get("/", headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304
    assert client.get("/", headers={"If-None-Match": '"other"'}).status_code == 200


def test_publishing_purges_the_cache_so_the_story_is_on_the_next_front_page(
    client, django_capture_on_commit_callbacks
):
    ArticleFactory(published=True, headline="Old story")
    story = ArticleFactory(headline="Fresh story")
    assert "Fresh story" not in client.get("/").content.decode()
    # Without a purge the cached front page is still served...
    story.status = Status.PUBLISHED
    story.published_at = timezone.now()
    story.save()
    assert "Fresh story" not in client.get("/").content.decode()
    # ...and the purge that publishing schedules on commit replaces it.
    with django_capture_on_commit_callbacks(execute=True):
        transaction.on_commit(purge_public_pages)
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "Fresh story" in response.content.decode()


def test_staff_are_never_cached_nor_served_from_the_cache(client, editor):
    ArticleFactory(published=True, headline="Story")
    client.get("/")  # an anonymous reader fills the cache
    client.force_login(editor)
    response = client.get("/")
    assert response["X-Page-Cache"] == "bypass"
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert not response.has_header("ETag")
    client.logout()
    assert client.get("/")["X-Page-Cache"] == "hit"


def test_staff_views_do_not_fill_the_cache(client, editor):
    ArticleFactory(published=True)
    client.force_login(editor)
    client.get("/")
    client.logout()
    assert client.get("/")["X-Page-Cache"] == "miss"


def test_responses_that_set_their_own_cache_control_or_fail_are_not_cached():
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()

    def preview(_request):
        return HttpResponse("draft text", headers={"Cache-Control": "private, no-store"})

    middleware = PublicPageCacheMiddleware(preview)
    for _ in range(2):
        response = middleware(request)
        assert response["Cache-Control"] == "private, no-store"
        assert response["X-Page-Cache"] == "bypass"

    def not_found(_request):
        return HttpResponse("missing", status=404)

    response = PublicPageCacheMiddleware(not_found)(request)
    assert response["X-Page-Cache"] == "bypass"


def test_admin_pages_are_not_cached(client, editor):
    client.force_login(editor)
    response = client.get("/admin/")
    assert response["X-Page-Cache"] == "bypass"
    assert "public" not in response.get("Cache-Control", "")


@override_settings(CACHES=CLOSED_REDIS)
def test_with_redis_down_pages_are_served_uncached_and_a_warning_logged(client, caplog):
    from readers import middleware

    middleware._last_warning["at"] = 0.0
    ArticleFactory(published=True, headline="Still readable")
    with caplog.at_level(logging.WARNING, logger="readers.middleware"):
        response = client.get("/")
    assert response.status_code == 200
    assert "Still readable" in response.content.decode()
    assert response["X-Page-Cache"] == "bypass"
    assert "Page cache unavailable" in caplog.text
    purge_public_pages()  # logs, does not raise


@override_settings(CACHES=CLOSED_REDIS)
def test_healthz_reports_the_cache_down_but_stays_in_service(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["cache"].startswith("down")
    assert response.json()["checks"]["database"] == "ok"


@needs_redis
def test_with_redis_the_page_cache_and_purge_work_across_processes(client):
    import uuid

    redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            # A fresh prefix: no other test run or app shares these keys.
            "KEY_PREFIX": f"newsroom-test-{uuid.uuid4().hex}",
        }
    }
    with override_settings(CACHES=redis):
        ArticleFactory(published=True, headline="Redis story")
        assert client.get("/")["X-Page-Cache"] == "miss"
        hit = client.get("/")
        assert hit["X-Page-Cache"] == "hit"
        assert "Redis story" in hit.content.decode()
        purge_public_pages()
        assert client.get("/")["X-Page-Cache"] == "miss"
        # Not cache.clear(): on Redis that flushes the whole database, other users' keys too.
        # Page entries expire by themselves; the generation counter has no expiry.
        from django.core.cache import cache

        from readers.cache import GENERATION_KEY

        cache.delete(GENERATION_KEY)


@override_settings(ALLOWED_HOSTS=["testserver"])
def test_it_checks_the_host_before_answering_from_the_page_cache(client):
    ArticleFactory(published=True)
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400
    assert client.get("/")["X-Page-Cache"] == "hit"


def test_it_ignores_unknown_query_parameters_in_the_page_cache(client):
    ArticleFactory(published=True)
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/?utm_source=x&_=1234")["X-Page-Cache"] == "hit"
    assert client.get("/?bench-uncached=" + "x" * 300)["X-Page-Cache"] == "hit"
    # Parameters a page reads keep their own entries, whatever their order or company.
    assert client.get("/search/?q=x&page=1")["X-Page-Cache"] == "miss"
    assert client.get("/search/?page=1&ref=mail&q=x")["X-Page-Cache"] == "hit"


def test_every_response_says_how_the_page_cache_served_it(client, editor):
    ArticleFactory(published=True)
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"
    assert client.get("/no/such/page/")["X-Page-Cache"] == "bypass"
    assert client.get("/admin/login/")["X-Page-Cache"] == "bypass"
    assert client.post("/search/", {"q": "x"})["X-Page-Cache"] == "bypass"
    client.force_login(editor)
    assert client.get("/")["X-Page-Cache"] == "bypass"


def test_the_bench_bypass_is_honoured_only_when_the_bench_setting_is_on(client):
    ArticleFactory(published=True)
    client.get("/")
    assert client.get("/?page-cache-bypass=1")["X-Page-Cache"] == "hit"
    with override_settings(PAGE_CACHE_BENCH_BYPASS=True):
        assert client.get("/?page-cache-bypass=1")["X-Page-Cache"] == "bypass"
        assert client.get("/")["X-Page-Cache"] == "hit"


def settings_caches(monkeypatch, **environ):
    """CACHES as newsroom/settings/base.py builds them from this environment."""
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    base = Path(__file__).resolve().parents[2] / "newsroom" / "settings" / "base.py"
    return runpy.run_path(str(base))["CACHES"]


def test_a_hung_redis_costs_a_short_timeout_then_the_cache_is_skipped(client, monkeypatch):
    ArticleFactory(published=True, headline="Still readable")
    with StallingProxy() as hung_redis:
        caches = settings_caches(
            monkeypatch,
            REDIS_URL=f"redis://127.0.0.1:{hung_redis.port}/0",
            REDIS_CONNECT_TIMEOUT="0.2",
            REDIS_TIMEOUT="0.2",
        )
        assert caches["default"]["OPTIONS"]["socket_timeout"] == 0.2
        with override_settings(CACHES=caches):
            for _ in range(10):
                response = client.get("/")
                assert response.status_code == 200
                assert "Still readable" in response.content.decode()
            health = client.get("/healthz")
        # Each call that reached the hung server opened a connection and timed out; after a
        # few the breaker skips the cache, as if Redis had refused at once.
        assert hung_redis.accepted <= 3
    assert health.status_code == 200
    assert health.json()["checks"]["cache"].startswith("down")


def test_it_reads_a_query_sent_without_percent_encoding_as_utf8(client):
    # curl sends the UTF-8 bytes as they are; WSGI hands them over as latin-1 text.
    ArticleFactory(published=True, headline="Кавалева в Сеуле")
    raw_query = "q=Кавалева".encode().decode("latin-1")

    raw = client.get("/search/", QUERY_STRING=raw_query)
    encoded = client.get("/search/?q=%D0%9A%D0%B0%D0%B2%D0%B0%D0%BB%D0%B5%D0%B2%D0%B0")

    assert "Кавалева в Сеуле" in raw.text
    assert "Ð" not in raw.text
    # One story, one cache entry, however the query was written.
    assert encoded["X-Page-Cache"] == "hit"
