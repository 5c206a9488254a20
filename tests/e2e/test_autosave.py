"""Never lose a word, in a real browser: autosave and restore, the leave-page prompt,
Ctrl+S, and two people on one story seeing each other.
"""

import time

import pytest
from django.conf import settings
from playwright.sync_api import expect

from articles import revisions, workflow
from articles.models import Article, Revision, WorkingCopy
from tests.articles.admin_forms import article_form_data
from tests.e2e.test_editorial_flow import PASSWORD, log_in, shot
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BODY = ".prose-editor [contenteditable=true].ProseMirror"
# What autosave keeps in the browser's localStorage (the admin keeps its theme there too).
KEPT_ON_DEVICE = """Object.keys(localStorage).filter((key) => key.startsWith("newsroom-autosave:"))
  .map((key) => localStorage.getItem(key)).join(" ")"""


@pytest.fixture
def story(editor):
    article = ArticleFactory(
        published=True,
        headline="Trade talks resume",
        body="<p>The ministers met in Minsk.</p>",
        authors=[AuthorFactory()],
        created_by=editor,
    )
    revisions.record(article, editor, note=revisions.CREATED)
    return Article.objects.get(pk=article.pk)


def change_url(live_server, article):
    return f"{live_server.url}/admin/articles/article/{article.pk}/change/"


def type_in_body(page, text):
    page.locator(BODY).click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


