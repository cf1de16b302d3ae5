"""Repair of damaged PDF files with qpdf (through pikepdf) before giving up on them.

A file whose cross-reference table points to the wrong places, or that was cut short after its pages, often
still holds every page: qpdf rebuilds the file from its objects. The repaired copy is read instead, and the
document says it was repaired.
"""

from __future__ import annotations

import os
import tempfile
import warnings

# Read errors a rebuilt file may cure (an encrypted file, an empty one or one that is not a PDF is not).
REPAIRABLE = ("truncated", "unreadable", "no-pages")


def repaired_copy(path: str) -> str | None:
    """A temporary file holding the PDF at ``path`` as qpdf rebuilds it, or None when qpdf cannot (or
    pikepdf is not installed). The caller deletes the file."""
    try:
        import pikepdf
    except ImportError:  # pragma: no cover (a dependency; the reader then reports the original error)
        return None
    handle, copy = tempfile.mkstemp(prefix="baocao-repaired-", suffix=".pdf")
    os.close(handle)
    try:
        with pikepdf.open(path) as pdf, warnings.catch_warnings():
            # pikepdf warns about what the damaged file holds (widgets outside /AcroForm): the copy is read,
            # not shown, and the warning would reach the user's terminal from a worker.
            warnings.simplefilter("ignore")
            if len(pdf.pages) == 0:
                raise ValueError("no pages")
            pdf.save(copy)
        return copy
    except Exception:  # qpdf could not rebuild it either
        os.unlink(copy)
        return None
