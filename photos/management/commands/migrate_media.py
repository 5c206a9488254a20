import itertools
import sys

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import BaseCommand, CommandError

from newsroom.settings.media_storage import S3_BACKEND
from photos import storage
from photos.models import Photo, Rendition


class Command(BaseCommand):
    help = (
        "Copy the local photo library (MEDIA_ROOT) to the object storage configured with "
        "MEDIA_STORAGE=s3 and AWS_*, verifying each file's checksum. Safe to run again: "
        "files already copied with the same checksum are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", choices=["s3"], required=True, help="The target storage.")

    def handle(self, *args, **options):
        if settings.STORAGES["default"]["BACKEND"] != S3_BACKEND:
            raise CommandError(
                "migrate_media --to s3 needs MEDIA_STORAGE=s3 and AWS_STORAGE_BUCKET_NAME set."
            )
        source = FileSystemStorage(location=settings.MEDIA_ROOT)
        photos = Photo.objects.exclude(image="").order_by("pk")
        files = Rendition.objects.order_by("pk")
        total = photos.count() + files.count()
        names = itertools.chain(_names(photos, "image"), _names(files, "file"))
        # One line of progress per percent (or per file for small libraries) on stderr.
        step = max(1, total // 100)

        def progress(done, report):
            if done % step == 0 or done == total:
                sys.stderr.write(
                    f"migrate_media: {done}/{total} ({done * 100 // total}%) "
                    f"copied {report.copied}, already there {report.already_there}\n"
                )
                sys.stderr.flush()

        try:
            report = storage.migrate(source, default_storage, names, total, progress)
        except storage.MigrationError as error:
            raise CommandError(f"migrate_media stopped at {error}") from None
        self.stdout.write(
            f"Copied {report.copied} file(s), {report.already_there} already there, "
            f"all {report.total} verified."
        )


def _names(queryset, field, batch=1000):
    """File names in pages by primary key: no cursor left open when a copy fails."""
    last = 0
    while page := list(queryset.filter(pk__gt=last).values_list("pk", field)[:batch]):
        yield from (name for _pk, name in page)
        last = page[-1][0]
