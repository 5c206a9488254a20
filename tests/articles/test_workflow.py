"""articles.workflow: the one place that moves stories between states."""

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article, AuditEntry, Status
from readers.cache import retry_pending_purges
from tests.factories import ArticleFactory, AuthorFactory, PhotoFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(reporter):
    author = AuthorFactory(user=reporter)
    return ArticleFactory(created_by=reporter, authors=[author])


def test_it_walks_a_story_from_draft_to_published(
    story, reporter, editor, django_capture_on_commit_callbacks
):
    workflow.transition(story, "submit", reporter)
    workflow.transition(story, "approve", editor)
    with django_capture_on_commit_callbacks() as callbacks:
        workflow.transition(story, "publish", editor)

    story.refresh_from_db()
    assert story.status == Status.PUBLISHED
    assert story.published_at <= timezone.now()
    assert Article.objects.published().filter(pk=story.pk).exists()
    steps = list(
        AuditEntry.objects.filter(article=story)
        .order_by("at", "id")
        .values_list("action", "from_status", "to_status", "actor__username")
    )
    assert steps == [
        ("submit", "draft", "in_review", "reporter"),
        ("approve", "in_review", "approved", "editor"),
        ("publish", "approved", "published", "editor"),
    ]
    purges = [callback for callback in callbacks if callback is retry_pending_purges]
    assert len(purges) == 1, "publishing purges cached public pages once, after commit"


def test_it_refuses_a_step_from_the_wrong_state_and_writes_nothing(story, editor):
    with pytest.raises(workflow.WorkflowError, match="not possible while the story is draft"):
        workflow.transition(story, "approve", editor)
    story.refresh_from_db()
    assert story.status == Status.DRAFT
    assert not AuditEntry.objects.exists()


def test_it_refuses_reporters_every_step_beyond_submit(story, reporter):
    story.status = Status.APPROVED
    story.save()
    for action in ["approve", "return", "publish", "schedule", "unpublish"]:
        with pytest.raises(workflow.NotAllowed):
            workflow.transition(story, action, reporter, note="x", when=timezone.now())
    story.refresh_from_db()
    assert story.status == Status.APPROVED
    assert not AuditEntry.objects.exists()


def test_it_lets_a_reporter_submit_only_their_own_story(story, other_reporter):
    with pytest.raises(workflow.NotAllowed):
        workflow.transition(story, "submit", other_reporter)
    assert Article.objects.get(pk=story.pk).status == Status.DRAFT


def test_it_counts_a_byline_as_ownership(reporter):
    story = ArticleFactory(authors=[AuthorFactory(user=reporter)])
    assert workflow.may_edit(reporter, story)
    workflow.transition(story, "submit", reporter)
    assert not workflow.may_edit(reporter, story), "reporters edit only while draft"


def test_it_requires_a_note_to_return_a_story(story, reporter, editor):
    workflow.transition(story, "submit", reporter)
    with pytest.raises(workflow.WorkflowError, match="note"):
        workflow.transition(story, "return", editor, note="   ")
    workflow.transition(story, "return", editor, note="Check the second quote.")
    story.refresh_from_db()
    assert story.status == Status.DRAFT
    assert AuditEntry.objects.get(action="return").note == "Check the second quote."


def test_it_refuses_to_publish_while_readiness_problems_remain(editor):
    story = ArticleFactory(lead_photo=PhotoFactory(alt_text=""))
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.transition(story, "publish", editor)
    assert "the story needs at least one byline" in refused.value.problems
    assert "the lead photo needs alt text" in refused.value.problems
    assert Article.objects.get(pk=story.pk).status == Status.DRAFT


def test_it_never_publishes_before_the_embargo(story, editor):
    embargo = timezone.now() + timezone.timedelta(hours=2)
    story.embargo_until = embargo
    story.save()
    with pytest.raises(workflow.WorkflowError, match="embargo"):
        workflow.transition(story, "publish", editor)
    with pytest.raises(workflow.WorkflowError, match="embargo"):
        workflow.transition(story, "schedule", editor, when=embargo - timezone.timedelta(minutes=1))
    assert Article.objects.get(pk=story.pk).status == Status.DRAFT

    workflow.transition(story, "schedule", editor, when=embargo)
    assert workflow.state_of(Article.objects.get(pk=story.pk)) == workflow.SCHEDULED


def test_it_refuses_a_schedule_time_in_the_past(story, editor):
    with pytest.raises(workflow.WorkflowError, match="future"):
        workflow.transition(
            story, "schedule", editor, when=timezone.now() - timezone.timedelta(minutes=1)
        )
    with pytest.raises(workflow.WorkflowError, match="Pick the date"):
        workflow.transition(story, "schedule", editor)


