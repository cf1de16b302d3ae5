"""A document with its blocks tokenised, tagged and split into sentences: what the table builders read.

The builders (movements, awardees, metrics) take a :class:`TaggedDocument` and return rows; they never
look at the PDF, and they give every row its provenance through :meth:`TaggedDocument.where`. It keeps,
per block, the tagger's tokens and spans (:meth:`TaggedDocument.view` gives both, indexed); its
``tables`` say which ruled tables go on from one page to the next, one rule for every builder.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from baocao.extract.entities import Span, Tagger, Token, Tokens
from baocao.extract.entities.numbers import NUMBER
from baocao.extract.entities.sentences import split_sentences
from baocao.extract.model import Block, Document

from .tables import EntityRow

# Blocks whose text is the document's content (the header, motto and signature are metadata).
CONTENT_KINDS = frozenset({"title", "subject", "heading", "paragraph", "item", "table_row", "footnote"})


@lru_cache(maxsize=1)
def shared_tagger() -> Tagger:
    """One tagger per process: building the spaCy pipeline and loading vocabularies takes a while."""
    return Tagger()


@dataclass
class Where:
    """Provenance of a value: the block it came from and what that block says about its place."""

    block: int
    page: int
    source: str
    footnote_no: int | None
    context: str


@dataclass
class TableRun:
    """One ruled table of a document (the rows a page holds of it): its header rows, caption and the table
    it goes on from."""

    table: int  # Block.table
    rows: list[int]  # block indices, in order
    width: int  # the most cells a row has
    continues: int | None = None  # Block.table of the table this one goes on from over a page break
    header_rows: int = 0  # rows before the first row of data (see header_rows)
    caption: str = ""  # what the headings above it name it (see caption)


# A cell holding one figure: a number, a ratio or a percentage ("6,74", "9,49/ 9,5", "99,9%", "1,5 triệu").
FIGURE_CELL = re.compile(rf"\s*({NUMBER})(\s*/\s*(?:{NUMBER}))?\s*(%|tỷ|tỉ|triệu|nghìn|ngàn)?\s*", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")
# A row's number in the first column: "1", "1.2", "II", "a)".
ROW_NUMBER = re.compile(r"(?:\d+|[IVXLC]+)(?:\.\d+)*[.)]?|[a-zđ][.)]", re.IGNORECASE)
_MAX_HEADER_ROWS = 3
_CAPTION_REACH = 8  # blocks above a table searched for its caption
_YEAR_IN = re.compile(r"\b(?:19|20)\d\d\b")
_BRACKETED = re.compile(r"\(([^()]+)\)")


def figure_cell(text: str) -> bool:
    """A cell holding one number, ratio or percentage ("6,74", "9,49/ 9,5", "99,9%", "1,5 triệu"), not a year."""
    return bool(FIGURE_CELL.fullmatch(text)) and not _YEAR.fullmatch(text.strip())


def header_rows(rows: list[Block]) -> int:
    """How many of a table's first rows are its header: the rows before one that holds a figure cell or
    starts with a row number; a second or third header row only under a row with merged (empty) cells."""
    count = 0
    for row in rows[:_MAX_HEADER_ROWS]:
        cells = row.cells or []
        if any(figure_cell(cell) for cell in cells) or (cells and ROW_NUMBER.fullmatch(cells[0].strip())):
            break
        if count and all(cell.strip() for cell in rows[count - 1].cells or []):
            break  # only a header with merged (empty) cells goes on in a second row
        count += 1
    return count


def caption(blocks: list[Block], first: int) -> str:
    """What the table starting at block ``first`` is about, from the headings above it: the short name its
    section gives in brackets and the year of the nearest heading ("I. CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (PAR
    INDEX)", "1. Kết quả Chỉ số năm 2024" -> "PAR INDEX 2024"); "" when they give no name."""
    name = year = ""
    for index in range(first - 1, max(-1, first - _CAPTION_REACH), -1):
        block = blocks[index]
        if block.kind == "table_row":
            break
        if block.kind != "heading":
            continue
        if not year and (found := _YEAR_IN.search(block.text)):
            year = found.group()
        short = [inner.strip() for inner in _BRACKETED.findall(block.text)
                 if len(inner.split()) <= 4 and re.search(r"[A-ZĐ]", inner)]
        if short:
            name = short[-1]
            break
    return f"{name} {year}".strip() if name else ""


# A word of three letters: text between two tables that is more than a page number or marks read from a seal.
_WORDED = re.compile(r"[^\W\d_]{3}")


