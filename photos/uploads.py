"""Accepting an uploaded photo (DESIGN rule 6): validate, strip, store, all or nothing.

What is kept: a re-encoded master JPEG (sRGB, orientation applied, no metadata of any
kind) plus its renditions. The uploaded original is NOT kept anywhere: it only lives in
memory/the request's temporary file while we read its pixels and its IPTC/XMP/EXIF
text, so a camera serial, GPS position or hidden payload cannot leak later.
"""

import hashlib
import io
import logging
import warnings
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageCms, ImageOps

from photos import metadata, renditions, storage
from photos import tasks as photo_tasks
from photos.models import Photo

logger = logging.getLogger(__name__)

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
MASTER_QUALITY = 90
_SRGB = ImageCms.createProfile("sRGB")


@dataclass
class CleanImage:
    """Pixels we trust, plus the text read from the upload's metadata."""

    image: Image.Image
    content_hash: str
    metadata: dict = field(default_factory=dict)


@dataclass
class UploadResult:
    name: str
    photo: Photo | None = None
    duplicate_of: Photo | None = None
    errors: list[str] = field(default_factory=list)


def _refuse(name, why):
    return ValidationError(f"{name}: {why}", code="refused")


def _hash(uploaded):
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in iter(lambda: uploaded.read(1024 * 1024), b""):
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


def read_upload(uploaded, name=None):
    """Open, check and fully decode an uploaded file. Raises ValidationError with a
    sentence an editor understands; stores nothing."""
    name = name or getattr(uploaded, "name", "") or "upload"
    size = getattr(uploaded, "size", None)
    if size is None:
        uploaded.seek(0, io.SEEK_END)
        size = uploaded.tell()
    if not size:
        raise _refuse(name, "the file is empty.")
    if size > settings.PHOTO_MAX_BYTES:
        raise _refuse(
            name,
            f"the file is {filesizeformat(size)}; the limit is "
            f"{filesizeformat(settings.PHOTO_MAX_BYTES)}.",
        )
    content_hash = _hash(uploaded)
    with warnings.catch_warnings():
        # A decompression bomb is refused, never just logged.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(uploaded, formats=ACCEPTED_FORMATS)
        except Image.UnidentifiedImageError:
            raise _refuse(
                name, "this is not a JPEG, PNG, WebP or GIF image (whatever its name says)."
            ) from None
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise _refuse(name, "the image is a decompression bomb and was refused.") from None
        except Exception:
            raise _refuse(name, "the file is damaged and cannot be read.") from None
        width, height = image.size
        if width < 1 or height < 1:
            raise _refuse(name, "the image has no pixels.")
        if width * height > settings.PHOTO_MAX_PIXELS:
            raise _refuse(
                name,
                f"the image is {width}×{height} ({width * height / 1e6:.1f} megapixels); "
                f"the limit is {settings.PHOTO_MAX_PIXELS / 1e6:.0f} megapixels.",
            )
        try:
            frames = getattr(image, "n_frames", 1)
        except Exception:
            raise _refuse(name, "the animation is damaged and cannot be read.") from None
        if frames > settings.PHOTO_MAX_FRAMES:
            raise _refuse(
                name,
                f"the animation has {frames} frames; the limit is {settings.PHOTO_MAX_FRAMES}.",
            )
        if frames > 1 and frames * width * height > settings.PHOTO_MAX_PIXELS * 4:
            raise _refuse(name, "the animation is too large to check (too many big frames).")
        if image.format == "JPEG":
            # Decode at the smallest JPEG scale that still covers the largest size we keep.
            image.draft(None, _draft_size(image.size))
        try:
            # Every frame of an animation is decoded, so a damaged one is caught here;
            # only the first frame is kept.
            for index in range(1, frames):
                image.seek(index)
                image.load()
            image.seek(0)
            image.load()
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise _refuse(name, "the image is a decompression bomb and was refused.") from None
        except Exception:
            raise _refuse(name, "the file is truncated or damaged and cannot be read.") from None
    # Read after load: PNG keeps text chunks after the pixels. Dropped with the container.
    found = metadata.read(image)
    try:
        clean = _normalise(image)
    except Exception:
        raise _refuse(name, "the image's colours cannot be converted for the web.") from None
    return CleanImage(image=clean, content_hash=content_hash, metadata=found)


