"""OCR of scanned pages: hOCR to glyphs, strokes and skew from the image, the reader end to end, the cache,
a missing Tesseract, and accuracy on hand-written gold (tests/gold/scanned, tests/gold/ocr).

Corpus pages are read through the committed OCR cache (tests/data/ocr-cache, set in conftest); the
end-to-end test reads a real page with Tesseract itself.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from conftest import CORPUS, GOLD, SAMPLES, needs_corpus, read_cached, truth
from baocao.extract import ocr
from baocao.extract.model import Glyph
from baocao.extract.reader import read_pdf

needs_tesseract = pytest.mark.skipif(not shutil.which("tesseract"), reason="tesseract is not installed")

HOCR = """<div class='ocr_page' id='page_1' title='image "x"; bbox 0 0 2480 3508; ppageno 0'>
<div class='ocr_carea' id='block_1_1' title="bbox 300 300 2000 420">
<p class='ocr_par' id='par_1_1' lang='vie' title="bbox 300 300 2000 420">
<span class='ocr_line' id='line_1_1' title="bbox 300 300 2000 360; baseline -0.01 -10; x_size 58; x_descenders 12; x_ascenders 14">
<span class='ocrx_word' id='word_1_1' title='bbox 300 305 420 350; x_wconf 95'>Số:</span>
<span class='ocrx_word' id='word_1_2' title='bbox 440 300 520 352; x_wconf 41'>3Ø</span>
<span class='ocrx_word' id='word_1_3' title='bbox 530 300 900 352; x_wconf 90'>/QĐ-UBND</span>
<span class='ocrx_word' id='word_1_4' title='bbox 950 300 1200 352; x_wconf 88'>2_|Nguyễn</span>
<span class='ocrx_word' id='word_1_5' title='bbox 1250 300 1260 352; x_wconf 30'>|</span>
</span>
</p>
</div>
</div>"""


# ---------------------------------------------------------------------------------------------------
# hOCR, strokes, skew


def test_hocr_words_become_glyphs_on_their_lines_baseline():
    glyphs = ocr.parse_hocr(HOCR, dpi=300)
    assert [g.text for g in glyphs] == ["Số:", "3Ø", "/QĐ-UBND", "2", "Nguyễn"]
    scale = 72 / 300
    assert all(g.baseline == pytest.approx((360 - 10) * scale, abs=0.01) for g in glyphs)
    assert all(g.size == pytest.approx(58 * scale, abs=0.01) and g.origin == "ocr" for g in glyphs)
    assert [g.confidence for g in glyphs] == [95, 41, 90, 88, 88]
    # A border read into a word splits it; each piece keeps its share of the box.
    assert glyphs[3].x1 <= glyphs[4].x0


def test_ocr_lines_carry_confidence_and_doubtful_words():
    from baocao.extract.layout import build_lines
    from baocao.extract.model import RawPage

    lines = build_lines(RawPage(1, 595, 842, ocr.parse_hocr(HOCR, dpi=300)))
    number = next(line for line in lines if line.text.startswith("Số:"))
    assert number.origin == "ocr" and number.confidence is not None
    start = number.text.index("3Ø")
    assert (start, start + 2) in number.doubtful


def _page_image(draw_lines, size=(1000, 1400)):
    from PIL import Image, ImageDraw

    image = Image.new("L", size, 255)
    draw_lines(ImageDraw.Draw(image))
    return image


def test_table_borders_solid_and_dashed_become_rules():
    def grid(draw):
        for x in (100, 300, 900):
            draw.line([(x, 200), (x, 800)], fill=0, width=3)
        draw.line([(100, 200), (900, 200)], fill=0, width=3)
        for y in (400, 600, 800):  # dashed row separators
            for x in range(100, 900, 16):
                draw.line([(x, y), (x + 9, y)], fill=0, width=3)
        draw.rectangle([(950, 900), (990, 1300)], fill=0)  # a filled bar is not a stroke

    rules = ocr.image_rules(_page_image(grid), dpi=300)
    horizontal = sorted(round(r.top) for r in rules if r.horizontal)
    vertical = sorted(round(r.x0) for r in rules if not r.horizontal)
    scale = 72 / 300
    assert horizontal == [round(y * scale) for y in (201, 401, 601, 801)]
    assert vertical == [round(x * scale) for x in (101, 301, 901)]


def test_a_skewed_page_is_straightened():
    def text_lines(draw):
        for row in range(12):
            y = 150 + row * 90
            draw.rectangle([(100, y), (900, y + 30)], fill=0)

    image = _page_image(text_lines).rotate(1.4, fillcolor=255)
    straight, angle = ocr.deskew(image)
    assert angle == pytest.approx(-1.4, abs=0.25)
    assert straight.size == image.size
    assert ocr.deskew(_page_image(text_lines))[1] == 0.0


# ---------------------------------------------------------------------------------------------------
# End to end, with Tesseract itself


def _scan(tmp_path: Path, pdf: Path, dpi: int = 200) -> Path:
    """A scanned copy of ``pdf``'s first page: rendered to a greyscale image, wrapped as an image-only PDF."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        image = document[0].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        document.close()
    out = tmp_path / f"{pdf.stem}-scan.pdf"
    image.save(out, "PDF", resolution=dpi)
    return out


