"""references.csv: one row per mention of another document in a document's body or footnotes.

(Why one module of ~500 lines: a citation's type, number, date, issuer, subject and relation are read in one
pass over the words after and before its type word, each reader starting where the last stopped.)

**What is a mention.** A document type as the body writes it (``extract/data/cited_types.tsv``: "Nghị
định", "Văn bản" for a Công văn, "Luật"; "QĐ" and the other symbols of ``doc_symbols.tsv`` before "số") with
at least one of: its number ("số 104/QĐ-VNPT-HĐTV-CLG", "số: 640 /QĐ-…", and, for a number with a symbol,
without "số": "Nghị định 126/2024/NĐ-CP"), its date right after it ("ngày 26/5/2016", "ngày 26 tháng 5 năm
2016", also after the issuer: "Kết luận số 132-KL/TW của Bộ Chính trị ngày 18/3/2025"), or, for a law, code,
ordinance or constitution, its name ("Luật Thi đua, Khen thưởng"; such a type counts only with a capital).
Up to four words may stand between a type and "số" ("Quyết định khen thưởng số …"); a type that only has a
date must be written with a capital ("báo cáo ngày …" is a verb and its date). A second number after a
mention's own, with "số" and no type ("các Quyết định số 12/QĐ-UBND, số 13/QĐ-UBND"), is a mention of the
same type. The document's own header is no block of content and so never a mention; nor is the "Nơi
nhận" list. An annex's note "(Kèm theo Quyết định số …)" is one, like any other.

**Nesting.** A document named inside another mention's subject ("Nghị định số 91/2017/NĐ-CP … quy định chi
tiết thi hành một số điều của Luật Thi đua, khen thưởng") is no row of its own unless it has its own number
or date; a law named inside another law's name ("Luật sửa đổi, bổ sung một số điều của Luật Luật sư ngày
20/11/2012": the date is the amending law's) never is.

**Fields.** ``cited_number`` as printed after "số", spaces removed; ``cited_date`` ISO as far as written, or,
when the mention gives none, the date of a clause "Ngày D, X (đã) ban hành/có/gửi <mention>" (cues.tsv
class ``issued``); ``cited_issuer`` the body after "của", up to what opens a subject ("về việc", "quy định",
"ban hành": class ``title``), a date, a clause break or a word of class ``issuer_end`` (a tagged
organisation or position is taken whole), shared by mentions of the same type coordinated before it
("Quyết định số A ngày … và Quyết định số B ngày … của Thủ tướng"), with an aside of class ``issuer_aside``
("của Chủ tịch UBND tỉnh Đắk Nông (cũ)"); when nothing follows, a tagged body the clause names before it:
the subject of a verb of class ``issued`` ("Sở Nội vụ có Công văn số …"), or the agent before "tại" or "theo"
("… của Sở Tư pháp tại Tờ trình số …", "… được UBND tỉnh phê duyệt tại Quyết định số …"); ``cited_title`` a
law's type and name ("Luật Thi đua, Khen thưởng"), else the subject after the number, date and issuer when
it opens with a word of class ``title`` or a quotation mark, up to the clause's end, a bracket aside, a
coordinated mention or a word of class ``title_end``.

**Relation.** The nearest cue (class ``relation``) before the mention in its clause: from the sentence's
start, the last ";" or tab, or the bracket the mention stands in. A ";" or tab right before a mention
does not end the clause: "Căn cứ Luật A; Luật B" cites both as căn cứ; nor does one before a lower-case
word ("Thực hiện Quyết định số … về việc A; đề xuất B; Công văn số …": parts of one clause). A weak cue ("tại") counts only when
no other stands in the clause: "Theo đề nghị của Sở Tư pháp tại Tờ trình số …" is theo đề nghị.

``resolved_doc_id`` is filled for the whole batch when the tables are written (:func:`resolve_references`).
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache

from baocao.extract.doctypes import (
    NUMBER,
    NUMBER_WORD,
    cited_types,
    compact_number,
    doc_symbols,
    has_number_part,
    has_symbol,
    number_key,
    written_symbols,
)
from baocao.extract.entities import Token
from baocao.extract.entities.vocab import cues, read_rows
from baocao.extract.textnorm import clean, fold

from .tables import DocumentRow, EntityRow, ReferenceRow
from .tagged import CONTENT_KINDS, BlockView, TaggedDocument, entity_rows

# Blocks searched: the content, and the addressees (OCR may join the first sentence of the body to them).
REFERENCE_KINDS = CONTENT_KINDS | {"addressees"}
DOCREF = "DOCREF"  # the entity label of a cited document's number (entities.csv)
_MAX_TYPE = 4  # words of the longest type
_MAX_BETWEEN = 4  # words between a type and its "số"
_MAX_NAME = 24  # words of a law's name (that of an amending law names the laws it amends)
_MAX_ISSUER = 14


# -- vocabulary -------------------------------------------------------------------------------------------

def words_of(text: str) -> tuple[str, ...]:
    """``text`` as the tagger's tokens fold it: words and punctuation marks apart."""
    return tuple(fold(word) for word in re.findall(r"[^\W_]+|[^\w\s]", text))


@lru_cache(maxsize=1)
def cue_table() -> dict[str, dict[tuple[str, ...], str]]:
    """Class -> {folded words -> value} of ``extract/data/reference_cues.tsv``."""
    table: dict[str, dict[tuple[str, ...], str]] = {}
    for row in read_rows("reference_cues.tsv"):
        table.setdefault(row[0], {})[words_of(row[1])] = row[2] if len(row) > 2 else ""
    return table


