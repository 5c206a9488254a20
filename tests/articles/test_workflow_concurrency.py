"""No lost updates under real concurrency (PostgreSQL: SQLite serialises writers anyway)."""

import threading

import pytest
from django.db import connection, transaction

from articles import revisions, workflow
from articles.models import Article, Revision
from tests.factories import ArticleFactory, UserFactory

SAVERS = 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_lets_exactly_one_of_20_concurrent_saves_from_one_version_win():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locking; run with DATABASE_URL=postgres://...")
    article = ArticleFactory(body="<p>Original.</p>")
    editors = [UserFactory() for _ in range(SAVERS)]
    start = threading.Barrier(SAVERS)
    outcomes, lock = [], threading.Lock()

    def save(index):
        try:
            mine = Article.objects.get(pk=article.pk)
            mine.body = f"<p>Version from editor {index}.</p>"
            start.wait()
            with transaction.atomic():
                workflow.save_edit(mine, editors[index], expected_version=1)
                revisions.record(mine, editors[index], note="Edited")
            result = ("saved", index)
        except workflow.EditConflict:
            result = ("conflict", index)
        except Exception as error:  # noqa: BLE001 - any other outcome is the failure we count
            result = ("error", repr(error))
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=save, args=(i,)) for i in range(SAVERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    kinds = [kind for kind, _ in outcomes]
    assert kinds.count("error") == 0, outcomes
    assert kinds.count("saved") == 1
    assert kinds.count("conflict") == SAVERS - 1
    winner = next(index for kind, index in outcomes if kind == "saved")
    article.refresh_from_db()
    assert article.version == 2
    assert article.body == f"<p>Version from editor {winner}.</p>"
    assert list(Revision.objects.filter(article=article).values_list("number", flat=True)) == [1]
