"""Scoring against the gold: the matching rules on tiny tables, the real scores against
tests/gold/thresholds.json, thresholds that only go up, and the ``evaluate`` command.

The batch runs once per session (samples + the corpus gold documents, when the corpus is present).
Set BAOCAO_UPDATE_THRESHOLDS=1 to raise thresholds.json to what is measured (never lowering a value);
test_update_switch_is_off fails while the switch is on, so it cannot be left on.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from conftest import CORPUS, GOLD, ROOT, SAMPLES, gold_documents, needs_corpus
from baocao.pipelines.cli import main
from baocao.pipelines.evaluate import (
    MATCHING_RULES,
    Report,
    check_thresholds,
    evaluate,
    floor3,
    format_report,
    load_thresholds,
    pair_rows,
    raise_thresholds,
    score_table,
    scores,
    text_key,
    thresholds_json,
    thresholds_lowered,
)

THRESHOLDS = GOLD / "thresholds.json"
UPDATE = os.environ.get("BAOCAO_UPDATE_THRESHOLDS", "") not in ("", "0")
LONG = ("Đảng bộ, chính quyền, quân và dân các dân tộc tỉnh Lạng Sơn đoàn kết, sáng tạo, "
        "thi đua lập thành tích")


def metric(raw, value, unit, source="body", footnote_no="", page="", **extra):
    return {"raw": raw, "value": value, "unit": unit, "source": source, "footnote_no": footnote_no,
            "page": page, **extra}


def person(name, award="", **extra):
    return {"kind": "person", "name": name, "award": award, "source": "body", "footnote_no": "", "page": "",
            **extra}


# --- the matching rules on tiny tables ------------------------------------------------------------------


def test_text_key_ignores_quotes_punctuation_superscripts_and_tone_placement():
    assert text_key("“Hoà bình”.") == text_key("hòa bình")
    assert text_key("Thượng uý") == text_key("Thượng úy")
    assert text_key("700m²") == text_key("700m2")
    assert text_key("  Bằng   khen; ") == text_key("Bằng khen")
    assert text_key("Đà") != text_key("Da")  # đ and vowel quality are kept


def test_long_names_match_fuzzily_short_names_exactly():
    gold = [{"name": LONG, "source": "body"}, {"name": "Dạy tốt, học tốt", "source": "body"}]
    out = [{"name": LONG.replace("quân và dân", "quân, dân"), "source": "body"},
           {"name": "Dạy tốt học tốt hơn", "source": "body"}]
    pairs, missed, extra = pair_rows("movements", gold, out)
    assert pairs == [(0, 0)] and missed == [1] and extra == [1]
    very_different = [{"name": LONG[:30] + " và xây dựng nông thôn mới", "source": "body"}]
    assert pair_rows("movements", gold[:1], very_different)[0] == []


def test_exact_pairs_come_before_fuzzy_ones():
    near = LONG + " mới"
    gold = [{"name": LONG, "source": "body"}, {"name": near, "source": "body"}]
    out = [{"name": near, "source": "body"}, {"name": LONG + " x", "source": "body"}]
    pairs, _, _ = pair_rows("movements", gold, out)
    assert pairs == [(0, 1), (1, 0)]  # gold 0 would take output 0 fuzzily if it went first


def test_numbers_match_exactly_with_their_unit():
    gold = [metric("5.027 tỷ đồng", "5027000000000", "VND"), metric("92,2%", "92.2", "%"),
            metric("12 xã", "12", "xã")]
    out = [metric("5.027 tỷ đồng", "5.027e12", "VND"), metric("92,2%", "92.20000000001", "%"),
           metric("12 xã", "12", "huyện"), metric("92,3%", "92.3", "%")]
    pairs, missed, extra = pair_rows("metrics", gold, out)
    assert pairs == [(0, 0), (1, 1)] and missed == [2] and extra == [2, 3]


def test_source_and_footnote_must_agree_page_only_when_gold_gives_one():
    gold = [metric("01 km", "1", "km", "footnote", "3"), metric("02 km", "2", "km", page="4"),
            metric("03 km", "3", "km")]
    out = [metric("01 km", "1", "km", "footnote", "2"), metric("02 km", "2", "km", page="5"),
           metric("03 km", "3", "km", page="9"), metric("01 km", "1", "km", "body")]
    pairs, missed, extra = pair_rows("metrics", gold, out)
    assert pairs == [(2, 2)] and missed == [0, 1] and extra == [0, 1, 3]
    score = score_table("metrics", gold, out)
    assert [m["where"] for m in score.misses] == ["footnote 3", "p4 body"]
    assert len(score.false_hits) == 3


def test_duplicates_pair_as_a_multiset_in_document_order():
    gold = [metric("100%", "100", "%", subject="a"), metric("100%", "100", "%", subject="b")]
    three = [metric("100%", "100", "%", subject="a"), metric("100%", "100", "%", subject="b"),
             metric("100%", "100", "%", subject="c")]
    score = score_table("metrics", gold, three)
    assert (score.counts.tp, score.counts.predicted, score.counts.gold) == (2, 3, 2)
    assert score.fields["subject"].accuracy == 1.0 and len(score.false_hits) == 1
    score = score_table("metrics", gold, three[:1])
    assert (score.counts.tp, score.counts.recall, score.counts.precision) == (1, 0.5, 1.0)
    assert len(score.misses) == 1


def test_award_identifies_a_row_only_when_gold_gives_one():
    gold = [person("Tôn Phương Nga", "Huy chương Vàng"), person("Tôn Phương Nga", "Huy chương Bạc"),
            person("Vi Thanh Liêm")]
    out = [person("Tôn Phương Nga", "Huy chương Bạc"), person("Vi Thanh Liêm", "Bằng khen"),
           person("Tôn Phương Nga", "Huy chương Đồng")]
    pairs, missed, extra = pair_rows("awardees", gold, out)
    assert pairs == [(1, 0), (2, 1)] and missed == [0] and extra == [2]
    score = score_table("awardees", gold, out)
    assert score.fields["award"].accuracy == 0.5  # Vi Thanh Liêm: gold empty, output "Bằng khen"
    assert score.subsets["person"].tp == 2


def test_fields_on_paired_rows():
    gold = [{"name": "A", "organisation": "Ngành Tài chính", "kind": "", "source": "body"},
            {"name": "B", "organisation": "", "kind": "", "source": "body"},
            {"name": "C", "organisation": "UBND tỉnh", "kind": "đặc biệt", "source": "body"}]
    out = [{"name": "A", "organisation": "ngành Tài chính", "kind": "", "source": "body"},
           {"name": "B", "organisation": "Sở Nội vụ", "kind": "", "source": "body"},
           {"name": "C", "organisation": "", "kind": "đặc biệt", "source": "body"}]
    organisation = score_table("movements", gold, out).fields["organisation"]
    assert (organisation.pairs, organisation.equal) == (3, 1)
    assert organisation.recall == 0.5  # right among those gold gives one
    assert organisation.precision == 0.5  # right among those the output gives
    errors = score_table("movements", gold, out).field_errors
    assert [(e["row"]["name"], e["gold"], e["output"]) for e in errors] == [("B", "", "Sở Nội vụ"),
                                                                         ("C", "UBND tỉnh", "")]


def test_tables_not_complete_count_for_recall_only():
    gold = [metric("12 xã", "12", "xã")]
    out = [metric("12 xã", "12", "xã"), metric("3 huyện", "3", "huyện")]
    score = score_table("metrics", gold, out, complete=False)
    assert (score.counts.tp, score.counts.predicted, score.counts.precision, score.counts.recall) == (1, 0, 1.0, 1.0)
    assert score.false_hits == []


def test_footnotes_pair_by_number_and_score_links():
    gold = [{"footnote_no": "1", "page": "2", "text": "Ngành Tài chính.", "anchor_page": "2"},
            {"footnote_no": "2", "page": "7", "text": "Trong năm", "anchor_page": "7"}]
    out = [{"footnote_no": "1", "page": "2", "text": "Ngành Tài chính", "anchor_page": "2"},
           {"footnote_no": "2", "page": "7", "text": "Trong năm", "anchor_page": ""}]
    score = score_table("footnotes", gold, out)
    assert score.counts.f1 == 1.0 and score.fields["text"].accuracy == 1.0
    assert (score.linked.tp, score.linked.gold) == (1, 2)
    assert score.fields["anchor_page"].accuracy == 0.5


def write_case(tmp_path, sha="ab" * 32, file="x.pdf", out_sha=None, out_file="in/x.pdf", complete=None):
    """A gold folder with one document and an output folder with its tables."""
    gold = tmp_path / "gold" / "x"
    gold.mkdir(parents=True)
    (gold / "gold.json").write_text(json.dumps({
        "key": "x", "file": file, "sha256": sha, "source": "corpus/dev",
        "complete": complete or ["documents", "footnotes", "movements", "awardees", "metrics"],
        "document": {"doc_type": "Báo cáo", "doc_number": "1/BC", "title": "Về việc thử", "issuer_parent": ""}}), encoding="utf-8")
    _write(gold / "metrics.csv", [metric("12 xã", "12", "xã", page="1"), metric("5%", "5", "%", page="1")])
    _write(gold / "movements.csv", [{"name": "Dạy tốt, học tốt", "source": "body", "page": "1"}])
    out = tmp_path / "out"
    out.mkdir()
    _write(out / "documents.csv", [{"doc_id": "d1", "source_file": out_file, "sha256": out_sha or sha,
                                    "doc_type": "Báo cáo", "doc_number": "1/BC", "title": "V/v thử"}])
    _write(out / "metrics.csv", [dict(metric("12 xã", "12", "xã", page="1"), doc_id="d1", metric_id="d1-Q1"),
                                 dict(metric("7 xã", "7", "xã", page="1"), doc_id="d1", metric_id="d1-Q2"),
                                 dict(metric("12 xã", "12", "xã", page="1"), doc_id="other")])
    return tmp_path / "gold", out


def _write(path, rows):
    columns = list(dict.fromkeys(name for row in rows for name in row))
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def test_documents_match_by_sha256_then_by_file_name(tmp_path):
    gold, out = write_case(tmp_path)
    report = evaluate(gold, out)
    (doc,) = report.documents
    assert doc.matched_by == "sha256"
    metrics = doc.tables["metrics"].counts
    assert (metrics.tp, metrics.predicted, metrics.gold) == (1, 2, 2)  # the "other" document's row is not counted
    assert doc.tables["movements"].counts.recall == 0.0
    meta = doc.tables["documents"].fields
    assert meta["doc_number"].accuracy == 1.0 and meta["title"].accuracy == 0.0
    assert meta["issuer_parent"].accuracy == 1.0  # empty in gold and output
    assert "issuer" not in meta  # not in gold.json: not scored
    assert doc.tables["documents"].subsets["all fields right"].tp == 0

    renamed = tmp_path / "renamed"
    gold, out = write_case(renamed, out_sha="cd" * 32)
    assert evaluate(gold, out).documents[0].matched_by == "file"

    absent = tmp_path / "absent"
    gold, out = write_case(absent, out_sha="cd" * 32, out_file="in/y.pdf")
    report = evaluate(gold, out)
    assert report.documents == [] and report.absent[0]["key"] == "x"
    assert "x                  not in the output: x.pdf" in format_report(report)
    assert report.to_json()["scores"]["all"]["metrics.f1"] == 1.0  # nothing to score: nothing wrong


def test_groups_by_gold_source_and_text_layer(tmp_path):
    gold, out = write_case(tmp_path)
    report = evaluate(gold, out)
    report.documents[0].text_source = "text"
    assert list(report.members()) == ["corpus/dev", "all"]
    other = evaluate(gold, out).documents[0]
    other.text_source = "scanned"
    report.documents.append(other)
    members = report.members()
    assert list(members) == ["corpus/dev", "corpus/dev (text layer)", "all"]
    assert len(members["corpus/dev"]) == 2 and len(members["corpus/dev (text layer)"]) == 1
    assert report.groups()["corpus/dev"]["metrics"].counts.gold == 4


def test_thresholds_check_and_only_rise(tmp_path):
    gold, out = write_case(tmp_path)
    report = evaluate(gold, out)
    measured = scores(report)["x"]
    assert measured["metrics.recall"] == 0.5 and measured["metrics.precision"] == 0.5
    assert check_thresholds(report, {"x": {"metrics.recall": 0.5}, "gone": {"metrics.recall": 1.0}}) == []
    assert check_thresholds(report, {"x": {"metrics.recall": 0.6, "no.such.score": 0.1}}) == [
        "x metrics.recall: 0.5000 < 0.6000", "x no.such.score: 0.0000 < 0.1000"]
    raised = raise_thresholds({"x": {"metrics.recall": 0.9, "old": 0.3}}, report)
    assert raised["x"]["metrics.recall"] == 0.9 and raised["x"]["old"] == 0.3
    assert raised["x"]["metrics.precision"] == 0.5
    assert floor3(2 / 3) == 0.666 and floor3(1.0) == 1.0 and floor3(0.7) == 0.7


# --- the real scores ------------------------------------------------------------------------------------


def gold_pdfs() -> list:
    """The PDFs of the corpus gold documents (none when the corpus is absent)."""
    if not CORPUS.is_dir():
        return []
    return [CORPUS / gold["file"] for gold in gold_documents("corpus/dev") if (CORPUS / gold["file"]).exists()]


@pytest.fixture(scope="session")
def scored(tmp_path_factory) -> tuple[Report, object]:
    """The batch over the samples and the corpus gold documents, run once, and its report."""
    from baocao.pipelines.batch import run_batch

    out = tmp_path_factory.mktemp("evaluate-out")
    run_batch([SAMPLES, *gold_pdfs()], out, jobs=2)
    return evaluate(GOLD, out), out


def gold_params():
    return [pytest.param(gold["key"], marks=[needs_corpus] if gold["source"] == "corpus/dev" else [], id=gold["key"])
            for gold in gold_documents()]


@pytest.mark.slow
def test_every_gold_document_is_found(scored):
    report, _ = scored
    found = {doc.key: doc.matched_by for doc in report.documents}
    assert found.get("seed") == "sha256"
    if CORPUS.is_dir():
        assert report.absent == []
        assert all(by == "sha256" for by in found.values())


@pytest.mark.slow
@pytest.mark.parametrize("key", gold_params())
def test_scores_meet_thresholds(scored, key):
    report, _ = scored
    thresholds = load_thresholds(THRESHOLDS)
    assert key in thresholds, f"no thresholds for {key}: run BAOCAO_UPDATE_THRESHOLDS=1 pytest {__file__}"
    assert check_thresholds(report, {key: thresholds[key]}) == []


@pytest.mark.slow
@pytest.mark.skipif(not UPDATE, reason="set BAOCAO_UPDATE_THRESHOLDS=1 to raise the thresholds")
def test_raise_thresholds(scored):
    report, _ = scored
    THRESHOLDS.write_text(thresholds_json(raise_thresholds(load_thresholds(THRESHOLDS), report)), encoding="utf-8")


def test_update_switch_is_off():
    assert not UPDATE, "BAOCAO_UPDATE_THRESHOLDS is set: thresholds.json was rewritten; unset it and commit"


def test_thresholds_are_scores():
    thresholds = load_thresholds(THRESHOLDS)
    assert {gold["key"] for gold in gold_documents()} <= set(thresholds)
    for key, values in thresholds.items():
        for name, value in values.items():
            assert 0.0 <= value <= 1.0 and floor3(value) == value, (key, name, value)


def _committed_versions() -> list[tuple[str, dict]]:
    """thresholds.json as committed (every commit touching it) and as staged."""
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not available")
    path = THRESHOLDS.relative_to(ROOT).as_posix()

    def run(*args):
        return subprocess.run([git, "-C", str(ROOT), *args], capture_output=True, text=True, encoding="utf-8")

    if run("rev-parse", "--git-dir").returncode != 0:
        pytest.skip("not a git checkout")
    log = run("log", "--format=%H", "--", path)
    versions = []
    for ref in [f"{commit}:{path}" for commit in log.stdout.split()] + [f":{path}"]:
        shown = run("show", ref)
        if shown.returncode == 0:
            versions.append((ref, json.loads(shown.stdout)))
    if not versions:
        pytest.skip("thresholds.json has no history in git yet")
    return versions


def test_thresholds_only_go_up():
    current = load_thresholds(THRESHOLDS)
    for ref, old in _committed_versions():
        assert thresholds_lowered(old, current) == [], f"thresholds.json lowers values of {ref}"


def test_thresholds_lowered():
    old = {"_about": "x", "seed": {"metrics.f1": 0.9, "movements.f1": 0.5}}
    assert thresholds_lowered(old, {"seed": {"metrics.f1": 0.95, "movements.f1": 0.5, "new": 0.1}}) == []
    assert thresholds_lowered(old, {"seed": {"metrics.f1": 0.8}}) == ["seed metrics.f1: 0.9 -> 0.8",
                                                                      "seed movements.f1: 0.5 -> None"]


# --- the command ----------------------------------------------------------------------------------------


def test_help_states_the_matching_rules():
    result = CliRunner().invoke(main, ["evaluate", "--help"])
    assert result.exit_code == 0
    assert "Matching rules:" in result.output
    for line in MATCHING_RULES.splitlines():
        assert line.strip() in result.output


def test_command_reports_misses_false_hits_and_thresholds(tmp_path):
    gold, out = write_case(tmp_path)
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "x metrics MISS [p1 body] 5% | 5 | %" in result.output
    assert "x metrics FALSE [p1 body] 7 xã | 7 | xã" in result.output
    assert "x movements MISS [p1 body] Dạy tốt, học tốt" in result.output
    assert "x documents.title" in result.output

    result = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--out", str(out), "--json"])
    data = json.loads(result.stdout)
    assert data["scores"]["x"]["metrics.f1"] == 0.5
    assert data["documents"][0]["tables"]["metrics"]["false_hits"][0]["id"] == "d1-Q2"

    high = tmp_path / "thresholds.json"
    high.write_text(json.dumps({"x": {"metrics.f1": 0.9}}), encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--out", str(out), "--thresholds", str(high)])
    assert result.exit_code == 1
    assert "below threshold: x metrics.f1: 0.5000 < 0.9000" in result.stderr


def test_command_without_tables_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(GOLD), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "no documents.csv" in result.output and "Traceback" not in result.output


@pytest.mark.slow
def test_command_on_the_batch_output(scored):
    _, out = scored
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(GOLD), "--out", str(out),
                                       "--thresholds", str(THRESHOLDS)])
    assert result.exit_code == 0, result.output[-3000:]
    assert "== samples (1 document)" in result.output
    assert "seed " in result.output
