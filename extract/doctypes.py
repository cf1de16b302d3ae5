"""Document types and numbers as Decree 30/2020 writes them, shared by the header reader (``metadata``) and
the citations a document makes of others (``pipelines/references.py``).

A document's number is a number and a symbol joined by "/" and "-": "245/BC-UBND", "25/2016/NĐ-CP", the
Party's "210-CV/BTGDVTU". Printed numbers carry stray spaces ("1731 /UBND-KSTT", a widget drawing the number
apart from its symbol; "1693/UBND- KSTT", a line broken after a dash); :func:`compact_number` writes them as
a person reads them, :func:`number_key` is what two numbers are matched on.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .entities.vocab import read_rows
from .textnorm import fold


@lru_cache(maxsize=1)
def doc_types() -> dict[str, str]:
    """Folded type title -> canonical type name, from ``data/doc_types.tsv``."""
    return {type_key(title): canonical for title, canonical in read_rows("doc_types.tsv")}


@lru_cache(maxsize=1)
def doc_symbols() -> dict[str, str]:
    """Abbreviation in a document's number ("HD" in "545/HD-BTV") -> type, from ``data/doc_symbols.tsv``."""
    return {symbol.upper(): canonical for symbol, canonical in read_rows("doc_symbols.tsv")}


@lru_cache(maxsize=1)
def written_symbols() -> frozenset[str]:
    """The abbreviations of ``data/doc_symbols.tsv`` as they are written there ("QĐ", "TTr", "CTr")."""
    return frozenset(symbol for symbol, _canonical in read_rows("doc_symbols.tsv"))


@lru_cache(maxsize=1)
def cited_types() -> dict[tuple[str, ...], tuple[str, bool]]:
    """Folded words of a type as the body writes it ("nghị định", "văn bản") -> (canonical type, named), from
    ``data/cited_types.tsv``; ``named``: a name alone identifies one (Luật, Bộ luật, Pháp lệnh, Hiến pháp)."""
    return {tuple(fold(written).split()): (canonical, "named" in flags)
            for written, canonical, *flags in read_rows("cited_types.tsv")}


def type_key(text: str) -> str:
    """Matching key of a type title: folded, single spaces."""
    return " ".join(fold(text).split())


# A Party document's number: "210-CV/BTGDVTU", "05-NQ/TU": the type after the number's dash.
_PARTY_SYMBOL = re.compile(r"(?:^|[\d\s])-([A-ZĐ]{2,4})/")


def type_from_number(number: str) -> str:
    """The type a number's symbol names: "545/HD-BTV" -> "Hướng dẫn"; "" when it names none."""
    match = _PARTY_SYMBOL.search(number) or re.search(r"/([A-ZĐa-zđ]+)", number)
    return doc_symbols().get(match.group(1).upper(), "") if match else ""


# The word "số" before a number, with what OCR and typists make of it ("Số:", "số :", "sô").
NUMBER_WORD = r"[sS][ốôỐÔ]\s*[:.]?\s*"
# A number as printed: digits (or a blank field of dots: "…/QĐ-UBND"), then symbol parts joined by "/", "-",
# "–" or "_". A space may stand on either side of "/", and after a dash or on both sides of it when a capital
# letter or digit follows ("1693/UBND- KSTT", "66/TTr - NS-TH"; a dash typed twice, "TCCB- -HĐQT"): never
# before a lower-case word. A part may join capitals with a dot ("16/CGC.BT").
_PART = r"[^\W_]+(?:&[^\W_]+|\.[A-ZĐ][A-ZĐ0-9]*(?![^\W\d_]))*(?:\([^\W_]+\))?"
_SEP = r"(?:\s?[/⁄]\s?|[-–_](?:\s?[-–])*\s?(?=[A-ZĐ0-9])|\s[-–]\s?(?=[A-ZĐ]))"
NUMBER = rf"(?:\d{{1,6}}[A-Za-z]?|[.…_]*(?=\s?[/⁄]))(?:{_SEP}{_PART})*"


def has_symbol(number: str) -> bool:
    """Whether a printed number carries a symbol, a letter after "/" or "-" ("126/2024/NĐ-CP", not "2020")."""
    return bool(re.search(r"[/⁄\-–_]\s?[^/⁄\-–_]*[^\W\d_]", number))


def compact_number(text: str) -> str:
    """A printed number as a person writes it: spaces and the dots of a blank field removed, trailing
    punctuation dropped ("1731 /UBND-KSTT" -> "1731/UBND-KSTT", "…../BC-K4" -> "/BC-K4")."""
    return re.sub(r"[\s…]+|\.{2,}", "", text).strip(".:;,")


def number_key(number: str) -> str:
    """What two printed numbers are matched on: compact, case and tone placement folded, dashes and slashes
    alike."""
    return fold(compact_number(number)).replace("–", "-").replace("⁄", "/")


def has_number_part(number: str) -> bool:
    """Whether a number's number part was filled in ("245/BC-UBND", not "/BC-UBND")."""
    return bool(re.match(r"\d", compact_number(number)))
