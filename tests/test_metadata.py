"""Decree 30 metadata rules on made-up header lines."""

from __future__ import annotations

from baocao.extract.metadata import _parent_by_name, _place_date, read_front_matter, type_from_number
from baocao.extract.model import Line


def _line(text, x0, top, size=13.0, bold=False, font="F1", width=None):
    width = width if width is not None else len(text) * size * 0.5
    return Line(text=text, page=1, x0=x0, x1=x0 + width, top=top, bottom=top + size, size=size, bold=bold, font=font)


def test_type_from_number_symbol():
    assert type_from_number("545/HD-BTV") == "Hướng dẫn"
    assert type_from_number("245/BC-UBND") == "Báo cáo"
    assert type_from_number("/TTr-SNV") == "Tờ trình"
    assert type_from_number("1731/UBND-KSTT") == ""


def test_place_and_partial_dates():
    assert _place_date("Lạng Sơn, ngày 21 tháng 10 năm 2019") == ("Lạng Sơn", "2019-10-21")
    assert _place_date("Quảng Bình, ngày    tháng 9 năm 2020") == ("Quảng Bình", "2020-09")
    assert _place_date("Lâm Đồng, ngày tháng năm 2025") == ("Lâm Đồng", "2025")
    assert _place_date("Hà Nội, ngày tháng năm") == ("Hà Nội", "")


def test_the_motto_font_tells_a_bold_issuer_from_its_parent_when_font_names_do_not():
    # Fonts named "CIDFont+F1" (regular) and "CIDFont+F3" (bold): only the motto says which is which.
    lines = [
        _line("HIỆP HỘI", 150, 48, font="CIDFont+F1"),
        _line("CÔNG CHỨNG VIÊN VIỆT NAM", 94, 62, font="CIDFont+F1"),
        _line("BAN THƯỜNG VỤ", 129, 77, font="CIDFont+F3"),
        _line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 291, 48, font="CIDFont+F3"),
        _line("Độc lập - Tự do - Hạnh phúc", 330, 62, font="CIDFont+F3"),
        _line("Số: 545 /HD-BTV", 134, 98),
        _line("Hà Nội, ngày 29 tháng 7 năm 2025", 320, 98, font="CIDFont+F4"),
        _line("Hướng dẫn một số nội dung liên quan", 96, 118, font="CIDFont+F4"),
        _line("đến hợp nhất Hội công chứng viên", 104, 137, font="CIDFont+F4"),
        _line("Kính gửi: Hội công chứng viên các tỉnh, thành phố", 150, 170, width=300),
    ]
    meta = read_front_matter(lines, {1: 595.0}).meta
    assert meta.issuer == "BAN THƯỜNG VỤ"
    assert meta.issuer_parent == "HIỆP HỘI CÔNG CHỨNG VIÊN VIỆT NAM"
    assert meta.doc_number == "545/HD-BTV"
    assert meta.doc_type == "Hướng dẫn"  # no type title: from the number's symbol
    assert meta.title == "Hướng dẫn một số nội dung liên quan đến hợp nhất Hội công chứng viên"
    assert meta.issue_date == "2025-07-29"


def _ocr(text, x0, top, size=13.0, stroke=1.0, width=None, confidence=92.0):
    line = _line(text, x0, top, size=size, bold=stroke > 1.17, font="OCR-Bold" if stroke > 1.17 else "OCR",
                 width=width)
    line.origin, line.stroke, line.confidence = "ocr", stroke, confidence
    return line


def test_party_number_symbol_gives_the_type():
    assert type_from_number("210-CV/BTGDVTU") == "Công văn"
    assert type_from_number("05-NQ/TU") == "Nghị quyết"
    assert type_from_number("-CV/BTGDVTU") == "Công văn"


