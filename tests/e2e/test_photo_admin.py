"""The photo desk sets the focal point by clicking the picture (static JS, no inline
script under the CSP), and the square crop follows."""

import io
import os

import pytest
from django.conf import settings as django_settings
from PIL import Image

from tests.photos import corpus
from tests.photos.conftest import make_photo

# The editable area (the editor's menus reuse the ProseMirror class).
EDITOR = ".ProseMirror[contenteditable=true]"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _login(context, client, user, live_server):
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def _square_centre(photo):
    rendition = photo.renditions.filter(crop="1x1", format="jpeg").first()
    with rendition.file.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read())).convert("RGB")
    return image.getpixel((image.width // 2, image.height // 2))


def test_clicking_the_picture_sets_the_focal_point_and_rebuilds_crops(
    browser, live_server, client, photo_desk, artifacts_dir, tmp_path, settings
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    photo = make_photo(corpus.jpeg(1600, 600), caption="Red left, blue right", focal_x=0.1)
    assert _square_centre(photo)[0] > 150  # red

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    _login(context, client, photo_desk, live_server)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/admin/photos/photo/{photo.pk}/change/")

    picture = page.locator(".focal-picker img")
    box = picture.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.9, box["y"] + box["height"] * 0.5)
    assert page.input_value("#id_focal_x") == "0.90"
    assert page.input_value("#id_focal_y") == "0.50"
    dot = page.locator(".focal-picker__dot")
    assert dot.is_visible()
    page.screenshot(path=os.path.join(artifacts_dir, "photo-admin-focal.png"), full_page=True)

    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    photo.refresh_from_db()
    assert photo.focal_x == pytest.approx(0.9)
    assert _square_centre(photo)[2] > 150  # blue
    assert errors == []
    context.close()


def test_the_story_editor_keeps_inline_photos_and_accepts_them_pasted(
    browser, live_server, client, editor, tmp_path, settings, artifacts_dir
):
    from tests.factories import ArticleFactory

    settings.MEDIA_ROOT = str(tmp_path / "media")
    first = make_photo(caption="First inline")
    second = make_photo(corpus.png(), caption="Second inline")
    article = ArticleFactory(
        body=f'<p>Intro.</p><figure class="inline-photo" data-photo="{first.pk}"></figure>'
        "<p>End.</p>"
    )
    # The prose editor's import map is an inline script; whether the CSP admits it is the
    # article admin's business. This test is about the inline-photo node.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    _login(context, client, editor, live_server)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    block = page.locator(f'{EDITOR} figure.inline-photo[data-photo="{first.pk}"]')
    block.wait_for()
    assert f"Photo {first.pk}" in block.inner_text()

    # Paste the second photo as the photo page's Copy button puts it on the clipboard.
    page.click(f"{EDITOR} p >> nth=-1")
    page.evaluate(
        """([html, text]) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", text);
            document.querySelector(".ProseMirror[contenteditable=true]").dispatchEvent(
                new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        [
            f'<figure class="inline-photo" data-photo="{second.pk}"></figure>',
            f"[photo {second.pk}]",
        ],
    )
    page.locator(f'{EDITOR} figure.inline-photo[data-photo="{second.pk}"]').wait_for()
    page.screenshot(path=os.path.join(artifacts_dir, "story-editor-inline-photos.png"))
    body = page.evaluate("document.querySelector('textarea[name=body]').value")
    assert f'<figure class="inline-photo" data-photo="{first.pk}"></figure>' in body
    assert f'<figure class="inline-photo" data-photo="{second.pk}"></figure>' in body
    context.close()
