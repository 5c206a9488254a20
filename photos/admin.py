from django.contrib import admin

from photos.models import Photo, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "default_credit_kind"]
    search_fields = ["name"]


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["__str__", "credit_kind", "source", "rights_expire_on", "created_at"]
    list_filter = ["credit_kind", "source"]
    search_fields = ["caption", "alt_text", "photographer", "source__name"]
