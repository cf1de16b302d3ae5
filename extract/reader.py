"""Read a PDF into the document model: ``read_pdf(path) -> Document``.

The steps, in order: glyphs -> lines per page (with superscripts); zones (signature stamps, running
headers, page numbers, the footnote area, ruled tables); footnotes; markers resolved against them;
header and closing; body blocks in reading order; footnotes linked to the text that cites them.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import replace
from functools import partial
from pathlib import Path

from . import footnotes as fn
from .errors import ReadError
from .layout import (
    body_size,
    build_lines,
    find_footnote_rule,
    mark_footnote_area,
    mark_page_numbers,
    mark_running,
    mark_stamps,
)
from .legacy import decode_glyphs
from .metadata import read_front_matter
from .ocr import OcrUnavailable, ocr_pages, ocr_raw_page
from .model import (
    ZONE_BODY,
    ZONE_FOOTNOTE,
    ZONE_TABLE,
    Block,
    Document,
    Glyph,
    Line,
    LineBox,
    Marker,
    QUALITY_NONE,
    QUALITY_GARBLED,
    QUALITY_STAMP,
    QUALITY_UNREADABLE,
    PageInfo,
    RawPage,
)
from .paragraphs import build_blocks, make_block, page_geometry
from .quality import page_quality
from .repair import REPAIRABLE, repaired_copy
from .signatures import read_signatures
from .sources import DEFAULT_SOURCE, get_source
from .stamps import apply_stamps, read_stamps
from .tables import find_grids, grid_rows
from .textnorm import CONTROL


def sha256_file(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


OCR_MODES = ("auto", "always", "never")
# Pages of these qualities have no usable text layer: ``auto`` reads them with OCR.
NEEDS_OCR = (QUALITY_NONE, QUALITY_STAMP, QUALITY_GARBLED)


def _without_controls(glyphs: list[Glyph]) -> list[Glyph]:
    """The glyphs with control characters taken out of their text (a file's text layer may hold any byte)."""
    if not CONTROL.search("".join(glyph.text for glyph in glyphs)):
        return glyphs
    out = []
    for glyph in glyphs:
        text = CONTROL.sub("", glyph.text)
        if text:
            out.append(glyph if text == glyph.text else replace(glyph, text=text))
    return out


def read_pdf(path: str, source: str = DEFAULT_SOURCE, ocr: str = "auto", ocr_cache: str | Path | None = None,
             ocr_workers: int = 1) -> Document:
    """Read the PDF at ``path``.

    Args:
        source: the character source (``pdfplumber`` or ``pdfium``).
        ocr: ``auto`` reads pages without usable text (scanned, stamp-only, garbled) with OCR; ``always``
            reads every page with OCR; ``never`` reads none.
        ocr_cache: a folder where OCR results are kept by page image (default: ``$BAOCAO_OCR_CACHE``, else
            none).
        ocr_workers: how many pages Tesseract reads at once.

    Raises:
        ReadError: the file is missing, empty, not a PDF, damaged (and qpdf cannot rebuild it), encrypted or
            has no pages. A damaged file qpdf can rebuild is read from the rebuilt copy
            (``Document.repaired`` says so).
    """
    if ocr not in OCR_MODES:
        raise ValueError(f"unknown OCR mode {ocr!r}; known: {', '.join(OCR_MODES)}")
    path = str(path)
    try:
        return _read(path, source, ocr, ocr_cache, ocr_workers)
    except ReadError as exc:
        if exc.kind not in REPAIRABLE:
            raise
        failure = exc
    copy = repaired_copy(path)  # a damaged file: read what qpdf rebuilds from it, if it can
    if copy is None:
        raise failure
    try:
        doc = _read(copy, source, ocr, ocr_cache, ocr_workers)
    except ReadError:
        raise failure from None
    finally:
        os.unlink(copy)
    doc.path, doc.sha256 = path, sha256_file(path)
    doc.repaired = "rebuilt by qpdf; as found: " + str(failure).removeprefix(f"{path}: ")
    return doc


# Where a long document's pages may be read in ranges elsewhere: a function that applies its first argument
# (:func:`read_page_range` with the document's settings) to each (start, stop) and returns the results in
# order. Set by the cluster's document task (baocao.pipelines.cluster), None otherwise.
RANGE_MAP: ContextVar[Callable[[Callable[[int, int], list], list[tuple[int, int]]], list[list]] | None] = ContextVar(
    "RANGE_MAP", default=None)
# Pages per range; a document is read in ranges when it has at least two.
RANGE_PAGES = 25


def read_page_range(path: str, source: str, ocr: str, start: int, stop: int) -> list[tuple]:
    """The lines and facts of pages ``start`` to ``stop`` - 1 (0-based), as :func:`_pages` gives them."""
    return list(_pages(get_source(source)(path, range(start, stop)), ocr))


def _pages(raws: Iterable[RawPage], ocr: str) -> Iterator[tuple[PageInfo, list[Line], list, RawPage | None, str]]:
    """Each page's facts, lines, rules, its raw page when OCR is to read it, and why it could not be read."""
    for raw in raws:
        raw.glyphs = _without_controls(decode_glyphs(raw.glyphs))  # TCVN3 and VNI fonts: their text read as Unicode
        page_lines = build_lines(raw)
        mark_stamps(page_lines)
        text = "\n".join(line.text for line in page_lines)
        quality = QUALITY_UNREADABLE if raw.error else page_quality(text, raw.image_area)
        info = PageInfo(number=raw.number, width=raw.width, height=raw.height, rotation=raw.rotation,
                        quality=quality, chars=sum(len(l.text) for l in page_lines),
                        body_size=body_size(page_lines), image_area=round(raw.image_area, 3))
        needs_ocr = not raw.error and (ocr == "always" or (ocr == "auto" and info.quality in NEEDS_OCR))
        yield info, page_lines, raw.rules, raw if needs_ocr else None, raw.error


def _page_results(path: str, source: str, ocr: str) -> Iterable[tuple]:
    """Every page's :func:`_pages` results: in ranges through :data:`RANGE_MAP` for a long intact document
    when it is set, else in one pass."""
    range_map = RANGE_MAP.get()
    if range_map is not None:
        from .sources.pdfium import page_count

        count = page_count(path)
        if count >= 2 * RANGE_PAGES:
            ranges = [(start, min(count, start + RANGE_PAGES)) for start in range(0, count, RANGE_PAGES)]
            read = partial(read_page_range, path, source, ocr)
            return [item for part in range_map(read, ranges) for item in part]
    return _pages(get_source(source)(path), ocr)


def _read(path: str, source: str, ocr: str, ocr_cache: str | Path | None, ocr_workers: int) -> Document:
    pages: list[PageInfo] = []
    lines: list[Line] = []
    pending_tables: list[tuple[list[list[Line]], int, int]] = []
    widths: dict[int, float] = {}
    table_count = 0
    per_page: list[tuple[PageInfo, list[Line], list]] = []
    raws: dict[int, RawPage] = {}  # pages OCR may replace, kept for their widget and stamp glyphs
    page_errors: dict[int, str] = {}
    for info, page_lines, rules, raw, error in _page_results(path, source, ocr):
        if error:
            page_errors[info.number] = error
        elif raw is not None:
            raws[len(per_page)] = raw
        per_page.append((info, page_lines, rules))
    if per_page and len(page_errors) == len(per_page):
        raise ReadError(path, "unreadable", f"no page can be read ({next(iter(page_errors.values()))})")
    ocr_error = ""
    if raws:
        ocr_error = _read_with_ocr(path, raws, per_page, ocr_cache, ocr_workers)
    for info, page_lines, _rules in per_page:
        mark_page_numbers(page_lines, info.height, info.width)
    if not per_page:
        raise ReadError(path, "no-pages", "the PDF has no pages")
    # The body size of the whole document: a page full of footnote text must not redefine it.
    size = body_size([line for _info, page_lines, _rules in per_page for line in page_lines])
    had_notes = False
    for info, page_lines, rules in per_page:
        pages.append(info)
        widths[info.number] = info.width
        top = find_footnote_rule(page_lines, rules, info.width, info.height, size, continues=had_notes)
        if top is not None:
            mark_footnote_area(page_lines, top)
        had_notes = top is not None
        for grid in find_grids(rules, info.number):
            inside = [line for line in page_lines if line.zone == ZONE_BODY and grid.contains(line)]
            rows = grid_rows(grid, inside)
            if not rows:
                continue
            for line in inside:
                line.zone = ZONE_TABLE
            pending_tables.extend((cells, table_count, info.number) for cells in rows)
            table_count += 1
        lines.extend(page_lines)
    mark_running(lines, len(pages))

    notes = fn.read_footnote_areas(lines)
    fn.resolve_markers([line for line in lines if line.zone != ZONE_FOOTNOTE], {n.number for n in notes})
    table_blocks = [(_table_row(cells, index, page), cells_top(cells)) for cells, index, page in pending_tables]
    front = read_front_matter(lines, widths)
    apply_stamps(front.meta, read_stamps(lines), read_signatures(path))
    body = [line for line in lines if line.zone == ZONE_BODY and id(line) not in front.used]
    geometry = {page.number: page_geometry([l for l in body if l.page == page.number]) for page in pages}
    blocks = build_blocks(body, geometry)
    ordered = _reading_order(blocks + front.blocks, table_blocks)
    for note in notes:
        ordered.append(Block(kind="footnote", text=note.text, page=note.page, source="footnote",
                             footnote_no=note.number, page_starts=[(0, note.page)], boxes=note.boxes))
    _link(notes, ordered)
    return Document(path=path, sha256=sha256_file(path), pages=pages, lines=lines, blocks=ordered,
                    footnotes=notes, meta=front.meta, source=source, ocr_error=ocr_error, page_errors=page_errors)


def _read_with_ocr(path: str, raws: dict[int, RawPage], per_page: list, cache, workers: int) -> str:
    """Replace the lines of the pages in ``raws`` (0-based) by what OCR reads there; returns an error or "".

    The text that annotations draw (widgets, signing stamps) is kept; so is the text layer of a page
    holding only a signing stamp. A garbled text layer and a scan's stray characters are dropped.
    """
    if cache is None and os.environ.get("BAOCAO_OCR_CACHE"):
        cache = os.environ["BAOCAO_OCR_CACHE"]
    try:
        read = ocr_pages(path, sorted(raws), cache=Path(cache) if cache else None, workers=workers)
    except OcrUnavailable as exc:
        return str(exc)
    except Exception as exc:  # Tesseract failed: the pages stay unread (and say why), the document is read
        return f"OCR failed: {exc}"
    for index, found in read.items():
        info = per_page[index][0]
        raw = raws[index]
        keep = [g for g in raw.glyphs if g.origin == "annotation"
                or (info.quality == QUALITY_STAMP and g.origin == "page")]
        turned = ocr_raw_page(raw, found, keep)
        page_lines = build_lines(turned)
        mark_stamps(page_lines)
        info.ocr, info.ocr_confidence = True, found.confidence
        info.width, info.height, info.rotation = turned.width, turned.height, turned.rotation
        info.chars = sum(len(line.text) for line in page_lines)
        info.body_size = body_size(page_lines)
        per_page[index] = (info, page_lines, turned.rules)
    return ""


def cells_top(cells: list[list[Line]]) -> float:
    return min((line.top for cell in cells for line in cell), default=0.0)


def _table_row(cells: list[list[Line]], table: int, page: int) -> Block:
    """A table row as one block: cell texts joined by tabs, footnote markers of every cell kept."""
    texts: list[str] = []
    markers: list[Marker] = []
    boxes: list[LineBox] = []
    offset = 0
    for cell in cells:
        ordered = sorted(cell, key=lambda line: (line.top, line.x0))
        made = make_block(ordered) if ordered else None
        texts.append(made.text if made else "")
        if made:
            markers += [Marker(number=m.number, offset=offset + m.offset) for m in made.markers]
            boxes += [replace(box, start=box.start + offset, end=box.end + offset) for box in made.boxes]
        offset += len(texts[-1]) + 1
    first = next(line for cell in cells for line in cell)
    return Block(kind="table_row", text="\t".join(texts), page=page, cells=texts, table=table, markers=markers,
                 page_starts=[(0, page)], bbox=(first.x0, cells_top(cells), first.x1, first.bottom), boxes=boxes)


def _reading_order(blocks: list[Block], tables: list[tuple[Block, float]]) -> list[Block]:
    keyed = [((block.page, block.bbox[1] if block.bbox else 0.0), block) for block in blocks]
    keyed += [((block.page, top), block) for block, top in tables]
    keyed.sort(key=lambda item: item[0])
    return [block for _key, block in keyed]


def _link(notes: list, blocks: list[Block]) -> None:
    """Point each footnote at the block, offset and page of its marker."""
    by_number = {note.number: note for note in notes}
    for index, block in enumerate(blocks):
        for marker in block.markers:
            note = by_number.get(marker.number)
            if note is None or note.anchor_block is not None:
                continue
            note.anchor_block = index
            note.anchor_offset = marker.offset
            note.anchor_page = block.page_at(max(marker.offset - 1, 0))
            note.anchor_text = fn.anchor_text(block.text, marker.offset)
