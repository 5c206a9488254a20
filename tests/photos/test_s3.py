"""Media on object storage (MEDIA_STORAGE=s3) against a real S3 API server (moto's
standalone server, tests/s3.py): uploads, renditions, deletes, the public URLs, the copy of
a local library, and an outage in the middle of an upload."""

import datetime as dt
import hashlib
import json
import os
import socket
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone

from newsroom.settings.media_storage import MEDIA_CACHE_CONTROL, default_storage_config
from photos import renditions, storage
from photos.models import Photo, Rendition
from tests import s3
from tests.factories import ArticleFactory
from tests.photos import corpus
from tests.photos.conftest import make_photo, stored_files
from tests.photos.test_uploads import as_file, upload
from tests.tcp import StallingProxy

pytestmark = pytest.mark.django_db

DEFAULT_LOCAL = "django.core.files.storage.FileSystemStorage"
TYPES = {".jpg": "image/jpeg", ".webp": "image/webp"}


def names_of(photo):
    return sorted([photo.image.name, *photo.renditions.values_list("file", flat=True)])


def assert_served_right(bucket, names):
    for name in names:
        head = bucket.head(name)
        assert head["ContentType"] == TYPES[name[name.rfind(".") :]], name
        assert head["CacheControl"] == MEDIA_CACHE_CONTROL, name


def test_it_stores_the_master_and_renditions_in_the_bucket_and_nothing_on_disk(
    client, photo_desk, s3_bucket, media_root
):
    client.force_login(photo_desk)
    response = upload(client, as_file("harbour.jpg", corpus.jpeg(2000, 1200)))
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (2000, 1200)
    assert photo.renditions.count() > 6
    assert s3_bucket.keys() == names_of(photo)
    assert_served_right(s3_bucket, names_of(photo))
    assert stored_files(media_root) == []


def test_public_pages_point_at_the_custom_domain(client, s3_endpoint, settings, media_root):
    bucket = s3.Bucket(s3_endpoint)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": bucket.storage_config(AWS_S3_CUSTOM_DOMAIN="media.example.test"),
    }
    photo = make_photo(caption="Harbour at dawn")
    story = ArticleFactory(published=True, lead_photo=photo)
    html = client.get(story.get_absolute_url()).content.decode()
    card = photo.renditions.filter(crop=Rendition.Crop.ORIGINAL, format="webp").first()
    assert f"https://media.example.test/{card.file.name}" in html
    # Plain URLs (no signature that changes per request), never the app's /media/.
    assert "X-Amz-Signature" not in html and 'src="/media/' not in html
    assert stored_files(media_root) == []


