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

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from baocao.extract.entities import Span
from baocao.extract.entities.vocab import cue_pattern, entries, folded_set, read_rows
from baocao.extract.textnorm import TONE_MARKS, clean, fold, strip_tones

from .tables import AwardeeRow
from .tagged import CONTENT_KINDS, TaggedDocument

# ---------------------------------------------------------------------------------------------------
# Vocabularies (extract/data) as tuples of folded words, for matching at the start of a text.

_WORD = re.compile(r"[^\W_]+(?:/[^\W_]+)?", re.UNICODE)


def _split_glued(text: str) -> str:
    """"phóTổ" -> "phó Tổ": a capital right after a lower-case letter starts a new word (matching only)."""
    words = text.split(" ")
    for n, word in enumerate(words):
        if len(word) > 1 and not word[1:].islower() and not word.isupper():
            words[n] = "".join(" " + ch if k and ch.isupper() and word[k - 1].islower() else ch
                               for k, ch in enumerate(word))
    return " ".join(words)


@lru_cache(maxsize=65536)
def _fold(word: str) -> str:
    """``textnorm.fold`` of one word, cached (lists repeat the same words thousands of times)."""
    return fold(word)


def _keys(text: str, limit: int | None = None) -> tuple[str, ...]:
    """Folded words of ``text`` (the first ``limit`` ones)."""
    return tuple(_fold(w) for w in _WORD.findall(_split_glued(text))[:limit])


@lru_cache(maxsize=None)
def _vocab(name: str) -> frozenset[tuple[str, ...]]:
    return frozenset(_keys(entry) for entry in entries(name) if _keys(entry))


@lru_cache(maxsize=None)
def _ranks() -> dict[tuple[str, ...], str]:
    return {_keys(row[0]): row[0] for row in read_rows("ranks.txt")}


_MAX_ENTRY = 6  # words in the longest vocabulary entry matched at the start of a text


def _prefix(keys: tuple[str, ...], vocab) -> int:
    """Length (in words) of the longest entry of ``vocab`` that ``keys`` starts with; 0 when none."""
    for n in range(min(len(keys), _MAX_ENTRY), 0, -1):
        if keys[:n] in vocab:
            return n
    return 0


_LEAD_TITLES = frozenset(fold(w) for w in ("phó", "trưởng", "quyền", "người"))
_TITLE_ENDS = frozenset(fold(w) for w in ("trưởng", "phó", "viên"))


def _title_words(text: str) -> int:
    """How many words of ``text`` make the position title it starts with ("Bếp trưởng …" -> 2); 0 when none."""
    words = _WORD.findall(_split_glued(text))[:_MAX_ENTRY]
    if not words:
        return 0
    keys = tuple(_fold(w) for w in words)
    n = _prefix(keys, _vocab("positions.txt"))
    if n:
        return n
    if keys[0] in _LEAD_TITLES:
        return 1
    for k in range(1, min(len(words), 4)):
        if not words[k][0].islower():
            return 0
        if keys[k] in _TITLE_ENDS:
            return k + 1
    return 0


def _starts_with_title(text: str) -> bool:
    """True when ``text`` starts with a position title ("Trưởng phòng …", "Bếp trưởng", "Công an viên")."""
    return _title_words(text) > 0


def _starts_with_unit(text: str) -> bool:
    """True when ``text`` starts with a body or place word ("Phòng …", "Trung tâm …", "xã …", "VNPT")."""
    words = _WORD.findall(text)[:_MAX_ENTRY]
    if not words:
        return False
    keys = tuple(_fold(w) for w in words)
    if _prefix(keys, _vocab("org_heads.tsv")) or _prefix(keys, _vocab("place_types.tsv")):
        return True
    return len(words[0]) > 1 and words[0].isupper()


def _honorific_len(keys: tuple[str, ...]) -> int:
    return _prefix(keys, _vocab("honorifics.txt"))


# ---------------------------------------------------------------------------------------------------
# Names in list cells.

_QUALITY_MARKS = frozenset("\u0302\u0306\u031b")  # circumflex, breve, horn
_VOWELS = frozenset("aeiouyAEIOUY")
_ADDRESS_BARE = frozenset(strip_tones(w) for w in ("ông", "bà"))


def _repair_tone(word: str) -> str:
    """Put a tone mark that the text layer attached to a consonant back on the vowel ("Nguyêñ")."""
    chars = list(unicodedata.normalize("NFD", word))
    for k, ch in enumerate(chars):
        if ch in TONE_MARKS and k and chars[k - 1] not in _VOWELS and chars[k - 1] not in _QUALITY_MARKS \
                and not unicodedata.combining(chars[k - 1]):
            vowel = max((j for j in range(k) if chars[j] in _VOWELS), default=None)
            if vowel is None:
                continue
            marked = [j for j in range(k) if chars[j] in _VOWELS and j + 1 < k and chars[j + 1] in _QUALITY_MARKS]
            if marked:
                vowel = marked[-1]
            at = vowel + 1
            while at < k and chars[at] in _QUALITY_MARKS:
                at += 1
            del chars[k]
            chars.insert(at, ch)
    return unicodedata.normalize("NFC", "".join(chars))


def _glue(tokens: list[str]) -> list[str]:
    """Join pieces a stray space cut off: a token starting in lower case goes onto the one before."""
    out: list[str] = []
    for token in tokens:
        if out and token[0].islower() and token[0].isalpha() and out[-1][-1].isalpha():
            out[-1] += token
        else:
            out.append(token)
    return out


@dataclass
class _Name:
    name: str
    rank: str = ""
    addressed: bool = False  # written with a word of address ("Ông", "Bà", "Đồng chí")
    rest: list[str] = field(default_factory=list)  # comma segments written after the name in the cell


def _strip_address(tokens: list[str]) -> tuple[list[str], str, bool]:
    """Remove words of address and a rank from the start of ``tokens``."""
    rank, addressed = "", False
    for _ in range(3):
        keys = tuple(_fold(t.rstrip(":.")) for t in tokens[:_MAX_ENTRY])
        n = _prefix(keys, _ranks())
        if n:
            rank = _ranks()[keys[:n]]
            tokens = tokens[n:]
            continue
        n = _honorific_len(keys)
        if n and len(tokens) - n >= 2:
            tokens, addressed = tokens[n:], True
            continue
        if len(tokens) >= 3 and strip_tones(keys[0]) in _ADDRESS_BARE and keys[0] not in _surnames():
            tokens, addressed = tokens[1:], True  # "Ong", a typo of "Ông"
            continue
        if len(tokens) >= 4 and tokens[1][:1].islower() and tokens[1].isalpha():
            glued = [tokens[0] + tokens[1], *tokens[2:]]  # "Ôn g Lê Sang"
            if _honorific_len((_fold(glued[0].rstrip(":")),)) or strip_tones(_fold(glued[0])) in _ADDRESS_BARE:
                tokens = glued
                continue
        break
    return tokens, rank, addressed


