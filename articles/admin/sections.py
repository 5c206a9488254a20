from django.contrib import admin

from articles.admin.public_change import PurgesPublicPagesAdmin
from articles.models import Section


@admin.register(Section)
class SectionAdmin(PurgesPublicPagesAdmin, admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
