"""Awardees: the words of names, titles and units matched at the start of a text, names in list cells,
and the award a document gives (its decision's article and its list titles)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from baocao.extract.entities import Span
from baocao.extract.entities.vocab import cue_pattern, entries, folded_set, read_rows
from baocao.extract.textnorm import TONE_MARKS, clean, fold, strip_tones

from ..tagged import CONTENT_KINDS, TaggedDocument


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


def _keys(text: str, limit: int | None = None) -> tuple[str, ...]:
    """Folded words of ``text`` (the first ``limit`` ones)."""
    return tuple(fold(w) for w in _WORD.findall(_split_glued(text))[:limit])


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
    keys = tuple(fold(w) for w in words)
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
    keys = tuple(fold(w) for w in words)
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
        keys = tuple(fold(t.rstrip(":.")) for t in tokens[:_MAX_ENTRY])
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
            if _honorific_len((fold(glued[0].rstrip(":")),)) or strip_tones(fold(glued[0])) in _ADDRESS_BARE:
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
    return 2 <= len(words) <= 6 and fold(words[0]) in _surnames() and all(w[:1].isupper() for w in words)


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

def _names_list(text: str) -> bool:
    """Whether ``text`` says "danh sách", also as OCR misreads it ("ĐANH SÁCH": tone marks and Đ/D aside)."""
    return bool(_LIST_TITLE.search(text)) or "danh sach" in strip_tones(text).lower().replace("đ", "d")
