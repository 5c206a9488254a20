"""Real task workers (django-q2's `manage.py qcluster`) in a subprocess, on the test
database. PostgreSQL only: a second process cannot see SQLite's in-memory test database."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django_q.conf import Conf

from tests.photos.conftest import media_root  # noqa: F401 - a fresh media folder per test

ROOT = Path(__file__).resolve().parents[2]


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out after {seconds} s waiting for {what}")


def _database_url():
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def queue_name(monkeypatch):
    """A queue of this test's own, and jobs really queued (not run in-process)."""
    name = f"test-{uuid.uuid4().hex[:12]}"
    monkeypatch.setattr(Conf, "SYNC", False)
    monkeypatch.setattr(Conf, "CLUSTER_NAME", name)
    return name


@pytest.fixture
def start_worker(transactional_db, queue_name, settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("a worker process needs a shared test database: run on PostgreSQL")
    started = []

    def start(**env):
        log = open(tmp_path / f"worker-{len(started)}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"],
            cwd=ROOT,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "newsroom.settings.test",
                "DATABASE_URL": _database_url(),
                "TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
                "TASK_SYNC": "0",
                "TASK_QUEUE": queue_name,
                "TASK_WORKERS": "1",
                "TASK_POLL_SECONDS": "0.2",
                **env,
            },
            stdout=log,
            stderr=subprocess.STDOUT,
            # Its own process group: killing it kills the cluster's workers too.
            start_new_session=True,
        )
        log.close()
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
