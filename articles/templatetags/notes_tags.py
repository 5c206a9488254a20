"""Admin template helpers for notes and the inbox (admin pages only, never the public site)."""

from django import template

from articles import notes, notifications
from articles.admin.notes import NoteForm, ReplyForm
from articles.models import Notification

register = template.Library()


@register.simple_tag(takes_context=True)
def story_notes(context, article):
    """The story's threads and empty forms, or None for a user who may not see notes."""
    user = context["request"].user
    if article is None or not notes.may_see_notes(user, article):
        return None
    return {
        "threads": notes.threads(article),
        "form": NoteForm(auto_id="id_note_%s"),
        "reply_form_class": ReplyForm,
    }


@register.simple_tag
def reply_form(thread):
    # Each thread's reply box needs its own ids on the page.
    return ReplyForm(auto_id=f"id_reply_{thread.pk}_%s")


@register.simple_tag(takes_context=True)
def unread_notifications(context):
    user = context["request"].user
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at=None).count()


@register.filter
def staff_name(user):
    """A colleague's name as the admin shows it (an account since removed: "Someone")."""
    return notifications.display_name(user)
