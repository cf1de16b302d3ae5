"""The findings table: planted inconsistencies are found, consistent documents give none."""

from __future__ import annotations

import copy
import csv
import os

import pytest
from conftest import CORPUS, DATA, SAMPLES, corpus_manifest, needs_corpus, read_cached, sample_pdfs

from baocao.extract.model import Block, DocMeta, Document, PageInfo
from baocao.pipelines.findings import _numbered_through
from baocao.pipelines.process import build_rows

PLANTED = SAMPLES / "quyet-dinh-tien-thuong-2024-sai-lech.pdf"


def _findings(path):
    return build_rows(read_cached(str(path)), path.name).findings


def test_every_planted_inconsistency_is_found():
    found = {row.kind: row for row in _findings(PLANTED)}
    assert sorted(found) == ["amount_in_words", "cited_after_issue", "rate_total", "stated_count"]
    assert found["amount_in_words"].expected.startswith("4500000 VND")
    assert found["amount_in_words"].found.startswith("4550000 VND (the words \"Bốn triệu năm trăm năm mươi nghìn")
    assert found["stated_count"].expected.startswith("6 cá nhân") and found["stated_count"].found.startswith("5 person")
    assert found["rate_total"].expected.startswith("5000000 VND (2 collective × 1000000 + 5 person × 600000")
    assert found["rate_total"].found.startswith("4500000 VND")
    assert found["cited_after_issue"].found.startswith("2024-05-24: Tờ trình 57/TTr-PNV")
    for row in found.values():
        assert row.page == 1 and row.source == "body" and row.rows and row.finding_id.endswith(tuple("1234"))


def test_the_rows_a_finding_names_exist():
    result = build_rows(read_cached(str(PLANTED)), PLANTED.name)
    ids = {row.metric_id for row in result.metrics} | {row.awardee_id for row in result.awardees}
    ids |= {row.reference_id for row in result.references} | {result.document.doc_id}
    for finding in result.findings:
        assert set(finding.rows.split()) <= ids, finding
        block = result.blocks[finding.block].text
        assert block[finding.char_start:finding.char_end].strip()


@pytest.mark.parametrize("pdf", [p for p in sample_pdfs() if p != PLANTED], ids=lambda p: p.stem)
def test_consistent_samples_give_no_finding(pdf):
    assert _findings(pdf) == []


def test_no_finding_from_pages_read_by_ocr():
    """A digit OCR misread must not become a finding: pages read from their image are not checked."""
    doc = copy.deepcopy(read_cached(str(PLANTED)))
    for page in doc.pages:
        page.ocr = True
    kinds = {row.kind for row in build_rows(doc, PLANTED.name).findings}
    assert kinds <= {"signed_before_issue"}


def test_list_numbering_must_run_without_a_gap():
    class Row:
        def __init__(self, number):
            self.list_no = number

    assert _numbered_through([Row(n) for n in "1 2 3 1 2".split()])
    assert not _numbered_through([Row(n) for n in "1 2 4".split()])
    assert not _numbered_through([Row(n) for n in "1 2 2".split()])
    assert not _numbered_through([Row("a")])


@needs_corpus
def test_corpus_findings_are_the_ones_listed_with_a_verdict():
    """Every finding on the development corpus is listed in tests/data/corpus-findings.tsv with a person's
    verdict (and in the README); a new one fails here until someone has looked at it."""
    with open(DATA / "corpus-findings.tsv", encoding="utf-8", newline="") as handle:
        listed = {(row["file"], row["kind"], row["found"]) for row in csv.DictReader(handle, delimiter="\t")}
    found = set()
    for entry in corpus_manifest():
        path = CORPUS / entry["file"]
        for row in build_rows(read_cached(str(path)), os.path.basename(path)).findings:
            found.add((entry["file"], row.kind, row.found))
    assert found == listed


# -- column_total: made-up ruled tables ------------------------------------------------------------------

HEADER = ["STT", "Đơn vị", "Số hồ sơ tiếp nhận", "Số hồ sơ đúng hạn", "Kinh phí (triệu đồng)"]
BODY = [["1", "Xã Tân Lập", "1.250", "1.200", "12,5"],
        ["2", "Xã Tân Hòa", "830", "815", "7,25"],
        ["3", "Phường 1", "2.104", "2.050", "20"]]


def _table(rows: list[list[str]], table: int = 0, page: int = 1) -> list[Block]:
    return [Block(kind="table_row", text="\t".join(cells), page=page, cells=cells, table=table,
                  page_starts=[(0, page)]) for cells in rows]


def _table_result(*blocks: Block, pages: int = 1, ocr: bool = False):
    """The rows of a made-up document: a heading, then ``blocks``, on ``pages`` pages with a text layer (or OCR)."""
    doc = Document(path="made-up.pdf", sha256="1" * 64, lines=[], footnotes=[], meta=DocMeta(),
                   pages=[PageInfo(number=n, width=595.0, height=842.0, ocr=ocr) for n in range(1, pages + 1)],
                   blocks=[Block(kind="heading", text="Kết quả giải quyết hồ sơ năm 2024", page=1), *blocks])
    return build_rows(doc, "made-up.pdf")


