from django.db import models
from django.urls import reverse


class Person(models.Model):
    """Someone interviewed or quoted: a news subject, not staff."""

    name = models.CharField(max_length=200)
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
        return reverse("articles:person", kwargs={"slug": self.slug})


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
