"""Queueing background jobs (django-q2; README "Background jobs").

The queue delivers at least once: a job comes back after its worker was killed or after it
raised, so every job function must be idempotent (running it twice leaves what once does).
"""

from functools import partial

from django.conf import settings
from django.db import transaction
from django_q.models import Schedule
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


# Recurring jobs, run by the worker (django-q2 schedules); written on every migrate.
SCHEDULES = [
    {
        # Purges that could not reach the page cache (readers/cache.py): idempotent, and a
        # no-op while none is pending. Meanwhile the page cache serves no hits.
        "name": "retry pending purges",
        "func": "readers.cache.retry_pending_purges",
        "schedule_type": "I",  # every `minutes`
        "minutes": 1,
    },
]


def ensure_schedules(**kwargs):
    for schedule in SCHEDULES:
        Schedule.objects.update_or_create(
            name=schedule["name"], defaults={**schedule, "repeats": -1}
        )
