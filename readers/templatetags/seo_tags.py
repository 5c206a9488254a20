from django import template

from readers import seo

register = template.Library()


@register.inclusion_tag("includes/meta.html", takes_context=True)
def page_meta(context):
    """Canonical URL, OpenGraph, Twitter card, feed links and JSON-LD for the page.
    Views may pass `meta` (an readers.seo.PageMeta); otherwise it follows from the
    page's main object."""
    meta = context.get("meta") or seo.meta_for_context(context)
    return {"meta": meta, "SITE_NAME": context.get("SITE_NAME")}


@register.simple_tag
def json_ld(data):
    return seo.json_ld_script(data) if data else ""
