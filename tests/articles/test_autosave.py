"""Autosave and presence on the server: working copies never touch the story, restore goes
through the usual Save, and the JSON endpoints answer only those who may see the story.
(The permission matrix by role is in test_admin_permissions.py; the browser side in
tests/e2e/test_autosave.py.)
"""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from articles import autosave, presence, revisions
from articles.models import Article, Revision, Status, WorkingCopy
from tests.articles.admin_forms import article_form_data
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from tests.html import by_class, parse, text_of
from tests.services import needs_redis

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(reporter):
    article = ArticleFactory(
        created_by=reporter,
        authors=[AuthorFactory()],
        headline="Saved headline",
        body="<p>The saved first paragraph.</p>",
    )
    revisions.record(article, reporter, note=revisions.CREATED)
    return Article.objects.get(pk=article.pk)


def _autosave(client, article, **changes):
    return client.post(
        reverse("admin:articles_article_autosave", args=[article.pk]),
        article_form_data(article, **changes),
    )


def _story_row(article):
    return Article.objects.filter(pk=article.pk).values().get()


def test_it_keeps_a_working_copy_without_touching_the_story_or_its_history(client, editor, story):
    before, revisions_before = _story_row(story), Revision.objects.count()
    client.force_login(editor)

    response = _autosave(client, story, headline="Typed headline", body="<p>Typed body.</p>")

    assert response.status_code == 200
    assert response.json()["saved_at"]
    copy = WorkingCopy.objects.get(user=editor, article=story)
    assert copy.data["headline"] == ["Typed headline"]
    assert copy.data["body"] == ["<p>Typed body.</p>"]
    assert "csrfmiddlewaretoken" not in copy.data
    assert copy.base_version == story.version
    assert _story_row(story) == before
    assert Revision.objects.count() == revisions_before


def test_it_keeps_one_working_copy_per_person_and_story(client, editor, reporter, story):
    client.force_login(editor)
    _autosave(client, story, body="<p>First.</p>")
    _autosave(client, story, body="<p>Second.</p>")
    client.force_login(reporter)
    _autosave(client, story, body="<p>The reporter's.</p>")

    assert WorkingCopy.objects.get(user=editor).data["body"] == ["<p>Second.</p>"]
    assert WorkingCopy.objects.get(user=reporter).data["body"] == ["<p>The reporter's.</p>"]


def test_it_offers_the_working_copy_with_a_diff_when_the_story_is_reopened(client, editor, story):
    story.tags.add("Trade", "Belarus")  # unchanged tags are not listed as a change
    client.force_login(editor)
    _autosave(client, story, headline="Typed headline", body="<p>The typed first paragraph.</p>")

    page = client.get(reverse("admin:articles_article_change", args=[story.pk]))

    html = page.content.decode()
    assert "Restore your unsaved changes from" in html
    assert page.context["autosave_offer_fields"] == ["Headline"]
    # The one changed word inside the paragraph, not the whole paragraph struck out.
    assert page.context["autosave_offer_body_diff"] == [
        ("~", [(" ", "The "), ("-", "saved "), ("+", "typed "), (" ", "first paragraph.")])
    ]
    copy = WorkingCopy.objects.get(user=editor)
    assert f"?restore={copy.pk}" in html


def test_it_offers_nothing_when_there_is_no_working_copy(client, editor, reporter, story):
    client.force_login(reporter)
    _autosave(client, story, body="<p>The reporter's, not the editor's.</p>")
    client.force_login(editor)

    page = client.get(reverse("admin:articles_article_change", args=[story.pk]))

    assert "Restore your unsaved changes" not in page.content.decode()


def test_it_restores_into_the_form_and_saves_only_when_the_editor_saves(client, editor, story):
    client.force_login(editor)
    _autosave(client, story, headline="Typed headline")
    copy = WorkingCopy.objects.get(user=editor)
    url = reverse("admin:articles_article_change", args=[story.pk])

    page = client.get(f"{url}?restore={copy.pk}")

    assert page.status_code == 200
    form = page.context["adminform"].form
    assert form.is_bound and form["headline"].value() == "Typed headline"
    assert not form.errors
    assert Article.objects.get(pk=story.pk).headline == "Saved headline"
    assert WorkingCopy.objects.filter(pk=copy.pk).exists()

    saved = client.post(url, {**article_form_data(story, headline="Typed headline")})

    assert saved.status_code == 302
    assert Article.objects.get(pk=story.pk).headline == "Typed headline"
    assert not WorkingCopy.objects.filter(user=editor).exists()


