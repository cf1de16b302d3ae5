"""The batch and the `baocao run` / `baocao query` commands, in-process."""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import pandas
import pytest
from click.testing import CliRunner
from pandas.testing import assert_frame_equal

from conftest import DATA, ROOT, SAMPLES
from baocao.extract.textnorm import fold
from baocao.pipelines.batch import run_batch
from baocao.pipelines.cli import main
from baocao.pipelines.tables import TABLES, columns, write_atomic

GOLDEN = ROOT / "tests" / "golden"
REGENERATE = os.environ.get("BAOCAO_REGENERATE_GOLDEN") == "1"


def tables_of(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(out.glob("*.csv"))} | {
        "datapackage.json": (out / "datapackage.json").read_bytes()}


def frame(path: Path) -> pandas.DataFrame:
    return pandas.read_csv(path, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def samples_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("samples-out")
    result = CliRunner().invoke(main, ["run", str(SAMPLES), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


def test_run_writes_every_table_with_its_columns(samples_out):
    for table in TABLES:
        with open(samples_out / f"{table}.csv", encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        assert header == columns(table)
    documents = frame(samples_out / "documents.csv")
    assert len(documents) == len(list(SAMPLES.rglob("*.pdf")))  # the scanned samples in samples/scanned too
    assert set(documents["status"]) == {"ok"}
    package = json.loads((samples_out / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in package["resources"]] == list(TABLES)


@pytest.mark.parametrize("table", list(TABLES) + ["datapackage.json"])
def test_sample_tables_match_golden_copies(samples_out, table):
    name = table if table.endswith(".json") else f"{table}.csv"
    produced = samples_out / name
    golden = GOLDEN / name
    if REGENERATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(produced, golden)
        if name == "documents.csv":  # keep machine paths out of the repository
            data = frame(golden)
            data["source_file"] = data["source_file"].map(lambda p: str(Path(p).relative_to(ROOT)))
            data.to_csv(golden, index=False)
    if name.endswith(".json"):
        assert json.loads(produced.read_text(encoding="utf-8")) == json.loads(golden.read_text(encoding="utf-8"))
        return
    got, want = frame(produced), frame(golden)
    # The source paths differ between machines: compare file names only.
    for data in (got, want):
        if "source_file" in data:
            data["source_file"] = data["source_file"].map(lambda p: Path(p).name)
    assert_frame_equal(got, want)


def test_regenerate_switch_is_off():
    assert not REGENERATE, "BAOCAO_REGENERATE_GOLDEN=1 rewrites tests/golden: unset it once the copies are checked"


def test_same_tables_for_any_number_of_jobs(tmp_path, samples_out):
    out = tmp_path / "two-jobs"
    summary = run_batch([SAMPLES], out, jobs=2)
    assert summary.error == 0
    one, two = tables_of(samples_out), tables_of(out)
    # source_file paths are the same here (same SAMPLES path), so the bytes must agree.
    assert one == two


def test_rerun_skips_unchanged_documents_and_gives_the_same_tables(tmp_path):
    out = tmp_path / "out"
    first = run_batch([SAMPLES], out)
    before = tables_of(out)
    second = run_batch([SAMPLES], out)
    assert first.processed == len(list(SAMPLES.rglob("*.pdf")))
    assert second.processed == 0 and second.cached == first.processed
    assert tables_of(out) == before
    forced = run_batch([SAMPLES], out, force=True)
    assert forced.processed == first.processed
    assert tables_of(out) == before


class _StopAfter:
    """A progress object that interrupts the batch, like Ctrl-C, after ``n`` documents."""

    def __init__(self, n: int):
        self.n = n

    def __call__(self, total: int):
        return self

    def update(self, result) -> None:
        self.n -= 1
        if self.n <= 0:
            raise KeyboardInterrupt

    def close(self) -> None:
        pass


def _tables_of_two_then_five(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes], int]:
    """A folder of two samples run once (its tables returned), then given the other samples."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    pdfs = sorted(SAMPLES.glob("*.pdf"))
    for pdf in pdfs[:2]:
        shutil.copy(pdf, inputs / pdf.name)
    out = tmp_path / "out"
    run_batch([inputs], out)
    previous = tables_of(out)
    for pdf in pdfs[2:]:
        shutil.copy(pdf, inputs / pdf.name)
    return inputs, out, previous, len(pdfs)


def _completes(tmp_path: Path, inputs: Path, out: Path) -> int:
    """Run again; the tables must equal a fresh run's. Returns how many documents were read."""
    resumed = run_batch([inputs], out)
    fresh = tmp_path / "fresh"
    run_batch([inputs], fresh)
    assert tables_of(out) == tables_of(fresh)
    return resumed.processed


def test_interrupted_run_keeps_previous_tables_and_the_next_run_completes(tmp_path):
    inputs, out, previous, count = _tables_of_two_then_five(tmp_path)
    with pytest.raises(KeyboardInterrupt):
        run_batch([inputs], out, progress=_StopAfter(1))
    assert tables_of(out) == previous  # nothing already written is lost or half-written
    # Two documents from the first run and one finished before the interruption are not read again.
    assert _completes(tmp_path, inputs, out) == count - 3


def test_atomic_write_leaves_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "documents.csv"
    target.write_text("old\n", encoding="utf-8")


    with pytest.raises(TypeError):
        write_atomic(target, 42)  # not text: the write fails half-way
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["documents.csv"]


def test_bad_files_mixed_into_a_folder(tmp_path):
    folder = tmp_path / "hop-ho-so"
    (folder / "con").mkdir(parents=True)
    report = SAMPLES / "lang-son-2019-bao-cao.pdf"
    shutil.copy(report, folder / "bao-cao.pdf")
    shutil.copy(report, folder / "con" / "ban-sao.pdf")  # duplicate content
    shutil.copy(SAMPLES / "cong-van-khong-chu-thich.pdf", folder / "con" / "cong-van.PDF")
    (folder / "rong.pdf").write_bytes(b"")
    (folder / "khong-phai-pdf.pdf").write_text("xin chào", encoding="utf-8")
    (folder / "cut.pdf").write_bytes(report.read_bytes()[:5000])
    shutil.copy(DATA / "encrypted.pdf", folder / "mat.pdf")
    (folder / "ghi-chu.txt").write_text("không phải PDF", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(folder), "--out", str(out)])
    assert result.exit_code == 1
    assert "skipped: 1 not a .pdf file" in result.output and "1 duplicate files" in result.output
    documents = frame(out / "documents.csv").set_index(frame(out / "documents.csv")["source_file"].map(
        lambda p: Path(p).name))
    assert documents.loc["bao-cao.pdf", "status"] == "ok"
    assert documents.loc["bao-cao.pdf", "duplicates"].endswith("ban-sao.pdf")
    assert documents.loc["cong-van.PDF", "status"] == "ok"
    errors = {name: documents.loc[name, "error"] for name in ("rong.pdf", "khong-phai-pdf.pdf", "cut.pdf", "mat.pdf")}
    assert all(documents.loc[name, "status"] == "error" for name in errors)
    assert errors["rong.pdf"].startswith("empty:")
    assert errors["khong-phai-pdf.pdf"].startswith("not-pdf:")
    assert errors["cut.pdf"].startswith("truncated:")
    assert errors["mat.pdf"].startswith("encrypted:")
    assert len(documents) == 6
    # The good documents' rows are all there despite the failures.
    assert len(frame(out / "footnotes.csv")) == 5


def test_usage_errors_exit_with_2(tmp_path):
    result = CliRunner().invoke(main, ["run", str(tmp_path / "khong-co")])
    assert result.exit_code == 2
    assert CliRunner().invoke(main, ["run"]).exit_code == 2


def test_query_over_the_tables(samples_out):
    result = CliRunner().invoke(main, ["query", "SELECT doc_number, pages FROM documents WHERE pages > 3 "
                                                "ORDER BY doc_number", "--out", str(samples_out), "--csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["doc_number,pages", "245/BC-UBND,11", "245/BC-UBND,11", "87/KH-UBND,4"]


def test_query_joins_and_types(samples_out):
    result = CliRunner().invoke(main, ["query", "SELECT d.doc_number, sum(m.value) AS total FROM metrics m "
                                                "JOIN documents d USING (doc_id) WHERE m.unit = 'VND' "
                                                "GROUP BY 1 ORDER BY 1", "--out", str(samples_out), "--csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(result.output.splitlines()))
    totals = {row["doc_number"]: float(row["total"]) for row in rows}
    assert totals["245/BC-UBND"] > 5.027e12  # the 5.027 tỷ đồng budget figure is summed as a number


def test_query_errors_are_clear(samples_out, tmp_path):
    bad = CliRunner().invoke(main, ["query", "SELECT nope FROM documents", "--out", str(samples_out)])
    assert bad.exit_code == 1 and "nope" in bad.output
    empty = CliRunner().invoke(main, ["query", "SELECT 1", "--out", str(tmp_path)])
    assert empty.exit_code == 1 and "baocao run" in empty.output


def test_the_reference_source_gives_the_same_tables(tmp_path, samples_out):
    """The default source (pdfium) against pdfplumber, the reference it is held to."""
    out = tmp_path / "pdfplumber"
    result = CliRunner().invoke(main, ["run", str(SAMPLES), "--out", str(out), "--quiet", "--source", "pdfplumber"])
    assert result.exit_code == 0, result.output
    assert tables_of(out).keys() == tables_of(samples_out).keys()
    for path in sorted(out.glob("*.csv")):
        ours, theirs = frame(samples_out / path.name), frame(path)
        if "bbox" not in theirs:
            pandas.testing.assert_frame_equal(ours, theirs)
            continue
        # The two sources measure glyphs a few hundredths of a point apart: the boxes agree within half a point.
        pandas.testing.assert_frame_equal(ours.drop(columns="bbox"), theirs.drop(columns="bbox"))
        assert (ours.bbox == "").equals(theirs.bbox == "")
        for mine, ref in zip(ours.bbox[ours.bbox != ""], theirs.bbox[theirs.bbox != ""]):
            assert [float(v) for v in mine.split()] == pytest.approx([float(v) for v in ref.split()], abs=0.5)
    assert (out / "datapackage.json").read_bytes() == (samples_out / "datapackage.json").read_bytes()


def test_a_killed_run_leaves_the_tables_intact_and_the_next_run_completes(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    inputs, out, previous, count = _tables_of_two_then_five(tmp_path)
    cache = out / ".baocao" / "docs"
    process = subprocess.Popen([sys.executable, "-m", "baocao.pipelines.cli", "run", str(inputs), "--out", str(out), "-q"],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while len(list(cache.glob("*.json"))) < 3 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert process.poll() is None, "the run ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert tables_of(out) == previous
    assert _completes(tmp_path, inputs, out) <= count - 3


@pytest.mark.parametrize("table,column", [("entities", "text"), ("metrics", "raw"), ("movements", "name"),
                                          ("awardees", "name")])
def test_offsets_point_into_the_blocks_text_as_written_in_blocks_csv(samples_out, table, column):
    """char_start/char_end of a row index the text of its block as blocks.csv holds it (table rows with empty
    cells and line breaks included): the value stands there, or for awardees whose name is not written as
    given (a title removed), the stretch holds its last word."""
    blocks = {(row["doc_id"], int(row["block"])): row["text"]
              for row in csv.DictReader(open(samples_out / "blocks.csv", encoding="utf-8", newline=""))}
    checked = 0
    for row in csv.DictReader(open(samples_out / f"{table}.csv", encoding="utf-8", newline="")):
        if not row["char_start"] or not row["block"]:
            continue
        text = blocks[(row["doc_id"], int(row["block"]))]
        piece = text[int(row["char_start"]):int(row["char_end"])]
        want = row[column]
        if table == "awardees" and piece != want:
            assert want.split()[-1] in piece, (piece, want)
        elif table == "entities" or table == "metrics":
            assert " ".join(piece.split()) == " ".join(want.split()), (piece, want)
        else:
            assert fold(piece).strip(" “”\"") == fold(want) or fold(want) in fold(piece), (piece, want)
        checked += 1
    assert checked
