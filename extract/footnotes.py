"""Footnotes: read the footnote areas, tell markers from other superscripts, and link the two.

A raised small number in the body is a footnote marker when a footnote with that number exists and is
not yet linked; a superscript right after a unit of length ("700m²", "15m³") never is. Superscripts that
are not markers go back into the text as superscript characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import ZONE_BODY, ZONE_FOOTNOTE, Footnote, Line, LineBox
from .textnorm import clean

_LEADING_NUMBER = re.compile(r"^(\d{1,3})[\s.)]\s*(?=\S)")
_OCR_ONE = re.compile(r"^[!lI|]\s+(?=\S)")
_UNIT_BEFORE = re.compile(r"(?:^|[\d\s(])(?:k|c|d|m|h)?m$", re.IGNORECASE)
_SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass
class _Note:
    number: int
    parts: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)


def read_footnote_areas(lines: list[Line]) -> list[Footnote]:
    """Assemble footnotes from the lines in footnote zones, in reading order.

    A line opens footnote N when it starts with N as a superscript (or as a plain number followed by a
    space, when N is the next number expected). Any other line continues the open footnote, across a
    page break too: Word carries the rest of a long footnote to the next page's footnote area.
    """
    notes: list[_Note] = []
    for line in lines:
        if line.zone != ZONE_FOOTNOTE:
            continue
        number, text = _opening(line, notes[-1].number + 1 if notes else 1)
        if number is not None:
            notes.append(_Note(number))
        elif not notes:
            # Text above the first numbered footnote is not a footnote we can name: it stays body text
            # rather than being lost.
            line.zone = ZONE_BODY
            continue
        note = notes[-1]
        note.parts.append(text)
        note.lines.append(line)
        if line.page not in note.pages:
            note.pages.append(line.page)
    found = []
    for note in notes:
        text = join_lines(note.parts)
        found.append(Footnote(number=note.number, text=text, page=note.pages[0], pages=note.pages,
                              boxes=_boxes(text, note.parts, note.lines)))
    return found


def _boxes(text: str, parts: list[str], lines: list[Line]) -> list[LineBox]:
    """Where each line of a footnote stands in its joined ``text``: each part found from where the last ended
    (a part whose start is not found, after a hyphen joined it or spacing was cleaned, goes on from there)."""
    boxes: list[LineBox] = []
    cursor = 0
    for part, line in zip(parts, lines):
        part = part.strip()
        if not part:
            continue
        found = text.find(part[:12], cursor)
        start = found if found >= 0 and found - cursor <= 2 else cursor
        end = min(start + len(part), len(text))
        boxes.append(LineBox(start, end, line.page, line.x0, line.top, line.x1, line.bottom))
        cursor = end
    return boxes


def _opening(line: Line, expected: int) -> tuple[int | None, str]:
    if line.superscripts and line.superscripts[0][0] == 0:
        digits = line.superscripts[0][1]
        rest = _reinsert(line.text, line.superscripts[1:])
        return int(digits), rest.strip()
    match = _LEADING_NUMBER.match(line.text)
    if match and int(match.group(1)) == expected:
        return expected, line.text[match.end():].strip()
    if line.origin == "ocr" and expected == 1:
        # OCR reads the small raised "1" opening the first footnote as "!", "l" or "I".
        misread = _OCR_ONE.match(line.text)
        if misread:
            return 1, line.text[misread.end():].strip()
    return None, _reinsert(line.text, line.superscripts).strip()


def resolve_markers(lines: list[Line], numbers: set[int]) -> None:
    """Decide, in reading order, which body superscripts are footnote markers.

    Sets ``line.markers`` and puts every other superscript back into ``line.text``.
    """
    unlinked = set(numbers)
    for line in lines:
        if line.zone == ZONE_FOOTNOTE or not line.superscripts:
            continue
        kept: list[tuple[int, str]] = []
        markers: list[tuple[int, int]] = []
        for offset, digits in line.superscripts:
            number = int(digits)
            after_unit = _UNIT_BEFORE.search(line.text[:offset]) is not None and digits in ("2", "3")
            if number in unlinked and not after_unit:
                unlinked.discard(number)
                markers.append((offset, number))
            else:
                kept.append((offset, digits))
        # Put the non-markers back from right to left, shifting markers that stand after them.
        text = line.text
        for offset, digits in sorted(kept, reverse=True):
            text = text[:offset] + digits.translate(_SUPERSCRIPT_DIGITS) + text[offset:]
            markers = [(m_off + len(digits) if m_off > offset else m_off, n) for m_off, n in markers]
        line.text = text
        line.markers = markers
        line.superscripts = []


def _reinsert(text: str, superscripts: list[tuple[int, str]]) -> str:
    for offset, digits in sorted(superscripts, reverse=True):
        text = text[:offset] + digits.translate(_SUPERSCRIPT_DIGITS) + text[offset:]
    return text


def join_lines(parts: list[str]) -> str:
    """Join wrapped lines: a space between them, or nothing where a word was hyphenated."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if not out:
            out = part
        elif re.search(r"[^\W\d_]-$", out) and part[:1].islower():
            out = out[:-1] + part
        else:
            out = out + " " + part
    return clean(out)


def anchor_text(text: str, offset: int, words: int = 8) -> str:
    """The last ``words`` words of ``text`` before ``offset``."""
    return " ".join(text[:offset].split()[-words:])
