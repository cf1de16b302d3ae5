"""Body lines to blocks: paragraphs, headings and list items in reading order, across page breaks.

A line starts a new block when it is indented (a first-line indent) unless it starts where the full line
before it did, or where that line's text did after its item label, and that line ended mid-clause (a
hanging indent: "- Các đồng chí … (Theo Quyết định" / "số 2319/QĐ-TTg …"), when the line before it ended
short of the right margin, when the vertical gap or the font changes, or when it opens with a heading
or item label. A paragraph goes on across a page break when the last line of the page was full and the
first line of the next page is not indented.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from .model import Block, Line, Marker, line_boxes

_HEADING_LABEL = re.compile(r"^((?:[IVXLC]+|[A-ZĐ]|\d{1,2}(?:\.\d{1,2}){0,3})\.|\d{1,2}(?:\.\d{1,2}){1,3})\s+(?=\S)")
_ARTICLE = re.compile(r"^(Điều|Chương|Mục|Phần|Phụ lục)\s+[\dIVXLC]+[.:]?", re.IGNORECASE)
# A document number whose symbol is cut after a hyphen at the line end, and the rest of the symbol.
_SYMBOL_CUT = re.compile(r"\d/(?:[A-ZĐ0-9][\w.&]*-)+$")
_SYMBOL_REST = re.compile(r"[A-ZĐ][A-ZĐ0-9&][A-ZĐa-z0-9.&]*(?:-[A-ZĐ0-9][\w.&]*)*(?=[\s,;.)]|$)")
_ITEM_LABEL = re.compile(r"^([-–+•*]|[a-zđ]\)|\d{1,2}\))\s+(?=\S)")


@dataclass
class PageGeometry:
    """Left and right text margins of a page's body."""

    left: float
    right: float

    @property
    def width(self) -> float:
        return max(self.right - self.left, 1.0)


def page_geometry(lines: list[Line]) -> PageGeometry:
    """Margins from the body lines: the most common left edge and a high percentile of right edges."""
    if not lines:
        return PageGeometry(0.0, 1.0)
    lefts = [round(line.x0) for line in lines if len(line.text) > 20] or [round(line.x0) for line in lines]
    left = statistics.mode(lefts)
    left = min(left, min(lefts))
    rights = sorted(line.x1 for line in lines)
    right = rights[int(len(rights) * 0.9)] if len(rights) > 3 else max(rights)
    return PageGeometry(float(left), float(right))


def join_rows(lines: list[Line]) -> list[Line]:
    """Join body lines that stand on one row (split at a wide gap: a tab stop, a stretched space)."""
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if prev is not None and prev.page == line.page and abs(prev.top - line.top) < 0.4 * line.size \
                and line.x0 > prev.x1 and abs(prev.size - line.size) < 1:
            shift = len(prev.text) + 1
            out[-1] = Line(text=prev.text + " " + line.text, page=prev.page, x0=prev.x0, x1=line.x1,
                           top=min(prev.top, line.top), bottom=max(prev.bottom, line.bottom), size=prev.size,
                           bold=prev.bold and line.bold, italic=prev.italic and line.italic, zone=prev.zone,
                           markers=prev.markers + [(offset + shift, number) for offset, number in line.markers])
            continue
        out.append(line)
    return out


def build_blocks(lines: list[Line], geometry: dict[int, PageGeometry]) -> list[Block]:
    """Group body lines (already in reading order) into blocks."""
    lines = join_rows(lines)
    blocks: list[Block] = []
    group: list[Line] = []
    gaps = _typical_gaps(lines)
    previous: Line | None = None
    for line in lines:
        if previous is None or _starts_block(previous, line, geometry, gaps):
            if group:
                blocks.append(make_block(group))
            group = []
        group.append(line)
        previous = line
    if group:
        blocks.append(make_block(group))
    return blocks


def _typical_gaps(lines: list[Line]) -> dict[int, float]:
    """The usual gap between consecutive lines of a page (its line spacing)."""
    by_page: dict[int, list[float]] = {}
    for a, b in zip(lines, lines[1:]):
        if a.page == b.page and b.top > a.top:
            by_page.setdefault(a.page, []).append(b.top - a.bottom)
    return {page: statistics.median(values) for page, values in by_page.items()}


