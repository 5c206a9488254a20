"""Photo files in whatever storage Django is configured with (local disk or S3 through
django-storages): the errors that mean "storage trouble", deletes that never hide the
first failure, the orphan sweep, and the copy of a local library to object storage.

Everything goes through the storage API, never through MEDIA_ROOT paths.
"""

import hashlib
import logging
import posixpath
from dataclasses import dataclass

from botocore.exceptions import BotoCoreError, ClientError

from photos.models import Photo, Rendition

logger = logging.getLogger(__name__)

# A disk error, or an S3 outage/refusal (timeouts and connection errors are BotoCoreError;
# neither is an OSError).
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)
# The top-level folders photos.models writes to.
MEDIA_FOLDERS = ("photos", "renditions")
_CHUNK = 1024 * 1024
_SWEEP_BATCH = 500


def delete_quietly(storage, names):
    """Delete every named file, going on past failures (a cleanup must not stop at the
    first one, nor replace the error that caused it). Returns the names left behind;
    `manage.py sweep_media` removes them once the storage answers again."""
    left = []
    for name in names:
        if not name:
            continue
        try:
            storage.delete(name)
        except STORAGE_ERRORS:
            logger.warning("Could not delete %s; sweep_media will remove it later", name)
            left.append(name)
    return left


def walk(storage, folder):
    """Every file name under `folder`, one directory at a time: (directory, [names])."""
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            directories, files = storage.listdir(current)
        except FileNotFoundError:
            continue
        pending.extend(posixpath.join(current, directory) for directory in directories)
        if files:
            yield current, [posixpath.join(current, name) for name in files]


def _md5_of(handle):
    digest = hashlib.md5(usedforsecurity=False)
    for chunk in iter(lambda: handle.read(_CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def stored_md5(storage, name):
    """The MD5 of a stored file, or None when it is absent. On S3 a single-part object's
    ETag is its MD5 (one HEAD); anything else is read back and hashed."""
    bucket = getattr(storage, "bucket", None)
    if bucket is not None:
        # _normalize_name applies AWS_LOCATION, as S3Storage does for every call.
        key = storage._normalize_name(name)
        try:
            etag = storage.connection.meta.client.head_object(Bucket=bucket.name, Key=key)[
                "ETag"
            ].strip('"')
        except ClientError as error:
            if error.response["ResponseMetadata"]["HTTPStatusCode"] == 404:
                return None
            raise
        if "-" not in etag:
            return etag
    elif not storage.exists(name):
        return None
    with storage.open(name, "rb") as handle:
        return _md5_of(handle)


class MigrationError(Exception):
    """One file could not be copied or verified: the message names it and says why."""


@dataclass
class MigrationReport:
    total: int
    copied: int = 0
    already_there: int = 0


def migrate(source, target, names, total, progress=None):
    """Copy the named files from `source` to `target` under the same names, verifying each
    copy's MD5. Files already in the target with the same MD5 are skipped, so a run that
    stopped half-way is simply started again. Raises MigrationError on the first failure."""
    report = MigrationReport(total=total)
    for done, name in enumerate(names, start=1):
        try:
            with source.open(name, "rb") as handle:
                local = _md5_of(handle)
        except FileNotFoundError:
            raise MigrationError(f"{name}: missing from the local library") from None
        try:
            if stored_md5(target, name) == local:
                report.already_there += 1
            else:
                with source.open(name, "rb") as handle:
                    saved = target.save(name, handle)
                if saved != name:
                    raise MigrationError(f"{name}: the target stored it as {saved}")
                stored = stored_md5(target, name)
                if stored != local:
                    raise MigrationError(
                        f"{name}: checksum mismatch after copy (local {local}, stored {stored})"
                    )
                report.copied += 1
        except STORAGE_ERRORS as error:
            raise MigrationError(f"{name}: {error}") from error
        if progress is not None:
            progress(done, report)
    return report


def sweep(storage, older_than, now):
    """Delete stored files that no Photo or Rendition names and that are older than
    `older_than` (a timedelta: an upload in progress writes its files before its row
    commits). What an outage mid-upload or a killed process left behind goes here.
    Returns the names deleted."""
    deleted = []
    for folder in MEDIA_FOLDERS:
        for _directory, listed in walk(storage, folder):
            # In slices: a month's folder can hold more names than a query may carry.
            for start in range(0, len(listed), _SWEEP_BATCH):
                names = listed[start : start + _SWEEP_BATCH]
                known = set(Photo.objects.filter(image__in=names).values_list("image", flat=True))
                known |= set(
                    Rendition.objects.filter(file__in=names).values_list("file", flat=True)
                )
                deleted += _delete_unknown(storage, names, known, now - older_than)
    return deleted


def _delete_unknown(storage, names, known, cutoff):
    deleted = []
    for name in names:
        if name in known or storage.get_modified_time(name) > cutoff:
            continue
        storage.delete(name)
        deleted.append(name)
    return deleted
