import io

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from accounts.models import Author, User
from articles.models import Article, Byline, Interviewee, Person, Section, Status
from photos.models import CreditKind, Photo, Source


def jpeg_bytes(width=64, height=48, color=(120, 40, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG")
    return buffer.getvalue()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@staff.example.com")
    password = factory.django.Password("correct horse battery staple")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Author {n}")
    slug = factory.Sequence(lambda n: f"author-{n}")
    job_title = "Reporter"


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Agency {n}")


class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Photo

    image = factory.LazyFunction(lambda: ContentFile(jpeg_bytes(), name="photo.jpg"))
    caption = factory.Sequence(lambda n: f"Caption {n}")
    alt_text = "A test photo"
    credit_kind = CreditKind.STAFF
    photographer = "Jane Doe"


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Headline {n}")
    slug = factory.Sequence(lambda n: f"headline-{n}")
    deck = "A deck."
    section = factory.SubFactory(SectionFactory)
    body = "<p>Body text.</p>"
    status = Status.DRAFT

    class Params:
        published = factory.Trait(
            status=Status.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1)),
        )

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create and extracted:
            for position, author in enumerate(extracted):
                Byline.objects.create(article=self, author=author, position=position)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")
    title = "Ambassador"


class IntervieweeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interviewee

    article = factory.SubFactory(ArticleFactory, kind="interview")
    person = factory.SubFactory(PersonFactory)
    title_at_time = factory.LazyAttribute(lambda i: i.person.title)