@needs_tesseract
def test_a_real_page_is_read_by_tesseract_end_to_end(tmp_path):
    pdf = SAMPLES / "cong-van-khong-chu-thich.pdf"
    scan = _scan(tmp_path, pdf)
    assert read_pdf(str(scan), ocr="never").text_source == "scanned"
    cache = tmp_path / "cache"
    doc = read_pdf(str(scan), ocr_cache=cache)
    assert doc.text_source == "ocr" and doc.pages[0].ocr and doc.pages[0].ocr_confidence > 80
    expected = truth(pdf)["metadata"]
    for name in ("doc_type", "doc_number", "issuer", "issuer_parent", "issue_place", "issue_date", "signer_name"):
        assert getattr(doc.meta, name) == expected[name], name
    assert doc.meta.doc_number_source == "ocr"
    # The cache now answers: the same page is not read again.
    assert len(list(cache.glob("*.hocr.gz"))) == 1
    again = ocr.ocr_page(str(scan), 0, cache=cache)
    assert again.cached and [g.text for g in again.glyphs] == [g.text for g in ocr.ocr_page(str(scan), 0, cache=cache).glyphs]


def test_missing_tesseract_gives_a_clear_error_and_the_rest_is_read(tmp_path, monkeypatch):
    from baocao.pipelines.process import process_file

    scan = tmp_path / "scan.pdf"
    from PIL import Image

    Image.new("L", (200, 280), 255).save(scan, "PDF", resolution=50)
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract here
    monkeypatch.setattr(ocr, "_VERSION", None)
    doc = read_pdf(str(scan), ocr_cache=tmp_path / "cache")
    assert "apt-get install tesseract-ocr tesseract-ocr-vie" in doc.ocr_error
    row = process_file(str(scan), ocr_cache=str(tmp_path / "cache")).document
    assert row.status == "partial" and "tesseract-ocr-vie" in row.error and row.ocr_pages == 0


def test_ocr_never_reads_nothing_from_images(tmp_path):
    scan = _scan(tmp_path, SAMPLES / "cong-van-khong-chu-thich.pdf", dpi=72)
    doc = read_pdf(str(scan), ocr="never")
    assert not doc.ocr_error and not any(page.ocr for page in doc.pages) and doc.text_source == "scanned"


# ---------------------------------------------------------------------------------------------------
# The development corpus: hand-written gold for scanned documents


