"""Who has a story open in the admin: a heartbeat every few seconds, kept in the cache.

Through Django's cache API, so every app server sees the same (Redis in production). Each
story has one entry {user id: [name, since, last seen]}; people whose last heartbeat is
older than TTL are dropped on the next read, and the entry itself expires when nobody
polls. A lost concurrent write is repaired by that person's next heartbeat.
"""

import logging
import time

from django.core.cache import cache

from articles import revisions

logger = logging.getLogger(__name__)

TTL = 30  # seconds without a heartbeat before someone no longer "has this open"


def _key(article):
    return f"presence:article:{article.pk}"


def display_name(user):
    return user.get_full_name() or user.get_username()


def _fresh(entries, now):
    return {uid: entry for uid, entry in entries.items() if now - entry[2] <= TTL}


def heartbeat(article, user, now=None):
    """Record that `user` has the story open now."""
    now = time.time() if now is None else now
    try:
        entries = _fresh(cache.get(_key(article)) or {}, now)
        since = entries.get(str(user.pk), [None, now])[1]
        entries[str(user.pk)] = [display_name(user), since, now]
        cache.set(_key(article), entries, TTL)
    except Exception:  # noqa: BLE001 - the cache being down must not break the editor
        logger.warning("presence: cache unavailable", exc_info=True)


def others(article, user=None, now=None):
    """[(name, since as a timestamp)] of the people (other than `user`) with the story open."""
    now = time.time() if now is None else now
    try:
        entries = _fresh(cache.get(_key(article)) or {}, now)
    except Exception:  # noqa: BLE001
        logger.warning("presence: cache unavailable", exc_info=True)
        return []
    return sorted(
        (
            (name, since)
            for uid, (name, since, _) in entries.items()
            if user is None or uid != str(user.pk)
        ),
        key=lambda row: row[1],
    )


def latest_save(article):
    """The newest revision that changed the text (who saved the current version, and when)."""
    return revisions.text_edits(article.revisions.select_related("created_by")).first()
