"""A long seeded fuzz run: mutated sample PDFs through `baocao run`, with counts of what became of them.

    python benchmarks/fuzz.py [--cases 10000] [--seed 20261201] [--jobs 2] [--batch 500] [--timeout 60] [--memory 1024]

Each case is a sample with one to three mutations (tests/hostile.py: flipped bits, changed numbers and
keywords, deleted, duplicated or random bytes, a cut), made again from its seed and number alone. Cases
run in batches through the batch runner with its limits, as a user's run would. The script checks, and
prints, that every case got a documents row, that no row is an internal error (a bug), that every message
is one line, and how many documents were ok, partial, failed and why; the case numbers of internal errors
are printed so that each can be made again.
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from hostile import write_mutants  # noqa: E402

from baocao.pipelines.batch import run_batch  # noqa: E402
from baocao.pipelines.workers import Limits  # noqa: E402

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _kind(error: str) -> str:
    """A failed row's cause, for counting: the read error's kind, or the worker's fate."""
    if "time limit" in error:
        return "time limit"
    if "memory" in error and "worker" not in error:
        return "memory limit"
    if error.startswith("the worker"):
        return "worker crashed"
    return error.split(":", 1)[0]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--cases", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--memory", type=int, default=1024)
    args = parser.parse_args(argv)
    limits = Limits(seconds=args.timeout, memory_mb=args.memory)
    status: Counter[str] = Counter()
    causes: Counter[str] = Counter()
    repaired = duplicates = missing = pages = 0
    bugs: list[str] = []
    started = time.perf_counter()
    peak = 0.0
    for start in range(0, args.cases, args.batch):
        count = min(args.batch, args.cases - start)
        work = Path(tempfile.mkdtemp(prefix="baocao-fuzz-"))
        try:
            paths = write_mutants(work / "in", count, args.seed, start)
            summary = run_batch(paths, work / "out", jobs=args.jobs, force=True, ocr="never", limits=limits)
            peak = max(peak, summary.peak_worker_mb)
            pages += summary.pages
            duplicates += summary.duplicates
            with open(work / "out" / "documents.csv", encoding="utf-8", newline="") as handle:
                rows = list(csv.DictReader(handle))
            missing += count - summary.duplicates - len(rows)
            for row in rows:
                status[row["status"]] += 1
                repaired += bool(row["repaired"])
                if row["status"] == "error":
                    causes[_kind(row["error"])] += 1
                if row["error"].startswith("internal error") or _CONTROL.search(row["error"]):
                    bugs.append(f"{Path(row['source_file']).name}: {row['error']}")
        finally:
            shutil.rmtree(work, ignore_errors=True)
        done = start + count
        print(f"{done} cases, {time.perf_counter() - started:.0f} s: {dict(status)}", flush=True)
    print(f"cases: {args.cases} (seed {args.seed}), {duplicates} identical to another, {pages} pages read")
    print(f"rows: {dict(status)}; rows missing: {missing}")
    print(f"failed, by cause: {dict(causes.most_common())}")
    print(f"repaired by qpdf: {repaired}")
    print(f"internal errors or messages not on one line: {len(bugs)}")
    for bug in bugs[:50]:
        print(f"  {bug}")
    print(f"peak worker memory: {peak:.0f} MB (limit {args.memory} MB); {time.perf_counter() - started:.0f} s")
    return 1 if bugs or missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
