"""Text drawn by signature widgets and stamps: placed where a person reads it, and read as metadata.

The signed sample (samples/quyet-dinh-ky-so-2024.pdf, made by samples/make_signed.py) draws its number,
day, month and signing stamp only in widget appearance streams; the corpus gold in tests/gold/signed.tsv
was written by hand from the rendered pages and pdftotext.
"""

from __future__ import annotations

import csv
import dataclasses

import pytest

from conftest import CORPUS, GOLD, SAMPLES, needs_corpus, pdf_from_objects, read_cached, truth
from baocao.extract.layout import build_lines
from baocao.extract.model import ZONE_STAMP, Glyph, RawPage
from baocao.extract.reader import read_pdf
from baocao.extract.signatures import pdf_date
from baocao.extract.sources import get_source
from baocao.extract.stamps import parse_stamp, stamp_time

SIGNED = SAMPLES / "quyet-dinh-ky-so-2024.pdf"
SIGNING_FIELDS = ("doc_number_source", "issue_date_source", "signed_by", "signed_at", "signatures", "certified_copy")


# ---------------------------------------------------------------------------------------------------
# The signed sample, with both character sources


@pytest.mark.parametrize("source", ["pdfplumber", "pdfium"])
def test_signed_sample_reads_number_date_and_stamp(source):
    doc = read_pdf(str(SIGNED), source=source)
    expected = truth(SIGNED)
    for name, value in expected["metadata"].items():
        assert getattr(doc.meta, name) == value, name
    for name in SIGNING_FIELDS:
        assert getattr(doc.meta, name) == expected["signing"][name], name


@pytest.mark.parametrize("source", ["pdfplumber", "pdfium"])
def test_signed_sample_places_widgets_in_their_lines(source):
    doc = read_pdf(str(SIGNED), source=source)
    expected = truth(SIGNED)
    for page, texts in expected["widget_lines"].items():
        lines = {line.text for line in doc.lines if line.page == int(page)}
        for text in texts:
            assert text in lines
    mixed = [line for line in doc.lines if line.origin == "mixed"]
    assert len(mixed) == 3


@pytest.mark.parametrize("source", ["pdfplumber", "pdfium"])
def test_signing_stamp_is_metadata_not_text(source):
    doc = read_pdf(str(SIGNED), source=source)
    stamp = [line.text for line in doc.lines if line.zone == ZONE_STAMP]
    assert stamp == truth(SIGNED)["stamp_lines"]
    assert not any("Ký bởi" in block.text or "snv@" in block.text for block in doc.blocks)


def test_annotation_glyphs_say_where_they_come_from():
    for source in ("pdfplumber", "pdfium"):
        pages = list(get_source(source)(str(SIGNED)))
        drawn = [g for g in pages[0].glyphs if g.origin == "annotation"]
        assert "".join(g.text for g in drawn if g.group == min(x.group for x in drawn)) == "58"
        assert all(g.origin == "page" for g in pages[0].glyphs if g not in drawn)


def test_both_sources_give_the_same_annotation_glyphs():
    plumber = [g for page in get_source("pdfplumber")(str(SIGNED)) for g in page.glyphs if g.origin == "annotation"]
    pdfium = [g for page in get_source("pdfium")(str(SIGNED)) for g in page.glyphs if g.origin == "annotation"]
    assert [dataclasses.astuple(g) for g in plumber] == [dataclasses.astuple(g) for g in pdfium]


# ---------------------------------------------------------------------------------------------------
# Hand-made annotations


def _annotated_pdf(annotation: bytes, form: bytes, content: bytes = b"BT /F1 12 Tf 72 700 Td (So: /UB) Tj ET") -> bytes:
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    return pdf_from_objects([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >>"
        b" /Annots [6 0 R] >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        font,
        annotation,
        b"<< /Type /XObject /Subtype /Form /BBox [10 10 60 30] /Resources << /Font << /F1 5 0 R >> >> /Length %d >>"
        b"\nstream\n%s\nendstream" % (len(form), form),
    ])


FORM = b"BT /F1 12 Tf 12 14 Td (1731) Tj ET"


