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
