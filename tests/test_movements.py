"""Movements (pipelines/movements.py): the seed sample against its gold, the corpus golds, and one made-up
sentence per pattern and per exclusion.

Scoring mirrors the evaluator's rules: a row matches a gold row when the folded names (``fold`` + ``clean``,
quotes stripped) are equal, or similar >= 0.9 for names over 40 characters, with the same source and
footnote_no (page ignored); organisations are compared folded-exact.
"""

from __future__ import annotations

import csv
import difflib

import pytest
from conftest import CORPUS, GOLD, SAMPLES, gold_documents, needs_corpus, read_cached

from baocao.extract.model import Block, DocMeta, Document
from baocao.extract.textnorm import clean, fold
from baocao.pipelines.movements import extract_movements, find_quotes
from baocao.pipelines.tagged import tag_document

QUOTES = "“”\"«»‘’„ "


# -- scoring ------------------------------------------------------------------------------------------

def name_key(name: str) -> str:
    return fold(clean(name)).strip(QUOTES)


def same_name(a: str, b: str) -> bool:
    a, b = name_key(a), name_key(b)
    if a == b:
        return True
    return max(len(a), len(b)) > 40 and difflib.SequenceMatcher(None, a, b).ratio() >= 0.9


def same_place(row, gold: dict) -> bool:
    return row.source == gold["source"] and str(row.footnote_no or "") == (gold["footnote_no"] or "")


def score(rows, gold: list[dict]) -> dict:
    """Counts of a one-to-one matching of rows to gold (same organisation preferred)."""
    used: set[int] = set()
    matched = []
    for row in rows:
        candidates = [i for i, g in enumerate(gold)
                      if i not in used and same_place(row, g) and same_name(row.name, g["name"])]
        if not candidates:
            continue
        best = next((i for i in candidates if fold(row.organisation) == fold(gold[i]["organisation"])), candidates[0])
        used.add(best)
        matched.append((row, gold[best]))
    with_org = [(row, g) for row, g in matched if g["organisation"]]
    return {
        "tp": len(matched), "pred": len(rows), "gold": len(gold),
        "org_total": len(with_org),
        "org_right": sum(fold(row.organisation) == fold(g["organisation"]) for row, g in with_org),
        "false_hits": [row.name for row in rows if all(row is not r for r, _ in matched)],
        "missed": [g["name"] for i, g in enumerate(gold) if i not in used],
    }


def f1(counts: dict) -> float:
    precision = counts["tp"] / counts["pred"] if counts["pred"] else 1.0
    recall = counts["tp"] / counts["gold"] if counts["gold"] else 1.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def movements_of(pdf) -> list:
    return extract_movements(tag_document(read_cached(str(pdf))))


