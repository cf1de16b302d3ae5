"""people.csv and units.csv: the same person across documents (spelling variants, an abbreviated unit, a rank
a year later, a Tờ trình and the decision that cites it), namesakes kept apart with candidates listed."""

from __future__ import annotations

import importlib.util
import json
import os
import random
import re
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from baocao.extract.textnorm import fold
from baocao.pipelines.people import keys_match, link_people, person_chain, unit_key
from baocao.pipelines.process import DocResult
from baocao.pipelines.references import resolve_references
from baocao.pipelines.tables import AwardeeRow, DocumentRow, ReferenceRow

from conftest import CORPUS, ROOT, needs_corpus

ID = re.compile(r"^[PU]-[0-9a-f]{12}$")


# -- keys -------------------------------------------------------------------------------------------------

def test_unit_key_writes_out_abbreviations_and_ignores_tone_placement_case_and_punctuation():
    assert unit_key("UBND xã Hoà Cư") == unit_key("Ủy ban nhân dân xã Hòa Cư") == unit_key("xã Hòa Cư")
    assert unit_key("TP. Lạng Sơn") == unit_key("thành phố Lạng Sơn")
    assert unit_key("CÔNG AN TỈNH") == unit_key("Công an tỉnh")
    assert unit_key("Trung tâm VT Đồng Hới") == unit_key("Trung tâm Viễn thông Đồng Hới")
    assert unit_key("Công an huyện Cao Lộc") != unit_key("Công an huyện Lộc Bình")


def test_a_tone_mark_after_a_final_consonant_still_tells_names_apart():
    # fold puts the mark of "Đồng" after its "g", where NFC cannot compose it: it must not be taken for punctuation
    assert unit_key("Trung tâm VT Đồng Hới") != unit_key("Trung tâm VT Đông Hới")
    rows, people, _ = link_people([_doc(T, "2023"), _doc(Q, "2024")],
                                  [_person(T, 1, "Nguyễn Anh Tuấn", "Viễn thông Hà Nội"),
                                   _person(Q, 1, "Nguyễn Anh Tuân", "Viễn thông Hà Nội")], [])
    assert rows[0].person_id != rows[1].person_id and len(people) == 2


def test_a_unit_without_its_place_name_matches_the_unit_with_it_but_not_another_unit():
    assert keys_match(unit_key("Công an tỉnh"), unit_key("Công an tỉnh Lạng Sơn"))
    assert not keys_match(unit_key("Công an tỉnh Lạng Sơn"), unit_key("Công an tỉnh Quảng Bình"))
    assert not keys_match(unit_key("Công an huyện Cao"), unit_key("Công an huyện Cao Lộc"))


def test_a_position_names_the_unit_after_its_title():
    assert person_chain("Phó Trưởng phòng Tham mưu", "Công an tỉnh")[0] == unit_key("Phòng Tham mưu")
    assert person_chain("Giám đốc", "Trung tâm VT Đồng Hới") == person_chain("Giám đốc Trung tâm Viễn thông Đồng Hới", "")
    assert person_chain("vận động viên", "") == ()


@given(st.lists(st.sampled_from(["UBND", "Ủy", "ban", "nhân", "dân", "xã", "tỉnh", "TP.", "Hoà", "hòa", ",", "VT",
                                 "Lạng", "Sơn", "-", "thôn"]), max_size=8))
def test_unit_key_twice_is_unit_key_once(words):
    text = " ".join(words)
    assert unit_key(unit_key(text)) == unit_key(text)


# -- a batch made of rows ---------------------------------------------------------------------------------

def _doc(doc_id: str, date: str, doc_type: str = "Quyết định", number: str = "") -> DocumentRow:
    return DocumentRow(doc_id=doc_id, sha256=doc_id * 4, status="ok", doc_type=doc_type, doc_number=number,
                       issue_date=date)


def _person(doc_id: str, n: int, name: str, organisation: str = "", position: str = "", rank: str = "",
            list_no: str = "", award: str = "Bằng khen của Chủ tịch UBND tỉnh") -> AwardeeRow:
    return AwardeeRow(doc_id=doc_id, awardee_id=f"{doc_id}-A{n:04d}", kind="person", name=name, rank=rank,
                      position=position, organisation=organisation, award=award, list_no=list_no or str(n))


