from django.core.management.base import BaseCommand, CommandError

from articles import search
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Rebuild every story's stored search document (PostgreSQL). Needed after bulk "
        "imports that bypass model signals, e.g. bulk_create or raw SQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        if not search.uses_full_text():
            self.stdout.write("This database has no stored search documents; nothing to do.")
            return
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            search.refresh_search_vectors(ids[start : start + batch_size])
        self.stdout.write(f"Rebuilt the search document of {len(ids)} stories.")
