"""awardees.csv (being written: returns no rows yet)."""

from __future__ import annotations

from .tagged import TaggedDocument


def extract_awardees(tagged: TaggedDocument) -> list:
    return []
