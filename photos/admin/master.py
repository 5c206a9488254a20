"""The staff-only preview of a photo's master while its renditions are being built: the
admin shows it through this view (login and view permission), never through public media."""

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_safe

from photos.models import Photo


def master_url(photo):
    return reverse("admin:photos_photo_master", args=[photo.pk])


@require_safe
@staff_member_required
def master_preview(request, pk):
    if not request.user.has_perm("photos.view_photo"):
        raise PermissionDenied
    photo = get_object_or_404(Photo, pk=pk)
    try:
        file = photo.image.open("rb")
    except (OSError, ValueError) as error:
        raise Http404("The master file is missing.") from error
    response = FileResponse(file, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response
