"""An upload corpus generated in code: good photos, hostile files and everything between.

Secrets planted in files (serials, GPS, comments, XMP) use distinctive markers so tests
can prove none of them reaches a public file.
"""

import io
import struct
import zlib

from PIL import Image, ImageCms

SERIAL = "SN-SECRET-4242"
MAKERNOTE = b"MAKERNOTE-SECRET"
SCRIPT = b"<script>alert('pwned')</script>"
RED, BLUE, GREEN = (220, 20, 20), (20, 20, 220), (20, 200, 20)


def _save(image, fmt, **params):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def two_tone(width=80, height=60, left=RED, right=BLUE, mode="RGB"):
    """Left half one colour, right half another: makes orientation visible."""
    image = Image.new(mode, (width, height), left)
    image.paste(Image.new(mode, (width - width // 2, height), right), (width // 2, 0))
    return image


def jpeg(width=80, height=60, **params):
    return _save(two_tone(width, height), "JPEG", quality=90, **params)


def png(image=None):
    return _save(image or two_tone(), "PNG")


def png_chunk(kind, data):
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png_header_only(width, height):
    """A PNG claiming a huge size with almost no data: a decompression bomb."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


def exif_with_secrets(orientation=None):
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x0110] = "Model X"  # Model
    if orientation:
        exif[0x0112] = orientation
    exif_ifd = exif.get_ifd(0x8769)
    exif_ifd[0xA431] = SERIAL  # BodySerialNumber
    exif_ifd[0x927C] = MAKERNOTE  # MakerNote
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (37.0, 33.0, 58.0)
    gps[3] = "E"
    gps[4] = (126.0, 58.0, 40.0)
    return exif


def jpeg_with_gps_and_serial():
    return jpeg(exif=exif_with_secrets())


def jpeg_rotated():
    """Stored landscape, left red / right blue, with EXIF orientation 6 (rotate 90° CW):
    shown upright it is portrait, red on top."""
    return _save(two_tone(80, 40), "JPEG", quality=95, exif=exif_with_secrets(orientation=6))


def _tiff_exif_with_thumbnail(thumbnail):
    """A hand-built EXIF block whose IFD1 carries a JPEG thumbnail (Pillow cannot write one)."""
    header = b"II*\x00" + struct.pack("<I", 8)
    # IFD0: one entry (Orientation = 1), then the offset of IFD1.
    ifd0_entries = struct.pack("<HHIHH", 0x0112, 3, 1, 1, 0)
    ifd0 = struct.pack("<H", 1) + ifd0_entries
    ifd1_offset = 8 + len(ifd0) + 4
    ifd0 += struct.pack("<I", ifd1_offset)
    ifd1_size = 2 + 2 * 12 + 4
    thumb_offset = ifd1_offset + ifd1_size
    ifd1 = (
        struct.pack("<H", 2)
        + struct.pack("<HHII", 0x0201, 4, 1, thumb_offset)
        + struct.pack("<HHII", 0x0202, 4, 1, len(thumbnail))
        + struct.pack("<I", 0)
    )
    return b"Exif\x00\x00" + header + ifd0 + ifd1 + thumbnail


def jpeg_with_other_scene_thumbnail():
    """The classic leak: the photo was cropped, but the EXIF thumbnail shows the whole,
    different scene. Here the thumbnail is green, the photo red/blue."""
    thumbnail = _save(Image.new("RGB", (16, 12), GREEN), "JPEG")
    main = jpeg()
    app1 = _tiff_exif_with_thumbnail(thumbnail)
    segment = b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1
    return main[:2] + segment + main[2:], thumbnail


def jpeg_with_comment_script():
    return jpeg(comment=SCRIPT)


XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    b'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
    b'xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/" '
    b'xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/" '
    b'photoshop:Credit="Reuters" photoshop:Source="Reuters Pictures">'
    b'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">Ambassador Kim at the embassy '
    b"in Seoul</rdf:li></rdf:Alt></dc:description>"
    b"<dc:creator><rdf:Seq><rdf:li>Jane Doe</rdf:li></rdf:Seq></dc:creator>"
    b'<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">\xc2\xa9 2026 Reuters</rdf:li></rdf:Alt>'
    b"</dc:rights>"
    b"<dc:subject><rdf:Bag><rdf:li>diplomacy</rdf:li><rdf:li>Belarus</rdf:li></rdf:Bag>"
    b"</dc:subject>"
    b'<xmpRights:UsageTerms><rdf:Alt><rdf:li xml:lang="x-default">Editorial use only'
    b"</rdf:li></rdf:Alt></xmpRights:UsageTerms>"
    b'<Iptc4xmpCore:AltTextAccessibility><rdf:Alt><rdf:li xml:lang="x-default">A man in a '
    b"dark suit shakes hands</rdf:li></rdf:Alt></Iptc4xmpCore:AltTextAccessibility>"
    b"</rdf:Description></rdf:RDF></x:xmpmeta>"
)


def jpeg_with_xmp():
    return jpeg(xmp=XMP)


def webp_with_xmp_and_exif():
    return _save(two_tone(), "WEBP", xmp=XMP, exif=exif_with_secrets().tobytes())


def xmp_entity_bomb_jpeg():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/">&b;</x:xmpmeta>'
    )
    return jpeg(xmp=bomb)


def _iptc_dataset(record, dataset, value):
    return b"\x1c" + bytes([record, dataset]) + struct.pack(">H", len(value)) + value


def jpeg_with_iptc_utf8():
    """IPTC-IIM in a Photoshop APP13 block, declared UTF-8 (1:90 = ESC % G)."""
    return jpeg_with_iptc(
        [
            (1, 90, b"\x1b%G"),
            (2, 120, "Посол Беларуси в Сеуле — интервью".encode()),
            (2, 80, "Ким Сон-ми".encode()),
            (2, 116, "© Korea Times".encode()),
            (2, 110, b"Belarus Embassy"),
            (2, 25, "дипломатия".encode()),
            (2, 25, b"Korea"),
        ]
    )


def jpeg_with_iptc(datasets):
    """IPTC-IIM datasets [(record, dataset, bytes)] in a Photoshop APP13 block."""
    iim = b"".join(_iptc_dataset(*dataset) for dataset in datasets)
    if len(iim) % 2:
        iim += b"\x00"
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iim)) + iim
    app13 = b"Photoshop 3.0\x00" + resource
    segment = b"\xff\xed" + struct.pack(">H", len(app13) + 2) + app13
    main = jpeg()
    return main[:2] + segment + main[2:]


def jpeg_with_exif_text():
    exif = Image.Exif()
    exif[0x010E] = "Harbour at dawn"  # ImageDescription
    exif[0x013B] = "Lee Min-ho"  # Artist
    exif[0x8298] = "(c) Lee Min-ho"  # Copyright
    return jpeg(exif=exif)


# Non-Latin text as cameras, phones and Windows write it into EXIF (issue 12 item 19).
CYRILLIC = "Елена Ким на выставке в Сеуле"
HANGUL = "서울 전시회의 김엘레나"
CYRILLIC_NAME = "Елена Ким"
HANGUL_NAME = "김엘레나"


def _user_comment(prefix, text, encoding=None):
    """EXIF UserComment: an 8-byte character-code prefix, then the text."""
    encodings = {b"ASCII\0\0\0": "ascii", b"UNICODE\0": "utf-16-le", b"\0" * 8: "utf-8"}
    if prefix == b"JIS\0\0\0\0\0":
        # JIS X 0208 without escapes, as the EXIF spec stores it.
        return prefix + text.encode("iso2022_jp")[3:-3]
    return prefix + text.encode(encoding or encodings[prefix])


def jpeg_with_exif_strings(description=None, artist=None, copyright=None, **extra):
    """EXIF text written as raw bytes: ASCII-typed tags carrying UTF-8 (what phones do),
    XP* tags (UTF-16LE, Windows) and a UserComment with its charset prefix."""
    exif = Image.Exif()
    for tag, value in ((0x010E, description), (0x013B, artist), (0x8298, copyright)):
        if value is not None:
            exif[tag] = value  # bytes: Pillow writes them unchanged into the ASCII tag
    xp = {"xp_title": 0x9C9B, "xp_comment": 0x9C9C, "xp_author": 0x9C9D, "xp_keywords": 0x9C9E}
    for name, tag in xp.items():
        if name in extra:
            exif[tag] = extra[name].encode("utf-16-le") + b"\0\0"
    if "user_comment" in extra:
        exif.get_ifd(0x8769)[0x9286] = _user_comment(*extra["user_comment"])
    return jpeg(exif=exif)


EXIF_TEXT_CASES = [
    # (id, file, caption, photographer, keywords)
    (
        "utf8-cyrillic",
        lambda: jpeg_with_exif_strings(CYRILLIC.encode(), CYRILLIC_NAME.encode()),
        CYRILLIC,
        CYRILLIC_NAME,
        "",
    ),
    (
        "utf8-hangul",
        lambda: jpeg_with_exif_strings(HANGUL.encode(), HANGUL_NAME.encode()),
        HANGUL,
        HANGUL_NAME,
        "",
    ),
    (
        "latin1-fallback",
        lambda: jpeg_with_exif_strings("Café in Zürich".encode("latin-1"), b"J\xf6rg M\xfcller"),
        "Café in Zürich",
        "Jörg Müller",
        "",
    ),
    (
        "windows-xp-tags",
        lambda: jpeg_with_exif_strings(
            xp_title=HANGUL, xp_author=CYRILLIC_NAME, xp_keywords="전시회; выставка"
        ),
        HANGUL,
        CYRILLIC_NAME,
        "전시회, выставка",
    ),
    (
        "user-comment-unicode",
        lambda: jpeg_with_exif_strings(user_comment=(b"UNICODE\0", CYRILLIC)),
        CYRILLIC,
        "",
        "",
    ),
    (
        # Big-endian, like the file (Pillow writes "MM" EXIF), as the spec says.
        "user-comment-unicode-big-endian",
        lambda: jpeg_with_exif_strings(user_comment=(b"UNICODE\0", HANGUL, "utf-16-be")),
        HANGUL,
        "",
        "",
    ),
    (
        "user-comment-undefined-utf8",
        lambda: jpeg_with_exif_strings(user_comment=(b"\0" * 8, HANGUL)),
        HANGUL,
        "",
        "",
    ),
    (
        "user-comment-jis",
        lambda: jpeg_with_exif_strings(user_comment=(b"JIS\0\0\0\0\0", "東京の展示会")),
        "東京の展示会",
        "",
        "",
    ),
    (
        "user-comment-ascii",
        lambda: jpeg_with_exif_strings(user_comment=(b"ASCII\0\0\0", "Harbour at dawn")),
        "Harbour at dawn",
        "",
        "",
    ),
]


def iptc_text(caption, byline, credit=None, declared_utf8=True):
    datasets = [(1, 90, b"\x1b%G")] if declared_utf8 else []
    datasets += [(2, 120, caption.encode()), (2, 80, byline.encode())]
    if credit:
        datasets.append((2, 110, credit.encode()))
    return jpeg_with_iptc(datasets)


def xmp_text(caption, creator, credit=None):
    credit_attr = f' photoshop:Credit="{credit}"' if credit else ""
    return jpeg(
        xmp=(
            '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
            'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            f'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"{credit_attr}>'
            f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{caption}</rdf:li>'
            "</rdf:Alt></dc:description>"
            f"<dc:creator><rdf:Seq><rdf:li>{creator}</rdf:li></rdf:Seq></dc:creator>"
            "</rdf:Description></rdf:RDF></x:xmpmeta>"
        ).encode()
    )


NON_LATIN_TEXT_CASES = [
    # (id, file, caption, photographer): the same text through each metadata block.
    ("iptc-cyrillic", lambda: iptc_text(CYRILLIC, CYRILLIC_NAME), CYRILLIC, CYRILLIC_NAME),
    ("iptc-hangul", lambda: iptc_text(HANGUL, HANGUL_NAME), HANGUL, HANGUL_NAME),
    (
        "iptc-hangul-undeclared",
        lambda: iptc_text(HANGUL, HANGUL_NAME, declared_utf8=False),
        HANGUL,
        HANGUL_NAME,
    ),
    ("xmp-cyrillic", lambda: xmp_text(CYRILLIC, CYRILLIC_NAME), CYRILLIC, CYRILLIC_NAME),
    ("xmp-hangul", lambda: xmp_text(HANGUL, HANGUL_NAME), HANGUL, HANGUL_NAME),
]

# An outside photo: the file credits someone who is not in the source list (item 20).
COURTESY_CREDIT = "Courtesy of the Embassy of Belarus"


def jpeg_from_outside():
    return iptc_text("The ambassador in his office", "Ivan Petrov", credit=COURTESY_CREDIT)


def cmyk_jpeg():
    return _save(Image.new("CMYK", (80, 60), (0, 230, 230, 0)), "JPEG", quality=95)


def png_16bit_grey():
    ramp = Image.linear_gradient("L").resize((64, 64)).convert("I").point(lambda v: v * 257)
    return _save(ramp.convert("I;16"), "PNG")


def png_rgba():
    image = Image.new("RGBA", (60, 40), (0, 0, 0, 0))
    image.paste(Image.new("RGBA", (30, 40), (*RED, 255)), (0, 0))
    return _save(image, "PNG")


def png_with_html_appended():
    return png() + b"<html><body>" + SCRIPT + b"</body></html>"


def png_with_script_text_chunk():
    raw = png()
    chunk = png_chunk(b"tEXt", b"Comment\x00" + SCRIPT)
    return raw[:33] + chunk + raw[33:]


def jpeg_with_zip_appended():
    archive = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("payload.html", SCRIPT)
    return jpeg() + archive.getvalue()


def jpeg_with_icc_profile():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return jpeg(icc_profile=profile)


def animated_gif(frames):
    # Every frame differs, or the GIF writer would merge them.
    images = [
        Image.new("RGB", (8, 8), (i % 256, (i * 7) % 256, (i // 256) * 60)) for i in range(frames)
    ]
    images[0] = Image.new("RGB", (8, 8), RED)
    return _save(images[0], "GIF", save_all=True, append_images=images[1:], duration=40, loop=0)


def svg():
    return (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<script>alert(1)</script><rect width='10' height='10'/></svg>"
    )


def tiff():
    return _save(two_tone(), "TIFF")


def bmp():
    return _save(two_tone(), "BMP")


def psd_like():
    return b"8BPS\x00\x01" + b"\x00" * 200


def truncated_jpeg():
    data = _save(Image.effect_noise((200, 200), 50).convert("RGB"), "JPEG", quality=95)
    return data[: len(data) // 2]


def corrupt_png():
    raw = bytearray(png(Image.effect_noise((64, 64), 40).convert("RGB")))
    # Damage the compressed pixel data (the IDAT chunk starts after the 33-byte header).
    for offset in range(60, 90):
        raw[offset] ^= 0x5A
    return bytes(raw)


def truncated_gif():
    data = animated_gif(3)
    return data[: len(data) - 30]


# Credits as files write them, with a prefix the credit line adds itself ("Photo courtesy
# of ..."): the name alone goes into Photographer and is matched against the Sources.
CREDIT_PREFIX_SOURCES = ["Belarus Embassy", "Посольство Беларуси", "연합뉴스", "Reuters"]
CREDIT_PREFIX_CASES = [
    # (id, file, photographer, matched source name or "")
    (
        "exif-artist-courtesy-of",
        lambda: jpeg_with_exif_strings(artist=b"Courtesy of Ministry of Foreign Affairs"),
        "Ministry of Foreign Affairs",
        "",
    ),
    (
        "xmp-credit-courtesy-of",
        lambda: xmp_text("The ambassador", "Ivan Petrov", credit="Courtesy of Belarus Embassy"),
        "Ivan Petrov",
        "Belarus Embassy",
    ),
    (
        "iptc-photo-courtesy-of-any-case",
        lambda: iptc_text(
            "The ambassador", "PHOTO BY Jane Doe", credit="photo courtesy of reuters"
        ),
        "Jane Doe",
        "Reuters",
    ),
    (
        "iptc-copyright-sign-and-year",
        lambda: iptc_text("Harbour", "Photo: Lee Min-ho", credit="© 2026 Reuters"),
        "Lee Min-ho",
        "Reuters",
    ),
    (
        "iptc-cyrillic-photo-colon",
        lambda: iptc_text(CYRILLIC, f"Фото: {CYRILLIC_NAME}", credit="Фото: Посольство Беларуси"),
        CYRILLIC_NAME,
        "Посольство Беларуси",
    ),
    (
        "xmp-hangul-photo-equals",
        lambda: xmp_text(HANGUL, f"사진={HANGUL_NAME}", credit="사진 제공=연합뉴스"),
        HANGUL_NAME,
        "연합뉴스",
    ),
    (
        # A name that merely starts like a prefix is left alone.
        "name-starting-like-a-prefix",
        lambda: iptc_text("Studio", "Photographix Studio", credit="Courtesy Bank"),
        "Photographix Studio",
        "",
    ),
]
