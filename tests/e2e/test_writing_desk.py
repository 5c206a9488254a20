"""Writing comforts in a real browser (issue 11 item 8): keyboard shortcuts for Question,
Answer and Pull quote, the live word count, and the preview of unsaved text."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article, Revision, Status
from tests.e2e.test_editorial_flow import log_in
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _editor_on(page, live_server, article):
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    editor = page.locator(".prose-editor [contenteditable=true].ProseMirror")
    expect(editor).to_be_visible()
    return editor


def put_cursor_in(page, body, text):
    """Click into a paragraph and wait until the editor (not just the DOM) has the cursor
    there: ProseMirror reads a click's selection a moment later, a key press may beat it."""
    body.locator("p", has_text=text).click()
    page.wait_for_function(
        "text => document.querySelector('.ProseMirror[contenteditable=true]')"
        ".editor.state.selection.$from.parent.textContent === text",
        arg=text,
    )


def test_it_marks_questions_answers_and_pull_quotes_from_the_keyboard(browser, live_server, editor):
    article = ArticleFactory(body="<p>Why Minsk?</p><p>Trade.</p><p>A line to quote.</p>")
    page = log_in(browser, live_server, editor)
    body = _editor_on(page, live_server, article)

    put_cursor_in(page, body, "Why Minsk?")
    page.keyboard.press("Control+Alt+q")
    put_cursor_in(page, body, "Trade.")
    page.keyboard.press("Control+Alt+a")
    put_cursor_in(page, body, "A line to quote.")
    page.keyboard.press("Control+Alt+p")
    expect(body.locator("p.question")).to_have_text("Why Minsk?")
    expect(body.locator("p.answer")).to_have_text("Trade.")
    expect(body.locator("blockquote.pull-quote")).to_have_text("A line to quote.")
    expect(page.locator(".keyboard-shortcuts summary")).to_have_text("Keyboard shortcuts")

    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    saved = Article.objects.get(pk=article.pk).body
    assert '<p class="question">Why Minsk?</p>' in saved
    assert '<p class="answer">Trade.</p>' in saved
    assert '<blockquote class="pull-quote"><p>A line to quote.</p></blockquote>' in saved


def test_it_counts_words_as_the_reporter_types(browser, live_server, editor):
    article = ArticleFactory(body="<p>One two three.</p><p>Four five.</p>")
    page = log_in(browser, live_server, editor)
    body = _editor_on(page, live_server, article)
    counter = page.locator("#story-word-count")
    expect(counter).to_have_text("5 words · about 1 min read")

    put_cursor_in(page, body, "Four five.")
    page.keyboard.press("End")
    page.keyboard.type(" Six seven")
    expect(counter).to_have_text("7 words · about 1 min read")


def test_it_previews_the_text_on_the_screen_without_saving_it(browser, live_server, editor):
    article = ArticleFactory(
        headline="Saved headline", status=Status.IN_REVIEW, authors=[AuthorFactory()]
    )
    page = log_in(browser, live_server, editor)
    _editor_on(page, live_server, article)
    page.fill("#id_headline", "Headline only on the screen")

    with page.context.expect_page() as opened:
        page.click("button:text-is('Preview with unsaved changes')")
    preview = opened.value
    expect(preview.locator("h1")).to_have_text("Headline only on the screen")
    expect(preview.locator(".preview-banner")).to_contain_text("nothing has been saved")
    assert Article.objects.get(pk=article.pk).headline == "Saved headline"


def test_it_records_a_schedule_from_an_untouched_form_as_the_step_not_an_edit(
    browser, live_server, editor
):
    article = ArticleFactory(
        status=Status.APPROVED,
        body="<p>Why Minsk?</p><p>Trade.</p>",
        authors=[AuthorFactory()],
        tags=["Trade", "Belarus"],
    )
    page = log_in(browser, live_server, editor)
    _editor_on(page, live_server, article)
    when = timezone.localtime() + timezone.timedelta(days=1)
    page.fill("#id__transition_when", when.strftime("%Y-%m-%dT%H:%M"))

    page.get_by_role("button", name="Schedule", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("is now scheduled")
    assert list(Revision.objects.filter(article=article).values_list("note", flat=True)) == [
        "Schedule"
    ]
