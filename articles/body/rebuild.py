"""When a story's stored body outputs are rebuilt: the one place that knows what they
depend on. The body itself is handled by Article.save (and workflow.save_edit, which
sends post_save); everything else a rendered body shows comes from:

* its interviewees (Person: name, short name, native name, title) and bylines (Author),
* its inline photos (Photo: caption, credit, rights; Source: the credit's name;
  Rendition: the image files).

Each change rebuilds only the stories it touches (one indexed query for their ids, from
the InlinePhoto rows the pipeline keeps), in the same
transaction, so what is committed is always consistent. A task engine can take this over.
"""

from django.db.models import Prefetch
from django.db.models.signals import post_delete, post_save

from accounts.models import Author
from articles import signals
from articles.models import Article, Byline, InlinePhoto, Interviewee, Person
from photos.models import Photo, Rendition, Source


def rebuild(article):
    """Rebuild one story's outputs from what is stored now, and write them. Returns whether
    its plain text changed."""
    text = article.body_text
    article.build_body()
    article.save_body_outputs()
    return article.body_text != text


def rebuild_ids(article_ids):
    article_ids = set(article_ids)
    if not article_ids:
        return 0
    stories = Article.objects.filter(pk__in=article_ids).prefetch_related(
        Prefetch("interviewees", queryset=Interviewee.objects.select_related("person")),
        Prefetch("bylines", queryset=Byline.objects.select_related("author")),
    )
    count, changed = 0, []
    for article in stories.iterator(chunk_size=200):
        if rebuild(article):
            changed.append(article.pk)
        count += 1
    if changed:
        signals.body_text_changed.send(Article, article_ids=changed)
    return count


def stories_using_photo(photo_id):
    """Ids of the stories whose body places this photo inline (an indexed lookup)."""
    return InlinePhoto.objects.filter(photo_id=photo_id).values_list("article_id", flat=True)


def stories_using_photos(photo_ids):
    return InlinePhoto.objects.filter(photo_id__in=photo_ids).values_list("article_id", flat=True)


# --- Signal handlers --------------------------------------------------------------------


def _article_saved(sender, instance, raw=False, **kwargs):
    # Article.save has built and written the outputs; an UPDATE that bypassed it
    # (workflow.save_edit) announces itself with post_save and is built here.
    if raw:
        return
    if not instance.body_is_built():
        instance.build_body()
    if getattr(instance, "_body_unsaved", False):
        instance.save_body_outputs()


def _part_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        rebuild_ids([instance.article_id])


def _part_deleted(sender, instance, origin=None, **kwargs):
    # Not when the story itself is being deleted: rebuilding it would write rows (its
    # InlinePhoto records) the same deletion has just removed.
    if isinstance(origin, Article) or getattr(origin, "model", None) is Article:
        return
    rebuild_ids([instance.article_id])


def _person_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        rebuild_ids(instance.interviews.values_list("article_id", flat=True))


def _author_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        rebuild_ids(instance.bylines.values_list("article_id", flat=True))


def _photo_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        rebuild_ids(stories_using_photo(instance.pk))


def _rendition_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        rebuild_ids(stories_using_photo(instance.photo_id))


def _source_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        rebuild_ids(stories_using_photos(instance.photos.values("pk")))


def connect_signals():
    post_save.connect(_article_saved, sender=Article, dispatch_uid="body-article")
    for model in (Byline, Interviewee):
        name = model.__name__
        post_save.connect(_part_changed, sender=model, dispatch_uid=f"body-save-{name}")
        post_delete.connect(_part_deleted, sender=model, dispatch_uid=f"body-delete-{name}")
    post_save.connect(_person_saved, sender=Person, dispatch_uid="body-person")
    post_save.connect(_author_saved, sender=Author, dispatch_uid="body-author")
    post_save.connect(_photo_changed, sender=Photo, dispatch_uid="body-photo-save")
    post_delete.connect(_photo_changed, sender=Photo, dispatch_uid="body-photo-delete")
    post_save.connect(_rendition_changed, sender=Rendition, dispatch_uid="body-rendition-save")
    post_delete.connect(_rendition_changed, sender=Rendition, dispatch_uid="body-rendition-del")
    post_save.connect(_source_saved, sender=Source, dispatch_uid="body-source")
