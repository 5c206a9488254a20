from django.contrib import admin

from articles.models import Section
from newsroom.cache import PurgesPublicPagesAdmin


@admin.register(Section)
class SectionAdmin(PurgesPublicPagesAdmin, admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
