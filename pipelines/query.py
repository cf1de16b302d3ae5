"""SQL over an output folder's tables with DuckDB: its database file (``baocao.duckdb``) when that was made
from the CSV files as they are, else a view per CSV file, typed by the tables' schema."""

from __future__ import annotations

from pathlib import Path

from baocao.extract.errors import BaocaoError

from .database import csv_view_sql, current_database, sql_name
from .tables import TABLES


class QueryError(BaocaoError):
    """The SQL could not be run (a syntax error, an unknown column, no tables in the folder)."""


def connect(out_dir: str | Path):
    """A read-only DuckDB connection to the tables of ``out_dir``: its database file when current, else a
    view per table CSV found there."""
    import duckdb

    out = Path(out_dir)
    database = current_database(out)
    if database is not None:
        return duckdb.connect(str(database), read_only=True)
    con = duckdb.connect()
    found = 0
    for table in TABLES:
        path = out / f"{table}.csv"
        if not path.exists():
            continue
        found += 1
        con.execute(f"CREATE VIEW {sql_name(table)} AS {csv_view_sql(table, path)}")
    if not found:
        raise QueryError(f"no tables in {out}: run `baocao run PATH --out {out}` first")
    return con


def run_query(sql: str, out_dir: str | Path):
    """Run ``sql`` over the tables of ``out_dir`` and return a pandas DataFrame."""
    import duckdb

    con = connect(out_dir)
    try:
        return con.execute(sql).df()
    except duckdb.Error as exc:
        raise QueryError(str(exc).strip()) from None
    finally:
        con.close()