def test_a_scan_header_parent_and_issuer_by_stroke_and_a_party_letter():
    """The Party's name stands where the motto does; the issuer's strokes are clearly thicker than its
    parent's; the handwritten number part is left out but the type before the slash stays; "V/v" as OCR
    misread it opens the subject."""
    lines = [
        _ocr("TỈNH ỦY LÂM ĐỒNG", 142, 57, stroke=0.98),
        _ocr("ĐẢNG CỘNG SẢN VIỆT NAM", 365, 57, stroke=1.21),
        _ocr("BAN TUYÊN GIÁO VÀ DÂN VẬN", 102, 77, stroke=1.19, width=213),
        _ocr("Lâm Đồng, ngày 04 tháng 9 năm 2025", 352, 95),
        _ocr("Số J0 -CV/BTGDVTU", 143, 108, confidence=40.0),
        _ocr("W⁄%w cử lãnh đạo Ban tham gia", 138, 125),
        _ocr("Ban Vì sự tiến bộ của phụ nữ", 138, 140),
    ]
    lines[4].doubtful = [(4, 6)]
    meta = read_front_matter(lines, {1: 595.0}).meta
    assert (meta.issuer_parent, meta.issuer) == ("TỈNH ỦY LÂM ĐỒNG", "BAN TUYÊN GIÁO VÀ DÂN VẬN")
    assert meta.doc_number == "-CV/BTGDVTU" and meta.doc_type == "Công văn"
    assert meta.title == "V/v cử lãnh đạo Ban tham gia Ban Vì sự tiến bộ của phụ nữ"


