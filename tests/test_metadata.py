"""Decree 30 metadata rules on made-up header lines."""

from __future__ import annotations

from extract.metadata import _place_date, read_front_matter, type_from_number
from extract.model import Line


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
