from django.contrib import admin

from photos.models import Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "default_credit_kind"]
    search_fields = ["name"]