def _parse_name_cell(text: str) -> _Name:
    # "Ông A, Giám đốc …" and "Đại tá B - Chính ủy …": the name ends at the first comma or spaced dash.
    head, *rest = [part.strip() for part in re.split(r"\s*,\s*|\s+[-–]\s+", clean(text))]
    tokens, rank, addressed = _strip_address(head.split())
    name = " ".join(_repair_tone(t) for t in _glue([t.strip(":") for t in tokens if t.strip(":")]))
    return _Name(name=name, rank=rank, addressed=addressed, rest=[r for r in rest if r])


@lru_cache(maxsize=None)
def _surnames() -> frozenset[str]:
    return folded_set("surnames.txt")


def _looks_like_person(name: str) -> bool:
    words = name.split()
    return 2 <= len(words) <= 6 and _fold(words[0]) in _surnames() and all(w[:1].isupper() for w in words)


def _split_segments(segments: list[str], fallback: str = "") -> tuple[str, str]:
    """(position, organisation) from the comma segments after a name (see the module docstring)."""
    position: list[str] = []
    for k, segment in enumerate(segments):
        if _starts_with_title(segment) or (k == 0 and not _starts_with_unit(segment)):
            position.append(segment)
        else:
            break
    organisation = ", ".join(segments[len(position):])
    return ", ".join(position), organisation or fallback


def _cell_segments(text: str) -> list[str]:
    text = clean(text).rstrip(" .;…")
    return [s for s in (part.strip() for part in re.split(r"\s*,\s*", text)) if s]


# ---------------------------------------------------------------------------------------------------
# The document's award: the decision's article and the list titles.

_GIVE = cue_pattern("give")  # cues.tsv
_GIVE_RE = re.compile(r"\b" + _GIVE + r"\b", re.IGNORECASE)
_ARTICLE = re.compile(r"\s*Điều\s+\d+\s*[.:]", re.IGNORECASE)
_LIST_TITLE = re.compile(r"\bdanh sách\b", re.IGNORECASE)
_SECTION_WORDS = re.compile(r"\b(tập thể|cá nhân)\b", re.IGNORECASE)


def _award_text(span: Span) -> str:
    text = clean(span.text)
    if text.isupper():
        text = text[:1] + text[1:].lower()
    return text


def _decision_awards(tagged: TaggedDocument) -> list[str]:
    """Awards given by the decision's articles ("Điều 1. Tặng Bằng khen của … cho …"), then its subject."""
    articles, subject = [], []
    for index, block in enumerate(tagged.blocks):
        if block.source != "body" or block.kind not in CONTENT_KINDS or block.kind == "table_row":
            continue
        for span in tagged.spans[index]:
            if span.label == "AWARD" and _GIVE_RE.search(block.text[max(0, span.start - 40):span.start]):
                if _ARTICLE.match(block.text) or block.label.lower().startswith("điều"):
                    articles.append(_award_text(span))
                elif block.kind == "subject":
                    subject.append(_award_text(span))
    return articles + subject


def _refine(award: str, candidates: list[str]) -> str:
    """The most specific candidate that extends ``award`` ("Bằng khen" -> "Bằng khen của Tập đoàn …")."""
    longer = [c for c in candidates if fold(c).startswith(fold(award)) and len(c) > len(award)]
    return max(longer, key=len) if longer else award


def _title_blocks(tagged: TaggedDocument, first: int) -> list[int]:
    """The heading/paragraph blocks right above block ``first`` (a list's title), nearest last."""
    out = []
    index = first - 1
    while index >= 0 and len(out) < 4:
        block = tagged.blocks[index]
        if block.kind == "table_row" or block.source != "body" or _ARTICLE.match(block.text):
            break
        if block.kind in ("heading", "paragraph", "title", "subject", "item"):
            out.append(index)
            if _LIST_TITLE.match(block.text.strip()):
                break
        elif block.kind not in ("page_number", "running"):
            break
        index -= 1
    return out[::-1]


def _list_award(tagged: TaggedDocument, first: int, decision: list[str], cash: bool = False) -> str | None:
    """The award of the list starting at block ``first``; None when nothing says the list is an award list.

    ``cash``: the list has a column of amounts."""
    titles = _title_blocks(tagged, first)
    awards = [_award_text(s) for i in titles for s in tagged.spans[i] if s.label == "AWARD"]
    if awards:
        return _refine(awards[0], decision)
    title_text = " ".join(tagged.blocks[i].text for i in titles)
    if decision and (_names_list(title_text) or not titles):
        return decision[0]
    if re.search(r"khen thưởng|được tặng|danh hiệu", title_text, re.IGNORECASE):
        return ""
    if cash and _REWARD_SUBJECT.search(strip_tones(tagged.doc.meta.title.lower())):
        return ""  # a list of amounts in a decision "V/v khen thưởng …": the list is the reward
    return None


_TOTAL = re.compile(r"^\W*(?:tong cong|tong so|tong|cong)\W*$")
_REWARD_SUBJECT = re.compile(r"\b(?:khen thuong|thuong)\b")


# ---------------------------------------------------------------------------------------------------
# Ruled tables.

_STT = re.compile(r"^(?:stt|tt|số tt|số thứ tự)$")
# Heads matched on the header's words without tone marks (folded words move marks: "chức" -> "chưć").
_AWARD_HEAD = re.compile(r"\b(?:hinh thuc|danh hieu|khen thuong)\b")
_POSITION_HEAD = re.compile(r"\bchuc (?:vu|danh)\b")
_DETAIL_HEAD = re.compile(r"\bchuc (?:vu|danh)\b|\bcong tac\b|\bdon vi\b|\bdia chi\b")
_ROMAN_OR_LETTER = re.compile(r"^(?:[IVXLC]+|[A-Z])[.)]?$")
_GROUP_LABEL = re.compile(r"^\s*(?:[IVXLC]+|[A-Za-z]|\d+)[.)]\s+")


@dataclass
class _Columns:
    name: int
    stt: int | None = None
    position: int | None = None
    unit: int | None = None
    award: int | None = None
    cash: int | None = None
    header: tuple[str, ...] = ()
    name_extra: tuple[int, ...] = ()  # columns with no head of their own right of the name's: its span


