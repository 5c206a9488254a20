"""Revisions: a full snapshot of a story on every save, readable diffs, and restore.

A snapshot holds every content field, the bylines, tags, interviewees and lead photo, plus
the editorial state at that moment (for reading only: restoring never changes the state,
which only articles.workflow may do).
"""

import re
from datetime import date
from html import unescape

from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime

from articles import signals
from articles.body import rebuild as body_rebuild
from articles.models import Article, Byline, Interviewee, Revision, Section
from articles.textdiff import diff_paragraphs

STATE_KEYS = ["status", "published_at"]

# Notes of revisions that changed the text (workflow steps note their step instead).
CREATED, EDITED, RESTORED = "Created", "Edited", "Restored from revision"

# What a person calls each snapshot key, in the order a diff lists them (fields added to the
# model later are labelled from their verbose_name, after these).
LABELS = {
    "headline": "Headline",
    "slug": "Slug",
    "deck": "Deck",
    "kind": "Kind",
    "section": "Section",
    "lead_photo": "Lead photo",
    "dateline": "Dateline",
    "embargo_until": "Embargo until",
    "interview_date": "Interview date",
    "interview_place": "Interview place",
    "interview_method": "Interview method",
    "interview_occasion": "Interview occasion",
    "interview_note": "Interview note",
    "bylines": "Bylines",
    "tags": "Tags",
    "interviewees": "Interviewees",
    "status": "Status",
    "published_at": "Publish time",
}


class RestoreError(Exception):
    """A revision that cannot be restored as it is (e.g. its section was deleted)."""


def snapshot(article):
    """Everything about a story that an editor can change, as plain JSON."""
    from articles.workflow import content_fields

    data = {f.name: _dump(getattr(article, f.attname)) for f in content_fields()}
    data["bylines"] = [
        [b.author_id, b.role, b.position]
        for b in Byline.objects.filter(article=article).order_by("position", "id")
    ]
    data["tags"] = sorted(article.tags.names(), key=str.lower)
    data["interviewees"] = [
        [i.person_id, i.title_at_time, i.position]
        for i in Interviewee.objects.filter(article=article).order_by("position", "id")
    ]
    data["status"] = article.status
    data["published_at"] = _iso(article.published_at)
    return data


def _dump(value):
    return value.isoformat() if isinstance(value, date) else value


def _iso(value):
    return value.isoformat() if value else None


def text_edits(queryset):
    """The revisions that changed the story's content, not just its workflow state."""
    # "Edited, then publish now": an edit saved together with a workflow step.
    return queryset.filter(
        Q(note=CREATED) | Q(note__startswith=EDITED) | Q(note__startswith=RESTORED)
    )


def record(article, user, note=""):
    """Store the story as it is now as its next revision."""
    with transaction.atomic():
        # The row lock serialises numbering when two saves of one story race.
        Article.objects.select_for_update().filter(pk=article.pk).values_list("pk").first()
        latest = Revision.objects.filter(article=article).aggregate(n=Max("number"))["n"] or 0
        return Revision.objects.create(
            article=article,
            number=latest + 1,
            created_at=timezone.now(),
            created_by=user if user and user.is_authenticated else None,
            data=snapshot(article),
            note=note[:200],
        )


def restore(article, revision, user):
    """Make a new revision whose content equals `revision`; later revisions stay as they are.

    The caller checks permission (articles.workflow.may_edit). Bumps the version so an editor
    with the story open cannot silently overwrite the restored text.
    """
    from articles.workflow import content_fields, keep_old_url

    if revision.article_id != article.pk:
        raise RestoreError("That revision belongs to another story.")
    data = revision.data
    _check_still_exists(data)
    if Article.objects.exclude(pk=article.pk).filter(slug=data["slug"]).exists():
        raise RestoreError(f"The slug “{data['slug']}” is now used by another story.")
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        old_slug = locked.slug
        for f in content_fields():
            if f.name in data:  # a field added after this revision keeps its current value
                value = data[f.name]
                setattr(locked, f.attname, None if value is None else f.to_python(value))
        locked.save()
        Article.objects.filter(pk=locked.pk).update(version=F("version") + 1)
        locked.refresh_from_db(fields=["version"])
        Byline.objects.filter(article=locked).delete()
        Byline.objects.bulk_create(
            Byline(article=locked, author_id=a, role=r, position=p) for a, r, p in data["bylines"]
        )
        Interviewee.objects.filter(article=locked).delete()
        Interviewee.objects.bulk_create(
            Interviewee(article=locked, person_id=p, title_at_time=t, position=n)
            for p, t, n in data["interviewees"]
        )
        locked.tags.set(data["tags"], clear=True)
        # The restored bylines and interviewees were bulk-inserted: speak for them.
        body_rebuild.rebuild(locked)
        if locked.published_at and old_slug != locked.slug:
            keep_old_url(locked, old_slug)
        restored = record(locked, user, note=f"{RESTORED} {revision.number}")
        if locked.status == "published":
            signals.public_change.send(Article)
    return restored


