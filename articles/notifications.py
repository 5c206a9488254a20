"""Who is told what about a story: an inbox item always, an e-mail when the user wants one.

The one place for these rules. Called on every workflow step and new correction (through
articles.signals.story_event) and by articles.notes for @mentions. Telling people is a side
effect: it never makes the action fail. Inbox items are written in the action's transaction
(in a savepoint, so a failure there is logged and the action still commits); e-mail is
queued only after commit, as a background job per item (newsroom.tasks): a mail server
that refuses or times out is logged and the job retried; the action never fails.
"""

import logging
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import Truncator

from articles.models import Notification
from newsroom.tasks import enqueue

log = logging.getLogger(__name__)

EDITORS = "editors"
REPORTERS = "reporters"

# action -> (who is told, what the inbox says)
STORY_EVENTS = {
    "submit": (EDITORS, "{actor} submitted “{headline}” for review."),
    "return": (REPORTERS, "{actor} returned “{headline}” to you: {note}"),
    "approve": (REPORTERS, "{actor} approved “{headline}”."),
    "schedule": (REPORTERS, "{actor} scheduled “{headline}” for {when}."),
    "cancel_schedule": (
        REPORTERS,
        "{actor} cancelled the schedule of “{headline}”: it stays off the site, approved.",
    ),
    "publish": (REPORTERS, "{actor} published “{headline}”."),
    "embargo": (
        REPORTERS,
        "{actor} embargoed “{headline}” until {embargo}: readers cannot see it.",
    ),
    "lift_embargo": (REPORTERS, "{actor} lifted the embargo on “{headline}”."),
    "correct": (REPORTERS, "{actor} added a correction to “{headline}”: {note}"),
}


def display_name(user):
    return (user.get_full_name() or user.get_username()) if user else "Someone"


def editors():
    """The people who review submitted stories: those holding the approve right themselves
    (superusers hold every right; they are not sent every submission)."""
    return get_user_model().objects.with_perm(
        "articles.approve_article",
        include_superusers=False,
        backend="django.contrib.auth.backends.ModelBackend",
    )


def bylined_reporters(article):
    """Staff accounts linked to the story's byline authors."""
    return (
        get_user_model().objects.filter(is_active=True, author__bylines__article=article).distinct()
    )


def newsroom_time(moment):
    """A time as the newsroom reads it, zone named: "Dec. 1, 2026, 9 a.m. (Asia/Seoul)"."""
    zone = ZoneInfo(settings.TIME_ZONE)
    return f"{formats.date_format(moment.astimezone(zone), 'DATETIME_FORMAT')} ({zone.key})"


def on_story_event(sender, article, action, user, note="", **kwargs):
    rule = STORY_EVENTS.get(action)
    if rule is None:
        return
    audience, template = rule
    recipients = editors() if audience == EDITORS else bylined_reporters(article)
    when, embargo = (
        moment and newsroom_time(moment) for moment in (article.published_at, article.embargo_until)
    )
    message = template.format(
        actor=display_name(user), headline=article.headline, note=note, when=when, embargo=embargo
    )
    notify(recipients.exclude(pk=user.pk) if user else recipients, article, action, message)


def mentioned(note, users):
    """Tell each user named with @username in a note (already checked to see the story)."""
    message = (
        f"{display_name(note.author)} mentioned you in a note on “{note.article.headline}”: "
        f"{note.text}"
    )
    notify(users, note.article, "mention", message)


def notify(recipients, article, event, message):
    """An inbox item for each recipient now; e-mail to those who want it queued after
    commit (a background job per item, retried while the mail server fails)."""
    recipients = list(recipients)
    if not recipients:
        return
    message = Truncator(" ".join(message.split())).chars(300)
    try:
        with transaction.atomic():
            items = Notification.objects.bulk_create(
                Notification(recipient=user, article=article, event=event, message=message)
                for user in recipients
            )
    except DatabaseError:
        log.exception("Could not write inbox items for %s on story %s", event, article.pk)
        return
    wanted = [item.pk for item in items if _wants_email(item.recipient)]
    if wanted:
        # robust: the action is committed; a queue that cannot be reached is logged.
        transaction.on_commit(lambda: _queue_emails(wanted), robust=True)


def _wants_email(user):
    return bool(user.email and user.email_notifications)


def _queue_emails(notification_ids):
    for pk in notification_ids:
        enqueue("articles.notifications.email_notification", pk, task_name=f"e-mail {pk}")


def email_notification(notification_id):
    """The background job: e-mail one inbox item to its recipient, once. A failure raises,
    so the queue tries again later; the action itself was done long ago."""
    item = (
        Notification.objects.select_related("recipient")
        .filter(pk=notification_id, emailed_at__isnull=True)
        .first()
    )
    if item is None:
        return "sent already, or the item was deleted"
    if not _wants_email(item.recipient):
        return "the recipient turned e-mail off"
    link = settings.SITE_URL + reverse("admin:articles_article_change", args=[item.article_id])
    # One message per person: nobody sees who else was told.
    subject = Truncator(item.message).chars(78)
    body = (
        f"{item.message}\n\nOpen the story: {link}\n\nYou can turn these e-mails off in the admin."
    )
    try:
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [item.recipient.email]).send()
    except Exception:
        log.exception("Could not e-mail %s about story %s; will retry", item.event, item.article_id)
        raise
    Notification.objects.filter(pk=item.pk).update(emailed_at=timezone.now())
    return "sent"
