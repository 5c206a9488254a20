"""The photo library in the admin: who may change what, where a photo is used, refusing
to delete a used photo, the list's thumbnails, search and filters."""

import datetime as dt

import pytest
from django.utils import timezone

from articles.body.pipeline import inline_photo_ids
from photos.models import CreditKind, Photo, Rendition
from readers.cache import page_generation
from tests.factories import ArticleFactory, AuthorFactory, SourceFactory
from tests.photos.conftest import make_photo, stored_files

pytestmark = pytest.mark.django_db


def change_url(photo):
    return f"/admin/photos/photo/{photo.pk}/change/"


def form_data(photo, **changes):
    data = {
        "focal_x": photo.focal_x,
        "focal_y": photo.focal_y,
        "caption": photo.caption,
        "alt_text": photo.alt_text,
        "credit_kind": photo.credit_kind,
        "photographer": photo.photographer,
        "source": photo.source_id or "",
        "copyright_notice": photo.copyright_notice,
        "usage_terms": photo.usage_terms,
        "rights_expire_on": photo.rights_expire_on or "",
        "keywords": photo.keywords,
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("persona", "own", "allowed"),
    [
        ("reporter", True, True),
        ("reporter", False, False),
        ("photo_desk", False, True),
        ("editor", False, True),
        ("admin_user", False, True),
    ],
)
def test_who_may_change_a_photo(client, request, other_reporter, persona, own, allowed):
    user = request.getfixturevalue(persona)
    photo = make_photo(uploaded_by=user if own else other_reporter, caption="Before")
    client.force_login(user)
    response = client.post(change_url(photo), form_data(photo, caption="After"))
    photo.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert photo.caption == "After"
    else:
        assert response.status_code == 403
        assert photo.caption == "Before"


def test_a_reporter_sees_someone_elses_photo_read_only(client, reporter, other_reporter):
    photo = make_photo(uploaded_by=other_reporter, caption="Their photo")
    client.force_login(reporter)
    response = client.get(change_url(photo))
    assert response.status_code == 200
    assert 'name="caption"' not in response.content.decode()
    assert "Their photo" in response.content.decode()


@pytest.mark.parametrize("persona", ["reporter", "outsider"])
def test_people_without_the_right_cannot_delete(client, request, persona, media_root):
    user = request.getfixturevalue(persona)
    photo = make_photo(uploaded_by=user)
    files = stored_files(media_root)
    client.force_login(user)
    response = client.post(f"/admin/photos/photo/{photo.pk}/delete/", {"post": "yes"})
    assert response.status_code in (302, 403)
    if response.status_code == 302:  # outsider: not staff, sent to login
        assert "/login/" in response["Location"]
    assert Photo.objects.filter(pk=photo.pk).exists()
    assert stored_files(media_root) == files


def test_the_desk_deletes_an_unused_photo_and_its_files(
    client, photo_desk, media_root, django_capture_on_commit_callbacks
):
    photo = make_photo()
    assert stored_files(media_root)
    client.force_login(photo_desk)
    # Files go only once the delete is committed.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/photos/photo/{photo.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Photo.objects.exists()
    assert not Rendition.objects.exists()
    assert stored_files(media_root) == []


def _used_photo():
    photo = make_photo(caption="Busy photo")
    lead = ArticleFactory(headline="Lead story", lead_photo=photo)
    inline = ArticleFactory(headline="Inline story", body=f"<p>[photo {photo.pk}]</p>")
    figure = ArticleFactory(
        headline="Figure story",
        body=f'<figure class="inline-photo" data-photo="{photo.pk}"></figure>',
    )
    # The renderer reads "[photo 007]" and data-photo="007" as photo 7: uses too.
    padded = ArticleFactory(headline="Padded story", body=f"<p>[photo 00{photo.pk}]</p>")
    padded_figure = ArticleFactory(
        headline="Padded figure story",
        body=f'<figure class="inline-photo" data-photo="000{photo.pk}"></figure>',
    )
    author = AuthorFactory(name="Kim Portrait", photo=photo)
    return photo, [lead, inline, figure, padded, padded_figure, author]


