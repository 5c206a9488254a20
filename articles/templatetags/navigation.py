from django import template

from articles.models import Section

register = template.Library()


@register.inclusion_tag("includes/site_nav.html", takes_context=True)
def site_nav(context, current=None):
    """The section navigation: one query, sections in their editorial order."""
    return {"sections": list(Section.objects.only("name", "slug")), "current": current}
