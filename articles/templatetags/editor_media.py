"""The rich-text editor loads its modules through an inline import map, which a strict
CSP (script-src 'self') blocks: this gives that one inline script the request's nonce."""

from django import template
from js_asset import Media

register = template.Library()


@register.filter
def with_csp_nonce(media, request):
    # django-csp's nonce is lazy and falsy until read: read it, don't truth-test it.
    nonce = getattr(request, "csp_nonce", None)
    if media is None or nonce is None:
        return media
    return Media.from_media(media, nonce=str(nonce))
