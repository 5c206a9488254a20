from django import template

from readers.cache import pending_purge_summary

register = template.Library()


@register.inclusion_tag("admin/includes/pending_purges.html", takes_context=True)
def pending_purges_warning(context):
    """Tells editors while a purge of cached pages has not reached the cache (one query)."""
    user = context.get("user")
    if user is None or not user.is_staff:
        return {"count": 0}
    count, since = pending_purge_summary()
    return {"count": count, "since": since}
