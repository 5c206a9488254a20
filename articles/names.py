"""People's names: splitting a combined "PARK SEO-YEON (박서연)" into its parts, and the short
name a Q&A labels a speaker with. Plain functions: the Person model and its data migration
both use them (a migration must not import models, so nothing here does).
"""

import re
import unicodedata

# "Latin part (original script)" as names were typed before they had separate fields.
_COMBINED = re.compile(r"^\s*(?P<latin>[^()]*?)\s*\((?P<native>[^()]+)\)\s*$")
# Scripts whose names are written family name first.
_FAMILY_FIRST_SCRIPTS = ("HANGUL", "CJK", "HIRAGANA", "KATAKANA")


def _is_latin(text):
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all("LATIN" in unicodedata.name(c, "") for c in letters)


def family_name_first_script(text):
    """Whether a name in this script is written family name first (Korean, Chinese, ...)."""
    return any(
        script in unicodedata.name(c, "")
        for c in text
        if c.isalpha()
        for script in _FAMILY_FIRST_SCRIPTS
    )


def _title_word(word):
    # "SEO-YEON" -> "Seo-yeon" (Korean given names keep the second syllable lower case).
    return word[:1].upper() + word[1:].lower()


def split_combined(name):
    """(display name, name in the original script, family name first) from one old field.

    "PARK SEO-YEON (박서연)" -> ("Park Seo-yeon", "박서연", True); a name without a
    parenthesised original, or whose brackets hold something else, is kept as it is.
    """
    match = _COMBINED.match(name or "")
    if not match or not _is_latin(match["latin"]) or _is_latin(match["native"]):
        return name, "", family_name_first_script(name or "")
    latin, native = match["latin"], match["native"].strip()
    if latin.isupper():
        latin = " ".join(_title_word(word) for word in latin.split())
    return latin, native, family_name_first_script(native)


def short_name(display_name, family_name_first):
    """The family name from a display name: "Park Seo-yeon" (family first) -> "Park",
    "Alena Kavaliova" -> "Kavaliova"."""
    words = (display_name or "").split()
    if not words:
        return ""
    return words[0] if family_name_first else words[-1]