def _collective(doc_id: str, n: int, name: str, organisation: str = "") -> AwardeeRow:
    return AwardeeRow(doc_id=doc_id, awardee_id=f"{doc_id}-A{n:04d}", kind="collective", name=name,
                      organisation=organisation, award="Bằng khen", list_no=str(n))


T, Q, R, S, W = "t" * 16, "q" * 16, "r" * 16, "s" * 16, "w" * 16

DOCUMENTS = [_doc(T, "2023-09-06", "Tờ trình", "318/TTr-SNV"), _doc(Q, "2023-09-12", number="1520/QĐ-UBND"),
             _doc(R, "2024-06-10", number="655/QĐ-UBND"), _doc(S, "2024-07-01"), _doc(W, "2025-02-01")]
AWARDEES = [
    # the Tờ trình proposes ...
    _person(T, 1, "Nguyễn Văn Hoà", "UBND xã Hoà Cư, huyện Cao Lộc"),
    _person(T, 2, "Đặng Quốc Bảo", "Công an tỉnh", "Cán bộ Phòng Tham mưu", "Thiếu tá"),
    _person(T, 3, "Lê Thị Mai", "", "Chuyên viên"),
    _person(T, 4, "Trần Văn Nam", "", "Chuyên viên"),
    _collective(T, 5, "UBND xã Hoà Cư", "huyện Cao Lộc"),
    _person(T, 6, "Phạm Văn Long", "Công an huyện Lộc Bình", "Cán bộ"),
    # ... the decision that cites it awards them, spelt otherwise ...
    _person(Q, 1, "Nguyễn Văn Hòa", "Ủy ban nhân dân xã Hòa Cư, huyện Cao Lộc"),
    _person(Q, 2, "ĐẶNG QUỐC BẢO", "Công an tỉnh", "Cán bộ Phòng Tham mưu", "Thiếu tá"),
    _person(Q, 3, "Lê Thị Mai", "", "Chuyên viên"),
    _person(Q, 4, "Trần Văn Nam", "Chi cục Thuế huyện Lộc Bình"),
    _person(Q, 5, "Trần Văn Nam", "Chi cục Thuế huyện Văn Lãng"),
    _collective(Q, 6, "Ủy ban nhân dân xã Hòa Cư", "huyện Cao Lộc"),
    _person(Q, 7, "Phạm Văn Long", "Chi cục Thuế huyện Văn Lãng", "Cán bộ"),
    # ... a year later, a rank up, the province's name written out ...
    _person(R, 1, "Đặng Quốc Bảo", "Công an tỉnh Lạng Sơn", "Phó Trưởng phòng Tham mưu", "Trung tá"),
    # ... a namesake in another commune, and one without anything to tell ...
    _person(R, 2, "Nguyễn Văn Hoà", "Hội Nông dân xã Gia Cát, huyện Cao Lộc"),
    _person(S, 1, "Lê Thị Mai", "", "Chuyên viên"),
    # ... and a rank that went down: another person.
    _person(W, 1, "Đặng Quốc Bảo", "Công an tỉnh", "Cán bộ Phòng Tham mưu", "Thiếu úy"),
]
REFERENCES = [ReferenceRow(doc_id=Q, reference_id=f"{Q}-R0001", cited_type="Tờ trình", cited_number="318/TTr-SNV",
                           cited_date="2023-09-06")]


@pytest.fixture(scope="module")
def linked():
    references = resolve_references(DOCUMENTS, REFERENCES)
    assert references[0].resolved_doc_id == T
    return link_people(DOCUMENTS, AWARDEES, references)


def _person_of(rows, doc_id: str, n: int) -> str:
    return next(row.person_id for row in rows if row.awardee_id == f"{doc_id}-A{n:04d}")


def _unit_of(rows, doc_id: str, n: int) -> str:
    return next(row.unit_id for row in rows if row.awardee_id == f"{doc_id}-A{n:04d}")


