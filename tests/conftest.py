"""Shared fixtures: the project's samples, the development corpus (optional), gold annotations."""

from __future__ import annotations

import csv
import json
import os
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import settings
from hostile import pdf_from_objects  # noqa: E402,F401  (one copy, used by the tests and the fuzzer)

# Property tests draw new examples on every run on a developer's machine; in CI (CI=true) they draw the
# same ones every time, so that a submission's result does not depend on the draw. A failure found
# locally is a bug to fix, not a reason to change the profile.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLD = ROOT / "tests" / "gold"
DATA = ROOT / "tests" / "data"
CORPUS = Path(os.environ.get("BAOCAO_CORPUS", ROOT.parent / "shared" / "corpus")) / "dev"
# OCR results of the corpus and samples' scanned pages, kept by page image (baocao.extract.ocr): the suite reads
# them instead of running Tesseract again (a page missing from it is read by Tesseract and added).
OCR_CACHE = ROOT / "tests" / "data" / "ocr-cache"
os.environ.setdefault("BAOCAO_OCR_CACHE", str(OCR_CACHE))

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"development corpus not found at {CORPUS}")


def sample_pdfs() -> list[Path]:
    return sorted(SAMPLES.glob("*.pdf"))


def truth(pdf: Path) -> dict:
    return json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))


def corpus_manifest() -> list[dict]:
    with open(CORPUS / "MANIFEST.tsv", encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle, delimiter="\t") if (CORPUS / row["file"]).exists()]


def gold_documents(source: str | None = None) -> list[dict]:
    out = []
    for path in sorted(GOLD.glob("*/gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        gold["dir"] = path.parent
        if source is None or gold.get("source") == source:
            out.append(gold)
    return out


@lru_cache(maxsize=None)
def read_cached(path: str):
    """Read a PDF once per test session (reading the corpus takes tens of seconds)."""
    from baocao.extract.reader import read_pdf

    return read_pdf(path)


