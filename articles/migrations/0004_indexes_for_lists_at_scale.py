# Indexes that keep the public lists and the admin list fast at 100,000 stories; bench/
# prints EXPLAIN ANALYZE of the queries that use them.

from django.conf import settings
from django.db import migrations, models

# Tag pages walk the newest published stories and ask, for each, "does it carry this tag?".
# taggit's object_id is an integer and Article.id a bigint, so Django's join compares
# article.id = object_id::bigint, which taggit's own (content_type, object_id) index cannot
# answer; an index on the cast expression can. PostgreSQL only: SQLite compares without a
# cast and taggit's index serves it.
TAGGED_ITEM_INDEX = "taggeditem_article_tag_idx"


def create_tagged_item_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {TAGGED_ITEM_INDEX} ON taggit_taggeditem "
            "(content_type_id, (object_id::bigint), tag_id)"
        )


def drop_tagged_item_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TAGGED_ITEM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_search_vector_and_trigram"),
        ("photos", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["-published_at", "-created_at", "embargo_until"],
                name="article_visible_order_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["-updated_at", "-id"], name="article_admin_order_idx"),
        ),
        migrations.RunPython(create_tagged_item_index, drop_tagged_item_index),
    ]
