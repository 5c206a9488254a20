"""The story admin's autosave and presence: the JSON endpoints the change form's script
polls, restoring a working copy into the form, and discarding it.

The rules live in articles.autosave and articles.presence; this only asks them. Restoring
never saves: it renders the change form bound to the working copy, so the usual Save, with
its version check, decides (a story saved by someone since shows the conflict form).
"""

import time
import uuid
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import Truncator

from articles import autosave, presence, revisions

# Fields whose change the restore offer does not list: the body has its own diff.
_NOT_LISTED = {"body", "expected_version"}
# "Unsaved new stories" shows each copy's opening words, from the start of its body only.
_OPENING_WORDS = 12
_OPENING_HTML_CHARS = 2000


def _opening(copy):
    """The first words of an unsaved story's body: tells apart copies with one headline."""
    html = (copy.data.get("body") or [""])[0][:_OPENING_HTML_CHARS]
    return Truncator(" ".join(revisions.body_lines(html))).words(_OPENING_WORDS)


def _clock(moment):
    """A time as the newsroom reads it on the form, e.g. 10:42 (TIME_ZONE)."""
    if isinstance(moment, int | float):
        moment = datetime.fromtimestamp(moment, tz=UTC)
    return f"{timezone.localtime(moment):%H:%M}"


def _without_restore(response):
    if isinstance(response, HttpResponseRedirect) and "restore" in response.url:
        url = urlsplit(response.url)
        query = [(k, v) for k, v in parse_qsl(url.query, keep_blank_values=True) if k != "restore"]
        response["Location"] = urlunsplit(url._replace(query=urlencode(query)))
    return response


def _onto_current(form_class, article, copy):
    """The copy as form data; restored onto a story saved since, the fields the person did
    not change take the current saved values (someone else's new deck is not reverted). The
    version stays the one they opened, so Save still goes through the conflict check."""
    data = autosave.as_querydict(copy)
    initial = autosave.base_initial(copy)
    if article is None or initial is None or copy.base_version == article.version:
        return data
    mine = set(form_class(data, instance=article, initial=initial).changed_data)
    current = form_class(instance=article)
    for name, field in current.fields.items():
        if name in mine or name not in data or isinstance(field.widget, forms.MultiWidget):
            continue
        if name == "expected_version":
            continue
        shown = field.widget.format_value(current[name].value())
        data.setlist(name, shown if isinstance(shown, list) else [shown or ""])
    return data


