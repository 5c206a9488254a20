"""Accessibility gate: axe-core reports no violation on any public page or the admin.

axe-core comes from npm (package-lock.json) and is injected into a context that
bypasses the CSP, since the page's own policy rightly forbids foreign scripts.
"""

import pytest

from articles.models import Article
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
    failures = _check(anonymous, {**public_pages, "admin login": "/admin/login/"}, {"404": 404})
    anonymous.close()

    staff = new_context(browser, live_server, user=admin_user, bypass_csp=True)
    failures += _check(staff, _admin_pages(Article.objects.get(pk=site.qa_interview.pk)), {})
    staff.close()

    print("\n".join(failures))
    assert not failures, "axe-core violations:\n" + "\n".join(failures)


def test_it_covers_every_page_the_gates_require(db):
    # The gates check whatever pages exist; this fails if one of them disappears.
    assert build_demo_site().missing_pages() == {}
