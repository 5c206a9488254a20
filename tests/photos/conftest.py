import pytest

from tests import s3


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """A fresh media directory per test, so 'no file stored' can be checked exactly."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def stored_files(media_root):
    if not media_root.exists():
        return []
    return sorted(path for path in media_root.rglob("*") if path.is_file())


def make_photo(data=None, name="photo.jpg", uploaded_by=None, **fields):
    """A photo that went through the real upload pipeline (stripped master + renditions)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from photos import uploads
    from tests.photos import corpus

    clean = uploads.read_upload(SimpleUploadedFile(name, data or corpus.jpeg()), name)
    fields.setdefault("alt_text", "A test photo")
    photo = uploads.store(clean, uploaded_by=uploaded_by, **fields)
    # The renditions job ran at once (sync mode in tests) and updated the row.
    photo.refresh_from_db()
    return photo


@pytest.fixture(scope="session")
def s3_endpoint():
    """A real S3 API server (moto) for the whole session: see tests/s3.py."""
    endpoint, process = s3.start_server()
    yield endpoint
    if process is not None:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def s3_bucket(s3_endpoint, settings, media_root):
    """MEDIA_STORAGE=s3 on a fresh bucket for this test. Changing STORAGES makes Django
    drop its storage instances, so default_storage and the file fields use the bucket."""
    bucket = s3.Bucket(s3_endpoint)
    settings.STORAGES = {**settings.STORAGES, "default": bucket.storage_config()}
    return bucket
