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


@pytest.mark.parametrize("fraction", [0.02, 0.3, 0.9])
def test_truncated_pdf(tmp_path, fraction):
    data = SAMPLE.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * fraction)])
    _expect(path, "truncated", "damaged or truncated")


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
