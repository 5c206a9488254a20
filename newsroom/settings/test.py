"""Test settings: fast hashing, plain static storage (manifest storage 404s under live_server)."""

import os
import tempfile

os.environ.setdefault("NEWSROOM_ENV", "development")
os.environ.setdefault("SECRET_KEY", "test-only-key")

from newsroom.settings.base import *  # noqa: E402,F403
from newsroom.settings.base import DATABASES, STORAGES  # noqa: E402

DEBUG = False
HTTPS = False
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A worker process started by tests/tasks/ is handed the media directory of its test.
MEDIA_ROOT = os.environ.get("TEST_MEDIA_ROOT") or tempfile.mkdtemp(prefix="newsroom-test-media-")
AXES_ENABLED = False
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LOGGING = {"version": 1, "disable_existing_loggers": False}
STATIC_ROOT = tempfile.mkdtemp(prefix="newsroom-test-static-")
# A shared test machine can be slow: only the deadline tests set short ones.
DATABASE_QUERY_TIMEOUT = 60
# Background jobs run in the test process, at once (django-q2's sync mode), so the suite
# stays fast and deterministic; tests/tasks/ starts real workers (TASK_SYNC=0).
Q_CLUSTER = {**Q_CLUSTER, "sync": os.environ.get("TASK_SYNC", "1") == "1"}  # noqa: F405

# Browser tests are served by several threads. With an in-memory SQLite database Django
# shares one connection between them, so two requests at once (an autosave and the beacon
# sent as the tab closes) trip over each other's savepoints. A file gives each thread its
# own connection; in /dev/shm it costs no disk.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    _db_dir = "/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir()
    # One file per test process (Django deletes it at the end of the run).
    DATABASES["default"]["TEST"] = {
        "NAME": os.path.join(_db_dir, f"newsroom-test-{os.getpid()}.sqlite3")
    }
