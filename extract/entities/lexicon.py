"""The vocabulary matcher (a spaCy PhraseMatcher over folded tokens) and the per-Doc view the rules read.

Every vocabulary file becomes one kind of match: RANK, POSITION, ORGHEAD, AWARD, PLACETYPE, PLACE,
HONORIFIC, ALIAS, STOP, QUALIFIER, UNIT and MEASURE_CONTEXT. Matching is on ``token.norm_``, which the
tokenizer sets to ``textnorm.fold(token.text)``, so case and tone placement do not matter.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..textnorm import fold
from .vocab import read_rows


@lru_cache(maxsize=None)
def key(word: str) -> str:
    """The matching key of ``word`` (``textnorm.fold``), as tokens carry it in ``norm_``."""
    return fold(word)

SPAN_KEY = "baocao"
ATTRS_KEY = "baocao.attrs"

# kind -> (file, column holding the payload or None, column holding the canonical form or None)
SOURCES = {
    "RANK": ("ranks.txt", None, 0),
    "POSITION": ("positions.txt", None, None),
    "ORGHEAD": ("org_heads.tsv", 1, None),
    "AWARD": ("awards.txt", None, None),
    "PLACETYPE": ("place_types.tsv", 1, None),
    "PLACE": ("places.txt", None, None),
    "HONORIFIC": ("honorifics.txt", None, None),
    "ALIAS": ("person_aliases.tsv", None, 1),
    "STOP": ("stopwords.tsv", 1, None),
    "QUALIFIER": ("qualifiers.tsv", 1, None),
    "UNIT": ("units.tsv", 2, 1),
    "MCTX": ("measure_context.tsv", 1, None),
}


class Lexicon:
    """Finds every vocabulary entry in a Doc; ``lexicon(doc)`` stores a :class:`View` in ``doc.user_data``."""

    def __init__(self, nlp: Language):
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self.keys: dict[int, tuple[str, str, str]] = {}
        for kind, (name, payload_col, canon_col) in SOURCES.items():
            for row in read_rows(name):
                payload = row[payload_col] if payload_col is not None and len(row) > payload_col else ""
                canonical = row[canon_col] if canon_col is not None and len(row) > canon_col else row[0]
                key = f"{kind}\t{payload}\t{canonical}"
                # A trailing word keeps end-of-text tokenisation ("TP." alone splits) out of the pattern.
                pattern = nlp.make_doc(row[0] + " xx")[:-1].as_doc()
                self.matcher.add(key, [pattern])
                self.keys[nlp.vocab.strings[key]] = (kind, payload, canonical)

    def __call__(self, doc: Doc) -> Doc:
        found: dict[str, dict[int, list[tuple[int, str, str]]]] = {kind: {} for kind in SOURCES}
        for match_id, start, end in self.matcher(doc):
            kind, payload, canonical = self.keys[match_id]
            found[kind].setdefault(start, []).append((end, payload, canonical))
        for by_start in found.values():
            for options in by_start.values():
                options.sort(key=lambda o: -o[0])
        doc.spans[SPAN_KEY] = []
        doc.user_data["baocao.view"] = View(doc, found)
        return doc


class View:
    """Token features and vocabulary matches of one Doc, in plain lists for fast rule code."""

    def __init__(self, doc: Doc, found: dict[str, dict[int, list[tuple[int, str, str]]]]):
        self.doc = doc
        self.n = len(doc)
        tokens = list(doc)  # spaCy makes a Token object on every access: once each, here
        self.text = [t.text for t in tokens]
        self.norm = [t.norm_ for t in tokens]
        self.idx = [t.idx for t in tokens]
        self.space = [t.is_space for t in tokens]
        self.alpha = [t.is_alpha for t in tokens]
        # Capitalised word: letters only, first upper; all-capital words of 2+ letters are acronyms/headings.
        self.cap = [a and s[0].isupper() for a, s in zip(self.alpha, self.text)]
        self.upper = [a and len(s) > 1 and s.isupper() for a, s in zip(self.alpha, self.text)]
        self.word_start = doc.user_data.get("word_starts") or [True] * self.n
        self.found = found

    def match(self, kind: str, i: int, payload: str | None = None) -> tuple[int, str, str] | None:
        """Longest ``kind`` match starting at token ``i`` (with that payload, when given)."""
        for option in self.found[kind].get(i, ()):
            if payload is None or option[1] == payload:
                return option
        return None

    def ends_at(self, kind: str, i: int) -> tuple[int, str, str] | None:
        """A ``kind`` match ending right before token ``i`` (start, payload, canonical), the longest."""
        best = None
        for start in range(max(0, i - 5), i):
            for end, payload, canonical in self.found[kind].get(start, ()):
                if end == i and (best is None or start < best[0]):
                    best = (start, payload, canonical)
        return best

    def glued(self, i: int) -> bool:
        """True when token ``i`` follows token ``i - 1`` with no white space between them."""
        return i > 0 and self.idx[i - 1] + len(self.text[i - 1]) == self.idx[i]

    def add(self, label: str, start: int, end: int, normalized: str, value: float | None = None,
            unit: str | None = None, qualifier: str | None = None) -> None:
        """Record a span of tokens ``[start, end)`` in ``doc.spans["baocao"]`` with its normalised fields."""
        span = Span(self.doc, start, end, label=label)
        self.doc.spans[SPAN_KEY].append(span)
        self.doc.user_data.setdefault(ATTRS_KEY, {})[(label, span.start_char, span.end_char)] = (
            normalized, value, unit, qualifier)

    def spans(self, label: str) -> list[tuple[int, int]]:
        """Token ranges of the spans with ``label`` recorded so far."""
        return [(s.start, s.end) for s in self.doc.spans.get(SPAN_KEY, []) if s.label_ == label]


@Language.factory("baocao_lexicon")
def make_lexicon(nlp: Language, name: str) -> Lexicon:
    """spaCy factory for :class:`Lexicon`."""
    return Lexicon(nlp)