@lru_cache(maxsize=1)
def _longest() -> int:
    return max(len(words) for entries in cue_table().values() for words in entries)


@lru_cache(maxsize=1)
def _issued() -> re.Pattern:
    """What follows the date of "Ngày D, X ban hành" up to the citation: a subject and a verb of class issued."""
    verbs = sorted((row[1] for row in read_rows("reference_cues.tsv") if row[0] == "issued"), key=len, reverse=True)
    alternation = "|".join(re.escape(verb).replace(r"\ ", r"\s+") for verb in verbs)
    return re.compile(rf"\s*,\s*[^;:()“”\"]{{0,150}}?(?<!\S)(?:{alternation})\s*$", re.IGNORECASE)


# -- dates ------------------------------------------------------------------------------------------------

# Dates as a citation writes them: "ngày 26/5/2016", "ngày 25 /6/2021" (a widget's day), "ngày 26 tháng 5 năm
# 2016", "tháng 5/2016"; a law's year "năm 2021" or a bare "2024" after its name.
_DATES = (
    re.compile(r"ngày\s*(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})(?!\d)", re.IGNORECASE),
    re.compile(r"ngày\s*(?P<d>\d{1,2})\s+tháng\s*(?P<m>\d{1,2})\s*năm\s*(?P<y>\d{4})(?!\d)", re.IGNORECASE),
    re.compile(r"tháng\s*(?P<m>\d{1,2})\s*(?:[/.\-]|\s+năm)\s*(?P<y>\d{4})(?!\d)", re.IGNORECASE),
)
_YEAR = re.compile(r"(?:năm\s*)?(?P<y>(?:19|20)\d\d)(?![\d/])", re.IGNORECASE)


def date_at(text: str, pos: int, year: bool = False) -> tuple[str, int] | None:
    """(ISO date, end) of a date starting at ``pos`` (after white space and a comma); with ``year``, a year
    alone ("năm 2021", "2024") counts."""
    lead = re.compile(r"\s*,?\s*").match(text, pos).end()
    for pattern in _DATES + ((_YEAR,) if year else ()):
        m = pattern.match(text, lead)
        if not m:
            continue
        parts = m.groupdict()
        month, day = int(parts.get("m") or 0), int(parts.get("d") or 0)
        if parts.get("m") is not None and not 1 <= month <= 12 or parts.get("d") is not None and not 1 <= day <= 31:
            return None
        iso = m.group("y") + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")
        return iso, m.end()
    return None


# -- mentions ---------------------------------------------------------------------------------------------

@dataclass
class Mention:
    """One citation in one block: where it stands and what it says of the cited document."""

    block: int
    start: int  # the type word (or "số" of a continued list)
    end: int  # end of what identifies it: type, name, number, date
    cited_type: str
    number: str = ""
    number_span: tuple[int, int] | None = None
    date: str = ""
    issuer: str = ""
    title: str = ""
    title_span: tuple[int, int] = (0, 0)
    relation: str = ""
    extent: int = 0  # end of all it read: its issuer and subject too


_NUMBER_AFTER = re.compile(rf"(?P<between>(?:\s+[^\W\d_]+){{0,{_MAX_BETWEEN}}}?)\s*{NUMBER_WORD}(?P<number>{NUMBER})")
_BARE_NUMBER = re.compile(rf"\s+(?P<number>{NUMBER})")
_MORE_NUMBER = re.compile(rf"\s*(?:,|;|và)\s*(?:và\s+)?(?P<word>{NUMBER_WORD})(?P<number>{NUMBER})")
_COORDINATED = re.compile(r"\s*(?:,\s*)?(?:và\s*)?")
_OF = re.compile(r"\s*,?\s*của\s+")
# What may stand between a ";" and the next citation of a list: "và", a bullet ("-", "a)", "2.", OCR's "e").
_LIST_ITEM = re.compile(r"\s*(?:và\s+)?(?P<bullet>[-+•–·]\s*|[a-zđ]\)\s*|\d{1,2}[.)]\s+|[a-zđ]\s+(?=[A-ZĐ]))?")
_STOP_PUNCT = frozenset(";.:()“”\"…!?/\t")
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SO, _NGAY, _THANG, _NAM, _CUA, _VA, _MOT, _DUOC = (fold(word) for word in ("số", "ngày", "tháng", "năm", "của",
                                                                             "và", "một", "được"))
_AGENT_BEFORE = frozenset(fold(word) for word in ("tại", "theo"))  # "… của Sở Tư pháp tại Tờ trình số …"
_AGENT_VERB = 4  # lower-case words of the verb in "được UBND tỉnh phê duyệt tại Quyết định số …"
_AGENT_REACH = 40  # tokens searched back from "tại" for the "của" or "được" that names the agent


@lru_cache(maxsize=1)
def _determiners() -> frozenset[str]:
    """Quantifiers that open a new noun phrase after a comma ("…, các điều kiện"): cues.tsv determiner."""
    return frozenset(fold(word) for word in cues("determiner") if " " not in word)


