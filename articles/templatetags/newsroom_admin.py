"""Admin-only template helpers: state names and the "My work" dashboard on the index page."""

from django import template

from articles import dashboard, workflow

register = template.Library()


@register.filter
def state_name(value):
    return workflow.STATE_LABELS.get(value, value)


@register.simple_tag(takes_context=True)
def my_work(context):
    """The admin index's dashboard for this user's role (articles.dashboard)."""
    return dashboard.for_user(context["request"].user)
