from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations, transaction

# A text search configuration that folds accents before stemming, used for the stored
# document and the query alike, so "Sinclair" finds "Sînclair" and "Кавалева" finds
# "Кавалёва" (unaccent's rules map ё to е). Only tokens with non-ASCII letters (word,
# hword, hword_part) need the unaccent pass; ASCII words keep english's mapping.
# Idempotent, because the migration is not atomic: a rerun after a failed backfill finds
# the configuration already there.
CREATE_CONFIG = """
DO $$ BEGIN
    CREATE TEXT SEARCH CONFIGURATION newsroom (COPY = english);
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
ALTER TEXT SEARCH CONFIGURATION newsroom
    ALTER MAPPING FOR word, hword, hword_part WITH unaccent, english_stem;
"""
DROP_CONFIG = "DROP TEXT SEARCH CONFIGURATION IF EXISTS newsroom"

# Frozen copy of articles.search's document at the time of this migration (as in 0003, with
# the folding configuration). Later changes to the document go in new migrations.
# ASCII text gives the same lexemes under both configurations, so only stories with other
# characters than ASCII, punctuation (“curly quotes”, dashes, nbsp) and currency signs
# somewhere in their document are rebuilt, in id batches that each commit (the migration
# is not atomic), so a large archive is not locked for the whole rebuild.
BATCH = 2000
NON_ASCII = "'[^\\x01-\\x7f\\u00a0-\\u00bf\\u2000-\\u206f\\u20a0-\\u20cf]'"
BACKFILL = """
UPDATE articles_article a SET search_vector =
    setweight(to_tsvector('{config}', coalesce(a.headline, '')), 'A')
    || setweight(to_tsvector('{config}', coalesce(a.deck, '')), 'B')
    || setweight(to_tsvector('{config}', coalesce((
        SELECT string_agg(t.name, ' ') FROM taggit_tag t
        JOIN taggit_taggeditem ti ON ti.tag_id = t.id
        JOIN django_content_type ct ON ct.id = ti.content_type_id
        WHERE ct.app_label = 'articles' AND ct.model = 'article' AND ti.object_id = a.id
    ), '')), 'B')
    || setweight(to_tsvector('{config}', coalesce((
        SELECT string_agg(au.name, ' ') FROM articles_byline b
        JOIN accounts_author au ON au.id = b.author_id WHERE b.article_id = a.id
    ), '')), 'B')
    || setweight(to_tsvector('{config}', coalesce((
        SELECT string_agg(p.name, ' ') FROM articles_interviewee i
        JOIN articles_person p ON p.id = i.person_id WHERE i.article_id = a.id
    ), '')), 'B')
    || setweight(to_tsvector('{config}', coalesce(a.body, '')), 'C')
WHERE a.id >= %s AND a.id < %s AND (
    concat_ws(' ', a.headline, a.deck, a.body) ~ {non_ascii}
    OR EXISTS (
        SELECT 1 FROM taggit_tag t JOIN taggit_taggeditem ti ON ti.tag_id = t.id
        JOIN django_content_type ct ON ct.id = ti.content_type_id
        WHERE ct.app_label = 'articles' AND ct.model = 'article' AND ti.object_id = a.id
        AND t.name ~ {non_ascii})
    OR EXISTS (
        SELECT 1 FROM articles_byline b JOIN accounts_author au ON au.id = b.author_id
        WHERE b.article_id = a.id AND au.name ~ {non_ascii})
    OR EXISTS (
        SELECT 1 FROM articles_interviewee i JOIN articles_person p ON p.id = i.person_id
        WHERE i.article_id = a.id AND p.name ~ {non_ascii})
)
"""


def _rebuild(schema_editor, config):
    sql = BACKFILL.format(config=config, non_ascii=NON_ASCII)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM articles_article")
        last = cursor.fetchone()[0]
        for start in range(0, last + 1, BATCH):
            with transaction.atomic(using=schema_editor.connection.alias):
                cursor.execute(sql, [start, start + BATCH])


def fold_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_CONFIG)
    _rebuild(schema_editor, "newsroom")


def unfold_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    _rebuild(schema_editor, "english")
    schema_editor.execute(DROP_CONFIG)


class Unaccent(UnaccentExtension):
    # Django's backwards step asks pg_extension whatever the database: SQLite has none.
    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    atomic = False
    dependencies = [
        ("articles", "0006_merge_reader_update_index_and_people_perms"),
    ]

    operations = [
        # A no-op on databases other than PostgreSQL.
        Unaccent(),
        migrations.RunPython(fold_documents, unfold_documents),
    ]