class _Reader:
    """Reads the mentions of one block (see the module docstring)."""

    def __init__(self, tagged: TaggedDocument, index: int):
        self.index = index
        self.view: BlockView = tagged.view(index)
        self.text = self.view.text
        self.items: tuple[Token, ...] = self.view.tokens.items
        self.starts = [t.start for t in self.items]
        self.sentences = tagged.sentences[index] if index < len(tagged.sentences) else []
        self.cues = cue_table()

    # tokens and vocabularies

    def token_at(self, offset: int) -> int:
        """Index of the first token at or after ``offset``."""
        return bisect.bisect_left(self.starts, offset)

    def match(self, k: int, vocab: dict[tuple[str, ...], str]) -> tuple[int, str] | None:
        """(tokens, value) of the longest entry of ``vocab`` the tokens from ``k`` make, as whole words."""
        keys = tuple(t.key for t in self.items[k:k + _longest()])
        for n in range(len(keys), 0, -1):
            if keys[:n] in vocab and self.word_ends(k + n):
                return n, vocab[keys[:n]]
        return None

    def word_ends(self, k: int) -> bool:
        """Whether a word may end before token ``k``: ``k`` starts a word, or is no letter."""
        return k >= len(self.items) or self.items[k].starts_word or not self.items[k].text[0].isalpha()

    def type_at(self, k: int) -> tuple[int, str, bool] | None:
        """(tokens, canonical type, named) of a cited type starting at token ``k``."""
        token = self.items[k]
        first = token.key.lstrip(_SUPERSCRIPTS)  # a footnote marker the reader left glued: "¹Luật số …"
        if not first[:1].isalpha():
            return None
        keys = (first,) + tuple(t.key for t in self.items[k + 1:k + _MAX_TYPE])
        types = cited_types()
        for n in range(len(keys), 0, -1):
            found = types.get(keys[:n])
            if found is None:
                continue
            canonical, named = found
            if named and not self.is_law(k, n):
                return None
            if not named and n == 1 and not self.word_ends(k + 1):
                return None  # "đơn vị", not a Đơn
            return n, canonical, named
        return None

    def is_law(self, k: int, n: int) -> bool:
        """A named type: written with a capital, not a field of study ("Thạc sĩ Luật …") nor "Luật sư"."""
        if not self.items[k].text.lstrip(_SUPERSCRIPTS)[:1].isupper():
            return False
        before = tuple(t.key for t in self.items[max(0, k - 2):k])
        if any(before[i:] in self.cues["not_law_before"] for i in range(len(before))):
            return False
        return not (k + n < len(self.items) and (self.items[k + n].key,) in self.cues["not_law_after"])

    def abbreviation_at(self, k: int) -> str:
        """The type an abbreviation before "số" names ("QĐ số 779/…" -> Quyết định)."""
        text = self.items[k].text
        return doc_symbols()[text.upper()] if text in written_symbols() or (
            text.isupper() and text in doc_symbols()) else ""

    def limit(self, pos: int) -> int:
        """End of the clause holding ``pos``: the sentence's end, a ";" or a tab."""
        end = next((e for s, e in self.sentences if s <= pos < e), len(self.text))
        stop = re.compile(r"[;\t]").search(self.text, pos, end)
        return stop.start() if stop else end

    # the parts of a mention

    def mentions(self) -> list[Mention]:
        found: list[Mention] = []
        for k in range(len(self.items)):
            typed = self.type_at(k)
            abbreviation = "" if typed else self.abbreviation_at(k)
            if typed:
                found += self.read(k, *typed)
            elif abbreviation:
                found += self.read(k, 1, abbreviation, False, abbreviated=True)
        kept: list[Mention] = []
        for mention in sorted(found, key=lambda m: m.start):
            if any(k.start <= mention.start < k.end for k in kept):
                continue  # inside another's name or number
            if not (mention.number or mention.date) and any(k.title_span[0] <= mention.start < k.title_span[1]
                                                           for k in kept):
                continue  # named only inside another's subject
            kept.append(mention)
        for mention in kept:
            self.relate(mention, kept)
        for mention, after in reversed(list(zip(kept, kept[1:]))):
            if not mention.issuer and after.issuer and after.cited_type == mention.cited_type \
                    and _COORDINATED.fullmatch(self.text, mention.extent, after.start):
                mention.issuer = after.issuer  # "Quyết định số A ngày … và Quyết định số B ngày … của Z"
        for mention in kept:
            if not mention.issuer:
                mention.issuer = self.issuer_before(mention, kept)
        return kept

    def read(self, k: int, n: int, cited_type: str, named: bool, abbreviated: bool = False) -> list[Mention]:
        """The mention whose type word(s) are tokens ``k`` to ``k + n`` (and those continuing its list)."""
        text = self.text
        token = self.items[k]
        start, pos = token.end - len(token.text.lstrip(_SUPERSCRIPTS)), self.items[k + n - 1].end
        limit = self.limit(pos)
        mention = Mention(block=self.index, start=start, end=pos, cited_type=cited_type)
        number = _NUMBER_AFTER.match(text, pos)
        if number and number.group("between") and (named or abbreviated or not self.plain_words(number)):
            number = None
        if number and not self.number_ok(number, limit):
            number = None
        name_end = None
        if number is None and not abbreviated:
            if named:
                name_end = self.name_end(k + n, limit)
                if name_end is not None:
                    pos = mention.end = name_end
                    number = _NUMBER_AFTER.match(text, pos)
                    if number and (number.group("between") or not self.number_ok(number, limit)):
                        number = None
            else:
                number = _BARE_NUMBER.match(text, pos)
                if number and not (self.number_ok(number, limit) and has_symbol(number.group("number"))
                                   and number.group("number")[:1].isdigit()):
                    number = None
        if number is None and abbreviated:
            return []
        if number is not None:
            self.set_number(mention, number)
            pos = mention.end
        date = date_at(text, pos, year=named)
        if date and date[1] <= limit:
            mention.date, pos = date[0], date[1]
            mention.end = pos
        issuer_end = self.issuer(mention, pos, limit)
        if issuer_end is not None:
            pos = issuer_end
            if not mention.date and (date := date_at(text, pos, year=named)) and date[1] <= limit:
                mention.date, pos = date[0], date[1]
                mention.end = pos
        if not (mention.number or mention.date or name_end is not None):
            return []
        if not (mention.number or name_end is not None) and not text[start].isupper():
            return []  # "thời điểm báo cáo ngày 05/11/2025": a verb and its date
        if name_end is not None:
            mention.title = clean(text[start:name_end])
            mention.title_span = (start, name_end)
        self.subject(mention, pos, limit, keep_title=name_end is not None)
        mention.extent = max(pos, mention.end, mention.title_span[1])
        mentions = [mention]
        more = _MORE_NUMBER.match(text, mention.end) if mention.number else None
        while more and self.number_ok(more, limit) and has_number_part(more.group("number")):
            extra = Mention(block=self.index, start=more.start("word"), end=more.end(), cited_type=cited_type)
            self.set_number(extra, more)
            if (date := date_at(text, extra.end)) and date[1] <= limit:
                extra.date, extra.end = date[0], date[1]
            extra.extent = extra.end
            mentions.append(extra)
            more = _MORE_NUMBER.match(text, extra.end)
        return mentions

    def plain_words(self, match: re.Match) -> bool:
        """Whether the words between a type and its "số" may stand there: no type among them ("quy định tại
        Quyết định số …" cites the Quyết định), and the number has a symbol ("báo cáo theo Mẫu số 02" is none)."""
        first, last = self.token_at(match.start("between")), self.token_at(match.end("between"))
        return has_symbol(match.group("number")) and not any(self.type_at(k) for k in range(first, last))

    def number_ok(self, match: re.Match, limit: int) -> bool:
        raw = match.group("number")
        return match.end() <= limit and bool(re.search(r"\d", raw) or "/" in raw or "⁄" in raw)

    def set_number(self, mention: Mention, match: re.Match) -> None:
        raw = match.group("number").rstrip("-–_/ ")
        start = match.start("number")
        mention.number = compact_number(raw.replace("⁄", "/"))
        mention.number_span = (start, start + len(raw))
        mention.end = start + len(raw)

    def name_end(self, k: int, limit: int) -> int | None:
        """End offset of a law's name starting at token ``k`` (None when no name follows the type)."""
        items, end, words, nested = self.items, None, 0, False
        while k < len(items) and items[k].start < limit and words < _MAX_NAME:
            token = items[k]
            nxt = items[k + 1] if k + 1 < len(items) else None
            if token.text in _STOP_PUNCT or token.text[0].isdigit():
                break
            if token.text == ",":
                if nxt is None or self.type_at(k + 1) or self.match(k + 1, self.cues["name_end"]) \
                        or nxt.text[0].isdigit() or nxt.key in _determiners() or self.body_at(k + 1):
                    break
                k += 1
                continue
            if not token.text[0].isalpha():
                k += 1
                continue
            if token.key == _SO and not (words and items[k - 1].key == _MOT and nxt is not None
                                         and not nxt.text[0].isdigit()):
                break  # "Luật số 39/…", or a number on the next line; "một số điều" goes on
            if (token.key in (_NGAY, _THANG) and nxt is not None and nxt.text[0].isdigit()) or \
                    (token.key == _NAM and nxt is not None and re.fullmatch(r"(?:19|20)\d\d", nxt.text)):
                break
            if token.key in (_CUA, _VA):
                later = self.type_at(k + 1) if nxt is not None else None
                if not (later and later[2] and (token.key == _CUA or nested)):
                    break
                nested = True
            elif self.match(k, self.cues["name_end"]):
                break
            end = token.end
            words += 1
            k += 1
        return end

    def issuer(self, mention: Mention, pos: int, limit: int) -> int | None:
        """The body after "của" into ``mention.issuer``; returns where it ends (None when there is none)."""
        of = _OF.match(self.text, pos)
        if not of or of.end() >= limit:
            return None
        start = of.end()
        k = self.token_at(start)
        tagged = max((s.end for s in self.view.starting.get(start, ()) if s.label in ("ORG", "POSITION")),
                     default=start)
        end, words = None, 0
        while k < len(self.items) and self.items[k].start < limit and words < _MAX_ISSUER:
            token = self.items[k]
            inside = token.start < tagged  # a tagged body holds its commas and "và" ("Sở Văn hóa, Thể thao …")
            if token.text in _STOP_PUNCT or (token.text in ",“" and not inside) or token.text[0].isdigit():
                break
            if not words and self.match(k, self.cues["title"]):
                return None  # "của Về việc …": no issuer
            if words and (self.match(k, self.cues["title"]) or self.type_at(k)
                          or (token.key == _NGAY and k + 1 < len(self.items) and self.items[k + 1].text[0].isdigit())):
                break  # the tagger's bodies may run on into the subject ("Sở Nội vụ về …")
            if words and not inside and self.match(k, self.cues["issuer_end"]) and not self.continues_body(k):
                break
            if tagged > start and not inside and token.text[0].islower():
                break  # past a tagged body, lower-case words say something else ("HĐND tỉnh kinh phí …")
            end = token.end
            words += token.text[0].isalnum()
            k += 1
        if end is None:
            return None
        aside = self.aside_after(self.token_at(end))
        if aside is not None:
            end = self.items[aside - 1].end  # "của Chủ tịch UBND tỉnh Đắk Nông (cũ)"
        mention.issuer = clean(self.text[start:end]).rstrip(" ,-–")
        return end

    def issuer_before(self, mention: Mention, kept: list[Mention]) -> str:
        """The issuer a clause names before the mention, when none follows it: the subject of a verb of class
        ``issued`` ("UBND tỉnh đã ban hành Kế hoạch số …", "Sở Nội vụ có Công văn số …"), or the agent before
        "tại" or "theo": "… chỉ đạo của Chính phủ tại Nghị quyết số …", "… của A (cũ), B (cũ) tại Đơn đề nghị
        số … và C tại Tờ trình số …", "… được Chủ tịch UBND tỉnh công nhận tại Quyết định số …". Only tagged
        organisations and positions count, with an aside of class ``issuer_aside`` after them."""
        k = self.token_at(mention.start)
        for n in range(_longest(), 0, -1):
            if k - n > 0 and self.items[k - n].starts_word \
                    and tuple(t.key for t in self.items[k - n:k]) in self.cues["issued"]:
                return self.body_ending(k - n)
        if k == 0 or self.items[k - 1].key not in _AGENT_BEFORE:
            return ""
        at = k - 1  # "tại"
        for j in range(at - 1, max(-1, at - _AGENT_REACH), -1):
            token = self.items[j]
            if token.text in _STOP_PUNCT and token.text not in "()":
                return ""
            earlier = next((m for m in kept if m is not mention and m.start <= token.start < max(m.extent, m.end)),
                           None)
            if earlier is not None:
                # "… tại Đơn đề nghị số … và Sở Tư pháp tại Tờ trình số …": a body coordinated after it
                if j + 1 < at and self.items[j + 1].key == _VA and self.bodies(j + 2, at):
                    return clean(self.text[self.items[j + 2].start:self.items[at - 1].end])
                return ""
            if token.key == _CUA and self.bodies(j + 1, at):
                return clean(self.text[self.items[j + 1].start:self.items[at - 1].end])
            if token.key == _DUOC:
                end = self.body_end(j + 1)
                verb = self.items[end:at] if end is not None else ()
                if verb and len(verb) <= _AGENT_VERB and all(t.text[0].isalpha() and t.text[0].islower()
                                                               for t in verb):
                    return clean(self.text[self.items[j + 1].start:self.items[end - 1].end])
                return ""
        return ""

    def body_ending(self, k: int) -> str:
        """The tagged organisation or position (with its aside) that ends right before token ``k``."""
        end = k
        if k > 0 and self.items[k - 1].text == ")":
            opening = next((j for j in range(k - 2, max(-1, k - 8), -1) if self.items[j].text == "("), None)
            if opening is None or self.aside_after(opening) != k:
                return ""
            end = opening
        if end == 0:
            return ""
        stop = self.items[end - 1].end
        starts = [s.start for s in self.view.spans if s.end == stop and s.label in ("ORG", "POSITION")]
        return clean(self.text[min(starts):self.items[k - 1].end]) if starts else ""

    def body_end(self, k: int) -> int | None:
        """Token after the tagged organisation or position starting at token ``k`` and its aside, if any."""
        if k >= len(self.items):
            return None
        end = max((s.end for s in self.view.starting.get(self.items[k].start, ()) if s.label in ("ORG", "POSITION")),
                  default=None)
        if end is None:
            return None
        after = self.token_at(end)
        aside = self.aside_after(after)
        return aside if aside is not None else after

    def bodies(self, k: int, stop: int) -> bool:
        """Whether tokens ``k`` to ``stop`` are tagged bodies (each with its aside) joined by commas and "và"."""
        while k < stop:
            k = self.body_end(k)
            if k is None or k > stop:
                return False
            if k < stop:
                if not (self.items[k].text == "," or self.items[k].key == _VA) or k + 1 >= stop:
                    return False
                k += 1
        return k == stop

    def aside_after(self, k: int) -> int | None:
        """Token after a bracketed aside of class ``issuer_aside`` opening at token ``k`` ("(cũ)", "(trước sắp
        xếp)"), or None."""
        if k >= len(self.items) or self.items[k].text != "(":
            return None
        found = self.match(k + 1, self.cues["issuer_aside"])
        if found is None or k + 1 + found[0] >= len(self.items) or self.items[k + 1 + found[0]].text != ")":
            return None
        return k + 2 + found[0]

    def body_at(self, k: int) -> bool:
        """Whether a tagged organisation, place or position starts at token ``k``."""
        return k < len(self.items) and any(span.label in ("ORG", "LOC", "POSITION")
                                           for span in self.view.starting.get(self.items[k].start, ()))

    def continues_body(self, k: int) -> bool:
        """"và" inside a body's name ("Bộ Lao động - Thương binh và Xã hội"): a capital after it, no type."""
        nxt = self.items[k + 1] if k + 1 < len(self.items) else None
        return (self.items[k].key == _VA and nxt is not None and nxt.text[0].isupper()
                and not self.type_at(k + 1))

    def subject(self, mention: Mention, pos: int, limit: int, keep_title: bool) -> None:
        """The subject after the number, date and issuer: opened by a title word or a quotation mark."""
        text = self.text
        start = re.compile(r"\s*").match(text, pos).end()
        quoted = re.compile(r"\s*,?\s*[“\"]").match(text, pos)
        if quoted:
            start = quoted.end() - 1
        if start >= limit:
            return
        if text[start] in "“\"":
            close = text.find("”" if text[start] == "“" else "\"", start + 1, limit)
            end = close if close > 0 else limit
            title = text[start + 1:end]
        else:
            k = self.token_at(start)
            if k >= len(self.items) or self.items[k].start != start or not self.match(k, self.cues["title"]):
                return
            end = self.subject_end(k, limit)
            title = text[start:end]
            if self.match(k, self.cues["title"])[0] == len(self.words_between(start, end)):
                title = ""  # the opener alone is a verb: "Nghị định số … quy định: “…”"
        if not keep_title:
            mention.title = clean(title).strip(" ,.-–")
        mention.title_span = (mention.title_span[0] if keep_title else start, end)

    def words_between(self, start: int, end: int) -> list[Token]:
        return [t for t in self.items[self.token_at(start):self.token_at(end)] if t.text[0].isalnum()]

    def subject_end(self, k: int, limit: int) -> int:
        """Where a subject starting at token ``k`` ends (see the module docstring)."""
        items, end, depth, first = self.items, self.items[k].end, 0, k
        while k < len(items) and items[k].start < limit:
            token = items[k]
            nxt = items[k + 1] if k + 1 < len(items) else None
            if token.text in (":", "…") or (token.text == ")" and depth == 0):
                break
            if token.text == "(":
                if nxt is None or not (nxt.text.isupper() or nxt.text[0].isdigit()):
                    break  # an aside ("(gửi kèm theo …)"); an acronym stays ("(DVC)")
                depth += 1
            depth -= token.text == ")"
            if token.text in (",", "và") and nxt is not None and (
                    self.cites(k + 1) or self.match(k + 1, self.cues["title_end"]) or token.text == "," and (
                        self.match(k + 1, self.cues["relation"]) or self.body_at(k + 1))):
                break  # another citation, a remark on this one, or a new clause ("…, Sở Nội vụ hướng dẫn …")
            if k > first and self.cites(k) and not self.nests(k):
                break  # "… Luật Công chứng và điểm b khoản 3 Điều 18 Quyết định số …": another citation
            if token.text[0].isalpha() and self.match(k, self.cues["title_end"]):
                break
            end = token.end
            k += 1
        return end

    def cites(self, k: int) -> bool:
        """Whether a citation with a number starts at token ``k`` (a law named in a subject stays in it:
        "… biện pháp thi hành Luật Luật sư")."""
        typed = self.type_at(k)
        if typed is None:
            return False
        pos = self.items[k + typed[0] - 1].end
        number = _NUMBER_AFTER.match(self.text, pos)
        if number and number.group("between") and not self.plain_words(number):
            number = None
        return bool(number or re.match(r"\s+\d", self.text[pos:]))

    def nests(self, k: int) -> bool:
        """Whether the type at token ``k`` belongs to the subject before it: after "của" or a cue
        ("… sửa đổi, bổ sung một số điều của Nghị định số …", "… hướng dẫn thi hành Nghị định số …")."""
        if self.items[k - 1].key == _CUA:
            return True
        return any(k - n >= 0 and tuple(t.key for t in self.items[k - n:k]) in self.cues[name]
                   for n in range(1, _longest() + 1) for name in ("relation", "near", "weak"))

    # the relation

    def relate(self, mention: Mention, kept: list[Mention]) -> None:
        """The mention's relation and, when it has no date, the date of "Ngày D, X ban hành <mention>".

        Cues inside another mention's subject govern only the mentions inside it ("Nghị định số 137/…
        sửa đổi, bổ sung một số điều của Nghị định số 123/…" is sửa đổi for the second, not for a later one).
        """
        text = self.text
        starts = {m.start for m in kept}
        others = [m.title_span for m in kept if m is not mention
                  and not m.title_span[0] <= mention.start < m.title_span[1]]
        cut = self.list_start(mention.start)
        listed = None  # after the last ";" that goes on with a list of mentions ("Căn cứ Luật A; Luật B")
        for stop in re.compile(r"[;\t]").finditer(text, cut, mention.start):
            item = _LIST_ITEM.match(text, stop.end())
            if item.end() in starts or (item.group("bullet") and stop.group() == ";"):
                listed = stop.end()  # a list goes on: of citations, or of bulleted items after one cue
            elif stop.group() == ";" and text[item.end():item.end() + 1].islower():
                continue  # "…; đề xuất nhiệm vụ …": a lower-case part goes on the clause (a subject's part)
            else:
                cut, listed = stop.end(), None
        k = self.token_at(cut)
        while k < len(self.items) and self.items[k].end <= mention.start:
            found = self.match(k, self.cues["clause"]) if self.items[k].starts_word else None
            if found and not any(m.start <= self.items[k].start < m.extent for m in kept):
                cut, listed = self.items[k + found[0] - 1].end, None
            k += found[0] if found else 1
        depth = 0
        bracketed = ""  # the cue right before the bracket the mention stands in: "theo quy định (… Nghị định số …)"
        for at in range(mention.start - 1, cut - 1, -1):
            if text[at] == ")":
                depth += 1
            elif text[at] == "(":
                if depth == 0:
                    bracketed = self.cue_before(at, cut)
                    cut = at + 1
                    listed = listed if listed is not None and listed > cut else None
                    break
                depth -= 1
        # In a list, the cues before its first item and those right before this one: not those inside the
        # items between ("… thi hành Luật Luật sư; Nghị định số 137/…" is căn cứ, as the list's first item).
        first = min((s for s in starts if s >= cut), default=mention.start)
        regions = [(cut, mention.start)] if listed is None else [(cut, first), (listed, mention.start)]
        strong = weak = ""
        yielding = None  # token after a strong cue that yields to a later weak one (cues.tsv yields)
        for begin, end in regions:
            k = opening = self.opening(begin, end)
            while k < len(self.items) and self.items[k].end <= end:
                inside = any(a <= self.items[k].start < b for a, b in others)
                found = self.match(k, self.cues["relation"]) or self.match(k, self.cues["near"]) \
                    or self.match(k, self.cues["weak"]) if self.items[k].starts_word and not inside else None
                if found is None:
                    k += 1
                    continue
                n, value = found
                keys = tuple(t.key for t in self.items[k:k + n])
                if keys in self.cues["relation"] or (keys in self.cues["near"] and (
                        self.match(k + n, self.cues["act"]) or self.adjacent(k + n, mention.start, kept))):
                    strong = value
                    yielding = k + n if k != opening and words_of(value) in self.cues["yields"] else None
                else:
                    weak = value
                    if yielding is not None and k - yielding >= 2:
                        strong, yielding = "", None  # "Về thực hiện nhiệm vụ … tại Công văn số …" is theo
                k += n
        mention.relation = "" if self.object_of_verb(mention.start) else strong or weak or bracketed
        if not mention.date:
            mention.date = _issued_date(text[cut:mention.start])


    def opening(self, begin: int, end: int) -> int:
        """The token that opens the clause from offset ``begin``: its first word, after a list bullet."""
        k = self.token_at(begin)
        while k < len(self.items) and self.items[k].end <= end and not self.items[k].text[0].isalpha():
            k += 1
        return k

    def cue_before(self, at: int, cut: int) -> str:
        """The relation of a cue whose words end right before offset ``at`` (an open bracket), else "":
        "theo quy định (khoản 3 Điều 32 Nghị định số …)"."""
        k = self.token_at(at)
        for back in range(1, _longest() + 2):
            start = k - back
            if start < 0 or self.items[start].start < cut:
                break
            found = self.match(start, self.cues["relation"]) or self.match(start, self.cues["weak"])
            if found and found[0] == back:
                return found[1]
            near = self.match(start, self.cues["near"])
            act = self.match(start + 1, self.cues["act"]) if near else None
            if near and act and 1 + act[0] == back:
                return near[1]
        return ""

    def list_start(self, offset: int) -> int:
        """Start of the sentence holding ``offset``, or of the list it is an item of: "Căn cứ: - Nghị định số …;
        - Quyết định số …" (the sentence splitter ends a sentence before each item)."""
        index = next((i for i, (s, e) in enumerate(self.sentences) if s <= offset < e), None)
        if index is None:
            return 0
        while index > 0 and _LIST_ITEM.match(self.text, self.sentences[index][0]).group("bullet") \
                and self.text[:self.sentences[index][0]].rstrip()[-1:] in (":", ";"):
            index -= 1
            if self.text[:self.sentences[index][1]].rstrip().endswith(":"):
                break
        return self.sentences[index][0]

    def adjacent(self, k: int, start: int, kept: list[Mention]) -> bool:
        """Whether only determiners, "và", commas and other citations (with their issuer and subject) stand
        between token ``k`` and offset ``start``: "theo Công văn số 1238/… của UBND tỉnh và Công văn số …"."""
        spans = [(m.start, m.extent) for m in kept]
        return all(t.key in _determiners() or t.key == _VA or t.text == "," or any(a <= t.start < b for a, b in spans)
                   for t in self.items[k:self.token_at(start)])

    def object_of_verb(self, start: int) -> bool:
        """Whether a verb of class ``verb`` stands right before ``start`` ("tỉnh đã ban hành Quyết định …")."""
        k = self.token_at(start)
        return any(k - n >= 0 and tuple(t.key for t in self.items[k - n:k]) in self.cues["verb"]
                   and self.items[k - n].starts_word for n in range(1, 4))


