"""The public story, list and author pages: what they show and how many queries they cost."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.models import Byline, Correction, Interviewee, Kind, Person
from readers.cache import purge_public_pages
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    PhotoFactory,
    SectionFactory,
    SourceFactory,
)
from tests.html import by_class, links, parse, text_of

pytestmark = pytest.mark.django_db

# Pinned query counts (DESIGN rule 8). A change here needs a reason.
# The story with section and photo, and its tags, interviewees, corrections and photo
# renditions as JSON in the same row (articles.models.story_page); bylines+authors; related
# and more-by-the-authors links (one query, see readers.related); nav (cached per page
# generation afterwards). Issue #13: at most 5 whatever the shape, the cache lifetime included.
ARTICLE_QUERIES = 4
# No COUNT: lists page with Newer/Older only (readers.pagination.paginate).
LIST_QUERIES = 4  # stories+section+photo, bylines+authors, photo renditions, nav
OBJECT_LIST_QUERIES = 5  # the section/tag/author itself, then as LIST_QUERIES
# The first anonymous page after a publish also asks when the next scheduled story goes live,
# so the page cache never outlives it (readers.cache.page_cache_seconds).
CACHE_LIFETIME_QUERY = 1


def story(bylines=1, tags=1, **kwargs):
    """A published interview with a lead photo, n bylines and n tags."""
    article = ArticleFactory(
        published=True,
        kind=Kind.INTERVIEW,
        lead_photo=PhotoFactory(source=SourceFactory(name="Wire")),
        tags=[f"tag-{n}" for n in range(tags)],
        **kwargs,
    )
    for position in range(bylines):
        Byline.objects.create(
            article=article,
            author=AuthorFactory(bio=f"Bio {position}.", email=f"a{position}@example.com"),
            role="Interview by" if position == 0 else "Photos by",
            position=position,
        )
    person = Person.objects.create(name=f"Person of {article.slug}", slug=f"p-{article.slug}")
    Interviewee.objects.create(article=article, person=person, title_at_time="Minister")
    return article


@pytest.mark.parametrize(("bylines", "tags", "siblings"), [(1, 1, 0), (5, 8, 0), (3, 8, 6)])
def test_it_renders_a_story_in_a_constant_number_of_queries(
    client, django_assert_num_queries, bylines, tags, siblings
):
    article = story(bylines=bylines, tags=tags)
    Correction.objects.create(article=article, text="An earlier version misspelled a name.")
    SectionFactory.create_batch(3)
    author = article.bylines.first().author
    for n in range(siblings):
        # Related (shared tags, same section) and more-by-the-author stories, with their own
        # bylines and photos, cost nothing more.
        sibling = story(bylines=2, tags=n, section=article.section)
        Byline.objects.create(article=sibling, author=author, position=5)
    with django_assert_num_queries(ARTICLE_QUERIES + CACHE_LIFETIME_QUERY):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    page = parse(response)
    assert len(by_class(page, "author-box")) == bylines
    assert len(by_class(page, "tags")[0].findall(".//a")) == tags
    assert len(by_class(page, "read-next__group")) == (2 if siblings else 0)


@pytest.mark.parametrize(("stories", "bylines", "tags"), [(1, 1, 1), (5, 5, 8)])
def test_it_renders_the_front_page_in_a_constant_number_of_queries(
    client, django_assert_num_queries, stories, bylines, tags
):
    for _ in range(stories):
        story(bylines=bylines, tags=tags)
    with django_assert_num_queries(LIST_QUERIES + CACHE_LIFETIME_QUERY):
        response = client.get("/")
    assert len(by_class(parse(response), "story-card")) == stories


@pytest.mark.parametrize("stories", [1, 5])
def test_it_renders_section_tag_and_author_pages_in_a_constant_number_of_queries(
    client, django_assert_num_queries, stories
):
    section = SectionFactory()
    author = AuthorFactory()
    for _ in range(stories):
        article = story(bylines=3, tags=2, section=section)
        Byline.objects.create(article=article, author=author, position=9)
    for url in [section.get_absolute_url(), "/tags/tag-0/", author.get_absolute_url()]:
        # Each page pays for the section navigation and the cache lifetime, as after a purge.
        cache.clear()
        with django_assert_num_queries(OBJECT_LIST_QUERIES + CACHE_LIFETIME_QUERY):
            response = client.get(url)
        assert len(by_class(parse(response), "story-card")) == stories, url


def test_it_shows_kind_bylines_with_roles_photo_credit_tags_and_author_boxes(client):
    article = story(bylines=2, tags=2, deck="The deck.")
    article.bylines.update(author=article.bylines.first().author)  # same person, two roles
    page = parse(client.get(article.get_absolute_url()))
    header = text_of(by_class(page, "story__header")[0])
    assert "Interview" in header
    assert article.headline in header and "The deck." in header
    byline_texts = [text_of(b) for b in by_class(page, "byline")]
    author = article.bylines.first().author
    assert byline_texts == [f"Interview by {author.name}", f"Photos by {author.name}"]
    assert links(by_class(page, "byline")[0])[0].get("href") == author.get_absolute_url()
    caption = text_of(page.xpath("//figure/figcaption")[0])
    assert article.lead_photo.caption in caption and "Photo by Jane Doe / Wire" in caption
    assert [text_of(a) for a in by_class(page, "tags")[0].iter("a")] == ["tag-0", "tag-1"]
    # One author box per person, however many bylines they hold.
    assert len(by_class(page, "author-box")) == 1
    details = text_of(by_class(page, "interview-details")[0])
    assert "Interview with Person of" in details and "Minister" in details


def test_it_shows_the_author_profile_with_contact_links_and_their_stories(client):
    author = AuthorFactory(
        name="Kim", slug="kim", bio="Studied history.", email="kim@example.com", phone="82-2-1"
    )
    article = ArticleFactory(published=True, authors=[author])
    page = parse(client.get(author.get_absolute_url()))
    text = text_of(page)
    assert "Studied history." in text and article.headline in text
    assert links(page, "mailto:")[0].get("href") == "mailto:kim@example.com"
    assert links(page, "tel:")[0].get("href") == "tel:8221"


def test_it_lists_sections_in_the_navigation_in_their_order(client):
    SectionFactory(name="World", slug="world", position=2)
    SectionFactory(name="Business", slug="business", position=1)
    page = parse(client.get("/sections/world/"))
    nav = page.xpath('//nav[@aria-label="Sections"]//a')
    # The sections, then the interview list (articles/views.interview_list).
    assert [text_of(a) for a in nav] == ["Business", "World", "Interviews"]
    assert [a.get("aria-current") for a in nav] == [None, "page", None]


def test_it_redirects_a_story_url_with_the_wrong_date_to_the_right_one(client):
    article = ArticleFactory(published=True)
    wrong = article.get_absolute_url().replace(f"/{article.published_at.year}/", "/1999/")
    response = client.get(wrong)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_it_keeps_pages_free_of_inline_scripts_and_styles(client):
    article = story(bylines=2, tags=2, published_at=timezone.now() - timezone.timedelta(hours=2))
    for url in ["/", article.get_absolute_url(), "/tags/tag-0/"]:
        page = parse(client.get(url))
        # JSON-LD is data (type application/ld+json), never executed: the only script allowed.
        assert not page.xpath(
            '//script[not(@type="application/ld+json")] | //style | //*[@style]'
        ), url
        assert page.xpath('//a[@class="skip-link"][@href="#main"]'), url
        assert page.xpath('//main[@id="main"]'), url


def test_it_describes_how_when_and_where_an_interview_was_done(client):
    article = story(
        interview_method="phone",
        interview_place="Seoul",
        interview_date=timezone.localdate().replace(year=2021, month=6, day=28),
        interview_occasion="ahead of the July 3 Belarus Republic Day",
        interview_note="This interview has been condensed and edited for clarity.",
    )
    details = by_class(parse(client.get(article.get_absolute_url())), "interview-details")[0]
    assert text_of(details).endswith(
        "Interviewed by phone in Seoul on June 28, 2021, ahead of the July 3 Belarus "
        "Republic Day. This interview has been condensed and edited for clarity."
    )
    person = article.interviewees.get().person
    assert links(details)[0].get("href") == person.get_absolute_url()


def test_it_leaves_out_interview_details_on_other_kinds_of_story(client):
    article = ArticleFactory(published=True, kind=Kind.NEWS, interview_place="Seoul")
    assert not by_class(parse(client.get(article.get_absolute_url())), "interview-details")


def test_it_marks_a_story_updated_for_readers_and_lists_its_corrections(client):
    article = ArticleFactory(published=True, updated_for_readers_at=timezone.now())
    Correction.objects.create(article=article, text="An earlier version gave the wrong year.")
    page = parse(client.get(article.get_absolute_url()))
    assert text_of(by_class(page, "updated")[0]).startswith("Updated ")
    assert "gave the wrong year" in text_of(by_class(page, "corrections")[0])


def test_the_cached_section_navigation_follows_a_renamed_section(client):
    section = SectionFactory(name="Economy")
    assert "Economy" in text_of(by_class(parse(client.get("/?first")), "site-nav")[0])
    section.name = "Business"
    section.save()
    purge_public_pages()  # what SectionAdmin does once the change is committed
    nav = text_of(by_class(parse(client.get("/?second")), "site-nav")[0])
    assert "Business" in nav and "Economy" not in nav
