"""The reader on the real documents of ../shared/corpus/dev (skipped when the corpus is absent)."""

from __future__ import annotations

import pytest

from conftest import CORPUS, corpus_manifest, gold_documents, needs_corpus, read_cached
from baocao.extract.textnorm import clean, fold

pytestmark = [needs_corpus, pytest.mark.corpus]

META_FIELDS = ["doc_type", "doc_number", "issuer", "issuer_parent", "issue_place", "issue_date", "title",
               "signer_role", "signer_name"]


def _manifest():
    return corpus_manifest() if CORPUS.is_dir() else []


def _gold():
    return gold_documents("corpus/dev") if CORPUS.is_dir() else []


def test_enough_gold_documents_with_metadata():
    text_layer = {row["file"] for row in _manifest() if row["kind"] == "text"}
    documented = [gold for gold in _gold() if gold["file"] in text_layer]
    assert len(documented) >= 10


@pytest.mark.parametrize("row", _manifest(), ids=lambda row: row["file"][:24])
def test_reads_without_crashing_and_flags_pages(row):
    doc = read_cached(str(CORPUS / row["file"]))
    assert len(doc.pages) == int(row["pages"])
    assert doc.sha256 == row["sha256"]
    qualities = [page.quality for page in doc.pages]
    # Pages without usable text keep their flag and are read by OCR (when Tesseract is there).
    read_by_ocr = not doc.ocr_error
    if row["kind"] == "scanned":
        assert set(qualities) <= {"none", "stamp"}
        assert doc.text_source == ("ocr" if read_by_ocr else "scanned")
    elif row["kind"] == "garbled-text-layer":
        assert "garbled" in qualities and set(qualities) <= {"garbled", "none"}
        assert doc.text_source == ("ocr" if read_by_ocr else "garbled")
    else:
        # Text documents: every page with real text is read as text; an image-only page is "none".
        assert set(qualities) <= {"text", "none"}
        assert qualities.count("text") >= len(qualities) - 1
        assert doc.blocks


@pytest.mark.parametrize("gold", _gold(), ids=lambda gold: gold["key"])
@pytest.mark.parametrize("field", META_FIELDS)
def test_header_metadata_matches_gold(gold, field):
    doc = read_cached(str(CORPUS / gold["file"]))
    expected = gold["document"].get(field, "")
    assert fold(clean(getattr(doc.meta, field))) == fold(clean(expected))


@pytest.mark.parametrize("gold", _gold(), ids=lambda gold: gold["key"])
def test_footnotes_match_gold(gold):
    import csv

    with open(gold["dir"] / "footnotes.csv", encoding="utf-8", newline="") as handle:
        expected = list(csv.DictReader(handle))
    doc = read_cached(str(CORPUS / gold["file"]))
    assert [note.number for note in doc.footnotes] == [int(row["footnote_no"]) for row in expected]
    for note, row in zip(doc.footnotes, expected):
        assert note.page == int(row["page"])
        assert note.anchor_page == int(row["anchor_page"])
