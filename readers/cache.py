"""Purging of cached public pages.

Every cached public page key includes a site-wide generation number; bumping it makes
every cached page stale at once. Coarse, but correct with several app servers sharing
one cache, and cheap: newsrooms publish a few times an hour, readers read all day.

A purge must not depend on the cache being up (a legal takedown): schedule_purge() writes a
PendingPurge row in the caller's transaction and bumps the generation once it commits. A
purge that cannot reach the cache stays in the database and is retried by the task worker
every minute (newsroom/tasks.py SCHEDULES; `make run` starts it) until it succeeds;
meanwhile the admin shows a warning and the page cache serves no hits (pending_purges_block_hits()).
"""

import logging
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone

from articles.workflow import next_visibility_change
from readers.models import PendingPurge

logger = logging.getLogger(__name__)

GENERATION_KEY = "public-pages:generation"
# Every public request needs the generation; reading it from the cache server each time
# cost as much as serving the cached page. Each process keeps it this long, so a purge from
# another process shows within a second (a purge from this one shows at once).
LOCAL_GENERATION_SECONDS = 1.0
_local = {"generation": None, "read_at": 0.0}
NEXT_CHANGE_KEY = "public-pages:next-change"


def page_generation():
    now = time.monotonic()
    if _local["generation"] is not None and now - _local["read_at"] < LOCAL_GENERATION_SECONDS:
        return _local["generation"]
    generation = cache.get_or_set(GENERATION_KEY, 1, timeout=None)
    _local.update(generation=generation, read_at=now)
    return generation


def forget_local_generation():
    _local["generation"] = None
    _pending.update(checked_at=None, pending=False)


def bump_generation():
    """Make every cached public page stale now; raises if the cache cannot be reached."""
    forget_local_generation()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def _pending_purges():
    return PendingPurge.objects


def schedule_purge():
    """Purge cached public pages for a change being saved: call inside its transaction.

    The purge is stored with the change, so it cannot be lost, and tried once committed."""
    _pending_purges().create()
    # robust: the change is committed; a failure here leaves the row for the retry loop.
    transaction.on_commit(retry_pending_purges, robust=True)


def purge_public_pages():
    """Purge now (or in transaction.on_commit); if the cache is unreachable the purge is
    stored and retried like a scheduled one. A cache outage never turns a publish into an
    error page."""
    try:
        bump_generation()
    except Exception as exc:  # noqa: BLE001 - any cache failure: keep the purge for later
        logger.warning("Could not purge cached public pages, will retry: %s", exc)
        _pending_purges().create(attempts=1, last_error=_describe(exc))
        _pending.update(checked_at=time.monotonic(), pending=True)


def retry_pending_purges():
    """Bump the generation for every stored purge; True when none is left pending."""
    pending = _pending_purges()
    newest = pending.order_by("-pk").values_list("pk", flat=True).first()
    if newest is None:
        return True
    try:
        bump_generation()
    except Exception as exc:  # noqa: BLE001
        logger.warning("Cached public pages still not purged: %s", exc)
        pending.filter(pk__lte=newest).update(attempts=F("attempts") + 1, last_error=_describe(exc))
        _pending.update(checked_at=time.monotonic(), pending=True)
        return False
    # Rows written after `newest` belong to changes this bump may predate: left for their
    # own on_commit or the next retry.
    pending.filter(pk__lte=newest).delete()
    return not pending.exists()


def _describe(exc):
    return f"{type(exc).__name__}: {exc}"[:200]


def pending_purge_summary():
    """(count, oldest time) of purges waiting for the cache, for the admin warning."""
    rows = list(_pending_purges().order_by("pk").values_list("created_at", flat=True)[:1])
    if not rows:
        return 0, None
    return _pending_purges().count(), rows[0]


# Whether a purge is pending, asked of the database at most once a second per process (as
# the generation is read), and not for a while when the database does not answer.
_pending = {"checked_at": None, "pending": False}
PENDING_RECHECK_AFTER_DB_ERROR = 30.0


def pending_purges_block_hits():
    """True if a cached page must not be served: a purge has not reached the cache, so the
    entry may show a story taken down since. Tries the purge first, since a hit means the
    cache is back."""
    now = time.monotonic()
    checked_at = _pending["checked_at"]
    if checked_at is not None and now - checked_at < LOCAL_GENERATION_SECONDS:
        if not _pending["pending"]:
            return False
    try:
        if not _pending_purges().exists():
            _pending.update(checked_at=now, pending=False)
            return False
        cleared = retry_pending_purges()
    except DatabaseError:
        # Nothing new can be taken down without the database: serve what the cache has.
        _pending.update(checked_at=now + PENDING_RECHECK_AFTER_DB_ERROR, pending=False)
        return False
    _pending.update(checked_at=now, pending=not cleared)
    return True


def page_cache_seconds(now=None):
    """How long a public page may stay cached: PAGE_CACHE_SECONDS, but never past the moment
    a scheduled story goes live or an embargo lifts, since nothing runs then to purge."""
    now = now or timezone.now()
    upcoming = _next_visibility_change(now)
    if upcoming is None:
        return settings.PAGE_CACHE_SECONDS
    return min(settings.PAGE_CACHE_SECONDS, math.floor(upcoming - now.timestamp()))


def _next_visibility_change(now):
    """articles.workflow.next_visibility_change() as a timestamp, asked of the database once
    per purge generation (every publish, schedule or edit purges) or when it has passed."""
    generation = page_generation()
    stored = cache.get(NEXT_CHANGE_KEY)
    if (
        stored is not None
        and stored["generation"] == generation
        and (stored["at"] is None or stored["at"] > now.timestamp())
    ):
        return stored["at"]
    upcoming = next_visibility_change(now)
    at = upcoming.timestamp() if upcoming else None
    cache.set(NEXT_CHANGE_KEY, {"generation": generation, "at": at}, timeout=None)
    return at


def on_public_change(sender, **kwargs):
    """Receiver of articles', photos' and accounts' `public_change` signals (readers/apps.py):
    sent inside the change's transaction, so the purge is stored with the change."""
    schedule_purge()
