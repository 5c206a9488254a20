"""Writing comforts on the story form: live word count, keyboard shortcuts help, byline
prefilled with the writer, times in the newsroom's zone, and a preview of the unsaved form.

Mixed into ArticleAdmin. Nothing here changes a story: the unsaved preview validates the
posted form and renders it without saving anything.
"""

from django import forms
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from taggit.models import Tag

from accounts.models import Author
from articles.models import Byline, Interviewee

KEYBOARD_SHORTCUTS = [
    ("Question", ["Ctrl", "Alt", "Q"]),
    ("Answer", ["Ctrl", "Alt", "A"]),
    ("Pull quote", ["Ctrl", "Alt", "P"]),
]


def shortcuts_help():
    """The "Keyboard shortcuts" list under the body (Cmd and Option on a Mac)."""
    items = format_html_join(
        "",
        "<li>{} {}</li>",
        (
            (format_html_join("+", "<kbd>{}</kbd>", ((key,) for key in keys)), label)
            for label, keys in KEYBOARD_SHORTCUTS
        ),
    )
    return format_html(
        '<details class="keyboard-shortcuts"><summary>Keyboard shortcuts</summary>'
        "<p>Put the cursor in a paragraph and press (on a Mac <kbd>Cmd</kbd> for "
        "<kbd>Ctrl</kbd>, <kbd>Option</kbd> for <kbd>Alt</kbd>); press again to undo.</p>"
        "<ul>{}</ul></details>",
        items,
    )


def _prefetched(manager_model, rows):
    """A queryset that answers .all() with unsaved rows, for rendering only."""
    queryset = manager_model.objects.none()
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    return queryset


class WritingComforts:
    @property
    def media(self):
        return super().media + forms.Media(
            js=["articles/admin/word_count.js"], css={"all": ["articles/admin/writing.css"]}
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is None:
            return field
        if db_field.name == "body":
            field.help_text = format_html("{} {}", field.help_text, shortcuts_help())
        if db_field.name == "embargo_until":
            # The admin widget shows and reads times in the current zone: say which.
            zone = timezone.get_current_timezone_name()
            field.help_text = f"Date and time in {zone} time."
            field.label = f"Embargo until ({zone})"
        return field

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        # A new story: the first byline is the writer's own author profile, if they have one.
        new = obj is None or obj.pk is None
        if request.method == "GET" and new and inline.model is Byline:
            author = Author.objects.filter(user=request.user).first() if request.user.pk else None
            if author is not None:
                kwargs["initial"] = [{"author": author.pk, "position": 0}]
        return kwargs

    # The preview of what is on the screen ---------------------------------------------

    def get_urls(self):
        return [
            path(
                "<path:object_id>/preview/unsaved/",
                self.admin_site.admin_view(self.unsaved_preview_view),
                name="articles_article_preview_unsaved",
            ),
            *super().get_urls(),
        ]

    def unsaved_preview_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._visible_article(request, unquote(object_id))
        if not self.has_change_permission(request, article):
            raise PermissionDenied("You may not edit this story.")
        form = self.get_form(request, article, change=True)(
            request.POST, request.FILES, instance=article
        )
        # Valid fields land on the instance; invalid ones keep their saved value.
        problems = []
        if not form.is_valid():
            problems = [
                f"{form.fields[name].label if name in form.fields else 'Form'}: {errors[0]}"
                for name, errors in form.errors.items()
            ]
        story = form.instance
        bylines, interviewees = self._posted_rows(request, story)
        tag_names = form.cleaned_data.get("tags") or [t.name for t in article.tags.all()]
        story._prefetched_objects_cache = {
            "bylines": _prefetched(Byline, bylines),
            "interviewees": _prefetched(Interviewee, interviewees),
            # New tags have no page yet: only existing ones are shown.
            "tags": _prefetched(Tag, Tag.objects.filter(name__in=tag_names)),
        }
        story.build_body()  # the unsaved text, through the same pipeline as a save
        authors = list({b.author_id: b.author for b in bylines}.values())
        response = TemplateResponse(
            request,
            "admin/articles/article/preview.html",
            {
                "article": story,
                "authors": authors,
                "preview": True,
                "unsaved": True,
                "unsaved_problems": problems,
            },
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response

    def _posted_rows(self, request, story):
        """The byline and interviewee rows as typed (unsaved), in position order."""
        rows = {Byline: [], Interviewee: []}
        formsets, _ = self._create_formsets(request, story, change=True)
        for formset in formsets:
            if formset.model not in rows or not formset.is_valid():
                rows.get(formset.model, []).extend(formset.model.objects.filter(article=story))
                continue
            for row in formset.cleaned_data:
                if not row or row.get("DELETE"):
                    continue
                fields = {k: v for k, v in row.items() if k not in ("id", "DELETE", "article")}
                rows[formset.model].append(formset.model(article=story, **fields))
        for items in rows.values():
            items.sort(key=lambda item: item.position)
        return rows[Byline], rows[Interviewee]