def test_deleting_a_photo_removes_its_objects(
    client, photo_desk, s3_bucket, django_capture_on_commit_callbacks
):
    kept = make_photo(data=corpus.jpeg(900, 600))
    photo = make_photo(data=corpus.jpeg(800, 600))
    assert set(names_of(photo)) <= set(s3_bucket.keys())
    client.force_login(photo_desk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/photos/photo/{photo.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert s3_bucket.keys() == names_of(kept)


def test_deleting_a_photo_while_s3_is_down_deletes_the_row_and_the_sweep_the_objects(
    client, photo_desk, s3_bucket, settings, django_capture_on_commit_callbacks
):
    photo = make_photo(data=corpus.jpeg(800, 600))
    names = names_of(photo)
    with socket.socket() as closed:  # a port nobody listens on: connections are refused
        closed.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{closed.getsockname()[1]}"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_bucket.storage_config(endpoint=dead, AWS_S3_MAX_ATTEMPTS="1"),
    }
    client.force_login(photo_desk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/photos/photo/{photo.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Photo.objects.exists()
    assert s3_bucket.keys() == names
    settings.STORAGES = {**settings.STORAGES, "default": s3_bucket.storage_config()}
    call_command("sweep_media", "--older-than", "0")
    assert s3_bucket.keys() == []


def test_moving_the_focal_point_replaces_the_crops_in_the_bucket(
    s3_bucket, django_capture_on_commit_callbacks
):
    photo = make_photo(data=corpus.jpeg(1600, 900))
    before = set(names_of(photo))
    photo.focal_x = 0.1
    photo.save()
    with django_capture_on_commit_callbacks(execute=True):
        renditions.rebuild_crops(photo)
    after = names_of(photo)
    assert s3_bucket.keys() == after
    assert set(after) != before
    assert_served_right(s3_bucket, after)


def test_rebuilding_renditions_reads_the_master_from_the_bucket_and_replaces_every_object(
    s3_bucket, media_root, django_capture_on_commit_callbacks
):
    photo = make_photo(data=corpus.jpeg(1000, 700))
    before = set(names_of(photo))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rebuild_renditions", "--all")
    photo.refresh_from_db()
    after = names_of(photo)
    assert s3_bucket.keys() == after
    assert not before & set(after)
    assert_served_right(s3_bucket, after)
    assert stored_files(media_root) == []


def _md5(data):
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


def test_migrate_media_copies_a_local_library_resumes_and_verifies(
    s3_endpoint, settings, media_root, capsys
):
    # A library on the local disk (the embedded default)...
    first = make_photo(data=corpus.jpeg(900, 600))
    second = make_photo(data=corpus.jpeg(700, 500))
    local = {
        path.relative_to(media_root).as_posix(): path.read_bytes()
        for path in stored_files(media_root)
    }
    assert sorted(local) == sorted(names_of(first) + names_of(second))
    # ...copied to the bucket once the site is switched to S3.
    bucket = s3.Bucket(s3_endpoint)
    settings.STORAGES = {**settings.STORAGES, "default": bucket.storage_config()}
    call_command("migrate_media", "--to", "s3")
    out, err = capsys.readouterr()
    assert f"Copied {len(local)} file(s), 0 already there" in out
    assert f"migrate_media: {len(local)}/{len(local)} (100%)" in err
    assert bucket.keys() == sorted(local)
    assert all(_md5(bucket.read(name)) == _md5(data) for name, data in local.items())
    assert_served_right(bucket, sorted(local))

    # Stopped half-way: one object is missing, one is damaged. A rerun fixes exactly those.
    missing, damaged = sorted(local)[:2]
    bucket.client.delete_object(Bucket=bucket.name, Key=missing)
    bucket.put(damaged, b"half-written")
    call_command("migrate_media", "--to", "s3")
    out, _ = capsys.readouterr()
    assert f"Copied 2 file(s), {len(local) - 2} already there" in out
    assert bucket.read(missing) == local[missing] and bucket.read(damaged) == local[damaged]


def test_migrate_media_stops_with_one_line_when_a_local_file_is_missing(
    s3_bucket, settings, media_root
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    photo = make_photo()
    (media_root / photo.image.name).unlink()
    settings.STORAGES = {**settings.STORAGES, "default": s3_bucket.storage_config()}
    with pytest.raises(CommandError) as refused:
        call_command("migrate_media", "--to", "s3")
    message = str(refused.value)
    assert f"{photo.image.name}: missing from the local library" in message
    assert "\n" not in message


def test_migrate_media_refuses_without_s3_settings():
    with pytest.raises(CommandError, match="needs MEDIA_STORAGE=s3"):
        call_command("migrate_media", "--to", "s3")


def test_an_outage_mid_upload_gives_a_form_error_and_leaves_nothing(
    client, photo_desk, s3_endpoint, settings, media_root, monkeypatch
):
    bucket = s3.Bucket(s3_endpoint)
    host, port = s3_endpoint.removeprefix("http://").split(":")
    with StallingProxy((host, int(port))) as proxy:
        settings.STORAGES = {
            **settings.STORAGES,
            "default": bucket.storage_config(
                endpoint=f"http://127.0.0.1:{proxy.port}",
                AWS_S3_READ_TIMEOUT="3",
                AWS_S3_MAX_ATTEMPTS="1",
            ),
        }
        in_use = make_photo(data=corpus.jpeg(600, 400))
        build = renditions.build

        def storage_hangs_after_the_master(*args, **kwargs):
            assert len(bucket.keys()) == len(names_of(in_use)) + 1  # the master is there
            proxy.hang()
            return build(*args, **kwargs)

        monkeypatch.setattr(renditions, "build", storage_hangs_after_the_master)
        client.force_login(photo_desk)
        response = upload(client, as_file("harbour.jpg", corpus.jpeg(900, 600)))
        assert response.status_code == 200
        assert "harbour.jpg: the photo could not be saved (storage error)" in (
            response.content.decode()
        )
        assert list(Photo.objects.all()) == [in_use]
        assert Rendition.objects.exclude(photo=in_use).count() == 0
        # The cleanup could not reach the storage either: the sweep removes the master once
        # it answers again, and keeps every file a photo uses.
        proxy.resume()
        assert len(bucket.keys()) == len(names_of(in_use)) + 1
        call_command("sweep_media", "--older-than", "0")
        assert bucket.keys() == names_of(in_use)
    assert stored_files(media_root) == []


def test_a_storage_that_refuses_writes_gives_a_form_error_and_no_row(
    client, photo_desk, s3_bucket, media_root
):
    # The bucket is gone (or the keys lost their rights): S3 answers, with an error.
    s3_bucket.client.delete_bucket(Bucket=s3_bucket.name)
    client.force_login(photo_desk)
    response = upload(client, as_file("harbour.jpg", corpus.jpeg(900, 600)))
    assert response.status_code == 200
    assert "harbour.jpg: the photo could not be saved (storage error)" in (
        response.content.decode()
    )
    assert not Photo.objects.exists() and not Rendition.objects.exists()
    assert stored_files(media_root) == []


def test_the_sweep_keeps_recent_files_of_uploads_in_progress(s3_bucket):
    s3_bucket.put("photos/2026/11/inflight.jpg", b"x")
    call_command("sweep_media")
    assert s3_bucket.keys() == ["photos/2026/11/inflight.jpg"]
    later = timezone.now() + dt.timedelta(hours=2)
    assert storage.sweep(default_storage, dt.timedelta(hours=1), later) == [
        "photos/2026/11/inflight.jpg"
    ]
    assert s3_bucket.keys() == []


def test_s3_settings_fail_closed_and_bound_every_call():
    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"):
        default_storage_config({"MEDIA_STORAGE": "s3"})
    with pytest.raises(ImproperlyConfigured, match="'local' or 's3'"):
        default_storage_config({"MEDIA_STORAGE": "ftp"})
    config = default_storage_config({"MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": "b"})
    client = config["OPTIONS"]["client_config"]
    assert client.connect_timeout and client.read_timeout
    assert client.retries["max_attempts"] >= 1
    assert config["OPTIONS"]["querystring_auth"] is False


def _settings_with(**environ):
    """Production-style settings built in a fresh process from `environ`."""
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps({'img': settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'], "
        "'storage': settings.STORAGES['default']['BACKEND']}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.base",
        "NEWSROOM_ENV": "development",
        **environ,
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_pages_may_load_images_from_the_cdn_host_when_media_are_on_s3():
    local = _settings_with(MEDIA_STORAGE="local")
    assert local == {"img": ["'self'", "data:"], "storage": DEFAULT_LOCAL}
    cdn = _settings_with(
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="newsroom-media",
        AWS_S3_CUSTOM_DOMAIN="media.example.test",
    )
    assert cdn == {
        "img": ["'self'", "data:", "https://media.example.test"],
        "storage": "storages.backends.s3.S3Storage",
    }
