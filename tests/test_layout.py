"""Lines from glyphs: baselines, columns, spaces and superscripts (synthetic glyphs, no PDF)."""

from __future__ import annotations

from baocao.extract.layout import build_lines
from baocao.extract.model import Glyph, RawPage


def _word(text: str, x: float, top: float, size: float = 14.0, font: str = "Times", advance: float = 0.5):
    glyphs = []
    for ch in text:
        width = size * advance
        glyphs.append(Glyph(ch, x, x + width, top, top + size, size, font))
        x += width
    return glyphs, x


def _line(words: list[str], x: float, top: float, size: float = 14.0, gap: float = 3.5, **kw):
    glyphs = []
    for word in words:
        made, x = _word(word, x, top, size, **kw)
        glyphs += made
        glyphs.append(Glyph(" ", x, x + gap, top, top + size, size, "Times"))
        x += gap
    return glyphs[:-1]


def _page(glyphs):
    return RawPage(number=1, width=595.0, height=842.0, glyphs=glyphs)


def test_words_and_lines():
    glyphs = _line(["Báo", "cáo", "tổng", "kết"], 85, 100) + _line(["phong", "trào"], 85, 120)
    lines = build_lines(_page(glyphs))
    assert [line.text for line in lines] == ["Báo cáo tổng kết", "phong trào"]


def test_a_wide_gap_separates_columns():
    glyphs = _line(["UBND", "TỈNH"], 85, 50, size=13) + _line(["CỘNG", "HÒA"], 330, 50, size=13)
    assert [line.text for line in build_lines(_page(glyphs))] == ["UBND TỈNH", "CỘNG HÒA"]


def test_small_raised_digits_are_superscripts_and_not_text():
    body, x = _word("nghiệp", 85, 100)
    marker = [Glyph("1", x, x + 5, 100, 100 + 8.7, 8.7, "Times")]  # same top, smaller: raised baseline
    after, _ = _word(".", x + 5, 100)
    lines = build_lines(_page(body + marker + after))
    assert lines[0].text == "nghiệp."
    assert lines[0].superscripts == [(len("nghiệp"), "1")]


def test_lines_of_a_small_column_stay_apart_beside_a_larger_line():
    left = _line(["-", "Như", "trên;"], 77, 347.8, size=10) + _line(["-", "Lưu", "VT."], 77, 361.3, size=10)
    right = _line(["PHÓ", "CHỦ", "TỊCH"], 330, 352.5, size=13)
    texts = sorted(line.text for line in build_lines(_page(left + right)))
    assert texts == ["- Lưu VT.", "- Như trên;", "PHÓ CHỦ TỊCH"]


def test_a_space_glyph_drawn_over_a_letter_is_not_a_word_gap():
    glyphs, x = _word("Ông", 69, 95.6, size=11)
    n = glyphs[1]
    glyphs.insert(2, Glyph(" ", n.x0 + 1.4, n.x0 + 4.2, 95.6, 106.6, 11, "Times"))
    rest = _line(["Trần"], x + 2.8, 95.6, size=11)
    assert build_lines(_page(glyphs + rest))[0].text == "Ông Trần"


def test_a_footnote_marker_inside_a_table_cell_is_kept_for_linking():
    from baocao.extract.model import Line
    from baocao.extract.reader import _table_row

    cell = lambda text, x, markers=(): Line(text=text, page=3, x0=x, x1=x + 50, top=100, bottom=112, size=12,
                                            markers=list(markers))
    row = _table_row([[cell("1", 80)], [cell("Sở Nội vụ", 120)], [cell("85,5 điểm", 300, [(9, 4)])]], 0, 3)
    assert row.text == "1\tSở Nội vụ\t85,5 điểm"
    [marker] = row.markers
    assert (marker.number, row.text[: marker.offset]) == (4, "1\tSở Nội vụ\t85,5 điểm")


def _ocr_line(text, top, size, x0=86.0, x1=540.0):
    from baocao.extract.model import Line

    return Line(text=text, page=1, x0=x0, x1=x1, top=top, bottom=top + size, size=size, origin="ocr")


def test_ocr_body_size_gathers_the_spread_of_line_sizes():
    """OCR sizes scatter around the type's size: a page whose body lines read 12.2 to 13.9 and whose long
    footnote reads 9.6 on every line is still set in the body's size."""
    from baocao.extract.layout import body_size

    body = [_ocr_line("x" * 60, 100 + 18 * k, size) for k, size in enumerate((12.2, 12.5, 12.7, 13.0, 13.2, 13.9))]
    notes = [_ocr_line("y" * 60, 400 + 12 * k, 9.6) for k in range(5)]
    assert 12.0 <= body_size(body + notes) <= 14.0


