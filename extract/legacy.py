"""Legacy Vietnamese 8-bit fonts: text in TCVN3 (ABC) and VNI fonts read back as Unicode.

Old Word documents set in ".VnTime", ".VnArial" (TCVN3, also called ABC) or "VNI-Times" (VNI Windows)
keep one byte a glyph, and the PDFs exported from them map those bytes to no Vietnamese letter: a text
extractor reads them as Windows Latin, "Céng hßa x· héi chñ nghÜa ViÖt Nam" (TCVN3) or "Coäng hoøa xaõ
hoäi chuû nghóa Vieät Nam" (VNI). The font's name tells the encoding (:func:`legacy_encoding`) and
:func:`convert` turns the text back into Vietnamese by table:

- TCVN3 has one byte a letter. Its only capitals are Ă Â Ê Ô Ơ Ư Đ; capitals with a tone mark are
  written with the same bytes as the small letters in a capitals font (".VnTimeH", ".VnArialH"), where
  every glyph is a capital, ASCII letters too: text in such a font is read in capitals ("tcvn3-caps").
- VNI writes most letters as the base letter and one byte for the marks ("oä" is "ộ", "ôø" is "ờ"),
  and a few as one byte ("ñ" is "đ", "ö" is "ư", "ó" is "ĩ"). Sequences are read longest first.

Extractors differ on the bytes 0x80-0x9F: most give the Windows character (cp1252: "“", "–"), some the
Latin-1 control character (U+0093, U+0096). Both are read; in both fonts these bytes are the Windows
punctuation, no letters.

The tables are Unikey's (fcitx/fcitx5-unikey, unikey/data.cpp), checked letter by letter against two other
sources each: see the comments at _TCVN3_TONED and _VNI_TONE below.
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import replace
from functools import lru_cache

from .model import Glyph

# Tone marks in the order TCVN3 lays them out: grave (huyền), hook above (hỏi), tilde (ngã), acute
# (sắc), dot below (nặng). Every table below lists its tones in this order.
_TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")

# TCVN3 (TCVN 5712:1993, its VN3 set, the ".Vn" fonts): the byte of each vowel with each tone.
# Source: Unikey's converter tables (fcitx/fcitx5-unikey, unikey/data.cpp, table "TCVN3"). Checked
# against GNU libiconv's TCVN-5712 (koron/libiconv, lib/tcvn.h, tcvn_2uni_2; VN3 is its range 0xA0-0xFF
# less the capitals VN1 adds) and duydev/vietnamese-conversion (src/charsets.ts, TCVN3): all 67 small
# letters agree in all three.
_TCVN3_TONED = {
    "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
# Letters with a vowel mark or a stroke and no tone; the capitals here are the only ones TCVN3 has.
# 0xAD ("ư") is the soft hyphen in Windows Latin.
_TCVN3_PLAIN = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
}

# VNI Windows ("VNI-" fonts): the small letters as base letter plus mark bytes, written as an extractor
# gives them (the bytes are 0xC0-0xFF, where Windows Latin and Latin-1 agree); a capital is the same
# spelling in capitals ("oä" -> "OÄ" for "Ộ"). Source: Unikey's converter tables (fcitx/fcitx5-unikey,
# unikey/data.cpp, table "VNI-WIN", each letter a word with the base byte low and the mark byte high).
# Checked against duydev/vietnamese-conversion (src/charsets.ts, VNI) and khiemdoan/VBKey
# (Modules/mdlCodeTable.bas, VNI_WINDOWS_TABLE): all 134 letters, small and capital, agree in all three.
_VNI_TONE = "øûõùï"  # after a, e, o, u, y (but "ỵ"), ơ, ư: grave, hook, tilde, acute, dot
_VNI_CIRCUMFLEX = "â", "àåãáä"  # after a, e, o: bare, then with each tone
_VNI_BREVE = "ê", "èúüéë"  # after a: bare, then with each tone
_VNI_HORN = {"ơ": "ô", "ư": "ö"}  # one byte each, taking the tones of _VNI_TONE
_VNI_SINGLE = {"đ": "ñ", "ì": "ì", "ỉ": "æ", "ĩ": "ó", "í": "í", "ị": "ò", "ỵ": "î"}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _keys(byte: int) -> tuple[str, ...]:
    """The characters an extractor may give for ``byte``: the Windows one, and for 0x80-0x9F Latin-1's."""
    latin = bytes([byte]).decode("latin-1")
    try:
        windows = bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D have no character in Windows Latin
        return (latin,)
    return (windows, latin) if windows != latin else (windows,)


