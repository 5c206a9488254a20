"""Sitemaps for search engines: /sitemap.xml (an index), one paged sitemap per kind of
page, /news-sitemap.xml (Google News, last 48 hours) and /robots.txt pointing to both.

Hand-written rather than django.contrib.sitemaps so that every URL comes from SITE_URL
(never the request's Host header), the article pages are cheap at 100k stories (one
sliced query per page, oldest first so old pages stay stable), and lastmod comes from one
aggregate per kind. Only Article.objects.published() is listed (DESIGN rule 1).
"""

import math
from datetime import timedelta

from django.conf import settings
from django.db.models import Max, Min, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from articles.corrections import public_corrections
from articles.models import Article
from readers import pagination
from readers.listings import LISTINGS
from readers.seo import absolute_url, date_modified

NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000  # Google News reads at most 1,000 URLs per news sitemap.
XML = "application/xml; charset=utf-8"


class _CountedPages:
    """Pages of per_page rows by position (small sitemaps: pages, sections, tags...)."""

    per_page = 5000

    def page_count(self):
        return math.ceil(self.count() / self.per_page)

    def page(self, number):
        """The rows of page `number`, or None when there is no such page."""
        start = (number - 1) * self.per_page
        rows = list(self.queryset()[start : start + self.per_page])
        return rows if rows or number == 1 else None


class StorySitemap:
    """Every published story, in id order. A page is a range of story ids counted from
    the oldest published story's: one index range scan per page, however big the archive
    (pages by position needed an OFFSET past every older story, and the index a COUNT of
    all of them). A page holds at most per_page stories, fewer where ids went to stories
    not published; old pages stay stable."""

    name = "articles"
    # Well under the protocol's 50,000: a page renders in a fraction of a second uncached,
    # and the index lists 100 pages at 100,000 stories.
    per_page = 1000

    def queryset(self):
        return (
            Article.objects.published()
            .order_by("pk")
            .only("slug", "published_at", "created_at", "updated_for_readers_at")
        )

    def entry(self, article):
        return absolute_url(article.get_absolute_url()), date_modified(article)

    def page_count(self):
        # PostgreSQL answers MIN and MAX from the primary key's index, even filtered.
        ids = Article.objects.published().aggregate(first=Min("pk"), last=Max("pk"))
        if ids["first"] is None:
            return 0
        return (ids["last"] - ids["first"]) // self.per_page + 1

    def page(self, number):
        """One query: the page's id range starts from the oldest published story's id."""
        oldest = Article.objects.published().order_by("pk").values("pk")[:1]
        start = Subquery(oldest) + (number - 1) * self.per_page
        rows = list(self.queryset().filter(pk__gte=start, pk__lt=start + self.per_page))
        return rows if rows or number == 1 else None

    def latest(self):
        return latest_change(Article.objects.published())


def latest_change(published):
    """When the newest of these published stories went out or was last updated for readers.
    Both ends read from indexes in one query (a single aggregate of both MAXes scanned every
    published story): the published-stories index and the reader-update index."""
    newest_update = (
        published.filter(updated_for_readers_at__isnull=False)
        .order_by("-updated_for_readers_at")
        .values("updated_for_readers_at")[:1]
    )
    newest = (
        published.order_by("-published_at")
        .annotate(updated=Subquery(newest_update))
        .values_list("published_at", "updated")
        .first()
    )
    return max((when for when in newest or () if when), default=None)


class PageSitemap(_CountedPages):
    """The pages of the lists without an object (front page, interviews) and the corrections
    log. Never empty, so the index never is."""

    name = "pages"
    per_page = 5000

    def listings(self):
        return [listing for listing in LISTINGS if listing.model is None and listing.in_sitemap]

    def rows(self):
        rows = [
            (listing.url(), latest_change(listing.stories(None))) for listing in self.listings()
        ]
        latest_correction = public_corrections().values_list("published_at", flat=True).first()
        return [*rows, (reverse("readers:corrections"), latest_correction)]

    def queryset(self):
        return self.rows()

    def entry(self, row):
        path, lastmod = row
        return absolute_url(path), lastmod

    def count(self):
        return len(self.listings()) + 1

    def latest(self):
        return max((lastmod for _path, lastmod in self.rows() if lastmod), default=None)


class ListingSitemap(_CountedPages):
    """One URL per object of a listing (sections, tags, authors, people) that has at least
    one published story, with that story's time as lastmod."""

    per_page = 5000

    def __init__(self, listing):
        self.listing = listing
        self.name = listing.sitemap_name

    def queryset(self):
        return (
            self.listing.model.objects.annotate(lastmod=Subquery(self.listing.latest_story()))
            .filter(lastmod__isnull=False)
            .order_by("pk")
        )

    def entry(self, obj):
        return absolute_url(self.listing.url(obj)), obj.lastmod

    def count(self):
        return self.queryset().count()

    def latest(self):
        return self.queryset().aggregate(latest=Max("lastmod"))["latest"]


SITEMAPS = {
    sitemap.name: sitemap
    for sitemap in (
        PageSitemap(),
        StorySitemap(),
        *(ListingSitemap(listing) for listing in LISTINGS if listing.sitemap_name),
    )
}


def _xml(request, template, context):
    return render(request, template, context, content_type=XML)


def sitemap_index(request):
    entries = []
    for name, sitemap in SITEMAPS.items():
        pages = sitemap.page_count()
        if not pages:
            continue
        location = absolute_url(reverse("readers:sitemap_section", args=[name]))
        lastmod = sitemap.latest()
        entries.append((location, lastmod))
        entries.extend((f"{location}?p={page}", lastmod) for page in range(2, pages + 1))
    return _xml(request, "readers/sitemaps/index.xml", {"entries": entries})


def sitemap_section(request, name):
    sitemap = SITEMAPS.get(name)
    if sitemap is None:
        raise Http404("No such sitemap.")
    page = pagination.page_number(request.GET.get("p"))
    if page is None:
        raise Http404("No such sitemap page.")
    rows = sitemap.page(page)
    if rows is None:
        raise Http404("No such sitemap page.")
    return _xml(
        request, "readers/sitemaps/urlset.xml", {"entries": [sitemap.entry(row) for row in rows]}
    )


def news_sitemap(request):
    since = timezone.now() - NEWS_WINDOW
    stories = (
        Article.objects.published()
        .filter(published_at__gte=since)
        .order_by("-published_at", "-pk")
        .only("slug", "headline", "published_at", "created_at")[:NEWS_LIMIT]
    )
    entries = [(absolute_url(story.get_absolute_url()), story) for story in stories]
    return _xml(
        request,
        "readers/sitemaps/news.xml",
        {"entries": entries, "publication": settings.SITE_NAME, "language": settings.LANGUAGE_CODE},
    )


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "",
        f"Sitemap: {absolute_url(reverse('readers:sitemap'))}",
        f"Sitemap: {absolute_url(reverse('readers:news_sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
