"""The exceptions baocao raises. Callers catch :class:`BaocaoError`; nothing else escapes the reader."""

from __future__ import annotations


class BaocaoError(Exception):
    """Base class of every error baocao reports to its user."""


class ReadError(BaocaoError):
    """A file could not be read as a PDF document.

    ``kind`` names the cause for tables and scripts: ``missing``, ``empty``, ``not-pdf``, ``truncated``,
    ``encrypted``, ``no-pages`` or ``unreadable``.
    """

    def __init__(self, path: str, kind: str, message: str):
        from .textnorm import one_line

        self.path = str(path)
        self.kind = kind
        super().__init__(f"{path}: {one_line(message)}")  # one clean line, whatever the file put in it
