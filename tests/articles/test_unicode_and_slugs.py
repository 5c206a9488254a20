"""Non-ASCII tags, headlines and slugs (issue 12, items 1, 12 and 16; DESIGN rule 12)."""

import importlib

import feedparser
import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from taggit.models import Tag

from articles import workflow
from articles.models import Article, Interviewee, Person, SlugRedirect
from tests.articles.admin_forms import article_form_data
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def form_errors(response):
    context = response.context
    form = context["adminform"].form
    return {**form.errors, "__all__": form.non_field_errors()}


@pytest.mark.parametrize("name", ["벨라루스", "Кириллица", "Belarus–Korea ties"])
def test_it_serves_a_story_with_a_non_ascii_tag_on_every_surface(client, editor, name):
    story = ArticleFactory(published=True, headline="Embassy story", tags=[name])
    tag = Tag.objects.get(name=name)
    tag_url = reverse("readers:tag", args=[tag.slug])
    assert client.get(story.get_absolute_url()).status_code == 200
    client.force_login(editor)
    preview = reverse("admin:articles_article_preview", args=[story.pk])
    assert client.get(preview).status_code == 200
    client.logout()
    page = client.get(tag_url)
    assert page.status_code == 200
    assert "Embassy story" in page.content.decode()
    for feed_name in ("readers:tag_feed", "readers:tag_feed_atom"):
        feed = feedparser.parse(client.get(reverse(feed_name, args=[tag.slug])).content)
        assert feed.bozo == 0
        assert [entry.title for entry in feed.entries] == ["Embassy story"]
    sitemap = client.get("/sitemap-tags.xml")
    assert sitemap.status_code == 200
    assert tag_url in sitemap.content.decode() or tag.slug in sitemap.content.decode()


@pytest.mark.parametrize(
    "tags, message",
    [
        ("\u200b", "cannot be used as a tag"),
        ("!!!", "cannot be used as a tag"),
        ("ok, \u200b\u200d", "cannot be used as a tag"),
        ("x" * 101, "at most 100 characters"),
    ],
)
def test_it_refuses_a_tag_that_cannot_have_a_page_in_the_form(client, editor, tags, message):
    article = ArticleFactory()
    client.force_login(editor)
    response = client.post(change_url(article), article_form_data(article, tags=tags))
    assert response.status_code == 200
    assert any(message in error for error in form_errors(response)["tags"])
    assert not article.tags.exists()
    assert not Tag.objects.exists()


def test_it_makes_a_readable_slug_from_a_korean_headline(client, editor):
    client.force_login(editor)
    section = SectionFactory()
    data = article_form_data(headline="벨라루스 대사 인터뷰", slug="", section=str(section.pk))
    response = client.post(ADD_URL, data)
    assert response.status_code == 302, form_errors(response) if response.context else response
    article = Article.objects.get(headline="벨라루스 대사 인터뷰")
    assert article.slug == "belraruseu-daesa-inteobyu"


def test_it_falls_back_to_the_story_id_when_the_headline_has_no_letters(client, editor):
    client.force_login(editor)
    section = SectionFactory()
    data = article_form_data(headline="★★★ ?!", slug="", section=str(section.pk))
    response = client.post(ADD_URL, data)
    assert response.status_code == 302, form_errors(response) if response.context else response
    article = Article.objects.get(headline="★★★ ?!")
    assert article.slug == f"story-{article.pk}"
    assert (
        client.get(reverse("admin:articles_article_change", args=[article.pk])).status_code == 200
    )


def test_it_keeps_a_renamed_storys_old_address_from_being_taken(client, editor):
    old = ArticleFactory(published=True, slug="ambassador-interview")
    old.slug = "ambassador-interview-updated"
    workflow.save_edit(old, editor, old.version)
    assert SlugRedirect.objects.filter(old_slug="ambassador-interview").exists()
    client.force_login(editor)
    section = SectionFactory()
    data = article_form_data(
        headline="Another story", slug="ambassador-interview", section=str(section.pk)
    )
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    assert any("still leads to" in error for error in form_errors(response)["slug"])
    assert not Article.objects.filter(headline="Another story").exists()
    # And the old URL still leads readers to the renamed story.
    client.logout()
    moved = client.get(old.get_absolute_url().replace("-updated", ""))
    assert moved.status_code == 301
    assert moved["Location"] == old.get_absolute_url()


def test_it_lets_a_story_take_back_its_own_old_slug(client, editor):
    story = ArticleFactory(published=True, slug="first-name")
    story.slug = "second-name"
    workflow.save_edit(story, editor, story.version)
    client.force_login(editor)
    response = client.post(change_url(story), article_form_data(story, slug="first-name"))
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.slug == "first-name"


def test_it_gives_a_tag_added_outside_the_form_a_usable_address(client):
    story = ArticleFactory(published=True, tags=["\u200b", "…"])
    slugs = sorted(Tag.objects.values_list("slug", flat=True))
    assert all(slug.startswith("tag-") for slug in slugs)
    assert len(set(slugs)) == 2
    assert client.get(story.get_absolute_url()).status_code == 200
    for slug in slugs:
        assert client.get(reverse("readers:tag", args=[slug])).status_code == 200


def test_it_gives_tags_saved_before_the_check_a_usable_address(client):
    story = ArticleFactory(published=True, tags=["fine"])
    story.tags.add("\u200b", "벨라루스!")
    unusable = Tag.objects.get(name="\u200b")
    Tag.objects.filter(pk=unusable.pk).update(slug="")  # as saved before the fix
    migration = importlib.import_module("articles.migrations.0007_give_every_tag_a_usable_slug")
    migration.fix_slugs(django_apps, None)
    unusable.refresh_from_db()
    assert unusable.slug == f"tag-{unusable.pk}"
    assert Tag.objects.get(name="벨라루스!").slug == "벨라루스"
    assert Tag.objects.get(name="fine").slug == "fine"
    assert client.get(story.get_absolute_url()).status_code == 200


def test_it_serves_people_authors_and_sections_with_non_ascii_slugs(client):
    section = SectionFactory(name="외교", slug="외교")
    author = AuthorFactory(name="김기자", slug="김기자")
    person = Person.objects.create(name="김철수", slug="김철수")
    story = ArticleFactory(published=True, section=section, authors=[author])
    Interviewee.objects.create(article=story, person=person)
    assert client.get(story.get_absolute_url()).status_code == 200
    for obj in (section, author, person):
        for suffix in ("", "feed/", "feed/atom/"):
            url = obj.get_absolute_url() + suffix
            assert client.get(url).status_code == 200, url
