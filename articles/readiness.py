"""What a story still needs before it may move on. Workflow refuses a step while its list
is not empty, and the admin shows the list to the editor."""

from articles.models import Kind


def photo_problems(photo):
    problems = []
    if not photo.alt_text.strip():
        problems.append("the lead photo needs alt text")
    if not photo.credit_line:
        problems.append("the lead photo needs a credit")
    if photo.rights_expired:
        problems.append("the lead photo's usage rights have expired")
    return problems


def submit_blockers(article):
    problems = []
    if not article.headline.strip():
        problems.append("the story needs a headline")
    if article.kind == Kind.INTERVIEW and not article.interviewees.exists():
        problems.append("an interview needs at least one interviewee")
    return problems


def publish_blockers(article):
    problems = submit_blockers(article)
    if not article.bylines.exists():
        problems.append("the story needs at least one byline")
    if article.lead_photo_id:
        problems.extend(photo_problems(article.lead_photo))
    return problems
