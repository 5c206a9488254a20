import django.contrib.postgres.search
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

# Frozen copy of articles.search's document at the time of this migration, to fill the
# column for stories that already exist. Later changes to the document go in new migrations.
BACKFILL = """
UPDATE articles_article a SET search_vector =
    setweight(to_tsvector('english', coalesce(a.headline, '')), 'A')
    || setweight(to_tsvector('english', coalesce(a.deck, '')), 'B')
    || setweight(to_tsvector('english', coalesce((
        SELECT string_agg(t.name, ' ') FROM taggit_tag t
        JOIN taggit_taggeditem ti ON ti.tag_id = t.id
        JOIN django_content_type ct ON ct.id = ti.content_type_id
        WHERE ct.app_label = 'articles' AND ct.model = 'article' AND ti.object_id = a.id
    ), '')), 'B')
    || setweight(to_tsvector('english', coalesce((
        SELECT string_agg(au.name, ' ') FROM articles_byline b
        JOIN accounts_author au ON au.id = b.author_id WHERE b.article_id = a.id
    ), '')), 'B')
    || setweight(to_tsvector('english', coalesce((
        SELECT string_agg(p.name, ' ') FROM articles_interviewee i
        JOIN articles_person p ON p.id = i.person_id WHERE i.article_id = a.id
    ), '')), 'B')
    || setweight(to_tsvector('english', coalesce(a.body, '')), 'C')
"""

INDEXES = [
    "CREATE INDEX IF NOT EXISTS article_search_gin ON articles_article USING gin (search_vector)",
    # Near-miss (typo) matching on headlines and decks: pg_trgm's <% operator uses these.
    "CREATE INDEX IF NOT EXISTS article_headline_trgm ON articles_article USING gin (headline gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS article_deck_trgm ON articles_article USING gin (deck gin_trgm_ops)",
]
DROP = ["article_search_gin", "article_headline_trgm", "article_deck_trgm"]


def create_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in INDEXES:
        schema_editor.execute(statement)
    schema_editor.execute(BACKFILL)


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in DROP:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
        ("articles", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        # A no-op on databases other than PostgreSQL.
        TrigramExtension(),
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create_search_indexes, drop_search_indexes),
    ]
