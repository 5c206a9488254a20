"""The upload corpus, through the admin's upload form: every refusal is a clear form error
with no row and no file; every acceptance leaves only clean, re-encoded public files."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from photos.models import Photo, Rendition
from tests.photos import corpus
from tests.photos.conftest import stored_files

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/photos/photo/add/"


def upload(client, *files, **extra):
    return client.post(ADD_URL, {"images": list(files), **extra})


def as_file(name, data, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


REFUSALS = [
    ("empty.jpg", lambda: b"", "the file is empty"),
    ("drawing.png", corpus.svg, "not a JPEG, PNG, WebP or GIF"),
    ("page.jpg", lambda: b"<!doctype html><html><script>alert(1)</script></html>", "not a JPEG"),
    ("scan.tif", corpus.tiff, "not a JPEG, PNG, WebP or GIF"),
    ("scan.jpg", corpus.tiff, "not a JPEG, PNG, WebP or GIF"),
    ("layers.psd", corpus.psd_like, "not a JPEG, PNG, WebP or GIF"),
    ("old.bmp", corpus.bmp, "not a JPEG, PNG, WebP or GIF"),
    ("notes.gif", lambda: b"GIF89a but really just text", "not a JPEG, PNG, WebP or GIF"),
    ("cut.jpg", corpus.truncated_jpeg, "truncated or damaged"),
    ("broken.png", corpus.corrupt_png, "truncated or damaged"),
    ("cut.gif", corpus.truncated_gif, "damaged"),
    ("huge.png", lambda: corpus.png_header_only(8000, 7000), "the limit is 50 megapixels"),
    ("flipbook.gif", lambda: corpus.animated_gif(301), "301 frames; the limit is 300"),
]


@pytest.mark.parametrize(("name", "make", "message"), REFUSALS, ids=[case[0] for case in REFUSALS])
def test_it_refuses_bad_files_with_a_clear_error_and_stores_nothing(
    client, photo_desk, media_root, name, make, message
):
    client.force_login(photo_desk)
    response = upload(client, as_file(name, make()))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert name in response.content.decode()
    assert Photo.objects.count() == 0
    assert Rendition.objects.count() == 0
    assert stored_files(media_root) == []


def test_it_refuses_files_over_the_byte_limit(client, photo_desk, media_root, settings):
    settings.PHOTO_MAX_BYTES = 1000
    client.force_login(photo_desk)
    response = upload(client, as_file("big.jpg", corpus.jpeg(400, 300)))
    assert "big.jpg: the file is" in response.content.decode()
    assert "the limit is 1000\xa0bytes" in response.content.decode()
    assert Photo.objects.count() == 0
    assert stored_files(media_root) == []


@pytest.mark.parametrize(("width", "height"), [(10_000, 10_000), (20_000, 20_000)])
def test_it_refuses_decompression_bombs_even_when_the_pixel_limit_is_raised(
    client, photo_desk, media_root, settings, width, height
):
    # Above Pillow's own thresholds: the warning (10k²) and the error (20k²) both refuse.
    settings.PHOTO_MAX_PIXELS = 10**10
    client.force_login(photo_desk)
    response = upload(client, as_file("bomb.png", corpus.png_header_only(width, height)))
    assert "decompression bomb" in response.content.decode()
    assert Photo.objects.count() == 0
    assert stored_files(media_root) == []


def _public_files(photo):
    return [photo.image, *(rendition.file for rendition in photo.renditions.all())]


def assert_clean(photo, extra_forbidden=()):
    files = _public_files(photo)
    assert len(files) > 2
    for stored in files:
        with stored.open("rb") as handle:
            data = handle.read()
        for forbidden in (
            b"<script",
            b"PK\x03\x04",
            b"Exif\x00\x00",
            b"http://ns.adobe.com/xap/1.0/",
            b"<x:xmpmeta",
            b"Photoshop 3.0",
            corpus.SERIAL.encode(),
            corpus.MAKERNOTE,
            b"SpyCam",
            *extra_forbidden,
        ):
            assert forbidden not in data, (stored.name, forbidden)
        image = Image.open(io.BytesIO(data))
        assert image.format in ("JPEG", "WEBP")
        assert image.mode == "RGB"
        assert not image.getexif(), stored.name
        for key in ("exif", "xmp", "comment", "icc_profile", "XML:com.adobe.xmp"):
            assert not image.info.get(key), (stored.name, key)
        if image.format == "JPEG":
            # One start-of-image marker: no embedded thumbnail JPEG.
            assert data.count(b"\xff\xd8\xff") == 1, stored.name
            assert not image.applist or all(marker == "APP0" for marker, _ in image.applist), (
                image.applist
            )
        else:
            for chunk in (b"EXIF", b"XMP ", b"ICCP"):
                assert chunk not in data[:64] and chunk not in data[-4096:], chunk


ACCEPTED = [
    ("plain.jpg", corpus.jpeg),
    ("polyglot.png", corpus.png_with_html_appended),
    ("with-zip.jpg", corpus.jpeg_with_zip_appended),
    ("comment.jpg", corpus.jpeg_with_comment_script),
    ("gps-serial.jpg", corpus.jpeg_with_gps_and_serial),
    ("xmp.jpg", corpus.jpeg_with_xmp),
    ("xmp-exif.webp", corpus.webp_with_xmp_and_exif),
    ("iptc.jpg", corpus.jpeg_with_iptc_utf8),
    ("text-chunk.png", corpus.png_with_script_text_chunk),
    ("icc.jpg", corpus.jpeg_with_icc_profile),
    ("xxe.jpg", corpus.xmp_entity_bomb_jpeg),
    ("cmyk.jpg", corpus.cmyk_jpeg),
    ("deep.png", corpus.png_16bit_grey),
    ("alpha.png", corpus.png_rgba),
    ("short.gif", lambda: corpus.animated_gif(5)),
    ("../../etc/passwd<script>.jpg", corpus.jpeg),
]


@pytest.mark.parametrize(("name", "make"), ACCEPTED, ids=[case[0] for case in ACCEPTED])
def test_it_accepts_real_images_and_publishes_only_clean_re_encodes(
    client, photo_desk, media_root, name, make
):
    client.force_login(photo_desk)
    response = upload(client, as_file(name, make()))
    photo = Photo.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/photos/photo/{photo.pk}/change/"
    assert photo.uploaded_by == photo_desk
    assert_clean(photo)
    # Generated names only: nothing of the uploaded name reaches the disk.
    for path in stored_files(media_root):
        assert "passwd" not in str(path) and "script" not in str(path)
        assert path.suffix in (".jpg", ".webp")
    assert len(stored_files(media_root)) == 1 + photo.renditions.count()


def test_it_drops_an_exif_thumbnail_that_shows_a_different_scene(client, photo_desk):
    data, thumbnail = corpus.jpeg_with_other_scene_thumbnail()
    assert thumbnail in data
    client.force_login(photo_desk)
    upload(client, as_file("cropped.jpg", data))
    photo = Photo.objects.get()
    assert_clean(photo, extra_forbidden=(thumbnail[20:60],))


def _colour_at(stored, x, y):
    with stored.open("rb") as handle:
        image = Image.open(handle)
        image.load()
    return image.convert("RGB").getpixel((int(x * (image.width - 1)), int(y * (image.height - 1))))


def _is_red(colour):
    r, g, b = colour
    return r > 150 and g < 90 and b < 90


def _is_blue(colour):
    r, g, b = colour
    return b > 150 and r < 90 and g < 90


def test_it_turns_exif_rotated_photos_upright(client, photo_desk):
    client.force_login(photo_desk)
    upload(client, as_file("rotated.jpg", corpus.jpeg_rotated()))
    photo = Photo.objects.get()
    # Stored 80×40 with orientation 6: upright it is 40×80, red on top, blue below.
    assert (photo.width, photo.height) == (40, 80)
    for stored in _public_files(photo)[:1] + [
        r.file for r in photo.renditions.filter(crop=Rendition.Crop.ORIGINAL)
    ]:
        assert _is_red(_colour_at(stored, 0.5, 0.1)), stored.name
        assert _is_blue(_colour_at(stored, 0.5, 0.9)), stored.name


def test_it_converts_cmyk_to_rgb_colours(client, photo_desk):
    client.force_login(photo_desk)
    upload(client, as_file("cmyk.jpg", corpus.cmyk_jpeg()))
    assert _is_red(_colour_at(Photo.objects.get().image, 0.5, 0.5))


def test_it_scales_16_bit_greyscale_instead_of_clipping_it_to_white(client, photo_desk):
    client.force_login(photo_desk)
    upload(client, as_file("deep.png", corpus.png_16bit_grey()))
    middle = _colour_at(Photo.objects.get().image, 0.5, 0.5)
    assert 90 < middle[0] < 170, middle


def test_it_flattens_transparency_onto_white(client, photo_desk):
    client.force_login(photo_desk)
    upload(client, as_file("alpha.png", corpus.png_rgba()))
    photo = Photo.objects.get()
    assert _is_red(_colour_at(photo.image, 0.2, 0.5))
    assert _colour_at(photo.image, 0.9, 0.5) > (240, 240, 240)


def test_it_uploads_several_files_at_once_and_reports_the_bad_ones(client, photo_desk, media_root):
    client.force_login(photo_desk)
    response = upload(
        client,
        as_file("one.jpg", corpus.jpeg(81, 60)),
        as_file("evil.png", corpus.svg()),
        as_file("two.png", corpus.png()),
        as_file("empty.jpg", b""),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "evil.png: this is not a JPEG" in body
    assert "empty.jpg: the file is empty" in body
    assert "Uploaded 2 photos:" in body
    assert Photo.objects.count() == 2
    expected = sum(1 + photo.renditions.count() for photo in Photo.objects.all())
    assert len(stored_files(media_root)) == expected


def test_it_lists_several_good_uploads_together(client, photo_desk):
    client.force_login(photo_desk)
    response = upload(
        client, as_file("one.jpg", corpus.jpeg(81, 60)), as_file("two.png", corpus.png())
    )
    ids = sorted(Photo.objects.values_list("pk", flat=True))
    assert response.status_code == 302
    listed = response["Location"].split("?id__in=")[1].split(",")
    assert sorted(int(pk) for pk in listed) == ids
    assert client.get(response["Location"]).status_code == 200


def test_it_offers_the_existing_photo_instead_of_storing_a_duplicate(
    client, photo_desk, media_root
):
    client.force_login(photo_desk)
    data = corpus.jpeg()
    upload(client, as_file("first.jpg", data))
    existing = Photo.objects.get()
    files_before = stored_files(media_root)

    response = upload(client, as_file("again.jpg", data), follow=True)
    body = response.content.decode()
    assert "already in the library" in body
    assert f"/admin/photos/photo/{existing.pk}/change/" in body
    assert Photo.objects.count() == 1
    assert stored_files(media_root) == files_before

    upload(client, as_file("again.jpg", data), allow_duplicates="on")
    assert Photo.objects.count() == 2


def test_it_stores_nothing_when_writing_renditions_fails(
    client, photo_desk, media_root, monkeypatch
):
    from photos import renditions

    def explode(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(renditions, "_encode", explode)
    client.force_login(photo_desk)
    response = upload(client, as_file("fine.jpg", corpus.jpeg()))
    assert response.status_code == 200
    assert "fine.jpg: the photo could not be saved (storage error)" in response.content.decode()
    assert Photo.objects.count() == 0
    assert Rendition.objects.count() == 0
    assert stored_files(media_root) == []


def test_it_refuses_upload_to_people_without_the_permission(client, outsider, media_root):
    outsider.is_staff = True
    outsider.save()
    client.force_login(outsider)
    response = upload(client, as_file("plain.jpg", corpus.jpeg()))
    assert response.status_code == 403
    assert Photo.objects.count() == 0
    assert stored_files(media_root) == []


def test_it_lets_reporters_upload(client, reporter):
    client.force_login(reporter)
    response = upload(client, as_file("plain.jpg", corpus.jpeg()))
    assert response.status_code == 302
    assert Photo.objects.get().uploaded_by == reporter


def test_it_asks_for_a_file_when_none_was_chosen(client, photo_desk, media_root):
    client.force_login(photo_desk)
    response = client.post(ADD_URL, {})
    assert response.status_code == 200
    assert "Choose at least one photo to upload." in response.content.decode()
    assert Photo.objects.count() == 0


def test_it_accepts_a_large_upload_that_django_spooled_to_a_temporary_file(
    client, photo_desk, settings
):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # force TemporaryUploadedFile
    noise = Image.effect_noise((600, 400), 60).convert("RGB")
    buffer = io.BytesIO()
    noise.save(buffer, "PNG")
    assert len(buffer.getvalue()) > 100_000
    client.force_login(photo_desk)
    response = upload(client, as_file("noise.png", buffer.getvalue(), "image/png"))
    assert response.status_code == 302
    assert_clean(Photo.objects.get())


def test_it_hands_the_uploaded_photo_back_to_the_story_form_when_opened_as_a_popup(
    client, reporter
):
    client.force_login(reporter)
    form = client.get(f"{ADD_URL}?_to_field=id&_popup=1").content.decode()
    assert 'name="_popup"' in form
    assert 'name="_to_field" value="id"' in form
    response = upload(client, as_file("lead.jpg", corpus.jpeg()), _popup="1", _to_field="id")
    photo = Photo.objects.get()
    assert response.status_code == 200
    assert "admin/popup_response.html" in [t.name for t in response.templates]
    assert f"&quot;value&quot;: &quot;{photo.pk}&quot;" in response.content.decode()


def test_it_hands_back_the_existing_photo_when_a_popup_upload_is_a_duplicate(client, reporter):
    client.force_login(reporter)
    image = corpus.jpeg()
    upload(client, as_file("first.jpg", image))
    existing = Photo.objects.get()

    response = upload(client, as_file("again.jpg", image), _popup="1", _to_field="id")
    assert Photo.objects.count() == 1
    assert "admin/popup_response.html" in [t.name for t in response.templates]
    assert f"&quot;value&quot;: &quot;{existing.pk}&quot;" in response.content.decode()


def test_it_tells_of_a_duplicate_only_where_it_was_found(client, reporter):
    client.force_login(reporter)
    image = corpus.jpeg()
    upload(client, as_file("first.jpg", image), follow=True)
    # Not in a pop-up: the upload page itself says so, with a link to the existing photo.
    page = upload(client, as_file("again.jpg", image)).content.decode()
    assert "Already in the library: “again.jpg”" in page
    # In the story form's pop-up the existing photo is handed back and the pop-up closes...
    response = upload(client, as_file("again.jpg", image), _popup="1", _to_field="id")
    assert "admin/popup_response.html" in [t.name for t in response.templates]
    # ...and nothing about it waits to surprise the next pop-up or page.
    for url in [f"{ADD_URL}?_to_field=id&_popup=1", "/admin/photos/photo/"]:
        later = client.get(url).content.decode()
        assert "Already in the library" not in later, url
        assert "Uploaded 1 photo" not in later, url


def test_a_new_photo_uploaded_in_a_pop_up_leaves_no_message_for_later(client, reporter):
    client.force_login(reporter)
    response = upload(client, as_file("lead.jpg", corpus.jpeg()), _popup="1", _to_field="id")
    assert "admin/popup_response.html" in [t.name for t in response.templates]
    assert "Uploaded 1 photo" not in client.get(f"{ADD_URL}?_popup=1").content.decode()
