"""The entity tagger on small made-up sentences: each label, spelling variants, non-measures, offsets."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baocao.extract.entities import Span, Tagger
from baocao.extract.textnorm import clean


@pytest.fixture(scope="module")
def tagger():
    return Tagger()


def found(tagger, text, label):
    return [s.text for s in tagger.tag(text) if s.label == label]


def one(tagger, text, label):
    spans = [s for s in tagger.tag(text) if s.label == label]
    assert len(spans) == 1, spans
    return spans[0]


# -- PER and RANK ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, names", [
    ("Thượng tá Trịnh Văn Bảy, Phó trưởng Phòng Tham mưu Công an tỉnh", ["Trịnh Văn Bảy"]),
    ("vận động viên Lò Thị Mai đạt 02 Huy chương Vàng", ["Lò Thị Mai"]),
    ("ông Kiều Qúy, thôn Nà Pàn, xã Tân Lập", ["Kiều Qúy"]),
    ("Đồng chí Đinh Công Sơn phát biểu", ["Đinh Công Sơn"]),
    ("3. Bà Phùng Thị Hạnh Kế toán trưởng Trung tâm Kinh doanh", ["Phùng Thị Hạnh"]),
    ("theo gương Bác Hồ vĩ đại", ["Bác Hồ"]),
    ("các ông Nguyễn Văn Ba và Lê Thị Tư", ["Nguyễn Văn Ba", "Lê Thị Tư"]),
])
def test_people(tagger, text, names):
    assert found(tagger, text, "PER") == names


@pytest.mark.parametrize("text", [
    "Hội nghị tổ chức tại Hà Nội và huyện Cao Lộc",
    "BÁO CÁO TỔNG KẾT NĂM",
    "Đường Bản Nằm - Bình Độ được thông xe",
])
def test_not_people(tagger, text):
    assert found(tagger, text, "PER") == []


def test_alias_normalised(tagger):
    assert one(tagger, "học tập theo gương Bác Hồ", "PER").normalized == "Hồ Chí Minh"


@pytest.mark.parametrize("written, canonical", [
    ("Thượng úy", "Thượng úy"), ("Thượng uý", "Thượng úy"), ("thượng uý", "Thượng úy"),
    ("Đại uý", "Đại úy"), ("THIẾU TÁ", "Thiếu tá"), ("Trung tướng", "Trung tướng"),
])
def test_ranks_both_spellings(tagger, written, canonical):
    span = one(tagger, f"{written} Hà Văn Sáu, cán bộ Đồn Biên phòng Chi Ma", "RANK")
    assert (span.text, span.normalized) == (written, canonical)
    assert found(tagger, f"{written} Hà Văn Sáu, cán bộ", "PER") == ["Hà Văn Sáu"]


# -- ORG, LOC, POSITION, AWARD -------------------------------------------------------------------------

@pytest.mark.parametrize("text, orgs", [
    ("Sở Tài nguyên và Môi trường đã ban hành", ["Sở Tài nguyên và Môi trường"]),
    ("Sở Lao động, Thương binh và Xã hội phối hợp", ["Sở Lao động, Thương binh và Xã hội"]),
    ("Chủ tịch UBND huyện Bình Gia tặng", ["UBND huyện Bình Gia"]),
    ("Phòng Cảnh sát giao thông Công an tỉnh đã", ["Phòng Cảnh sát giao thông Công an tỉnh"]),
    ("Đoàn thanh niên đã triển khai", ["Đoàn thanh niên"]),
    ("Hội Cựu chiến binh tỉnh tổ chức", ["Hội Cựu chiến binh tỉnh"]),
    ("Ban Dân vận Huyện ủy chỉ đạo", ["Ban Dân vận Huyện ủy"]),
    ("Đồn Biên phòng Chi Ma, Bộ Chỉ huy bộ đội Biên phòng tỉnh", ["Đồn Biên phòng Chi Ma", "Bộ Chỉ huy bộ đội Biên phòng tỉnh"]),
    ("Trường Tiểu học Kim Đồng", ["Trường Tiểu học Kim Đồng"]),
    ("ngành Văn hóa với phong trào", ["ngành Văn hóa"]),
    ("Bằng khen của Tập đoàn Bưu chính Viễn thông Việt Nam", ["Tập đoàn Bưu chính Viễn thông Việt Nam"]),
    # After "và", lower-case words go on the name only when they open a known complement.
    ("Sở Nông nghiệp và phát triển nông thôn thống nhất đề xuất", ["Sở Nông nghiệp và phát triển nông thôn"]),
    ("Hiệp hội Doanh nghiệp nhỏ và vừa tỉnh Bà Rịa", ["Hiệp hội Doanh nghiệp nhỏ và vừa tỉnh Bà Rịa"]),
    ("tại Quyết định của Bộ Nội vụ và kết quả thực hiện trên địa bàn", ["Bộ Nội vụ"]),
    ("hướng dẫn của Bộ GDĐT và văn bản của tỉnh", ["Bộ GDĐT"]),
    ("Chủ tịch Liên đoàn và trước pháp luật về hoạt động điều hành Liên đoàn", []),  # no name runs on
])
def test_organisations(tagger, text, orgs):
    assert found(tagger, text, "ORG") == orgs


@pytest.mark.parametrize("text", [
    "các sở, ban, ngành và các cấp, các ngành",
    "Ban hành văn bản và tổ chức Hội nghị tổng kết",
    "Ban Tổ chức cuộc thi đã trao giải",
    "Hội đồng Thi đua - Khen thưởng các cấp",
    "100% Hội Phụ nữ cơ sở đã tham gia",
    "chỉnh đốn Đảng và toàn Đảng bộ",
])
def test_not_organisations(tagger, text):
    assert found(tagger, text, "ORG") == []


def test_places(tagger):
    assert found(tagger, "thôn Khuổi Phầy, xã Hữu Kiên, huyện Văn Quan", "LOC") == [
        "thôn Khuổi Phầy", "xã Hữu Kiên", "huyện Văn Quan"]


def test_position_holds_its_organisation(tagger):
    text = "Đại úy Hoàng Văn Tư, Trạm trưởng Trạm Kiểm soát Biên phòng Na Hình"
    assert found(tagger, text, "POSITION") == ["Trạm trưởng Trạm Kiểm soát Biên phòng Na Hình"]
    assert found(tagger, text, "ORG") == ["Trạm Kiểm soát Biên phòng Na Hình"]
    assert found(tagger, "Chủ tịch UBND tỉnh tặng", "POSITION") == ["Chủ tịch UBND tỉnh"]


@pytest.mark.parametrize("text, award", [
    ("được tặng Bằng khen của Chủ tịch UBND tỉnh", "Bằng khen của Chủ tịch UBND tỉnh"),
    ("Huân chương Lao động hạng Ba", "Huân chương Lao động hạng Ba"),
    ("đạt 01 Huy chương Vàng", "Huy chương Vàng"),
    ("danh hiệu Chiến sĩ thi đua cơ sở", "Chiến sĩ thi đua cơ sở"),
    ("tặng Cờ thi đua cho 3 đơn vị", "Cờ thi đua"),
])
def test_awards(tagger, text, award):
    assert found(tagger, text, "AWARD") == [award]


# -- DATE, MONEY, PERCENT, QUANTITY -------------------------------------------------------------------

@pytest.mark.parametrize("text, date, iso", [
    ("ngày 13/11/2018, Chủ tịch", "ngày 13/11/2018", "2018-11-13"),
    ("Hà Nội, ngày 21 tháng 10 năm 2019", "ngày 21 tháng 10 năm 2019", "2019-10-21"),
    ("hết tháng 9/2019, hoàn thành", "tháng 9/2019", "2019-09"),
    ("kế hoạch năm 2019 của tỉnh", "năm 2019", "2019"),
    ("giai đoạn 2011 - 2020 và", "2011 - 2020", "2011/2020"),
    ("(04/11/1909 - 04/11/2019)", "04/11/1909 - 04/11/2019", "1909-11-04/2019-11-04"),
])
def test_dates(tagger, text, date, iso):
    span = one(tagger, text, "DATE")
    assert (span.text, span.normalized) == (date, iso)


@pytest.mark.parametrize("text, label, span_text, value, unit, qualifier", [
    ("thu ngân sách đạt 5.027 tỷ đồng, tăng", "MONEY", "5.027 tỷ đồng", 5027e9, "VND", "đạt"),
    ("quyên góp được trên 20 tỷ đồng từ", "MONEY", "trên 20 tỷ đồng", 20e9, "VND", "trên"),
    ("được gần 800 triệu đồng;", "MONEY", "gần 800 triệu đồng", 800e6, "VND", "gần"),
    ("thưởng 1.200.000 đồng/người", "MONEY", "1.200.000 đồng/người", 1.2e6, "VND/người", None),
    ("đạt 92,2% so với dự toán", "PERCENT", "92,2%", 92.2, "%", "đạt"),
    ("đạt 2.255 nghìn lượt khách, tăng", "QUANTITY", "2.255 nghìn lượt khách", 2255000, "lượt khách", "đạt"),
    ("tiếp nhận 12.537 hồ sơ, trong đó", "QUANTITY", "12.537 hồ sơ", 12537, "hồ sơ", None),
    ("đã hiến 700m² đất", "QUANTITY", "700m²", 700, "m2", None),
    ("bê tông hóa 01km đường", "QUANTITY", "01km", 1, "km", None),
    ("có 27 tập thể và", "QUANTITY", "27 tập thể", 27, "tập thể", None),
    ("khoảng 05 năm nữa", "QUANTITY", "khoảng 05 năm", 5, "năm", "khoảng"),
    ("bồi dưỡng dưới 01 năm", "QUANTITY", "dưới 01 năm", 1, "năm", None),  # a limit: in the span, no qualifier
    ("chỉ tiêu tối thiểu 80%", "PERCENT", "80%", 80, "%", None),
    ("đã triển khai 35/45 nhiệm vụ đề ra", "QUANTITY", "35/45 nhiệm vụ", 35, "nhiệm vụ", None),
    ("là trên 480/600 điểm;", "QUANTITY", "trên 480/600 điểm", 480, "điểm", "trên"),
    ("có 07/09 sở có văn bản", "QUANTITY", "07/09 sở", 7, "sở", None),
    ("được tặng Bằng khen 02 lần liên tục", "QUANTITY", "02 lần", 2, "lần", None),
    ("ít nhất 01 lần/năm", "QUANTITY", "01 lần/năm", 1, "lần/năm", None),
    ("trong thời hạn 07 (bảy) ngày làm việc", "QUANTITY", "07", 7, "ngày làm việc", None),
    ("khen thưởng 974 cá nhân thuộc Tập đoàn", "QUANTITY", "974 cá nhân", 974, "cá nhân", None),
    ("ban hành 137 quyết định công bố", "QUANTITY", "137 quyết định", 137, "quyết định", None),
    ("triển khai 05 dự án, trong đó", "QUANTITY", "05 dự án", 5, "dự án", None),
])
def test_figures(tagger, text, label, span_text, value, unit, qualifier):
    span = one(tagger, text, label)
    assert (span.text, span.value, span.unit, span.qualifier) == (span_text, value, unit, qualifier)


@pytest.mark.parametrize("text", [
    "Thực hiện Nghị quyết số 04-NQ/TW ngày 30/10/2016",
    "Chỉ thị số 26/CT-TTg của Thủ tướng",
    "Nghị định số 25/2016/NĐ-CP",
    "kỷ niệm 110 năm ngày sinh đồng chí",
    "188 năm thành lập tỉnh",
    "tổng kết 10 năm phong trào",
    "giải vô địch lần thứ 14 tại",
    "Bệnh viện giai đoạn 1",
    "phong trào “60 ngày đêm ra sức thi đua”",
    "gia đình 5 không, 3 sạch",
    "3.1. Sản xuất nông nghiệp",
    "Điều 2. Tặng thưởng",
    "Thời gian: 14 giờ 30 phút, ngày 12",
    "vào lúc 9 giờ sáng",
    "Khoản 2 và 3 Điều 35 Nghị định",
    "tại số nhà 25 Quang Trung",
    "Giám đốc Nhà máy 3 Công ty Cổ phần",
    "Kế hoạch “chiến dịch 30 ngày đêm” cải thiện",
    "chia đôi: 1/2.",
])
def test_not_measures(tagger, text):
    assert [s for s in tagger.tag(text) if s.label in ("MONEY", "PERCENT", "QUANTITY")] == []


def test_range_shares_its_unit(tagger):
    spans = [s for s in tagger.tag("kết nạp 10 – 15 hội viên") if s.label == "QUANTITY"]
    assert [(s.text, s.value, s.unit) for s in spans] == [("10", 10, "hội viên"), ("15 hội viên", 15, "hội viên")]


# -- the interface --------------------------------------------------------------------------------------

def test_tag_many_equals_tag(tagger):
    texts = ["Sở Nội vụ có 5 hồ sơ.", "", "Thượng úy Vũ Văn Hải", "năm 2019"]
    assert tagger.tag_many(texts) == [tagger.tag(t) for t in texts]


def test_spans_sorted_and_same_label_never_overlaps(tagger):
    spans = tagger.tag("Thượng tá Tạ Văn Nhất, Phó trưởng Phòng Cảnh sát điều tra tội phạm về ma túy "
                       "Công an tỉnh; Phòng Phòng chống ma túy và tội phạm, Bộ Chỉ huy bộ đội Biên phòng tỉnh")
    assert [s.start for s in spans] == sorted(s.start for s in spans)
    for label in {s.label for s in spans}:
        same = sorted((s.start, s.end) for s in spans if s.label == label)
        assert all(a[1] <= b[0] for a, b in zip(same, same[1:]))
    assert {"RANK", "PER", "POSITION", "ORG"} <= {s.label for s in spans}


WORDS = ["Thượng tá", "Tạ Văn Nhất", ",", "ông", "Vi Thanh Liêm", "Sở Nội vụ", "UBND tỉnh", "đạt", "trên",
         "5.027 tỷ đồng", "92,2%", "700m2", "12 xã", "năm 2019", "ngày 13/11/2018", "“", "”", "…", "và",
         "huyện Lộc Bình", "Huy chương Vàng", "\n", "  ", "số 04-NQ/TW", "🙂", "Hoà", "uỷ ban", "1."]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=14), st.sampled_from([" ", "", "  "]))
def test_span_text_is_the_source_slice(tagger, words, sep):
    text = sep.join(words)
    for span in tagger.tag(text):
        assert isinstance(span, Span)
        assert text[span.start:span.end] == span.text
        assert span.text == span.text.strip() and span.text


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=14))
def test_normalising_twice_equals_once(tagger, words):
    for span in tagger.tag(" ".join(words)):
        if span.label in ("PER", "ORG", "LOC", "POSITION", "AWARD"):
            assert clean(span.normalized) == span.normalized
        if span.label == "RANK":
            assert one(tagger, span.normalized + " Hà Văn Sáu", "RANK").normalized == span.normalized
        if span.value is not None:
            again = [s for s in tagger.tag(span.normalized) if s.label == span.label]
            assert again and (again[0].value, again[0].unit) == (span.value, span.unit)


@pytest.mark.parametrize("text, unit", [
    ("12 xã Huy chương Vàng đạt ,", "xã Huy chương Vàng"),  # underthesea: "Vàng đạt" one word
    ("12 xã Hoà năm 2019", "xã Hoà"),  # "Hoà năm"
])
def test_a_stop_word_glued_to_a_capitalised_word_still_ends_a_counted_noun(tagger, text, unit):
    """Found by test_normalising_twice_equals_once: re-tagging the span's own text gave another unit."""
    [span] = [s for s in tagger.tag(text) if s.label == "QUANTITY"]
    assert (span.value, span.unit) == (12.0, unit)


def test_common_fraction_of_a_group_is_a_share(tagger):
    spans = [s for s in tagger.tag("phải có trên 1/2 tổng số hội viên chính thức có mặt") if s.label == "QUANTITY"]
    assert [(s.text, s.value, s.unit, s.qualifier) for s in spans] == [("trên 1/2", 0.5, "hội viên", "trên")]
    spans = [s for s in tagger.tag("ít nhất 2/3 (hai phần ba) tổng số ủy viên Ban Chấp hành đề nghị")
             if s.label == "QUANTITY"]
    assert [(s.text, round(s.value, 6)) for s in spans] == [("2/3", 0.666667)]
    assert not [s for s in tagger.tag("tỷ lệ 1/2.") if s.label == "QUANTITY"]