def test_the_same_person_under_spelling_variants_and_an_abbreviated_unit_is_one_person(linked):
    rows, people, _ = linked
    hoa = _person_of(rows, T, 1)
    assert _person_of(rows, Q, 1) == hoa
    person = next(p for p in people if p.person_id == hoa)
    assert person.spellings == "Nguyễn Văn Hoà | Nguyễn Văn Hòa"
    assert person.documents == f"{T} {Q}"
    assert (person.first_date, person.last_date, person.awards) == ("2023-09-06", "2023-09-12", 2)
    assert "unit 1" in person.evidence


def test_a_rank_that_goes_up_a_year_later_in_the_same_unit_is_the_same_person(linked):
    rows, people, _ = linked
    bao = _person_of(rows, T, 2)
    assert _person_of(rows, Q, 2) == _person_of(rows, R, 1) == bao
    person = next(p for p in people if p.person_id == bao)
    assert person.ranks == "Thiếu tá | Trung tá"
    assert person.spellings == "ĐẶNG QUỐC BẢO | Đặng Quốc Bảo"
    assert person.last_date == "2024-06-10"


def test_a_rank_that_goes_down_later_is_another_person_listed_as_a_candidate(linked):
    rows, people, _ = linked
    bao, later = _person_of(rows, T, 2), _person_of(rows, W, 1)
    assert later != bao
    assert later in next(p for p in people if p.person_id == bao).candidates.split()


def test_a_name_without_a_unit_is_joined_by_the_reference_between_the_documents_only(linked):
    rows, people, _ = linked
    mai = _person_of(rows, T, 3)
    assert _person_of(rows, Q, 3) == mai  # the decision cites the Tờ trình
    assert _person_of(rows, S, 1) != mai  # no unit, no link: a namesake for all we know
    person = next(p for p in people if p.person_id == mai)
    assert person.evidence == "reference 1"
    assert person.candidates == _person_of(rows, S, 1)


def test_namesakes_in_different_units_stay_apart_and_list_each_other(linked):
    rows, people, _ = linked
    hoa, other = _person_of(rows, T, 1), _person_of(rows, R, 2)
    assert hoa != other
    by_id = {p.person_id: p for p in people}
    assert by_id[hoa].candidates == other and by_id[other].candidates == hoa


def test_linked_documents_do_not_join_a_name_in_two_units_that_contradict(linked):
    rows, people, _ = linked
    proposed, awarded = _person_of(rows, T, 6), _person_of(rows, Q, 7)
    assert proposed != awarded
    assert next(p for p in people if p.person_id == proposed).candidates == awarded


def test_a_proposal_that_matches_two_namesakes_of_the_decision_joins_neither(linked):
    rows, people, _ = linked
    proposed, first, second = _person_of(rows, T, 4), _person_of(rows, Q, 4), _person_of(rows, Q, 5)
    assert len({proposed, first, second}) == 3
    by_id = {p.person_id: p for p in people}
    assert set(by_id[proposed].candidates.split()) == {first, second}


def test_units_join_spellings_and_abbreviations_and_count_their_people(linked):
    rows, _, units = linked
    commune = _unit_of(rows, T, 5)
    assert _unit_of(rows, Q, 6) == commune == _unit_of(rows, T, 1) == _unit_of(rows, Q, 1)
    unit = next(u for u in units if u.unit_id == commune)
    assert unit.spellings == "UBND xã Hoà Cư | Ủy ban nhân dân xã Hòa Cư"
    assert (unit.kind, unit.awards, unit.people) == ("collective | organisation", 2, 1)
    police = _unit_of(rows, T, 2)
    assert _unit_of(rows, R, 1) == police  # "Công an tỉnh" and "Công an tỉnh Lạng Sơn"
    assert _unit_of(rows, Q, 4) != _unit_of(rows, Q, 5)


def test_every_person_row_and_only_those_get_a_person_id_of_the_stated_form(linked):
    rows, people, units = linked
    assert all(ID.match(row.person_id) for row in rows if row.kind == "person")
    assert all(row.person_id == "" for row in rows if row.kind == "collective")
    assert {row.person_id for row in rows if row.person_id} == {p.person_id for p in people}
    assert {row.unit_id for row in rows if row.unit_id} == {u.unit_id for u in units}
    assert all(ID.match(u.unit_id) for u in units)


