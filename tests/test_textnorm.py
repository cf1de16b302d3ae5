import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from baocao.extract.textnorm import clean, fold, nfc, strip_tones

VIETNAMESE = st.text(alphabet=st.sampled_from(list("aăâeêioôơuưyđAĂÂEÊIOÔƠUƯYĐbcdghklmnpqrstvx ,.-/\n\t")
                                              + ["\u0300", "\u0301", "\u0309", "\u0303", "\u0323", "ƣ", "\u00a0"]),
                     max_size=40)


@given(VIETNAMESE)
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(VIETNAMESE)
def test_clean_is_idempotent(text):
    assert clean(clean(text)) == clean(text)


@given(st.text(max_size=40))
def test_nfc_is_idempotent_and_normal(text):
    once = nfc(text)
    assert nfc(once) == once
    assert unicodedata.is_normalized("NFC", once)


def test_fold_meets_both_tone_placements():
    assert fold("Hoà") == fold("hòa")
    assert fold("Uỷ ban") == fold("ủy ban")
    assert fold("thuỷ lợi") == fold("thủy lợi")
    assert fold("Kiều Qúy") == fold("Kiều Quý")


def test_fold_keeps_vowel_marks_and_d_stroke():
    assert fold("da") != fold("đa")
    assert fold("tan") != fold("tân")
    assert fold("ơn") != fold("ôn")


def test_decomposed_input_matches_composed():
    decomposed = unicodedata.normalize("NFD", "Lạng Sơn")
    assert nfc(decomposed) == "Lạng Sơn"
    assert fold(decomposed) == fold("Lạng Sơn")


def test_lookalike_letters_of_old_converters_are_repaired():
    assert clean("PHƢƠNG HƢỚNG") == "PHƯƠNG HƯỚNG"


def test_clean_collapses_white_space():
    assert clean("  Số:\u00a0 245/BC-UBND \n ngày ") == "Số: 245/BC-UBND ngày"


def test_strip_tones():
    assert strip_tones("Đồng Đăng") == "Dong Dang"


def test_tone_marks_put_on_consonants_by_a_broken_text_layer_go_back_on_the_vowel():
    decomposed_on_n = "Nguy\u00ean\u0303"  # "Nguyêñ": the tilde sits on the final n
    assert nfc(decomposed_on_n) == "Nguyễn"
    assert nfc("Nh\u00e2t\u0323") == "Nhật"
    assert nfc("Ông Nguy\u00ean\u0303 Văn") == "Ông Nguyễn Văn"
    for word in ("Nguyễn", "Hoàng", "thủy", "Bắc Kạn", "Quý"):
        assert nfc(word) == word