def _issued_date(clause: str) -> str:
    """The date of "Ngày 04/4/2024, Chủ tịch UBND tỉnh ban hành" at the end of ``clause``, else ""."""
    pattern = _issued()
    for m in reversed(list(re.finditer(r"ngày", clause, re.IGNORECASE))):
        found = date_at(clause, m.start())
        if found and pattern.match(clause, found[1]):
            return found[0]
    return ""


# -- rows -------------------------------------------------------------------------------------------------

def find_mentions(tagged: TaggedDocument) -> list[Mention]:
    """Every mention of another document in the document's content, in reading order."""
    mentions: list[Mention] = []
    for index, block in enumerate(tagged.blocks):
        if block.kind in REFERENCE_KINDS:
            mentions += _Reader(tagged, index).mentions()
    return mentions


def reference_rows(tagged: TaggedDocument, mentions: list[Mention]) -> list[ReferenceRow]:
    """One row per mention (ids and ``resolved_doc_id`` are set later)."""
    rows = []
    for mention in mentions:
        where = tagged.where(mention.block, mention.start, mention.end)
        rows.append(ReferenceRow(
            doc_id=tagged.doc.doc_id, relation=mention.relation, cited_type=mention.cited_type,
            cited_number=mention.number, cited_date=mention.date, cited_issuer=mention.issuer,
            cited_title=mention.title, page=where.page, source=where.source, footnote_no=where.footnote_no,
            context=where.context, block=mention.block, char_start=mention.start, char_end=mention.end))
    return rows


