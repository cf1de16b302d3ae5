"""The underthesea-based spaCy tokenizer gives back the exact source text."""

import unicodedata

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from baocao.extract.entities.tokenizer import UnderTheSeaTokenizer, segment

AWKWARD = [
    "",
    " ",
    "a  b",
    "  đầu và cuối  ",
    "dòng một\ndòng hai\n\nđoạn mới",
    "tab\tgiữa\t\tcác từ",
    "hiến 700m² đất và 700m2 khác, 01km đường",
    "“Thi đua yêu nước” và ‘trích dẫn’ …",
    "tiêu biểu… hết.",
    unicodedata.normalize("NFD", "Hoà bình, Thượng uý Tạ Văn Nhất"),
    "ðồng chí ÐỖ VĂN A",  # underthesea rewrites ð as đ
    "emoji 🙂👍🏽 giữa câu 👨‍👩‍👧",
    "35-NQ/TW ngày 22/10/2018; Đ/c. TP. Lạng Sơn",
    "e-mail: vanthu@langson.gov.vn, langsontv.vn",
    "\u00a0không ngắt\u200bdấu\u00adcách",
    "x̣̣̣ a\u0301\u0301",
]


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("xx")
    nlp.tokenizer = UnderTheSeaTokenizer(nlp.vocab)
    return nlp


@pytest.mark.parametrize("text", AWKWARD)
def test_round_trip_awkward(nlp, text):
    doc = nlp(text)
    assert doc.text == text
    assert all(t.text == text[t.idx:t.idx + len(t.text)] for t in doc)


def test_syllables_and_word_starts():
    words, spaces, starts = segment("Thượng tá Tạ Văn Nhất, cán bộ")
    assert words == ["Thượng", "tá", "Tạ", "Văn", "Nhất", ",", "cán", "bộ"]
    assert spaces == [True, True, True, True, False, True, True, False]
    assert starts[2] and not starts[3]  # "Tạ Văn Nhất" is one underthesea word


def test_norm_is_tone_folded(nlp):
    doc = nlp("Thượng uý và Thượng úy")
    assert doc[1].norm_ == doc[4].norm_


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aăâbcdđeêoôơuưyAĐHNTV ạảãàáấầẩẫậềếệọỏõòóộờởợủũụừửữựỳýỹ0123456789.,;:%/-–“”…\n\t ") + ["\u0301", "\u0323", "🙂", "²"]),
               max_size=60))
def test_round_trip_property(text):
    words, spaces, _ = segment(text)
    assert "".join(w + (" " if s else "") for w, s in zip(words, spaces)) == text
