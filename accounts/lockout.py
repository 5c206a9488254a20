"""What a locked-out sign-in sees (django-axes calls this through AXES_LOCKOUT_CALLABLE).

The page is the same for every username, known or not, so it tells an attacker nothing
about which accounts exist.
"""

from math import ceil

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render


def locked_out(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    minutes = ceil(cool_off.total_seconds() / 60) if cool_off else None
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