def test_it_restores_onto_a_story_saved_since_only_through_the_conflict_form(
    client, editor, admin_user, story
):
    client.force_login(editor)
    _autosave(client, story, headline="Editor's unsaved headline")
    client.force_login(admin_user)
    url = reverse("admin:articles_article_change", args=[story.pk])
    assert client.post(url, article_form_data(story, headline="Admin's saved headline")).status_code
    assert Article.objects.get(pk=story.pk).headline == "Admin's saved headline"
    client.force_login(editor)
    copy = WorkingCopy.objects.get(user=editor)

    offer = client.get(url)
    assert "saved the story" in offer.content.decode()
    page = client.get(f"{url}?restore={copy.pk}")

    html = page.content.decode()
    assert "since you opened it" in html  # workflow.EditConflict
    assert page.context["adminform"].form["headline"].value() == "Editor's unsaved headline"
    # Saving the restored form as it is changes nothing: the version it carries is stale.
    stale = client.post(
        url,
        article_form_data(story, headline="Editor's unsaved headline")
        | {"expected_version": str(copy.base_version)},
    )
    assert stale.status_code == 200
    assert Article.objects.get(pk=story.pk).headline == "Admin's saved headline"
    assert WorkingCopy.objects.filter(pk=copy.pk).exists()


def test_it_lists_only_the_persons_own_changes_when_someone_saved_since(
    client, editor, reporter, story
):
    client.force_login(reporter)
    _autosave(client, story, body="<p>The reporter's typed paragraph.</p>")
    client.force_login(editor)
    url = reverse("admin:articles_article_change", args=[story.pk])
    assert client.post(url, article_form_data(story, deck="The editor's deck.")).status_code == 302
    client.force_login(reporter)
    copy = WorkingCopy.objects.get(user=reporter)

    offer = client.get(url)
    restored = client.get(f"{url}?restore={copy.pk}")

    # The editor's deck is not the reporter's change, and restoring does not take it back.
    assert offer.context["autosave_offer_fields"] == []
    assert offer.context["autosave_offer_body_changed"]
    assert "Changed: Deck" not in offer.content.decode()
    form = restored.context["adminform"].form
    assert form["deck"].value() == "The editor's deck."
    assert "reporter's typed paragraph" in form["body"].value()


def test_it_discards_only_the_persons_own_working_copy(client, editor, reporter, story):
    client.force_login(reporter)
    _autosave(client, story, body="<p>Reporter's.</p>")
    theirs = WorkingCopy.objects.get(user=reporter)
    client.force_login(editor)
    _autosave(client, story, body="<p>Editor's.</p>")
    mine = WorkingCopy.objects.get(user=editor)

    refused = client.post(reverse("admin:articles_article_autosave_discard", args=[theirs.pk]))
    by_get = client.get(reverse("admin:articles_article_autosave_discard", args=[mine.pk]))
    done = client.post(reverse("admin:articles_article_autosave_discard", args=[mine.pk]))

    assert refused.status_code == 404
    assert by_get.status_code == 405
    assert done.status_code == 302
    assert list(WorkingCopy.objects.values_list("user", flat=True)) == [reporter.pk]


def test_it_keeps_a_new_story_by_the_key_its_page_made_and_clears_it_on_save(client, editor):
    section = SectionFactory()
    key = str(uuid.uuid4())
    client.force_login(editor)
    data = article_form_data(
        headline="A new story", slug="a-new-story", section=str(section.pk), autosave_key=key
    )

    stored = client.post(reverse("admin:articles_article_autosave_new"), data)
    add_page = client.get(reverse("admin:articles_article_add"))
    copy = WorkingCopy.objects.get(user=editor, draft_key=key)
    restored = client.get(reverse("admin:articles_article_add") + f"?restore={copy.pk}")
    saved = client.post(reverse("admin:articles_article_add"), data)

    assert stored.status_code == 200
    assert copy.article is None and copy.data["headline"] == ["A new story"]
    assert "Unsaved new stories" in add_page.content.decode()
    assert restored.context["adminform"].form["headline"].value() == "A new story"
    assert restored.context["autosave_draft_key"] == copy.draft_key
    assert saved.status_code == 302
    assert Article.objects.filter(slug="a-new-story").exists()
    assert not WorkingCopy.objects.exists()


def test_it_saves_a_restored_new_story_without_calling_the_copy_gone(client, editor):
    section = SectionFactory()
    key = str(uuid.uuid4())
    client.force_login(editor)
    data = article_form_data(
        headline="Restored story", slug="restored-story", section=str(section.pk), autosave_key=key
    )
    client.post(reverse("admin:articles_article_autosave_new"), data)
    copy = WorkingCopy.objects.get(user=editor, draft_key=key)
    add_url = reverse("admin:articles_article_add") + f"?restore={copy.pk}"
    client.get(add_url)

    saved = client.post(add_url, {**data, "_continue": "1"}, follow=True)

    article = Article.objects.get(slug="restored-story")
    assert saved.redirect_chain[0][0] == reverse("admin:articles_article_change", args=[article.pk])
    page = saved.content.decode()
    assert "was added successfully" in page
    assert "Those unsaved changes are gone" not in page


def test_it_refuses_a_new_story_autosave_without_a_key(client, editor):
    client.force_login(editor)
    response = client.post(reverse("admin:articles_article_autosave_new"), article_form_data())
    assert response.status_code == 400
    assert not WorkingCopy.objects.exists()


