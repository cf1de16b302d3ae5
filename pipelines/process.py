"""One document, start to finish: read, tag, build every table's rows. Failures become data.

:func:`process_file` never raises for a bad document: it returns a :class:`DocResult` whose documents row
says ``status=error`` and why. The batch (``baocao.pipelines.batch``) calls it once per file, maybe in parallel
processes, and caches the result as JSON.
"""

from __future__ import annotations

import dataclasses
import time
import traceback
from dataclasses import dataclass, field
from typing import Any

from baocao.extract.errors import BaocaoError, ReadError
from baocao.extract.model import Document
from baocao.extract.reader import read_pdf, sha256_file
from baocao.extract.sources import DEFAULT_SOURCE
from baocao.extract.textnorm import one_line

from .tables import (
    BY_NAME,
    REGISTRY,
    TABLES,
    AwardeeRow,
    BlockRow,
    DocumentRow,
    EntityRow,
    FindingRow,
    FootnoteRow,
    MetricRow,
    MovementRow,
    ReferenceRow,
)

# The tables whose rows a document gives; the others (people, units) are made for the whole batch when the
# tables are written (baocao.pipelines.batch.write_tables) and are no part of a DocResult.
DOCUMENT_TABLES = tuple(table.name for table in REGISTRY if not table.batch)

# Bump when a change to the reader or a builder changes the rows: cached results of older versions
# are then recomputed by the next run.
PIPELINE_VERSION = "33"



@dataclass
class DocResult:
    """Every table's rows for one document."""

    document: DocumentRow
    footnotes: list[FootnoteRow] = field(default_factory=list)
    movements: list[MovementRow] = field(default_factory=list)
    awardees: list[AwardeeRow] = field(default_factory=list)
    metrics: list[MetricRow] = field(default_factory=list)
    references: list[ReferenceRow] = field(default_factory=list)
    entities: list[EntityRow] = field(default_factory=list)
    blocks: list[BlockRow] = field(default_factory=list)
    findings: list[FindingRow] = field(default_factory=list)
    seconds: float = 0.0
    version: str = PIPELINE_VERSION

    def rows(self, table: str) -> list[Any]:
        return [self.document] if table == "documents" else getattr(self, table)

    def to_json(self) -> dict[str, Any]:
        data = {table: [dataclasses.asdict(row) for row in self.rows(table)] for table in DOCUMENT_TABLES}
        data["seconds"] = self.seconds
        data["version"] = self.version
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DocResult:
        tables = {table: [TABLES[table](**row) for row in data.get(table, [])] for table in DOCUMENT_TABLES}
        return cls(document=tables.pop("documents")[0], seconds=data.get("seconds", 0.0),
                   version=data.get("version", ""), **tables)


def process_file(path: str, display: str | None = None, sha256: str | None = None,
                 source: str = DEFAULT_SOURCE, ocr: str = "auto", ocr_cache: str | None = None,
                 ocr_workers: int = 1) -> DocResult:
    """Read and extract one PDF; a failure is returned as a documents row with status ``error``.

    ``source`` names the character source (``pdfplumber`` or ``pdfium``; see ``baocao.extract.sources``);
    ``ocr``, ``ocr_cache`` and ``ocr_workers`` are passed to :func:`baocao.extract.reader.read_pdf`.
    """
    started = time.perf_counter()
    display = display or str(path)
    try:
        sha256 = sha256 or sha256_file(path)
    except OSError as exc:
        sha256 = ""
        row = DocumentRow(source_file=display, status="error", error=f"cannot read the file: {exc.strerror or exc}")
        return DocResult(document=row, seconds=time.perf_counter() - started)
    doc_id = sha256[:16]
    try:
        doc = read_pdf(path, source=source, ocr=ocr, ocr_cache=ocr_cache, ocr_workers=ocr_workers)
        result = build_rows(doc, display)
    except ReadError as exc:
        message = str(exc).split(": ", 1)[-1] if str(exc).startswith(str(path)) else str(exc)
        result = DocResult(document=DocumentRow(doc_id=doc_id, source_file=display, sha256=sha256,
                                                status="error", error=f"{exc.kind}: {message}"))
    except BaocaoError as exc:
        result = DocResult(document=DocumentRow(doc_id=doc_id, source_file=display, sha256=sha256,
                                                status="error", error=one_line(str(exc))))
    except MemoryError:
        raise  # the worker reports it (pipelines/workers.py)
    except Exception as exc:  # a bug must not stop the batch: record it and go on
        where = traceback.extract_tb(exc.__traceback__)[-1]
        result = DocResult(document=DocumentRow(
            doc_id=doc_id, source_file=display, sha256=sha256, status="error",
            error=one_line(f"internal error ({exc.__class__.__name__}: {exc}) at "
                           f"{where.filename.rsplit('/', 1)[-1]}:{where.lineno}")))
    result.seconds = round(time.perf_counter() - started, 3)
    return result


