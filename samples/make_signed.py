#!/usr/bin/env python3
"""Make ``samples/quyet-dinh-ky-so-2024.pdf``: a digitally signed decision whose number, day, month and
signing stamp exist only in signature-widget appearance streams, as signing software draws them.

The page content holds the template: "Số:" … "/QĐ-SNV" and "Lạng Sơn, ngày" … "tháng" … "năm 2024";
widget annotations (``/FT /Sig``) draw "58" over the number's blank (3 pt above the baseline), "07" (in a
slanted text matrix: a fake italic) and "3" over the date's blanks, and the stamp "Ký bởi: … Thời gian ký:
…" beside the signature, from a form whose ``/BBox`` is not at the origin and whose ``/Matrix`` scales it.
Page 2, the annex, repeats the number and the day in widgets of its own. The signature dictionary carries
the signing time ``/M``. Beside the PDF it writes ``quyet-dinh-ky-so-2024.truth.json``.

How: reportlab typesets the two pages and, on extra pages, the text of each widget; pikepdf turns each
extra page into a form XObject, attaches it as the ``/AP /N`` of a widget on its page, and drops the extra
pages. Needs reportlab, pikepdf and fonts-dejavu-core; the output is the same on every run.

    python samples/make_signed.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAME = "quyet-dinh-ky-so-2024"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
PAGE_W, PAGE_H = 595.28, 841.89

NUMBER, DAY, MONTH, YEAR = "58", "07", "3", "2024"
SIGNED_AT = "2024-03-07T15:20:11+07:00"
STAMP = ["Ký bởi: Sở Nội vụ tỉnh Lạng Sơn", "Email: snv@langson.gov.vn", "Cơ quan: Tỉnh Lạng Sơn",
         "Thời gian ký: 07.03.2024 15:20:11 +07:00"]

# Each widget: page, text lines, font size, where the text's baseline starts (page points, from the
# bottom), the annotation Rect's offset from where the form's box lands, slant.
HEADER_Y = PAGE_H - 118  # baseline of the "Số:" and date line


# The template's blank fields, as Word lays them out with tab stops: pieces of text with gaps between
# them (a gap in points follows each piece but the last). No runs of spaces: PDFium and pdfminer report
# those differently, and the samples are read with both.
NUMBER_LINE = (66, [("Số:", 38), ("/QĐ-SNV", 0)], 12)
DATE_LINE = (300, [("Lạng Sơn, ngày", 26), ("tháng", 22), ("năm 2024", 0)], 12)
ANNEX_LINE = (80, [("(Kèm theo Quyết định số", 36), ("/QĐ-SNV ngày", 26), ("/3/2024)", 0)], 11)


def piece_x(line: tuple, index: int) -> float:
    """Where piece ``index`` of a template line starts."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    x, parts, size = line
    for text, gap in parts[:index]:
        x += stringWidth(text, "Serif", size) + gap
    return x


