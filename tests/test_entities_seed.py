"""The tagger meets the issue's bar on the seed gold (tests/gold/seed/entities.csv).

Scored on the reader's blocks of the seed sample PDF; the test on the raw seed text skips when the shared
seed is absent (it is not part of the repository).
"""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from score_entities import SEED_TEXT, sample_blocks, score, seed_blocks  # noqa: E402

BAR = {"PER": 0.95, "RANK": 0.95, "ORG": 0.9, "MONEY": 0.9, "PERCENT": 0.9, "QUANTITY": 0.9}


@pytest.mark.parametrize("blocks", ["sample", "seed-text"])
def test_seed_precision_and_recall(blocks):
    if blocks == "seed-text" and not SEED_TEXT.exists():
        pytest.skip("shared seed text absent")
    result = score(sample_blocks() if blocks == "sample" else seed_blocks())
    for label, bar in BAR.items():
        tp, n_pred, n_gold, _, _ = result[label]
        assert n_gold and tp / n_gold >= bar, (label, "recall", tp, n_gold)
        assert n_pred and tp / n_pred >= bar, (label, "precision", tp, n_pred)


@pytest.mark.skipif(not SEED_TEXT.exists(), reason="shared seed text absent")
def test_seed_blocks():
    blocks = seed_blocks()
    notes = [(no, text) for source, no, text in blocks if source == "footnote"]
    assert [no for no, _ in notes] == ["1", "2", "3", "4", "5"]
    body = " ".join(text for source, _, text in blocks if source == "body")
    assert "doanh nghiệp." in body and "nghiệp1" not in body  # glued footnote marker removed
    assert "Nơi nhận" not in body and "\n" not in body
