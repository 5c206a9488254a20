"""HTML gate: the Nu HTML checker (npm vnu-jar) reports no error on any public page.

All pages are checked in one JVM run: the checker takes seconds to start.
"""

import json
import shutil
import subprocess

import pytest
from django.urls import reverse

from articles.models import Note, Notification
from tests.factories import PhotoFactory
from tests.quality.browser import ROOT
from tests.quality.site import build_demo_site, page_text

pytestmark = pytest.mark.django_db

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture
def vnu():
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: install default-jre-headless (.ci/run does)")
    if not VNU_JAR.exists():
        pytest.fail(f"{VNU_JAR} is missing: run `make node_modules` (npm ci)")
    return [java, "-Xss1m", "-jar", str(VNU_JAR), "--format", "json", "--stdout"]


def _slug(name):
    return "".join(ch if ch.isalnum() else "-" for ch in name)


def test_it_finds_no_html_errors_on_any_public_page(vnu, client, tmp_path):
    site = build_demo_site()
    files = {}
    for name, path in site.pages().items():
        response = client.get(path)
        assert response.status_code == (404 if name == "404" else 200), (name, path)
        file = tmp_path / f"{_slug(name)}.html"
        file.write_text(page_text(response), encoding="utf-8")
        files[file.name] = f"{name} ({path})"

    result = subprocess.run(
        [*vnu, *(str(tmp_path / file_name) for file_name in files)],
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode in {0, 1}, result.stderr  # 1: the checker found errors
    report = json.loads(result.stdout)
    errors = [
        f"{files.get(message.get('url', '').rsplit('/', 1)[-1], message.get('url'))}"
        f" line {message.get('lastLine')}:"
        f" {message['message']}\n      {message.get('extract', '').strip()}"
        for message in report["messages"]
        if message["type"] in {"error", "non-document-error"}
    ]
    assert not errors, "Nu HTML checker errors:\n" + "\n".join(errors)


def _nu_errors(vnu, pages, tmp_path):
    """Nu checker errors for {name: (path, html)}, one JVM run."""
    files = {}
    for name, text in pages.items():
        file = tmp_path / f"{_slug(name)}.html"
        file.write_text(text, encoding="utf-8")
        files[file.name] = name
    result = subprocess.run(
        [*vnu, *(str(tmp_path / file_name) for file_name in files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode in {0, 1}, result.stderr
    return [
        f"{files.get(message.get('url', '').rsplit('/', 1)[-1], message.get('url'))}"
        f" line {message.get('lastLine')}: {message['message']}"
        f"\n      {message.get('extract', '').strip()}"
        for message in json.loads(result.stdout)["messages"]
        if message["type"] in {"error", "non-document-error"}
    ]


def test_it_finds_no_html_errors_on_the_notes_inbox_and_dashboard_pages(
    vnu, client, tmp_path, admin_user, reporter, photo_desk
):
    site = build_demo_site()
    for user in (admin_user, reporter, photo_desk):
        user.refresh_from_db()  # the demo loader sets the demo accounts' passwords
    story = site.qa_interview
    Notification.objects.create(
        recipient=admin_user, article=story, event="submit", message="Submitted."
    )
    Note.objects.create(article=site.draft, author=admin_user, text="Waiting on @reporter")
    site.draft.created_by = reporter
    site.draft.save()
    PhotoFactory(caption="No alt", alt_text="")
    pages = {}
    for user, paths in [
        (
            admin_user,
            {
                "admin index": "/admin/",
                "admin inbox": reverse("admin:articles_notification_changelist"),
                "admin settings": reverse("admin:articles_notification_preferences"),
            },
        ),
        (reporter, {"reporter index": "/admin/"}),
        (photo_desk, {"photo desk index": "/admin/"}),
    ]:
        client.force_login(user)
        for name, path in paths.items():
            response = client.get(path)
            assert response.status_code == 200, (name, path)
            pages[name] = page_text(response)
    client.force_login(admin_user)
    refused = client.post(
        reverse("admin:articles_article_add_note", args=[story.pk]),
        {"text": "Check", "quote": "not in the story"},
    )
    assert refused.status_code == 400
    pages["admin note not added"] = page_text(refused)
    # The notes panel alone, as the change form shows it (the stock form around it is
    # Django's, checked by axe in the browser).
    form = page_text(client.get(reverse("admin:articles_article_change", args=[story.pk])))
    panel = form.split('<aside class="story-notes"')[1].split("</aside>")[0]
    pages["notes panel"] = (
        '<!DOCTYPE html><html lang="en"><head><title>Notes</title></head><body>'
        f'<aside class="story-notes"{panel}</aside></body></html>'
    )

    errors = _nu_errors(vnu, pages, tmp_path)

    assert not errors, "Nu HTML checker errors:\n" + "\n".join(errors)