def test_a_scan_footnote_rule_is_no_stroke_inside_text_and_opens_on_a_misread_one():
    from baocao.extract.layout import find_footnote_rule
    from baocao.extract.model import Rule

    lines = [_ocr_line("Công tác tuyên truyền phong trào thi đua đã được các cấp", 378.0, 13.2),
             _ocr_line("! Ngành Tài chính với Phong trào “Ra sức thi đua, đoàn kết”", 409.2, 9.8),
             _ocr_line("110 năm ngày sinh đồng chí Hoàng Văn Thụ, 188 năm ngày thành lập", 420.9, 9.6),
             _ocr_line("kỷ luật, kỷ cương hành chính, nâng cao trách nhiệm", 432.4, 9.6)]
    rules = [Rule(x0=85, x1=229, top=401.3, bottom=401.3),  # the separator
             Rule(x0=92, x1=117, top=414.5, bottom=414.5)]  # a stroke of the line at 409.2
    assert find_footnote_rule(lines, rules, 595.0, 842.0, 13.2) == 401.3


def test_numbered_items_and_articles_flush_with_the_margin_start_blocks():
    """Justified lines run to the margin: an item or an article after a line that ended its clause still
    starts a block; a line that goes on mid-sentence ("… tại\\n2. …" is rare) does not."""
    from baocao.extract.model import Line
    from baocao.extract.paragraphs import PageGeometry, build_blocks

    def line(text, top):
        return Line(text=text, page=2, x0=85.0, x1=540.0, top=top, bottom=top + 13, size=13.0)

    lines = [line("1. Bà Nguyễn Thị Lan, chuyên viên Phòng Công chức, viên chức;", 100),
             line("2. Ông Lê Văn Hùng, chuyên viên Văn phòng Sở;", 116),
             line("Điều 2. Mỗi cá nhân được thưởng 500.000 đồng theo quy định tại", 132),
             line("3. Nghị định số 91/2017/NĐ-CP của Chính phủ.", 148)]
    blocks = build_blocks(lines, {2: PageGeometry(85.0, 540.0)})
    assert [b.text[:12] for b in blocks] == ["1. Bà Nguyễn", "2. Ông Lê Vă", "Điều 2. Mỗi "]


def test_a_hanging_indent_goes_on_and_a_symbol_cut_at_its_hyphen_is_joined():
    """Lines set with a hanging indent (a recipient item under "Kính gửi", its text after the dash) stay one
    block while each ends mid-clause; a document number cut after its hyphen joins without a space."""
    from baocao.extract.model import Line
    from baocao.extract.paragraphs import PageGeometry, build_blocks

    def line(text, x0, top, x1=526.0):
        return Line(text=text, page=1, x0=x0, x1=x1, top=top, bottom=top + 13, size=13.5)

    lines = [line("- Các đồng chí thành viên Ban Chỉ đạo quốc gia về dữ liệu (Theo Quyết định", 128.3, 213),
             line("số 2319/QĐ-TTg ngày 20 tháng 10 năm 2025 và Quyết định số 2764/QĐ-", 134.9, 228.7),
             line("TTg ngày 19 tháng 12 năm 2025 của Thủ tướng Chính phủ);", 134.9, 244.2, x1=451.0),
             line("- Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.", 128.3, 259.8, x1=499.0),
             line("Thực hiện ý kiến chỉ đạo của Thủ tướng Chính phủ, Văn phòng Chính phủ trân", 121.0, 307.0),
             line("trọng kính mời Đồng chí dự Phiên họp lần thứ nhất của Ban Chỉ đạo.", 85.0, 323.0, x1=420.0),
             line("Một đoạn văn bản chỉ có đúng một dòng đầy đủ và kết thúc bằng dấu chấm câu.", 121.0, 339.0),
             line("Đoạn sau bắt đầu ở cùng vị trí thụt đầu dòng và là một đoạn văn bản mới hẳn", 121.0, 355.0),
             line("của văn bản này.", 85.0, 371.0, x1=200.0)]
    blocks = build_blocks(lines, {1: PageGeometry(85.0, 538.0)})
    assert [b.text[:20] for b in blocks] == ["- Các đồng chí thành", "- Chủ tịch Ủy ban nh", "Thực hiện ý kiến chỉ",
                                              "Một đoạn văn bản chỉ", "Đoạn sau bắt đầu ở c"]
    assert "2764/QĐ-TTg ngày 19" in blocks[0].text and "(Theo Quyết định số 2319/QĐ-TTg" in blocks[0].text
