"""Public pages. Every query starts from Article.objects.published() (DESIGN rule 1).

Each page runs a fixed number of queries however many stories, bylines or tags it
shows: listings use `for_listing()`, the story page prefetches what it renders.
"""

from django.http import Http404
from django.shortcuts import redirect, render

from articles.models import (
    Article,
    SlugRedirect,
)
from readers import pagination, seo
from readers.related import read_next

PAGE_SIZE = 20


def listing_view(listing):
    """The page of one entry of readers.listings.LISTINGS."""

    def listing_page(request, **kwargs):
        obj, stories = listing.find(for_page=True, **kwargs)
        stories = stories.for_listing().prefetch_related(*listing.page_prefetch)
        page = pagination.paginate(stories, request.GET.get("page"), PAGE_SIZE)
        meta = seo.listing_meta(listing, obj, request.path, page.number)
        context = {"page": page, "articles": page.object_list, "meta": meta, **listing.context}
        if listing.context_name:
            context[listing.context_name] = obj
        if listing.extra_context is not None:
            context.update(listing.extra_context(obj, stories))
        return render(request, listing.template, context)

    listing_page.__name__ = f"{listing.name}_page"
    return listing_page


def article_detail(request, year, month, day, slug):
    published = Article.objects.published()
    article = published.for_story_page().filter(slug=slug).first()
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
