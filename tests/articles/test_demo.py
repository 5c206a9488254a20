"""The demo story, loaded by `manage.py load_demo`, as readers see it."""

import io
import os
import stat

import lxml.html
import pytest
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from taggit.models import Tag

from accounts import roles
from accounts.models import Author, User
from articles import workflow
from articles.demo import loader
from articles.demo.seed import SEED_FILE, SeedError, paragraphs_of, parse_seed
from articles.models import Article, Byline, Interviewee, Person, Section, Status
from photos.models import Photo, Source
from tests.factories import ArticleFactory
from tests.html import by_class, links, parse, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def password_file(demo_password_file, monkeypatch):
    """The generated password's file (a temporary one, see conftest); no DEMO_PASSWORD."""
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    return demo_password_file


def load_demo(**kwargs):
    out = io.StringIO()
    call_command("load_demo", stdout=out, **kwargs)
    return out.getvalue()


def seed_blocks():
    """The copied seed file, split independently of the loader's parser."""
    return paragraphs_of(SEED_FILE.read_text(encoding="utf-8"))


@pytest.fixture
def demo_page(client):
    load_demo()
    article = Article.objects.get(slug=loader.STORY_SLUG)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return parse(response)


def test_it_renders_every_seed_paragraph_verbatim_and_in_order(demo_page):
    text = text_of(demo_page)
    body_paragraphs = seed_blocks()[2:-1]
    assert len(body_paragraphs) == 13
    position = 0
    for paragraph in body_paragraphs:
        found = text.find(paragraph, position)
        assert found >= 0, f"missing or out of order: {paragraph[:60]}"
        position = found + len(paragraph)
    # Curly quotes survive the trip through the sanitiser and the template.
    assert "“Scientific and technological development" in text
    assert "the world’s second-largest maker" in text


def test_it_shows_the_headline_caption_and_courtesy_credit(demo_page):
    caption_line = seed_blocks()[0]
    assert text_of(demo_page.xpath("//h1")[0]) == seed_blocks()[1]
    figcaption = text_of(demo_page.xpath("//figure/figcaption")[0])
    assert "Andrei Popkov, Belarus ambassador to the Republic of Korea." in figcaption
    assert "Photo courtesy of Belarus Embassy" in figcaption
    # Together they are exactly the seed's first line.
    assert figcaption == caption_line


def test_it_shows_the_byline_and_the_bio_with_working_contact_links(demo_page):
    byline = by_class(by_class(demo_page, "story__header")[0], "byline")[0].find("a")
    assert byline.text_content() == "Kim"
    assert byline.get("href") == "/authors/kim/"

    box = by_class(demo_page, "author-box")
    assert len(box) == 1
    box_text = text_of(box[0])
    assert "Publisher" in box_text
    bio = seed_blocks()[-1].split(" Kim can be reached at")[0]
    assert bio in box_text
    mail = links(box[0], "mailto:")[0]
    assert mail.get("href") == "mailto:kim@example.com"
    assert mail.text_content() == "kim@example.com"
    tel = links(box[0], "tel:")[0]
    assert tel.text_content() == "82-2-6956-6698"
    assert tel.get("href") == "tel:82269566698"


def test_it_keeps_the_bio_out_of_the_body_and_drops_the_broken_contact_sentence(demo_page):
    body_text = text_of(by_class(demo_page, "story__body")[0])
    assert "20-year experiences" not in body_text
    assert "can be reached at or" not in text_of(demo_page)


def test_it_needs_no_javascript_and_no_inline_styles(demo_page):
    # JSON-LD (type application/ld+json) is data, never executed: the only script allowed.
    assert not demo_page.xpath(
        '//script[not(@type="application/ld+json")] | //style | //*[@style] | //*[@onclick]'
    )


