"""Reader tools in real Chromium, with JavaScript off: search, corrections, read-next."""

import os

import pytest
from django.utils import timezone

from articles.models import Correction
from tests.factories import ArticleFactory, AuthorFactory

# serialized_rollback, like every browser test: mixing serialized and plain transactional
# tests breaks whichever runs after the other kind (missing or duplicate content types).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def page(browser):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1000, "height": 900}
    )
    page = context.new_page()
    yield page
    context.close()


def test_a_reader_searches_by_keyboard_and_reads_the_corrected_story(
    live_server, page, artifacts_dir
):
    kim = AuthorFactory(name="Kim Hyun")
    story = ArticleFactory(
        published=True,
        headline="Potash exports double",
        body="<p>Belarus ships potash to Korea.</p>",
        tags=["trade"],
        authors=[kim],
    )
    ArticleFactory(published=True, headline="Another trade story", tags=["trade"], authors=[kim])
    Correction.objects.create(article=story, text="An earlier version gave the wrong year.")
    story.updated_for_readers_at = timezone.now()
    story.save()

    page.goto(f"{live_server.url}/search/")
    page.get_by_label("Search stories").fill("potash")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=potash")
    assert page.locator(".search-result mark").first.inner_text().lower() == "potash"
    page.screenshot(path=os.path.join(artifacts_dir, "search.png"), full_page=True)

    page.get_by_role("link", name="Potash exports double").click()
    corrections = page.get_by_role("complementary", name="Corrections and updates")
    assert "wrong year" in corrections.inner_text()
    assert "Updated" in page.locator(".story__header .meta").inner_text()
    assert page.get_by_role("heading", name="Related stories").is_visible()
    assert page.get_by_role("link", name="Another trade story").first.is_visible()
    page.screenshot(path=os.path.join(artifacts_dir, "corrected-story.png"), full_page=True)


def test_a_reader_searches_from_the_header_of_a_story_without_javascript(live_server, page):
    story = ArticleFactory(published=True, headline="Harbour cranes return")
    ArticleFactory(published=True, headline="Sînclair opens the festival")
    ArticleFactory(headline="Sinclair draft nobody may see")  # unpublished: never found

    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    page.get_by_role("searchbox", name="Search the site").fill("Sinclair")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=Sinclair")
    results = page.locator(".search-result h2")
    assert results.all_inner_texts() == ["Sînclair opens the festival"]
