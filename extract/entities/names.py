"""RANK and PER spans.

A personal name is a run of capitalised syllables that starts with a family name (surnames.txt) and has
two to five syllables. Words of address, ranks and titles at the start of the run are cues, not part of
the name ("Ông Hoàng Tùng Lâm", "Thượng tá Tạ Văn Nhất"); a title after the name ends it ("… Lâm Giám
đốc Viễn thông Bắc Giang"). A two-syllable name needs a cue: a word of address, rank or title before it,
a list number ("1. Ông …") or ", <title>" after it. A run after a place word ("huyện Cao Lộc") or equal to
a known place ("Hà Nội") is not a person. Aliases ("Bác Hồ") come from person_aliases.tsv.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ..textnorm import clean, fold
from .lexicon import View
from .vocab import entries, folded_set

_CUE_KINDS = ("HONORIFIC", "RANK", "POSITION")
_END_KINDS = ("POSITION", "ORGHEAD", "RANK", "AWARD", "HONORIFIC", "PLACETYPE")
_MAX_NAME = 5


def tag_ranks(v: View) -> None:
    """Add RANK spans (canonical spelling in ``normalized``) before a name or when capitalised."""
    for i in range(v.n):
        m = v.match("RANK", i)
        if m is not None and (v.cap[i] or (m[0] < v.n and v.cap[m[0]])):
            v.add("RANK", i, m[0], m[2])


def _cue_before(v: View, a: int) -> bool:
    """A word of address, rank or title right before token ``a``, or a list number ("1. Ông")."""
    if any(v.ends_at(kind, a) for kind in _CUE_KINDS):
        return True
    return a >= 2 and v.text[a - 1] in (".", ")") and v.text[a - 2].isdigit()


def _cue_after(v: View, e: int) -> bool:
    """A title right after the name, or after a comma ("Nguyễn Văn A, Trưởng phòng …")."""
    if e < v.n and v.match("POSITION", e):
        return True
    return e + 1 < v.n and v.text[e] == "," and v.match("POSITION", e + 1) is not None


@lru_cache(maxsize=None)
def _title_starts() -> frozenset[str]:
    """First syllables of the multi-syllable position titles ("Phó", "Trưởng", "Giám")."""
    return frozenset(fold(t).split()[0] for t in entries("positions.txt") if " " in t)


def _name_end(v: View, a: int, b: int) -> int:
    """Where the name starting at ``a`` ends inside the capitalised run ``[a, b)``.

    It ends before a title, body, rank or award of two or more syllables ("… Lâm Giám đốc"), before a
    one-syllable body head followed by a capitalised word once three syllables are taken ("… Quyền Phòng
    Kỹ thuật"), and before the first syllable of a title that goes on in lower case or is cut off by a
    line break ("… Đồng Trưởng đại diện", "… Tuấn Phó⏎Phòng").
    """
    e = a + 1
    while e < b and e - a < _MAX_NAME:
        if any((m := v.match(kind, e)) and m[0] - e >= 2 for kind in _END_KINDS):
            break
        if e - a >= 3 and v.match("ORGHEAD", e) and e + 1 < v.n and v.cap[e + 1]:
            break
        if e + 1 == b < v.n and v.norm[e] in _title_starts() and (
                "\n" in v.text[b] or (v.alpha[b] and not v.cap[b])):
            break
        e += 1
    return e


def _person(v: View, a: int, b: int, surnames: frozenset[str]) -> tuple[int, int] | None:
    """The name in the capitalised run ``[a, b)``, or None."""
    cue = _cue_before(v, a)
    while a < b:  # words of address and titles written in capitals at the start of the run
        m = max((m[0] for kind in _CUE_KINDS if (m := v.match(kind, a)) and m[0] <= b), default=None)
        if m is None:
            break
        a, cue = m, True
    if a >= b or v.norm[a] not in surnames:
        return None
    e = _name_end(v, a, b)
    if e == b and b - a > _MAX_NAME:
        return None  # a Title Case heading, not a name
    size = e - a
    if size < 2 or not (cue or size >= 3 or _cue_after(v, e)):
        return None
    if v.ends_at("PLACETYPE", a) or v.ends_at("ORGHEAD", a) or v.match("PLACETYPE", a):
        return None  # "huyện Cao Lộc", "Trường Nguyễn Du", "Đường Bản Nằm"
    place = v.match("PLACE", a)
    if place is not None and place[0] >= e:
        return None
    return a, e


def tag_people(v: View) -> None:
    """Add PER spans."""
    surnames = folded_set("surnames.txt")
    i = 0
    while i < v.n:
        alias = v.match("ALIAS", i)
        if alias is not None and v.cap[i]:
            v.add("PER", i, alias[0], alias[2])
            i = alias[0]
            continue
        if not v.cap[i] or v.upper[i]:
            i += 1
            continue
        b = i
        while b < v.n and v.cap[b] and not v.upper[b]:
            b += 1
        found = _person(v, i, b, surnames)
        if found is not None:
            a, e = found
            v.add("PER", a, e, clean(v.doc[a:e].text))
        i = b
    return None


@Language.component("baocao_names")
def names_component(doc: Doc) -> Doc:
    """spaCy component: RANK and PER spans."""
    v: View = doc.user_data["baocao.view"]
    tag_ranks(v)
    tag_people(v)
    return doc