def _header(cells: list[str]) -> _Columns | None:
    """The columns of a header row, or None when ``cells`` is not an award list's header."""
    keys = [" ".join(_keys(c)) for c in cells]
    # Heads as OCR reads them may lose their tone marks ("TẠP THE"): they are matched bare too.
    bare = [strip_tones(key) for key in keys]
    name = next((k for k, key in enumerate(keys) if re.search(r"\btên\b", key)), None)
    if name is None:
        name = next((k for k, key in enumerate(bare) if _COLLECTIVE_HEAD.match(key)), None)
    if name is None:
        return None
    columns = _Columns(name=name, header=tuple(keys))
    extra = name + 1
    while extra < len(keys) and not keys[extra]:
        extra += 1
    columns.name_extra = tuple(range(name + 1, extra))
    for k, key in enumerate(keys):
        if k == name or not key:
            continue
        if _STT.match(key):
            columns.stt = k
        elif _CASH_HEAD.search(bare[k]):
            columns.cash = k
        elif _AWARD_HEAD.search(bare[k]):
            columns.award = k
        elif _DETAIL_HEAD.search(bare[k]):
            if columns.position is None:
                columns.position = k
            elif columns.unit is None:
                columns.unit = k
    if columns.position is not None and columns.unit is not None \
            and _POSITION_HEAD.search(bare[columns.unit]) and not _POSITION_HEAD.search(bare[columns.position]):
        columns.position, columns.unit = columns.unit, columns.position
    return columns


_WORD3 = re.compile(r"[^\W\d_]{3}")
# The name column of a list of collectives or people: "Tập thể", "Cá nhân", "Tập thể, cá nhân đề nghị …".
_COLLECTIVE_HEAD = re.compile(r"^(?:tap the|ca nhan)\b")
# A column of amounts: the list rewards in cash ("Tiền thưởng (ngàn đồng)", "Số tiền", "Mức thưởng").
_CASH_HEAD = re.compile(r"\b(?:tien thuong|so tien|muc thuong)\b")
CASH_AWARD = "Tiền thưởng"


