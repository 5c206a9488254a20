"""A purge that cannot reach the page cache is kept, retried and shown (issue 12 item 2)."""

import uuid

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse

from articles import workflow
from articles.models import Article, Status
from readers.cache import GENERATION_KEY, page_generation, purge_public_pages
from readers.models import PendingPurge
from tests.factories import ArticleFactory
from tests.services import needs_redis
from tests.tcp import StallingProxy

pytestmark = pytest.mark.django_db

WARNING = "have not been purged"
CLOSED_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # never a Redis server: refused at once
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


def redis_through(proxy):
    return {
        "default": {
            "BACKEND": "newsroom.redis_cache.BreakerRedisCache",
            "LOCATION": f"redis://127.0.0.1:{proxy.port}/0",
            # A fresh prefix: no other test run or app shares these keys.
            "KEY_PREFIX": f"newsroom-test-{uuid.uuid4().hex}",
            "OPTIONS": {
                "socket_connect_timeout": 0.2,
                "socket_timeout": 0.2,
                # No breaker pause: the test is about what is served once Redis answers.
                "breaker_seconds": 0,
            },
        }
    }


def test_a_purge_is_stored_in_the_transaction_of_the_change_and_done_after_commit(
    editor, django_capture_on_commit_callbacks
):
    story = ArticleFactory(published=True)
    before = page_generation()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.transition(story, "unpublish", editor)
    assert PendingPurge.objects.count() == 1  # written before the commit, with the change
    for callback in callbacks:
        callback()
    assert not PendingPurge.objects.exists()
    assert page_generation() > before


@needs_redis
def test_it_never_serves_a_story_taken_down_while_redis_was_unreachable(
    client, editor, django_capture_on_commit_callbacks
):
    story = ArticleFactory(published=True, headline="Libel")
    url = story.get_absolute_url()
    reader = Client()
    with StallingProxy(upstream=("127.0.0.1", 6379)) as redis:
        with override_settings(CACHES=redis_through(redis)):
            from django.core.cache import cache

            assert reader.get(url)["X-Page-Cache"] == "miss"
            assert reader.get(url)["X-Page-Cache"] == "hit"
            redis.hang()
            client.force_login(editor)
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(
                    reverse("admin:articles_article_transition", args=[story.pk, "unpublish"]),
                    follow=True,
                )
            assert Article.objects.get(pk=story.pk).status == Status.UNPUBLISHED
            assert PendingPurge.objects.count() == 1
            assert WARNING in response.content.decode()

            redis.resume()
            assert reader.get(url).status_code == 404
            assert not PendingPurge.objects.exists()
            assert WARNING not in client.get("/admin/").content.decode()
            cache.delete(GENERATION_KEY)  # not clear(): that would flush others' keys


def test_the_retry_command_keeps_a_purge_until_the_cache_takes_it():
    with override_settings(CACHES=CLOSED_REDIS):
        purge_public_pages()  # logs, does not raise, and keeps the purge
        assert PendingPurge.objects.count() == 1
        with pytest.raises(CommandError, match="1 purge"):
            call_command("retry_purges")
    assert PendingPurge.objects.get().attempts == 2
    before = page_generation()
    call_command("retry_purges")
    assert not PendingPurge.objects.exists()
    assert page_generation() > before


def test_editors_see_a_warning_while_a_purge_is_pending(client, editor):
    client.force_login(editor)
    assert WARNING not in client.get("/admin/").content.decode()
    PendingPurge.objects.create()
    assert WARNING in client.get("/admin/").content.decode()
