"""The ``baocao`` command: each subcommand parses its options and calls one library function."""

from __future__ import annotations

import os
import sys

import click

from baocao.extract.errors import BaocaoError
from baocao.extract.textnorm import one_line
from baocao.extract.sources import DEFAULT_SOURCE, SOURCES
from baocao.pipelines.workers import DEFAULT_MEMORY_MB, DEFAULT_SECONDS, Limits, quiet_pdf_libraries


class Progress:
    """A progress bar on stderr: documents done, pages read (and how many by OCR), pages/s, failures."""

    def __init__(self, total: int):
        from tqdm import tqdm

        self.bar = tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True, leave=False)
        self.pages = 0
        self.ocr_pages = 0
        self.failures = 0

    def update(self, result) -> None:
        self.pages += result.document.pages or 0
        self.ocr_pages += result.document.ocr_pages or 0
        self.failures += result.document.status == "error"
        elapsed = self.bar.format_dict.get("elapsed") or 0.0
        rate = self.pages / elapsed if elapsed else 0.0
        self.bar.set_postfix_str(f"{self.pages} pages ({self.ocr_pages} by OCR), {rate:.1f} pages/s, "
                                 f"{self.failures} failed", refresh=False)
        self.bar.update(1)

    def close(self) -> None:
        self.bar.close()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="baocao")
def main() -> None:
    """Turn Vietnamese government documents in PDF into clean, linked, queryable tables."""
    quiet_pdf_libraries()


