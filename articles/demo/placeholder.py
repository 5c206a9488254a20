"""A placeholder lead photo drawn with Pillow, for demo content whose real photo we lack.

It reads as a portrait slot (soft head-and-shoulders silhouette on a muted gradient)
and says plainly that it is a placeholder, so nobody mistakes it for the real photo.
"""

import io

from PIL import Image, ImageDraw, ImageFilter, ImageFont

WIDTH, HEIGHT = 1600, 1067
TOP, BOTTOM = (46, 62, 80), (132, 146, 156)
FIGURE = (214, 220, 224)
TEXT = (244, 246, 247)


def _gradient(width, height):
    # A 1-pixel-wide column resized up: smooth and cheap.
    column = Image.new("RGB", (1, height))
    for y in range(height):
        t = y / (height - 1)
        column.putpixel(
            (0, y), tuple(round(a + (b - a) * t) for a, b in zip(TOP, BOTTOM, strict=True))
        )
    return column.resize((width, height))


def _silhouette(width, height):
    """Head and shoulders as a blurred alpha mask, centred a little above the middle."""
    mask = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(mask)
    cx = width // 2
    head_w, head_h = int(width * 0.15), int(height * 0.29)
    head_top = int(height * 0.16)
    draw.ellipse((cx - head_w // 2, head_top, cx + head_w // 2, head_top + head_h), fill=255)
    neck_w = int(head_w * 0.46)
    draw.rectangle(
        (cx - neck_w // 2, head_top + head_h - 30, cx + neck_w // 2, head_top + head_h + 60),
        fill=255,
    )
    # Shoulders: the top of a wide ellipse, so they slope rather than square off.
    shoulders_top = head_top + head_h + 20
    shoulders_w = int(width * 0.50)
    draw.ellipse(
        (cx - shoulders_w // 2, shoulders_top, cx + shoulders_w // 2, shoulders_top + height),
        fill=255,
    )
    return mask.filter(ImageFilter.GaussianBlur(9)).point(lambda v: v * 45 // 100)


def placeholder_jpeg(title, note, width=WIDTH, height=HEIGHT):
    """JPEG bytes of a width x height placeholder with `title` and a smaller `note`."""
    image = _gradient(width, height)
    image.paste(Image.new("RGB", (width, height), FIGURE), mask=_silhouette(width, height))

    # A dark band at the foot keeps the text readable over the silhouette. The text sits
    # high enough in it to survive a centred 16:9 crop (story cards).
    band_top = int(height * 0.70)
    band = Image.new("L", (width, height), 0)
    ImageDraw.Draw(band).rectangle((0, band_top, width, height), fill=150)
    image.paste(Image.new("RGB", (width, height), (20, 28, 36)), mask=band)

    draw = ImageDraw.Draw(image)
    title_font = ImageFont.load_default(size=int(height * 0.052))
    note_font = ImageFont.load_default(size=int(height * 0.028))
    margin = int(width * 0.045)
    draw.text((margin, band_top + int(height * 0.04)), title, font=title_font, fill=TEXT)
    draw.text((margin, band_top + int(height * 0.12)), note, font=note_font, fill=TEXT)

    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
    return buffer.getvalue()
