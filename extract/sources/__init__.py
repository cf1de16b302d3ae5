"""Character sources: each turns a PDF file into :class:`baocao.extract.model.RawPage` objects.

A source is a callable ``source(path) -> Iterator[RawPage]`` that raises :class:`baocao.extract.errors.ReadError`
for a file it cannot read, and yields a page it cannot read as :func:`unreadable_page`. :func:`get_source` looks one up by name.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

from ..errors import ReadError
from ..model import RawPage

Source = Callable[..., Iterator[RawPage]]  # (path, pages: range | None = None)

PDF_MAGIC = b"%PDF-"


def unreadable_page(number: int, width: float, height: float, why: str) -> RawPage:
    """A page the source could not read: no glyphs, and why (the document is then ``partial``)."""
    from ..textnorm import one_line

    return RawPage(number=number, width=width, height=height, glyphs=[],
                   error=one_line(f"page {number} cannot be read ({why})"))


def check_file(path: str) -> None:
    """Raise :class:`ReadError` unless ``path`` is a non-empty file that starts like a PDF."""
    if not os.path.exists(path):
        raise ReadError(path, "missing", "no such file")
    if os.path.isdir(path):
        raise ReadError(path, "not-pdf", "is a folder, not a PDF file")
    if os.path.getsize(path) == 0:
        raise ReadError(path, "empty", "the file is empty (0 bytes)")
    with open(path, "rb") as handle:
        head = handle.read(1024)
    if PDF_MAGIC not in head:
        raise ReadError(path, "not-pdf", "not a PDF file (no %PDF- header)")


SOURCES = ("pdfplumber", "pdfium")
# The default: PDFium reads about six times faster and gives the same tables on the samples and the
# development corpus. pdfplumber stays the reference the parity tests hold PDFium to.
DEFAULT_SOURCE = "pdfium"


def get_source(name: str = DEFAULT_SOURCE) -> Source:
    """The character source called ``name``: ``pdfplumber`` (pdfminer.six) or ``pdfium`` (pypdfium2, faster)."""
    if name == "pdfplumber":
        from .plumber import read_pages

        return read_pages
    if name == "pdfium":
        from .pdfium import read_pages

        return read_pages
    raise ValueError(f"unknown character source {name!r}; known: {', '.join(SOURCES)}")
