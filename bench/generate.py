"""Fill an empty database with a synthetic archive for benchmarks (`make bench`).

    .venv/bin/python bench/generate.py --count 1000   # DATABASE_URL selects the database

A script, not a management command: no app imports bench/, and the generator is not
part of what a newsroom runs.

Realistic in shape, clearly fake in content: sections, 2,000 authors, 1-3 bylines per
story, 0-8 tags per story from a pool of 5,000 (popular tags are much more popular than
rare ones), a lead photo from a small set of real JPEGs drawn with Pillow, bodies of
600-1,500 words. Headlines start with "Synthetic: "; bios, captions, section and people
descriptions say the content is synthetic.

Rows go in with bulk_create, which skips Model.save() and the signals. That is deliberate
and safe here: the generated bodies are already clean (tests/bench/test_generate_stories.py
checks that the sanitiser leaves them unchanged). What save and the signals would have done
is done per batch instead: the body pipeline's stored outputs (articles.body.rebuild, once
the bylines and interviewees are in), and the stored search document
(articles.search.refresh_search_vectors), in a background thread so PostgreSQL's text
parsing overlaps with Python writing the next batch.
"""

import os
import random
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.base")
    import django

    django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.management.base import BaseCommand, CommandError  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.text import slugify  # noqa: E402
from taggit.models import Tag, TaggedItem  # noqa: E402

from accounts.models import Author  # noqa: E402
from articles.body.rebuild import rebuild_ids  # noqa: E402
from articles.models import Article, Byline, Interviewee, Kind, Person, Section, Status  # noqa: E402
from articles.search import refresh_search_vectors  # noqa: E402
from bench import synthetic  # noqa: E402
from photos import uploads  # noqa: E402
from photos.models import CreditKind, Source  # noqa: E402

SOURCE_NAME = "Synthetic Images (benchmark)"

# Share of stories in each state; the rest are published and visible.
STATE_MIX = [
    (0.010, "scheduled"),
    (0.005, "embargoed"),
    (0.015, Status.DRAFT),
    (0.005, Status.IN_REVIEW),
    (0.003, Status.APPROVED),
    (0.002, Status.UNPUBLISHED),
]
KIND_MIX = [
    (Kind.NEWS, 55),
    (Kind.INTERVIEW, 15),
    (Kind.FEATURE, 12),
    (Kind.OPINION, 10),
    (Kind.ANALYSIS, 8),
]


@contextmanager
def timestamps_as_given(*fields):
    """Let bulk_create keep the created/updated times we generate instead of "now"."""
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


