"""People's names: display name, name in the original script, short name for Q&A labels,
family name first; old combined names split by a data migration (issue 11 item 10)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.names import split_combined
from tests.articles.test_interviews import interview, rendered, speakers
from tests.factories import AuthorFactory, PersonFactory


@pytest.mark.parametrize(
    ("combined", "expected"),
    [
        ("PARK SEO-YEON (박서연)", ("Park Seo-yeon", "박서연", True)),
        ("Alena Kavaliova (Алена Кавалёва)", ("Alena Kavaliova", "Алена Кавалёва", False)),
        ("Andrei Popkov", ("Andrei Popkov", "", False)),
        ("Jane Doe (Reuters)", ("Jane Doe (Reuters)", "", False)),
        ("박서연", ("박서연", "", True)),
    ],
)
def test_it_splits_a_combined_name_into_its_parts(combined, expected):
    assert split_combined(combined) == expected


@pytest.mark.django_db
def test_it_labels_answers_with_the_short_name():
    park = PersonFactory(
        name="Park Seo-yeon", native_name="박서연", short_name="Park", family_name_first=True
    )
    article = interview(
        '<p class="question">Why Minsk?</p><p class="answer">Trade.</p>'
        '<p class="answer">박서연: In her own script.</p>',
        people=[park],
        authors=[AuthorFactory(name="Kim Jae-kyoung")],
    )
    assert speakers(rendered(article), "answer") == ["Park:", "Park:"]


def test_it_makes_the_person_slug_from_the_latin_display_name_only():
    from django.contrib import admin

    from articles.models import Person

    assert admin.site._registry[Person].prepopulated_fields == {"slug": ["name"]}


MIGRATE_FROM = ("articles", "0006_merge_reader_update_index_and_people_perms")
MIGRATE_TO = ("articles", "0007_person_name_parts")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_migrates_every_existing_person_without_losing_a_name():
    try:
        _migrate_old_names_forward()
    finally:
        # Back to the latest state for the tests that follow, even when this one fails.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def _migrate_old_names_forward():
    executor = MigrationExecutor(connection)
    executor.migrate([MIGRATE_FROM])
    old_apps = executor.loader.project_state([MIGRATE_FROM]).apps
    Person = old_apps.get_model("articles", "Person")
    old_names = ["PARK SEO-YEON (박서연)", "Alena Kavaliova (Алена Кавалёва)", "Andrei Popkov"]
    for number, name in enumerate(old_names):
        Person.objects.create(name=name, slug=f"person-{number}")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([MIGRATE_TO])
    Person = executor.loader.project_state([MIGRATE_TO]).apps.get_model("articles", "Person")
    people = {
        p.slug: (p.name, p.native_name, p.short_name, p.family_name_first)
        for p in Person.objects.all()
    }
    assert people == {
        "person-0": ("Park Seo-yeon", "박서연", "Park", True),
        "person-1": ("Alena Kavaliova", "Алена Кавалёва", "Kavaliova", False),
        "person-2": ("Andrei Popkov", "", "Popkov", False),
    }


@pytest.mark.django_db
def test_it_shows_the_original_script_name_beside_the_display_name(client):
    from articles.models import Interviewee
    from tests.articles.helpers import json_ld
    from tests.factories import ArticleFactory

    person = PersonFactory(name="Alena Kavaliova", native_name="Алена Кавалёва", slug="alena")
    story = ArticleFactory(published=True, kind="interview")
    Interviewee.objects.create(article=story, person=person)

    page = client.get(person.get_absolute_url()).content.decode()
    assert 'Alena Kavaliova <span class="native-name">Алена Кавалёва</span>' in page
    data = json_ld(client.get(story.get_absolute_url()).content.decode())
    assert data["about"][0]["alternateName"] == "Алена Кавалёва"
