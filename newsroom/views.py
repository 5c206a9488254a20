import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def _check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        return f"down: {exc.__class__.__name__}"


def _check_cache():
    try:
        cache.set("healthz:probe", "ok", 10)
        if cache.get("healthz:probe") != "ok":
            return "down: value not kept"
        return "ok"
    except Exception as exc:  # noqa: BLE001
        return f"down: {exc.__class__.__name__}"


def healthz(request):
    """Liveness and readiness for load balancers: says what is down.

    Without the database nothing works (503). Without the cache the site still serves,
    uncached, so it answers 200 "degraded": taking every app server out of the load
    balancer because the shared cache is down would turn a slowdown into an outage."""
    checks = {"database": _check_database(), "cache": _check_cache()}
    if checks["database"] != "ok":
        status, code = "unavailable", 503
    elif checks["cache"] != "ok":
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    headers = {"Cache-Control": "no-store"}
    if code == 503:
        headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return JsonResponse({"status": status, "checks": checks}, status=code, headers=headers)


def _standalone_page(template_name, heading):
    # No request context: context processors or templates that query must not run when
    # the database may be the thing that failed.
    return loader.get_template(template_name).render(
        {"SITE_NAME": settings.SITE_NAME, "heading": heading}
    )


def service_unavailable(request=None):
    response = HttpResponse(
        _standalone_page("503.html", "Temporarily unavailable"),
        status=503,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"},
    )
    return response


def server_error(request):
    return HttpResponseServerError(_standalone_page("500.html", "Something went wrong"))
