"""The demo story in real Chromium: readable on a phone and a desktop, in light and dark."""

import os

import pytest
from django.core.management import call_command

from accounts.roles import sync_roles
from articles.demo import loader
from articles.models import Article

# serialized_rollback, like every browser test: mixing serialized and plain transactional
# tests breaks whichever runs after the other kind (missing or duplicate content types).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def demo_url(live_server):
    sync_roles()  # transactional tests flush the groups the data migration made
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return live_server.url + Article.objects.get(slug=loader.STORY_SLUG).get_absolute_url()


@pytest.mark.parametrize(("width", "scheme"), [(390, "light"), (1280, "dark")])
def test_it_fits_the_screen_with_our_stylesheet_and_no_policy_violations(
    browser, demo_url, artifacts_dir, width, scheme
):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    try:
        page.goto(demo_url)
        assert page.locator("h1").inner_text() == (
            "A rising number of Korean firms show interests in Belarus"
        )
        # Nothing wider than the screen: no sideways scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # The stylesheet loaded (under CSP) and follows the reader's colour scheme.
        assert "Georgia" in page.evaluate("getComputedStyle(document.body).fontFamily")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == ("rgb(20, 20, 20)" if scheme == "dark" else "rgb(253, 252, 248)")
        # The first Tab lands on a visible skip link.
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent")
        assert focused == "Skip to content"
        assert page.locator(".skip-link").bounding_box()["y"] >= 0
        page.screenshot(
            path=os.path.join(artifacts_dir, f"demo-story-{width}-{scheme}.png"), full_page=True
        )
        assert violations == []
    finally:
        context.close()
