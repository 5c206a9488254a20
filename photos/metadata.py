"""Reading caption, credit, copyright, source and keywords from an upload's IPTC, XMP and
EXIF, to prefill the photo form. Nothing read here is ever written to a public file.

Precedence follows the IPTC/MWG guidance: XMP first, then IPTC-IIM, then EXIF.
Metadata is a convenience: if any block is unreadable (or hostile XML), it is skipped and
the upload still goes through.
"""

import logging

from PIL import ExifTags, IptcImagePlugin

from photos import rights
from photos.credits import name_in_credit
from photos.models import Photo, Source

log = logging.getLogger(__name__)

FIELDS = (
    "caption",
    "alt_text",
    "photographer",
    "credit",
    "source",
    "copyright_notice",
    "usage_terms",
    "keywords",
)

# IPTC-IIM record 2 datasets.
_IPTC = {
    (2, 120): "caption",
    (2, 80): "photographer",
    (2, 110): "credit",
    (2, 115): "source",
    (2, 116): "copyright_notice",
    (2, 25): "keywords",
}
_UTF8_MARKER = b"\x1b%G"


def read(image):
    """A dict with any of FIELDS found in the image (keywords is a list)."""
    found = {}
    for reader in (_read_exif, _read_iptc, _read_xmp):
        try:
            values = reader(image)
        except Exception as error:  # noqa: BLE001 - a broken block must not block the upload
            log.info("Skipped unreadable metadata (%s): %r", reader.__name__, error)
            continue
        # Later readers win: XMP over IPTC over EXIF.
        found.update({key: value for key, value in values.items() if value})
    return found


def _text(value):
    return " ".join(str(value).split()) if value is not None else ""


# EXIF text tags, best first. ImageDescription, Artist and Copyright are typed ASCII but
# phones and editors write UTF-8 there; the XP* tags are Windows' UTF-16LE; UserComment
# (in the Exif IFD) starts with an 8-byte charset code.
_EXIF_CAPTION = (ExifTags.Base.ImageDescription, ExifTags.Base.XPTitle, ExifTags.Base.XPComment)
_EXIF_ARTIST = (ExifTags.Base.Artist, ExifTags.Base.XPAuthor)
_XP_TAGS = {
    ExifTags.Base.XPTitle,
    ExifTags.Base.XPComment,
    ExifTags.Base.XPAuthor,
    ExifTags.Base.XPKeywords,
    ExifTags.Base.XPSubject,
}


def _read_exif(image):
    exif = image.getexif()

    def first(tags):
        for tag in tags:
            text = _text(_exif_string(exif.get(tag), xp=tag in _XP_TAGS))
            if text:
                return text
        return ""

    comment = exif.get_ifd(ExifTags.IFD.Exif).get(ExifTags.Base.UserComment)
    keywords = _exif_string(exif.get(ExifTags.Base.XPKeywords), xp=True)
    return {
        "caption": first(_EXIF_CAPTION) or _text(_user_comment(comment, exif.endian)),
        "photographer": first(_EXIF_ARTIST),
        "copyright_notice": first((ExifTags.Base.Copyright,)),
        "keywords": [_text(word) for word in keywords.split(";") if _text(word)],
    }


def _decode_text(raw):
    """UTF-8 first (what nearly every writer uses today), Latin-1 only as the fallback."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return text.replace("\x00", " ")


def _exif_string(value, xp=False):
    if value is None:
        return ""
    if isinstance(value, tuple):  # BYTE tags may come back as a tuple of ints
        value = bytes(value)
    if isinstance(value, str):
        # Pillow decodes ASCII-typed tags as Latin-1, which maps bytes one to one: undo it.
        value = value.encode("latin-1", "replace")
    if not isinstance(value, bytes):
        return ""
    if xp:
        return value.decode("utf-16-le", "replace").replace("\x00", " ")
    return _decode_text(value)


_USER_COMMENT_CODES = {
    b"ASCII\x00\x00\x00": "ascii",
    b"UNICODE\x00": "unicode",
    b"JIS\x00\x00\x00\x00\x00": "jis",
    b"\x00" * 8: "undefined",
}


def _user_comment(value, endian):
    """EXIF UserComment: an 8-byte charset code (ASCII, UNICODE, JIS or undefined), then
    the text. UNICODE is UTF-16 in the file's byte order."""
    if isinstance(value, str):
        value = value.encode("latin-1", "replace")
    if not isinstance(value, bytes) or len(value) <= 8:
        return ""
    code, body = _USER_COMMENT_CODES.get(value[:8]), value[8:]
    if code == "unicode":
        return _utf16(body, endian)
    if code == "jis":
        # JIS X 0208 without escape sequences: add them for Python's ISO-2022-JP codec.
        wrapped = body if b"\x1b" in body else b"\x1b$B" + body.rstrip(b"\x00 ") + b"\x1b(B"
        try:
            return wrapped.decode("iso2022_jp")
        except UnicodeDecodeError:
            return _decode_text(body)
    return _decode_text(body if code else value)


