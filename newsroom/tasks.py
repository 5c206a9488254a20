"""Queueing background jobs (django-q2; README "Background jobs").

The queue delivers at least once: a job comes back after its worker was killed or after it
raised, so every job function must be idempotent (running it twice leaves what once does).
"""

from functools import partial

from django.conf import settings
from django.db import transaction
from django_q.tasks import async_task


def enqueue(func, *args, task_name=None):
    """Queue `func(*args)` (a dotted path) to run in a worker.

    With the database as the queue the job row is written in the caller's transaction, so
    it commits or rolls back with the change that asked for it: no job for a rolled-back
    row, no row without its job. Another broker gets the job only after commit."""
    submit = partial(async_task, func, *args, task_name=task_name)
    if "orm" in settings.Q_CLUSTER:
        submit()
    else:
        transaction.on_commit(submit)
