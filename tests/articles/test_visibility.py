import pytest
from django.utils import timezone

from articles.models import Article, Status
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


def test_it_lists_published_stories_and_hides_drafts_and_future_ones(client):
    author = AuthorFactory()
    live = ArticleFactory(published=True, headline="Live canary", tags=["korea"], authors=[author])
    draft = ArticleFactory(headline="Draft canary", tags=["korea"], authors=[author])
    future = ArticleFactory(
        headline="Future canary",
        status=Status.PUBLISHED,
        published_at=timezone.now() + timezone.timedelta(hours=1),
        tags=["korea"],
        authors=[author],
        section=live.section,
    )
    draft.section = live.section
    draft.save()

    for url in ["/", live.section.get_absolute_url(), "/tags/korea/", author.get_absolute_url()]:
        body = client.get(url).content.decode()
        assert "Live canary" in body, url
        assert "Draft canary" not in body, url
        assert "Future canary" not in body, url

    assert client.get(live.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(future.get_absolute_url()).status_code == 404


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
