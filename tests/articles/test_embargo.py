"""Visibility in the model, and the embargo of a live story as a workflow step (issue 13, item 2).

Article.visibility(now) and Article.objects.published(now) are one rule in two forms: they are
paired here for every editorial state. An embargo set on or lifted from a published story is
the Embargo / Lift embargo step (audited, labelled, notified); a plain Save cannot do it.
"""

import pytest
import time_machine
from django.urls import reverse
from django.utils import formats, timezone

from articles import workflow
from articles.models import Article, AuditEntry, Notification, PublicState, Status
from tests.articles.admin_forms import article_form_data
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db

HOUR = timezone.timedelta(hours=1)

# state -> (stored fields at `now`, what readers see, when that changes by the clock)
STATES = {
    "draft": ({"status": Status.DRAFT}, PublicState.NOT_PUBLIC, None),
    "in review": ({"status": Status.IN_REVIEW}, PublicState.NOT_PUBLIC, None),
    "approved": ({"status": Status.APPROVED}, PublicState.NOT_PUBLIC, None),
    "approved, embargo set for scheduling": (
        {"status": Status.APPROVED, "embargo_until": 2 * HOUR},
        PublicState.NOT_PUBLIC,
        None,
    ),
    "scheduled": ({"status": Status.PUBLISHED, "published_at": HOUR}, PublicState.SCHEDULED, HOUR),
    "scheduled at the embargo's end": (
        {"status": Status.PUBLISHED, "published_at": HOUR, "embargo_until": HOUR},
        PublicState.SCHEDULED,
        HOUR,
    ),
    "scheduled, embargo ends later": (
        {"status": Status.PUBLISHED, "published_at": HOUR, "embargo_until": 3 * HOUR},
        PublicState.EMBARGOED,
        3 * HOUR,
    ),
    "published": ({"status": Status.PUBLISHED, "published_at": -HOUR}, PublicState.LIVE, None),
    "published, embargo over": (
        {"status": Status.PUBLISHED, "published_at": -2 * HOUR, "embargo_until": -HOUR},
        PublicState.LIVE,
        None,
    ),
    "embargoed": (
        {"status": Status.PUBLISHED, "published_at": -HOUR, "embargo_until": 2 * HOUR},
        PublicState.EMBARGOED,
        2 * HOUR,
    ),
    "unpublished": (
        {"status": Status.UNPUBLISHED, "published_at": -HOUR},
        PublicState.NOT_PUBLIC,
        None,
    ),
    "unpublished, embargo ahead": (
        {"status": Status.UNPUBLISHED, "published_at": -HOUR, "embargo_until": HOUR},
        PublicState.NOT_PUBLIC,
        None,
    ),
}


def _make(now, fields):
    values = {k: now + v if isinstance(v, timezone.timedelta) else v for k, v in fields.items()}
    return ArticleFactory(**values)


@pytest.mark.parametrize("state", list(STATES))
def test_it_gives_the_same_visibility_from_the_queryset_and_the_story(state):
    now = timezone.now()
    fields, expected, changes_in = STATES[state]
    article = _make(now, fields)

    seen = Article.objects.get(pk=article.pk).visibility(now)

    assert seen.state == expected
    assert seen.changes_at == (now + changes_in if changes_in else None)
    in_queryset = Article.objects.published(now).filter(pk=article.pk).exists()
    assert in_queryset == seen.is_public == (expected == PublicState.LIVE)
    # ...and at the moment it changes, both agree it is live (nothing has to run).
    if seen.changes_at:
        later = seen.changes_at
        assert Article.objects.published(later).filter(pk=article.pk).exists()
        assert article.visibility(later).state == PublicState.LIVE
        assert (
            not Article.objects.published(later - timezone.timedelta(seconds=1))
            .filter(pk=article.pk)
            .exists()
        )


def test_it_finds_the_next_visibility_change_among_all_stories():
    now = timezone.now()
    made = [_make(now, fields) for fields, _, _ in STATES.values()]
    moments = [a.visibility(now).changes_at for a in made if a.visibility(now).changes_at]

    assert Article.objects.next_visibility_change(now) == min(moments)
    assert workflow.next_visibility_change(now) == min(moments)


def test_it_does_not_count_a_publish_time_an_embargo_still_covers():
    # Going live at +1h is no change while the embargo holds until +3h.
    now = timezone.now()
    _make(now, {"status": Status.PUBLISHED, "published_at": HOUR, "embargo_until": 3 * HOUR})
    assert Article.objects.next_visibility_change(now) == now + 3 * HOUR


# The Embargo and Lift embargo steps -----------------------------------------------------


@pytest.fixture
def live():
    return ArticleFactory(published=True, headline="Live story", authors=[AuthorFactory()])


