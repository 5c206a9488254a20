from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from photos import storage, uploads
from photos.models import Photo


class Command(BaseCommand):
    help = (
        "Re-strip stored photos and rebuild their renditions. By default only photos that "
        "have none (e.g. imported directly); --all rebuilds every photo."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Rebuild every photo.")

    def handle(self, *args, **options):
        photos = Photo.objects.order_by("pk")
        if not options["all"]:
            photos = photos.filter(renditions__isnull=True)
        failed = []
        done = 0
        for photo in photos.distinct():
            try:
                uploads.reprocess(photo)
                done += 1
            except (ValidationError, *storage.STORAGE_ERRORS) as error:
                reason = "; ".join(getattr(error, "messages", [str(error)]))
                failed.append(f"photo {photo.pk}: {reason}")
        self.stdout.write(f"Rebuilt renditions of {done} photo{'s' if done != 1 else ''}.")
        if failed:
            raise CommandError(
                f"{len(failed)} photo(s) could not be rebuilt: " + " | ".join(failed)
            )
