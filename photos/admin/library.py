"""The photo library: list, change form, permissions, where used, safe deletes."""

from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.db import transaction
from django.db.models import Prefetch, ProtectedError
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from photos import access, renditions, rights, signals, storage, usage
from photos import tasks as photo_tasks
from photos.admin import master
from photos.admin.filters import (
    CreditKindFilter,
    RightsStatusFilter,
    SourceFilter,
    UploadedByMeFilter,
)
from photos.admin.upload import ORIGINAL_NOT_KEPT, UploadMixin
from photos.credits import name_in_credit
from photos.forms import PhotoChangeForm
from photos.models import Photo, Rendition

NEEDS_KIND = "Needs a credit kind"


def _copy_button(photo, label="Copy"):
    """Puts the inline-photo code on the clipboard (static JS: photos/admin/photos.js)."""
    return format_html(
        '<button type="button" class="button photo-copy" data-copy="{}" data-copy-html="{}" '
        'aria-label="Copy the code that places photo {} in a story">{}</button>',
        usage.shortcode(photo.pk),
        usage.inline_figure(photo.pk),
        photo.pk,
        label,
    )


def _thumbnail(photo, size=64):
    thumbs = getattr(photo, "thumbnails", None)
    url = thumbs[0].file.url if thumbs else master.master_url(photo)
    return format_html(
        '<img class="photo-thumb" src="{}" width="{}" height="{}" alt="" loading="lazy">',
        url,
        size,
        size,
    )