def _draft_size(size):
    """JPEG draft mode decodes at 1/2, 1/4, 1/8 scale; ask for at least the master size."""
    limit = settings.PHOTO_MASTER_MAX_EDGE
    width, height = size
    scale = min(1.0, limit / max(width, height))
    return (max(1, int(width * scale)), max(1, int(height * scale)))


def _normalise(image):
    """Upright, 8-bit sRGB RGB pixels with no info dict: nothing of the container survives."""
    icc = image.info.get("icc_profile")
    image = ImageOps.exif_transpose(image, in_place=True) or image
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        # 16-bit greyscale: scale to 8 bits instead of clipping everything to white.
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in ("PA", "LA", "RGBA", "La", "RGBa"):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    if icc and image.mode in ("RGB", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            image = ImageCms.profileToProfile(image, source, _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            image = image.convert("RGB")
    if image.mode != "RGB":
        image = image.convert("RGB")
    longest = max(image.size)
    if longest > settings.PHOTO_MASTER_MAX_EDGE:
        scale = settings.PHOTO_MASTER_MAX_EDGE / longest
        image = image.resize(
            (max(1, round(image.width * scale)), max(1, round(image.height * scale))),
            Image.Resampling.LANCZOS,
            reducing_gap=3.0,
        )
    # Copying the pixels drops info (comments, EXIF, XMP, ICC, thumbnails) for good.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    return clean


def encode_jpeg(image, quality):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue()


def find_duplicate(content_hash):
    return Photo.objects.filter(content_hash=content_hash).order_by("pk").first()


def store(clean, *, uploaded_by=None, **fields):
    """Create the Photo row and its master file, or nothing at all; the renditions are a
    background job (photos.tasks), queued with the row, so the upload returns at once."""
    photo = Photo(content_hash=clean.content_hash, uploaded_by=uploaded_by, renditions_pending=True)
    metadata.prefill(photo, clean.metadata)
    for name, value in fields.items():
        setattr(photo, name, value)
    written = []
    try:
        with transaction.atomic():
            master = ContentFile(encode_jpeg(clean.image, MASTER_QUALITY))
            photo.image.save("master.jpg", master, save=False)
            written.append(photo.image.name)
            photo.width, photo.height = clean.image.size
            photo.save()
            photo_tasks.queue_renditions(photo)
    except BaseException:
        storage.delete_quietly(photo.image.storage, written)
        raise
    return photo


def accept(uploaded, *, uploaded_by=None, allow_duplicate=False):
    """The whole upload of one file: returns an UploadResult, never raises for bad input."""
    name = getattr(uploaded, "name", "") or "upload"
    result = UploadResult(name=name)
    try:
        clean = read_upload(uploaded, name)
    except ValidationError as refusal:
        result.errors = refusal.messages
        return result
    if not allow_duplicate:
        result.duplicate_of = find_duplicate(clean.content_hash)
        if result.duplicate_of is not None:
            return result
    try:
        result.photo = store(clean, uploaded_by=uploaded_by)
    except (DatabaseError, *storage.STORAGE_ERRORS):
        # store() already removed whatever it had written; the other files go on.
        logger.exception("Could not store upload %r", name)
        result.errors = [f"{name}: the photo could not be saved (storage error). Try again."]
    return result


def reprocess(photo):
    """Re-strip a photo's stored image and rebuild all its renditions, e.g. for photos
    imported before this pipeline existed or after the rendition sizes changed.
    Old files are removed only once the new ones are saved."""
    with photo.image.open("rb") as stored:
        clean = read_upload(stored, name=photo.image.name)
    old_files = [photo.image.name, *photo.renditions.values_list("file", flat=True)]
    written = []
    files = photo.image.storage
    try:
        with transaction.atomic():
            photo.renditions.all().delete()
            master = ContentFile(encode_jpeg(clean.image, MASTER_QUALITY))
            photo.image.save("master.jpg", master, save=False)
            written.append(photo.image.name)
            photo.width, photo.height = clean.image.size
            if not photo.content_hash:
                photo.content_hash = clean.content_hash
            photo.save()
            renditions.build(photo, clean.image, written=written)
    except BaseException:
        storage.delete_quietly(files, written)
        raise
    transaction.on_commit(lambda: storage.delete_quietly(files, old_files))
    return photo
