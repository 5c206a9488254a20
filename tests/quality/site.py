"""A small but complete public site for the quality gates, and a crawler over it.

The gates (axe, vnu, leak crawler, CSP) run against whatever the project renders:
the demo content from `load_demo` (the seed interview) plus stories made here that
exercise the rest, among them staff accounts with distinctive names, e-mails and ids
that must never reach a public page.
"""

import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

from django.conf import settings
from django.contrib.auth.models import Group
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse
from lxml import html

from accounts import roles
from articles.models import Article, Interviewee, Kind, Note, Person, Status
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    PhotoFactory,
    SectionFactory,
    UserFactory,
)

# Staff details that no public response may contain. The ids are far above anything a
# sequence hands out, so finding one in a page cannot be a coincidence.
STAFF_CANARIES = [
    {
        "pk": 918273645,
        "username": "canary-reporter-q7x",
        "email": "canary.reporter.q7x@staff-only.invalid",
        "first_name": "Canaryfirst",
        "role": roles.REPORTER,
    },
    {
        "pk": 918273646,
        "username": "canary-editor-q7x",
        "email": "canary.editor.q7x@staff-only.invalid",
        "first_name": "Editorfirst",
        "role": roles.EDITOR,
    },
]
# Editorial notes are staff-only: this text is written in notes on the published stories
# and must appear on no public response.
NOTE_CANARY = "notecanary-k4w9 staff discussion"

# What the canary reporter chose to show readers: allowed, and expected, on public pages.
PUBLIC_CONTACT = {"email": "mina.park@news.example.com", "phone": "82-2-6956-6698"}
SEARCH_TERM = "Belarus"

QA_BODY = (
    '<p class="question">Why did you start the festival?</p>'
    '<p class="answer">Because the city had no place for new music, and we wanted one.</p>'
    '<p class="question">What comes next?</p>'
    '<p class="answer">A second stage, and a residency for young composers.</p>'
)


@dataclass
class DemoSite:
    seed_interview: Article | None
    qa_interview: Article
    story: Article
    draft: Article
    staff: list = field(default_factory=list)
    author: object = None
    interviewee: Person | None = None

    def pages(self):
        """The public pages every gate covers, by name; pages not built yet are left out."""
        found = {
            "front": _reverse("readers:front"),
            "seed interview": self.seed_interview and self.seed_interview.get_absolute_url(),
            "Q&A interview": self.qa_interview.get_absolute_url(),
            "section": self.story.section.get_absolute_url(),
            "tag": _reverse("readers:tag", slug="music"),
            "author": self.author.get_absolute_url(),
            "person": self.interviewee.get_absolute_url(),
            "interviews": _reverse("readers:interviews"),
            "search results": _search_url(),
            "404": "/no-such-page/" if _has_template("404.html") else None,
        }
        return {name: path for name, path in found.items() if path}

    def missing_pages(self):
        """Pages the gates want but the project does not build yet, with the reason."""
        missing = {}
        if self.seed_interview is None:
            missing["seed interview"] = "articles.demo.loader (load_demo) is gone"
        if not _has_template("404.html"):
            missing["404"] = "no 404.html template (Django's bare fallback page)"
        if _search_url() is None:
            missing["search results"] = "no articles:search URL"
        return missing


def _reverse(name, **kwargs):
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def _has_template(name):
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


def _search_url():
    path = _reverse("readers:search")
    return path and f"{path}?q={SEARCH_TERM}"


def _staff_user(canary):
    canary = dict(canary)
    role = canary.pop("role")
    user = UserFactory(is_staff=True, last_name="Canarylast", **canary)
    user.groups.add(Group.objects.get(name=role))
    return user


def _seed_interview():
    """The seed interview, loaded the way `manage.py load_demo` loads it."""
    try:
        from articles.demo.loader import load_demo
    except ImportError:  # reported by DemoSite.missing_pages
        return None
    return load_demo().article


