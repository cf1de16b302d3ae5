"""ORG, LOC, POSITION and AWARD spans.

An organisation starts at a head word (org_heads.tsv: "Sở", "Phòng", "UBND", "Đoàn thanh niên" …) and
extends word by word. The rules follow how Vietnamese writes names of bodies:

- the complement after the head is Title Case words ("Sở Khoa học và Công nghệ") or, in sentence case, a
  first capitalised word followed by lower-case words ("Phòng Cảnh sát điều tra tội phạm về ma túy",
  "Trung tâm Phục vụ hành chính công"); lower-case words are taken after the first complement word only,
  or anywhere when they lead to an anchor (a parent body's head or a "tỉnh/huyện" suffix), and never
  across a verb or preposition (stopwords.tsv), nor across "và" unless what follows opens a known
  complement ("… và phát triển nông thôn", org_conjuncts.txt; "Bộ Nội vụ và kết quả …" stops at "và");
- a place suffix closes the name ("Công an tỉnh", "UBND huyện Lộc Bình"); a parent body written without a
  comma is part of it ("Ban Tuyên giáo Tỉnh ủy"); a term ends it ("Ban Chấp hành Trung ương Đảng khoá XII");
- a head glued to a lower-case syllable in one underthesea word is another word ("Ban hành", "Hội nghị");
- generic classes are not organisations: after "các/những/mỗi", before "các cấp", ending in "cơ sở",
  and the role committees of non_orgs.txt ("Ban Tổ chức").
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ..textnorm import clean, fold
from .lexicon import View, key
from .vocab import cues, folded_set

_ROMAN = re.compile(r"[IVXLC]+|\d+")
_EVENT_WORDS = frozenset({fold("ngày")})  # "ngày Hội …" is an event
# Prepositions that may stand inside a role after a name (cues.tsv "role_prep"); the others end it.
_PLACE_PREPS = frozenset(fold(w) for w in cues("role_prep"))
# One-word determiners (cues.tsv) before a head make it plural, not a name: "các sở, ban".
_PLURALS = frozenset(fold(w) for w in cues("determiner") if " " not in w)
_WHOLE = fold("toàn")  # "toàn tỉnh": the whole province, not a body's place
_MAX_LOWER = 8  # lower-case syllables taken before punctuation
_MAX_LOWER_OPEN = 4  # … before a stop word or a capitalised word


@lru_cache(maxsize=None)
def _non_orgs() -> tuple[str, ...]:
    return tuple(sorted(folded_set("non_orgs.txt")))


def head_at(v: View, i: int) -> tuple[int, set[str]] | None:
    """``(end, flags)`` of an organisation head starting at token ``i``, else None."""
    m = v.match("ORGHEAD", i)
    if m is None:
        return None
    end, flags = m[0], set(filter(None, m[1].split(",")))
    if not (v.cap[i] or v.upper[i]) and "anycase" not in flags:
        return None
    if v.upper[i] and not m[2].isupper():
        return None  # a heading in capitals ("BÁO CÁO"), not the head "Báo"
    # "Ban hành", "Hội nghị", "Tổ chức": the head is the start of a longer lower-case word.
    if end < v.n and not v.word_start[end] and v.alpha[end] and not v.cap[end] \
            and not any(v.word_start[k] for k in range(i + 1, end)):
        return None
    return end, flags


def place_at(v: View, i: int) -> tuple[int, str, str] | None:
    """A place word ("tỉnh", "huyện", "Trung ương") at ``i``; not the start of a longer word ("Xã hội")."""
    m = v.match("PLACETYPE", i)
    if m is None:
        return None
    end = m[0]
    if end < v.n and not v.word_start[end] and v.alpha[end] and not v.cap[end] \
            and not any(v.word_start[k] for k in range(i + 1, end)):
        return None
    if v.cap[i] and m[1] == "unit" and not (end < v.n and v.cap[end]):
        return None  # a capitalised unit word names a place only before its name
    return m


def _stop(v: View, k: int, classes=("verb", "prep", "det", "conj", "time", "org")) -> bool:
    m = v.match("STOP", k)
    return m is not None and m[1] in classes


@lru_cache(maxsize=1)
def _conjuncts() -> tuple[tuple[str, ...], ...]:
    """org_conjuncts.txt as folded words, longest first."""
    return tuple(sorted((tuple(entry.split()) for entry in folded_set("org_conjuncts.txt")), key=len, reverse=True))


def _conjunct_at(v: View, k: int) -> bool:
    """Whether the lower-case words at ``k`` may go on a body's name after "và" (org_conjuncts.txt)."""
    return any(tuple(v.norm[k:k + len(words)]) == words for words in _conjuncts())


