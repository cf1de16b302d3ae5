"""OCR speed: pages per second of baocao's OCR against Tesseract's own command line, and 1 worker against 2.

From one run on the same pages (no cache):

* baocao: ``baocao.extract.ocr.ocr_pages`` with one worker, document by document (render at 300 dpi, straighten,
  Tesseract, hOCR to glyphs, strokes, weight; the next page is prepared while Tesseract reads one);
* Tesseract alone: ``tesseract IMAGE stdout -l vie --dpi 300 --psm 3 hocr`` on the same page images, written
  to files first (rendering not counted);
* ``ocr_pages`` with 1 and with 2 workers on the pages of the longest scanned document.

Usage::

    python benchmarks/bench_ocr.py [PDF ...]      # default: the scanned documents of ../shared/corpus/dev
    python benchmarks/bench_ocr.py --workers-only --repeat 5 [PDF ...]   # 1 against 2 workers, 5 times

The machine's speed varies from minute to minute (the same Tesseract command on the same page took 1.9 to
3.1 s), so the 1-against-2 comparison can be repeated: each pair is printed, then the median.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from baocao.extract import ocr  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "dev"


def scanned_pdfs() -> list[Path]:
    with open(CORPUS / "MANIFEST.tsv", encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle, delimiter="\t") if row["kind"] == "scanned"]
    return [CORPUS / row["file"] for row in rows if (CORPUS / row["file"]).exists()]


def page_count(path: Path) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def main(argv: list[str]) -> None:
    workers_only = "--workers-only" in argv
    repeat = 1
    if "--repeat" in argv:
        repeat = int(argv[argv.index("--repeat") + 1])
        del argv[argv.index("--repeat"):argv.index("--repeat") + 2]
    argv = [a for a in argv if a != "--workers-only"]
    files = [Path(a) for a in argv] or scanned_pdfs()
    if workers_only:
        ocr.check_available()
        compare_workers(files, repeat)
        return
    pages = [(path, index) for path in files for index in range(page_count(path))]
    if not pages:
        sys.exit("no scanned PDF found")
    ocr.check_available()
    started = time.perf_counter()
    for path in files:
        ocr.ocr_pages(str(path), list(range(page_count(path))), workers=1)
    ours = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        images = []
        for number, (path, index) in enumerate(pages):
            image, _angle = ocr.deskew(ocr.render_page(str(path), index))
            target = Path(folder) / f"{number}.png"
            image.save(target)
            images.append(target)
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        started = time.perf_counter()
        for image in images:
            subprocess.run(["tesseract", str(image), "stdout", "-l", "vie", "--dpi", "300", "--psm", "3", "hocr"],
                           capture_output=True, check=True, env=env)
        bare = time.perf_counter() - started
    print(f"pages: {len(pages)} from {len(files)} files (Tesseract {ocr.tesseract_version()})")
    print(f"baocao ocr_pages           {ours:7.1f} s  {len(pages) / ours:5.2f} pages/s")
    print(f"tesseract CLI alone        {bare:7.1f} s  {len(pages) / bare:5.2f} pages/s")
    print(f"ratio baocao / tesseract time: {ours / bare:.2f}  (target <= 1.2)")
    compare_workers(files, repeat)


def compare_workers(files: list[Path], repeat: int) -> None:
    """``ocr_pages`` with 1 and with 2 workers on the pages of the longest document, ``repeat`` times."""
    import statistics

    longest = max(files, key=page_count)
    indexes = list(range(page_count(longest)))
    ratios = []
    for _ in range(repeat):
        timings = {}
        for workers in (1, 2):
            started = time.perf_counter()
            ocr.ocr_pages(str(longest), indexes, workers=workers)
            timings[workers] = time.perf_counter() - started
        ratios.append(timings[1] / timings[2])
        print(f"{longest.name[:40]}: {len(indexes)} pages, 1 worker {timings[1]:.1f} s, 2 workers {timings[2]:.1f} s, "
              f"speed-up {ratios[-1]:.2f}x (target >= 1.8)", flush=True)
    if repeat > 1:
        print(f"median speed-up of {repeat}: {statistics.median(ratios):.2f}x")


if __name__ == "__main__":
    main(sys.argv[1:])
