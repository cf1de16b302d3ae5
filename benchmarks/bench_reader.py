"""Reader speed: pages per second of ``read_pdf`` against bare pdfplumber ``extract_text()``.

Both read the same pages in one run, one after the other; the ratio is what to compare between
machines. Usage::

    python benchmarks/bench_reader.py [PDF or folder ...]      # default: samples/ and ../shared/corpus/dev
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.errors import ReadError  # noqa: E402
from extract.reader import read_pdf  # noqa: E402


def pdfs(args: list[str]) -> list[Path]:
    targets = [Path(a) for a in args] or [ROOT / "samples", ROOT.parent / "shared" / "corpus" / "dev"]
    out: list[Path] = []
    for target in targets:
        if target.is_dir():
            out.extend(sorted(p for p in target.rglob("*") if p.suffix.lower() == ".pdf"))
        elif target.exists():
            out.append(target)
    return out


def bare_pdfplumber(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
        return len(pdf.pages)


def main(argv: list[str]) -> None:
    files = pdfs(argv)
    if not files:
        sys.exit("no PDF files found")
    pages = 0
    start = time.perf_counter()
    for path in files:
        try:
            pages += len(read_pdf(str(path)).pages)
        except ReadError:
            continue
    ours = time.perf_counter() - start
    start = time.perf_counter()
    bare_pages = 0
    for path in files:
        try:
            bare_pages += bare_pdfplumber(path)
        except Exception:
            continue
    bare = time.perf_counter() - start
    print(f"files: {len(files)}, pages: {pages}")
    print(f"baocao read_pdf:             {ours:7.2f} s  {pages / ours:6.1f} pages/s")
    print(f"pdfplumber extract_text():   {bare:7.2f} s  {bare_pages / bare:6.1f} pages/s")
    print(f"ratio (read_pdf time / extract_text time): {ours / bare:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
