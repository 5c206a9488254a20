from django.db import migrations

# Reporters may add the people they interview (accounts/roles.py says the same for
# databases built later). Only this grant, so the migration does not depend on
# permissions other apps add afterwards.


def _permission(apps):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="articles", codename="add_person")


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Reporter"):
        group.permissions.add(*_permission(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Reporter"):
        group.permissions.remove(*_permission(apps))


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_indexes_for_lists_at_scale")]

    operations = [migrations.RunPython(grant, revoke)]
