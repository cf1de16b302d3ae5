"""Table rows survive a CSV round trip; cells are plain (sqlite-utils' test_hypothesis)."""

from __future__ import annotations

import csv
import io
from dataclasses import fields

from hypothesis import given
from hypothesis import strategies as st

from baocao.pipelines.process import DocResult
from baocao.pipelines.tables import BY_NAME, REGISTRY, TABLES, MetricRow, csv_text, plain

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)
NUMBERS = st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15))


@given(raw=TEXT, value=NUMBERS, unit=TEXT, page=st.one_of(st.none(), st.integers(1, 10_000)))
def test_metric_row_round_trips_through_csv(raw, value, unit, page):
    row = MetricRow(doc_id="abc", metric_id="abc-Q0001", raw=raw, value=value, unit=unit, page=page)
    [back] = list(csv.DictReader(io.StringIO(csv_text("metrics", [row]))))
    # Text keeps its length (offsets into a block's text hold), on one line.
    assert back["raw"] == plain(raw) and len(back["raw"]) == len(raw) and len(back["raw"].splitlines()) <= 1
    assert back["unit"] == plain(unit)
    assert back["page"] == ("" if page is None else str(page))
    if value is None:
        assert back["value"] == ""
    else:
        assert float(back["value"]) == value
        assert "," not in back["value"]
        if value == 0 or 1e-4 <= abs(value) < 1e15:
            assert "e" not in back["value"].lower()  # plain decimal notation


@given(st.text(max_size=40))
def test_plain_text_is_one_line_and_idempotent(text):
    once = plain(text)
    assert len(once.splitlines()) <= 1 and len(once) == len(text)
    assert plain(once) == once


def test_whole_numbers_have_no_decimal_point_and_no_grouping():
    assert plain(5027000000000.0) == "5027000000000"
    assert plain(92.2) == "92.2"
    assert plain(float("nan")) == ""


def test_every_table_header_is_its_dataclass_fields():
    for table, row_type in TABLES.items():
        header = next(csv.reader(io.StringIO(csv_text(table, []))))
        assert header == [f.name for f in fields(row_type)]


def test_the_registry_is_consistent():
    """Every table's key and links name its own columns; a link's columns match the key it references; row
    ids have their own prefix; every table has its rows in a document's result."""
    prefixes = [table.id_prefix for table in REGISTRY if table.id_prefix]
    assert len(prefixes) == len(set(prefixes))
    result_fields = {f.name for f in fields(DocResult)}
    for table in REGISTRY:
        assert set(table.key) <= set(table.columns), table.name
        assert (table.name in result_fields or table.name == "documents") != table.batch, table.name
        if table.id_prefix:
            assert table.key == (table.id_column,)
        for link in table.links:
            assert set(link.columns) <= set(table.columns), (table.name, link)
            assert len(link.columns) == len(BY_NAME[link.table].key), (table.name, link)
