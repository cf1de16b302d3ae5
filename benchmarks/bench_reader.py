"""Reader speed: pages per second of ``read_pdf`` on each character source, against the bare libraries.

Every timing reads the same files in one run, one after the other; the ratios are what to compare
between machines:

* ``read_pdf`` with the pdfplumber source and with the pdfium source (the whole reader);
* each character source alone (``get_source(name)(path)``: glyphs, rules, images, no layout);
* bare pdfplumber ``extract_text()`` and bare pypdfium2 ``get_text_range()``;
* the annotation pass (text drawn by signature widgets and stamps, and the signature dictionaries):
  the time spent in it during the ``read_pdf`` runs, as a share of their time.

Usage::

    python benchmarks/bench_reader.py [PDF or folder ...]      # default: samples/ and ../shared/corpus/dev
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from baocao.extract.errors import ReadError  # noqa: E402
from baocao.extract.reader import read_pdf  # noqa: E402
from baocao.extract.sources import get_source  # noqa: E402

SOURCES = ("pdfplumber", "pdfium")


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


def bare_pypdfium2(path: Path) -> int:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(path)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        return len(pdf)
    finally:
        pdf.close()


def reader(source: str) -> Callable[[Path], int]:
    # Text layers only: OCR has its own benchmark (bench_ocr.py).
    return lambda path: len(read_pdf(str(path), source=source, ocr="never").pages)


def source_alone(source: str) -> Callable[[Path], int]:
    read_pages = get_source(source)
    return lambda path: sum(1 for _page in read_pages(str(path)))


class Stopwatch:
    """Wraps functions so that the time spent in them adds up (nested calls are counted once)."""

    def __init__(self):
        self.seconds = 0.0
        self.depth = 0

    def wrap(self, owner, name: str) -> None:
        function = getattr(owner, name)

        def timed_call(*args, **kwargs):
            self.depth += 1
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.depth -= 1
                if self.depth == 0:
                    self.seconds += time.perf_counter() - start

        setattr(owner, name, timed_call)


def annotation_stopwatch() -> Stopwatch:
    """A stopwatch on everything the reader does for annotations and signatures, in both sources."""
    import baocao.extract.reader
    import baocao.extract.sources.pdfium as pdfium
    import baocao.extract.sources.plumber as plumber

    watch = Stopwatch()
    watch.wrap(plumber, "annotation_glyphs")
    watch.wrap(pdfium._Annotations, "glyphs")
    watch.wrap(pdfium._Annotations, "close")
    watch.wrap(pdfium, "_has_text_annotations")
    watch.wrap(baocao.extract.reader, "read_signatures")
    return watch


def timed(files: list[Path], count_pages: Callable[[Path], int],
          unreadable: tuple[type[BaseException], ...] = (ReadError,)) -> tuple[int, float]:
    """Pages read and seconds taken; files that raise ``unreadable`` are skipped."""
    pages = 0
    start = time.perf_counter()
    for path in files:
        try:
            pages += count_pages(path)
        except unreadable:
            continue
    return pages, time.perf_counter() - start


def main(argv: list[str]) -> None:
    files = pdfs(argv)
    if not files:
        sys.exit("no PDF files found")
    runs = {}
    watch = annotation_stopwatch()
    annotation_share = {}
    for source in SOURCES:
        before = watch.seconds
        runs[f"read_pdf, {source} source"] = timed(files, reader(source))
        annotation_share[source] = (watch.seconds - before) / runs[f"read_pdf, {source} source"][1]
    for source in SOURCES:
        runs[f"{source} source alone"] = timed(files, source_alone(source))
    # The bare libraries raise their own exceptions on bad files.
    runs["pdfplumber extract_text()"] = timed(files, bare_pdfplumber, (Exception,))
    runs["pypdfium2 get_text_range()"] = timed(files, bare_pypdfium2, (Exception,))
    print(f"files: {len(files)}, pages: {runs['read_pdf, pdfplumber source'][0]}")
    for name, (pages, seconds) in runs.items():
        print(f"{name:30s} {seconds:7.2f} s  {pages / seconds:7.1f} pages/s")

    def seconds(name: str) -> float:
        return runs[name][1]

    print(f"ratio read_pdf time, pdfplumber / pdfium source:         "
          f"{seconds('read_pdf, pdfplumber source') / seconds('read_pdf, pdfium source'):.2f}")
    print(f"ratio source time alone, pdfplumber / pdfium:            "
          f"{seconds('pdfplumber source alone') / seconds('pdfium source alone'):.2f}")
    print(f"ratio read_pdf time (pdfplumber) / extract_text time:    "
          f"{seconds('read_pdf, pdfplumber source') / seconds('pdfplumber extract_text()'):.2f}")
    print(f"ratio read_pdf time (pdfium) / get_text_range time:      "
          f"{seconds('read_pdf, pdfium source') / seconds('pypdfium2 get_text_range()'):.2f}")
    for source in SOURCES:
        label = f"{source} source"
        print(f"annotation pass, share of read_pdf time ({label}): {annotation_share[source]:.1%}")


if __name__ == "__main__":
    main(sys.argv[1:])
