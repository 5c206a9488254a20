"""A save the database refuses keeps the editor's text (issue 12 item 7; DESIGN rules 9, 10)."""

import threading

import pytest
from django.db import DataError, OperationalError, connection
from django.urls import reverse

from articles import workflow
from articles.models import Article, Revision
from readers import search
from tests.articles.admin_forms import article_form_data
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def form_of(response):
    return response.context["adminform"].form


def test_it_refuses_a_body_over_the_size_limit_and_keeps_the_text(client, editor, settings):
    article = ArticleFactory(body="<p>Original.</p>")
    huge = "<p>" + "벨라루스 대사관 " * 40_000 + "</p>"  # ~1 MB of UTF-8
    client.force_login(editor)
    response = client.post(change_url(article), article_form_data(article, body=huge))
    assert response.status_code == 200
    [error] = form_of(response).errors["body"]
    assert f"at most {settings.STORY_BODY_MAX_BYTES // 1000:,} KB" in error
    assert "벨라루스 대사관 벨라루스" in response.content.decode()  # the typed text is kept
    article.refresh_from_db()
    assert article.body == "<p>Original.</p>"
    assert article.version == 1


def test_it_accepts_a_long_interview_within_the_limit(client, editor):
    article = ArticleFactory(body="<p>Original.</p>")
    long_read = "".join(
        f'<p class="answer">Answer number {n} about trade.</p>' for n in range(3000)
    )
    client.force_login(editor)
    response = client.post(change_url(article), article_form_data(article, body=long_read))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == long_read


@pytest.mark.postgres
def test_it_saves_a_body_too_long_for_a_tsvector_and_indexes_its_start():
    if not search.uses_full_text():
        pytest.skip("PostgreSQL only: run with DATABASE_URL=postgres://...")
    # 1.6 MB of distinct words: more than PostgreSQL's 1 MB tsvector limit.
    body = "<p>Zebracanary opens. " + " ".join(f"w{n}x" for n in range(250_000)) + "</p>"
    deck = " ".join(f"d{n}y" for n in range(150_000))
    article = ArticleFactory(published=True, body=body, deck=deck)
    assert [a.pk for a in search.search_published("zebracanary").articles] == [article.pk]
    assert Article.objects.get(pk=article.pk).body.startswith("<p>Zebracanary")


def _fails(error, times):
    calls = {"n": 0}
    real = workflow.save_edit

    def save_edit(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] <= times:
            raise error
        return real(*args, **kwargs)

    return save_edit, calls


def test_it_retries_a_save_while_sqlite_is_busy(client, editor, monkeypatch):
    article = ArticleFactory(body="<p>Original.</p>")
    save_edit, calls = _fails(OperationalError("database is locked"), times=2)
    monkeypatch.setattr(workflow, "save_edit", save_edit)
    client.force_login(editor)
    response = client.post(change_url(article), article_form_data(article, body="<p>Mine.</p>"))
    assert response.status_code == 302
    assert calls["n"] == 3
    article.refresh_from_db()
    assert article.body == "<p>Mine.</p>"


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (OperationalError("database is locked"), "someone else was saving at the same moment"),
        (DataError("value too long for type character varying(100)"), "value too long"),
    ],
)
def test_it_shows_a_refused_save_as_a_form_with_the_text_kept(
    client, editor, monkeypatch, error, message
):
    article = ArticleFactory(body="<p>Original.</p>")
    save_edit, _ = _fails(error, times=100)
    monkeypatch.setattr(workflow, "save_edit", save_edit)
    client.force_login(editor)
    response = client.post(
        change_url(article), article_form_data(article, body="<p>My careful words.</p>")
    )
    assert response.status_code == 200
    assert any(message in e for e in form_of(response).non_field_errors())
    assert "My careful words." in response.content.decode()
    article.refresh_from_db()
    assert article.body == "<p>Original.</p>"
    assert not Revision.objects.filter(article=article).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_waits_for_another_sqlite_writer_instead_of_failing(client, editor):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's write lock")
    article = ArticleFactory(body="<p>Original.</p>")
    data = article_form_data(article, body="<p>Mine.</p>")
    client.force_login(editor)
    holding, release = threading.Event(), threading.Event()

    def other_writer():
        with connection.cursor() as cursor:  # this thread's own connection
            cursor.execute("BEGIN IMMEDIATE")  # holds the database's write lock
            holding.set()
            release.wait(5)
            threading.Event().wait(0.5)
            cursor.execute("COMMIT")
        connection.close()

    thread = threading.Thread(target=other_writer)
    thread.start()
    holding.wait(5)
    release.set()
    response = client.post(change_url(article), data)
    thread.join(10)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "<p>Mine.</p>"
