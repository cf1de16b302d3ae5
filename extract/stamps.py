"""Digital-signature stamps: who signed, when, and certified copies ("SAO Y").

A signing stamp is drawn by a signature widget (or, in older files, printed in the text layer) as a
few short lines: "Ký bởi: Ủy ban nhân dân tỉnh Quảng Bình / Email: … / Cơ quan: Tỉnh Quảng Bình /
Thời gian ký: 24.09.2020 17:01:08 +07:00". Some name the organisation without labels ("TRUNG TÂM CÔNG
BÁO VÀ TIN HỌC / ttcbth@… / 06.11.2024 09:27:05 +07:00"). A copy stamp reads "SAO Y; CÔNG AN TỈNH LÂM
ĐỒNG; Thời gian ký: 2025-06-04T15:55:36+07:00". A few stamps hold the number and date themselves
("Số: 666/TTr-SNV; 22/12/2025; 11:00:27;"). The layout puts all of them in the stamp zone: they are
metadata, never body text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .model import ZONE_STAMP, DocMeta, Line, Signature
from .textnorm import clean

# Vietnam's offset, for stamp times written without one.
DEFAULT_OFFSET = "+07:00"

_LABELS = r"ký bởi|người ký|email|cơ quan|chức vụ|thời gian ký|ngày ký|giờ ký|thời gian|ngày giờ ký"
_LABEL = re.compile(rf"(?P<label>{_LABELS})\s*:", re.IGNORECASE)
_COPY = re.compile(r"^\s*(sao y|sao lục|trích sao|bản sao)\b", re.IGNORECASE)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?\s*(Z|[+-]\d{2}:?\d{2})?")
_DMY_TIME = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})[\s,;]+(\d{1,2}):(\d{2})(?::(\d{2}))?"
                       r"(?:\s*(?:GMT|UTC)?\s*([+-]\d{2}:?\d{2}))?")
_NUMBER = re.compile(r"^\s*Số\s*:\s*(?P<number>[^;\s]+)\s*;\s*(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})",
                     re.IGNORECASE)
_EMAIL = re.compile(r"\S+@\S+")


@dataclass
class Stamp:
    """One stamp: its text and what it says."""

    page: int
    text: str  # its lines joined by " / "
    kind: str  # signing | copy | number
    signed_by: str = ""
    signed_at: str = ""  # ISO 8601 with offset
    number: str = ""  # number and symbol, for a stamp that holds them
    date: str = ""  # ISO date, for a stamp that holds the number and date
    label: str = ""  # for a copy stamp: how it names itself ("SAO Y", "SAO LỤC")


def read_stamps(lines: list[Line]) -> list[Stamp]:
    """The stamps among a document's lines (those in the stamp zone), in page order."""
    groups: dict[tuple[int, int], list[Line]] = {}
    for line in lines:
        if line.zone == ZONE_STAMP:
            groups.setdefault((line.page, line.group), []).append(line)
    stamps = []
    for (page, _group), members in sorted(groups.items(), key=lambda item: (item[0][0], min(l.top for l in item[1]))):
        stamp = parse_stamp([line.text for line in sorted(members, key=lambda l: (l.top, l.x0))], page)
        if stamp is not None:
            stamps.append(stamp)
    return stamps


def parse_stamp(texts: list[str], page: int = 0) -> Stamp | None:
    """What a stamp's lines say; None for annotation text that is not a stamp (no time, no number)."""
    texts = [clean(html.unescape(text)) for text in texts if text.strip()]
    if not texts:
        return None
    joined = " ".join(texts)
    shown = " / ".join(texts)
    number = _NUMBER.match(joined)
    if number:
        date = f"{number['year']}-{int(number['month']):02d}-{int(number['day']):02d}"
        return Stamp(page=page, text=shown, kind="number", number=number["number"].strip(".,;"), date=date)
    when = stamp_time(joined)
    copy = _COPY.match(joined)
    if copy:
        who = [part for part in re.split(r"\s*;\s*", joined)[1:] if part and not _LABEL.match(part)]
        if not who:  # the lines themselves: "SAO Y" / "Bộ Công an" / "Thời gian ký: …"
            who = [text for text in texts[1:] if not _LABEL.match(text) and not stamp_time(text)]
        return Stamp(page=page, text=shown, kind="copy", signed_by=clean(" ".join(who)), signed_at=when,
                     label=copy.group(1).upper())
    if not when:
        return None
    fields = _fields(joined)
    signed_by = fields.get("ký bởi") or fields.get("người ký") or fields.get("cơ quan") or ""
    if not signed_by and not fields:
        # No labels: the organisation's lines, without the e-mail address and the time.
        rest = [text for text in texts if not _EMAIL.search(text) and not stamp_time(text)
                and not re.fullmatch(r"[+-]\d{2}:?\d{2}", text)]
        signed_by = " ".join(rest)
    return Stamp(page=page, text=shown, kind="signing", signed_by=clean(signed_by), signed_at=when)


