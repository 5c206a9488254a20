"""The public lists of stories, defined once: front page, sections, tags, authors, people,
interviews and the date archive. Each entry of LISTINGS drives the page's URL and view, its
RSS and Atom feeds, its entries in the sitemap and its page metadata (title, description,
canonical URL, feed links), so a new listing is one entry here.

Every list starts from Article.objects.published() (DESIGN rule 1). A tag or person known
only from unpublished stories has no public page, feed or sitemap entry, so its name cannot
leak (e.g. a scoop): page and feeds answer 404 exactly when the page does.
"""

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from accounts.models import Author
from articles import interviews
from articles.models import Article, Byline, Interviewee, Kind, Person, Section


@dataclass(frozen=True)
class Listing:
    """One public list of stories.

    `routes` are (route, URL name) pairs under the readers namespace; the first names the
    page, and its feeds are <name>_feed and <name>_feed_atom (`feed_name` overrides <name>).
    `model` and `link` (the story lookup that reaches one object: "tags",
    "bylines__author") make a list of one object per slug; `public_only` gives a page only
    to objects with a published story. `stories(obj)` is the list itself.
    """

    routes: tuple
    template: str
    stories: Callable
    title: Callable
    description: Callable
    feed_title: Callable | None = None  # None: the listing has no feeds
    feed_description: Callable | None = None
    model: type | None = None
    link: str = ""
    public_only: bool = False
    context_name: str = ""
    page_objects: Callable | None = None  # queryset the page reads its object from
    page_prefetch: tuple = ()
    extra_context: Callable | None = None
    resolve: Callable | None = None  # URL arguments -> the object of a list without a model
    sitemap_name: str = ""  # sitemap-<name>.xml lists one URL per object; "" for none
    in_sitemap: bool = True  # a list without a model: its page is in sitemap-pages.xml
    regex: bool = False
    context: dict = field(default_factory=dict)

    @property
    def name(self):
        return self.routes[0][1]

    @property
    def feed_url_names(self):
        # The front page's feeds are the site's (feed, feed_atom); the others <name>_feed...
        prefix = f"{self.name}_" if self.routes[0][0] else ""
        return f"{prefix}feed", f"{prefix}feed_atom"

    @property
    def has_feeds(self):
        return self.feed_title is not None

    def objects(self, for_page=False):
        queryset = self.model.objects.all()
        if for_page and self.page_objects is not None:
            queryset = self.page_objects()
        if self.public_only:
            queryset = with_published(queryset, self.link)
        return queryset

    def find(self, for_page=False, **kwargs):
        """(object or None, its published stories) for a URL's arguments; 404 if none."""
        if self.model is None:
            obj = self.resolve(**kwargs) if self.resolve else None
            return obj, self.stories(obj)
        obj = get_object_or_404(self.objects(for_page), slug=kwargs["slug"])
        return obj, self.stories(obj)

    def url_kwargs(self, obj):
        return {"slug": obj.slug} if self.model is not None else {}

    def url(self, obj=None):
        return reverse(f"readers:{self.name}", kwargs=self.url_kwargs(obj))

    def feed_urls(self, obj=None):
        kwargs = self.url_kwargs(obj)
        return tuple(reverse(f"readers:{name}", kwargs=kwargs) for name in self.feed_url_names)

    def feed_link(self, obj=None):
        """(title, RSS URL, Atom URL) for the page's <link rel="alternate">."""
        return (self.feed_title(obj), *self.feed_urls(obj)) if self.has_feeds else None

    def latest_story(self):
        """A subquery (per object): when its newest published story went out."""
        stories = Article.objects.published().filter(**{self.link: OuterRef("pk")})
        return stories.order_by("-published_at").values("published_at")[:1]


def with_published(queryset, link):
    """Only the rows with at least one published story, tested in the same query; `link` is
    the story lookup that reaches the row ("tags", "interviewees__person")."""
    return queryset.filter(Exists(Article.objects.published().filter(**{link: OuterRef("pk")})))


def _published(obj=None):
    return Article.objects.published()


def _in_section(section):
    return Article.objects.published().filter(section=section)


def _tagged(tag):
    return Article.objects.published().filter(tags=tag)


def _by_author(author):
    # A subquery, not a join, so a story with two bylines by one author appears once.
    return Article.objects.published().filter(
        pk__in=Byline.objects.filter(author=author).values("article_id")
    )


def _interviewing(person):
    # A subquery, not a join, so a story listing the person twice appears once.
    return Article.objects.published().filter(
        pk__in=Interviewee.objects.filter(person=person).values("article_id")
    )


def _interviews(obj=None):
    return Article.objects.published().filter(kind=Kind.INTERVIEW)


# The date archive ------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A year, month or day of the archive, in the site's time zone."""

    first: date
    after: date
    kind: str  # "year", "month" or "day"

    @property
    def title(self):
        if self.kind == "day":
            return f"Stories from {self.first:%B} {self.first.day}, {self.first.year}"
        if self.kind == "month":
            return f"Stories from {self.first:%B %Y}"
        return f"Stories from {self.first.year}"


