"""Workflow buttons inside the change form: the edit on the screen is saved, then the step is
taken, in one transaction; on any failure neither happens and the typed text comes back
(issue 11 item 1)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import revisions, workflow
from articles.models import Article, AuditEntry, Revision, Status, WorkingCopy
from tests.articles.admin_forms import article_form_data
from tests.factories import ArticleFactory, AuthorFactory, PhotoFactory

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def _story(**kwargs):
    return ArticleFactory(authors=[AuthorFactory()], **kwargs)


def test_it_publishes_the_headline_on_the_screen_not_the_saved_one(client, editor):
    article = _story(status=Status.IN_REVIEW, headline="Old headline")
    client.force_login(editor)

    data = article_form_data(article, headline="New headline", _transition="publish")
    response = client.post(change_url(article), data)

    assert response.status_code == 302
    assert response["Location"] == change_url(article)
    article.refresh_from_db()
    assert (article.headline, article.status) == ("New headline", Status.PUBLISHED)
    assert Article.objects.published().filter(headline="New headline").exists()
    assert list(article.audit.values_list("action", flat=True)) == ["publish"]
    revision = Revision.objects.get(article=article)
    assert revision.data["headline"] == "New headline"
    assert revision.data["status"] == Status.PUBLISHED
    assert revision.note == "Edited, then publish now"


def test_it_submits_the_reporters_edited_deck(client, reporter):
    article = _story(created_by=reporter, deck="Old deck.")
    client.force_login(reporter)

    data = article_form_data(article, deck="The deck as typed.", _transition="submit")
    assert client.post(change_url(article), data).status_code == 302

    article.refresh_from_db()
    assert (article.deck, article.status) == ("The deck as typed.", Status.IN_REVIEW)
    assert AuditEntry.objects.filter(article=article, action="submit").count() == 1


def test_it_takes_no_step_when_the_form_is_invalid_and_keeps_the_typed_text(client, editor):
    article = _story(status=Status.IN_REVIEW, headline="Saved headline")
    client.force_login(editor)

    data = article_form_data(
        article, headline="", deck="A deck typed but not saved.", _transition="publish"
    )
    response = client.post(change_url(article), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "A deck typed but not saved." in page
    assert "“Publish now” was not done" in page
    article.refresh_from_db()
    assert (article.headline, article.status) == ("Saved headline", Status.IN_REVIEW)
    assert not AuditEntry.objects.exists()
    assert not Revision.objects.exists()


def test_it_takes_no_step_on_an_edit_conflict(client, editor, admin_user):
    article = _story(status=Status.IN_REVIEW, headline="Saved headline")
    stale = article_form_data(article, headline="Stale headline", _transition="publish")
    client.force_login(admin_user)
    assert (
        client.post(change_url(article), article_form_data(article, deck="Won.")).status_code == 302
    )

    client.force_login(editor)
    response = client.post(change_url(article), stale)

    assert response.status_code == 200
    page = response.content.decode()
    assert "since you opened it" in page
    assert "Stale headline" in page
    article.refresh_from_db()
    assert (article.headline, article.deck, article.status) == (
        "Saved headline",
        "Won.",
        Status.IN_REVIEW,
    )
    assert not AuditEntry.objects.exists()


def test_it_rolls_back_the_edit_when_the_step_is_refused(client, editor):
    # The edit itself is valid, but the story cannot be published without lead photo alt text:
    # neither the edit nor the step happens, and the reason is shown in the form.
    article = _story(status=Status.APPROVED, headline="Saved headline")
    client.force_login(editor)
    data = article_form_data(
        article,
        headline="Edited headline",
        lead_photo=str(PhotoFactory(alt_text="").pk),
        _transition="publish",
    )
    response = client.post(change_url(article), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "not possible yet" in page
    assert "Edited headline" in page
    article.refresh_from_db()
    assert (article.headline, article.status, article.lead_photo_id) == (
        "Saved headline",
        Status.APPROVED,
        None,
    )
    assert not Revision.objects.exists()
    assert not AuditEntry.objects.exists()


def test_it_refuses_a_forged_publish_button_from_a_reporter(client, reporter):
    article = _story(created_by=reporter, headline="Saved headline")
    version = article.version
    client.force_login(reporter)

    data = article_form_data(article, headline="Forged", _transition="publish")
    response = client.post(change_url(article), data)

    assert response.status_code == 403
    article.refresh_from_db()
    assert (article.headline, article.status, article.version) == (
        "Saved headline",
        Status.DRAFT,
        version,
    )
    assert not AuditEntry.objects.exists()
    assert not Revision.objects.exists()


def test_it_returns_to_the_reporter_with_the_note_from_the_form(client, editor):
    article = _story(status=Status.IN_REVIEW)
    client.force_login(editor)

    missing = article_form_data(article, deck="Tightened.", _transition="return")
    assert client.post(change_url(article), missing).status_code == 200
    assert Article.objects.get(pk=article.pk).status == Status.IN_REVIEW

    data = article_form_data(
        article, deck="Tightened.", _transition="return", _transition_note="Add a source."
    )
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert (article.deck, article.status) == ("Tightened.", Status.DRAFT)
    assert workflow.last_return(article).note == "Add a source."


def test_it_schedules_and_cancels_the_schedule_from_the_form(client, editor):
    article = _story(status=Status.APPROVED)
    client.force_login(editor)
    when = timezone.localtime() + timezone.timedelta(days=1)
    data = article_form_data(
        article, _transition="schedule", _transition_when=when.strftime("%Y-%m-%dT%H:%M")
    )
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert workflow.state_of(article) == workflow.SCHEDULED

    page = client.get(change_url(article)).content.decode()
    assert f'name="_transition_when" value="{when:%Y-%m-%dT%H:%M}"' in page
    assert 'value="cancel_schedule"' in page
    assert 'value="unpublish"' not in page
    data = article_form_data(article, _transition="cancel_schedule")
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Status.APPROVED, None)
    assert list(article.audit.values_list("action", flat=True)) == ["cancel_schedule", "schedule"]
    # Nothing was edited: the revisions name the steps, not an edit (revisions.text_edits).
    notes = list(Revision.objects.filter(article=article).values_list("note", flat=True))
    assert notes == ["Cancel schedule", "Schedule"]
    assert not revisions.text_edits(article.revisions.all()).exists()


def test_it_puts_the_steps_inside_the_change_form_after_save(client, editor):
    article = _story(status=Status.IN_REVIEW)
    client.force_login(editor)
    page = client.get(change_url(article)).content.decode()
    form = page[
        page.index('id="article_form"') : page.index("</form>", page.index('id="article_form"'))
    ]
    assert 'name="_transition" value="publish"' in form
    assert form.index('name="_continue"') < form.index('name="_transition"')


def test_it_gives_someone_who_may_not_edit_steps_that_do_not_pretend_to_save(client):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    # A publisher who may move stories but not edit them (no change_article).
    publisher = UserFactory(is_staff=True)
    publisher.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="articles",
            codename__in=["view_article", "edit_any_article", "publish_article"],
        )
    )
    article = _story(status=Status.APPROVED)
    client.force_login(publisher)
    page = client.get(change_url(article)).content.decode()

    assert 'name="_transition"' not in page
    assert "Save and change status" not in page
    step_url = reverse("admin:articles_article_transition", args=[article.pk, "publish"])
    assert f'action="{step_url}"' in page
    assert "These buttons change the status of the saved story." in page


# A reporter who can no longer edit (submitted in another tab, or an editor took a step
# while they typed) gets the form page back with their text, not a bare 403 (DESIGN rule 10).


def _submitted_meanwhile(reporter, by):
    article = _story(created_by=reporter, headline="Saved headline", body="<p>Saved.</p>")
    typed = article_form_data(
        article,
        headline="Typed headline",
        deck="Typed deck",
        body="<p>Typed first paragraph.</p><p>Typed second.</p>",
    )
    workflow.transition(article, "submit", by)
    return article, typed


@pytest.mark.parametrize("button", [{"_continue": "1"}, {"_transition": "submit"}])
def test_it_shows_a_reporter_who_can_no_longer_edit_their_typed_text(client, reporter, button):
    article, typed = _submitted_meanwhile(reporter, reporter)
    before = Article.objects.filter(pk=article.pk).values().get()
    revisions_before, audits_before = Revision.objects.count(), AuditEntry.objects.count()
    client.force_login(reporter)

    response = client.post(change_url(article), {**typed, **button})

    assert response.status_code == 403
    page = response.content.decode()
    assert 'id="article_form"' in page  # the admin's form page, not the bare refusal
    submitted_at = f"{timezone.localtime(article.audit.get().at):%H:%M}"
    assert "You can no longer edit this story: it was submitted for review at " in page
    assert submitted_at in page
    assert "Your text is below; copy it or ask an editor." in page
    assert "Typed headline" in page and "Typed deck" in page
    assert "Typed first paragraph.\n\nTyped second." in page
    assert 'data-kept-text="1"' in page  # the script keeps the device copy
    # Kept on the server too: offered again when the story comes back to the reporter.
    assert WorkingCopy.objects.get(user=reporter, article=article).data["deck"] == ["Typed deck"]
    assert Article.objects.filter(pk=article.pk).values().get() == before
    assert (Revision.objects.count(), AuditEntry.objects.count()) == (
        revisions_before,
        audits_before,
    )


def test_it_names_the_editor_who_took_the_story_while_the_reporter_typed(client, reporter, editor):
    article, typed = _submitted_meanwhile(reporter, editor)
    workflow.transition(article, "approve", editor)
    client.force_login(reporter)

    response = client.post(change_url(article), {**typed, "_save": "1"})

    assert response.status_code == 403
    page = response.content.decode()
    assert "You can no longer edit this story: it was approved at " in page
    assert "Typed headline" in page
    assert Article.objects.get(pk=article.pk).headline == "Saved headline"
    workflow.transition(article, "return", editor, note="Shorter, please.")
    offer = client.get(change_url(article))
    assert offer.context["autosave_offer_fields"] == ["Headline", "Deck"]
    assert "Restore your unsaved changes" in offer.content.decode()


def test_it_still_refuses_plainly_who_may_not_see_the_story(client, reporter, other_reporter):
    article, typed = _submitted_meanwhile(reporter, reporter)
    client.force_login(other_reporter)

    response = client.post(change_url(article), {**typed, "_transition": "submit"})

    assert response.status_code in (302, 403)
    assert "Typed headline" not in response.content.decode()
    assert Article.objects.get(pk=article.pk).headline == "Saved headline"
