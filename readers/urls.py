from django.urls import path, re_path, register_converter

from articles import slugs
from readers import feeds, reader_views, sitemaps, views
from readers.listings import LISTINGS

# Tag slugs keep their script (taggit: 벨라루스, кириллица); the others accept it too.
register_converter(slugs.UnicodeSlugConverter, "uslug")

app_name = "readers"


def listing_urls(listing):
    """A listing's pages and, at <list-url>feed/ and <list-url>feed/atom/, its feeds."""
    make = re_path if listing.regex else path
    view = views.listing_view(listing)
    urls = [make(route, view, name=name) for route, name in listing.routes]
    if listing.has_feeds:
        route = listing.routes[0][0]
        rss, atom = listing.feed_url_names
        urls.append(path(f"{route}feed/", feeds.ListingFeed(listing), name=rss))
        urls.append(path(f"{route}feed/atom/", feeds.ListingAtomFeed(listing), name=atom))
    return urls


urlpatterns = [
    path(
        "<int:year>/<str:month>/<str:day>/<slug:slug>/",
        views.article_detail,
        name="detail",
    ),
    *(url for listing in LISTINGS for url in listing_urls(listing)),
    path("search/", reader_views.search_page, name="search"),
    path("corrections/", reader_views.corrections_log, name="corrections"),
    # Sitemaps and robots.txt.
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-<slug:name>.xml", sitemaps.sitemap_section, name="sitemap_section"),
    path("news-sitemap.xml", sitemaps.news_sitemap, name="news_sitemap"),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
]
