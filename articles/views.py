"""Public pages. Every query starts from Article.objects.published() (DESIGN rule 1)."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from taggit.models import Tag

from accounts.models import Author
from articles import interviews
from articles.models import Article, Byline, Interviewee, Kind, Person, Section, SlugRedirect

PAGE_SIZE = 20


def _paginate(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _story_list(request, template, queryset, **context):
    page = _paginate(request, queryset.for_listing())
    return render(request, template, {"page": page, "articles": page.object_list, **context})


def front_page(request):
    return _story_list(request, "articles/front.html", Article.objects.published())


def section_page(request, slug):
    section = get_object_or_404(Section, slug=slug)
    stories = Article.objects.published().filter(section=section)
    return _story_list(request, "articles/section.html", stories, section=section)


def tag_page(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    stories = Article.objects.published().filter(tags=tag)
    return _story_list(request, "articles/tag.html", stories, tag=tag)


def author_page(request, slug):
    author = get_object_or_404(Author, slug=slug)
    stories = Article.objects.published().filter(bylines__author=author).distinct()
    return _story_list(request, "articles/author.html", stories, author=author)


def person_page(request, slug):
    person = get_object_or_404(Person.objects.select_related("photo", "photo__source"), slug=slug)
    stories = Article.objects.published().filter(interviewees__person=person).distinct()
    return _story_list(
        request,
        "articles/person.html",
        stories,
        person=person,
        quotes=interviews.quotes_by(person),
    )


def interview_list(request):
    stories = (
        Article.objects.published()
        .filter(kind=Kind.INTERVIEW)
        .prefetch_related(
            Prefetch("interviewees", queryset=Interviewee.objects.select_related("person"))
        )
    )
    return _story_list(request, "articles/interviews.html", stories)


def article_detail(request, year, month, day, slug):
    published = Article.objects.published()
    article = (
        published.select_related("section", "lead_photo", "lead_photo__source")
        .prefetch_related(
            Prefetch(
                "bylines",
                queryset=Byline.objects.select_related("author", "author__photo"),
            ),
            Prefetch("interviewees", queryset=Interviewee.objects.select_related("person")),
            "tags",
        )
        .filter(slug=slug)
        .first()
    )
    if article is None:
        moved = SlugRedirect.objects.filter(old_slug=slug, article__in=published).first()
        if moved is None:
            raise Http404("No such story.")
        return redirect(moved.article.get_absolute_url(), permanent=True)
    if request.path != article.get_absolute_url():
        return redirect(article.get_absolute_url(), permanent=True)
    return render(request, "articles/detail.html", {"article": article})
