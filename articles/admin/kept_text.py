"""A change-form POST from someone who may still see the story but no longer edit it (they
submitted it in another tab, or an editor took a step while they typed).

Django would answer a bare 403 and the typed text would be gone. Instead the form page comes
back (read-only, status 403) saying why, with the posted headline, deck and body in boxes the
person can copy from (DESIGN rule 10), and the text is kept as their working copy (never the
story). The story is not changed and no step is taken. Someone who may not even see the
story still gets the plain refusal.
"""

import copy

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.utils import timezone

from articles import autosave, revisions, workflow

# What the latest step did, inside "it was … at 10:42".
_DONE = {
    "submit": "submitted for review",
    "approve": "approved",
    "return": "returned to the reporter",
    "publish": "published",
    "schedule": "scheduled",
    "cancel_schedule": "taken off the schedule",
    "unpublish": "unpublished",
    "embargo": "embargoed",
    "lift_embargo": "released from its embargo",
}


def why_not_editable(article):
    """ "it was submitted for review at 10:42", from the story's latest audit entry."""
    latest = article.audit.order_by("-at", "-id").first()
    if latest is None:
        return f"it is now {workflow.state_in_sentence(article)}"
    done = _DONE.get(latest.action, f"moved to {workflow.state_in_sentence(article)}")
    return f"it was {done} at {timezone.localtime(latest.at):%H:%M}"


def kept_fields(post):
    """The posted text worth copying, as (label, text) pairs; the body as plain paragraphs."""
    return [
        ("Headline", post.get("headline", "")),
        ("Deck", post.get("deck", "")),
        ("Body", "\n\n".join(revisions.body_lines(post.get("body", "")))),
    ]


class KeepTextWhenRefused:
    """Mixed into ArticleAdmin before SaveThenTransition (which refuses a step not allowed)."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id is not None:
            article = self.get_object(request, unquote(object_id))
            if (
                article is not None
                and self.has_view_permission(request, article)
                and not self.has_change_permission(request, article)
            ):
                return self._kept_text_page(request, article, object_id, form_url, extra_context)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _kept_text_page(self, request, article, object_id, form_url, extra_context):
        try:
            # Also as the person's working copy: offered again if the story comes back to them.
            autosave.store(request.user, autosave.form_content(request.POST), article=article)
        except autosave.Refused:
            pass  # too large, or older than their own save: the boxes below still have it
        messages.error(
            request,
            f"You can no longer edit this story: {why_not_editable(article)}. "
            "Your text is below; copy it or ask an editor.",
        )
        context = {**(extra_context or {}), "kept_text": kept_fields(request.POST)}
        # The read-only page anyone who may see the story gets; the POST is not processed.
        as_get = copy.copy(request)
        as_get.method = "GET"
        response = super().changeform_view(as_get, object_id, form_url, context)
        response.status_code = 403
        return response
