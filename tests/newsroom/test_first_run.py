"""The README's first command on a fresh clone: `make run` serves the demo.

The clone is of what is committed (HEAD), in a temporary folder with no var/ and nothing
beside it, exactly as a newcomer or CI gets it. It reuses the machine's uv and its package
cache, so the clone's own .venv takes seconds, not a download.
"""

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import lxml.html
import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "fresh-clone-demo-passphrase"
STARTUP_SECONDS = 90

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git to clone")

# Variables of this test run that must not leak into the newcomer's `make run`.
_NOT_INHERITED = (
    "DATABASE_URL",
    "REDIS_URL",
    "NEWSROOM_ENV",
    "SITE_URL",
    "SECRET_KEY",
    "DJANGO_SETTINGS_MODULE",
    "VIRTUAL_ENV",
    "MEDIA_ROOT",
    "STATIC_ROOT",
    "AXES_ENABLED",
    "MAKEFLAGS",
    "MAKELEVEL",
    "MFLAGS",
)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _uv():
    """The uv `make test` itself used (PATH, or the project's pinned .tools/ copy)."""
    found = shutil.which("uv") or ROOT / ".tools" / "bin" / "uv"
    return str(found) if Path(found).exists() else None


@pytest.fixture
def fresh_clone(tmp_path):
    clone = tmp_path / "newsroom"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True, timeout=60)
    return clone


class MakeRun:
    """`make run` in its own process group, its output collected as it comes."""

    def __init__(self, clone, port):
        env = {k: v for k, v in os.environ.items() if k not in _NOT_INHERITED}
        env.update(DEMO_PASSWORD=DEMO_PASSWORD, UV_LINK_MODE="copy")
        command = ["make", "run", "HOST=127.0.0.1", f"PORT={port}"]
        if uv := _uv():
            command.append(f"UV={uv}")
        self.base = f"http://127.0.0.1:{port}"
        self.lines = []
        self.process = subprocess.Popen(
            command,
            cwd=clone,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self):
        return "\n".join(self.lines)

    def wait_for(self, path, deadline):
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"make run exited with {self.process.returncode}:\n{self.output}")
            try:
                with urllib.request.urlopen(self.base + path, timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        pytest.fail(f"{path} did not answer 200 in time; make run said:\n{self.output}")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        # Whatever of the group is left (a task worker caught mid start-up ignores SIGTERM).
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=10)
        self._reader.join(timeout=5)


def _sign_in_to_admin(base, username, password):
    """The real login form: a cookie session, the CSRF token from the page, a POST."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    with opener.open(f"{base}/admin/login/?next=/admin/", timeout=10) as response:
        form_page = lxml.html.fromstring(response.read())
    (token,) = form_page.xpath(
        '//form[@id="login-form"]//input[@name="csrfmiddlewaretoken"]/@value'
    )
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "username": username,
            "password": password,
            "next": "/admin/",
        }
    ).encode()
    with opener.open(f"{base}/admin/login/?next=/admin/", data=data, timeout=10) as response:
        return response.geturl(), response.read().decode()


@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="make run uses SQLite whatever the suite's database: it runs once, in the SQLite pass",
)
def test_it_serves_the_demo_from_a_fresh_clone_with_make_run(fresh_clone):
    assert not (fresh_clone / "var").exists()
    assert not (fresh_clone.parent / "shared").exists()
    port = _free_port()

    run = MakeRun(fresh_clone, port)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        run.wait_for("/", deadline)
        story = re.search(r"Demo story:\s+(\S+)", run.output)
        assert story, run.output
        assert story[1].startswith(f"{run.base}/"), "load_demo prints the port it serves on"
        run.wait_for(story[1].removeprefix(run.base), deadline)

        landed_on, page = _sign_in_to_admin(run.base, "editor", DEMO_PASSWORD)
        assert landed_on == f"{run.base}/admin/", page
        assert 'id="logout-form"' in page
    finally:
        run.stop()

    migrate_output = run.output.split("Demo content")[0]
    assert "Applying " not in migrate_output, "migrate says one line, not one per migration"


def test_it_bootstraps_a_pinned_uv_when_none_is_installed(fresh_clone):
    dry_run = subprocess.run(
        ["make", "-n", ".tools/bin/uv", "UV=.tools/bin/uv"],
        cwd=fresh_clone,
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    assert re.search(r"pip install .*\buv==\d+\.\d+\.\d+\b", dry_run.stdout), dry_run.stdout


def test_it_installs_no_lighthouse_for_the_tests():
    """`make test` installs package.json's tools; Lighthouse is only for `make audit`."""
    lock = (ROOT / "package-lock.json").read_text(encoding="utf-8")
    assert '"node_modules/lighthouse"' not in lock
    assert '"node_modules/axe-core"' in lock
    audit_lock = (ROOT / "bench" / "lighthouse" / "package-lock.json").read_text(encoding="utf-8")
    assert '"node_modules/lighthouse"' in audit_lock
