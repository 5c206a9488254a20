import pytest
from django.db import OperationalError, connection

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def database_down(execute, sql, params, many, context):
    raise OperationalError("could not connect to server: Connection refused")


def test_public_pages_answer_503_with_retry_after_when_the_database_is_down(client):
    story = ArticleFactory(published=True)
    with connection.execute_wrapper(database_down):
        for url in ["/", story.get_absolute_url(), "/feed/", "/search/?q=x", "/sitemap.xml"]:
            response = client.get(url)
            assert response.status_code == 503, url
            assert response["Retry-After"] == "30"
            assert "no-store" in response["Cache-Control"]
            assert "Temporarily unavailable" in response.content.decode()


def test_a_page_already_in_the_cache_is_still_served_when_the_database_is_down(client):
    ArticleFactory(published=True, headline="Cached story")
    client.get("/")
    with connection.execute_wrapper(database_down):
        response = client.get("/")
    assert response.status_code == 200
    assert "Cached story" in response.content.decode()


def test_healthz_says_the_database_is_down(client):
    with connection.execute_wrapper(database_down):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "down: OperationalError"
    assert response.json()["checks"]["cache"] == "ok"


def test_unknown_pages_get_the_branded_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "We can’t find that page" in body
    assert 'role="search"' in body


def test_a_crash_gets_the_branded_500(client, monkeypatch):
    from readers import views

    def crash(*args, **kwargs):
        raise ValueError("bug")

    monkeypatch.setattr(views, "render", crash)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_the_500_page_renders_without_the_database(rf, django_assert_num_queries):
    from newsroom.views import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "The Newsroom" in response.content.decode()
