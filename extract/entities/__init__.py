"""Entity tagging of Vietnamese administrative text: people, ranks, positions, organisations, places,
awards, dates and figures, with exact character offsets.

``Tagger().tag(text) -> list[Span]``. The pipeline is spaCy over underthesea's segmentation; every
vocabulary lives in ``extract/data``.
"""

from .tagger import LABELS, Span, Tagger

__all__ = ["LABELS", "Span", "Tagger"]
