"""SQL over an output folder's tables with DuckDB: each CSV is a view named after its table."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from baocao.extract.errors import BaocaoError

from .tables import TABLES

SQL_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE"}


class QueryError(BaocaoError):
    """The SQL could not be run (a syntax error, an unknown column, no tables in the folder)."""


def connect(out_dir: str | Path):
    """A DuckDB connection with a view per table CSV found in ``out_dir``, typed by the tables' schema."""
    import duckdb

    out = Path(out_dir)
    con = duckdb.connect()
    found = 0
    for table, row_type in TABLES.items():
        path = out / f"{table}.csv"
        if not path.exists():
            continue
        found += 1
        types = ", ".join(f"'{f.name}': '{SQL_TYPES[f.metadata['type']]}'" for f in fields(row_type))
        location = str(path).replace("'", "''")
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_csv('{location}', header = true, "
                    f"columns = {{{types}}}, quote = '\"', escape = '\"', auto_detect = false)")
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
