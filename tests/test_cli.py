"""The CLI, driven in-process with click's CliRunner."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import SAMPLES
from baocao.pipelines.cli import main

REPORT = str(SAMPLES / "lang-son-2019-bao-cao.pdf")


def test_text_shows_metadata_markers_and_footnotes():
    result = CliRunner().invoke(main, ["text", REPORT])
    assert result.exit_code == 0, result.output
    assert "doc_number: 245/BC-UBND" in result.output
    assert "các doanh nghiệp[^1]." in result.output
    assert "[^5]: như: Liên đoàn Lao động tỉnh" in result.output
    assert "700m²" in result.output


def test_text_json_is_the_whole_model():
    result = CliRunner().invoke(main, ["text", "--json", REPORT])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["meta"]["signer_name"] == "Hồ Tiến Thiệu"
    assert [note["number"] for note in data["footnotes"]] == [1, 2, 3, 4, 5]
    assert data["footnotes"][0]["anchor_page"] == 2
    assert len(data["pages"]) == 11


def test_text_on_a_bad_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "x.pdf"
    bad.write_text("not a pdf")
    result = CliRunner().invoke(main, ["text", str(bad)])
    assert result.exit_code == 1
    assert "not a PDF" in result.output
    assert "Traceback" not in result.output


def test_entities_table_and_json():
    result = CliRunner().invoke(main, ["entities", REPORT, "--label", "RANK"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:3] == ["page", "where", "label"]
    assert [line.split()[3:5] for line in lines[1:]] == [["RANK", "Thượng"], ["RANK", "Thượng"], ["RANK", "Đại"],
                                                          ["RANK", "Thượng"]]
    assert all("footnote 4" in line for line in lines[1:])
    as_json = CliRunner().invoke(main, ["entities", REPORT, "--json", "--label", "money"])
    rows = [json.loads(line) for line in as_json.output.splitlines()]
    assert {"text": "5.027 tỷ đồng", "value": 5027000000000.0, "unit": "VND", "page": 5} .items() <= next(
        row for row in rows if row["text"] == "5.027 tỷ đồng").items()


def test_the_cli_runs_without_docstrings():
    """``python -OO`` drops docstrings; nothing the CLI imports may need one."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-OO", "-m", "baocao.pipelines.cli", "evaluate", "--help"], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Documents: gold.json" in done.stdout  # the matching rules, from their constant
