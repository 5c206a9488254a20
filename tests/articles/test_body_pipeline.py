"""The story body pipeline (articles/body/): one table of body -> reader HTML, what it
is rebuilt for, and what reading it never does (parse HTML, write the database)."""

import datetime as dt
from contextlib import ExitStack
from unittest import mock

import feedparser
import lxml.html
import pytest
import time_machine
from django.core.management import call_command
from django.template.loader import render_to_string
from django.utils import timezone

from articles import workflow
from articles.body import clean
from articles.models import Article, Byline, Interviewee, Kind, Person
from readers.cache import purge_public_pages
from readers.search import search_published
from tests.articles.helpers import json_ld
from tests.articles.test_seo import INJECTIONS
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    PersonFactory,
    PhotoFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

POPKOV = '<a href="/people/andrei-popkov/">Andrei Popkov</a>'


def figure(photo):
    """The one inline photo markup (includes/photo.html), as the lead photo uses."""
    return render_to_string(
        "includes/photo.html", {"photo": photo, "figure": True, "inline": True}
    ).strip()


def interview(body, **kwargs):
    """A published interview with Andrei Popkov ("Popkov"), by Kim Jae-kyoung. The people
    are added after the story, as the admin's inlines do: that rebuild is part of the test."""
    article = ArticleFactory(kind=Kind.INTERVIEW, published=True, body=body, **kwargs)
    person = Person.objects.filter(slug="andrei-popkov").first() or PersonFactory(
        name="Andrei Popkov", short_name="Popkov", slug="andrei-popkov", title="Ambassador"
    )
    Interviewee.objects.create(article=article, person=person, title_at_time="Ambassador")
    Byline.objects.create(article=article, author=AuthorFactory(name="Kim Jae-kyoung"))
    article.refresh_from_db()
    return article