def archive_period(year, month=None, day=None):
    try:
        year, month, day = int(year), month and int(month), day and int(day)
        if day is not None:
            first = date(year, month, day)
            return Period(first, first + timedelta(days=1), "day")
        if month is not None:
            first = date(year, month, 1)
            days = calendar.monthrange(year, month)[1]
            return Period(first, first + timedelta(days=days), "month")
        return Period(date(year, 1, 1), date(year + 1, 1, 1), "year")
    except (ValueError, OverflowError):
        raise Http404("No such date.") from None


def _local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _in_period(period):
    # A range on published_at, which the published-stories index serves.
    return Article.objects.published().filter(
        published_at__gte=_local_midnight(period.first),
        published_at__lt=_local_midnight(period.after),
    )


def _archive_context(period, stories):
    # A year page leads on to its months, so readers can narrow down without typing URLs.
    months = list(stories.dates("published_at", "month")) if period.kind == "year" else []
    return {"title": period.title, "months": months}


def _site(text):
    return f"{settings.SITE_NAME}: {text}"


# The table -------------------------------------------------------------------------------

FRONT = Listing(
    routes=(("", "front"),),
    template="readers/front.html",
    stories=_published,
    title=lambda obj: settings.SITE_NAME,
    description=lambda obj: f"News and interviews from {settings.SITE_NAME}.",
    feed_title=lambda obj: _site("latest stories"),
    feed_description=lambda obj: f"The latest news and interviews from {settings.SITE_NAME}.",
)
SECTION = Listing(
    sitemap_name="sections",
    routes=(("sections/<uslug:slug>/", "section"),),
    template="readers/section.html",
    model=Section,
    link="section",
    stories=_in_section,
    context_name="section",
    title=str,
    description=lambda section: section.description or f"Latest stories in {section}",
    feed_title=lambda section: _site(section.name),
    feed_description=lambda section: (
        section.description or f"The latest stories in {section.name}."
    ),
)
TAG = Listing(
    sitemap_name="tags",
    routes=(("tags/<uslug:slug>/", "tag"),),
    template="readers/tag.html",
    model=Tag,
    link="tags",
    public_only=True,
    stories=_tagged,
    context_name="tag",
    title=str,
    description=lambda tag: f"Stories tagged {tag}",
    feed_title=lambda tag: _site(f"stories tagged {tag.name}"),
    feed_description=lambda tag: f"The latest stories tagged {tag.name}.",
)
AUTHOR = Listing(
    sitemap_name="authors",
    routes=(("authors/<uslug:slug>/", "author"),),
    template="readers/author.html",
    model=Author,
    link="bylines__author",
    stories=_by_author,
    context_name="author",
    page_objects=lambda: Author.objects.select_related("photo"),
    title=str,
    description=lambda author: author.bio or f"Stories by {author}",
    feed_title=lambda author: _site(f"stories by {author.name}"),
    feed_description=lambda author: f"The latest stories by {author.name}.",
)
PERSON = Listing(
    sitemap_name="people",
    routes=(("people/<uslug:slug>/", "person"),),
    template="readers/person.html",
    model=Person,
    link="interviewees__person",
    public_only=True,
    stories=_interviewing,
    context_name="person",
    page_objects=lambda: Person.objects.select_related("photo", "photo__source"),
    extra_context=lambda person, stories: {"quotes": interviews.quotes_by(person)},
    title=lambda person: person.name,
    description=lambda person: person.description or f"Interviews with {person.name}",
    feed_title=lambda person: _site(f"interviews with {person.name}"),
    feed_description=lambda person: f"The latest interviews with {person.name}.",
)
INTERVIEWS = Listing(
    routes=(("interviews/", "interviews"),),
    template="readers/interviews.html",
    stories=_interviews,
    page_prefetch=(
        Prefetch("interviewees", queryset=Interviewee.objects.select_related("person")),
    ),
    context={"interview_list": True},
    title=lambda obj: "Interviews",
    description=lambda obj: f"Interviews published by {settings.SITE_NAME}.",
    feed_title=lambda obj: _site("interviews"),
    feed_description=lambda obj: f"The latest interviews from {settings.SITE_NAME}.",
)
ARCHIVE = Listing(
    # The article URL's prefixes; digits only, so they never swallow a slug.
    routes=(
        (r"^(?P<year>[0-9]{4})/$", "archive_year"),
        (r"^(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$", "archive_month"),
        (r"^(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/(?P<day>[0-9]{2})/$", "archive_day"),
    ),
    regex=True,
    template="readers/archive.html",
    stories=_in_period,
    resolve=archive_period,
    context_name="period",
    extra_context=_archive_context,
    title=lambda period: period.title,
    description=lambda period: period.title,
    in_sitemap=False,
)

LISTINGS = (FRONT, SECTION, TAG, AUTHOR, PERSON, INTERVIEWS, ARCHIVE)