def _anchor(v: View, k: int) -> bool:
    """A parent body's head or a place suffix at ``k`` (a lower-case run may lead up to it)."""
    if k >= v.n:
        return False
    if head_at(v, k) is not None and (v.cap[k] or v.upper[k]):
        return True
    return place_at(v, k) is not None and not (k > 0 and v.norm[k - 1] == key("cấp"))


def _title_word(v: View, k: int) -> int:
    """End of the capitalised word starting at ``k``: its lower-case syllables in the same underthesea word."""
    k += 1
    while k < v.n and not v.word_start[k] and v.alpha[k] and not v.cap[k]:
        k += 1
    return k


def _proper_name(v: View, k: int) -> int:
    """End of the run of capitalised syllables starting at ``k`` (a place's name after "tỉnh", "huyện")."""
    while k < v.n and (v.cap[k] or v.upper[k]) and head_at(v, k) is None:
        k += 1
    return k


def _comma_list(v: View, k: int) -> int | None:
    """For "Sở Văn hóa, Thể thao và Du lịch": at the comma ``k``, the index of the closing "và", else None.

    Each item after a comma starts with a capital and holds at most four syllables, none a stop word or a
    body's head.
    """
    j = k
    while j < v.n and v.text[j] == ",":
        j += 1
        if j >= v.n or not v.cap[j] or head_at(v, j) is not None:
            return None
        start = j
        while j < v.n and v.alpha[j] and j - start < 4 and v.norm[j] != key("và") \
                and not _stop(v, j) and (j == start or head_at(v, j) is None):
            j += 1
    if j + 1 < v.n and v.norm[j] == key("và") and v.cap[j + 1] and head_at(v, j + 1) is None:
        return j
    return None


