"""The public lists of stories (section, tag, author, person): one lookup each, shared by
the HTML page and its feeds, so a feed answers 404 exactly when its page does.

Every list starts from Article.objects.published() (DESIGN rule 1). A tag or person known
only from unpublished stories has no public page, so its name cannot leak (e.g. a scoop).
"""

from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from taggit.models import Tag

from accounts.models import Author
from articles.models import Article, Byline, Interviewee, Person, Section


def _with_published(queryset, link):
    """Only the rows with at least one published story, tested in the same query; `link` is
    the story lookup that reaches the row ("tags", "interviewees__person")."""
    return queryset.filter(Exists(Article.objects.published().filter(**{link: OuterRef("pk")})))


def section_stories(slug, queryset=None):
    section = get_object_or_404(Section.objects if queryset is None else queryset, slug=slug)
    return section, Article.objects.published().filter(section=section)


def _tagged(tag):
    return Article.objects.published().filter(tags=tag)


def tag_stories(slug):
    tag = get_object_or_404(_with_published(Tag.objects, "tags"), slug=slug)
    return tag, _tagged(tag)


def author_stories(slug, queryset=None):
    author = get_object_or_404(Author.objects if queryset is None else queryset, slug=slug)
    # A subquery, not a join, so a story with two bylines by one author appears once.
    return author, Article.objects.published().filter(
        pk__in=Byline.objects.filter(author=author).values("article_id")
    )


def _interviewing(person):
    # A subquery, not a join, so a story listing the person twice appears once.
    return Article.objects.published().filter(
        pk__in=Interviewee.objects.filter(person=person).values("article_id")
    )


def person_stories(slug, queryset=None):
    people = _with_published(
        Person.objects if queryset is None else queryset, "interviewees__person"
    )
    person = get_object_or_404(people, slug=slug)
    return person, _interviewing(person)
