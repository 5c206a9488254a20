from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_pendingpurge_moves_to_readers"),
        ("articles", "0009_stored_body_outputs"),
        ("articles", "0009_notification_emailed_at"),
        ("articles", "0009_working_copy_base"),
    ]

    operations = []
