"""Public corrections, clarifications and editor's notes on published stories.

One place for the rule: who may add one, to which stories, and what adding one does
(the story is marked updated for readers, every cached page showing it is purged).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from articles import signals
from articles.models import Article, Correction

PERMISSION = "articles.add_correction_article"


def may_add_corrections(user):
    return user.is_active and user.has_perm(PERMISSION)


def correction_problems(article):
    """Why a correction cannot be attached to this story (empty when it can)."""
    if article is None:
        return ["choose the story to correct"]
    if not Article.objects.published().filter(pk=article.pk).exists():
        return ["corrections can only be added to stories readers can see (published ones)"]
    return []


def publish_correction(correction, user):
    """Save a new correction and mark its story updated, in one transaction."""
    if not may_add_corrections(user):
        raise PermissionDenied("Only editors may add corrections.")
    problems = correction_problems(correction.article)
    if problems:
        raise ValueError("; ".join(problems))
    with transaction.atomic():
        correction.created_by = user
        correction.published_at = timezone.now()
        correction.save()
        # update(), not save(): the story's text and version do not change, so an editor
        # with the story open does not get a spurious edit conflict.
        Article.objects.filter(pk=correction.article_id).update(
            updated_for_readers_at=correction.published_at
        )
        signals.public_change.send(Correction)
        signals.story_event.send(
            Article, article=correction.article, action="correct", user=user, note=correction.text
        )
    return correction


def edit_correction(correction, user):
    """Save a change to the wording of an existing correction."""
    if not may_add_corrections(user):
        raise PermissionDenied("Only editors may change corrections.")
    with transaction.atomic():
        correction.save()
        signals.public_change.send(Correction)
    return correction


def public_corrections():
    """Corrections readers may see: those on published stories, newest first."""
    return (
        Correction.objects.filter(article__in=Article.objects.published())
        .select_related("article", "article__section")
        .order_by("-published_at", "-pk")
    )
