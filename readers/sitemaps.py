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
from django.db.models import Max, OuterRef, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from accounts.models import Author
from articles.corrections import public_corrections
from articles.models import Article, Kind, Person, Section
from readers import pagination
from readers.seo import absolute_url, date_modified

NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000  # Google News reads at most 1,000 URLs per news sitemap.
XML = "application/xml; charset=utf-8"


def _latest_published(**filters):
    """A subquery: when the newest published story matching `filters` went out."""
    stories = Article.objects.published().filter(**filters).order_by("-published_at")
    return Subquery(stories.values("published_at")[:1])


class StorySitemap:
    name = "articles"
    per_page = 5000

    def queryset(self):
        return (
            Article.objects.published()
            .order_by("published_at", "pk")
            .only("slug", "published_at", "created_at", "updated_for_readers_at")
        )

    def entry(self, article):
        return absolute_url(article.get_absolute_url()), date_modified(article)

    def count(self):
        return Article.objects.published().count()

    def latest(self, **filters):
        # Both ends read from indexes in one query (a single aggregate of both MAXes scanned
        # every published story): the published-stories index and the reader-update index.
        published = Article.objects.published().filter(**filters)
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


class PageSitemap:
    """The front page and the corrections log. Never empty, so the index never is."""

    name = "pages"
    per_page = 5000

    def rows(self):
        latest_story = StorySitemap().latest()
        latest_correction = public_corrections().values_list("published_at", flat=True).first()
        latest_interview = StorySitemap().latest(kind=Kind.INTERVIEW)
        return [
            (reverse("readers:front"), latest_story),
            (reverse("readers:interviews"), latest_interview),
            (reverse("readers:corrections"), latest_correction),
        ]

    def queryset(self):
        return self.rows()

    def entry(self, row):
        path, lastmod = row
        return absolute_url(path), lastmod

    def count(self):
        return 3

    def latest(self):
        return max((lastmod for _path, lastmod in self.rows() if lastmod), default=None)


class _ListingSitemap:
    """Sections, tags, authors and people that have at least one published story."""

    per_page = 5000
    model = None

    def latest_story(self):
        raise NotImplementedError

    def queryset(self):
        return (
            self.model.objects.annotate(lastmod=self.latest_story())
            .filter(lastmod__isnull=False)
            .order_by("pk")
        )

    def entry(self, obj):
        return absolute_url(self.location(obj)), obj.lastmod

    def location(self, obj):
        return obj.get_absolute_url()

    def count(self):
        return self.queryset().count()

    def latest(self):
        return self.queryset().aggregate(latest=Max("lastmod"))["latest"]


class SectionSitemap(_ListingSitemap):
    name = "sections"
    model = Section

    def latest_story(self):
        return _latest_published(section=OuterRef("pk"))


class TagSitemap(_ListingSitemap):
    name = "tags"
    model = Tag

    def latest_story(self):
        return _latest_published(tags=OuterRef("pk"))

    def location(self, tag):
        return reverse("readers:tag", args=[tag.slug])


class AuthorSitemap(_ListingSitemap):
    name = "authors"
    model = Author

    def latest_story(self):
        return _latest_published(bylines__author=OuterRef("pk"))


class PersonSitemap(_ListingSitemap):
    """People with a published interview (the others have no public page)."""

    name = "people"
    model = Person

    def latest_story(self):
        return _latest_published(interviewees__person=OuterRef("pk"))


SITEMAPS = {
    sitemap.name: sitemap
    for sitemap in (
        PageSitemap,
        StorySitemap,
        SectionSitemap,
        TagSitemap,
        AuthorSitemap,
        PersonSitemap,
    )
}


def _xml(request, template, context):
    return render(request, template, context, content_type=XML)


def sitemap_index(request):
    entries = []
    for name, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        pages = math.ceil(sitemap.count() / sitemap.per_page)
        if not pages:
            continue
        location = absolute_url(reverse("readers:sitemap_section", args=[name]))
        lastmod = sitemap.latest()
        entries.append((location, lastmod))
        entries.extend((f"{location}?p={page}", lastmod) for page in range(2, pages + 1))
    return _xml(request, "readers/sitemaps/index.xml", {"entries": entries})


def sitemap_section(request, name):
    sitemap_class = SITEMAPS.get(name)
    if sitemap_class is None:
        raise Http404("No such sitemap.")
    page = pagination.page_number(request.GET.get("p"))
    if page is None:
        raise Http404("No such sitemap page.")
    sitemap = sitemap_class()
    start = (page - 1) * sitemap.per_page
    rows = list(sitemap.queryset()[start : start + sitemap.per_page])
    if not rows and page > 1:
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
