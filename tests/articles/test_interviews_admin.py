"""The admin side of interviews: people, interviewee autocomplete, note suggestions, help."""

import re

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from articles.admin.people import IntervieweeInline
from articles.interviews import STANDARD_NOTES
from articles.models import Article, Interviewee, Person, Status
from tests.factories import ArticleFactory, IntervieweeFactory, PersonFactory

pytestmark = pytest.mark.django_db

AUTOCOMPLETE = "/admin/autocomplete/"
PERSON_FIELD = {"app_label": "articles", "model_name": "interviewee", "field_name": "person"}


def test_it_finds_interviewees_by_name_or_organisation_for_the_autocomplete(client, reporter):
    PersonFactory(name="Andrei Popkov", organisation="Embassy of Belarus")
    PersonFactory(name="Olga Ivanova", organisation="Minsk University")
    client.force_login(reporter)

    by_name = client.get(AUTOCOMPLETE, {**PERSON_FIELD, "term": "popk"})
    assert by_name.status_code == 200
    assert [r["text"] for r in by_name.json()["results"]] == ["Andrei Popkov"]

    by_organisation = client.get(AUTOCOMPLETE, {**PERSON_FIELD, "term": "minsk"})
    assert [r["text"] for r in by_organisation.json()["results"]] == ["Olga Ivanova"]


def test_it_keeps_the_people_list_from_outsiders_and_the_photo_desk(client, outsider, photo_desk):
    PersonFactory(name="Andrei Popkov")
    client.force_login(outsider)
    assert client.get(AUTOCOMPLETE, {**PERSON_FIELD, "term": "popk"}).status_code == 302
    client.force_login(photo_desk)
    assert client.get(AUTOCOMPLETE, {**PERSON_FIELD, "term": "popk"}).status_code == 403
    assert client.get("/admin/articles/person/").status_code == 403


def test_it_refreshes_cached_pages_when_an_editor_changes_a_person(
    client, editor, django_capture_on_commit_callbacks
):
    person = PersonFactory(name="Andrei Popkov", slug="andrei-popkov", title="Ambassador")
    IntervieweeFactory(person=person, article__published=True)
    assert "Ambassador" in client.get(person.get_absolute_url()).content.decode()

    client.force_login(editor)
    data = {"name": "Andrei Popkov", "slug": "andrei-popkov", "title": "Former ambassador"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/articles/person/{person.pk}/change/", data)
    assert response.status_code == 302
    client.logout()
    assert "Former ambassador" in client.get(person.get_absolute_url()).content.decode()


def test_it_lets_a_reporter_add_the_person_they_interviewed_but_only_editors_change_people(
    client, editor, reporter
):
    data = {"name": "Andrei Popkov", "slug": "andrei-popkov", "title": "Ambassador"}

    client.force_login(reporter)
    assert client.post("/admin/articles/person/add/", data).status_code == 302
    person = Person.objects.get()
    changed = {**data, "title": "Former ambassador"}
    url = f"/admin/articles/person/{person.pk}/change/"
    assert client.post(url, changed).status_code == 403
    person.refresh_from_db()
    assert person.title == "Ambassador"

    client.force_login(editor)
    assert client.post(url, changed).status_code == 302
    person.refresh_from_db()
    assert person.title == "Former ambassador"


def test_it_lists_people_with_their_interview_count(client, editor):
    person = PersonFactory(name="Andrei Popkov")
    IntervieweeFactory(person=person)
    IntervieweeFactory(person=person)
    client.force_login(editor)
    response = client.get("/admin/articles/person/", {"q": "Popkov"})
    assert response.status_code == 200
    row = re.search(r"<tr>.*?Andrei Popkov.*?</tr>", response.content.decode(), re.S).group(0)
    assert '<td class="field-interview_count">2</td>' in row


def test_it_offers_standard_interview_notes_and_explains_q_and_a_in_the_story_form(client, editor):
    client.force_login(editor)
    page = client.get("/admin/articles/article/add/").content.decode()
    assert 'list="id_interview_note_suggestions"' in page
    assert '<datalist id="id_interview_note_suggestions">' in page
    for note in STANDARD_NOTES:
        assert f'<option value="{note}"></option>' in page
    assert "Block style → Question or Answer" in page
    # The editor's own base styles come as a file: the CSP refuses its inline <style>.
    assert "/static/css/editor-base.css" in page
    assert "/static/css/editor-interviews.css" in page
    assert "Pull quote" in page


def test_it_lets_the_editor_load_its_import_map_under_the_content_security_policy(client, editor):
    client.force_login(editor)
    response = client.get("/admin/articles/article/add/")
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<script type="importmap" nonce="{nonce}">' in response.content.decode()


def test_it_refuses_the_same_interviewee_twice_with_a_clear_message(rf, editor):
    article = ArticleFactory(kind="interview")
    person = PersonFactory(name="Andrei Popkov")
    request = rf.post("/")
    request.user = editor
    formset_class = IntervieweeInline(Article, admin.site).get_formset(request, article)
    row = {"person": person.pk, "title_at_time": "Ambassador", "position": 0}
    data = {
        "interviewees-TOTAL_FORMS": "2",
        "interviewees-INITIAL_FORMS": "0",
        **{f"interviewees-0-{k}": v for k, v in row.items()},
        **{f"interviewees-1-{k}": v for k, v in row.items()},
    }
    formset = formset_class(data, instance=article, prefix="interviewees")
    assert not formset.is_valid()
    assert "Please correct the duplicate data for person" in " ".join(formset.non_form_errors())
    assert not Interviewee.objects.exists()


def test_it_keeps_an_interview_without_interviewee_out_of_review_from_the_admin(client, reporter):
    try:
        reverse("admin:articles_article_transition", args=[1, "submit"])
    except NoReverseMatch:
        pytest.skip("the admin's workflow steps are not on this branch yet")
    article = ArticleFactory(kind="interview", created_by=reporter)
    client.force_login(reporter)
    submit = reverse("admin:articles_article_transition", args=[article.pk, "submit"])

    response = client.post(submit, follow=True)
    assert "an interview needs at least one interviewee" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.DRAFT

    IntervieweeFactory(article=article)
    client.post(submit)
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