@pytest.mark.parametrize("flag", [1, 2, 32])
def test_hidden_annotations_are_skipped(tmp_path, flag):
    path = tmp_path / "hidden.pdf"
    path.write_bytes(_annotated_pdf(b"<< /Type /Annot /Subtype /Widget /F %d /Rect [110 690 160 710] /AP << /N 7 0 R >> >>"
                                    % flag, FORM))
    for source in ("pdfplumber", "pdfium"):
        page = next(get_source(source)(str(path)))
        assert not [g for g in page.glyphs if g.origin == "annotation"], source


def test_bbox_away_from_the_origin_is_mapped_onto_the_rect(tmp_path):
    path = tmp_path / "widget.pdf"
    path.write_bytes(_annotated_pdf(b"<< /Type /Annot /Subtype /Widget /Rect [110 690 160 710] /AP << /N 7 0 R >> >>",
                                    FORM))
    for source in ("pdfplumber", "pdfium"):
        page = next(get_source(source)(str(path)))
        drawn = [g for g in page.glyphs if g.origin == "annotation"]
        assert "".join(g.text for g in drawn) == "1731"
        # The form's (12, 14) is (2, 4) inside its BBox: on the page (112, 694), i.e. top ~ 842 - 694 - ascent.
        assert drawn[0].x0 == pytest.approx(112, abs=0.01)
        assert 130 < drawn[0].top < 150


def test_text_outside_the_page_is_dropped(tmp_path):
    path = tmp_path / "above.pdf"
    path.write_bytes(_annotated_pdf(b"<< /Type /Annot /Subtype /Stamp /Rect [110 900 160 920] /AP << /N 7 0 R >> >>",
                                    FORM))
    for source in ("pdfplumber", "pdfium"):
        page = next(get_source(source)(str(path)))
        assert not [g for g in page.glyphs if g.origin == "annotation"]


