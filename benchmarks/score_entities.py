"""Score the entity tagger against the hand-written gold of the seed (tests/gold/seed/entities.csv).

    python benchmarks/score_entities.py [--verbose]

Gold rows and predicted spans are matched per (label, source, footnote_no) on cleaned text, as
multisets. Prints precision, recall and F1 per label; --verbose lists misses and false hits.
The blocks are the reader's blocks of samples/lang-son-2019-bao-cao.pdf (:func:`sample_blocks`): its
title block, body and footnotes; the header, recipients and signature are metadata and not scored.
``--seed-text`` scores the seed's pdftotext text layer instead (:func:`seed_blocks`).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from baocao.extract.entities import Tagger  # noqa: E402
from baocao.extract.textnorm import clean  # noqa: E402

SEED_TEXT = ROOT.parent / "shared" / "seed" / "000_058bf12399dc8a1e.txt"
SAMPLE = ROOT / "samples" / "lang-son-2019-bao-cao.pdf"
SCORED_KINDS = {"title", "subject", "heading", "paragraph", "item", "footnote"}


def sample_blocks(path: Path = SAMPLE) -> list[tuple[str, str, str]]:
    """The reader's blocks of the sample PDF as ``[(source, footnote_no, text)]``."""
    from baocao.extract.reader import read_pdf

    doc = read_pdf(str(path))
    return [(b.source, str(b.footnote_no or ""), b.text) for b in doc.blocks if b.kind in SCORED_KINDS]
GOLD = ROOT / "tests" / "gold" / "seed" / "entities.csv"

_RULE = re.compile(r"^ {20,}$")  # the blank rule line pdftotext leaves above a page's footnotes
_FOOTNOTE = re.compile(r"^(\d{1,2}) (\S.*)$")
_PAGE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
_ENDS = re.compile(r"[.:;!?…]\s*$|\./\.\s*$")
_ITEM = re.compile(r"^\s*(?:[IVX]+\.|\d+(?:\.\d+)*\.|-)\s")


def seed_blocks(path: Path = SEED_TEXT) -> list[tuple[str, str, str]]:
    """The seed's text cut into blocks: ``[(source, footnote_no, text)]``.

    Body paragraphs (``source`` "body", ``footnote_no`` "") and footnotes (``source`` "footnote"), line
    breaks joined with one space, glued footnote markers ("nghiệp1.") removed, page numbers dropped, the
    recipients list and signature block ("Nơi nhận:" onwards) left out. A footnote area runs from the rule
    line to the first line that starts with a space (pdftotext's first line of the next page).
    """
    lines = path.read_text(encoding="utf-8").split("\n")
    body: list[str] = []
    footnotes: dict[str, list[str]] = {}
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.strip().startswith("Nơi nhận"):
            break
        if _RULE.match(line):
            i += 1
            current = None
            while i < len(lines) and not lines[i].startswith(" ") and lines[i].strip():
                m = _FOOTNOTE.match(lines[i])
                if m and (current is None or int(m.group(1)) == int(current) + 1 or not footnotes):
                    current = m.group(1)
                    footnotes[current] = [m.group(2)]
                elif current is not None:
                    footnotes[current].append(lines[i])
                i += 1
            continue
        if not _PAGE_NUMBER.match(line) or not line.strip():
            body.append(line)
        i += 1
    blocks = [("body", "", text) for text in _paragraphs(body)]
    marked = [b for b in blocks]
    for number in footnotes:  # remove the glued marker of each footnote: the first "word<n>" before punctuation
        marker = re.compile(rf"(?<=[^\W\d]){number}(?=[.,;:\s]|$)")
        for k, (source, no, text) in enumerate(marked):
            new, count = marker.subn("", text, count=1)
            if count:
                marked[k] = (source, no, new)
                break
    notes = [("footnote", number, clean(" ".join(parts))) for number, parts in footnotes.items()]
    return marked + notes


def _paragraphs(lines: list[str]) -> list[str]:
    """Join lines into paragraphs: a blank line ends one after sentence punctuation or a heading."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line.strip():
            heading = len(current) == 1 and (_ITEM.match(current[0]) or current[0].isupper())
            if current and (_ENDS.search(current[-1]) or heading):
                paragraphs.append(clean(" ".join(current)))
                current = []
            continue
        if current and _ITEM.match(line) and _ENDS.search(current[-1]):
            paragraphs.append(clean(" ".join(current)))
            current = []
        current.append(line)
    if current:
        paragraphs.append(clean(" ".join(current)))
    return [p for p in paragraphs if p]


_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def key(text: str) -> str:
    """Matching key: cleaned text, superscript digits as digits ("700m²" is "700m2" in the seed text)."""
    return clean(text).translate(_SUPERSCRIPTS)


def score(blocks, gold_path: Path = GOLD, tagger: Tagger | None = None):
    """Per-label ``(tp, n_pred, n_gold, misses, false_hits)`` over the labels present in gold."""
    tagger = tagger or Tagger()
    with open(gold_path, encoding="utf-8", newline="") as f:
        gold_rows = list(csv.DictReader(f))
    labels = sorted({row["label"] for row in gold_rows})
    gold = Counter((r["label"], r["source"], r["footnote_no"], key(r["text"])) for r in gold_rows)
    pred: Counter = Counter()
    values: dict[tuple, set] = {}
    for (source, no, _), spans in zip(blocks, tagger.tag_many(text for _, _, text in blocks)):
        for s in spans:
            if s.label in labels:
                pred[(s.label, source, no, key(s.text))] += 1
                if s.value is not None:
                    values.setdefault((s.label, key(s.text)), set()).add((s.value, s.unit))
    # value/unit of matched figures against the gold's value and unit columns
    wrong = [(r["text"], r["value"], r["unit"]) for r in gold_rows if r["value"] and (r["label"], key(r["text"])) in values
             and (float(r["value"]), r["unit"]) not in values[(r["label"], key(r["text"]))]]
    print(f"figures with a value or unit other than gold's: {len(wrong)}", *wrong, sep="\n  " if wrong else "")
    result = {}
    for label in labels:
        g = Counter({k: c for k, c in gold.items() if k[0] == label})
        p = Counter({k: c for k, c in pred.items() if k[0] == label})
        tp = sum((g & p).values())
        result[label] = (tp, sum(p.values()), sum(g.values()), g - p, p - g)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--verbose", action="store_true", help="list misses and false hits")
    parser.add_argument("--seed-text", action="store_true", help="score the seed's text layer, not the sample PDF")
    args = parser.parse_args(argv)
    result = score(seed_blocks() if args.seed_text else sample_blocks())
    print(f"{'label':<9} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'pred':>5} {'gold':>5}")
    for label, (tp, n_pred, n_gold, _misses, _false_hits) in result.items():
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{label:<9} {p:6.3f} {r:6.3f} {f1:6.3f} {tp:4d} {n_pred:5d} {n_gold:5d}")
    if args.verbose:
        for _label, (_, _, _, misses, false_hits) in result.items():
            for (lab, source, no, text), count in sorted(misses.items()):
                print(f"MISS  {lab:<8} {source}{no:<3} x{count} {text}")
            for (lab, source, no, text), count in sorted(false_hits.items()):
                print(f"FALSE {lab:<8} {source}{no:<3} x{count} {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
