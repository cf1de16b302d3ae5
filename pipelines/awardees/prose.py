"""Awardees in prose: subjects, their appositions and the predicates that give them an award; exemplary
lists (rules in the package docstring).

Why one module of ~510 lines: a subject, its appositions and its predicate are read by one walk over a
block's tokens and spans, each step deciding where the next starts; split, the walk's state would cross
module boundaries."""

from __future__ import annotations

import re
from dataclasses import dataclass

from baocao.extract.entities import Span
from baocao.extract.entities.vocab import cue_pattern
from baocao.extract.textnorm import clean, fold

from ..tagged import CONTENT_KINDS, BlockView, TaggedDocument
from .words import (
    _GIVE,
    _MAX_ENTRY,
    _award_text,
    _honorific_len,
    _keys,
    _repair_tone,
    _starts_with_title,
    _starts_with_unit,
    _title_words,
    _vocab,
)


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
_LEAD_IN = re.compile(r"\s*(?:[-+•–]\s*|\d+[^\W\d_]?[.)]\s+|\d+\s*/\s+|[a-zđ][.)]\s+|(?:như|gồm|là|trong đó)\s*:\s*)",
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


def _vocab_end(b: BlockView, pos: int, vocab) -> int:
    """End offset of the longest ``vocab`` entry the words at ``pos`` make (``pos`` when none)."""
    return b.entry_end(pos, vocab, _MAX_ENTRY)


def _segment(b: BlockView, start: int, limit: int) -> tuple[int, bool]:
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
        if word is None or not (word.text[0].isupper() or word.text[0].isdigit()):
            return start, False
        pos = word.end
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
        token = word.text
        if fold(token) == fold("và") and (_honorific_len(b.keys_from(b.skip(word.end), 3))
                                             or b.at(b.skip(word.end), "PER")):
            return pos, True  # "…, Phó Trưởng phòng Tài chính và bà Lê Thị Tư": the next awardee
        if token[0].isupper() or token[0].isdigit() or fold(token) in _CONNECTORS \
                or _vocab_end(b, nxt, _vocab("place_types.tsv")) > nxt:
            pos = word.end
            continue
        return pos, False
    return pos, True


def _appositions(b: BlockView, pos: int, limit: int) -> tuple[str, str, int]:
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


def _person_at(b: BlockView, pos: int, limit: int) -> tuple[_Party, int] | None:
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


def _collectives_at(b: BlockView, pos: int, limit: int) -> tuple[list[_Party], int]:
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


def _bare_head(b: BlockView, pos: int, limit: int) -> Span | None:
    """A capitalised body word alone before a comma or "và" and another body ("Đảng ủy, UBND xã …")."""
    word = b.word_at(pos)
    end = _vocab_end(b, pos, _vocab("org_heads.tsv"))
    if word is None or not word.text[0].isupper() or end <= pos:
        return None
    m = re.match(r"\s*(?:,|và)\s*", b.text[end:limit])
    if not m or b.at(end + m.end(), "ORG") is None:
        return None
    return Span("ORG", pos, end, b.text[pos:end], b.text[pos:end])


def _subjects_at(b: BlockView, pos: int, limit: int, self_name: str) -> tuple[list[_Party], int]:
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
    if self_name and word and word.text[0].isupper():
        end = _vocab_end(b, pos, _vocab("org_heads.tsv"))
        nxt = b.word_at(b.skip(end)) if end > pos else None
        if end > pos and (nxt is None or nxt.text[0].islower()) \
                and fold(self_name).startswith(fold(b.text[pos:end])):
            return [_Party("collective", self_name, pos, end, bare=True)], end
    return [], pos


def _received(b: BlockView, pos: int, limit: int) -> list[_Awarded]:
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


def _clauses(b: BlockView, start: int, end: int) -> list[tuple[int, int]]:
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


def _segment_starts(b: BlockView, start: int, end: int) -> list[int]:
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


def _clause_parties(b: BlockView, start: int, end: int, self_name: str, exemplary: bool,
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


_IN_FORM = re.compile(r"\s*,?\s*(?:với|bằng|theo)\s+hình\s+thức\s+", re.IGNORECASE)


def _given_in_form(b: BlockView, pos: int, stop: int) -> list[_Found]:
    """"Khen thưởng <named awardees> với hình thức <award>": the parties first, the award after them."""
    found: list[_Party] = []
    while pos < stop:
        parties, after = _subjects_at(b, b.skip(pos), stop, "")
        if not parties:
            break
        found += parties
        form = _IN_FORM.match(b.text, after, stop)
        if form:
            award = b.at(form.end(), "AWARD")
            if award is None:
                return []
            return [_Found(p, _Awarded(_award_text(award)), b.index) for p in found]
        sep = re.match(r"\s*(?:,|và)\s*", b.text[after:stop])
        if not sep:
            break
        pos = after + sep.end()
    return []


def _given_to(b: BlockView, start: int, stop: int) -> list[_Found]:
    """"tặng <award> cho <named awardees>" in ``text[start:stop]``, or "khen thưởng <named awardees> với
    hình thức <award>"."""
    out: list[_Found] = []
    for m in _GIVE_TO.finditer(b.text, start, stop):
        end = stop
        award = b.at(m.end(), "AWARD")
        if award is None:
            out.extend(_given_in_form(b, m.end(), stop))
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


def _giver_before(b: BlockView, pos: int) -> str:
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


def _award_before(b: BlockView, start: int, pos: int) -> _Awarded:
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
        b = tagged.view(index)
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