def test_it_schedules_and_cancels_the_schedule_back_to_approved(story, editor):
    when = timezone.now() + timezone.timedelta(days=1)
    workflow.transition(story, "schedule", editor, when=when)
    story.refresh_from_db()
    assert (story.status, story.published_at) == (Status.PUBLISHED, when)
    assert not Article.objects.published().filter(pk=story.pk).exists()
    assert [s.action for s in workflow.available(editor, story)] == [
        "publish",
        "schedule",
        "cancel_schedule",
    ]
    with pytest.raises(workflow.WorkflowError, match="not possible while the story is scheduled"):
        workflow.transition(story, "unpublish", editor)
    workflow.transition(story, "cancel_schedule", editor)
    story.refresh_from_db()
    assert (story.status, story.published_at) == (Status.APPROVED, None)
    entry = AuditEntry.objects.filter(article=story).first()
    assert (entry.action, entry.from_status, entry.to_status) == (
        "cancel_schedule",
        "scheduled",
        "approved",
    )


def test_it_unpublishes_a_live_story(story, editor):
    workflow.transition(story, "publish", editor)
    workflow.transition(story, "unpublish", editor)
    assert Article.objects.get(pk=story.pk).status == Status.UNPUBLISHED
    assert (
        AuditEntry.objects.filter(article=story).values_list("to_status", flat=True).first()
        == "unpublished"
    )


def test_it_lets_superusers_take_every_step(story, admin_user):
    for action in ["submit", "approve", "publish", "unpublish"]:
        workflow.transition(story, action, admin_user)
    assert Article.objects.get(pk=story.pk).status == Status.UNPUBLISHED


def test_it_offers_each_role_only_its_steps(story, reporter, editor, photo_desk):
    assert [s.action for s in workflow.available(reporter, story)] == ["submit"]
    assert [s.action for s in workflow.available(editor, story)] == [
        "submit",
        "publish",
        "schedule",
    ]
    assert workflow.available(photo_desk, story) == []
    workflow.transition(story, "submit", reporter)
    assert workflow.available(reporter, story) == []
    assert [s.action for s in workflow.available(editor, story)] == [
        "approve",
        "return",
        "publish",
        "schedule",
    ]


def test_it_purges_public_pages_when_a_published_story_is_edited_or_unpublished(
    editor, django_capture_on_commit_callbacks
):
    story = ArticleFactory(published=True, authors=[AuthorFactory()])
    with django_capture_on_commit_callbacks() as edited:
        workflow.save_edit(story, editor, expected_version=story.version)
    with django_capture_on_commit_callbacks() as unpublished:
        workflow.transition(story, "unpublish", editor)
    draft = ArticleFactory()
    with django_capture_on_commit_callbacks() as draft_edit:
        workflow.save_edit(draft, editor, expected_version=draft.version)
    assert len(edited) == 1
    assert len(unpublished) == 1
    assert draft_edit == [], "a draft is invisible to readers: nothing to purge"


def test_it_refuses_a_stale_content_save_and_keeps_the_first(editor, admin_user):
    story = ArticleFactory(body="<p>Original.</p>")
    first, second = Article.objects.get(pk=story.pk), Article.objects.get(pk=story.pk)
    first.body = "<p>First.</p>"
    second.body = "<p>Second.</p>"
    workflow.save_edit(first, admin_user, expected_version=1)
    with pytest.raises(workflow.EditConflict):
        workflow.save_edit(second, editor, expected_version=1)
    story.refresh_from_db()
    assert (story.body, story.version) == ("<p>First.</p>", 2)


def test_it_knows_when_the_site_next_changes_by_the_clock_alone(editor):
    now = timezone.now()
    assert workflow.next_visibility_change(now) is None
    ArticleFactory(status=Status.PUBLISHED, published_at=now + timezone.timedelta(hours=3))
    ArticleFactory(
        status=Status.PUBLISHED,
        published_at=now - timezone.timedelta(hours=1),
        embargo_until=now + timezone.timedelta(hours=2),
    )
    ArticleFactory(status=Status.DRAFT, embargo_until=now + timezone.timedelta(minutes=5))
    ArticleFactory(published=True)
    assert workflow.next_visibility_change(now) == now + timezone.timedelta(hours=2)


def test_it_keeps_the_search_document_current_after_a_content_save(editor):
    from articles.search import uses_full_text

    if not uses_full_text():
        pytest.skip("the stored search document exists on PostgreSQL only")
    story = ArticleFactory(published=True, headline="Quarterly zqoldword report")
    story.headline = "Quarterly zqnewword report"
    workflow.save_edit(story, editor, expected_version=story.version)
    document = str(Article.objects.values_list("search_vector", flat=True).get(pk=story.pk))
    assert "zqnewword" in document
    assert "zqoldword" not in document
