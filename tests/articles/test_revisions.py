"""Revisions: a snapshot on every save, readable diffs, restore without losing history."""

import pytest
from django.urls import reverse

from articles import revisions, textdiff, workflow
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
        ("~", [("-", "Old "), ("+", "New & better "), (" ", "paragraph.")]),
    ]
    page = response.content.decode()
    assert '<ins class="diff-words diff-words--added">New &amp; better </ins>' in page
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


# Readable, bounded diffs (issue 11 item 9, issue 12 item 5) ------------------------------


def test_it_marks_the_one_changed_word_inside_a_paragraph(client, editor):
    client.force_login(editor)
    article = ArticleFactory(body="<p>Intro.</p><p>The ambassador spoke on Monday in Seoul.</p>")
    _save_through_admin(client, article)
    _save_through_admin(
        client, article, body="<p>Intro.</p><p>The ambassador spoke on Tuesday in Seoul.</p>"
    )

    response = client.get(reverse("admin:articles_article_revisions", args=[article.pk]))

    assert response.context["body_diff"] == [
        (" ", "Intro."),
        (
            "~",
            [
                (" ", "The ambassador spoke on "),
                ("-", "Monday "),
                ("+", "Tuesday "),
                (" ", "in Seoul."),
            ],
        ),
    ]
    page = response.content.decode()
    assert '<del class="diff-words diff-words--removed">Monday </del>' in page
    assert '<ins class="diff-words diff-words--added">Tuesday </ins>' in page


def test_it_keeps_a_rewritten_paragraph_as_removed_and_added():
    diff = revisions.body_diff("<p>Seoul is cold today.</p>", "<p>Trade talks stalled.</p>")
    assert diff.rows == [("-", "Seoul is cold today."), ("+", "Trade talks stalled.")]


def _long_body(count, changed=()):
    return "".join(
        f"<p>Paragraph {n} {'edited' if n in changed else 'about trade'} and more words.</p>"
        for n in range(count)
    )


def test_it_compares_one_edit_in_a_12000_paragraph_story_without_comparing_the_rest():
    diff = revisions.body_diff(_long_body(12_000), _long_body(12_000, changed={6_000}))

    assert not diff.too_large
    # Only the changed paragraph went to difflib; the common start and end were skipped.
    assert diff.compared == 2
    edited = [row for row in diff.rows if row[0] == "~"]
    assert edited == [
        (
            "~",
            [
                (" ", "Paragraph 6000 "),
                ("-", "about trade "),
                ("+", "edited "),
                (" ", "and more words."),
            ],
        )
    ]
    # Unchanged paragraphs are folded to a few lines of context.
    assert diff.rows[0] == ("…", 5_997)
    assert len(diff.rows) == 1 + 3 + 1 + 3 + 1


def test_it_refuses_to_compare_two_wholly_different_12000_paragraph_bodies():
    every = set(range(12_000))
    diff = revisions.body_diff(_long_body(12_000), _long_body(12_000, changed=every))
    assert diff.too_large
    assert diff.compared == 0
    assert diff.rows == []


def test_it_bounds_the_words_compared_across_many_edited_paragraphs():
    every_other = set(range(0, 1_000, 2))
    diff = revisions.body_diff(_long_body(1_000), _long_body(1_000, changed=every_other))
    assert not diff.too_large
    assert diff.words_compared <= textdiff.MAX_COMPARED_WORDS


def test_it_offers_both_bodies_to_download_when_too_large_to_compare(client, editor, reporter):
    client.force_login(editor)
    article = ArticleFactory(body=_long_body(3_000))
    _save_through_admin(client, article)
    _save_through_admin(client, article, body=_long_body(3_000, changed=set(range(3_000))))

    response = client.get(reverse("admin:articles_article_revisions", args=[article.pk]))

    assert response.context["body_too_large"]
    page = response.content.decode()
    assert "too large to compare" in page
    download = reverse("admin:articles_article_revision_body", args=[article.pk, 2])
    assert download in page
    body = client.get(download)
    assert body.status_code == 200
    assert body["Content-Type"].startswith("text/plain")
    assert "Paragraph 2999 edited and more words." in body.content.decode()

    client.force_login(reporter)  # not their story: it does not exist for them
    assert client.get(download).status_code == 404
