"""Every public URL pattern x every editorial state (DESIGN rule 1, paired).

The patterns come from the project's URLconf, not from a list kept here: a new public URL
fails `test_it_covers_every_public_url_pattern` until it is added to SURFACES (with the way
to fill its arguments and what it must show) or to EXCLUDED (with the reason). URLs are
built from the patterns themselves, so renamed URL names or namespaces change nothing.

One story per editorial state, each with its own canary token in every string a reader could
see (headline, deck, slug, old slug, body, pull quote, tag, person, author, photo caption and
alt text, correction). Each story also has a section, a tag, an interviewee and an author
that only it uses, beside a tag, a person and an author it shares with the others: the
shared pages must list the published story and nothing of the rest; the pages of things known
only from a hidden story answer 404 (the scoop case). No hidden token may appear in any
response, nor the editorial-notes canary, while the published story's canaries must appear
where it is listed.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import URLResolver, get_resolver, resolve
from django.utils import timezone
from taggit.models import Tag

from articles.models import (
    Correction,
    Interviewee,
    Kind,
    Note,
    Person,
    SlugRedirect,
    Status,
)
from tests.factories import ArticleFactory, AuthorFactory, PhotoFactory, SectionFactory, UserFactory

HOUR = timezone.timedelta(hours=1)

# Every state a story can be in. Only "published" may be seen by readers.
STATES = {
    "draft": lambda now: {"status": Status.DRAFT},
    "inreview": lambda now: {"status": Status.IN_REVIEW},
    "approved": lambda now: {"status": Status.APPROVED},
    "scheduled": lambda now: {"status": Status.PUBLISHED, "published_at": now + HOUR},
    "published": lambda now: {"status": Status.PUBLISHED, "published_at": now - HOUR},
    "embargoed": lambda now: {
        "status": Status.PUBLISHED,
        "published_at": now - HOUR,
        "embargo_until": now + HOUR,
    },
    "unpublished": lambda now: {"status": Status.UNPUBLISHED, "published_at": now - HOUR},
}
HIDDEN = [state for state in STATES if state != "published"]
NOTE_CANARY = "zqnotecanary"  # editorial notes on every story, the published one too
SHARED_TAG = ("Matrix shared tag", "matrix-shared-tag")
SHARED_PERSON = ("Matrix Shared Person", "matrix-shared-person")
SHARED_AUTHOR = ("Matrix Shared Author", "matrix-shared-author")


def token(state):
    # No token is a substring of another ("zqpublishedcanary" is not in "zqunpublishedcanary").
    return f"zq{state}canary"


# ------------------------------------------------------------------- the URLconf


def _normalise(pattern):
    """A pattern as a route with bare placeholders: "tags/<uslug:slug>/" and
    r"^(?P<year>[0-9]{4})/$" become "tags/<slug>/" and "<year>/" (converters and path() vs
    re_path() may change without this test noticing; the public address may not)."""
    text = str(pattern)
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", text)
    text = re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", text)
    return text.replace("^", "").replace("$", "").replace("\\", "")


def url_routes(resolver=None, prefix=""):
    """Every route of the URLconf, includes flattened."""
    resolver = resolver or get_resolver()
    routes = []
    for entry in resolver.url_patterns:
        route = prefix + _normalise(entry.pattern)
        if isinstance(entry, URLResolver):
            routes += url_routes(entry, route)
        else:
            routes.append(route)
    return routes


def excluded_because(route):
    for prefix, reason in EXCLUDED.items():
        if route == prefix or (prefix.endswith("/") and route.startswith(prefix)):
            return reason
    return None


def public_routes():
    return [route for route in url_routes() if not excluded_because(route)]


EXCLUDED = {
    "admin/": "staff only: every admin view asks for a login (tests/articles/test_admin*)",
    "healthz": "a liveness probe that names no story (tests/newsroom/test_timeouts.py)",
    f"{settings.MEDIA_URL.lstrip('/')}<path>": (
        "uploaded files by path, off unless SERVE_MEDIA (tests/quality/test_media_headers.py)"
    ),
}


# ------------------------------------------------------------------- the stories


@dataclass
class Story:
    state: str
    article: object
    token: str
    tag: object
    person: object
    author: object

    @property
    def hidden(self):
        return self.state != "published"

    @property
    def day(self):
        return timezone.localtime(self.article.published_at or self.article.created_at)

    @property
    def headline(self):
        return self.article.headline


def make_story(state, now, shared, notes_by):
    mark = token(state)
    tag = Tag.objects.create(name=f"Tag {mark}", slug=f"tag-{mark}")
    person = Person.objects.create(name=f"Person {mark}", slug=f"person-{mark}")
    author = AuthorFactory(name=f"Author {mark}", slug=f"author-{mark}", bio=f"Bio {mark}.")
    photo = PhotoFactory(caption=f"Caption {mark}", alt_text=f"Alt {mark}")
    article = ArticleFactory(
        kind=Kind.INTERVIEW,
        headline=f"Headline {mark}",
        slug=f"story-{mark}",
        deck=f"Deck {mark}",
        # Its own section: the section page lists this story alone.
        section=SectionFactory(name=f"Desk {state}", slug=f"desk-{state}"),
        lead_photo=photo,
        body=(
            f"<p>Body {mark}.</p>"
            f'<blockquote class="pull-quote"><p>Quote {mark} words.</p>'
            f"<p>— {SHARED_PERSON[0]}</p></blockquote>"
        ),
        authors=[author, shared["author"]],
        **STATES[state](now),
    )
    article.tags.add(tag, shared["tag"])
    for interviewee in (person, shared["person"]):
        Interviewee.objects.create(article=article, person=interviewee)
    SlugRedirect.objects.create(old_slug=f"old-{mark}", article=article)
    Correction.objects.create(article=article, text=f"Correction {mark}.", published_at=now)
    thread = Note.objects.create(article=article, author=notes_by, text=f"{NOTE_CANARY} start")
    Note.objects.create(article=article, thread=thread, author=notes_by, text=f"{NOTE_CANARY} re")
    return Story(state, article, mark, tag, person, author)


@pytest.fixture
def stories(db):
    now = timezone.now()
    shared = {
        "tag": Tag.objects.create(name=SHARED_TAG[0], slug=SHARED_TAG[1]),
        "person": Person.objects.create(name=SHARED_PERSON[0], slug=SHARED_PERSON[1]),
        "author": AuthorFactory(name=SHARED_AUTHOR[0], slug=SHARED_AUTHOR[1]),
    }
    notes_by = UserFactory(is_staff=True)
    return {state: make_story(state, now, shared, notes_by) for state in STATES}


# ------------------------------------------------------------------- what each URL must do


@dataclass
class Check:
    """One GET: the status it must answer, the strings it must show, and the strings it may
    show although they carry a hidden story's token (an author's public profile)."""

    kwargs: dict
    status: int = 200
    shows: list = field(default_factory=list)
    hides: list = field(default_factory=list)
    may_show: list = field(default_factory=list)
    query: str = ""
    location: str = ""


def _listed(stories):
    """A surface that lists every story readers may see: the published headline."""
    return [Check({}, shows=[stories["published"].headline])]


def _story_page(stories):
    checks = []
    for story in stories.values():
        day = {"year": story.day.year, "month": f"{story.day:%m}", "day": f"{story.day:%d}"}
        current = story.article.get_absolute_url()
        if story.hidden:
            checks.append(Check({**day, "slug": story.article.slug}, status=404))
            checks.append(Check({**day, "slug": f"old-{story.token}"}, status=404))
            continue
        mark = story.token
        shows = [f"{kind} {mark}" for kind in ("Headline", "Deck", "Tag", "Person", "Author")]
        shows += [f"Caption {mark}", f"Alt {mark}", f"Correction {mark}", f"Quote {mark}"]
        checks.append(Check({**day, "slug": story.article.slug}, shows=shows))
        checks.append(Check({**day, "slug": f"old-{mark}"}, status=301, location=current))
    return checks


def _own_and_shared(attribute, shared_slug, hidden_status, may_show=None, shared_shows=()):
    """A list of one tag, person or author: the one only each story uses, then the one they
    all share. `hidden_status` is what the page of a thing known only from a hidden story
    answers; `shared_shows` what the shared page shows of the published story beside its
    headline."""

    def fill(stories):
        checks = []
        for story in stories.values():
            slug = attribute(story)
            if story.hidden:
                allowed = may_show(story) if may_show else []
                checks.append(Check({"slug": slug}, status=hidden_status, may_show=allowed))
            else:
                checks.append(Check({"slug": slug}, shows=[story.headline]))
        published = stories["published"]
        extra = [f"{kind} {published.token}" for kind in shared_shows]
        checks.append(Check({"slug": shared_slug}, shows=[published.headline, *extra]))
        return checks

    return fill


def _section(stories):
    # Sections are site navigation (named on every page), so a section whose only story
    # is hidden still has its page: an empty one.
    return [
        Check(
            {"slug": story.article.section.slug},
            shows=[] if story.hidden else [story.headline],
        )
        for story in stories.values()
    ]


def _archive(*parts):
    def fill(stories):
        checks = []
        for story in stories.values():
            values = {"year": story.day.year, "month": f"{story.day:%m}", "day": f"{story.day:%d}"}
            kwargs = {part: values[part] for part in parts}
            checks.append(Check(kwargs, shows=[] if story.hidden else [story.headline]))
        return checks

    return fill


def _search(stories):
    # Upper case: the page repeats the query, which must not look like the token itself.
    checks = [
        Check({}, query=f"q={story.token.upper()}", shows=[] if story.hidden else [story.headline])
        for story in stories.values()
    ]
    # Editorial notes are not searchable: their words find no story.
    published = stories["published"].headline
    return [*checks, Check({}, query=f"q={NOTE_CANARY.upper()}", hides=[published])]


def _corrections(stories):
    return [Check({}, shows=[f"Correction {stories['published'].token}"])]


def _nothing_listed(stories):
    return [Check({})]


def _sitemap_index(stories):
    return [Check({}, shows=["sitemap-articles.xml"])]


def _sitemap_parts(stories):
    """Each part the index lists: together they must name the published story and its own
    tag, person and author (checked in the matrix test), and no hidden one."""
    return [Check({"name": name}) for name in SITEMAP_PARTS]


# The parts the sitemap index lists with the published story alone in the database.
SITEMAP_PARTS = ["pages", "articles", "sections", "tags", "authors", "people"]


def _own_author_profile(story):
    return [story.author.name, story.author.slug, f"Bio {story.token}"]


SURFACES = {
    "": _listed,
    "<year>/<month>/<day>/<slug>/": _story_page,
    "sections/<slug>/": _section,
    "sections/<slug>/feed/": _section,
    "sections/<slug>/feed/atom/": _section,
    "tags/<slug>/": _own_and_shared(lambda s: s.tag.slug, SHARED_TAG[1], 404),
    "tags/<slug>/feed/": _own_and_shared(lambda s: s.tag.slug, SHARED_TAG[1], 404),
    "tags/<slug>/feed/atom/": _own_and_shared(lambda s: s.tag.slug, SHARED_TAG[1], 404),
    # The shared person's page quotes them from the published story only.
    "people/<slug>/": _own_and_shared(
        lambda s: s.person.slug, SHARED_PERSON[1], 404, shared_shows=["Quote"]
    ),
    "people/<slug>/feed/": _own_and_shared(lambda s: s.person.slug, SHARED_PERSON[1], 404),
    "people/<slug>/feed/atom/": _own_and_shared(lambda s: s.person.slug, SHARED_PERSON[1], 404),
    # An author is a staff profile the desk publishes on purpose: the page of one whose only
    # story is hidden exists (their name and bio) and lists nothing.
    **{
        f"authors/<slug>/{suffix}": _own_and_shared(
            lambda s: s.author.slug, SHARED_AUTHOR[1], 200, may_show=_own_author_profile
        )
        for suffix in ("", "feed/", "feed/atom/")
    },
    "interviews/": _listed,
    "interviews/feed/": _listed,
    "interviews/feed/atom/": _listed,
    "feed/": _listed,
    "feed/atom/": _listed,
    "search/": _search,
    "corrections/": _corrections,
    "<year>/": _archive("year"),
    "<year>/<month>/": _archive("year", "month"),
    "<year>/<month>/<day>/": _archive("year", "month", "day"),
    "sitemap.xml": _sitemap_index,
    "sitemap-<name>.xml": _sitemap_parts,
    "news-sitemap.xml": _listed,
    "robots.txt": _nothing_listed,
}


def build_url(route, kwargs):
    """The route with its placeholders filled; fails naming the route when one is left."""
    url = "/" + route
    for name, value in kwargs.items():
        url = url.replace(f"<{name}>", str(value))
    left = re.findall(r"<(\w+)>", url)
    if left:
        pytest.fail(f"URL pattern {route!r}: no value for {left} in SURFACES; add one")
    return url


def text_of(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


# ------------------------------------------------------------------- the tests


def test_it_covers_every_public_url_pattern():
    routes = public_routes()
    assert routes, "no public URL patterns found: the URLconf walk is broken"
    new = [route for route in routes if route not in SURFACES]
    stale = [route for route in SURFACES if route not in routes]
    assert not new, f"public URL patterns neither in SURFACES nor in EXCLUDED: {new}"
    assert not stale, f"SURFACES entries no URL pattern matches any more: {stale}"


def test_it_builds_a_story_in_every_editorial_status():
    # A new status (or a state stored another way) joins STATES, so the matrix covers it.
    covered = {fields(timezone.now())["status"] for fields in STATES.values()}
    assert covered == set(Status.values)


@pytest.mark.django_db
def test_it_shows_each_story_on_every_public_surface_exactly_when_readers_may_see_it(
    client, stories
):
    hidden_tokens = [stories[state].token for state in HIDDEN]
    published = stories["published"]
    failures = []
    sitemap_text = ""
    for route in public_routes():
        fill = SURFACES.get(route)
        if fill is None:
            pytest.fail(f"URL pattern {route!r} is neither in SURFACES nor in EXCLUDED")
        for check in fill(stories):
            url = build_url(route, check.kwargs)
            match = resolve(url)  # a URL that does not resolve fails here, never skipped
            assert _normalise(match.route) == route, f"{url} resolved to {match.route}"
            response = client.get(f"{url}?{check.query}" if check.query else url)
            where = f"{route!r} {url}{'?' + check.query if check.query else ''}"
            if response.status_code != check.status:
                failures.append(f"{where}: status {response.status_code}, not {check.status}")
                continue
            if check.location and response["Location"] != check.location:
                failures.append(f"{where}: redirects to {response['Location']}")
            text = text_of(response)
            if route == "sitemap-<name>.xml":
                sitemap_text += text
            for wanted in check.shows:
                if wanted not in text:
                    failures.append(f"{where}: does not show {wanted!r}")
            # The address asked for is no leak (a 404 page names it in its canonical link).
            for unwanted in check.hides:
                if unwanted in text:
                    failures.append(f"{where}: shows {unwanted!r}")
            for allowed in [url, *check.may_show]:
                text = text.replace(allowed, "")
            for mark in hidden_tokens:
                if mark in text:
                    failures.append(f"{where}: shows the hidden story {mark!r}")
            if NOTE_CANARY in text:
                failures.append(f"{where}: shows an editorial note")
    # The sitemaps, together, list the published story and the pages only it fills.
    for slug in ("story", "tag", "person", "author"):
        if f"{slug}-{published.token}" not in sitemap_text:
            failures.append(f"no sitemap part lists {slug}-{published.token}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_it_lists_in_the_sitemap_index_exactly_the_parts_the_matrix_visits(client, stories):
    """SITEMAP_PARTS fills the sitemap part pattern: it must be what the index links to."""
    index = client.get("/sitemap.xml").content.decode()
    parts = [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", index)]
    assert sorted(parts) == sorted(f"/sitemap-{name}.xml" for name in SITEMAP_PARTS)
