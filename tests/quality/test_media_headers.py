"""Uploaded photos are served as images that no browser will sniff into something else."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings

from tests.factories import PhotoFactory

pytestmark = pytest.mark.django_db


def _body(response):
    return b"".join(response.streaming_content)


def test_it_serves_an_uploaded_photo_as_an_image_with_nosniff(client):
    photo = PhotoFactory()

    response = client.get(photo.image.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert _body(response)[:3] == b"\xff\xd8\xff"  # a JPEG, byte for byte from storage


@pytest.mark.parametrize(
    ("name", "content_type"),
    [("x.png", "image/png"), ("x.webp", "image/webp"), ("x.gif", "image/gif")],
)
def test_it_names_the_image_type_from_the_stored_name(client, name, content_type):
    stored = default_storage.save(f"renditions/{name}", ContentFile(b"not checked here"))

    response = client.get(f"/media/{stored}")

    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("name", ["notes.html", "payload.svg", "script.js", "no-extension"])
def test_it_refuses_to_serve_anything_but_images(client, name):
    stored = default_storage.save(f"photos/{name}", ContentFile(b"<script>alert(1)</script>"))

    assert client.get(f"/media/{stored}").status_code == 404


def test_it_refuses_paths_outside_the_media_folder(client):
    assert client.get("/media/../newsroom/settings/base.jpg").status_code == 404
    assert client.get("/media/%2e%2e/%2e%2e/etc/hostname.jpg").status_code == 404


@pytest.mark.parametrize("path", ["x%00.jpg", "photos/%00/x.jpg", "x.jpg%00.png"])
def test_it_answers_404_for_a_null_byte_in_the_path(client, path):
    assert client.get(f"/media/{path}").status_code == 404


def test_it_answers_404_for_a_missing_photo(client):
    assert client.get("/media/photos/2026/01/missing.jpg").status_code == 404


@override_settings(SERVE_MEDIA=False)
def test_it_leaves_media_to_object_storage_when_not_serving_them(client):
    photo = PhotoFactory()

    assert client.get(photo.image.url).status_code == 404
