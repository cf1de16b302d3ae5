"""Marks OCR misread on words of several syllables: "VIÊN THÔNG" -> "VIỄN THÔNG", "Giám độc" -> "Giám đốc".

Tesseract's Vietnamese model reads letters well and their marks less well, worst in capitals: a tone mark
dropped or swapped ("LÂM ĐÒNG"), a horn or circumflex lost ("SỞ TU PHÁP"). A run of two to four words is
read again as a known word when:

- exactly one word of administrative Vietnamese (data/ocr_phrases.txt; place names for runs in
  capitals) has the same letters without marks (``strip_tones``) and as many syllables, and the run is
  no known word itself or one that differs from it in one word only ("VIÊN THÔNG" is a rare word of
  underthesea's list; "DIỄN BIẾN" is no misread "ĐIỆN BIÊN"); else
- the run is no known word and exactly one entry of baocao's other vocabularies (organisation heads,
  positions, ranks, awards) has its letters; else
- a word of the run is no Vietnamese syllable at all ("câp") and exactly one word of underthesea's list
  has its letters.

Only marks change (d and đ count as one letter), never the case (a word in capitals stays in capitals), nor the
number of words; a run that matches two known words ("từ pháp", "tư pháp" in the general list) is left
as read unless the vocabularies decide it. Names of people are in no list: a run of capitalised words
("Nguyễn Văn Phong", not "Văn phòng") is left alone, and place names count only in capitals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .textnorm import fold, nfc, strip_tones

MAX_WORDS = 4
# Words OCR output is checked against. The curated list wins over the general word list even where the
# read is a word of it ("viên thông" is one, if rare); the other vocabularies only where it is not
# ("Công nhận" is a word: "Công nhân" of positions.txt does not replace it).
_STRONG = ("ocr_phrases.txt",)
_WEAK = ("org_heads.tsv", "positions.txt", "ranks.txt", "awards.txt", "doc_types.tsv")
# Place names are also people's given names ("Quang Nam", "Quang Bình"): they count only for runs in
# capitals (a header's issuer), where names of people are not written.
_CAPS = ("places.txt",)


# Letters with marks -> the letter without them (đ -> d): strip_tones as a table, fast enough for
# underthesea's 74,000 words.
_BARE = {code: strip_tones(chr(code)) for code in (*range(0xC0, 0x250), *range(0x1EA0, 0x1F00))
         if strip_tones(chr(code)) != chr(code)}


def _bare(text: str) -> str:
    return " ".join(text.translate(_BARE).lower().split())


class _Lexicon:
    """Known words by their bare key (letters without marks), each bucket folded when first asked."""

    def __init__(self) -> None:
        self.by_bare: dict[str, list[str]] = {}
        self._folded: dict[str, dict[str, str]] = {}

    def add(self, phrase: str) -> None:
        """Add ``phrase`` (NFC) when it has two to four words of letters only."""
        words = phrase.split()
        if not 2 <= len(words) <= MAX_WORDS or not all(word.isalpha() for word in words):
            return
        self.by_bare.setdefault(_bare(phrase), []).append(" ".join(words))

    def spellings(self, bare: str) -> dict[str, str]:
        """Folded key -> spelling of the words with the letters ``bare``."""
        found = self._folded.get(bare)
        if found is None:
            found = {}
            for phrase in self.by_bare.get(bare, ()):
                found.setdefault(fold(phrase), phrase)
            self._folded[bare] = found
        return found

    def knows(self, key: str, bare: str) -> bool:
        return key in self.spellings(bare)

    def only(self, bare: str) -> str | None:
        """The one spelling with the letters ``bare``; None for none or several."""
        found = self.spellings(bare)
        return next(iter(found.values())) if len(found) == 1 else None


@dataclass
class _Lexicons:
    strong: _Lexicon  # ocr_phrases.txt
    strong_caps: _Lexicon  # the same with place names, for runs in capitals
    weak: _Lexicon  # baocao's other vocabularies
    general: _Lexicon  # underthesea's word list


@lru_cache(maxsize=1)
def _lexicons() -> _Lexicons:
    from .entities.vocab import read_rows

    found = _Lexicons(_Lexicon(), _Lexicon(), _Lexicon(), _Lexicon())
    for name in _STRONG + _CAPS + _WEAK:
        for row in read_rows(name):
            if name in _WEAK:
                found.weak.add(row[0])
                continue
            found.strong_caps.add(row[0])
            if name in _STRONG:
                found.strong.add(row[0])
    for phrase in _general_words():
        found.general.add(phrase)
    return found


def _general_words() -> list[str]:
    """underthesea's word list (Viet74K; installed with it), or nothing when it cannot be found."""
    import importlib.util

    spec = importlib.util.find_spec("underthesea")  # found without importing it
    if spec is None or spec.origin is None:  # pragma: no cover - underthesea is a dependency
        return []
    path = Path(spec.origin).parent / "corpus" / "data" / "Viet74K.txt"
    if not path.exists():
        return []
    return [line.strip() for line in nfc(path.read_text(encoding="utf-8")).splitlines() if " " in line.strip()]


