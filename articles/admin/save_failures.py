"""What the story form does when the database refuses a save (DESIGN rules 9 and 10).

A busy SQLite ("database is locked": another save holds the write lock) is retried a few
times, then reported like an edit conflict: the form comes back with the editor's text and
a message. A value the database refuses (too long, a constraint) comes back the same way.
Only an unreachable database is left to the site-wide 503 page.
"""

import time

from django import forms
from django.db import DataError, IntegrityError, OperationalError

LOCK_RETRIES = 3
LOCK_BACKOFF_SECONDS = 0.2

BUSY_MESSAGE = (
    "The story could not be saved just now because someone else was saving at the same "
    "moment. Your version was not saved; your text is kept below. Save again."
)
REFUSED_MESSAGE = (
    "The database refused this version ({reason}). Your version was not saved; your text is "
    "kept below. Shorten or correct it and save again."
)


def is_busy(error):
    """SQLite's write lock was held past its timeout: a retry can succeed."""
    return isinstance(error, OperationalError) and "locked" in str(error).lower()


# PostgreSQL error classes that refuse the data, not the connection: data exception,
# integrity constraint, program limit exceeded (e.g. a tsvector over 1 MB).
REFUSING_SQLSTATE_CLASSES = {"22", "23", "54"}


def _refuses_data(error):
    if isinstance(error, (DataError, IntegrityError)):
        return True
    sqlstate = getattr(error.__cause__, "pgcode", None) or ""
    return sqlstate[:2] in REFUSING_SQLSTATE_CLASSES


def refusal_message(error):
    if is_busy(error):
        return BUSY_MESSAGE
    if _refuses_data(error):
        reason = str(error).strip().splitlines()[0][:200] if str(error).strip() else "no reason"
        return REFUSED_MESSAGE.format(reason=reason)
    return None  # e.g. the database is unreachable: the 503 page says so


class SaveFailuresAdmin:
    """ModelAdmin mixin: retries busy saves and turns refused ones into form errors."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        for attempt in range(LOCK_RETRIES + 1):
            try:
                return super().changeform_view(request, object_id, form_url, extra_context)
            except (OperationalError, DataError, IntegrityError) as error:
                message = refusal_message(error)
                if message is None:
                    raise
                if not (is_busy(error) and attempt < LOCK_RETRIES):
                    break
                time.sleep(LOCK_BACKOFF_SECONDS * (attempt + 1))
        # Everything was rolled back; show the form again with the message and the typed text.
        request.story_save_refused = message
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        message = getattr(request, "story_save_refused", None)
        if message is None:
            return form_class

        class RefusedForm(form_class):
            def clean(self):
                super().clean()
                raise forms.ValidationError(message)

        return RefusedForm