def test_ids_and_rows_do_not_depend_on_the_input_order(linked):
    rows, people, units = linked
    references = resolve_references(DOCUMENTS, REFERENCES)
    for seed in range(5):
        order = list(range(len(AWARDEES)))
        random.Random(seed).shuffle(order)
        docs = DOCUMENTS[::-1] if seed % 2 else DOCUMENTS
        again, people2, units2 = link_people(docs, [AWARDEES[i] for i in order], references)
        assert {r.awardee_id: r.person_id for r in again} == {r.awardee_id: r.person_id for r in rows}
        assert people2 == people and units2 == units


def test_a_doc_result_round_trips_through_json_without_the_batch_tables():
    result = DocResult(document=DOCUMENTS[0], awardees=[AWARDEES[0]])
    data = json.loads(json.dumps(result.to_json(), ensure_ascii=False))
    assert "people" not in data and "units" not in data
    assert DocResult.from_json(data) == result


# -- real PDFs: a Tờ trình, the decision citing it, a decision a year later ------------------------------

_HEAD = """---
doc_type: {doc_type}
doc_number: {number}
issuer_parent: {parent}
issuer: {issuer}
issue_place: Lạng Sơn
issue_date: {date}
title: {title}
subject: {subject}
signer_role: {role}
signer_name: {signer}
source: made up for baocao's tests; people are fictional
---

"""

_TABLE = """
::: newpage

::: center
**DANH SÁCH**
**{caption}**
:::

::: table 13 62 95
| STT | Họ và tên | Chức vụ, đơn vị công tác |
{rows}
:::
"""

PROPOSAL = _HEAD.format(
    doc_type="Tờ trình", number="318/TTr-SNV", parent="UBND TỈNH LẠNG SƠN", issuer="SỞ NỘI VỤ", date="2023-09-06",
    title="TỜ TRÌNH", subject="Về việc đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh", role="GIÁM ĐỐC",
    signer="Hà Thị Lan") + """Sở Nội vụ kính trình Chủ tịch UBND tỉnh xem xét, tặng Bằng khen của Chủ tịch UBND
tỉnh cho 03 cá nhân đã có thành tích xuất sắc trong công tác năm 2023 (có danh sách kèm theo).

Sở Nội vụ kính trình Chủ tịch UBND tỉnh xem xét, quyết định./.
""" + _TABLE.format(caption="cá nhân đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh", rows="""| 1 | Ông Nguyễn Văn Hoà | UBND xã Hoà Cư, huyện Cao Lộc |
| 2 | Thiếu tá Đặng Quốc Bảo | Cán bộ Phòng Tham mưu, Công an tỉnh |
| 3 | Bà Lê Thị Mai | Chuyên viên |""")

def _decision(number: str, date: str, basis: str, rows: str) -> str:
    """A provincial award decision: its basis line (may be empty), Điều 1 and the list of ``rows``."""
    return _HEAD.format(
        doc_type="Quyết định", number=number, parent="", issuer="ỦY BAN NHÂN DÂN | TỈNH LẠNG SƠN", date=date,
        title="QUYẾT ĐỊNH", subject="Về việc tặng Bằng khen của Chủ tịch UBND tỉnh",
        role="KT. CHỦ TỊCH | PHÓ CHỦ TỊCH", signer="Hứa Văn Khải") + f"""::: center
**CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN**
:::

{basis}

::: center
**QUYẾT ĐỊNH:**
:::

**Điều 1.** Tặng Bằng khen của Chủ tịch UBND tỉnh cho 03 cá nhân đã có thành tích xuất sắc năm {date[:4]}
(có danh sách kèm theo).

**Điều 2.** Quyết định này có hiệu lực kể từ ngày ký./.
""" + _TABLE.format(caption="cá nhân được tặng Bằng khen của Chủ tịch UBND tỉnh", rows=rows)


