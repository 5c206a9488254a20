"""Settings, all read from the environment (twelve-factor).

Fails closed: DEBUG is off and SECRET_KEY and SITE_URL are required unless
NEWSROOM_ENV=development.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from redis.connection import parse_url as parse_redis_url

from newsroom.settings.media_storage import default_storage_config, media_origins

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEVELOPMENT = os.environ.get("NEWSROOM_ENV", "production") == "development"
DEBUG = env_bool("DEBUG", default=DEVELOPMENT)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEVELOPMENT:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it, or set NEWSROOM_ENV=development for a local demo."
        )
    SECRET_KEY = "development-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver" if DEVELOPMENT else ""
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The public base URL of feeds, sitemaps, canonical links and e-mailed links: required in
# production like SECRET_KEY, or a missing variable would publish localhost URLs.
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
if not SITE_URL:
    if not DEVELOPMENT:
        raise ImproperlyConfigured(
            "SITE_URL is not set. Set it to the public base URL (e.g. https://news.example.com), "
            "or set NEWSROOM_ENV=development for a local demo."
        )
    SITE_URL = "http://127.0.0.1:8000"
SITE_NAME = os.environ.get("SITE_NAME", "The Newsroom")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "taggit",
    "django_prose_editor",
    "axes",
    "csp",
    "django_q",
    "accounts",
    "photos",
    "articles",
    "readers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Right after static files: a cached page skips everything below (see its docstring).
    "readers.middleware.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.csp.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "newsroom.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
            ],
        },
    },
]

# The default SQLite file lives in var/, which is git-ignored: create it, or the first
# `make run` on a fresh clone fails with "unable to open database file".
if not os.environ.get("DATABASE_URL"):
    (BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'newsroom.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# SQLite (make run): a transaction takes the write lock when it starts, so concurrent saves
# queue for up to `timeout` seconds instead of failing at once with "database is locked".
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=10)
# PostgreSQL gets client-side deadlines (newsroom/postgresql/deadlines.py): a hung server
# answers 503 within about DATABASE_CONNECT_TIMEOUT + DATABASE_QUERY_TIMEOUT seconds.
DATABASE_CONNECT_TIMEOUT = float(os.environ.get("DATABASE_CONNECT_TIMEOUT", "2"))
DATABASE_QUERY_TIMEOUT = float(os.environ.get("DATABASE_QUERY_TIMEOUT", "3"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "newsroom.postgresql"
    DATABASES["default"]["OPTIONS"] = {
        # For tools that connect without the deadlines; keepalives find dead peers in the pool.
        "connect_timeout": max(2, round(DATABASE_CONNECT_TIMEOUT)),
        "keepalives": 1,
        "keepalives_idle": 30,
        "keepalives_interval": 10,
        "keepalives_count": 3,
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Let Django serve uploaded images itself (single machine). Production leaves this off
# and serves media from object storage behind a CDN.
SERVE_MEDIA = env_bool("SERVE_MEDIA", default=DEVELOPMENT)
# Media on object storage: MEDIA_STORAGE=s3 plus AWS_* (newsroom/settings/media_storage.py).
STORAGES = {
    "default": default_storage_config(os.environ),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploads larger than this go to a temporary file, not memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # RedisCache behind a circuit breaker (newsroom/redis_cache.py): a hung or down
            # Redis costs one short timeout, then the cache is skipped for a while.
            "BACKEND": "newsroom.redis_cache.BreakerRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsroom",
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.5")),
                "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
                "breaker_failures": int(os.environ.get("CACHE_BREAKER_FAILURES", "3")),
                "breaker_seconds": float(os.environ.get("CACHE_BREAKER_SECONDS", "10")),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background jobs (django-q2; README "Background jobs") ---------------------------
# The database is the queue (embedded default, nothing else to run); TASK_BROKER=redis puts
# the queue in Redis (TASK_REDIS_URL, else REDIS_URL). A job not acknowledged within
# TASK_RETRY_SECONDS (its worker was killed, or it raised) is handed out again, up to
# TASK_MAX_ATTEMPTS times; a job running past TASK_TIMEOUT_SECONDS is stopped, so the
# timeout must stay below the retry delay.
TASK_BROKER = os.environ.get("TASK_BROKER", "orm")
Q_CLUSTER = {
    # "name" also salts the signed job payloads: the same on every machine.
    "name": "newsroom",
    "cluster_name": os.environ.get("TASK_QUEUE", "newsroom"),
    "workers": int(os.environ.get("TASK_WORKERS", "2")),
    "timeout": int(os.environ.get("TASK_TIMEOUT_SECONDS", "120")),
    "retry": int(os.environ.get("TASK_RETRY_SECONDS", "150")),
    "max_attempts": int(os.environ.get("TASK_MAX_ATTEMPTS", "5")),
    "ack_failures": False,
    "save_limit": 1000,
    "poll": float(os.environ.get("TASK_POLL_SECONDS", "1")),
    "catch_up": False,
    "label": "Background jobs",
}
if TASK_BROKER == "redis":
    Q_CLUSTER["redis"] = {
        **parse_redis_url(os.environ.get("TASK_REDIS_URL") or REDIS_URL),
        # The broker blocks up to 1 s waiting for a job: the read timeout must exceed it.
        "socket_connect_timeout": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.5")),
        "socket_timeout": 5.0,
    }
else:
    Q_CLUSTER["orm"] = "default"

# Public page caching (newsroom.middleware). Browsers revalidate every time (cheap 304s);
# the CDN keeps pages PUBLIC_CDN_MAX_AGE seconds; the whole-page cache keeps them
# PAGE_CACHE_SECONDS unless a publish purges them first, and never past the time a scheduled
# story goes live (readers.cache.page_cache_seconds); the CDN may lag PUBLIC_CDN_MAX_AGE.
PUBLIC_BROWSER_MAX_AGE = int(os.environ.get("PUBLIC_BROWSER_MAX_AGE", "0"))
PUBLIC_CDN_MAX_AGE = int(os.environ.get("PUBLIC_CDN_MAX_AGE", "60"))
PUBLIC_STALE_WHILE_REVALIDATE = int(os.environ.get("PUBLIC_STALE_WHILE_REVALIDATE", "300"))
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# make bench only: ?page-cache-bypass skips the page cache (ignored when off).
PAGE_CACHE_BENCH_BYPASS = env_bool("PAGE_CACHE_BENCH_BYPASS")

# Login protection (django-axes, accounts/lockout.py): 5 failures for one username from
# one address lock that pair for 15 minutes, so a stranger cannot lock the real user out
# from theirs; AXES_ADDRESS_FAILURE_LIMIT failures from one address, whatever the
# usernames, lock the address. A locked-out user recovers by an e-mailed reset link.
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_ADDRESS_FAILURE_LIMIT = int(os.environ.get("AXES_ADDRESS_FAILURE_LIMIT", "30"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "accounts.lockout.PairAndAddressHandler"
AXES_RESET_ON_SUCCESS = True
# Attempts during a lock are refused, not counted: the lock ends 15 minutes after the
# failure that set it, however often the real user tries meanwhile.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# One page for every locked-out sign-in, known username or not (accounts/lockout.py).
AXES_LOCKOUT_CALLABLE = "accounts.lockout.locked_out"
# How many proxies (load balancer, CDN) stand in front of the app servers and append to
# X-Forwarded-For; 0 when clients connect directly. Axes locks the client's address, not
# the proxy's (accounts/lockout.py).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip"
# Signing in is the admin's; an unsafe `next` lands on its index, not /accounts/profile/.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

# Security headers. HTTPS settings are on unless in development.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
HTTPS = env_bool("HTTPS", default=not DEVELOPMENT)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# No inline script anywhere. NONCE only appears in the header of responses that used one:
# admin forms with the rich-text editor's import map; see newsroom/csp.py for the
# admin's one inline style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *media_origins(os.environ)],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Photos
PHOTO_MAX_PIXELS = int(os.environ.get("PHOTO_MAX_PIXELS", 50_000_000))
PHOTO_MAX_BYTES = int(os.environ.get("PHOTO_MAX_BYTES", 25 * 1024 * 1024))
# Animated GIF/WebP: only the first frame is kept, but every frame must be read to check it.
PHOTO_MAX_FRAMES = int(os.environ.get("PHOTO_MAX_FRAMES", 300))
# The stored master is re-encoded at most this long on its longest edge (renditions <= 1920).
PHOTO_MASTER_MAX_EDGE = int(os.environ.get("PHOTO_MASTER_MAX_EDGE", 2560))

# Autosave (articles.autosave): the largest working copy kept per person and story, in bytes.
AUTOSAVE_MAX_BYTES = int(os.environ.get("AUTOSAVE_MAX_BYTES", 2 * 1024 * 1024))

TAGGIT_CASE_INSENSITIVE = True

# Story bodies (articles.body.clean): a 10,000-word interview is about 70 KB of HTML;
# bigger bodies are refused by the story form with a message, not by the database.
STORY_BODY_MAX_BYTES = int(os.environ.get("STORY_BODY_MAX_BYTES", 500_000))

DJANGO_PROSE_EDITOR_DEFAULT_EXTENSIONS = None
# Project extensions for the rich-text editor (photos: inline photos in story bodies;
# articles: keyboard shortcuts for Question, Answer and Pull quote).
from articles.prose import EXTENSIONS as _INTERVIEW_SHORTCUTS  # noqa: E402
from photos.prose import EXTENSIONS as _INLINE_PHOTO_EXTENSIONS  # noqa: E402

DJANGO_PROSE_EDITOR_EXTENSIONS = [_INLINE_PHOTO_EXTENSIONS, _INTERVIEW_SHORTCUTS]

# E-mail (notifications, password-reset links): printed to the console in development, SMTP from the
# environment in production, with a timeout so a hung mail server cannot hold a request.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEVELOPMENT
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsroom@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
