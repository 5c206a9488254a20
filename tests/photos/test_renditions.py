"""Renditions: sizes and formats, focal-point crops, and the public <picture> markup."""

import io
import re

import pytest
from django.template.loader import render_to_string
from PIL import Image

from photos import renditions
from photos.models import Rendition
from tests.photos import corpus
from tests.photos.conftest import make_photo

pytestmark = pytest.mark.django_db


def sizes(photo, crop, fmt):
    return [
        (r.width, r.height)
        for r in photo.renditions.filter(crop=crop, format=fmt).order_by("width")
    ]


def test_it_builds_webp_and_jpeg_up_to_1920_wide_for_each_crop():
    photo = make_photo(corpus.jpeg(3000, 2000))
    assert (photo.width, photo.height) == (2560, 1707)  # the master is capped
    for fmt in ("jpeg", "webp"):
        assert sizes(photo, "original", fmt) == [(480, 320), (960, 640), (1440, 960), (1920, 1280)]
        assert sizes(photo, "16x9", fmt) == [(480, 270), (960, 540), (1440, 810), (1920, 1080)]
        # A 1707 px square cannot give 1920: never upscaled.
        assert sizes(photo, "1x1", fmt) == [(480, 480), (960, 960), (1440, 1440)]
    for rendition in photo.renditions.all():
        with rendition.file.open("rb") as handle:
            image = Image.open(io.BytesIO(handle.read()))
        assert image.format == rendition.format.upper()
        assert image.size == (rendition.width, rendition.height)
        assert rendition.file.name.endswith(".webp" if rendition.format == "webp" else ".jpg")


def test_it_never_upscales_a_small_photo():
    photo = make_photo(corpus.jpeg(300, 200))
    assert sizes(photo, "original", "jpeg") == [(300, 200)]
    assert sizes(photo, "16x9", "webp") == [(300, 169)]
    assert sizes(photo, "1x1", "jpeg") == [(200, 200)]


@pytest.mark.parametrize(
    ("focal_x", "expected"), [(0.0, (0, 0, 60, 60)), (0.5, (10, 0, 70, 60)), (1.0, (20, 0, 80, 60))]
)
def test_it_centres_crops_on_the_focal_point_within_the_frame(focal_x, expected):
    assert renditions.crop_box(80, 60, (1, 1), focal_x, 0.5) == expected


def _square_colour(photo):
    rendition = photo.renditions.filter(crop="1x1", format="jpeg").first()
    with rendition.file.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read())).convert("RGB")
    return image.getpixel((image.width // 2, image.height // 2))


def test_the_desk_moves_the_focal_point_and_the_crops_follow(
    client, photo_desk, django_capture_on_commit_callbacks
):
    # Left half red, right half blue: a square crop shows one or the other.
    photo = make_photo(corpus.jpeg(1600, 600), focal_x=0.1)
    assert _square_colour(photo)[0] > 150
    old_files = set(photo.renditions.filter(crop="1x1").values_list("file", flat=True))
    original_files = set(photo.renditions.filter(crop="original").values_list("file", flat=True))

    client.force_login(photo_desk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/photos/photo/{photo.pk}/change/",
            {
                "focal_x": "0.9",
                "focal_y": "0.5",
                "caption": photo.caption,
                "alt_text": "x",
                "credit_kind": "staff",
                "photographer": "Jane",
            },
        )
    assert response.status_code == 302
    photo.refresh_from_db()
    assert _square_colour(photo)[2] > 150
    assert not old_files & set(photo.renditions.values_list("file", flat=True))
    # The uncropped sizes were not rebuilt, and old crop files are gone from storage.
    assert original_files == set(
        photo.renditions.filter(crop="original").values_list("file", flat=True)
    )
    storage = photo.image.storage
    assert not any(storage.exists(name) for name in old_files)


def test_it_refuses_a_focal_point_outside_the_frame(client, photo_desk):
    photo = make_photo()
    client.force_login(photo_desk)
    response = client.post(
        f"/admin/photos/photo/{photo.pk}/change/",
        {"focal_x": "1.5", "focal_y": "0.5", "credit_kind": "staff"},
    )
    assert response.status_code == 200
    assert "Use a number from 0 to 1" in response.content.decode()


def test_the_picture_has_srcsets_sizes_dimensions_and_lazy_loading():
    photo = make_photo(
        corpus.jpeg(2000, 1000),
        caption="Seoul at night",
        photographer="Jane Doe",
        credit_kind="staff",
    )
    html = render_to_string("includes/photo.html", {"photo": photo})
    assert html.count("<picture>") == 1
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="([^"]+)">', html)
    jpeg = re.search(r'<source type="image/jpeg" srcset="([^"]+)" sizes="[^"]+">', html)
    assert webp and jpeg
    assert [part.split()[-1] for part in webp.group(1).split(", ")] == [
        "480w",
        "960w",
        "1440w",
        "1920w",
    ]
    assert all(".webp " in part for part in webp.group(1).split(", "))
    assert all(".jpg " in part for part in jpeg.group(1).split(", "))
    img = re.search(r"<img [^>]+>", html).group(0)
    assert 'width="960" height="480"' in img
    assert 'alt="A test photo"' in img
    assert 'loading="lazy"' in img
    assert '<span class="caption">Seoul at night</span>' in html
    assert '<span class="credit">Photo by Jane Doe</span>' in html


def test_the_lead_photo_above_the_fold_is_not_lazy():
    photo = make_photo()
    html = render_to_string("includes/photo.html", {"photo": photo, "eager": True})
    assert 'loading="lazy"' not in html
    assert 'fetchpriority="high"' in html


def test_a_card_picture_uses_the_16x9_crop_without_a_figure():
    photo = make_photo(corpus.jpeg(2000, 1000))
    html = render_to_string(
        "includes/photo.html", {"photo": photo, "figure": False, "crop": "16x9"}
    )
    assert "<figure" not in html and "figcaption" not in html
    wide = set(photo.renditions.filter(crop=Rendition.Crop.WIDE).values_list("file", flat=True))
    assert all(name in html for name in wide)
    assert 'width="960" height="540"' in html


def test_it_escapes_caption_and_alt_text():
    photo = make_photo(caption="<script>x</script>", alt_text='"><img src=x onerror=alert(1)>')
    html = render_to_string("includes/photo.html", {"photo": photo})
    assert "<script>x" not in html
    assert "onerror=alert(1)>" not in html


def test_it_picks_a_social_image_from_the_16x9_jpegs():
    photo = make_photo(corpus.jpeg(3000, 2000))
    social = renditions.best(photo)
    assert (social.crop, social.format, social.width, social.height) == ("16x9", "jpeg", 1440, 810)
    small = make_photo(corpus.jpeg(500, 400))
    assert renditions.best(small).width == 480  # 500 px wide: the 480 size, never upscaled
