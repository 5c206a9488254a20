"""Writing comforts on the story form (issue 11 item 8): shortcuts help, byline prefilled,
times in the newsroom's zone, and a preview of the unsaved form."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Author
from articles import workflow
from articles.models import Article, AuditEntry, Revision, Status
from tests.articles.admin_forms import article_form_data
from tests.factories import ArticleFactory, AuthorFactory, PersonFactory

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def preview_url(article):
    return reverse("admin:articles_article_preview_unsaved", args=[article.pk])


def test_it_lists_the_keyboard_shortcuts_under_the_body(client, editor):
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_add")).content.decode()
    assert "<summary>Keyboard shortcuts</summary>" in page
    for label in ["Question", "Answer", "Pull quote"]:
        assert f"<kbd>Alt</kbd>+<kbd>{label[0]}</kbd> {label}</li>" in page
    assert "articles/prose/interview_shortcuts.js" in page
    assert "articles/admin/word_count.js" in page


def test_it_prefills_the_byline_with_the_writers_author_profile(client, reporter, editor):
    own = Author.objects.create(name="Kim Writer", slug="kim-writer", user=reporter)
    client.force_login(reporter)
    response = client.get(reverse("admin:articles_article_add"))
    byline = response.context["inline_admin_formsets"][0].formset.forms[0]
    assert byline.initial["author"] == own.pk
    assert "Kim Writer" in response.content.decode()

    client.force_login(editor)  # no author profile: nothing prefilled
    response = client.get(reverse("admin:articles_article_add"))
    assert "author" not in response.context["inline_admin_formsets"][0].formset.forms[0].initial


@pytest.mark.parametrize("zone", ["Asia/Seoul", "UTC"])
def test_it_reads_and_shows_schedule_and_embargo_in_the_newsroom_zone(
    client, editor, settings, zone
):
    settings.TIME_ZONE = zone
    article = ArticleFactory(authors=[AuthorFactory()], status=Status.APPROVED)
    client.force_login(editor)
    page = client.get(change_url(article)).content.decode()
    assert f"Embargo until ({zone})" in page
    assert f"Publish at, {zone} time" in page

    data = article_form_data(article, _transition="schedule", _transition_when="2030-07-01T09:00")
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    offset = {"Asia/Seoul": 9, "UTC": 0}[zone]
    expected = timezone.datetime(2030, 7, 1, 9 - offset, 0, tzinfo=dt.UTC)
    assert article.published_at == expected
    assert f"({zone})" in client.get(change_url(article)).content.decode()


def test_it_previews_the_unsaved_form_without_saving_anything(client, editor):
    popkov = PersonFactory(name="Andrei Popkov", short_name="Popkov")
    article = ArticleFactory(headline="Saved headline", body="<p>Saved body.</p>")
    writer = AuthorFactory(name="Typed Byline")
    before = (article.version, Revision.objects.count(), AuditEntry.objects.count())
    client.force_login(editor)
    data = article_form_data(
        article,
        headline="Typed headline",
        body='<p class="answer">Typed answer.</p><script>alert(1)</script>',
        **{
            "bylines-TOTAL_FORMS": "1",
            "bylines-0-author": str(writer.pk),
            "bylines-0-role": "",
            "bylines-0-position": "0",
            "interviewees-TOTAL_FORMS": "1",
            "interviewees-0-person": str(popkov.pk),
            "interviewees-0-title_at_time": "",
            "interviewees-0-position": "0",
        },
    )

    response = client.post(preview_url(article), data)

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    page = response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "Typed headline" in page
    assert "Typed Byline" in page
    assert "Popkov:" in page
    assert "<script>alert(1)" not in page
    assert "nothing has been saved" in page
    article.refresh_from_db()
    assert (article.headline, article.body) == ("Saved headline", "<p>Saved body.</p>")
    assert (article.version, Revision.objects.count(), AuditEntry.objects.count()) == before
    assert not article.bylines.exists()


def test_it_previews_an_invalid_form_with_the_saved_values_for_the_bad_fields(client, editor):
    article = ArticleFactory(headline="Saved headline", deck="Saved deck.")
    client.force_login(editor)
    data = article_form_data(article, headline="", deck="Typed deck.")
    page = client.post(preview_url(article), data).content.decode()
    assert "Saved headline" in page
    assert "Typed deck." in page
    assert "Some fields have errors" in page


def test_it_refuses_the_unsaved_preview_to_whoever_may_not_edit_the_story(
    client, reporter, other_reporter
):
    mine = ArticleFactory(created_by=reporter, headline="Submitted")
    workflow.transition(mine, "submit", reporter)
    others = ArticleFactory(created_by=other_reporter, headline="Not mine")
    client.force_login(reporter)
    assert client.post(preview_url(mine), article_form_data(mine)).status_code == 403
    assert client.post(preview_url(others), article_form_data(others)).status_code == 404
    assert client.get(preview_url(mine)).status_code == 405
    assert Article.objects.get(pk=mine.pk).status == Status.IN_REVIEW
