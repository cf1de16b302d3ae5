"""Tagging throughput on the whole seed against underthesea's word segmentation alone.

    python benchmarks/bench_tagger.py

Prints characters per second of ``Tagger.tag_many`` over the seed blocks and of
``underthesea.word_tokenize`` over the same blocks, and their ratio (one run each, after loading the
models on a short sentence; the tagger's POS look-ups of counted nouns start with an empty cache).
The tagger tokenises once, so the ratio is what the rules and spaCy cost on top of segmentation.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from underthesea import word_tokenize  # noqa: E402

from baocao.extract.entities import Tagger  # noqa: E402
from score_entities import seed_blocks  # noqa: E402


def main() -> int:
    texts = [text for _, _, text in seed_blocks()]
    chars = sum(len(t) for t in texts)
    tagger = Tagger()
    tagger.tag("Ông Nguyễn Văn A nhận 5 hồ sơ.")  # warm-up: load the CRF and POS models only
    word_tokenize("Ông Nguyễn Văn A nhận 5 hồ sơ.", use_token_normalize=False)

    start = time.perf_counter()
    for text in texts:
        word_tokenize(text, use_token_normalize=False)
    segment_seconds = time.perf_counter() - start

    start = time.perf_counter()
    tagger.tag_many(texts)
    tag_seconds = time.perf_counter() - start

    print(f"seed: {len(texts)} blocks, {chars} characters")
    print(f"underthesea word_tokenize: {chars / segment_seconds:10.0f} chars/s ({segment_seconds:.3f} s)")
    print(f"baocao Tagger.tag_many:    {chars / tag_seconds:10.0f} chars/s ({tag_seconds:.3f} s)")
    print(f"tagging costs {tag_seconds / segment_seconds:.2f} x tokenizing (target: at most 3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
