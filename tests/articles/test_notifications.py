"""Notifications: each event reaches exactly the right people, in the inbox and by e-mail
(unless they turned e-mail off), after commit, and never makes the action fail."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from articles import corrections, notes, workflow
from articles.models import Correction, Notification, Status
from tests.conftest import _user_in
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(reporter, other_reporter, editor, photo_desk, admin_user):
    second_editor = _user_in(roles.EDITOR, username="editor-two")
    return {
        "reporter": reporter,
        "other_reporter": other_reporter,
        "editor": editor,
        "editor-two": second_editor,
        "photo_desk": photo_desk,
        "admin": admin_user,
    }


@pytest.fixture
def story(reporter, other_reporter):
    # Created by the other reporter, bylined to the reporter: the byline decides who is told.
    return ArticleFactory(created_by=other_reporter, authors=[AuthorFactory(user=reporter)])


def _told(people):
    inbox = {
        name
        for name, user in people.items()
        if Notification.objects.filter(recipient=user).exists()
    }
    mailed = {name for name, user in people.items() for m in mail.outbox if user.email in m.to}
    return inbox, mailed


def _take(story, action, user, capture, **kwargs):
    Notification.objects.all().delete()
    mail.outbox.clear()
    with capture(execute=True):
        workflow.transition(story, action, user, **kwargs)


@pytest.mark.parametrize(
    ("start", "action", "actor", "kwargs", "expected"),
    [
        (Status.DRAFT, "submit", "reporter", {}, {"editor", "editor-two"}),
        (Status.IN_REVIEW, "return", "editor", {"note": "Add a source."}, {"reporter"}),
        (Status.IN_REVIEW, "approve", "editor", {}, {"reporter"}),
        (Status.APPROVED, "publish", "editor", {}, {"reporter"}),
        (Status.APPROVED, "schedule", "editor", {"when": "tomorrow"}, {"reporter"}),
        (Status.PUBLISHED, "cancel_schedule", "editor", {"scheduled": True}, {"reporter"}),
        (Status.PUBLISHED, "unpublish", "editor", {}, set()),
    ],
)
def test_it_tells_exactly_the_right_people_about_each_step(
    people, story, django_capture_on_commit_callbacks, start, action, actor, kwargs, expected
):
    story.status = start
    story.published_at = timezone.now() if start == Status.PUBLISHED else None
    if kwargs.pop("scheduled", False):
        story.published_at = timezone.now() + timezone.timedelta(days=1)
    story.save()
    if kwargs.get("when"):
        kwargs["when"] = timezone.now() + timezone.timedelta(days=1)

    _take(story, action, people[actor], django_capture_on_commit_callbacks, **kwargs)

    inbox, mailed = _told(people)
    assert inbox == expected
    assert mailed == expected
    assert all(len(m.to) == 1 for m in mail.outbox), "one message per person"
    if expected:
        item = Notification.objects.first()
        assert story.headline in item.message and item.article == story
        assert reverse("admin:articles_article_change", args=[story.pk]) in mail.outbox[0].body


def test_it_names_the_time_zone_of_a_scheduled_time_in_one_sentence(
    people, story, django_capture_on_commit_callbacks, settings
):
    settings.TIME_ZONE = "Asia/Seoul"
    story.status = Status.APPROVED
    story.save()
    when = datetime.datetime(2026, 12, 1, 0, 0, tzinfo=datetime.UTC)  # 9 a.m. in Seoul

    _take(story, "schedule", people["editor"], django_capture_on_commit_callbacks, when=when)

    message = Notification.objects.get().message
    assert message.endswith("for Dec. 1, 2026, 9 a.m. (Asia/Seoul).")
    assert ".." not in message


def test_it_tells_the_bylined_reporters_about_a_correction(
    people, story, django_capture_on_commit_callbacks
):
    story.status, story.published_at = Status.PUBLISHED, timezone.now()
    story.save()
    with django_capture_on_commit_callbacks(execute=True):
        corrections.publish_correction(
            Correction(article=story, text="The hall seats 2,000."), people["editor"]
        )
    inbox, mailed = _told(people)
    assert inbox == mailed == {"reporter"}
    assert "The hall seats 2,000." in Notification.objects.get().message


def test_it_tells_someone_mentioned_in_a_note_and_nobody_else(
    people, story, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notes.add_note(story, people["reporter"], "@editor-two can you check the quote?")
    inbox, mailed = _told(people)
    assert inbox == mailed == {"editor-two"}


def test_it_sends_no_mail_before_the_action_commits(people, story):
    # Without the on-commit callbacks run (the test transaction never commits), no mail.
    workflow.transition(story, "submit", people["reporter"])
    assert Notification.objects.filter(recipient=people["editor"]).exists()
    assert mail.outbox == []


def test_it_honours_e_mail_turned_off_and_keeps_the_inbox(
    client, people, story, django_capture_on_commit_callbacks
):
    reporter = people["reporter"]
    client.force_login(reporter)
    response = client.post(
        reverse("admin:articles_notification_preferences"), {"email_notifications": ""}
    )
    assert response.status_code == 302
    reporter.refresh_from_db()
    assert reporter.email_notifications is False
    story.status = Status.IN_REVIEW
    story.save()

    _take(story, "approve", people["editor"], django_capture_on_commit_callbacks)

    assert Notification.objects.filter(recipient=reporter).count() == 1
    assert mail.outbox == []


def test_a_failing_mail_server_does_not_fail_the_action(
    people, story, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "tests.articles.failing_mail.EmailBackend"

    _take(story, "submit", people["reporter"], django_capture_on_commit_callbacks)

    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW
    assert Notification.objects.filter(recipient=people["editor"]).exists()
    assert "Could not e-mail submit" in caplog.text


def test_it_shows_the_unread_count_in_the_header_and_marks_items_read(client, people, story):
    editor = people["editor"]
    workflow.transition(story, "submit", people["reporter"])
    other_story = ArticleFactory(created_by=people["reporter"], authors=[AuthorFactory()])
    workflow.transition(other_story, "submit", people["reporter"])
    client.force_login(editor)

    page = client.get(reverse("admin:index")).content.decode()
    assert "(2 unread)" in page
    inbox = client.get(reverse("admin:articles_notification_changelist")).content.decode()
    assert story.headline in inbox and other_story.headline in inbox

    first = Notification.objects.filter(recipient=editor).first()
    client.post(reverse("admin:articles_notification_read"), {"item": first.pk})
    assert "(1 unread)" in client.get(reverse("admin:index")).content.decode()
    client.post(reverse("admin:articles_notification_read"))
    assert "unread)" not in client.get(reverse("admin:index")).content.decode()


def test_it_shows_each_user_only_their_own_inbox(client, people, story):
    workflow.transition(story, "submit", people["reporter"])
    item = Notification.objects.filter(recipient=people["editor"]).first()
    client.force_login(people["photo_desk"])

    inbox = client.get(reverse("admin:articles_notification_changelist"))
    forged = client.post(reverse("admin:articles_notification_read"), {"item": item.pk})

    assert inbox.status_code == 200 and story.headline not in inbox.content.decode()
    assert forged.status_code == 404
    junk = client.post(reverse("admin:articles_notification_read"), {"item": "1 OR 1=1"})
    assert junk.status_code == 404
    item.refresh_from_db()
    assert item.read_at is None