USE_LABELS = [
    "Lead story",
    "Inline story",
    "Figure story",
    "Padded story",
    "Padded figure story",
    "Kim Portrait",
]


def test_each_photo_shows_where_it_is_used(client, photo_desk):
    photo, uses = _used_photo()
    other = make_photo(caption="Lonely")
    ArticleFactory(headline="Unrelated", body=f"<p>[photo {other.pk}1]</p>")
    client.force_login(photo_desk)
    body = client.get(change_url(photo)).content.decode()
    for label in USE_LABELS:
        assert label in body
    assert "Unrelated" not in body
    assert "Not used anywhere yet." in client.get(change_url(other)).content.decode()


def test_deleting_a_used_photo_is_refused_with_the_list(client, photo_desk, media_root):
    photo, _ = _used_photo()
    files = stored_files(media_root)
    client.force_login(photo_desk)
    response = client.post(f"/admin/photos/photo/{photo.pk}/delete/", {"post": "yes"}, follow=True)
    body = response.content.decode()
    assert "cannot be deleted while it is used" in body
    for label in USE_LABELS:
        assert label in body
    assert Photo.objects.filter(pk=photo.pk).exists()
    assert stored_files(media_root) == files


@pytest.mark.parametrize("reference", ["[photo {pk}]", "[photo 0{pk}]", "[photo 000{pk}]"])
def test_bulk_delete_also_refuses_photos_used_inline(client, photo_desk, reference):
    photo = make_photo(caption="Inline only")
    ArticleFactory(headline="Inline story", body=f"<p>{reference.format(pk=photo.pk)}</p>")
    client.force_login(photo_desk)
    response = client.post(
        "/admin/photos/photo/",
        {"action": "delete_selected", "_selected_action": [photo.pk], "post": "yes"},
    )
    assert "Inline story" in response.content.decode()
    assert Photo.objects.filter(pk=photo.pk).exists()


def test_the_library_lists_thumbnails_and_searches_caption_credit_and_source(
    client, photo_desk, django_assert_max_num_queries
):
    reuters = SourceFactory(name="Reuters")
    harbour = make_photo(caption="Harbour at dawn", photographer="Lee")
    make_photo(caption="Summit", source=reuters, credit_kind=CreditKind.AGENCY)
    client.force_login(photo_desk)
    body = client.get("/admin/photos/photo/").content.decode()
    assert body.count('class="photo-thumb"') == 2
    assert f'data-copy="[photo {harbour.pk}]"' in body
    assert "Photo by Reuters" in body
    for query, expected, absent in [
        ("harbour", "Harbour at dawn", "Summit"),
        ("reuters", "Summit", "Harbour at dawn"),
        ("lee", "Harbour at dawn", "Summit"),
    ]:
        found = client.get("/admin/photos/photo/", {"q": query}).content.decode()
        assert expected in found and absent not in found, query
    for _ in range(5):
        make_photo(caption="More")
    with django_assert_max_num_queries(13):
        client.get("/admin/photos/photo/")


def test_the_rights_filters_find_expired_and_soon_expiring_photos(client, photo_desk):
    today = timezone.localdate()
    make_photo(caption="Expired one", rights_expire_on=today - dt.timedelta(days=1))
    make_photo(caption="Expiring one", rights_expire_on=today + dt.timedelta(days=20))
    make_photo(caption="Later one", rights_expire_on=today + dt.timedelta(days=90))
    make_photo(caption="Forever one")
    client.force_login(photo_desk)

    def listed(**params):
        body = client.get("/admin/photos/photo/", params).content.decode()
        return {c for c in ["Expired", "Expiring", "Later", "Forever"] if f"{c} one" in body}

    assert listed(rights="expiring") == {"Expiring"}
    assert listed(rights="expired") == {"Expired"}
    assert listed(rights="open") == {"Forever"}
    assert listed() == {"Expired", "Expiring", "Later", "Forever"}
    body = client.get("/admin/photos/photo/").content.decode()
    assert "photo-rights--expired" in body and "photo-rights--expiring" in body


