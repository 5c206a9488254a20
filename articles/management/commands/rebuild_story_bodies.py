"""Rebuild every story's stored body outputs (articles/body/): after an upgrade, or after
a change to the pipeline's rules. Safe to rerun; stories are rebuilt in batches."""

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.body.rebuild import rebuild_ids
from articles.models import Article

BATCH = 200


class Command(BaseCommand):
    help = "Rebuild the stored reader HTML, feed HTML, search text and word count of stories."

    def add_arguments(self, parser):
        parser.add_argument(
            "--missing", action="store_true", help="Only stories never built (e.g. bulk inserts)."
        )

    def handle(self, *args, missing=False, **options):
        stories = Article.objects.order_by("pk")
        if missing:
            stories = stories.filter(body_built_at__isnull=True)
        ids = list(stories.values_list("pk", flat=True))
        total, done = len(ids), 0
        for start in range(0, total, BATCH):
            with transaction.atomic():
                done += rebuild_ids(ids[start : start + BATCH])
            self.stdout.write(f"Rebuilt {done:,} of {total:,} stories", ending="\r")
            self.stdout.flush()
        self.stdout.write(f"Rebuilt {done:,} of {total:,} stories.")