def extend_org(v: View, i: int) -> int | None:
    """End token of the organisation whose head starts at ``i``, or None when it is not one."""
    head = head_at(v, i)
    if head is None:
        return None
    pos, flags = head
    if pos < v.n and v.match("POSITION", pos) is not None and v.cap[pos]:
        return None  # "Đoàn Chủ tịch", "Ban Giám đốc": a group of office holders
    state = "closed" if "alone" in flags else "head"
    good = pos if "alone" in flags else None
    placed = False
    words = 0  # complement words taken since the head or the last "và"
    conjunct = False  # after "và": lower-case words only when they lead to an anchor
    while pos < v.n:
        t = pos
        if v.space[t]:
            break
        parent = head_at(v, t) if (v.cap[t] or v.upper[t]) else None
        if parent is not None:
            pos, flags = parent
            if state in ("head", "closed") or "alone" in flags:
                good = pos
            state, placed, words, conjunct = ("closed" if "alone" in flags else "chained"), False, 0, False
            continue
        place = place_at(v, t)
        if place is not None and not placed and not (t > 0 and v.norm[t - 1] == key("cấp")) and state != "head":
            pos = place[0]
            if place[1] == "unit":
                pos = _proper_name(v, pos)
            good, state, placed = pos, "closed", True
            continue
        if place is not None and state == "head" and place[1] == "unit" and pos + 1 < v.n:
            end = _proper_name(v, place[0])  # "Đảng bộ tỉnh Lạng Sơn", "UBND tỉnh"
            if end > place[0] or not v.cap[t]:
                good, pos, state, placed = end, end, "closed", True
                continue
        if state in ("closed", "chained"):
            if v.norm[t] == key("khoá") and t + 1 < v.n and _ROMAN.fullmatch(v.text[t + 1]):
                good = pos = t + 2
            elif state == "closed" and not placed and (v.cap[t] or v.upper[t]) and v.match("PLACE", t):
                good = pos = v.match("PLACE", t)[0]  # "Mặt trận Tổ quốc Việt Nam", "Công đoàn Việt Nam"
                placed = True
                continue
            if state == "closed":
                break
        if v.cap[t] or v.upper[t]:
            if state == "head" and v.match("POSITION", t) is not None:
                break
            pos = _title_word(v, t)
            words += 1
            state = "word" if words == 1 else "words"
            good = pos
            continue
        if (v.norm[t] == key("và") or v.text[t] in ("-", "–")) and state in ("word", "words", "lowered") \
                and t + 1 < v.n and v.cap[t + 1] and head_at(v, t + 1) is None:
            pos, words, conjunct = t + 1, 0, True
            continue
        if v.text[t] == "," and "commas" in flags and state in ("word", "words"):
            closing = _comma_list(v, t)
            if closing is None:
                break
            pos = closing
            continue
        if v.alpha[t] and not v.cap[t]:
            k, first_soft = t, None
            stray_and = None  # a "và" the words after which open no known complement: the name ends there
            while k < v.n and v.alpha[k] and not v.cap[k] and not _anchor(v, k):
                if _stop(v, k, ("verb", "prep")):
                    break
                if v.norm[k] == key("và") and not (k + 1 < v.n and v.alpha[k + 1] and not v.cap[k + 1]
                                                and not _stop(v, k + 1)):
                    break
                if v.norm[k] == key("và") and stray_and is None and not _conjunct_at(v, k + 1):
                    stray_and = k
                if first_soft is None and _stop(v, k, ("det", "time", "conj", "org")) and v.norm[k] != key("và"):
                    first_soft = k
                k += 1
            if _anchor(v, k) and k > t and v.norm[k - 1] != _WHOLE and stray_and is None:
                pos = k
                continue
            cut = first_soft if first_soft is not None else k
            ends_clause = k >= v.n or not (v.alpha[k] or v.space[k])
            if state == "word" and words == 1 and conjunct and cut - t == 1 and (ends_clause or _stop(v, k)):
                good, pos, state = cut, cut, "lowered"  # one syllable underthesea cut off: "và Xã | hội"
                continue
            open_ok = (state == "word" and words == 1 and not conjunct) or (state == "head" and "lower" in flags)
            if not open_ok:
                break
            limit = _MAX_LOWER if ends_clause and first_soft is None else _MAX_LOWER_OPEN
            if not 0 < cut - t <= limit:
                break
            if stray_and is not None and stray_and < cut:
                if stray_and > t:
                    good = stray_and  # the words before "và" only
                break
            good, pos, state = cut, cut, "lowered"
            continue
        break
    return good


def _generic(v: View, start: int, end: int) -> bool:
    """True for classes rather than bodies: "các sở", "Hội Phụ nữ cơ sở", "… các cấp", "Ban Tổ chức"."""
    if start > 0 and (v.norm[start - 1] in _PLURALS or v.norm[start - 1] in _EVENT_WORDS):
        return True
    if end + 1 < v.n and v.norm[end] == key("các") and v.norm[end + 1] == key("cấp"):
        return True
    if end - start >= 2 and v.norm[end - 2] == key("cơ") and v.norm[end - 1] == key("sở"):
        return True
    joined = " ".join(v.norm[start:end])
    for entry in _non_orgs():
        if joined.startswith(entry) and not any(v.cap[k] or v.upper[k] for k in range(start + len(entry.split()), end)):
            return True
    return False


def tag_orgs(v: View) -> list[tuple[int, int]]:
    """Add ORG spans; returns their token ranges."""
    found = []
    i = 0
    while i < v.n:
        end = extend_org(v, i)
        if end is None or end <= i:
            i += 1
            continue
        if not _generic(v, i, end):
            v.add("ORG", i, end, clean(v.doc[i:end].text))
            found.append((i, end))
        i = end
    return found


