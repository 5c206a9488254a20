"""Scheduling by the clock, preview, old slugs and the page cache around a go-live.

What readers see in each editorial state, on every public surface, is the matrix in
tests/newsroom/test_public_surfaces.py."""

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, SlugRedirect
from readers.cache import purge_public_pages
from tests.articles.admin_forms import article_form_data
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


def test_it_publishes_a_scheduled_story_at_its_time_and_not_a_second_before(client, editor):
    article = ArticleFactory(authors=[AuthorFactory()], headline="Clockwork story")
    go_live = (timezone.now() + timezone.timedelta(days=1)).replace(microsecond=0)
    workflow.transition(article, "schedule", editor, when=go_live)
    url = Article.objects.get(pk=article.pk).get_absolute_url()

    with time_machine.travel(go_live - timezone.timedelta(seconds=1), tick=False):
        assert client.get(url).status_code == 404
        assert "Clockwork story" not in client.get("/").content.decode()
    with time_machine.travel(go_live + timezone.timedelta(seconds=1), tick=False):
        assert client.get(url).status_code == 200
        assert "Clockwork story" in client.get("/").content.decode()


def test_it_lists_scheduled_stories_with_their_time_in_the_admin(client, editor):
    go_live = timezone.now() + timezone.timedelta(days=3)
    article = ArticleFactory(authors=[AuthorFactory()], headline="Later story")
    workflow.transition(article, "schedule", editor, when=go_live)
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_changelist"), {"queue": "scheduled"})
    assert [a.headline for a in page.context["cl"].result_list] == ["Later story"]
    assert timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M") in page.content.decode()


# Preview ----------------------------------------------------------------------------------


def _preview(article):
    return reverse("admin:articles_article_preview", args=[article.pk])


def test_it_previews_an_unpublished_story_for_its_editor_marked_and_uncached(client, editor):
    article = ArticleFactory(
        headline="Secret draft", authors=[AuthorFactory(name="Kim", bio="Kim covers trade.")]
    )
    client.force_login(editor)
    response = client.get(_preview(article))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Secret draft" in page
    assert "Preview — not published" in page
    assert "Kim covers trade." in page, "the author box renders as on the public page"
    assert '<meta name="robots" content="noindex' in page
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


def test_it_never_shows_a_preview_to_others(client, reporter, other_reporter, photo_desk):
    article = ArticleFactory(headline="Secret draft", created_by=reporter)
    client.force_login(reporter)
    assert client.get(_preview(article)).status_code == 200
    client.force_login(other_reporter)
    assert client.get(_preview(article)).status_code == 404
    client.force_login(photo_desk)
    assert client.get(_preview(article)).status_code == 403
    client.logout()
    response = client.get(_preview(article))
    assert response.status_code == 302
    assert "Secret draft" not in response.content.decode()


# Slugs -------------------------------------------------------------------------------------


def test_it_keeps_the_old_url_of_a_published_story_as_a_redirect(client, editor):
    article = ArticleFactory(published=True, slug="old-slug", authors=[AuthorFactory()])
    old_url = article.get_absolute_url()
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form_data(article, slug="new-slug"),
    )
    assert response.status_code == 302
    client.logout()
    moved = client.get(old_url)
    assert moved.status_code == 301
    assert moved["Location"] == Article.objects.get(pk=article.pk).get_absolute_url()
    assert moved["Location"].endswith("/new-slug/")


def test_it_keeps_no_redirect_for_a_story_never_published(client, editor):
    article = ArticleFactory(slug="draft-slug")
    client.force_login(editor)
    client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form_data(article, slug="draft-slug-2"),
    )
    assert Article.objects.get(pk=article.pk).slug == "draft-slug-2"
    assert not SlugRedirect.objects.exists()


def test_it_never_keeps_a_cached_public_page_past_a_scheduled_go_live(client, editor):
    from readers.cache import page_cache_seconds

    now = timezone.now()
    assert page_cache_seconds(now) == settings.PAGE_CACHE_SECONDS
    article = ArticleFactory(authors=[AuthorFactory()])
    workflow.transition(article, "schedule", editor, when=now + timezone.timedelta(seconds=90))
    purge_public_pages()  # what the transition queued on commit
    assert page_cache_seconds(now) == 90
    with time_machine.travel(now + timezone.timedelta(seconds=100), tick=False):
        assert page_cache_seconds() == settings.PAGE_CACHE_SECONDS
