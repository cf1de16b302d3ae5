"""The batch: every PDF under the given paths to the tables of an output folder.

- Folders are searched recursively; only regular files ending in ``.pdf`` are read, every other entry is
  skipped and counted by reason. A path named on the command line is read whatever its name, and gets an
  error row when it is not a regular file (a FIFO, a broken or looping link). Files with the same sha256
  are processed once.
- Documents are read in worker processes under a time and memory limit (``pipelines/workers.py``): a file
  that crashes, exhausts or outlasts its worker gets an error row, and the batch goes on.
- Each document's result is cached as JSON under ``OUT/.baocao/docs/`` the moment it is done, so an
  interrupted run loses nothing finished, and a re-run skips unchanged documents (same sha256, same
  pipeline version) unless ``force``.
- The tables are written only at the end, each to a temporary file renamed over the old one: an
  interrupted run leaves the previous tables as they were.
- With ``jobs > 1`` documents are processed in parallel processes; the tables are assembled in the order
  of the documents' paths, so they are the same for any number of jobs.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from baocao.extract.reader import sha256_file
from baocao.extract.sources import DEFAULT_SOURCE
from baocao.extract.textnorm import one_line

from .database import write_database
from .people import link_people
from .process import DOCUMENT_TABLES, PIPELINE_VERSION, DocResult, process_file
from .references import resolve_references
from .tables import TABLES, DocumentRow, datapackage, write_atomic, write_csv
from .workers import NO_LIMITS, Failure, Limits, Task, run_tasks

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
    skipped: int = 0  # entries of the folders given that were not read (see skips)
    skips: dict[str, int] = field(default_factory=dict)  # why, and how many
    pages: int = 0  # pages read in this run
    peak_worker_mb: float = 0.0  # the largest peak resident memory of a worker process (0: read in this process)
    seconds: float = 0.0
    out: str = ""
    failures: list[str] = field(default_factory=list)
    database_error: str = ""  # why baocao.duckdb and the Parquet files could not be written (the CSVs were)

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
            parts.append("skipped: " + ", ".join(f"{count} {reason}" for reason, count in sorted(self.skips.items())))
        if self.processed:
            parts.append(f"{self.pages} pages read in {self.seconds:.1f} s ({self.pages_per_second:.1f} pages/s)")
        return "; ".join(parts) + f"; tables in {self.out}"


def discover(paths: Iterable[str | Path]) -> tuple[list[Input], dict[str, int]]:
    """The PDF files under ``paths`` (sorted by path), and the files found but skipped, counted by reason.

    A path named by the caller is always an input (a row), whatever it is: when it cannot be read as a file
    (a FIFO, a broken or looping symbolic link) its ``error`` says why. In folders only regular files
    ending in ``.pdf`` are read (symbolic links to files are followed, links to folders are not); every
    other entry is a counted skip.
    """
    found: dict[str, Input] = {}
    skipped: dict[str, int] = {}

    def skip(reason: str) -> None:
        skipped[reason] = skipped.get(reason, 0) + 1

    for given in paths:
        given = Path(given)
        if not given.is_dir():
            found.setdefault(_identity(given), Input(path=given, display=str(given), error=_not_a_file(given)))
            continue
        for folder, dirs, files in os.walk(given, onerror=lambda exc: skip("unreadable folder")):
            base = Path(folder)
            for name in list(dirs):
                if name.startswith(".") or (base / name).is_symlink():
                    dirs.remove(name)
                    skip("hidden folder" if name.startswith(".") else "link to a folder (not followed)")
            dirs.sort()
            for name in sorted(files):
                path = base / name
                if name.startswith("."):
                    skip("hidden file")
                elif path.suffix.lower() != ".pdf":
                    skip("not a .pdf file")
                elif (problem := _not_a_file(path)):
                    skip(problem)
                else:
                    found.setdefault(_identity(path), Input(path=path, display=str(path)))
    return sorted(found.values(), key=lambda item: item.display), skipped


def _path_id(display: str) -> str:
    """The id of a file that could not be read to hash its content: "path-" and 11 hex digits of the
    sha256 of its path as given (the documents table's key holds for every row)."""
    return "path-" + hashlib.sha256(display.encode("utf-8", "surrogateescape")).hexdigest()[:11]


def _identity(path: Path) -> str:
    """One key for one file however it is named (a path that cannot be resolved keys by itself)."""
    try:
        return str(path.resolve(strict=True))
    except (OSError, RuntimeError):
        return str(path.absolute())


def _not_a_file(path: Path) -> str:
    """Why ``path`` cannot be read as a regular file, or "" when it can."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link loop"
        if path.is_symlink():
            return "a broken symbolic link (its target does not exist)"
        if exc.errno == errno.ENOENT:
            return "no such file"
        return f"cannot read the file: {exc.strerror or exc}"
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return "a folder"
    kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
    return f"not a regular file ({kind})"


def run_batch(
    paths: Iterable[str | Path],
    out_dir: str | Path,
    jobs: int = 1,
    force: bool = False,
    progress: Callable[[int], object] | None = None,
    source: str = DEFAULT_SOURCE,
    ocr: str = "auto",
    limits: Limits = Limits(),
    cluster: str | None = None,
) -> Summary:
    """Process every PDF under ``paths`` and write the tables to ``out_dir``.

    Args:
        progress: called with the total number of documents to read; returns an object with
            ``update(result)`` and ``close()`` (see :class:`baocao.pipelines.cli.Progress`), or None for silence.
        source: the character source that reads the PDFs (``pdfplumber`` or ``pdfium``).
        ocr: ``auto``, ``always`` or ``never`` (see :func:`baocao.extract.reader.read_pdf`). OCR results are kept
            under ``out_dir/.baocao/ocr`` (or ``$BAOCAO_OCR_CACHE``, shared by runs) by page image, so no
            page is read twice.
        limits: time and memory one document may use (``NO_LIMITS`` with one job reads in this process).
        cluster: the address of a Dask scheduler (``tcp://HOST:PORT``): documents are read on its workers
            (see :mod:`baocao.pipelines.cluster`); ``jobs`` then does not apply, the time limit is kept by
            this process and the memory limit is the workers' own (``dask worker --memory-limit``).
    """
    started = time.perf_counter()
    out = Path(out_dir)
    cache = out / CACHE
    cache.mkdir(parents=True, exist_ok=True)
    inputs, skipped = discover(paths)
    for item in inputs:
        if item.error:
            continue
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
            results[key] = DocResult(document=DocumentRow(doc_id=_path_id(first.display), source_file=first.display,
                                                          status="error", error=first.error))
            continue
        cached = None if force else _load(cache / f"{key}.json", _version(source, ocr), limits)
        if cached is not None:
            cached.document.source_file = first.display
            results[key] = cached
            from_cache += 1
        else:
            todo.append((key, first))

    summary = Summary(skipped=sum(skipped.values()), skips=skipped, cached=from_cache, duplicates=len(inputs) - len(unique), out=str(out))
    bar = progress(len(todo)) if progress else None
    try:
        ocr_cache = os.environ.get("BAOCAO_OCR_CACHE") or str(cache / "ocr")
        stats: dict[str, float] = {}
        for key, result in _process(todo, jobs, source, ocr, ocr_cache, limits, stats, cluster):
            _store(cache / f"{key}.json", result)
            results[key] = result
            summary.processed += 1
            summary.pages += result.document.pages or 0
            if bar is not None:
                bar.update(result)
    finally:
        if bar is not None:
            bar.close()
    summary.peak_worker_mb = stats.get("peak_mb", 0.0)

    ordered = [results[key] for key in unique]
    for key, result in zip(unique, ordered):
        others = [item.display for item in unique[key][1:]]
        result.document.duplicates = " | ".join(others)
    summary.database_error = write_tables(out, ordered)

    for result in ordered:
        status = result.document.status
        setattr(summary, status, getattr(summary, status) + 1)
        if status == "error":
            # For the terminal: a file name's line breaks and escape characters written out, on one line.
            summary.failures.append(one_line(f"{result.document.source_file}: {result.document.error}"))
    summary.documents = len(ordered)
    summary.seconds = time.perf_counter() - started
    return summary


def _process(todo: list[tuple[str, Input]], jobs: int, source: str, ocr: str, ocr_cache: str, limits: Limits,
             stats: dict[str, float], cluster: str | None = None):
    """Yield ``(key, result)`` as documents finish, in any order.

    Documents are read in worker processes under ``limits`` (pipelines/workers.py); a document a worker
    could not finish gets an error row. With fewer documents than jobs, each document's OCR pages are
    spread over the spare cores (a 40-page scan alone uses every core).
    """
    version = _version(source, ocr)
    ocr_workers = max(1, jobs // max(1, min(jobs, len(todo))))
    options = dict(source=source, ocr=ocr, ocr_cache=ocr_cache, ocr_workers=ocr_workers)
    items = dict(todo)
    if jobs <= 1 and limits == NO_LIMITS:
        for key, item in todo:
            try:
                result = process_file(str(item.path), item.display, item.sha256, **options)
            except MemoryError:
                result = _failed(key, item, "ran out of memory", version, limits)
            else:
                result.version = version
            yield key, result
        return
    tasks = [Task(key, (str(item.path), item.display, item.sha256), options) for key, item in todo]
    if cluster:
        from .cluster import run_on_cluster

        options["ocr_workers"] = 1
        finished = run_on_cluster(cluster, tasks, limits.seconds)
    else:
        finished = run_tasks(tasks, process_file, jobs, limits, stats)
    for key, result in finished:
        if isinstance(result, Failure):
            result = _failed(key, items[key], result.reason, version, limits)
        else:
            result.version = version
        yield key, result


def _failed(key: str, item: Input, reason: str, version: str, limits: Limits) -> DocResult:
    """The error row of a document a worker could not finish. Cached with the limits it ran under, so a
    re-run with the same limits does not meet the file again, and one with other limits tries it again."""
    row = DocumentRow(doc_id=key[:16], source_file=item.display, sha256=key, status="error", error=reason)
    return DocResult(document=row, version=f"{version}:{limits.key()}")


def write_tables(out: Path, results: list[DocResult]) -> str:
    """Write every table and datapackage.json, each atomically; then the database and Parquet files made
    from them (:func:`baocao.pipelines.database.write_database`). Returns "" or, when the database could
    not be written, why: the CSV files are the record, so that does not fail the run."""
    tables = {table: [row for result in results for row in result.rows(table)] for table in DOCUMENT_TABLES}
    documents = [result.document for result in results]
    # Which document a citation is, and who an awardee is, depend on the batch: linked here, not cached.
    tables["references"] = resolve_references(documents, tables["references"])
    tables["awardees"], tables["people"], tables["units"] = link_people(documents, tables["awardees"],
                                                                        tables["references"])
    for table in TABLES:
        write_csv(out / f"{table}.csv", table, tables[table])
    write_atomic(out / "datapackage.json", json.dumps(datapackage(), ensure_ascii=False, indent=2) + "\n")
    try:
        write_database(out)
    except Exception as exc:  # OSError, duckdb.Error: a full disk, a folder where a file should be
        return one_line(f"baocao.duckdb and parquet/ not written ({exc.__class__.__name__}: {exc}); "
                        "the CSV files are complete and `baocao query` reads them")
    return ""


def _version(source: str, ocr: str = "auto") -> str:
    """What a cached result must have been made with to be reused: this pipeline, this source, this OCR
    mode and, when OCR may run, this Tesseract (a result made without it is not reused once installed)."""
    if ocr == "never":
        return f"{PIPELINE_VERSION}:{source}:ocr=never"
    from baocao.extract.ocr import tesseract_version

    return f"{PIPELINE_VERSION}:{source}:ocr={ocr}:tesseract={tesseract_version() or 'none'}"


def _load(path: Path, version: str, limits: Limits = NO_LIMITS) -> DocResult | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("version") not in (version, f"{version}:{limits.key()}"):
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
