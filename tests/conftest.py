import os
import shutil

import pytest
from django.contrib.auth.models import Group

from accounts import roles
from tests.factories import UserFactory

# Playwright's sync API runs an event loop in the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: the public page cache lives in it."""
    from django.core.cache import cache

    from readers.cache import forget_local_generation

    cache.clear()
    forget_local_generation()
    yield
    cache.clear()
    forget_local_generation()


@pytest.fixture(autouse=True)
def demo_password_file(tmp_path, monkeypatch):
    """Any test that loads the demo keeps its generated password here, not in the project's var/."""
    from articles.demo import loader

    path = tmp_path / "var" / "demo-password"
    monkeypatch.setattr(loader, "PASSWORD_FILE", path)
    return path


def _user_in(role, **kwargs):
    if not Group.objects.filter(name=role).exists():
        # A transactional (browser) test that ran earlier on this worker flushed the
        # groups the data migration made.
        roles.sync_roles()
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def reporter(db):
    return _user_in(roles.REPORTER, username="reporter")


@pytest.fixture
def other_reporter(db):
    return _user_in(roles.REPORTER, username="other-reporter")


@pytest.fixture
def editor(db):
    return _user_in(roles.EDITOR, username="editor")


@pytest.fixture
def photo_desk(db):
    return _user_in(roles.PHOTO_DESK, username="photodesk")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def outsider(db):
    """A logged-in account with no staff rights."""
    return UserFactory(username="outsider")


@pytest.fixture
def browser():
    """Real Chromium through Playwright; skipped without it unless REQUIRE_BROWSER=1."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM} and REQUIRE_BROWSER=1")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            # Connections opened while Playwright ran are not the ones Django's teardown
            # closes; left open, PostgreSQL refuses to drop the test database.
            connections.close_all()
            instance.close()


@pytest.fixture
def artifacts_dir():
    path = os.path.join(os.path.dirname(os.path.dirname(__file__)), "test-artifacts")
    os.makedirs(path, exist_ok=True)
    return path


def pytest_collection_modifyitems(items):
    """Every transactional test restores the migrations' data by serialized rollback.

    A plain transactional test flushes the database, which recreates the content types; a
    serialized test on the same worker then restores them again and fails its set-up with
    "UNIQUE constraint failed: django_content_type" (seen on main, depending on test order).
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and not marker.kwargs.get("serialized_rollback")
        ):
            raise pytest.UsageError(
                f"{item.nodeid}: use django_db(transaction=True, serialized_rollback=True)"
            )
