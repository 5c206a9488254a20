import logging

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.utils import timezone

from articles.models import Status
from newsroom.cache import purge_public_pages
from newsroom.middleware import PublicPageCacheMiddleware
from tests.factories import ArticleFactory

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
        assert not response.has_header("X-Page-Cache")

    def not_found(_request):
        return HttpResponse("missing", status=404)

    response = PublicPageCacheMiddleware(not_found)(request)
    assert "X-Page-Cache" not in response


def test_admin_pages_are_not_cached(client, editor):
    client.force_login(editor)
    response = client.get("/admin/")
    assert "X-Page-Cache" not in response
    assert "public" not in response.get("Cache-Control", "")


@override_settings(CACHES=CLOSED_REDIS)
def test_with_redis_down_pages_are_served_uncached_and_a_warning_logged(client, caplog):
    from newsroom import middleware

    middleware._last_warning["at"] = 0.0
    ArticleFactory(published=True, headline="Still readable")
    with caplog.at_level(logging.WARNING, logger="newsroom.middleware"):
        response = client.get("/")
    assert response.status_code == 200
    assert "Still readable" in response.content.decode()
    assert "X-Page-Cache" not in response
    assert "Page cache unavailable" in caplog.text
    purge_public_pages()  # logs, does not raise


@override_settings(CACHES=CLOSED_REDIS)
def test_healthz_reports_the_cache_down_but_stays_in_service(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["cache"].startswith("down")
    assert response.json()["checks"]["database"] == "ok"


def _redis_reachable():
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_reachable(), reason="no Redis on 127.0.0.1:6379")
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

        from newsroom.cache import GENERATION_KEY

        cache.delete(GENERATION_KEY)
