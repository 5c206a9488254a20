import random
import re

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from taggit.models import Tag

from accounts.models import Author
from articles.body.clean import clean_body
from articles.models import Article, Byline, Section
from bench import generate
from bench.synthetic import SYNTHETIC_PREFIX, ProseGenerator
from photos.models import Photo
from readers.search import search_published
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

SMALL = {"authors": 12, "tags": 40, "photos": 2, "people": 5, "verbosity": 0}


def words(html):
    return len(re.sub(r"<[^>]+>", " ", html).split())


def test_it_fills_an_empty_database_with_marked_synthetic_stories():
    call_command(generate.Command(), count=60, **SMALL)

    assert Article.objects.count() == 60
    assert all(
        h.startswith(SYNTHETIC_PREFIX) for h in Article.objects.values_list("headline", flat=True)
    )
    assert Author.objects.count() == 12
    assert all("synthetic" in bio for bio in Author.objects.values_list("bio", flat=True))
    assert all("Synthetic" in d for d in Section.objects.values_list("description", flat=True))
    assert Photo.objects.count() == 2
    assert all(
        "Synthetic" in caption for caption in Photo.objects.values_list("caption", flat=True)
    )
    # Uploaded through the photo desk's path, so the public pages get real renditions.
    assert all(photo.renditions.exists() for photo in Photo.objects.all())
    assert Tag.objects.count() == 40
    # Most stories are visible to readers; a few are drafts, scheduled or embargoed.
    assert 40 <= Article.objects.published().count() < 60


def test_it_gives_each_story_one_to_three_bylines_and_up_to_eight_tags():
    call_command(generate.Command(), count=80, **SMALL)

    byline_counts = set(Article.objects.annotate(n=Count("bylines")).values_list("n", flat=True))
    assert byline_counts <= {1, 2, 3} and 1 in byline_counts
    tag_counts = [article.tags.count() for article in Article.objects.all()]
    assert min(tag_counts) >= 0 and max(tag_counts) <= 8 and max(tag_counts) > 0
    assert not Byline.objects.values("article", "author").annotate(n=Count("id")).filter(n__gt=1)


def test_its_bodies_are_already_clean_so_skipping_save_is_safe():
    call_command(generate.Command(), count=20, **SMALL)

    for body in Article.objects.values_list("body", flat=True):
        assert clean_body(body) == body
        assert 600 <= words(body) <= 1500


def test_its_stories_are_found_by_the_public_search_though_save_was_skipped():
    call_command(generate.Command(), count=20, **SMALL)
    story = Article.objects.published().exclude(dateline="").first()
    person = Byline.objects.filter(article=story).first().author.name

    results = search_published(f'"{person}" {story.dateline.title()}')

    assert story in results.articles


def test_it_refuses_a_database_that_already_has_stories():
    ArticleFactory(headline="A real story")

    with pytest.raises(CommandError, match="already has stories"):
        call_command(generate.Command(), count=5, **SMALL)

    assert list(Article.objects.values_list("headline", flat=True)) == ["A real story"]
    assert not Author.objects.exists()


def test_it_refuses_a_count_below_one():
    with pytest.raises(CommandError, match="at least 1"):
        call_command(generate.Command(), count=0, **SMALL)


def test_the_same_seed_gives_the_same_clean_prose_for_interviews_too():
    first, second = ProseGenerator(random.Random(3)), ProseGenerator(random.Random(3))

    body = first.body(interview=True)
    assert body == second.body(interview=True)
    assert 'class="question"' in body and clean_body(body) == body
    assert first.headline() == second.headline()
