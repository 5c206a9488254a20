from django.contrib import admin

from articles.admin.people import IntervieweeInline, StoryEditorMixin
from articles.models import Article, Byline


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]


@admin.register(Article)
class ArticleAdmin(StoryEditorMixin, admin.ModelAdmin):
    list_display = ["headline", "kind", "section", "status", "published_at"]
    list_filter = ["status", "kind", "section"]
    search_fields = ["headline", "deck"]
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["lead_photo"]
    inlines = [BylineInline, IntervieweeInline]
