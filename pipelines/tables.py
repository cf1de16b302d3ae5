"""The output tables: one dataclass per table (field order is CSV column order) and one ``REGISTRY`` entry.

Each field's ``metadata`` carries its Table Schema type and a description. The registry gives each table its
key, its links to other tables, the prefix of its row ids and whether gold scores it; the CSV writer,
``datapackage.json``, the DuckDB views (``query``), the ids (``process``), the evaluator and the README's
data dictionary (``python -m baocao.pipelines.tables --markdown``) all read it.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
import os
import sys
import tempfile
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any


def col(kind: str, description: str, default: Any = "", **extra: Any) -> Any:
    """A table column: its Table Schema ``kind`` (string, integer, number) and its description."""
    return field(default=default, metadata={"type": kind, "description": description, **extra})


TEXT_SOURCE = "how the page the row stands on was read: `text` (its text layer) or `ocr`"
OCR_CONFIDENCE = "for `ocr`: the mean word confidence (0-100) of that page's reading"

BBOX = ("where the row's text stands on its page: \"x0 top x1 bottom\" in PDF points from the page's top-left "
        "corner, rounded to 0.1 (text over several lines: the union of its lines on the page where it starts); "
        "empty when unknown")

PROVENANCE = {
    "page": "1-based PDF page the value stands on",
    "source": "`body` or `footnote`",
    "footnote_no": "the footnote's number when source is `footnote`, else empty",
}


@dataclass
class DocumentRow:
    doc_id: str = col("string", "first 16 hex digits of the file's sha256; links every table (a file that could not be read to hash it: \"path-\" and 11 hex digits of its path's sha256)")
    source_file: str = col("string", "path of the PDF as given to `baocao run` (the first, for duplicates), exactly as it is (a line break in a file name is kept)", exact=True)
    sha256: str = col("string", "sha256 of the file's bytes")
    pages: int | None = col("integer", "number of pages", None)
    doc_type: str = col("string", "document type: Báo cáo, Quyết định, Tờ trình, Kế hoạch, Công văn, …")
    doc_number: str = col("string", "number and symbol after \"Số:\", spaces removed (\"245/BC-UBND\"; \"/UBND-KSTT\" when the number was left blank)")
    issuer: str = col("string", "issuing body as printed in the header")
    issuer_parent: str = col("string", "parent body printed above the issuer (not bold), else empty")
    issue_place: str = col("string", "place of the \"Place, ngày … tháng … năm …\" line")
    issue_date: str = col("string", "ISO date as far as it is filled in: 2019-10-21, 2020-09 or 2025")
    title: str = col("string", "subject: the lines under the type title, or the \"V/v …\" line of a letter")
    signer_role: str = col("string", "signature block lines above the signature, joined by \" / \"")
    signer_name: str = col("string", "name under the signature")
    text_source: str = col("string", "`text` (real text layer on every page), `ocr` (every page read by OCR), `scanned` or `garbled` (not read), or `mixed`")
    status: str = col("string", "`ok`, `partial` (some pages have no usable text or cannot be read) or `error`")
    error: str = col("string", "why the document failed or is partial")
    duplicates: str = col("string", "other paths given with the same sha256, joined by \" | \"", exact=True)
    unreadable_pages: str = col("string", "pages without usable text as `page:quality`, e.g. `3:none 4:garbled 5:unreadable` (`unreadable`: the page itself could not be read)")
    doc_number_source: str = col("string", "where `doc_number` was read: `header` (text layer), `widget` (drawn by a signature widget), `stamp`, `ocr`, or `annex` (the number part OCR could not read in the header, from an annex's \"Kèm theo Quyết định số …\" note)")
    issue_date_source: str = col("string", "where `issue_date` was read: `header`, `widget`, `stamp`, `ocr`, or `signature` (a day or month OCR could not read, completed from the digital signing time that agrees with the rest)")
    cosigners: str = col("string", "the other signers of a joint document whose signatures stand side by side, left to right, as `role: name`, joined by \" | \" (`signer_*` is the first)")
    signed_by: str = col("string", "organisation or person a digital-signature stamp names (\"Ký bởi:\", \"Cơ quan:\")")
    signed_at: str = col("string", "ISO date-time with offset: the first signing stamp's time, else the earliest signature's `/M`")
    signatures: str = col("string", "every signing time found (stamps and signature dictionaries), sorted, joined by \" | \"")
    certified_copy: str = col("string", "a certified-copy stamp: \"SAO Y; who; when\"")
    ocr_pages: int | None = col("integer", "pages whose text was read from their image by OCR", None)
    ocr_confidence: float | None = col("number", "mean OCR word confidence (0-100) over those pages; empty when none", None)
    unread_fields: str = col("string", "fields left empty because OCR could not read them with confidence, with what it read (\"doc_number: OCR read '3Ø' (not trusted)\"), joined by \"; \"")
    repaired: str = col("string", "set when the file was damaged and read from a copy qpdf rebuilt: \"rebuilt by qpdf; as found: …\" with the error the file gave")


@dataclass
class FootnoteRow:
    doc_id: str = col("string", "document")
    footnote_no: int | None = col("integer", "the footnote's number", None)
    page: int | None = col("integer", "page where the footnote text starts", None)
    text: str = col("string", "footnote text, joined across pages")
    anchor_page: int | None = col("integer", "page of the marker in the body; empty when no marker was found", None)
    anchor_text: str = col("string", "the last words of body text before the marker")
    anchor_block: int | None = col("integer", "block (in blocks.csv) holding the marker", None)
    anchor_offset: int | None = col("integer", "character offset of the marker in that block's text", None)
    text_source: str = col("string", TEXT_SOURCE)
    ocr_confidence: float | None = col("number", OCR_CONFIDENCE, None)
    bbox: str = col("string", BBOX)

@dataclass
class MovementRow:
    doc_id: str = col("string", "document")
    movement_id: str = col("string", "row id, unique across the output: doc_id + \"-M\" + sequence")
    name: str = col("string", "the movement's name as quoted, without the quotes")
    organisation: str = col("string", "body that launched or ran it, where the text says so")
    kind: str = col("string", "đặc biệt, cao điểm, thường xuyên or chuyên đề where stated")
    launch_date: str = col("string", "ISO date of launch where stated")
    page: int | None = col("integer", PROVENANCE["page"], None)
    source: str = col("string", PROVENANCE["source"])
    footnote_no: int | None = col("integer", PROVENANCE["footnote_no"], None)
    context: str = col("string", "the sentence the row came from")
    block: int | None = col("integer", "block (in blocks.csv) the row came from", None)
    char_start: int | None = col("integer", "offset of the name in the block's text", None)
    char_end: int | None = col("integer", "end offset of the name in the block's text", None)
    text_source: str = col("string", TEXT_SOURCE)
    ocr_confidence: float | None = col("number", OCR_CONFIDENCE, None)
    bbox: str = col("string", BBOX)

@dataclass
class AwardeeRow:
    doc_id: str = col("string", "document")
    awardee_id: str = col("string", "row id: doc_id + \"-A\" + sequence (one row per awardee and award)")
    kind: str = col("string", "`person` or `collective`")
    name: str = col("string", "a person's full name (no honorific, no rank) or a collective's name")
    rank: str = col("string", "military or police rank, canonical spelling (\"Thượng úy\")")
    position: str = col("string", "position as written (\"Phó trưởng Phòng …\")")
    organisation: str = col("string", "unit the awardee belongs to")
    award: str = col("string", "title or decoration received (\"Bằng khen của …\", \"Huy chương Vàng\")")
    quantity: int | None = col("integer", "how many of the award, where a number is written", None)
    page: int | None = col("integer", PROVENANCE["page"], None)
    source: str = col("string", PROVENANCE["source"])
    footnote_no: int | None = col("integer", PROVENANCE["footnote_no"], None)
    context: str = col("string", "the sentence or list row the awardee came from")
    list_no: str = col("string", "number in the award list (STT), when the awardee came from a list")
    block: int | None = col("integer", "block (in blocks.csv) the row came from", None)
    char_start: int | None = col("integer", "offset of the name in the block's text (of its cell or clause "
                                 "where the name is not written as given)", None)
    char_end: int | None = col("integer", "end offset of the name in the block's text", None)
    text_source: str = col("string", TEXT_SOURCE)
    ocr_confidence: float | None = col("number", OCR_CONFIDENCE, None)
    person_id: str = col("string", "the person (people.csv) for kind `person`: the same id for the same person in "
                         "every document of the batch; set when the tables are written")
    unit_id: str = col("string", "the unit (units.csv): the collective itself, or the first unit of a person's "
                       "organisation; set when the tables are written")
    bbox: str = col("string", BBOX)

@dataclass
class MetricRow:
    doc_id: str = col("string", "document")
    metric_id: str = col("string", "row id: doc_id + \"-Q\" + sequence")
    raw: str = col("string", "the figure as written, without its qualifier (\"5.027 tỷ đồng\")")
    value: float | None = col("number", "plain number in base units (5027000000000)", None)
    unit: str = col("string", "`VND`, `%`, `USD`, a measure (`m2`, `km`) or the counted noun (`hồ sơ`)")
    qualifier: str = col("string", "word before the figure: trên, gần, khoảng, hơn, đạt, …")
    subject: str = col("string", "what the figure measures, as in the text")
    page: int | None = col("integer", PROVENANCE["page"], None)
    source: str = col("string", PROVENANCE["source"])
    footnote_no: int | None = col("integer", PROVENANCE["footnote_no"], None)
    context: str = col("string", "the sentence the figure came from")
    label: str = col("string", "`MONEY`, `PERCENT` or `QUANTITY`")
    block: int | None = col("integer", "block (in blocks.csv) the figure came from", None)
    char_start: int | None = col("integer", "offset of the figure (raw) in the block's text", None)
    char_end: int | None = col("integer", "end offset of the figure in the block's text", None)
    text_source: str = col("string", TEXT_SOURCE)
    ocr_confidence: float | None = col("number", OCR_CONFIDENCE, None)
    bbox: str = col("string", BBOX)

@dataclass
class ReferenceRow:
    doc_id: str = col("string", "document (the citing one)")
    reference_id: str = col("string", "row id: doc_id + \"-R\" + sequence (one row per mention, in reading order)")
    relation: str = col("string", "what the citing text does with the cited document, from the cue before it: "
                        "căn cứ, theo đề nghị, thực hiện, kèm theo, thay thế, sửa đổi, bãi bỏ, hướng dẫn, theo, "
                        "or empty")
    cited_type: str = col("string", "the cited document's type: Luật, Nghị định, Quyết định, Công văn (also "
                          "\"Văn bản số …\"), Tờ trình, …")
    cited_number: str = col("string", "its number and symbol as printed after \"số\", spaces removed "
                            "(\"91/2017/NĐ-CP\"); empty when not given")
    cited_date: str = col("string", "its ISO date as far as given (\"ngày 26/5/2016\", \"năm 2021\" of a law)")
    cited_issuer: str = col("string", "its issuer as written after \"của\" (\"Chính phủ\", \"UBND tỉnh\"), "
                                      "else as the clause names it before (\"UBND tỉnh đã ban hành …\", "
                                      "\"của Sở Tư pháp tại …\")")
    cited_title: str = col("string", "a law's name (\"Luật Thi đua, Khen thưởng\") or the subject written after "
                           "the citation (\"về việc …\", \"quy định chi tiết …\")")
    resolved_doc_id: str = col("string", "the document of the same batch it cites, when one matches (number and "
                               "symbol, else type, issuer and date); empty otherwise")
    page: int | None = col("integer", PROVENANCE["page"], None)
    source: str = col("string", PROVENANCE["source"])
    footnote_no: int | None = col("integer", PROVENANCE["footnote_no"], None)
    context: str = col("string", "the sentence the citation stands in")
    block: int | None = col("integer", "block (in blocks.csv) the citation stands in", None)
    char_start: int | None = col("integer", "offset of the citation (its type word) in the block's text", None)
    char_end: int | None = col("integer", "end offset of the citation (its name, number or date) in the block's "
                               "text", None)
    text_source: str = col("string", TEXT_SOURCE)
    ocr_confidence: float | None = col("number", OCR_CONFIDENCE, None)
    bbox: str = col("string", BBOX)

@dataclass
class EntityRow:
    doc_id: str = col("string", "document")
    entity_id: str = col("string", "row id: doc_id + \"-E\" + sequence")
    label: str = col("string", "PER, RANK, POSITION, ORG, LOC, AWARD, DATE, MONEY, PERCENT, QUANTITY or "
                     "DOCREF (the number of a cited document, one per row of references.csv that gives one)")
    text: str = col("string", "the span as written")
    normalized: str = col("string", "normal form: ISO date, canonical rank, \"5027000000000 VND\", cleaned name")
    page: int | None = col("integer", PROVENANCE["page"], None)
    source: str = col("string", PROVENANCE["source"])
    footnote_no: int | None = col("integer", PROVENANCE["footnote_no"], None)
    char_start: int | None = col("integer", "offset of the span in its block's text (blocks.csv)", None)
    char_end: int | None = col("integer", "end offset of the span in its block's text", None)
    block: int | None = col("integer", "block (in blocks.csv) holding the span", None)
    value: float | None = col("number", "numeric value of MONEY, PERCENT and QUANTITY spans", None)
    unit: str = col("string", "unit of MONEY, PERCENT and QUANTITY spans")
    text_source: str = col("string", TEXT_SOURCE)
    ocr_confidence: float | None = col("number", OCR_CONFIDENCE, None)
    bbox: str = col("string", BBOX)

@dataclass
class BlockRow:
    doc_id: str = col("string", "document")
    block: int | None = col("integer", "block number in reading order, from 0", None)
    kind: str = col("string", "title, subject, heading, paragraph, item, table_row, footnote, issuer, …")
    page: int | None = col("integer", "page where the block starts", None)
    source: str = col("string", PROVENANCE["source"])
    footnote_no: int | None = col("integer", PROVENANCE["footnote_no"], None)
    text: str = col("string", "the block's text (NFC, line breaks joined, markers removed)")
    text_source: str = col("string", TEXT_SOURCE)
    ocr_confidence: float | None = col("number", OCR_CONFIDENCE, None)
    bbox: str = col("string", BBOX)


@dataclass
class PersonRow:
    person_id: str = col("string", "\"P-\" and 12 hex digits of the sha256 of the folded name and the row id of "
                         "the person's first row (earliest issue date): the same for any input order")
    name: str = col("string", "the name as most often written")
    spellings: str = col("string", "every spelling seen (tone placement, case), joined by \" | \"")
    ranks: str = col("string", "ranks seen, earliest first, joined by \" | \"")
    positions: str = col("string", "positions as written, earliest first, joined by \" | \"")
    organisations: str = col("string", "organisations as written, earliest first, joined by \" | \"")
    units: str = col("string", "the units (unit_id in units.csv) of those organisations, joined by a space")
    first_date: str = col("string", "issue date of the earliest document naming the person")
    last_date: str = col("string", "issue date of the latest one")
    documents: str = col("string", "the documents naming the person (doc_id), earliest first, joined by a space")
    awards: int | None = col("integer", "awardee rows of the person (one per award)", None)
    evidence: str = col("string", "what joined the rows, by kind and count: `unit` (overlapping organisations), "
                        "`position`, `reference` (documents linked by a resolved reference), `document` (the "
                        "same document)")
    candidates: str = col("string", "other people of the same folded name kept apart (no evidence, or "
                          "contradicting units or ranks), joined by a space: maybe the same person, for a "
                          "person to check")


@dataclass
class UnitRow:
    unit_id: str = col("string", "\"U-\" and 12 hex digits of the sha256 of the unit's name key and the row id "
                       "of its first awardee row")
    name: str = col("string", "the name as most often written")
    spellings: str = col("string", "every spelling seen (tone placement, abbreviations such as \"UBND\"), joined "
                         "by \" | \"")
    parents: str = col("string", "the bodies written after it (\"Công an tỉnh\"), joined by \" | \"")
    kind: str = col("string", "`collective` (awarded itself), `organisation` (a person's unit) or both")
    first_date: str = col("string", "issue date of the earliest document naming the unit")
    last_date: str = col("string", "issue date of the latest one")
    documents: str = col("string", "the documents naming it (doc_id), earliest first, joined by a space")
    people: int | None = col("integer", "people (person_id) whose unit it is", None)
    awards: int | None = col("integer", "awardee rows of the unit as a collective", None)
    candidates: str = col("string", "units of a matching name kept apart (contradicting parents, or a name that "
                          "matches two), joined by a space")


@dataclass
class FindingRow:
    doc_id: str = col("string", "document")
    finding_id: str = col("string", "row id: doc_id + \"-F\" + sequence")
    kind: str = col("string", "`amount_in_words` (a sum in figures and the words restating it differ), `stated_count` (a count the text states against the rows of its award list), `rate_total` (a reward per awardee times the list's rows against the stated total), `column_total` (a table's column against its total row), `cited_after_issue` (a cited document dated after the citing one), `signed_before_issue` (every digital signature dated before the issue date)")
    expected: str = col("string", "what the document leads one to expect, with where that comes from")
    found: str = col("string", "what it has instead")
    rows: str = col("string", "ids of the rows involved (metric_id, awardee_id, reference_id or doc_id), joined by a space")
    page: int | None = col("integer", PROVENANCE["page"] + " (empty for a finding on the whole document)", None)
    source: str = col("string", PROVENANCE["source"])
    footnote_no: int | None = col("integer", PROVENANCE["footnote_no"], None)
    context: str = col("string", "the sentence the finding is about")
    block: int | None = col("integer", "block (in blocks.csv) the finding is about", None)
    char_start: int | None = col("integer", "offset of the values compared in the block's text", None)
    char_end: int | None = col("integer", "end offset of the values compared in the block's text", None)
    text_source: str = col("string", TEXT_SOURCE)
    ocr_confidence: float | None = col("number", OCR_CONFIDENCE, None)
    bbox: str = col("string", BBOX)


@dataclass(frozen=True)
class Link:
    """Columns of a table that reference another table's key (a foreign key)."""

    columns: tuple[str, ...]
    table: str


