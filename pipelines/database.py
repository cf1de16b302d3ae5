"""The tables as a DuckDB database file and as Parquet files, written beside the CSV files.

The CSV files are the format of record; ``baocao.duckdb`` and ``parquet/<table>.parquet`` are made from
them after each run, so what a query sees is what the CSV files hold. The database declares each table's
key (``PRIMARY KEY``) and links (``FOREIGN KEY``) from the registry (:mod:`.tables`), with the column
descriptions as comments, so a SQL client shows the schema the README's data dictionary describes.

A key the rows break (a bug in a builder) must not cost the user the database: the table is then written
without its constraints and the database's ``baocao_tables`` table says which constraint did not hold.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from dataclasses import fields
from pathlib import Path

from .tables import BY_NAME, REGISTRY, Table

DATABASE = "baocao.duckdb"
PARQUET = "parquet"
SQL_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE"}


def sql_name(name: str) -> str:
    """A table's name as an SQL identifier, quoted: "references" is a reserved word."""
    return '"' + name.replace('"', '""') + '"'


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _stamp(path: Path) -> str:
    """What identifies a CSV file's content cheaply: its size and modification time."""
    info = path.stat()
    return f"{info.st_size}:{info.st_mtime_ns}"


def csv_view_sql(name: str, path: Path) -> str:
    """A ``SELECT`` reading the CSV of table ``name`` with the columns and types of the registry."""
    table = BY_NAME[name]
    types = ", ".join(f"'{f.name}': '{SQL_TYPES[f.metadata['type']]}'" for f in fields(table.row))
    return (f"SELECT * FROM read_csv({_quote(str(path))}, header = true, columns = {{{types}}}, "
            "quote = '\"', escape = '\"', auto_detect = false)")


def _create_sql(table: Table, constrained: bool) -> str:
    columns = [f"{f.name} {SQL_TYPES[f.metadata['type']]}" for f in fields(table.row)]
    if constrained:
        columns.append(f"PRIMARY KEY ({', '.join(table.key)})")
        for link in table.links:
            target = BY_NAME[link.table]
            columns.append(f"FOREIGN KEY ({', '.join(link.columns)}) REFERENCES {sql_name(link.table)} "
                           f"({', '.join(target.key)})")
    return f"CREATE TABLE {sql_name(table.name)} ({', '.join(columns)})"


def write_database(out_dir: str | Path) -> Path | None:
    """Write ``baocao.duckdb`` and ``parquet/*.parquet`` from the table CSVs in ``out_dir``.

    Both are written to temporary names and renamed into place: a reader never sees half a file.
    Returns the database's path, or None when ``out_dir`` holds no table CSV.
    """
    import duckdb

    out = Path(out_dir)
    present = [table for table in REGISTRY if (out / f"{table.name}.csv").exists()]
    if not present:
        return None
    handle, temporary = tempfile.mkstemp(dir=out, prefix=f".{DATABASE}.", suffix=".tmp")
    os.close(handle)
    os.unlink(temporary)  # DuckDB makes the file itself
    parquet = out / PARQUET
    parquet.mkdir(exist_ok=True)
    written: list[tuple[Path, Path]] = []
    try:
        con = duckdb.connect(temporary)
        try:
            con.execute("CREATE TABLE baocao_tables (name VARCHAR, description VARCHAR, key VARCHAR, "
                        "links VARCHAR, constraints VARCHAR, csv_stamp VARCHAR)")
            loaded: set[str] = set()
            for table in _linked_first(present):
                note = _load_table(con, table, out / f"{table.name}.csv", loaded)
                if note == "enforced":
                    loaded.add(table.name)
                links = "; ".join(f"({', '.join(link.columns)}) -> {link.table}" for link in table.links)
                con.execute("INSERT INTO baocao_tables VALUES (?, ?, ?, ?, ?, ?)",
                            [table.name, table.description, ", ".join(table.key), links, note,
                             _stamp(out / f"{table.name}.csv")])
                target = parquet / f"{table.name}.parquet"
                part = parquet / f".{table.name}.parquet.tmp"
                con.execute(f"COPY {sql_name(table.name)} TO {_quote(str(part))} (FORMAT PARQUET)")
                written.append((part, target))
            con.execute("CHECKPOINT")
        finally:
            con.close()
        for part, target in written:
            os.replace(part, target)
        os.replace(temporary, out / DATABASE)
    finally:
        for part, _ in written:
            if part.exists():
                part.unlink()
        for leftover in (Path(temporary), Path(temporary + ".wal")):
            if leftover.exists():
                leftover.unlink()
    return out / DATABASE


def _linked_first(tables: list[Table]) -> list[Table]:
    """``tables`` ordered so that each comes after the tables it links to (registry order otherwise)."""
    ordered: list[Table] = []
    names = {table.name for table in tables}

    def visit(table: Table, path: tuple[str, ...]) -> None:
        if table in ordered or table.name in path:
            return
        for link in table.links:
            if link.table in names:
                visit(BY_NAME[link.table], path + (table.name,))
        ordered.append(table)

    for table in tables:
        visit(table, ())
    return ordered


def _load_table(con, table: Table, path: Path, loaded: set[str]) -> str:
    """Create and fill one table; returns "enforced" or why its constraints were left out. Links go only
    to tables in ``loaded`` (those whose key holds)."""
    import duckdb

    usable = dataclasses.replace(table, links=tuple(link for link in table.links if link.table in loaded))
    try:
        con.execute(_create_sql(usable, constrained=True))
        con.execute(f"INSERT INTO {sql_name(table.name)} {csv_view_sql(table.name, path)}")
        note = "enforced"
    except duckdb.ConstraintException as exc:
        con.execute(f"DROP TABLE IF EXISTS {sql_name(table.name)}")
        con.execute(_create_sql(table, constrained=False))
        con.execute(f"INSERT INTO {sql_name(table.name)} {csv_view_sql(table.name, path)}")
        note = "not enforced: " + " ".join(str(exc).split())[:300]
    for f in fields(table.row):
        con.execute(f"COMMENT ON COLUMN {sql_name(table.name)}.{f.name} IS {_quote(f.metadata['description'])}")
    con.execute(f"COMMENT ON TABLE {sql_name(table.name)} IS {_quote(table.description)}")
    return note


def current_database(out_dir: str | Path) -> Path | None:
    """The database of ``out_dir`` when it was made from the CSV files as they are now, else None."""
    import duckdb

    out = Path(out_dir)
    path = out / DATABASE
    if not path.exists():
        return None
    try:
        con = duckdb.connect(str(path), read_only=True)
        try:
            stamps = dict(con.execute("SELECT name, csv_stamp FROM baocao_tables").fetchall())
        finally:
            con.close()
    except duckdb.Error:
        return None
    for table in REGISTRY:
        csv = out / f"{table.name}.csv"
        if csv.exists() != (table.name in stamps) or (csv.exists() and stamps[table.name] != _stamp(csv)):
            return None
    return path
