"""Text normalisation: NFC, clean white space, and a tone-folded key for matching.

The text a user sees keeps the spelling of the source. Matching ("hoà" against "hòa", "uỷ" against
"ủy", "Qúy" against "Quý") goes through :func:`fold`, which moves each syllable's tone mark to the end of
the syllable and lower-cases it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Vietnamese tone marks as combining characters (grave, acute, hook above, tilde, dot below).
TONE_MARKS = frozenset("\u0300\u0301\u0309\u0303\u0323")
# Combining marks some fonts emit for the same tones (grave/acute tone marks of Vietnamese fonts).
_TONE_ALIASES = {"\u0340": "\u0300", "\u0341": "\u0301"}

# Characters that PDF text layers use in place of Vietnamese letters. "ƣ" (U+01A3, latin oi) stands in
# for "ư" in documents made with old TCVN3/VNI-to-Unicode converters.
_LOOKALIKES = str.maketrans({"ƣ": "ư", "Ƣ": "Ư", "\u00a0": " ", "\u2007": " ", "\u202f": " ",
                             "\u200b": "", "\ufeff": "", "\u00ad": ""})

_SPACES = re.compile(r"[ \t\r\f\v]+")
# C0 and C1 control characters (but tab and newline): never text, whatever a file's text layer holds.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


_VOWELS = "aăâeêioôơuưy"
_MARKED = "ăâêôơư"
# A tone mark that a broken text layer put on a consonant ("Nguyêñ", "Nhâṭ"): letters, a consonant, then
# the mark, in NFD.
_STRAY_TONE = re.compile(r"((?:[^\W\d_]|[\u0300-\u036f])*?)([bcdđghklmnpqrstvx])([\u0300\u0301\u0303\u0309\u0323])", re.IGNORECASE)


def nfc(text: str) -> str:
    """NFC-normalise ``text``, replace look-alike characters and put stray tone marks back on their vowel."""
    text = unicodedata.normalize("NFC", text.translate(_LOOKALIKES))
    if not text.isascii():
        decomposed = unicodedata.normalize("NFD", text)
        if _STRAY_TONE.search(decomposed):
            text = unicodedata.normalize("NFC", _STRAY_TONE.sub(_move_tone, decomposed))
    return text


def _move_tone(match: re.Match) -> str:
    """Put a tone mark found after a consonant on the syllable's main vowel, if it has none yet."""
    head, consonant, tone = match.group(1), match.group(2), match.group(3)
    if any(mark in head for mark in TONE_MARKS):
        return match.group(0)
    composed = unicodedata.normalize("NFC", head)
    letters = [(i, ch) for i, ch in enumerate(composed) if ch.lower() in _VOWELS]
    if not letters:
        return match.group(0)
    marked = [item for item in letters if item[1].lower() in _MARKED]
    index = (marked[-1] if marked else letters[-1])[0]
    fixed = composed[: index + 1] + tone + composed[index + 1:]
    return unicodedata.normalize("NFD", fixed) + consonant


def one_line(text: str) -> str:
    """A message fit for a table cell or a terminal: control characters written as escapes ("\\x1b"),
    white space (newlines included) made one space."""
    return " ".join(CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text).split())


def clean(text: str) -> str:
    """NFC, look-alikes replaced, runs of white space (newlines included) made one space, stripped."""
    return _SPACES.sub(" ", nfc(text).replace("\n", " ")).strip()


def fold(text: str) -> str:
    """Matching key: lower case, tone mark moved to the end of each syllable, NFC.

    ``fold("Hoà") == fold("hòa")``, ``fold("Uỷ ban") == fold("ủy ban")``. Vowel quality marks (â, ă, ơ, ư)
    and đ are kept, so "da" and "đa" stay apart. ``fold(fold(x)) == fold(x)``.
    """
    return _fold_short(text) if len(text) <= _SHORT else _fold(text)


_SHORT = 40  # words and short phrases, asked for again and again, are kept (see _fold_short)


@lru_cache(maxsize=1 << 16)
def _fold_short(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_LOOKALIKES).lower())
    out: list[str] = []
    tone = ""
    for ch in decomposed:
        ch = _TONE_ALIASES.get(ch, ch)
        if ch in TONE_MARKS:
            tone = ch
            continue
        if unicodedata.combining(ch) or ch.isalpha():
            out.append(ch)
            continue
        if tone:
            out.append(tone)
            tone = ""
        out.append(ch)
    if tone:
        out.append(tone)
    return unicodedata.normalize("NFC", "".join(out))


def strip_tones(text: str) -> str:
    """Remove every diacritic and map đ to d: a key for text typed without Vietnamese accents."""
    decomposed = unicodedata.normalize("NFD", text.translate(_LOOKALIKES))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.replace("đ", "d").replace("Đ", "D")