def docref_entities(tagged: TaggedDocument, mentions: list[Mention]) -> list[EntityRow]:
    """A DOCREF entity for the number of every mention that gives one."""
    rows = []
    for mention in mentions:
        if mention.number_span is None:
            continue
        start, end = mention.number_span
        block = tagged.blocks[mention.block]
        rows.append(EntityRow(
            doc_id=tagged.doc.doc_id, label=DOCREF, text=block.text[start:end], normalized=mention.number,
            page=block.page_at(start), source=block.source, footnote_no=block.footnote_no, char_start=start,
            char_end=end, block=mention.block))
    return rows


def with_docrefs(entities: list[EntityRow], docrefs: list[EntityRow]) -> list[EntityRow]:
    """The tagger's entities and the DOCREF ones in reading order (by block, then offset)."""
    return sorted(entities + docrefs, key=lambda row: (row.block, row.char_start))


def document_entities(tagged: TaggedDocument, mentions: list[Mention] | None = None) -> list[EntityRow]:
    """Every entity of the document: the tagger's spans and the cited documents' numbers (DOCREF)."""
    mentions = find_mentions(tagged) if mentions is None else mentions
    return with_docrefs(entity_rows(tagged), docref_entities(tagged, mentions))


# -- the batch --------------------------------------------------------------------------------------------

