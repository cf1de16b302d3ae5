"""Speed against the floor of the stack: baocao, pdfplumber and pdftotext + word_tokenize on the same pages.

    python benchmarks/bench_speed.py [--jobs N] [PDF or folder ...]   # default: samples/ and ../shared/corpus/dev

Prints, from one run over the same text PDFs (every page with a text layer; scanned files are left out, as
OCR is measured by bench_ocr.py):

- the floor of any pipeline on this stack: ``pdftotext`` then underthesea ``word_tokenize`` on its text;
- bare pdfplumber ``extract_text()``;
- ``baocao run`` with its defaults (OCR off), one job and ``--jobs N``, into a fresh folder (``force``),
  after a first run has started the workers' fork server (as in any batch but the first of a process);

as pages per second, with the ratios the project's targets are set in (baocao / floor, N jobs / one job),
and the peak resident memory of the main process and of the largest worker.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MIN_PAGE_CHARS = 200  # a page with fewer non-space characters from pdftotext is not a text page


def pdftotext(path: Path) -> list[str]:
    """The text of each page of ``path`` as pdftotext gives it."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=False)
    return out.stdout.decode("utf-8", "replace").split("\f")[:-1]


def text_pdfs(paths: list[Path]) -> list[tuple[Path, int]]:
    """The PDFs under ``paths`` whose every page has a text layer, with their page counts."""
    found = []
    for given in paths:
        files = sorted(given.rglob("*.pdf")) if given.is_dir() else [given]
        for path in files:
            pages = pdftotext(path)
            if pages and all(len("".join(page.split())) >= MIN_PAGE_CHARS for page in pages):
                found.append((path, len(pages)))
    return found


def timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--jobs", type=int, default=2, help="jobs of the parallel run (default 2)")
    parser.add_argument("paths", nargs="*", type=Path)
    args = parser.parse_args(argv)
    if shutil.which("pdftotext") is None:
        sys.exit("pdftotext is needed for the floor (Debian: apt-get install poppler-utils)")
    paths = args.paths or [p for p in (ROOT / "samples", ROOT.parent / "shared" / "corpus" / "dev") if p.exists()]
    files = text_pdfs(paths)
    pages = sum(count for _, count in files)
    print(f"{len(files)} text PDFs, {pages} pages")

    from underthesea import word_tokenize

    word_tokenize("Khởi động mô hình.")  # loaded before the clock starts, as a pipeline would have it
    floor = timed(lambda: [word_tokenize(page) for path, _ in files for page in pdftotext(path)])

    import pdfplumber

    def plumber() -> None:
        for path, _ in files:
            with pdfplumber.open(path) as pdf:
                for page in pdf.pages:
                    page.extract_text()
                    page.close()

    bare = timed(plumber)

    from baocao.pipelines.batch import run_batch

    with tempfile.TemporaryDirectory() as out:  # starts the workers' fork server, as any earlier run would
        run_batch([files[0][0]], out, force=True, ocr="never")
    runs, peak = {}, 0.0
    for jobs in (1, args.jobs):
        with tempfile.TemporaryDirectory() as out:
            summary = run_batch([path for path, _ in files], out, jobs=jobs, force=True, ocr="never")
            assert summary.error == 0, summary.failures
            runs[jobs], peak = summary.seconds, max(peak, summary.peak_worker_mb)

    rate = {name: pages / seconds for name, seconds in
            [("floor", floor), ("pdfplumber", bare)] + [(f"jobs{j}", s) for j, s in runs.items()]}
    print(f"pdftotext + word_tokenize (floor): {rate['floor']:6.1f} pages/s")
    print(f"pdfplumber extract_text:           {rate['pdfplumber']:6.1f} pages/s")
    print(f"baocao run, 1 job:                 {rate['jobs1']:6.1f} pages/s  = {rate['jobs1'] / rate['floor']:.2f} of the floor"
          f"  (target >= 0.7)")
    if args.jobs != 1:
        print(f"baocao run, {args.jobs} jobs:                {rate[f'jobs{args.jobs}']:6.1f} pages/s"
              f"  = {rate[f'jobs{args.jobs}'] / rate['jobs1']:.2f} x one job (target >= 1.8 with 2)")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {own:.0f} MiB (main process), {peak:.0f} MiB (largest worker; target < 500)")


if __name__ == "__main__":
    main(sys.argv[1:])
