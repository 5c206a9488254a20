from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

# A text search configuration that folds accents before stemming, used for the stored
# document and the query alike, so "Sinclair" finds "Sînclair" and "Кавалева" finds
# "Кавалёва" (unaccent's rules map ё to е). Only tokens with non-ASCII letters (word,
# hword, hword_part) need the unaccent pass; ASCII words keep english's mapping.
CREATE_CONFIG = """
CREATE TEXT SEARCH CONFIGURATION newsroom (COPY = english);
ALTER TEXT SEARCH CONFIGURATION newsroom
    ALTER MAPPING FOR word, hword, hword_part WITH unaccent, english_stem;
"""
DROP_CONFIG = "DROP TEXT SEARCH CONFIGURATION IF EXISTS newsroom"

# Frozen copy of articles.search's document at the time of this migration (as in 0003, with
# the folding configuration). Later changes to the document go in new migrations.
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
"""


def fold_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_CONFIG)
    schema_editor.execute(BACKFILL.format(config="newsroom"))


def unfold_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(BACKFILL.format(config="english"))
    schema_editor.execute(DROP_CONFIG)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_merge_reader_update_index_and_people_perms"),
    ]

    operations = [
        # A no-op on databases other than PostgreSQL.
        UnaccentExtension(),
        migrations.RunPython(fold_documents, unfold_documents),
    ]