# (name, body, reader HTML). {photo} is a photo with rights, {figure} its rendered markup.
CASES = [
    ("prose", "<p>Plain <em>prose</em> &amp; more.</p>", "<p>Plain <em>prose</em> &amp; more.</p>"),
    (
        "default speakers",
        '<p class="question">Why?</p><p class="answer">Because.</p>',
        '<p class="question"><span class="speaker">Kim Jae-kyoung:</span> Why?</p>'
        '<p class="answer"><span class="speaker">Popkov:</span> Because.</p>',
    ),
    (
        "typed label naming someone in the story",
        '<p class="question">Popkov: May I ask one?</p>',
        '<p class="question"><span class="speaker">Popkov:</span> May I ask one?</p>',
    ),
    (
        "typed label naming nobody is text",
        '<p class="answer">Note: this is text.</p>',
        '<p class="answer"><span class="speaker">Popkov:</span> Note: this is text.</p>',
    ),
    (
        "bold label, carried on",
        '<p class="answer"><strong>Lee:</strong> One.</p><p class="answer">Two.</p>',
        '<p class="answer"><span class="speaker">Lee:</span> One.</p>'
        '<p class="answer"><span class="speaker">Lee:</span> Two.</p>',
    ),
    (
        "Q and A markers dropped",
        '<p class="question"><strong>Q:</strong> Why?</p><p class="answer">A: So.</p>',
        '<p class="question"><span class="speaker">Kim Jae-kyoung:</span> Why?</p>'
        '<p class="answer"><span class="speaker">Popkov:</span> So.</p>',
    ),
    (
        "stored speaker wins",
        '<p class="answer" data-speaker="Kim Jae-kyoung">Popkov: yes.</p>',
        '<p class="answer"><span class="speaker">Kim Jae-kyoung:</span> yes.</p>',
    ),
    (
        "empty question left by the editor",
        '<p class="question"> </p><p>Text.</p>',
        "<p>Text.</p>",
    ),
    (
        "pull quote credited to the interviewee",
        '<blockquote class="pull-quote"><p>Only here.</p></blockquote>',
        '<figure class="pull-quote"><blockquote><p>Only here.</p></blockquote>'
        f"<figcaption>— {POPKOV}, Ambassador</figcaption></figure>",
    ),
    (
        "pull quote credited on its last line",
        '<blockquote class="pull-quote"><p>Words.</p><p>— Lee Min</p></blockquote>',
        '<figure class="pull-quote"><blockquote><p>Words.</p></blockquote>'
        "<figcaption>— Lee Min</figcaption></figure>",
    ),
    (
        "pull quote repeating the text",
        '<p>A bridge between us.</p><blockquote class="pull-quote"><p>A bridge between us.</p>'
        "</blockquote>",
        '<p>A bridge between us.</p><figure class="pull-quote" aria-hidden="true"><blockquote>'
        "<p>A bridge between us.</p></blockquote>"
        "<figcaption>— Andrei Popkov, Ambassador</figcaption></figure>",
    ),
    (
        "heading ids, unique, any script",
        "<h2>The road ahead</h2><p>x</p><h3>The road ahead</h3><h4>벨라루스</h4><h2>Main</h2>",
        '<h2 id="h-the-road-ahead">The road ahead</h2><p>x</p>'
        '<h3 id="h-the-road-ahead-2">The road ahead</h3><h4 id="h-벨라루스">벨라루스</h4>'
        '<h2 id="h-main">Main</h2>',
    ),
    (
        "inline photo figure",
        '<p>a</p><figure class="inline-photo" data-photo="{photo}"></figure><p>b</p>',
        "<p>a</p>{figure}<p>b</p>",
    ),
    ("pasted photo line, leading zeros", "<p>[photo 00{photo}]</p>", "{figure}"),
    (
        "photo line styled as a question",
        '<p class="question">[photo {photo}]</p><p class="answer">Yes.</p>',
        '{figure}<p class="answer"><span class="speaker">Popkov:</span> Yes.</p>',
    ),
    ("photo that does not exist", "<p>a</p><p>[photo 999999999]</p>", "<p>a</p>"),
    (
        "photo reference inside other text stays text",
        "<p>See [photo {photo}] here.</p>",
        "<p>See [photo {photo}] here.</p>",
    ),
    (
        "hostile attributes, scripts and URLs",
        '<p onclick="steal()">Hi<script>alert(1)</script><a href="javascript:alert(1)">x</a>'
        '<svg onload="x()"></svg><img src=x onerror="y()"></p>'
        '<iframe src="https://evil.example"></iframe><style>p{}</style>',
        '<p>Hi<a rel="noopener noreferrer">x</a></p>',
    ),
    (
        "hostile inline photo",
        '<figure class="inline-photo evil" data-photo="{photo}" onclick="x()" style="x">'
        '<img src="x" onerror="y()"><script>z()</script></figure>',
        "{figure}",
    ),
    (
        "hostile speaker label",
        '<p class="answer"><strong>&lt;img src=x onerror=alert(1)&gt;:</strong> Hi</p>',
        '<p class="answer"><span class="speaker">&lt;img src=x onerror=alert(1)&gt;:</span> Hi</p>',
    ),
    *[(f"hostile text {number}", f"<p>{evil}</p>", None) for number, evil in enumerate(INJECTIONS)],
    ("unclosed paragraphs", "<p>one<p>two", "<p>one</p><p>two</p>"),
    ("unclosed list items", "<ul><li>a<li>b</ul>", "<ul><li>a</li><li>b</li></ul>"),
    (
        "misnested tags",
        "<p><strong>bold <em>both</strong> em</em></p>",
        "<p><strong>bold <em>both</em></strong><em> em</em></p>",
    ),
    (
        "nested quotes past the cap",
        "<blockquote>" * 30 + "deep" + "</blockquote>" * 30,
        "<blockquote>" * 20 + "deep" + "</blockquote>" * 20,
    ),
]


