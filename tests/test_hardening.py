"""Nothing a file does stops the batch: workers that die, documents past their limits, inputs that are not files."""

from __future__ import annotations

import csv
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, SAMPLES
from baocao.pipelines.batch import discover, run_batch
from baocao.pipelines.cli import main
from baocao.pipelines.workers import Failure, Limits, Task, run_tasks

SAMPLE = SAMPLES / "cong-van-khong-chu-thich.pdf"


def _behave(what: str) -> str:
    """A worker's work for the tests: what the task's name says."""
    if what == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    if what == "crash":
        os._exit(3)
    if what == "sleep":
        time.sleep(60)
    if what == "hog":
        block = bytearray(2 * 1024 ** 3)  # past the limit below
        return str(len(block))
    return f"done {what}"


def _run(names: list[str], jobs: int, limits: Limits) -> dict[str, object]:
    tasks = [Task(name, (name,), {}) for name in names]
    return dict(run_tasks(tasks, _behave, jobs, limits))


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_worker_that_dies_costs_only_its_document(jobs):
    results = _run(["a", "die", "b", "crash", "c", "d"], jobs, Limits(seconds=30, memory_mb=None))
    assert results["a"] == "done a" and results["b"] == "done b" and results["d"] == "done d"
    assert isinstance(results["die"], Failure) and "SIGKILL" in results["die"].reason
    assert isinstance(results["crash"], Failure) and "exit code 3" in results["crash"].reason


def test_a_document_past_the_time_limit_is_stopped_and_the_rest_go_on():
    started = time.monotonic()
    results = _run(["sleep", "a", "b"], 2, Limits(seconds=1.5, memory_mb=None))
    assert time.monotonic() - started < 20
    assert isinstance(results["sleep"], Failure) and "time limit (1.5 s" in results["sleep"].reason
    assert results["a"] == "done a" and results["b"] == "done b"


def test_a_document_past_the_memory_limit_fails_alone():
    results = _run(["hog", "a"], 1, Limits(seconds=30, memory_mb=1024))
    assert isinstance(results["hog"], Failure) and "memory" in results["hog"].reason
    assert results["a"] == "done a"


def _documents(out: Path) -> dict[str, dict]:
    with open(out / "documents.csv", encoding="utf-8", newline="") as handle:
        return {Path(row["source_file"]).name: row for row in csv.DictReader(handle)}


def test_a_run_past_its_limit_writes_error_rows_and_every_table(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SAMPLE, inputs / "a.pdf")
    out = tmp_path / "out"
    summary = run_batch([inputs], out, limits=Limits(seconds=0.001, memory_mb=None), ocr="never")
    assert summary.error == 1
    row = _documents(out)["a.pdf"]
    assert row["status"] == "error" and "time limit" in row["error"] and row["sha256"]
    assert (out / "metrics.csv").exists() and (out / "datapackage.json").exists()
    # The same limits meet the same file again without reading it; other limits read it again.
    again = run_batch([inputs], out, limits=Limits(seconds=0.001, memory_mb=None), ocr="never")
    assert again.cached == 1 and again.processed == 0
    wider = run_batch([inputs], out, limits=Limits(seconds=600, memory_mb=None), ocr="never")
    assert wider.processed == 1 and _documents(out)["a.pdf"]["status"] == "ok"


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(child) for child in found]


def test_killing_a_worker_mid_batch_leaves_an_error_row_and_the_other_documents(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for n in range(6):
        shutil.copy(SAMPLE, inputs / f"doc{n}.pdf")
        with open(inputs / f"doc{n}.pdf", "ab") as handle:  # six distinct files (sha256) with the same pages
            handle.write(b"\n%% copy %d\n" % n)
    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if k != "BAOCAO_OCR_CACHE"}
    process = subprocess.Popen([sys.executable, "-m", "baocao.pipelines.cli", "run", str(inputs), "--out", str(out),
                                "-q", "-j", "2", "--ocr", "never"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    victim = None
    deadline = time.monotonic() + 60
    while victim is None and process.poll() is None and time.monotonic() < deadline:
        # The workers are forked from the run's fork server, a child of the run.
        workers = [grandchild for child in _children(process.pid) for grandchild in _children(child)]
        if workers and list((out / ".baocao" / "docs").glob("*.json")):
            victim = workers[0]  # a worker, after the first document is done
        time.sleep(0.01)
    if victim is None:
        process.kill()
        pytest.skip("the batch ended before a worker could be killed")
    os.kill(victim, signal.SIGKILL)
    _, err = process.communicate(timeout=120)
    documents = _documents(out)
    assert len(documents) == 6, err
    statuses = sorted(row["status"] for row in documents.values())
    killed = [row for row in documents.values() if row["status"] == "error"]
    assert len(killed) <= 1 and statuses.count("ok") >= 5
    if killed:  # (the worker may have been between documents)
        assert "SIGKILL" in killed[0]["error"] and process.returncode == 1
    else:
        assert process.returncode == 0


def test_inputs_that_are_not_regular_files_get_a_row_or_a_counted_skip(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "good.pdf")
    os.mkfifo(folder / "pipe.pdf")
    (folder / "dangling.pdf").symlink_to(folder / "gone.pdf")
    (folder / "loop.pdf").symlink_to(folder / "loop.pdf")
    (folder / "link.pdf").symlink_to(folder / "good.pdf")  # the same file again: read once
    (folder / "notes.txt").write_text("x")
    (folder / "sub").symlink_to(folder, target_is_directory=True)
    fifo = tmp_path / "named.pdf"
    os.mkfifo(fifo)
    inputs, skipped = discover([folder, fifo, tmp_path / "loop-named.pdf"])
    assert skipped == {"not a regular file (a FIFO)": 1, "a broken symbolic link (its target does not exist)": 1,
                       "a symbolic link loop": 1, "not a .pdf file": 1, "link to a folder (not followed)": 1}
    named = {item.display: item.error for item in inputs}
    assert named[str(fifo)] == "not a regular file (a FIFO)"
    assert len([d for d in named if d.startswith(str(folder))]) == 1  # good.pdf and its link are one file


def test_a_named_fifo_gets_an_error_row_and_does_not_hang(tmp_path):
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(fifo), str(SAMPLE), "--out", str(out), "--ocr", "never"])
    assert result.exit_code == 1
    documents = _documents(out)
    assert documents["pipe.pdf"]["error"] == "not a regular file (a FIFO)"
    assert documents[SAMPLE.name]["status"] == "ok"
    loop = tmp_path / "loop.pdf"
    loop.symlink_to(loop)
    result = CliRunner().invoke(main, ["run", str(loop), "--out", str(out), "--ocr", "never"])
    assert _documents(out)["loop.pdf"]["error"] == "a symbolic link loop"


