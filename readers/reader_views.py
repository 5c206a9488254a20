"""Reader pages beyond the story lists: search, the date archive and the corrections log.
Every query starts from Article.objects.published() (DESIGN rule 1)."""

import calendar
from datetime import date, datetime, time, timedelta

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from articles.corrections import public_corrections
from articles.models import Article
from readers import search, seo

PAGE_SIZE = 20


def search_page(request):
    results = search.search_published(request.GET.get("q", ""), request.GET.get("page"))
    meta = seo.list_meta(
        f"Search: {results.query}" if results.query else "Search",
        "Search the stories and interviews.",
        reverse("readers:search"),
        robots="noindex, follow",
    )
    return render(request, "readers/search.html", {"results": results, "meta": meta})


def _local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _archive_range(year, month=None, day=None):
    """The [start, end) interval of a year, month or day in the site's time zone, as a
    range on published_at (which the published-stories index serves)."""
    try:
        if day is not None:
            first = date(year, month, day)
            return first, first + timedelta(days=1)
        if month is not None:
            first = date(year, month, 1)
            return first, first + timedelta(days=calendar.monthrange(year, month)[1])
        return date(year, 1, 1), date(year + 1, 1, 1)
    except (ValueError, OverflowError):
        raise Http404("No such date.") from None


def archive_page(request, year, month=None, day=None):
    year, month, day = int(year), month and int(month), day and int(day)
    first, after = _archive_range(year, month, day)
    stories = Article.objects.published().filter(
        published_at__gte=_local_midnight(first), published_at__lt=_local_midnight(after)
    )
    if day is not None:
        title = f"Stories from {first:%B} {first.day}, {year}"
    elif month is not None:
        title = f"Stories from {first:%B %Y}"
    else:
        title = f"Stories from {year}"
    page = Paginator(stories.for_listing(), PAGE_SIZE).get_page(request.GET.get("page"))
    meta = seo.list_meta(title, title, request.path, page.number)
    # A year page leads on to its months, so readers can narrow down without typing URLs.
    months = list(stories.dates("published_at", "month")) if month is None else []
    return render(
        request,
        "readers/archive.html",
        {
            "page": page,
            "articles": page.object_list,
            "title": title,
            "meta": meta,
            "months": months,
        },
    )


def corrections_log(request):
    page = Paginator(public_corrections(), PAGE_SIZE).get_page(request.GET.get("page"))
    meta = seo.list_meta(
        "Corrections and clarifications",
        "Every correction, clarification and editor's note we have published, newest first.",
        reverse("readers:corrections"),
        page.number,
    )
    return render(
        request,
        "readers/corrections.html",
        {"page": page, "corrections": page.object_list, "meta": meta},
    )
