"""The tagged document (pipelines/tagged.py): the tokens, spans and tables every builder reads."""

from __future__ import annotations

from baocao.extract.model import Block, DocMeta, Document
from baocao.extract.textnorm import fold
from baocao.pipelines.tagged import tag_document


def tagged(*blocks: Block):
    return tag_document(Document(path="made-up.pdf", sha256="0" * 64, pages=[], lines=[], blocks=list(blocks),
                                 footnotes=[], meta=DocMeta()))


def test_tokens_are_the_taggers_words_as_slices_of_the_block():
    text = "Tặng  Bằng khen cho ông Nguyễn Văn Hùng, Phó Chủ tịch UBND xã."
    doc = tagged(Block(kind="paragraph", text=text, page=1))
    tokens = doc.tokens[0].items
    assert all(text[t.start:t.end] == t.text for t in tokens)
    assert not any(t.text.isspace() for t in tokens)  # white space (here a double space) is left out
    assert [t.text for t in tokens][:4] == ["Tặng", "Bằng", "khen", "cho"]
    assert tokens[-1].text == "." and tokens[-2].text == "xã"
    assert tokens[1].key == fold("Bằng")  # folded: what vocabularies match on
    # "Nguyễn Văn Hùng" is one underthesea word: only its first syllable starts a word.
    names = [t for t in tokens if t.text in ("Nguyễn", "Văn", "Hùng")]
    assert [t.starts_word for t in names] == [True, False, False]


def test_view_matches_a_vocabulary_on_the_tokens_and_stops_at_punctuation():
    text = "ông Nguyễn Văn A, Phó Chủ tịch, UBND xã"
    doc = tagged(Block(kind="paragraph", text=text, page=1))
    view = doc.view(0)
    assert view is doc.view(0)  # made once
    vocab = {tuple(fold(w) for w in e.split()) for e in ("Phó Chủ tịch", "Phó Chủ tịch UBND")}
    start = text.index("Phó")
    # The longer entry would need the comma's other side: the match ends at "tịch".
    assert view.entry_end(start, vocab, 6) == text.index(",", start)
    assert view.entry_end(start + 1, vocab, 6) == start + 1  # not at a token's start: no match
    assert view.word_at(text.index(",")) is None and view.word_at(0).text == "ông"
    assert view.keys_from(start, 2) == (fold("Phó"), fold("Chủ"))
    assert view.at(text.index("Nguyễn"), "PER") is not None


def test_tone_placement_does_not_matter_to_the_keys():
    old = tagged(Block(kind="paragraph", text="Thanh Hoá", page=1))
    new = tagged(Block(kind="paragraph", text="Thanh Hóa", page=1))
    assert [t.key for t in old.tokens[0].items] == [t.key for t in new.tokens[0].items]


def test_cell_keys_are_read_from_the_rows_tokens_cell_by_cell():
    cells = ["STT", "Họ và tên", "", "Chức vụ, đơn vị"]
    doc = tagged(Block(kind="table_row", text="\t".join(cells), page=1, cells=cells, table=0))
    assert doc.cell_keys(0) == [fold(c.replace(",", "")) for c in cells]


def test_a_table_keeps_its_header_rows_and_caption():
    def row(cells, table=0, page=1):
        return Block(kind="table_row", text="\t".join(cells), page=page, cells=cells, table=table)

    doc = tagged(
        Block(kind="heading", text="I. CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (PAR INDEX)", page=1),
        Block(kind="heading", text="1. Kết quả Chỉ số năm 2024", page=1),
        row(["STT", "Đơn vị", "Điểm", ""]),
        row(["", "", "Năm 2023", "Năm 2024"]),  # a second header row: the one above has merged cells
        row(["1", "Sở Tư pháp", "85,1", "88,2"]),
        Block(kind="paragraph", text="Bảng 2. Số liệu khác về đơn vị", page=2),
        row(["Tên", "Số"], table=1, page=2),
        row(["Sở Nội vụ", "12"], table=1, page=2),
    )
    first, second = doc.tables[0], doc.tables[1]
    assert (first.header_rows, first.caption) == (2, "PAR INDEX 2024")
    assert (second.header_rows, second.caption) == (1, "")
    assert second.continues is None  # worded text stands between them
