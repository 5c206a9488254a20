"""Background jobs on real worker processes: the database queue (the embedded default) and
the Redis queue. See README "Background jobs" for the mechanism each test pins."""

import os
import signal
from pathlib import Path

import pytest
import redis
from django.core.files.uploadedfile import SimpleUploadedFile
from django_q.brokers.redis_broker import Redis as RedisBroker
from django_q.conf import Conf
from django_q.models import Failure, Task
from django_q.tasks import async_task

from photos import uploads
from photos.models import Photo
from tests.photos import corpus
from tests.tasks.conftest import wait_for

pytestmark = pytest.mark.postgres

REDIS_URL = "redis://127.0.0.1:6379/11"


def attempts(trace_dir):
    path = Path(trace_dir) / "attempts"
    return [float(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_it_builds_an_uploads_renditions_in_the_worker_after_the_upload_returned(
    start_worker, settings
):
    clean = uploads.read_upload(SimpleUploadedFile("a.jpg", corpus.jpeg()), "a.jpg")
    photo = uploads.store(clean, alt_text="A test photo")
    # The upload is done: the master is stored, no rendition yet, readers see nothing.
    assert photo.renditions_pending and not photo.renditions.exists()
    assert Path(settings.MEDIA_ROOT, photo.image.name).is_file()
    start_worker()
    wait_for(lambda: not Photo.objects.get(pk=photo.pk).renditions_pending, 60, "the renditions")
    files = list(photo.renditions.values_list("file", flat=True))
    assert len(files) >= 6
    assert all(Path(settings.MEDIA_ROOT, name).is_file() for name in files)


def test_it_retries_a_failing_job_after_a_delay_until_it_succeeds(start_worker, tmp_path):
    async_task("tests.tasks.jobs.flaky", str(tmp_path), 2, task_name="flaky job")
    start_worker(TASK_TIMEOUT_SECONDS="2", TASK_RETRY_SECONDS="3", TASK_MAX_ATTEMPTS="5")
    wait_for(lambda: (tmp_path / "done").exists(), 60, "the third run")
    runs = attempts(tmp_path)
    assert len(runs) == 3
    # Handed out again only once the retry delay has passed, not at once.
    assert all(later - earlier >= 2.5 for earlier, later in zip(runs, runs[1:], strict=False))
    wait_for(lambda: Task.objects.filter(name="flaky job", success=True).exists(), 20, "result")
    assert Task.objects.get(name="flaky job").attempt_count == 3


def test_it_shows_a_job_that_kept_failing_to_staff_in_the_admin_with_its_error(
    start_worker, tmp_path, admin_client
):
    async_task("tests.tasks.jobs.flaky", str(tmp_path), 99, task_name="doomed job")
    start_worker(TASK_TIMEOUT_SECONDS="2", TASK_RETRY_SECONDS="3", TASK_MAX_ATTEMPTS="2")
    wait_for(
        lambda: Failure.objects.filter(name="doomed job", attempt_count=2).exists(), 60, "failure"
    )
    failed = Failure.objects.get(name="doomed job")
    page = admin_client.get(f"/admin/django_q/failure/{failed.pk}/change/").content.decode()
    assert "planned failure 2 of 99" in page
    assert "doomed job" in admin_client.get("/admin/django_q/failure/").content.decode()
    assert len(attempts(tmp_path)) == 2, "given up after TASK_MAX_ATTEMPTS"


def test_it_completes_a_job_whose_worker_was_killed_mid_task(start_worker, tmp_path):
    async_task("tests.tasks.jobs.slow", str(tmp_path), 3, task_name="slow job")
    env = {"TASK_TIMEOUT_SECONDS": "6", "TASK_RETRY_SECONDS": "7"}
    first = start_worker(**env)
    wait_for(lambda: (tmp_path / "started").exists(), 60, "the job to start")
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(10)
    assert not (tmp_path / "done").exists()
    start_worker(**env)
    wait_for(lambda: (tmp_path / "done").exists(), 60, "the job to run again and finish")
    assert len((tmp_path / "started").read_text().split()) == 2
    wait_for(lambda: Task.objects.filter(name="slow job", success=True).exists(), 20, "result")


@pytest.fixture
def redis_queue(queue_name, monkeypatch):
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=5)
    try:
        client.ping()
    except redis.RedisError:
        if os.environ.get("CI"):
            pytest.fail(f"Redis at {REDIS_URL} is unreachable in CI")
        pytest.skip(f"Redis at {REDIS_URL} is unreachable")
    monkeypatch.setattr(Conf, "REDIS", REDIS_URL)
    broker = RedisBroker(list_key=queue_name)
    yield broker
    client.delete(broker.list_key)


def test_it_runs_jobs_from_the_redis_queue(start_worker, redis_queue, tmp_path):
    async_task(
        "tests.tasks.jobs.flaky", str(tmp_path), 0, task_name="redis job", broker=redis_queue
    )
    assert redis_queue.queue_size() == 1
    start_worker(TASK_BROKER="redis", TASK_REDIS_URL=REDIS_URL)
    wait_for(lambda: (tmp_path / "done").exists(), 60, "the job from Redis")
    wait_for(lambda: Task.objects.filter(name="redis job", success=True).exists(), 20, "result")
    assert redis_queue.queue_size() == 0
