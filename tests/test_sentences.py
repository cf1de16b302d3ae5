"""Sentence splitting respects headings, numbered items and abbreviations."""

import pytest

from baocao.extract.entities.sentences import split_sentences


def sentences(text):
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize("text, expected", [
    ("", []),
    ("Sở Nội vụ đã xây dựng. Tiêu chí được ban hành.", ["Sở Nội vụ đã xây dựng.", "Tiêu chí được ban hành."]),
    ("TP. Lạng Sơn có 12 xã. Đ/c. Nguyễn Văn A phát biểu.", ["TP. Lạng Sơn có 12 xã.", "Đ/c. Nguyễn Văn A phát biểu."]),
    ("Thực hiện Nghị quyết số 35-NQ/TW ngày 22/10/2018 của Bộ Chính trị. Tiếp tục.",
     ["Thực hiện Nghị quyết số 35-NQ/TW ngày 22/10/2018 của Bộ Chính trị.", "Tiếp tục."]),
    ("1. Tập trung chỉ đạo. 2. Chuẩn bị tốt.", ["1. Tập trung chỉ đạo.", "2. Chuẩn bị tốt."]),
    ("trọng tâm sau: 1. Tập trung; 2. Chuẩn bị", ["trọng tâm sau:", "1. Tập trung;", "2. Chuẩn bị"]),
    ("3.1. Sản xuất nông nghiệp\nCác cấp đã chủ động.", ["3.1. Sản xuất nông nghiệp", "Các cấp đã chủ động."]),
    ("I. KẾT QUẢ ĐẠT ĐƯỢC\n1. Công tác lãnh đạo", ["I. KẾT QUẢ ĐẠT ĐƯỢC", "1. Công tác lãnh đạo"]),
    ("Các cấp đã\nchủ động làm.", ["Các cấp đã\nchủ động làm."]),
    ("giáo dục truyền thống… tìm hiểu về cuộc đời. Hết!", ["giáo dục truyền thống… tìm hiểu về cuộc đời.", "Hết!"]),
    ("Ông Nguyễn V. A. là người tốt. Xong", ["Ông Nguyễn V. A. là người tốt.", "Xong"]),
    ("năm 2019./. Nơi nhận", ["năm 2019./.", "Nơi nhận"]),
    ("- Ý một;\n- Ý hai.", ["- Ý một;", "- Ý hai."]),
])
def test_split(text, expected):
    assert sentences(text) == expected


def test_offsets_are_trimmed_and_ordered():
    text = "  Câu một.   Câu hai.  "
    bounds = split_sentences(text)
    assert bounds == sorted(bounds)
    assert all(not text[a].isspace() and not text[b - 1].isspace() for a, b in bounds)
