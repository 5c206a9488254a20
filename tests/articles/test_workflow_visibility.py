"""What readers see in each editorial state, on every public surface; scheduling by the clock."""

import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, Person, SlugRedirect, Status
from readers.cache import purge_public_pages
from tests.articles.admin_forms import article_form_data
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db

HOUR = timezone.timedelta(hours=1)

# One story per state, each with its own canary word in headline, slug and body.
STATES = {
    "draft": {"status": Status.DRAFT},
    "inreview": {"status": Status.IN_REVIEW},
    "approved": {"status": Status.APPROVED},
    "scheduled": {"status": Status.PUBLISHED, "published_at": lambda now: now + HOUR},
    "unpublished": {"status": Status.UNPUBLISHED, "published_at": lambda now: now - HOUR},
    "embargoed": {
        "status": Status.PUBLISHED,
        "published_at": lambda now: now - HOUR,
        "embargo_until": lambda now: now + HOUR,
    },
    "published": {"status": Status.PUBLISHED, "published_at": lambda now: now - HOUR},
}
# Surfaces other branches add (feeds, sitemaps, search) join the matrix once they exist.
OPTIONAL_SURFACES = ["/feed/", "/feed/atom/", "/sitemap.xml", "/news-sitemap.xml"]


def canary(state):
    return f"zqcanary{state}"


@pytest.fixture
def stories():
    now = timezone.now()
    section = SectionFactory(slug="matrix-section")
    author = AuthorFactory(slug="matrix-author")
    person = Person.objects.create(name="Matrix Person", slug="matrix-person")
    made = {}
    for state, fields in STATES.items():
        values = {k: v(now) if callable(v) else v for k, v in fields.items()}
        article = ArticleFactory(
            headline=f"Story {canary(state)}",
            slug=f"story-{canary(state)}",
            body=f"<p>Text {canary(state)}.</p>",
            section=section,
            tags=["matrix-tag"],
            authors=[author],
            **values,
        )
        article.interviewees.create(person=person)
        made[state] = article
    return made


def public_surfaces(stories):
    sample = stories["published"]
    surfaces = [
        "/",
        sample.section.get_absolute_url(),
        reverse("readers:tag", args=["matrix-tag"]),
        sample.bylines.first().author.get_absolute_url(),
        reverse("readers:person", args=["matrix-person"]),
    ]
    for url in OPTIONAL_SURFACES:
        try:
            resolve(url)
        except Resolver404:
            continue
        surfaces.append(url)
    return surfaces


def sitemap_parts(client):
    """A sitemap index lists its parts (pages, sections, stories...): each is a surface."""
    index = client.get("/sitemap.xml").content.decode()
    return [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", index)]


def assert_only_published(page, url):
    for state in STATES:
        if state != "published":
            assert canary(state) not in page, f"{state} story leaked on {url}"


def test_it_shows_only_published_stories_on_every_public_surface(client, stories):
    surfaces = public_surfaces(stories)
    for url in surfaces:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert_only_published(page, url)
        if url != "/sitemap.xml":  # the index lists its parts, not stories
            assert canary("published") in page, url

    if "/sitemap.xml" in surfaces:
        listed_somewhere = False
        for url in sitemap_parts(client):
            page = client.get(url).content.decode()
            assert_only_published(page, url)
            listed_somewhere |= canary("published") in page
        assert listed_somewhere, "the published story is in no sitemap"


@pytest.mark.parametrize("state", list(STATES))
def test_it_answers_the_story_url_only_when_published(client, stories, state):
    response = client.get(stories[state].get_absolute_url())
    assert response.status_code == (200 if state == "published" else 404)


def test_it_keeps_non_public_stories_out_of_search(client, stories):
    try:
        resolve("/search/")
    except Resolver404:
        pytest.skip("no search page on this branch yet")
    for state in STATES:
        page = client.get("/search/", {"q": canary(state)}).content.decode()
        found = f"Story {canary(state)}" in page
        assert found == (state == "published"), state


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
