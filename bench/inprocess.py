"""In-process half of the benchmark: a worker that runs inside Django on one benchmark database.

bench/run.py starts one worker per archive size, with an environment that selects the
database and the production settings. Setup (first): for each page, check it answers 200,
record its SQL queries (CaptureQueriesContext) once, pick the URLs the load test will use,
sweep the article page's query count over every byline/tag/photo shape, and on PostgreSQL
EXPLAIN ANALYZE the queries each page ran; the result goes to the JSON file named by the
only argument, then the worker prints READY. Timing (then): run.py sends "time PAGE N"
lines and the worker answers each with one JSON line of N render times through the Django
test client (whole middleware stack, page cache bypassed). run.py alternates between the
workers so both archive sizes are timed under the same machine load. "quit" ends it.
Progress goes to stderr; stdout carries only the protocol.
"""

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.base")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from taggit.models import Tag, TaggedItem  # noqa: E402

from accounts import roles  # noqa: E402
from accounts.models import Author, User  # noqa: E402
from articles.models import Article, Section  # noqa: E402
from bench import pagecache  # noqa: E402
from readers.cache import purge_public_pages  # noqa: E402

EDITOR_USERNAME = "bench-editor"
# What readers type: mostly names, places and topics, which match a few percent of the
# archive, and one broad word ("housing") that matches most of this synthetic archive.
SEARCH_TERMS = [
    "Vilnius",
    "semiconductors",
    "Nakamura",
    "marathon",
    "housing",
    "Okafor",
    "Havana",
    "cybersecurity",
    "Oslo museums",
    "Seoul startups",
    "Diallo",
    "Tallinn rail",
]


def editor_client():
    user, _ = User.objects.get_or_create(
        username=EDITOR_USERNAME, defaults={"is_staff": True, "email": "bench@example.com"}
    )
    user.groups.add(Group.objects.get(name=roles.EDITOR))
    client = Client()
    client.force_login(user)
    return client


def published_ids():
    return Article.objects.published().values("pk")


def pick_articles():
    """The worst-case story (most bylines, tags, a lead photo, an interviewee) and a
    spread of others for the query-count sweep."""
    visible = Article.objects.published()
    annotated = visible.annotate(
        n_bylines=Count("bylines", distinct=True),
        n_interviewees=Count("interviewees", distinct=True),
    )
    tag_counts = dict(
        TaggedItem.objects.filter(
            content_type__app_label="articles",
            content_type__model="article",
            object_id__in=visible.order_by("-published_at").values("pk")[:3000],
        )
        .values_list("object_id")
        .annotate(n=Count("pk"))
        .values_list("object_id", "n")
    )
    recent = list(annotated.order_by("-published_at")[:3000])
    for article in recent:
        article.n_tags = tag_counts.get(article.pk, 0)

    def score(article):
        return (
            article.n_bylines,
            article.n_tags,
            article.lead_photo_id is not None,
            article.n_interviewees,
        )

    worst = max(recent, key=score)
    sweep, seen = [], set()
    for article in recent:
        shape = (
            article.n_bylines,
            min(article.n_tags, 1) + (article.n_tags == 8),
            article.lead_photo_id is not None,
            article.n_interviewees > 0,
        )
        if shape not in seen:
            seen.add(shape)
            sweep.append(article)
    load_paths = [article.get_absolute_url() for article in recent[:200]]
    return worst, sweep, load_paths


def pick_lists():
    section = (
        Section.objects.annotate(n=Count("articles", filter=Q(articles__in=published_ids())))
        .order_by("-n")
        .first()
    )
    author = (
        Author.objects.annotate(n=Count("bylines", filter=Q(bylines__article__in=published_ids())))
        .order_by("-n")
        .first()
    )
    tag = Tag.objects.annotate(n=Count("taggit_taggeditem_items")).order_by("-n").first()
    return section, author, tag


def sitemap_page(client):
    """The story sitemap's last page: the newest stories, about as many URLs at 1k as at
    100k (so the two compare), and the deepest OFFSET into the archive."""
    response = client.get("/sitemap.xml")
    if response.status_code != 200:
        return None, f"/sitemap.xml answered {response.status_code}"
    text = response.content.decode()
    if "<sitemapindex" not in text:
        return "/sitemap.xml", None
    import re

    locations = re.findall(r"<loc>([^<]+)</loc>", text)
    stories = [location for location in locations if "articles" in location]
    locations = stories[-1:] or locations[:1]
    if not locations:
        return None, "the sitemap index lists no sitemaps"
    from urllib.parse import urlsplit

    parts = urlsplit(locations[0])
    return parts.path + (f"?{parts.query}" if parts.query else ""), None


def reach(url):
    """Public pages around the page cache; the admin is never cached (and would take an
    unknown query parameter for a filter)."""
    return url if url.startswith("/admin/") else pagecache.uncached(url)


def probe_page(client, urls):
    """Warm up and record the queries of one request (the timing comes later)."""
    first = urls[0]
    for url in urls[:3]:
        response = client.get(reach(url))
        if response.status_code != 200:
            return {"url": url, "skipped": f"answered {response.status_code}"}
        # A figure for "uncached" that came from the cache would be a lie: refuse it.
        if not url.startswith("/admin/") and (problem := pagecache.not_bypassed(response)):
            return {"url": url, "skipped": f"REFUSED: {problem}"}
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reach(first))
    queries = [{"sql": q["sql"], "ms": float(q["time"]) * 1000} for q in captured.captured_queries]
    return {
        "url": first,
        "queries": len(queries),
        "bytes": len(response.content),
        "captured": queries,
    }


