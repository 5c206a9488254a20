"""Public interview surfaces: /interviews/ and people pages show published stories only."""

import feedparser
import pytest
from django.utils import timezone
from lxml import html as lxml_html

from articles.models import Interviewee, Kind, Status
from readers.cache import purge_public_pages
from tests.factories import ArticleFactory, PersonFactory, PhotoFactory
from tests.htmlquery import select

pytestmark = pytest.mark.django_db

PULL_QUOTE = '<blockquote class="pull-quote"><p>{}</p></blockquote>'


def interview_with(person, headline, body="<p>Prose.</p>", **kwargs):
    kwargs.setdefault("kind", Kind.INTERVIEW)
    article = ArticleFactory(headline=headline, body=body, **kwargs)
    Interviewee.objects.create(article=article, person=person, title_at_time="Ambassador")
    return article


def future(**kwargs):
    return {
        "status": Status.PUBLISHED,
        "published_at": timezone.now() + timezone.timedelta(hours=1),
        **kwargs,
    }


def test_it_lists_published_interviews_and_hides_drafts_scheduled_and_other_kinds(client):
    person = PersonFactory(name="Andrei Popkov", slug="andrei-popkov")
    interview_with(person, "Live interview", published=True)
    interview_with(person, "Draft interview")
    interview_with(person, "Scheduled interview", **future())
    ArticleFactory(headline="Live news story", published=True)

    response = client.get("/interviews/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Live interview" in body
    assert "Draft interview" not in body
    assert "Scheduled interview" not in body
    assert "Live news story" not in body
    tree = lxml_html.fromstring(response.content)
    line = select(tree, "p.interviewees")[0]
    assert line.text_content() == "With Andrei Popkov, Ambassador"
    assert select(line, "a")[0].get("href") == "/people/andrei-popkov/"


def test_it_pages_the_interview_list_in_constant_queries(client, django_assert_num_queries):
    people = [PersonFactory() for _ in range(3)]
    for n in range(21):
        interview_with(people[n % 3], f"Interview {n}", published=True)

    first = client.get("/interviews/")
    second = client.get("/interviews/?page=2")
    assert first.content.decode().count('class="interview-item"') == 20
    assert second.content.decode().count('class="interview-item"') == 1

    interview_with(people[0], "One more", published=True)
    purge_public_pages()  # what publishing does; the count below is for a cache miss
    client.get("/")  # another page pays for the cache's own bookkeeping
    # Stories (no COUNT), their interviewees, their bylines (the front page cached the
    # sections for the navigation).
    with django_assert_num_queries(3):
        client.get("/interviews/")


def test_it_shows_a_person_with_only_their_published_interviews(client):
    person = PersonFactory(
        name="Andrei Popkov",
        slug="andrei-popkov",
        title="Belarus ambassador to the Republic of Korea",
        organisation="Embassy of Belarus",
        country="Belarus",
        description="Career diplomat.",
    )
    interview_with(person, "Live interview", published=True)
    interview_with(person, "Draft interview")
    interview_with(person, "Scheduled interview", **future())
    ArticleFactory(headline="Someone else's interview", kind=Kind.INTERVIEW, published=True)

    response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Live interview" in body
    assert "Draft interview" not in body
    assert "Scheduled interview" not in body
    assert "Someone else" not in body
    tree = lxml_html.fromstring(response.content)
    assert select(tree, "h1")[0].text_content() == "Andrei Popkov"
    assert select(tree, "p.person-role")[0].text_content() == (
        "Belarus ambassador to the Republic of Korea, Embassy of Belarus · Belarus"
    )
    assert "Career diplomat." in body


def test_it_quotes_a_person_only_from_published_stories_they_are_linked_to(client):
    person = PersonFactory(name="Andrei Popkov", slug="andrei-popkov")
    other = PersonFactory(name="Olga Ivanova")
    interview_with(person, "Live", published=True, body=PULL_QUOTE.format("Live words."))
    interview_with(person, "Draft", body=PULL_QUOTE.format("Draft words."))
    interview_with(person, "Scheduled", body=PULL_QUOTE.format("Future words."), **future())
    # A panel: he is the second interviewee, credited by name on the quote's last line.
    panel = interview_with(
        other,
        "Panel",
        published=True,
        body='<blockquote class="pull-quote"><p>Panel words.</p><p>— Andrei Popkov</p>'
        "</blockquote>" + PULL_QUOTE.format("Ivanova's words."),
    )
    Interviewee.objects.create(article=panel, person=person, position=1)
    # A namesake quoted in a story he is not linked to is someone else.
    interview_with(
        other,
        "Namesake",
        published=True,
        body='<blockquote class="pull-quote"><p>Namesake words.</p><p>— Andrei Popkov</p>'
        "</blockquote>",
    )

    tree = lxml_html.fromstring(client.get(person.get_absolute_url()).content)
    quotes = [
        select(figure, "blockquote")[0].text_content()
        for figure in select(tree, "figure.pull-quote")
    ]
    assert sorted(quotes) == ["Live words.", "Panel words."]


def test_it_builds_a_person_page_in_constant_queries(client, django_assert_num_queries):
    person = PersonFactory(slug="busy-person")

    def count_a_cache_miss(expected_quotes):
        purge_public_pages()  # what publishing does: the next view is a cache miss
        client.get("/")  # another page pays for the cache's own bookkeeping
        # Person; stories with interviewees and bylines (no COUNT); quoted stories with the
        # quotes their bodies stored (the front page cached the navigation's sections).
        with django_assert_num_queries(4):
            response = client.get(person.get_absolute_url())
        assert response.content.decode().count('class="pull-quote') == expected_quotes

    interview_with(person, "First", published=True, body=PULL_QUOTE.format("One."))
    count_a_cache_miss(1)
    for n in range(4):
        interview_with(person, f"More {n}", published=True, body=PULL_QUOTE.format(f"{n}."))
    count_a_cache_miss(5)


def test_it_withholds_a_person_photo_whose_rights_have_expired(client):
    expired = PhotoFactory(
        caption="Expired portrait",
        rights_expire_on=timezone.localdate() - timezone.timedelta(days=1),
    )
    person = PersonFactory(slug="expired", photo=expired)
    interview_with(person, "Live interview", published=True)
    assert "Expired portrait" not in client.get(person.get_absolute_url()).content.decode()

    person.photo = PhotoFactory(caption="Current portrait")
    person.save()
    purge_public_pages()  # what saving a person in the admin does
    assert "Current portrait" in client.get(person.get_absolute_url()).content.decode()


def test_it_answers_404_for_an_unknown_person(client):
    assert client.get("/people/nobody/").status_code == 404


def test_it_lists_people_with_a_published_interview_in_the_sitemap(client):
    live = PersonFactory(slug="live-person")
    interview_with(live, "Live", published=True)
    drafted = PersonFactory(slug="drafted-person")
    interview_with(drafted, "Draft")
    interview_with(PersonFactory(slug="scheduled-person"), "Scheduled", **future())

    urlset = lxml_html.etree.fromstring(client.get("/sitemap-people.xml").content)
    locations = [loc.text for loc in urlset.iter("{*}loc")]
    assert locations == ["http://127.0.0.1:8000/people/live-person/"]
    pages = lxml_html.etree.fromstring(client.get("/sitemap-pages.xml").content)
    assert "http://127.0.0.1:8000/interviews/" in [loc.text for loc in pages.iter("{*}loc")]


def test_it_links_the_interview_list_from_the_site_navigation(client):
    ArticleFactory(published=True)
    front = lxml_html.fromstring(client.get("/").content)
    assert select(front, 'nav a[href="/interviews/"]')
    page = lxml_html.fromstring(client.get("/interviews/").content)
    assert select(page, 'nav a[href="/interviews/"]')[0].get("aria-current") == "page"


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_it_feeds_published_interviews_and_a_persons_interviews_only(client, kind):
    person = PersonFactory(name="Andrei Popkov", slug="andrei-popkov")
    live = interview_with(person, "Live interview", published=True)
    Interviewee.objects.create(article=live, person=PersonFactory(), position=1)
    interview_with(person, "Draft interview")
    interview_with(person, "Scheduled interview", **future())
    ArticleFactory(headline="Live news story", published=True)
    interview_with(PersonFactory(), "Someone else's interview", published=True)
    suffix = "atom/" if kind == "atom" else ""

    everyone = feedparser.parse(client.get(f"/interviews/feed/{suffix}").content)
    assert not everyone.bozo
    assert sorted(e.title for e in everyone.entries) == [
        "Live interview",
        "Someone else's interview",
    ]

    his = feedparser.parse(client.get(f"/people/andrei-popkov/feed/{suffix}").content)
    assert not his.bozo
    assert [e.title for e in his.entries] == ["Live interview"]
    assert his.feed.title == "The Newsroom: interviews with Andrei Popkov"
    assert client.get(f"/people/nobody/feed/{suffix}").status_code == 404


def test_it_announces_the_interview_feeds_on_their_pages(client):
    person = PersonFactory(slug="andrei-popkov")
    interview_with(person, "Live interview", published=True)
    for url, feed in [
        ("/interviews/", "/interviews/feed/"),
        ("/people/andrei-popkov/", "/people/andrei-popkov/feed/"),
    ]:
        page = lxml_html.fromstring(client.get(url).content)
        rss = page.xpath('//link[@rel="alternate"][@type="application/rss+xml"]/@href')
        assert feed in rss, url
        assert f"{feed}atom/" in page.xpath('//link[@type="application/atom+xml"]/@href')
