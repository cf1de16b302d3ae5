"""The reader on the project's own samples, against the truth their generator recorded."""

from __future__ import annotations

import pytest

from conftest import read_cached, sample_pdfs, truth
from baocao.extract.textnorm import clean

META_FIELDS = ["doc_type", "doc_number", "issuer", "issuer_parent", "issue_place", "issue_date", "title",
               "signer_role", "signer_name", "recipients"]
SAMPLES = sample_pdfs()


@pytest.fixture(params=SAMPLES, ids=[pdf.stem for pdf in SAMPLES])
def sample(request):
    return read_cached(str(request.param)), truth(request.param)


def test_page_count(sample):
    doc, expected = sample
    assert len(doc.pages) == expected["page_count"]
    assert all(page.quality == "text" for page in doc.pages)


@pytest.mark.parametrize("field", META_FIELDS)
def test_metadata(sample, field):
    doc, expected = sample
    assert getattr(doc.meta, field) == expected["metadata"][field]


def test_footnotes_numbered_and_placed(sample):
    doc, expected = sample
    got = [(n.number, n.page, n.pages, n.anchor_page) for n in doc.footnotes]
    want = [(n["number"], n["pages"][0], n["pages"], n["anchor_page"]) for n in expected["footnotes"]]
    assert got == want


def test_footnote_texts_joined_across_pages(sample):
    doc, expected = sample
    for note, want in zip(doc.footnotes, expected["footnotes"]):
        assert clean(note.text) == clean(want["text"]), note.number


def test_footnote_anchor_text_is_the_text_before_the_marker(sample):
    doc, expected = sample
    for note, want in zip(doc.footnotes, expected["footnotes"]):
        assert clean(want["anchor_text"]).endswith(note.anchor_text) or note.anchor_text.endswith(
            clean(want["anchor_text"])), note.number
        block = doc.blocks[note.anchor_block]
        assert block.text[: note.anchor_offset].rstrip().endswith(note.anchor_text)


def test_every_marker_links_one_footnote(sample):
    doc, expected = sample
    markers = [m.number for block in doc.blocks for m in block.markers]
    assert sorted(markers) == [n["number"] for n in expected["footnotes"]]


def test_superscripts_that_are_not_markers_stay_in_the_text(sample):
    doc, expected = sample
    for sup in expected.get("superscripts", []):
        if sup["source"] == "footnote":
            haystack = doc.footnote(sup["footnote_no"]).text
        else:
            haystack = " ".join(b.text for b in doc.blocks if b.source == "body" and b.page_at(0) <= sup["page"])
        assert sup["text"] in haystack


def test_page_numbers_are_not_text(sample):
    doc, _expected = sample
    body = [b.text for b in doc.blocks if b.source == "body"]
    assert not any(text.strip().isdigit() for text in body)


def test_body_blocks_in_reading_order(sample):
    doc, expected = sample
    got = [clean(b.text) for b in doc.blocks if b.source == "body"]
    want = [clean(b["text"]) for b in expected.get("blocks", [])]
    positions = [got.index(text) for text in want]  # raises ValueError on a missing block
    assert positions == sorted(positions)


def test_block_page_starts_cover_cross_page_paragraphs(sample):
    doc, expected = sample
    by_text = {clean(b.text): b for b in doc.blocks if b.source == "body"}
    for want in expected.get("blocks", []):
        block = by_text[clean(want["text"])]
        assert sorted({page for _offset, page in block.page_starts}) == want["pages"]


@pytest.mark.parametrize("source", ["pdfium", "pdfplumber"])
def test_a_document_read_in_page_ranges_gives_the_same_rows(monkeypatch, source):
    """Ranges of two pages (as the cluster's range tasks read them) give the rows of one pass."""
    from dataclasses import asdict

    from baocao.extract import reader
    from baocao.pipelines.process import process_file

    def rows(path):
        data = asdict(process_file(str(path), path.name, "0" * 64, source=source, ocr="never"))
        data.pop("seconds", None)
        data["document"].pop("seconds", None)
        return data

    calls = []

    def local_map(read, ranges):
        calls.append(ranges)
        return [read(start, stop) for start, stop in ranges]

    monkeypatch.setattr(reader, "RANGE_PAGES", 2)
    for path in SAMPLES:
        whole = rows(path)
        token = reader.RANGE_MAP.set(local_map)
        try:
            assert rows(path) == whole, path.name
        finally:
            reader.RANGE_MAP.reset(token)
    assert any(len(ranges) >= 2 for ranges in calls)