def _utf16(body, endian):
    """The spec says the file's byte order, yet many writers use little-endian whatever the
    file: an ASCII character (space, digit) in the text tells, else trust the file."""
    if body[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encoding = "utf-16"
    else:
        zero_high_odd, zero_high_even = body[1::2].count(0), body[0::2].count(0)
        little = zero_high_odd > zero_high_even or (
            zero_high_odd == zero_high_even and endian != ">"
        )
        encoding = "utf-16-le" if little else "utf-16-be"
    return body.decode(encoding, "replace").replace("\x00", " ")


def _decode_iptc(raw, utf8):
    if isinstance(raw, list):
        return [_decode_iptc(item, utf8) for item in raw]
    if utf8:
        return raw.decode("utf-8", "replace")
    try:
        # Many tools write UTF-8 without declaring it; fall back to Latin-1 as IIM says.
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _read_iptc(image):
    info = IptcImagePlugin.getiptcinfo(image) or {}
    charset = info.get((1, 90), b"")
    utf8 = _UTF8_MARKER in (charset if isinstance(charset, bytes) else b"".join(charset))
    values = {}
    for key, name in _IPTC.items():
        if key not in info:
            continue
        decoded = _decode_iptc(info[key], utf8)
        if name == "keywords":
            values[name] = [_text(word) for word in _as_list(decoded) if _text(word)]
        else:
            values[name] = _text(" ".join(_as_list(decoded)))
    return values


def _as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _xmp_text(node):
    """A plain string from an XMP value: simple, rdf:Alt (x-default first), Seq or Bag."""
    if node is None:
        return ""
    if isinstance(node, str):
        return _text(node)
    if isinstance(node, list):
        return "; ".join(filter(None, (_xmp_text(item) for item in node)))
    if isinstance(node, dict):
        for container in ("Alt", "Seq", "Bag"):
            if container in node:
                items = _as_list((node[container] or {}).get("li"))
                if container == "Alt":
                    default = [
                        i for i in items if isinstance(i, dict) and i.get("lang") == "x-default"
                    ]
                    items = (default or items)[:1]
                return "; ".join(filter(None, (_xmp_text(item) for item in items)))
        if "text" in node:
            return _text(node["text"])
    return ""


def _xmp_list(node):
    if isinstance(node, dict):
        for container in ("Bag", "Seq", "Alt"):
            if container in node:
                return [_xmp_text(i) for i in _as_list((node[container] or {}).get("li"))]
    text = _xmp_text(node)
    return [text] if text else []


def _read_xmp(image):
    xmp = image.getxmp()
    descriptions = _as_list(xmp.get("xmpmeta", {}).get("RDF", {}).get("Description"))
    merged = {}
    for description in descriptions:
        if isinstance(description, dict):
            merged.update(description)
    return {
        "caption": _xmp_text(merged.get("description")),
        "alt_text": _xmp_text(merged.get("AltTextAccessibility")),
        "photographer": _xmp_text(merged.get("creator")),
        "credit": _xmp_text(merged.get("Credit")),
        "source": _xmp_text(merged.get("Source")),
        "copyright_notice": _xmp_text(merged.get("rights")),
        "usage_terms": _xmp_text(merged.get("UsageTerms")),
        "keywords": [word for word in _xmp_list(merged.get("subject")) if word],
    }


def match_source(found):
    """The managed Source named by the credit line or the source field, if any."""
    for name in (found.get("credit"), found.get("source")):
        if name:
            source = Source.objects.filter(name__iexact=name_in_credit(name)).first()
            if source is not None:
                return source
    return None


def _fit(field_name, value):
    limit = Photo._meta.get_field(field_name).max_length
    return value[:limit] if limit else value


def prefill(photo, found):
    """Fill the photo's blank fields from what the upload's metadata said."""
    for field_name in ("caption", "alt_text", "photographer", "copyright_notice", "usage_terms"):
        if found.get(field_name) and not getattr(photo, field_name):
            value = found[field_name]
            if field_name == "photographer":
                value = name_in_credit(value)  # "Photo by X" would read "Photo by Photo by X"
            setattr(photo, field_name, _fit(field_name, value))
    if found.get("keywords") and not photo.keywords:
        photo.keywords = _fit("keywords", ", ".join(dict.fromkeys(found["keywords"])))
    if photo.source_id is None:
        source = match_source(found)
        if source is not None:
            photo.source = source
            rights.apply_source_defaults(photo)
    # Without a known source the credit kind stays blank for the desk: a file crediting
    # "Courtesy of ..." is not a staff photo, and guessing would print "Photo by".
    # Keep what the file said (text only) so the desk can see where a prefill came from.
    photo.imported_metadata = {key: found[key] for key in FIELDS if found.get(key)}
