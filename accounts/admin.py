from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.html import format_html

from accounts import signals
from accounts.models import Author, User
from accounts.roles import may_edit_any_author

admin.site.register(User, UserAdmin)


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    """Everyone who writes sees every profile (for bylines); reporters edit only their own."""

    list_display = ["portrait", "name", "job_title", "email", "phone", "user"]
    list_display_links = ["name"]
    list_select_related = ["photo", "user"]
    list_filter = ["job_title"]
    search_fields = ["name", "job_title", "email"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user", "photo"]

    class Media:
        css = {"all": ["css/newsroom-admin.css"]}

    @admin.display(description="")
    def portrait(self, obj):
        if not obj.photo_id or not obj.photo.image:
            return ""
        return format_html(
            '<img src="{}" alt="" width="48" height="48" class="story-thumb">',
            obj.photo.image.url,
        )

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or may_edit_any_author(request.user) or obj.user_id == request.user.pk

    def get_readonly_fields(self, request, obj=None):
        # Which account a profile belongs to decides who may edit it: editors set that.
        if may_edit_any_author(request.user):
            return []
        return ["user", "slug"]

    def get_prepopulated_fields(self, request, obj=None):
        return {} if "slug" in self.get_readonly_fields(request, obj) else self.prepopulated_fields

    # Names, bios and portraits show on many public pages: tell the reader site, inside
    # the admin's transaction, so it stores a purge of its cached pages with the change.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        signals.public_change.send(Author)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        signals.public_change.send(Author)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        signals.public_change.send(Author)
