"""Slugs in URLs: tags keep Unicode slugs (taggit makes them), story slugs are ASCII
transliterations of the headline (DESIGN rule 12: Hangul and Cyrillic work in every URL).

Text rules only (no queries): which slugs a story or tag gets. Whether a slug is free is
articles.workflow's business (old addresses are kept there).
"""

import hashlib
import re

from django.db.models.signals import pre_save
from django.utils.text import slugify
from taggit.models import Tag
from unidecode import unidecode

TAG_NAME_MAX = Tag._meta.get_field("name").max_length
# taggit appends "_N" to a slug already taken; leave it room inside the column.
TAG_SLUG_MAX = Tag._meta.get_field("slug").max_length - 4
STORY_SLUG_MAX = 250


USABLE_SLUG = re.compile(r"[-\w]+")


class UnicodeSlugConverter:
    """Like Django's <slug:…>, but letters and digits of any script (what
    slugify(allow_unicode=True) produces)."""

    regex = USABLE_SLUG.pattern

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


def tag_problem(name):
    """Why `name` cannot be a tag (it would have no usable page), or None."""
    if len(name) > TAG_NAME_MAX:
        return f"“{name[:30]}…” is too long: a tag has at most {TAG_NAME_MAX} characters."
    slug = Tag().slugify(name)
    if not slug:
        shown = name.encode("unicode_escape").decode() if name.isprintable() is False else name
        return (
            f"“{shown}” cannot be used as a tag: it has no letters or digits to make its "
            "page address from."
        )
    if len(slug) > TAG_SLUG_MAX:
        return f"“{name[:30]}…” is too long for a tag page address; shorten it."
    return None


def story_slug(headline):
    """An ASCII slug from any headline ("벨라루스 대사" -> "belraruseu-daesa"); "" when the
    headline has nothing to transliterate (the story id is used then, see Article.save)."""
    return slugify(unidecode(headline or ""))[:STORY_SLUG_MAX].strip("-_")


def fallback_slug(pk):
    return f"story-{pk}"


def _give_tag_a_usable_slug(sender, instance, **kwargs):
    """The story form refuses such tags; this covers every other way in (shell, restoring an
    old revision): a tag whose name makes no slug still gets an address, never a 500."""
    if not USABLE_SLUG.fullmatch(instance.slug or ""):
        digest = hashlib.sha1(instance.name.encode(), usedforsecurity=False).hexdigest()[:10]
        instance.slug = f"tag-{digest}"


def connect_signals():
    pre_save.connect(_give_tag_a_usable_slug, sender=Tag, dispatch_uid="articles-tag-slug")
