"""Numbers written in words: strict reading, the usual spelling styles, finding amounts in running text."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPUS, needs_corpus
from baocao.extract.entities.numbers import parse_number
from baocao.extract.entities.spelled import STYLES, SpelledAmount, find_spelled, parse_spelled, spell

# Values with the zeros that make spelling hard ("không trăm", "linh", skipped groups) as often as not.
_GROUP = st.one_of(
    st.integers(0, 999),
    st.sampled_from([0, 0, 1, 4, 5, 10, 11, 14, 15, 20, 21, 24, 25, 100, 101, 104, 105, 110, 115, 121, 124, 125]),
)
VALUES = st.one_of(
    st.integers(0, 10**15),
    st.integers(0, 10**4),
    st.lists(_GROUP, min_size=5, max_size=5).map(lambda gs: sum(g * 1000**i for i, g in enumerate(gs))),
    st.sampled_from([10**15, 10**12, 10**9, 10**6, 1000, 0]),
)
FAST = settings(max_examples=300, deadline=None)


def _figure(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _found(text: str) -> list[tuple[str, int, str, bool]]:
    return [(text[a.start:a.end], a.value, a.unit, a.exact) for a in find_spelled(text)]


# --- parse_spelled ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, value", [
    ("không", 0), ("một", 1), ("năm", 5), ("mười", 10), ("mười một", 11), ("mười lăm", 15), ("mười bốn", 14),
    ("hai mươi", 20), ("hai mươi mốt", 21), ("hai mươi một", 21), ("hai mốt", 21), ("hai mươi tư", 24),
    ("hai mươi bốn", 24), ("hai tư", 24), ("hai mươi lăm", 25), ("hai mươi nhăm", 25), ("hai lăm", 25),
    ("bẩy mươi bẩy", 77), ("một trăm", 100), ("một trăm linh năm", 105), ("một trăm lẻ năm", 105),
    ("một trăm linh tư", 104), ("một trăm mười", 110), ("một trăm hai mốt", 121),
    ("một nghìn không trăm linh năm", 1005), ("một ngàn lẻ năm", 1005), ("hai nghìn hai mươi", 2020),
    ("hai nghìn không trăm hai mươi", 2020), ("một triệu năm nghìn", 1_005_000), ("một triệu hai trăm", 1_000_200),
    ("bốn mươi lăm triệu năm trăm nghìn", 45_500_000), ("Bốn mươi lăm triệu, năm trăm nghìn", 45_500_000),
    ("ba tỷ hai trăm triệu", 3_200_000_000), ("Ba tỉ hai trăm triệu", 3_200_000_000),
    ("ba tỷ năm triệu", 3_005_000_000), ("ba tỷ không trăm linh năm triệu", 3_005_000_000),
    ("một tỷ một trăm sáu mươi tám triệu tám trăm ngàn", 1_168_800_000),
    ("một nghìn tỷ", 10**12), ("năm trăm nghìn tỷ", 5 * 10**14), ("một triệu tỷ", 10**15),
    ("một nghìn tỷ không trăm linh năm", 10**12 + 5),
    ("  MỘT   TRĂM\nHAI MƯƠI  ", 120),
])
def test_parse_spelled(text, value):
    assert parse_spelled(text) == value


@pytest.mark.parametrize("text", [
    "", "   ", "abc", "45", "đồng", "năm triệu đồng",  # not number words, or a unit after them
    "mươi", "mươi lăm", "trăm", "nghìn", "tỷ", "linh năm", "tư", "mốt", "lăm",  # nothing before
    "triệu nghìn triệu", "một nghìn triệu", "một triệu một triệu", "một tỷ tỷ", "một nghìn tỷ hai trăm tỷ",
    "hai ba", "một hai trăm", "năm năm", "hai mươi ba bốn",  # two numbers run together
    "mười năm", "hai mươi năm", "một trăm năm", "hai nghìn năm",  # "năm" = year(s), or colloquial 150 / 2500
    "hai nghìn hai", "hai triệu hai", "một trăm tư", "một trăm mốt", "ba tỷ năm",  # colloquial 2200, 2.2M, 140, 110
    "mười mốt", "mười tư", "mười nhăm", "một mươi", "hai mươi mươi", "hai trăm trăm", "một trăm linh",
    "không trăm", "không trăm năm mươi", "không nghìn", "không không", "một không", "một nghìn không trăm",
    "hai, mươi", "một triệu,", ", một", "hai triệu,, năm trăm nghìn", "một nghìn, tỷ", "tỷ lệ", "năm triệu tập",
])
def test_parse_spelled_refuses(text):
    assert parse_spelled(text) is None


# --- spell --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value, style, words", [
    (0, "standard", "không"), (15, "standard", "mười lăm"), (21, "standard", "hai mươi mốt"),
    (24, "standard", "hai mươi tư"), (24, "southern", "hai mươi bốn"), (25, "northern", "hai mươi nhăm"),
    (21, "short", "hai mốt"), (24, "short", "hai tư"), (22, "short", "hai mươi hai"),
    (105, "standard", "một trăm linh năm"), (105, "southern", "một trăm lẻ năm"),
    (1005, "standard", "một nghìn không trăm linh năm"), (1005, "southern", "một ngàn không trăm lẻ năm"),
    (1005, "short", "một ngàn lẻ năm"), (77, "northern", "bẩy mươi bẩy"),
    (45_500_000, "standard", "bốn mươi lăm triệu năm trăm nghìn"),
    (1_168_800_000, "southern", "một tỉ một trăm sáu mươi tám triệu tám trăm ngàn"),
    (3_005_000_000, "standard", "ba tỷ không trăm linh năm triệu"),
    (10**12, "standard", "một nghìn tỷ"), (10**15, "standard", "một triệu tỷ"), (10**15, "southern", "một triệu tỉ"),
])
def test_spell(value, style, words):
    assert spell(value, style) == words


@pytest.mark.parametrize("value, style", [(-1, "standard"), (10**15 + 1, "standard"), (1.0, "standard"),
                                          (True, "standard"), (5, "klingon")])
def test_spell_refuses(value, style):
    with pytest.raises(ValueError):
        spell(value, style)


@FAST
@given(VALUES, st.sampled_from(STYLES))
def test_round_trip(value, style):
    words = spell(value, style)
    assert parse_spelled(words) == value
    # as documents write it: capitalised, NFD, a comma after each scale word, a line break inside
    scale = "nghìn|ngàn|triệu|tỷ|tỉ"
    written = re.sub(rf"({scale}) (?!{scale})", r"\1, ", words).capitalize().replace(" ", "\n", 1)
    assert parse_spelled(unicodedata.normalize("NFD", written)) == value


@FAST
@given(VALUES, st.sampled_from(STYLES))
def test_round_trip_in_a_sentence(value, style):
    words = spell(value, style).capitalize()
    text = f"Số tiền: {_figure(value)} đồng (Bằng chữ: {words} đồng chẵn)./."
    assert _found(text) == [(f"{words} đồng chẵn", value, "VND", True)]
    assert parse_number(_figure(value)) == value
    decomposed = unicodedata.normalize("NFD", text)  # offsets stay offsets of the text given
    [amount] = find_spelled(decomposed)
    assert decomposed[amount.start:amount.end] == unicodedata.normalize("NFD", f"{words} đồng chẵn")
    assert amount.value == value


@FAST
@given(VALUES, st.sampled_from(STYLES), st.sampled_from(["năm", "hai", "một", "vài", "phẩy", "phần"]))
def test_nothing_read_after_a_number_word_or_a_fraction(value, style, before):
    # "năm bảy trăm" is five to seven hundred, "hai phẩy năm triệu" 2.5 million: never a value of its own
    assert find_spelled(f"Có {before} {spell(value, style)} người") == []


@FAST
@given(VALUES, st.sampled_from(STYLES), st.sampled_from(["năm qua", "rưỡi", "đồng chí", "tỷ lệ", "tư nhân"]))
def test_prose_after_the_number_never_changes_its_value(value, style, after):
    # "hai mươi năm qua" is 20; "một trăm năm" (150 or a hundred years) and "hai triệu rưỡi" are not read
    found = find_spelled(f"Trong {spell(value, style)} {after} đã có")
    assert {a.value for a in found} <= {value}
    assert all(a.unit == "" for a in found)


# --- find_spelled -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, found", [
    # the example and the forms of the "Bằng chữ" field
    ("Số tiền: 45.500.000 đồng (Bằng chữ: Bốn mươi lăm triệu, năm trăm nghìn đồng chẵn)",
     [("Bốn mươi lăm triệu, năm trăm nghìn đồng chẵn", 45_500_000, "VND", True)]),
    ("(Bằng chữ: Một trăm hai mươi triệu đồng./.)", [("Một trăm hai mươi triệu đồng", 120_000_000, "VND", False)]),
    ("Tổng số tiền thưởng: 9.000.000đ (Chín triệu đồng)", [("Chín triệu đồng", 9_000_000, "VND", False)]),
    ("Bằng chữ: Năm đồng", [("Năm đồng", 5, "VND", False)]),
    ("Số tiền: 1.000.000 đồng (Một triệu đồng Việt Nam)", [("Một triệu đồng Việt Nam", 1_000_000, "VND", False)]),
    ("Mức thưởng ba trăm nghìn đồng chẳn mỗi người", [("ba trăm nghìn đồng chẳn", 300_000, "VND", True)]),
    # corpus, qbh_b9242904 (text layer as pdftotext -layout gives it, the amount broken across two lines)
    ("Tổng số tiền thưởng 1.168.800.000 đồng (một tỷ một trăm sáu mươi tám triệu tám\n"
     "trăm ngàn đồng) lấy từ quỹ khen thưởng tập trung",
     [("một tỷ một trăm sáu mươi tám triệu tám\ntrăm ngàn đồng", 1_168_800_000, "VND", False)]),
    # corpus, scanned award decision read by OCR: a sentence and a table's total cell
    ("Tổng tiền: 315.500.000 đồng (Ba trăm mười lăm triệu năm trăm ngàn đồng) Điều 2. Căn cứ",
     [("Ba trăm mười lăm triệu năm trăm ngàn đồng", 315_500_000, "VND", False)]),
    ("Tổng 276 315.500 Ba trăm mười lăm triệu năm trăm ngàn đồng chẵn /Jư",
     [("Ba trăm mười lăm triệu năm trăm ngàn đồng chẵn", 315_500_000, "VND", True)]),
    # corpus, vbai_a461aa0c and vbai_b6285267: counts restated in words after the figure
    ("trường hợp Hội công chứng viên có từ\n200 (hai trăm) công chứng viên trở lên", [("hai trăm", 200, "", False)]),
    ("Ban Thường vụ Hiệp hội hướng dẫn thống nhất: 23 (hai mươi ba) Hội công",
     [("hai mươi ba", 23, "", False)]),
    ("Chủ tịch Hội nhiều nhất 02 (hai) nhiệm kỳ liên tiếp", [("hai", 2, "", False)]),
    ("b) Ban Chấp hành mỗi năm họp 02 (hai) lần, có thể họp bất thường", [("hai", 2, "", False)]),
    # in prose: clear numbers are read; "năm" after a whole number is "years"
    ("hai mươi năm qua, tỉnh đã", [("hai mươi", 20, "", False)]),
    ("ba mươi tư nhân", [("ba mươi", 30, "", False)]),
    ("một trăm đồng Hới", [("một trăm", 100, "", False)]),
    ("hai mươi đồng chí tham dự", [("hai mươi", 20, "", False)]),
    ("vào ngày mười lăm", [("mười lăm", 15, "", False)]),
    ("hai triệu không đủ", [("hai triệu", 2_000_000, "", False)]),
])
def test_find_spelled(text, found):
    assert _found(text) == found


@pytest.mark.parametrize("text", [
    # corpus, vbai_b6285267: fractions restated in words, and prose full of "năm" and "một"
    "được triệu tập khi ít nhất có 2/3 (hai phần ba) tổng số ủy viên Ban Chấp",
    "hành hoặc có ít nhất 1/2 (một phần hai) tổng số hội viên chính thức đề nghị.",
    "Đại hội nhiệm kỳ được tổ chức 05 năm một lần. Đại hội bất",
    "Tổ chức dạy học 02 buổi (Thứ Hai)",  # a weekday, not a restated figure
    "triển khai một số công việc; hai bên thống nhất; năm 2020; Sở Tư pháp",
    "Trong năm, tỷ lệ hộ nghèo giảm", "mỗi năm triệu tập một lần", "mười năm qua",
    "năm bảy trăm người", "hai ba trăm người", "hai, ba trăm người", "hai mươi, ba mươi người",
    "kỷ niệm một trăm năm ngày sinh", "hai nghìn hai", "một trăm tư", "hai triệu rưỡi đồng", "hai phẩy năm triệu",
    "vài trăm nghìn", "hàng trăm nghìn người", "tỷ lệ đạt một phần ba", "năm một nghìn chín trăm bốn mươi lăm",
    "giành hai vàng, ba bạc, năm đồng", "hai tư nhân", "Bác Ba, chị Tư, ông Mười", "hai mốt",
    "mỗi năm họp 02 (hai lần)",  # the parenthesis says more than the number
    "một nghìn, tỷ đồng",  # no comma inside "nghìn tỷ"
])
def test_find_spelled_leaves_prose_alone(text):
    assert find_spelled(text) == []


def test_amount_fields():
    [amount] = find_spelled("Số tiền 5.000.000 đồng (Năm triệu đồng chẵn).")
    assert amount == SpelledAmount(start=24, end=43, value=5_000_000, unit="VND", exact=True)


@needs_corpus
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_corpus_amount_matches_its_figure():
    pdf = CORPUS / "qbh_b9242904_Quyet_dinh_BKTD_ca_nhan_2020_DVTV.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    amounts = [a for a in find_spelled(text) if a.unit == "VND"]
    assert [a.value for a in amounts] == [1_168_800_000]
    figure = re.search(r"([\d.]+) đồng\s*\($", text[:amounts[0].start])
    assert figure and parse_number(figure.group(1)) == amounts[0].value