def _table_findings(*blocks: Block, pages: int = 1, ocr: bool = False) -> list:
    return _table_result(*blocks, pages=pages, ocr=ocr).findings


def _wrong(total: list[str]) -> list[Block]:
    return _table([HEADER, *BODY, total])


def test_a_column_against_its_total_row():
    assert _table_findings(*_wrong(["", "Tổng cộng", "4.184", "4.065", "39,75"])) == []
    result = _table_result(*_wrong(["", "Tổng cộng", "4.148", "4.065", "39,75"]))
    assert [(row.kind, row.page, row.source) for row in result.findings] == [("column_total", 1, "body")]
    row = result.findings[0]
    assert row.expected == "4184 (the sum of rows 1 to 3 in the column \"Số hồ sơ tiếp nhận\", blocks 2 to 4)"
    assert row.found == "4148 (the total row \"Tổng cộng\": \"4.148\")"
    assert row.block == 5 and row.context.startswith("Tổng cộng")
    assert result.blocks[row.block].text[row.char_start:row.char_end] == "4.148"
    assert [metric.raw for metric in result.metrics if metric.metric_id == row.rows] == ["4.148"]


def test_decimals_add_up_within_the_rounding_they_write():
    """12,5 + 7,25 + 20 = 39,75: "39,8" and "40" are that sum rounded as they are written, "38,75" is not."""
    def found(stated: str) -> list[str]:
        total = ["", "Cộng:", "4.184", "4.065", stated]
        return [row.found.split(" (")[0] for row in _table_findings(*_wrong(total))]

    assert found("39,8") == found("40") == []
    assert found("38,75") == ["38.75"] and found("41,0") == ["41.0"]


def test_percentages_row_numbers_and_empty_cells_are_not_added_up():
    """Only "Số hồ sơ" is compared: a rate (by its header or its "%"), a column numbered 1…N in some order and
    columns with an empty cell or "-" are left alone, however far from the sum their total row is."""
    header = ["STT", "Đơn vị", "Số hồ sơ", "Tỷ lệ đúng hạn (%)", "Đúng hạn", "Vị trí", "Quá hạn", "Trễ hạn"]
    found = _table_findings(*_table([header,
                                     ["1", "Xã A", "120", "40,5", "95%", "2", "3", "-"],
                                     ["2", "Xã B", "80", "50", "90%", "3", "", "1"],
                                     ["3", "Xã C", "100", "60", "99%", "1", "2", "2"],
                                     ["", "Tổng", "310", "100", "300%", "3", "9", "9"]]))
    assert [row.found for row in found] == ["310 (the total row \"Tổng\": \"310\")"]


def test_tables_of_groups_and_subtotals_are_not_checked():
    grouped = _table([["TT", "Đơn vị", "Số hồ sơ"],
                      ["I", "Khối xã", "200"], ["1", "Xã A", "120"], ["2", "Xã B", "80"], ["", "Cộng", "200"],
                      ["II", "Khối phường", "100"], ["1", "Phường 1", "100"], ["", "Cộng", "100"],
                      ["", "Tổng cộng", "300"]], table=1)
    parts = _table([["TT", "Đơn vị", "Số hồ sơ"], ["1", "Xã A", "120"], ["2", "Trong đó: nữ", "50"],
                    ["3", "Xã B", "80"], ["", "Toàn huyện", "200"]], table=2)
    found = _table_findings(*_wrong(["", "Tổng cộng", "4.184", "4.065", "30"]),
                            Block(kind="paragraph", text="Bảng 2. Theo khối", page=1), *grouped,
                            Block(kind="paragraph", text="Bảng 3. Theo đơn vị", page=1), *parts)
    assert [(row.block, row.found.split(" (")[0]) for row in found] == [(5, "30")]


def test_a_table_continued_on_the_next_page_is_added_up_whole():
    """Rows on the next page count (and the rows numbering the columns under the header do not)."""
    def found(stated: str) -> list:
        page_two = _table([["1", "2", "3", "4", "5"], ["4", "Phường 2", "16", "10", "3"],
                           ["", "Tổng cộng", "4.200", stated, "42,75"]], table=1, page=2)
        return _table_findings(*_table([HEADER, ["1", "2", "3", "4", "5"], *BODY]), *page_two, pages=2)

    assert found("4.075") == []
    assert [(row.page, row.expected.split(" (")[0], row.found.split(" (")[0]) for row in found("4.057")] == [
        (2, "4075", "4057")]


def test_no_column_total_from_pages_read_by_ocr():
    rows = _wrong(["", "Tổng cộng", "4.148", "4.065", "39,75"])
    assert len(_table_findings(*rows)) == 1
    assert _table_findings(*rows, ocr=True) == []
