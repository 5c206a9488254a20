"""RSS 2.0 and Atom feeds of every list that has them (readers.listings.LISTINGS): the
whole site, interviews, and each section, tag, author and person.

Every item names all its authors (dc:creator in RSS, one <author> each in Atom), carries
its published and updated dates, summary, categories, and the lead photo as media:content
with its credit. Only Article.objects.published() ever reaches a feed (DESIGN rule 1); a list's feed finds
its section, tag, author or person with the page's own lookup.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from articles.models import Byline
from readers.seo import absolute_url, date_modified, plain_description, reader_photo, social_image

FEED_LENGTH = 30
DC_NS = "http://purl.org/dc/elements/1.1/"
MEDIA_NS = "http://search.yahoo.com/mrss/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"


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
        return {
            **super().rss_attributes(),
            "xmlns:dc": DC_NS,
            "xmlns:media": MEDIA_NS,
            "xmlns:content": CONTENT_NS,
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for author in item["authors"]:
            handler.addQuickElement("dc:creator", author["name"])
        _add_media(handler, item["image"])
        if item["content"]:
            handler.addQuickElement("content:encoded", item["content"])


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
        if item["content"]:
            handler.addQuickElement("content", item["content"], {"type": "html"})


class Found:
    """A listing's object and its published stories, for one request (feed views are shared
    between requests)."""

    def __init__(self, obj, stories):
        self.obj = obj
        self.stories = stories


class ListingFeed(Feed):
    """The RSS feed of one entry of readers.listings.LISTINGS: the page's own lookup, title
    and description, so a feed answers 404 exactly when its page does."""

    feed_type = NewsRssFeed
    language = settings.LANGUAGE_CODE
    # Atom requires an author for entries that have none (a story without bylines).
    author_name = settings.SITE_NAME
    atom = False

    def __init__(self, listing):
        super().__init__()
        self.listing = listing

    def get_object(self, request, **kwargs):
        return Found(*self.listing.find(**kwargs))

    def title(self, found):
        return self.listing.feed_title(found.obj)

    def description(self, found):
        return self.listing.feed_description(found.obj)

    def link(self, found):
        return absolute_url(self.listing.url(found.obj))

    def feed_url(self, found):
        rss, atom = self.listing.feed_urls(found.obj)
        return absolute_url(atom if self.atom else rss)

    def items(self, found):
        return (
            found.stories.defer(
                "search_vector", "body_html", "body_text", "body_photos", "body_quotes"
            )
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
            # The whole story, built when it was saved (articles/body/): speakers in bold,
            # no inline photos (readers keep feeds; rights expire).
            "content": item.body_feed_html,
        }


class ListingAtomFeed(ListingFeed):
    feed_type = NewsAtomFeed
    atom = True

    def subtitle(self, found):
        return self.description(found)
