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