def build_rows(doc: Document, display: str) -> DocResult:
    """All tables' rows for a read document."""
    from .awardees import extract_awardees
    from .findings import find_findings
    from .metrics import extract_metrics
    from .movements import extract_movements
    from .references import document_entities, find_mentions, reference_rows
    from .tagged import place_rows, tag_document

    tagged = tag_document(doc)
    result = DocResult(document=document_row(doc, display))
    result.footnotes = [
        FootnoteRow(doc_id=doc.doc_id, footnote_no=note.number, page=note.page, text=note.text,
                    anchor_page=note.anchor_page, anchor_text=note.anchor_text, anchor_block=note.anchor_block,
                    anchor_offset=note.anchor_offset)
        for note in doc.footnotes
    ]
    result.blocks = [
        BlockRow(doc_id=doc.doc_id, block=index, kind=block.kind, page=block.page, source=block.source,
                 footnote_no=block.footnote_no, text=block.text)
        for index, block in enumerate(doc.blocks)
    ]
    mentions = find_mentions(tagged)
    result.references = reference_rows(tagged, mentions)
    result.entities = document_entities(tagged, mentions)
    result.movements = extract_movements(tagged)
    result.awardees = extract_awardees(tagged)
    result.metrics = extract_metrics(tagged)
    _number_rows(result, doc.doc_id)
    result.findings = find_findings(tagged, result)  # reads the other rows by their ids
    _number_rows(result, doc.doc_id)
    _mark_text_source(doc, result)
    place_rows(doc, result)
    return result


def _number_rows(result: DocResult, doc_id: str) -> None:
    """Give every row its document and each numbered table's rows their ids ("<doc_id>-Q0001")."""
    for table in REGISTRY:
        if not table.id_prefix:
            continue
        for number, row in enumerate(getattr(result, table.name), start=1):
            row.doc_id = doc_id
            setattr(row, table.id_column, f"{doc_id}-{table.id_prefix}{number:04d}")


def _mark_text_source(doc: Document, result: DocResult) -> None:
    """Give every row that stands on a page how that page was read (text layer or OCR, and its confidence)."""
    pages = {page.number: page for page in doc.pages}
    for table in DOCUMENT_TABLES:
        if table == "documents" or "text_source" not in BY_NAME[table].columns:
            continue
        for row in getattr(result, table):
            page = pages.get(row.page)
            if page is None:
                continue
            row.text_source = "ocr" if page.ocr else "text"
            row.ocr_confidence = page.ocr_confidence if page.ocr else None


def document_row(doc: Document, display: str) -> DocumentRow:
    meta = doc.meta
    unreadable = [page for page in doc.pages if page.quality != "text" and not page.ocr]
    read = [page for page in doc.pages if page.ocr]
    status, parts = "ok", []
    scanned = [page for page in unreadable if page.number not in doc.page_errors]
    if scanned:
        kinds = sorted({page.quality for page in scanned})
        words = {"none": "no text layer (scanned)", "stamp": "only a signature stamp", "garbled": "a garbled OCR layer"}
        why = doc.ocr_error or "OCR was not asked for (--ocr never)"
        parts.append(f"{len(scanned)} of {len(doc.pages)} pages have " + " or ".join(words[k] for k in kinds)
                     + f" and were not read: {why}")
    if doc.page_errors:
        first = doc.page_errors[min(doc.page_errors)]
        parts.append(f"{len(doc.page_errors)} of {len(doc.pages)} pages cannot be read: {first}")
    if unreadable:
        status = "partial"
    error = "; ".join(parts)
    confidence = (round(sum(p.ocr_confidence or 0.0 for p in read) / len(read), 1) if read else None)
    return DocumentRow(
        doc_id=doc.doc_id, source_file=display, sha256=doc.sha256, pages=len(doc.pages), doc_type=meta.doc_type,
        doc_number=meta.doc_number, issuer=meta.issuer, issuer_parent=meta.issuer_parent,
        issue_place=meta.issue_place, issue_date=meta.issue_date, title=meta.title, signer_role=meta.signer_role,
        signer_name=meta.signer_name,
        cosigners=meta.cosigners_text(),
        text_source=doc.text_source, status=status, error=error,
        unreadable_pages=" ".join(f"{page.number}:{page.quality}" for page in unreadable),
        doc_number_source=meta.doc_number_source, issue_date_source=meta.issue_date_source,
        signed_by=meta.signed_by, signed_at=meta.signed_at, signatures=" | ".join(meta.signatures),
        certified_copy=meta.certified_copy, ocr_pages=len(read), ocr_confidence=confidence,
        unread_fields="; ".join(meta.unread), repaired=doc.repaired,
    )
