"""The story admin: a thin layer over articles.workflow and articles.revisions.

Permission rules live in articles.workflow; this module only asks it. Status is never a
form field; workflow steps, preview and revisions are POST/GET views in story_views.py that
call workflow.transition() and articles.revisions.
"""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles import corrections, readiness, revisions, signals, workflow
from articles.admin.autosave import StoryAutosaveViews
from articles.admin.kept_text import KeepTextWhenRefused
from articles.admin.notes import StoryNotesViews
from articles.admin.people import IntervieweeInline, StoryEditorMixin
from articles.admin.save_failures import SaveFailuresAdmin
from articles.admin.story_fields import StoryFieldChecks
from articles.admin.story_search import StorySearch
from articles.admin.story_transitions import SaveThenTransition
from articles.admin.story_views import StoryWorkflowViews
from articles.admin.writing import WritingComforts
from articles.models import Article, Byline, Status

# Someone else's save this recent is worth a warning when an editor opens the story.
RECENT_EDIT_WINDOW = timedelta(minutes=10)


class FollowsStoryPermission:
    """Inline rows are editable exactly when the story itself is (reporters: own drafts)."""

    def _story_editable(self, request, obj):
        return obj is None or workflow.may_edit(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._story_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._story_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._story_editable(request, obj)


class BylineInline(FollowsStoryPermission, admin.TabularInline):
    model = Byline
    fields = ["position", "author", "role"]
    ordering = ["position", "id"]
    extra = 1
    autocomplete_fields = ["author"]
    verbose_name_plural = "Bylines (listed in position order)"


class StoryIntervieweeInline(FollowsStoryPermission, IntervieweeInline):
    pass


class ArticleForm(StoryFieldChecks, forms.ModelForm):
    # The version the editor opened; a save from an older version is refused, not applied.
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = [*workflow.CONTENT_FIELDS, "tags"]
        widgets = {"deck": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expected_version"].initial = self.instance.version
        if self.instance.status == Status.PUBLISHED and "embargo_until" in self.fields:
            # Changed only by the Embargo / Lift embargo steps (workflow.embargo_edit_problem).
            field = self.fields["embargo_until"]
            field.widget.attrs["readonly"] = True
            field.help_text = "Published story: use the Embargo or Lift embargo button below."

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        expected = cleaned.get("expected_version")
        if expected is None:
            raise forms.ValidationError(
                "This form is missing the version it was opened at; reload the story."
            )
        current = Article.objects.get(pk=self.instance.pk)
        if current.version != expected:
            raise forms.ValidationError(str(workflow.EditConflict(current)))
        if "embargo_until" in self.fields:
            problem = workflow.embargo_edit_problem(current, cleaned.get("embargo_until"))
            if problem:
                self.add_error("embargo_until", problem)
        return cleaned


class QueueFilter(admin.SimpleListFilter):
    """The editorial queues, saved as filters."""

    title = "queue"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            ("needs_review", "Needs review"),
            ("ready", "Ready to publish"),
            ("scheduled", "Scheduled"),
            ("my_drafts", "My drafts"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "needs_review":
            return queryset.filter(status=Status.IN_REVIEW)
        if value == "ready":
            return queryset.filter(status=Status.APPROVED)
        if value == "scheduled":
            return queryset.filter(pk__in=Article.objects.scheduled().values("pk"))
        if value == "my_drafts":
            mine = Article.objects.filter(workflow.owned_by(request.user)).values("pk")
            return queryset.filter(status=Status.DRAFT, pk__in=mine)
        return queryset


@admin.register(Article)
class ArticleAdmin(
    StorySearch,
    WritingComforts,
    SaveFailuresAdmin,
    StoryEditorMixin,
    StoryNotesViews,
    KeepTextWhenRefused,
    SaveThenTransition,
    StoryWorkflowViews,
    StoryAutosaveViews,
    admin.ModelAdmin,
):
    form = ArticleForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = ["thumbnail", "headline", "byline_names", "state", "section", "updated"]
    list_display_links = ["headline"]
    list_filter = [QueueFilter, "status", "kind", "section"]
    list_select_related = ["section", "lead_photo"]
    ordering = ["-updated_at"]
    date_hierarchy = "updated_at"
    # On filtered lists (the queues) Django would COUNT(*) every story again for "N total".
    show_full_result_count = False
    list_per_page = 50
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["lead_photo", "section"]
    inlines = [BylineInline, StoryIntervieweeInline]
    fieldsets = [
        (
            None,
            {"fields": ["headline", "slug", "kind", "section", "deck", "body", "expected_version"]},
        ),
        ("Photo and place", {"fields": ["lead_photo", "dateline", "tags"]}),
        (
            "Embargo",
            {
                "fields": ["embargo_until"],
                "description": "Publishing and scheduling are refused before this time.",
            },
        ),
        (
            "Interview details",
            {
                "classes": ["collapse"],
                "fields": [
                    "interview_date",
                    "interview_place",
                    "interview_method",
                    "interview_occasion",
                    "interview_note",
                ],
            },
        ),
    ]
    actions = ["submit_selected", "approve_selected", "publish_selected", "unpublish_selected"]

    # Who sees and edits what: asked of articles.workflow -------------------------------

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("bylines", queryset=Byline.objects.select_related("author")))
        )
        return workflow.visible_to(request.user, queryset)

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or workflow.may_view(request.user, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or workflow.may_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or workflow.may_view(request.user, obj))

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # Read-only view: show the body as the formatted text, not its HTML source.
        shown = []
        for name, options in fieldsets:
            fields = [
                "body_html" if field == "body" else field
                for field in options["fields"]
                if field != "expected_version"
            ]
            shown.append((name, {**options, "fields": fields}))
        return shown

    @admin.display(description="Body")
    def body_html(self, obj):
        # Sanitised on every save (articles.body.clean), so it is safe to show as HTML.
        return mark_safe(f'<div class="story-body-readonly">{obj.body}</div>')  # noqa: S308

    def view_on_site(self, obj):
        # Only a story readers can see has a page on the site; others have Preview.
        if obj.visibility().is_public:
            return obj.get_absolute_url()
        return None

    # List columns ---------------------------------------------------------------------

    @admin.display(description="Photo", empty_value="")
    def thumbnail(self, obj):
        if not obj.lead_photo_id or not obj.lead_photo.image:
            return ""
        return format_html(
            '<img src="{}" alt="" width="64" height="48" class="story-thumb">',
            obj.lead_photo.image.url,
        )

    @admin.display(description="Bylines")
    def byline_names(self, obj):
        return ", ".join(f"{b.author.name}" for b in obj.bylines.all()) or "—"

    @admin.display(description="Status", ordering="status")
    def state(self, obj):
        label = workflow.state_label(obj)
        if workflow.state_of(obj) in (Status.PUBLISHED, workflow.SCHEDULED):
            when = timezone.localtime(obj.published_at)
            return format_html('{} <span class="quiet">{}</span>', label, f"{when:%Y-%m-%d %H:%M}")
        return label

    @admin.display(description="Updated", ordering="updated_at")
    def updated(self, obj):
        return timezone.localtime(obj.updated_at).strftime("%Y-%m-%d %H:%M")

    # Saving: content through the compare-and-swap, then a revision of the whole story ----

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            obj.save()
        else:
            workflow.save_edit(obj, request.user, form.cleaned_data["expected_version"])

    def save_related(self, request, form, formsets, change):
        # Inlines and tags are saved by now, so the revision holds the whole story.
        super().save_related(request, form, formsets, change)
        # A workflow button saves the edit and takes its step; that step's revision holds both.
        edited = form.has_changed() or any(formset.has_changed() for formset in formsets)
        if change and self.take_requested_step(request, form.instance, edited):
            return
        revisions.record(
            form.instance, request.user, note=revisions.EDITED if change else revisions.CREATED
        )

    def delete_model(self, request, obj):
        self.delete_queryset(request, Article.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        # A deleted live story must leave the cached public pages too.
        live = queryset.filter(status=Status.PUBLISHED).exists()
        super().delete_queryset(request, queryset)
        if live:
            signals.public_change.send(Article)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except workflow.EditConflict:
            # Lost a race after validation: everything was rolled back. Showing the form again
            # runs validation against the winner's version, which reports the conflict with
            # this editor's text still in the fields.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if article is not None and self.has_view_permission(request, article):
            if request.method == "GET":
                self._warn_about_recent_edits(request, article)
            extra_context.update(self._workflow_context(request, article))
        return super().change_view(request, object_id, form_url, extra_context)

    def _warn_about_recent_edits(self, request, article):
        since = timezone.now() - RECENT_EDIT_WINDOW
        recent = (
            revisions.text_edits(article.revisions.filter(created_at__gte=since))
            .exclude(created_by=request.user)
            .select_related("created_by")
            .first()
        )
        # A reporter who has submitted can no longer edit: nobody to agree with.
        if recent and recent.created_by and workflow.may_edit(recent.created_by, article):
            messages.warning(
                request,
                f"{workflow._display_name(recent.created_by)} saved this story at "
                f"{timezone.localtime(recent.created_at):%H:%M}. If they are still working "
                "on it, agree who edits before you change anything.",
            )

    def _workflow_context(self, request, article):
        steps = workflow.available(request.user, article)
        publishable = any(step.action in ("publish", "schedule") for step in steps)
        return {
            "workflow_state": workflow.state_label(article),
            "workflow_state_key": workflow.state_of(article),
            "embargo_ahead": bool(article.embargo_until and article.embargo_until > timezone.now()),
            "workflow_steps": steps,
            "returned": workflow.last_return(article),
            "publish_problems": readiness.publish_blockers(article) if publishable else [],
            "audit_entries": article.audit.select_related("actor"),
            "timezone_name": timezone.get_current_timezone_name(),
            **self.step_inputs(request, article),
            # Corrections are written on their own page; link there with this story chosen.
            "may_correct": corrections.may_add_corrections(request.user)
            and not corrections.correction_problems(article),
        }
