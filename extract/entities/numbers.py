"""Numbers and measures as Vietnamese documents write them: "." groups thousands, "," is the decimal mark.

``parse_number("5.027") == 5027.0``, ``parse_number("92,2") == 92.2``;
``parse_measure("5.027 tỷ đồng") == (5027000000000.0, "VND")``; a ratio counts its first number
(``parse_measure("35/45 nhiệm vụ") == (35.0, "nhiệm vụ")``). Units and scale words come from
``extract/data/units.tsv``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from ..textnorm import clean, fold
from .vocab import read_rows

# "1.200.000" / "5.027" / "92,2" / "12" / "1.234,5"; a lone "2.5" (not a thousands group) is a decimal point.
NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?(?![.,]?\d)|\d+\.\d+"
_NUMBER_RE = re.compile(rf"(?:{NUMBER})")
# The denominator of a ratio after its first number: "35/45", "9,49/ 9,5" (a table cell wrapped after "/").
_DENOMINATOR = re.compile(rf"/ ?(?:{NUMBER})(?![/\w-])")
_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_COMMA_DECIMAL = re.compile(r"\d+(?:,\d+)?")
_POINT_DECIMAL = re.compile(r"\d+\.\d+")


def parse_number(text: str) -> float:
    """Value of a number written the Vietnamese way; raises ValueError when ``text`` is not a number."""
    s = text.strip()
    if _GROUPED.fullmatch(s) or _COMMA_DECIMAL.fullmatch(s):
        return float(s.replace(".", "").replace(",", "."))
    if _POINT_DECIMAL.fullmatch(s):
        return float(s)
    raise ValueError(f"not a number: {text!r}")


def format_number(value: float, group: bool = False) -> str:
    """``value`` written the Vietnamese way ("," decimal mark; "." thousands groups when ``group``).

    ``parse_number(format_number(x)) == x`` for every finite non-negative float written without exponent.
    """
    if value < 0 or value != value or value in (float("inf"),):
        raise ValueError(f"cannot write {value!r}")
    digits = format(Decimal(repr(float(value))), "f")
    whole, _, frac = digits.partition(".")
    frac = frac.rstrip("0")
    if group:
        whole = f"{int(whole):,}".replace(",", ".")
    return whole + ("," + frac if frac else "")


@lru_cache(maxsize=None)
def unit_table() -> dict[str, tuple[str, str, float]]:
    """``fold(surface) -> (canonical, kind, factor)`` from units.tsv."""
    return {fold(row[0]): (row[1], row[2], float(row[3])) for row in read_rows("units.tsv")}


def _split_unit(rest: str) -> tuple[float, str, str]:
    """Scale factor, canonical unit and kind of the text after a number ("tỷ đồng" -> 1e9, "VND", "MONEY")."""
    table = unit_table()
    words = rest.split()
    factor = 1.0
    while words and table.get(fold(words[0]), ("", ""))[1] == "SCALE":
        factor *= table[fold(words[0])][2]
        words = words[1:]
    rest = " ".join(words)
    head, slash, per = rest.partition("/")
    key = fold(head.strip())
    if key in table and table[key][1] != "SCALE":
        canonical, kind, unit_factor = table[key]
        return factor * unit_factor, canonical + (slash + per.strip() if slash else ""), kind
    if factor != 1.0 and not rest:  # "2 triệu": a bare scale counts nothing in particular
        return factor, "", "QUANTITY"
    return factor, rest, "QUANTITY"


def parse_measure(text: str) -> tuple[float, str]:
    """``(value in base units, canonical unit)`` of a figure such as "5.027 tỷ đồng", "92,2%", "700m2".

    The unit of a count is its noun as written ("12.537 hồ sơ" -> (12537.0, "hồ sơ")). Raises ValueError
    when ``text`` does not start with a number.
    """
    s = clean(text)
    m = _NUMBER_RE.match(s)
    if not m:
        raise ValueError(f"not a figure: {text!r}")
    rest = s[m.end():]
    denominator = _DENOMINATOR.match(rest)
    if denominator:
        rest = rest[denominator.end():]
    factor, unit, _ = _split_unit(rest.strip())
    return _round(parse_number(m.group()) * factor), unit


def measure_kind(unit_text: str) -> str:
    """MONEY, PERCENT, MEASURE or QUANTITY for the text written after a number."""
    return _split_unit(unit_text)[2]


def normalize_measure(text: str) -> str:
    """Canonical form of a figure: plain value (Vietnamese decimal comma, no grouping) and unit.

    ``normalize_measure("5.027 tỷ đồng") == "5027000000000 VND"``; applying it twice changes nothing.
    """
    value, unit = parse_measure(text)
    return f"{format_number(value)} {unit}".strip()


def _round(value: float) -> float:
    """Drop float noise from a multiplication (2.255 * 1000 -> 2255.0)."""
    return float(f"{value:.10g}") if value < 1e10 else float(round(value, 6))
