from django.db import models
from django.urls import reverse


class Person(models.Model):
    """Someone interviewed or quoted: a news subject, not staff."""

    name = models.CharField(
        "display name",
        max_length=200,
        help_text="In Latin letters, as our readers know them, e.g. “Park Seo-yeon”, "
        "“Alena Kavaliova”. The web address is made from this name.",
    )
    native_name = models.CharField(
        "name in the original script",
        max_length=200,
        blank=True,
        help_text="E.g. 박서연, Алена Кавалёва. Shown beside the display name.",
    )
    short_name = models.CharField(
        max_length=100,
        blank=True,
        help_text="Labels their answers in interviews (“Park:”), usually the family name. "
        "Leave empty to label them with the display name.",
    )
    family_name_first = models.BooleanField(
        default=False,
        help_text="The display name starts with the family name (Korean, Chinese, Japanese "
        "names): “Park Seo-yeon” is Ms Park.",
    )
    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=250, blank=True, help_text="Current position or title.")
    organisation = models.CharField(max_length=250, blank=True)
    country = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    photo = models.ForeignKey(
        "photos.Photo", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("readers:person", kwargs={"slug": self.slug})

    @property
    def label_name(self):
        """What a Q&A puts before their answers: the short name, else the display name."""
        return self.short_name or self.name


class Interviewee(models.Model):
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="interviewees"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="interviews")
    title_at_time = models.CharField(
        max_length=250,
        blank=True,
        help_text='Their title when interviewed, e.g. "Belarus ambassador to the Republic of Korea".',
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "person"], name="interviewee_unique_person"),
        ]

    def __str__(self):
        return str(self.person)
