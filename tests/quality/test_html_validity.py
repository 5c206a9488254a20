"""HTML gate: the Nu HTML checker (npm vnu-jar) reports no error on any public page.

All pages are checked in one JVM run: the checker takes seconds to start.
"""

import json
import shutil
import subprocess

import pytest

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