@contextmanager
def article_indexes_deferred():
    """On PostgreSQL, drop the story table's plain indexes (not its constraints) for the
    load and rebuild them from their saved definitions afterwards, even after an error:
    building an index once is far cheaper than maintaining a dozen (three of them GIN) row
    by row. Inside a caller's transaction (tests) nothing is dropped. Bylines and tags keep
    their indexes: filling the search document looks stories' tags and bylines up by them.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "WHERE i.schemaname = current_schema() AND i.tablename = %s "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            [Article._meta.db_table],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for _, definition in indexes:
                cursor.execute(definition)


class SearchDocuments:
    """Fill the stored search document of each committed batch of stories.

    In a worker thread with its own database connection, one batch behind the writer;
    inline when the caller holds a transaction (tests), whose rows another connection
    could not see.
    """

    def __init__(self):
        self.inline = connection.in_atomic_block
        self.pool = None if self.inline else ThreadPoolExecutor(max_workers=1)
        self.pending = []

    def submit(self, article_ids):
        if self.inline:
            refresh_search_vectors(article_ids)
            return
        while self.pending:  # at most one batch in flight; errors surface here
            self.pending.pop(0).result()
        self.pending.append(self.pool.submit(self._refresh, article_ids))

    @staticmethod
    def _refresh(article_ids):
        try:
            refresh_search_vectors(article_ids)
        finally:
            connections.close_all()  # this thread's connection

    def finish(self):
        if self.pool is not None:
            for future in self.pending:
                future.result()
            self.pool.shutdown()


def cumulative(weights):
    total, out = 0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


class Command(BaseCommand):
    help = "Fill an EMPTY database with N synthetic, clearly marked stories (for bench/)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1000, help="Stories to create.")
        parser.add_argument("--seed", type=int, default=8, help="Same seed, same archive.")
        parser.add_argument("--authors", type=int, default=2000)
        parser.add_argument("--tags", type=int, default=5000, help="Size of the tag pool.")
        parser.add_argument("--photos", type=int, default=12, help="Distinct lead photos.")
        parser.add_argument("--people", type=int, default=500, help="Interviewees pool.")
        parser.add_argument(
            "--per-day", type=int, default=30, help="Stories per day: sets the archive's span."
        )
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, **options):
        count = options["count"]
        if count < 1:
            raise CommandError("--count must be at least 1.")
        if options["authors"] < 3 or options["tags"] < 8 or options["photos"] < 1:
            raise CommandError("Need at least 3 authors, 8 tags and 1 photo.")
        if Article.objects.exists():
            raise CommandError(
                "This database already has stories; bench/generate.py only fills an empty one "
                "(use a fresh database, e.g. the bench's nr_bench_1k)."
            )
        started = time.monotonic()
        self.rng = random.Random(options["seed"])
        self.prose = synthetic.ProseGenerator(self.rng)
        self.now = timezone.now()
        self.options = options

        with transaction.atomic():
            self.sections = self.make_sections()
            self.photos = self.make_photos(options["photos"])
            self.authors = self.make_authors(options["authors"])
            self.people = self.make_people(options["people"])
            self.tags = self.make_tags(options["tags"])
        self.verbosity = options["verbosity"]
        self.log(
            f"{len(self.sections)} sections, {len(self.authors)} authors, "
            f"{len(self.tags)} tags, {len(self.photos)} photos "
            f"({time.monotonic() - started:.1f}s)"
        )
        with article_indexes_deferred():
            published = self.make_stories(count, options["batch_size"], started)
        self.log(f"  indexes rebuilt ({time.monotonic() - started:.0f}s)")
        self.analyze()
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {count:,} synthetic stories ({published:,} visible to readers) "
                f"in {elapsed:.0f}s."
            )
        )

    def log(self, message):
        if self.verbosity >= 1:
            self.stdout.write(message)

    # Reference data -------------------------------------------------------------------

    def make_sections(self):
        sections = []
        for position, (name, slug) in enumerate(synthetic.SECTIONS):
            section, _ = Section.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "position": position,
                    "description": f"{name}. Synthetic section created by bench/generate.py "
                    "for benchmarking.",
                },
            )
            sections.append(section)
        return sections

    def make_photos(self, count):
        source, _ = Source.objects.get_or_create(
            name=SOURCE_NAME,
            defaults={
                "default_credit_kind": CreditKind.AGENCY,
                "usage_terms": "Synthetic images for benchmarks; free to use.",
            },
        )
        photos = []
        for index in range(count):
            subject = synthetic.PHOTO_SUBJECTS[index % len(synthetic.PHOTO_SUBJECTS)]
            courtesy = index % 3 == 0
            # The photo desk's own upload path: checked, stripped, master plus renditions.
            upload = ContentFile(
                synthetic.photo_jpeg(self.rng, index), name=f"synthetic-{index}.jpg"
            )
            photos.append(
                uploads.store(
                    uploads.read_upload(upload),
                    caption=f"{subject}. (Synthetic benchmark image.)",
                    alt_text=f"{subject}, drawn as a simple synthetic illustration",
                    credit_kind=CreditKind.COURTESY if courtesy else CreditKind.STAFF,
                    photographer="" if courtesy else synthetic.person_name(self.rng),
                    source=source if courtesy else None,
                    keywords="synthetic, benchmark",
                )
            )
        return photos

    def make_authors(self, count):
        rng = self.rng
        names = set()
        while len(names) < count:
            names.add(synthetic.person_name(rng))
        authors = []
        for index, name in enumerate(sorted(names)):
            slug = f"{slugify(name)}-{index}"
            job = rng.choice(synthetic.JOB_TITLES)
            authors.append(
                Author(
                    name=name,
                    slug=slug,
                    job_title=job,
                    bio=(
                        f"{name} is a synthetic author profile generated for benchmarking, "
                        f"not a real person. Writes as {job.lower()} on "
                        f"{rng.choice(synthetic.SECTIONS)[0].lower()} stories."
                    ),
                    email=f"{slug}@example.com",
                    phone=f"82-2-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
                    photo=rng.choice(self.photos) if rng.random() < 0.2 else None,
                )
            )
        return Author.objects.bulk_create(authors, batch_size=1000)

    def make_people(self, count):
        rng = self.rng
        people = []
        for index in range(count):
            name = synthetic.person_name(rng)
            people.append(
                Person(
                    name=name,
                    slug=f"{slugify(name)}-{index}",
                    title=rng.choice(synthetic.SPEAKERS).removeprefix("a ").removeprefix("the "),
                    country=rng.choice(synthetic.CITIES).replace("-", " "),
                    description="Synthetic interviewee generated for benchmarking.",
                )
            )
        return Person.objects.bulk_create(people, batch_size=1000)

    def make_tags(self, count):
        tags = [Tag(name=name, slug=slugify(name)) for name in synthetic.tag_names(count)]
        return Tag.objects.bulk_create(tags, batch_size=1000)

    # Stories ----------------------------------------------------------------------------

    def make_stories(self, count, batch_size, started):
        rng = self.rng
        # A few prolific authors and a long tail; likewise for tags.
        self.author_weights = cumulative(1 / (rank + 20) for rank in range(len(self.authors)))
        self.tag_weights = cumulative(1 / (rank + 40) for rank in range(len(self.tags)))
        self.section_weights = cumulative(rng.randint(3, 12) for _ in self.sections)
        self.kind_weights = cumulative(weight for _, weight in KIND_MIX)
        self.article_type = ContentType.objects.get_for_model(Article)
        spacing = timedelta(days=1) / self.options["per_day"]
        published = 0
        fields = [Article._meta.get_field("created_at"), Article._meta.get_field("updated_at")]
        search = SearchDocuments()
        with timestamps_as_given(*fields):
            for first in range(0, count, batch_size):
                with transaction.atomic():
                    articles = [
                        self.story(number, self.now - spacing * number)
                        for number in range(first, min(first + batch_size, count))
                    ]
                    articles = Article.objects.bulk_create(articles)
                    self.attach(articles)
                    rebuild_ids(article.pk for article in articles)
                search.submit([article.pk for article in articles])
                published += sum(
                    1
                    for article in articles
                    if article.status == Status.PUBLISHED
                    and article.published_at <= self.now
                    and not article.embargo_until
                )
                done = first + len(articles)
                if done % (batch_size * 10) == 0 or done == count:
                    self.log(f"  {done:,} stories ({time.monotonic() - started:.0f}s)")
        search.finish()
        return published

    def story(self, number, slot):
        rng = self.rng
        kind = rng.choices([kind for kind, _ in KIND_MIX], cum_weights=self.kind_weights)[0]
        published_at = slot - timedelta(seconds=rng.randint(0, 600))
        status, embargo_until = Status.PUBLISHED, None
        roll, threshold = rng.random(), 0.0
        for share, state in STATE_MIX:
            threshold += share
            if roll < threshold:
                if state == "scheduled":
                    published_at = self.now + timedelta(minutes=rng.randint(10, 60 * 24 * 14))
                elif state == "embargoed":
                    embargo_until = self.now + timedelta(hours=rng.randint(1, 72))
                else:
                    status = state
                    if state != Status.UNPUBLISHED:
                        published_at = None
                break
        created_at = (published_at or slot) - timedelta(hours=rng.randint(1, 48))
        headline = self.prose.headline()
        interview = kind == Kind.INTERVIEW
        place = rng.choice(synthetic.CITIES)
        return Article(
            headline=headline,
            slug=f"{slugify(headline)[:200]}-{number}",
            deck=self.prose.deck(),
            kind=kind,
            section=rng.choices(self.sections, cum_weights=self.section_weights)[0],
            body=self.prose.body(
                interview=interview,
                place=place,
                topic=rng.choice(synthetic.TAG_TOPICS),
                person=synthetic.person_name(rng),
            ),
            lead_photo=rng.choice(self.photos) if rng.random() < 0.85 else None,
            dateline=place.replace("-", " ").upper() if rng.random() < 0.6 else "",
            status=status,
            published_at=published_at,
            embargo_until=embargo_until,
            updated_for_readers_at=published_at + timedelta(hours=3)
            if published_at and rng.random() < 0.05
            else None,
            created_at=created_at,
            updated_at=max(created_at, published_at or created_at),
            interview_date=(published_at or slot).date() - timedelta(days=rng.randint(1, 10))
            if interview
            else None,
            interview_method=rng.choice(["in_person", "phone", "video", "email"])
            if interview
            else "",
            interview_note="This interview has been condensed and edited for clarity."
            if interview
            else "",
        )

    def attach(self, articles):
        """Bylines, tags and interviewees for one batch of stories."""
        rng = self.rng
        bylines, tagged, interviewees = [], [], []
        for article in articles:
            wanted = rng.choices([1, 2, 3], weights=[70, 22, 8])[0]
            authors = dict.fromkeys(
                rng.choices(self.authors, cum_weights=self.author_weights, k=wanted * 2)
            )
            for position, author in enumerate(list(authors)[:wanted]):
                role = ""
                if article.kind == Kind.INTERVIEW and position == 0:
                    role = "Interview by"
                elif position == 2:
                    role = "Photos by"
                bylines.append(Byline(article=article, author=author, role=role, position=position))
            tag_count = rng.randint(0, 8)
            if tag_count:
                picks = dict.fromkeys(
                    rng.choices(self.tags, cum_weights=self.tag_weights, k=tag_count * 2)
                )
                for tag in list(picks)[:tag_count]:
                    tagged.append(
                        TaggedItem(content_type=self.article_type, object_id=article.pk, tag=tag)
                    )
            if article.kind == Kind.INTERVIEW:
                interviewees.append(
                    Interviewee(article=article, person=rng.choice(self.people), position=0)
                )
        Byline.objects.bulk_create(bylines, batch_size=5000)
        TaggedItem.objects.bulk_create(tagged, batch_size=5000)
        Interviewee.objects.bulk_create(interviewees, batch_size=5000)

    def analyze(self):
        """Fresh planner statistics (and, on PostgreSQL, a visibility map for index-only
        scans), as autovacuum would produce on a real archive."""
        if connection.vendor == "postgresql":
            tables = [
                Article._meta.db_table,
                Byline._meta.db_table,
                TaggedItem._meta.db_table,
                Tag._meta.db_table,
                Author._meta.db_table,
                Interviewee._meta.db_table,
            ]
            # VACUUM cannot run inside a transaction (e.g. in tests): ANALYZE alone then.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            with connection.cursor() as cursor:
                for table in tables:
                    cursor.execute(f'{command} "{table}"')
        elif connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")


if __name__ == "__main__":
    Command().run_from_argv([sys.argv[0], "generate", *sys.argv[1:]])
