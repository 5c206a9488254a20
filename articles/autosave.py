"""Autosave: each person's unsaved change-form content, kept as a working copy.

A working copy is the form as that person last had it on screen (the POST fields, body HTML
included) plus the story version they opened. It is never a revision and never touches the
story: restoring it only fills the form, and the usual Save (with its compare-and-swap on
the version) decides. A successful save of the story clears it.
"""

import json
import uuid
from types import SimpleNamespace

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils import timezone

from articles import revisions, workflow
from articles.models import WorkingCopy

# A working copy is at most this big (the form fields as JSON, in bytes).
MAX_BYTES = settings.AUTOSAVE_MAX_BYTES

# Fields of the POST that are not form content (nor are the admin's "_save", "_continue",
# ... buttons and their inputs: every name starting with "_").
NOT_CONTENT = {"csrfmiddlewaretoken", "autosave_key"}


class Refused(Exception):
    """Not kept; the message says why, for the status line under the form."""


class TooLarge(Refused):
    pass


class Superseded(Refused):
    """The person saved the story since this form was opened: the copy is out of date."""


def may_autosave(user, article):
    """Whoever may edit the story (or start one) may keep a working copy of it."""
    if article is None:
        return user.has_perm("articles.add_article")
    return workflow.may_edit(user, article)


def draft_key(value):
    """The page-made id of a new story, or None when it is not a UUID."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def form_content(querydict):
    """The change form's fields, as JSON-friendly lists of values."""
    return {
        name: querydict.getlist(name)
        for name in querydict
        if name not in NOT_CONTENT and not name.startswith("_")
    }


def as_querydict(copy):
    """The working copy as the POST data a form or formset is bound to."""
    data = QueryDict(mutable=True)
    for name, values in copy.data.items():
        data.setlist(name, [str(value) for value in values])
    return data


def _version(data):
    try:
        return int(data.get("expected_version", [""])[0])
    except (TypeError, ValueError, IndexError):
        return None


def store(user, data, article=None, key=None):
    """Keep `data` as the user's working copy of `article` (or of the new story `key`).

    The caller has checked may_autosave(). Raises TooLarge or Superseded, storing nothing.
    """
    if len(json.dumps(data, ensure_ascii=False).encode()) > MAX_BYTES:
        raise TooLarge(
            f"Too large to autosave (over {MAX_BYTES // 1024 // 1024} MB); save the story."
        )
    base_version = _version(data)
    if article is not None and base_version is not None and base_version < article.version:
        latest = revisions.text_edits(article.revisions.all()).first()
        if latest is not None and latest.created_by_id == user.pk:
            # An autosave that left before the person's own Save arrived after it.
            raise Superseded("You saved this story since; reload it to keep autosaving.")
    lookup = {"user": user, "article": article} if article else {"user": user, "draft_key": key}
    values = {
        "data": data,
        "base_version": base_version,
        "base": _base(user, article, base_version),
        "updated_at": timezone.now(),
    }
    try:
        with transaction.atomic():
            copy, _ = WorkingCopy.objects.update_or_create(**lookup, defaults=values)
    except IntegrityError:
        # Two autosaves of one form crossed; the row exists now.
        WorkingCopy.objects.filter(**lookup).update(**values)
        copy = WorkingCopy.objects.get(**lookup)
    return copy


def _base(user, article, base_version):
    """The story as the person opened it: kept from their copy, else the story now if it is
    still that version; None when unknown (a form opened before someone else's save)."""
    if article is None or base_version is None:
        return None
    kept = (
        WorkingCopy.objects.filter(user=user, article=article, base_version=base_version)
        .values_list("base", flat=True)
        .first()
    )
    if kept is not None:
        return kept
    return revisions.snapshot(article) if base_version == article.version else None


def base_initial(copy):
    """The copy's base as a change form's `initial`, or None when the base is unknown."""
    if not copy.base:
        return None
    initial = {}
    for field in workflow.content_fields():
        if field.name in copy.base:
            value = copy.base[field.name]
            initial[field.name] = None if value is None else field.to_python(value)
    # taggit's TagField compares tag objects by their names.
    initial["tags"] = [SimpleNamespace(name=name) for name in copy.base.get("tags", [])]
    return initial


def offered(user, article):
    """The user's working copy of `article`, if there is one."""
    return WorkingCopy.objects.filter(user=user, article=article).first()


def new_stories(user, limit=5):
    """The user's working copies of stories never saved, newest first."""
    return list(WorkingCopy.objects.filter(user=user, article=None)[:limit])


def find(user, copy_id):
    """One of the user's own working copies, or None (someone else's is never found)."""
    try:
        return WorkingCopy.objects.filter(user=user, pk=int(copy_id)).first()
    except (TypeError, ValueError):
        return None


def discard(user, copy_id):
    return WorkingCopy.objects.filter(user=user, pk=copy_id).delete()[0] > 0


def clear(user, article, key=None):
    """A successful save: the user's working copy of the story (and of its new-story key) go."""
    WorkingCopy.objects.filter(user=user, article=article).delete()
    key = draft_key(key) if key else None
    if key is not None:
        WorkingCopy.objects.filter(user=user, draft_key=key).delete()


def body_of(copy):
    return (copy.data.get("body") or [""])[0]
