import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections

from readers.cache import pending_purge_summary, retry_pending_purges

MAX_DELAY_SECONDS = 30


class Command(BaseCommand):
    help = (
        "Retry purges of cached public pages that could not reach the cache (a takedown "
        "must not wait for Redis). Once: exits non-zero while some remain. --loop: keeps "
        "retrying (the task worker of `make run` retries them every minute instead)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Retry until stopped.")
        parser.add_argument("--every", type=float, default=2.0, help="Seconds between tries.")

    def handle(self, *args, loop, every, **options):
        if not loop:
            if not retry_pending_purges():
                count = pending_purge_summary()[0]
                raise CommandError(f"{count} purge(s) still pending: the cache is unreachable.")
            return
        delay = every
        while True:
            close_old_connections()
            try:
                if not pending_purge_summary()[0]:
                    delay = every
                elif retry_pending_purges():
                    self.stdout.write("Pending purges of cached public pages done.")
                    delay = every
                else:
                    # Still unreachable: back off, so an outage is not a log line a second.
                    delay = min(delay * 2, MAX_DELAY_SECONDS)
            except DatabaseError as exc:
                self.stderr.write(f"retry_purges: database unavailable ({exc}); retrying.")
                delay = min(delay * 2, MAX_DELAY_SECONDS)
            time.sleep(delay)