@pytest.mark.parametrize("role", ["photo_desk", "outsider"])
def test_it_refuses_new_story_autosaves_from_people_who_may_not_write(request, client, role):
    client.force_login(request.getfixturevalue(role))
    data = article_form_data(headline="Forged", autosave_key=str(uuid.uuid4()))
    response = client.post(reverse("admin:articles_article_autosave_new"), data)
    assert response.status_code in (302, 403)
    assert not WorkingCopy.objects.exists()


def test_it_refuses_autosave_once_the_reporter_may_no_longer_edit(client, reporter, story):
    Article.objects.filter(pk=story.pk).update(status=Status.IN_REVIEW)
    client.force_login(reporter)
    response = _autosave(client, story, body="<p>After submitting.</p>")
    assert response.status_code == 403
    assert not WorkingCopy.objects.exists()


def test_it_refuses_a_working_copy_over_the_size_cap_and_keeps_the_last_one(client, editor, story):
    client.force_login(editor)
    _autosave(client, story, body="<p>Small.</p>")
    huge = "<p>" + "가" * (autosave.MAX_BYTES // 3 + 1) + "</p>"  # 3 bytes each in UTF-8

    response = _autosave(client, story, body=huge)

    assert response.status_code == 413
    assert "Too large" in response.json()["error"]
    assert WorkingCopy.objects.get(user=editor).data["body"] == ["<p>Small.</p>"]


def test_it_drops_an_autosave_that_arrives_after_the_persons_own_save(client, editor, story):
    client.force_login(editor)
    url = reverse("admin:articles_article_change", args=[story.pk])
    assert client.post(url, article_form_data(story, headline="Saved now")).status_code == 302

    late = client.post(  # left the browser before the save, from the version it replaced
        reverse("admin:articles_article_autosave", args=[story.pk]),
        article_form_data(story, headline="Saved now") | {"expected_version": str(story.version)},
    )

    assert late.status_code == 409
    assert not WorkingCopy.objects.exists()


def test_it_reports_who_else_has_the_story_open_and_its_current_version(
    client, editor, admin_user, story
):
    url = reverse("admin:articles_article_presence", args=[story.pk])
    admin_user.first_name, admin_user.last_name = "Ana", "Park"
    admin_user.save()
    client.force_login(admin_user)
    client.post(url)
    client.force_login(editor)

    seen = client.post(url).json()

    assert [other["name"] for other in seen["others"]] == ["Ana Park"]
    assert seen["version"] == story.version
    assert seen["latest"]["mine"] is False
    client.force_login(admin_user)
    assert [other["name"] for other in client.get(url).json()["others"]] == ["editor"]


def test_it_forgets_presence_after_the_heartbeats_stop(editor, story):
    presence.heartbeat(story, editor, now=1000.0)

    assert presence.others(story, now=1000.0 + presence.TTL) == [("editor", 1000.0)]
    assert presence.others(story, now=1001.0 + presence.TTL) == []


@needs_redis
def test_with_redis_presence_is_shared_by_every_app_server(editor, admin_user, story):
    redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": f"newsroom-test-{uuid.uuid4().hex}",  # nobody else's keys
        }
    }
    with override_settings(CACHES=redis):
        presence.heartbeat(story, admin_user)
        # Another app server: its own connection to the same Redis.
        other_server = caches.create_connection("default")
        entries = other_server.get(f"presence:article:{story.pk}")
        assert [name for name, _, _ in entries.values()] == ["admin"]
        assert [name for name, _ in presence.others(story, editor)] == ["admin"]
        other_server.delete(f"presence:article:{story.pk}")


def test_it_still_opens_the_story_when_the_cache_is_down(client, editor, story):
    closed_redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # never a Redis server: refused at once
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    client.force_login(editor)
    with override_settings(CACHES=closed_redis):
        response = client.post(reverse("admin:articles_article_presence", args=[story.pk]))
    assert response.status_code == 200
    assert response.json()["others"] == []


def test_it_tells_apart_unsaved_new_stories_with_the_same_headline(client, editor):
    section = SectionFactory()
    client.force_login(editor)
    moment = datetime(2026, 3, 4, 10, 42, 5, tzinfo=UTC)
    for seconds, body in [(0, "<p>Minsk talks open <b>today</b> with envoys</p>"), (20, "")]:
        with time_machine.travel(moment + timedelta(seconds=seconds), tick=False):
            client.post(
                reverse("admin:articles_article_autosave_new"),
                article_form_data(
                    headline="Same headline",
                    section=str(section.pk),
                    body=body or "<p>Seoul trade fair draws crowds</p>",
                    autosave_key=str(uuid.uuid4()),
                ),
            )

    page = parse(client.get(reverse("admin:articles_article_add")))
    (listing,) = by_class(page, "autosave-new-list")
    items = [text_of(item) for item in listing.iter("li")]

    assert len(items) == 2 and items[0] != items[1]
    assert any("Minsk talks open today with envoys" in item for item in items)
    assert any("Seoul trade fair draws crowds" in item for item in items)
    # The time to the second, with its date: autosaves a minute apart or less still differ.
    assert any("10:42:05" in item and "2026" in item for item in items)
    assert any("10:42:25" in item for item in items)
