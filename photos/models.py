import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


def photo_upload_to(instance, filename):
    # The stored name is always generated: user file names never reach the disk.
    return f"photos/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.jpg"


def rendition_upload_to(instance, filename):
    return f"renditions/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{filename[filename.rfind('.') :]}"


class CreditKind(models.TextChoices):
    STAFF = "staff", "Staff"
    AGENCY = "agency", "Agency"
    COURTESY = "courtesy", "Courtesy"
    HANDOUT = "handout", "Handout"
    FILE = "file", "File photo"
    READER = "reader", "Reader-submitted"
    CREATIVE_COMMONS = "cc", "Licensed under Creative Commons"


class Source(models.Model):
    """An agency, embassy, company or other provider of photos, with its default terms."""

    name = models.CharField(max_length=200, unique=True)
    default_credit_kind = models.CharField(
        max_length=20, choices=CreditKind.choices, default=CreditKind.AGENCY
    )
    usage_terms = models.TextField(
        blank=True, help_text="Default licence or usage terms for photos from this source."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class PhotoQuerySet(models.QuerySet):
    def rights_ok(self, when=None):
        when = when or timezone.localdate()
        return self.filter(Q(rights_expire_on__isnull=True) | Q(rights_expire_on__gte=when))


class Photo(models.Model):
    image = models.ImageField(
        upload_to=photo_upload_to,
        width_field="width",
        height_field="height",
        help_text="JPEG, PNG, WebP or GIF. Metadata is stripped before anything is published.",
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    caption = models.TextField(blank=True, help_text="What the photo shows, as readers see it.")
    alt_text = models.CharField(
        max_length=300,
        blank=True,
        help_text="Describes the image for people who cannot see it. Required to publish.",
    )
    # Blank until someone chooses: an upload never guesses Staff for another's photo, and
    # a story cannot be published with a photo whose kind is still blank.
    credit_kind = models.CharField(
        max_length=20,
        choices=CreditKind.choices,
        blank=True,
        default="",
        help_text="How readers are told who made the photo. Left blank when the upload did "
        "not name a known source: choose one before a story using it is published.",
    )
    photographer = models.CharField(max_length=200, blank=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="photos"
    )
    copyright_notice = models.CharField(max_length=300, blank=True)
    usage_terms = models.TextField(blank=True, help_text="Licence or usage terms.")
    rights_expire_on = models.DateField(
        null=True, blank=True, help_text="After this day the photo is withheld from readers."
    )
    keywords = models.CharField(max_length=500, blank=True)
    focal_x = models.FloatField(
        default=0.5, help_text="Horizontal focal point, 0 (left) to 1 (right)."
    )
    focal_y = models.FloatField(
        default=0.5, help_text="Vertical focal point, 0 (top) to 1 (bottom)."
    )
    content_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # True from upload until the background job has built the renditions: meanwhile readers
    # never see the photo (its master is not a public file) and no story using it publishes.
    renditions_pending = models.BooleanField(default=False, editable=False)
    imported_metadata = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="Text read from the uploaded file's IPTC/XMP/EXIF (never published).",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="uploaded_photos",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        permissions = [
            ("edit_any_photo", "Can edit and delete photos uploaded by anyone"),
        ]
        constraints = [
            models.CheckConstraint(
                name="photo_focal_point_in_frame",
                condition=Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
            ),
        ]

    def __str__(self):
        return self.caption[:80] or f"Photo {self.pk}"

    @property
    def credit_line(self):
        from photos.credits import credit_line

        return credit_line(self)

    @property
    def rights_expired(self):
        return self.rights_expire_on is not None and self.rights_expire_on < timezone.localdate()


class Rendition(models.Model):
    """A stripped, re-encoded size of a photo, built once at upload."""

    class Format(models.TextChoices):
        JPEG = "jpeg", "JPEG"
        WEBP = "webp", "WebP"

    class Crop(models.TextChoices):
        ORIGINAL = "original", "Original ratio"
        WIDE = "16x9", "16:9"
        SQUARE = "1x1", "1:1"

    photo = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="renditions")
    crop = models.CharField(max_length=10, choices=Crop.choices, default=Crop.ORIGINAL)
    format = models.CharField(max_length=10, choices=Format.choices)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    file = models.FileField(upload_to=rendition_upload_to, max_length=200)

    class Meta:
        # photo_id, not photo: ordering by the foreign key would join Photo for its own ordering.
        ordering = ["photo_id", "crop", "format", "width"]
        constraints = [
            models.UniqueConstraint(
                fields=["photo", "crop", "format", "width"], name="rendition_unique_size"
            ),
        ]

    def __str__(self):
        return f"{self.photo_id} {self.crop} {self.format} {self.width}w"