def build_demo_site():
    """Demo content plus stories written by canary staff. Call inside a database test."""
    if not Group.objects.exists():
        roles.sync_roles()  # a transactional test flushed the groups the migration made
    seed = _seed_interview()
    reporter, editor = (_staff_user(canary) for canary in STAFF_CANARIES)
    author = AuthorFactory(
        name="Mina Park",
        slug="mina-park",
        job_title="Culture reporter",
        bio="Mina Park covers music and the arts.",
        user=reporter,
        **PUBLIC_CONTACT,
    )
    culture = SectionFactory(name="Culture", slug="culture")
    photo = PhotoFactory(
        caption="The festival's main stage at dusk.",
        alt_text="A crowd in front of a lit stage",
        uploaded_by=reporter,
    )
    qa = ArticleFactory(
        published=True,
        kind=Kind.INTERVIEW,
        headline="A festival for new music, in its founder's words",
        slug="festival-founder-interview",
        deck="The founder of the Seoul New Music Festival on why it exists.",
        section=culture,
        body=QA_BODY,
        lead_photo=photo,
        created_by=reporter,
        interview_method="in_person",
        interview_note="This interview has been condensed and edited for clarity.",
        tags=["music", SEARCH_TERM],
        authors=[author],
    )
    founder = Person.objects.create(
        name="Lee Soo-jin", slug="lee-soo-jin", title="Festival director"
    )
    Interviewee.objects.create(article=qa, person=founder, title_at_time="Festival founder")
    story = ArticleFactory(
        published=True,
        headline="Concert hall reopens after two years of repairs",
        slug="concert-hall-reopens",
        section=culture,
        body="<p>The hall reopened on Friday with a sold-out concert.</p>",
        created_by=editor,
        tags=["music"],
        authors=[author],
    )
    draft = ArticleFactory(
        headline="Unpublished draft about the festival budget",
        slug="festival-budget-draft",
        section=culture,
        status=Status.DRAFT,
        created_by=reporter,
        tags=["music"],
        authors=[author],
    )
    for article in (qa, story, draft):
        thread = Note.objects.create(article=article, author=editor, text=f"{NOTE_CANARY} start")
        Note.objects.create(
            article=article, thread=thread, author=reporter, text=f"{NOTE_CANARY} reply"
        )
    return DemoSite(
        seed_interview=seed,
        qa_interview=qa,
        story=story,
        draft=draft,
        staff=[reporter, editor],
        author=author,
        interviewee=founder,
    )


# ---------------------------------------------------------------- crawling

# Lists every public site exposes; the crawler adds whatever pages link to.
KNOWN_PUBLIC_PATHS = [
    "/",
    "/feed/",
    "/feed/atom/",
    "/sitemap.xml",
    "/news-sitemap.xml",
    "/robots.txt",
    "/corrections/",
    f"/search/?q={SEARCH_TERM}",
    "/healthz",
]
NOT_PUBLIC = ("/admin/", settings.STATIC_URL, settings.MEDIA_URL)
_LOC = re.compile(r"<(?:loc|link|id|guid)[^>]*>\s*([^<\s]+)\s*<", re.IGNORECASE)
_HREF = re.compile(r"""\bhref=["']([^"']+)["']""", re.IGNORECASE)


def _internal_path(url, base):
    """The site-relative path of a link, or None when it points elsewhere."""
    absolute = urljoin("http://testserver" + base, urldefrag(url)[0].strip())
    parts = urlsplit(absolute)
    own_hosts = {"testserver", urlsplit(settings.SITE_URL).netloc}
    if parts.scheme not in {"http", "https"} or parts.netloc not in own_hosts:
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return None if path.startswith(NOT_PUBLIC) else path


def _links(response):
    content_type = response.get("Content-Type", "")
    text = response.content.decode(response.charset or "utf-8", errors="replace")
    if "html" in content_type:
        document = html.fromstring(text or "<html></html>")
        return [element.get("href") for element in document.iter("a", "link")]
    if "xml" in content_type:
        return _LOC.findall(text) + _HREF.findall(text)
    if "text/plain" in content_type:  # robots.txt names the sitemaps
        return re.findall(r"(?im)^sitemap:\s*(\S+)", text)
    return []


def crawl(client, start_paths=KNOWN_PUBLIC_PATHS, limit=500):
    """Every public response reachable from the start paths, by path (GET, no redirects
    followed automatically: the target is crawled as a link of its own)."""
    responses = {}
    queue = deque(start_paths)
    while queue and len(responses) < limit:
        path = queue.popleft()
        if path in responses:
            continue
        response = client.get(path)
        responses[path] = response
        found = _links(response) if response.status_code == 200 else []
        if response.has_header("Location"):
            found.append(response["Location"])
        for link in found:
            target = link and _internal_path(link, path)
            if target and target not in responses:
                queue.append(target)
    return responses


def page_text(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(response.charset or "utf-8", errors="replace")


def json_ld_blocks(document_text):
    document = html.fromstring(document_text)
    return [
        script.text or ""
        for script in document.iter("script")
        if script.get("type") == "application/ld+json"
    ]
