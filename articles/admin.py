from django.contrib import admin

from articles.models import Article, Byline, Interviewee, Person, Section


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "organisation", "country"]
    search_fields = ["name", "title", "organisation"]
    prepopulated_fields = {"slug": ["name"]}


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]


class IntervieweeInline(admin.TabularInline):
    model = Interviewee
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "kind", "section", "status", "published_at"]
    list_filter = ["status", "kind", "section"]
    search_fields = ["headline", "deck"]
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["lead_photo"]
    inlines = [BylineInline, IntervieweeInline]
