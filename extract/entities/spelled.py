"""Numbers and money amounts written in words: "bốn mươi lăm triệu năm trăm nghìn đồng chẵn".

``parse_spelled("bốn mươi lăm triệu năm trăm nghìn") == 45500000``; ``spell(105) == "một trăm linh năm"``;
``find_spelled(text)`` finds the amounts in words of running text ("45.500.000 đồng (Bốn mươi lăm triệu,
năm trăm nghìn đồng chẵn)") with character offsets into ``text``. The words, their variants and the styles
that write them live in ``extract/data/number_words.tsv``.

The reading is strict: an auditor compares these values with the figures beside them, so a string that
could be read two ways gives None (or is not reported), never a guess. The colloquial abbreviations are the
trap: "hai triệu hai" is 2,200,000 in speech but looks like 2,000,002, "một trăm năm" is 150 or a hundred
years, "hai mươi năm" is twenty years. So a bare digit never follows "trăm" or a scale word unless a scale
word follows it ("một triệu năm nghìn" = 1,005,000), and 5 after "mười"/"mươi" must be "lăm"/"nhăm".
A skipped group is read as written: "một triệu hai trăm" is 1,000,200, the way number-to-words software
writes it, though a speaker may mean 1,200,000.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from ..textnorm import fold
from .vocab import read_rows

DATA = "number_words.tsv"
# Styles of spell(); number_words.tsv says which words each one writes. "short" also leaves out "mươi"
# before mốt/tư/lăm ("hai mốt") and "không trăm" inside a number ("một ngàn lẻ năm").
STYLES = ("standard", "southern", "northern", "short")
_COLLOQUIAL = frozenset({"short"})
MAX_VALUE = 10**15
_NUMBER_ROLES = frozenset({"zero", "digit", "ten", "tens", "odd", "hundred", "scale"})
_CONTEXTS = frozenset({"lead", "ten", "tens", "short", "odd"})
_PHRASE_ROLES = frozenset({"currency", "exact", "cue", "not", "stop_before", "stop_after"})
_LONGEST = 48  # words: the longest number spell() writes has 29

# A word as find_spelled sees it: letters with their combining marks (NFD text) and invisible joiners.
_WORD = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f\u00ad\u200b])+")
# A figure, a unit of at most three words, then "(": the words in the parenthesis restate the figure.
_FIGURE_PAREN = re.compile(r"\d(?:[\d.,]*\d)?(?:\s*[^\s\d()]+){0,3}\s*\(\s*$")
_PAREN_CLOSE = re.compile(r"[\s.,;/]*\)")
_JOIN = re.compile(r"\s*[,\-\u2013\u2014]\s*")  # a comma or dash between two numbers: "hai, ba trăm"


class _Word(NamedTuple):
    role: str
    value: int
    after: frozenset[str]


_NONE = _Word("", 0, frozenset())
_Tokens = list[tuple[int, int, str]]  # (start, end, folded word) of every word of a text


@dataclass(frozen=True)
class SpelledAmount:
    """A number written in words in running text; ``text[start:end]`` is the words and their unit words."""

    start: int
    end: int
    value: int
    unit: str  # "VND" when the words are followed by "đồng", else ""
    exact: bool  # followed by "chẵn"


@lru_cache(maxsize=None)
def _rows() -> tuple[tuple[str, str, str, frozenset[str], frozenset[str]], ...]:
    """``(word, role, value, after, styles)`` of every row of number_words.tsv, in file order."""
    out = []
    for row in read_rows(DATA):
        word, role, value, after, styles = (tuple(row) + ("",) * 5)[:5]
        after_set, style_set = frozenset(after.split()), frozenset(styles.split())
        if role not in _NUMBER_ROLES | _PHRASE_ROLES or not after_set <= _CONTEXTS:
            raise ValueError(f"{DATA}: bad row {row!r}")
        if style_set - {"*", "-"} - set(STYLES):
            raise ValueError(f"{DATA}: unknown style in {row!r}")
        out.append((word, role, value, after_set, style_set))
    return tuple(out)


@lru_cache(maxsize=None)
def _number_words() -> dict[str, _Word]:
    """``fold(word) -> _Word``; a word on several rows may stand in all their places."""
    words: dict[str, _Word] = {}
    for word, role, value, after, _ in _rows():
        if role not in _NUMBER_ROLES:
            continue
        key = fold(word)
        old = words.get(key)
        if old and (old.role, old.value) != (role, int(value)):
            raise ValueError(f"{DATA}: {word!r} has two meanings")
        words[key] = _Word(role, int(value), after | (old.after if old else frozenset()))
    return words


@lru_cache(maxsize=None)
def _phrases(role: str) -> tuple[tuple[tuple[str, ...], str], ...]:
    """``(folded words, value)`` of the phrases of ``role``, longest first."""
    found = [(tuple(fold(word).split()), value) for word, r, value, _, _ in _rows() if r == role]
    return tuple(sorted(found, key=lambda item: -len(item[0])))


# --- reading ------------------------------------------------------------------------------------------------


def parse_spelled(text: str) -> int | None:
    """The value of ``text`` when it is one whole number in words, else None.

    Case, tone placement and NFC/NFD do not matter; a comma may stand between two groups ("triệu, năm trăm").
    Unit words ("đồng") are not part of a number: use :func:`find_spelled` for running text.
    """
    keys: list[str] = []
    comma = False
    for part in re.split(r"(,)|\s+", text.strip()):
        if part == ",":  # only once between two groups, after a scale word
            if comma or not keys or _number_words().get(keys[-1], _NONE).role != "scale":
                return None
            comma = True
        elif part:
            keys.append(fold(part))
            if comma and _number_words().get(keys[-1], _NONE).role == "scale":  # "nghìn, tỷ"
                return None
            comma = False
    if comma:
        return None
    words = [_number_words().get(key) for key in keys]
    if not words or None in words:
        return None
    return _parse(words)  # type: ignore[arg-type]


def _digit(words: list[_Word], i: int, context: str) -> int | None:
    """The digit at ``i`` if it may stand in ``context`` there."""
    if i < len(words) and words[i].role == "digit" and context in words[i].after:
        return words[i].value
    return None


def _tens(words: list[_Word], i: int) -> tuple[int, int] | None:
    """10-99 at ``i`` ("mười lăm", "hai mươi mốt", "hai mốt") as ``(value, next index)``."""
    if i < len(words) and words[i].role == "ten":
        unit = _digit(words, i + 1, "ten")
        return (10 + unit, i + 2) if unit is not None else (10, i + 1)
    tens = _digit(words, i, "lead")
    if tens is None or tens < 2 or i + 1 >= len(words):
        return None
    if words[i + 1].role == "tens":
        unit = _digit(words, i + 2, "tens")
        return (10 * tens + unit, i + 3) if unit is not None else (10 * tens, i + 2)
    unit = _digit(words, i + 1, "short")
    return (10 * tens + unit, i + 2) if unit is not None else None


def _tail(words: list[_Word], i: int) -> tuple[int, int] | None:
    """1-99 after "trăm" or a scale word: "linh năm", "mười lăm", "hai mươi"."""
    if i < len(words) and words[i].role == "odd":
        unit = _digit(words, i + 1, "odd")
        return (unit, i + 2) if unit is not None else None
    return _tens(words, i)


def _group(words: list[_Word], i: int, leading: bool) -> tuple[int, int] | None:
    """A group 1-999 at ``i``. A group after a scale word (not ``leading``) may start "không trăm" or
    "linh", and is a bare digit only when a scale word follows ("một triệu năm nghìn", never "hai nghìn hai")."""
    n = len(words)
    if i >= n:
        return None
    if words[i].role == "zero":
        if leading or i + 1 >= n or words[i + 1].role != "hundred":
            return None
        return _tail(words, i + 2)
    digit = _digit(words, i, "lead")
    if digit is not None and i + 1 < n and words[i + 1].role == "hundred":
        tail = _tail(words, i + 2)
        return (100 * digit + tail[0], tail[1]) if tail else (100 * digit, i + 2)
    tail = _tens(words, i) if leading else _tail(words, i)
    if tail:
        return tail
    if digit is not None and (leading or (i + 1 < n and words[i + 1].role == "scale")):
        return digit, i + 1
    return None


def _below_billion(words: list[_Word], i: int, leading: bool) -> tuple[int, int] | None:
    """Groups with "triệu" and "nghìn" in that order, up to a "tỷ" or the end: ``(value, next index)``."""
    n, total, last, first = len(words), 0, 9, True
    while True:
        group = _group(words, i, leading and first)
        if group is None:
            return None if first else (total, i)
        value, j = group
        if j < n and words[j].role == "scale" and words[j].value < 9:
            if words[j].value >= last:
                return None
            total, last, i, first = total + value * 10 ** words[j].value, words[j].value, j + 1, False
            if i >= n or words[i].role == "scale":
                return total, i
            continue
        return total + value, j


def _parse(words: list[_Word]) -> int | None:
    """The value of a whole sequence of number words, or None."""
    n = len(words)
    if n == 1 and words[0].role == "zero":
        return 0
    head = _below_billion(words, 0, True)
    if head is None:
        return None
    value, i = head
    if i < n and words[i].role == "scale" and words[i].value == 9:  # "... tỷ": what came before counts tỷ
        value, i = value * 10**9, i + 1
        if i < n:
            rest = _below_billion(words, i, False)
            if rest is None:
                return None
            value, i = value + rest[0], rest[1]
    return value if i == n else None


# --- writing ------------------------------------------------------------------------------------------------


def spell(value: int, style: str = "standard") -> str:
    """The words for ``value`` (0 to 10**15) in ``style`` (one of :data:`STYLES`), lower case.

    ``spell(1005) == "một nghìn không trăm linh năm"``; ``spell(1005, "southern") == "một ngàn không trăm
    lẻ năm"``; ``spell(21, "short") == "hai mốt"``; ``spell(10**12) == "một nghìn tỷ"``.
    """
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_VALUE:
        raise ValueError(f"cannot spell {value!r}: an int from 0 to 10**15")
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}: one of {', '.join(STYLES)}")
    if value == 0:
        return _word("zero", 0, "", style)
    billions, rest = divmod(value, 10**9)
    out: list[str] = []
    if billions:
        out += _spell_below_billion(billions, True, style) + [_word("scale", 9, "", style)]
    if rest:
        out += _spell_below_billion(rest, not billions, style)
    return " ".join(out)


def _word(role: str, value: int, context: str, style: str) -> str:
    """The first word of number_words.tsv that ``style`` writes for ``value`` in ``context``."""
    for word, r, v, after, styles in _rows():
        if r == role and int(v) == value and (not context or context in after) and ({"*", style} & styles):
            return word
    raise ValueError(f"{DATA}: no {role} {value} ({context or 'any'}) for style {style!r}")


def _spell_below_billion(value: int, leading: bool, style: str) -> list[str]:
    """Words for 1 <= value < 10**9; the first non-zero group is ``leading`` when nothing comes before it."""
    out: list[str] = []
    for power in (6, 3, 0):
        group = value // 10**power % 1000
        if group:
            out += _spell_group(group, leading, style)
            if power:
                out.append(_word("scale", power, "", style))
            leading = False
    return out


def _spell_group(value: int, leading: bool, style: str) -> list[str]:
    """Words for a group 1-999."""
    hundreds, tens, units = value // 100, value // 10 % 10, value % 10
    out: list[str] = []
    if hundreds:
        out += [_word("digit", hundreds, "lead", style), _word("hundred", 2, "", style)]
    elif not leading and style not in _COLLOQUIAL:
        out += [_word("zero", 0, "", style), _word("hundred", 2, "", style)]
    if tens == 0 and units:
        if hundreds or not leading:
            out += [_word("odd", 0, "", style), _word("digit", units, "odd", style)]
        else:
            out.append(_word("digit", units, "lead", style))
    elif tens == 1:
        out.append(_word("ten", 10, "", style))
        if units:
            out.append(_word("digit", units, "ten", style))
    elif tens:
        out.append(_word("digit", tens, "lead", style))
        short = style in _COLLOQUIAL and units and _has("digit", units, "short", style)
        if short:
            out.append(_word("digit", units, "short", style))
        else:
            out.append(_word("tens", 10, "", style))
            if units:
                out.append(_word("digit", units, "tens", style))
    return out


def _has(role: str, value: int, context: str, style: str) -> bool:
    try:
        _word(role, value, context, style)
    except ValueError:
        return False
    return True


# --- finding ------------------------------------------------------------------------------------------------


def find_spelled(text: str) -> list[SpelledAmount]:
    """Every number in words of running text that is clearly one, in order.

    A run of number words is reported when it is at least two words with "mười"/"mươi"/"trăm" or a scale
    word in it, or when "Bằng chữ:" announces it, or it fills a parenthesis after a figure ("02 (hai)"), or
    it is two words or more followed by "đồng". It is not reported when it could be read another way: when
    it runs on into a digit the strict reading refuses ("một trăm năm", "hai triệu hai"), follows another
    number word ("năm bảy trăm" is five to seven hundred) or stands by a decimal, fraction or guess word
    ("phẩy", "phần", "rưỡi", "vài"). "năm" after a complete number is read as "year(s)" ("hai mươi năm qua"
    gives 20).
    """
    words = [(m.start(), m.end(), fold(m.group())) for m in _WORD.finditer(text)]
    table = _number_words()
    is_number = [w[2] in table and not _starts(words, text, i, "not") for i, w in enumerate(words)]
    found: list[SpelledAmount] = []
    i = 0
    while i < len(words):
        if not is_number[i]:
            i += 1
            continue
        run = [i]
        while run[-1] + 1 < len(words) and is_number[run[-1] + 1] and _joined(words, text, run[-1]):
            run.append(run[-1] + 1)
        amount = _amount(words, text, run, is_number)
        if amount:
            found.append(amount)
        i = run[-1] + 1
    return found


def _gap(words: _Tokens, text: str, i: int) -> str:
    """The text between word ``i`` and word ``i + 1``."""
    return text[words[i][1]:words[i + 1][0]]


def _joined(words: _Tokens, text: str, i: int) -> bool:
    """Whether words ``i`` and ``i + 1`` belong to one number: white space between them, or a comma after
    a scale word ("bốn mươi lăm triệu, năm trăm nghìn")."""
    gap = _gap(words, text, i)
    if gap.isspace():
        return True
    table = _number_words()
    return (bool(re.fullmatch(r"\s*,\s*", gap)) and table[words[i][2]].role == "scale"
            and table[words[i + 1][2]].role != "scale")


def _at(words: _Tokens, text: str, i: int, phrase: tuple[str, ...]) -> bool:
    """Whether ``phrase`` (folded words) is written at word ``i``, its words apart only by white space."""
    end = i + len(phrase)
    return (0 <= i and end <= len(words) and tuple(w[2] for w in words[i:end]) == phrase
            and all(_gap(words, text, j).isspace() for j in range(i, end - 1)))


def _starts(words: _Tokens, text: str, i: int, role: str) -> tuple[str, ...] | None:
    """The longest phrase of ``role`` written at word ``i``."""
    return next((phrase for phrase, _ in _phrases(role) if _at(words, text, i, phrase)), None)


def _ends(words: _Tokens, text: str, i: int, role: str) -> bool:
    """Whether a phrase of ``role`` ends at word ``i``."""
    return any(_at(words, text, i + 1 - len(phrase), phrase) for phrase, _ in _phrases(role))


def _amount(words: _Tokens, text: str, run: list[int], is_number: list[bool]) -> SpelledAmount | None:
    """The amount a run of number words starts with, if it is clearly one (see :func:`find_spelled`)."""
    table = _number_words()
    entries = [table[words[i][2]] for i in run]
    value, size = next(((v, k) for k in range(min(len(run), _LONGEST), 0, -1)
                        if (v := _parse(entries[:k])) is not None), (None, 0))
    if value is None or (size < len(run) and not _clean_cut(entries, size, words, run)):
        return None
    first, last = run[0], run[size - 1]
    # what stands before: another number ("năm, bảy trăm"), or a decimal/fraction/guess word
    if first and (
        (is_number[first - 1] and _JOIN.fullmatch(_gap(words, text, first - 1)))
        or (_gap(words, text, first - 1).isspace() and _ends(words, text, first - 1, "stop_before"))
    ):
        return None
    unit, exact, end, after = "", False, words[last][1], last + 1
    if size == len(run) and after < len(words):
        gap = _gap(words, text, last)
        if _JOIN.fullmatch(gap) and is_number[after]:  # "hai mươi, ba mươi người": a range or a list
            return None
        if gap.isspace() and _starts(words, text, after, "stop_after"):
            return None
        if gap.isspace():
            currency = _currency(words, text, after)
            if currency:
                unit, after = currency
                end = words[after - 1][1]
            if after < len(words) and _gap(words, text, after - 1).isspace():
                if _starts(words, text, after, "exact"):
                    exact, end, after = True, words[after][1], after + 1
    clear = size >= 2 and any(e.role in {"ten", "tens", "hundred", "scale"} for e in entries[:size])
    cued = first >= 1 and re.fullmatch(r"[\s:]*", _gap(words, text, first - 1)) and _ends(
        words, text, first - 1, "cue"
    )
    paren = bool(_FIGURE_PAREN.search(text[max(0, words[first][0] - 60):words[first][0]])) and bool(
        _PAREN_CLOSE.match(text, end)
    )
    money = size >= 2 and unit != ""
    if clear or cued or paren or money:
        return SpelledAmount(words[first][0], end, value, unit, exact)
    return None


def _clean_cut(entries: list[_Word], size: int, words: _Tokens, run: list[int]) -> bool:
    """Whether a number may end before the number word that follows it: "không" that is not "không trăm"
    (the word "not"), or "năm" after tens or units ("hai mươi năm qua": twenty years). Any other word
    could be a colloquial abbreviation ("hai triệu hai", "một trăm năm" = 150) or a range."""
    nxt = entries[size]
    if nxt.role == "zero":
        return not (size + 1 < len(entries) and entries[size + 1].role == "hundred")
    return words[run[size]][2] == fold("năm") and entries[size - 1].role in {"digit", "ten", "tens"}


def _currency(words: _Tokens, text: str, i: int) -> tuple[str, int] | None:
    """``(unit, index after it)`` of a currency phrase at word ``i``. "đồng" before a capitalised word on the
    same line is a place name ("Đồng Hới"), unless that word is part of the currency or "Chẵn"."""
    phrase = _starts(words, text, i, "currency")
    if not phrase or _starts(words, text, i, "not"):  # "đồng chí", "đồng thời"
        return None
    after = i + len(phrase)
    if after < len(words) and re.fullmatch(r"[ \t]+", _gap(words, text, after - 1)):
        head = text[words[after][0]]
        if head.isupper() and not _starts(words, text, after, "exact"):
            return None
    unit = dict(_phrases("currency"))[phrase]
    return unit, after