@pytest.mark.parametrize(("body", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_it_renders_each_body_as_readers_should_see_it(body, expected):
    photo = PhotoFactory(caption="The embassy", photographer="Jane Doe")
    article = interview(body.replace("{photo}", str(photo.pk)))
    if expected is None:  # hostile text: no markup survives, the words stay as text
        tree = lxml.html.fragment_fromstring(article.body_html, create_parent="div")
        assert [element.tag for element in tree.iter()] == ["div", "p"]
        return
    expected = expected.replace("{photo}", str(photo.pk)).replace("{figure}", figure(photo))
    assert article.body_html == expected


def test_it_stores_the_feed_html_plain_text_and_word_count():
    article = interview(
        '<p class="question">Why?</p><p class="answer">Because <em>it</em> is.</p>'
        '<blockquote class="pull-quote"><p>Only here.</p></blockquote><p>[photo 1]</p>'
    )
    assert article.body_feed_html == (
        "<p><strong>Kim Jae-kyoung:</strong> Why?</p>"
        "<p><strong>Popkov:</strong> Because <em>it</em> is.</p>"
        "<blockquote><p>Only here.</p><p>— Andrei Popkov, Ambassador</p></blockquote>"
    )
    assert article.body_text == "Why? Because it is. Only here."
    assert article.body_word_count == 6
    assert article.body_quotes[0]["text"] == "Only here."


def _refuse_to_parse(*args, **kwargs):
    raise AssertionError("HTML was parsed while reading a story")


PARSERS = [
    "articles.body.clean.parse",
    "articles.body.clean.sanitized_tree",
    "lxml.html.fromstring",
    "lxml.html.fragment_fromstring",
    "lxml.html.fragments_fromstring",
    "lxml.html.document_fromstring",
    "nh3.Cleaner.clean",
]


def test_it_renders_the_story_page_and_its_preview_without_parsing_html(client, editor):
    photo = PhotoFactory(caption="The embassy")
    article = interview(
        f'<h2>Talk</h2><p class="question">Why?</p><p class="answer">Because.</p>'
        f'<blockquote class="pull-quote"><p>Words.</p></blockquote><p>[photo {photo.pk}]</p>'
    )
    client.force_login(editor)
    purge_public_pages()
    with ExitStack() as patches:
        for target in PARSERS:
            patches.enter_context(mock.patch(target, _refuse_to_parse))
        page = client.get(article.get_absolute_url())
        preview = client.get(f"/admin/articles/article/{article.pk}/preview/")
    for response in (page, preview):
        assert response.status_code == 200
        content = response.content.decode()
        assert '<span class="speaker">Popkov:</span> Because.' in content
        assert "The embassy" in content
        assert '<h2 id="h-talk">Talk</h2>' in content


def test_the_parser_patch_would_catch_a_parse(client):
    # The test above can fail: rebuilding (what a save does) goes through the patched parser.
    article = interview("<p>x</p>")
    with mock.patch("articles.body.clean.parse", _refuse_to_parse):
        with pytest.raises(AssertionError, match="HTML was parsed"):
            article.build_body()


def test_it_rebuilds_stories_when_a_photo_caption_credit_or_rights_change():
    source = SourceFactory(name="Embassy of Belarus")
    photo = PhotoFactory(caption="Old caption", photographer="", source=source)
    article = interview(f"<p>[photo {photo.pk}]</p>")
    other = ArticleFactory(body="<p>No photos here.</p>")
    built_at = Article.objects.get(pk=other.pk).body_built_at

    def html():
        return Article.objects.get(pk=article.pk).body_html

    assert "Old caption" in html() and "Embassy of Belarus" in html()
    photo.caption = "New caption"
    photo.save()
    assert "New caption" in html() and "Old caption" not in html()
    photo.photographer = "Jane Doe"
    photo.save()
    assert "Jane Doe / Embassy of Belarus" in html()
    source.name = "Belarus Embassy"
    source.save()
    assert "Jane Doe / Belarus Embassy" in html()
    photo.rights_expire_on = timezone.localdate() - dt.timedelta(days=1)
    photo.save()
    assert "New caption" not in html()
    photo.rights_expire_on = None  # the desk renewed the rights
    photo.save()
    assert "New caption" in html()
    # Bounded: a story without the photo was not touched.
    assert Article.objects.get(pk=other.pk).body_built_at == built_at


def test_it_rebuilds_speaker_labels_when_a_person_or_author_is_renamed():
    article = interview('<p class="question">Why?</p><p class="answer">Because.</p>')
    person = article.interviewees.get().person
    person.short_name = "Ambassador Popkov"
    person.save()
    author = article.bylines.get().author
    author.name = "Kim J."
    author.save()
    html = Article.objects.get(pk=article.pk).body_html
    assert '<span class="speaker">Ambassador Popkov:</span> Because.' in html
    assert '<span class="speaker">Kim J.:</span> Why?' in html


def test_it_rebuilds_when_an_edit_is_saved_through_the_workflow(editor):
    article = interview("<p>Old words.</p>")
    article.body = '<p class="answer">New words.</p><script>x()</script>'
    workflow.save_edit(article, editor, expected_version=article.version)
    stored = Article.objects.get(pk=article.pk)
    assert stored.body == '<p class="answer">New words.</p>'
    assert (
        stored.body_html == '<p class="answer"><span class="speaker">Popkov:</span> New words.</p>'
    )
    assert stored.body_text == "New words."


def test_an_expired_photo_disappears_at_expiry_without_a_save(client):
    local = timezone.get_current_timezone()
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=local), tick=False):
        expiring = PhotoFactory(caption="Expiring photo", rights_expire_on=dt.date(2026, 6, 10))
        lasting = PhotoFactory(caption="Lasting photo")
        article = interview(
            f"<p>Before.</p><p>[photo {expiring.pk}]</p><p>Between.</p>"
            f'<figure class="inline-photo" data-photo="{lasting.pk}"></figure><p>After.</p>'
        )
    stored = Article.objects.get(pk=article.pk)
    assert stored.body_expires_at == dt.datetime(2026, 6, 11, tzinfo=local)

    def page(when):
        purge_public_pages()
        with time_machine.travel(when, tick=False):
            with mock.patch("articles.body.clean.parse", _refuse_to_parse):
                return client.get(article.get_absolute_url()).content.decode()

    last_moment = dt.datetime(2026, 6, 10, 23, 59, 59, tzinfo=local)
    assert "Expiring photo" in page(last_moment)
    after = page(dt.datetime(2026, 6, 11, 0, 0, tzinfo=local))
    assert "Expiring photo" not in after
    assert "Lasting photo" in after
    assert "<p>Before.</p><p>Between.</p>" in after
    assert "<p>After.</p>" in after
    # Nothing was saved: the cut happens as the page is read.
    assert Article.objects.get(pk=article.pk).body_html == stored.body_html