def table_runs(blocks: list[Block]) -> dict[int, TableRun]:
    """The document's tables. A table goes on from the one before it (across a page break) when both have
    the same number of columns and no body text with a word stands between them; whether its own header
    row, if it has one, starts a new table is the builders' call (they know what a header is to them)."""
    runs: dict[int, TableRun] = {}
    previous: TableRun | None = None
    for index, block in enumerate(blocks):
        if block.kind != "table_row" or block.table is None:
            continue
        run = runs.get(block.table)
        if run is None:
            run = runs[block.table] = TableRun(table=block.table, rows=[], width=0)
            if previous is not None:
                between = blocks[previous.rows[-1] + 1:index]
                worded = any(b.kind in CONTENT_KINDS and b.source == "body" and _WORDED.search(b.text)
                             for b in between)
                run.continues = previous.table if not worded else None
            previous = run
        run.rows.append(index)
        run.width = max(run.width, len(block.cells or []))
    for run in runs.values():  # same width: decided once every row is in
        if run.continues is not None and runs[run.continues].width != run.width:
            run.continues = None
        run.header_rows = header_rows([blocks[i] for i in run.rows])
        run.caption = caption(blocks, run.rows[0])
    return runs


class BlockView:
    """One block's text, spans and tokens, indexed for rules that walk the text from an offset."""

    def __init__(self, block: Block, index: int, spans: list[Span], tokens: Tokens):
        self.index = index
        self.block = block
        self.text = block.text
        self.spans = spans
        self.tokens = tokens
        self.starting: dict[int, list[Span]] = {}
        for span in spans:
            self.starting.setdefault(span.start, []).append(span)

    def at(self, pos: int, *labels: str) -> Span | None:
        """The longest span with one of ``labels`` starting at ``pos``."""
        found = [s for s in self.starting.get(pos, ()) if s.label in labels]
        return max(found, key=lambda s: s.end) if found else None

    def inside(self, pos: int) -> int:
        """End of the furthest span covering ``pos`` (``pos`` when none)."""
        return max((s.end for s in self.spans if s.start < pos < s.end), default=pos)

    def skip(self, pos: int) -> int:
        """``pos`` moved over white space."""
        while pos < len(self.text) and self.text[pos].isspace():
            pos += 1
        return pos

    def word_at(self, pos: int) -> Token | None:
        """The word (a token of letters or digits) starting at ``pos``."""
        token = self.tokens.at(pos)
        return token if token is not None and token.text[0].isalnum() else None

    def keys_from(self, pos: int, limit: int) -> tuple[str, ...]:
        """Folded words from ``pos`` on (at most ``limit``, up to a punctuation mark)."""
        return tuple(t.key for t in self.tokens.words_from(pos, limit))

    def entry_end(self, pos: int, vocab, longest: int) -> int:
        """End offset of the longest entry of ``vocab`` (tuples of folded words, at most ``longest`` long)
        that the words at ``pos`` make; ``pos`` when none."""
        words = self.tokens.words_from(pos, longest)
        keys = tuple(t.key for t in words)
        for n in range(len(keys), 0, -1):
            if keys[:n] in vocab:
                return words[n - 1].end
        return pos


