"""Newsroom roles (DESIGN.md role table) as Django groups and the permissions they carry.

The data migration and `sync_roles` both read this table, so it is the one place to change.
"""

REPORTER = "Reporter"
EDITOR = "Editor"
PHOTO_DESK = "Photo desk"

_PHOTO_DESK_PERMS = [
    "photos.add_photo",
    "photos.change_photo",
    "photos.delete_photo",
    "photos.view_photo",
    "photos.edit_any_photo",
    "photos.add_source",
    "photos.change_source",
    "photos.delete_source",
    "photos.view_source",
    "photos.view_rendition",
]

ROLE_PERMISSIONS = {
    REPORTER: [
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        "articles.submit_article",
        "articles.view_section",
        "articles.add_byline",
        "articles.change_byline",
        "articles.delete_byline",
        "articles.view_byline",
        "articles.view_person",
        # Reporters do the interviews: they add the people they talk to; editors correct them.
        "articles.add_person",
        "articles.add_interviewee",
        "articles.change_interviewee",
        "articles.delete_interviewee",
        "articles.view_interviewee",
        "accounts.view_author",
        "accounts.change_author",
        # Reporters upload and edit their own photos (enforced in the photo admin).
        "photos.add_photo",
        "photos.change_photo",
        "photos.view_photo",
        "photos.view_source",
    ],
    PHOTO_DESK: _PHOTO_DESK_PERMS,
    EDITOR: [
        "articles.add_article",
        "articles.change_article",
        "articles.delete_article",
        "articles.view_article",
        "articles.submit_article",
        "articles.approve_article",
        "articles.publish_article",
        "articles.add_correction_article",
        "articles.edit_any_article",
        "articles.add_section",
        "articles.change_section",
        "articles.view_section",
        "articles.add_byline",
        "articles.change_byline",
        "articles.delete_byline",
        "articles.view_byline",
        "articles.add_correction",
        "articles.change_correction",
        "articles.view_correction",
        "articles.add_person",
        "articles.change_person",
        "articles.view_person",
        "articles.add_interviewee",
        "articles.change_interviewee",
        "articles.delete_interviewee",
        "articles.view_interviewee",
        "articles.view_auditentry",
        "articles.view_revision",
        "accounts.add_author",
        "accounts.change_author",
        "accounts.view_author",
        *_PHOTO_DESK_PERMS,
    ],
}


def sync_roles(apps=None):
    """Create the role groups and give each exactly its permissions."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    apps = apps or global_apps
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            found = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if found is None and apps is not global_apps:
                # An old migration runs before a later one added this permission; that
                # later migration grants it.
                continue
            if found is None:
                raise Permission.DoesNotExist(perm)
            wanted.append(found)
        group.permissions.set(wanted)


def may_edit_any_author(user):
    """Editors keep every byline profile up to date; reporters only their own.

    Whoever may create byline profiles (the Editor role) may edit all of them.
    """
    return user.has_perm("accounts.add_author")