def _tcvn3() -> dict[str, str]:
    table: dict[str, str] = {}
    for byte, letter in _TCVN3_PLAIN.items():
        table.update(dict.fromkeys(_keys(byte), letter))
    for vowel, codes in _TCVN3_TONED.items():
        for byte, tone in zip(codes, _TONES):
            table.update(dict.fromkeys(_keys(byte), _nfc(vowel + tone)))
    return table


def _vni() -> dict[str, str]:
    small = {spelling: letter for letter, spelling in _VNI_SINGLE.items()}
    for vowel in "aeouy":
        for mark, tone in zip(_VNI_TONE, _TONES):
            small[vowel + mark] = _nfc(vowel + tone)
    del small["yï"]  # "ỵ" is one byte, "î"
    for vowel in "aeo":
        small[vowel + _VNI_CIRCUMFLEX[0]] = _nfc(vowel + "\u0302")
        for mark, tone in zip(_VNI_CIRCUMFLEX[1], _TONES):
            small[vowel + mark] = _nfc(vowel + "\u0302" + tone)
    small["a" + _VNI_BREVE[0]] = "ă"
    for mark, tone in zip(_VNI_BREVE[1], _TONES):
        small["a" + mark] = _nfc("ă" + tone)
    for letter, byte in _VNI_HORN.items():
        small[byte] = letter
        for mark, tone in zip(_VNI_TONE, _TONES):
            small[byte + mark] = _nfc(letter + tone)
    return {**small, **{spelling.upper(): letter.upper() for spelling, letter in small.items()}}


# Extracted character (or VNI sequence) -> Vietnamese letter, NFC.
TCVN3: dict[str, str] = _tcvn3()
# The same for a capitals font (".VnTimeH"): every letter, ASCII ones too, is a capital.
TCVN3_CAPS: dict[str, str] = {**{c: c.upper() for c in string.ascii_lowercase},
                              **{key: letter.upper() for key, letter in TCVN3.items()}}
VNI: dict[str, str] = _vni()

# Latin-1 control characters some extractors give for 0x80-0x9F, as the Windows punctuation they are.
_C1 = {keys[1]: keys[0] for keys in map(_keys, range(0x80, 0xA0)) if len(keys) == 2}
_TCVN3_TRANSLATE = str.maketrans({**_C1, **TCVN3})
_TCVN3_CAPS_TRANSLATE = str.maketrans({**_C1, **TCVN3_CAPS})
_C1_TRANSLATE = str.maketrans(_C1)
_VNI_SEQUENCE = re.compile("|".join(re.escape(key) for key in sorted(VNI, key=len, reverse=True)))

_SUBSET_TAG = re.compile(r"^[A-Za-z]{6}\+")
# A style added to the family name by the PDF producer: ".VnTimeH,Bold", ".VnArialH-BoldItalic".
_STYLE = re.compile(r"[-_ ]?(?:bold|italic|oblique|regular)+$")


@lru_cache(maxsize=4096)  # asked for every glyph; a document has a few fonts
def legacy_encoding(font_name: str) -> str | None:
    """The legacy encoding of a font by its name: "tcvn3", "tcvn3-caps", "vni", or None for any other.

    TCVN3 fonts are named ".Vn…" (".VnTime", ".VnArial"), their capitals fonts end in H (".VnTimeH");
    VNI fonts are named "VNI-…" ("VNI-Times", "VNI-Helve-Bold"). A subset tag ("ABCDEF+") and the case
    are ignored.
    """
    name = _SUBSET_TAG.sub("", font_name.strip()).split(",")[0].strip().lower()
    if re.match(r"vni[-_ ]", name):
        return "vni"
    if name.startswith(".vn"):
        family = _STYLE.sub("", name)
        return "tcvn3-caps" if len(family) > 3 and family.endswith("h") else "tcvn3"
    return None


