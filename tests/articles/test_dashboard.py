"""My work on the admin index: each role sees its own lists, and nothing that is not its."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Author
from articles import dashboard, notes, workflow
from articles.models import Status
from photos.models import CreditKind, Photo
from tests.factories import ArticleFactory, AuthorFactory, PhotoFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _lists(user):
    shown = {}
    for section in dashboard.for_user(user):
        shown[section.key] = [
            getattr(item, "headline", None) or getattr(item, "text", None) or item.caption
            for item in section.items
        ]
    return shown


def _mine(reporter, headline, **kwargs):
    author = Author.objects.filter(user=reporter).first() or AuthorFactory(user=reporter)
    return ArticleFactory(headline=headline, created_by=reporter, authors=[author], **kwargs)


def test_it_shows_a_reporter_their_work_in_every_state(reporter, other_reporter, editor):
    _mine(reporter, "Plain draft")
    returned = _mine(reporter, "Returned draft")
    workflow.transition(returned, "submit", reporter)
    workflow.transition(returned, "return", editor, note="Needs a second source.")
    _mine(reporter, "Waiting story", status=Status.IN_REVIEW)
    _mine(reporter, "Approved story", status=Status.APPROVED)
    _mine(
        reporter,
        "Scheduled story",
        status=Status.PUBLISHED,
        published_at=NOW + datetime.timedelta(days=1),
    )
    _mine(reporter, "Fresh story", published=True)
    _mine(
        reporter,
        "Old story",
        status=Status.PUBLISHED,
        published_at=NOW - datetime.timedelta(days=40),
    )
    # Someone else's stories in the same states: never on this reporter's dashboard.
    for status in (Status.DRAFT, Status.IN_REVIEW, Status.PUBLISHED):
        _mine(other_reporter, f"Not mine {status}", status=status, published_at=NOW)
    plain = returned  # a thread waiting for the reporter, one they answered, one resolved
    waiting = notes.add_note(plain, editor, "Who said this?")
    answered = notes.add_note(plain, editor, "Spell the name?")
    notes.add_note(plain, reporter, "Done.", thread=answered)
    notes.resolve(notes.add_note(plain, editor, "Settled"), editor)

    shown = _lists(reporter)

    assert shown == {
        "returned": ["Returned draft"],
        "my_drafts": ["Plain draft"],
        "waiting": ["Waiting story", "Approved story"],
        "scheduled": ["Scheduled story"],
        "published": ["Fresh story"],
        "notes": [waiting.text, "Needs a second source."],
    }
    page = _index(reporter)
    assert "Returned: Needs a second source." in page
    assert "Not mine" not in page


def test_it_shows_an_editor_the_queues_with_scheduled_stories_by_local_day(
    editor, reporter, settings
):
    settings.TIME_ZONE = "Asia/Seoul"
    ArticleFactory(headline="In review", status=Status.IN_REVIEW)
    ArticleFactory(headline="Approved", status=Status.APPROVED)
    ArticleFactory(headline="A draft", status=Status.DRAFT)
    tomorrow_utc = (NOW + datetime.timedelta(days=2)).replace(hour=16, minute=0)  # 01:00 KST
    ArticleFactory(headline="Late one", status=Status.PUBLISHED, published_at=tomorrow_utc)
    ArticleFactory(
        headline="Early one",
        status=Status.PUBLISHED,
        published_at=tomorrow_utc - datetime.timedelta(hours=2),  # 23:00 KST, the day before
    )
    ArticleFactory(headline="Live", published=True)
    story = ArticleFactory(headline="Noted")
    open_thread = notes.add_note(story, editor, "Open question")
    notes.resolve(notes.add_note(story, editor, "Closed question"), editor)

    sections = {section.key: section for section in dashboard.for_user(editor)}
    shown = _lists(editor)

    assert shown["needs_review"] == ["In review"]
    assert shown["ready"] == ["Approved"]
    assert shown["published"] == ["Live"]
    assert shown["notes"] == [open_thread.text]
    days = [(day, [s.headline for s in stories]) for day, stories in sections["scheduled"].groups]
    local_day = tomorrow_utc.astimezone(datetime.timezone(datetime.timedelta(hours=9))).date()
    assert days == [
        (local_day - datetime.timedelta(days=1), ["Early one"]),
        (local_day, ["Late one"]),
    ]
    page = _index(editor)
    assert "A draft" not in page
    # A scheduled time says which zone it is in (the desk may sit in another).
    assert "1 a.m. (Asia/Seoul)" in page


def test_it_shows_the_photo_desk_the_photos_that_need_attention(photo_desk):
    no_alt = PhotoFactory(caption="No alt", alt_text="")
    no_credit = PhotoFactory(caption="No credit", credit_kind=CreditKind.COURTESY, photographer="")
    PhotoFactory(caption="Handout needs no name", credit_kind=CreditKind.HANDOUT, photographer="")
    PhotoFactory(caption="All good")
    today = timezone.localdate()
    PhotoFactory(caption="Expiring", rights_expire_on=today + datetime.timedelta(days=10))
    PhotoFactory(caption="Expiring later", rights_expire_on=today + datetime.timedelta(days=60))
    lead = PhotoFactory(caption="Lead in review")
    inline = PhotoFactory(caption="Inline in review")
    draft_lead = PhotoFactory(caption="Lead of a draft")
    ArticleFactory(status=Status.IN_REVIEW, lead_photo=lead)
    ArticleFactory(
        status=Status.IN_REVIEW,
        body=f'<p>Text</p><figure class="inline-photo" data-photo="{inline.pk}"></figure>',
    )
    ArticleFactory(status=Status.DRAFT, lead_photo=draft_lead)

    shown = _lists(photo_desk)

    assert sorted(shown["missing"]) == sorted([no_alt.caption, no_credit.caption])
    assert shown["expiring"] == ["Expiring"]
    assert sorted(shown["in_review"]) == ["Inline in review", "Lead in review"]
    # The query and the public credit line agree on what "no credit" means.
    assert [p.caption for p in Photo.objects.all() if not p.credit_line] == [no_credit.caption]


def test_it_flags_photos_whose_credit_kind_is_blank_even_with_alt_text(photo_desk):
    # A blank kind blocks publishing, so the desk must see it, alt text or not.
    PhotoFactory(caption="All good")
    kindless = PhotoFactory(
        caption="Kindless", alt_text="Described", photographer="Ivan Petrov", credit_kind=""
    )
    PhotoFactory(caption="Kindless, no alt", alt_text="", credit_kind="")

    shown = _lists(photo_desk)
    page = _index(photo_desk)

    assert sorted(shown["missing"]) == ["Kindless", "Kindless, no alt"]
    assert kindless.credit_line  # named, yet still not publishable
    assert page.count("needs a credit kind") == 2
    assert page.count("no alt text") == 1


def _index(user):
    client = Client()
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response.content.decode()


# Every admin page also asks whether a purge is waiting for the cache (readers/cache.py).
@pytest.mark.parametrize(
    ("role", "queries"), [("reporter", 16), ("editor", 15), ("photo_desk", 10)]
)
# Session, user, two permission lookups, unread count, the admin's recent actions, and per
# section one list query plus one for the bylines of a non-empty story list. The photo desk:
# one query per photo list (inline photos are kept in a table by the body pipeline).
def test_it_builds_the_dashboard_in_a_constant_number_of_queries(
    request, client, django_assert_num_queries, role, queries, reporter, editor
):
    user = request.getfixturevalue(role)

    def more_work(n):
        for i in range(n):
            for status in (Status.DRAFT, Status.IN_REVIEW, Status.APPROVED):
                story = _mine(reporter, f"Story {status} {i}", status=status)
                notes.add_note(story, editor, f"Question {i}")
            _mine(reporter, f"Live {i}", published=True)
            PhotoFactory(caption=f"Kindless {i}", credit_kind="")
            PhotoFactory(caption=f"No alt {i}", alt_text="")

    more_work(2)
    client.force_login(user)
    client.get(reverse("admin:index"))  # warm the session and permission caches
    with django_assert_num_queries(queries):
        client.get(reverse("admin:index"))
    more_work(12)
    with django_assert_num_queries(queries):
        client.get(reverse("admin:index"))