def test_the_source_filter_names_the_photos_without_a_source(client, photo_desk):
    make_photo(caption="Agency one", source=SourceFactory(name="Reuters"))
    make_photo(caption="Sourceless one", source=None)
    client.force_login(photo_desk)
    body = client.get("/admin/photos/photo/").content.decode()
    assert "No source" in body
    body = client.get("/admin/photos/photo/", {"source__isnull": "True"}).content.decode()
    assert "Sourceless one" in body and "Agency one" not in body


def test_an_expired_photo_is_flagged_on_its_page(client, photo_desk):
    photo = make_photo(rights_expire_on=timezone.localdate() - dt.timedelta(days=3))
    client.force_login(photo_desk)
    body = client.get(change_url(photo)).content.decode()
    assert "readers no longer see it anywhere" in body


def test_choosing_a_source_brings_its_credit_kind_and_terms(client, photo_desk):
    embassy = SourceFactory(
        name="Belarus Embassy",
        default_credit_kind=CreditKind.COURTESY,
        usage_terms="Free for editorial use",
    )
    photo = make_photo(photographer="")
    client.force_login(photo_desk)
    client.post(change_url(photo), form_data(photo, source=embassy.pk))
    photo.refresh_from_db()
    assert photo.credit_kind == CreditKind.COURTESY
    assert photo.usage_terms == "Free for editorial use"
    assert photo.credit_line == "Photo courtesy of Belarus Embassy"


def test_each_photo_offers_its_inline_code(client, photo_desk):
    photo = make_photo()
    client.force_login(photo_desk)
    body = client.get(change_url(photo)).content.decode()
    assert f'data-copy="[photo {photo.pk}]"' in body
    assert "photos/admin/photos.js" in body
    assert "<script>" not in body.split("<body")[1].replace("<script src", "")


def test_a_reporter_picks_a_lead_photo_from_the_whole_library(client, reporter, other_reporter):
    mine = make_photo(caption="Embassy garden", uploaded_by=reporter)
    theirs = make_photo(caption="Embassy gate", uploaded_by=other_reporter)
    make_photo(caption="Harbour")
    client.force_login(reporter)
    response = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "articles",
            "model_name": "article",
            "field_name": "lead_photo",
            "term": "embassy",
        },
    )
    assert response.status_code == 200
    found = {int(item["id"]) for item in response.json()["results"]}
    assert found == {mine.pk, theirs.pk}


def test_editing_a_photo_purges_cached_public_pages(
    client, photo_desk, django_capture_on_commit_callbacks
):
    photo = make_photo(caption="Old caption")
    before = page_generation()
    client.force_login(photo_desk)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(change_url(photo), form_data(photo, caption="New caption"))
    assert page_generation() == before + 1


def test_it_keeps_the_credit_kind_the_desk_chose_when_a_source_is_picked(client, photo_desk):
    reuters = SourceFactory(name="Reuters", default_credit_kind=CreditKind.AGENCY)
    photo = make_photo(photographer="", credit_kind="")
    client.force_login(photo_desk)
    # Source and kind chosen together: the choice wins over the source's default.
    client.post(
        change_url(photo), form_data(photo, source=reuters.pk, credit_kind=CreditKind.COURTESY)
    )
    photo.refresh_from_db()
    assert photo.source == reuters
    assert photo.credit_kind == CreditKind.COURTESY


def test_it_keeps_a_chosen_credit_kind_when_only_the_source_changes_and_says_so(client, photo_desk):
    reuters = SourceFactory(name="Reuters", default_credit_kind=CreditKind.AGENCY)
    photo = make_photo(photographer="", credit_kind=CreditKind.HANDOUT)
    client.force_login(photo_desk)
    response = client.post(change_url(photo), form_data(photo, source=reuters.pk), follow=True)
    photo.refresh_from_db()
    assert photo.credit_kind == CreditKind.HANDOUT
    assert photo.credit_line == "Handout photo from Reuters"
    assert "Kept the credit kind “Handout”" in response.content.decode()