def test_lines_about_as_thick_do_not_split_a_scan_issuer():
    lines = [
        _ocr("ỦY BAN NHÂN DÂN", 100, 57, stroke=1.17),
        _ocr("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 300, 57, stroke=1.2),
        _ocr("TỈNH LẠNG SƠN", 110, 73, stroke=1.18),
        _ocr("Độc lập - Tự do - Hạnh phúc", 330, 73, stroke=1.3),
        _ocr("Số: 245/BC-UBND", 110, 100),
    ]
    meta = read_front_matter(lines, {1: 595.0}).meta
    assert (meta.issuer_parent, meta.issuer) == ("", "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN")


def test_a_scan_issuer_under_a_parent_that_ends_in_a_place_is_told_by_its_name():
    """Both lines set bold (no weight tells them apart): a line closing with a place, then one that opens
    an organisation of its own, are a parent and its issuer; the typo in the parent's name is kept."""
    lines = [
        _ocr("UBNB TỈNH LÂM ĐỒNG", 100, 57, stroke=1.3),
        _ocr("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 300, 57, stroke=1.3),
        _ocr("HỘI ĐỒNG THẨM ĐỊNH", 100, 73, stroke=1.3),
        _ocr("Độc lập - Tự do - Hạnh phúc", 330, 73, stroke=1.3),
    ]
    meta = read_front_matter(lines, {1: 595.0}).meta
    assert (meta.issuer_parent, meta.issuer) == ("UBNB TỈNH LÂM ĐỒNG", "HỘI ĐỒNG THẨM ĐỊNH")


def test_parent_by_name_needs_a_place_and_a_new_organisation():
    assert _parent_by_name(["UBND HUYỆN LỘC BÌNH", "PHÒNG NỘI VỤ"]) == 1
    assert _parent_by_name(["ỦY BAN NHÂN DÂN", "TỈNH LẠNG SƠN"]) == 0  # one name over two lines
    assert _parent_by_name(["SỞ GIÁO DỤC VÀ", "ĐÀO TẠO"]) == 0
    assert _parent_by_name(["BỘ CÔNG AN", "CÔNG AN TỈNH LÂM ĐỒNG"]) == 0  # no place above: weight decides
    assert _parent_by_name(["SỞ Y TẾ TỈNH BÌNH THUẬN VÀ", "BAN QUẢN LÝ DỰ ÁN"]) == 0  # a joint issuer


def test_signer_name_without_rank_and_minutes_signed_by_the_chair():
    lines = [
        _line("Số: 12/BB-SNV", 100, 100),
        _line("Hà Nội, ngày 2 tháng 3 năm 2025", 320, 100),
        _line("Cuộc họp kết thúc lúc 17 giờ cùng ngày./.", 90, 300, width=300),
        _line("NGƯỜI GHI BIÊN BẢN", 100, 340),
        _line("CHỦ TRÌ", 420, 340),
        _line("Trần Ngọc Lâm", 110, 420),
        _line("Thượng tá Trần Ngọc Xuân", 380, 420),
        _line("PHÓ GIÁM ĐỐC SỞ NỘI VỤ", 360, 436),
        _line("Lương Văn Hà", 400, 520),
    ]
    meta = read_front_matter(lines, {1: 595.0}).meta
    assert (meta.signer_role, meta.signer_name) == ("CHỦ TRÌ", "Trần Ngọc Xuân")


def test_a_type_title_sharing_its_line_with_the_subject():
    lines = [
        _line("HIỆP HỘI DOANH NGHIỆP", 94, 48, bold=True),
        _line("Độc lập - Tự do - Hạnh phúc", 354, 50),
        _line("Bình Thuận, ngày 13 tháng 5 năm 2025", 310, 80),
        _line("DANH SÁCH NHÂN SỰ DỰ KIẾN BAN THƯỜNG TRỰC", 151, 113, width=345),
        _line("HIỆP HỘI DOANH NGHIỆP TỈNH BÌNH THUẬN", 173, 131, width=300),
        _line("Ông Nguyễn Văn An, Chủ tịch Hiệp hội, chủ trì cuộc họp về việc kiện toàn nhân sự.", 72, 170,
              width=480),
    ]
    meta = read_front_matter(lines, {1: 595.0}).meta
    assert meta.doc_type == "Danh sách"
    assert meta.title == "NHÂN SỰ DỰ KIẾN BAN THƯỜNG TRỰC HIỆP HỘI DOANH NGHIỆP TỈNH BÌNH THUẬN"


def test_a_number_ocr_could_not_read_is_taken_from_the_annex_note():
    header = [
        _ocr("UBND TỈNH QUẢNG BÌNH", 90, 57, stroke=0.9),
        _ocr("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 300, 57, stroke=1.3),
        _ocr("SỞ NỘI VỤ", 120, 73, stroke=1.3),
        _ocr("Độc lập - Tự do - Hạnh phúc", 330, 73, stroke=1.3),
        _ocr("Số: 3Ø /QĐ-SNV", 110, 100),
        _ocr("Quảng Bình, ngày 14 tháng 01 năm 2022", 320, 100),
        _ocr("Căn cứ Quy chế ban hành kèm theo Quyết định số 57/QĐ-SNV ngày 2/1/2020;", 90, 200, width=450),
    ]
    header[4].doubtful = [(4, 6)]
    annex = _ocr("(Kèm theo Quyết định số 38/QĐ-SNV ngày 14 tháng 01 năm 2022)", 100, 90, width=400)
    annex.page = 2
    meta = read_front_matter(header + [annex], {1: 595.0, 2: 595.0}).meta
    assert (meta.doc_number, meta.doc_number_source) == ("38/QĐ-SNV", "annex")
    # Read with low confidence there too: left out.
    annex.doubtful = [(24, 26)]
    meta = read_front_matter(header + [annex], {1: 595.0, 2: 595.0}).meta
    assert (meta.doc_number, meta.doc_number_source) == ("/QĐ-SNV", "ocr")


def test_a_day_ocr_could_not_read_is_completed_from_the_signing_time():
    from baocao.extract.model import DocMeta
    from baocao.extract.stamps import apply_stamps

    meta = DocMeta(issue_date="2025-09", issue_date_source="ocr", unread=["issue_date day: OCR read 'Ý' (not trusted)"])
    apply_stamps(meta, [], [])
    assert meta.issue_date == "2025-09"
    from baocao.extract.model import Signature

    apply_stamps(meta, [], [Signature(time="2025-09-04T10:12:00+07:00", reason="")])
    assert (meta.issue_date, meta.issue_date_source) == ("2025-09-04", "signature")
    # A signing time of another month is no evidence; a day blank on the page is not filled.
    other = DocMeta(issue_date="2025-08", issue_date_source="ocr", unread=["issue_date day: OCR read 'Ý'"])
    apply_stamps(other, [], [Signature(time="2025-09-04T10:12:00+07:00", reason="")])
    assert other.issue_date == "2025-08"
    blank = DocMeta(issue_date="2025-09", issue_date_source="header")
    apply_stamps(blank, [], [Signature(time="2025-09-04T10:12:00+07:00", reason="")])
    assert blank.issue_date == "2025-09"


def test_a_joint_document_is_signed_by_its_first_signer():
    """Four signatures side by side, under two issuers; on the scan the four names were read as one line and
    marks from the seals stand before two roles. The first signer's column gives the role and the name."""
    lines = [
        _line("Số: 50/CTr-VTQB-TTKD", 100, 100),
        _line("Quảng Bình, ngày 2 tháng 3 năm 2022", 320, 100),
        _ocr("Đề nghị các đơn vị hưởng ứng tích cực phong trào thi đua năm 2022.", 69, 414, width=480),
        _ocr("VIỄN THÔNG QUẢNG BÌNH „", 73, 443, size=17.3, width=211),
        _ocr("TRUNG TÂM KINH DOANH", 318, 443, size=17.3, width=168),
        _ocr("VNPT - QUẢNG BÌNH", 338, 457, width=130),
        _ocr("go GIÁM ĐỐC", 66, 490, width=68),
        _ocr("CHỦ TỊCH ,", 192, 490, width=64),
        _ocr("—-GIÁM ĐỐC", 300, 490, width=81),
        _ocr("CHỦ TỊCH", 437, 490, width=64),
        _ocr("CÔNG ĐOÀN", 424, 504, width=85),
        _ocr("Trương Công Minh Trần Thanh Minh Nguyễn Văn Chương Lê Thị Tố Nga", 48, 591, width=461),
        _line("Nơi nhận:", 69, 640),
    ]
    meta = read_front_matter(lines, {1: 595.0}).meta
    assert (meta.signer_role, meta.signer_name) == ("VIỄN THÔNG QUẢNG BÌNH / GIÁM ĐỐC", "Trương Công Minh")
    # The others, left to right, each with the capitals over it in its column (a seal's "VNPT - …" is none).
    assert meta.cosigners == [("VIỄN THÔNG QUẢNG BÌNH / CHỦ TỊCH", "Trần Thanh Minh"),
                              ("TRUNG TÂM KINH DOANH / GIÁM ĐỐC", "Nguyễn Văn Chương"),
                              ("CHỦ TỊCH", "Lê Thị Tố Nga")]
    assert meta.cosigners_text().endswith(" | CHỦ TỊCH: Lê Thị Tố Nga")


def test_two_signatures_side_by_side_in_a_text_layer_each_with_its_name_line():
    lines = [
        _line("Số: 12/ĐN-LĐ", 100, 100),
        _line("Lâm Đồng, ngày 05 tháng 9 năm 2025", 320, 100),
        _line("Kính đề nghị Sở Nội vụ xem xét, quyết định cho phép sáp nhập hai liên đoàn.", 84, 205, width=450),
        _line("TM. BCH LIÊN ĐOÀN", 186, 270, width=141),
        _line("TM. BCH LIÊN ĐOÀN", 380, 270, width=141),
        _line("CHỦ TỊCH", 222, 290, width=70),
        _line("CHỦ TỊCH", 416, 290, width=70),
        _line("Bùi Xuân Nghĩa", 210, 400, width=95),
        _line("Nguyễn Long Phượng", 387, 400, width=130),
    ]
    meta = read_front_matter(lines, {1: 595.0}).meta
    assert (meta.signer_role, meta.signer_name) == ("TM. BCH LIÊN ĐOÀN / CHỦ TỊCH", "Bùi Xuân Nghĩa")
    assert meta.cosigners == [("TM. BCH LIÊN ĐOÀN / CHỦ TỊCH", "Nguyễn Long Phượng")]


def test_one_role_in_capitals_beside_a_list_is_no_joint_signature():
    lines = [
        _line("Số: 12/QĐ-UBND", 100, 100),
        _line("Hà Nội, ngày 2 tháng 3 năm 2025", 320, 100),
        _line("Điều 3. Các ông, bà có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.", 90, 300,
              width=420),
        _line("Nơi nhận:", 80, 330),
        _line("TM. ỦY BAN NHÂN DÂN", 360, 330),
        _line("- Như Điều 3;", 80, 345),
        _line("CHỦ TỊCH", 400, 345),
        _line("- Lưu: VT.", 80, 360),
        _line("Nguyễn Văn An", 390, 420),
    ]
    meta = read_front_matter(lines, {1: 595.0}).meta
    assert (meta.signer_role, meta.signer_name) == ("TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH", "Nguyễn Văn An")
    assert meta.cosigners == []
