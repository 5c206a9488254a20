"""What a story still needs before it may move on. Workflow refuses a step while its list
is not empty, and the admin shows the list to the editor."""

from articles.models import Kind


def photo_problems(photo, name="the lead photo"):
    problems = []
    if not photo.alt_text.strip():
        problems.append(f"{name} needs alt text")
    if not photo.credit_line:
        problems.append(f"{name} needs a credit")
    if not photo.credit_kind:
        # Left blank at upload for an outside photo: Staff is never guessed.
        problems.append(
            f"{name} needs a credit kind: choose one for photo {photo.pk} (“{photo}”) "
            "in the photo library"
        )
    if photo.renditions_pending:
        problems.append(f"{name} is still being processed: try again in a moment")
    if photo.rights_expired:
        problems.append(f"{name}'s usage rights have expired")
    return problems


def inline_photo_problems(article):
    """Photos placed in the body need the same as the lead photo, and must exist."""
    from articles.body.pipeline import inline_photo_ids
    from photos.models import Photo

    ids = list(dict.fromkeys(inline_photo_ids(article.body)))
    if not ids:
        return []
    found = Photo.objects.select_related("source").in_bulk(ids)
    problems = []
    for photo_id in ids:
        photo = found.get(photo_id)
        if photo is None:
            problems.append(f"inline photo {photo_id} is no longer in the photo library")
        else:
            problems.extend(photo_problems(photo, name=f"inline photo {photo_id}"))
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
    problems.extend(inline_photo_problems(article))
    return problems