def test_the_command_rebuilds_every_story_with_a_progress_line(capsys):
    built = interview("<p>One.</p>")
    missing = ArticleFactory(body="<p>Two.</p>")
    Article.objects.filter(pk=missing.pk).update(body_html="", body_built_at=None)
    call_command("rebuild_story_bodies")
    assert "Rebuilt 2 of 2 stories." in capsys.readouterr().out
    assert Article.objects.get(pk=missing.pk).body_html == "<p>Two.</p>"
    assert Article.objects.get(pk=built.pk).body_html == "<p>One.</p>"


def test_a_story_never_built_is_built_once_when_first_read(client):
    article = ArticleFactory(published=True, body="<p>Imported.</p>")
    Article.objects.filter(pk=article.pk).update(body_html="", body_built_at=None)
    assert "<p>Imported.</p>" in client.get(article.get_absolute_url()).content.decode()
    assert Article.objects.get(pk=article.pk).body_html == "<p>Imported.</p>"


def test_the_parser_keeps_text_and_drops_tags_past_the_nesting_cap():
    assert clean.clean_body("<blockquote>" * 25 + "x" + "</blockquote>" * 25).count("<") == 40


def test_a_story_with_people_and_inline_photos_can_be_deleted():
    photo = PhotoFactory()
    article = interview(f"<p>[photo {photo.pk}]</p>")
    assert article.inline_photos.count() == 1
    Article.objects.filter(pk=article.pk).delete()
    article = interview(f"<p>[photo {photo.pk}]</p>", slug="second")
    article.delete()
    assert not Article.objects.exists()


def test_removing_a_byline_rebuilds_the_speakers():
    article = interview('<p class="question">Why?</p>')
    article.bylines.get().delete()
    html = Article.objects.get(pk=article.pk).body_html
    assert "Kim Jae-kyoung" not in html


# What other surfaces take from the stored outputs --------------------------------------


def test_feeds_carry_the_stored_feed_html(client):
    article = interview('<p class="question">Why?</p><p class="answer">Because.</p>')
    for url in ("/feed/", "/feed/atom/"):
        parsed = feedparser.parse(client.get(url).content)
        assert not parsed.bozo, url
        assert parsed.entries[0].content[0].value == article.body_feed_html, url
    assert "<strong>Popkov:</strong> Because." in article.body_feed_html


def test_json_ld_counts_the_stored_words(client):
    article = interview("<p>Five words in this story.</p>")
    data = json_ld(client.get(article.get_absolute_url()).content.decode())
    assert data["wordCount"] == 5


def test_search_finds_the_words_of_a_story_not_its_markup():
    article = interview('<p class="answer">Potash <strong>exports</strong> grew.</p>')
    assert article in search_published("exports").articles
    assert article not in search_published("strong").articles
    assert article not in search_published("speaker").articles
