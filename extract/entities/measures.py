"""DATE, MONEY, PERCENT and QUANTITY spans.

Why one module of ~550 lines: dates and figures are one spaCy component because they compete for the same
numbers (a date's day and month are not counts), and a figure's unit, scale and range partner are read in
the same left-to-right pass.

Dates first (so their numbers are taken), then figures. A figure is a number (or a ratio "35/45", valued at
its first number), an optional scale word (tỷ, triệu, nghìn) and a unit (units.tsv) or a counted noun: the
words after it up to a stop word (stopwords.tsv), punctuation, a number or a capitalised
organisation head ("08 Phó Chủ tịch Hội"). A bare number takes the unit of the number it makes a range with
("10 – 15 hội viên", "từ 1 đến 2 Hội nghị"), of the noun after a bracket ("49 (đến tháng 4) Hội viên"), or
of the ratio before it with the same denominator ("123/124 địa phương …, 01/124 …"). An amount written in
parts of falling scale is one figure ("2 tỷ 500 triệu đồng" = 2.5e9 VND).

Numbers that are not measures are skipped: those after the context words of measure_context.tsv ("số",
"lần thứ", "giai đoạn", "khoản 2") and those coordinated with them ("khoản 2 và 3"), parts of document
numbers ("04-NQ/TW", "26/CT-TTg"), item numbers at the start of a block or line, numbers in a short
quotation (a name: "“60 ngày đêm …”", "“chiến dịch 30 ngày đêm”"), clock times ("14 giờ 30 phút"),
numbers inside a name ("Nhà máy 3 Công ty …", "Nhà 9 tầng"), anniversaries ("110 năm ngày sinh",
"tổng kết 10 năm"), and numbers whose next word is not a noun ("5 không, 3 sạch": underthesea's POS
tagger decides, once per word). A common fraction is a share of a group, not a ratio: "trên 1/2 tổng số
hội viên" is a QUANTITY of value 0.5 counting "hội viên"; without a group after it, it is skipped.

Qualifiers (qualifiers.tsv): a bound ("trên", "gần") is inside the span and is the qualifier; a predicate
("đạt", "tăng") is the qualifier, outside the span; a limit ("dưới") is inside the span, never a qualifier.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ..textnorm import fold
from .lexicon import View, key
from .numbers import NUMBER, format_number, parse_number, unit_table
from .vocab import folded_set

_NUMBER_TOKEN = re.compile(rf"(?:{NUMBER})")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_MY = re.compile(r"(\d{1,2})/(\d{4})")
_YEAR = re.compile(r"(1[89]\d\d|20\d\d|2100)")
_DASHES = {"-", "–", "—"}
_TIME_UNITS = frozenset(fold(w) for w in ("năm", "tháng", "ngày", "tuần", "giờ", "phút", "quý", "buổi", "đêm"))
# Words that are a whole unit by themselves: "05 năm", "02 lần" (never "năm 2019" nor "lần thứ").
_ONE_WORD_UNITS = _TIME_UNITS | {fold("lần")}
_RATIO_TOKEN = re.compile(rf"({NUMBER})/({NUMBER})")
_FRACTION = re.compile(r"1/[234]|[23]/[34]")  # "1/2", "2/3", "3/4": shares
_RANGE_WORDS = frozenset(fold(w) for w in ("đến", "tới"))
_COORDINATION = frozenset(fold(w) for w in (",", "và", "hoặc", "-", "–", "đến"))
_DAY_PARTS = frozenset(fold(w) for w in ("ngày", "sáng", "chiều", "tối", "trưa", "đêm"))
_OPEN_QUOTES = ("“", "«")
_CLOSE_QUOTES = ("”", "»")
_CLAUSE_OPENERS = frozenset(".;:!?(“\"‘-–—+•")
_NAME_QUOTE = 20  # tokens: a quotation closing this soon is a name
_RATIO_REACH = 40  # tokens: how far back a bare ratio looks for the ratio whose unit it shares
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
    """True when tokens ``[i, end)`` are part of a chain of numbers and letters glued by "/" or "-":
    "26/CT-TTg", "25/2016/NĐ-CP", the "TW" side of "04-NQ/TW". A chain of numbers alone ("2,5-3%",
    "6.500-6.800đ") is a range, not a document number."""
    return _chain_has_letters(v, end, 1) or _chain_has_letters(v, i - 1, -1)


def _chain_has_letters(v: View, k: int, step: int) -> bool:
    """Walk from token ``k`` in direction ``step`` over glued "/" or "-" and the numbers they join; True
    when the chain reaches a word of letters."""
    while 0 <= k < v.n and v.text[k] in ("/", "-") and v.glued(k if step > 0 else k + 1):
        nxt = k + step
        if not (0 <= nxt < v.n) or not v.glued(nxt if step > 0 else k):
            return False
        if any(ch.isalpha() for ch in v.text[nxt]):
            return True
        if not _NUMBER_TOKEN.fullmatch(v.text[nxt]):
            return False
        k = nxt + step
    return False


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


def _stop_at(v: View, k: int, first: bool = False) -> bool:
    """True when a stop word starts at ``k`` and no longer title or award does ("vận động viên").

    A word of the class ``count`` ("báo cáo") ends a counted noun but may be its first word (``first``):
    "05 báo cáo" counts reports, "04 hội báo cáo" counts associations. The caller decides on ``modifier``.
    As the first word, a stop word that is only the start of an underthesea word does not stop ("05 dự án").
    """
    stop = v.match("STOP", k)
    if stop is None or stop[1] == "org" or (first and stop[1] in ("count", "modifier")):
        return False
    if first and stop[0] < v.n and not v.word_start[stop[0]]:
        return False  # "05 dự án": the stop word "dự" is only the start of the word counted
    longer = max((m[0] for kind in ("POSITION", "AWARD") if (m := v.match(kind, k))), default=0)
    return longer <= stop[0]


def _counted_noun(v: View, j: int) -> int:
    """End of the counted noun starting at token ``j`` (``j`` when there is none).

    The noun runs over the words after the number up to punctuation, a stop word, a unit or scale word,
    and, after its first word, up to a capitalised organisation head ("08 Phó Chủ tịch Hội", "12 cán bộ
    UBND xã"): it starts the name of the body the noun belongs to.
    """
    k = j
    while k < v.n and k - j < _MAX_NOUN:
        t = v.text[k]
        if v.space[k] or not (v.alpha[k] or (k > j and t.isalnum() and t.isupper() and len(t) == 1)):
            break
        if k > j and not v.word_start[k] and v.cap[k - 1] and not v.cap[k] and _glued_stop(v, k):
            break  # glued to a capitalised word by underthesea ("Huy chương Vàng đạt", "Hoà năm") it still ends
        if k > j and v.word_start[k] and (_stop_at(v, k) or v.match("UNIT", k, "SCALE")
                                          or (v.cap[k] and v.match("ORGHEAD", k))):
            modifier = v.match("STOP", k)
            if modifier is None or modifier[1] != "modifier" or not any(v.word_start[j + 1:k]):
                break  # a modifier ("mới") ends a one-word noun only: "hội viên mới", "nông thôn mới"
        if k == j and _stop_at(v, k, first=True) and v.norm[k] not in _ONE_WORD_UNITS and not _count_noun(v, j):
            break
        k += 1
        if k == j + 1 and v.norm[j] in _ONE_WORD_UNITS:
            break  # "05 năm", "30 ngày", "02 lần": the unit is the one word
    return k


def _glued_stop(v: View, k: int) -> bool:
    """A one-syllable verb or time word of stopwords.tsv at ``k`` (no longer title or award starting there)."""
    stop = v.match("STOP", k)
    return stop is not None and stop[1] in ("verb", "time") and stop[0] == k + 1 and _stop_at(v, k)


def _count_noun(v: View, j: int) -> int:
    """Length in tokens of a noun of count_nouns.txt at ``j`` ("quyết định"), 0 when there is none."""
    nouns = folded_set("count_nouns.txt")
    for length in (3, 2, 1):
        if j + length <= v.n and " ".join(v.norm[j:j + length]) in nouns:
            return length
    return 0


def _number_at(v: View, i: int) -> tuple[int, float, float | None] | None:
    """The number or ratio starting at token ``i``: ``(end token, value, denominator)``.

    A ratio "35/45", "654,935/871,321", "9,49/ 9,5" (one space after the slash, as table cells wrap)
    has the value of its first number. A common fraction ("1/2", "2/3") is a share of a group, read by
    :func:`_fraction_figure`: None here.
    """
    t = v.text[i]
    m = _RATIO_TOKEN.fullmatch(t)
    if m:
        parts, k = (m.group(1), m.group(2)), i + 1
    elif not _NUMBER_TOKEN.fullmatch(t):
        return None
    elif (i + 2 < v.n and v.text[i + 1] == "/" and v.glued(i + 1) and _NUMBER_TOKEN.fullmatch(v.text[i + 2])
            and v.idx[i + 2] - v.idx[i + 1] <= 2 and "\n" not in v.doc.text[v.idx[i + 1]:v.idx[i + 2]]):
        parts, k = (t, v.text[i + 2]), i + 3
    else:
        return i + 1, parse_number(t), None
    if _FRACTION.fullmatch("/".join(parts)):
        return None  # "1/2 tổng số ủy viên": a share, not a count
    return k, parse_number(parts[0]), parse_number(parts[1])


def _not_a_measure(v: View, i: int, k: int, references: set[int]) -> bool:
    """Context that makes the number at tokens ``[i, k)`` something else (see the module docstring).

    ``references`` collects the numbers that follow a context word ("khoản 2"); a number coordinated with
    one of them ("khoản 2 và 3 Điều 35") is a reference too.
    """
    if _is_document_number(v, i, k):
        return True
    before = v.ends_at("MCTX", i)
    if before is not None and (_inside_word(v, before[0]) or _unit_follows(v, k)):
        before = None  # "thí điểm 05 mô hình"; "hết nhiệm kỳ 30 ngày làm việc", "khoản 2 triệu đồng"
    if (before is not None and before[1] == "before") or (
            i >= 2 and v.norm[i - 1] in _COORDINATION and (i - 2) in references):
        references.add(i)
        return True
    if _in_quoted_name(v, i):
        return True
    # An item number: first token of the block or of a line, followed by "." or ")".
    first = i == 0 or (v.space[i - 1] and "\n" in v.text[i - 1])
    return first and k < v.n and v.text[k] in (".", ")")


def _inside_word(v: View, k: int) -> bool:
    """True when token ``k`` ends a longer word ("điểm" of "thí điểm"). A one-letter syllable before it is an
    item letter underthesea joined to it ("điểm a khoản 3"), not part of the word."""
    return not v.word_start[k] and k > 0 and v.alpha[k - 1] and len(v.text[k - 1]) > 1


def _unit_follows(v: View, k: int) -> bool:
    """True when a unit (not a bare scale word) follows token ``k``, after any scale words."""
    while k < v.n and (scale := v.match("UNIT", k, "SCALE")):
        k = scale[0]
    unit = v.match("UNIT", k) if k < v.n else None
    return unit is not None and unit[1] != "SCALE"


def _in_quoted_name(v: View, i: int) -> bool:
    """True inside a short quotation: a name ("“60 ngày đêm …”", "“chiến dịch 30 ngày đêm”").

    The first word of any quotation counts; elsewhere the quotation must close within ``_NAME_QUOTE``
    tokens of its opening (a quoted passage of a law keeps its figures).
    """
    if i > 0 and v.text[i - 1] in ("“", '"', "‘") and v.glued(i):
        return True
    opening = None
    for k in range(i - 1, max(-1, i - _NAME_QUOTE), -1):
        if v.text[k] in _CLOSE_QUOTES:
            return False
        if v.text[k] in _OPEN_QUOTES:
            opening = k
            break
    if opening is None:
        return False
    return any(v.text[k] in _CLOSE_QUOTES for k in range(i + 1, min(v.n, opening + _NAME_QUOTE)))


def _after_name(v: View, i: int) -> bool:
    """True when the number at ``i`` follows a capitalised word inside a clause: it belongs to a name
    ("Nhà máy 3 Công ty …", "Nhà 9 tầng", "Cụm TĐ 7 tỉnh"), it does not count the noun after it. Counts
    written with a leading zero ("Lâm Đồng 08 cuộc đối thoại") are counts: names never pad their numbers."""
    w = i - 1
    if w < 0 or not v.alpha[w] or v.glued(i) or (v.text[i][0] == "0" and v.text[i][1:2].isdigit()):
        return False
    while w > 0 and not v.word_start[w] and v.alpha[w - 1]:
        w -= 1
    if not (v.cap[w] or v.upper[w]):
        return False
    if any(v.match(kind, w) for kind in ("STOP", "QUALIFIER", "MCTX")) or v.ends_at("QUALIFIER", i):
        return False
    # A capitalised word opening a sentence, clause or line is an ordinary word ("Kết nạp 49 hội viên").
    prev = w - 1
    while prev >= 0 and v.space[prev]:
        if "\n" in v.text[prev]:
            return False
        prev -= 1
    return prev >= 0 and v.text[prev][-1] not in _CLAUSE_OPENERS


def _clock_end(v: View, i: int, k: int) -> int | None:
    """End token of a clock time starting at the number ``i`` ("14 giờ 30 phút", "08 giờ 00", "lúc 9 giờ",
    "trước 15 giờ, ngày 11 …"), None when the number is not one (a duration: "8 giờ làm việc")."""
    if k >= v.n or v.norm[k] != key("giờ") or v.space[k]:
        return None
    end = k + 1
    if end < v.n and re.fullmatch(r"\d{1,2}", v.text[end]):
        end += 1
        if end < v.n and v.norm[end] == key("phút"):
            end += 1
        return end
    if i > 0 and v.norm[i - 1] == key("lúc"):
        return end
    after = end + 1 if end < v.n and v.text[end] == "," else end
    return end if after < v.n and v.norm[after] in _DAY_PARTS else None


def _figure(v: View, i: int, k: int) -> tuple[int, str, str, float] | None:
    """The unit or counted noun after the number at tokens ``[i, k)``: ``(end, label, unit, factor)``."""
    factor, j = 1.0, k
    while j < v.n and (scale := v.match("UNIT", j, "SCALE")):
        factor *= unit_table()[fold(" ".join(v.text[j:scale[0]]))][2]
        j = scale[0]
    if j >= v.n or v.space[j]:
        return None
    unit = v.match("UNIT", j)
    if unit is None and factor != 1.0 and v.text[j] == "/" and v.glued(j) and j + 1 < v.n and v.glued(j + 1) \
            and v.alpha[j + 1] and v.text[j + 1].islower():
        # "50 triệu/hộ": a scale word straight before a rate's slash is money (đồng left unwritten)
        end, label, canonical = j, "MONEY", "VND"
    elif unit is not None and unit[1] != "SCALE":
        end, kind, canonical = unit[0], unit[1], unit[2]
        factor *= unit_table().get(fold(v.doc[j:end].text), ("", "", 1.0))[2]  # "tr.đồng": a million đồng
        label = {"MONEY": "MONEY", "PERCENT": "PERCENT"}.get(kind, "QUANTITY")
    else:
        end = _counted_noun(v, j)
        if end == j or _anniversary(v, i, j) or _after_name(v, i) or not (
                _count_noun(v, j) or _countable(_first_word(v, j, end))):
            return None
        label, canonical = "QUANTITY", " ".join(v.text[j:end])
    # A rate: "đồng/người", "lần/năm", "đồng/người/tháng", "đ/cá nhân" (the whole word after the slash).
    while (end + 1 < v.n and v.text[end] == "/" and v.alpha[end + 1] and v.text[end + 1].islower()
            and v.glued(end) and v.glued(end + 1)):
        per = end + 2
        while per < v.n and v.alpha[per] and not v.word_start[per] and not v.glued(per) and v.text[per].islower():
            per += 1
        canonical, end = f"{canonical}/{' '.join(v.text[end + 1:per])}", per
    return end, label, canonical, factor


def _range_figure(v: View, i: int, k: int, taken: set[int]) -> tuple[int, str, str, float] | None:
    """The figure a bare number shares with the next one in a range: "10 – 15 hội viên", "từ 1 đến 2
    Hội nghị" (after "từ", any one word between the numbers: "từ 1 đền 2")."""
    if k + 1 >= v.n:
        return None
    after_tu = i > 0 and v.norm[i - 1] == key("từ") and v.alpha[k]
    if not (v.text[k] in _DASHES or v.norm[k] in _RANGE_WORDS or after_tu):
        return None
    m = k + 1
    bound = v.match("QUALIFIER", m)
    if bound is not None and bound[1] in ("bound", "limit"):
        m = bound[0]
    if m >= v.n or m in taken:
        return None
    number = _number_at(v, m)
    if number is None or _is_document_number(v, m, number[0]):
        return None
    return _figure(v, m, number[0])


def _parenthesis_figure(v: View, i: int, k: int) -> tuple[int, str, str, float] | None:
    """The unit or counted noun after a bracket that follows a bare number: "kết nạp 49 (đến tháng 4 năm
    2025) Hội viên mới" counts "Hội viên"; "07 (bảy) ngày làm việc", "200 (hai trăm) công chứng viên"."""
    if k >= v.n or v.text[k] != "(":
        return None
    for p in range(k + 1, min(v.n, k + _NAME_QUOTE)):
        if v.text[p] == "(":
            return None
        if v.text[p] == ")":
            j = p + 1
            if j >= v.n or v.space[j] or (p == k + 2 and v.upper[k + 1]) or (
                    _stop_at(v, j) and v.norm[j] not in _ONE_WORD_UNITS and not v.match("UNIT", j)):
                return None  # "2.0 (PCI) sau sáp nhập": an acronym names what stands before it
            return _figure(v, i, j)
    return None


_SHARE_OF = ("tổng số", "số lượng", "số")  # "2/3 tổng số ủy viên", "1/2 số hội viên"


def _fraction_figure(v: View, i: int) -> tuple[int, float, tuple[int, str, str, float]] | None:
    """A common fraction of a group: "trên 1/2 tổng số hội viên", "2/3 (hai phần ba) số đại biểu",
    "quá 1/2 đại biểu chính thức". Returns ``(end of the fraction, its value, figure of the noun)``: the
    span is the fraction, the unit the counted noun after it (past a bracket and "tổng số"/"số")."""
    t = v.text[i]
    m = _RATIO_TOKEN.fullmatch(t)
    if m:
        parts, k = (m.group(1), m.group(2)), i + 1
    elif (_NUMBER_TOKEN.fullmatch(t) and i + 2 < v.n and v.text[i + 1] == "/" and v.glued(i + 1)
          and v.glued(i + 2) and _NUMBER_TOKEN.fullmatch(v.text[i + 2])):
        parts, k = (t, v.text[i + 2]), i + 3
    else:
        return None
    if not _FRACTION.fullmatch("/".join(parts)):
        return None
    j = k
    if j < v.n and v.text[j] == "(":  # "2/3 (hai phần ba)"
        close = next((p for p in range(j + 1, min(v.n, j + _NAME_QUOTE)) if v.text[p] == ")"), None)
        if close is None:
            return None
        j = close + 1
    for words in _SHARE_OF:
        size = len(words.split())
        if " ".join(v.norm[j:j + size]) == " ".join(key(w) for w in words.split()):
            j += size
            break
    if j >= v.n or not v.alpha[j]:
        return None
    end = _counted_noun(v, j)
    if end == j:
        return None
    value = parse_number(parts[0]) / parse_number(parts[1])
    return k, value, (k, "QUANTITY", " ".join(v.text[j:end]), 1.0)


def _compound_figure(v: View, i: int) -> tuple[int, float, tuple[int, str, str, float]] | None:
    """An amount written in parts of falling scale: "2 tỷ 500 triệu đồng" (2.5e9 VND), "1 triệu 200 nghìn
    đồng". Returns ``(end, value, figure of the unit)``; None unless at least two parts and a unit follow."""
    total, j, parts, last = 0.0, i, 0, None
    while j < v.n and _NUMBER_TOKEN.fullmatch(v.text[j]):
        scale = v.match("UNIT", j + 1, "SCALE") if j + 1 < v.n else None
        if scale is None:
            break
        factor = unit_table()[fold(" ".join(v.text[j + 1:scale[0]]))][2]
        if last is not None and factor >= last:
            break
        total += parse_number(v.text[j]) * factor
        last, j, parts = factor, scale[0], parts + 1
    if parts < 2 or j >= v.n:
        return None
    unit = v.match("UNIT", j)
    if unit is None or unit[1] in ("SCALE",):
        return None
    figure = _figure(v, j - 1, j)  # the unit after the last scale word, with any rate after it
    if figure is None:
        return None
    return figure[0], _value(total, figure[3]), figure


def _anniversary(v: View, i: int, j: int) -> bool:
    """True for "110 năm ngày sinh", "188 năm thành lập", "tổng kết 10 năm": a period that is a name."""
    if v.norm[j] not in _TIME_UNITS:
        return False
    after = v.match("MCTX", j + 1, "after")
    lead = v.ends_at("MCTX", i)
    return after is not None or (lead is not None and lead[1] == "lead")


def tag_measures(v: View, taken: set[int]) -> None:
    """Add MONEY, PERCENT and QUANTITY spans over numbers not in ``taken``.

    A bare number (no unit, no noun) is a figure when it opens a range whose other end has a unit, when a
    bracket stands between it and its noun, or when it is a ratio with the denominator of the ratio before
    it ("123/124 địa phương …, 01/124 …"): it then takes that figure's unit, and its span is the number.
    """
    references: set[int] = set()
    last_ratio: tuple[float, int, tuple[int, str, str, float]] | None = None
    for i in range(v.n):
        if i in taken:
            continue
        share = _fraction_figure(v, i)
        if share is not None:
            end, value, (_, label, canonical, _) = share
            _add_figure(v, i, end, label, value, canonical, taken)
            continue
        compound = _compound_figure(v, i)
        if compound is not None:
            end, value, (_, label, canonical, _) = compound
            _add_figure(v, i, end, label, value, canonical, taken)
            continue
        number = _number_at(v, i)
        if number is None:
            continue
        k, value, denominator = number
        if _not_a_measure(v, i, k, references):
            continue
        clock = _clock_end(v, i, k)
        if clock is not None:
            taken.update(range(i, clock))
            continue
        # "từ 1 đền 2 Hội nghị": after "từ", a word between two numbers joins them whatever it is.
        loose_range = (i > 0 and v.norm[i - 1] == key("từ") and k + 1 < v.n and v.alpha[k]
                       and _number_at(v, k + 1) is not None)
        figure = None if loose_range else _figure(v, i, k)
        end = None if figure is None else figure[0]
        if figure is None:
            figure = _range_figure(v, i, k, taken) or _parenthesis_figure(v, i, k)
            if figure is None and last_ratio is not None and denominator == last_ratio[0] \
                    and i - last_ratio[1] <= _RATIO_REACH:
                figure = last_ratio[2]
            end = k
        if figure is None:
            continue
        _, label, canonical, factor = figure
        if denominator is not None:
            last_ratio = (denominator, end, figure)
        _add_figure(v, i, end, label, _value(value, factor), canonical, taken)


def _add_figure(v: View, i: int, end: int, label: str, value: float, canonical: str, taken: set[int]) -> None:
    """Add the figure at tokens ``[i, end)`` with the qualifier written before it.

    A bound ("trên", "gần") joins the span and is the qualifier; a predicate ("đạt", "tăng") is the qualifier
    but stays outside the span; a limit ("tối thiểu", "dưới") joins the span without being the qualifier.
    """
    start, qualifier = i, None
    q = v.ends_at("QUALIFIER", i)
    if q is not None:
        if q[1] != "limit":
            qualifier = " ".join(v.text[q[0]:i])
        if q[1] != "predicate":
            start = q[0]
    v.add(label, start, end, f"{format_number(value)} {canonical}", value, canonical, qualifier)
    taken.update(range(start, end))


def _value(number: float, factor: float) -> float:
    value = number * factor
    return float(round(value)) if abs(value - round(value)) < 1e-6 else float(f"{value:.12g}")


@Language.component("baocao_measures")
def measures_component(doc: Doc) -> Doc:
    """spaCy component: DATE, MONEY, PERCENT and QUANTITY spans."""
    v: View = doc.user_data["baocao.view"]
    tag_measures(v, tag_dates(v))
    return doc
