"""The digital signatures of a PDF: when each was made (``/M``) and why (``/Reason``).

Read with PDFium's signature API whatever character source reads the pages: the signature dictionary
holds the signature itself (``/Contents``, kilobytes of hex), which PDFium skips and pdfminer would
parse. A file PDFium cannot open has no signatures to tell.
"""

from __future__ import annotations

import ctypes
import os
import re
from datetime import datetime, timedelta, timezone

from .model import Signature

# A hostile file could declare any number of signatures; real documents carry a handful.
MAX_SIGNATURES = 64


def read_signatures(path: str) -> list[Signature]:
    """The signatures of the PDF at ``path`` in the order the file lists them; [] when it has none."""
    from .sources.pdfium import _LOCK, _api

    raw = _api().raw
    found: list[Signature] = []
    with _LOCK:
        doc = raw.FPDF_LoadDocument(os.fsencode(path), None)
        if not doc:
            return []
        try:
            count = raw.FPDF_GetSignatureCount(doc)
            for index in range(max(0, min(count, MAX_SIGNATURES))):
                obj = raw.FPDF_GetSignatureObject(doc, index)
                if not obj:
                    continue
                time = pdf_date(_string(raw.FPDFSignatureObj_GetTime, obj, "latin-1"))
                reason = _string(raw.FPDFSignatureObj_GetReason, obj, "utf-16-le")
                found.append(Signature(time=time, reason=reason))
        finally:
            raw.FPDF_CloseDocument(doc)
    return found


def _string(function, obj, encoding: str) -> str:
    """A string PDFium writes into a buffer (asked for its size first), decoded, on one line."""
    unit = 2 if encoding.startswith("utf-16") else 1
    size = function(obj, None, 0)
    if size <= unit:
        return ""
    buffer = ctypes.create_string_buffer(size)
    function(obj, buffer, size)
    text = buffer.raw[: size - unit].decode(encoding, errors="replace")
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


_PDF_DATE = re.compile(r"^D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(?:([Zz])|([+-])(\d{2})'?(\d{2})?'?)?")


def pdf_date(value: str) -> str:
    """A PDF date ("D:20200924170121+07'00'") in ISO 8601 ("2020-09-24T17:01:21+07:00"); "" when unreadable."""
    match = _PDF_DATE.match(value.strip())
    if not match:
        return ""
    year, month, day, hour, minute, second, zulu, sign, tz_hour, tz_minute = match.groups()
    try:
        moment = datetime(int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0),
                          int(second or 0))
        if zulu:
            moment = moment.replace(tzinfo=timezone.utc)
        elif sign:
            offset = timedelta(hours=int(tz_hour), minutes=int(tz_minute or 0))
            moment = moment.replace(tzinfo=timezone(offset if sign == "+" else -offset))
    except ValueError:
        return ""
    return moment.isoformat()
