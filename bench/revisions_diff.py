"""How long the revision diff takes on the shapes that used to make the revisions page slow
(issue 12 item 5: a 12,000-paragraph story saved twice took 27 s) and on adversarial ones,
then the whole revisions page for the 12,000-paragraph story (test settings, a throwaway
SQLite database, the Django test client as a signed-in editor).

    .venv/bin/python bench/revisions_diff.py  [> bench/results/revisions-diff.md]

Each shape is diffed five times; the slowest time is reported. The page must answer in
under 2 s, so every figure here must stay well below that.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.test")
os.environ.setdefault("NEWSROOM_ENV", "development")
os.environ["DATABASE_URL"] = "sqlite://:memory:"

import django  # noqa: E402

django.setup()

from articles import revisions  # noqa: E402


def body(count, changed=(), text="about trade and more words"):
    return "".join(
        f"<p>Paragraph {n} {'edited ' if n in changed else ''}{text}.</p>" for n in range(count)
    )


def same(count, text):
    return "".join(f"<p>{text}</p>" for _ in range(count))


SHAPES = {
    "12,000 paragraphs, one edited": (body(12_000), body(12_000, {6_000})),
    "12,000 paragraphs, all edited (cap)": (body(12_000), body(12_000, set(range(12_000)))),
    "1,000 paragraphs, every other edited": (body(1_000), body(1_000, set(range(0, 1_000, 2)))),
    "1,999 identical paragraphs vs 1 other": (same(999, "Q:"), same(1_000, "A:")),
    "repeated paragraphs interleaved": (
        "".join("<p>Q:</p><p>A:</p>" for _ in range(500)),
        "".join("<p>A:</p><p>Q:</p>" for _ in range(500)),
    ),
    "600-word paragraphs of one repeated word": (
        "".join(f"<p>{'the ' * 599}end{n}</p>" for n in range(40)),
        "".join(f"<p>end{n} {'the ' * 599}</p>" for n in range(40)),
    ),
    "199-word paragraphs, shifted repeats": (
        "".join(f"<p>{'a b ' * 99}x{n}</p>" for n in range(100)),
        "".join(f"<p>x{n} {'b a ' * 99}</p>" for n in range(100)),
    ),
}


def main():
    print("| shape | slowest of 5 (s) | compared paragraphs | compared words | too large |")
    print("|---|---|---|---|---|")
    for name, (old, new) in SHAPES.items():
        times = []
        for _ in range(5):
            started = time.perf_counter()
            diff = revisions.body_diff(old, new)
            times.append(time.perf_counter() - started)
        print(
            f"| {name} | {max(times):.3f} | {diff.compared} | {diff.words_compared} "
            f"| {diff.too_large} |"
        )


def page():
    """The revisions page itself, for a 12,000-paragraph story saved twice."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from accounts import roles
    from accounts.models import User
    from articles.models import Article, Section

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)
    roles.sync_roles()
    editor = User.objects.create_superuser("bench-editor", "bench@example.com", "unused")
    section = Section.objects.create(name="World", slug="world")
    rows = []
    for name, (old, new) in {
        "12,000 paragraphs, one edited": SHAPES["12,000 paragraphs, one edited"],
        "12,000 paragraphs, all edited (cap)": SHAPES["12,000 paragraphs, all edited (cap)"],
    }.items():
        article = Article.objects.create(
            headline=name, slug=f"bench-{len(rows)}", section=section, body=old
        )
        revisions.record(article, editor)
        Article.objects.filter(pk=article.pk).update(body=new)
        revisions.record(Article.objects.get(pk=article.pk), editor)
        client = Client()
        client.force_login(editor)
        url = reverse("admin:articles_article_revisions", args=[article.pk])
        times = []
        for _ in range(5):
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200
        rows.append((name, max(times), len(response.content)))
    print()
    print("| revisions page | slowest of 5 (s) | page size (bytes) |")
    print("|---|---|---|")
    for name, slowest, size in rows:
        print(f"| {name} | {slowest:.3f} | {size:,} |")


if __name__ == "__main__":
    main()
    page()