def convert(text: str, encoding: str) -> str:
    """``text`` as extracted from a font of the legacy ``encoding`` (see :func:`legacy_encoding`), in
    Unicode NFC. Characters that are no letter of the encoding (ASCII, digits, punctuation) are kept."""
    if encoding == "tcvn3":
        return _nfc(text.translate(_TCVN3_TRANSLATE))
    if encoding == "tcvn3-caps":
        return _nfc(text.translate(_TCVN3_CAPS_TRANSLATE))
    if encoding == "vni":
        return _nfc(_VNI_SEQUENCE.sub(lambda match: VNI[match.group(0)], text.translate(_C1_TRANSLATE)))
    raise ValueError(f"unknown legacy encoding: {encoding!r}")


def decode_glyphs(glyphs: list[Glyph]) -> list[Glyph]:
    """The glyphs of a page with the text of legacy fonts read as Unicode (others unchanged).

    A TCVN3 glyph is one letter. A VNI letter may be two glyphs, the base letter and the mark drawn over
    it: they become one glyph over both boxes when, next to each other in the page's order and in the
    same font, they spell a VNI sequence.
    """
    if not any(font and legacy_encoding(font) for font in {glyph.font for glyph in glyphs}):
        return glyphs
    out: list[Glyph] = []
    index = 0
    while index < len(glyphs):
        glyph = glyphs[index]
        encoding = legacy_encoding(glyph.font) if glyph.font else None
        if encoding is None:
            out.append(glyph)
        elif encoding == "vni" and index + 1 < len(glyphs) and glyphs[index + 1].font == glyph.font \
                and glyph.text + glyphs[index + 1].text in VNI:
            mark = glyphs[index + 1]
            out.append(replace(glyph, text=convert(glyph.text + mark.text, encoding), x0=min(glyph.x0, mark.x0),
                               x1=max(glyph.x1, mark.x1), top=min(glyph.top, mark.top),
                               bottom=max(glyph.bottom, mark.bottom)))
            index += 1
        elif encoding.startswith("tcvn3") and _soft_hyphen_u(glyphs, index):
            # The letter fills the gap between its neighbours (its box was the hyphen's, narrower).
            out.append(replace(glyph, text="Ư" if encoding == "tcvn3-caps" else "ư",
                               x0=min(glyph.x0, glyphs[index - 1].x1), x1=max(glyph.x1, glyphs[index + 1].x0)))
        else:
            out.append(replace(glyph, text=convert(glyph.text, encoding)))
        index += 1
    return out


# TCVN3 writes "ư" as 0xAD, the soft hyphen of Windows Latin, which extractors give as "-", a soft hyphen
# or a space. A hyphen between a consonant and a letter ("Tr-êng"; Vietnamese words take no hyphen) is the
# "ư"; so is a space there as wide as a letter (a space is about a quarter of the size).
_U_WIDTH = 0.42
_CONSONANTS = set("bcdđghklmnpqrstvx")


def _soft_hyphen_u(glyphs: list[Glyph], index: int) -> bool:
    glyph = glyphs[index]
    if glyph.text not in ("-", "\xad", " ") or index == 0 or index + 1 >= len(glyphs):
        return False
    before, after = glyphs[index - 1], glyphs[index + 1]
    if not before.font == glyph.font == after.font:
        return False
    encoding = legacy_encoding(glyph.font) or "tcvn3"
    previous, following = convert(before.text, encoding)[-1:], convert(after.text, encoding)[:1]
    if not (previous.lower() in _CONSONANTS and previous and following.isalpha()):
        return False  # "ư" follows a consonant ("trường", "thương"); "kinh tế-xã hội" keeps its hyphen
    return glyph.text != " " or glyph.x1 - glyph.x0 >= _U_WIDTH * glyph.size
