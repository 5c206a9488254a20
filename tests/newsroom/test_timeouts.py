"""A hung PostgreSQL costs seconds, not a hung site (issue 12 item 4).

"Hung" is a local TCP proxy that accepts and never answers, or stops answering mid-way;
the machine's shared PostgreSQL is never paused.
"""

import queue
import threading

import pytest
from django.db import OperationalError, connection, connections
from django.db.utils import load_backend
from django.test import Client, override_settings

from tests.factories import ArticleFactory
from tests.tcp import StallingProxy

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL client deadlines"
)

SHORT = {"DATABASE_CONNECT_TIMEOUT": 1, "DATABASE_QUERY_TIMEOUT": 1}
# Far above the deadlines: a test that reaches it found no deadline at all.
GIVE_UP_SECONDS = 20


class Worker:
    """One thread that keeps its database connection between calls, like an app server's."""

    def __init__(self):
        self.jobs = queue.Queue()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while (job := self.jobs.get()) is not None:
            work, answer = job
            try:
                answer.put(("result", work()))
            except Exception as exc:  # noqa: BLE001 - handed back to the test
                answer.put(("error", exc))
        connections.close_all()

    def run(self, work, seconds=GIVE_UP_SECONDS):
        """work()'s result; its exception as an outcome; a failure if it hangs."""
        answer = queue.Queue()
        self.jobs.put((work, answer))
        try:
            kind, value = answer.get(timeout=seconds)
        except queue.Empty:
            pytest.fail(f"still waiting for PostgreSQL after {seconds} s")
        return {kind: value}

    def stop(self):
        self.jobs.put(None)


def finished_within(seconds, work):
    worker = Worker()
    try:
        return worker.run(work, seconds)
    finally:
        worker.stop()


def wrapper_through(proxy):
    settings_dict = {**connection.settings_dict, "HOST": "127.0.0.1", "PORT": proxy.port}
    return load_backend(settings_dict["ENGINE"]).DatabaseWrapper(
        settings_dict
    )  # alias "default": signal handlers look it up


@pytest.mark.django_db
@override_settings(**SHORT)
def test_it_gives_up_connecting_to_a_postgresql_that_never_answers():
    with StallingProxy() as hung:
        db = wrapper_through(hung)
        outcome = finished_within(GIVE_UP_SECONDS, db.ensure_connection)
        assert isinstance(outcome.get("error"), OperationalError), outcome
        assert hung.accepted == 1


@pytest.mark.django_db
@override_settings(**SHORT)
def test_it_gives_up_on_a_query_postgresql_never_answers():
    with StallingProxy(upstream=(connection.settings_dict["HOST"] or "127.0.0.1", 5432)) as pg:
        db = wrapper_through(pg)
        db.ensure_connection()
        pg.hang()

        def query():
            with db.wrap_database_errors:  # as Django reports driver errors
                db.connection.cursor().execute("SELECT 1")

        outcome = finished_within(GIVE_UP_SECONDS, query)
        assert isinstance(outcome.get("error"), OperationalError), outcome
        assert "did not answer" in str(outcome["error"])
        db.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(**SHORT)
def test_pages_and_healthz_answer_503_with_retry_after_while_postgresql_hangs():
    story = ArticleFactory(published=True)
    settings_dict = connection.settings_dict
    saved = settings_dict["HOST"], settings_dict["PORT"]
    upstream = (saved[0] or "127.0.0.1", int(saved[1] or 5432))
    with StallingProxy(upstream=upstream) as pg:
        # Every new connection (this test's threads included) goes through the proxy.
        connections.close_all()
        settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", pg.port
        worker = Worker()
        try:
            reader = Client()
            # The worker's connection is open (CONN_MAX_AGE) when the server hangs.
            assert worker.run(lambda: reader.get("/healthz"))["result"].status_code == 200
            pg.hang()
            for url in ["/", story.get_absolute_url(), "/healthz"]:
                response = worker.run(lambda url=url: reader.get(url))["result"]
                assert response.status_code == 503, url
                assert response["Retry-After"] == "30", url
            assert response.json()["checks"]["database"].startswith("down")
        finally:
            worker.stop()
            settings_dict["HOST"], settings_dict["PORT"] = saved
            connections.close_all()