def wait_for(condition, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def test_it_brings_back_typed_text_after_the_tab_is_closed_and_never_publishes_it(
    browser, live_server, editor, story, artifacts_dir
):
    page = log_in(browser, live_server, editor)
    public = page.context.new_page()
    public_url = f"{live_server.url}{story.get_absolute_url()}"
    revisions_before = Revision.objects.count()
    page.goto(change_url(live_server, story))
    type_in_body(page, " They agreed on tariffs.")

    page.close()  # no Save, no waiting: the closing tab sends what it has

    assert wait_for(lambda: WorkingCopy.objects.filter(user=editor, article=story).exists())
    copy = WorkingCopy.objects.get(user=editor, article=story)
    assert "They agreed on tariffs." in copy.data["body"][0]
    assert Article.objects.get(pk=story.pk).body == "<p>The ministers met in Minsk.</p>"
    assert Revision.objects.count() == revisions_before
    public.goto(public_url)
    expect(public.locator("body")).to_contain_text("The ministers met in Minsk.")
    expect(public.locator("body")).not_to_contain_text("They agreed on tariffs.")

    page = public.context.new_page()
    page.goto(change_url(live_server, story))
    offer = page.get_by_role("region", name="Restore your unsaved changes")
    expect(offer).to_contain_text("They agreed on tariffs.")
    shot(page, artifacts_dir, "autosave-restore-offer.png")
    offer.get_by_role("link", name="Restore").click()
    expect(page.locator(BODY)).to_contain_text(
        "The ministers met in Minsk. They agreed on tariffs."
    )
    expect(page.locator("[data-autosave-status]")).to_contain_text("Restored your unsaved changes")

    page.keyboard.press("Control+s")  # Save and continue editing

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert "They agreed on tariffs." in Article.objects.get(pk=story.pk).body
    assert not WorkingCopy.objects.exists()
    assert Revision.objects.count() == revisions_before + 1
    expect(page.get_by_role("region", name="Restore your unsaved changes")).to_have_count(0)


def test_it_discards_the_working_copy_when_asked(browser, live_server, editor, story):
    page = log_in(browser, live_server, editor)
    page.goto(change_url(live_server, story))
    type_in_body(page, " A sentence to throw away.")
    expect(page.locator("[data-autosave-status]")).to_contain_text("Saved ", timeout=5000)
    assert WorkingCopy.objects.filter(user=editor, article=story).exists()
    page.on("dialog", lambda dialog: dialog.accept())  # leave the page despite the edits

    page.reload()
    page.get_by_role("button", name="Discard").click()

    expect(page.locator(".messagelist")).to_contain_text("Your unsaved changes were discarded")
    expect(page.get_by_role("region", name="Restore your unsaved changes")).to_have_count(0)
    assert not WorkingCopy.objects.exists()
    assert Article.objects.get(pk=story.pk).body == "<p>The ministers met in Minsk.</p>"


def test_it_asks_before_leaving_unsaved_edits_and_not_after_saving(
    browser, live_server, editor, story
):
    page = log_in(browser, live_server, editor)
    page.goto(change_url(live_server, story))
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.fill("#id_deck", "A deck typed and saved with the keyboard.")

    page.keyboard.press("Control+s")

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert Article.objects.get(pk=story.pk).deck == "A deck typed and saved with the keyboard."
    assert dialogs == []  # submitting is not leaving

    page.click("#id_deck")  # a real gesture: browsers only ask pages the person touched
    page.keyboard.press("Control+a")
    page.keyboard.type("A deck nobody saved.")
    with page.expect_event("dialog"):
        page.close(run_before_unload=True)

    assert dialogs == ["beforeunload"]
    assert not page.is_closed()  # dismissed: the editor stays with the text
    expect(page.locator("#id_deck")).to_have_value("A deck nobody saved.")


def test_two_editors_on_one_story_see_each_other_and_a_stale_save_still_conflicts(
    browser, live_server, editor, admin_user, story, artifacts_dir
):
    mine = log_in(browser, live_server, editor)
    theirs = log_in(browser, live_server, admin_user)
    admin_user.first_name = "Ana"
    admin_user.save()
    mine.goto(change_url(live_server, story))
    theirs.goto(change_url(live_server, story))

    expect(mine.locator("[data-presence]")).to_contain_text(
        "Ana has this open since", timeout=10000
    )
    expect(theirs.locator("[data-presence]")).to_contain_text(
        "editor has this open since", timeout=10000
    )

    theirs.fill("#id_headline", "Trade talks resume in Minsk")
    theirs.click("input[name=_continue]")
    expect(theirs.locator(".messagelist")).to_contain_text("was changed successfully")

    notice = mine.locator(".presence-newer")
    expect(notice).to_contain_text("Ana saved a new version at", timeout=10000)
    expect(notice.get_by_role("link", name="review changes")).to_have_attribute(
        "href", f"/admin/articles/article/{story.pk}/revisions/"
    )
    shot(mine, artifacts_dir, "presence-newer-version.png")

    mine.fill("#id_headline", "Trade talks resume, stale")
    mine.click("input[name=_continue]")
    expect(mine.locator(".errornote, .errorlist").first).to_be_visible()
    expect(mine.locator("body")).to_contain_text("since you opened it")
    assert Article.objects.get(pk=story.pk).headline == "Trade talks resume in Minsk"


def test_it_keeps_a_new_story_that_was_never_saved(browser, live_server, editor):
    page = log_in(browser, live_server, editor)
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.fill("#id_headline", "A story nobody saved yet")
    type_in_body(page, "Its first sentence.")
    expect(page.locator("[data-autosave-status]")).to_contain_text("Saved ", timeout=5000)
    page.close()

    assert wait_for(lambda: WorkingCopy.objects.filter(user=editor, article=None).exists())
    assert not Article.objects.exists()
    page = log_in(browser, live_server, editor)
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    unsaved = page.get_by_role("region", name="Unsaved new stories")
    expect(unsaved).to_contain_text("A story nobody saved yet")
    unsaved.get_by_role("link", name="Restore").click()

    expect(page.locator("#id_headline")).to_have_value("A story nobody saved yet")
    expect(page.locator(BODY)).to_contain_text("Its first sentence.")
    assert not Article.objects.exists()


def test_it_keeps_edits_on_the_device_while_offline_and_sends_them_when_back(
    browser, live_server, editor, story
):
    page = log_in(browser, live_server, editor)
    page.goto(change_url(live_server, story))
    status = page.locator("[data-autosave-status]")
    page.context.set_offline(True)
    type_in_body(page, " Written on a train.")

    expect(status).to_have_text("Offline: kept on this device", timeout=5000)
    kept = page.evaluate(KEPT_ON_DEVICE)
    assert "Written+on+a+train." in kept
    assert not WorkingCopy.objects.exists()

    page.context.set_offline(False)

    expect(status).to_contain_text("Saved ", timeout=10000)
    assert "Written on a train." in WorkingCopy.objects.get(user=editor).data["body"][0]
    assert page.evaluate(KEPT_ON_DEVICE) == ""


def test_it_says_so_and_keeps_the_edits_when_the_session_has_ended(
    browser, live_server, editor, story
):
    page = log_in(browser, live_server, editor)
    page.goto(change_url(live_server, story))
    page.context.clear_cookies(name=settings.SESSION_COOKIE_NAME)  # the session expired

    type_in_body(page, " Typed after the session ended.")

    expect(page.locator("[data-autosave-status]")).to_contain_text(
        "Signed out: kept on this device", timeout=5000
    )
    assert "Typed+after+the+session+ended." in page.evaluate(KEPT_ON_DEVICE)
    assert not WorkingCopy.objects.exists()


def test_without_javascript_the_form_saves_and_the_restore_offer_works(
    browser, live_server, editor, story
):
    form = article_form_data(story, headline="Headline kept by autosave")
    data = {name: [value] for name, value in form.items()}
    copy = WorkingCopy.objects.create(
        user=editor, article=story, data=data, base_version=story.version
    )
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(change_url(live_server, story))

    page.get_by_role("region", name="Restore your unsaved changes").get_by_role(
        "link", name="Restore"
    ).click()
    expect(page.locator("#id_headline")).to_have_value("Headline kept by autosave")
    assert Article.objects.get(pk=story.pk).headline == "Trade talks resume"
    page.fill("#id_body", "<p>Written without the editor.</p>")
    page.click("input[name=_continue]")

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    saved = Article.objects.get(pk=story.pk)
    assert saved.headline == "Headline kept by autosave"
    assert saved.body == "<p>Written without the editor.</p>"
    assert not WorkingCopy.objects.filter(pk=copy.pk).exists()
    context.close()


def test_it_keeps_a_reporters_text_when_the_story_was_submitted_while_they_typed(
    browser, live_server, reporter, artifacts_dir
):
    draft = ArticleFactory(
        created_by=reporter,
        headline="Council votes",
        body="<p>Saved.</p>",
        authors=[AuthorFactory()],
    )
    page = log_in(browser, live_server, reporter)
    page.goto(change_url(live_server, draft))
    status = page.locator("[data-autosave-status]")
    workflow.transition(draft, "submit", reporter)  # "Submit for review" in another tab

    page.fill("#id_deck", "A deck typed after the submit.")

    expect(status).to_contain_text("kept on this device", timeout=8000)
    assert "A+deck+typed+after+the+submit." in page.evaluate(KEPT_ON_DEVICE)

    page.get_by_role("button", name="Save and continue editing").click()

    expect(page.locator(".messagelist")).to_contain_text(
        "You can no longer edit this story: it was submitted for review at"
    )
    expect(page.get_by_label("Deck", exact=True).last).to_have_value(
        "A deck typed after the submit."
    )
    expect(status).to_contain_text("kept on this device")
    assert "A+deck+typed+after+the+submit." in page.evaluate(KEPT_ON_DEVICE)
    assert Article.objects.get(pk=draft.pk).deck != "A deck typed after the submit."
    shot(page, artifacts_dir, "kept_text_after_submit.png")


def test_it_posts_a_note_without_the_leave_prompt_and_keeps_the_edits(
    browser, live_server, editor, story
):
    page = log_in(browser, live_server, editor)
    page.goto(change_url(live_server, story))
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.fill("#id_deck", "A deck typed before the note.")
    page.fill("#story-notes .note-new textarea", "Check the minister's title.")

    page.get_by_role("button", name="Add note").click()

    expect(page.locator("#story-notes")).to_contain_text("Check the minister's title.")
    assert dialogs == []
    assert wait_for(lambda: WorkingCopy.objects.filter(user=editor, article=story).exists())
    copy = WorkingCopy.objects.get(user=editor, article=story)
    assert copy.data["deck"] == ["A deck typed before the note."]


def test_it_forgets_the_device_copy_once_a_reporters_submit_went_through(
    browser, live_server, reporter
):
    draft = ArticleFactory(
        created_by=reporter, headline="Bus fares", body="<p>Saved.</p>", authors=[AuthorFactory()]
    )
    page = log_in(browser, live_server, reporter)
    page.goto(change_url(live_server, draft))
    page.fill("#id_deck", "A deck submitted with the story.")

    page.get_by_role("button", name="Submit for review").click()

    expect(page.locator(".messagelist")).to_contain_text("is now in review")
    assert Article.objects.get(pk=draft.pk).deck == "A deck submitted with the story."
    expect(page.locator("[data-autosave-status]")).not_to_contain_text("kept on this device")
    assert page.evaluate(KEPT_ON_DEVICE) == ""