class StoryAutosaveViews:
    """Mixed into ArticleAdmin: autosave, restore/discard and presence."""

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(view)

        return [
            path("autosave/", wrap(self.autosave_new_view), name="articles_article_autosave_new"),
            path(
                "autosave/<int:copy_id>/discard/",
                wrap(self.autosave_discard_view),
                name="articles_article_autosave_discard",
            ),
            path(
                "<path:object_id>/autosave/",
                wrap(self.autosave_view),
                name="articles_article_autosave",
            ),
            path(
                "<path:object_id>/presence/",
                wrap(self.presence_view),
                name="articles_article_presence",
            ),
            *super().get_urls(),
        ]

    def _story(self, request, object_id):
        """The story if the user may see it: 403 without any right, 404 for others' stories."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such story.")
        return article

    # Autosave ------------------------------------------------------------------------------

    def autosave_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._story(request, object_id)
        if not autosave.may_autosave(request.user, article):
            raise PermissionDenied("You may not edit this story.")
        return self._store(request, article=article)

    def autosave_new_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not autosave.may_autosave(request.user, None):
            raise PermissionDenied("You may not write stories.")
        key = autosave.draft_key(request.POST.get("autosave_key", ""))
        if key is None:
            return JsonResponse({"error": "This page has no autosave key; reload it."}, status=400)
        return self._store(request, key=key)

    def _store(self, request, article=None, key=None):
        try:
            copy = autosave.store(
                request.user, autosave.form_content(request.POST), article=article, key=key
            )
        except autosave.TooLarge as problem:
            return JsonResponse({"error": str(problem)}, status=413)
        except autosave.Refused as problem:
            return JsonResponse({"error": str(problem)}, status=409)
        return JsonResponse({"saved_at": _clock(copy.updated_at)})

    def autosave_discard_view(self, request, copy_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        copy = autosave.find(request.user, copy_id)
        if copy is None:
            raise Http404("No such working copy.")
        autosave.discard(request.user, copy.pk)
        messages.success(request, "Your unsaved changes were discarded.")
        if copy.article_id:
            return HttpResponseRedirect(
                reverse("admin:articles_article_change", args=[copy.article_id])
            )
        return HttpResponseRedirect(reverse("admin:articles_article_add"))

    # Restore: the change form bound to the working copy -----------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "GET" and "restore" in request.GET:
            copy = autosave.find(request.user, request.GET["restore"])
            story = unquote(object_id) if object_id else ""
            if copy is None or str(copy.article_id or "") != story:
                messages.warning(request, "Those unsaved changes are gone (saved or discarded).")
                return HttpResponseRedirect(request.path)
            request.working_copy = copy
        return super().changeform_view(request, object_id, form_url, extra_context)

    # Django keeps the page's query string on the redirect after a save; "?restore=N" there
    # would look for the working copy the save just cleared.
    def response_add(self, request, obj, post_url_continue=None):
        return _without_restore(super().response_add(request, obj, post_url_continue))

    def response_change(self, request, obj):
        return _without_restore(super().response_change(request, obj))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        copy = getattr(request, "working_copy", None)
        if copy is None:
            return form
        data = _onto_current(form, obj, copy)

        class RestoredForm(form):
            def __init__(self, *args, **kwargs):
                if not args and "data" not in kwargs:
                    kwargs["data"] = data
                super().__init__(*args, **kwargs)

        RestoredForm.__name__ = form.__name__
        return RestoredForm

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        copy = getattr(request, "working_copy", None)
        if copy is not None and request.method == "GET":
            kwargs["data"] = autosave.as_querydict(copy)
        return kwargs

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Saved for real: the working copy has done its job.
        autosave.clear(request.user, form.instance, request.POST.get("autosave_key"))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(self._autosave_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _autosave_context(self, request, obj):
        user = request.user
        copy = getattr(request, "working_copy", None)
        editable = (
            self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        )
        context = {"autosave_restored": copy}
        if obj is not None:
            context["presence_url"] = reverse("admin:articles_article_presence", args=[obj.pk])
            context["revisions_url"] = reverse("admin:articles_article_revisions", args=[obj.pk])
            context["autosave_story_version"] = obj.version
            if editable:
                context["autosave_url"] = reverse("admin:articles_article_autosave", args=[obj.pk])
            if request.method == "GET" and copy is None:
                context.update(self._offer(request, obj, autosave.offered(user, obj)))
            context["autosave_storage_key"] = f"newsroom-autosave:{user.pk}:story:{obj.pk}"
            return context
        key = copy.draft_key if copy else autosave.draft_key(request.POST.get("autosave_key", ""))
        key = key or uuid.uuid4()
        if editable:
            context["autosave_url"] = reverse("admin:articles_article_autosave_new")
        context["autosave_draft_key"] = key
        context["autosave_storage_key"] = f"newsroom-autosave:{user.pk}:new:{key}"
        if request.method == "GET" and copy is None:
            context["autosave_new_stories"] = [
                (c, (c.data.get("headline") or [""])[0], _opening(c))
                for c in autosave.new_stories(user)
            ]
        return context

    def _offer(self, request, article, copy):
        """What the restore offer shows: the body diff and the other fields changed."""
        if copy is None:
            return {}
        # The person's own changes: against the story they opened, when that is known.
        form = self.get_form(request, article, change=True)(
            autosave.as_querydict(copy), instance=article, initial=autosave.base_initial(copy)
        )
        changed = [
            str(form.fields[name].label or name)
            for name in form.changed_data
            if name not in _NOT_LISTED
        ]
        diff = revisions.body_diff(article.body, autosave.body_of(copy))
        saved_since = copy.base_version is not None and copy.base_version != article.version
        return {
            "autosave_offer": copy,
            "autosave_offer_fields": changed,
            "autosave_offer_body_diff": diff.rows,
            "autosave_offer_body_changed": diff.changed,
            "autosave_offer_body_too_large": diff.too_large,
            "autosave_offer_saved_since": presence.latest_save(article) if saved_since else None,
        }

    # Presence ---------------------------------------------------------------------------------

    def presence_view(self, request, object_id):
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        article = self._story(request, object_id)
        if request.method == "POST":
            presence.heartbeat(article, request.user, time.time())
        latest = presence.latest_save(article)
        return JsonResponse(
            {
                "version": article.version,
                "others": [
                    {"name": name, "since": _clock(since)}
                    for name, since in presence.others(article, request.user)
                ],
                "latest": {
                    "by": presence.display_name(latest.created_by) if latest.created_by else None,
                    "at": _clock(latest.created_at),
                    "mine": latest.created_by_id == request.user.pk,
                }
                if latest
                else None,
            },
            headers={"Cache-Control": "private, no-store"},
        )
