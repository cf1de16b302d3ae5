"""DATE, MONEY, PERCENT and QUANTITY spans.

Dates first (so their numbers are taken), then figures. A figure is a number token, an optional scale word
(tỷ, triệu, nghìn) and a unit (units.tsv) or a counted noun: the words after it up to a stop word
(stopwords.tsv), punctuation or a number. Numbers that are not measures are skipped: those after the
context words of measure_context.tsv ("số", "lần thứ", "giai đoạn"), parts of document numbers
("04-NQ/TW", "26/CT-TTg"), item numbers at the start of a block or line, the first word of a quotation
("“60 ngày đêm …”"), anniversaries ("110 năm ngày sinh", "tổng kết 10 năm"), and numbers whose next word
is not a noun ("5 không, 3 sạch": underthesea's POS tagger decides, once per word).
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ..textnorm import fold
from .lexicon import View, key
from .numbers import NUMBER, format_number, parse_number, unit_table

_NUMBER_TOKEN = re.compile(rf"(?:{NUMBER})")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_MY = re.compile(r"(\d{1,2})/(\d{4})")
_YEAR = re.compile(r"(1[89]\d\d|20\d\d|2100)")
_DASHES = {"-", "–", "—"}
_TIME_UNITS = frozenset(fold(w) for w in ("năm", "tháng", "ngày", "tuần", "giờ", "phút", "quý", "buổi", "đêm"))
# POS tags of a word that cannot be counted: adjective, adverb, verb, preposition, conjunction, pronoun,
# punctuation, particle, interjection, determiner.
_NOT_NOUN_TAGS = frozenset({"A", "R", "V", "E", "C", "CC", "P", "CH", "T", "I", "L"})
_MAX_NOUN = 10  # syllables of a counted noun


def _month_day_ok(day: int, month: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= 31


def _date_at(v: View, i: int) -> tuple[int, str] | None:
    """A date starting at token ``i``: ``(end token, ISO value)``, without any "ngày/tháng/năm" before it."""
    t = v.text[i]
    m = _DMY.fullmatch(t)
    if m and _month_day_ok(int(m.group(1)), int(m.group(2))):
        return i + 1, f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    m = _MY.fullmatch(t)
    if m and 1 <= int(m.group(1)) <= 12:
        return i + 1, f"{m.group(2)}-{int(m.group(1)):02d}"
    if _YEAR.fullmatch(t):
        return i + 1, t
    return None


def _written_date(v: View, i: int) -> tuple[int, str] | None:
    """"ngày D tháng M năm Y" / "tháng M năm Y" / "tháng M" / "năm Y" starting at token ``i``."""
    norm, text = v.norm, v.text
    n = v.n
    if norm[i] == key("ngày") and i + 1 < n and text[i + 1].isdigit():
        if i + 5 < n and norm[i + 2] == key("tháng") and text[i + 3].isdigit() and norm[i + 4] == key("năm") \
                and _YEAR.fullmatch(text[i + 5]) and _month_day_ok(int(text[i + 1]), int(text[i + 3])):
            return i + 6, f"{text[i + 5]}-{int(text[i + 3]):02d}-{int(text[i + 1]):02d}"
        return None
    if norm[i] == key("tháng") and i + 1 < n and text[i + 1].isdigit() and 1 <= int(text[i + 1]) <= 12:
        month = int(text[i + 1])
        if i + 3 < n and norm[i + 2] == key("năm") and _YEAR.fullmatch(text[i + 3]):
            return i + 4, f"{text[i + 3]}-{month:02d}"
        return i + 2, f"--{month:02d}"
    return None


def _is_document_number(v: View, i: int, end: int) -> bool:
    """True when tokens ``[i, end)`` are glued to "/" or "-" and letters: "26/CT-TTg", "25/2016/NĐ-CP"."""
    if end < v.n and v.text[end] in ("/", "-") and v.glued(end) and end + 1 < v.n and v.glued(end + 1):
        return True
    return i > 0 and v.text[i - 1] in ("/", "-") and v.glued(i)


def tag_dates(v: View) -> set[int]:
    """Add DATE spans; returns the tokens they cover."""
    taken: set[int] = set()
    i = 0
    while i < v.n:
        start = i
        found = _written_date(v, i)
        if found is None and v.norm[i] in (key("ngày"), key("tháng"), key("năm")) and i + 1 < v.n:
            inner = _date_at(v, i + 1)
            if inner is not None and (v.norm[i] != "năm" or len(inner[1]) == 4):
                found = inner
        if found is None:
            found = _date_at(v, i)
        if found is None or _is_document_number(v, i, found[0]) or (i > 0 and v.norm[i - 1] == key("số")):
            i += 1
            continue
        end, value = found
        # A range: "2011 - 2020", "04/11/1909 - 04/11/2019".
        if end + 1 < v.n and v.text[end] in _DASHES:
            other = _date_at(v, end + 1)
            if other is not None and len(other[1]) == len(value) and not _is_document_number(v, end + 1, other[0]):
                end, value = other[0], f"{value}/{other[1]}"
        v.add("DATE", start, end, value)
        taken.update(range(start, end))
        i = end
    return taken


@lru_cache(maxsize=4096)
def _countable(word: str) -> bool:
    """True when underthesea's POS tagger reads ``word`` after a numeral as a noun (or a numeral)."""
    from underthesea import pos_tag

    tags = pos_tag(f"1 {word}")
    return len(tags) < 2 or tags[1][1] not in _NOT_NOUN_TAGS


