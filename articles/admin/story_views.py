"""The story admin's own views: workflow steps, preview, revisions and restore, and the
bulk actions. Every one asks articles.workflow (or articles.revisions) and changes nothing
itself; refusals are 403s, problems are messages.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.dateparse import parse_datetime

from articles import revisions, workflow
from articles.models import Revision


class StoryWorkflowViews:
    """Mixed into ArticleAdmin: its URLs under /admin/articles/article/<id>/."""

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(view)

        return [
            path(
                "<path:object_id>/step/<str:action>/",
                wrap(self.transition_view),
                name="articles_article_transition",
            ),
            path(
                "<path:object_id>/preview/",
                wrap(self.preview_view),
                name="articles_article_preview",
            ),
            path(
                "<path:object_id>/revisions/",
                wrap(self.revisions_view),
                name="articles_article_revisions",
            ),
            path(
                "<path:object_id>/revisions/<int:number>/body.txt",
                wrap(self.revision_body_view),
                name="articles_article_revision_body",
            ),
            path(
                "<path:object_id>/revisions/<int:number>/restore/",
                wrap(self.restore_view),
                name="articles_article_restore",
            ),
            *super().get_urls(),
        ]

    def _visible_article(self, request, object_id):
        """The story, or 404 for stories the user may not see (PermissionDenied without any right)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404("No such story.")
        return article

    def _change_url(self, article):
        return reverse("admin:articles_article_change", args=[article.pk])

    def transition_view(self, request, object_id, action):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if action not in workflow.TRANSITIONS:
            raise Http404("No such workflow step.")
        article = self._visible_article(request, object_id)
        when = None
        if workflow.TRANSITIONS[action].needs_time:
            when = _datetime(request.POST.get("when", ""))
            if when is None:
                messages.error(
                    request,
                    f"Enter the {workflow.TRANSITIONS[action].time_noun} date and time, "
                    "e.g. 2026-07-01 09:00.",
                )
                return HttpResponseRedirect(self._change_url(article))
        try:
            workflow.transition(article, action, request.user, request.POST.get("note", ""), when)
        except workflow.NotAllowed as refused:
            raise PermissionDenied(str(refused)) from refused
        except workflow.WorkflowError as problem:
            messages.error(request, str(problem))
        else:
            messages.success(
                request, f"“{article.headline}” is now {workflow.state_in_sentence(article)}."
            )
        return HttpResponseRedirect(self._change_url(article))

    def preview_view(self, request, object_id):
        article = self._visible_article(request, object_id)
        # The same context the public story view gives readers/detail.html.
        authors = list({b.author_id: b.author for b in article.bylines.all()}.values())
        response = TemplateResponse(
            request,
            "admin/articles/article/preview.html",
            {"article": article, "authors": authors, "preview": True},
        )
        # A preview is for the people working on the story: no cache may keep it.
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response

    def revisions_view(self, request, object_id):
        article = self._visible_article(request, object_id)
        # The list needs no snapshots; only the two compared revisions are loaded whole.
        history = list(article.revisions.select_related("created_by").defer("data"))
        numbers = {rev.number: rev for rev in history}
        newer = numbers.get(_int(request.GET.get("to"))) or (history[0] if history else None)
        older = numbers.get(_int(request.GET.get("from")))
        if older is None and newer is not None:
            older = next((rev for rev in history if rev.number < newer.number), None)
        if older and newer:
            older, newer = (article.revisions.get(pk=rev.pk) for rev in (older, newer))
        body_diff = (
            revisions.body_diff(older.data["body"], newer.data["body"]) if older and newer else None
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Revisions of “{article.headline}”",
            "article": article,
            "history": history,
            "older": older,
            "newer": newer,
            "can_restore": workflow.may_edit(request.user, article),
            "body_diff": body_diff.rows if body_diff else [],
            "body_too_large": bool(body_diff and body_diff.too_large),
            "body_changed": bool(body_diff and body_diff.changed),
            "field_changes": revisions.field_changes(older.data, newer.data)
            if older and newer
            else [],
        }
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)

    def revision_body_view(self, request, object_id, number):
        article = self._visible_article(request, object_id)
        revision = get_object_or_404(Revision, article=article, number=number)
        response = HttpResponse(revisions.body_text(revision), content_type="text/plain")
        response["Content-Disposition"] = (
            f'attachment; filename="story-{article.pk}-revision-{number}.txt"'
        )
        response["Cache-Control"] = "private, no-store"
        return response

    def restore_view(self, request, object_id, number):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._visible_article(request, object_id)
        if not workflow.may_edit(request.user, article):
            raise PermissionDenied("You may not edit this story.")
        revision = get_object_or_404(Revision, article=article, number=number)
        try:
            restored = revisions.restore(article, revision, request.user)
        except revisions.RestoreError as problem:
            messages.error(request, str(problem))
            return HttpResponseRedirect(
                reverse("admin:articles_article_revisions", args=[article.pk])
            )
        messages.success(
            request,
            f"Revision {number} restored as revision {restored.number}; later ones are kept.",
        )
        return HttpResponseRedirect(self._change_url(article))

    # Bulk actions: the same workflow steps, the same checks, one story at a time ---------

    def response_action(self, request, queryset):
        # A forged action name the user may not use is a refusal, not a "no action" notice.
        name = request.POST.get("action", "")
        step = name.removesuffix("_selected")
        if name.endswith("_selected") and step in workflow.TRANSITIONS:
            if not workflow.may(request.user, step):
                raise PermissionDenied(f"You may not {workflow.TRANSITIONS[step].label.lower()}.")
        return super().response_action(request, queryset)

    def _bulk(self, request, queryset, action):
        done, failed = [], []
        for article in queryset:
            try:
                workflow.transition(article, action, request.user)
            except workflow.WorkflowError as problem:
                failed.append(f"{article.headline}: {problem}")
            else:
                done.append(article.headline)
        label = workflow.TRANSITIONS[action].label
        if done:
            messages.success(
                request, f"{label}: {len(done)} stor{'y' if len(done) == 1 else 'ies'}."
            )
        for problem in failed:
            messages.error(request, problem)

    def has_submit_permission(self, request):
        return workflow.may(request.user, "submit")

    def has_approve_permission(self, request):
        return workflow.may(request.user, "approve")

    def has_publish_permission(self, request):
        return workflow.may(request.user, "publish")

    @admin.action(description="Submit selected stories for review", permissions=["submit"])
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, "submit")

    @admin.action(description="Approve selected stories", permissions=["approve"])
    def approve_selected(self, request, queryset):
        self._bulk(request, queryset, "approve")

    @admin.action(description="Publish selected stories now", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, "publish")

    @admin.action(description="Unpublish selected stories", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._bulk(request, queryset, "unpublish")


def _datetime(value):
    try:
        return parse_datetime(value.strip())
    except ValueError:
        return None


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
