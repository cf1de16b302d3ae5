"""The document model: the named types that flow from a PDF to the tables.

Two levels:

* what a character source gives, page by page: :class:`RawPage` with its :class:`Glyph` and :class:`Rule`
  lists. Any source (pdfplumber, pdfium, OCR words with their boxes) that fills these plugs in.
* what the reader makes of it: :class:`Document` with :class:`PageInfo`, :class:`Line`, :class:`Block`,
  :class:`Footnote` and :class:`DocMeta`. Later stages read only this; none looks at the PDF again.

Coordinates are PDF points from the page's top-left corner (pdfplumber's ``top``/``bottom``); pages are
numbered from 1. Text is NFC with the source's spelling.
"""

from __future__ import annotations

import bisect
from functools import lru_cache
from dataclasses import asdict, dataclass, field


@dataclass(slots=True)
class Glyph:
    """One character as drawn: its text, box, font size and font name, and what drew it.

    ``origin`` is ``page`` for the page's content stream, ``annotation`` for an annotation's appearance
    stream (a signature widget, a stamp) and ``ocr`` for a word OCR read on a page image (then ``text`` is
    the whole word and ``confidence`` Tesseract's, 0-100); ``group`` tells annotations of one page apart.
    ``baseline``, where known (OCR), is the line's baseline; otherwise the layout estimates it from the box.
    ``stroke``, for OCR words, is the thickness of their strokes relative to the page's mean (bold is
    thicker, about 1.2 and up).
    """

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str = ""
    upright: bool = True
    origin: str = "page"
    group: int = -1
    confidence: float = -1.0
    baseline: float | None = None
    stroke: float | None = None

    @property
    def bold(self) -> bool:
        return is_bold_font(self.font)

    @property
    def italic(self) -> bool:
        return is_italic_font(self.font)


@dataclass(slots=True)
class Rule:
    """A straight stroke on the page (a drawn line or a thin rectangle): table borders, footnote rules."""

    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)


@dataclass(slots=True)
class Signature:
    """A digital signature's dictionary: the signing time (ISO 8601 with offset) and the stated reason."""

    time: str = ""
    reason: str = ""


@dataclass(slots=True)
class RawPage:
    """One page as a character source delivers it."""

    number: int
    width: float
    height: float
    glyphs: list[Glyph]
    rules: list[Rule] = field(default_factory=list)
    rotation: int = 0
    image_area: float = 0.0  # fraction of the page covered by images (0..1)
    error: str = ""  # set when the page could not be read (it then has no glyphs): why


@lru_cache(maxsize=4096)  # asked for every glyph; a document has a few fonts
def is_bold_font(font: str) -> bool:
    name = font.lower()
    return any(key in name for key in ("bold", ",bd", "-bd", "black", "heavy", "semibold"))


@lru_cache(maxsize=4096)
def is_italic_font(font: str) -> bool:
    name = font.lower()
    return "italic" in name or "oblique" in name or name.endswith(",it") or "-it" in name


# Zones a line can belong to.
ZONE_BODY = "body"
ZONE_HEADER = "header"  # the Decree 30 preamble: issuer, national motto, number, place and date
ZONE_FOOTNOTE = "footnote"
ZONE_PAGE_NUMBER = "page_number"
ZONE_RUNNING = "running"  # running headers/footers and watermarks repeated on many pages
ZONE_STAMP = "stamp"  # digital-signature stamp text ("Ký bởi: … Thời gian ký: …")
ZONE_TABLE = "table"

# Page text quality.
QUALITY_TEXT = "text"
QUALITY_NONE = "none"
QUALITY_STAMP = "stamp"
QUALITY_GARBLED = "garbled"
QUALITY_UNREADABLE = "unreadable"  # the character source could not read the page at all


@dataclass
class Line:
    """A run of glyphs on one baseline and in one column, with its layout facts."""

    text: str
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # the main font size of the line (superscripts excluded)
    bold: bool = False
    italic: bool = False
    zone: str = ZONE_BODY
    font: str = ""  # the font most of the line is set in
    # Raised small digit runs found in the line, removed from ``text``: (offset where they stood, digits).
    superscripts: list[tuple[int, str]] = field(default_factory=list)
    # Those of them that are footnote markers: (offset, footnote number). The others are put back into
    # ``text`` as superscript characters ("700m²").
    markers: list[tuple[int, int]] = field(default_factory=list)
    # What drew it: ``page`` (the content stream), ``annotation`` (an annotation's appearance alone: a
    # signing stamp), ``mixed`` (page text with a widget's text placed into it: "Số: 1731/UBND-KSTT") or
    # ``ocr`` (words read from the page image).
    origin: str = "page"
    group: int = -1  # for annotation lines: the annotation's index on its page
    confidence: float | None = None  # OCR lines: the mean confidence of their words (0-100)
    doubtful: list[tuple[int, int]] = field(default_factory=list)  # OCR words read with low confidence: spans
    stroke: float | None = None  # OCR lines: their words' stroke thickness relative to the page's (Glyph.stroke)
    # The left edge of each character of ``text`` (page points), where known; None when the text was changed
    # after the glyphs were read (a character's place is then estimated along the line).
    xs: list[float] | None = None