def tag_places(v: View, people: list[tuple[int, int]]) -> None:
    """Add LOC spans: a unit word before a capitalised name ("huyện Lộc Bình"), or a known place."""
    i = 0
    while i < v.n:
        place = v.match("PLACETYPE", i, "unit")
        if place is not None and place[0] < v.n and v.cap[place[0]]:
            end = _proper_name(v, place[0])
            if end > place[0]:
                v.add("LOC", i, end, clean(v.doc[i:end].text))
                i = end
                continue
        known = v.match("PLACE", i)
        if known is not None and v.cap[i] and not any(a <= i < e for a, e in people):
            v.add("LOC", i, known[0], clean(v.doc[i:known[0]].text))
            i = known[0]
            continue
        i += 1


def tag_positions(v: View, orgs: list[tuple[int, int]], people: list[tuple[int, int]]) -> None:
    """Add POSITION spans: a title with the organisation written right after it ("Chủ tịch UBND tỉnh").

    Lower-case roles ("cán bộ", "nhân viên") are tagged next to a person's name or before an organisation;
    after "Name," a role runs to the end of its comma segment ("nhân viên phòng chống ma túy và tội phạm"), or
    to a "và" before the next person ("và bà …", "và Đại úy …"), a verb ("được tặng …") or a preposition
    other than of place or belonging ("với hình thức …").
    """
    org_at = {start: end for start, end in orgs}
    person_end = {end for _, end in people}
    person_start = {start for start, _ in people}
    i = 0
    while i < v.n:
        m = v.match("POSITION", i)
        if m is None:
            i += 1
            continue
        end = m[0]
        org_end = org_at.get(end) or org_at.get(end - 1)
        after_person = i >= 2 and v.text[i - 1] == "," and (i - 1) in person_end
        if org_end is not None:
            end = org_end
        elif after_person:
            while end < v.n and (v.alpha[end] or v.text[end] in ("-", "–")) and not v.space[end]:
                if v.norm[end] == key("và") and end + 1 < v.n and (
                        (end + 1) in person_start or v.match("HONORIFIC", end + 1) or v.match("RANK", end + 1)):
                    break  # "…, Phó Trưởng phòng Tài chính và bà Lê Thị Tư": the next person
                stop = v.match("STOP", end)
                if stop is not None and v.word_start[end] and not v.cap[end] and (
                        stop[1] == "verb" or (stop[1] == "prep" and v.norm[end] not in _PLACE_PREPS)):
                    break  # "…, Phó Trưởng phòng Tài chính huyện được tặng …", "… với hình thức …"
                end += 1
        elif not (v.cap[i] or end in person_start):
            i += 1
            continue
        v.add("POSITION", i, end, clean(v.doc[i:end].text))
        i = end


def tag_awards(v: View, orgs: list[tuple[int, int]]) -> None:
    """Add AWARD spans: a title or decoration, its class ("hạng Ba") and "của <body>"."""
    org_at = {start: end for start, end in orgs}
    i = 0
    while i < v.n:
        m = v.match("AWARD", i)
        if m is None or not v.cap[i]:
            i += 1
            continue
        end = m[0]
        if end + 1 < v.n and v.norm[end] == key("hạng") and v.cap[end + 1]:
            end += 2
        if end + 1 < v.n and v.norm[end] == key("của"):
            k = end + 1
            title = v.match("POSITION", k)
            if title is not None:
                k = title[0]
            if k in org_at:
                end = org_at[k]
            elif title is not None:
                end = k
        v.add("AWARD", i, end, clean(v.doc[i:end].text))
        i = end


@Language.component("baocao_orgs")
def orgs_component(doc: Doc) -> Doc:
    """spaCy component: ORG, LOC, POSITION and AWARD spans (after baocao_names)."""
    v: View = doc.user_data["baocao.view"]
    orgs = tag_orgs(v)
    people = v.spans("PER")
    tag_places(v, people)
    tag_positions(v, orgs, people)
    tag_awards(v, orgs)
    return doc
