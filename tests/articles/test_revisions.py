"""Revisions: a snapshot on every save, readable diffs, restore without losing history."""

import pytest
from django.urls import reverse

from articles import revisions, workflow
from articles.models import Article, Person, Revision
from tests.articles.admin_forms import article_form_data
from tests.factories import ArticleFactory, AuthorFactory, PhotoFactory

pytestmark = pytest.mark.django_db


def _save_through_admin(client, article, **changes):
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form_data(article, **changes),
    )
    assert response.status_code == 302, response.content.decode()[:3000]


def test_it_restores_revision_3_of_10_as_revision_11_and_keeps_4_to_10(client, editor):
    client.force_login(editor)
    article = ArticleFactory(authors=[AuthorFactory()], tags=["one"])
    photos = [PhotoFactory() for _ in range(2)]
    for n in range(1, 11):
        _save_through_admin(
            client,
            article,
            headline=f"Headline {n}",
            body=f"<p>Body {n}</p>",
            tags=f"tag{n}",
            lead_photo=str(photos[n % 2].pk),
        )
    assert list(Revision.objects.filter(article=article).values_list("number", flat=True)) == list(
        range(10, 0, -1)
    )
    before = {r.number: r.data for r in Revision.objects.filter(article=article)}

    response = client.post(reverse("admin:articles_article_restore", args=[article.pk, 3]))

    assert response.status_code == 302
    eleventh = Revision.objects.get(article=article, number=11)
    assert eleventh.data == before[3]
    assert eleventh.note == "Restored from revision 3"
    assert {
        r.number: r.data for r in Revision.objects.filter(article=article, number__lte=10)
    } == before
    article.refresh_from_db()
    assert article.headline == "Headline 3"
    assert article.body == "<p>Body 3</p>"
    assert article.lead_photo == photos[1]
    assert list(article.tags.names()) == ["tag3"]


def test_it_restores_bylines_and_interviewees(editor):
    kim, lee = AuthorFactory(name="Kim"), AuthorFactory(name="Lee")
    article = ArticleFactory(authors=[kim])
    article.interviewees.create(
        person=Person.objects.create(name="Andrei Popkov", slug="andrei-popkov"),
        title_at_time="Ambassador",
    )
    first = revisions.record(article, editor)
    article.bylines.all().delete()
    article.bylines.create(author=lee, role="Photos by")
    article.interviewees.all().delete()
    revisions.record(article, editor)

    revisions.restore(article, first, editor)

    assert [(b.author.name, b.role) for b in article.bylines.all()] == [("Kim", "")]
    assert list(article.interviewees.values_list("title_at_time", flat=True)) == ["Ambassador"]


def test_it_refuses_restoring_a_slug_another_story_now_uses(editor):
    article = ArticleFactory(slug="first-slug")
    old = revisions.record(article, editor)
    Article.objects.filter(pk=article.pk).update(slug="second-slug")
    other = ArticleFactory(slug="placeholder")
    Article.objects.filter(pk=other.pk).update(slug="first-slug")
    with pytest.raises(revisions.RestoreError, match="used by another story"):
        revisions.restore(Article.objects.get(pk=article.pk), old, editor)
    assert Article.objects.get(pk=article.pk).slug == "second-slug"
    assert Revision.objects.filter(article=article).count() == 1


def test_it_records_a_revision_on_every_workflow_step(reporter, editor):
    article = ArticleFactory(created_by=reporter, authors=[AuthorFactory()])
    workflow.transition(article, "submit", reporter)
    workflow.transition(article, "approve", editor)
    assert list(article.revisions.values_list("note", "data__status")) == [
        ("Approve", "approved"),
        ("Submit for review", "in_review"),
    ]


def test_it_shows_a_readable_diff_between_any_two_revisions(client, editor):
    client.force_login(editor)
    article = ArticleFactory(
        headline="First headline", body="<p>Kept paragraph.</p><p>Old paragraph.</p>"
    )
    _save_through_admin(client, article)
    _save_through_admin(
        client,
        article,
        headline="Second headline",
        body="<p>Kept paragraph.</p><p>New &amp; better paragraph.</p>",
    )
    _save_through_admin(client, article, deck="A third deck.")

    url = reverse("admin:articles_article_revisions", args=[article.pk])
    response = client.get(url, {"from": 1, "to": 2})

    assert response.status_code == 200
    assert response.context["field_changes"] == [("Headline", "First headline", "Second headline")]
    assert response.context["body_diff"] == [
        (" ", "Kept paragraph."),
        ("-", "Old paragraph."),
        ("+", "New & better paragraph."),
    ]
    page = response.content.decode()
    assert "New &amp; better paragraph." in page
    latest = client.get(url)
    assert [label for label, _, _ in latest.context["field_changes"]] == ["Deck"]


def test_it_hides_the_restore_button_from_reporters_once_submitted(client, reporter):
    article = ArticleFactory(created_by=reporter, authors=[AuthorFactory()])
    revisions.record(article, reporter)
    revisions.record(article, reporter)
    workflow.transition(article, "submit", reporter)
    client.force_login(reporter)
    response = client.get(reverse("admin:articles_article_revisions", args=[article.pk]))
    assert response.status_code == 200
    assert "Restore</button>" not in response.content.decode()
    refused = client.post(reverse("admin:articles_article_restore", args=[article.pk, 1]))
    assert refused.status_code == 403
    assert article.revisions.count() == 3


def test_it_refuses_to_restore_a_revision_whose_author_was_deleted(editor):
    gone = AuthorFactory()
    article = ArticleFactory(authors=[gone])
    old = revisions.record(article, editor)
    article.bylines.all().delete()
    gone.delete()
    revisions.record(article, editor)
    with pytest.raises(revisions.RestoreError, match="author"):
        revisions.restore(article, old, editor)
    assert article.revisions.count() == 2
