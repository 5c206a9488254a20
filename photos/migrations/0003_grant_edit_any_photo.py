from django.db import migrations

# Only these two groups get the new permission; the roles table (accounts/roles.py) says the
# same for databases built later. Not calling sync_roles here keeps this migration
# independent of permissions other apps add afterwards.
GROUPS = ["Photo desk", "Editor"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    photos_config = apps.get_app_config("photos")
    photos_config.models_module = True
    create_permissions(photos_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(content_type__app_label="photos", codename="edit_any_photo")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="photos", codename="edit_any_photo").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("photos", "0002_imported_metadata_and_edit_any"),
        ("articles", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
