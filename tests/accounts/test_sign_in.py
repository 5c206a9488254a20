"""Where signing in to the admin lands."""

import pytest
from django.test import Client

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's password

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "unsafe_next",
    ["https://evil.example/", "//evil.example/admin/", "javascript:alert(1)", "http:\\\\evil"],
)
def test_it_lands_on_the_admin_index_when_next_is_unsafe(editor, unsafe_next):
    client = Client()

    response = client.post(
        f"/admin/login/?next={unsafe_next}",
        {"username": editor.username, "password": PASSWORD, "next": unsafe_next},
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get(response["Location"]).status_code == 200


def test_it_still_follows_a_safe_next(editor):
    client = Client()

    response = client.post(
        "/admin/login/",
        {"username": editor.username, "password": PASSWORD, "next": "/admin/articles/"},
    )

    assert response["Location"] == "/admin/articles/"
