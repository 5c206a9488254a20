"""The notification inbox in the admin: each staff user sees their own items only.

Registered as the Notification model's admin so it has a place in the admin index and
its URLs; the list is a page of our own, items are marked read by POST.
"""

from django import forms
from django.contrib import admin, messages
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from accounts.models import User
from articles.models import Notification

INBOX_SIZE = 50


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["email_notifications"]


@admin.register(Notification)
class InboxAdmin(admin.ModelAdmin):
    def _staff(self, request):
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return self._staff(request)

    def has_view_permission(self, request, obj=None):
        return self._staff(request) and (obj is None or obj.recipient_id == request.user.pk)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).filter(recipient=request.user)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("", wrap(self.changelist_view), name="articles_notification_changelist"),
            path("read/", wrap(self.mark_read_view), name="articles_notification_read"),
            path(
                "preferences/",
                wrap(self.preferences_view),
                name="articles_notification_preferences",
            ),
        ]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        items = list(self.get_queryset(request).select_related("article")[:INBOX_SIZE])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Notifications",
            "items": items,
            "any_unread": any(item.read_at is None for item in items),
        }
        return TemplateResponse(request, "admin/articles/notification/inbox.html", context)

    def mark_read_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        unread = self.get_queryset(request).filter(read_at=None)
        if "item" in request.POST:
            item_id = request.POST["item"]
            if not item_id.isdigit():
                raise Http404("No such notification.")
            item = get_object_or_404(self.get_queryset(request), pk=int(item_id))
            unread = unread.filter(pk=item.pk)
        unread.update(read_at=timezone.now())
        return HttpResponseRedirect(reverse("admin:articles_notification_changelist"))

    def preferences_view(self, request):
        form = PreferencesForm(request.POST or None, instance=request.user)
        if request.method == "POST" and form.is_valid():
            form.save()
            state = "on" if form.instance.email_notifications else "off"
            messages.success(request, f"E-mail notifications are {state}.")
            return HttpResponseRedirect(reverse("admin:articles_notification_preferences"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Notification settings",
            "form": form,
        }
        return TemplateResponse(request, "admin/articles/notification/preferences.html", context)
