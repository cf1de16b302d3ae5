"""The ``baocao`` command: each subcommand parses its options and calls one library function."""

from __future__ import annotations

import sys

import click

from extract.errors import BaocaoError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="baocao")
def main() -> None:
    """Turn Vietnamese government documents in PDF into clean, linked, queryable tables."""


@main.command()
@click.argument("pdf", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the whole document model as JSON.")
@click.option("--lines", is_flag=True, help="With --json, include every classified line.")
def text(pdf: str, as_json: bool, lines: bool) -> None:
    """Print a PDF's metadata, its body with footnote markers inline ([^1]), and its footnotes."""
    from extract.reader import read_pdf
    from extract.render import render_json, render_text

    try:
        doc = read_pdf(pdf)
    except BaocaoError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(render_json(doc, lines=lines) if as_json else render_text(doc), nl=False)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
