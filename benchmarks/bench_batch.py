"""Batch speed and memory: pages per second and peak resident memory of `baocao run`.

    python benchmarks/bench_batch.py [--jobs N] [--ocr MODE] [PDF or folder ...]   # default: samples/ and ../shared/corpus/dev

Runs the whole pipeline (read, tag, build every table) into a temporary folder with ``force`` so that no
cached result is reused, then prints one run's figures.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from baocao.pipelines.batch import run_batch  # noqa: E402


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--ocr", choices=["auto", "always", "never"], default="never",
                        help="OCR mode (default never: text layers only; bench_ocr.py measures OCR)")
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args(argv)
    paths = args.paths or [p for p in (ROOT / "samples", ROOT.parent / "shared" / "corpus" / "dev") if p.exists()]
    with tempfile.TemporaryDirectory() as out:
        summary = run_batch(paths, out, jobs=args.jobs, force=True, ocr=args.ocr)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = summary.peak_worker_mb  # the workers report their own (they are the fork server's children)
    print(f"documents: {summary.documents} ({summary.ok} ok, {summary.partial} partial, {summary.error} failed)")
    print(f"pages: {summary.pages} in {summary.seconds:.1f} s with {args.jobs} job(s): {summary.pages_per_second:.1f} pages/s")
    print(f"peak resident memory: {own:.0f} MiB (main process), {children:.0f} MiB (largest worker)")


if __name__ == "__main__":
    main(sys.argv[1:])
