"""Editorial notes: a thread per story between its editors and reporters, never public."""

import pytest
from django.urls import reverse

from articles import notes, workflow
from articles.models import Note, Status
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(reporter):
    return ArticleFactory(
        created_by=reporter,
        authors=[AuthorFactory(user=reporter)],
        body="<p>The minister said the talks <em>would resume</em> in May.</p>",
    )


def _add(client, story, **data):
    return client.post(reverse("admin:articles_article_add_note", args=[story.pk]), data)


def test_it_adds_a_note_quoting_a_passage_and_shows_it_beside_the_form(client, editor, story):
    client.force_login(editor)
    response = _add(client, story, text="Which minister?", quote="talks would  resume")
    assert response.status_code == 302
    note = Note.objects.get()
    assert (note.author, note.text, note.quote) == (
        editor,
        "Which minister?",
        "talks would  resume",
    )
    page = client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert 'id="story-notes"' in page
    assert "Which minister?" in page and "talks would  resume" in page


def test_it_refuses_a_quote_that_is_not_in_the_story_and_keeps_the_typed_text(
    client, editor, story
):
    client.force_login(editor)
    response = _add(client, story, text="Source for this?", quote="talks collapsed")
    assert response.status_code == 400
    page = response.content.decode()
    assert "The quoted passage is not in the saved story" in page
    assert "Source for this?" in page and "talks collapsed" in page
    assert not Note.objects.exists()


def test_it_threads_replies_and_resolves_the_thread(client, editor, reporter, story):
    thread = notes.add_note(story, editor, "Which minister?")
    client.force_login(reporter)
    reply_url = reverse("admin:articles_article_reply_note", args=[story.pk, thread.pk])
    resolve_url = reverse("admin:articles_article_resolve_note", args=[story.pk, thread.pk])

    assert client.post(reply_url, {"text": "The foreign minister."}).status_code == 302
    assert client.post(resolve_url, {"resolved": "1"}).status_code == 302

    thread.refresh_from_db()
    assert [r.text for r in thread.replies.all()] == ["The foreign minister."]
    assert thread.resolved_by == reporter and thread.resolved_at is not None
    # Someone replying again reopens it: there is still something to settle.
    notes.add_note(story, editor, "Name them in the text, please.", thread=thread)
    thread.refresh_from_db()
    assert thread.resolved_at is None


def test_it_refuses_a_reply_to_a_reply_or_to_another_storys_thread(client, editor, reporter, story):
    thread = notes.add_note(story, editor, "Start")
    reply = notes.add_note(story, reporter, "Reply", thread=thread)
    elsewhere = notes.add_note(ArticleFactory(), editor, "Elsewhere")
    client.force_login(editor)
    for target in (reply, elsewhere):
        url = reverse("admin:articles_article_reply_note", args=[story.pk, target.pk])
        assert client.post(url, {"text": "Sneaky"}).status_code == 404
    assert not Note.objects.filter(text="Sneaky").exists()


def test_it_puts_the_return_note_in_the_thread(editor, story):
    workflow.transition(story, "submit", story.created_by)
    workflow.transition(story, "return", editor, note="The second quote needs a source.")
    assert story.status == Status.DRAFT
    note = Note.objects.get()
    assert (note.author, note.text, note.thread) == (
        editor,
        "The second quote needs a source.",
        None,
    )


def test_it_rejects_a_mention_of_someone_who_cannot_see_the_story(
    client, editor, other_reporter, photo_desk, story
):
    client.force_login(editor)
    for name in (other_reporter.username, photo_desk.username, "nobody-by-that-name"):
        response = _add(client, story, text=f"@{name} please check")
        assert response.status_code == 400
        assert f"@{name}" in response.content.decode()
    assert not Note.objects.exists()


def test_it_reads_mentions_but_not_email_addresses():
    found = notes.MENTION.findall("Ask @kim.park, or write to desk@example.com (cc @lee).")
    assert found == ["kim.park", "lee"]


def test_it_keeps_notes_out_of_previews_and_revisions(client, editor, story):
    notes.add_note(story, editor, "Notecanary zq8 not for readers")
    workflow.transition(story, "submit", story.created_by)
    client.force_login(editor)
    for name in ("admin:articles_article_preview", "admin:articles_article_revisions"):
        page = client.get(reverse(name, args=[story.pk]))
        assert page.status_code == 200
        assert "Notecanary" not in page.content.decode()
    assert "Notecanary" not in str(story.revisions.values_list("data", flat=True))