@main.command()
@click.argument("pdf", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the whole document model as JSON.")
@click.option("--lines", is_flag=True, help="With --json, include every classified line.")
@click.option("--source", type=click.Choice(list(SOURCES)), default=DEFAULT_SOURCE, show_default=True,
              help="Character source: pdfplumber is the reference, pdfium reads several times faster with the same tables.")
@click.option("--ocr", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Read pages with OCR (Tesseract): auto = pages without usable text (scans, stamp-only, garbled layers).")
def text(pdf: str, as_json: bool, lines: bool, source: str, ocr: str) -> None:
    """Print a PDF's metadata, its body with footnote markers inline ([^1]), and its footnotes."""
    from baocao.extract.reader import read_pdf
    from baocao.extract.render import render_json, render_text

    try:
        doc = read_pdf(pdf, source=source, ocr=ocr)
    except BaocaoError as exc:
        raise click.ClickException(str(exc)) from None
    if doc.ocr_error:
        click.echo(f"warning: {doc.ocr_error}", err=True)
    click.echo(render_json(doc, lines=lines) if as_json else render_text(doc), nl=False)


@main.command()
@click.argument("pdf", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the spans as JSON lines.")
@click.option("--label", "labels", multiple=True, help="Only these labels (PER, ORG, MONEY, …); repeatable.")
@click.option("--source", type=click.Choice(list(SOURCES)), default=DEFAULT_SOURCE, show_default=True,
              help="Character source: pdfplumber is the reference, pdfium reads several times faster with the same tables.")
@click.option("--ocr", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Read pages with OCR (Tesseract): auto = pages without usable text (scans, stamp-only, garbled layers).")
def entities(pdf: str, as_json: bool, labels: tuple[str, ...], source: str, ocr: str) -> None:
    """Tag a PDF and show its entities: page, place, label, text and normal form."""
    import dataclasses
    import json

    from baocao.extract.reader import read_pdf
    from baocao.pipelines.references import document_entities
    from baocao.pipelines.tagged import tag_document

    quiet_pdf_libraries()
    try:
        doc = read_pdf(pdf, source=source, ocr=ocr)
    except BaocaoError as exc:
        raise click.ClickException(str(exc)) from None
    rows = [row for row in document_entities(tag_document(doc)) if not labels or row.label in {l.upper() for l in labels}]
    if as_json:
        for row in rows:
            click.echo(json.dumps(dataclasses.asdict(row), ensure_ascii=False))
        return
    click.echo(f"{'page':>4}  {'where':<11} {'label':<9} {'text':<50} normalized")
    for row in rows:
        where = row.source if row.source == "body" else f"footnote {row.footnote_no}"
        text = row.text if len(row.text) <= 50 else row.text[:47] + "..."
        click.echo(f"{row.page:>4}  {where:<11} {row.label:<9} {text:<50} {row.normalized}")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--out", "out_dir", default="outputs", show_default=True, type=click.Path(file_okay=False),
              help="Folder for the tables.")
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Documents processed in parallel processes.")
@click.option("--force", is_flag=True, help="Read every document again, even if unchanged since the last run.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary line.")
@click.option("--source", type=click.Choice(list(SOURCES)), default=DEFAULT_SOURCE, show_default=True,
              help="Character source: pdfplumber is the reference, pdfium reads several times faster with the same tables.")
@click.option("--ocr", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Read pages with OCR (Tesseract): auto = pages without usable text (scans, stamp-only, garbled layers).")
@click.option("--timeout", default=DEFAULT_SECONDS, show_default=True, type=click.FloatRange(min=0),
              help="Seconds one document may take; a document past it gets an error row (0: no limit).")
@click.option("--memory", default=DEFAULT_MEMORY_MB, show_default=True, type=click.IntRange(min=0),
              help="Memory (MB) one worker may use; a document needing more gets an error row (0: no limit). "
                   "With --cluster, the workers' own limit (dask worker --memory-limit) applies.")
@click.option("--cluster", metavar="ADDRESS", default=None,
              help="Read the documents on a Dask cluster (tcp://HOST:PORT of its scheduler); the inputs must be "
                   "at the same path on every worker.")
@click.option("--review", "review", is_flag=True, help="Also write the review pages (OUT/review/index.html).")
def run(paths: tuple[str, ...], out_dir: str, jobs: int, force: bool, quiet: bool, source: str, ocr: str,
        timeout: float, memory: int, cluster: str | None, review: bool) -> None:
    """Read every PDF under PATHS (files or folders) and write the tables to --out.

    Exit code 0 when every document was read, 1 when some failed (they are rows with status=error in
    documents.csv), 2 for usage errors.
    """
    from baocao.pipelines.batch import run_batch

    for path in paths:  # a mistyped path is a usage error; a FIFO or a broken link gets its error row
        if not os.path.lexists(path):
            raise click.BadParameter(f"{path!r} does not exist.", param_hint="PATHS")
    quiet_pdf_libraries()
    show = not quiet and sys.stderr.isatty()
    limits = Limits(seconds=timeout or None, memory_mb=memory or None)
    try:
        summary = run_batch(paths, out_dir, jobs=jobs, force=force, progress=Progress if show else None,
                            source=source, ocr=ocr, limits=limits, cluster=cluster)
    except BaocaoError as exc:  # a cluster that cannot be reached
        raise click.ClickException(str(exc)) from None
    except KeyboardInterrupt:
        click.echo("interrupted: finished documents are kept; run the same command again to complete the tables",
                   err=True)
        sys.exit(130)
    if not quiet:
        for failure in summary.failures:
            click.echo(f"failed: {failure}", err=True)
        click.echo(summary.line(), err=True)
    if summary.database_error:
        click.echo(f"warning: {summary.database_error}", err=True)
    if review:
        from baocao.pipelines.review import write_review

        missing: list[str] = []
        index = write_review(out_dir, missing=missing)
        if not quiet:
            click.echo(f"review pages: {index}", err=True)
            _warn_missing(missing)
    sys.exit(1 if summary.error else 0)


@main.command("review")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False))
def review_command(out_dir: str) -> None:
    """Write the review pages of the tables in OUT_DIR (written by `baocao run`) to OUT_DIR/review/: open
    OUT_DIR/review/index.html in a browser (no server needed). Run it where `baocao run` ran: the PDFs'
    paths in documents.csv are relative to that folder."""
    from baocao.pipelines.review import write_review

    missing: list[str] = []
    try:
        click.echo(str(write_review(out_dir, missing=missing)))
    except BaocaoError as exc:
        raise click.ClickException(str(exc)) from None
    _warn_missing(missing)


def _warn_missing(missing: list[str]) -> None:
    """Say which documents' PDFs were not found for the review pages (they show text and rows, no images)."""
    if missing:
        click.echo(one_line(f"warning: the PDFs of {len(missing)} documents were not found, so their review pages "
                            f"show no page images (first: {missing[0]}); documents.csv gives paths as `baocao "
                            f"run` was given them: run `baocao review` in the folder it ran in"), err=True)


@main.command()
@click.argument("sql")
@click.option("--out", "out_dir", default="outputs", show_default=True, type=click.Path(file_okay=False),
              help="Folder holding the tables.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of an aligned table.")
def query(sql: str, out_dir: str, as_csv: bool) -> None:
    """Run SQL over the tables of an output folder (each table by its name; from baocao.duckdb while it
    matches the CSV files)."""
    from baocao.pipelines.query import run_query

    try:
        frame = run_query(sql, out_dir)
    except BaocaoError as exc:
        raise click.ClickException(str(exc)) from None
    if as_csv:
        click.echo(frame.to_csv(index=False), nl=False)
    else:
        import pandas

        with pandas.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 200,
                                   "display.max_colwidth", 80):
            shown = frame.astype(object).where(frame.notna(), "")  # NULL shows as an empty cell
            click.echo(shown.to_string(index=False) if len(frame) else "(no rows)")


def _evaluate_help() -> str:
    from baocao.pipelines.evaluate import MATCHING_RULES

    return ("Score the tables in --out (written by `baocao run`) against the gold annotations in --gold.\n\n"
            "Prints precision, recall and F1 per table, accuracy per field, per gold source and per document, "
            "then every miss (gold row not found), false hit (output row not in gold) and wrong field value. "
            "Exit code 1 when --thresholds is given and a score falls below it.\n\n"
            "\b\nMatching rules:\n" + MATCHING_RULES)


@main.command(help=_evaluate_help())
@click.option("--gold", "gold_dir", default="tests/gold", show_default=True,
              type=click.Path(exists=True, file_okay=False), help="Folder of gold documents (<key>/gold.json).")
@click.option("--out", "out_dir", default="outputs", show_default=True, type=click.Path(file_okay=False),
              help="Folder holding the tables.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole report as JSON.")
@click.option("--thresholds", "thresholds_path", type=click.Path(exists=True, dir_okay=False),
              help="Check the scores against this file (tests/gold/thresholds.json).")
@click.option("--field-errors", default=10, show_default=True, type=click.IntRange(-1),
              help="Wrong field values listed per document and table (-1: all).")
def evaluate(gold_dir: str, out_dir: str, as_json: bool, thresholds_path: str | None, field_errors: int) -> None:
    import json

    from baocao.pipelines.evaluate import check_thresholds, evaluate as run_evaluation, format_report, load_thresholds

    try:
        report = run_evaluation(gold_dir, out_dir)
    except BaocaoError as exc:
        raise click.ClickException(str(exc)) from None
    failures = check_thresholds(report, load_thresholds(thresholds_path)) if thresholds_path else []
    if as_json:
        data = report.to_json()
        data["below_thresholds"] = failures
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        click.echo(format_report(report, field_errors=field_errors), nl=False)
        for failure in failures:
            click.echo(f"below threshold: {failure}", err=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
