"""Template helpers for public photo markup.

- `{{ photo|public_photo }}`: the photo, or None when its rights have expired.
- `{% picture photo crop as pic %}`: srcsets and sizes for includes/photo.html.
Inline photos in story bodies use includes/photo.html too, rendered when the story is
saved (articles/body/pipeline.py).
"""

from dataclasses import dataclass

from django import template

from photos import renditions, rights
from photos.models import Rendition

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
