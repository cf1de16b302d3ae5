"""awardees.csv: the builder against the gold (seed, corpus), the decision sample's truth, and small
made-up documents, one per rule (commemorated people, signers, "Ôn g", cells cut by a page break).

Rows are matched to gold as the evaluator does: same kind and folded name (difflib ratio >= 0.9 for names
over 40 characters), same source and footnote_no (and page when gold gives one), and the same folded
award when gold gives one. Then rank, position, organisation, award and quantity are compared as fields
(folded, exact).
"""

from __future__ import annotations

import csv
from difflib import SequenceMatcher
from functools import lru_cache

import pytest
from conftest import CORPUS, GOLD, SAMPLES, gold_documents, needs_corpus, read_cached, truth

from baocao.extract.entities.vocab import entries
from baocao.extract.model import Block, DocMeta, Document, Footnote
from baocao.extract.textnorm import fold
from baocao.pipelines.awardees import extract_awardees
from baocao.pipelines.tables import AwardeeRow
from baocao.pipelines.tagged import tag_document

FIELDS = ("rank", "position", "organisation", "award", "quantity")
SEED_PDF = SAMPLES / "lang-son-2019-bao-cao.pdf"
DECISION_PDF = SAMPLES / "quyet-dinh-khen-thuong-2023.pdf"
LIST_974 = "qbh_b9242904"


# --- shared: read and tag each document once, score like the evaluator ----------------------------


@pytest.fixture(scope="module")
def awardees_of():
    """``awardees_of(path)``: the rows of a PDF, read (conftest.read_cached) and tagged once per module."""

    @lru_cache(maxsize=None)
    def rows(path) -> tuple[AwardeeRow, ...]:
        return tuple(extract_awardees(tag_document(read_cached(str(path)))))

    return rows


