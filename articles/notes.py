"""Editorial notes: the rules for the staff-only discussion thread on a story.

Who may see and write notes is who may see the story (articles.workflow.may_view):
editors, and the reporters the story belongs to. Notes never reach readers: no public
view, feed, preview or revision reads them.
"""

import re

import lxml.html
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from articles import notifications, workflow
from articles.models import Note

# @username, not the middle of an e-mail address; a trailing full stop ends the sentence.
MENTION = re.compile(r"(?<![\w@.+-])@([\w.+-]*\w)")
MAX_MENTIONS = 20


class NoteProblem(Exception):
    """A note that cannot be added as written; the messages say why, for the writer."""

    def __init__(self, problems):
        super().__init__("; ".join(problems))
        self.problems = list(problems)


def may_see_notes(user, article):
    return user.is_authenticated and user.is_active and workflow.may_view(user, article)


def threads(article):
    """The story's threads, oldest first, each with its replies (three queries in all)."""
    replies = Note.objects.select_related("author").order_by("created_at", "id")
    return list(
        article.notes.filter(thread=None)
        .select_related("author", "resolved_by")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("created_at", "id")
    )


def last_author_of_thread():
    """A subquery: who wrote the latest note of the thread (the start or a reply)."""
    latest = Note.objects.filter(Q(pk=OuterRef("pk")) | Q(thread=OuterRef("pk"))).order_by(
        "-created_at", "-id"
    )
    return Subquery(latest.values("author")[:1])


def _plain(text):
    return " ".join(text.split()).casefold()


def _body_text(article):
    if not article.body.strip():
        return ""
    return lxml.html.fragment_fromstring(article.body, create_parent="div").text_content()


def problems_with(article, author, text, quote=""):
    """Why this note cannot be added (empty when it can), and the users it mentions."""
    problems = []
    if not text.strip():
        problems.append("Write the note.")
    if quote.strip() and _plain(quote) not in _plain(_body_text(article)):
        problems.append(
            "The quoted passage is not in the saved story; copy it from the body "
            "(save your edits first if you just wrote it)."
        )
    names = list(dict.fromkeys(MENTION.findall(text)))
    if len(names) > MAX_MENTIONS:
        problems.append(f"Mention at most {MAX_MENTIONS} people in one note.")
        names = names[:MAX_MENTIONS]
    found = {
        user.get_username(): user
        for user in get_user_model().objects.filter(username__in=names, is_active=True)
    }
    mentioned = []
    for name in names:
        user = found.get(name)
        if user is None:
            problems.append(f"There is no user @{name}.")
        elif not may_see_notes(user, article):
            problems.append(f"@{name} cannot see this story, so they cannot read this note.")
        elif user.pk != author.pk:
            mentioned.append(user)
    return problems, mentioned


def add_note(article, author, text, quote="", thread=None):
    """Add a note (a new thread, or a reply when `thread` is given) and tell who it names."""
    if not may_see_notes(author, article):
        raise PermissionDenied("You may not add notes to this story.")
    if thread is not None and (thread.article_id != article.pk or thread.thread_id is not None):
        raise PermissionDenied("That is not a thread on this story.")
    text, quote = text.strip(), quote.strip()
    problems, mentioned = problems_with(article, author, text, quote)
    if problems:
        raise NoteProblem(problems)
    with transaction.atomic():
        note = Note.objects.create(
            article=article, thread=thread, author=author, text=text, quote=quote
        )
        if thread is not None and thread.resolved_at is not None:
            # A reply reopens a resolved thread: someone still has something to say.
            Note.objects.filter(pk=thread.pk).update(resolved_at=None, resolved_by=None)
        notifications.mentioned(note, mentioned)
    return note


def resolve(thread, user, resolved=True):
    """Mark a thread resolved (or open again)."""
    if not may_see_notes(user, thread.article):
        raise PermissionDenied("You may not resolve notes on this story.")
    if thread.thread_id is not None:
        raise PermissionDenied("Only a whole thread is resolved.")
    thread.resolved_at = timezone.now() if resolved else None
    thread.resolved_by = user if resolved else None
    thread.save(update_fields=["resolved_at", "resolved_by"])
    return thread


def on_story_event(sender, article, action, user, note="", **kwargs):
    """ "Return to reporter" puts its note in the story's thread, where the reply goes."""
    if action == "return" and note:
        Note.objects.create(article=article, author=user, text=note)
