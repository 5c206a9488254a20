"""Byline profiles in the admin: editors edit all, reporters only their own."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Author
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


def _url(author):
    return reverse("admin:accounts_author_change", args=[author.pk])


def _form(author, **changes):
    data = {
        "name": author.name,
        "slug": author.slug,
        "job_title": author.job_title,
        "bio": author.bio,
        "email": author.email,
        "phone": author.phone,
        "photo": "",
        "user": str(author.user_id or ""),
    }
    data.update(changes)
    return data


def test_it_lets_a_reporter_edit_their_own_profile_but_not_its_owner(
    client, reporter, other_reporter
):
    mine = AuthorFactory(user=reporter, bio="Old bio.")
    client.force_login(reporter)
    response = client.post(_url(mine), _form(mine, bio="New bio.", user=str(other_reporter.pk)))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.bio == "New bio."
    assert mine.user == reporter


def test_it_refuses_a_reporter_someone_elses_profile(client, reporter, other_reporter):
    theirs = AuthorFactory(user=other_reporter, bio="Their bio.")
    client.force_login(reporter)
    assert client.get(_url(theirs)).status_code == 200  # read-only view: bylines need names
    assert 'name="bio"' not in client.get(_url(theirs)).content.decode()
    response = client.post(_url(theirs), _form(theirs, bio="Vandalised."))
    assert response.status_code == 403
    assert Author.objects.get(pk=theirs.pk).bio == "Their bio."


def test_it_lets_an_editor_edit_any_profile(client, editor, other_reporter):
    theirs = AuthorFactory(user=other_reporter)
    client.force_login(editor)
    response = client.post(_url(theirs), _form(theirs, phone="82-2-6956-6698"))
    assert response.status_code == 302
    assert Author.objects.get(pk=theirs.pk).phone == "82-2-6956-6698"


def test_it_refuses_the_photo_desk_any_profile_edit(client, photo_desk):
    author = AuthorFactory()
    client.force_login(photo_desk)
    assert client.post(_url(author), _form(author, bio="x")).status_code == 403
    assert Author.objects.get(pk=author.pk).bio == ""


def test_it_shows_readers_an_edited_bio_at_once_despite_the_page_cache(
    client, editor, django_capture_on_commit_callbacks
):
    author = AuthorFactory(bio="Old bio.")
    ArticleFactory(published=True, authors=[author])
    assert "Old bio." in client.get(author.get_absolute_url()).content.decode()  # now cached

    staff = Client()
    staff.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(_url(author), _form(author, bio="New bio."))
    assert response.status_code == 302

    page = client.get(author.get_absolute_url()).content.decode()
    assert "New bio." in page
    assert "Old bio." not in page
