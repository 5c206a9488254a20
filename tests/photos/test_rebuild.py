"""Photos stored without the upload pipeline (imports, fixtures) get stripped and rendered
by `manage.py rebuild_renditions`."""

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from photos.models import Photo
from tests.factories import PhotoFactory
from tests.photos import corpus
from tests.photos.test_uploads import assert_clean

pytestmark = pytest.mark.django_db


def test_it_strips_and_renders_photos_that_skipped_the_pipeline(
    capsys, django_capture_on_commit_callbacks
):
    raw = PhotoFactory(image=ContentFile(corpus.jpeg_with_gps_and_serial(), name="raw.jpg"))
    with raw.image.open("rb") as handle:
        assert corpus.SERIAL.encode() in handle.read()
    old_name = raw.image.name

    with django_capture_on_commit_callbacks(execute=True):
        call_command("rebuild_renditions")
    raw.refresh_from_db()
    assert raw.renditions.count() == 6
    assert raw.content_hash
    assert_clean(raw)
    assert not raw.image.storage.exists(old_name)
    assert "Rebuilt renditions of 1 photo." in capsys.readouterr().out

    call_command("rebuild_renditions")  # nothing left to do
    assert "Rebuilt renditions of 0 photos." in capsys.readouterr().out


def test_it_fails_with_one_line_per_unreadable_photo():
    broken = PhotoFactory()
    storage = broken.image.storage
    storage.delete(broken.image.name)
    storage.save(broken.image.name, ContentFile(b"not an image"))
    with pytest.raises(CommandError, match=f"photo {broken.pk}: .*not a JPEG"):
        call_command("rebuild_renditions")
    assert Photo.objects.get(pk=broken.pk).renditions.count() == 0
