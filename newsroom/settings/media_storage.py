"""Where uploaded media live: the local disk (embedded default) or S3-compatible object
storage through django-storages, chosen by MEDIA_STORAGE. Read from a mapping (the
environment) so tests can build the same configuration for their own S3 server."""

from botocore.config import Config
from django.core.exceptions import ImproperlyConfigured

S3_BACKEND = "storages.backends.s3.S3Storage"
# Stored names are random and never reused (photos.models), so an object never changes.
MEDIA_CACHE_CONTROL = "public, max-age=31536000, immutable"


def default_storage_config(environ):
    """The STORAGES["default"] entry for MEDIA_STORAGE (local or s3)."""
    kind = environ.get("MEDIA_STORAGE", "local").strip().lower() or "local"
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"MEDIA_STORAGE must be 'local' or 's3', not {kind!r}.")
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "")
    if not bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    return {
        "BACKEND": S3_BACKEND,
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": environ.get("AWS_S3_REGION_NAME") or None,
            # None: boto3's usual chain (instance role, ~/.aws) when the keys are not given.
            "access_key": environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": environ.get("AWS_SECRET_ACCESS_KEY") or None,
            # The CDN host in front of the bucket: public pages point there.
            "custom_domain": environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "url_protocol": environ.get("AWS_S3_URL_PROTOCOL", "https:"),
            # Public media: plain URLs, the same for every reader, so the CDN can cache them.
            "querystring_auth": False,
            "default_acl": environ.get("AWS_DEFAULT_ACL") or None,
            # Names are unique, so no HEAD before each write to find a free name.
            "file_overwrite": True,
            # The Content-Type comes from the name (.jpg, .webp); the cache header is ours.
            "object_parameters": {"CacheControl": MEDIA_CACHE_CONTROL},
            # DESIGN rule 11: a hung S3 costs a bounded time, like a refused one.
            "client_config": Config(
                connect_timeout=float(environ.get("AWS_S3_CONNECT_TIMEOUT", "3")),
                read_timeout=float(environ.get("AWS_S3_READ_TIMEOUT", "10")),
                retries={
                    "max_attempts": int(environ.get("AWS_S3_MAX_ATTEMPTS", "3")),
                    "mode": "standard",
                },
                s3={"addressing_style": environ.get("AWS_S3_ADDRESSING_STYLE", "auto")},
                signature_version=environ.get("AWS_S3_SIGNATURE_VERSION") or None,
            ),
        },
    }


def media_origins(environ):
    """Where public pages load media from when it is not this site: added to the CSP's
    img-src, or every photo on object storage would be blocked by the browser."""
    config = default_storage_config(environ)
    if config["BACKEND"] != S3_BACKEND:
        return []
    options = config["OPTIONS"]
    if options["custom_domain"]:
        return [f"{options['url_protocol']}//{options['custom_domain']}"]
    bucket = options["bucket_name"]
    endpoint = options["endpoint_url"]
    if endpoint:
        scheme, _, host = endpoint.rstrip("/").partition("://")
        # Path-style URLs use the endpoint's host; virtual-hosted ones the bucket's.
        return [f"{scheme}://{host}", f"{scheme}://{bucket}.{host}"]
    region = options["region_name"]
    hosts = [f"{bucket}.s3.amazonaws.com"]
    if region:
        hosts.append(f"{bucket}.s3.{region}.amazonaws.com")
    return [f"https://{host}" for host in hosts]
