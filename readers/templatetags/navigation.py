from django import template
from django.core.cache import cache

from articles.models import Section
from readers.cache import page_generation

register = template.Library()

NAV_CACHE_SECONDS = 60 * 60


def _sections():
    """Sections in their editorial order, cached per page generation: every public page shows
    them, they change a few times a year, and SectionAdmin purges public pages on a change."""
    try:
        key = f"site-nav:{page_generation()}"
        sections = cache.get(key)
    except Exception:  # noqa: BLE001 - cache down: read the database, as the page cache does
        return list(Section.objects.only("name", "slug"))
    if sections is None:
        sections = [
            (section.pk, section.name, section.slug)
            for section in Section.objects.only("name", "slug")
        ]
        try:
            cache.set(key, sections, NAV_CACHE_SECONDS)
        except Exception:  # noqa: BLE001
            pass
    return [Section(pk=pk, name=name, slug=slug) for pk, name, slug in sections]


@register.inclusion_tag("includes/site_nav.html", takes_context=True)
def site_nav(context, current=None):
    """The section navigation: no query while cached."""
    return {"sections": _sections(), "current": current}
