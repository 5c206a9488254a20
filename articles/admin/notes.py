"""Editorial notes on the story change form: add, reply, resolve (POST-only views).

Mixed into ArticleAdmin for its URLs under /admin/articles/article/<id>/notes/. The rules
are articles.notes; a refused user gets 403 (no right) or 404 (a story they cannot see).
A note that cannot be added comes back on its own page with the typed text kept.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from articles import notes
from articles.models import Note
from articles.models.notes import NOTE_MAX_LENGTH, QUOTE_MAX_LENGTH


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Note",
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Mention someone with @username to tell them.",
    )
    quote = forms.CharField(
        label="Quoted passage (optional)",
        required=False,
        max_length=QUOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Paste the words of the story this note is about.",
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label="Reply", max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )


class StoryNotesViews:
    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/notes/add/",
                wrap(self.add_note_view),
                name="articles_article_add_note",
            ),
            path(
                "<path:object_id>/notes/<int:note_id>/reply/",
                wrap(self.reply_note_view),
                name="articles_article_reply_note",
            ),
            path(
                "<path:object_id>/notes/<int:note_id>/resolve/",
                wrap(self.resolve_note_view),
                name="articles_article_resolve_note",
            ),
            *super().get_urls(),
        ]

    def _story_for_notes(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404("No such story.")
        if not notes.may_see_notes(request.user, article):
            raise PermissionDenied
        return article

    def _thread(self, article, note_id):
        return get_object_or_404(Note, pk=note_id, article=article, thread=None)

    def _back(self, article):
        return HttpResponseRedirect(
            reverse("admin:articles_article_change", args=[article.pk]) + "#story-notes"
        )

    def add_note_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._story_for_notes(request, object_id)
        return self._save_note(request, article, NoteForm(request.POST), None)

    def reply_note_view(self, request, object_id, note_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._story_for_notes(request, object_id)
        thread = self._thread(article, note_id)
        return self._save_note(request, article, ReplyForm(request.POST), thread)

    def _save_note(self, request, article, form, thread):
        if form.is_valid():
            try:
                notes.add_note(
                    article,
                    request.user,
                    form.cleaned_data["text"],
                    form.cleaned_data.get("quote", ""),
                    thread,
                )
            except notes.NoteProblem as problem:
                for message in problem.problems:
                    form.add_error(None, message)
            else:
                messages.success(request, "Note added." if thread is None else "Reply added.")
                return self._back(article)
        action = (
            reverse("admin:articles_article_reply_note", args=[article.pk, thread.pk])
            if thread
            else reverse("admin:articles_article_add_note", args=[article.pk])
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Your note was not added",
            "article": article,
            "form": form,
            "thread": thread,
            "action": action,
        }
        return TemplateResponse(
            request, "admin/articles/article/note_form.html", context, status=400
        )

    def resolve_note_view(self, request, object_id, note_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._story_for_notes(request, object_id)
        thread = self._thread(article, note_id)
        resolved = request.POST.get("resolved", "1") != "0"
        notes.resolve(thread, request.user, resolved)
        messages.success(request, "Thread resolved." if resolved else "Thread reopened.")
        return self._back(article)
