"""A document with its blocks tagged and split into sentences: what the table builders read.

The builders (movements, awardees, metrics) take a :class:`TaggedDocument` and return rows; they never
look at the PDF, and they give every row its provenance through :meth:`TaggedDocument.where`. Its
``tables`` say which ruled tables go on from one page to the next, one rule for every builder.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from baocao.extract.entities import Span, Tagger
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
    """One ruled table of a document (the rows a page holds of it) and the table it goes on from."""

    table: int  # Block.table
    rows: list[int]  # block indices, in order
    width: int  # the most cells a row has
    continues: int | None = None  # Block.table of the table this one goes on from over a page break


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
    return runs


@dataclass
class TaggedDocument:
    doc: Document
    spans: list[list[Span]]  # per block, aligned with doc.blocks
    sentences: list[list[tuple[int, int]]] = field(default_factory=list)  # per block: (start, end)

    @property
    def blocks(self) -> list[Block]:
        return self.doc.blocks

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


# Blocks not tagged: the national motto ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc").
UNTAGGED_KINDS = frozenset({"motto"})


def tag_document(doc: Document, tagger: Tagger | None = None) -> TaggedDocument:
    """Tag every block of ``doc`` (but the national motto) and split it into sentences."""
    tagger = tagger or shared_tagger()
    texts = ["" if block.kind in UNTAGGED_KINDS else block.text for block in doc.blocks]
    spans = tagger.tag_many(texts) if texts else []
    sentences = [split_sentences(block.text) if block.kind != "table_row" else [(0, len(block.text))]
                 for block in doc.blocks]
    return TaggedDocument(doc=doc, spans=spans, sentences=sentences)


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