def _same_header(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two header rows name the same columns; the number column's head may be left empty or not
    read (on a scan, "TT" in a narrow cell)."""
    def key(header):
        return tuple("" if _STT.match(cell) else cell for cell in header)
    return key(a) == key(b)


def _section_kind(text: str) -> str:
    """"collective" or "person" when ``text`` names only one of "tập thể" and "cá nhân", else ""."""
    kinds = {"collective" if fold(m.group(1)) == fold("tập thể") else "person" for m in _SECTION_WORDS.finditer(text)}
    return kinds.pop() if len(kinds) == 1 else ""


def _title_kind(tagged: TaggedDocument, first: int) -> str:
    """The kind a list's title gives its rows ("DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG …")."""
    return _section_kind(" ".join(tagged.blocks[i].text for i in _title_blocks(tagged, first)))


@dataclass
class _Entry:
    """A data row of a list, before its continuation rows are known."""

    index: int
    cells: list[str]
    kind: str
    group: str
    award: str


def _table_entries(tagged: TaggedDocument, decision: list[str]) -> list[tuple[_Entry, _Columns]]:
    """The data rows of every award-list table, with their group, kind and award (see the module docstring)."""
    blocks = tagged.blocks
    tables: list[list[int]] = []
    for index, block in enumerate(blocks):
        if block.kind != "table_row" or not block.cells:
            continue
        if tables and blocks[tables[-1][-1]].table == block.table:
            tables[-1].append(index)
        else:
            tables.append([index])
    out: list[tuple[_Entry, _Columns]] = []
    columns: _Columns | None = None
    award, kind, group, last_end = "", "", "", -10
    for rows in tables:
        first_cells = blocks[rows[0]].cells or []
        header = _header(first_cells)
        # Text between two tables stops a list: a page number or marks OCR read from a signature do not.
        between = [b for b in blocks[last_end + 1:rows[0]] if b.kind in CONTENT_KINDS and b.source == "body"
                   and _WORD3.search(b.text)]
        continues = columns is not None and not between and (
            _same_header(header.header, columns.header) if header else len(first_cells) == len(columns.header))
        if not continues:
            columns = None
            if header is not None:
                list_award = _list_award(tagged, rows[0], decision, cash=header.cash is not None)
                if list_award is not None:
                    columns, award, kind, group = header, list_award, _title_kind(tagged, rows[0]), ""
        last_end = rows[-1]
        if columns is None:
            continue
        for index in rows:
            cells = [clean(c) for c in blocks[index].cells or []]
            cells += [""] * (len(columns.header) - len(cells))
            for k in columns.name_extra:  # the name's head spans cells the rule lines split
                if k < len(cells) and cells[k]:
                    cells[columns.name] = (cells[columns.name] + " " + cells[k]).strip()
                    cells[k] = ""
            if _same_header(tuple(" ".join(_keys(c)) for c in cells), columns.header):
                continue  # the header repeated on a new page
            filled = {k for k, c in enumerate(cells) if c}
            if not filled:
                continue
            stt = cells[columns.stt] if columns.stt is not None else ""
            name = cells[columns.name]
            if not stt and _TOTAL.match(strip_tones(name.lower())):
                continue  # the total row ("Tổng", "Tổng cộng", "Cộng")
            detail = {columns.position, columns.unit, columns.award} - {None}
            if not stt and not name and filled <= detail:
                if out and out[-1][1] is columns:  # a cell cut by a page break
                    entry = out[-1][0]
                    for k in filled:
                        entry.cells[k] = (entry.cells[k] + " " + cells[k]).strip()
                continue
            if len(filled) == 1 and (filled <= {columns.stt, columns.name}) or (
                    stt and _ROMAN_OR_LETTER.match(stt) and not filled & detail):
                words = [cells[k] for k in sorted(filled) if k != columns.stt] or [stt]  # "I." | "Tập thể"
                text = _GROUP_LABEL.sub("", " ".join(words)).strip()
                section = _section_kind(text) if len(text.split()) <= 6 else ""
                if section:  # "I. Tập thể", "II. Cá nhân"
                    kind, group = section, ""
                else:
                    group = text
                continue
            out.append((_Entry(index, cells, kind, group, award), columns))
    return out


def _table_rows(tagged: TaggedDocument, decision: list[str]) -> list[AwardeeRow]:
    """Rows of award-list tables. The signer may be one of them: a row of the list is an award, not the
    signature."""
    rows = []
    for entry, columns in _table_entries(tagged, decision):
        block = tagged.blocks[entry.index]
        cells = entry.cells
        parsed = _parse_name_cell(cells[columns.name])
        if not parsed.name:
            continue
        kind = entry.kind or ("person" if parsed.addressed or parsed.rank or _looks_like_person(parsed.name)
                              else "collective")
        detail = cells[columns.position] if columns.position is not None else ""
        unit = cells[columns.unit] if columns.unit is not None else ""
        if kind == "collective":
            name = clean(cells[columns.name]).rstrip(" .;")
            position, organisation = "", ", ".join(_cell_segments(detail) + _cell_segments(unit)) or entry.group
            rank = ""
        else:
            name, rank = parsed.name, parsed.rank
            segments = parsed.rest + _cell_segments(detail)
            if unit:
                position = ", ".join(segments)
                organisation = ", ".join(_cell_segments(unit))
            else:
                position, organisation = _split_segments(segments, entry.group)
            organisation = organisation or entry.group
        award = entry.award
        if columns.award is not None and cells[columns.award]:
            award = cells[columns.award]
        if not award and columns.cash is not None and cells[columns.cash]:
            award = CASH_AWARD
        stt = cells[columns.stt].rstrip(".") if columns.stt is not None else ""
        start, end = _cell_span(block.cells or [], columns.name, columns.name_extra)
        start, end = _name_offsets(block.text, name, start, end)
        rows.append(AwardeeRow(kind=kind, name=name, rank=rank, position=position, organisation=organisation,
                               award=award, page=block.page, source=block.source, footnote_no=block.footnote_no,
                               context=" | ".join(c for c in cells if c), list_no=stt, block=entry.index,
                               char_start=start, char_end=end))
    return rows


def _cell_span(cells: list[str], first: int, extra: tuple[int, ...]) -> tuple[int, int]:
    """Where cell ``first`` (and the cells ``extra`` its head spans) stand in the row's text, the cells
    joined by tabs."""
    offsets, at = [], 0
    for cell in cells:
        offsets.append((at, at + len(cell)))
        at += len(cell) + 1
    last = max([first, *(k for k in extra if k < len(cells) and cells[k])])
    if first >= len(offsets):
        return 0, 0
    return offsets[first][0], offsets[min(last, len(offsets) - 1)][1]


def _name_offsets(text: str, name: str, start: int, end: int) -> tuple[int, int]:
    """The offsets of ``name`` in ``text`` between ``start`` and ``end``; the whole stretch when the name
    is not written there as it is given (a title removed, "Bù i" glued: the cell or clause then)."""
    found = text.find(name, start, max(end, start + len(name)))
    return (found, found + len(name)) if found >= 0 else (start, end)


# ---------------------------------------------------------------------------------------------------
# Prose: subjects, their appositions and predicates.

_RECEIVE = re.compile(
    r"\s*(?:(?:đã|cũng|vinh dự|đều|lần lượt|đã vinh dự)\s+)*"
    r"(?P<verb>được|đạt|giành được|giành|đoạt|nhận được|nhận|đón nhận)\b", re.IGNORECASE)
_AFTER_GIVER = re.compile(r"\s*(?:(?P<times>\d+)\s+lần\s+)?(?:trao\s+)?" + _GIVE + r"(?:\s+danh hiệu)?\b",
                          re.IGNORECASE)
_TITLE_WORD = re.compile(r"\s*(?:danh hiệu|giải)\b", re.IGNORECASE)
_GIVES = re.compile(r"\s*(?:(?:đã|đồng thời|cũng)\s+)*" + _GIVE + r"\b", re.IGNORECASE)  # a giver's predicate
_GIVE_TO = re.compile(r"\b(?:đã\s+)?" + _GIVE + r"\s+", re.IGNORECASE)
_LIST_CUE = re.compile(r"\b(?:tiêu biểu|điển hình)(?:\s+(?:như|là|gồm|có))?\s*:\s*", re.IGNORECASE)
# An item's label ("- ", "3. ", "6a. ", or "6ó. " as OCR misreads "6."), or a lead-in word with a colon.
_LEAD_IN = re.compile(r"\s*(?:[-+•–]\s*|\d+[^\W\d_]?[.)]\s+|[a-zđ][.)]\s+|(?:như|gồm|là|trong đó)\s*:\s*)",
                      re.IGNORECASE)
_COLLECTIVE_LEAD = re.compile(r"\s*(?:tập thể|đơn vị)\s+(?=[^\W\d_])", re.IGNORECASE)
_HOUSEHOLD = re.compile(r"(?:hộ|gia đình)\s+(?=(?:ông|bà)\b)", re.IGNORECASE)
_MAX_TITLE_WORDS = 10
_CONNECTORS = frozenset(fold(w) for w in ("và", "-", "–", "&"))
_COUNT_START = re.compile(r"\s*(?:\d|" + cue_pattern("determiner") + r"\b)", re.IGNORECASE)

# An exemplary list is cited by a clause naming who and how ("nhiều tập thể, cá nhân tiêu biểu").
_CUE_WHO = re.compile(r"\b(?:tập thể|cá nhân|gương|điển hình|vận động viên|người tốt)\b", re.IGNORECASE)
_CUE_HOW = re.compile(r"\b(?:tiêu biểu|xuất sắc|điển hình|tiên tiến|thành tích|người tốt)\b", re.IGNORECASE)


@dataclass
class _Party:
    kind: str
    name: str
    start: int
    end: int  # end of the name and its appositions
    rank: str = ""
    position: str = ""
    organisation: str = ""
    bare: bool = False  # the issuing body named by a bare word ("Hiệp hội")


@dataclass
class _Awarded:
    award: str = ""
    quantity: int | None = None


class _Block:
    """One block's text and spans, indexed for the prose rules."""

    def __init__(self, tagged: TaggedDocument, index: int):
        self.index = index
        self.block = tagged.blocks[index]
        self.text = self.block.text
        self.spans = tagged.spans[index]
        self.starting: dict[int, list[Span]] = {}
        for span in self.spans:
            self.starting.setdefault(span.start, []).append(span)

    def at(self, pos: int, *labels: str) -> Span | None:
        """The longest span with one of ``labels`` starting at ``pos``."""
        found = [s for s in self.starting.get(pos, ()) if s.label in labels]
        return max(found, key=lambda s: s.end) if found else None

    def inside(self, pos: int) -> int:
        """End of the furthest span covering ``pos`` (``pos`` when none)."""
        return max((s.end for s in self.spans if s.start < pos < s.end), default=pos)

    def skip(self, pos: int) -> int:
        while pos < len(self.text) and self.text[pos].isspace():
            pos += 1
        return pos

    def word_at(self, pos: int) -> re.Match | None:
        return _WORD.match(self.text, pos)


def _vocab_end(b: _Block, pos: int, vocab) -> int:
    """End offset of the longest ``vocab`` entry starting at ``pos`` (``pos`` when none)."""
    words = list(re.finditer(r"\S+", b.text[pos:pos + 80]))
    keys = tuple(_fold(m.group().strip(",.:;")) for m in words[:_MAX_ENTRY])
    n = _prefix(keys, vocab)
    return pos + words[n - 1].start() + len(words[n - 1].group().rstrip(",.:;")) if n else pos


def _segment(b: _Block, start: int, limit: int) -> tuple[int, bool]:
    """End of the apposition segment starting at ``start`` and whether it runs to a comma or the end."""
    span_end = max((s.end for s in b.starting.get(start, ()) if s.label in ("POSITION", "ORG", "LOC")),
                   default=start)
    pos = max(span_end, _vocab_end(b, start, _vocab("positions.txt")))
    comma = b.text.find(",", start, limit)
    if pos == start and comma > start and _title_words(b.text[start:comma]) \
            and len(b.text[start:comma].split()) <= _MAX_TITLE_WORDS:
        return comma, True  # an untagged title up to the next comma ("người có uy tín thôn Pò Mỏ")
    if pos == start:
        word = b.word_at(start)
        if word is None or not (word.group()[0].isupper() or word.group()[0].isdigit()):
            return start, False
        pos = word.end()
    while pos < limit:
        nxt = b.skip(pos)
        if nxt >= limit or b.text[nxt] in ",;":
            return pos, True
        if b.text[nxt] in ".…" and (nxt + 1 >= limit or b.text[nxt + 1:].lstrip(".… ")[:1] in ("", ";")):
            return pos, True
        span = max((s.end for s in b.starting.get(nxt, ()) if s.label in ("POSITION", "ORG", "LOC")), default=None)
        if span is not None:
            pos = span
            continue
        if b.text[nxt] in "()-–&":
            pos = nxt + 1
            continue
        word = b.word_at(nxt)
        if word is None:
            return pos, False
        token = word.group()
        if _fold(token) == _fold("và") and (_honorific_len(_keys(b.text[word.end():word.end() + 40], 3))
                                             or b.at(b.skip(word.end()), "PER")):
            return pos, True  # "…, Phó Trưởng phòng Tài chính và bà Lê Thị Tư": the next awardee
        if token[0].isupper() or token[0].isdigit() or _fold(token) in _CONNECTORS \
                or _vocab_end(b, nxt, _vocab("place_types.tsv")) > nxt:
            pos = word.end()
            continue
        return pos, False
    return pos, True


def _appositions(b: _Block, pos: int, limit: int) -> tuple[str, str, int]:
    """(position, organisation) from the comma segments after a name, and where they end."""
    segments: list[tuple[int, str]] = []
    while True:
        m = re.match(r"\s*,\s*" if segments else r"\s*,\s*|\s+[-–]\s+", b.text[pos:limit])  # "A - Giám đốc …"
        if not m:
            break
        start = pos + m.end()
        end, complete = _segment(b, start, limit)
        if end <= start:
            break
        text = clean(b.text[start:end]).rstrip(".…").strip()
        if text:
            segments.append((start, text))
        pos = end
        if not complete:
            break
    k = 0
    while k < len(segments) and (b.at(segments[k][0], "POSITION") or _starts_with_title(segments[k][1])):
        k += 1
    return ", ".join(t for _, t in segments[:k]), ", ".join(t for _, t in segments[k:]), pos


def _person_at(b: _Block, pos: int, limit: int) -> tuple[_Party, int] | None:
    """A person starting at ``pos``: cues (address, rank, title), the PER span, appositions."""
    pos = b.skip(pos)
    m = _HOUSEHOLD.match(b.text, pos)
    if m:
        pos = m.end()
    rank, title = "", ""
    for _ in range(4):
        pos = b.skip(pos)
        span = b.at(pos, "RANK")
        if span:
            rank, pos = span.normalized or span.text, span.end
            continue
        end = _vocab_end(b, pos, _vocab("honorifics.txt"))
        if end > pos and not b.at(pos, "PER"):
            pos = end
            continue
        span = b.at(pos, "POSITION")
        if span and b.at(b.skip(span.end), "PER"):
            title, pos = clean(span.text), span.end
            continue
        break
    person = b.at(pos, "PER")
    if person is None or person.end > limit or clean(person.normalized or person.text) != clean(person.text):
        return None
    position, organisation, end = _appositions(b, person.end, limit)
    name = " ".join(_repair_tone(word) for word in clean(person.text).split())
    party = _Party("person", name, pos, max(end, person.end), rank, position or title, organisation)
    return party, party.end


def _collectives_at(b: _Block, pos: int, limit: int) -> tuple[list[_Party], int]:
    """Collectives (ORG/LOC spans) starting at ``pos``, comma- or "và"-separated."""
    out: list[_Party] = []
    while True:
        pos = b.skip(pos)
        span = b.at(pos, "ORG", "LOC")
        if span is None:
            span = _bare_head(b, pos, limit)  # "Đảng ủy, UBND xã Thạch Đạn": an elliptical body
        if span is None or span.end > limit:
            break
        if span.label == "LOC" and not _starts_with_unit(span.text):
            break
        out.append(_Party("collective", clean(span.text), span.start, span.end))
        m = re.match(r"\s*(?:,|và)\s*", b.text[span.end:limit])
        if not m:
            pos = span.end
            break
        nxt = span.end + m.end()
        if b.at(nxt, "ORG", "LOC") is None:
            pos = span.end
            break
        pos = nxt
    return out, (out[-1].end if out else pos)


def _bare_head(b: _Block, pos: int, limit: int) -> Span | None:
    """A capitalised body word alone before a comma or "và" and another body ("Đảng ủy, UBND xã …")."""
    word = b.word_at(pos)
    end = _vocab_end(b, pos, _vocab("org_heads.tsv"))
    if word is None or not word.group()[0].isupper() or end <= pos:
        return None
    m = re.match(r"\s*(?:,|và)\s*", b.text[end:limit])
    if not m or b.at(end + m.end(), "ORG") is None:
        return None
    return Span("ORG", pos, end, b.text[pos:end], b.text[pos:end])


def _subjects_at(b: _Block, pos: int, limit: int, self_name: str) -> tuple[list[_Party], int]:
    """The subjects written at ``pos``: a person, collectives, or the issuing body named by a bare word."""
    found = _person_at(b, pos, limit)
    if found:
        party, end = found
        parties = [party]
        while True:  # "ông A và bà B"
            m = re.match(r"\s*(?:,\s*)?và\s+", b.text[end:limit])
            nxt = _person_at(b, end + m.end(), limit) if m else None
            if not nxt:
                break
            parties.append(nxt[0])
            end = nxt[1]
        return parties, end
    lead = _COLLECTIVE_LEAD.match(b.text, pos, limit)  # "Tập thể Phòng …"
    parties, end = _collectives_at(b, lead.end() if lead else pos, limit)
    if parties:
        return parties, end
    pos = b.skip(pos)
    word = b.word_at(pos)
    if self_name and word and word.group()[0].isupper():
        end = _vocab_end(b, pos, _vocab("org_heads.tsv"))
        nxt = b.word_at(b.skip(end)) if end > pos else None
        if end > pos and (nxt is None or nxt.group()[0].islower()) \
                and fold(self_name).startswith(fold(b.text[pos:end])):
            return [_Party("collective", self_name, pos, end, bare=True)], end
    return [], pos


def _received(b: _Block, pos: int, limit: int) -> list[_Awarded]:
    """The awards the predicate at ``pos`` receives ("đạt 01 Huy chương Vàng", "được UBND tỉnh tặng …")."""
    m = _RECEIVE.match(b.text, pos, limit)
    if not m:
        return []
    pos, giver, times = m.end(), "", None
    if fold(m.group("verb")) == fold("được"):
        nxt = b.skip(pos)
        span = b.at(nxt, "ORG", "POSITION", "PER")
        if span:
            giver, nxt = clean(span.text), span.end
        g = _AFTER_GIVER.match(b.text, nxt, limit)
        if not g:
            return []
        pos, times = g.end(), int(g.group("times")) if g.group("times") else None
    else:
        t = _TITLE_WORD.match(b.text, pos, limit)
        if t:
            pos = t.end()
    out = []
    while pos < limit:
        sep = re.match(r"[\s,]*(?:và\s+)?", b.text[pos:limit])
        nxt = pos + sep.end()
        quantity = b.at(nxt, "QUANTITY")
        award = None
        if quantity:
            award = next((s for s in b.spans if s.label == "AWARD" and quantity.start < s.start < quantity.end), None)
        if award is None:
            number = re.match(r"(\d+)\s+", b.text[nxt:limit])
            award = b.at(nxt + (number.end() if number else 0), "AWARD")
            quantity = None
            count = int(number.group(1)) if number else times
        else:
            count = int(quantity.value) if quantity.value is not None else None
        if award is None or award.end > limit:
            break
        out.append(_Awarded(_with_giver(_award_text(award), giver), count))
        pos = max(award.end, quantity.end if quantity else award.end)
    return out


def _clauses(b: _Block, start: int, end: int) -> list[tuple[int, int]]:
    """Clauses of ``text[start:end]``: cut at semicolons and brackets outside spans and quotes."""
    out, begin, quoted = [], start, False
    pos = start
    while pos < end:
        ch = b.text[pos]
        if ch in "“”\"":
            quoted = not quoted if ch == "\"" else ch == "“"
        elif ch in ";()" and not quoted and b.inside(pos) == pos:
            out.append((begin, pos))
            begin = pos + 1
        pos += 1
    out.append((begin, end))
    return [(s, e) for s, e in out if b.text[s:e].strip()]


def _segment_starts(b: _Block, start: int, end: int) -> list[int]:
    """Where a subject may stand in a clause: its start and after ", ", " và " or ":" outside spans."""
    starts = [start]
    for m in re.finditer(r",\s*|:\s*|\svà\s+", b.text[start:end]):
        pos = start + m.end()
        if b.inside(pos - 1) == pos - 1:
            starts.append(pos)
    return starts


@dataclass
class _Found:
    party: _Party
    awarded: _Awarded
    index: int
    list_no: str = ""


def _clause_parties(b: _Block, start: int, end: int, self_name: str, exemplary: bool,
                    default: _Awarded) -> list[_Found]:
    """Awardees of one clause: subjects that receive an award, and the first subject of an exemplary list."""
    out: list[_Found] = []
    m = _LEAD_IN.match(b.text, start, end)
    if m:
        start = m.end()
    seen = start
    for pos in _segment_starts(b, start, end):
        if pos < seen:
            continue
        parties, after = _subjects_at(b, pos, end, self_name)
        if not parties:
            continue
        seen = after
        awards = _received(b, after, end)
        if not awards:
            if pos != start or not exemplary or _GIVES.match(b.text, after, end):
                continue  # not an awardee, or the giver of an award ("Ban Thường vụ Huyện ủy tặng …")
            parties = [p for p in parties if not p.bare]
            awards = [default]
        out += [_Found(party, awarded, b.index) for party in parties for awarded in awards]
    # A person further in the clause who receives an award ("…, trong đó vận động viên A đạt …").
    for span in b.spans:
        if span.label != "PER" or not seen <= span.start < end:
            continue
        cue = min((s.start for s in b.spans if s.label in ("RANK", "POSITION") and s.end <= span.start
                   and not b.text[s.end:span.start].strip()), default=span.start)
        found = _person_at(b, cue, end)
        awards = _received(b, found[1], end) if found else []
        if awards:
            out += [_Found(found[0], awarded, b.index) for awarded in awards]
            seen = found[1]
    return out


def _given_to(b: _Block, start: int, stop: int) -> list[_Found]:
    """"tặng <award> cho <named awardees>" in ``text[start:stop]``."""
    out: list[_Found] = []
    for m in _GIVE_TO.finditer(b.text, start, stop):
        end = stop
        award = b.at(m.end(), "AWARD")
        if award is None:
            continue
        c = re.match(r"\s*cho\s+", b.text[award.end:end])
        if not c:
            continue
        pos = award.end + c.end()
        if _COUNT_START.match(b.text, pos):
            count = b.at(b.skip(pos), "QUANTITY")  # "cho 01 tập thể (UBND xã Thạch Đạn)": named in brackets
            bracket = re.match(r"\s*\(", b.text[count.end:end]) if count else None
            if not bracket:
                continue
            pos = count.end + bracket.end()
            close = b.text.find(")", pos, end)
            end = close if close > 0 else end
        text = _with_giver(_award_text(award), _giver_before(b, m.start()))
        while pos < end:
            parties, after = _subjects_at(b, pos, end, "")
            if not parties:
                break
            out.extend(_Found(p, _Awarded(text), b.index) for p in parties)
            sep = re.match(r"\s*(?:,|và)\s*", b.text[after:end])
            if not sep:
                break
            pos = after + sep.end()
    return out


# Awards whose name includes who gives them ("Bằng khen của UBND tỉnh"); state orders and medals do not.
_NAMED_BY_GIVER = re.compile(r"^(?:bằng khen|giấy khen|cờ thi đua)\b", re.IGNORECASE)


def _with_giver(award: str, giver: str) -> str:
    """"Bằng khen" given by "UBND tỉnh" -> "Bằng khen của UBND tỉnh"."""
    if giver and _NAMED_BY_GIVER.match(award) and " của " not in award.lower():
        return f"{award} của {giver}"
    return award


def _giver_before(b: _Block, pos: int) -> str:
    """The body or office right before a giving verb ("Chủ tịch UBND tỉnh tặng …")."""
    text = b.text[:pos].rstrip()
    text = re.sub(r"\s*(?:đã|đồng thời|cũng)$", "", text).rstrip()
    for span in b.spans:
        if span.label in ("ORG", "POSITION") and span.end == len(text) and span.end <= pos:
            return clean(span.text)
    return ""


# ---------------------------------------------------------------------------------------------------
# Where exemplary lists stand.


def _exemplary_footnotes(tagged: TaggedDocument) -> set[int]:
    """Footnotes whose marker closes a clause citing exemplary collectives or people."""
    out = set()
    for note in tagged.doc.footnotes:
        if note.anchor_block is None or note.anchor_offset is None:
            continue
        text = tagged.blocks[note.anchor_block].text
        start, _ = tagged.sentence(note.anchor_block, max(note.anchor_offset - 1, 0))
        clause = text[start:note.anchor_offset]
        clause = re.split(r"[;:]", clause)[-1]
        if _CUE_WHO.search(clause) and _CUE_HOW.search(clause):
            out.add(note.number)
    return out


def _self_name(tagged: TaggedDocument) -> str:
    """The issuing body's fullest name in the text ("Hiệp hội Doanh nghiệp tỉnh Bình Thuận")."""
    issuer = fold(clean(tagged.doc.meta.issuer))
    if not issuer:
        return ""
    parent = _keys(tagged.doc.meta.issuer_parent)
    counts: dict[str, int] = {}
    for spans in tagged.spans:
        for span in spans:
            if span.label == "ORG" and fold(clean(span.text)).startswith(issuer):
                counts[clean(span.text)] = counts.get(clean(span.text), 0) + 1
    if not counts:
        return ""

    def score(name: str) -> tuple:
        words = set(_keys(name))
        return (sum(1 for w in parent if w in words), counts[name], len(name))

    return max(counts, key=score)


def _award_before(b: _Block, start: int, pos: int) -> _Awarded:
    """The award given in the sentence before an exemplary list ("đã tặng Giấy khen cho 24 tập thể …, tiêu biểu:")."""
    for m in _GIVE_TO.finditer(b.text, start, pos):
        award = b.at(m.end(), "AWARD")
        if award:
            return _Awarded(_with_giver(_award_text(award), _giver_before(b, m.start())))
    return _Awarded()


def _prose_rows(tagged: TaggedDocument, self_name: str, in_lists: set[int]) -> list[_Found]:
    """Awardees named in sentences (see the module docstring)."""
    exemplary = _exemplary_footnotes(tagged)
    found: list[_Found] = []
    for index, block in enumerate(tagged.blocks):
        if block.kind not in CONTENT_KINDS or block.kind == "table_row" or index in in_lists:
            continue
        spans = tagged.spans[index]
        if not any(s.label in ("PER", "AWARD", "ORG", "LOC") for s in spans):
            continue
        b = _Block(tagged, index)
        in_footnote_list = block.source == "footnote" and block.footnote_no in exemplary \
            and not _LIST_CUE.search(block.text)  # a footnote saying where its list starts is read from there
        for s_start, s_end in tagged.sentences[index] or [(0, len(block.text))]:
            list_from = s_end
            cue = _LIST_CUE.search(block.text, s_start, s_end)
            if cue:
                list_from = cue.end()
            elif in_footnote_list:
                list_from = s_start
            default = _award_before(b, s_start, list_from) if cue else _Awarded()
            found += _given_to(b, s_start, s_end)
            for c_start, c_end in _clauses(b, s_start, s_end):
                if c_end <= list_from:
                    found += _clause_parties(b, c_start, c_end, self_name, False, default)
                else:
                    if c_start < list_from:  # the part of the clause before the list
                        found += _clause_parties(b, c_start, list_from, self_name, False, default)
                        c_start = list_from
                    found += _clause_parties(b, c_start, c_end, self_name, True, default)
    return found


# ---------------------------------------------------------------------------------------------------
# Numbered lists in paragraphs.

_LIST_INTRO = re.compile(r":\s*$")
_PROPOSED = re.compile(r"\b" + cue_pattern("proposed") + r"\s*$", re.IGNORECASE)  # "đề nghị tặng …": not given yet
# What may follow an awardee in a list item: nothing (the end mark "./." too), a bracket, or the reason
# for the award.
_ITEM_TAIL = re.compile(r"(?:[\s,;.:]|\./\.)*(?:$|\(|(?:đã\s+)?có thành tích|vì\b|về\b|đạt\b)", re.IGNORECASE)


# An article or sentence that opens with the giving and names who, ending in ":" before its list:
# "Điều 1. Khen thưởng các tập thể, cá nhân sau:", "Công nhận danh hiệu “…” đối với các ông, bà có tên sau
# đây:", "Thưởng cho các đồng chí có tên sau, mỗi đồng chí 2.000.000 đồng:".
_OPENING_GIVE = re.compile(r"^\s*(?:Điều\s+\d+\s*[.:]\s*)?(?P<verb>" + cue_pattern("give_list") + r")\b",
                           re.IGNORECASE)
# The same in the passive, who first: "Các tập thể, cá nhân có tên sau đây được tặng Bằng khen …:".
_PASSIVE_GIVE = re.compile(r"^\s*(?:Điều\s+\d+\s*[.:]\s*)?" + cue_pattern("determiner")
                           + r"\s[^:;]*?\b(?:sau|dưới|có tên)\b[^:;]*?\bđược\s+(?P<verb>" + cue_pattern("give_list")
                           + r")\b", re.IGNORECASE)
_WHO = re.compile(r"\b(?:tập thể|cá nhân|ông|bà|đồng chí|đơn vị|học sinh|cán bộ|gia đình|hộ)\b", re.IGNORECASE)
_TITLE_QUOTED = re.compile(r"danh hiệu\s*[“\"](?P<title>[^”\"]{3,80})[”\"]", re.IGNORECASE)
_MONEY = re.compile(r"\d[\d.]*\s*(?:đồng|đ)\b|\b(?:triệu|nghìn|ngàn)\s+đồng\b", re.IGNORECASE)


def _opening_award(tagged: TaggedDocument, index: int) -> str | None:
    """The award of a list that a giving sentence ending in ":" opens without "… <award> cho" (see
    _OPENING_GIVE): the award it names, else the title in quotes after "danh hiệu", else cash when it
    gives money, else "" (an award list whose award is not named); None when the block opens no list."""
    block = tagged.blocks[index]
    match = _OPENING_GIVE.match(block.text) or _PASSIVE_GIVE.match(block.text)
    if not match or not _WHO.search(block.text) or _PROPOSED.search(block.text[:match.start("verb")]):
        return None
    spans = [s for s in tagged.spans[index] if s.label == "AWARD" and s.start >= match.start("verb")]
    if spans:
        return _award_text(spans[0])
    title = _TITLE_QUOTED.search(block.text)
    if title:
        return clean(title.group("title"))
    if fold(match.group("verb")) == fold("thưởng") or _MONEY.search(block.text):
        return CASH_AWARD
    return ""


_CLAUSE_VERB = re.compile(r"\b(?:được|đã|đang|sẽ|là|có|tham gia|tổ chức|thực hiện|đề nghị)\b", re.IGNORECASE)


def _rest_of_apposition(tail: str) -> bool:
    """Whether what an item has after the subject the tagger found is the rest of its position or unit
    ("… Trưởng phòng Kế| hoạch;"): a few words without a verb, up to the item's end."""
    words = tail.strip(" ,;.").split()
    return len(words) <= 8 and not _CLAUSE_VERB.search(tail) and tail.rstrip().endswith((";", ".", ":")) \
        or not words


# A birth year in an apposition ("Ông A, sinh năm 1980, Trưởng phòng …") is neither position nor unit.
_BIRTH = re.compile(r",\s*(?:sinh năm|năm sinh|SN)\s*:?\s*\d{4}(?=\s*[,;.]|\s*$)", re.IGNORECASE)


def _extend_apposition(party: _Party, tail: str) -> None:
    """Put the rest of an item's apposition where it belongs: a new comma segment is the organisation,
    else it goes on the field it was cut from ("Trưởng phòng Kế" + "hoạch")."""
    rest = _BIRTH.sub("", tail).strip(" ;.:")
    if rest.startswith(",") and not (party.position or party.organisation):
        position, organisation = _split_segments(_cell_segments(rest.strip(" ,")))
        party.position, party.organisation = position, organisation
    elif rest.startswith(","):
        rest = rest.strip(" ,")
        party.organisation = ", ".join(p for p in (party.organisation, rest) if p)
    elif party.organisation:
        party.organisation = f"{party.organisation} {rest}"
    elif party.position:
        party.position = f"{party.position} {rest}"
    else:
        party.organisation = rest.lstrip("-– ")


def _item_awards(b: _Block, after: int) -> tuple[list[_Awarded], int]:
    """The awards an item names for its awardee after a colon ("Ông Vũ Văn Tùng, thôn 3: Giấy khen và tiền
    thưởng 1.000.000 đồng;"), each award named and cash when it gives money, and where the colon is; ``([],
    len(text))`` when the item names none."""
    colon = b.text.find(":", after)
    if colon < 0:
        return [], len(b.text)
    rest = b.text[colon + 1:]
    opens = b.at(b.skip(colon + 1), "AWARD") or re.match(r"\s*(?:tiền thưởng|thưởng)\b", rest, re.IGNORECASE)
    if not opens:
        return [], len(b.text)
    awards = [_Awarded(_award_text(span)) for span in b.spans if span.label == "AWARD" and span.start > colon]
    if _MONEY.search(rest):
        awards.append(_Awarded(CASH_AWARD))
    return awards, colon


def _names_list(text: str) -> bool:
    """Whether ``text`` says "danh sách", also as OCR misreads it ("ĐANH SÁCH": tone marks and Đ/D aside)."""
    return bool(_LIST_TITLE.search(text)) or "danh sach" in strip_tones(text).lower().replace("đ", "d")


def _list_title(block) -> bool:
    """Whether a block is a list's title ("DANH SÁCH …"): a heading, or a paragraph in capitals (on a scan
    every line is set alike)."""
    if block.kind not in ("heading", "title") and not (block.kind == "paragraph" and block.text.isupper()):
        return False
    return _names_list(block.text.strip()[:12])


def _item_lists(tagged: TaggedDocument, decision: list[str], self_name: str) -> tuple[list[_Found], set[int]]:
    """Awardees of award lists written as numbered paragraphs, and the blocks they took."""
    out: list[_Found] = []
    taken: set[int] = set()
    blocks = tagged.blocks
    index = 0
    while index < len(blocks):
        block = blocks[index]
        award = None
        if block.kind in ("paragraph", "item") and _LIST_INTRO.search(block.text):
            b = _Block(tagged, index)
            for m in _GIVE_TO.finditer(block.text):
                span = b.at(m.end(), "AWARD")
                if span and re.match(r"\s*cho\b", block.text[span.end:]) \
                        and not _PROPOSED.search(block.text[max(0, m.start() - 12):m.start()]):
                    award = _with_giver(_award_text(span), _giver_before(b, m.start()))
                    break
            if award is None:
                award = _opening_award(tagged, index)
        elif _list_title(block) and index + 1 < len(blocks) and blocks[index + 1].kind != "table_row":
            award = _list_award(tagged, index + 1, decision)
        if award is None:
            index += 1
            continue
        group = ""
        index += 1
        if _list_title(block):
            # The rest of the title ("CỦA ỦY BAN …", "(Kèm theo Quyết định số …)") comes before the first item.
            ahead = index
            while ahead < min(index + 4, len(blocks)) and not blocks[ahead].label and blocks[ahead].kind != "item":
                ahead += 1
            if ahead < len(blocks) and blocks[ahead].label:
                index = ahead
        while index < len(blocks):
            block = blocks[index]
            if block.kind not in ("item", "paragraph", "heading") or _ARTICLE.match(block.text):
                break
            b = _Block(tagged, index)
            start = _LEAD_IN.match(block.text)
            pos = start.end() if start else 0
            parties, after = _subjects_at(b, pos, len(block.text), self_name)
            if not parties:
                text = _GROUP_LABEL.sub("", block.text).strip().rstrip(":")
                if len(text.split()) > 8:
                    break
                group = "" if _SECTION_WORDS.search(text) and len(text.split()) <= 6 else text  # "II. Cá nhân"
                taken.add(index)
                index += 1
                continue
            own, cut = _item_awards(b, after)
            item = block.text[:cut]  # the awards an item names after a colon are not its apposition
            if not _ITEM_TAIL.match(item, after):
                if not _rest_of_apposition(item[after:] + (";" if cut < len(block.text) else "")):
                    break  # a sentence about the subject, not a list item
                _extend_apposition(parties[-1], item[after:])
            if len(parties) > 1 and all(p.kind == "collective" for p in parties):
                # one awardee per item: "Phòng Cảnh sát hình sự, Công an tỉnh" is a unit and its parent
                parties[0].organisation = block.text[parties[0].end:after].strip(" ,;.")
                parties = parties[:1]
            for party in parties:
                if party.kind == "person" and not party.organisation:
                    party.organisation = group
                for awarded in own or [_Awarded(award)]:
                    out.append(_Found(party, awarded, index, block.label.rstrip(".)")))
            taken.add(index)
            index += 1
    return out, taken


# ---------------------------------------------------------------------------------------------------


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