DECISION = _decision("1520/QĐ-UBND", "2023-09-12",
                     "*Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 318/TTr-SNV ngày 06 tháng 9 năm 2023.*",
                     """| 1 | Ông Nguyễn Văn Hòa | Ủy ban nhân dân xã Hòa Cư, huyện Cao Lộc |
| 2 | Thiếu tá Đặng Quốc Bảo | Cán bộ Phòng Tham mưu, Công an tỉnh |
| 3 | Bà Lê Thị Mai | Chuyên viên |""")

NEXT_YEAR = _decision("655/QĐ-UBND", "2024-06-10", "", """| 1 | Trung tá Đặng Quốc Bảo | Phó Trưởng phòng Tham mưu, Công an tỉnh Lạng Sơn |
| 2 | Ông Nguyễn Văn Hoà | Hội Nông dân xã Gia Cát, huyện Cao Lộc |
| 3 | Bà Lê Thị Mai | Chuyên viên |""")


def _make_samples():
    pytest.importorskip("reportlab")
    spec = importlib.util.spec_from_file_location("make_samples", ROOT / "samples" / "make_samples.py")
    module = sys.modules.get("make_samples") or importlib.util.module_from_spec(spec)
    sys.modules["make_samples"] = module  # its dataclasses look their module up
    try:
        spec.loader.exec_module(module)
    except OSError as exc:  # the fonts are missing
        pytest.skip(f"cannot typeset test PDFs: {exc}")
    return module


@pytest.fixture(scope="module")
def batch_out(tmp_path_factory):
    from baocao.pipelines.batch import run_batch

    make = _make_samples()
    folder = tmp_path_factory.mktemp("people-pdfs")
    settings = make.Settings("Liberation Serif", leading=1.2, para_space=4.0)
    for name, text in (("to-trinh-318", PROPOSAL), ("quyet-dinh-1520", DECISION), ("quyet-dinh-655", NEXT_YEAR)):
        src = make.parse_source(text)
        flow, _ = make.typeset(src, settings)
        make.render(flow, folder / f"{name}.pdf", src.meta, settings)
    out = tmp_path_factory.mktemp("people-out")
    run_batch([folder], out, ocr="never")
    return out


def _table(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)


def test_a_batch_of_pdfs_finds_every_recurrence_with_evidence_and_merges_no_namesakes(batch_out):
    awardees = _table(batch_out, "awardees").merge(
        _table(batch_out, "documents")[["doc_id", "doc_number"]], on="doc_id")
    persons = awardees[awardees["kind"] == "person"]
    assert len(persons) == 9, persons[["doc_number", "name", "organisation"]]
    ids = {(row.doc_number, fold(row["name"])): row.person_id for _, row in persons.iterrows()}
    hoa, bao, mai = fold("Nguyễn Văn Hòa"), fold("Đặng Quốc Bảo"), fold("Lê Thị Mai")
    assert ids[("318/TTr-SNV", hoa)] == ids[("1520/QĐ-UBND", hoa)] != ids[("655/QĐ-UBND", hoa)]  # unit; namesake
    assert ids[("318/TTr-SNV", bao)] == ids[("1520/QĐ-UBND", bao)] == ids[("655/QĐ-UBND", bao)]  # unit, rank up
    assert ids[("318/TTr-SNV", mai)] == ids[("1520/QĐ-UBND", mai)] != ids[("655/QĐ-UBND", mai)]  # the reference
    people = _table(batch_out, "people").set_index("person_id")
    assert len(people) == 5
    assert people.loc[ids[("655/QĐ-UBND", bao)], "ranks"] == "Thiếu tá | Trung tá"
    assert people.loc[ids[("318/TTr-SNV", hoa)], "candidates"] == ids[("655/QĐ-UBND", hoa)]
    assert people.loc[ids[("318/TTr-SNV", mai)], "evidence"] == "reference 1"
    units = _table(batch_out, "units").set_index("unit_id")
    commune = persons.set_index(["doc_number", persons["name"].map(fold)]).loc[("318/TTr-SNV", hoa), "unit_id"]
    assert units.loc[commune, "spellings"] == "UBND xã Hoà Cư | Ủy ban nhân dân xã Hòa Cư"