def _compatible(cited: str, issued: str) -> bool:
    """Two ISO dates as far as written agree (one is the other or begins it); an empty one agrees."""
    return not cited or not issued or cited.startswith(issued) or issued.startswith(cited)


def _symbol_key(number: str) -> str:
    key = number_key(number)
    return key[key.index("/"):] if "/" in key else ""


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    return {fold(row[1]): fold(row[2]) for row in read_rows("reference_cues.tsv") if row[0] == "alias"}


def _body_key(text: str) -> str:
    words = [_aliases().get(word, word) for word in fold(clean(text)).replace(",", " ").split()]
    return " " + " ".join(words) + " "


def _same_body(cited: str, issuer: str) -> bool:
    """The issuer a citation names and a document's: one holds the other ("Ủy ban nhân dân tỉnh" and "ỦY BAN
    NHÂN DÂN TỈNH LÂM ĐỒNG"; "Chủ tịch UBND tỉnh Lâm Đồng" and "UBND TỈNH LÂM ĐỒNG")."""
    a, b = _body_key(cited), _body_key(issuer)
    return bool(a.strip() and b.strip()) and (a in b or b in a)


class _Batch:
    """The batch's documents indexed by what citations are matched on, made once per batch: by number key,
    by symbol and date (numbers whose number part was not read), by type and date."""

    def __init__(self, documents: list[DocumentRow]):
        self.by_number: dict[str, list[DocumentRow]] = {}
        self.by_symbol_date: dict[tuple[str, str], list[DocumentRow]] = {}
        self.by_type_date: dict[tuple[str, str], list[DocumentRow]] = {}
        for doc in documents:
            if doc.doc_number and has_number_part(doc.doc_number):
                self.by_number.setdefault(number_key(doc.doc_number), []).append(doc)
            elif doc.doc_number:
                self.by_symbol_date.setdefault((_symbol_key(doc.doc_number), doc.issue_date), []).append(doc)
            self.by_type_date.setdefault((doc.doc_type, doc.issue_date), []).append(doc)

    def candidates(self, row: ReferenceRow) -> list[DocumentRow]:
        """The batch's documents a citation may be (see :func:`resolve_references`)."""
        if row.cited_number and has_number_part(row.cited_number):
            found = [doc for doc in self.by_number.get(number_key(row.cited_number), [])
                     if _compatible(row.cited_date, doc.issue_date)]
            if found or len(row.cited_date) != 10:
                return found
            # A number whose number part the reader could not read (OCR): same symbol, same full date.
            return self.by_symbol_date.get((_symbol_key(row.cited_number), row.cited_date), [])
        if len(row.cited_date) != 10 or not row.cited_issuer:
            return []
        return [doc for doc in self.by_type_date.get((row.cited_type, row.cited_date), [])
                if _same_body(row.cited_issuer, doc.issuer)
                or _same_body(row.cited_issuer, f"{doc.issuer_parent} {doc.issuer}")]


def resolve_references(documents: list[DocumentRow], rows: list[ReferenceRow]) -> list[ReferenceRow]:
    """``rows`` with ``resolved_doc_id`` set to the document of the batch each cites, when one matches.

    A citation with a number matches a document with the same number (case, spaces, tone placement and
    dashes aside) whose date does not contradict the cited date; failing that, one whose number part was not
    read, with the same symbol and the same full date. A citation without a number matches on type, full date
    and issuer. Of several, the citing document itself (an annex's note), else the first of the batch.
    Done when the tables are written, never cached with a document: it depends on the batch.
    """
    batch = _Batch([doc for doc in documents if doc.status != "error" and doc.doc_id])
    out = []
    for row in rows:
        found = batch.candidates(row)
        chosen = next((doc for doc in found if doc.doc_id == row.doc_id), found[0] if found else None)
        out.append(dataclasses.replace(row, resolved_doc_id=chosen.doc_id if chosen else ""))
    return out
