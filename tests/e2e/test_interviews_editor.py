"""An editor marks questions, answers and a pull quote in the real rich-text editor, picks
the interviewee with the autocomplete, and readers get the Q&A layout."""

import os

import pytest
from django.utils import timezone

from articles.models import Article, Kind, Status
from tests.factories import AuthorFactory, PersonFactory, SectionFactory

# serialized_rollback like the other browser tests that need the migrations' data (roles):
# mixing the two kinds in one run breaks the serialized ones (duplicate content types).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"


def choose(page, field_id, text):
    """Pick a foreign key, whether the admin shows a plain select or an autocomplete."""
    if page.locator(f"#{field_id}.admin-autocomplete").count():
        page.click(f"#{field_id} + .select2 .select2-selection")
        page.fill(".select2-search__field", text)
        page.click(f".select2-results__option:has-text('{text}')")
    else:
        page.select_option(f"#{field_id}", label=text)


def reveal(page, field_id):
    """Open the collapsed fieldset a field sits in, if it is collapsed."""
    field = page.locator(f"#{field_id}")
    if not field.is_visible():
        field.locator("xpath=ancestor::details[1]/summary").click()


def choose_block_style(page, option):
    page.click(".prose-menubar__dropdown:has-text('Block style')")
    page.click(f"[data-name='nodeClass:{option}']")


def test_an_editor_writes_a_q_and_a_interview_that_readers_see_with_speakers(
    live_server, browser, admin_user, artifacts_dir
):
    SectionFactory(name="World", slug="world")
    PersonFactory(
        name="Andrei Popkov",
        slug="andrei-popkov",
        title="Belarus ambassador to the Republic of Korea",
    )
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    csp_errors = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text
            and "script-src" in message.text
            and csp_errors.append(message.text)
        ),
    )

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/articles/article/add/")

    page.fill("#id_headline", "Ambassador on technology ties")
    page.select_option("#id_kind", value=Kind.INTERVIEW)
    choose(page, "id_section", "World")
    reveal(page, "id_interview_note")
    page.fill("#id_interview_note", "This interview has been condensed and edited for clarity.")

    editor = page.locator(".tiptap.ProseMirror")
    editor.click()
    page.keyboard.type("We met at the embassy in Seoul.")
    page.keyboard.press("Enter")
    page.keyboard.type("What brings the two countries together?")
    choose_block_style(page, "paragraph:question")
    editor.focus()  # the editor keeps its selection: the end of what was typed
    page.keyboard.press("Enter")
    page.keyboard.type("Technology, above all.")
    choose_block_style(page, "paragraph:answer")
    editor.focus()  # the editor keeps its selection: the end of what was typed
    page.keyboard.press("Enter")
    page.keyboard.type("A bridge between East and West.")
    page.click("[data-name='blockquote']")
    choose_block_style(page, "blockquote:pull-quote")

    # The interviewee, chosen with the autocomplete.
    page.click("#interviewees-group .add-row a")
    page.click("#interviewees-group .dynamic-interviewees .select2-selection")
    page.fill(".select2-search__field", "Popk")
    page.click(".select2-results__option:has-text('Andrei Popkov')")
    page.fill("#id_interviewees-0-title_at_time", "Belarus ambassador to the Republic of Korea")

    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    assert csp_errors == []

    article = Article.objects.get(headline="Ambassador on technology ties")
    assert article.body == (
        "<p>We met at the embassy in Seoul.</p>"
        '<p class="question">What brings the two countries together?</p>'
        '<p class="answer">Technology, above all.</p>'
        '<blockquote class="pull-quote"><p class="answer">A bridge between East and West.</p>'
        "</blockquote>"
    )
    assert [i.person.name for i in article.interviewees.all()] == ["Andrei Popkov"]
    assert article.interview_note == "This interview has been condensed and edited for clarity."

    # Publishing belongs to the workflow; here the story only needs to be live.
    Article.objects.filter(pk=article.pk).update(
        status=Status.PUBLISHED, published_at=timezone.now() - timezone.timedelta(minutes=1)
    )
    author = AuthorFactory(name="Kim Jae-kyoung")
    article.bylines.create(author=author)
    article.refresh_from_db()

    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    assert page.locator("p.question .speaker").inner_text().lower() == "kim jae-kyoung:"
    assert page.locator("p.answer .speaker").inner_text().lower() == "andrei popkov:"
    assert page.locator("figure.pull-quote").count() == 1
    caption = page.locator("figure.pull-quote figcaption").inner_text()
    assert caption == "— Andrei Popkov, Belarus ambassador to the Republic of Korea"
    page.screenshot(path=os.path.join(artifacts_dir, "interview-qa.png"), full_page=True)

    page.click("figure.pull-quote figcaption a")
    page.wait_for_url("**/people/andrei-popkov/")
    assert page.locator("h1").inner_text() == "Andrei Popkov"
    assert "A bridge between East and West." in page.locator("figure.pull-quote").inner_text()
    page.screenshot(path=os.path.join(artifacts_dir, "person-page.png"), full_page=True)
    context.close()