@dataclass
class TaggedDocument:
    doc: Document
    spans: list[list[Span]]  # per block, aligned with doc.blocks
    sentences: list[list[tuple[int, int]]] = field(default_factory=list)  # per block: (start, end)
    tokens: list[Tokens] = field(default_factory=list)  # per block, aligned with doc.blocks
    _views: dict[int, BlockView] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def blocks(self) -> list[Block]:
        return self.doc.blocks

    def view(self, index: int) -> BlockView:
        """Block ``index`` with its spans and tokens indexed (made once per block)."""
        view = self._views.get(index)
        if view is None:
            tokens = self.tokens[index] if index < len(self.tokens) else Tokens()
            view = self._views[index] = BlockView(self.blocks[index], index, self.spans[index], tokens)
        return view

    def cell_keys(self, index: int) -> list[str]:
        """Per cell of table row ``index``: its words (tokens of letters or digits), folded, joined by a space."""
        block = self.blocks[index]
        keys, start = [], 0
        for cell in block.cells or []:
            keys.append(" ".join(t.key for t in self.words(index, start, start + len(cell)) if t.text[0].isalnum()))
            start += len(cell) + 1  # the cells are joined by tabs
        return keys

    def words(self, index: int, start: int = 0, end: int | None = None) -> tuple[Token, ...]:
        """The tokens of block ``index`` lying in ``[start, end)``."""
        tokens = self.tokens[index] if index < len(self.tokens) else Tokens()
        return tokens.between(start, len(self.blocks[index].text) if end is None else end)

    @cached_property
    def tables(self) -> dict[int, TableRun]:
        """The document's ruled tables by Block.table, each with the table it continues (see table_runs)."""
        return table_runs(self.blocks)

    def sentence(self, index: int, offset: int) -> tuple[int, int]:
        """(start, end) of the sentence of block ``index`` holding ``offset``."""
        bounds = self.sentences[index]
        if not bounds:
            return 0, len(self.blocks[index].text)
        starts = [start for start, _ in bounds]
        position = max(bisect.bisect_right(starts, offset) - 1, 0)
        return bounds[position]

    def where(self, index: int, offset: int, end: int | None = None) -> Where:
        """Provenance of the text at ``offset`` (to ``end``) in block ``index``."""
        block = self.blocks[index]
        start, stop = self.sentence(index, offset)
        if end is not None and end > stop:
            stop = self.sentence(index, max(end - 1, offset))[1]
        return Where(block=index, page=block.page_at(offset), source=block.source,
                     footnote_no=block.footnote_no, context=block.text[start:stop].strip())

    def content(self):
        """``(index, block, spans)`` for the blocks holding the document's content."""
        for index, block in enumerate(self.blocks):
            if block.kind in CONTENT_KINDS:
                yield index, block, self.spans[index]


def bbox_text(box: tuple[float, float, float, float] | None) -> str:
    """A box as the tables write it: "x0 top x1 bottom" in page points, rounded to 0.1; "" for None."""
    return " ".join(f"{value:.1f}" for value in box) if box else ""


# The tables whose rows point at a stretch of a block's text (block, char_start, char_end).
PLACED_TABLES = ("movements", "awardees", "metrics", "references", "entities", "findings")


def place_rows(doc: Document, result) -> None:
    """Give every row of ``result`` (a DocResult) that stands in a block its box on the page (``bbox``): the
    stretch ``[char_start, char_end)`` of its block, a whole block for blocks, a footnote's text for footnotes."""
    blocks = doc.blocks
    for table in PLACED_TABLES:
        for row in getattr(result, table):
            if row.block is None or not 0 <= row.block < len(blocks) or row.char_start is None:
                continue
            end = row.char_end if row.char_end is not None else row.char_start + 1
            found = blocks[row.block].box(row.char_start, end)
            # A box on another page than the row's (a footnote running onto the next page keeps its first page
            # for all its text) would be drawn on the wrong page: none then.
            row.bbox = bbox_text(found[1] if found and found[0] == row.page else None)
    for row in result.blocks:
        block = blocks[row.block]
        found = block.box(0, len(block.text))
        row.bbox = bbox_text(found[1] if found else None)
    notes = {block.footnote_no: block for block in blocks if block.source == "footnote"}
    for row in result.footnotes:
        block = notes.get(row.footnote_no)
        found = block.box(0, len(block.text)) if block is not None else None
        row.bbox = bbox_text(found[1] if found else None)


# Blocks not tagged: the national motto ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc").
UNTAGGED_KINDS = frozenset({"motto"})


def tag_document(doc: Document, tagger: Tagger | None = None) -> TaggedDocument:
    """Tokenise and tag every block of ``doc`` (but the national motto) and split it into sentences."""
    tagger = tagger or shared_tagger()
    texts = ["" if block.kind in UNTAGGED_KINDS else block.text for block in doc.blocks]
    analysed = tagger.analyse_many(texts) if texts else []
    sentences = [split_sentences(block.text) if block.kind != "table_row" else [(0, len(block.text))]
                 for block in doc.blocks]
    return TaggedDocument(doc=doc, spans=[spans for spans, _ in analysed], sentences=sentences,
                          tokens=[tokens for _, tokens in analysed])


def entity_rows(tagged: TaggedDocument) -> list[EntityRow]:
    """One row per tagged span of every block, in reading order (ids are set by the caller)."""
    doc = tagged.doc
    return [
        EntityRow(doc_id=doc.doc_id, label=span.label, text=span.text, normalized=span.normalized,
                  page=block.page_at(span.start), source=block.source, footnote_no=block.footnote_no,
                  char_start=span.start, char_end=span.end, block=index, value=span.value, unit=span.unit or "")
        for index, (block, spans) in enumerate(zip(doc.blocks, tagged.spans))
        for span in spans
    ]
