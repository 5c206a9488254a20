from django import template

from articles import interviews

register = template.Library()


@register.simple_tag
def story_body(article):
    """The body as readers see it: Q&A speakers and pull quotes (articles/interviews.py)."""
    return interviews.render_body(article)