@dataclass(frozen=True)
class Table:
    """One output table: what the CSV writer, datapackage.json, the DuckDB views, the README's data
    dictionary, the row ids and the evaluator know of it. Adding a table is one entry in ``REGISTRY`` and
    one builder."""

    name: str
    row: type  # the row dataclass: its fields are the columns, in order, with their types and meanings
    key: tuple[str, ...]
    description: str
    id_prefix: str = ""  # rows numbered per document: "<doc_id>-<prefix>0001" in the key's one column
    links: tuple[Link, ...] = ()
    scored: bool = False  # hand-written gold scores it (baocao.pipelines.evaluate)
    batch: bool = False  # made for the whole batch when the tables are written, not per document (never cached)

    @property
    def columns(self) -> list[str]:
        return [f.name for f in fields(self.row)]

    @property
    def id_column(self) -> str:
        """The column holding the numbered row ids ("metric_id"), "" for tables keyed otherwise."""
        return self.key[0] if self.id_prefix else ""


_TO_DOCUMENT = Link(("doc_id",), "documents")
_TO_BLOCK = Link(("doc_id", "block"), "blocks")

REGISTRY: tuple[Table, ...] = (
    Table("documents", DocumentRow, ("doc_id",),
          "one row per input file: metadata from the Decree 30 header and closing, and its status", scored=True),
    Table("footnotes", FootnoteRow, ("doc_id", "footnote_no"),
          "footnotes, each linked to the body text that cites it", links=(_TO_DOCUMENT,), scored=True),
    Table("movements", MovementRow, ("movement_id",), "emulation movements (phong trào thi đua) named in the documents",
          id_prefix="M", links=(_TO_DOCUMENT, _TO_BLOCK), scored=True),
    Table("awardees", AwardeeRow, ("awardee_id",),
          "people and collectives recognised or rewarded, one row per awardee and award",
          id_prefix="A", links=(_TO_DOCUMENT, _TO_BLOCK, Link(("person_id",), "people"),
                                Link(("unit_id",), "units")), scored=True),
    Table("people", PersonRow, ("person_id",),
          "people named as awardees, one row per person across the documents of the batch (pipelines/people.py)",
          batch=True),
    Table("units", UnitRow, ("unit_id",),
          "units: collectives awarded and the bodies people belong to, one row per unit across the batch",
          batch=True),
    Table("metrics", MetricRow, ("metric_id",), "money, percentages and counts the documents cite",
          id_prefix="Q", links=(_TO_DOCUMENT, _TO_BLOCK), scored=True),
    Table("references", ReferenceRow, ("reference_id",),
          "citations of other documents (laws, decrees, decisions, letters, …), one row per mention, linked to "
          "the cited document when it is in the same batch", id_prefix="R",
          links=(_TO_DOCUMENT, _TO_BLOCK, Link(("resolved_doc_id",), "documents")), scored=True),
    Table("entities", EntityRow, ("entity_id",), "every tagged span", id_prefix="E", links=(_TO_DOCUMENT, _TO_BLOCK)),
    Table("blocks", BlockRow, ("doc_id", "block"),
          "the text of every block (paragraph, heading, list item, table row, footnote) in reading order",
          links=(_TO_DOCUMENT,)),
    Table("findings", FindingRow, ("finding_id",),
          "what does not add up: values of a document that contradict each other, for a person to check",
          id_prefix="F", links=(_TO_DOCUMENT, _TO_BLOCK)),
)
BY_NAME: dict[str, Table] = {table.name: table for table in REGISTRY}
TABLES: dict[str, type] = {table.name: table.row for table in REGISTRY}  # name -> row type, in output order