def _scanned_gold() -> list[dict]:
    out = []
    for path in sorted((GOLD / "scanned").glob("*/gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        gold["dir"] = path.parent
        out.append(gold)
    return out


def test_scanned_gold_is_there():
    golds = _scanned_gold()
    assert len(golds) >= 8
    assert all(set(g["handwritten"]) <= {"doc_number", "issue_date"} for g in golds)


def _number_part(number: str) -> str:
    """The number itself: "367" of "367/QĐ-UBND" and of a Party document's "367-CV/BTGDVTU"."""
    return re.split(r"[-/]", number, maxsplit=1)[0]


@needs_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("gold", _scanned_gold(), ids=lambda g: g["key"])
def test_no_invented_number_or_date(gold):
    """A number or a day OCR read must be the one on the page, or be left out; never another."""
    meta = read_cached(str(CORPUS / gold["file"])).meta
    want = gold["document"]
    if _number_part(meta.doc_number):
        assert _number_part(meta.doc_number) == _number_part(want["doc_number"])
    if meta.issue_date:
        assert want["issue_date"].startswith(meta.issue_date)


# What was measured on the 12 scanned gold documents (typed header fields right, of 48); a floor, so that
# a change that reads scans worse fails. Raise it when the reading improves (the target is 90%).
TYPED_FIELDS_RIGHT = 44


@needs_corpus
@pytest.mark.corpus
def test_typed_header_fields_of_scanned_documents(capsys):
    right, total, wrong = 0, 0, []
    for gold in _scanned_gold():
        meta = read_cached(str(CORPUS / gold["file"])).meta
        for name in ("doc_type", "issuer", "title", "signer_name"):
            total += 1
            if getattr(meta, name) == gold["document"][name]:
                right += 1
            else:
                wrong.append(f"{gold['key']} {name}: {getattr(meta, name)!r} != {gold['document'][name]!r}")
    with capsys.disabled():
        print(f"\nscanned documents: typed header fields right {right}/{total}")
    assert right >= TYPED_FIELDS_RIGHT, "\n".join(wrong)


# Awardee names read exactly from the scanned gold documents' award lists (of 79), as measured; a floor.
AWARDEE_NAMES_RIGHT = 74


@needs_corpus
@pytest.mark.corpus
def test_awardee_names_of_scanned_award_lists(capsys):
    from baocao.pipelines.process import build_rows

    right = total = 0
    for gold in _scanned_gold():
        with open(gold["dir"] / "awardees.csv", encoding="utf-8", newline="") as handle:
            names = [row["name"] for row in csv.DictReader(handle)]
        if not names:
            continue
        found = {row.name for row in build_rows(read_cached(str(CORPUS / gold["file"])), gold["file"]).awardees}
        right += sum(1 for name in names if name in found)
        total += len(names)
    with capsys.disabled():
        print(f"\nscanned award lists: awardee names exactly right {right}/{total}")
    assert right >= AWARDEE_NAMES_RIGHT


def _cer(reference: str, hypothesis: str) -> float:
    """Character error rate: edit distance / reference length (spaces collapsed, NFC)."""
    ref = " ".join(unicodedata.normalize("NFC", reference).split())
    hyp = " ".join(unicodedata.normalize("NFC", hypothesis).split())
    previous = list(range(len(hyp) + 1))
    for i, a in enumerate(ref, 1):
        current = [i]
        for j, b in enumerate(hyp, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1] / max(len(ref), 1)


def _typed_pages() -> list[Path]:
    return sorted((GOLD / "ocr").glob("*-p*.txt"))


# Character error rate per hand-typed page as measured, rounded up (a ceiling: a change that reads worse
# fails). Clean print reads at 1-2%; a list under a red seal and a fax-like scan do not yet.
CER_CEILING = {"qbh_8bfece5f-p2": 0.10, "qbh_8bfece5f-p3": 0.015, "vbai_2d1b98b3-p1": 0.02,
               "vbai_c08c9734-p3": 0.015, "vbai_d06e35d6-p1": 0.17}


@needs_corpus
@pytest.mark.corpus
def test_character_error_rate_on_hand_typed_pages(capsys):
    manifest = {row["file"].split("_")[0] + "_" + row["file"].split("_")[1]: row["file"]
                for row in csv.DictReader(open(CORPUS / "MANIFEST.tsv", encoding="utf-8"), delimiter="\t")}
    rates = {}
    for typed in _typed_pages():
        key, page = typed.stem.rsplit("-p", 1)
        doc = read_cached(str(CORPUS / manifest[key]))
        lines = [line.text for line in doc.lines if line.page == int(page) and line.zone != "stamp"]
        rates[typed.stem] = _cer(typed.read_text(encoding="utf-8"), "\n".join(lines))
    with capsys.disabled():
        print("\ncharacter error rate: " + ", ".join(f"{k} {v:.3f}" for k, v in rates.items()))
    assert rates and all(rate <= CER_CEILING.get(page, 0.02) for page, rate in rates.items()), rates


def test_cer_is_an_edit_distance():
    assert _cer("Nguyễn Văn A", "Nguyễn Văn A") == 0
    assert _cer("abcd", "abxd") == pytest.approx(0.25)
    assert _cer("Hoà", unicodedata.normalize("NFD", "Hoà")) == 0


def test_glyph_confidence_defaults():
    assert Glyph("a", 0, 1, 0, 1, 1).confidence == -1.0 and Glyph("a", 0, 1, 0, 1, 1).baseline is None


# ---------------------------------------------------------------------------------------------------
# Words as OCR reads them: glued, with a stray bar, a dash, marks misread


def test_glued_words_are_split_into_known_syllables():
    assert ocr.split_glued("côngtác") == ["công", "tác"]
    assert ocr.split_glued("Biênphòngtỉnh") == ["Biên", "phòng", "tỉnh"]
    assert ocr.split_glued("(Trungtâm),") == ["(Trung", "tâm),"]
    # Ambiguous ("Chín hủy" / "Chính ủy"), a syllable, an acronym, a loan word: left whole.
    for word in ("Chínhủy", "nghiêng", "VNPT", "internet", "2@Ø9VNPT", "QUÁẢNG", "côngtác" * 40):
        assert ocr.split_glued(word) == [word]


def test_capitals_inside_a_word_split_it_and_a_stray_bar_goes():
    pieces = lambda word: [text for text, _, _ in ocr._pieces(word, 0, 100)]  # noqa: E731
    assert pieces("TrầnThanhMinh") == ["Trần", "Thanh", "Minh"]
    assert pieces("LanBiên") == ["Lan", "Biên"]
    assert pieces("lDương") == ["Dương"]
    for word in ("ThS", "QĐ-TTg", "TTr-SNV", "TP.HCM", "iOS"):
        assert pieces(word) == [word]


def _hocr_line(words: list[tuple[str, int, int]]) -> str:
    spans = "".join(f"<span class='ocrx_word' id='w{i}' title='bbox {x0} 300 {x1} 352; x_wconf 95'>{text}</span>"
                    for i, (text, x0, x1) in enumerate(words))
    return ("<span class='ocr_line' id='l1' title=\"bbox 100 300 2000 360; baseline 0 -10; x_size 58; "
            f"x_descenders 12; x_ascenders 14\">{spans}</span></p>")


def test_a_wide_dash_between_words_is_an_en_dash():
    line = _hocr_line([("Phòng", 100, 240), ("Kỹ", 260, 320), ("thuật", 340, 480), ("-", 500, 526),
                       ("Đầu", 546, 630), ("tư", 650, 700), ("Nhân", 800, 910), ("sự", 930, 980),
                       ("-", 1000, 1014), ("Tổng", 1034, 1140), ("hợp", 1160, 1240)])
    assert " ".join(g.text for g in ocr.parse_hocr(line)) == "Phòng Kỹ thuật – Đầu tư Nhân sự - Tổng hợp"


def test_marks_misread_on_known_words_are_put_right():
    from baocao.extract.ocr_repair import repair_words

    def fix(text):
        return " ".join(repair_words(text.split()))

    assert fix("VIÊN THÔNG QUẢNG BÌNH") == "VIỄN THÔNG QUẢNG BÌNH"
    assert fix("SỞ TU PHÁP") == "SỞ TƯ PHÁP"
    assert fix("UBND TỈNH LÂM ĐÒNG") == "UBND TỈNH LÂM ĐỒNG"
    assert fix("Giám độc Sở Nội vụ,") == "Giám đốc Sở Nội vụ,"
    assert fix("VIỄN THÔNG QUÁẢNG BÌNH") == "VIỄN THÔNG QUẢNG BÌNH"  # a vowel read twice
    # Known words as read, people's names (a place name in small letters), words across punctuation.
    for text in ("V/v Công nhận danh hiệu", "QUYẾT ĐỊNH CÔNG NHẬN", "Ông Nguyễn Quang Ninh", "Nguyễn Văn Phong",
                 "Dương Viết Nam",
                 "ngày 18, tại Hội trường", "Trường Công Minh"):
        assert fix(text) == text


def test_an_ocr_line_of_other_words_is_no_superscript_of_a_larger_one():
    """Tesseract's sizes vary by a tenth or more between lines: a short line in slightly smaller type
    ("TẬP ĐOÀN" above "BƯU CHÍNH VIỄN THÔNG") stays a line of its own."""
    from baocao.extract.layout import build_lines
    from baocao.extract.model import RawPage

    def word(text, x0, x1, baseline, size):
        return Glyph(text=text, x0=x0, x1=x1, top=baseline - 0.78 * size, bottom=baseline + 0.22 * size,
                     size=size, font="OCR", origin="ocr", confidence=95.0, baseline=baseline)

    glyphs = [word("TẬP", 132, 154, 62.6, 13.4), word("ĐOÀN", 158, 192, 62.6, 13.4),
              word("BƯU", 90, 116, 76.3, 15.8), word("CHÍNH", 119, 157, 76.3, 15.8),
              word("VIỄN", 160, 189, 76.3, 15.8), word("THÔNG", 192, 234, 76.3, 15.8)]
    lines = build_lines(RawPage(1, 595, 842, glyphs))
    assert [line.text for line in lines] == ["TẬP ĐOÀN", "BƯU CHÍNH VIỄN THÔNG"]


def _stroke_runs_by_window(grid, length: int, gap: int) -> list[tuple[int, int, int]]:
    """The strokes of a grid as their definition says: light gaps of at most ``gap`` pixels between dark ones
    filled, then every column from which ``length`` pixels along the row are dark; runs of those columns."""
    out = []
    for row, cells in enumerate(grid.tolist()):
        closed = list(cells)
        for i, cell in enumerate(cells):
            if not cell:
                left = any(cells[max(0, i - gap):i])
                right = any(cells[i + 1:i + 1 + gap])
                closed[i] = left and right
        full = [all(closed[i:i + length]) for i in range(len(closed) - length + 1)]
        i = 0
        while i < len(full):
            if full[i]:
                j = i
                while j + 1 < len(full) and full[j + 1]:
                    j += 1
                out.append((row, i, j + length))
                i = j + 1
            else:
                i += 1
    return out


def test_stroke_runs_are_the_runs_of_closed_windows():
    import numpy

    generator = numpy.random.default_rng(7)
    for _ in range(200):
        shape = (int(generator.integers(1, 6)), int(generator.integers(1, 60)))
        grid = generator.random(shape) < generator.uniform(0.2, 0.95)
        gap = int(generator.integers(1, 5))
        length = int(generator.integers(gap, 12))  # a stroke is longer than a gap it bridges
        rows, starts, ends = ocr._stroke_runs(grid, length, gap)
        assert list(zip(rows.tolist(), starts.tolist(), ends.tolist())) == _stroke_runs_by_window(grid, length, gap)