def _fields(text: str) -> dict[str, str]:
    """The labelled fields of a stamp ("Ký bởi: X Email: Y" -> {"ký bởi": "X", "email": "Y"})."""
    found: dict[str, str] = {}
    matches = list(_LABEL.finditer(text))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        label = " ".join(match["label"].lower().split())
        found.setdefault(label, clean(text[match.end():end]).strip(" ;,"))
    return found


def stamp_time(text: str) -> str:
    """The first date and time written in ``text`` as ISO 8601 with offset ("" when none)."""
    iso = _ISO.search(text)
    dmy = _DMY_TIME.search(text)
    if iso and (not dmy or iso.start() <= dmy.start()):
        year, month, day, hour, minute, second, offset = iso.groups()
    elif dmy:
        day, month, year, hour, minute, second, offset = dmy.groups()
    else:
        return ""
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31 and int(hour) < 24 and int(minute) < 60):
        return ""
    if offset in (None, ""):
        offset = DEFAULT_OFFSET
    elif offset == "Z":
        offset = "+00:00"
    elif ":" not in offset:
        offset = f"{offset[:3]}:{offset[3:]}"
    return (f"{int(year):04d}-{int(month):02d}-{int(day):02d}T{int(hour):02d}:{int(minute):02d}:"
            f"{int(second or 0):02d}{offset}")


def apply_stamps(meta: DocMeta, stamps: list[Stamp], signatures: list[Signature]) -> None:
    """Fill the signing fields of ``meta`` from the stamps and the signature dictionaries.

    ``signed_by``/``signed_at`` come from the first signing stamp; lacking one, ``signed_at`` is the
    earliest signing time of the signatures that do not certify a copy. A stamp holding the number and
    date fills ``doc_number``/``issue_date`` only where the header gave none.
    """
    signing = [stamp for stamp in stamps if stamp.kind == "signing"]
    if signing:
        meta.signed_by, meta.signed_at = signing[0].signed_by, signing[0].signed_at
    else:
        times = sorted(s.time for s in signatures if s.time and "bản sao" not in s.reason.lower())
        meta.signed_at = times[0] if times else ""
    copies = [stamp for stamp in stamps if stamp.kind == "copy"]
    if copies:
        first = copies[0]
        meta.certified_copy = "; ".join(part for part in (first.label, first.signed_by, first.signed_at) if part)
    meta.signatures = sorted({s.time for s in signatures if s.time} | {s.signed_at for s in stamps if s.signed_at})
    numbered = next((stamp for stamp in stamps if stamp.kind == "number"), None)
    if numbered is not None:
        if not meta.doc_number:
            meta.doc_number, meta.doc_number_source = numbered.number, "stamp"
        if not meta.issue_date:
            meta.issue_date, meta.issue_date_source = numbered.date, "stamp"
    _date_from_signing(meta)


def _date_from_signing(meta: DocMeta) -> None:
    """A date whose day (or month) OCR could not read, completed from the signing time when that agrees
    with what was read: a digitally signed document is signed on the day it is issued. The source says
    so ("signature"); a date left blank on the page itself is not filled."""
    unread = any(entry.startswith("issue_date") for entry in meta.unread)
    signed = meta.signed_at[:10]
    if not unread or len(signed) != 10 or not meta.issue_date or len(meta.issue_date) >= 10:
        return
    if signed.startswith(meta.issue_date):
        meta.issue_date, meta.issue_date_source = signed, "signature"
