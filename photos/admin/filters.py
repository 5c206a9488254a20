"""Library filters: rights status and "uploaded by me"."""

from django.contrib import admin

from photos import rights
from photos.models import CreditKind


class RightsStatusFilter(admin.SimpleListFilter):
    title = "usage rights"
    parameter_name = "rights"

    def lookups(self, request, model_admin):
        return [
            ("expiring", f"Expiring in {rights.EXPIRING_WITHIN_DAYS} days"),
            ("expired", "Expired (hidden from readers)"),
            ("dated", "Has an expiry date"),
            ("open", "No expiry date"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "expiring":
            return rights.expiring_soon(queryset)
        if value == "expired":
            return rights.expired(queryset)
        if value == "dated":
            return queryset.filter(rights_expire_on__isnull=False)
        if value == "open":
            return queryset.filter(rights_expire_on__isnull=True)
        return queryset


class CreditKindFilter(admin.SimpleListFilter):
    """The kinds, plus the photos nobody has classified yet (they block publishing)."""

    title = "credit kind"
    parameter_name = "kind"
    NONE = "none"

    def lookups(self, request, model_admin):
        return [(self.NONE, "Needs a credit kind"), *CreditKind.choices]

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.NONE:
            return queryset.filter(credit_kind="")
        if value in CreditKind.values:
            return queryset.filter(credit_kind=value)
        return queryset


class UploadedByMeFilter(admin.SimpleListFilter):
    title = "uploaded by"
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("1", "Me")]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(uploaded_by=request.user)
        return queryset


class SourceFilter(admin.RelatedFieldListFilter):
    # Django labels the "no value" choice "-"; the desk reads it as a real choice.
    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.empty_value_display = "No source"
