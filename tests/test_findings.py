"""The findings table: planted inconsistencies are found, consistent documents give none."""

from __future__ import annotations

import copy
import csv
import os

import pytest
from conftest import CORPUS, DATA, SAMPLES, corpus_manifest, needs_corpus, read_cached, sample_pdfs

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
