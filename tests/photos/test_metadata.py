"""Caption, credit, copyright, source and keywords read from the file prefill the photo."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from photos.models import CreditKind, Photo
from tests.factories import SourceFactory
from tests.photos import corpus

pytestmark = pytest.mark.django_db


def upload(client, user, name, data):
    client.force_login(user)
    response = client.post("/admin/photos/photo/add/", {"images": [SimpleUploadedFile(name, data)]})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Photo.objects.get()


def test_it_prefills_from_xmp_and_matches_the_source_list(client, photo_desk):
    reuters = SourceFactory(
        name="Reuters", default_credit_kind=CreditKind.AGENCY, usage_terms="Reuters contract 2026"
    )
    photo = upload(client, photo_desk, "xmp.jpg", corpus.jpeg_with_xmp())
    assert photo.caption == "Ambassador Kim at the embassy in Seoul"
    assert photo.alt_text == "A man in a dark suit shakes hands"
    assert photo.photographer == "Jane Doe"
    assert photo.copyright_notice == "© 2026 Reuters"
    assert photo.keywords == "diplomacy, Belarus"
    assert photo.source == reuters
    assert photo.credit_kind == CreditKind.AGENCY
    # The file's own terms win over the source's default.
    assert photo.usage_terms == "Editorial use only"
    assert photo.credit_line == "Photo by Jane Doe / Reuters"


def test_it_decodes_utf8_iptc(client, photo_desk):
    embassy = SourceFactory(name="Belarus Embassy", default_credit_kind=CreditKind.COURTESY)
    photo = upload(client, photo_desk, "iptc.jpg", corpus.jpeg_with_iptc_utf8())
    assert photo.caption == "Посол Беларуси в Сеуле — интервью"
    assert photo.photographer == "Ким Сон-ми"
    assert photo.copyright_notice == "© Korea Times"
    assert photo.keywords == "дипломатия, Korea"
    assert photo.source == embassy
    assert photo.credit_kind == CreditKind.COURTESY


def test_it_reads_exif_text_when_nothing_better_is_there(client, photo_desk):
    photo = upload(client, photo_desk, "exif.jpg", corpus.jpeg_with_exif_text())
    assert photo.caption == "Harbour at dawn"
    assert photo.photographer == "Lee Min-ho"
    assert photo.copyright_notice == "(c) Lee Min-ho"


def test_it_shows_an_unknown_source_to_the_desk_instead_of_inventing_one(client, photo_desk):
    photo = upload(client, photo_desk, "xmp.jpg", corpus.jpeg_with_xmp())
    assert photo.source is None
    assert photo.imported_metadata["credit"] == "Reuters"
    page = client.get(f"/admin/photos/photo/{photo.pk}/change/").content.decode()
    assert "not in the source list yet" in page
    assert "Reuters" in page


def test_it_ignores_hostile_xml_in_xmp_and_still_accepts_the_photo(client, photo_desk):
    photo = upload(client, photo_desk, "xxe.jpg", corpus.xmp_entity_bomb_jpeg())
    assert photo.caption == ""
    assert photo.imported_metadata == {}


@pytest.mark.parametrize(
    ("make", "caption", "photographer", "keywords"),
    [case[1:] for case in corpus.EXIF_TEXT_CASES],
    ids=[case[0] for case in corpus.EXIF_TEXT_CASES],
)
def test_it_decodes_exif_text_as_utf8_utf16_or_by_its_charset_prefix(
    client, photo_desk, make, caption, photographer, keywords
):
    photo = upload(client, photo_desk, "exif.jpg", make())
    assert photo.caption == caption
    assert photo.photographer == photographer
    assert photo.keywords == keywords
    if photographer:
        assert photo.imported_metadata["photographer"] == photographer


@pytest.mark.parametrize(
    ("make", "caption", "photographer"),
    [case[1:] for case in corpus.NON_LATIN_TEXT_CASES],
    ids=[case[0] for case in corpus.NON_LATIN_TEXT_CASES],
)
def test_it_keeps_cyrillic_and_hangul_from_iptc_and_xmp(
    client, photo_desk, make, caption, photographer
):
    photo = upload(client, photo_desk, "text.jpg", make())
    assert photo.caption == caption
    assert photo.photographer == photographer


def test_it_never_guesses_staff_for_a_photo_credited_to_an_outsider(client, photo_desk):
    photo = upload(client, photo_desk, "outside.jpg", corpus.jpeg_from_outside())
    assert photo.source is None
    assert photo.imported_metadata["credit"] == corpus.COURTESY_CREDIT
    # Left for the desk to choose; readers never see "Photo by" for someone else's photo.
    assert photo.credit_kind == ""
    assert not photo.credit_line.startswith("Photo by")
    page = client.get(f"/admin/photos/photo/{photo.pk}/change/").content.decode()
    assert "Choose a credit kind" in page
    # The Source the desk is invited to add is the name, not "Courtesy of ...".
    assert "names “the Embassy of Belarus” as its source" in page


@pytest.mark.parametrize(
    ("make", "photographer", "source_name"),
    [case[1:] for case in corpus.CREDIT_PREFIX_CASES],
    ids=[case[0] for case in corpus.CREDIT_PREFIX_CASES],
)
def test_it_strips_courtesy_and_photo_prefixes_before_naming_and_matching(
    client, photo_desk, make, photographer, source_name
):
    for name in corpus.CREDIT_PREFIX_SOURCES:
        SourceFactory(name=name, default_credit_kind=CreditKind.AGENCY)
    photo = upload(client, photo_desk, "credit.jpg", make())
    assert photo.photographer == photographer
    assert (photo.source.name if photo.source else "") == source_name
    # "Courtesy of" names someone, it does not choose the kind: only a matched source's
    # own default fills it, else the desk chooses.
    assert photo.credit_kind == (CreditKind.AGENCY if source_name else "")
    assert "Courtesy of Courtesy" not in photo.credit_line
    assert "courtesy of" not in photo.photographer.lower()
