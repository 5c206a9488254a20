from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from newsroom import media, views

admin.site.site_header = f"{settings.SITE_NAME} admin"
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "Newsroom"

handler500 = "newsroom.views.server_error"

urlpatterns = [
    # Password reset by e-mail (accounts/recovery.py), before the admin's catch-all URLs.
    path("admin/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("", include("readers.urls")),
]

if settings.MEDIA_URL.startswith("/"):
    # Local media (demo, `make audit`); off unless SERVE_MEDIA, see newsroom/media.py.
    urlpatterns.append(
        path(f"{settings.MEDIA_URL.lstrip('/')}<path:path>", media.serve_media, name="media")
    )
