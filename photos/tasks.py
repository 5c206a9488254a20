"""The photo desk's background jobs (README "Background jobs"). Each is idempotent: a job
can run again after a killed worker or a failure, and leaves what one run leaves."""

from django.db import transaction

from newsroom.tasks import enqueue
from photos import renditions, signals, usage
from photos.models import Photo


def queue_renditions(photo):
    enqueue("photos.tasks.build_renditions", photo.pk, task_name=f"renditions of photo {photo.pk}")


def queue_recrop(photo):
    enqueue("photos.tasks.rebuild_crops", photo.pk, task_name=f"re-crop of photo {photo.pk}")


def build_renditions(photo_id):
    """All renditions of a new upload; then the photo is ready for readers."""
    photo = Photo.objects.filter(pk=photo_id, renditions_pending=True).first()
    if photo is None:
        return "nothing to do: built already, or the photo was deleted"
    # The slow part outside any transaction: SQLite would hold its write lock meanwhile.
    encoded = renditions.render(photo, renditions.open_master(photo))
    written = []
    try:
        with transaction.atomic():
            # The row lock makes a concurrent second delivery wait, then find it done.
            photo = Photo.objects.select_for_update().filter(pk=photo_id).first()
            if photo is None or not photo.renditions_pending:
                return "nothing to do: built already, or the photo was deleted"
            # A partial set cannot exist (one bulk insert), but never leave two sets.
            leftovers = list(photo.renditions.values_list("file", flat=True))
            photo.renditions.all().delete()
            renditions.build(photo, None, written=written, encoded=encoded)
            Photo.objects.filter(pk=photo_id).update(renditions_pending=False)
            # A story may already use the photo: its cached pages can show it now.
            if usage.where_used(photo):
                signals.public_change.send(Photo)
    except BaseException:
        for path in written:
            photo.image.storage.delete(path)
        raise
    storage = photo.image.storage
    transaction.on_commit(lambda: [storage.delete(name) for name in leftovers])
    return f"{len(written)} renditions"


def rebuild_crops(photo_id):
    """The 16:9 and 1:1 crops at the photo's current focal point, then the pages showing it
    are purged. Rebuilding again gives the same crops."""
    with transaction.atomic():
        photo = Photo.objects.select_for_update().filter(pk=photo_id).first()
        if photo is None:
            return "photo deleted"
        renditions.rebuild_crops(photo)
        signals.public_change.send(Photo)
    return f"re-cropped at {photo.focal_x:.2f}, {photo.focal_y:.2f}"