def test_the_library_lists_photos_still_needing_a_credit_kind(client, photo_desk):
    make_photo(caption="Outside one", photographer="Ivan Petrov", credit_kind="")
    make_photo(caption="Staff one", photographer="Jane Doe", credit_kind=CreditKind.STAFF)
    client.force_login(photo_desk)
    body = client.get("/admin/photos/photo/").content.decode()
    assert "Needs a credit kind" in body  # the filter choice and the list's marker
    assert "photo-missing" in body
    listed = client.get("/admin/photos/photo/", {"kind": "none"}).content.decode()
    assert "Outside one" in listed and "Staff one" not in listed
    staff = client.get("/admin/photos/photo/", {"kind": CreditKind.STAFF}).content.decode()
    assert "Staff one" in staff and "Outside one" not in staff


def test_it_fills_only_guessed_staff_kinds_with_blank_when_migrating():
    # Photos before 0005: every upload without a matching source became Staff.
    import importlib

    from django.apps import apps

    migration = importlib.import_module("photos.migrations.0005_credit_kind_chosen_by_the_desk")
    guessed = make_photo(credit_kind=CreditKind.STAFF)
    guessed.imported_metadata = {"credit": "Courtesy of the Embassy of Belarus"}
    guessed.save()
    staff = make_photo(credit_kind=CreditKind.STAFF, photographer="Jane Doe")
    sourced = make_photo(credit_kind=CreditKind.STAFF, source=SourceFactory(name="Wire"))
    sourced.imported_metadata = {"credit": "Wire"}
    sourced.save()
    courtesy = make_photo(credit_kind=CreditKind.COURTESY)
    courtesy.imported_metadata = {"source": "Samsung"}
    courtesy.save()
    migration.unguess_staff(apps, None)
    kinds = {p.pk: p.credit_kind for p in Photo.objects.all()}
    assert kinds == {
        guessed.pk: "",
        staff.pk: CreditKind.STAFF,
        sourced.pk: CreditKind.STAFF,
        courtesy.pk: CreditKind.COURTESY,
    }


def test_editing_a_source_purges_the_pages_showing_its_name(
    client, photo_desk, django_capture_on_commit_callbacks
):
    from django.test import Client

    from tests.factories import ArticleFactory

    wire = SourceFactory(name="Wire", default_credit_kind=CreditKind.COURTESY)
    photo = make_photo(photographer="", source=wire, credit_kind=CreditKind.COURTESY)
    story = ArticleFactory(published=True, lead_photo=photo)
    reader = Client()
    assert "Photo courtesy of Wire" in reader.get(story.get_absolute_url()).content.decode()
    assert reader.get(story.get_absolute_url())["X-Page-Cache"] == "hit"

    client.force_login(photo_desk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/photos/source/{wire.pk}/change/",
            {"name": "Wire Photo Service", "default_credit_kind": CreditKind.COURTESY},
        )
    assert response.status_code == 302
    page = reader.get(story.get_absolute_url()).content.decode()
    assert "Photo courtesy of Wire Photo Service" in page


def test_it_never_reads_other_digits_as_a_photo_reference(client, photo_desk):
    photo = make_photo(caption="Plain")
    # Full-width digits: neither rendered nor counted, so they cannot hide a use.
    story = ArticleFactory(published=True, body=f"<p>[photo {chr(0xFF10 + photo.pk % 10)}]</p>")
    assert inline_photo_ids(story.body) == []


def test_deleting_a_photo_purges_the_cached_public_pages(
    client, photo_desk, django_capture_on_commit_callbacks
):
    photo = make_photo(caption="Unused")
    before = page_generation()
    client.force_login(photo_desk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/photos/photo/{photo.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert page_generation() > before
