"""Crawl every public URL the site exposes and look for staff details and inline script.

Staff accounts with distinctive usernames, e-mails and ids write and edit the stories;
none of that may reach readers (pages, feeds, sitemaps, JSON-LD). Only what an author
chose to publish as their contact may appear.
"""

import json
from urllib.parse import quote

import pytest
from lxml import html

from tests.quality.site import (
    NOTE_CANARY,
    PUBLIC_CONTACT,
    STAFF_CANARIES,
    build_demo_site,
    crawl,
    json_ld_blocks,
    page_text,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return build_demo_site()


@pytest.fixture
def crawled(site, client):
    return crawl(client)


def _forbidden_strings():
    for canary in STAFF_CANARIES:
        yield canary["username"]
        yield canary["email"]
        yield quote(canary["email"])  # as it would appear inside a mailto: or share URL
        yield canary["email"].split("@")[0]
        yield str(canary["pk"])
        yield canary["first_name"]
    yield "Canarylast"
    yield NOTE_CANARY.split()[0]  # editorial notes never reach readers


def test_it_crawls_the_pages_that_show_staff_written_stories(site, crawled):
    # Guards the test below: a crawl that missed these pages would prove nothing.
    ok = {path for path, response in crawled.items() if response.status_code == 200}
    for must_see in [
        "/",
        site.qa_interview.get_absolute_url(),
        site.story.get_absolute_url(),
        site.author.get_absolute_url(),
        site.story.section.get_absolute_url(),
    ]:
        assert must_see in ok, f"crawler never reached {must_see}"
    author_page = page_text(crawled[site.author.get_absolute_url()])
    assert site.author.name in author_page
    for listing in [
        "/feed/",
        "/feed/atom/",
        "/sitemap.xml",
        f"{site.author.get_absolute_url()}feed/",
    ]:
        assert listing in ok, f"crawler never reached {listing}"


def test_it_shows_no_staff_username_email_or_user_id_on_any_public_response(site, crawled):
    leaks = []
    for path, response in crawled.items():
        text = page_text(response)
        leaks += [f"{path}: {needle!r}" for needle in _forbidden_strings() if needle in text]
    assert not leaks, "staff details in public responses:\n" + "\n".join(leaks)


def test_it_shows_the_contact_details_the_author_chose_to_publish(site, crawled):
    story_page = page_text(crawled[site.qa_interview.get_absolute_url()])
    assert PUBLIC_CONTACT["email"] in story_page
    assert PUBLIC_CONTACT["phone"] in story_page


def test_it_never_crawls_a_draft(site, crawled):
    assert site.draft.get_absolute_url() not in crawled
    assert not any(site.draft.headline in page_text(r) for r in crawled.values())


def test_it_links_authors_by_slug_not_by_id(site, crawled):
    author_links = {
        path for path in crawled if path.startswith("/authors/") and path.count("/") == 3
    }
    assert author_links, "no author page linked from the public site"
    for path in author_links:
        assert not path.strip("/").split("/")[-1].isdigit(), path


def test_it_puts_a_content_security_policy_on_every_public_response(crawled):
    missing = [path for path, r in crawled.items() if "Content-Security-Policy" not in r]
    assert not missing, f"no CSP header on: {missing}"


def test_it_needs_no_inline_script_on_any_public_page(crawled):
    offences = []
    for path, response in crawled.items():
        if "text/html" not in response.get("Content-Type", ""):
            continue
        document = html.fromstring(page_text(response))
        for script in document.iter("script"):
            data_only = script.get("type") in {"application/ld+json", "application/json"}
            if not script.get("src") and not data_only:
                offences.append(f"{path}: inline <script>")
        for element in document.iter():
            for name, value in element.attrib.items():
                if name.lower().startswith("on"):
                    offences.append(f"{path}: {element.tag} {name}=")
                if value.strip().lower().startswith("javascript:"):
                    offences.append(f"{path}: {element.tag} {name}=javascript:")
    assert not offences, "\n".join(offences)


def test_it_keeps_json_ld_valid_json(site, crawled):
    parsed = {}
    for path, response in crawled.items():
        if "text/html" in response.get("Content-Type", ""):
            for block in json_ld_blocks(page_text(response)):
                try:
                    parsed.setdefault(path, []).append(json.loads(block))
                except ValueError as error:
                    pytest.fail(f"{path}: JSON-LD does not parse: {error}")
    # Every story page carries its NewsArticle: with none found, this test would prove nothing.
    stories = [site.seed_interview, site.qa_interview, site.story]
    for story in stories:
        blocks = parsed.get(story.get_absolute_url(), [])
        assert [data.get("headline") for data in blocks] == [story.headline], story.slug