@dataclass(slots=True)
class LineBox:
    """Where a stretch of a block's text stands: one line's offsets in the block's text and its box."""

    start: int
    end: int
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    xs: list[float] | None = None  # the left edge of each character from ``start`` on (Line.xs), where known

    def x_at(self, offset: int) -> float:
        """The left edge of the character at ``offset`` (``end``: the line's right edge)."""
        index = offset - self.start
        if index <= 0:
            return self.x0
        if index >= self.end - self.start:
            return self.x1
        if self.xs and index < len(self.xs):
            return self.xs[index]
        return self.x0 + (self.x1 - self.x0) * index / (self.end - self.start)


def line_boxes(lines: list[tuple[int, Line, int]]) -> list[LineBox]:
    """The boxes of ``(start, line, lead)`` triples: where each line's stripped text starts in a block's text
    and how many leading characters of ``line.text`` were dropped."""
    boxes = []
    for start, line, lead in lines:
        length = len(line.text.strip())
        xs = line.xs[lead:lead + length] if line.xs and len(line.xs) == len(line.text) else None
        boxes.append(LineBox(start, start + length, line.page, line.x0, line.top, line.x1, line.bottom, xs))
    return boxes


def span_box(boxes: list[LineBox], start: int, end: int) -> tuple[int, tuple[float, float, float, float]] | None:
    """The page and box (x0, top, x1, bottom) of the text ``[start, end)``: the union of the lines it covers
    on the page where it starts; None when no line is known there."""
    end = max(end, start + 1)
    covered = [box for box in boxes if box.start < end and box.end > start]
    if not covered:
        return None
    page = covered[0].page
    covered = [box for box in covered if box.page == page]
    x0 = min(box.x_at(max(start, box.start)) for box in covered)
    x1 = max(box.x_at(min(end, box.end)) for box in covered)
    if x1 <= x0:  # a stretch across lines that starts right of where it ends: the lines' full width
        x0, x1 = min(box.x0 for box in covered), max(box.x1 for box in covered)
    return page, (x0, min(box.top for box in covered), x1, max(box.bottom for box in covered))


@dataclass
class Marker:
    """A footnote marker removed from a block's text; ``offset`` is where it stood."""

    number: int
    offset: int


@dataclass
class Block:
    """A unit of text in reading order: a paragraph, heading, list item, table row, or footnote.

    ``page_starts`` maps offsets to pages for blocks that run across a page break: a list of
    ``(offset, page)`` pairs, the first being ``(0, page)``.
    """

    kind: str  # title | subject | heading | paragraph | item | table_row | recipients | signature | header | footnote
    text: str
    page: int
    source: str = "body"  # body | footnote
    footnote_no: int | None = None
    page_starts: list[tuple[int, int]] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    cells: list[str] | None = None  # table rows: the cell texts (``text`` is them joined by tabs)
    table: int | None = None  # table rows: index of the table in the document
    label: str = ""  # heading/item number as written ("3.1.", "-", "a)")
    bold: bool = False
    bbox: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom on the first page
    boxes: list[LineBox] = field(default_factory=list)  # where each line of ``text`` stands (see span_box)

    def box(self, start: int, end: int) -> tuple[int, tuple[float, float, float, float]] | None:
        """The page and box of the text ``[start, end)`` (see :func:`span_box`)."""
        return span_box(self.boxes, start, end)

    def page_at(self, offset: int) -> int:
        """The page on which the character at ``offset`` stands."""
        if not self.page_starts:
            return self.page
        offsets = [start for start, _ in self.page_starts]
        index = bisect.bisect_right(offsets, offset) - 1
        return self.page_starts[max(index, 0)][1]


@dataclass
class Footnote:
    """A footnote and the place in the body that cites it."""

    number: int
    text: str
    page: int  # page where the footnote text starts
    pages: list[int] = field(default_factory=list)  # every page the footnote text occupies
    anchor_page: int | None = None  # page of the marker in the body
    anchor_text: str = ""  # the body text just before the marker
    anchor_block: int | None = None  # index into Document.blocks
    anchor_offset: int | None = None  # offset of the marker in that block's text
    boxes: list[LineBox] = field(default_factory=list)  # where each line of ``text`` stands