def _fmt(moment):
    when = formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    return f"{when} ({timezone.get_current_timezone_name()})"


def _in(minutes):
    return (timezone.now() + timezone.timedelta(minutes=minutes)).replace(second=0, microsecond=0)


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_it_embargoes_a_live_story_with_a_label_an_audit_entry_and_a_404(
    client, editor, live, settings
):
    settings.TIME_ZONE = "Asia/Seoul"
    url = live.get_absolute_url()
    until = _in(90)
    assert client.get(url).status_code == 200

    workflow.transition(live, "embargo", editor, note="Court order", when=until)

    stored = Article.objects.get(pk=live.pk)
    assert stored.status == Status.PUBLISHED
    assert stored.embargo_until == until
    assert workflow.state_label(stored) == f"Embargoed until {_fmt(until)}"
    assert "(Asia/Seoul)" in workflow.state_label(stored)
    entry = AuditEntry.objects.get(article=live)
    assert (entry.action, entry.from_status, entry.to_status) == (
        "embargo",
        "published",
        "embargoed",
    )
    assert entry.note == f"Until {_fmt(until)}. Court order"
    assert client.get(url).status_code == 404
    assert "Live story" not in client.get("/").content.decode()

    client.force_login(editor)
    label = f"Embargoed until {_fmt(until)}"
    assert label in client.get(change_url(live)).content.decode()
    assert label in client.get(reverse("admin:articles_article_changelist")).content.decode()


def test_it_shows_the_story_again_when_the_embargo_ends_by_the_clock(client, editor, live):
    until = _in(90)
    workflow.transition(live, "embargo", editor, when=until)
    url = live.get_absolute_url()

    with time_machine.travel(until - timezone.timedelta(seconds=1), tick=False):
        assert client.get(url).status_code == 404
    with time_machine.travel(until, tick=False):
        assert client.get(url).status_code == 200
        assert workflow.state_label(Article.objects.get(pk=live.pk)) == "Published"


def test_it_lifts_an_embargo_at_once_with_an_audit_entry(client, editor, live):
    until = _in(90)
    workflow.transition(live, "embargo", editor, when=until)
    assert client.get(live.get_absolute_url()).status_code == 404

    workflow.transition(live, "lift_embargo", editor)

    stored = Article.objects.get(pk=live.pk)
    assert stored.embargo_until is None
    assert workflow.state_of(stored) == Status.PUBLISHED
    assert client.get(live.get_absolute_url()).status_code == 200
    entry = AuditEntry.objects.filter(article=live).first()
    assert (entry.action, entry.from_status, entry.to_status) == (
        "lift_embargo",
        "embargoed",
        "published",
    )
    assert entry.note == f"Was embargoed until {_fmt(until)}."


def test_it_refuses_an_embargo_in_the_past_and_changes_nothing(editor, live):
    before = Article.objects.get(pk=live.pk)
    with pytest.raises(workflow.WorkflowError, match="in the future"):
        workflow.transition(live, "embargo", editor, when=timezone.now() - HOUR)
    with pytest.raises(workflow.WorkflowError, match="not possible"):
        workflow.transition(live, "lift_embargo", editor)
    after = Article.objects.get(pk=live.pk)
    assert (after.embargo_until, after.version) == (before.embargo_until, before.version)
    assert not AuditEntry.objects.exists()


def test_it_tells_the_bylined_reporter_about_an_embargo(editor, reporter):
    author = AuthorFactory(user=reporter)
    article = ArticleFactory(published=True, headline="Told story", authors=[author])
    until = _in(90)
    workflow.transition(article, "embargo", editor, when=until)
    workflow.transition(article, "lift_embargo", editor)
    messages = list(
        Notification.objects.filter(recipient=reporter)
        .order_by("id")
        .values_list("event", "message")
    )
    assert [event for event, _ in messages] == ["embargo", "lift_embargo"]
    assert "until" in messages[0][1] and "Told story" in messages[0][1]


def test_it_embargoes_from_the_change_form_saving_the_edit_first(client, editor, live):
    until = timezone.localtime(_in(120))
    client.force_login(editor)
    page = client.get(change_url(live)).content.decode()
    assert 'value="embargo"' in page
    assert "Embargo until, " in page
    assert 'value="lift_embargo"' not in page

    response = client.post(
        change_url(live),
        article_form_data(
            live,
            headline="Edited then embargoed",
            _transition="embargo",
            _transition_when=f"{until:%Y-%m-%dT%H:%M}",
        ),
    )

    assert response.status_code == 302
    stored = Article.objects.get(pk=live.pk)
    assert stored.headline == "Edited then embargoed"
    assert stored.embargo_until == until
    assert AuditEntry.objects.get(article=live).action == "embargo"
    page = client.get(change_url(live)).content.decode()
    assert 'value="lift_embargo"' in page
    assert f'value="{until:%Y-%m-%dT%H:%M}"' in page, "the embargo is offered for changing"