def gold_rows(key: str) -> list[dict]:
    with open(GOLD / key / "awardees.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def corpus_pdf(key: str) -> str:
    return str(CORPUS / next(g["file"] for g in gold_documents("corpus/dev") if g["key"] == key))


def _text(value) -> str:
    return "" if value is None else str(value)


def _same_name(a: str, b: str) -> bool:
    if fold(a) == fold(b):
        return True
    return max(len(a), len(b)) > 40 and SequenceMatcher(None, fold(a), fold(b)).ratio() >= 0.9


def match(rows, gold: list[dict]) -> list[tuple[dict, AwardeeRow]]:
    """Gold rows paired one-to-one with output rows (a list number, when both have one, settles ties)."""
    free = list(rows)
    pairs = []
    for g in gold:
        candidates = [r for r in free if r.kind == g["kind"] and _same_name(r.name, g["name"])
                      and r.source == g["source"] and _text(r.footnote_no) == g["footnote_no"]
                      and (not g["page"] or _text(r.page) == g["page"])
                      and (not g["award"] or fold(r.award) == fold(g["award"]))]
        if not candidates:
            continue
        row = next((r for r in candidates if g.get("stt") and r.list_no == g["stt"]), candidates[0])
        free.remove(row)
        pairs.append((g, row))
    return pairs


def f1(pairs, rows, gold) -> float:
    return 2 * len(pairs) / (len(rows) + len(gold)) if rows or gold else 1.0


def field_right(g: dict, row: AwardeeRow, name: str) -> bool:
    return fold(_text(getattr(row, name))) == fold(g[name])


# --- the seed report -----------------------------------------------------------------------------


def test_seed_gold(awardees_of):
    rows = awardees_of(SEED_PDF)
    gold = gold_rows("seed")
    pairs = match(rows, gold)
    assert f1(pairs, rows, gold) >= 0.95, [(r.kind, r.name) for r in rows]
    people = [(g, r) for g, r in pairs if g["kind"] == "person"]
    assert len(people) == sum(1 for g in gold if g["kind"] == "person")
    for g, r in people:
        assert field_right(g, r, "rank") and field_right(g, r, "position"), (g, r)
    for name in FIELDS:
        assert sum(field_right(g, r, name) for g, r in pairs) >= 0.9 * len(pairs), name


def test_seed_commemorated_and_signer_are_not_awardees(awardees_of):
    names = {fold(r.name) for r in awardees_of(SEED_PDF)}
    for name in ("Hoàng Văn Thụ", "Hồ Chí Minh", "Bác Hồ", "Hồ Tiến Thiệu"):
        assert fold(name) not in names


def test_seed_rows_carry_provenance(awardees_of):
    for row in awardees_of(SEED_PDF):
        assert row.source == "footnote" and row.footnote_no in (3, 4, 5) and row.page in (7, 8)
        assert row.context and row.block is not None and not row.doc_id and not row.awardee_id


# --- the decision sample: its list as the generator wrote it ---------------------------------------


def _decision_expected() -> list[dict]:
    """The sample's table rows as awardees: honorific and rank taken off the name."""
    ranks = sorted(entries("ranks.txt"), key=len, reverse=True)
    out = []
    for row in truth(DECISION_PDF)["table"]:
        if row["kind"] != "row":
            continue
        name, rank = row["name"], ""
        for word in ("Ông ", "Bà "):
            name = name.removeprefix(word)
        rank = next((r for r in ranks if name.startswith(r + " ")), "")
        out.append({"kind": "collective" if "Tập thể" in row["group"] else "person", "name": name[len(rank):].strip(),
                    "rank": rank, "cell": row["position"], "stt": row["stt"], "page": row["page"]})
    return out


def test_decision_sample_list(awardees_of):
    rows = awardees_of(DECISION_PDF)
    expected = _decision_expected()
    blocks = [b["text"] for b in truth(DECISION_PDF)["blocks"]]
    award = blocks[blocks.index("DANH SÁCH") + 1].split("được tặng ", 1)[1]  # the list's title
    assert len(expected) == 28
    assert [(r.kind, r.name, r.rank, r.list_no, r.page) for r in rows] == [
        (e["kind"], e["name"], e["rank"], e["stt"], e["page"]) for e in expected]
    for row, e in zip(rows, expected):
        assert row.award == award and row.quantity is None and row.source == "body"
        if row.kind == "person":  # the cell is the position, then the units
            assert ", ".join(filter(None, (row.position, row.organisation))) == e["cell"], row
            assert row.position and not row.position[0].islower()
        else:
            assert (row.position, row.organisation) == ("", e["cell"])


# --- the corpus ------------------------------------------------------------------------------------


@needs_corpus
def test_974_person_list(awardees_of):
    rows = awardees_of(corpus_pdf(LIST_974))
    gold = gold_rows(LIST_974)
    assert len(rows) == 974 and [r.list_no for r in rows] == [str(n) for n in range(1, 975)]
    assert all(r.kind == "person" and r.award == "Bằng khen của Tập đoàn Bưu chính Viễn thông Việt Nam" for r in rows)
    pairs = match(rows, gold)
    assert f1(pairs, rows, gold) >= 0.95
    by_number = [(g, r) for g, r in pairs if g["stt"] == r.list_no]
    assert len(by_number) >= 0.95 * len(gold)
    for name in ("position", "organisation"):
        assert sum(field_right(g, r, name) for g, r in by_number) >= 0.95 * len(gold), name


@needs_corpus
def test_974_person_list_hard_rows(awardees_of):
    """Names cut by a stray space or with broken tone marks, cells continued on the next page, headings
    at a page foot governing the next page."""
    rows = {r.list_no: r for r in awardees_of(corpus_pdf(LIST_974))}
    assert rows["200"].name == "Hoàng Mạnh" and rows["544"].name == "Bùi Văn Chuyên"
    assert rows["697"].name == "Hoàng Thị Thu Thủy" and rows["763"].name == "Nguyễn Đức Dũng"
    assert rows["213"].name == "Lương Sơn Tùng" and rows["330"].name == "Nguyễn Xuân Cẩm Tú"
    assert rows["766"].name == "Lê Văn Nhật" and rows["754"].name == "Nguyễn Hữu Thường"
    assert rows["179"].organisation.endswith("Viễn thông Lào Cai")
    assert rows["226"].organisation.endswith("Viễn thông Thái Nguyên")
    assert rows["41"].organisation == "Viễn thông Hà Nam"
    assert rows["1"].position == "Giám đốc Viễn thông Bắc Giang" and rows["1"].organisation == "Viễn thông Bắc Giang"


CORPUS_WITH_AWARDEES = [g["key"] for g in gold_documents("corpus/dev") if gold_rows(g["key"])]
CORPUS_WITHOUT = [g["key"] for g in gold_documents("corpus/dev") if not gold_rows(g["key"])]


@needs_corpus
@pytest.mark.parametrize("key", CORPUS_WITH_AWARDEES)
def test_corpus_gold(awardees_of, key):
    rows = awardees_of(corpus_pdf(key))
    gold = gold_rows(key)
    assert f1(match(rows, gold), rows, gold) >= 0.9


@needs_corpus
@pytest.mark.parametrize("key", CORPUS_WITHOUT)
def test_no_awardees_where_gold_has_none(awardees_of, key):
    assert awardees_of(corpus_pdf(key)) == ()


# --- made-up documents, one rule each ------------------------------------------------------------


def made_up(*blocks, signer: str = "", issuer: str = "SỞ NỘI VỤ", footnotes=()) -> list[AwardeeRow]:
    blocks = [Block(kind="paragraph", text=b, page=1) if isinstance(b, str) else b for b in blocks]
    doc = Document(path="made-up.pdf", sha256="0" * 64, pages=[], lines=[], blocks=blocks,
                   footnotes=list(footnotes), meta=DocMeta(signer_name=signer, issuer=issuer))
    return extract_awardees(tag_document(doc))


def summary(rows) -> list[tuple]:
    return [(r.kind, r.name, r.rank, r.position, r.organisation, r.award, r.quantity) for r in rows]


def row(table: int, page: int, *cells: str) -> Block:
    return Block(kind="table_row", text="\t".join(cells), cells=list(cells), table=table, page=page)


def test_commemorated_and_cited_people_are_not_awardees():
    assert made_up("Tổ chức Lễ kỷ niệm 110 năm ngày sinh đồng chí Hoàng Văn Thụ; học tập và làm theo tư tưởng, "
                   "đạo đức, phong cách Hồ Chí Minh, Phong trào “Toàn dân rèn luyện thân thể theo gương Bác Hồ "
                   "vĩ đại”.") == []


def test_appointed_and_attending_people_are_not_awardees():
    assert made_up("Điều 2. Chỉ định ông Huỳnh Tho, Chủ nhiệm Đoàn Luật sư tỉnh Lâm Đồng giữ chức Chủ nhiệm lâm thời.",
                   Block(kind="item", label="-", text="- Đồng chí Võ Phiên, Phó Chủ tịch UBND tỉnh;", page=1)) == []


def test_signer_is_not_an_awardee():
    text = "Ông Hồ Tiến Thiệu, Chủ tịch UBND tỉnh được Thủ tướng Chính phủ tặng Bằng khen."
    assert made_up(text, signer="Hồ Tiến Thiệu") == []
    assert [r.name for r in made_up(text)] == ["Hồ Tiến Thiệu"]


def test_unnamed_counts_are_not_awardees():
    assert made_up("Chủ tịch UBND tỉnh đã tặng Bằng khen cho 27 tập thể và 24 cá nhân có thành tích xuất sắc.") == []


def test_award_received_in_prose():
    rows = made_up("Năm 2023, Phòng Cảnh sát hình sự Công an tỉnh được Bộ Công an tặng Bằng khen; đồng chí Nguyễn "
                   "Văn An, Trưởng phòng Tổ chức cán bộ, Sở Nội vụ được Chủ tịch nước tặng Huân chương Lao động "
                   "hạng Ba.")
    assert summary(rows) == [
        ("collective", "Phòng Cảnh sát hình sự Công an tỉnh", "", "", "", "Bằng khen của Bộ Công an", None),
        ("person", "Nguyễn Văn An", "", "Trưởng phòng Tổ chức cán bộ", "Sở Nội vụ", "Huân chương Lao động hạng Ba",
         None),
    ]


def test_medals_with_quantities():
    rows = made_up("Vận động viên Tôn Phương Nga đạt 01 Huy chương Vàng, 02 Huy chương Bạc và 01 Huy chương Đồng "
                   "tại giải vô địch Wushu trẻ toàn quốc.")
    assert [(r.name, r.position, r.award, r.quantity) for r in rows] == [
        ("Tôn Phương Nga", "Vận động viên", "Huy chương Vàng", 1),
        ("Tôn Phương Nga", "Vận động viên", "Huy chương Bạc", 2),
        ("Tôn Phương Nga", "Vận động viên", "Huy chương Đồng", 1),
    ]


def test_issuing_body_named_by_a_bare_word():
    rows = made_up("Hiệp hội Doanh nghiệp tỉnh Bình Thuận tổ chức hội nghị. Hiệp hội đã được UBND tỉnh 02 lần tặng "
                   "Bằng khen. Có 20 Doanh nghiệp thuộc Hiệp hội được Chủ tịch UBND tỉnh tặng Bằng khen.",
                   issuer="HIỆP HỘI DOANH NGHIỆP")
    assert summary(rows) == [("collective", "Hiệp hội Doanh nghiệp tỉnh Bình Thuận", "", "", "",
                              "Bằng khen của UBND tỉnh", 2)]


def test_exemplary_footnote():
    body = "Thông qua phong trào thi đua đã xuất hiện nhiều tập thể, cá nhân tiêu biểu."
    note = ("Phòng Cảnh sát hình sự Công an tỉnh; Thượng úy Vũ Hải Dương, cán bộ Phòng Tham mưu Công an tỉnh; "
            "Huyện Văn Lãng đã tổ chức Lễ kỷ niệm ngày sinh đồng chí Hoàng Văn Thụ; ông Vi Thanh Liêm, thôn Bản "
            "Đoóc, xã Hiệp Hạ đã hiến 700m² đất.")
    rows = made_up(body, Block(kind="footnote", text=note, page=1, source="footnote", footnote_no=1),
                   footnotes=[Footnote(number=1, text=note, page=1, anchor_block=0, anchor_offset=len(body))])
    assert summary(rows) == [
        ("collective", "Phòng Cảnh sát hình sự Công an tỉnh", "", "", "", "", None),
        ("person", "Vũ Hải Dương", "Thượng úy", "cán bộ Phòng Tham mưu Công an tỉnh", "", "", None),
        ("collective", "Huyện Văn Lãng", "", "", "", "", None),
        ("person", "Vi Thanh Liêm", "", "", "thôn Bản Đoóc, xã Hiệp Hạ", "", None),
    ]
    assert all(r.source == "footnote" and r.footnote_no == 1 for r in rows)


def test_numbered_list_without_a_table():
    rows = made_up(
        Block(kind="paragraph", label="Điều 1.", page=1,
              text="Điều 1. Tặng Bằng khen của Chủ tịch UBND tỉnh cho các cá nhân sau:"),
        Block(kind="item", label="1.", text="1. Ông Nguyễn Văn An, Trưởng phòng Tổ chức cán bộ, Sở Nội vụ;", page=1),
        Block(kind="item", label="2.", text="2. Thượng úy Lê Thị Bình, cán bộ Phòng Tham mưu, Công an tỉnh.", page=1),
        Block(kind="paragraph", label="Điều 2.", text="Điều 2. Quyết định này có hiệu lực kể từ ngày ký.", page=1))
    assert [(r.name, r.rank, r.position, r.organisation, r.award, r.list_no) for r in rows] == [
        ("Nguyễn Văn An", "", "Trưởng phòng Tổ chức cán bộ", "Sở Nội vụ", "Bằng khen của Chủ tịch UBND tỉnh", "1"),
        ("Lê Thị Bình", "Thượng úy", "cán bộ Phòng Tham mưu", "Công an tỉnh", "Bằng khen của Chủ tịch UBND tỉnh", "2"),
    ]


def test_table_split_names_and_cells_cut_by_a_page_break():
    header = ("STT", "Họ và tên", "Chức vụ, đơn vị")
    rows = made_up(
        Block(kind="heading", text="DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN", page=2),
        row(0, 2, *header),
        row(0, 2, "", "Viễn thông Lạng Sơn", ""),
        row(0, 2, "1.", "Ôn g Lê Sang", "Phó Trưởng Phòng Nhân sự - Tổng hợp, Trung tâm"),
        row(1, 3, *header),
        row(1, 3, "", "", "Điều hành thông tin"),  # the rest of row 1's cell, on the next page
        row(1, 3, "2.", "Bù i Văn Chuyên", "Kỹ sư"),
        row(1, 3, "3.", "Ông: Nguyêñ Văn Nhâṭ", "Giám đốc, Viễn thông Lạng Sơn"),
        row(1, 3, "4.", "Ong Đinh Văn Sáng", "Bếp trưởng"))
    assert [(r.name, r.position, r.organisation, r.award, r.list_no, r.page) for r in rows] == [
        ("Lê Sang", "Phó Trưởng Phòng Nhân sự - Tổng hợp", "Trung tâm Điều hành thông tin", "Giấy khen", "1", 2),
        ("Bùi Văn Chuyên", "Kỹ sư", "Viễn thông Lạng Sơn", "Giấy khen", "2", 3),
        ("Nguyễn Văn Nhật", "Giám đốc", "Viễn thông Lạng Sơn", "Giấy khen", "3", 3),
        ("Đinh Văn Sáng", "Bếp trưởng", "Viễn thông Lạng Sơn", "Giấy khen", "4", 3),
    ]


def test_table_without_award_is_not_a_list_of_awardees():
    assert made_up(Block(kind="heading", text="DANH SÁCH THÀNH VIÊN BAN CHỈ ĐẠO", page=1),
                   row(0, 1, "STT", "Họ và tên", "Chức vụ"),
                   row(0, 1, "1", "Ông Nguyễn Văn An", "Giám đốc Sở Nội vụ")) == []


def test_table_as_a_scan_reads_it():
    """A scan's list: the head of the number column not read on one page, a noise line between the pages,
    the collectives' head "TẬP THỂ" read without its marks and spanning two ruled columns, a column of
    amounts (the decision's subject "V/v khen thưởng …" makes it the reward), a total row, and the signer
    among those rewarded."""
    header = ("", ": TẠP THE", "", "TIỀN THƯỞNG (Ngàn đ)")
    doc_rows = _with_title("V/v khen thưởng tập thể năm 2021", rows_blocks=[
        row(0, 2, *header),
        row(0, 2, "1", "Trung tâm Viễn thông Minh Hóa", "", "17.020"),
        row(0, 2, "2", "", "Phòng Kế toán – Kế hoạch", "12.736"),
        Block(kind="heading", text="/”jJ⁄", page=2),
        row(1, 3, "TT", ": TẠP THE", "", "TIỀN THƯỞNG (Ngàn đ)"),
        row(1, 3, "3", "Trần Văn An", "", "24.314"),
        row(1, 3, "", "Tổng", "", "54.070")], signer="Trần Văn An")
    assert [(r.kind, r.name, r.award, r.page) for r in doc_rows] == [
        ("collective", "Trung tâm Viễn thông Minh Hóa", "Tiền thưởng", 2),
        ("collective", "Phòng Kế toán – Kế hoạch", "Tiền thưởng", 2),
        ("person", "Trần Văn An", "Tiền thưởng", 3),
    ]


def _with_title(title: str, rows_blocks: list[Block], signer: str = "") -> list[AwardeeRow]:
    doc = Document(path="made-up.pdf", sha256="0" * 64, pages=[], lines=[], blocks=rows_blocks, footnotes=[],
                   meta=DocMeta(title=title, signer_name=signer, issuer="VIỄN THÔNG QUẢNG BÌNH"))
    return extract_awardees(tag_document(doc))


def test_a_list_of_amounts_needs_a_reward_in_view():
    blocks = [row(0, 1, "TT", "Tập thể", "Số tiền"), row(0, 1, "1", "Trung tâm CNTT", "1.000.000")]
    assert _with_title("V/v tổ chức hội nghị tổng kết", blocks) == []


def test_name_cell_ends_at_a_spaced_dash():
    rows = made_up(Block(kind="heading", text="DANH SÁCH ĐỀ NGHỊ TẶNG BẰNG KHEN", page=1),
                   row(0, 1, "TT", "Tập thể, cá nhân đề nghị xét khen thưởng"),
                   row(0, 1, "1.", "Đại tá Lê Văn Tiến - Chính ủy Bộ đội Biên phòng tỉnh"))
    assert [(r.name, r.rank, r.position) for r in rows] == [("Lê Văn Tiến", "Đại tá", "Chính ủy Bộ đội Biên phòng tỉnh")]


def _article(text: str) -> Block:
    return Block(kind="paragraph", label=" ".join(text.split()[:2]), text=text, page=1)


def _numbered(label: str, text: str) -> Block:
    return Block(kind="paragraph", label=label, text=f"{label} {text}", page=1)


@pytest.mark.parametrize("intro,items,expected", [
    ("Điều 1. Khen thưởng các tập thể, cá nhân sau:",
     [Block(kind="item", label="-", text="- Phòng Cảnh sát hình sự Công an tỉnh;", page=1),
      Block(kind="item", label="-", text="- Ông Nguyễn Văn Bình, Trưởng phòng Tổ chức;", page=1)],
     [("collective", "Phòng Cảnh sát hình sự Công an tỉnh", ""), ("person", "Nguyễn Văn Bình", "")]),
    ("Điều 1. Công nhận danh hiệu “Chiến sĩ thi đua cơ sở” năm 2023 đối với các ông, bà có tên sau đây:",
     [_numbered("1.", "Ông Nguyễn Văn An – Trưởng phòng Kế hoạch;"), _numbered("2.", "Bà Trần Thị Hoa, Kế toán trưởng.")],
     [("person", "Nguyễn Văn An", "Chiến sĩ thi đua cơ sở"), ("person", "Trần Thị Hoa", "Chiến sĩ thi đua cơ sở")]),
    ("Điều 1. Thưởng cho các đồng chí có tên sau, mỗi đồng chí 2.000.000 đồng:",
     [_numbered("1.", "Đồng chí Hoàng Văn Nam, Đội trưởng Đội Cảnh sát giao thông;"),
      _numbered("2.", "Đồng chí Lý Thị Hà, cán bộ Phòng Tham mưu.")],
     [("person", "Hoàng Văn Nam", "Tiền thưởng"), ("person", "Lý Thị Hà", "Tiền thưởng")]),
    ("Điều 1. Tặng Giấy khen của Giám đốc Sở Nội vụ cho các cá nhân có thành tích xuất sắc năm 2023, gồm:",
     [_numbered("1.", "Bà Nguyễn Thị Lan, chuyên viên Phòng Công chức;")],
     [("person", "Nguyễn Thị Lan", "Giấy khen của Giám đốc Sở Nội vụ")]),
    ("Điều 1. Các tập thể, cá nhân có tên sau đây được tặng Bằng khen của Chủ tịch UBND tỉnh:",
     [_numbered("1.", "Phòng Tư pháp huyện Cao Lộc;"), _numbered("2.", "Ông Hoàng Văn Tâm, Trưởng Công an xã Tân Liên.")],
     [("collective", "Phòng Tư pháp huyện Cao Lộc", "Bằng khen của Chủ tịch UBND tỉnh"),
      ("person", "Hoàng Văn Tâm", "Bằng khen của Chủ tịch UBND tỉnh")]),
], ids=["khen-thuong-sau", "cong-nhan-doi-voi", "thuong-tien", "gom", "duoc-tang"])
def test_lists_opened_by_a_giving_sentence_ending_in_a_colon(intro, items, expected):
    """However the article words the giving, the numbered or dashed items after its colon are the
    awardees: an award named, a title in quotes after "danh hiệu", cash, or no award named."""
    rows = made_up(_article(intro), *items)
    assert [(r.kind, r.name, r.award) for r in rows] == expected


def test_an_execution_article_opens_no_list():
    assert made_up(_article("Điều 3. Các ông, bà có tên sau chịu trách nhiệm thi hành Quyết định này:"),
                   _numbered("1.", "Ông Nguyễn Văn An, Trưởng phòng Kế hoạch.")) == []


def test_list_items_with_a_misread_number_or_the_end_mark():
    rows = made_up(_article("Điều 1. Tặng Cờ thi đua cho 3 tập thể sau:"),
                   _numbered("1.", "Viễn thông Quảng Trị;"),
                   Block(kind="paragraph", text="6ó. Viễn thông Lai Châu;", page=1),  # "6." as OCR read it
                   _numbered("3.", "Ban Kế hoạch - Đầu tư./."))
    assert [r.name for r in rows] == ["Viễn thông Quảng Trị", "Viễn thông Lai Châu", "Ban Kế hoạch - Đầu tư"]


def test_items_lettered_and_naming_their_own_awards():
    """Items "a)", "b)" after the article's colon; an item may name its awards after a colon of its own (an
    award and cash: one row each), and a birth year in the apposition is neither position nor unit."""
    rows = made_up(_article("Điều 1. Khen thưởng đột xuất cho các cá nhân đã có thành tích cứu người, cụ thể như sau:"),
                   Block(kind="item", label="a)", page=1,
                         text="a) Anh Vũ Văn Tùng, sinh năm 1990, thôn 3, xã An Phú: Giấy khen và tiền thưởng "
                              "1.000.000 đồng;"),
                   Block(kind="item", label="b)", page=1, text="b) Chị Lò Thị Mai, thôn 5, xã An Phú: Giấy khen."))
    assert [(r.name, r.organisation, r.award, r.list_no) for r in rows] == [
        ("Vũ Văn Tùng", "thôn 3, xã An Phú", "Giấy khen", "a"),
        ("Vũ Văn Tùng", "thôn 3, xã An Phú", "Tiền thưởng", "a"),
        ("Lò Thị Mai", "thôn 5, xã An Phú", "Giấy khen", "b")]


def test_two_people_given_in_one_sentence():
    rows = made_up(_article("Điều 1. Tặng Giấy khen cho ông Nguyễn Văn Bảy, Phó Trưởng phòng Tài chính và bà Lê Thị "
                            "Tư, Chuyên viên Phòng Nội vụ, đã có thành tích xuất sắc."))
    assert [(r.name, r.position) for r in rows] == [("Nguyễn Văn Bảy", "Phó Trưởng phòng Tài chính"),
                                                   ("Lê Thị Tư", "Chuyên viên Phòng Nội vụ")]


def test_table_columns_named_with_tone_marks():
    """"Chức vụ" and "Đơn vị công tác" are told apart whatever other columns stand between ("Năm sinh")."""
    rows = made_up(_article("Điều 1. Tặng Bằng khen cho 02 cá nhân (có danh sách kèm theo)."),
                   Block(kind="heading", text="DANH SÁCH", page=2),
                   row(0, 2, "STT", "Họ và tên", "Năm sinh", "Chức vụ", "Đơn vị công tác"),
                   row(0, 2, "1", "Nguyễn Văn Tám", "1975", "Phó Trưởng phòng Kế hoạch", "Sở Y tế"),
                   row(0, 2, "2", "Trần Thị Chín", "1980", "Kế toán", "Sở Y tế"))
    assert [(r.name, r.position, r.organisation) for r in rows] == [
        ("Nguyễn Văn Tám", "Phó Trưởng phòng Kế hoạch", "Sở Y tế"), ("Trần Thị Chín", "Kế toán", "Sở Y tế")]


def test_cue_words_come_from_the_data_file():
    """Award verbs, determiners and proposal words live in extract/data/cues.tsv, read longest first."""
    import re

    from baocao.extract.entities.vocab import cue_pattern, cues

    assert cues("give").index("tặng thưởng") < cues("give").index("tặng")
    assert re.fullmatch(cue_pattern("determiner"), "một  số")
    with pytest.raises(KeyError):
        cues("no such class")


@pytest.mark.parametrize("blocks, expected", [
    ([_article("Điều 1. Ông Nguyễn Văn Bảy, Phó Trưởng phòng Tài chính huyện được tặng Giấy khen vì đã có thành "
               "tích xuất sắc.")],
     [("Nguyễn Văn Bảy", "Phó Trưởng phòng Tài chính huyện", "Giấy khen")]),
    ([_article("Điều 1. Khen thưởng ông Nguyễn Văn Bảy, Phó Trưởng phòng Tài chính huyện với hình thức Giấy khen, "
               "vì đã có thành tích xuất sắc.")],
     [("Nguyễn Văn Bảy", "Phó Trưởng phòng Tài chính huyện", "Giấy khen")]),
    ([_article("Điều 1. Tặng Giấy khen cho các cá nhân sau:"),
      _numbered("1.", "Ông Nguyễn Văn An (Trưởng phòng Tư pháp);")],
     [("Nguyễn Văn An", "Trưởng phòng Tư pháp", "Giấy khen")]),
    ([_article("Điều 1. Tặng Giấy khen cho các cá nhân sau:"),
      Block(kind="paragraph", text="1/ Bà Lê Thị Hoa, Chuyên viên Phòng Nội vụ.", page=1)],
     [("Lê Thị Hoa", "Chuyên viên Phòng Nội vụ", "Giấy khen")]),
    ([_article("Điều 1. Tặng Giấy khen cho các cá nhân sau:"),
      _numbered("1.", "Ông Hà Văn Tư, sinh ngày 12/5/1980, Trưởng phòng Tư pháp;")],
     [("Hà Văn Tư", "Trưởng phòng Tư pháp", "Giấy khen")]),
], ids=["duoc-tang-no-giver", "voi-hinh-thuc", "position-in-brackets", "slash-label", "birth-date"])
def test_more_ways_of_giving(blocks, expected):
    """A role after a name ends at the predicate ("… được tặng", "… với hình thức"); a role in brackets;
    items labelled "1/"."""
    assert [(r.name, r.position, r.award) for r in made_up(*blocks)] == expected


def test_a_list_table_of_units_named_only_under_don_vi():
    rows = made_up(_article("Điều 1. Tặng Giấy khen cho 2 tập thể có thành tích xuất sắc (có danh sách kèm theo)."),
                   Block(kind="heading", text="DANH SÁCH", page=2),
                   row(0, 2, "STT", "Đơn vị", "Ghi chú"), row(0, 2, "1", "Phòng Nội vụ huyện Tân Lập", ""),
                   row(0, 2, "2", "Trường THCS Lê Lợi", ""))
    assert [(r.kind, r.name, r.award) for r in rows] == [
        ("collective", "Phòng Nội vụ huyện Tân Lập", "Giấy khen"), ("collective", "Trường THCS Lê Lợi", "Giấy khen")]
