"""Shared test helpers for reader-facing pages."""

import json

from django.core.files.base import ContentFile

from photos.models import Rendition
from tests.factories import PhotoFactory, jpeg_bytes


def photo_with_social_rendition(**kwargs):
    photo = PhotoFactory(**kwargs)
    for crop, width, height in [("16x9", 1200, 675), ("16x9", 640, 360), ("1x1", 1200, 1200)]:
        Rendition.objects.create(
            photo=photo,
            crop=crop,
            format="jpeg",
            width=width,
            height=height,
            file=ContentFile(jpeg_bytes(8, 8), name="r.jpg"),
        )
    return photo


def json_ld(html):
    """The JSON-LD object on a page (exactly one block expected)."""
    blocks = html.split('<script type="application/ld+json">')
    assert len(blocks) == 2, "expected one JSON-LD block"
    return json.loads(blocks[1].split("</script>")[0])
