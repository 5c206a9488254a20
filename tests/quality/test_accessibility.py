"""Accessibility gate: axe-core reports no violation on any public page or the admin.

axe-core comes from npm (package-lock.json) and is injected into a context that
bypasses the CSP, since the page's own policy rightly forbids foreign scripts.
"""

import uuid

import pytest

from articles import autosave
from articles.models import Article, Note, Notification, Status
from tests.articles.admin_forms import article_form_data
from tests.factories import ArticleFactory, PhotoFactory
from tests.quality.browser import AXE_JS, axe_violations, describe_violations, new_context
from tests.quality.site import build_demo_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def axe():
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `make node_modules` (npm ci)")
    return AXE_JS


def _admin_pages(article):
    return {
        "admin article list": "/admin/articles/article/",
        "admin article change form": f"/admin/articles/article/{article.pk}/change/",
        "admin article add form": "/admin/articles/article/add/",
        "admin article revisions": f"/admin/articles/article/{article.pk}/revisions/",
        "admin person add form": "/admin/articles/person/add/",
        # My work (editor view), the notification inbox and its settings.
        "admin index": "/admin/",
        "admin inbox": "/admin/articles/notification/",
        "admin notification settings": "/admin/articles/notification/preferences/",
    }


def _autosave_pages(article, user):
    """The forms offering to restore unsaved changes, and a restored form (autosave)."""
    data = article_form_data(article, headline="Unsaved headline", body="<p>Unsaved words.</p>")
    copy = autosave.store(user, {k: [v] for k, v in data.items()}, article=article)
    autosave.store(user, {"headline": ["An unsaved new story"]}, key=uuid.uuid4())
    change = f"/admin/articles/article/{article.pk}/change/"
    return {
        "admin article change form offering a restore": change,
        "admin article change form restored": f"{change}?restore={copy.pk}",
        "admin article add form offering a restore": "/admin/articles/article/add/",
    }


def _check(context, pages, expected_status):
    failures = []
    page = context.new_page()
    try:
        for name, path in pages.items():
            response = page.goto(path)
            assert response.status == expected_status.get(name, 200), (name, path)
            failures += describe_violations(name, path, axe_violations(page))
    finally:
        page.close()
    return failures


def test_it_finds_no_accessibility_violations_on_public_and_admin_pages(
    axe, browser, live_server, admin_user
):
    site = build_demo_site()
    public_pages = site.pages()

    anonymous = new_context(browser, live_server, bypass_csp=True)
    signed_out_admin = {"admin login": "/admin/login/", "password reset": "/admin/password_reset/"}
    failures = _check(anonymous, {**public_pages, **signed_out_admin}, {"404": 404})
    anonymous.close()

    staff = new_context(browser, live_server, user=admin_user, bypass_csp=True)
    Notification.objects.create(
        recipient=admin_user, article=site.qa_interview, event="submit", message="Submitted."
    )
    article = Article.objects.get(pk=site.qa_interview.pk)
    failures += _check(staff, _admin_pages(article), {})
    failures += _note_not_added_page(staff, site.qa_interview)
    failures += _check(staff, _autosave_pages(article, admin_user), {})
    staff.close()

    print("\n".join(failures))
    assert not failures, "axe-core violations:\n" + "\n".join(failures)


def _note_not_added_page(context, article):
    """The page a note comes back on when it cannot be added (a POST answer)."""
    page = context.new_page()
    try:
        page.goto(f"/admin/articles/article/{article.pk}/change/")
        page.fill("#id_note_text", "Please check")
        page.fill("#id_note_quote", "words that are not in the story")
        with page.expect_navigation():
            page.click(".note-new button[type=submit]")
        assert "was not added" in page.content()
        return describe_violations("admin note not added", page.url, axe_violations(page))
    finally:
        page.close()


def test_it_finds_no_accessibility_violations_on_each_roles_dashboard(
    axe, browser, live_server, reporter, photo_desk
):
    site = build_demo_site()
    PhotoFactory(caption="No alt text yet", alt_text="")
    ArticleFactory(headline="Waiting", status=Status.IN_REVIEW, lead_photo=PhotoFactory())
    mine = ArticleFactory(created_by=reporter, headline="Reporter draft")
    Note.objects.create(article=mine, author=site.staff[1], text="A question for you")
    failures = []
    for user in (reporter, photo_desk):
        context = new_context(browser, live_server, user=user, bypass_csp=True)
        failures += _check(context, {f"admin index ({user.username})": "/admin/"}, {})
        context.close()
    assert not failures, "axe-core violations:\n" + "\n".join(failures)


def test_it_covers_every_page_the_gates_require(db):
    # The gates check whatever pages exist; this fails if one of them disappears.
    assert build_demo_site().missing_pages() == {}
