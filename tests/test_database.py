"""The DuckDB database and Parquet files written beside the CSV files, and `baocao query` over them."""

from __future__ import annotations

import os
import shutil

import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner

from baocao.pipelines.batch import run_batch
from baocao.pipelines.cli import main
from baocao.pipelines.database import DATABASE, current_database, sql_name, write_database
from baocao.pipelines.tables import BY_NAME, REGISTRY

from conftest import sample_pdfs


@pytest.fixture(scope="module")
def run_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("database")
    folder = tmp_path_factory.mktemp("inputs")
    for pdf in sample_pdfs()[:3]:
        shutil.copy(pdf, folder / pdf.name)
    (folder / "notes.pdf").write_text("not a PDF at all")
    os.symlink(folder / "gone.pdf", folder / "dangling.pdf")
    os.mkfifo(folder / "pipe.pdf")
    run_batch([folder, folder / "pipe.pdf", folder / "dangling.pdf"], out, ocr="never")
    return out


def _csv(out, table: str) -> pd.DataFrame:
    return pd.read_csv(out / f"{table}.csv", dtype=str, keep_default_na=False)


def test_every_table_is_in_the_database_and_in_parquet_with_the_csv_rows(run_out):
    con = duckdb.connect(str(run_out / DATABASE), read_only=True)
    try:
        for table in REGISTRY:
            expected = _csv(run_out, table.name)
            stored = con.execute(f"SELECT * FROM {sql_name(table.name)}").df()
            parquet = con.execute(f"SELECT * FROM read_parquet('{run_out / 'parquet' / table.name}.parquet')").df()
            assert list(stored.columns) == table.columns
            for frame in (stored, parquet):
                as_text = frame.apply(lambda column: column.map(_cell)).astype(str)
                pd.testing.assert_frame_equal(as_text.reset_index(drop=True), expected, check_dtype=False)
    finally:
        con.close()
    assert len(_csv(run_out, "documents")) == 6  # three samples, a non-PDF, a FIFO and a dangling link


def _cell(value) -> str:
    """A database value written as the CSV writer writes it."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def test_keys_and_links_are_declared_and_hold(run_out):
    con = duckdb.connect(str(run_out / DATABASE), read_only=True)
    try:
        notes = dict(con.execute("SELECT name, constraints FROM baocao_tables").fetchall())
        assert notes == {table.name: "enforced" for table in REGISTRY}
        constraints = con.execute("SELECT table_name, constraint_type, constraint_column_names "
                                  "FROM duckdb_constraints()").fetchall()
        for table in REGISTRY:
            assert (table.name, "PRIMARY KEY", list(table.key)) in constraints
            for link in table.links:
                assert (table.name, "FOREIGN KEY", list(link.columns)) in constraints
        comment = con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = 'metrics' "
                              "AND column_name = 'value'").fetchone()[0]
        assert comment == [f for f in BY_NAME["metrics"].row.__dataclass_fields__.values()
                           if f.name == "value"][0].metadata["description"]
        # A file that could not be hashed still has an id of its own: the documents key holds.
        ids = [row[0] for row in con.execute("SELECT doc_id FROM documents WHERE sha256 IS NULL").fetchall()]
        assert len(ids) == 2 and all(ids) and len(set(ids)) == 2
    finally:
        con.close()


def test_a_broken_key_keeps_the_table_and_says_so(tmp_path):
    header = ",".join(BY_NAME["documents"].columns)
    blank = "," * (len(BY_NAME["documents"].columns) - 1)
    (tmp_path / "documents.csv").write_text(f"{header}\nabc{blank}\nabc{blank}\n", encoding="utf-8")
    write_database(tmp_path)
    con = duckdb.connect(str(tmp_path / DATABASE), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
        note = con.execute("SELECT constraints FROM baocao_tables WHERE name = 'documents'").fetchone()[0]
        assert note.startswith("not enforced:") and "abc" in note
    finally:
        con.close()


def test_query_reads_the_database_and_falls_back_to_edited_csv(run_out, tmp_path):
    out = tmp_path / "copy"
    shutil.copytree(run_out, out)
    write_database(out)
    assert current_database(out) == out / DATABASE
    sql = "SELECT count(*) AS n FROM documents WHERE status = 'error'"
    result = CliRunner().invoke(main, ["query", sql, "--out", str(out), "--csv"])
    assert result.exit_code == 0, result.output
    assert result.output.split() == ["n", "3"]
    frame = _csv(out, "documents")
    frame = frame[frame.status != "error"]
    frame.to_csv(out / "documents.csv", index=False)
    assert current_database(out) is None  # the CSV is the record: an edited CSV wins
    result = CliRunner().invoke(main, ["query", sql, "--out", str(out), "--csv"])
    assert result.output.split() == ["n", "0"]


def test_a_database_that_cannot_be_written_does_not_fail_the_run(tmp_path):
    """A file where the parquet folder should be made the run end in a traceback after the CSVs were written."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(sample_pdfs()[0], inputs / "a.pdf")
    out = tmp_path / "out"
    out.mkdir()
    (out / "parquet").write_text("not a folder")
    result = CliRunner().invoke(main, ["run", str(inputs), "--out", str(out), "--ocr", "never"])
    assert result.exit_code == 0, result.output
    assert "warning: baocao.duckdb and parquet/ not written" in result.output
    assert len(_csv(out, "documents")) == 1
    sql = "SELECT count(*) AS n FROM documents"
    assert CliRunner().invoke(main, ["query", sql, "--out", str(out), "--csv"]).output.split() == ["n", "1"]
