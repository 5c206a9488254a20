"""The newsroom in a real browser: writing in the rich-text editor, review, publishing.

Chromium through Playwright against pytest-django's live_server; screenshots land in
test-artifacts/ for people to look at.
"""

import os
import re

import pytest
from playwright.sync_api import expect

from accounts.models import Author
from articles.models import Article, Status
from tests.factories import SectionFactory

# serialized_rollback: the roles from the data migration are back for each test, and the
# flush afterwards leaves the database as the next serialized test expects it.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory


def log_in(browser, live_server, user):
    """A fresh browser context signed in through the real admin login form."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text(user.username.upper(), ignore_case=True)
    return page


def pick(page, container, text):
    """Choose `text` in an admin autocomplete (select2) widget inside `container`."""
    page.locator(f"{container} .select2-selection").first.click()
    page.locator(".select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def write_story(page, live_server, headline, body, byline):
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.fill("#id_headline", headline)
    pick(page, ".field-section", "Diplomacy")
    page.fill("#id_deck", "Written in the browser test.")
    editor = page.locator(".prose-editor [contenteditable=true].ProseMirror")
    editor.click()
    page.keyboard.type(body)
    pick(page, "#bylines-0", byline)
    page.fill("#id_bylines-0-role", "Interview by")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")


def shot(page, artifacts_dir, name):
    page.screenshot(path=os.path.join(artifacts_dir, name), full_page=True)


@pytest.fixture
def newsroom(reporter):
    SectionFactory(name="Diplomacy", slug="diplomacy")
    return Author.objects.create(name="Kim", slug="kim", job_title="Publisher", user=reporter)


def test_it_lets_an_editor_write_and_publish_a_story_readers_then_see(
    browser, live_server, editor, newsroom, artifacts_dir
):
    page = log_in(browser, live_server, editor)
    write_story(
        page,
        live_server,
        "Korean firms eye Belarus",
        "The ambassador spoke about trade and the EAEU.",
        "Kim",
    )
    expect(page.locator(".workflow-state")).to_have_text("Draft")
    shot(page, artifacts_dir, "editor-story-draft.png")

    page.click("button:text-is('Publish now')")

    expect(page.locator(".messagelist")).to_contain_text("is now published")
    expect(page.locator(".workflow-state")).to_have_text("Published")
    article = Article.objects.get(headline="Korean firms eye Belarus")
    assert article.status == Status.PUBLISHED
    assert "<p>The ambassador spoke about trade and the EAEU.</p>" in article.body

    reader = browser.new_page()
    reader.goto(f"{live_server.url}/")
    reader.click("text=Korean firms eye Belarus")
    expect(reader.locator("h1")).to_have_text("Korean firms eye Belarus")
    expect(reader.locator("body")).to_contain_text("The ambassador spoke about trade and the EAEU.")
    shot(reader, artifacts_dir, "reader-sees-published-story.png")


def test_it_takes_a_reporters_story_through_review_to_readers(
    browser, live_server, reporter, editor, newsroom, artifacts_dir
):
    headline = "Embassy opens trade office"
    desk = log_in(browser, live_server, reporter)
    write_story(desk, live_server, headline, "The office opens in Seoul next month.", "Kim")
    expect(desk.locator("button:text-is('Submit for review')")).to_be_visible()
    expect(desk.locator("button:text-is('Publish now')")).to_have_count(0)
    desk.click("button:text-is('Submit for review')")
    expect(desk.locator(".workflow-state")).to_have_text("In review")
    expect(desk.get_by_role("button", name=re.compile("Publish|Approve|Schedule"))).to_have_count(0)
    expect(desk.locator("input[name=_continue]")).to_have_count(0)  # read-only once submitted
    shot(desk, artifacts_dir, "reporter-submitted.png")

    chief = log_in(browser, live_server, editor)
    expect(chief.locator("#queue-needs_review")).to_contain_text(headline)
    shot(chief, artifacts_dir, "editor-queue.png")
    chief.locator("#queue-needs_review").get_by_role("link", name=headline).click()
    chief.click("button:text-is('Approve')")
    expect(chief.locator(".workflow-state")).to_have_text("Approved")
    chief.click("button:text-is('Publish now')")
    expect(chief.locator(".workflow-state")).to_have_text("Published")
    shot(chief, artifacts_dir, "editor-published.png")

    reader = browser.new_page()
    reader.goto(f"{live_server.url}/")
    expect(reader.get_by_role("link", name=headline)).to_be_visible()
    assert list(
        Article.objects.get(headline=headline)
        .audit.order_by("at", "id")
        .values_list("action", flat=True)
    ) == ["submit", "approve", "publish"]


# What you see is what you publish (issue 11 item 1): the workflow buttons submit the form.


def _story_in(status, reporter, **kwargs):
    from tests.factories import ArticleFactory, AuthorFactory

    author = AuthorFactory(name="Kim Writer", user=reporter)
    return ArticleFactory(status=status, created_by=reporter, authors=[author], **kwargs)


def test_it_publishes_the_headline_typed_without_pressing_save(
    browser, live_server, editor, reporter, artifacts_dir
):
    article = _story_in(Status.IN_REVIEW, reporter, headline="Old headline on the desk")
    revisions_before = article.revisions.count()
    page = log_in(browser, live_server, editor)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.fill("#id_headline", "New headline on the screen")

    page.click("button:text-is('Publish now')")

    expect(page.locator(".messagelist")).to_contain_text("is now published")
    expect(page.locator(".workflow-state")).to_have_text("Published")
    shot(page, artifacts_dir, "editor-published-from-form.png")
    article.refresh_from_db()
    reader = browser.new_page()
    reader.goto(f"{live_server.url}{article.get_absolute_url()}")
    expect(reader.locator("h1")).to_have_text("New headline on the screen")
    assert article.revisions.count() == revisions_before + 1
    assert list(article.audit.values_list("action", flat=True)) == ["publish"]


def test_it_submits_the_deck_typed_without_pressing_save(browser, live_server, reporter):
    article = _story_in(Status.DRAFT, reporter, deck="The old deck.")
    revisions_before = article.revisions.count()
    page = log_in(browser, live_server, reporter)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.fill("#id_deck", "The deck as the reporter left it.")

    page.click("button:text-is('Submit for review')")

    expect(page.locator(".workflow-state")).to_have_text("In review")
    article.refresh_from_db()
    assert (article.status, article.deck) == (Status.IN_REVIEW, "The deck as the reporter left it.")
    assert article.revisions.count() == revisions_before + 1
    assert list(article.audit.values_list("action", flat=True)) == ["submit"]