def columns(table: str) -> list[str]:
    return BY_NAME[table].columns


def plain(value: Any) -> Any:
    """A CSV cell: numbers without grouping, no NaN, text on one line."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return ""
        if value.is_integer() and abs(value) < 1e18:
            return str(int(value))
        return repr(value)
    if isinstance(value, str):
        # Line breaks and tabs become spaces one for one, so that the offsets other tables give into a
        # block's text (char_start, char_end) hold in blocks.csv too (a table row's empty cells included).
        return value.translate(_ONE_LINE)
    return value


_ONE_LINE = {ord(ch): " " for ch in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"}


def to_record(row: Any) -> dict[str, Any]:
    """A row as CSV cells; a column marked ``exact`` (a path) is written as it is, line breaks and all (the
    CSV quoting keeps them)."""
    return {f.name: getattr(row, f.name) if f.metadata.get("exact") else plain(getattr(row, f.name))
            for f in fields(row)}


def write_csv(path: Path, table: str, rows: list[Any]) -> None:
    """Write rows to ``path`` atomically (a temporary file in the same folder, then a rename)."""
    write_atomic(path, csv_text(table, rows))


def csv_text(table: str, rows: list[Any]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns(table), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(to_record(row) if dataclasses.is_dataclass(row) else row)
    return buffer.getvalue()


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def read_csv(path: Path, table: str) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def datapackage() -> dict[str, Any]:
    """Frictionless Data Package descriptor of the tables (Table Schema per CSV, with foreign keys)."""
    resources = []
    for table in REGISTRY:
        schema: dict[str, Any] = {
            "fields": [
                {"name": f.name, "type": f.metadata["type"], "description": f.metadata["description"]}
                for f in fields(table.row)
            ],
            "primaryKey": list(table.key),
        }
        if table.links:
            schema["foreignKeys"] = [
                {"fields": list(link.columns),
                 "reference": {"resource": link.table, "fields": list(BY_NAME[link.table].key)}}
                for link in table.links
            ]
        resources.append({
            "name": table.name,
            "path": f"{table.name}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "description": table.description,
            "schema": schema,
        })
    return {
        "profile": "tabular-data-package",
        "name": "baocao-tables",
        "title": "Tables extracted by baocao from Vietnamese administrative documents",
        "resources": resources,
    }


def data_dictionary_markdown() -> str:
    """The README's data dictionary: a section per table, a row per column."""
    parts = []
    for table in REGISTRY:
        parts.append(f"#### `{table.name}.csv`: {table.description}\n")
        parts.append("| column | type | meaning |\n| --- | --- | --- |")
        for f in fields(table.row):
            meaning = f.metadata["description"].replace("|", "\\|")  # a "|" in a cell would end it
            parts.append(f"| `{f.name}` | {f.metadata['type']} | {meaning} |")
        parts.append("")
    return "\n".join(parts)


if __name__ == "__main__":  # pragma: no cover
    if "--markdown" in sys.argv:
        print(data_dictionary_markdown())
    else:
        print(json.dumps(datapackage(), ensure_ascii=False, indent=2))
