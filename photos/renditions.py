"""Responsive renditions, built once per photo (at upload, or when the desk moves the focal
point), never in a reader's request.

Every rendition is a fresh encode of clean RGB pixels with no metadata attached: no EXIF,
XMP, ICC, comment or thumbnail can reach a public file.
"""

import io
from concurrent.futures import ThreadPoolExecutor

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image

from photos import storage
from photos.models import Rendition

WIDTHS = (480, 960, 1440, 1920)
CROPS = {
    Rendition.Crop.ORIGINAL: None,
    Rendition.Crop.WIDE: (16, 9),
    Rendition.Crop.SQUARE: (1, 1),
}
JPEG_QUALITY = 82
WEBP_QUALITY = 78
# Pillow releases the GIL while resizing and encoding, so two threads use both cores.
_WORKERS = 2


def widths_for(source_width):
    """The widths to build for a crop this wide: never upscaled, at least one size."""
    widths = [width for width in WIDTHS if width <= source_width]
    return widths or [source_width]


def crop_box(width, height, ratio, focal_x=0.5, focal_y=0.5):
    """The largest box of `ratio` inside the image, centred on the focal point as far as
    the edges allow."""
    if ratio is None:
        return (0, 0, width, height)
    rw, rh = ratio
    box_w = min(width, height * rw / rh)
    box_h = box_w * rh / rw
    left = min(max(focal_x * width - box_w / 2, 0), width - box_w)
    top = min(max(focal_y * height - box_h / 2, 0), height - box_h)
    return (left, top, left + box_w, top + box_h)


def _encode(image, fmt):
    buffer = io.BytesIO()
    if fmt == Rendition.Format.WEBP:
        image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=2)
    else:
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()


def _render_crop(image, crop, focal_x, focal_y):
    """All sizes of one crop: the largest is resized from the master, smaller ones from
    that (cheaper, and LANCZOS from 1920 px loses nothing visible)."""
    box = crop_box(image.width, image.height, CROPS[crop], focal_x, focal_y)
    box_w, box_h = box[2] - box[0], box[3] - box[1]
    results = []
    largest = None
    for width in sorted(widths_for(round(box_w)), reverse=True):
        height = max(1, round(width * box_h / box_w))
        if largest is None:
            resized = image.resize((width, height), Image.Resampling.LANCZOS, box=box)
            largest = resized
        else:
            resized = largest.resize((width, height), Image.Resampling.LANCZOS)
        for fmt in Rendition.Format.values:
            results.append((crop, fmt, width, height, _encode(resized, fmt)))
    return results


def render(photo, image, crops=tuple(CROPS)):
    """Encode the renditions of `photo` (CPU only: no file, no row)."""
    with ThreadPoolExecutor(max_workers=_WORKERS) as pool:
        batches = pool.map(
            lambda crop: _render_crop(image, crop, photo.focal_x, photo.focal_y), crops
        )
        return [item for batch in batches for item in batch]


def build(photo, image, *, crops=tuple(CROPS), written=None, encoded=None):
    """Create the renditions of `photo` from clean RGB `image` (the master's pixels), or
    from `encoded` when render() already ran.

    `written` collects stored file names so a caller can remove them if anything fails.
    """
    written = [] if written is None else written
    if encoded is None:
        encoded = render(photo, image, crops)
    rows = []
    for crop, fmt, width, height, data in encoded:
        rendition = Rendition(photo=photo, crop=crop, format=fmt, width=width, height=height)
        rendition.file.save(
            f"r.{'webp' if fmt == 'webp' else 'jpg'}", ContentFile(data), save=False
        )
        written.append(rendition.file.name)
        rows.append(rendition)
    Rendition.objects.bulk_create(rows)
    return rows


def open_master(photo):
    """The stored master's pixels as RGB."""
    with photo.image.open("rb") as master:
        # Masters are JPEGs from photos.uploads; older imports may be any accepted format.
        image = Image.open(master, formats=["JPEG", "PNG", "WEBP", "GIF"])
        image.load()
        return image.convert("RGB")


def ready(photo):
    """Whether readers may see the photo: its renditions are built (photos.tasks)."""
    return not photo.renditions_pending


def rebuild_crops(photo):
    """Rebuild the 16:9 and 1:1 crops after the focal point moved."""
    crops = [Rendition.Crop.WIDE, Rendition.Crop.SQUARE]
    old = list(photo.renditions.filter(crop__in=crops))
    image = open_master(photo)
    written = []
    try:
        photo.renditions.filter(crop__in=crops).delete()
        build(photo, image, crops=crops, written=written)
    except BaseException:
        storage.delete_quietly(photo.image.storage, written)
        raise
    old_files = [rendition.file.name for rendition in old]
    files = photo.image.storage
    # Only once the new rows are committed: a rollback must not leave rows without files.
    transaction.on_commit(lambda: storage.delete_quietly(files, old_files))


def pick(photo, crop=Rendition.Crop.ORIGINAL):
    """Renditions of one crop, grouped by format and sorted by width, from the prefetch
    cache when there is one (so templates cost no query per photo)."""
    groups = {fmt: [] for fmt in Rendition.Format.values}
    for rendition in photo.renditions.all():
        if rendition.crop == crop:
            groups[rendition.format].append(rendition)
    for group in groups.values():
        group.sort(key=lambda rendition: rendition.width)
    return groups


def best(photo, crop=Rendition.Crop.WIDE, fmt=Rendition.Format.JPEG, width=1200):
    """The rendition closest to `width` (preferring wider), e.g. for og:image and JSON-LD.
    Uses the prefetch cache when present. None when the photo has no renditions."""
    group = pick(photo, crop)[fmt]
    if not group:
        return None
    wide_enough = [rendition for rendition in group if rendition.width >= width]
    return wide_enough[0] if wide_enough else group[-1]
