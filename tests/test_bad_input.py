"""Bad input gives one documented exception type with a clear message, never a dependency's traceback."""

from __future__ import annotations

import shutil

import pytest

from conftest import DATA, SAMPLES
from baocao.extract.errors import BaocaoError, ReadError
from baocao.extract.reader import read_pdf

SAMPLE = SAMPLES / "lang-son-2019-bao-cao.pdf"


def _expect(path, kind, words):
    with pytest.raises(ReadError) as caught:
        read_pdf(str(path))
    assert caught.value.kind == kind
    assert isinstance(caught.value, BaocaoError)
    message = str(caught.value)
    assert str(path) in message
    assert words in message


def test_missing_file(tmp_path):
    _expect(tmp_path / "khong-co.pdf", "missing", "no such file")


def test_empty_file(tmp_path):
    path = tmp_path / "rong.pdf"
    path.write_bytes(b"")
    _expect(path, "empty", "empty")


def test_not_a_pdf(tmp_path):
    path = tmp_path / "bao-cao.pdf"
    path.write_text("Đây không phải là tệp PDF", encoding="utf-8")
    _expect(path, "not-pdf", "not a PDF")


def test_folder_is_not_a_pdf(tmp_path):
    _expect(tmp_path, "not-pdf", "folder")


@pytest.mark.parametrize("fraction", [0.02, 0.3])
def test_truncated_pdf(tmp_path, fraction):
    data = SAMPLE.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * fraction)])
    _expect(path, "truncated", "damaged or truncated")


def test_a_file_cut_after_its_pages_is_repaired_and_says_so(tmp_path):
    data = SAMPLE.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * 0.9)])  # the cross-reference table and trailer are gone
    whole, doc = read_pdf(str(SAMPLE), ocr="never"), read_pdf(str(path), ocr="never")
    assert doc.repaired.startswith("rebuilt by qpdf; as found: the PDF is damaged or truncated")
    assert doc.path == str(path) and doc.sha256 != whole.sha256  # the file given, not the rebuilt copy
    assert len(doc.pages) == len(whole.pages)
    # What the cut took away (the content of the last pages, the signature) is lost; the rest is read as
    # from the whole file.
    for name in ("doc_type", "doc_number", "issuer", "issue_date", "title"):
        assert getattr(doc.meta, name) == getattr(whole.meta, name)
    texts = [b.text for b in whole.blocks]
    assert [b.text for b in doc.blocks][:30] == texts[:30]


def test_wrong_cross_reference_offsets_are_repaired(tmp_path):
    import re

    data = re.sub(rb"(\d{10})( \d{5} n)", lambda m: b"%010d" % (int(m.group(1)) + 7) + m.group(2), SAMPLE.read_bytes())
    path = tmp_path / "xref.pdf"
    path.write_bytes(data)
    doc = read_pdf(str(path), ocr="never")
    assert doc.repaired == "rebuilt by qpdf; as found: the PDF has no pages"
    assert len(doc.pages) == len(read_pdf(str(SAMPLE), ocr="never").pages)


def test_encrypted_pdf():
    _expect(DATA / "encrypted.pdf", "encrypted", "encrypted")


def test_pdf_without_pages():
    _expect(DATA / "no-pages.pdf", "no-pages", "no pages")


def test_garbage_after_header(tmp_path):
    path = tmp_path / "rac.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    with pytest.raises(ReadError) as caught:
        read_pdf(str(path))
    assert caught.value.kind in {"truncated", "unreadable", "no-pages"}


def test_a_good_copy_still_reads(tmp_path):
    path = tmp_path / "copy.pdf"
    shutil.copy(SAMPLE, path)
    assert read_pdf(str(path)).meta.doc_number == "245/BC-UBND"
