"""Sign-in lockout (django-axes): who is locked, and what a locked-out sign-in sees.

Axes locks a (username, address) pair after AXES_FAILURE_LIMIT failures, so five bad
passwords for `editor` from a stranger's address do not lock the editor out from theirs.
PairAndAddressHandler adds a slower limit per address, whatever the usernames tried
(AXES_ADDRESS_FAILURE_LIMIT), against guessing across many accounts. Someone locked out
recovers with an e-mailed password-reset link (newsroom/urls.py), which signs them in.
Attempts during a lock are refused without being counted, so the lock ends on time
however often the real user tries (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False).

The locked-out page is the same for every username, known or not, so it tells an
attacker nothing about which accounts exist.
"""

from math import ceil

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone


class PairAndAddressHandler(AxesDatabaseHandler):
    """Axes' database handler (per-pair limit) plus the per-address limit."""

    def is_locked(self, request, credentials=None):
        return super().is_locked(request, credentials) or self.address_is_locked(request)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is not None and not request.axes_locked_out:
            if settings.AXES_LOCK_OUT_AT_FAILURE and self.address_is_locked(request):
                request.axes_locked_out = True
                request.axes_credentials = credentials

    def address_is_locked(self, request):
        if self.is_whitelisted(request):
            return False
        failures = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        ).aggregate(total=Sum("failures_since_start"))["total"]
        return (failures or 0) >= settings.AXES_ADDRESS_FAILURE_LIMIT


def locked_out(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    minutes = None
    if cool_off:
        minutes = max(1, ceil(_time_left(request, credentials, cool_off).total_seconds() / 60))
    return render(
        request,
        "accounts/locked_out.html",
        {
            **admin.site.each_context(request),
            "minutes": minutes,
            "title": "Too many failed sign-in attempts",
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


def _time_left(request, credentials, cool_off):
    """How long a (username, address) lock still runs: from the failure that set it, which
    attempts during the lock do not move. An address lock shows the whole cool-off (when it
    ends depends on the failures of many usernames). Same answer for unknown usernames:
    axes keeps their failures too."""
    set_at = (
        AccessAttempt.objects.filter(
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            attempt_time__gte=timezone.now() - cool_off,
        )
        .values_list("attempt_time", flat=True)
        .first()
    )
    return set_at + cool_off - timezone.now() if set_at else cool_off


def client_ip(request):
    """The address a sign-in came from, for django-axes (AXES_CLIENT_IP_CALLABLE).

    Behind TRUSTED_PROXY_COUNT proxies (load balancer, CDN) REMOTE_ADDR is the nearest
    proxy, the same for every reader: locking it would lock the whole newsroom out.
    Each trusted proxy appends the address it received from to X-Forwarded-For, so the
    client is that many entries from the right; anything further left is whatever the
    client sent and is not trusted.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