def blank(line: tuple, after: int) -> float:
    """Where a widget's text starts: 6 pt into the blank after piece ``after``."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    _x, parts, size = line
    return piece_x(line, after) + stringWidth(parts[after][0], "Serif", size) + 6


def widgets() -> list[dict]:
    return [
        # The number 3 pt above the line's baseline, the day in a slanted (fake italic) text matrix.
        {"page": 1, "lines": [NUMBER], "size": 13, "x": blank(NUMBER_LINE, 0), "y": HEADER_Y + 3},
        {"page": 1, "lines": [DAY], "size": 13, "x": blank(DATE_LINE, 0), "y": HEADER_Y, "slant": 0.25},
        {"page": 1, "lines": [MONTH], "size": 13, "x": blank(DATE_LINE, 1), "y": HEADER_Y + 1},
        {"page": 1, "lines": STAMP, "size": 6, "x": 330, "y": 262, "scale": 0.5},
        {"page": 2, "lines": [NUMBER], "size": 11, "x": blank(ANNEX_LINE, 0), "y": PAGE_H - 128},
        {"page": 2, "lines": [DAY], "size": 11, "x": blank(ANNEX_LINE, 1), "y": PAGE_H - 128},
    ]


def typeset(path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("Serif", str(FONT_DIR / "DejaVuSerif.ttf")))
    pdfmetrics.registerFont(TTFont("Serif-Bold", str(FONT_DIR / "DejaVuSerif-Bold.ttf")))
    c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1)
    c.setTitle("Quyết định khen thưởng (ký số)")

    def text(x, y, s, size=12, bold=False, centre=False):
        font = "Serif-Bold" if bold else "Serif"
        c.setFont(font, size)
        (c.drawCentredString if centre else c.drawString)(x, y, s)

    def template(line, y):
        for index, (piece, _gap) in enumerate(line[1]):
            text(piece_x(line, index), y, piece, line[2])

    # Page 1: header, title, body, closing.
    text(150, PAGE_H - 70, "UBND TỈNH LẠNG SƠN", 12, centre=True)
    text(150, PAGE_H - 86, "SỞ NỘI VỤ", 12, bold=True, centre=True)
    text(400, PAGE_H - 70, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 11, bold=True, centre=True)
    text(400, PAGE_H - 86, "Độc lập - Tự do - Hạnh phúc", 12, bold=True, centre=True)
    template(NUMBER_LINE, HEADER_Y)
    template(DATE_LINE, HEADER_Y)
    text(PAGE_W / 2, PAGE_H - 175, "QUYẾT ĐỊNH", 13, bold=True, centre=True)
    text(PAGE_W / 2, PAGE_H - 193, "Về việc tặng Giấy khen cho cá nhân", 12, bold=True, centre=True)
    text(PAGE_W / 2, PAGE_H - 222, "GIÁM ĐỐC SỞ NỘI VỤ TỈNH LẠNG SƠN", 12, bold=True, centre=True)
    body = ["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
            "Xét đề nghị của Trưởng phòng Công chức, viên chức,",
            "QUYẾT ĐỊNH:",
            "Điều 1. Tặng Giấy khen cho 03 cá nhân có thành tích xuất sắc (có danh sách kèm theo).",
            "Điều 2. Mỗi cá nhân được thưởng 500.000 đồng.",
            "Điều 3. Chánh Văn phòng Sở và các cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành."]
    for index, line in enumerate(body):
        text(66, PAGE_H - 260 - 20 * index, line, 12, bold=line.startswith("QUYẾT"))
    text(66, 330, "Nơi nhận:", 10, bold=True)
    text(66, 318, "- Như Điều 3;", 9)
    text(66, 308, "- Lưu: VT.", 9)
    text(430, 330, "GIÁM ĐỐC", 12, bold=True, centre=True)
    text(430, 230, "Hoàng Văn Minh", 12, bold=True, centre=True)
    c.showPage()
    # Page 2: the annex.
    text(PAGE_W / 2, PAGE_H - 90, "DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN", 12, bold=True, centre=True)
    template(ANNEX_LINE, PAGE_H - 128)
    for index, line in enumerate(["1. Bà Nguyễn Thị Lan, chuyên viên Phòng Công chức, viên chức;",
                                  "2. Ông Lê Văn Hùng, chuyên viên Văn phòng Sở;",
                                  "3. Bà Hoàng Thị Mai, Phó Chánh Văn phòng Sở."]):
        text(66, PAGE_H - 170 - 20 * index, line, 12)
    c.showPage()
    # One extra page per widget: its text, to become the widget's appearance.
    for widget in widgets():
        text_object = c.beginText()
        text_object.setFont("Serif", widget["size"])
        slant = widget.get("slant", 0.0)
        for index, line in enumerate(widget["lines"]):
            text_object.setTextTransform(1, 0, slant, 1, 100, 400 - index * widget["size"] * 1.2)
            text_object.textOut(line)
        c.drawText(text_object)
        c.showPage()
    c.save()


def attach(path: Path) -> None:
    import pikepdf

    pdf = pikepdf.open(path, allow_overwriting_input=True)
    specs = widgets()
    extra = list(pdf.pages[2:])
    fields = []
    for spec, page in zip(specs, extra):
        size = spec["size"]
        lines = len(spec["lines"])
        # The text sits at (100, 400) on its extra page: the form keeps those coordinates (a BBox away
        # from the origin), and its Matrix scales it when "scale" is given.
        longest = max(len(line) for line in spec["lines"])
        bbox = [98, 400 - (lines - 1) * size * 1.2 - size * 0.35, 100 + longest * size * 0.62 + 6, 400 + size * 1.05]
        scale = spec.get("scale", 1.0)
        contents = b"".join(bytes(stream.read_bytes()) for stream in
                            (page.obj.Contents if isinstance(page.obj.Contents, pikepdf.Array) else [page.obj.Contents]))
        form = pikepdf.Stream(pdf, contents)
        form.Type = pikepdf.Name.XObject
        form.Subtype = pikepdf.Name.Form
        form.BBox = pikepdf.Array(bbox)
        form.Matrix = pikepdf.Array([scale, 0, 0, scale, 0, 0])
        form.Resources = page.obj.Resources
        # The Rect: where the BBox's lower left lands so that the text's baseline starts at (x, y).
        x0 = spec["x"] - (100 - bbox[0]) * 1.0
        y0 = spec["y"] - (400 - bbox[1]) * 1.0
        width = (bbox[2] - bbox[0]) * 1.0
        height = (bbox[3] - bbox[1]) * 1.0
        signature = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Sig, Filter=pikepdf.Name("/Adobe.PPKLite"), SubFilter=pikepdf.Name("/adbe.pkcs7.detached"),
            M=pikepdf.String("D:20240307152011+07'00'"), Reason=pikepdf.String("Ký số văn bản"),
            Contents=pikepdf.String(b"\x00" * 16), ByteRange=pikepdf.Array([0, 0, 0, 0])))
        target = pdf.pages[spec["page"] - 1]
        annot = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Sig, F=4,
            T=pikepdf.String(f"Signature{len(fields) + 1}"), V=signature,
            Rect=pikepdf.Array([x0, y0, x0 + width, y0 + height]), P=target.obj,
            AP=pikepdf.Dictionary(N=pdf.make_indirect(form))))
        if "/Annots" not in target.obj:
            target.obj.Annots = pikepdf.Array()
        target.obj.Annots.append(annot)
        fields.append(annot)
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array(fields), SigFlags=3)
    for _ in extra:
        del pdf.pages[2]
    pdf.remove_unreferenced_resources()
    pdf.save(path, deterministic_id=True, static_id=True)


def main() -> int:
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1709798400")  # 2024-03-07 08:00 +07:00
    path = HERE / f"{NAME}.pdf"
    typeset(path)
    attach(path)
    # The truth, in the shape of the other samples' truth files (what tests/test_reader_samples.py reads).
    truth = {
        "file": f"{NAME}.pdf",
        "source": "samples/make_signed.py",
        "about": "a signed decision: number, day, month and signing stamp drawn only by signature widgets",
        "metadata": {"doc_type": "Quyết định", "doc_number": f"{NUMBER}/QĐ-SNV", "issuer": "SỞ NỘI VỤ",
                     "issuer_parent": "UBND TỈNH LẠNG SƠN", "issue_place": "Lạng Sơn",
                     "issue_date": f"{YEAR}-{int(MONTH):02d}-{DAY}", "title": "Về việc tặng Giấy khen cho cá nhân",
                     "signer_role": "GIÁM ĐỐC", "signer_name": "Hoàng Văn Minh", "recipients": ["Như Điều 3", "Lưu: VT"]},
        "signing": {"doc_number_source": "widget", "issue_date_source": "widget", "signed_by": "Sở Nội vụ tỉnh Lạng Sơn",
                    "signed_at": SIGNED_AT, "signatures": [SIGNED_AT], "certified_copy": ""},
        "page_count": 2,
        "footnotes": [],
        "superscripts": [],
        "blocks": [{"text": "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;", "pages": [1]},
                   {"text": f"(Kèm theo Quyết định số {NUMBER} /QĐ-SNV ngày {DAY} /3/2024)", "pages": [2]}],
        "widget_lines": {"1": [f"Số: {NUMBER} /QĐ-SNV", f"Lạng Sơn, ngày {DAY} tháng {MONTH} năm {YEAR}"],
                         "2": [f"(Kèm theo Quyết định số {NUMBER} /QĐ-SNV ngày {DAY} /3/2024)"]},
        "stamp_lines": STAMP,
    }
    (HERE / f"{NAME}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{path.name}: 2 pages, {len(widgets())} widgets")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
