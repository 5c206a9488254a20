"""Password reset by e-mail, for staff who forgot their password or are locked out.

Django's own views and the admin's templates. The link in the e-mail is built from
SITE_URL, never from the request's Host header; following it and choosing a new password
signs the user in (the link proves they own the address, so a lockout does not keep them
out) and clears their failed sign-ins.
"""

from urllib.parse import urlsplit

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm


class SiteUrlPasswordResetForm(PasswordResetForm):
    def save(self, **kwargs):
        site = urlsplit(settings.SITE_URL)
        kwargs.update(domain_override=site.netloc, use_https=site.scheme == "https")
        return super().save(**kwargs)


class _AdminPage:
    """The admin's header and title on the reset pages, as on the sign-in page."""

    def get_context_data(self, **kwargs):
        return {**admin.site.each_context(self.request), **super().get_context_data(**kwargs)}


class PasswordResetView(_AdminPage, auth_views.PasswordResetView):
    form_class = SiteUrlPasswordResetForm


class PasswordResetDoneView(_AdminPage, auth_views.PasswordResetDoneView):
    pass


class PasswordResetConfirmView(_AdminPage, auth_views.PasswordResetConfirmView):
    post_reset_login = True
    # Axes' backend needs the request's sign-in attempt; this login has none.
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"

    def form_valid(self, form):
        response = super().form_valid(form)
        # The owner proved who they are: lift their lockouts from every address.
        axes_reset(username=form.user.get_username())
        return response


class PasswordResetCompleteView(_AdminPage, auth_views.PasswordResetCompleteView):
    pass
