"""Sentence splitting that respects headings, numbered items and abbreviations.

A sentence ends at ".", "!", "?", "…" or "./." followed by white space and a capital letter, a digit,
a dash or an opening quote or bracket, unless the full stop belongs to an abbreviation ("TP.", "Đ/c.",
listed in ``extract/data/abbreviations.txt``), an initial ("A."), or a heading or item number at the
start of a sentence ("1.", "3.1.", "I.", "a)"). A numbered item or a dash item after ":" or ";" starts a
new sentence, as does a line break before such an item or after a heading. Document numbers ("35-NQ/TW")
hold no sentence punctuation and are left whole.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .vocab import entries

_UPPER = "A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
# Item markers: "1.", "3.1.", "I.", "IV.", "a)", "1)", "-", "+", "•".
_ITEM = r"(?:\d+(?:\.\d+)*\.(?!\d)|[IVXLC]+\.|[a-zđ]\)|\d+\)|[-+•–])"
_BOUNDARY = re.compile(
    r"(?:\./\.|[.!?…]+)[”\"’)]*(?=\s+[\"“‘(\[" + _UPPER + r"0-9\-–•])"  # end punctuation before a new start
    r"|[:;](?=\s+" + _ITEM + r"\s)"                                  # "…: 1. …", "…; - …"
    r"|\n(?=\s*" + _ITEM + r"\s)"                                     # a line break before an item
    r"|(?P<nl>\n)(?=\s*[" + _UPPER + r"])"                            # a line break after a heading
)
_HEADING_ITEM = re.compile(r"\s*" + _ITEM + r"\s")
_ITEM_START = re.compile(r"\s*" + _ITEM + r"$")
_INITIAL = re.compile(r"(?:^|\s)[" + _UPPER + r"]\.$")


@lru_cache(maxsize=None)
def _abbreviations() -> frozenset[str]:
    return frozenset(entries("abbreviations.txt"))


def _ends_abbreviation(text: str, start: int, end: int) -> bool:
    """True when the full stop at ``end - 1`` belongs to an abbreviation, initial or item number."""
    word_start = end - 1
    while word_start > start and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:end]
    if word in _abbreviations() or _INITIAL.search(text[max(start, word_start - 1):end]):
        return True
    # "1." / "3.1." / "I." at the start of the sentence is its number, not its end.
    return bool(_ITEM_START.match(text[start:end])) and not text[start:word_start].strip()


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the sentences of ``text``, white space at both ends left out."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if text[m.start()] == "." and m.group() == "." and _ends_abbreviation(text, start, end):
            continue
        if m.group("nl") and not _is_heading(text[start:m.start()]):
            continue  # a line break inside a sentence
        _add(text, start, end, bounds)
        start = end
    _add(text, start, len(text), bounds)
    return bounds


def _is_heading(line: str) -> bool:
    """A numbered heading ("3.1. Sản xuất …") or a line in capitals ("BÁO CÁO")."""
    return bool(_HEADING_ITEM.match(line)) or not any(ch.islower() for ch in line)


def _add(text: str, start: int, end: int, bounds: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        bounds.append((start, end))
