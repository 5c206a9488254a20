from django import forms
from django.contrib import admin

from articles import corrections
from articles.admin.public_change import PurgesPublicPagesAdmin
from articles.models import Correction


class CorrectionForm(forms.ModelForm):
    class Meta:
        model = Correction
        fields = ["article", "kind", "text"]

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("Write the correction as readers will read it.")
        return text

    def clean_article(self):
        article = self.cleaned_data.get("article")
        # The story of an existing correction cannot change; only new ones are checked.
        if self.instance.pk is None:
            problems = corrections.correction_problems(article)
            if problems:
                raise forms.ValidationError(f"This story cannot be corrected: {problems[0]}.")
        return article


@admin.register(Correction)
class CorrectionAdmin(PurgesPublicPagesAdmin, admin.ModelAdmin):
    form = CorrectionForm
    list_display = ["article", "kind", "published_at", "created_by"]
    list_filter = ["kind"]
    list_select_related = ["article", "created_by"]
    search_fields = ["text", "article__headline"]
    autocomplete_fields = ["article"]
    date_hierarchy = "published_at"

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        article = form.base_fields.get("article")
        if article is not None:
            # A correction is attached to an existing story; creating or editing a story
            # from here would bypass the story workflow.
            article.widget.can_add_related = False
            article.widget.can_change_related = False
            article.widget.can_delete_related = False
            article.help_text = (
                "The published story this corrects. Only published stories can be corrected."
            )
        return form

    def get_readonly_fields(self, request, obj=None):
        # A published correction stays attached to its story.
        return ["article", "published_at", "created_by"] if obj else []

    def has_add_permission(self, request):
        return corrections.may_add_corrections(request.user)

    def has_change_permission(self, request, obj=None):
        return corrections.may_add_corrections(request.user)

    def has_delete_permission(self, request, obj=None):
        # Corrections are part of the public record: only an administrator removes one.
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        if change:
            corrections.edit_correction(obj, request.user)
        else:
            corrections.publish_correction(obj, request.user)