def _check_still_exists(data):
    """Everything the revision points to must still exist, or nothing is restored."""
    from accounts.models import Author
    from articles.models import Person
    from photos.models import Photo

    if not Section.objects.filter(pk=data["section"]).exists():
        raise RestoreError("The section of that revision no longer exists.")
    if data.get("lead_photo") and not Photo.objects.filter(pk=data["lead_photo"]).exists():
        raise RestoreError("The lead photo of that revision has been deleted.")
    authors = {author for author, _, _ in data.get("bylines", [])}
    if Author.objects.filter(pk__in=authors).count() != len(authors):
        raise RestoreError("An author in that revision's bylines has been deleted.")
    people = {person for person, _, _ in data.get("interviewees", [])}
    if Person.objects.filter(pk__in=people).count() != len(people):
        raise RestoreError("A person interviewed in that revision has been deleted.")


# Diffs ---------------------------------------------------------------------------------

_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|pre)>|<br\s*/?>|<hr\s*/?>", re.I)
_TAG = re.compile(r"<[^>]+>")


def body_lines(html):
    """The body as readable lines of text: one per paragraph, heading or list item."""
    text = _BLOCK_END.sub("\n", html or "")
    return [
        line for line in (unescape(_TAG.sub("", part)).strip() for part in text.split("\n")) if line
    ]


def body_diff(old_html, new_html):
    """The bounded paragraph-and-word diff of two bodies (articles.textdiff.Diff)."""
    return diff_paragraphs(body_lines(old_html), body_lines(new_html))


def body_text(revision):
    """A revision's body as plain text, one paragraph a line: what "too large to compare"
    offers to download."""
    return "\n\n".join(body_lines(revision.data.get("body", ""))) + "\n"


def describe(key, value):
    """A snapshot value as an editor reads it: names instead of ids."""
    from accounts.models import Author
    from articles.models import Person, Status
    from photos.models import Photo

    if value in (None, "", []):
        return "—"
    if key == "section":
        return str(Section.objects.filter(pk=value).first() or f"deleted section {value}")
    if key == "lead_photo":
        return str(Photo.objects.filter(pk=value).first() or f"deleted photo {value}")
    if key == "bylines":
        names = dict(
            Author.objects.filter(pk__in=[a for a, _, _ in value]).values_list("pk", "name")
        )
        return "; ".join(
            f"{role or 'By'} {names.get(a, f'deleted author {a}')}" for a, role, _ in value
        )
    if key == "interviewees":
        names = dict(
            Person.objects.filter(pk__in=[p for p, _, _ in value]).values_list("pk", "name")
        )
        return "; ".join(
            names.get(p, f"deleted person {p}") + (f" ({title})" if title else "")
            for p, title, _ in value
        )
    if key == "tags":
        return ", ".join(value)
    if key == "status":
        return dict(Status.choices).get(value, value)
    if key in ("published_at", "embargo_until"):
        moment = parse_datetime(value)
        return (
            formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else value
        )
    return value


def field_changes(old, new):
    """[(label, old value, new value)] for every snapshot key that differs, except the body."""
    from articles.workflow import content_fields

    labels = dict(LABELS)
    for f in content_fields():
        labels.setdefault(f.name, str(f.verbose_name).capitalize())
    labels.pop("body", None)
    changes = []
    for key, label in labels.items():
        before, after = old.get(key), new.get(key)
        if before != after:
            changes.append((label, describe(key, before), describe(key, after)))
    return changes
