"""Client-side deadlines for PostgreSQL (DESIGN rule 11): a hung server costs seconds.

A hung server (a stopped process, a stuck disk, a frozen VM) accepts the connection or the
query and never answers. What does not help: its own statement_timeout (it never runs);
libpq's connect_timeout (not applied when psycopg2 connects without blocking, as it does
here); TCP keepalives and tcp_user_timeout (the server's kernel still acknowledges, so the
connection looks alive). What does: psycopg2's wait callback. With one installed, psycopg2
drives libpq without blocking and calls it whenever it waits for the server; ours waits at
most DATABASE_CONNECT_TIMEOUT while connecting and DATABASE_QUERY_TIMEOUT for each answer,
then raises OperationalError. psycopg2 closes that connection, Django reports its own
OperationalError, and pages answer 503 (newsroom.middleware.DatabaseUnavailableMiddleware).
0 means no deadline (long maintenance commands on a big archive).
"""

import select
import time

import psycopg2
from django.conf import settings
from psycopg2 import extensions


def install():
    """Process-wide; psycopg2 allows one wait callback. Idempotent."""
    if extensions.get_wait_callback() is not wait_with_deadline:
        extensions.set_wait_callback(wait_with_deadline)


def wait_with_deadline(conn):
    connecting = conn.status == extensions.STATUS_SETUP
    seconds = settings.DATABASE_CONNECT_TIMEOUT if connecting else settings.DATABASE_QUERY_TIMEOUT
    deadline = time.monotonic() + seconds if seconds else None
    while True:
        state = conn.poll()
        if state == extensions.POLL_OK:
            return
        if state == extensions.POLL_READ:
            events = select.POLLIN
        elif state == extensions.POLL_WRITE:
            events = select.POLLOUT
        else:
            raise psycopg2.OperationalError(f"bad state from poll: {state}")
        # poll(), not select(): no limit on the descriptor number.
        poller = select.poll()
        poller.register(conn.fileno(), events)
        remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
        if not poller.poll(None if remaining is None else remaining * 1000):
            what = "connect" if connecting else "answer"
            raise psycopg2.OperationalError(
                f"PostgreSQL did not {what} within {seconds} s (hung server or network)"
            )