def read_gold(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# -- the seed and the corpus golds ------------------------------------------------------------------------------

@pytest.mark.parametrize("pdf", ["lang-son-2019-bao-cao.pdf", "lang-son-2019-bao-cao-dejavu-12pt.pdf"])
def test_seed_sample_against_gold(pdf):
    rows = movements_of(SAMPLES / pdf)
    counts = score(rows, read_gold(GOLD / "seed" / "movements.csv"))
    assert f1(counts) >= 0.95, counts
    assert counts["org_right"] >= 0.9 * counts["org_total"], counts
    keys = [(fold(r.name), fold(r.organisation)) for r in rows]
    assert len(keys) == len(set(keys))  # one row per distinct (name, organisation)
    special, peak = rows[0], rows[1]
    assert (special.kind, special.launch_date, special.organisation) == ("đặc biệt", "2018-11-13", "Chủ tịch UBND tỉnh")
    assert (peak.kind, peak.launch_date, peak.organisation) == ("cao điểm", "2019-08-19", "Chủ tịch UBND tỉnh")
    doc = read_cached(str(SAMPLES / pdf))
    for row in rows:
        assert clean(doc.blocks[row.block].text[row.char_start:row.char_end]) == row.name
        assert row.page and row.context


def test_plan_sample_movements():
    """samples/src/ke-hoach-thi-dua-2024.md: three movements launched by a named body on a given day, and the
    plan's own movement; the column “Cao Lộc chung sức …”, the title “Gia đình văn hóa” and the criteria
    “5 không”, “3 sạch” are not movements."""
    rows = movements_of(SAMPLES / "ke-hoach-thi-dua-2024.pdf")
    assert [row.name for row in rows] == [
        "Cao Lộc chung sức xây dựng nông thôn mới, đô thị văn minh", "Cao Lộc chung sức xây dựng nông thôn mới",
        "Ngày thứ Bảy tình nguyện vì môi trường xanh - sạch - đẹp",
        "Chung tay vì người nghèo - Không để ai bị bỏ lại phía sau"]
    assert [(row.organisation, row.launch_date) for row in rows[1:]] == [
        ("UBND huyện", "2021-02-15"), ("Huyện đoàn Cao Lộc", "2023-03-26"),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam huyện", "2022-03-20")]
    assert rows[1].source == "body" and rows[1].page == 1  # first named in the opening paragraph


@needs_corpus
@pytest.mark.corpus
def test_corpus_golds():
    totals = {"tp": 0, "pred": 0, "gold": 0, "org_total": 0, "org_right": 0}
    problems = {}
    documents = [g for g in gold_documents("corpus/dev")
                 if "movements" in g["complete"] and (CORPUS / g["file"]).exists()]
    if not documents:
        pytest.skip("no corpus gold document found")
    for gold in documents:
        rows = movements_of(CORPUS / gold["file"])
        counts = score(rows, read_gold(gold["dir"] / "movements.csv"))
        for key in totals:
            totals[key] += counts[key]
        if counts["false_hits"] or counts["missed"]:
            problems[gold["key"]] = (counts["false_hits"], counts["missed"])
    assert f1(totals) >= 0.9, (totals, problems)
    assert totals["org_right"] >= 0.9 * totals["org_total"], (totals, problems)


# -- made-up sentences ------------------------------------------------------------------------------------------

def movements(*paragraphs: str, footnotes: tuple[str, ...] = ()):
    """Rows for a made-up document of body paragraphs and footnotes (numbered from 1)."""
    blocks = [Block(kind="paragraph", text=text, page=1) for text in paragraphs]
    blocks += [Block(kind="footnote", text=text, page=1, source="footnote", footnote_no=number)
               for number, text in enumerate(footnotes, start=1)]
    doc = Document(path="made-up.pdf", sha256="0" * 64, pages=[], lines=[], blocks=blocks, footnotes=[], meta=DocMeta())
    return extract_movements(tag_document(doc))


def table(rows) -> list[tuple[str, str]]:
    return [(row.name, row.organisation) for row in rows]


def test_movement_word_before_the_quote():
    rows = movements("Hưởng ứng phong trào thi đua “Dân vận khéo”, các cơ quan đã triển khai nhiều việc làm.")
    assert table(rows) == [("Dân vận khéo", "")]
    assert (rows[0].source, rows[0].footnote_no, rows[0].kind, rows[0].launch_date) == ("body", None, "", "")


def test_list_after_movement_word():
    rows = movements("Triển khai các phong trào thi đua như: “Xanh - Sạch - Đẹp”, “Lương y như từ mẫu” và "
                     "“Vì sức khỏe cộng đồng”.")
    assert [row.name for row in rows] == ["Xanh - Sạch - Đẹp", "Lương y như từ mẫu", "Vì sức khỏe cộng đồng"]


def test_body_with_movement_and_list_break():
    rows = movements(footnotes=("Sở Y tế với Phong trào “Xanh - Sạch - Đẹp” và Phong trào “Lương y như từ mẫu”; "
                                "Phong trào “Vì sức khỏe cộng đồng”; Ngành Tư pháp với Phong trào “Pháp luật "
                                "trong tầm tay”, “Hòa giải viên giỏi”.",))
    assert table(rows) == [("Xanh - Sạch - Đẹp", "Sở Y tế"), ("Lương y như từ mẫu", "Sở Y tế"),
                           ("Vì sức khỏe cộng đồng", ""), ("Pháp luật trong tầm tay", "Ngành Tư pháp"),
                           ("Hòa giải viên giỏi", "Ngành Tư pháp")]
    assert {(row.source, row.footnote_no) for row in rows} == {("footnote", 1)}


def test_grouping_has_movements_separated_by_semicolons():
    rows = movements(footnotes=("Khối các doanh nghiệp có Phong trào “Năng suất cao”;“Sáng kiến hay”; "
                                "“Khách hàng là trung tâm”…",))
    assert table(rows) == [("Năng suất cao", "Khối các doanh nghiệp"), ("Sáng kiến hay", "Khối các doanh nghiệp"),
                           ("Khách hàng là trung tâm", "Khối các doanh nghiệp")]


def test_body_after_the_quote():
    rows = movements("Phong trào “Tuổi trẻ sáng tạo” của Công an tỉnh đã thu hút đông đảo cán bộ tham gia.",
                     "Phong trào thi đua “Cả nước chung tay vì người nghèo” giai đoạn 2021 - 2025 do Thủ tướng "
                     "Chính phủ phát động ngày 19/5/2021 được hưởng ứng rộng rãi.",
                     "Phong trào thi đua “Hai tốt”, Phong trào “Học tập suốt đời” được toàn ngành Giáo dục "
                     "triển khai thực hiện.")
    assert table(rows) == [("Tuổi trẻ sáng tạo", "Công an tỉnh"),
                           ("Cả nước chung tay vì người nghèo", "Thủ tướng Chính phủ"),
                           ("Hai tốt", "ngành Giáo dục"), ("Học tập suốt đời", "ngành Giáo dục")]
    assert rows[1].launch_date == "2021-05-19"


def test_generic_bodies_are_not_organisations():
    rows = movements("Phong trào “Sống xanh” được các trường học triển khai sâu rộng.",
                     "Chính quyền các cấp đã tổ chức tổng kết 10 năm phong trào thi đua “Chung sức xây dựng nông "
                     "thôn mới”.",
                     "Phong trào “Toàn dân đoàn kết” được đông đảo Nhân dân hưởng ứng.")
    assert table(rows) == [("Sống xanh", ""), ("Chung sức xây dựng nông thôn mới", ""), ("Toàn dân đoàn kết", "")]


def test_launch_subject_kind_and_date():
    rows = movements("Ngày 02/01/2024, Chủ tịch UBND huyện đã phát động phong trào thi đua cao điểm với chủ đề "
                     "“100 ngày đêm về đích nông thôn mới”.")
    assert table(rows) == [("100 ngày đêm về đích nông thôn mới", "Chủ tịch UBND huyện")]
    assert (rows[0].kind, rows[0].launch_date) == ("cao điểm", "2024-01-02")


def test_theme_of_a_later_launch_and_its_ceremony_date():
    rows = movements("Ngày 05/3/2023, UBND tỉnh đã phát động phong trào thi đua đặc biệt với chủ đề “Đoàn kết, "
                     "sáng tạo” (sau đây gọi tắt là phong trào thi đua đặc biệt); đồng thời tổ chức Lễ phát động "
                     "phong trào thi đua chuyên đề hỗ trợ người nghèo trong thực hiện chương trình giảm nghèo bền "
                     "vững với chủ đề “Không ai bị bỏ lại phía sau”.",
                     "Tại Lễ phát động thi đua chuyên đề (15/4/2023) đã vận động được trên 2 tỷ đồng.")
    assert [(r.name, r.organisation, r.kind, r.launch_date) for r in rows] == [
        ("Đoàn kết, sáng tạo", "UBND tỉnh", "đặc biệt", "2023-03-05"),
        ("Không ai bị bỏ lại phía sau", "UBND tỉnh", "chuyên đề", "2023-04-15"),
    ]


def test_kind_from_alias_and_named_drive():
    rows = movements("Duy trì phong trào thi đua “Văn phòng sạch” (sau đây gọi tắt là phong trào thi đua thường "
                     "xuyên) trong toàn cơ quan.",
                     "Công đoàn Viên chức tỉnh phát động đợt thi đua “90 ngày đêm hoàn thành xuất sắc nhiệm vụ”.")
    assert [(r.name, r.kind) for r in rows] == [("Văn phòng sạch", "thường xuyên"),
                                                ("90 ngày đêm hoàn thành xuất sắc nhiệm vụ", "")]


def test_quote_styles():
    rows = movements('Phong trào "Ngày Chủ nhật xanh" và phong trào «Thắp sáng đường quê», phong trào ‘Sách hay '
                     'mỗi ngày’ được duy trì.')
    assert [row.name for row in rows] == ["Ngày Chủ nhật xanh", "Thắp sáng đường quê", "Sách hay mỗi ngày"]


def test_find_quotes_mixed_and_nested_marks():
    text = "Phong trào “A b”;“C d\"; “ e ”, “Làm theo ‘tấm gương’ Bác”"
    assert [text[q.start:q.end] for q in find_quotes(text)] == ["A b", "C d", "e", "Làm theo ‘tấm gương’ Bác"]


@pytest.mark.parametrize("sentence", [
    "Ban Tuyên giáo Tỉnh ủy tổ chức cuộc thi “Tìm hiểu lịch sử Đảng bộ tỉnh”.",
    "Hoàn thành xây dựng phòng học thuộc chương trình “Kiên cố hóa trường lớp học”.",
    "Duy trì chuyên mục “Thi đua yêu nước” phát định kỳ hàng tuần.",
    "Hội Nông dân tỉnh xây dựng được 112 mô hình “Thôn bản xanh - sạch - đẹp”, mô hình “Thu gom rác thải”.",
    "Thực hiện cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”.",
    "Bình xét danh hiệu “Lao động tiên tiến”, “Chiến sĩ thi đua cơ sở” năm học 2023-2024.",
    "Với tinh thần “Đoàn kết - Chia sẻ - Phát triển”, Hiệp hội đã đồng hành cùng doanh nghiệp.",
    "Trong phong trào thi đua, Sở tổ chức cuộc thi viết với chủ đề “Người tốt quanh ta”.",
    "Đẩy mạnh phong trào thi đua gắn với cuộc thi “Sáng tạo trẻ”.",
    "Đăng tải những tác phẩm viết về gương “Người tốt - Việc tốt” trên báo.",
])
def test_exclusions(sentence):
    assert movements(sentence) == []


def test_exclusion_breaks_a_list():
    rows = movements("Phong trào “Dân vận khéo”, cuộc vận động “Ngày vì người nghèo” và chương trình “Sữa học đường”.")
    assert table(rows) == [("Dân vận khéo", "")]


def test_one_row_per_name_and_organisation():
    rows = movements("Phong trào “Toàn dân rèn luyện thân thể” được triển khai sâu rộng.",
                     "Trong Phong trào thi đua “Toàn dân rèn luyện thân thể” đã có nhiều vận động viên đạt giải.",
                     footnotes=("Phong trào “60 ngày đêm” của Công an tỉnh; Ngành Nông nghiệp với Phong trào "
                                "“60 ngày đêm”; Phong trào “60 ngày đêm”.",))
    assert table(rows) == [("Toàn dân rèn luyện thân thể", ""), ("60 ngày đêm", "Công an tỉnh"),
                           ("60 ngày đêm", "Ngành Nông nghiệp")]
    assert rows[0].source == "body"
