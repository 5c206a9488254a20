from django.db import migrations


class Migration(migrations.Migration):
    """PendingPurge now belongs to the reader site (readers 0001_initial). State only: the
    table articles_pendingpurge and its rows are kept and used by readers.PendingPurge."""

    dependencies = [
        ("articles", "0008_merge_parallel_work"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="PendingPurge")],
            database_operations=[],
        ),
    ]
