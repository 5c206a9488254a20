import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """PendingPurge moves from articles to the reader site by state only: its table
    (articles_pendingpurge, created by articles 0007) and its rows stay where they are."""

    initial = True

    dependencies = [
        ("articles", "0008_merge_parallel_work"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PendingPurge",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("attempts", models.PositiveIntegerField(default=0)),
                        ("last_error", models.CharField(blank=True, max_length=200)),
                    ],
                    options={
                        "ordering": ["pk"],
                        "db_table": "articles_pendingpurge",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
