from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import Author, User

admin.site.register(User, UserAdmin)


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "job_title", "email", "phone", "user"]
    search_fields = ["name", "job_title", "email"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user", "photo"]
