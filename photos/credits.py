"""One place that formats a photo's public credit line."""

from photos.models import CreditKind


def credit_line(photo):
    source = photo.source.name if photo.source_id else ""
    who = " / ".join(part for part in (photo.photographer, source) if part)
    kind = photo.credit_kind
    if not kind:
        # Not chosen yet (publishing is blocked until it is): name them, claim nothing.
        return f"Photo: {who}" if who else ""
    if kind == CreditKind.COURTESY:
        return f"Photo courtesy of {who}" if who else ""
    if kind == CreditKind.HANDOUT:
        return f"Handout photo from {who}" if who else "Handout photo"
    if kind == CreditKind.FILE:
        return f"File photo by {who}" if who else "File photo"
    if kind == CreditKind.READER:
        return f"Reader photo by {who}" if who else "Reader photo"
    if kind == CreditKind.CREATIVE_COMMONS:
        terms = f" ({photo.usage_terms})" if photo.usage_terms else ""
        return f"Photo by {who}{terms}" if who else ""
    return f"Photo by {who}" if who else ""
