"""The story page in at most 5 queries for every shape (issue 13, item 4), and the lists read
as JSON in the story's row (articles.models.story_page) equal what the ORM reads itself."""

import pytest
from django.utils import timezone

from articles.models import Article, Byline, Correction, Interviewee, Kind, Person
from photos.models import Rendition
from tests.articles.helpers import photo_with_social_rendition
from tests.factories import ArticleFactory, AuthorFactory, SourceFactory

pytestmark = pytest.mark.django_db

STORY_PAGE_QUERIES = 5  # a cold page: story, bylines, read-next, navigation, cache lifetime


def _story(bylines, tags, photo, interviewees, corrections):
    article = ArticleFactory(
        published=True,
        kind=Kind.INTERVIEW,
        lead_photo=photo_with_social_rendition(source=SourceFactory()) if photo else None,
        tags=[f"태그-{n}" for n in range(tags)],
    )
    for position in range(bylines):
        Byline.objects.create(
            article=article, author=AuthorFactory(bio=f"Bio {position}."), position=position
        )
    for n in range(interviewees):
        person = Person.objects.create(name=f"Person {n}", slug=f"person-{article.pk}-{n}")
        Interviewee.objects.create(
            article=article, person=person, title_at_time="Minister", position=interviewees - n
        )
    for n in range(corrections):
        Correction.objects.create(
            article=article,
            text=f"Correction {n}.",
            published_at=timezone.now() - timezone.timedelta(hours=n),
        )
    return article


SHAPES = [
    (0, 0, False, 0, 0),
    (1, 1, True, 1, 0),
    (3, 8, True, 3, 2),
    (5, 8, False, 2, 3),
]


@pytest.mark.parametrize(("bylines", "tags", "photo", "interviewees", "corrections"), SHAPES)
def test_it_renders_every_story_shape_in_at_most_five_queries(
    client, django_assert_max_num_queries, bylines, tags, photo, interviewees, corrections
):
    article = _story(bylines, tags, photo, interviewees, corrections)
    for n in range(3):  # related and more-by-the-author stories
        sibling = _story(1, n, True, 0, 0)
        sibling.section = article.section
        sibling.save()
    with django_assert_max_num_queries(STORY_PAGE_QUERIES):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    for n in range(tags):
        assert f"태그-{n}" in page
    for n in range(corrections):
        assert f"Correction {n}." in page
    for n in range(interviewees):
        assert f"Person {n}" in page


def _fields(obj):
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_it_reads_the_same_rows_as_the_orm():
    article = _story(2, 3, True, 3, 3)
    photo = article.lead_photo
    assert Rendition.objects.filter(photo=photo).exists(), "the factory photo has renditions"

    loaded = Article.objects.published().for_story_page().get(pk=article.pk)
    plain = (
        Article.objects.prefetch_related("tags", "lead_photo__renditions")
        .select_related("lead_photo")
        .get(pk=article.pk)
    )

    assert [_fields(t) for t in loaded.tags.all()] == [
        _fields(t) for t in plain.tags.order_by("taggit_taggeditem_items__id")
    ]
    assert [_fields(c) for c in loaded.corrections.all()] == [
        _fields(c) for c in plain.corrections.order_by("published_at", "pk")
    ]
    interviewees = list(plain.interviewees.select_related("person").order_by("position", "pk"))
    assert [_fields(i) for i in loaded.interviewees.all()] == [_fields(i) for i in interviewees]
    assert [_fields(i.person) for i in loaded.interviewees.all()] == [
        _fields(i.person) for i in interviewees
    ]
    assert [_fields(r) for r in loaded.lead_photo.renditions.all()] == [
        _fields(r) for r in plain.lead_photo.renditions.all()
    ]


def test_it_loads_a_story_without_photo_or_lists_with_empty_lists(django_assert_num_queries):
    article = _story(0, 0, False, 0, 0)
    with django_assert_num_queries(2):  # the story, its (no) bylines
        loaded = Article.objects.published().for_story_page().get(pk=article.pk)
        assert list(loaded.tags.all()) == []
        assert list(loaded.interviewees.all()) == []
        assert list(loaded.corrections.all()) == []
        assert loaded.lead_photo is None


def test_it_never_loads_a_story_readers_cannot_see():
    hidden = ArticleFactory(
        status="published",
        published_at=timezone.now() - timezone.timedelta(hours=1),
        embargo_until=timezone.now() + timezone.timedelta(hours=1),
    )
    assert not Article.objects.published().for_story_page().filter(pk=hidden.pk).exists()
