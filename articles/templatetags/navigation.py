from django import template
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from articles.models import Section
from newsroom.cache import page_generation, purge_public_pages

register = template.Library()

NAV_CACHE_SECONDS = 60 * 60


def _sections():
    """Sections in their editorial order, cached per page generation: every public page shows
    them, they change a few times a year, and a section change purges public pages."""
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


def _section_changed(sender, **kwargs):
    if not kwargs.get("raw"):
        transaction.on_commit(purge_public_pages)


def connect_signals():
    post_save.connect(_section_changed, sender=Section, dispatch_uid="site-nav-section-saved")
    post_delete.connect(_section_changed, sender=Section, dispatch_uid="site-nav-section-deleted")


@register.inclusion_tag("includes/site_nav.html", takes_context=True)
def site_nav(context, current=None):
    """The section navigation: no query while cached."""
    return {"sections": _sections(), "current": current}