def test_a_broken_appearance_costs_the_page_nothing(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(_annotated_pdf(b"<< /Type /Annot /Subtype /Widget /Rect [110 690 160 710] /AP << /N 99 0 R >> >>",
                                    FORM))
    for source in ("pdfplumber", "pdfium"):
        page = next(get_source(source)(str(path)))
        assert "".join(g.text for g in page.glyphs if g.origin == "page").startswith("So:")


# ---------------------------------------------------------------------------------------------------
# Layout: placing widget text


def _glyphs(text: str, x: float, top: float, size: float = 12.0, origin: str = "page", group: int = -1) -> list[Glyph]:
    out, width = [], size * 0.5
    for index, char in enumerate(text):
        out.append(Glyph(char, x + index * width, x + (index + 1) * width, top, top + size, size, "Times",
                         True, origin, group))
    return out


def test_widget_joins_the_field_it_fills_despite_a_vertical_offset():
    page = _glyphs("Số:", 60, 100) + _glyphs("      ", 78, 100) + _glyphs("/UBND-KSTT", 114, 100)
    page += _glyphs("1731", 84, 96.5, 13.0, "annotation", 0)  # 3.5 pt higher and larger
    lines = build_lines(RawPage(1, 595, 842, page))
    assert [line.text for line in lines] == ["Số: 1731 /UBND-KSTT"]
    assert lines[0].origin == "mixed"


def test_widget_text_is_a_word_of_its_own():
    page = _glyphs("ngày", 300, 100) + _glyphs("24", 324, 100, origin="annotation", group=1) + _glyphs("tháng", 336, 100)
    assert [line.text for line in build_lines(RawPage(1, 595, 842, page))] == ["ngày 24 tháng"]


def test_stamp_annotation_becomes_stamp_lines():
    page = _glyphs("Nơi nhận:", 60, 600)
    page += _glyphs("Ký bởi: Sở Nội vụ", 330, 590, 6.0, "annotation", 3)
    page += _glyphs("Thời gian ký: 07.03.2024 15:20:11", 330, 598, 6.0, "annotation", 3)
    lines = build_lines(RawPage(1, 595, 842, page))
    stamp = [line for line in lines if line.zone == ZONE_STAMP]
    assert [line.text for line in stamp] == ["Ký bởi: Sở Nội vụ", "Thời gian ký: 07.03.2024 15:20:11"]
    assert all(line.group == 3 and line.origin == "annotation" for line in stamp)


# ---------------------------------------------------------------------------------------------------
# Stamps and signing times


@pytest.mark.parametrize("lines, kind, signed_by, signed_at", [
    (["Ký bởi: Ủy ban Quản lý vốn nhà", "nước tại doanh nghiệp", "Ngày ký: 27-05-2021 16:24:14", "+07:00"],
     "signing", "Ủy ban Quản lý vốn nhà nước tại doanh nghiệp", "2021-05-27T16:24:14+07:00"),
    (["Ký bởi: Cổng Thông tin điện tử Chính phủ", "Email: thongtinchinhphu@chinhphu.vn", "Cơ quan: Văn phòng Chính phủ",
      "Thời gian ký: 08.01.2015 10:44:47 +07:00"], "signing", "Cổng Thông tin điện tử Chính phủ",
     "2015-01-08T10:44:47+07:00"),
    (["Cơ quan: Ủy ban nhân dân Tỉnh Quảng Bình", "Thời gian: 24/09/2020 17:01:08"], "signing",
     "Ủy ban nhân dân Tỉnh Quảng Bình", "2020-09-24T17:01:08+07:00"),
    (["TRUNG TÂM CÔNG", "BÁO VÀ TIN HỌC", "ttcbth@quangngai.gov.vn", "06.11.2024 09:27:05", "+07:00"], "signing",
     "TRUNG TÂM CÔNG BÁO VÀ TIN HỌC", "2024-11-06T09:27:05+07:00"),
    (["Ký bởi: UBND tỉnh Lâm Đồng", "Giờ ký: 22/09/2025 14:38:43"], "signing", "UBND tỉnh Lâm Đồng",
     "2025-09-22T14:38:43+07:00"),
    (["SAO Y; CÔNG AN TỈNH LÂM ĐỒNG; Thời gian ký: 2025-06-04T15:55:36+07:00"], "copy", "CÔNG AN TỈNH LÂM ĐỒNG",
     "2025-06-04T15:55:36+07:00"),
    (["SAO Y", "Bộ Công an", "Thời gian ký: 2025-11-25T17:01:58+07:00"], "copy", "Bộ Công an",
     "2025-11-25T17:01:58+07:00"),
])
def test_stamps_are_parsed(lines, kind, signed_by, signed_at):
    stamp = parse_stamp(lines)
    assert (stamp.kind, stamp.signed_by, stamp.signed_at) == (kind, signed_by, signed_at)


def test_a_stamp_holding_the_number_and_date():
    stamp = parse_stamp(["Số: 2775/SNV-CCHC&amp;VTLT; 10/11/2025; 11:00:27;"])
    assert (stamp.kind, stamp.number, stamp.date) == ("number", "2775/SNV-CCHC&VTLT", "2025-11-10")


def test_annotation_text_without_a_time_is_not_a_stamp():
    assert parse_stamp(["ID: 2209751_1363 – Hệ thống Quản lý văn bản"]) is None


@pytest.mark.parametrize("text, iso", [
    ("D:20200924170121+07'00'", "2020-09-24T17:01:21+07:00"),
    ("D:20240307152011Z", "2024-03-07T15:20:11+00:00"),
    ("D:2021", "2021-01-01T00:00:00"),
    ("garbage", ""),
    ("D:20201332000000", ""),
])
def test_pdf_dates(text, iso):
    assert pdf_date(text) == iso


def test_stamp_time_without_an_offset_is_vietnam_time():
    assert stamp_time("Thời gian ký: 25/06/2021 13:37:45") == "2021-06-25T13:37:45+07:00"
    assert stamp_time("nothing here") == ""


# ---------------------------------------------------------------------------------------------------
# The development corpus: values written by hand (tests/gold/signed.tsv)


def _signed_gold() -> list[dict]:
    with open(GOLD / "signed.tsv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [row for row in rows if (CORPUS / row["file"]).exists()] if CORPUS.is_dir() else []


def test_signed_gold_covers_enough_documents():
    with open(GOLD / "signed.tsv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert len(rows) >= 15
    assert sum(1 for row in rows if row["signed_by"]) >= 3


@needs_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("gold", _signed_gold(), ids=lambda row: row["file"][:13])
def test_corpus_signed_documents_read_as_a_person_reads_them(gold):
    meta = read_cached(str(CORPUS / gold["file"])).meta
    got = {name: getattr(meta, name) for name in ("doc_number", "issue_date", "signed_by", "signed_at", "certified_copy")}
    want = {name: gold[name] for name in got}
    assert got == want
