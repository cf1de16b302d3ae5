"""A spaCy tokenizer over underthesea's word segmentation that gives back the exact source text.

underthesea normalises what it reads (NFC, "ð" -> "đ") and joins the syllables of a word with one space,
so its tokens are not always substrings of the input. :func:`segment` maps every syllable back onto the
source by searching forward; characters it cannot place become tokens of their own. The Doc's words are
always slices of the source, so ``doc.text == text`` for any input.
"""

from __future__ import annotations

import re
import unicodedata

import numpy
from spacy.attrs import NORM
from spacy.tokens import Doc
from spacy.vocab import Vocab
from underthesea import word_tokenize

from ..textnorm import fold

# How far ahead (characters) a syllable is looked for after one that could not be placed.
_RESYNC_WINDOW = 64
# Two numbers joined by a dash, which underthesea keeps as one word ("20-25" of "20-25 tỷ đồng"): a range,
# split into number, dash, number so that each end can be a figure. Three numbers ("26-3-2019") stay whole.
_NUMBER_RANGE = re.compile(r"(\d+(?:[.,]\d+)*)([-–])(\d+(?:[.,]\d+)*)")


def _pieces(text: str) -> list[tuple[int, int, bool]]:
    """Non-space pieces of ``text`` as ``(start, end, starts_word)``, in order and not overlapping."""
    if not text or text.isspace():
        return []
    pieces: list[tuple[int, int, bool]] = []
    pos = 0
    lost = False

    def add_gap(start: int, end: int) -> None:
        # Source characters no underthesea syllable accounted for: one piece per non-space run.
        i = start
        while i < end:
            while i < end and text[i].isspace():
                i += 1
            j = i
            while j < end and not text[j].isspace():
                j += 1
            if j > i:
                pieces.append((i, j, True))
            i = j

    for word in word_tokenize(text, use_token_normalize=False):
        for k, syllable in enumerate(word.split()):
            limit = pos + _RESYNC_WINDOW if lost else None
            idx = text.find(syllable, pos, None if limit is None else limit + len(syllable))
            if idx < 0 or (not lost and idx > pos and not text[pos:idx].isspace()):
                lost = True
                continue
            add_gap(pos, idx)
            end = idx + len(syllable)
            while end < len(text) and unicodedata.combining(text[end]):
                end += 1  # never split a letter from its combining marks
            pieces.extend(_split_range(text, idx, end, k == 0))
            pos = end
            lost = False
    add_gap(pos, len(text))
    return pieces


def _split_range(text: str, start: int, end: int, starts_word: bool) -> list[tuple[int, int, bool]]:
    """The piece ``[start, end)``, or its three parts when it is a range of two numbers."""
    m = _NUMBER_RANGE.fullmatch(text, start, end)
    if m is None:
        return [(start, end, starts_word)]
    return [(start, m.end(1), starts_word), (m.start(2), m.end(2), True), (m.start(3), end, True)]


def segment(text: str) -> tuple[list[str], list[bool], list[bool]]:
    """Words, trailing-space flags and word-start flags for ``Doc(vocab, words, spaces)``.

    Words are syllables (underthesea's multi-syllable words are split at their spaces); the third list
    is True where a syllable starts an underthesea word. White space other than one trailing space
    becomes a token of its own, as spaCy does.
    """
    words: list[str] = []
    spaces: list[bool] = []
    starts: list[bool] = []
    pieces = _pieces(text)
    if not pieces:
        return ([text], [False], [False]) if text else ([], [], [])
    if pieces[0][0] > 0:
        words.append(text[: pieces[0][0]])
        spaces.append(False)
        starts.append(False)
    for j, (start, end, starts_word) in enumerate(pieces):
        words.append(text[start:end])
        starts.append(starts_word)
        gap_end = pieces[j + 1][0] if j + 1 < len(pieces) else len(text)
        gap = text[end:gap_end]
        if not gap:
            spaces.append(False)
        elif gap[0] == " ":
            spaces.append(True)
            if len(gap) > 1:
                words.append(gap[1:])
                spaces.append(False)
                starts.append(False)
        else:
            spaces.append(False)
            words.append(gap)
            spaces.append(False)
            starts.append(False)
    return words, spaces, starts


class UnderTheSeaTokenizer:
    """spaCy tokenizer: syllable tokens from underthesea's segmentation, ``norm_`` set to ``fold(text)``.

    ``doc.user_data["word_starts"]`` keeps, per token, whether it starts an underthesea word.
    """

    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        self._folds: dict[str, int] = {}  # word -> hash of its fold in the vocabulary's strings

    def __call__(self, text: str) -> Doc:
        words, spaces, starts = segment(text)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        if words:  # set as one array: spaCy would make a Token object for each word set one by one
            folds, strings = self._folds, self.vocab.strings
            hashes = []
            for word in words:
                key = folds.get(word)
                if key is None:
                    key = folds[word] = strings.add(fold(word))
                hashes.append(key)
            doc.from_array([NORM], numpy.array(hashes, dtype="uint64").reshape(-1, 1))
        doc.user_data["word_starts"] = starts
        return doc

    def to_bytes(self, **kwargs) -> bytes:  # spaCy calls these when a pipeline is saved
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "UnderTheSeaTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        pass

    def from_disk(self, path, **kwargs) -> "UnderTheSeaTokenizer":
        return self
