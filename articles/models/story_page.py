"""The story page's small lists, read in the story's own query (issue 13: <= 5 queries a page).

Tags, interviewees (with their person), corrections and the lead photo's renditions are a
few rows each. Instead of one prefetch query apiece they come back as JSON arrays from
correlated subqueries of the story's SELECT, and are unpacked into the same prefetch caches
`prefetch_related` fills, so templates and helpers (`article.tags.all()`) read them unchanged.
Nothing is stored: visibility stays the query-time rule of ArticleQuerySet.published().
"""

import json
from dataclasses import dataclass
from datetime import UTC

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import JSONObject
from django.db.models.query import ModelIterable
from django.utils import timezone


class JSONRows(models.Aggregate):
    """The aggregated rows as one JSON array (SQLite json_group_array, PostgreSQL jsonb_agg)."""

    function = "JSON_GROUP_ARRAY"
    output_field = models.JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


@dataclass(frozen=True)
class Rows:
    """One list: `cache` is the prefetch cache it fills on the story (or on `owner`)."""

    cache: str
    model: str
    link: str  # the row's column pointing at the outer row
    outer: str  # the outer (story) column it points at
    sort: object  # key over the unpacked instances
    joined: str | None = None  # a foreign key whose row comes along (interviewee -> person)
    owner: str | None = None  # the cache lives on this related object (lead_photo)
    through: str | None = None  # read through this link model (taggit's TaggedItem)

    def get(self, name):
        label = getattr(self, name)
        return label and apps.get_model(label)


def _columns(model, prefix=""):
    return {
        f"{prefix}{f.attname}": F(f"{prefix.replace('.', '__')}{f.attname}") for f in _fields(model)
    }


def _fields(model):
    return model._meta.concrete_fields


def _subquery(rows, article_model):
    model = rows.get("model")
    source = rows.get("through") or model
    queryset = source.objects.filter(**{rows.link: OuterRef(rows.outer)})
    if rows.through is not None:
        # taggit's generic link: this model's items only, each with its tag's columns.
        queryset = queryset.filter(content_type=ContentType.objects.get_for_model(article_model))
        columns = {"link_id": F("id"), **_columns(model, "tag.")}
    else:
        columns = _columns(model)
        if rows.joined:
            related = model._meta.get_field(rows.joined).related_model
            columns.update(_columns(related, f"{rows.joined}."))
    return Subquery(
        queryset.order_by()
        .values(rows.link)
        .annotate(rows=JSONRows(JSONObject(**columns)))
        .values("rows"),
        output_field=models.JSONField(),
    )


def _value(field, raw):
    if raw is None:
        return None
    if isinstance(field, models.JSONField) and isinstance(raw, str):
        return json.loads(raw)
    value = field.to_python(raw)
    if isinstance(field, models.DateTimeField) and timezone.is_naive(value):
        # SQLite keeps UTC times as naive text.
        value = timezone.make_aware(value, UTC)
    return value


def _instance(model, row, prefix="", db="default"):
    fields = _fields(model)
    names = [f.attname for f in fields]
    return model.from_db(db, names, [_value(f, row.get(prefix + f.attname)) for f in fields])


def _cache(owner, name, manager, objects):
    # What prefetch_related leaves behind: a queryset whose results are already known.
    queryset = manager.get_queryset()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    owner._prefetched_objects_cache = getattr(owner, "_prefetched_objects_cache", {})
    owner._prefetched_objects_cache[name] = queryset


def _unpack(article, rows, data, db):
    owner = getattr(article, rows.owner) if rows.owner else article
    if owner is None:
        return
    data = json.loads(data) if isinstance(data, str) else (data or [])
    model = rows.get("model")
    if rows.through is not None:
        data = sorted(data, key=lambda row: row["link_id"])
        objects = [_instance(model, row, "tag.", db) for row in data]
    else:
        objects = []
        for row in data:
            obj = _instance(model, row, db=db)
            if rows.joined:
                related = model._meta.get_field(rows.joined).related_model
                setattr(obj, rows.joined, _instance(related, row, f"{rows.joined}.", db))
            objects.append(obj)
        objects.sort(key=rows.sort)
    _cache(owner, rows.cache, getattr(owner, rows.cache), objects)


# Models named by label: they are defined after (and beside) Article.
ROWS = [
    Rows("tags", "taggit.Tag", "object_id", "pk", None, through="taggit.TaggedItem"),
    Rows(
        "interviewees",
        "articles.Interviewee",
        "article",
        "pk",
        lambda obj: (obj.position, obj.pk),
        joined="person",
    ),
    Rows(
        "corrections",
        "articles.Correction",
        "article",
        "pk",
        lambda obj: (obj.published_at, obj.pk),
    ),
    Rows(
        "renditions",
        "photos.Rendition",
        "photo",
        "lead_photo",
        lambda obj: (obj.crop, obj.format, obj.width, obj.pk),
        owner="lead_photo",
    ),
]


def _alias(rows):
    return f"_story_page_{rows.cache}"


def annotate(queryset):
    return queryset.annotate(**{_alias(rows): _subquery(rows, queryset.model) for rows in ROWS})


class StoryPageIterable(ModelIterable):
    def __iter__(self):
        db = self.queryset.db
        for article in super().__iter__():
            for rows in ROWS:
                _unpack(article, rows, article.__dict__.pop(_alias(rows), None), db)
            yield article