@dataclass
class PageInfo:
    """What a page holds and how its text can be trusted."""

    number: int
    width: float
    height: float
    rotation: int = 0
    quality: str = QUALITY_TEXT  # text | none | stamp | garbled | unreadable
    chars: int = 0
    body_size: float = 0.0
    image_area: float = 0.0
    ocr: bool = False  # the page's text was read from its image
    ocr_confidence: float | None = None  # mean word confidence of that reading (0-100)


@dataclass
class DocMeta:
    """Decree 30/2020 header and closing of an administrative document."""

    doc_type: str = ""
    doc_number: str = ""
    issuer: str = ""
    issuer_parent: str = ""
    issue_place: str = ""
    issue_date: str = ""  # ISO, as far as it is filled in: "2019-10-21", "2020-09", "2025"
    title: str = ""
    signer_role: str = ""
    signer_name: str = ""
    # The other signers of a joint document whose signatures stand side by side: (role, name), left to right.
    cosigners: list[tuple[str, str]] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)  # the "Nơi nhận:" list
    addressees: list[str] = field(default_factory=list)  # the "Kính gửi:" list
    # Where doc_number and issue_date were read: ``header`` (the page's text), ``widget`` (a signature
    # widget filled the field in), ``stamp`` (a signing stamp that states them) or ``ocr`` (the page
    # image); "" when empty.
    doc_number_source: str = ""
    issue_date_source: str = ""
    signed_by: str = ""  # the organisation or person a signing stamp names ("Ký bởi:", "Cơ quan:")
    signed_at: str = ""  # ISO 8601 with offset: the first signing stamp's time, else the earliest signature's
    signatures: list[str] = field(default_factory=list)  # every signing time found, sorted
    certified_copy: str = ""  # a copy stamp: "SAO Y; who; when"
    # Fields OCR could not read with confidence (handwritten numbers and days), left empty, with what
    # was read: "doc_number: OCR read '3Ø' (not trusted)".
    unread: list[str] = field(default_factory=list)

    def cosigners_text(self) -> str:
        """The co-signers as ``role: name`` (the role alone when no name was read), joined by " | "."""
        return " | ".join(f"{role}: {name}" if name else role for role, name in self.cosigners)


@dataclass
class Document:
    """A read PDF: pages, lines, blocks in reading order, footnotes, metadata."""

    path: str
    sha256: str
    pages: list[PageInfo]
    lines: list[Line]
    blocks: list[Block]
    footnotes: list[Footnote]
    meta: DocMeta
    source: str = ""  # the character source that read it
    ocr_error: str = ""  # why pages that needed OCR were not read by it (Tesseract missing, a failure)
    page_errors: dict[int, str] = field(default_factory=dict)  # page number -> why it could not be read
    repaired: str = ""  # set when the file was damaged and read from a copy qpdf rebuilt: how, and what was wrong

    @property
    def doc_id(self) -> str:
        return self.sha256[:16]

    @property
    def text_source(self) -> str:
        """``text`` when every page has a real text layer; ``ocr`` when every page was read by OCR;
        ``scanned`` when no page has text and none was read by OCR; ``garbled`` when the only text is a
        garbled old OCR layer; ``mixed`` otherwise."""
        qualities = {"ocr" if page.ocr else page.quality for page in self.pages}
        if qualities == {QUALITY_TEXT}:
            return "text"
        if qualities == {"ocr"}:
            return "ocr"
        if QUALITY_TEXT in qualities or "ocr" in qualities:
            return "mixed"
        if QUALITY_GARBLED in qualities:
            return "garbled"
        return "scanned"

    def footnote(self, number: int) -> Footnote | None:
        for note in self.footnotes:
            if note.number == number:
                return note
        return None

    def to_dict(self, lines: bool = False) -> dict:
        """A JSON-ready view; ``lines=True`` adds every classified line."""
        data = {
            "path": self.path,
            "sha256": self.sha256,
            "doc_id": self.doc_id,
            "source": self.source,
            "text_source": self.text_source,
            "meta": asdict(self.meta),
            "pages": [asdict(page) for page in self.pages],
            "blocks": [_without_boxes(asdict(block)) for block in self.blocks],
            "footnotes": [_without_boxes(asdict(note)) for note in self.footnotes],
        }
        if lines:
            data["lines"] = [{k: v for k, v in asdict(line).items() if k != "xs"} for line in self.lines]
        return data


def _without_boxes(data: dict) -> dict:
    data.pop("boxes", None)
    return data