@pytest.mark.parametrize("source,module", [("pdfium", "baocao.extract.sources.pdfium"),
                                           ("pdfplumber", "baocao.extract.sources.plumber")])
def test_a_page_that_cannot_be_read_makes_the_document_partial(monkeypatch, source, module):
    import importlib

    from baocao.extract.reader import read_pdf
    from baocao.pipelines.process import build_rows

    pdf = SAMPLES / "lang-son-2019-bao-cao.pdf"
    reader = importlib.import_module(module)
    real = reader._raw_page

    def broken(*args):
        page = real(*args)
        if page.number == 2:
            raise ValueError("a made-up failure\x1b[31m")
        return page

    monkeypatch.setattr(reader, "_raw_page", broken)
    doc = read_pdf(str(pdf), source=source, ocr="never")
    assert [p.quality for p in doc.pages][:3] == ["text", "unreadable", "text"]
    # The message is one clean line: the control character a file could put in it is written as an escape.
    assert doc.page_errors == {2: "page 2 cannot be read (ValueError: a made-up failure\\x1b[31m)"}
    row = build_rows(doc, pdf.name).document
    assert row.status == "partial" and row.doc_number  # the other pages are read
    assert f"1 of {len(doc.pages)} pages cannot be read: page 2 cannot be read (ValueError" in row.error
    assert "2:unreadable" in row.unreadable_pages


def test_a_document_whose_every_page_fails_is_an_error(monkeypatch):
    from baocao.extract.errors import ReadError
    from baocao.extract.reader import read_pdf
    from baocao.extract.sources import pdfium

    monkeypatch.setattr(pdfium, "_raw_page", lambda *args: (_ for _ in ()).throw(ValueError("no")))
    with pytest.raises(ReadError, match="no page can be read"):
        read_pdf(str(SAMPLE), source="pdfium", ocr="never")


def test_control_characters_in_a_text_layer_never_reach_the_tables(tmp_path):
    """A ToUnicode map may map a code to a control character (U+0007, U+001B): it is dropped from the text."""
    from conftest import pdf_from_objects
    from baocao.extract.reader import read_pdf

    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Controls def "
            b"1 begincodespacerange <00> <FF> endcodespacerange 2 beginbfchar <41> <0007> <42> <001B> endbfchar "
            b"endcmap CMapName currentdict /CMap defineresource pop end end")
    text = b"BT /F1 12 Tf 72 700 Td (BaoA caoB ngay 5) Tj ET"
    pdf = tmp_path / "controls.pdf"
    pdf.write_bytes(pdf_from_objects([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R "
        b"/Resources << /Font << /F1 4 0 R >> >> >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap)]))
    for source in ("pdfium", "pdfplumber"):
        doc = read_pdf(str(pdf), source=source, ocr="never")
        texts = " ".join(block.text for block in doc.blocks)
        assert "ao cao ngay 5" in texts, (source, texts)
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", texts), (source, texts)


def test_repair_keeps_the_pdf_librarys_warnings_off_the_terminal(tmp_path):
    """A damaged file's widgets outside /AcroForm made pikepdf warn while saving the repaired copy; the
    warning reached the terminal from the workers (found by benchmarks/fuzz.py)."""
    import warnings

    from baocao.extract.repair import repaired_copy

    pdf = tmp_path / "widgets-without-acroform.pdf"
    pdf.write_bytes((SAMPLES / "quyet-dinh-ky-so-2024.pdf").read_bytes().replace(b"/AcroForm", b"/AcroFxrm"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        copy = repaired_copy(str(pdf))
    assert copy is not None
    os.unlink(copy)
    assert [str(w.message) for w in caught] == []
