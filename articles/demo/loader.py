"""Loads the demo: the seed interview as a published story, and demo staff accounts.

Idempotent: everything is looked up by a natural key (slug, username, name) and only
created when missing, so a second run changes no content. The one thing it repairs is
a demo account whose password no longer matches the one it prints. All database writes happen
in one transaction; the placeholder photo file is removed again if that transaction
fails, so a failed run leaves nothing behind.
"""

import io
import os
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.html import escape
from PIL import Image

from accounts import roles
from accounts.models import Author, User
from articles import workflow
from articles.demo.placeholder import placeholder_jpeg
from articles.demo.seed import read_seed
from articles.models import Article, Byline, Interviewee, Kind, Person, Section, Status
from photos import renditions
from photos.models import CreditKind, Photo, Source

PASSWORD_FILE = settings.BASE_DIR / "var" / "demo-password"

STORY_SLUG = "a-rising-number-of-korean-firms-show-interests-in-belarus"
# An editor's summary of the story; it states nothing the seed does not.
DECK = (
    "Ambassador Andrei Popkov sees room for a win-win partnership in technology and "
    "invites Korean companies to use Belarus as a gateway to the Eurasian market."
)
SECTION = {
    "slug": "diplomacy",
    "name": "Diplomacy",
    "description": "Embassies, envoys and the ties between nations.",
}
TAGS = ["Belarus", "Korea", "SK hynix", "EAEU", "Eurasian Economic Union", "ICT"]
# Sentences of the seed set as pull quotes. Each goes a couple of paragraphs after the
# one it comes from, so it does not echo the sentence the reader has just read.
PULL_QUOTES = [
    "Scientific and technological development has become a dominant priority for Belarus.",
    "Belarus can become an effective bridge between the EAEU and European Union",
]
PULL_QUOTE_OFFSET = 2
AUTHOR = {"slug": "kim", "name": "Kim", "job_title": "Publisher", "email": "kim@example.com"}
INTERVIEWEE = {
    "slug": "andrei-popkov",
    "name": "Andrei Popkov",
    "short_name": "Popkov",
    "title": "Belarus ambassador to the Republic of Korea",
    "organisation": "Embassy of Belarus in Korea",
    "country": "Belarus",
}
OCCASION = "ahead of the July 3 Belarus Republic Day"
PHOTO_ALT = (
    "Placeholder image: the soft grey silhouette of a person's head and shoulders on a "
    "blue-grey background, labelled Andrei Popkov; the original photo is not part of the demo."
)
# Demo accounts, one per role. Only the reporter gets a byline profile, clearly a demo one.
DEMO_USERS = [
    ("editor", roles.EDITOR),
    ("reporter", roles.REPORTER),
    ("photodesk", roles.PHOTO_DESK),
]
# Demo accounts get addresses (a reserved domain: nothing is delivered) so that, with the
# console e-mail backend of `make run`, a notification shows up in the terminal.
DEMO_EMAIL_DOMAIN = "newsroom.example"
DEMO_REPORTER = {
    "slug": "demo-reporter",
    "name": "Demo Reporter",
    "job_title": "Reporter (demo account)",
    "bio": "The byline profile of the demo reporter account, for trying out the newsroom.",
}


class DemoError(Exception):
    """Loading the demo failed for a reason the user can fix."""


@dataclass
class DemoResult:
    article: Article
    created: bool
    password: str
    password_origin: str
    logins: list = field(default_factory=list)


