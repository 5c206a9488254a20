from django.urls import path, re_path, register_converter

from articles import slugs
from readers import feeds, reader_views, sitemaps, views

# Tag slugs keep their script (taggit: 벨라루스, кириллица); the others accept it too.
register_converter(slugs.UnicodeSlugConverter, "uslug")

app_name = "readers"

urlpatterns = [
    path("", views.front_page, name="front"),
    path(
        "<int:year>/<str:month>/<str:day>/<slug:slug>/",
        views.article_detail,
        name="detail",
    ),
    path("sections/<uslug:slug>/", views.section_page, name="section"),
    path("tags/<uslug:slug>/", views.tag_page, name="tag"),
    path("authors/<uslug:slug>/", views.author_page, name="author"),
    path("people/<uslug:slug>/", views.person_page, name="person"),
    path("interviews/", views.interview_list, name="interviews"),
    path("interviews/feed/", feeds.InterviewFeed(), name="interviews_feed"),
    path("interviews/feed/atom/", feeds.InterviewAtomFeed(), name="interviews_feed_atom"),
    path("people/<uslug:slug>/feed/", feeds.PersonFeed(), name="person_feed"),
    path("people/<uslug:slug>/feed/atom/", feeds.PersonAtomFeed(), name="person_feed_atom"),
    # Search, date archive, corrections.
    path("search/", reader_views.search_page, name="search"),
    path("corrections/", reader_views.corrections_log, name="corrections"),
    # Archive URLs are the article URL's prefixes; digits only, so they never swallow a slug.
    re_path(r"^(?P<year>[0-9]{4})/$", reader_views.archive_page, name="archive_year"),
    re_path(
        r"^(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$",
        reader_views.archive_page,
        name="archive_month",
    ),
    re_path(
        r"^(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/(?P<day>[0-9]{2})/$",
        reader_views.archive_page,
        name="archive_day",
    ),
    # Feeds: RSS at <list-url>feed/, Atom at <list-url>feed/atom/.
    path("feed/", feeds.LatestStoriesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestStoriesAtomFeed(), name="feed_atom"),
    path("sections/<uslug:slug>/feed/", feeds.SectionFeed(), name="section_feed"),
    path("sections/<uslug:slug>/feed/atom/", feeds.SectionAtomFeed(), name="section_feed_atom"),
    path("tags/<uslug:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("tags/<uslug:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag_feed_atom"),
    path("authors/<uslug:slug>/feed/", feeds.AuthorFeed(), name="author_feed"),
    path("authors/<uslug:slug>/feed/atom/", feeds.AuthorAtomFeed(), name="author_feed_atom"),
    # Sitemaps and robots.txt.
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-<slug:name>.xml", sitemaps.sitemap_section, name="sitemap_section"),
    path("news-sitemap.xml", sitemaps.news_sitemap, name="news_sitemap"),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
]
