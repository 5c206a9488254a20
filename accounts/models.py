from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse


class User(AbstractUser):
    """Staff account. Custom from the first migration so it can grow without pain."""

    email_notifications = models.BooleanField(
        "e-mail notifications",
        default=True,
        help_text="Also send notifications by e-mail. The inbox in the admin always gets them.",
    )


class Author(models.Model):
    """A byline profile shown to readers. Staff e-mail and username never leak:
    only the contact details entered here are public."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, help_text="Used in the author page URL.")
    job_title = models.CharField(max_length=200, blank=True, help_text='For example "Publisher".')
    bio = models.TextField(blank=True, help_text="Shown in the author box at the foot of stories.")
    email = models.EmailField(
        "public e-mail", blank=True, help_text="Shown to readers as a contact link."
    )
    phone = models.CharField(
        "public phone",
        max_length=40,
        blank=True,
        help_text="Shown to readers, e.g. 82-2-6956-6698.",
    )
    photo = models.ForeignKey(
        "photos.Photo", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
        help_text="The staff account that may edit this profile, if any.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("readers:author", kwargs={"slug": self.slug})

    @property
    def phone_uri(self):
        digits = "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
        return f"tel:{digits}" if digits else ""
