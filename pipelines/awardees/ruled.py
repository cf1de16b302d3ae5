"""Awardees in ruled tables: award lists with a header row (STT, Họ và tên, Chức vụ, Đơn vị, …), over page
breaks (rules in the package docstring)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from baocao.extract.textnorm import clean, fold, strip_tones

from ..tables import AwardeeRow
from ..tagged import TaggedDocument
from .words import (
    _SECTION_WORDS,
    _TOTAL,
    _cell_segments,
    _list_award,
    _looks_like_person,
    _parse_name_cell,
    _split_segments,
    _title_blocks,
)


# Ruled tables.

_STT = re.compile(r"^(?:stt|tt|số tt|số thứ tự)$")
# Heads matched on the header's words without tone marks (folded words move marks: "chức" -> "chưć").
_AWARD_HEAD = re.compile(r"\b(?:hinh thuc|danh hieu|khen thuong)\b")
_POSITION_HEAD = re.compile(r"\bchuc (?:vu|danh)\b")
_DETAIL_HEAD = re.compile(r"\bchuc (?:vu|danh)\b|\bcong tac\b|\bdon vi\b|\bdia chi\b")
_ROMAN_OR_LETTER = re.compile(r"^(?:[IVXLC]+|[A-Z])[.)]?$")
_GROUP_LABEL = re.compile(r"^\s*(?:[IVXLC]+|[A-Za-z]|\d+)[.)]\s+")


@dataclass
class _Columns:
    name: int
    stt: int | None = None
    position: int | None = None
    unit: int | None = None
    award: int | None = None
    cash: int | None = None
    header: tuple[str, ...] = ()
    name_extra: tuple[int, ...] = ()  # columns with no head of their own right of the name's: its span


def _header(keys: list[str]) -> _Columns | None:
    """The columns of a header row, or None when its cells' folded words (``keys``) are not an award list's
    header."""
    # Heads as OCR reads them may lose their tone marks ("TẠP THE"): they are matched bare too.
    bare = [strip_tones(key) for key in keys]
    name = next((k for k, key in enumerate(keys) if re.search(r"\btên\b", key)), None)
    if name is None:
        name = next((k for k, key in enumerate(bare) if _COLLECTIVE_HEAD.match(key)), None)
    if name is None:
        return None
    columns = _Columns(name=name, header=tuple(keys))
    extra = name + 1
    while extra < len(keys) and not keys[extra]:
        extra += 1
    columns.name_extra = tuple(range(name + 1, extra))
    for k, key in enumerate(keys):
        if k == name or not key:
            continue
        if _STT.match(key):
            columns.stt = k
        elif _CASH_HEAD.search(bare[k]):
            columns.cash = k
        elif _AWARD_HEAD.search(bare[k]):
            columns.award = k
        elif _DETAIL_HEAD.search(bare[k]):
            if columns.position is None:
                columns.position = k
            elif columns.unit is None:
                columns.unit = k
    if columns.position is not None and columns.unit is not None \
            and _POSITION_HEAD.search(bare[columns.unit]) and not _POSITION_HEAD.search(bare[columns.position]):
        columns.position, columns.unit = columns.unit, columns.position
    return columns


# The name column of a list of collectives or people: "Tập thể", "Cá nhân", "Tập thể, cá nhân đề nghị …".
_COLLECTIVE_HEAD = re.compile(r"^(?:tap the|ca nhan)\b|^don vi$")  # "Đơn vị" alone: when no column has "tên"
# A column of amounts: the list rewards in cash ("Tiền thưởng (ngàn đồng)", "Số tiền", "Mức thưởng").
_CASH_HEAD = re.compile(r"\b(?:tien thuong|so tien|muc thuong)\b")
CASH_AWARD = "Tiền thưởng"


def _same_header(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two header rows name the same columns; the number column's head may be left empty or not
    read (on a scan, "TT" in a narrow cell)."""
    def key(header):
        return tuple("" if _STT.match(cell) else cell for cell in header)
    return key(a) == key(b)


def _section_kind(text: str) -> str:
    """"collective" or "person" when ``text`` names only one of "tập thể" and "cá nhân", else ""."""
    kinds = {"collective" if fold(m.group(1)) == fold("tập thể") else "person" for m in _SECTION_WORDS.finditer(text)}
    return kinds.pop() if len(kinds) == 1 else ""


def _title_kind(tagged: TaggedDocument, first: int) -> str:
    """The kind a list's title gives its rows ("DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG …")."""
    return _section_kind(" ".join(tagged.blocks[i].text for i in _title_blocks(tagged, first)))


@dataclass
class _Entry:
    """A data row of a list, before its continuation rows are known."""

    index: int
    cells: list[str]
    kind: str
    group: str
    award: str


