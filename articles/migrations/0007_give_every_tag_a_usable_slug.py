"""Tags saved before the story form checked them may have a slug no URL can carry (a
zero-width or punctuation-only name gives ""): their stories answered 500. Give each one
an address: its Unicode slug if it has one, else tag-<id>."""

import re

from django.db import migrations
from django.utils.text import slugify

USABLE = re.compile(r"[-\w]+")  # articles.slugs.UnicodeSlugConverter.regex


def fix_slugs(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    taken = set(Tag.objects.values_list("slug", flat=True))
    for tag in Tag.objects.all().iterator():
        if USABLE.fullmatch(tag.slug or ""):
            continue
        slug = slugify(tag.name, allow_unicode=True)[:90] or f"tag-{tag.pk}"
        if slug in taken:
            slug = f"{slug[:80]}-{tag.pk}"
        taken.add(slug)
        Tag.objects.filter(pk=tag.pk).update(slug=slug)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_merge_reader_update_index_and_people_perms"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(fix_slugs, migrations.RunPython.noop)]
