"""The story admin as editors and reporters use it (issue 2 point 5, issue 3)."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, AuditEntry, Revision, Status
from tests.articles.admin_forms import add_bylines, article_form_data
from tests.factories import ArticleFactory, AuthorFactory, PhotoFactory, SectionFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")
LIST_URL = reverse("admin:articles_article_changelist")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_it_lets_an_editor_add_a_story_with_ordered_bylines(client, editor):
    client.force_login(editor)
    section = SectionFactory(name="Diplomacy")
    kim, lee = AuthorFactory(name="Kim"), AuthorFactory(name="Lee")
    photo = PhotoFactory()
    data = article_form_data(
        headline="Korean firms look to Belarus",
        slug="korean-firms-look-to-belarus",
        kind="interview",
        section=str(section.pk),
        deck="The ambassador on trade.",
        body="<p>First.</p><p onclick='x()'>Second.</p>",
        lead_photo=str(photo.pk),
        tags="Belarus, Korea",
    )
    add_bylines(data, (lee, "Photos by", 2), (kim, "Interview by", 1))

    response = client.post(ADD_URL, data)

    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else response
    )
    article = Article.objects.get(slug="korean-firms-look-to-belarus")
    assert article.created_by == editor
    assert article.status == Status.DRAFT
    assert article.body == "<p>First.</p><p>Second.</p>"
    assert [(b.author.name, b.role) for b in article.bylines.all()] == [
        ("Kim", "Interview by"),
        ("Lee", "Photos by"),
    ]
    assert sorted(article.tags.names()) == ["Belarus", "Korea"]
    revision = Revision.objects.get(article=article)
    assert revision.number == 1
    assert revision.data["bylines"] == [[kim.pk, "Interview by", 1], [lee.pk, "Photos by", 2]]
    assert revision.data["lead_photo"] == photo.pk


def test_it_lets_an_editor_change_a_story_and_records_a_revision(client, editor):
    client.force_login(editor)
    article = ArticleFactory(headline="Old headline", authors=[AuthorFactory()])
    response = client.post(change_url(article), article_form_data(article, headline="New headline"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "New headline"
    assert article.version == 2
    assert Revision.objects.get(article=article).data["headline"] == "New headline"


def test_it_ignores_a_hand_added_status_in_the_change_form(client, reporter):
    client.force_login(reporter)
    article = ArticleFactory(created_by=reporter)
    data = article_form_data(
        article, headline="Sneaky", status="published", published_at="2020-01-01 00:00"
    )
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.headline == "Sneaky"
    assert article.status == Status.DRAFT
    assert article.published_at is None
    assert not AuditEntry.objects.exists()


def test_it_stops_a_stale_save_and_shows_the_editor_their_text(client, editor, admin_user):
    article = ArticleFactory(body="<p>Original.</p>")
    first = article_form_data(article, body="<p>First editor's text.</p>")
    second = article_form_data(article, body="<p>Second editor's text.</p>")
    admin_user.first_name, admin_user.last_name = "Ada", "Admin"
    admin_user.save()

    client.force_login(admin_user)
    assert client.post(change_url(article), first).status_code == 302
    client.force_login(editor)
    response = client.post(change_url(article), second)

    assert response.status_code == 200
    page = response.content.decode()
    assert "changed by Ada Admin at" in page
    assert "since you opened it" in page
    assert "Second editor&#x27;s text." in page or "Second editor's text." in page
    article.refresh_from_db()
    assert article.body == "<p>First editor's text.</p>"
    assert Revision.objects.filter(article=article).count() == 1


def test_it_warns_when_someone_else_saved_in_the_last_minutes(client, editor, admin_user):
    article = ArticleFactory()
    client.force_login(admin_user)
    client.post(change_url(article), article_form_data(article, deck="Fresh deck."))
    client.force_login(editor)
    page = client.get(change_url(article)).content.decode()
    assert "saved this story at" in page
    client.force_login(admin_user)
    assert "saved this story at" not in client.get(change_url(article)).content.decode()


def test_it_shows_reporters_only_their_own_stories(client, reporter, other_reporter):
    mine = ArticleFactory(headline="Mine by creation", created_by=reporter)
    bylined = ArticleFactory(headline="Mine by byline", authors=[AuthorFactory(user=reporter)])
    theirs = ArticleFactory(headline="Someone else's", created_by=other_reporter)
    client.force_login(reporter)
    page = client.get(LIST_URL).content.decode()
    assert "Mine by creation" in page
    assert "Mine by byline" in page
    assert "Someone else" not in page
    assert client.get(change_url(theirs)).status_code == 302  # admin: "doesn't exist" redirect
    assert client.get(change_url(mine)).status_code == 200
    assert client.get(change_url(bylined)).status_code == 200


def test_it_makes_a_submitted_story_read_only_for_its_reporter(client, reporter):
    article = ArticleFactory(created_by=reporter, headline="Submitted")
    workflow.transition(article, "submit", reporter)
    client.force_login(reporter)
    response = client.get(change_url(article))
    assert response.status_code == 200
    assert 'name="headline"' not in response.content.decode()
    refused = client.post(change_url(article), article_form_data(article, headline="Changed"))
    assert refused.status_code == 403
    assert Article.objects.get(pk=article.pk).headline == "Submitted"


def test_it_lists_stories_with_bylines_status_and_schedule_time(client, editor):
    when = timezone.now() + timezone.timedelta(days=2)
    ArticleFactory(
        headline="Scheduled one",
        status=Status.PUBLISHED,
        published_at=when,
        authors=[AuthorFactory(name="Kim Jae-hoon")],
        lead_photo=PhotoFactory(),
    )
    client.force_login(editor)
    page = client.get(LIST_URL).content.decode()
    assert "Kim Jae-hoon" in page
    assert "Scheduled" in page
    assert timezone.localtime(when).strftime("%Y-%m-%d %H:%M") in page
    assert 'class="story-thumb"' in page


@pytest.mark.parametrize(
    ("queue", "expected"),
    [
        ("needs_review", "In review story"),
        ("ready", "Approved story"),
        ("scheduled", "Scheduled story"),
        ("my_drafts", "My draft"),
    ],
)
def test_it_offers_the_saved_queue_filters(client, editor, queue, expected):
    ArticleFactory(headline="In review story", status=Status.IN_REVIEW)
    ArticleFactory(headline="Approved story", status=Status.APPROVED)
    ArticleFactory(
        headline="Scheduled story",
        status=Status.PUBLISHED,
        published_at=timezone.now() + timezone.timedelta(hours=3),
    )
    ArticleFactory(headline="Live story", published=True)
    ArticleFactory(headline="My draft", created_by=editor)
    ArticleFactory(headline="Other draft")
    client.force_login(editor)
    response = client.get(LIST_URL, {"queue": queue})
    shown = [a.headline for a in response.context["cl"].result_list]
    assert shown == [expected]


def test_it_shows_the_editor_the_queue_on_the_admin_index(client, editor, reporter):
    ArticleFactory(headline="Waiting for review", status=Status.IN_REVIEW)
    ArticleFactory(headline="Waiting to publish", status=Status.APPROVED)
    client.force_login(editor)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Needs review" in page and "Waiting for review" in page
    assert "Ready to publish" in page and "Waiting to publish" in page

    client.force_login(reporter)
    page = client.get(reverse("admin:index")).content.decode()
    assert "My drafts" in page
    assert "Needs review" not in page
    assert "Waiting for review" not in page


def test_it_shows_the_workflow_history_read_only(client, editor, reporter):
    article = ArticleFactory(created_by=reporter)
    workflow.transition(article, "submit", reporter)
    workflow.transition(article, "return", editor, note="Needs a second source.")
    client.force_login(editor)
    page = client.get(change_url(article)).content.decode()
    assert "Workflow history" in page
    assert "Needs a second source." in page
    assert "In review → Draft" in page


def test_it_registers_no_admin_that_could_edit_audit_entries_or_revisions(client, admin_user):
    assert not admin.site.is_registered(AuditEntry)
    assert not admin.site.is_registered(Revision)
    client.force_login(admin_user)
    assert client.get("/admin/articles/auditentry/").status_code == 404


def test_it_shows_only_the_buttons_the_user_may_use(client, reporter, editor):
    article = ArticleFactory(created_by=reporter, authors=[AuthorFactory()])
    client.force_login(reporter)
    page = client.get(change_url(article)).content.decode()
    assert "Submit for review" in page
    for label in ["Publish now", "Approve", "Schedule", "Unpublish", "Return to reporter"]:
        assert f">{label}</button>" not in page
    client.force_login(editor)
    page = client.get(change_url(article)).content.decode()
    assert ">Publish now</button>" in page
    assert ">Schedule</button>" in page


def test_it_shows_the_reporter_why_a_story_came_back(client, reporter, editor):
    article = ArticleFactory(created_by=reporter, headline="Came back")
    workflow.transition(article, "submit", reporter)
    workflow.transition(article, "return", editor, note="Name the second source.")
    client.force_login(reporter)
    index = client.get(reverse("admin:index")).content.decode()
    assert "Came back" in index
    assert "Returned: Name the second source." in index
    page = client.get(change_url(article)).content.decode()
    assert "Returned by editor" in page
    assert "Name the second source." in page


@pytest.mark.parametrize("url", [LIST_URL, reverse("admin:index")])
def test_it_runs_a_constant_number_of_queries_as_stories_grow(client, editor, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def stories(count):
        for _ in range(count):
            ArticleFactory(
                status=Status.IN_REVIEW,
                authors=[AuthorFactory(), AuthorFactory()],
                lead_photo=PhotoFactory(),
                created_by=editor,
            )

    client.force_login(editor)
    stories(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    stories(6)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_it_purges_public_pages_when_an_editor_deletes_a_live_story(
    client, editor, django_capture_on_commit_callbacks
):
    live = ArticleFactory(published=True)
    client.force_login(editor)
    url = reverse("admin:articles_article_delete", args=[live.pk])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=live.pk).exists()
    assert len(callbacks) == 1


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("", "Enter the publish date and time"),
        ("not a date", "Enter the publish date and time"),
        ("2020-01-01T09:00", "must be in the future"),
    ],
)
def test_it_explains_a_bad_schedule_time_and_changes_nothing(client, editor, when, message):
    article = ArticleFactory(authors=[AuthorFactory()])
    client.force_login(editor)
    url = reverse("admin:articles_article_transition", args=[article.pk, "schedule"])
    response = client.post(url, {"when": when}, follow=True)
    assert message in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT
    assert not AuditEntry.objects.exists()


def test_it_tells_the_editor_about_the_embargo_when_publishing_early(client, editor):
    article = ArticleFactory(
        authors=[AuthorFactory()], embargo_until=timezone.now() + timezone.timedelta(hours=5)
    )
    client.force_login(editor)
    url = reverse("admin:articles_article_transition", args=[article.pk, "publish"])
    page = client.post(url, follow=True).content.decode()
    assert "under embargo until" in page
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_it_lists_what_blocks_publication_on_the_change_page(client, editor):
    article = ArticleFactory(lead_photo=PhotoFactory(alt_text=""))
    client.force_login(editor)
    page = client.get(change_url(article)).content.decode()
    assert "The story needs at least one byline" in page
    assert "The lead photo needs alt text" in page


def test_it_does_not_warn_about_workflow_steps_as_if_they_were_edits(client, reporter, editor):
    article = ArticleFactory(created_by=reporter)
    workflow.transition(article, "submit", reporter)
    workflow.transition(article, "return", editor, note="Add a source.")
    client.force_login(reporter)
    assert "saved this story at" not in client.get(change_url(article)).content.decode()


def test_it_does_not_warn_about_a_reporter_who_has_since_submitted(client, reporter, editor):
    article = ArticleFactory(created_by=reporter)
    client.force_login(reporter)
    client.post(change_url(article), article_form_data(article, deck="Reporter's deck."))
    client.force_login(editor)
    assert "saved this story at" in client.get(change_url(article)).content.decode()

    workflow.transition(article, "submit", reporter)
    assert "saved this story at" not in client.get(change_url(article)).content.decode()
