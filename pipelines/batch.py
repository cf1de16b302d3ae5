"""The batch: every PDF under the given paths to the tables of an output folder.

- Folders are searched recursively; files that do not end in ``.pdf`` are skipped and counted (a file named
  on the command line is read whatever its name). Files with the same sha256 are processed once.
- Each document's result is cached as JSON under ``OUT/.baocao/docs/`` the moment it is done, so an
  interrupted run loses nothing finished, and a re-run skips unchanged documents (same sha256, same
  pipeline version) unless ``force``.
- The tables are written only at the end, each to a temporary file renamed over the old one: an
  interrupted run leaves the previous tables as they were.
- With ``jobs > 1`` documents are processed in parallel processes; the tables are assembled in the order
  of the documents' paths, so they are the same for any number of jobs.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from baocao.extract.reader import sha256_file
from baocao.extract.sources import DEFAULT_SOURCE

from .process import PIPELINE_VERSION, DocResult, process_file
from .tables import TABLES, DocumentRow, datapackage, write_atomic, write_csv

CACHE = Path(".baocao") / "docs"


@dataclass
class Input:
    path: Path  # where to read it
    display: str  # how to name it in the tables (as given on the command line)
    sha256: str = ""
    error: str = ""  # set when the file cannot even be hashed


@dataclass
class Summary:
    documents: int = 0
    ok: int = 0
    partial: int = 0
    error: int = 0
    processed: int = 0  # read in this run (not from the cache)
    cached: int = 0
    duplicates: int = 0
    skipped: int = 0  # files that are not PDFs
    pages: int = 0  # pages read in this run
    seconds: float = 0.0
    out: str = ""
    failures: list[str] = field(default_factory=list)

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        parts = [f"{self.documents} documents ({self.ok} ok, {self.partial} partial, {self.error} failed)"]
        if self.cached:
            parts.append(f"{self.cached} unchanged and skipped")
        if self.duplicates:
            parts.append(f"{self.duplicates} duplicate files")
        if self.skipped:
            parts.append(f"{self.skipped} non-PDF files skipped")
        if self.processed:
            parts.append(f"{self.pages} pages read in {self.seconds:.1f} s ({self.pages_per_second:.1f} pages/s)")
        return "; ".join(parts) + f"; tables in {self.out}"


def discover(paths: Iterable[str | Path]) -> tuple[list[Input], int]:
    """The PDF files under ``paths`` (sorted by path) and the number of other files skipped."""
    found: dict[str, Input] = {}
    skipped = 0
    for given in paths:
        given = Path(given)
        if given.is_dir():
            for path in sorted(given.rglob("*")):
                if not path.is_file() or any(part.startswith(".") for part in path.relative_to(given).parts):
                    continue
                if path.suffix.lower() != ".pdf":
                    skipped += 1
                    continue
                found.setdefault(str(path.resolve()), Input(path=path, display=str(path)))
        else:
            found.setdefault(str(given.resolve()), Input(path=given, display=str(given)))
    return sorted(found.values(), key=lambda item: item.display), skipped


def run_batch(
    paths: Iterable[str | Path],
    out_dir: str | Path,
    jobs: int = 1,
    force: bool = False,
    progress: Callable[[int], object] | None = None,
    source: str = DEFAULT_SOURCE,
    ocr: str = "auto",
) -> Summary:
    """Process every PDF under ``paths`` and write the tables to ``out_dir``.

    Args:
        progress: called with the total number of documents to read; returns an object with
            ``update(result)`` and ``close()`` (see :class:`baocao.pipelines.cli.Progress`), or None for silence.
        source: the character source that reads the PDFs (``pdfplumber`` or ``pdfium``).
        ocr: ``auto``, ``always`` or ``never`` (see :func:`baocao.extract.reader.read_pdf`). OCR results are kept
            under ``out_dir/.baocao/ocr`` (or ``$BAOCAO_OCR_CACHE``, shared by runs) by page image, so no
            page is read twice.
    """
    started = time.perf_counter()
    out = Path(out_dir)
    cache = out / CACHE
    cache.mkdir(parents=True, exist_ok=True)
    inputs, skipped = discover(paths)
    for item in inputs:
        try:
            item.sha256 = sha256_file(str(item.path))
        except OSError as exc:
            item.error = f"cannot read the file: {exc.strerror or exc}"

    # One entry per distinct content; the first path (in sorted order) names it.
    unique: dict[str, list[Input]] = {}
    for item in inputs:
        unique.setdefault(item.sha256 or f"unreadable:{item.display}", []).append(item)

    results: dict[str, DocResult] = {}
    todo: list[tuple[str, Input]] = []
    from_cache = 0
    for key, items in unique.items():
        first = items[0]
        if first.error:
            results[key] = DocResult(document=DocumentRow(source_file=first.display, status="error", error=first.error))
            continue
        cached = None if force else _load(cache / f"{key}.json", _version(source, ocr))
        if cached is not None:
            cached.document.source_file = first.display
            results[key] = cached
            from_cache += 1
        else:
            todo.append((key, first))

    summary = Summary(skipped=skipped, cached=from_cache, duplicates=len(inputs) - len(unique), out=str(out))
    bar = progress(len(todo)) if progress else None
    try:
        ocr_cache = os.environ.get("BAOCAO_OCR_CACHE") or str(cache / "ocr")
        for key, result in _process(todo, jobs, source, ocr, ocr_cache):
            _store(cache / f"{key}.json", result)
            results[key] = result
            summary.processed += 1
            summary.pages += result.document.pages or 0
            if bar is not None:
                bar.update(result)
    finally:
        if bar is not None:
            bar.close()

    ordered = [results[key] for key in unique]
    for key, result in zip(unique, ordered):
        others = [item.display for item in unique[key][1:]]
        result.document.duplicates = " | ".join(others)
    write_tables(out, ordered)

    for result in ordered:
        status = result.document.status
        setattr(summary, status, getattr(summary, status) + 1)
        if status == "error":
            summary.failures.append(f"{result.document.source_file}: {result.document.error}")
    summary.documents = len(ordered)
    summary.seconds = time.perf_counter() - started
    return summary


def _process(todo: list[tuple[str, Input]], jobs: int, source: str, ocr: str, ocr_cache: str):
    """Yield ``(key, result)`` as documents finish, in any order.

    With fewer documents than jobs, each document's OCR pages are spread over the spare workers (a
    40-page scan alone uses every core); otherwise each worker reads one page at a time.
    """
    version = _version(source, ocr)
    ocr_workers = max(1, jobs // max(1, min(jobs, len(todo))))
    options = dict(source=source, ocr=ocr, ocr_cache=ocr_cache, ocr_workers=ocr_workers)
    if jobs <= 1 or len(todo) <= 1:
        for key, item in todo:
            result = process_file(str(item.path), item.display, item.sha256, **options)
            result.version = version
            yield key, result
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending = {pool.submit(process_file, str(item.path), item.display, item.sha256, **options): key
                   for key, item in todo}
        try:
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    key = pending.pop(future)
                    result = future.result()
                    result.version = version
                    yield key, result
        except BaseException:
            for future in pending:
                future.cancel()
            raise


def write_tables(out: Path, results: list[DocResult]) -> None:
    """Write every table and datapackage.json, each atomically."""
    for table in TABLES:
        rows = [row for result in results for row in result.rows(table)]
        write_csv(out / f"{table}.csv", table, rows)
    write_atomic(out / "datapackage.json", json.dumps(datapackage(), ensure_ascii=False, indent=2) + "\n")


def _version(source: str, ocr: str = "auto") -> str:
    """What a cached result must have been made with to be reused: this pipeline, this source, this OCR
    mode and, when OCR may run, this Tesseract (a result made without it is not reused once installed)."""
    if ocr == "never":
        return f"{PIPELINE_VERSION}:{source}:ocr=never"
    from baocao.extract.ocr import tesseract_version

    return f"{PIPELINE_VERSION}:{source}:ocr={ocr}:tesseract={tesseract_version() or 'none'}"


def _load(path: Path, version: str) -> DocResult | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("version") != version:
        return None
    try:
        return DocResult.from_json(data)
    except (TypeError, KeyError, IndexError):
        return None


def _store(path: Path, result: DocResult) -> None:
    write_atomic(path, json.dumps(result.to_json(), ensure_ascii=False))


def default_jobs() -> int:
    return max(1, min(4, (os.cpu_count() or 1)))


if __name__ == "__main__":  # pragma: no cover
    print(run_batch(sys.argv[1:-1], sys.argv[-1]).line())