def _table_entries(tagged: TaggedDocument, decision: list[str]) -> list[tuple[_Entry, _Columns]]:
    """The data rows of every award-list table, with their group, kind and award (see the module docstring)."""
    blocks = tagged.blocks
    out: list[tuple[_Entry, _Columns]] = []
    columns: _Columns | None = None
    award, kind, group, previous = "", "", "", None
    for table in sorted(tagged.tables):
        run = tagged.tables[table]
        rows = [index for index in run.rows if blocks[index].cells]
        if not rows:
            continue
        header = _header(tagged.cell_keys(rows[0]))
        # A list goes on over a page break (tagged.table_runs: same width, no words between) unless the
        # next page opens another list's header; a header repeated on the new page goes on.
        continues = columns is not None and run.continues is not None and run.continues == previous and (
            _same_header(header.header, columns.header) if header else True)
        previous = table
        if not continues:
            columns = None
            if header is not None:
                list_award = _list_award(tagged, rows[0], decision, cash=header.cash is not None)
                if list_award is not None:
                    columns, award, kind, group = header, list_award, _title_kind(tagged, rows[0]), ""
        if columns is None:
            continue
        for index in rows:
            cells = [clean(c) for c in blocks[index].cells or []]
            cells += [""] * (len(columns.header) - len(cells))
            keys = tagged.cell_keys(index)
            keys += [""] * (len(cells) - len(keys))
            for k in columns.name_extra:  # the name's head spans cells the rule lines split
                if k < len(cells) and cells[k]:
                    cells[columns.name] = (cells[columns.name] + " " + cells[k]).strip()
                    cells[k] = ""
                    keys[columns.name] = (keys[columns.name] + " " + keys[k]).strip()
                    keys[k] = ""
            if _same_header(tuple(keys), columns.header):
                continue  # the header repeated on a new page
            filled = {k for k, c in enumerate(cells) if c}
            if not filled:
                continue
            stt = cells[columns.stt] if columns.stt is not None else ""
            name = cells[columns.name]
            if not stt and _TOTAL.match(strip_tones(name.lower())):
                continue  # the total row ("Tổng", "Tổng cộng", "Cộng")
            detail = {columns.position, columns.unit, columns.award} - {None}
            if not stt and not name and filled <= detail:
                if out and out[-1][1] is columns:  # a cell cut by a page break
                    entry = out[-1][0]
                    for k in filled:
                        entry.cells[k] = (entry.cells[k] + " " + cells[k]).strip()
                continue
            if len(filled) == 1 and (filled <= {columns.stt, columns.name}) or (
                    stt and _ROMAN_OR_LETTER.match(stt) and not filled & detail):
                words = [cells[k] for k in sorted(filled) if k != columns.stt] or [stt]  # "I." | "Tập thể"
                text = _GROUP_LABEL.sub("", " ".join(words)).strip()
                section = _section_kind(text) if len(text.split()) <= 6 else ""
                if section:  # "I. Tập thể", "II. Cá nhân"
                    kind, group = section, ""
                else:
                    group = text
                continue
            out.append((_Entry(index, cells, kind, group, award), columns))
    return out


def _table_rows(tagged: TaggedDocument, decision: list[str]) -> list[AwardeeRow]:
    """Rows of award-list tables. The signer may be one of them: a row of the list is an award, not the
    signature."""
    rows = []
    for entry, columns in _table_entries(tagged, decision):
        block = tagged.blocks[entry.index]
        cells = entry.cells
        parsed = _parse_name_cell(cells[columns.name])
        if not parsed.name:
            continue
        kind = entry.kind or ("person" if parsed.addressed or parsed.rank or _looks_like_person(parsed.name)
                              else "collective")
        detail = cells[columns.position] if columns.position is not None else ""
        unit = cells[columns.unit] if columns.unit is not None else ""
        if kind == "collective":
            name = clean(cells[columns.name]).rstrip(" .;")
            position, organisation = "", ", ".join(_cell_segments(detail) + _cell_segments(unit)) or entry.group
            rank = ""
        else:
            name, rank = parsed.name, parsed.rank
            segments = parsed.rest + _cell_segments(detail)
            if unit:
                position = ", ".join(segments)
                organisation = ", ".join(_cell_segments(unit))
            else:
                position, organisation = _split_segments(segments, entry.group)
            organisation = organisation or entry.group
        award = entry.award
        if columns.award is not None and cells[columns.award]:
            award = cells[columns.award]
        if not award and columns.cash is not None and cells[columns.cash]:
            award = CASH_AWARD
        stt = cells[columns.stt].rstrip(".") if columns.stt is not None else ""
        start, end = _cell_span(block.cells or [], columns.name, columns.name_extra)
        start, end = _name_offsets(block.text, name, start, end)
        rows.append(AwardeeRow(kind=kind, name=name, rank=rank, position=position, organisation=organisation,
                               award=award, page=block.page, source=block.source, footnote_no=block.footnote_no,
                               context=" | ".join(c for c in cells if c), list_no=stt, block=entry.index,
                               char_start=start, char_end=end))
    return rows


def _cell_span(cells: list[str], first: int, extra: tuple[int, ...]) -> tuple[int, int]:
    """Where cell ``first`` (and the cells ``extra`` its head spans) stand in the row's text, the cells
    joined by tabs."""
    offsets, at = [], 0
    for cell in cells:
        offsets.append((at, at + len(cell)))
        at += len(cell) + 1
    last = max([first, *(k for k in extra if k < len(cells) and cells[k])])
    if first >= len(offsets):
        return 0, 0
    return offsets[first][0], offsets[min(last, len(offsets) - 1)][1]


def _name_offsets(text: str, name: str, start: int, end: int) -> tuple[int, int]:
    """The offsets of ``name`` in ``text`` between ``start`` and ``end``; the whole stretch when the name
    is not written there as it is given (a title removed, "Bù i" glued: the cell or clause then)."""
    found = text.find(name, start, max(end, start + len(name)))
    return (found, found + len(name)) if found >= 0 else (start, end)