def test_it_loads_the_story_as_a_published_interview_with_its_people():
    load_demo()
    article = Article.objects.get(slug=loader.STORY_SLUG)
    assert article in Article.objects.published()
    assert article.status == Status.PUBLISHED
    assert article.is_interview
    assert article.interview_occasion == "ahead of the July 3 Belarus Republic Day"
    assert set(article.tags.names()) >= {"Belarus", "Korea", "SK hynix", "EAEU"}
    interviewee = article.interviewees.get()
    assert interviewee.person.name == "Andrei Popkov"
    assert interviewee.title_at_time == "Belarus ambassador to the Republic of Korea"
    assert [b.author.name for b in article.bylines.all()] == ["Kim"]
    # Pull quotes use the sanitiser's markup and repeat the seed word for word.
    tree = lxml.html.fromstring(f"<div>{article.body}</div>")
    quotes = [
        quote.find("p")
        for quote in by_class(tree, "pull-quote", tag="blockquote")
        if quote.get("data-speaker") == "Andrei Popkov"
    ]
    assert 1 <= len(quotes) <= 2
    for quote in quotes:
        assert any(quote.text_content() in p for p in seed_blocks()[2:-1])


def test_it_publishes_the_demo_story_through_the_workflow_with_an_audit_entry():
    load_demo()
    article = Article.objects.get(slug=loader.STORY_SLUG)
    entry = article.audit.get()
    assert (entry.action, entry.from_status, entry.to_status) == ("publish", "draft", "published")
    assert entry.actor.username == "editor"
    assert article.revisions.exists()


def test_it_stores_a_real_placeholder_photo_through_the_storage_api():
    load_demo()
    photo = Article.objects.get(slug=loader.STORY_SLUG).lead_photo
    assert (photo.width, photo.height) == (1600, 1067)
    assert default_storage.exists(photo.image.name)
    assert "placeholder" in photo.alt_text.lower()
    assert photo.credit_line == "Photo courtesy of Belarus Embassy"
    from PIL import Image

    with default_storage.open(photo.image.name) as handle, Image.open(handle) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 100, "not a blank box"


def snapshot():
    article = Article.objects.get(slug=loader.STORY_SLUG)
    return {
        "counts": {
            model.__name__: model.objects.count()
            for model in (Article, Author, Byline, Interviewee, Person, Photo, Section, Source)
        }
        | {"Tag": Tag.objects.count(), "User": User.objects.count()},
        "article": Article.objects.filter(pk=article.pk).values().get(),
        "photo": Photo.objects.filter(pk=article.lead_photo_id).values().get(),
        "authors": list(Author.objects.values()),
        "people": list(Person.objects.values()),
        "tags": sorted(article.tags.names()),
        "users": list(User.objects.order_by("username").values("username", "password", "is_staff")),
        "groups": sorted(User.objects.values_list("username", "groups__name")),
        "files": sorted(default_storage.listdir(os.path.dirname(article.lead_photo.image.name))[1]),
    }


def test_it_changes_nothing_when_run_twice():
    first_output = load_demo()
    first = snapshot()
    second_output = load_demo()
    assert snapshot() == first
    # The same logins and story URL are printed both times.
    assert first_output.splitlines()[1:] == second_output.splitlines()[1:]
    assert "already loaded" in second_output


def test_it_creates_demo_accounts_in_their_role_groups_with_the_printed_password(password_file):
    output = load_demo()
    password = password_file.read_text().strip()
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    for username, role in [
        ("editor", roles.EDITOR),
        ("reporter", roles.REPORTER),
        ("photodesk", roles.PHOTO_DESK),
    ]:
        user = User.objects.get(username=username)
        assert user.is_staff and not user.is_superuser
        assert list(user.groups.all()) == [Group.objects.get(name=role)]
        assert user.check_password(password)
        assert f"{username}" in output
    assert password in output
    reporter_profile = Author.objects.get(user__username="reporter")
    assert "demo" in reporter_profile.name.lower()
    assert not Author.objects.filter(user__username="editor").exists()


def test_it_reuses_the_saved_password_and_resets_accounts_when_it_is_lost(password_file):
    load_demo()
    first = password_file.read_text().strip()
    load_demo()
    assert password_file.read_text().strip() == first

    password_file.unlink()
    output = load_demo()
    second = password_file.read_text().strip()
    assert second != first
    assert second in output
    assert User.objects.get(username="editor").check_password(second)