def _with_case(model: str, word: str) -> str:
    """``word`` in the case ``model`` was written in."""
    if model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word.lower()


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    """The Vietnamese syllables of data/syllables.txt, folded (tone placement ignored)."""
    from .entities.vocab import entries

    return frozenset(fold(word) for word in entries("syllables.txt"))


def repair_words(words: list[str]) -> list[str]:
    """The words of one OCR line, runs of them with misread marks read again (see the module docstring).

    Words with anything but letters at their edges (punctuation, digits) are compared without it, and
    keep it.
    """
    if len(words) < 2:
        return words
    lexicons = _lexicons()
    known_syllables = syllables()
    out = list(words)
    cores = [_core(word) for word in words]
    i = 0
    while i < len(words) - 1:
        step = 1
        for n in range(min(MAX_WORDS, len(words) - i), 1, -1):
            run = cores[i:i + n]
            # Punctuation inside ends a run: "Phòng, Ban" is not one word.
            if any(not core for _, core, _ in run) or any(trail for _, _, trail in run[:-1]) \
                    or any(lead for lead, _, _ in run[1:]):
                continue
            read = [core for _, core, _ in run]
            if all(word[:1].isupper() and not word.isupper() for word in read):
                continue  # a name ("Nguyễn Văn Phong", "Dương Viết Nam") is no misread "Văn phòng"
            choice, known = _reading(read, lexicons, known_syllables)
            if choice is None and not known:
                continue
            if choice is not None:
                for k, ((lead, core, trail), word) in enumerate(zip(run, choice.split())):
                    out[i + k] = lead + _with_case(core, word) + trail
            step = n
            break
        i += step
    return out


def _reading(read: list[str], lexicons: _Lexicons, known_syllables: frozenset[str]) -> tuple[str | None, bool]:
    """(the known word ``read`` is a misreading of, or None; whether ``read`` is a known word itself)."""
    key, bare = fold(" ".join(read)), _bare(" ".join(read))
    strong = lexicons.strong_caps if all(word.isupper() for word in read) else lexicons.strong
    if strong.knows(key, bare):
        return None, True
    known = lexicons.weak.knows(key, bare) or lexicons.general.knows(key, bare)
    # A vowel read twice with two marks ("QUÁẢNG": no syllable carries two tone marks) is one vowel.
    choice = strong.only(bare) or (strong.only(_DOUBLED.sub(r"\1", bare)) if not known else None)
    # A read that is a word itself gives way only to a word one mark away ("VIÊN THÔNG"), not two
    # ("DIỄN BIẾN" stays; it is no misread "ĐIỆN BIÊN").
    if choice is not None and (not known or _differing(read, choice) == 1):
        return choice, False
    if known:
        return None, True
    choice = lexicons.weak.only(bare)
    if choice is None and any(fold(word) not in known_syllables for word in read):
        # The general list only for a run with a word that is no syllable at all ("câp"): a word one tone
        # away from a word of the list is as often right ("cấp tỉnh" is no misread "cấp tính").
        choice = lexicons.general.only(bare)
    return choice, False


_DOUBLED = re.compile(r"([aeiouy])\1")


def _differing(read: list[str], choice: str) -> int:
    """How many words of ``read`` are spelt otherwise in ``choice``."""
    return sum(1 for a, b in zip(read, choice.split()) if fold(a) != fold(b))


def _core(word: str) -> tuple[str, str, str]:
    """(leading marks, letters, trailing marks) of a word; letters "" when it has digits or none."""
    start, end = 0, len(word)
    while start < end and not word[start].isalpha():
        start += 1
    while end > start and not word[end - 1].isalpha():
        end -= 1
    core = word[start:end]
    if not core or not core.isalpha():
        return word[:start], "", word[end:]
    return word[:start], core, word[end:]
