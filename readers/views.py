"""Public pages. Every query starts from Article.objects.published() (DESIGN rule 1).

Each page runs a fixed number of queries however many stories, bylines or tags it
shows: listings use `for_listing()`, the story page prefetches what it renders.
"""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render

from accounts.models import Author
from articles import interviews
from articles.models import (
    Article,
    Byline,
    Correction,
    Interviewee,
    Kind,
    Person,
    SlugRedirect,
)
from readers import listings
from readers.related import read_next

PAGE_SIZE = 20


def _story_list(request, template, queryset, **context):
    page = Paginator(queryset.for_listing(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, template, {"page": page, "articles": page.object_list, **context})


def front_page(request):
    return _story_list(request, "readers/front.html", Article.objects.published())


def section_page(request, slug):
    section, stories = listings.section_stories(slug)
    return _story_list(request, "readers/section.html", stories, section=section)


def tag_page(request, slug):
    tag, stories = listings.tag_stories(slug)
    return _story_list(request, "readers/tag.html", stories, tag=tag)


def author_page(request, slug):
    author, stories = listings.author_stories(slug, Author.objects.select_related("photo"))
    return _story_list(request, "readers/author.html", stories, author=author)


def person_page(request, slug):
    person, stories = listings.person_stories(
        slug, Person.objects.select_related("photo", "photo__source")
    )
    return _story_list(
        request,
        "readers/person.html",
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
    return _story_list(request, "readers/interviews.html", stories, interview_list=True)


def article_detail(request, year, month, day, slug):
    published = Article.objects.published()
    article = (
        published.defer("search_vector")
        .select_related("section", "lead_photo", "lead_photo__source")
        .prefetch_related(
            Prefetch(
                "bylines",
                queryset=Byline.objects.select_related("author", "author__photo"),
            ),
            Prefetch("interviewees", queryset=Interviewee.objects.select_related("person")),
            Prefetch("corrections", queryset=Correction.objects.order_by("published_at")),
            "tags",
            "lead_photo__renditions",
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
    # One author box per person, even when they hold several bylines ("Interview by",
    # "Photos by"), in byline order.
    authors = list({byline.author_id: byline.author for byline in article.bylines.all()}.values())
    related, more = read_next(article)
    context = {
        "article": article,
        "authors": authors,
        "related": related,
        "more_by_authors": more,
    }
    return render(request, "readers/detail.html", context)
