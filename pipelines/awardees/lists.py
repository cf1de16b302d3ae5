"""Awardees in numbered or dashed lists after a giving sentence ending in ":" or a DANH SÁCH title (rules in
the package docstring)."""

from __future__ import annotations

import re

from baocao.extract.entities.vocab import cue_pattern
from baocao.extract.textnorm import clean, fold

from ..tagged import BlockView, TaggedDocument
from .words import (
    _ARTICLE,
    _starts_with_title,
    _SECTION_WORDS,
    _award_text,
    _cell_segments,
    _list_award,
    _names_list,
    _split_segments,
)
from .ruled import (
    CASH_AWARD,
    _GROUP_LABEL,
)
from .prose import (
    _Awarded,
    _Found,
    _GIVE_TO,
    _LEAD_IN,
    _Party,
    _giver_before,
    _subjects_at,
    _with_giver,
)


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


# A birth year or date in an apposition ("Ông A, sinh năm 1980, Trưởng phòng …", "sinh ngày 12/5/1980") is
# neither position nor unit.
_BIRTH = re.compile(r",\s*(?:sinh năm|năm sinh|sinh ngày|ngày sinh|SN)\s*:?\s*(?:\d{1,2}[/.-]\d{1,2}[/.-])?\d{4}"
                    r"(?=\s*[,;.]|\s*$)", re.IGNORECASE)


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


_BRACKET = re.compile(r"\s*\(([^()]{3,120})\)")


def _bracketed_role(text: str, after: int, party) -> int:
    """A person's position (and unit) written in brackets after the name ("Ông Nguyễn Văn An (Trưởng phòng
    Tư pháp);"): set on the party when it has none; returns where the item goes on."""
    m = _BRACKET.match(text, after)
    if m is None or party.kind != "person" or party.position or party.organisation:
        return after
    inner = clean(m.group(1))
    if not _starts_with_title(inner):
        return after
    party.position, party.organisation = _split_segments(_cell_segments(inner))
    return m.end()


def _item_awards(b: BlockView, after: int) -> tuple[list[_Awarded], int]:
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
            b = tagged.view(index)
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
            b = tagged.view(index)
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
            after = _bracketed_role(block.text, after, parties[-1])
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
