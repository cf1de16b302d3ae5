"""awardees.csv: the people and collectives a document rewards or cites as exemplary.

Read from three places, each with its own rules; rows never come from the closing blocks (recipients,
signature), and the signer (``doc.meta.signer_name``) is never an awardee.

**Award lists in ruled tables** ("DANH SÁCH … được tặng Bằng khen …" with STT / Họ và tên / Chức vụ, đơn
vị columns). A table is an award list when its header row has a name column ("Họ và tên", "Tên tập thể")
and an award is in view: in the title lines above it, or in the decision's article that gives it ("Điều
1. Tặng Bằng khen của … cho … (có danh sách kèm theo)"). A table right after a list table, with the same
header or none, continues it (the next page). Row by row:

- a row with only its number or name cell filled is a group heading: "I. Tập thể" / "II. Cá nhân" set
  the kind of the rows below (else the title's "DANH SÁCH CÁ NHÂN …", else the row's look: a word of
  address, a rank or a family name make a person); any other heading ("Viễn thông Bắc Giang") is the
  organisation of the rows below that name none; it holds across pages until the next heading;
- a row with only its position cells filled continues the row before (a cell cut by a page break);
- the name loses its word of address and rank, also when a stray space cuts them ("Ôn g", "Ong",
  "Ông:"); lower-case pieces go back onto the syllable before them ("Bù i" → "Bùi": every syllable of a
  name is capitalised) and a tone mark the text layer put on a consonant goes back to its vowel ("Nguyêñ"
  → "Nguyễn");
- the position cell is cut at commas: the leading segments that start with a title are the position,
  the rest the organisation, and with nothing left the group heading. A segment starts with a title when
  it starts with an entry of positions.txt, with "Phó", "Trưởng", "Quyền" or "người", or with a word in
  "-trưởng", "-phó" or "-viên" after lower-case words ("Bếp trưởng", "Chi hội trưởng", "Công an viên").
  The first segment is a title unless it starts with a body or place word (org_heads.tsv,
  place_types.tsv, an acronym): the column is "Chức vụ, đơn vị".
- the award is the list title's, made specific by the decision's when that one extends it (title "BẰNG
  KHEN", Điều 1 "Bằng khen của Tập đoàn …"); the decision's when the title names none; an award column
  wins for its row.

**Numbered lists in paragraphs**: after a sentence giving an award that ends with ":" ("Tặng Bằng khen …
cho các cá nhân sau:"), or a DANH SÁCH title with an award, each following item ("1. Ông Nguyễn Văn A,
Trưởng phòng …, Sở …"; labels "1.", "a)", "-") is one awardee, read like a subject of prose (below), a birth
year in it skipped; an item naming awards after a colon of its own ("…, thôn 3: Giấy khen và tiền thưởng
1.000.000 đồng") has those (cash as "Tiền thưởng"); short lines without one are group headings; the list
ends at the next article or at a longer paragraph without a subject.

**Prose.** Sentences are cut into clauses at semicolons and brackets (outside spans and quotes). A
*subject* is a person (words of address, a RANK or POSITION span, then a PER span: "Thượng tá Tạ Văn Nhất",
"vận động viên Nông Văn Hữu") or collectives (ORG spans, or LOC spans that start with a unit word such as
"Huyện Văn Lãng", comma- or "và"-separated). After a person, the comma segments (the first may follow a
dash: "A - Giám đốc …") that start with a title or a POSITION span are the position, the rest the organisation; a
segment runs over the tagger's POSITION/ORG/LOC spans, capitalised words, numbers, "và" and place words,
and the chain stops where the predicate starts: a lower-case word outside them ("…Bệnh viện Đa khoa tỉnh
trực tiếp xây dựng…"). A title written before the name is the position when no segment is. A subject is
an awardee when

- its predicate receives an award: "đạt/giành/nhận 01 Huy chương Vàng, 01 Huy chương Bạc và …", "(đã)
  được <giver> (02 lần) tặng Bằng khen" — one row per award, the quantity from the number before it (or
  "N lần"), "của <giver>" added to a Bằng khen, Giấy khen or Cờ thi đua that does not name its giver;
- it is named after "tặng <award> cho" (a count such as "27 tập thể" is a metric, not an awardee, unless
  brackets name it: "cho 01 tập thể (UBND xã Thạch Đạn)");
- or it opens a clause of an exemplary list and does not give an award itself: a footnote whose marker
  closes a clause citing exemplary collectives or people (who: tập thể, cá nhân, gương, điển hình, vận
  động viên; how: tiêu biểu, xuất sắc, điển hình, tiên tiến, thành tích — "xuất hiện nhiều tập thể, cá
  nhân tiêu biểu"), or the text after "tiêu biểu:" / "điển hình như:". The award is then the one the
  clause receives, else the one the sentence gives before the list ("đã tặng Giấy khen cho 24 tập thể …,
  tiêu biểu: …"), else empty.

Collectives are taken only where a clause or comma segment starts, so "20 Doanh nghiệp … thuộc Hiệp hội
được … tặng" yields nothing. A bare body word as the subject of a receiving predicate ("Hiệp hội đã được
UBND tỉnh 02 lần tặng Bằng khen") is the issuing body, under the fullest name the text gives it (the ORG
that extends the issuer's name and shares most words with its parent body). People named inside a clause
without a receiving predicate are never awardees: the commemorated ("kỷ niệm … ngày sinh đồng chí Hoàng Văn
Thụ"), the cited ("tư tưởng Hồ Chí Minh"; aliases such as "Bác Hồ"), the appointed, addressed or attending
("Chỉ định ông …", "- Đồng chí …, Phó Chủ tịch UBND tỉnh;").
"""

from __future__ import annotations

from baocao.extract.textnorm import clean, fold

from ..tables import AwardeeRow
from ..tagged import TaggedDocument
from .words import _decision_awards
from .ruled import (
    _name_offsets,
    _table_rows,
)
from .prose import (
    _prose_rows,
    _self_name,
)
from .lists import _item_lists


def extract_awardees(tagged: TaggedDocument) -> list[AwardeeRow]:
    """Awardee rows of a tagged document (doc_id and awardee_id are left for the caller)."""
    excluded = {fold(clean(tagged.doc.meta.signer_name))} - {""}
    decision = _decision_awards(tagged)
    rows = _table_rows(tagged, decision)
    self_name = _self_name(tagged)
    listed, taken = _item_lists(tagged, decision, self_name)
    seen = set()
    found = sorted(listed + _prose_rows(tagged, self_name, taken), key=lambda f: (f.index, f.party.start))
    for f in found:
        if fold(f.party.name) in excluded:
            continue
        block = tagged.blocks[f.index]
        key = (f.party.kind, fold(f.party.name), fold(f.awarded.award), block.source, block.footnote_no,
               f.awarded.quantity, f.list_no)
        if key in seen:
            continue
        seen.add(key)
        where = tagged.where(f.index, f.party.start, f.party.end)
        start, end = _name_offsets(block.text, f.party.name, f.party.start, f.party.end)
        rows.append(AwardeeRow(kind=f.party.kind, name=f.party.name, rank=f.party.rank, position=f.party.position,
                               organisation=f.party.organisation, award=f.awarded.award,
                               quantity=f.awarded.quantity, page=where.page, source=where.source,
                               footnote_no=where.footnote_no, context=where.context, list_no=f.list_no,
                               block=f.index, char_start=start, char_end=end))
    return rows
