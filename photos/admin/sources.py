from django.contrib import admin

from photos import signals
from photos.models import Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "default_credit_kind"]
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Its name is in the credit line of every page showing one of its photos. The page
        # cache can only be purged site-wide (a generation bump by the reader site), so only
        # skip the purge when no photo uses the source.
        if change and form.changed_data and obj.photos.exists():
            signals.public_change.send(Source)