def test_it_keeps_the_edit_unsaved_when_the_embargo_step_is_refused(client, editor, live):
    client.force_login(editor)
    response = client.post(
        change_url(live),
        article_form_data(live, headline="Typed text", _transition="embargo", _transition_when=""),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter the embargo&#x27;s end date and time" in page
    assert "Typed text" in page
    stored = Article.objects.get(pk=live.pk)
    assert (stored.headline, stored.embargo_until) == ("Live story", None)
    assert not AuditEntry.objects.exists()


# A plain Save cannot embargo (or lift the embargo of) a published story ------------------


def _embargo_fields(moment):
    local = timezone.localtime(moment)
    return {"embargo_until_0": f"{local:%Y-%m-%d}", "embargo_until_1": f"{local:%H:%M:%S}"}


def test_it_refuses_to_embargo_a_live_story_by_a_plain_edit(client, editor, live):
    client.force_login(editor)
    before = Article.objects.get(pk=live.pk)

    response = client.post(
        change_url(live), article_form_data(live, headline="Typed", **_embargo_fields(_in(60)))
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "The embargo of a published story is not changed by Save" in page
    assert "Embargo or Lift embargo button" in page
    assert "Typed" in page, "what was typed is kept"
    after = Article.objects.get(pk=live.pk)
    assert (after.headline, after.embargo_until, after.version) == (
        before.headline,
        None,
        before.version,
    )
    assert not AuditEntry.objects.exists()
    assert client.get(live.get_absolute_url()).status_code == 200


def test_it_refuses_to_lift_an_embargo_by_clearing_the_field(client, editor, live):
    until = _in(90)
    workflow.transition(live, "embargo", editor, when=until)
    client.force_login(editor)

    response = client.post(change_url(live), article_form_data(live, headline="Typed"))

    assert response.status_code == 200
    assert "It is embargoed until" in response.content.decode()
    assert Article.objects.get(pk=live.pk).embargo_until == until
    assert client.get(live.get_absolute_url()).status_code == 404


def test_it_saves_other_edits_of_an_embargoed_story_keeping_its_embargo(client, editor, live):
    until = _in(90)
    workflow.transition(live, "embargo", editor, when=until)
    client.force_login(editor)
    page = client.get(change_url(live)).content.decode()
    assert "readonly" in page and "use the Embargo or Lift embargo button" in page

    response = client.post(
        change_url(live),
        article_form_data(live, headline="Fixed typo", **_embargo_fields(until)),
    )

    assert response.status_code == 302
    stored = Article.objects.get(pk=live.pk)
    assert (stored.headline, stored.embargo_until) == ("Fixed typo", until)


def test_it_lets_a_draft_carry_an_embargo_for_scheduling(client, editor):
    draft = ArticleFactory(status=Status.APPROVED, authors=[AuthorFactory()])
    until = _in(60)
    client.force_login(editor)
    response = client.post(change_url(draft), article_form_data(draft, **_embargo_fields(until)))
    assert response.status_code == 302
    assert Article.objects.get(pk=draft.pk).embargo_until == until


def test_it_refuses_an_embargo_saved_over_a_story_published_meanwhile(editor, live):
    # The form was checked while the story was a draft; it went live before the save landed.
    opened = Article.objects.get(pk=live.pk)
    opened.embargo_until = _in(60)
    with pytest.raises(workflow.EditConflict):
        workflow.save_edit(opened, editor, opened.version)
    stored = Article.objects.get(pk=live.pk)
    assert (stored.embargo_until, stored.version) == (None, live.version)


def test_it_refuses_a_save_from_before_an_embargo_step(client, editor, admin_user, live):
    # A form opened before the embargo cannot put the old (empty) embargo back.
    client.force_login(editor)
    stale = article_form_data(live, headline="Stale edit")
    workflow.transition(live, "embargo", admin_user, when=_in(60))

    response = client.post(change_url(live), stale)

    assert response.status_code == 200
    assert "since you opened it" in response.content.decode()
    assert Article.objects.get(pk=live.pk).embargo_until is not None


def test_it_links_to_the_public_page_only_while_readers_can_see_it(client, editor, live):
    client.force_login(editor)
    assert 'class="viewsitelink"' in client.get(change_url(live)).content.decode()
    workflow.transition(live, "embargo", editor, when=_in(60))
    assert 'class="viewsitelink"' not in client.get(change_url(live)).content.decode()
