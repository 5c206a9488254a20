"""The background jobs themselves, run in the test process (sync mode): each is
idempotent, and a photo whose renditions are still being built stays off the public site."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django_q.conf import Conf
from django_q.models import OrmQ, Schedule

from articles.models import Notification
from articles.notifications import email_notification, notify
from articles.readiness import publish_blockers
from photos import tasks, uploads
from photos.models import CreditKind, Photo
from tests.factories import ArticleFactory, AuthorFactory
from tests.photos import corpus
from tests.photos.conftest import make_photo, stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued_only(monkeypatch):
    """Jobs go to the database queue and wait there (no worker in these tests)."""
    monkeypatch.setattr(Conf, "SYNC", False)


def upload():
    clean = uploads.read_upload(SimpleUploadedFile("a.jpg", corpus.jpeg()), "a.jpg")
    return uploads.store(
        clean, alt_text="A test photo", photographer="Jane Doe", credit_kind=CreditKind.STAFF
    )


def test_an_upload_stores_the_master_and_queues_its_renditions(queued_only, media_root):
    photo = upload()
    assert photo.renditions_pending
    assert not photo.renditions.exists()
    assert stored_files(media_root) == [media_root / photo.image.name]
    queued = OrmQ.objects.get()
    assert queued.func() == "photos.tasks.build_renditions"
    assert queued.task["args"] == (photo.pk,)


def test_the_renditions_job_builds_once_however_often_it_runs(queued_only, media_root):
    photo = upload()
    assert tasks.build_renditions(photo.pk).endswith("renditions")
    files = stored_files(media_root)
    rows = list(photo.renditions.values_list("pk", flat=True))
    assert len(files) == len(rows) + 1 and rows
    assert tasks.build_renditions(photo.pk).startswith("nothing to do")
    assert stored_files(media_root) == files
    assert list(photo.renditions.values_list("pk", flat=True)) == rows
    assert not Photo.objects.get(pk=photo.pk).renditions_pending


def test_a_photo_being_processed_blocks_publishing_until_its_renditions_exist(queued_only):
    photo = upload()
    story = ArticleFactory(authors=[AuthorFactory()], lead_photo=photo)
    assert "the lead photo is still being processed: try again in a moment" in (
        publish_blockers(story)
    )
    tasks.build_renditions(photo.pk)
    story.lead_photo.refresh_from_db()
    assert publish_blockers(story) == []


def test_readers_never_get_the_master_of_a_photo_being_processed(queued_only, client, photo_desk):
    photo = upload()
    story = ArticleFactory(published=True, authors=[AuthorFactory()], lead_photo=photo)
    page = client.get(story.get_absolute_url()).content.decode()
    assert photo.image.url not in page and "<picture>" not in page
    assert client.get(photo.image.url).status_code == 404
    preview = f"/admin/photos/photo/{photo.pk}/master/"
    assert client.get(preview).status_code == 302  # to the login page
    client.force_login(photo_desk)
    response = client.get(preview)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert preview in client.get(f"/admin/photos/photo/{photo.pk}/change/").content.decode()

    tasks.build_renditions(photo.pk)
    client.logout()
    assert "<picture>" in client.get(story.get_absolute_url()).content.decode()


def test_the_re_crop_job_gives_the_same_crops_however_often_it_runs(
    media_root, django_capture_on_commit_callbacks
):
    photo = make_photo()
    Photo.objects.filter(pk=photo.pk).update(focal_x=0.1)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.rebuild_crops(photo.pk)
    first = sorted(photo.renditions.values_list("crop", "format", "width", "height"))
    count = len(stored_files(media_root))
    with django_capture_on_commit_callbacks(execute=True):
        tasks.rebuild_crops(photo.pk)
    assert sorted(photo.renditions.values_list("crop", "format", "width", "height")) == first
    assert len(stored_files(media_root)) == count


def test_the_e_mail_job_sends_each_notification_once(editor, django_capture_on_commit_callbacks):
    story = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notify([editor], story, "submit", "Someone submitted a story.")
    assert [message.to for message in mail.outbox] == [[editor.email]]
    item = Notification.objects.get(recipient=editor)
    assert item.emailed_at is not None
    assert email_notification(item.pk).startswith("sent already")
    assert len(mail.outbox) == 1


def test_the_worker_retries_pending_purges_every_minute():
    schedule = Schedule.objects.get(name="retry pending purges")
    assert (schedule.func, schedule.schedule_type, schedule.minutes) == (
        "readers.cache.retry_pending_purges",
        Schedule.MINUTES,
        1,
    )
