from django.contrib import admin

from articles.models import Interviewee, Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "organisation", "country"]
    search_fields = ["name", "title", "organisation"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["photo"]


class IntervieweeInline(admin.TabularInline):
    model = Interviewee
    extra = 0
    autocomplete_fields = ["person"]
