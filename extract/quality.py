"""How far a page's text layer can be trusted: real text, none, a signature stamp only, or garbled OCR.

Garbled old OCR layers read like "CQNG nO.q. XA Hgr CHU NGHIA" or "DQc l$p - Tg do - Hlnh phric". They are
told apart from Vietnamese by the share of tokens that are well-formed Vietnamese syllables (onset,
vowel nucleus, final; one letter case per token).
"""

from __future__ import annotations

import re

from .model import QUALITY_GARBLED, QUALITY_NONE, QUALITY_STAMP, QUALITY_TEXT
from .textnorm import strip_tones

_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
_NUCLEUS = r"[aeiouy]{1,3}"
_FINAL = r"(?:ng|nh|ch|[cmnpt])?"
_SYLLABLE = re.compile(f"^{_ONSET}{_NUCLEUS}{_FINAL}$")
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
_STAMP_WORDS = re.compile(r"ký bởi|ky boi|thời gian ký|signed by|chữ ký số|ký số", re.IGNORECASE)

GARBLED_BELOW = 0.6  # share of well-formed syllables under which a text layer is garbled
# Share of tokens carrying a Vietnamese diacritic: 0.74-0.96 on real pages of the development corpus,
# 0.0-0.17 on its garbled OCR layers (which lost their accents).
ACCENTED_BELOW = 0.35
STAMP_MAX_CHARS = 400  # a page whose only text is a stamp holds little text


def syllable_share(text: str) -> float:
    """Share of alphabetic tokens that are well-formed Vietnamese syllables (1.0 for no tokens)."""
    tokens = _TOKEN.findall(text)
    if not tokens:
        return 1.0
    good = 0
    for token in tokens:
        if not (token.islower() or token.isupper() or token.istitle()):
            continue
        bare = strip_tones(token).lower()
        if _SYLLABLE.match(bare):
            good += 1
    return good / len(tokens)


def accented_share(text: str) -> float:
    """Share of alphabetic tokens with a non-ASCII letter (1.0 for no tokens)."""
    tokens = _TOKEN.findall(text)
    if not tokens:
        return 1.0
    return sum(1 for token in tokens if not token.isascii()) / len(tokens)


def page_quality(text: str, image_area: float = 0.0) -> str:
    """Classify a page by its text: ``text``, ``none``, ``stamp`` or ``garbled``."""
    ink = "".join(text.split())
    if not ink:
        return QUALITY_NONE
    if len(ink) <= STAMP_MAX_CHARS and _STAMP_WORDS.search(text):
        return QUALITY_STAMP
    tokens = len(_TOKEN.findall(text))
    if tokens >= 8 and syllable_share(text) < GARBLED_BELOW:
        return QUALITY_GARBLED
    if tokens >= 20 and accented_share(text) < ACCENTED_BELOW:
        return QUALITY_GARBLED
    if image_area > 0.8 and len(ink) < 40:
        # A scan with a few stray characters (a page number, a mark) has no usable text layer.
        return QUALITY_NONE
    return QUALITY_TEXT