def _starts_block(prev: Line, line: Line, geometry: dict[int, PageGeometry], gaps: dict[int, float]) -> bool:
    geo = geometry.get(line.page) or PageGeometry(line.x0, line.x1)
    prev_geo = geometry.get(prev.page) or geo
    size = line.size
    labelled = bool(_HEADING_LABEL.match(line.text) or _ARTICLE.match(line.text) or _ITEM_LABEL.match(line.text))
    indented = line.x0 > geo.left + 0.6 * size
    prev_full = prev.x1 >= prev_geo.right - 0.06 * prev_geo.width
    if abs(line.size - prev.size) > 0.6 or line.bold != prev.bold:
        return True
    if labelled and (indented or line.bold or not prev_full):
        return True
    if labelled and prev.text.rstrip().endswith((".", ";", ":")):
        # "… viên chức;" / "2. Ông …": a numbered item or an article set flush with the margin, after a
        # line that ended its clause, starts a block even where that line runs to the margin.
        return True
    if line.page != prev.page:
        return indented or not prev_full or labelled
    if line.top < prev.top - 1:
        return True  # back up the page: a new column
    gap = line.top - prev.bottom
    usual = gaps.get(line.page, 0.3 * size)
    if gap > usual + 0.45 * size:
        return True
    if not prev_full:
        return True
    if indented and not _centred(line, geo) and not _hanging(prev, line, size):
        return True
    return False


def _hanging(prev: Line, line: Line, size: float) -> bool:
    """Whether ``line`` goes on a block set with a hanging indent: it starts where the full line before it
    started (or where its text started after an item label), and that line ended mid-clause
    ("- Các đồng chí … (Theo Quyết định" / "số 2319/QĐ-TTg …")."""
    if prev.text.rstrip().endswith((".", ";", ":", "!", "?")):
        return False
    label = _ITEM_LABEL.match(prev.text.lstrip())
    reach = 0.3 * size + (2.0 * size if label else 0.0)
    return -0.3 * size < line.x0 - prev.x0 < reach


def _centred(line: Line, geo: PageGeometry) -> bool:
    left = line.x0 - geo.left
    right = geo.right - line.x1
    return left > 0.08 * geo.width and abs(left - right) < 0.08 * geo.width


def make_block(lines: list[Line], kind: str | None = None) -> Block:
    """One block from consecutive lines: text joined, markers and page starts mapped to offsets.

    Lines are joined with a space, or with nothing where a word was hyphenated at the line end or a document
    number's symbol was cut after its hyphen ("2764/QĐ-" / "TTg", the hyphen kept).
    """
    text = ""
    markers: list[Marker] = []
    page_starts: list[tuple[int, int]] = []
    placed: list[tuple[int, Line, int]] = []  # (offset in text, line, leading characters dropped)
    for line in lines:
        piece = line.text.strip()
        lead = len(line.text) - len(line.text.lstrip())
        if not piece:
            continue
        if not text:
            start = 0
        elif re.search(r"[^\W\d_]-$", text) and piece[:1].islower():
            text = text[:-1]
            start = len(text)
        elif _SYMBOL_CUT.search(text) and _SYMBOL_REST.match(piece):
            start = len(text)  # a document symbol cut after its hyphen: "2764/QĐ-" / "TTg ngày …"
        else:
            text += " "
            start = len(text)
        if not page_starts or page_starts[-1][1] != line.page:
            page_starts.append((start, line.page))
        for offset, number in line.markers:
            markers.append(Marker(number=number, offset=start + min(max(offset - lead, 0), len(piece))))
        placed.append((start, line, lead))
        text += piece
    first = lines[0]
    same_page = [line for line in lines if line.page == first.page]
    label, block_kind = _label(text, lines)
    return Block(
        kind=kind or block_kind,
        text=text,
        page=first.page,
        page_starts=page_starts or [(0, first.page)],
        markers=markers,
        label=label,
        bold=sum(1 for line in lines if line.bold) > len(lines) / 2,
        bbox=(min(line.x0 for line in same_page), first.top,
              max(line.x1 for line in same_page), max(line.bottom for line in same_page)),
        boxes=line_boxes(placed),
    )


def _label(text: str, lines: list[Line]) -> tuple[str, str]:
    item = _ITEM_LABEL.match(text)
    if item:
        return item.group(1), "item"
    heading = _HEADING_LABEL.match(text) or _ARTICLE.match(text)
    bold = sum(1 for line in lines if line.bold) > len(lines) / 2
    if heading:
        label = heading.group(0).strip()
        if bold or (text.isupper() and len(text) < 200):
            return label, "heading"
        return label, "paragraph"
    if bold and len(lines) <= 3 and len(text) < 250:
        return "", "heading"
    return "", "paragraph"
