"""The Content-Security-Policy is enforced, and the admin and its editor work under it.

Runs without bypass_csp: the browser enforces the policy the server sends, and an init
script records every `securitypolicyviolation` event a page raises.
"""

import pytest

from tests.quality.browser import RECORD_CSP_VIOLATIONS, new_context
from tests.quality.site import build_demo_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _visit(page, path, console):
    console.clear()
    response = page.goto(path)
    page.wait_for_load_state("networkidle")
    violations = page.evaluate("window.__cspViolations")
    violations += [text for text in console if "Content Security Policy" in text]
    return response, violations


def _context(browser, live_server, user=None):
    context = new_context(browser, live_server, user=user)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    return context


def test_it_runs_the_rich_text_editor_in_the_admin_under_the_policy(
    browser, live_server, admin_user
):
    context = _context(browser, live_server, user=admin_user)
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))

    response, violations = _visit(page, "/admin/articles/article/add/", console)

    assert response.status == 200
    assert "content-security-policy" in response.headers
    editor = page.locator(".ProseMirror[contenteditable='true']")
    editor.wait_for(state="visible", timeout=10_000)
    editor.click()
    page.keyboard.type("Typed under the policy")
    page.keyboard.press("Control+b")
    page.keyboard.type(" in bold")
    body = page.locator("textarea[name='body']").input_value()
    assert "Typed under the policy" in body
    assert "in bold</strong>" in body
    violations += page.evaluate("window.__cspViolations")
    violations += [text for text in console if "Content Security Policy" in text]
    assert violations == [], violations
    context.close()


def test_it_reports_no_policy_violation_on_any_public_or_admin_page(
    browser, live_server, admin_user
):
    site = build_demo_site()
    report = []
    console = []
    for user, pages in [
        (None, {**site.pages(), "admin login": "/admin/login/"}),
        (
            admin_user,
            {
                "admin index": "/admin/",
                "admin article list": "/admin/articles/article/",
                "admin article change form": f"/admin/articles/article/{site.qa_interview.pk}/change/",
                "admin photo list": "/admin/photos/photo/",
                "admin inbox": "/admin/articles/notification/",
                "admin notification settings": "/admin/articles/notification/preferences/",
            },
        ),
    ]:
        context = _context(browser, live_server, user=user)
        page = context.new_page()
        page.on("console", lambda message: console.append(message.text))
        for name, path in pages.items():
            response, violations = _visit(page, path, console)
            if "content-security-policy" not in response.headers:
                report.append(f"{name} ({path}): no Content-Security-Policy header")
            report += [f"{name} ({path}): {violation}" for violation in violations]
        context.close()
    assert not report, "\n".join(report)