def test_the_batch_tables_are_in_the_database_with_their_links_enforced(batch_out):
    import duckdb

    con = duckdb.connect(str(batch_out / "baocao.duckdb"), read_only=True)
    try:
        notes = dict(con.execute("SELECT name, constraints FROM baocao_tables").fetchall())
        joined = con.execute("SELECT count(*) FROM awardees JOIN people USING (person_id)").fetchone()[0]
    finally:
        con.close()
    assert notes["people"] == notes["units"] == notes["awardees"] == "enforced"
    assert joined == 9


# -- the development corpus -------------------------------------------------------------------------------

@needs_corpus
def test_on_the_corpus_no_person_joins_two_names_and_ids_do_not_depend_on_the_order(tmp_path):
    from baocao.pipelines.batch import discover
    from baocao.pipelines.process import process_file

    inputs, _ = discover([CORPUS])
    cache = os.environ.get("BAOCAO_OCR_CACHE")  # the suite's OCR readings of the scans (conftest)
    results = [process_file(str(item.path), item.display, ocr_cache=cache) for item in inputs]
    documents = [result.document for result in results]
    references = resolve_references(documents, [row for result in results for row in result.references])
    awardees = [row for result in results for row in result.awardees]
    rows, people, units = link_people(documents, awardees, references)
    names: dict[str, set[str]] = {}
    for row in rows:
        if row.person_id:
            names.setdefault(row.person_id, set()).add(" ".join(fold(row.name).split()))
    assert len(names) == len(people) > 900
    assert all(len(spellings) == 1 for spellings in names.values())
    assert sum(1 for p in people if len(p.documents.split()) > 1) >= 7  # Viễn thông Quảng Bình, 2020 and 2021
    again, people2, units2 = link_people(documents[::-1], awardees[::-1], references[::-1])
    assert [row.person_id for row in again[::-1]] == [row.person_id for row in rows]
    assert [row.unit_id for row in again[::-1]] == [row.unit_id for row in rows]
    assert people2 == people and units2 == units


def _random_batch(seed: int) -> tuple[list[DocumentRow], list[AwardeeRow]]:
    rng = random.Random(seed)
    docs, rows = [], []
    for k in range(rng.randint(2, 12)):
        doc_id = f"{seed:04d}{k:012x}"
        day = f"20{rng.randint(18, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        docs.append(_doc(doc_id, rng.choice(["", "2019", "2020-05", day, day])))
        for n in range(1, rng.randint(2, 6)):
            rows.append(_person(doc_id, n, rng.choice(["Nguyễn Văn Hùng", "NGUYỄN VĂN HÙNG", "Lê Thị Mai"]),
                                rng.choice(["", "", "Công an tỉnh", "Công an tỉnh Lạng Sơn", "Phòng Tham mưu, Công an tỉnh",
                                            "Công an huyện Lộc Bình"]),
                                rng.choice(["", "Cán bộ", "Phó Trưởng phòng Tham mưu", "Trưởng thôn Nà Pàn"]),
                                rng.choice(["", "", "Thiếu úy", "Trung úy", "Đại úy", "Thiếu tá"]),
                                list_no=rng.choice(["", str(n)]), award=rng.choice(["Bằng khen", "Giấy khen"])))
    return docs, rows


def test_clusters_that_check_what_they_hold_decide_as_the_row_by_row_rule(monkeypatch):
    """People clusters test a join against their units, list entries and ranks in date order (so one name in
    thousands of documents is not cubic); on random batches (partial and missing dates, ranks up and down,
    entries of one list) the people, candidates and evidence are those of comparing every pair of rows."""
    import baocao.pipelines.people as people

    def outcome(docs, rows):
        out, found, _ = link_people(docs, rows, [])
        return [row.person_id for row in out], [(p.person_id, p.candidates, p.evidence) for p in found]

    batches = [_random_batch(seed) for seed in range(150)]
    fast = [outcome(*batch) for batch in batches]
    resolve = people._resolve
    monkeypatch.setattr(people, "_resolve", lambda count, evidence, conflict, blocks, group=None:
                        resolve(count, evidence, conflict, blocks))
    assert [outcome(*batch) for batch in batches] == fast
    assert sum(len(set(ids)) < len(ids) for ids, _ in fast) > 100  # most batches join rows
