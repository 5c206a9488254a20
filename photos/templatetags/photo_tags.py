"""Template helpers for public photo markup.

- `{{ photo|public_photo }}`: the photo, or None when its rights have expired.
- `{% picture photo crop as pic %}`: srcsets and sizes for includes/photo.html.
- `{{ article.body|render_body }}`: a sanitised story body with its inline photos turned
  into the same <picture> + caption + credit markup as the lead photo (two queries for
  all of them). An inline photo is either `<figure class="inline-photo" data-photo="ID">`
  (allowed by articles.sanitize, for imports) or a paragraph holding only `[photo ID]`,
  which is what editors paste from the photo's admin page into the rich-text editor.
"""

from dataclasses import dataclass

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from photos import renditions, rights, usage
from photos.models import Photo, Rendition

register = template.Library()


@register.filter
def public_photo(photo):
    return rights.public_photo(photo)


@dataclass
class Picture:
    src: str
    width: int
    height: int
    jpeg_srcset: str = ""
    webp_srcset: str = ""


def _srcset(group):
    return ", ".join(f"{rendition.file.url} {rendition.width}w" for rendition in group)


@register.simple_tag
def picture(photo, crop=Rendition.Crop.ORIGINAL):
    """What the <picture> needs. Falls back to the (stripped) master when a photo has no
    renditions, e.g. one imported before renditions existed."""
    groups = renditions.pick(photo, crop or Rendition.Crop.ORIGINAL)
    jpegs, webps = groups[Rendition.Format.JPEG], groups[Rendition.Format.WEBP]
    if not jpegs:
        return Picture(src=photo.image.url, width=photo.width, height=photo.height)
    # The fallback <img src> is a mid-size JPEG: sharp enough, not the heaviest.
    fallback = next((r for r in jpegs if r.width >= 960), jpegs[-1])
    return Picture(
        src=fallback.file.url,
        width=fallback.width,
        height=fallback.height,
        jpeg_srcset=_srcset(jpegs),
        webp_srcset=_srcset(webps),
    )


@register.filter
def render_body(html):
    """Expects a body already sanitised by articles.sanitize.clean_body (Article.save)."""
    html = html or ""
    ids = usage.inline_photo_ids(html)
    if not ids:
        return mark_safe(html)
    photos = Photo.objects.select_related("source").prefetch_related("renditions").in_bulk(set(ids))

    def render(photo_id):
        photo = rights.public_photo(photos.get(photo_id))
        if photo is None:
            # Deleted or rights expired: the story reads on without the image.
            return ""
        return render_to_string(
            "includes/photo.html", {"photo": photo, "figure": True, "inline": True}
        ).strip()

    def replace_figure(match):
        attributes = match.group(1)
        found = usage.PHOTO_ID.search(attributes)
        if not (found and usage.INLINE_CLASS.search(attributes)):
            return match.group(0)
        return render(int(found.group(1)))

    html = usage.INLINE_FIGURE.sub(replace_figure, html)
    html = usage.SHORTCODE.sub(lambda match: render(int(match.group(1))), html)
    return mark_safe(html)
