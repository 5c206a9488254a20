"""RSS 2.0 and Atom feeds: the whole site, and each section, tag and author.

Every item names all its authors (dc:creator in RSS, one <author> each in Atom), carries
its published and updated dates, summary, categories, and the lead photo as media:content
with its credit. Only Article.objects.published() ever reaches a feed (DESIGN rule 1); a list's feed finds
its section, tag, author or person with the page's own lookup (readers.listings).
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from articles.models import Article, Byline, Kind
from readers import listings
from readers.seo import absolute_url, date_modified, plain_description, reader_photo, social_image

FEED_LENGTH = 30
DC_NS = "http://purl.org/dc/elements/1.1/"
MEDIA_NS = "http://search.yahoo.com/mrss/"


def _add_media(handler, image):
    if image is None:
        return
    handler.startElement(
        "media:content",
        {
            "url": image.url,
            "type": image.mime_type,
            "medium": "image",
            "width": str(image.width),
            "height": str(image.height),
        },
    )
    if image.caption or image.alt:
        handler.addQuickElement("media:description", image.caption or image.alt)
    if image.credit:
        handler.addQuickElement("media:credit", image.credit)
    handler.endElement("media:content")


class NewsRssFeed(Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": DC_NS, "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for author in item["authors"]:
            handler.addQuickElement("dc:creator", author["name"])
        _add_media(handler, item["image"])


class NewsAtomFeed(Atom1Feed):
    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for author in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", author["name"])
            if author["email"]:
                handler.addQuickElement("email", author["email"])
            handler.addQuickElement("uri", author["url"])
            handler.endElement("author")
        _add_media(handler, item["image"])


def _listed(obj, stories):
    # Feed views are shared between requests: the stories travel with this request's object.
    obj.listed_stories = stories
    return obj


class LatestStoriesFeed(Feed):
    feed_type = NewsRssFeed
    language = settings.LANGUAGE_CODE
    # Atom requires an author for entries that have none (a story without bylines).
    author_name = settings.SITE_NAME
    feed_name = "readers:feed"

    def title(self, obj=None):
        return f"{settings.SITE_NAME}: latest stories"

    def description(self, obj=None):
        return f"The latest news and interviews from {settings.SITE_NAME}."

    def link(self, obj=None):
        return absolute_url(reverse("readers:front"))

    def feed_url(self, obj=None):
        args = [obj.slug] if obj is not None else []
        return absolute_url(reverse(self.feed_name, args=args))

    def stories(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        return (
            self.stories(obj)
            .defer("search_vector")
            .select_related("section", "lead_photo", "lead_photo__source")
            .prefetch_related(
                Prefetch("bylines", queryset=Byline.objects.select_related("author")),
                "tags",
                "lead_photo__renditions",
            )
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        # Feed summaries are HTML; the deck is plain text, so it is escaped once here.
        return escape(plain_description(item.deck, fallback=item.headline))

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        return self.item_link(item)

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return date_modified(item)

    def item_categories(self, item):
        return [item.section.name, *(tag.name for tag in item.tags.all())]

    def item_extra_kwargs(self, item):
        return {
            "authors": [
                {
                    "name": byline.author.name,
                    "email": byline.author.email,
                    "url": absolute_url(byline.author.get_absolute_url()),
                }
                for byline in item.bylines.all()
            ],
            "image": social_image(reader_photo(item)),
        }


class LatestStoriesAtomFeed(LatestStoriesFeed):
    feed_type = NewsAtomFeed
    feed_name = "readers:feed_atom"
    subtitle = LatestStoriesFeed.description


class SectionFeed(LatestStoriesFeed):
    feed_name = "readers:section_feed"

    def get_object(self, request, slug):
        return _listed(*listings.section_stories(slug))

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.name}"

    def description(self, obj):
        return obj.description or f"The latest stories in {obj.name}."

    def link(self, obj):
        return absolute_url(obj.get_absolute_url())

    def stories(self, obj):
        return obj.listed_stories


class SectionAtomFeed(SectionFeed):
    feed_type = NewsAtomFeed
    feed_name = "readers:section_feed_atom"
    subtitle = SectionFeed.description


class TagFeed(LatestStoriesFeed):
    feed_name = "readers:tag_feed"

    def get_object(self, request, slug):
        return _listed(*listings.tag_stories(slug))

    def title(self, obj):
        return f"{settings.SITE_NAME}: stories tagged {obj.name}"

    def description(self, obj):
        return f"The latest stories tagged {obj.name}."

    def link(self, obj):
        return absolute_url(reverse("readers:tag", args=[obj.slug]))

    def stories(self, obj):
        return obj.listed_stories


class TagAtomFeed(TagFeed):
    feed_type = NewsAtomFeed
    feed_name = "readers:tag_feed_atom"
    subtitle = TagFeed.description


class AuthorFeed(LatestStoriesFeed):
    feed_name = "readers:author_feed"

    def get_object(self, request, slug):
        return _listed(*listings.author_stories(slug))

    def title(self, obj):
        return f"{settings.SITE_NAME}: stories by {obj.name}"

    def description(self, obj):
        return f"The latest stories by {obj.name}."

    def link(self, obj):
        return absolute_url(obj.get_absolute_url())

    def stories(self, obj):
        return obj.listed_stories


class AuthorAtomFeed(AuthorFeed):
    feed_type = NewsAtomFeed
    feed_name = "readers:author_feed_atom"
    subtitle = AuthorFeed.description


class InterviewFeed(LatestStoriesFeed):
    feed_name = "readers:interviews_feed"

    def title(self, obj=None):
        return f"{settings.SITE_NAME}: interviews"

    def description(self, obj=None):
        return f"The latest interviews from {settings.SITE_NAME}."

    def link(self, obj=None):
        return absolute_url(reverse("readers:interviews"))

    def stories(self, obj):
        return Article.objects.published().filter(kind=Kind.INTERVIEW)


class InterviewAtomFeed(InterviewFeed):
    feed_type = NewsAtomFeed
    feed_name = "readers:interviews_feed_atom"
    subtitle = InterviewFeed.description


class PersonFeed(LatestStoriesFeed):
    feed_name = "readers:person_feed"

    def get_object(self, request, slug):
        return _listed(*listings.person_stories(slug))

    def title(self, obj):
        return f"{settings.SITE_NAME}: interviews with {obj.name}"

    def description(self, obj):
        return f"The latest interviews with {obj.name}."

    def link(self, obj):
        return absolute_url(obj.get_absolute_url())

    def stories(self, obj):
        return obj.listed_stories


class PersonAtomFeed(PersonFeed):
    feed_type = NewsAtomFeed
    feed_name = "readers:person_feed_atom"
    subtitle = PersonFeed.description
