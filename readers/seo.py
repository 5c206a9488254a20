"""What search engines, social networks and feed readers are told about a page: title,
description, canonical URL, social image, and the article's JSON-LD.

Everything here is data; templates/includes/meta.html renders it with autoescaping, and
JSON-LD goes through json_ld_script(), which escapes <, > and & so that no headline can
close the script element (DESIGN rule 5).
"""

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from photos import renditions, rights
from photos.models import Rendition

SOCIAL_IMAGE_WIDTH = 1200
DESCRIPTION_CHARS = 200
# The same escapes as django.utils.html.json_script, for a type other than application/json.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def absolute_url(path):
    """Public URLs are built from SITE_URL, never from the request's Host header."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"


def date_modified(article):
    """When readers were last told the story changed: publication, or a meaningful update."""
    updated = article.updated_for_readers_at
    if updated and article.published_at and updated > article.published_at:
        return updated
    return article.published_at


def reader_photo(article):
    """The lead photo if readers may see it (photos.rights.public_photo)."""
    return rights.public_photo(article.lead_photo)


@dataclass
class SocialImage:
    url: str
    width: int
    height: int
    alt: str
    caption: str
    credit: str
    copyright: str = ""
    mime_type: str = "image/jpeg"


def social_image(photo):
    """The photo's 16:9 JPEG rendition nearest 1200px for link previews (social networks
    crop to 16:9), else its stored image. Reads photo.renditions.all(), so prefetch
    "lead_photo__renditions" in lists."""
    if photo is None:
        return None
    chosen = renditions.best(photo, Rendition.Crop.WIDE, Rendition.Format.JPEG, SOCIAL_IMAGE_WIDTH)
    if chosen is not None:
        url, width, height = chosen.file.url, chosen.width, chosen.height
    else:
        url, width, height = photo.image.url, photo.width, photo.height
    return SocialImage(
        url=absolute_url(url),
        width=width,
        height=height,
        alt=photo.alt_text,
        caption=photo.caption,
        credit=photo.credit_line,
        copyright=photo.copyright_notice,
    )


def plain_description(text, fallback=""):
    """Decks are plain text: whitespace tidied and cut, never parsed as HTML; whoever
    renders it escapes it for their format."""
    text = " ".join((text or "").split()) or fallback
    return Truncator(text).chars(DESCRIPTION_CHARS)


@dataclass
class PageMeta:
    title: str
    description: str
    canonical: str
    og_type: str = "website"
    image: SocialImage | None = None
    robots: str = ""
    json_ld: dict | None = None
    published: object = None
    modified: object = None
    section: str = ""
    tags: list = field(default_factory=list)
    feeds: list = field(default_factory=list)  # (title, rss url, atom url)


def site_feeds():
    return [
        (
            f"{settings.SITE_NAME}: latest stories",
            reverse("readers:feed"),
            reverse("readers:feed_atom"),
        )
    ]


def list_meta(title, description, path, page_number=1, feeds=(), robots=""):
    canonical = absolute_url(path)
    if page_number and page_number > 1:
        canonical += f"?page={page_number}"
    return PageMeta(
        title=title,
        description=plain_description(description, fallback=title),
        canonical=canonical,
        robots=robots,
        feeds=[*site_feeds(), *feeds],
    )


def listing_meta(listing, obj, path, page_number=1):
    """Metadata of a list's page from its entry in readers.listings.LISTINGS."""
    feed = listing.feed_link(obj)
    return list_meta(
        listing.title(obj),
        listing.description(obj),
        path,
        page_number,
        feeds=[feed] if feed else [],
    )


def article_meta(article):
    photo = reader_photo(article)
    image = social_image(photo)
    return PageMeta(
        title=article.headline,
        description=plain_description(article.deck, fallback=article.headline),
        canonical=absolute_url(article.get_absolute_url()),
        og_type="article",
        image=image,
        json_ld=news_article_json_ld(article, image),
        published=article.published_at,
        modified=date_modified(article),
        section=article.section.name,
        tags=[tag.name for tag in article.tags.all()],
        feeds=site_feeds(),
    )


def publisher_json_ld():
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.SITE_NAME,
        "url": absolute_url("/"),
    }


def news_article_json_ld(article, image=None):
    """schema.org NewsArticle for a published story. Needs bylines__author, tags,
    corrections, interviewees__person, section and lead photo prefetched."""
    url = absolute_url(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline,
        "description": plain_description(article.deck, fallback=article.headline),
        "datePublished": article.published_at.isoformat(),
        "dateModified": date_modified(article).isoformat(),
        "author": [
            {
                "@type": "Person",
                "name": byline.author.name,
                "url": absolute_url(byline.author.get_absolute_url()),
                **({"jobTitle": byline.author.job_title} if byline.author.job_title else {}),
            }
            for byline in article.bylines.all()
        ],
        "articleSection": article.section.name,
        "keywords": [tag.name for tag in article.tags.all()],
        "publisher": publisher_json_ld(),
        "isAccessibleForFree": True,
        "wordCount": article.body_word_count,
        "inLanguage": settings.LANGUAGE_CODE,
    }
    if article.dateline:
        data["dateline"] = article.dateline
    if image is not None:
        data["image"] = [
            {
                "@type": "ImageObject",
                "url": image.url,
                "contentUrl": image.url,
                "width": image.width,
                "height": image.height,
                **({"caption": image.caption} if image.caption else {}),
                **({"creditText": image.credit} if image.credit else {}),
                **({"copyrightNotice": image.copyright} if image.copyright else {}),
            }
        ]
    corrections = list(article.corrections.all())
    if corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": f"{correction.get_kind_display()}: {correction.text}",
                "datePublished": correction.published_at.isoformat(),
            }
            for correction in corrections
        ]
    if article.is_interview:
        interviewees = [interviewee_json_ld(i) for i in article.interviewees.all()]
        if interviewees:
            data["about"] = interviewees
    return data


def interviewee_json_ld(interviewee):
    person = interviewee.person
    data = {
        "@type": "Person",
        "name": person.name,
        "url": absolute_url(person.get_absolute_url()),
    }
    if person.native_name:
        data["alternateName"] = person.native_name
    job_title = interviewee.title_at_time or person.title
    if job_title:
        data["jobTitle"] = job_title
    if person.organisation:
        data["affiliation"] = {"@type": "Organization", "name": person.organisation}
    return data


def json_ld_script(data):
    """A <script type="application/ld+json"> element that no string inside can break out
    of. It is data, not executable script, so the CSP needs no exception for it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(
        _JSON_SCRIPT_ESCAPES
    )
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


def _page_number(context):
    page = context.get("page")
    return getattr(page, "number", 1) or 1


def meta_for_context(context):
    """Metadata for the public pages that do not build their own: the story page."""
    request = context.get("request")
    path = request.path if request is not None else "/"
    page_number = _page_number(context)
    article = context.get("article")
    if article is not None and getattr(article, "published_at", None):
        return article_meta(article)
    return list_meta(
        settings.SITE_NAME, f"News and interviews from {settings.SITE_NAME}.", path, page_number
    )
