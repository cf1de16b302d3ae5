import string
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baocao.extract.legacy import TCVN3, TCVN3_CAPS, VNI, convert, legacy_encoding

# The 67 small Vietnamese letters with marks: 12 vowels with 5 tones, and ă â ê ô ơ ư đ bare.
SMALL = [unicodedata.normalize("NFC", vowel + tone)
         for vowel in "a ă â e ê i o ô ơ u ư y".split()
         for tone in ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")] + list("ăâêôơưđ")
CAPITALS = [letter.upper() for letter in SMALL]

# Letter -> legacy spelling, the inverse of the module's tables. TCVN3 keys for 0x80-0x9F in Latin-1
# (extractors' other reading) are left out: the Windows character is the spelling.
TO_TCVN3 = {}
for key, letter in TCVN3.items():
    if not "\x80" <= key <= "\x9f":
        TO_TCVN3.setdefault(letter, key)
TO_VNI = {letter: key for key, letter in VNI.items()}

SENTENCES = [
    "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Độc lập - Tự do - Hạnh phúc",
    "Quyết định về việc tặng Bằng khen",
    "Ủy ban nhân dân tỉnh Lạng Sơn",
    "Nguyễn Thị Hương, Phó Giám đốc Sở Nội vụ",
]


def to_tcvn3(text: str) -> list[tuple[str, str]]:
    """``text`` as (extracted text, encoding) runs, set as a TCVN3 document sets it: a capital with a
    tone mark ("Ủ") is the small letter's byte in the capitals font."""
    runs: list[tuple[str, str]] = []
    for char in text:
        if char in TO_TCVN3:
            piece, encoding = TO_TCVN3[char], "tcvn3"
        elif char.lower() in TO_TCVN3:
            piece, encoding = TO_TCVN3[char.lower()], "tcvn3-caps"
        else:
            piece, encoding = char, "tcvn3"
        if runs and runs[-1][1] == encoding:
            runs[-1] = (runs[-1][0] + piece, encoding)
        else:
            runs.append((piece, encoding))
    return runs


def to_vni(text: str) -> str:
    return "".join(TO_VNI.get(char, char) for char in text)


def from_runs(runs: list[tuple[str, str]]) -> str:
    return "".join(convert(piece, encoding) for piece, encoding in runs)


@pytest.mark.parametrize("name, encoding", [
    (".VnTime", "tcvn3"),
    (".VnArial", "tcvn3"),
    (".VnTime,Bold", "tcvn3"),
    ("ABCDEF+.VnTimeH", "tcvn3-caps"),
    (".VnArialH", "tcvn3-caps"),
    (".vntimeh", "tcvn3-caps"),
    ("QWERTY+.VnTimeH,Bold", "tcvn3-caps"),
    ("VNI-Times", "vni"),
    ("VNI-Helve-Bold", "vni"),
    ("ABCDEF+vni-times", "vni"),
    ("TimesNewRoman", None),
    ("ABCDEF+TimesNewRomanPS-BoldMT", None),
    ("Arial", None),
])
def test_font_name_tells_encoding(name, encoding):
    assert legacy_encoding(name) == encoding


def test_every_letter_with_marks_is_covered():
    assert len(set(SMALL)) == len(SMALL) == 67
    assert set(SMALL) <= set(TCVN3.values())
    assert set(SMALL + CAPITALS) == set(VNI.values())
    assert set(CAPITALS) <= set(TCVN3_CAPS.values())


@pytest.mark.parametrize("letter", SMALL + CAPITALS)
def test_letter_round_trip(letter):
    assert from_runs(to_tcvn3(letter)) == letter
    assert convert(to_vni(letter), "vni") == letter


@pytest.mark.parametrize("sentence", SENTENCES)
def test_sentences_round_trip(sentence):
    runs, vni = to_tcvn3(sentence), to_vni(sentence)
    for piece in [piece for piece, _ in runs] + [vni]:
        piece.encode("cp1252")  # legacy text is all Windows Latin, no Vietnamese letter left
    assert from_runs(runs) == sentence
    assert convert(vni, "vni") == sentence


# Legacy text typed here, not built from the tables: the brief's sentence, the national motto, and
# strings from public converters' tests: duydev/vietnamese-conversion (tests/helpers/test-data.ts) and
# Ductrung03/DuBaoMatRung (server/test.js, TCVN3 place names of Lào Cai; "ư" there is 0xAD, the soft
# hyphen, invisible in most displays).
@pytest.mark.parametrize("legacy, unicode", [
    ("Céng hßa x· héi chñ nghÜa ViÖt Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("Xin chµo c¸c b¹n", "Xin chào các bạn"),
    ("T«i ®i häc", "Tôi đi học"),
    ("B¶o Th¾ng", "Bảo Thắng"),
    ("M\u00adêng Kh\u00ad¬ng", "Mường Khương"),
    ("B¸t X¸t", "Bát Xát"),
    ("NguyÔn ThÞ H\u00ad¬ng, Phã Gi¸m ®èc Së Néi vô", "Nguyễn Thị Hương, Phó Giám đốc Sở Nội vụ"),
])
def test_tcvn3_literals(legacy, unicode):
    assert convert(legacy, "tcvn3") == unicode


@pytest.mark.parametrize("legacy, unicode", [
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    ("Xin chaøo caùc baïn", "Xin chào các bạn"),
    ("Toâi ñi hoïc", "Tôi đi học"),
    ("UÛY BAN NHAÂN DAÂN TÆNH LAÏNG SÔN", "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN"),
    ("Nguyeãn Thò Höông, Phoù Giaùm ñoác Sôû Noäi vuï", "Nguyễn Thị Hương, Phó Giám đốc Sở Nội vụ"),
])
def test_vni_literals(legacy, unicode):
    assert convert(legacy, "vni") == unicode


def test_capitals_font_reads_capitals():
    # A heading in .VnTimeH: ASCII capitals and the small letters' bytes, or typed all in small letters.
    assert convert("CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM", "tcvn3-caps") == "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert convert("quyÕt ®Þnh", "tcvn3-caps") == "QUYẾT ĐỊNH"
    assert convert("¡¢£¤¥¦§", "tcvn3-caps") == "ĂÂÊÔƠƯĐ"


@pytest.mark.parametrize("encoding", ["tcvn3", "tcvn3-caps", "vni"])
def test_windows_punctuation_either_way(encoding):
    # Bytes 0x93, 0x94, 0x96 as cp1252 or as Latin-1 control characters.
    assert convert("\x93a\x94 \x96 1", encoding) == convert("“a” – 1", encoding)
    assert "“" in convert("\x93", encoding) and "\x93" not in convert("\x93", encoding)


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_plain_ascii_unchanged(encoding):
    text = "So: 123/QD-UBND, Lang Son 15/3/2010 (Ban Thi dua) - ABC xyz @#$%^&*"
    assert convert(text, encoding) == text


@given(st.text(alphabet=string.printable, max_size=60))
def test_ascii_property(text):
    assert convert(text, "tcvn3") == text
    assert convert(text, "vni") == text
    assert convert(text, "tcvn3-caps") == text.upper()


@given(st.text(alphabet=st.sampled_from(SMALL + CAPITALS + list(string.ascii_letters + " ,.-")), max_size=40))
def test_words_round_trip(text):
    # Read longest first, a VNI sequence never runs into the next letter's spelling.
    assert convert(to_vni(text), "vni") == text
    assert from_runs(to_tcvn3(text)) == text


def test_unknown_encoding():
    with pytest.raises(ValueError):
        convert("abc", "viscii")


# ---------------------------------------------------------------------------------------------------
# A PDF whose text layer is in a TCVN3 font, read end to end


def _tcvn3_pdf(tmp_path, lines: list[str]):
    from conftest import pdf_from_objects

    inverse = {letter: key for key, letter in TCVN3.items() if len(key) == 1 and ord(key) >= 0xA0}
    stream = b"BT /F1 12 Tf 14 TL 72 760 Td " + b" ".join(
        b"(" + "".join(inverse.get(ch, ch) for ch in line).encode("latin-1") + b") '" for line in lines) + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /.VnTime /Encoding /WinAnsiEncoding /FirstChar 32 "
        b"/LastChar 255 /Widths [250 %s 333 %s] /FontDescriptor 6 0 R >>" % (b" 500" * 12, b" 500" * 210),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /FontDescriptor /FontName /.VnTime /Flags 32 /FontBBox [0 -200 1000 800] /ItalicAngle 0 "
        b"/Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>",
    ]
    path = tmp_path / "tcvn3.pdf"
    path.write_bytes(pdf_from_objects(objects))
    return path


@pytest.mark.parametrize("source", ["pdfplumber", "pdfium"])
def test_a_tcvn3_text_layer_is_read_as_vietnamese_not_ocr(tmp_path, source):
    """Widths as in a real font: a space a quarter of the size, a hyphen a third, letters a half; "ư" is
    the soft hyphen's byte, which extractors give as "-" or a space."""
    from baocao.extract.reader import read_pdf

    text = ["Cộng hòa xã hội chủ nghĩa Việt Nam", "Quyết định về việc tặng Bằng khen cho các tập thể",
            "Trường Đại học Thương mại", "kinh tế-xã hội, Thi đua-Khen thưởng"]
    doc = read_pdf(str(_tcvn3_pdf(tmp_path, text)), source=source, ocr="never")
    assert [line.text for line in doc.lines] == text
    assert doc.pages[0].quality == "text"
