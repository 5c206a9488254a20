from django import forms
from django.contrib import admin
from django.db.models import Count

from articles.admin.public_change import PurgesPublicPagesAdmin
from articles.interviews import BODY_HELP_TEXT, STANDARD_NOTES
from articles.models import Interviewee, Person
from articles.widgets import SuggestionsInput


@admin.register(Person)
class PersonAdmin(PurgesPublicPagesAdmin, admin.ModelAdmin):
    list_display = ["name", "native_name", "title", "organisation", "country", "interview_count"]
    list_filter = ["country"]
    ordering = ["name"]
    # Also what the interviewee autocomplete searches.
    search_fields = ["name", "native_name", "short_name", "title", "organisation", "country"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["photo"]
    fields = [
        "name",
        "native_name",
        "short_name",
        "family_name_first",
        "slug",
        "title",
        "organisation",
        "country",
        "description",
        "photo",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(interview_total=Count("interviews"))

    @admin.display(description="interviews", ordering="interview_total")
    def interview_count(self, person):
        return person.interview_total


class IntervieweeInline(admin.TabularInline):
    model = Interviewee
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "title_at_time", "position"]


class StoryEditorMixin:
    """For the story admin: the editor shows questions, answers and pull quotes and has
    its base styles, the body explains how to mark them, and the interview note offers
    the standard notes."""

    @property
    def media(self):
        styles = ["css/editor-base.css", "css/editor-interviews.css"]
        return super().media + forms.Media(css={"all": styles})

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "interview_note":
            kwargs["widget"] = SuggestionsInput(suggestions=STANDARD_NOTES)
            kwargs["help_text"] = "Pick a standard note from the list or write your own."
        if db_field.name == "body":
            kwargs["help_text"] = BODY_HELP_TEXT
        return super().formfield_for_dbfield(db_field, request, **kwargs)
