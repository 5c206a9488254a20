import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction
from readers.cache import page_generation
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_correction_add")


def post_correction(client, user, article, text="We misspelt the ambassador's name."):
    client.force_login(user)
    return client.post(ADD_URL, {"article": article.pk, "kind": "correction", "text": text})


def test_an_editor_adds_a_correction_that_marks_the_story_updated_and_purges(
    client, editor, django_capture_on_commit_callbacks
):
    story = ArticleFactory(published=True)
    generation = page_generation()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_correction(client, editor, story)
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert correction.created_by == editor
    story.refresh_from_db()
    assert story.updated_for_readers_at == correction.published_at
    assert story.version == 1  # the story itself was not edited
    assert page_generation() == generation + 1


@pytest.mark.parametrize("persona", ["reporter", "photo_desk", "outsider"])
def test_only_editors_may_add_corrections(client, request, persona):
    story = ArticleFactory(published=True)
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert client.get(ADD_URL).status_code in (302, 403)
    response = post_correction(client, user, story)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/login/" in response["Location"]
    assert not Correction.objects.exists()
    story.refresh_from_db()
    assert story.updated_for_readers_at is None


def test_the_add_form_opens_for_editors(client, editor):
    client.force_login(editor)
    response = client.get(ADD_URL)
    assert response.status_code == 200
    assert 'name="text"' in response.content.decode()


def test_a_draft_cannot_be_corrected(client, editor):
    draft = ArticleFactory()
    response = post_correction(client, editor, draft)
    assert response.status_code == 200
    assert "This story cannot be corrected" in response.content.decode()
    assert not Correction.objects.exists()
    assert Article.objects.get(pk=draft.pk).updated_for_readers_at is None


def test_an_empty_correction_is_refused(client, editor):
    story = ArticleFactory(published=True)
    response = post_correction(client, editor, story, text="   ")
    assert response.status_code == 200
    assert not Correction.objects.exists()


def test_only_administrators_delete_corrections(client, editor, admin_user):
    story = ArticleFactory(published=True)
    correction = Correction.objects.create(article=story, text="x")
    url = reverse("admin:articles_correction_delete", args=[correction.pk])
    client.force_login(editor)
    client.post(url, {"post": "yes"})
    assert Correction.objects.filter(pk=correction.pk).exists()
    client.force_login(admin_user)
    client.post(url, {"post": "yes"})
    assert not Correction.objects.filter(pk=correction.pk).exists()


def test_the_story_shows_its_corrections_and_updated_time(client):
    story = ArticleFactory(published=True)
    body = client.get(story.get_absolute_url()).content.decode()
    assert "Updated" not in body
    assert "Corrections and updates" not in body
    Correction.objects.create(article=story, kind="clarification", text="Line one.\nLine two.")
    story.updated_for_readers_at = timezone.now()
    story.save()
    client.logout()
    from django.core.cache import cache

    cache.clear()
    body = client.get(story.get_absolute_url()).content.decode()
    assert "Updated <time" in body
    assert "<strong>Clarification</strong>" in body
    assert "Line one.<br>Line two." in body


def test_the_corrections_log_lists_corrections_on_published_stories_only(
    client, django_assert_num_queries
):
    live = ArticleFactory(published=True, headline="Live story")
    unpublished = ArticleFactory(published=True, headline="Pulled story")
    Correction.objects.create(article=live, text="Fixed a date.")
    Correction.objects.create(article=unpublished, text="Secret fix.")
    unpublished.status = "unpublished"
    unpublished.save()
    with django_assert_num_queries(4):  # count, page, section navigation, cache lifetime
        body = client.get("/corrections/").content.decode()
    assert "Fixed a date." in body and "Live story" in body
    assert "Secret fix." not in body and "Pulled story" not in body


def test_an_editor_is_offered_add_correction_on_published_stories_only(client, editor, reporter):
    story = ArticleFactory(published=True)
    draft = ArticleFactory()
    link = f"{ADD_URL}?article={story.pk}"

    def change_page(user, article):
        client.force_login(user)
        url = reverse("admin:articles_article_change", args=[article.pk])
        return client.get(url).content.decode()

    assert link in change_page(editor, story)
    assert "Add correction" not in change_page(editor, draft)
    assert "Add correction" not in change_page(reporter, story)
    client.force_login(editor)
    form = client.get(link).content.decode()
    assert f'<option value="{story.pk}" selected>' in form
