"""The story editor's inline-photo node survives both sanitisers (form and model)."""

import pytest

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<p>a</p><figure class="inline-photo evil" data-photo="12" onclick="x()" style="x">'
    '<img src="x" onerror="y()"><script>z()</script></figure>'
)
CLEAN = '<p>a</p><figure class="inline-photo" data-photo="12"></figure>'


def test_the_editor_form_keeps_an_inline_photo_and_nothing_else():
    field = Article._meta.get_field("body")
    assert field.sanitize(HOSTILE) == CLEAN


def test_the_model_keeps_an_inline_photo_and_nothing_else():
    article = ArticleFactory(body=HOSTILE)
    article.refresh_from_db()
    assert article.body == CLEAN
