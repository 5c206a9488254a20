"""Uploaded photos for a single-machine deployment (demo, `make audit`).

In production media come from object storage behind a CDN, which must send the same
headers (see README, "Media headers"). Here only image types are served, always with
an explicit image Content-Type; SecurityMiddleware adds X-Content-Type-Options: nosniff,
so a browser never sniffs an upload into HTML or script.
"""

from pathlib import PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

IMAGE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
}


@require_safe
def serve_media(request, path):
    if not settings.SERVE_MEDIA:
        raise Http404("Media are served by object storage here.")
    content_type = IMAGE_TYPES.get(PurePosixPath(path).suffix.lower())
    if content_type is None:
        raise Http404("Only images are served.")
    try:
        file = default_storage.open(path)
    # ValueError: a NUL byte in the path ("x%00.jpg"), which the file system refuses.
    except (OSError, ValueError, SuspiciousFileOperation) as error:
        raise Http404("No such file.") from error
    # Checked once the path is known to be a stored file (PostgreSQL refuses NUL bytes).
    if _unpublished_master(path):
        file.close()
        raise Http404("No such file.")
    response = FileResponse(file, content_type=content_type)
    # Stored names are random and never reused, so a file at a URL never changes.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def _unpublished_master(path):
    """A master whose renditions are still being built: staff preview it in the admin
    (photos/admin/master.py); it is never a public file."""
    photo_model = apps.get_model("photos", "Photo")
    return photo_model.objects.filter(image=path, renditions_pending=True).exists()
