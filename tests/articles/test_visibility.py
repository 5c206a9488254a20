"""Unknown addresses and the body. Every editorial state on every public surface is
tests/newsroom/test_public_surfaces.py; scheduling by the clock test_workflow_visibility.py."""

import pytest

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_it_answers_404_for_unknown_sections_tags_and_authors(client):
    for url in ["/sections/nope/", "/tags/nope/", "/authors/nope/", "/people/nope/"]:
        assert client.get(url).status_code == 404, url


def test_it_sanitises_the_body_on_every_save_even_outside_forms():
    article = ArticleFactory(
        body='<p onclick="steal()">Hi<script>alert(1)</script>'
        '<a href="javascript:alert(1)">x</a><svg onload="x()"></svg></p>'
    )
    article.refresh_from_db()
    assert "script" not in article.body
    assert "onclick" not in article.body
    assert "javascript:" not in article.body
    assert "svg" not in article.body
    assert Article.objects.get(pk=article.pk).body.startswith("<p>Hi")