def time_requests(client, urls, count, start):
    """`count` timed requests, rotating over `urls` from position `start`."""
    timings = []
    for index in range(start, start + count):
        url = urls[index % len(urls)]
        t0 = time.perf_counter()
        response = client.get(reach(url))
        timings.append(round((time.perf_counter() - t0) * 1000, 3))
        if response.status_code != 200:
            return {"error": f"{url} answered {response.status_code} during timing"}
    return {"ms": timings}


def explain(queries):
    """EXPLAIN ANALYZE every distinct SELECT a page ran (PostgreSQL only)."""
    plans, seen = [], set()
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT") or sql in seen:
                continue
            seen.add(sql)
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            plans.append({"sql": sql, "plan": plan, "seq_scans": seq_scans(plan)})
    return plans


def big_tables():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples > 5000 "
            "AND relnamespace = 'public'::regnamespace"
        )
        return {row[0] for row in cursor.fetchall()}


def seq_scans(plan):
    tables = BIG_TABLES
    found = []
    for line in plan.splitlines():
        if "Seq Scan on " in line:
            table = line.split("Seq Scan on ", 1)[1].split()[0]
            if table in tables:
                found.append(table)
    return found


def main(out_path):
    global BIG_TABLES
    # Pages cached by an earlier run (of another archive) must not be served to this one.
    purge_public_pages()
    results = {
        "database": connection.vendor,
        "stories": Article.objects.count(),
        "published": Article.objects.published().count(),
        "page_cache": pagecache.describe(),
        "page_cache_installed": pagecache.installed(),
        "bypass_query": pagecache.bypass_query(),
        "pages": {},
        "skipped": {},
    }
    anonymous = Client()
    worst, sweep, article_paths = pick_articles()
    section, author, tag = pick_lists()
    sitemap, sitemap_problem = sitemap_page(anonymous)
    results["load_paths"] = {
        "article": article_paths,
        "search": [f"/search/?q={term.replace(' ', '+')}" for term in SEARCH_TERMS],
    }
    pages = {
        "front": ["/"],
        "article": [worst.get_absolute_url()],
        "section": [section.get_absolute_url()],
        "tag": [f"/tags/{tag.slug}/"],
        "author": [author.get_absolute_url()],
        "search": results["load_paths"]["search"],
        "rss_feed": ["/feed/"],
        "sitemap_page": [sitemap] if sitemap else None,
        "admin_list": ["/admin/articles/article/"],
    }
    results["subjects"] = {
        "article": f"{worst.headline} ({worst.n_bylines} bylines, {worst.n_tags} tags, "
        f"photo: {'yes' if worst.lead_photo_id else 'no'}, interviewees: {worst.n_interviewees})",
        "section": f"{section.name} ({section.n} visible stories)",
        "tag": f"{tag.name} ({tag.n} stories)",
        "author": f"{author.name} ({author.n} visible stories)",
    }
    say(f"  worst-case article: {results['subjects']['article']}")
    editor = editor_client()
    clients = {}
    for name, urls in pages.items():
        if urls is None:
            results["skipped"][name] = sitemap_problem
            say(f"  {name:<16} SKIPPED: {sitemap_problem}")
            continue
        client = editor if name == "admin_list" else anonymous
        measured = probe_page(client, urls)
        if "skipped" in measured:
            reason = f"{measured['url']} {measured['skipped']} (not built in this branch yet?)"
            results["skipped"][name] = reason
            say(f"  {name:<16} SKIPPED: {reason}")
            continue
        results["pages"][name] = measured
        clients[name] = (client, urls)

    sweep_counts = []
    for article in sweep:
        url = article.get_absolute_url()
        with CaptureQueriesContext(connection) as captured:
            status = anonymous.get(pagecache.uncached(url)).status_code
        sweep_counts.append(
            {
                "url": url,
                "status": status,
                "queries": len(captured.captured_queries),
                "bylines": article.n_bylines,
                "tags": article.n_tags,
                "photo": article.lead_photo_id is not None,
                "interviewees": article.n_interviewees,
            }
        )
    results["article_query_sweep"] = sweep_counts
    say(
        f"  article query counts over {len(sweep_counts)} shapes (bylines/tags/photo/interview): "
        f"{sorted({s['queries'] for s in sweep_counts})}"
    )

    if connection.vendor == "postgresql":
        BIG_TABLES = big_tables()
        results["explain"] = {
            name: explain(page["captured"]) for name, page in results["pages"].items()
        }
    for page in results["pages"].values():
        page["slowest_queries"] = sorted(page["captured"], key=lambda q: -q["ms"])[:3]
        page["captured"] = [q["sql"] for q in page["captured"]]
    results["settings"] = {"DEBUG": settings.DEBUG, "CACHES": settings.CACHES["default"]["BACKEND"]}
    Path(out_path).write_text(json.dumps(results, indent=1))
    serve(clients)


def serve(clients):
    """Answer "time PAGE N" lines until "quit" (or the end of stdin)."""
    positions = dict.fromkeys(clients, 0)
    print("READY", flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] == "quit":
            break
        page, count = words[1], int(words[2])
        client, urls = clients[page]
        answer = time_requests(client, urls, count, positions[page])
        positions[page] += count
        print(json.dumps(answer), flush=True)


def say(message):
    print(message, file=sys.stderr, flush=True)


BIG_TABLES = set()

if __name__ == "__main__":
    main(sys.argv[1])