def _first_word(v: View, j: int, end: int) -> str:
    """The underthesea word starting at token ``j`` (its syllables up to the next word start)."""
    k = j + 1
    while k < end and not v.word_start[k]:
        k += 1
    return " ".join(v.text[j:k])


def _stop_at(v: View, k: int) -> bool:
    """True when a stop word starts at ``k`` and no longer title or award does ("vận động viên")."""
    stop = v.match("STOP", k)
    if stop is None or stop[1] == "org":
        return False
    longer = max((m[0] for kind in ("POSITION", "AWARD") if (m := v.match(kind, k))), default=0)
    return longer <= stop[0]


def _counted_noun(v: View, j: int) -> int:
    """End of the counted noun starting at token ``j`` (``j`` when there is none)."""
    k = j
    while k < v.n and k - j < _MAX_NOUN:
        t = v.text[k]
        if v.space[k] or not (v.alpha[k] or (k > j and t.isalnum() and t.isupper() and len(t) == 1)):
            break
        if k > j and v.word_start[k] and (_stop_at(v, k) or v.match("UNIT", k, "SCALE")):
            break
        if k == j and _stop_at(v, k) and v.norm[k] not in _TIME_UNITS:
            break
        k += 1
        if k == j + 1 and v.norm[j] in _TIME_UNITS:
            break  # "05 năm", "30 ngày": the unit is the one word
    return k


def _not_a_measure(v: View, i: int) -> bool:
    """Context that makes the number at token ``i`` something else (see the module docstring)."""
    if _is_document_number(v, i, i + 1):
        return True
    before = v.ends_at("MCTX", i)
    if before is not None and before[1] == "before":
        return True
    if i > 0 and v.text[i - 1] in ("“", '"', "‘") and v.glued(i):
        return True
    # An item number: first token of the block or of a line, followed by "." or ")".
    first = i == 0 or (v.space[i - 1] and "\n" in v.text[i - 1])
    return first and i + 1 < v.n and v.text[i + 1] in (".", ")")


def _anniversary(v: View, i: int, j: int) -> bool:
    """True for "110 năm ngày sinh", "188 năm thành lập", "tổng kết 10 năm": a period that is a name."""
    if v.norm[j] not in _TIME_UNITS:
        return False
    after = v.match("MCTX", j + 1, "after")
    lead = v.ends_at("MCTX", i)
    return after is not None or (lead is not None and lead[1] == "lead")


def tag_measures(v: View, taken: set[int]) -> None:
    """Add MONEY, PERCENT and QUANTITY spans over numbers not in ``taken``."""
    for i in range(v.n):
        if i in taken or not _NUMBER_TOKEN.fullmatch(v.text[i]) or _not_a_measure(v, i):
            continue
        factor, j = 1.0, i + 1
        while j < v.n and (scale := v.match("UNIT", j, "SCALE")):
            factor *= unit_table()[fold(" ".join(v.text[j:scale[0]]))][2]
            j = scale[0]
        if j >= v.n or v.space[j]:
            continue
        unit = v.match("UNIT", j)
        if unit is not None and unit[1] != "SCALE":
            end, kind, canonical = unit[0], unit[1], unit[2]
            if kind == "MONEY" and end + 1 < v.n and v.text[end] == "/" and v.alpha[end + 1] and v.glued(end + 1):
                canonical, end = f"{canonical}/{v.text[end + 1]}", end + 2  # "đồng/người"
            label = {"MONEY": "MONEY", "PERCENT": "PERCENT"}.get(kind, "QUANTITY")
        else:
            end = _counted_noun(v, j)
            if end == j or _anniversary(v, i, j) or not _countable(_first_word(v, j, end)):
                continue
            label, canonical = "QUANTITY", " ".join(v.text[j:end])
        value = _value(v.text[i], factor)
        start, qualifier = i, None
        q = v.ends_at("QUALIFIER", i)
        if q is not None:
            qualifier = " ".join(v.text[q[0]:i])
            if q[1] == "bound":
                start = q[0]
        v.add(label, start, end, f"{format_number(value)} {canonical}", value, canonical, qualifier)
        taken.update(range(start, end))


def _value(number: str, factor: float) -> float:
    value = parse_number(number) * factor
    return float(round(value)) if abs(value - round(value)) < 1e-6 else float(f"{value:.12g}")


@Language.component("baocao_measures")
def measures_component(doc: Doc) -> Doc:
    """spaCy component: DATE, MONEY, PERCENT and QUANTITY spans."""
    v: View = doc.user_data["baocao.view"]
    tag_measures(v, tag_dates(v))
    return doc
