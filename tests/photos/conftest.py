import pytest


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
