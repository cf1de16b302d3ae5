"""The entity tagger: a spaCy pipeline over underthesea syllables, returning :class:`Span` records."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Iterable, NamedTuple

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import measures, names, orgs  # noqa: F401  (registers the pipeline components)
from .lexicon import ATTRS_KEY, SPAN_KEY
from .tokenizer import UnderTheSeaTokenizer

LABELS = ("PER", "RANK", "POSITION", "ORG", "LOC", "AWARD", "DATE", "MONEY", "PERCENT", "QUANTITY")


@dataclass(frozen=True)
class Span:
    """A tagged span of a block's text; ``text == block_text[start:end]``."""

    label: str  # PER RANK POSITION ORG LOC AWARD DATE MONEY PERCENT QUANTITY
    start: int
    end: int
    text: str
    normalized: str  # ISO date, canonical rank, "5027000000000 VND", cleaned text for names
    value: float | None = None  # MONEY/PERCENT/QUANTITY value in base units
    unit: str | None = None  # "VND", "%", "lượt khách", "m2", ...
    qualifier: str | None = None  # "trên", "gần", "đạt", ... written right before the figure


class Token(NamedTuple):
    """One word of a block (an underthesea syllable, or a punctuation mark): ``text == block_text[start:end]``."""

    start: int
    end: int
    text: str
    key: str  # textnorm.fold(text): what vocabularies are matched on
    starts_word: bool  # first syllable of an underthesea word ("thi" of "thi đua")


@dataclass(frozen=True)
class Tokens:
    """A block's tokens in order (white space left out), as the tagger's tokenizer cut them.

    The table builders read words through this, so that the words they match vocabularies and cues on are
    the words the tagger tagged, and no builder cuts the text again.
    """

    items: tuple[Token, ...] = ()

    def first_at(self, offset: int) -> int:
        """Index of the first token starting at or after ``offset`` (``len`` when none)."""
        return bisect.bisect_left(self.items, offset, key=lambda t: t.start)

    def at(self, offset: int) -> Token | None:
        """The token starting exactly at ``offset``."""
        i = self.first_at(offset)
        return self.items[i] if i < len(self.items) and self.items[i].start == offset else None

    def between(self, start: int, end: int) -> tuple[Token, ...]:
        """Tokens lying wholly in ``[start, end)``."""
        i = self.first_at(start)
        out = []
        while i < len(self.items) and self.items[i].end <= end:
            out.append(self.items[i])
            i += 1
        return tuple(out)

    def words_from(self, offset: int, limit: int) -> tuple[Token, ...]:
        """Up to ``limit`` tokens from the one starting at ``offset`` on, stopping at a punctuation mark."""
        i = self.first_at(offset)
        if i >= len(self.items) or self.items[i].start != offset:
            return ()
        out = []
        for token in self.items[i:i + limit]:
            if not token.text[0].isalnum():
                break
            out.append(token)
        return tuple(out)


def tokens_of(doc: Doc) -> Tokens:
    """The :class:`Tokens` of a Doc made by :class:`UnderTheSeaTokenizer` (from the lexicon's view of it
    when the pipeline has run: its lists hold the same facts without making spaCy tokens again)."""
    view = doc.user_data.get("baocao.view")
    if view is None:
        starts = doc.user_data.get("word_starts") or [True] * len(doc)
        return Tokens(tuple(Token(t.idx, t.idx + len(t.text), t.text, t.norm_, starts[t.i])
                            for t in doc if not t.is_space))
    return Tokens(tuple(Token(idx, idx + len(text), text, norm, start)
                        for idx, text, norm, space, start in zip(view.idx, view.text, view.norm, view.space,
                                                                 view.word_start) if not space))


def build_pipeline() -> Language:
    """A blank multilingual spaCy pipeline with baocao's tokenizer and rule components."""
    nlp = spacy.blank("xx")
    nlp.tokenizer = UnderTheSeaTokenizer(nlp.vocab)
    nlp.add_pipe("baocao_lexicon")
    nlp.add_pipe("baocao_measures")
    nlp.add_pipe("baocao_names")
    nlp.add_pipe("baocao_orgs")
    return nlp


class Tagger:
    """Tags people, ranks, positions, organisations, places, awards, dates and figures in a block of text."""

    def __init__(self) -> None:
        self.nlp = build_pipeline()

    def tag(self, text: str) -> list[Span]:
        """Spans of ``text`` sorted by start; labels may nest, one label never overlaps itself."""
        return spans_of(self.nlp(text))

    def tag_many(self, texts: Iterable[str], batch_size: int = 64) -> list[list[Span]]:
        """:meth:`tag` for many blocks (``nlp.pipe``)."""
        return [spans_of(doc) for doc in self.nlp.pipe(texts, batch_size=batch_size)]

    def analyse_many(self, texts: Iterable[str], batch_size: int = 64) -> list[tuple[list[Span], Tokens]]:
        """The spans and the tokens of many blocks: what a tagged document keeps."""
        out = []
        for doc in self.nlp.pipe(texts, batch_size=batch_size):
            tokens = tokens_of(doc)  # before spans_of, which lets the lexicon's view go
            out.append((spans_of(doc), tokens))
        return out


def spans_of(doc: Doc) -> list[Span]:
    """The :class:`Span` records of a Doc the pipeline has run on."""
    attrs = doc.user_data.get(ATTRS_KEY, {})
    chosen: list[Span] = []
    by_label: dict[str, list[tuple[int, int]]] = {}
    # Longest first, then leftmost: a label keeps the longest of overlapping candidates.
    candidates = sorted(doc.spans.get(SPAN_KEY, []), key=lambda s: (-(s.end_char - s.start_char), s.start_char))
    for s in candidates:
        taken = by_label.setdefault(s.label_, [])
        if any(s.start_char < e and b < s.end_char for b, e in taken):
            continue
        taken.append((s.start_char, s.end_char))
        normalized, value, unit, qualifier = attrs[(s.label_, s.start_char, s.end_char)]
        chosen.append(Span(s.label_, s.start_char, s.end_char, s.text, normalized, value, unit, qualifier))
    # doc.user_data holds per-Doc working state that nothing needs after this point.
    doc.user_data.pop("baocao.view", None)
    chosen.sort(key=lambda s: (s.start, -s.end, LABELS.index(s.label)))
    return chosen
