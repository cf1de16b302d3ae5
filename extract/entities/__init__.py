"""Entity tagging of Vietnamese administrative text: people, ranks, positions, organisations, places,
awards, dates and figures, with exact character offsets.

``Tagger().tag(text) -> list[Span]``. The pipeline is spaCy over underthesea's segmentation; every
vocabulary lives in ``extract/data``.
"""

__all__ = ["LABELS", "Span", "Tagger", "Token", "Tokens"]


def __getattr__(name: str):
    """The tagger is imported on first use: reading a vocabulary (``entities.vocab``) must not load spaCy."""
    if name in __all__:
        from . import tagger

        return getattr(tagger, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
