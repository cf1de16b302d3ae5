"""The README's data dictionary and datapackage.json say what the tables hold (sqlite-utils' test_docs)."""

from __future__ import annotations

import re
from dataclasses import fields

from conftest import ROOT
from baocao.pipelines.tables import TABLES, data_dictionary_markdown, datapackage

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section() -> str:
    match = re.search(r"<!-- data-dictionary -->\n(.*?)<!-- /data-dictionary -->", README, re.S)
    assert match, "README.md has no data dictionary between <!-- data-dictionary --> markers"
    return match.group(1)


def test_readme_data_dictionary_is_current():
    # Regenerate with: python -m baocao.pipelines.tables --markdown
    assert _section().strip() == data_dictionary_markdown().strip()


def test_readme_lists_every_column_of_every_table():
    section = _section()
    for table, row_type in TABLES.items():
        part = section.split(f"`{table}.csv`", 1)[1].split("#### ", 1)[0]
        listed = re.findall(r"^\| `([a-z_0-9]+)` \|", part, re.M)
        assert listed == [f.name for f in fields(row_type)], table


def test_datapackage_describes_every_column_with_a_type():
    package = datapackage()
    for resource in package["resources"]:
        row_type = TABLES[resource["name"]]
        schema_fields = resource["schema"]["fields"]
        assert [f["name"] for f in schema_fields] == [f.name for f in fields(row_type)]
        assert all(f["type"] in {"string", "integer", "number"} and f["description"] for f in schema_fields)
        for key in resource["schema"].get("foreignKeys", []):
            target = next(r for r in package["resources"] if r["name"] == key["reference"]["resource"])
            assert set(key["reference"]["fields"]) <= {f["name"] for f in target["schema"]["fields"]}


def test_issue_columns_come_first_in_order():
    required = {
        "documents": "doc_id source_file sha256 pages doc_type doc_number issuer issuer_parent issue_place issue_date "
                     "title signer_role signer_name text_source status error",
        "footnotes": "doc_id footnote_no page text anchor_page anchor_text",
        "movements": "doc_id movement_id name organisation kind launch_date page source footnote_no context",
        "awardees": "doc_id awardee_id kind name rank position organisation award quantity page source footnote_no "
                    "context",
        "metrics": "doc_id metric_id raw value unit qualifier subject page source footnote_no context",
        "entities": "doc_id entity_id label text normalized page source footnote_no char_start char_end",
    }
    for table, names in required.items():
        names = names.split()
        assert [f.name for f in fields(TABLES[table])][: len(names)] == names, table
