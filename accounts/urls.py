"""Staff account URLs, mounted under /admin/ before the admin's own (newsroom/urls.py)."""

from django.urls import path

from accounts.recovery import (
    PasswordResetCompleteView,
    PasswordResetConfirmView,
    PasswordResetDoneView,
    PasswordResetView,
)

# Names the admin's templates reverse (its sign-in page links to "admin_password_reset"
# when it exists).
urlpatterns = [
    path("password_reset/", PasswordResetView.as_view(), name="admin_password_reset"),
    path("password_reset/done/", PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("reset/done/", PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
