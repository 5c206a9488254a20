"""The photo library's add view: upload one or several files at once."""

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.exceptions import DisallowedModelAdminToField
from django.contrib.admin.options import IS_POPUP_VAR, TO_FIELD_VAR
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from photos import uploads
from photos.forms import UploadForm

ORIGINAL_NOT_KEPT = (
    "The uploaded original is not kept: what is stored is a re-encoded copy (sRGB, "
    f"turned upright, at most {settings.PHOTO_MASTER_MAX_EDGE} px) with every piece of "
    "metadata removed, so no GPS position, camera serial or hidden data can reach readers. "
    "Keep originals in your own archive."
)


class UploadMixin:
    """Replaces the admin's add form with an upload form. Each file goes through
    photos.uploads on its own: good files are stored, bad ones listed with the reason."""

    def add_view(self, request, form_url="", extra_context=None):
        """Upload one or several files; each becomes a photo with fields prefilled from its
        metadata, then the desk edits it. Bad files are listed and nothing of them is kept."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        # Opened from a story's "+" next to Lead photo: the popup must hand the new photo
        # back to the story form, as the stock add form does.
        is_popup = IS_POPUP_VAR in request.POST or IS_POPUP_VAR in request.GET
        to_field = request.POST.get(TO_FIELD_VAR, request.GET.get(TO_FIELD_VAR))
        if to_field and not self.to_field_allowed(request, to_field):
            raise DisallowedModelAdminToField(f"The field {to_field} cannot be referenced.")
        form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
        if request.method == "POST" and form.is_valid():
            created, existing, refused, notices = self._accept_files(request, form)
            if is_popup and not refused and (created or existing):
                # From a story's Lead photo: a file already in the library means that photo.
                # The pop-up closes at once, so its notices are dropped: queued, they would
                # surface in whatever admin window opens next.
                return self.response_add(request, (created or existing)[0])
            # Shown by this response or by the page it redirects to, in this same window.
            for level, text in notices:
                messages.add_message(request, level, text)
            if created and not refused:
                return self._after_upload(created)
            for result in refused:
                for error in result.errors:
                    form.add_error("images", error)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Upload photos",
            "form": form,
            "is_popup": is_popup,
            "is_popup_var": IS_POPUP_VAR,
            "to_field": to_field,
            "to_field_var": TO_FIELD_VAR,
            "media": self.media + form.media,
            "original_not_kept": ORIGINAL_NOT_KEPT,
            "max_mb": settings.PHOTO_MAX_BYTES // 1048576,
            "max_mp": settings.PHOTO_MAX_PIXELS // 1_000_000,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/photos/photo/upload.html", context)

    def _accept_files(self, request, form):
        """(new photos, existing photos the files duplicate, refused results, notices as
        (level, html) for the caller to show where the desk is looking)."""
        created, existing, refused, notices = [], [], [], []
        for uploaded in form.cleaned_data["images"]:
            result = uploads.accept(
                uploaded,
                uploaded_by=request.user,
                allow_duplicate=form.cleaned_data["allow_duplicates"],
            )
            if result.photo is not None:
                created.append(result.photo)
            elif result.duplicate_of is not None:
                duplicate_of = result.duplicate_of
                existing.append(duplicate_of)
                notices.append(
                    (
                        messages.WARNING,
                        format_html(
                            'Already in the library: “{}”. Use the existing photo: <a href="{}">{}</a>.',
                            result.name,
                            reverse("admin:photos_photo_change", args=[duplicate_of.pk]),
                            str(duplicate_of),
                        ),
                    )
                )
            else:
                refused.append(result)
        if created:
            links = format_html_join(
                ", ",
                '<a href="{}">{}</a>',
                (
                    (reverse("admin:photos_photo_change", args=[photo.pk]), str(photo))
                    for photo in created
                ),
            )
            notices.append(
                (
                    messages.SUCCESS,
                    format_html(
                        "Uploaded {} photo{}: {}. Check the caption, alt text and credit read "
                        "from each file.",
                        len(created),
                        "s" if len(created) != 1 else "",
                        links,
                    ),
                )
            )
        return created, existing, refused, notices

    def _after_upload(self, created):
        if len(created) == 1:
            return HttpResponseRedirect(reverse("admin:photos_photo_change", args=[created[0].pk]))
        ids = ",".join(str(photo.pk) for photo in created)
        return HttpResponseRedirect(f"{reverse('admin:photos_photo_changelist')}?id__in={ids}")