def test_it_takes_the_password_from_demo_password(monkeypatch, password_file):
    monkeypatch.setenv("DEMO_PASSWORD", "a demo passphrase")
    output = load_demo()
    assert User.objects.get(username="reporter").check_password("a demo passphrase")
    assert "a demo passphrase" in output
    assert not password_file.exists()


def test_it_fails_with_one_clear_line_on_an_empty_demo_password(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "  ")
    with pytest.raises(CommandError) as error:
        load_demo()
    assert "DEMO_PASSWORD" in str(error.value)
    assert "\n" not in str(error.value)
    assert not User.objects.filter(username="editor").exists()


def test_it_refuses_to_run_outside_development_unless_asked(settings):
    settings.DEVELOPMENT = False
    with pytest.raises(CommandError, match="NEWSROOM_ENV=development"):
        load_demo()
    assert not Article.objects.exists()
    load_demo(allow_production=True)
    assert Article.objects.filter(slug=loader.STORY_SLUG).exists()


def test_it_leaves_nothing_behind_when_loading_fails(monkeypatch):
    photo_dir = Photo._meta.get_field("image").storage
    before = _all_files(photo_dir)

    def fail(**kwargs):
        raise IntegrityError("simulated failure")

    monkeypatch.setattr(Interviewee.objects, "create", fail)
    with pytest.raises(CommandError, match="simulated failure"):
        load_demo()
    assert not Article.objects.exists()
    assert not Photo.objects.exists()
    assert not User.objects.exists()
    assert _all_files(photo_dir) == before


def _all_files(storage, path=""):
    if not storage.exists(path or "."):
        return set()
    dirs, files = storage.listdir(path or ".")
    found = {os.path.join(path, name) for name in files}
    for name in dirs:
        found |= _all_files(storage, os.path.join(path, name))
    return found


def test_it_rejects_a_seed_without_its_caption_line():
    with pytest.raises(SeedError, match="Photo courtesy of"):
        parse_seed("Headline\n\nA paragraph.\n\nAnother.\n\nKim can be reached at 1-2.")


def test_it_holds_the_demo_story_to_the_same_publish_checks_as_any_story(monkeypatch):
    monkeypatch.setattr(loader, "PHOTO_ALT", "")
    with pytest.raises(CommandError, match="needs alt text"):
        load_demo()
    assert not Article.objects.exists()
    assert not Photo.objects.exists()


def test_it_says_when_the_demo_story_is_no_longer_public():
    load_demo()
    Article.objects.filter(slug=loader.STORY_SLUG).update(status=Status.UNPUBLISHED)
    assert "(not public now: unpublished)" in load_demo()


def test_it_fails_clearly_when_the_role_groups_are_missing():
    Group.objects.filter(name=roles.PHOTO_DESK).delete()
    with pytest.raises(CommandError, match='"Photo desk" is missing'):
        load_demo()
    assert not User.objects.exists()


def test_it_gives_demo_accounts_addresses_and_keeps_ones_already_set():
    User.objects.create(username="photodesk", is_staff=True, email="pix@example.org")
    load_demo()
    emails = dict(User.objects.values_list("username", "email"))
    assert emails["editor"] == "editor@newsroom.example"
    assert emails["reporter"] == "reporter@newsroom.example"
    assert emails["photodesk"] == "pix@example.org"


def test_it_prints_the_editors_mail_to_the_console_when_the_demo_reporter_submits(
    settings, capsys, django_capture_on_commit_callbacks
):
    # What `make run` shows: the console backend writes each message to stdout.
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    load_demo()
    reporter = User.objects.get(username="reporter")
    story = ArticleFactory(
        headline="A demo draft", created_by=reporter, authors=[Author.objects.get(user=reporter)]
    )
    capsys.readouterr()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(story, "submit", reporter)

    printed = capsys.readouterr().out
    assert "To: editor@newsroom.example" in printed
    assert "submitted “A demo draft” for review" in printed
