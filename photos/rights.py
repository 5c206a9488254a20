"""Usage rights: whether readers may see a photo today, and the desk's view of expiry.

Public templates never check dates themselves: they go through `public_photo`, so an
expired photo disappears from every page (the story still renders, without it).
"""

from datetime import timedelta

from django.utils import timezone

EXPIRING_WITHIN_DAYS = 30


class Status:
    OK = "ok"
    EXPIRING = "expiring"
    EXPIRED = "expired"


def today():
    return timezone.localdate()


def is_public(photo, on=None):
    return photo.rights_expire_on is None or photo.rights_expire_on >= (on or today())


def public_photo(photo, on=None):
    """The photo if readers may see it, else None."""
    if photo is None or not is_public(photo, on):
        return None
    return photo


def status(photo, on=None):
    on = on or today()
    if not is_public(photo, on):
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


def expired(queryset, on=None):
    return queryset.filter(rights_expire_on__lt=on or today())


def apply_source_defaults(photo, previous_source_id=None):
    """When a source is (newly) chosen, take its credit kind and usage terms unless the
    desk already typed terms of its own."""
    if photo.source_id is None or photo.source_id == previous_source_id:
        return
    photo.credit_kind = photo.source.default_credit_kind
    if not photo.usage_terms.strip():
        photo.usage_terms = photo.source.usage_terms