@admin.register(Photo)
class PhotoAdmin(UploadMixin, admin.ModelAdmin):
    form = PhotoChangeForm
    list_display = [
        "thumbnail",
        "caption_short",
        "credit",
        "rights_badge",
        "uploaded_by",
        "copy_button",
    ]
    list_display_links = ["thumbnail", "caption_short"]
    list_filter = [
        RightsStatusFilter,
        ("source", SourceFilter),
        CreditKindFilter,
        UploadedByMeFilter,
    ]
    search_fields = [
        "caption",
        "alt_text",
        "photographer",
        "source__name",
        "copyright_notice",
        "keywords",
    ]
    list_select_related = ["source", "uploaded_by"]
    list_per_page = 50
    date_hierarchy = "created_at"
    readonly_fields = [
        "preview",
        "credit_preview",
        "rights_status",
        "where_used",
        "inline_code",
        "imported",
        "details",
    ]
    fieldsets = [
        (
            "Photo",
            {
                "fields": ["preview", "focal_x", "focal_y"],
                "description": "Click the picture to set the focal point: the 16:9 and "
                "square crops used on cards and in social previews keep it in frame. "
                + ORIGINAL_NOT_KEPT,
            },
        ),
        (
            "Caption and credit",
            {
                "fields": [
                    "caption",
                    "alt_text",
                    "credit_kind",
                    "photographer",
                    "source",
                    "credit_preview",
                ]
            },
        ),
        (
            "Rights",
            {"fields": ["rights_status", "copyright_notice", "usage_terms", "rights_expire_on"]},
        ),
        ("Library", {"fields": ["keywords", "where_used", "inline_code", "imported", "details"]}),
    ]

    class Media:
        css = {"all": ["photos/admin/photos.css"]}
        js = ["photos/admin/photos.js"]

    def get_urls(self):
        preview = self.admin_site.admin_view(master.master_preview)
        return [
            path("<int:pk>/master/", preview, name="photos_photo_master"),
            *super().get_urls(),
        ]

    # --- queryset and permissions -------------------------------------------------------

    def get_queryset(self, request):
        # Everyone with view permission sees the whole library (to pick lead photos);
        # changing is limited per object below.
        thumbs = Rendition.objects.filter(
            crop=Rendition.Crop.SQUARE, format=Rendition.Format.JPEG
        ).order_by("width")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("renditions", queryset=thumbs, to_attr="thumbnails"))
        )

    def has_change_permission(self, request, obj=None):
        return access.can_edit_photo(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return access.can_delete_photo(request.user, obj)

    # --- list columns -------------------------------------------------------------------

    @admin.display(description="")
    def thumbnail(self, photo):
        return _thumbnail(photo)

    @admin.display(description="Caption", ordering="caption")
    def caption_short(self, photo):
        text = photo.caption or "(no caption yet)"
        return text if len(text) <= 90 else text[:89] + "…"

    @admin.display(description="Credit line")
    def credit(self, photo):
        line = photo.credit_line or format_html('<span class="photo-missing">{}</span>', "missing")
        if photo.credit_kind:
            return line
        return format_html('{}<br><span class="photo-missing">{}</span>', line, NEEDS_KIND)

    @admin.display(description="Rights", ordering="rights_expire_on")
    def rights_badge(self, photo):
        state = rights.status(photo)
        if state == rights.Status.EXPIRED:
            text = f"Expired {photo.rights_expire_on:%b %-d, %Y}"
        elif state == rights.Status.EXPIRING:
            text = f"Expires {photo.rights_expire_on:%b %-d, %Y}"
        else:
            text = "OK"
        return format_html('<span class="photo-rights photo-rights--{}">{}</span>', state, text)

    # --- change form read-only fields ---------------------------------------------------

    @admin.display(description="Picture")
    def preview(self, photo):
        if not photo.pk:
            return "-"
        # A 960 px rendition, not the 2560 px master: same framing, a fraction of the bytes.
        shown = renditions.best(photo, Rendition.Crop.ORIGINAL, Rendition.Format.JPEG, 960)
        return format_html(
            '<div class="focal-picker" data-focal-x="{}" data-focal-y="{}">'
            '<img src="{}" alt="{}" width="{}" height="{}">'
            '<span class="focal-picker__dot" aria-hidden="true"></span></div>',
            photo.focal_x,
            photo.focal_y,
            shown.file.url if shown else master.master_url(photo),
            photo.alt_text,
            shown.width if shown else photo.width,
            shown.height if shown else photo.height,
        )

    @admin.display(description="Credit line readers see")
    def credit_preview(self, photo):
        line = photo.credit_line or "No credit yet: add a photographer or a source."
        if photo.credit_kind:
            return line
        return format_html(
            '{}<p class="photo-missing">Choose a credit kind: it was left blank because the '
            "file did not name a known source (staff is never guessed). Stories using this "
            "photo cannot be published until it is chosen.</p>",
            line,
        )

    @admin.display(description="Status")
    def rights_status(self, photo):
        state = rights.status(photo)
        if state == rights.Status.EXPIRED:
            return format_html(
                '<strong class="photo-rights photo-rights--expired">Rights expired on {}: '
                "hidden from readers on every page.</strong>",
                photo.rights_expire_on,
            )
        if state == rights.Status.EXPIRING:
            return format_html(
                '<strong class="photo-rights photo-rights--expiring">Rights expire on {}.</strong>',
                photo.rights_expire_on,
            )
        return "Shown to readers." if photo.rights_expire_on is None else "Shown until expiry."

    @admin.display(description="Where used")
    def where_used(self, photo):
        uses = usage.where_used(photo) if photo.pk else []
        if not uses:
            return "Not used anywhere yet."
        return format_html(
            '<ul class="photo-uses">{}</ul>',
            format_html_join(
                "",
                '<li>{} <a href="{}">{}</a></li>',
                ((u.what, u.admin_url, u.label) for u in uses),
            ),
        )

    @admin.display(description="Inline")
    def copy_button(self, photo):
        return _copy_button(photo)

    @admin.display(description="Use inside a story")
    def inline_code(self, photo):
        if not photo.pk:
            return "-"
        return format_html(
            '<code class="photo-code">{}</code> {}<div class="help">Click Copy, then paste into a story body: the editor shows a '
            "photo block, readers see the photo there with its caption and credit. (Typing "
            "the code on a line of its own works too.)</div>",
            usage.shortcode(photo.pk),
            _copy_button(photo),
        )

    @admin.display(description="Read from the file")
    def imported(self, photo):
        found = photo.imported_metadata or {}
        if not found:
            return "No caption, credit or copyright was found in the file's metadata."
        rows = (
            (key.replace("_", " ").capitalize(), _as_text(value)) for key, value in found.items()
        )
        note = ""
        named = found.get("credit") or found.get("source")
        if named and photo.source_id is None:
            note = format_html(
                '<p class="help">The file names “{}” as its source, which is not in the '
                "source list yet; the photo desk can add it under Sources.</p>",
                name_in_credit(named),
            )
        return format_html(
            '<dl class="photo-imported">{}</dl>{}',
            format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows),
            note,
        )

    @admin.display(description="File")
    def details(self, photo):
        if not photo.pk:
            return "-"
        uploader = photo.uploaded_by or "unknown"
        return format_html(
            "{}×{} px master, {} renditions. Uploaded by {} on {}.",
            photo.width,
            photo.height,
            photo.renditions.count(),
            uploader,
            photo.created_at.strftime("%b %-d, %Y %H:%M"),
        )

    # --- views ---------------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            photo = self.get_object(request, object_id)
            if photo is not None and rights.status(photo) == rights.Status.EXPIRED:
                messages.warning(
                    request,
                    f"The usage rights of this photo expired on {photo.rights_expire_on}: "
                    "readers no longer see it anywhere.",
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if "source" in form.changed_data:
            note = rights.apply_source_defaults(obj)
            # A pop-up closes on save: a message would surface in some later window.
            if note and IS_POPUP_VAR not in request.POST:
                messages.info(request, note)
        super().save_model(request, obj, form, change)
        if change and {"focal_x", "focal_y"} & set(form.changed_data):
            photo_tasks.queue_recrop(obj)
        if change and form.changed_data:
            # Caption, credit, rights or crops may show on cached public pages.
            signals.public_change.send(Photo)

    def delete_view(self, request, object_id, extra_context=None):
        photo = self.get_object(request, object_id)
        if photo is not None and self.has_delete_permission(request, photo):
            uses = usage.where_used(photo)
            if uses:
                self._refuse_delete(request, photo, uses)
                return HttpResponseRedirect(reverse("admin:photos_photo_change", args=[photo.pk]))
        try:
            return super().delete_view(request, object_id, extra_context)
        except ProtectedError:
            # Someone started using it between the check and the delete.
            self._refuse_delete(request, photo, usage.where_used(photo))
            return HttpResponseRedirect(reverse("admin:photos_photo_change", args=[photo.pk]))

    def _refuse_delete(self, request, photo, uses):
        messages.error(
            request,
            format_html(
                "“{}” cannot be deleted while it is used: {}. Replace it there first.",
                photo,
                format_html_join(
                    "; ", '{} <a href="{}">{}</a>', ((u.what, u.admin_url, u.label) for u in uses)
                ),
            ),
        )

    def get_deleted_objects(self, objs, request):
        deletable, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        # Inline uses are not foreign keys, so the collector cannot see them.
        for photo in objs:
            for use in usage.where_used(photo):
                if use.what.startswith("Inline"):
                    protected.append(f"{use.what} {use.label} (photo: {photo})")
        return deletable, counts, perms_needed, protected

    def delete_model(self, request, obj):
        files = [obj.image.name, *obj.renditions.values_list("file", flat=True)]
        super().delete_model(request, obj)
        # Cached pages may still show it (a use nobody counted, a portrait page).
        signals.public_change.send(Photo)
        _delete_files(obj.image.storage, files)

    def delete_queryset(self, request, queryset):
        files = [
            name
            for photo in queryset
            for name in [photo.image.name, *photo.renditions.values_list("file", flat=True)]
        ]
        super().delete_queryset(request, queryset)
        signals.public_change.send(Photo)
        _delete_files(Photo._meta.get_field("image").storage, files)


def _delete_files(files, names):
    # Only once the rows are really gone (the admin runs inside a transaction). What an
    # outage keeps from being deleted is logged and left to `manage.py sweep_media`.
    transaction.on_commit(lambda: storage.delete_quietly(files, names))


def _as_text(value):
    return ", ".join(value) if isinstance(value, list) else value
