"""The permission matrix: every role x every editorial action, by GET and by forged POST.

Refused means three things at once: the status code, an unchanged database, and no audit
entry. Allowed means the change really happened.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import presence, revisions
from articles.models import Article, AuditEntry, Note, Status, WorkingCopy
from tests.articles.admin_forms import article_form_data
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "reporter", "photo_desk", "editor", "admin_user"]
ACTIONS = [
    "create",
    "edit_own",
    "edit_others",
    "submit",
    "approve",
    "return",
    "publish",
    "schedule",
    "unpublish",
    "cancel_schedule",
    "embargo",
    "lift_embargo",
    "publish_from_form",
    "embargo_from_form",
    "delete",
    "restore",
    "preview",
    "note",
    "reply",
    "resolve",
    "autosave",
    "autosave_others",
    "presence",
    "presence_others",
    "preview_unsaved",
]
# Editorial notes: editors and the story's own reporters (the matrix's story is the reporter's).
NOTE_ACTIONS = {"note", "reply", "resolve"}
ALLOWED = {
    "reporter": {
        "create",
        "edit_own",
        "submit",
        "restore",
        "preview",
        "preview_unsaved",
        "autosave",
        "presence",
        *NOTE_ACTIONS,
    },
    "editor": set(ACTIONS),
    "admin_user": set(ACTIONS),
}
# POST-only views answer GET with 405 before anything else.
POST_ONLY = {
    "submit",
    "approve",
    "return",
    "publish",
    "schedule",
    "unpublish",
    "cancel_schedule",
    "embargo",
    "lift_embargo",
    "restore",
    "preview_unsaved",
    *NOTE_ACTIONS,
    "autosave",
    "autosave_others",
}
# The change form's JSON endpoints (articles/admin/autosave.py) answer 200, not a redirect.
JSON_ENDPOINTS = {"autosave", "autosave_others", "presence", "presence_others"}


@dataclass
class Case:
    url: str
    data: dict
    changed: object  # () -> bool
    article: Article | None = None


def _user(request, role):
    return None if role == "anonymous" else request.getfixturevalue(role)


def _story(owner, reporter, **kwargs):
    """A story ready to publish, owned by `owner` (or, without one, by the reporter)."""
    return ArticleFactory(created_by=owner or reporter, authors=[AuthorFactory()], **kwargs)


def _step(article, action, **data):
    url = reverse("admin:articles_article_transition", args=[article.pk, action])
    return url, data


def build_case(action, user, reporter, other_reporter):
    # Workflow steps act on the reporter's story, so a reporter's refusal comes from the
    # missing right, not from not seeing the story.
    if action == "create":
        section = SectionFactory()
        data = article_form_data(headline="Matrix new", slug="matrix-new", section=str(section.pk))
        return Case(
            reverse("admin:articles_article_add"),
            data,
            lambda: Article.objects.filter(slug="matrix-new").exists(),
        )
    if action in ("edit_own", "edit_others"):
        owner = user if action == "edit_own" and user is not None else other_reporter
        article = _story(owner, reporter, headline="Before")
        return Case(
            reverse("admin:articles_article_change", args=[article.pk]),
            article_form_data(article, headline="Edited"),
            lambda: Article.objects.get(pk=article.pk).headline == "Edited",
            article,
        )
    if action == "delete":
        article = _story(None, reporter)
        return Case(
            reverse("admin:articles_article_delete", args=[article.pk]),
            {"post": "yes"},
            lambda: not Article.objects.filter(pk=article.pk).exists(),
            article,
        )
    if action == "restore":
        article = _story(None, reporter, headline="Revision one")
        revisions.record(article, reporter)
        Article.objects.filter(pk=article.pk).update(headline="Revision two")
        revisions.record(Article.objects.get(pk=article.pk), reporter)
        return Case(
            reverse("admin:articles_article_restore", args=[article.pk, 1]),
            {},
            lambda: Article.objects.get(pk=article.pk).headline == "Revision one",
            article,
        )
    if action in NOTE_ACTIONS:
        return note_case(action, _story(None, reporter))
    if action in ("autosave", "autosave_others"):
        article = _story(other_reporter if action == "autosave_others" else None, reporter)
        return Case(
            reverse("admin:articles_article_autosave", args=[article.pk]),
            article_form_data(article, body="<p>Typed, never saved.</p>"),
            lambda: WorkingCopy.objects.exists(),
            article,
        )
    if action in ("presence", "presence_others"):
        article = _story(other_reporter if action == "presence_others" else None, reporter)
        return Case(
            reverse("admin:articles_article_presence", args=[article.pk]),
            {},
            lambda: bool(presence.others(article)),
            article,
        )
    if action == "publish_from_form":
        # The change form's own Publish now button, on a story the user may otherwise edit.
        article = _story(user if user is not None else reporter, reporter, status=Status.DRAFT)
        return Case(
            reverse("admin:articles_article_change", args=[article.pk]),
            article_form_data(article, headline="Published from the form", _transition="publish"),
            lambda: Article.objects.get(pk=article.pk).status == Status.PUBLISHED,
            article,
        )
    if action == "embargo_from_form":
        # The change form's Embargo button on a live story the user can see.
        later = timezone.localtime() + timezone.timedelta(days=1)
        article = _story(user if user is not None else reporter, reporter, published=True)
        return Case(
            reverse("admin:articles_article_change", args=[article.pk]),
            article_form_data(
                article, _transition="embargo", _transition_when=f"{later:%Y-%m-%dT%H:%M}"
            ),
            lambda: Article.objects.get(pk=article.pk).embargo_until is not None,
            article,
        )
    if action == "preview_unsaved":
        # The form as typed, previewed; a reporter's own draft, so refusals come from rights.
        article = _story(None, reporter, headline="Saved canary")
        return Case(
            reverse("admin:articles_article_preview_unsaved", args=[article.pk]),
            article_form_data(article, headline="Preview canary"),
            lambda: False,
            article,
        )
    if action == "preview":
        article = _story(None, reporter, headline="Preview canary")
        return Case(
            reverse("admin:articles_article_preview", args=[article.pk]), {}, lambda: False, article
        )
    if action in ("embargo", "lift_embargo"):
        # A live story embargoed, or an embargoed one brought back: status stays published.
        later = timezone.now() + timezone.timedelta(days=1)
        article = _story(
            None,
            reporter,
            status=Status.PUBLISHED,
            published_at=timezone.now() - timezone.timedelta(hours=1),
            embargo_until=later if action == "lift_embargo" else None,
        )
        url, data = _step(
            article, action, when=timezone.localtime(later).strftime("%Y-%m-%dT%H:%M")
        )

        def changed():
            embargoed = Article.objects.get(pk=article.pk).embargo_until is not None
            return embargoed == (action == "embargo")

        return Case(url, data, changed, article)
    start, data, target = {
        "submit": (Status.DRAFT, {}, Status.IN_REVIEW),
        "approve": (Status.IN_REVIEW, {}, Status.APPROVED),
        "return": (Status.IN_REVIEW, {"note": "Please fix."}, Status.DRAFT),
        "publish": (Status.APPROVED, {}, Status.PUBLISHED),
        "schedule": (
            Status.APPROVED,
            {
                "when": (timezone.localtime() + timezone.timedelta(days=1)).strftime(
                    "%Y-%m-%dT%H:%M"
                )
            },
            Status.PUBLISHED,
        ),
        "unpublish": (Status.PUBLISHED, {}, Status.UNPUBLISHED),
        "cancel_schedule": (Status.PUBLISHED, {}, Status.APPROVED),
    }[action]
    extra = {"published_at": timezone.now()} if start == Status.PUBLISHED else {}
    if action == "cancel_schedule":
        extra = {"published_at": timezone.now() + timezone.timedelta(days=1)}
    article = _story(None, reporter, status=start, **extra)
    url, data = _step(article, action, **data)
    return Case(url, data, lambda: Article.objects.get(pk=article.pk).status == target, article)


def note_case(action, article):
    thread = Note.objects.create(article=article, text="Matrix thread")
    if action == "note":
        url = reverse("admin:articles_article_add_note", args=[article.pk])
        return Case(
            url,
            {"text": "Matrix note"},
            lambda: Note.objects.filter(text="Matrix note").exists(),
            article,
        )
    if action == "reply":
        url = reverse("admin:articles_article_reply_note", args=[article.pk, thread.pk])
        return Case(
            url,
            {"text": "Matrix reply"},
            lambda: Note.objects.filter(thread=thread, text="Matrix reply").exists(),
            article,
        )
    url = reverse("admin:articles_article_resolve_note", args=[article.pk, thread.pk])
    return Case(
        url,
        {"resolved": "1"},
        lambda: Note.objects.get(pk=thread.pk).resolved_at is not None,
        article,
    )


def refused_status(role, action, method):
    if role in ("anonymous", "outsider"):
        return 302  # to the admin login page
    if method == "get" and action in POST_ONLY:
        return 405
    if method == "get" and role == "reporter" and action.endswith("_from_form"):
        return 200  # opening one's own story is fine; only the forged button is refused
    if role == "reporter" and action == "edit_others":
        return 302  # the admin's "no such story" redirect: others' stories are invisible
    if role == "reporter" and action in ("autosave_others", "presence_others"):
        return 404
    return 403


def _snapshot():
    return sorted(
        Article.objects.values_list(
            "pk", "headline", "status", "published_at", "embargo_until", "version"
        )
    ), sorted(Note.objects.values_list("pk", "text", "resolved_at"))


def _arrange(request, client, role, action, reporter, other_reporter):
    """Sign in as the role and build the case; return it with the state to compare after."""
    user = _user(request, role)
    case = build_case(action, user, reporter, other_reporter)
    if user is not None:
        client.force_login(user)
    return case, _snapshot(), AuditEntry.objects.count()


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_it_enforces_the_permission_matrix_on_forged_posts(
    request, client, role, action, reporter, other_reporter
):
    case, before, audits = _arrange(request, client, role, action, reporter, other_reporter)

    response = client.post(case.url, case.data)

    if action in ALLOWED.get(role, set()):
        if action in ("preview", "preview_unsaved"):
            assert response.status_code == 200
            assert "Preview canary" in response.content.decode()
        elif action in JSON_ENDPOINTS:
            assert response.status_code == 200
            assert case.changed(), f"{role} should be able to {action}"
        else:
            assert response.status_code == 302, response.content.decode()[:2000]
            assert case.changed(), f"{role} should be able to {action}"
    else:
        assert response.status_code == refused_status(role, action, "post")
        if role in ("anonymous", "outsider"):
            assert response["Location"].startswith(reverse("admin:login"))
        assert not case.changed()
        assert _snapshot() == before
        assert AuditEntry.objects.count() == audits
        if action in ("preview", "preview_unsaved"):
            assert "Preview canary" not in response.content.decode()


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_it_changes_nothing_on_get_and_shows_forms_only_to_those_allowed(
    request, client, role, action, reporter, other_reporter
):
    case, before, audits = _arrange(request, client, role, action, reporter, other_reporter)

    response = client.get(case.url)

    if action in ALLOWED.get(role, set()) and action not in POST_ONLY:
        assert response.status_code == 200
    else:
        assert response.status_code == refused_status(role, action, "get")
    assert _snapshot() == before
    assert AuditEntry.objects.count() == audits
    if action in JSON_ENDPOINTS:
        assert not case.changed()  # reading presence does not make anyone present


@pytest.mark.parametrize("action", ["approve_selected", "publish_selected", "unpublish_selected"])
def test_it_refuses_a_reporter_forged_bulk_actions(client, reporter, action):
    status = {"approve_selected": Status.IN_REVIEW}.get(action, Status.PUBLISHED)
    article = _story(reporter, reporter, status=status, published_at=timezone.now())
    client.force_login(reporter)
    before = _snapshot()
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": action, "_selected_action": [article.pk], "index": 0},
    )
    assert response.status_code == 403
    assert _snapshot() == before
    assert not AuditEntry.objects.exists()


def test_it_runs_bulk_actions_through_the_workflow_rules(client, editor, reporter):
    ready = _story(reporter, reporter, status=Status.APPROVED, headline="Ready")
    not_ready = ArticleFactory(status=Status.APPROVED, headline="No byline")
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [ready.pk, not_ready.pk], "index": 0},
        follow=True,
    )
    assert Article.objects.get(pk=ready.pk).status == Status.PUBLISHED
    assert Article.objects.get(pk=not_ready.pk).status == Status.APPROVED
    page = response.content.decode()
    assert "the story needs at least one byline" in page
    assert list(AuditEntry.objects.values_list("article_id", flat=True)) == [ready.pk]


def test_it_offers_reporters_only_the_submit_bulk_action(client, reporter):
    client.force_login(reporter)
    ArticleFactory(created_by=reporter)
    response = client.get(reverse("admin:articles_article_changelist"))
    choices = [name for name, _ in response.context["action_form"].fields["action"].choices if name]
    assert choices == ["submit_selected"]


def test_it_exposes_no_one_elses_story_through_the_admin_json_endpoints(
    client, reporter, other_reporter, photo_desk
):
    ArticleFactory(headline="Hidden scoop", created_by=other_reporter)
    ArticleFactory(headline="Hidden draft of mine", created_by=reporter)
    query = {
        "app_label": "articles",
        "model_name": "byline",
        "field_name": "article",
        "term": "Hidden",
    }
    client.force_login(reporter)
    response = client.get(reverse("admin:autocomplete"), query)
    assert [r["text"] for r in response.json()["results"]] == ["Hidden draft of mine"]
    client.force_login(photo_desk)
    assert client.get(reverse("admin:autocomplete"), query).status_code == 403


@pytest.mark.parametrize("action", sorted(NOTE_ACTIONS))
def test_it_hides_notes_from_a_reporter_of_another_story(client, reporter, other_reporter, action):
    case = note_case(action, _story(None, reporter))
    Note.objects.create(article=case.article, text="Only for this story's people")
    client.force_login(other_reporter)
    before = _snapshot()

    page = client.get(reverse("admin:articles_article_change", args=[case.article.pk]))
    forged = client.post(case.url, case.data)

    assert page.status_code == 302  # the admin's "no such story" redirect
    assert "Only for this story" not in page.content.decode()
    assert forged.status_code == 404
    assert not case.changed()
    assert _snapshot() == before


@pytest.mark.parametrize("role", ["reporter", "editor"])
def test_it_shows_the_notes_to_the_storys_reporter_and_editors(request, client, role, reporter):
    article = _story(None, reporter)
    Note.objects.create(article=article, text="Check the second quote")
    client.force_login(request.getfixturevalue(role))
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content
    assert "Check the second quote" in page.decode()
