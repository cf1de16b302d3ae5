"""The hand-made hostile inputs and a short seeded fuzz run (tests/hostile.py): every input a row or a counted
skip, no internal error, one-line messages, tables always written. benchmarks/fuzz.py runs the long one."""

from __future__ import annotations

import csv
import re

from hostile import bad_files, write_mutants

from baocao.pipelines.batch import run_batch
from baocao.pipelines.tables import TABLES
from baocao.pipelines.workers import Limits

LIMITS = Limits(seconds=120, memory_mb=1024)
SKIPPED = {"not a regular file (a FIFO)": 1, "a broken symbolic link (its target does not exist)": 1,
           "a symbolic link loop": 1}


def _rows(out) -> list[dict]:
    with open(out / "documents.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _check(out, rows: list[dict]) -> None:
    for table in TABLES:
        assert (out / f"{table}.csv").exists()
    for row in rows:
        assert not row["error"].startswith("internal error"), row
        assert not re.search(r"[\x00-\x1f\x7f-\x9f]", row["error"]), row  # one clean line


def test_hand_made_hostile_files(tmp_path):
    folder = tmp_path / "in"
    made = bad_files(folder)
    out = tmp_path / "out"
    summary = run_batch([folder], out, jobs=2, ocr="never", limits=LIMITS)
    assert summary.skips == SKIPPED
    rows = _rows(out)
    names = sorted(row["source_file"].rsplit("/", 1)[-1] for row in rows)
    expected = sorted(name for name, what in made.items() if "(skipped)" not in what)
    # Files with the same bytes are one row (the good sample under a name with a newline is one of them).
    assert len(rows) + summary.duplicates == len(expected) and set(names) <= set(expected)
    assert "name\nwith newline.pdf" in names  # the name as it is, newline and all
    _check(out, rows)
    status = {row["source_file"].rsplit("/", 1)[-1]: row for row in rows}
    assert status["xref-offsets-wrong.pdf"]["repaired"].startswith("rebuilt by qpdf")
    assert status["repeated-pages.pdf"]["status"] == "ok" and status["repeated-pages.pdf"]["pages"] == "2000"
    assert status["empty.pdf"]["error"].startswith("empty:")
    # What the terminal is shown of the failures is one clean line each, whatever the file names hold.
    assert summary.failures and not any(re.search(r"[\x00-\x1f\x7f-\x9f]", line) for line in summary.failures)
    assert any("name with \\x1b escape.pdf" in line for line in summary.failures)


def test_a_short_fuzz_run(tmp_path):
    paths = write_mutants(tmp_path / "in", count=40, seed=20261201)
    out = tmp_path / "out"
    summary = run_batch(paths, out, jobs=2, ocr="never", limits=LIMITS)
    rows = _rows(out)
    assert len(rows) + summary.duplicates == len(paths)
    _check(out, rows)
