import datetime as dt

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from photos import storage


class Command(BaseCommand):
    help = (
        "Delete stored photo files that no photo or rendition uses (left by an upload "
        "that failed during a storage outage, or a killed process). Files younger than "
        "--older-than minutes are kept: an upload in progress writes them first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=60, metavar="MINUTES")

    def handle(self, *args, **options):
        try:
            deleted = storage.sweep(
                default_storage, dt.timedelta(minutes=options["older_than"]), timezone.now()
            )
        except storage.STORAGE_ERRORS as error:
            raise CommandError(f"sweep_media: the storage did not answer: {error}") from None
        self.stdout.write(f"Deleted {len(deleted)} unused file(s).")
