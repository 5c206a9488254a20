"""Reader pages beyond the story lists (readers.listings): search and the corrections log.
Every query starts from Article.objects.published() (DESIGN rule 1)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from articles.corrections import public_corrections
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
