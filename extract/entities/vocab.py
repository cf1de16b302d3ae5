"""Vocabularies of the tagger, read once from the plain-text files in ``extract/data``.

Each file is UTF-8, one entry a line, ``#`` starts a comment line, columns are separated by tabs. The
files' own headers say what their columns mean; this module only reads them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..textnorm import fold, nfc

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@lru_cache(maxsize=None)
def read_rows(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of the data file ``name``: comment and blank lines skipped, cells NFC and stripped."""
    rows = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append(tuple(nfc(cell).strip() for cell in line.split("\t")))
    return tuple(rows)


def entries(name: str) -> list[str]:
    """First column of every row of ``name``."""
    return [row[0] for row in read_rows(name)]


@lru_cache(maxsize=None)
def folded_set(name: str) -> frozenset[str]:
    """The folded first column of ``name``, for membership tests."""
    return frozenset(fold(entry) for entry in entries(name))


@lru_cache(maxsize=None)
def cues(name: str) -> tuple[str, ...]:
    """The words of class ``name`` in cues.tsv, longest first."""
    words = {row[1] for row in read_rows("cues.tsv") if len(row) > 1 and row[0] == name}
    if not words:
        raise KeyError(f"no cue class {name!r} in cues.tsv")
    return tuple(sorted(words, key=lambda word: (-len(word), word)))


def cue_pattern(name: str) -> str:
    """A regex alternation of the cue words of ``name`` (longest first), for the builders' patterns."""
    return "(?:" + "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in cues(name)) + ")"
