"""Usage rights: whether readers may see a photo today, and the desk's view of expiry.

Public templates never check dates themselves: they go through `public_photo`, so an
expired photo disappears from every page (the story still renders, without it).
"""

from datetime import timedelta

from django.utils import timezone

from photos.models import CreditKind

EXPIRING_WITHIN_DAYS = 30


class Status:
    OK = "ok"
    EXPIRING = "expiring"
    EXPIRED = "expired"


def today():
    return timezone.localdate()


def is_public(photo):
    # Photo.rights_expired is the one definition of "expired" for a single photo.
    return not photo.rights_expired


def public_photo(photo):
    """The photo if readers may see it, else None: rights not expired, and its renditions
    built (until then only the master exists, which is never a public file)."""
    if photo is None or not is_public(photo) or photo.renditions_pending:
        return None
    return photo


def status(photo, on=None):
    on = on or today()
    if not is_public(photo):
        return Status.EXPIRED
    if photo.rights_expire_on and photo.rights_expire_on <= on + timedelta(
        days=EXPIRING_WITHIN_DAYS
    ):
        return Status.EXPIRING
    return Status.OK


def expiring_soon(queryset, on=None):
    on = on or today()
    return queryset.filter(
        rights_expire_on__gte=on,
        rights_expire_on__lte=on + timedelta(days=EXPIRING_WITHIN_DAYS),
    )


def expired(queryset):
    return queryset.exclude(pk__in=queryset.model.objects.rights_ok())


def apply_source_defaults(photo):
    """A source's default credit kind and usage terms fill only what is still blank: a kind
    or terms someone chose always win. Returns a sentence for the desk when the kept kind
    differs from the source's usual one (nothing changes silently), else ""."""
    if photo.source_id is None:
        return ""
    source = photo.source
    if not photo.usage_terms.strip():
        photo.usage_terms = source.usage_terms
    if not photo.credit_kind:
        photo.credit_kind = source.default_credit_kind
        return ""
    if photo.credit_kind == source.default_credit_kind:
        return ""
    return (
        f"Kept the credit kind “{CreditKind(photo.credit_kind).label}” chosen for this photo; "
        f"{source} photos are usually credited as "
        f"“{CreditKind(source.default_credit_kind).label}”. Change it if that is wrong."
    )
