"""Workflow buttons inside the story change form: what is on the screen is what is acted on.

A button named `_transition` (value: the step) submits the whole change form. The edit is
validated and saved exactly like Save (same compare-and-swap on the version), then the step
is taken through articles.workflow, all in the one transaction the admin opens for a POST.
If validation, the conflict check or the step itself fails, nothing is saved, no step is
taken, and the form comes back with everything the user typed.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles import revisions, workflow

TRANSITION = "_transition"
NOTE = "_transition_note"
WHEN = "_transition_when"


class StepRefused(Exception):
    """The step could not be taken after the edit was saved: roll both back."""


def requested_step(request):
    """The workflow step a change-form POST asks for, or None for a plain Save."""
    if request.method != "POST" or not request.POST.get(TRANSITION):
        return None
    step = workflow.TRANSITIONS.get(request.POST[TRANSITION])
    if step is None:
        raise SuspiciousOperation("Unknown workflow step.")
    return step


def parse_when(value):
    try:
        return parse_datetime((value or "").strip())
    except ValueError:
        return None


class SaveThenTransition:
    """Mixed into ArticleAdmin, before the admin's own changeform_view."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        step = requested_step(request)
        if step is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        if object_id is None:
            raise SuspiciousOperation("Save a new story before taking a workflow step.")
        article = self.get_object(request, unquote(object_id))
        # A forged step is refused before anything is validated or saved.
        if article is not None and not workflow.may(request.user, step.action, article):
            raise PermissionDenied(f"You may not {step.label.lower()} this story.")
        try:
            response = super().changeform_view(request, object_id, form_url, extra_context)
        except StepRefused as refused:
            # Everything was rolled back; show the form again with the reason as its error.
            request._refused_step = str(refused)
            response = super().changeform_view(request, object_id, form_url, extra_context)
        if not isinstance(response, HttpResponseRedirect):
            messages.error(
                request,
                f"“{step.label}” was not done and your edits were not saved; they are kept below.",
            )
        return response

    def step_inputs(self, request, article):
        """The step's own inputs as typed (the form shown again after a refusal); a
        scheduled story offers its current publish time, an embargoed one its embargo, in the
        newsroom's zone."""
        when = request.POST.get(WHEN, "")
        current = {
            workflow.SCHEDULED: article.published_at,
            workflow.EMBARGOED: article.embargo_until,
        }.get(workflow.state_of(article))
        if not when and current:
            when = f"{timezone.localtime(current):%Y-%m-%dT%H:%M}"
        return {"step_note": request.POST.get(NOTE, ""), "step_when": when}

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        refused = getattr(request, "_refused_step", None)
        if not refused:
            return form_class

        class RefusedStepForm(form_class):
            def clean(self):
                cleaned = super().clean()
                self.add_error(None, refused)
                return cleaned

        return RefusedStepForm

    def take_requested_step(self, request, article, edited=True):
        """After the edit is saved (inlines too): take the step the button asked for.

        Returns whether a step was taken (its revision then records the edit as well, and is
        noted as an edit only when the form changed something: revisions.text_edits).
        """
        step = requested_step(request)
        if step is None:
            return False
        when = None
        if step.needs_time:
            when = parse_when(request.POST.get(WHEN))
            if when is None:
                raise StepRefused(
                    f"Enter the {step.time_noun} date and time, e.g. 2026-07-01 09:00."
                )
        try:
            workflow.transition(
                article,
                step.action,
                request.user,
                note=request.POST.get(NOTE, ""),
                when=when,
                revision_note=f"{revisions.EDITED}, then {step.label.lower()}" if edited else None,
            )
        except workflow.NotAllowed as refused:
            raise PermissionDenied(str(refused)) from refused
        except workflow.WorkflowError as problem:
            raise StepRefused(str(problem)) from problem
        request._taken_step = step
        return True

    def response_change(self, request, obj):
        step = getattr(request, "_taken_step", None)
        if step is None:
            return super().response_change(request, obj)
        messages.success(request, f"“{obj.headline}” is now {workflow.state_in_sentence(obj)}.")
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))
