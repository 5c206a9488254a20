from articles import signals


class PurgesPublicPagesAdmin:
    """ModelAdmin mixin for things readers see on many pages (people, sections, corrections):
    saving or deleting one tells the reader site, inside the admin's transaction."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        signals.public_change.send(type(obj))

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        signals.public_change.send(type(obj))

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        signals.public_change.send(queryset.model)
