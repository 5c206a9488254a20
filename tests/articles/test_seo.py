import html
import re

import pytest
from django.utils import timezone

from articles.models import Correction, Interviewee, Kind, Person
from tests.articles.helpers import json_ld, photo_with_social_rendition
from tests.factories import ArticleFactory, AuthorFactory, PhotoFactory, SectionFactory

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode().split("</head>")[0]


def meta_content(head, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', head)
    return html.unescape(match.group(1)) if match else None


@pytest.fixture
def story():
    return ArticleFactory(
        published=True,
        headline="Belarus envoy on trade",
        deck="The ambassador talks potash.",
        section=SectionFactory(name="World", slug="world"),
        tags=["belarus", "trade"],
        authors=[
            AuthorFactory(name="Kim Hyun", slug="kim", job_title="Publisher"),
            AuthorFactory(name="Lee Min", slug="lee"),
        ],
        lead_photo=photo_with_social_rendition(
            caption="The ambassador",
            alt_text="A man at a desk",
            photographer="Jane Doe",
            copyright_notice="© Jane Doe 2026",
        ),
        dateline="SEOUL",
    )


def test_the_article_page_has_complete_news_article_json_ld(client, story):
    data = json_ld(head_of(client, story.get_absolute_url()))
    url = f"{SITE}{story.get_absolute_url()}"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Belarus envoy on trade"
    assert data["description"] == "The ambassador talks potash."
    assert data["mainEntityOfPage"]["@id"] == url
    assert data["datePublished"] == story.published_at.isoformat()
    assert data["dateModified"] == story.published_at.isoformat()
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Kim Hyun",
            "url": f"{SITE}/authors/kim/",
            "jobTitle": "Publisher",
        },
        {
            "@type": "Person",
            "name": "Lee Min",
            "url": f"{SITE}/authors/lee/",
            "jobTitle": "Reporter",
        },
    ]
    assert data["articleSection"] == "World"
    assert sorted(data["keywords"]) == ["belarus", "trade"]
    assert data["publisher"]["name"] == "The Newsroom"
    image = data["image"][0]
    assert image["width"] == 1200 and image["height"] == 675
    assert image["creditText"] == "Photo by Jane Doe"
    assert image["caption"] == "The ambassador"
    assert image["copyrightNotice"] == "© Jane Doe 2026"
    assert "correction" not in data


def test_the_article_page_has_canonical_opengraph_and_twitter_tags(client, story):
    head = head_of(client, story.get_absolute_url())
    url = f"{SITE}{story.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in head
    assert meta_content(head, "property", "og:type") == "article"
    assert meta_content(head, "property", "og:title") == "Belarus envoy on trade"
    assert meta_content(head, "property", "og:description") == "The ambassador talks potash."
    assert meta_content(head, "property", "og:url") == url
    assert meta_content(head, "property", "og:image:width") == "1200"
    assert meta_content(head, "property", "og:image:alt") == "A man at a desk"
    assert meta_content(head, "property", "og:image").startswith(f"{SITE}/media/renditions/")
    assert meta_content(head, "name", "twitter:card") == "summary_large_image"
    assert meta_content(head, "property", "article:section") == "World"


def test_a_story_without_a_photo_gets_a_summary_card_and_no_image(client):
    story = ArticleFactory(published=True)
    head = head_of(client, story.get_absolute_url())
    assert meta_content(head, "name", "twitter:card") == "summary"
    assert meta_content(head, "property", "og:image") is None
    assert "image" not in json_ld(head)


def test_a_photo_whose_rights_expired_is_not_offered_to_social_networks(client):
    photo = PhotoFactory(rights_expire_on=timezone.localdate() - timezone.timedelta(days=1))
    story = ArticleFactory(published=True, lead_photo=photo)
    head = head_of(client, story.get_absolute_url())
    assert meta_content(head, "property", "og:image") is None


def test_list_pages_have_canonical_and_opengraph_tags(client, story):
    head = head_of(client, "/sections/world/?page=1")
    assert f'<link rel="canonical" href="{SITE}/sections/world/">' in head
    assert meta_content(head, "property", "og:title") == "World"
    assert meta_content(head, "property", "og:type") == "website"
    head = head_of(client, "/")
    assert f'<link rel="canonical" href="{SITE}/">' in head
    assert "application/ld+json" not in head


def test_an_interview_names_the_interviewee_in_json_ld(client, story):
    story.kind = Kind.INTERVIEW
    story.save()
    person = Person.objects.create(
        name="Aliaksandr Nikolaevich", slug="aliaksandr", organisation="Embassy of Belarus"
    )
    Interviewee.objects.create(
        article=story, person=person, title_at_time="Ambassador to the Republic of Korea"
    )
    data = json_ld(head_of(client, story.get_absolute_url()))
    assert data["about"] == [
        {
            "@type": "Person",
            "name": "Aliaksandr Nikolaevich",
            "url": f"{SITE}/people/aliaksandr/",
            "jobTitle": "Ambassador to the Republic of Korea",
            "affiliation": {"@type": "Organization", "name": "Embassy of Belarus"},
        }
    ]


def test_corrections_appear_in_json_ld_and_move_date_modified(client, story):
    later = story.published_at + timezone.timedelta(hours=3)
    Correction.objects.create(article=story, text="We misspelt a name.", published_at=later)
    story.updated_for_readers_at = later
    story.save()
    data = json_ld(head_of(client, story.get_absolute_url()))
    assert data["dateModified"] == later.isoformat()
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "Correction: We misspelt a name.",
            "datePublished": later.isoformat(),
        }
    ]


INJECTIONS = [
    "</script><script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<!--",
    # Non-ASCII text makes Unicode tag slugs (taggit): the story page must still build them.
    "벨라루스 </script>",
    "Кириллица\u200b<b>",
]


@pytest.mark.parametrize("evil", INJECTIONS)
def test_hostile_headlines_and_decks_stay_data(client, evil):
    story = ArticleFactory(published=True, headline=f"Headline {evil}", deck=f"Deck {evil}")
    story.tags.add(f"tag {evil}")
    body = client.get(story.get_absolute_url()).content.decode()
    head = body.split("</head>")[0]
    # Exactly one script element in the head, and it is the JSON-LD data block.
    assert head.count("<script") == 1
    assert head.count("</script>") == 1
    assert "<img" not in body
    assert "<!--" not in head
    data = json_ld(head)
    assert data["headline"] == f"Headline {evil}"
    assert data["description"] == f"Deck {evil}"
    assert f"tag {evil}" in data["keywords"]
    assert meta_content(head, "property", "og:title") == f"Headline {evil}"
    assert meta_content(head, "name", "twitter:description") == f"Deck {evil}"


def test_the_article_page_uses_a_constant_number_of_queries(
    client, story, django_assert_num_queries
):
    kim = story.bylines.first().author
    for _ in range(3):
        ArticleFactory(published=True, section=story.section, tags=["trade"], authors=[kim])
    for _ in range(3):
        ArticleFactory(published=True, section=SectionFactory(), authors=[kim])
    Correction.objects.create(article=story, text="Fixed.")
    client.get(story.get_absolute_url() + "?page=2")  # warms up; a page cache entry of its own
    # story (its tags, interviewees, corrections and renditions in the same row) + bylines
    # + related and more by authors (one query); the section navigation is cached.
    with django_assert_num_queries(3):
        client.get(story.get_absolute_url())