def demo_password():
    """(password, where it came from): DEMO_PASSWORD, else the saved one, else a new one."""
    from_env = os.environ.get("DEMO_PASSWORD")
    if from_env is not None:
        if not from_env.strip():
            raise DemoError("DEMO_PASSWORD is set but empty")
        return from_env, "from DEMO_PASSWORD"
    try:
        saved = PASSWORD_FILE.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        saved = ""
    except OSError as exc:
        raise DemoError(f"cannot read {PASSWORD_FILE}: {exc.strerror}") from exc
    if saved:
        return saved, f"saved in {_shown(PASSWORD_FILE)}"
    password = secrets.token_urlsafe(12)
    try:
        PASSWORD_FILE.parent.mkdir(parents=True, exist_ok=True)
        # Owner-only: the file holds a staff password.
        fd = os.open(PASSWORD_FILE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(password + "\n")
    except OSError as exc:
        raise DemoError(
            f"cannot save the demo password to {PASSWORD_FILE}: {exc.strerror}"
        ) from exc
    return password, f"saved in {_shown(PASSWORD_FILE)}"


def _shown(path):
    """A path relative to the project when it is inside it: shorter to read."""
    try:
        return str(path.relative_to(settings.BASE_DIR))
    except ValueError:
        return str(path)


def story_body(paragraphs):
    """The seed paragraphs as HTML, verbatim and in order, with the pull quotes added."""
    quotes_after = {}
    for quote in PULL_QUOTES:
        source = next((i for i, text in enumerate(paragraphs) if quote in text), None)
        if source is None:
            raise DemoError(f"pull quote not found in the seed text: {quote!r}")
        quotes_after.setdefault(min(source + PULL_QUOTE_OFFSET, len(paragraphs) - 1), []).append(
            quote
        )
    speaker = escape(INTERVIEWEE["name"])
    parts = []
    for index, text in enumerate(paragraphs):
        parts.append(f"<p>{escape(text)}</p>")
        for quote in quotes_after.get(index, []):
            parts.append(
                f'<blockquote class="pull-quote" data-speaker="{speaker}">'
                f"<p>{escape(quote)}</p></blockquote>"
            )
    return "\n".join(parts)


def load_demo():
    seed = read_seed()
    password, origin = demo_password()
    saved_files = []
    try:
        with transaction.atomic():
            users = _demo_users(password)
            article, created = _demo_story(seed, users["editor"][0], saved_files)
    except Exception:
        for name in saved_files:
            Photo._meta.get_field("image").storage.delete(name)
        raise
    logins = [(user.username, role) for user, role in users.values()]
    return DemoResult(article, created, password, origin, logins)


def _demo_users(password):
    """{username: (user, role)} for the demo accounts."""
    users = {}
    for username, role in DEMO_USERS:
        user, created = User.objects.get_or_create(username=username, defaults={"is_staff": True})
        # The printed password must work: set it on new accounts, and on old ones whose
        # password no longer matches (e.g. var/ was wiped).
        if created or not user.is_staff or not user.check_password(password):
            user.is_staff = True
            user.set_password(password)
            user.save(update_fields=["is_staff", "password"])
        if not user.email:  # an address someone set is kept
            user.email = f"{username}@{DEMO_EMAIL_DOMAIN}"
            user.save(update_fields=["email"])
        group = Group.objects.filter(name=role).first()
        if group is None:
            raise DemoError(f'the role group "{role}" is missing; run `manage.py migrate`')
        user.groups.add(group)
        users[username] = (user, role)
    reporter = users["reporter"][0]
    if not Author.objects.filter(user=reporter).exists():
        Author.objects.get_or_create(
            slug=DEMO_REPORTER["slug"], defaults={**DEMO_REPORTER, "user": reporter}
        )
    return users


def _demo_story(seed, editor, saved_files):
    article = Article.objects.filter(slug=STORY_SLUG).first()
    if article is not None:
        return article, False

    section, _ = Section.objects.get_or_create(
        slug=SECTION["slug"], defaults={k: v for k, v in SECTION.items() if k != "slug"}
    )
    source, _ = Source.objects.get_or_create(
        name=seed.photo_source, defaults={"default_credit_kind": CreditKind.COURTESY}
    )
    photo = Photo(
        caption=seed.caption,
        alt_text=PHOTO_ALT,
        credit_kind=CreditKind.COURTESY,
        source=source,
        uploaded_by=editor,
    )
    image = placeholder_jpeg(
        INTERVIEWEE["name"], "Placeholder image: the original photo is not part of the demo"
    )
    # Through the storage API (the file name is generated by the model's upload_to).
    photo.image.save("placeholder.jpg", ContentFile(image, name="placeholder.jpg"), save=False)
    saved_files.append(photo.image.name)
    photo.save()
    # The responsive sizes the public <picture> uses (photos.renditions), built now, once.
    with Image.open(io.BytesIO(image)) as drawn:
        renditions.build(photo, drawn.convert("RGB"), written=saved_files)

    author, _ = Author.objects.get_or_create(
        slug=AUTHOR["slug"],
        defaults={
            **{k: v for k, v in AUTHOR.items() if k != "slug"},
            "bio": seed.bio,
            "phone": seed.phone,
        },
    )
    person, _ = Person.objects.get_or_create(
        slug=INTERVIEWEE["slug"], defaults={k: v for k, v in INTERVIEWEE.items() if k != "slug"}
    )
    article = Article.objects.create(
        headline=seed.headline,
        slug=STORY_SLUG,
        deck=DECK,
        kind=Kind.INTERVIEW,
        section=section,
        body=story_body(seed.paragraphs),
        lead_photo=photo,
        status=Status.DRAFT,
        created_by=editor,
        interview_occasion=OCCASION,
    )
    article.tags.add(*TAGS)
    Byline.objects.create(article=article, author=author, position=0)
    Interviewee.objects.create(
        article=article, person=person, title_at_time=INTERVIEWEE["title"], position=0
    )
    # Published the way an editor publishes: the same readiness checks, an audit entry
    # and a revision.
    try:
        article = workflow.transition(article, "publish", editor, note="Demo content")
    except workflow.WorkflowError as exc:
        raise DemoError(f"the demo story could not be published: {exc}") from exc
    return article, True
