"""Decree 30/2020 header and closing: issuer, number, place and date, type, subject, recipients, signer.

The header of page 1 is two columns: the issuing body (its parent body above it, not bold) with "Số:"
under it, and the national motto with "Place, ngày … tháng … năm …" under it. Then comes the type title
("BÁO CÁO", "QUYẾT ĐỊNH", …) with the subject under it, or for a letter (Công văn) a "V/v …" subject in
the left column. The closing puts "Nơi nhận:" on the left and the signature block ("TM. ỦY BAN NHÂN DÂN" /
"CHỦ TỊCH" / name) on the right.

Why one module of ~600 lines: every field is read from the same few lines of page 1 and the last page,
and each reader marks the lines it takes (``FrontMatter.used``) so that the next does not take them again:
the order of the readers is itself a rule, and it is easier to see in one file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from .doctypes import NUMBER_WORD, compact_number, doc_types, type_from_number, type_key
from .entities.vocab import folded_set, read_rows
from .model import ZONE_BODY, ZONE_HEADER, Block, DocMeta, Line
from .paragraphs import make_block
from .textnorm import clean, fold, strip_tones


_NUMBER = re.compile(r"^\s*S[ốỐoO]\s*[:.]?\s*(?P<rest>.*)$")
_DATE = re.compile(
    r"^(?P<place>[^,\d]{2,60}?)\s*,\s*ngày\s*(?P<day>[\d\s…._/-]*?)\s*tháng\s*(?P<month>[\d\s…._/-]*?)\s*"
    r"năm\s*(?P<year>\d{4})?",
    re.IGNORECASE,
)
# OCR reads a handwritten day as anything ("⁄4", "/Z"): on OCR lines the fields may hold any short text,
# which _trusted_date then judges.
_DATE_OCR = re.compile(
    r"^(?P<place>[^,\d]{2,60}?)\s*,\s*ngày\s*(?P<day>\S{0,6}?)\s*tháng\s*(?P<month>\S{0,6}?)\s*"
    r"năm\s*(?P<year>\d{4})?",
    re.IGNORECASE,
)


def _date_match(line: Line):
    return _DATE.match(line.text) or (_DATE_OCR.match(line.text) if line.origin == "ocr" else None)


_ANNEX_NOTE = re.compile(r"^\s*\(\s*(ban hành\s+)?kèm theo", re.IGNORECASE)  # "(Ban hành kèm theo Quyết định …)"
_SUBJECT_LETTER = re.compile(r"^\s*(V/v|V\.v|Về việc)\b", re.IGNORECASE)
# "V/v" as OCR misreads it on a scan: "W⁄%w", "V/V", "V/x", "Vlv".
_SUBJECT_OCR = re.compile(r"^\s*[VW](?:[^\w\s]{0,2}[/⁄%\\|][^\w\s]{0,2}|[l1I])[VvWwXx]?(?=\s)", re.IGNORECASE)
_RECIPIENTS = re.compile(r"^\s*nơi\s+nhận\s*:?", re.IGNORECASE)
_ADDRESSEES = re.compile(r"^\s*kính\s+gửi\s*:?\s*", re.IGNORECASE)
_ROLE = re.compile(r"^\s*(TM|KT|Q|TL|TUQ|T/M|K/T|T/L|T\.M|K\.T|T\.L)\s*[./]\s*\S", re.IGNORECASE)
_CAPS_ROLE = re.compile(
    r"^(PHÓ\s+)?(CHỦ\s+TỊCH|GIÁM\s+ĐỐC|TỔNG\s+GIÁM\s+ĐỐC|TRƯỞNG\s+\S+|CHÁNH\s+\S+|HIỆU\s+TRƯỞNG|BỘ\s+TRƯỞNG|"
    r"THỦ\s+TRƯỞNG|BÍ\s+THƯ|TỔNG\s+BIÊN\s+TẬP|VIỆN\s+TRƯỞNG|CỤC\s+TRƯỞNG|VỤ\s+TRƯỞNG|THỦ\s+TƯỚNG|"
    r"CHỦ\s+NHIỆM|TRƯỞNG\s+BAN|PHÓ\s+TRƯỞNG\s+BAN|CHÍNH\s+ỦY|TƯ\s+LỆNH|CHỈ\s+HUY\s+TRƯỞNG|"
    r"CHỦ\s+TRÌ|CHỦ\s+TỌA)\b"  # the chair who signs a Biên bản
)


def _bare(text: str) -> str:
    return re.sub(r"[^a-z]", "", strip_tones(text).lower())


@dataclass
class FrontMatter:
    """What the header and closing gave: the metadata, and the blocks made of those lines."""

    meta: DocMeta
    blocks: list[Block] = field(default_factory=list)
    used: set[int] = field(default_factory=set)  # ids of lines that are not body text


def read_front_matter(lines: list[Line], page_width: dict[int, float]) -> FrontMatter:
    """Parse the header of page 1 and the closing, marking the lines they use."""
    meta = DocMeta()
    result = FrontMatter(meta)
    first = [line for line in lines if line.page == 1 and line.zone in (ZONE_BODY, ZONE_HEADER)]
    if first:
        _header(first, page_width.get(1, 595.0), result)
    candidates = [line for line in lines if line.zone == ZONE_BODY and id(line) not in result.used]
    _closing(candidates, page_width, result)
    _number_from_annex(meta, [line for line in lines if line.page > 1 and line.zone == ZONE_BODY])
    return result


# An annex's note under its title repeats the decision's number: "(Kèm theo Quyết định số 38/QĐ-… ngày …)".
_ANNEX_NUMBER = re.compile(r"^\W{0,3}(?:ban hành\s+)?kèm theo\s+(?:[^\W\d_]+\s+){1,3}?" + NUMBER_WORD +
                           r"(?P<number>\d{1,6})\s*/\s*(?P<symbol>[^\s,;)]+)", re.IGNORECASE)


def _number_from_annex(meta: DocMeta, lines: list[Line]) -> None:
    """The number part OCR could not read in the header ("/QĐ-UBND" left), taken from an annex's note
    that repeats the number with the same symbol, read there with confidence (``doc_number_source``
    "annex"). A number cited in the body ("… ban hành kèm theo Quyết định số 57/…") is no such note: the
    note opens its line on a later page."""
    if meta.doc_number_source != "ocr" or not meta.doc_number.startswith("/"):
        return
    symbol = _bare(meta.doc_number)
    for line in lines:
        match = _ANNEX_NUMBER.match(line.text)
        if not match or _bare(match.group("symbol")) != symbol:
            continue
        if line.origin == "ocr" and _doubtful(line, *match.span("number")):
            continue
        meta.doc_number = match.group("number") + meta.doc_number
        meta.doc_number_source = "annex"
        return


def _use(result: FrontMatter, lines: list[Line], kind: str) -> Block | None:
    lines = [line for line in lines if id(line) not in result.used]
    if not lines:
        return None
    for line in lines:
        result.used.add(id(line))
        line.zone = ZONE_HEADER
    block = make_block(lines, kind=kind)
    result.blocks.append(block)
    return block


def _header(lines: list[Line], width: float, result: FrontMatter) -> None:
    meta = result.meta
    lines = _merge_fields(sorted(lines, key=lambda line: (line.top, line.x0)), result)
    limit = lines[0].top + 260  # the header sits in the top part of page 1
    motto = [line for line in lines if line.top < limit and _is_motto(line.text)]
    split = min((line.x0 for line in motto), default=width * 0.45) - 5
    number_line = next((line for line in lines if line.top < limit and _NUMBER.match(line.text)
                        and line.x0 < split), None)
    date_line = next((line for line in lines if line.top < limit + 40 and _date_match(line)), None)
    if not motto and number_line is None and date_line is None:
        _title_block(lines, 0.0, width, result)
        return
    header_bottom = max([line.bottom for line in motto] + [number_line.bottom if number_line else 0.0]
                        + [date_line.bottom if date_line else 0.0])
    stop = number_line.top if number_line else header_bottom
    issuer_lines = [line for line in lines
                    if line.x1 <= split + 25 and line.top < stop - 0.5 and not _is_motto(line.text)]
    # The national motto is set in bold: its font tells bold from regular where font names do not
    # ("CIDFont+F3").
    bold_fonts = {line.font for line in motto if line.font and "conghoa" in _bare(line.text) and line.origin != "ocr"}
    _set_issuer(meta, issuer_lines, bold_fonts)
    if number_line is not None:
        meta.doc_number = _doc_number(number_line.text, lines, number_line)
        if number_line.origin == "ocr":
            meta.doc_number = _trusted_number(meta, number_line)
        if meta.doc_number:
            meta.doc_number_source = _SOURCE.get(number_line.origin, "header")
    if date_line is not None:
        meta.issue_place, meta.issue_date = _place_date(date_line.text, _DATE if _DATE.match(date_line.text) else _DATE_OCR)
        if date_line.origin == "ocr":
            meta.issue_date = _trusted_date(meta, date_line)
        if meta.issue_date:
            meta.issue_date_source = _SOURCE.get(date_line.origin, "header")
    _use(result, issuer_lines, "issuer")
    _use(result, motto, "motto")
    for line in (number_line, date_line):
        if line is not None:
            _use(result, [line], "number" if line is number_line else "date")
    # Rules and stray marks of the header (short lines of underscores) belong to it too.
    for line in lines:
        if line.top <= header_bottom and re.fullmatch(r"[_\-–—.\s]+", line.text):
            result.used.add(id(line))
            line.zone = ZONE_HEADER
    # A letter's subject: "V/v …" lines in the left column under the number.
    subject = _letter_subject(lines, number_line, split, result)
    if subject:
        meta.title = subject
        meta.doc_type = "Công văn"
    _title_block(lines, header_bottom, width, result)
    if not meta.doc_type and number_line is not None:
        # No type title: the number's symbol names the type ("545/HD-BTV"), and the lines under the
        # number in the left column are the subject.
        meta.doc_type = type_from_number(meta.doc_number)
        if meta.doc_type and not meta.title:
            meta.title = _left_subject(lines, number_line, split, result)
    _addressees(lines, result)


_OPEN_FIELD = re.compile(r"(Số\s*:?\s*\d*|ngày\s*\d*|tháng\s*\d*|năm)\s*$", re.IGNORECASE)
_FIELD_REST = re.compile(r"^\s*(/|tháng|năm|\d)", re.IGNORECASE)


def _merge_fields(lines: list[Line], result: FrontMatter) -> list[Line]:
    """Join the pieces of a header line that a blank form field split ("Số:" … "/UBND-KSTT").

    Returns the lines with each joined pair replaced by one new line; the pieces are marked used.
    """
    out: list[Line] = []
    for line in lines:
        if out:
            prev = out[-1]
            same_row = abs(prev.top - line.top) < 2 and line.x0 > prev.x1 and line.x0 - prev.x1 < 8 * line.size
            if same_row and _OPEN_FIELD.search(prev.text) and _FIELD_REST.match(line.text):
                result.used.update((id(prev), id(line)))
                prev.zone = line.zone = ZONE_HEADER
                out[-1] = Line(text=prev.text + " " + line.text, page=prev.page, x0=prev.x0, x1=line.x1,
                               top=min(prev.top, line.top), bottom=max(prev.bottom, line.bottom), size=prev.size,
                               bold=prev.bold, italic=prev.italic, zone=prev.zone,
                               origin="page" if prev.origin == line.origin == "page" else "mixed")
                continue
        out.append(line)
    return out


def _is_motto(text: str) -> bool:
    """The national motto's lines; a sentence that names the Republic ("… nước Cộng hòa xã hội chủ nghĩa
    Việt Nam, theo đó …") is longer than they are."""
    bare = _bare(text)
    if len(bare) > 40:
        return False
    return ("conghoaxahoichunghia" in bare or ("doclap" in bare and "hanhphuc" in bare)
            or bare == "dangcongsanvietnam")  # the Party's documents set its name there


def _set_issuer(meta: DocMeta, lines: list[Line], bold_fonts: set[str] = frozenset()) -> None:
    lines = [line for line in lines if _bare(line.text)]
    if not lines:
        return
    bold = [line for line in lines if line.bold or line.font in bold_fonts]
    if bold and len(bold) < len(lines) and not _clear_contrast(lines, lines.index(bold[0])):
        bold = []  # a scan whose lines are all about as thick: no weight tells the parent apart
    if bold and len(bold) < len(lines):
        first_bold = lines.index(bold[0])
        parent = lines[:first_bold]
        issuer = lines[first_bold:]
        if parent and all(not (line.bold or line.font in bold_fonts) for line in parent):
            meta.issuer_parent = clean(" ".join(line.text for line in parent))
            meta.issuer = clean(" ".join(line.text for line in issuer))
            return
    if not bold or len(bold) == len(lines):  # no weight tells them apart
        split = _parent_by_name([clean(line.text) for line in lines])
        if split:
            meta.issuer_parent = clean(" ".join(line.text for line in lines[:split]))
            meta.issuer = clean(" ".join(line.text for line in lines[split:]))
            return
    meta.issuer = clean(" ".join(line.text for line in lines))


def _parent_by_name(texts: list[str]) -> int:
    """Where the issuer starts in an issuer block set all in one weight (a scan, or a header set bold
    throughout), told by the names alone: after lines that end in a place ("UBND TỈNH LÂM ĐỒNG", "TỈNH ỦY
    LÂM ĐỒNG", "UBND HUYỆN LỘC BÌNH"), the first line that opens an organisation of its own ("HỘI ĐỒNG …",
    "SỞ …", "BAN …"). 0 when there is no such line: "ỦY BAN NHÂN DÂN / TỈNH LẠNG SƠN" is one name."""
    heads = _org_heads()
    for split in range(1, len(texts)):
        opening = fold(texts[split])
        if not any(opening == head or opening.startswith(head + " ") for head in heads):
            continue
        above = fold(" ".join(texts[:split])).rstrip()
        if above.endswith((" và", ",", "-", "–")):  # a joint issuer: "SỞ Y TẾ TỈNH … VÀ / BAN …"
            return 0
        if any(above.endswith(" " + place) for place in _places()) or _place_tail().search(above):
            return split
        return 0
    return 0


@lru_cache(maxsize=1)
def _org_heads() -> tuple[str, ...]:
    return tuple(sorted(folded_set("org_heads.tsv"), key=len, reverse=True))


@lru_cache(maxsize=1)
def _places() -> tuple[str, ...]:
    return tuple(folded_set("places.txt"))


@lru_cache(maxsize=1)
def _place_tail() -> re.Pattern:
    """A unit word (place_types.tsv) and up to four words of its name closing a folded text: "… huyện lộc
    bình"."""
    units = sorted({fold(row[0]) for row in read_rows("place_types.tsv") if row[1:2] == ("unit",)}, key=len,
                   reverse=True)
    return re.compile(r"(?:^|\s)(?:" + "|".join(map(re.escape, units)) + r")(?:\s+\S+){1,4}$")


# On a scan the parent body above the issuer is told apart by weight only when the issuer's strokes are
# clearly thicker than the parent's (Line.stroke, relative to the page).
PARENT_CONTRAST = 0.1


def _clear_contrast(lines: list[Line], first_bold: int) -> bool:
    """Whether the lines from ``first_bold`` on are clearly bolder than those above (text layers: always)."""
    above = [line.stroke for line in lines[:first_bold] if line.stroke is not None]
    below = [line.stroke for line in lines[first_bold:] if line.stroke is not None]
    if not above or not below:
        return True
    return min(below) - max(above) >= PARENT_CONTRAST


def _doc_number(text: str, lines: list[Line], number_line: Line) -> str:
    rest = _NUMBER.match(text).group("rest")
    if rest.strip() in ("", ":"):
        # The number field was left wide open: the symbol stands further along the same row.
        same_row = [line for line in lines if line is not number_line and abs(line.top - number_line.top) < 3
                    and line.x0 > number_line.x1 and "/" in line.text and not _DATE.match(line.text)]
        if same_row:
            rest = min(same_row, key=lambda line: line.x0).text
    return compact_number(rest)


_SOURCE = {"mixed": "widget", "ocr": "ocr"}
_NUMBER_PART = re.compile(r"S[ốỐoO]\s*[:.]?\s*(?P<number>[^/\s][^/]*?)?\s*/")


def _doubtful(line: Line, start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in line.doubtful)


def _trusted_number(meta: DocMeta, line: Line) -> str:
    """The number as OCR read it, without its number part when that was not read with confidence.

    Handwritten and stamped numbers are common on scans: OCR turns them into "3Ø", "¿&", "28?1". Such a
    number part is left out ("/QĐ-VNPT-QB-TĐKT" remains) and ``meta.unread`` says what was read.
    """
    number = meta.doc_number
    match = _NUMBER_PART.search(line.text)
    if not match or not match.group("number"):
        return number
    part = match.group("number")
    if re.fullmatch(r"\d{1,6}[A-Za-z]?", part.replace(" ", "")) and not _doubtful(line, *match.span("number")):
        return number
    meta.unread.append(f"doc_number: OCR read {part!r} (not trusted)")
    party = re.search(r"\s*(-[A-ZĐ]{2,4})\s*$", part)  # "J0 -CV" of "210-CV/BTGDVTU": the type stays
    rest = number[number.index("/"):] if "/" in number else ""
    return (party.group(1) + rest) if party and rest else rest


def _trusted_date(meta: DocMeta, line: Line) -> str:
    """The date as OCR read it, as far as its day and month were read with confidence."""
    date = meta.issue_date
    match = _date_match(line)
    if not match or not date:
        return date
    for part, keep in (("month", 4), ("day", 7)):
        raw = match.group(part) or ""
        digits = raw.strip(" .…_/-")
        if not digits:
            continue
        if not re.fullmatch(r"\d{1,2}", digits) or _doubtful(line, *match.span(part)):
            meta.unread.append(f"issue_date {part}: OCR read {raw.strip()!r} (not trusted)")
            return date[:keep]
    return date


def _place_date(text: str, pattern: re.Pattern = _DATE) -> tuple[str, str]:
    match = pattern.match(clean(text))
    if not match:
        return "", ""
    place = clean(match.group("place"))
    year = match.group("year") or ""
    month = re.sub(r"\D", "", match.group("month") or "")
    day = re.sub(r"\D", "", match.group("day") or "")
    if not year:
        return place, ""
    if not month or not 1 <= int(month) <= 12:
        return place, year
    if not day or not 1 <= int(day) <= 31:
        return place, f"{year}-{int(month):02d}"
    return place, f"{year}-{int(month):02d}-{int(day):02d}"


def _subject_start(line: Line) -> bool:
    return bool(_SUBJECT_LETTER.match(line.text) or (line.origin == "ocr" and _SUBJECT_OCR.match(line.text)))


def _subject_text(block: Block | None) -> str:
    """A subject's text, its "V/v" written as such where OCR misread it."""
    if block is None:
        return ""
    if not _SUBJECT_LETTER.match(block.text):
        return _SUBJECT_OCR.sub("V/v", block.text, count=1)
    return block.text


def _letter_subject(lines: list[Line], number_line: Line | None, split: float, result: FrontMatter) -> str:
    start = next((line for line in lines if _subject_start(line) and line.x1 <= split + 40
                  and (number_line is None or line.top >= number_line.top)
                  and line.top < (number_line.top + 120 if number_line else 300)), None)
    if start is None:
        return ""
    block = [start]
    for line in lines:
        if line.top <= start.top or line.x1 > split + 40 or id(line) in result.used:
            continue
        if line.top - block[-1].bottom > line.size * 0.9 or _ADDRESSEES.match(line.text):
            break
        block.append(line)
    return _subject_text(_use(result, block, "subject"))


def _left_subject(lines: list[Line], number_line: Line, split: float, result: FrontMatter) -> str:
    block: list[Line] = []
    for line in lines:
        if line.top <= number_line.top or line.x1 > split + 40 or id(line) in result.used:
            continue
        previous = block[-1] if block else number_line
        if line.top - previous.bottom > line.size * 1.2 or _ADDRESSEES.match(line.text):
            break
        block.append(line)
    return _subject_text(_use(result, block, "subject"))


# Types whose type title is followed by the signing authority in capitals ("QUYẾT ĐỊNH" / "Về việc …" /
# "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …"): a capitalised line there is not the subject.
_AUTHORITY_NEXT = frozenset({"Quyết định", "Nghị quyết", "Chỉ thị", "Lệnh", "Nghị định", "Thông tư"})


def _title_block(lines: list[Line], below: float, width: float, result: FrontMatter) -> None:
    """The type title ("BÁO CÁO") and the subject lines under it."""
    meta = result.meta
    candidates = [line for line in lines if line.top > below and id(line) not in result.used]
    types = doc_types()
    bare_types = {_bare(title): canonical for title, canonical in types.items()}
    for index, line, found, rest in _type_titles(candidates[:12], types, bare_types, width):
        meta.doc_type = found
        title_lines = [line]
        subject: list[Line] = []
        for nxt in candidates[index + 1:]:
            gap = nxt.top - (subject[-1].bottom if subject else line.bottom)
            centred = _centred(nxt, width)
            if gap > nxt.size * 1.6 or not centred or re.fullmatch(r"[_\-–—.\s]+", nxt.text) \
                    or _ADDRESSEES.match(nxt.text) or _ANNEX_NOTE.match(nxt.text):
                break
            if subject and nxt.text.isupper() and not subject[-1].text.isupper():
                break  # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …" after the subject: the authority line
            if subject and nxt.origin == "ocr" and _body_after_subject(nxt, [line] + subject):
                break
            if not subject and nxt.text.isupper() and len(nxt.text) > 12 and meta.doc_type in _AUTHORITY_NEXT:
                break
            subject.append(nxt)
        _use(result, title_lines, "title")
        made = _use(result, subject, "subject")
        if not meta.title and (made or rest):
            meta.title = clean(rest + " " + (made.text if made else ""))
        return


def _type_titles(candidates: list[Line], types: dict[str, str], bare_types: dict[str, str], width: float):
    """The type title among the lines under the header: (index, line, type, rest of the line), at most one.

    A line in capitals or bold that is a type title ("BÁO CÁO"; on OCR lines also without its misread
    tone marks: "QUYÉT ĐỊNH"); failing that, a centred one that starts with one, the subject following on
    the same line ("DANH SÁCH NHÂN SỰ DỰ KIẾN …").
    """
    for index, line in enumerate(candidates):
        found = types.get(type_key(line.text)) or (bare_types.get(_bare(line.text)) if line.origin == "ocr" else None)
        if found is not None and (line.text.isupper() or line.bold):
            yield index, line, found, ""
            return
    for index, line in enumerate(candidates):
        if not (line.text.isupper() and _centred(line, width)):
            continue
        words = line.text.split()
        for size in (3, 2):
            head = " ".join(words[:size])
            found = types.get(type_key(head)) or (bare_types.get(_bare(head)) if line.origin == "ocr" else None)
            if found is not None and len(words) - size >= 2:
                yield index, line, found, " ".join(words[size:])
                return


_CAPS_ROLE_BARE = re.compile(strip_tones(_CAPS_ROLE.pattern))


def _caps_role(text: str, ocr: bool) -> bool:
    """A signer's role in capitals ("GIÁM ĐỐC"); on OCR lines also with tone marks misread ("GIÁM ĐÓC")."""
    return bool(_CAPS_ROLE.match(text) or (ocr and _CAPS_ROLE_BARE.match(strip_tones(text))))


def _body_after_subject(line: Line, above: list[Line]) -> bool:
    """On a scan, whether ``line`` starts the body under a subject: no spacing tells them apart there,
    but the subject is bold and set narrower than the full-width lines of the body."""
    if above[-1].bold and not line.bold:
        return True
    return line.x1 - line.x0 > 1.3 * max(l.x1 - l.x0 for l in above)


def _centred(line: Line, width: float) -> bool:
    middle = (line.x0 + line.x1) / 2
    return abs(middle - width * 0.53) < width * 0.12


def _addressees(lines: list[Line], result: FrontMatter) -> None:
    start = next((line for line in lines if _ADDRESSEES.match(line.text) and id(line) not in result.used), None)
    if start is None:
        return
    block = [start]
    for line in lines:
        if line.top <= start.top or id(line) in result.used:
            continue
        gap = line.top - block[-1].bottom
        if gap > line.size * 1.2 or (line.x0 < start.x0 - 5 and not line.text.lstrip().startswith(("-", "+"))):
            break
        block.append(line)
    made = _use(result, block, "addressees")
    if made is None:
        return
    items = re.split(r"\s*(?:^|\s)[-+]\s+", _ADDRESSEES.sub("", made.text))
    result.meta.addressees = [item.strip(" ;.,") for item in items if item.strip(" ;.,")]


def _closing(lines: list[Line], page_width: dict[int, float], result: FrontMatter) -> None:
    meta = result.meta
    anchor = next((line for line in lines if _RECIPIENTS.match(line.text)), None)
    page = anchor.page if anchor else (max(line.page for line in lines) if lines else 0)
    width = page_width.get(page, 595.0)
    middle = width * 0.5
    same_page = [line for line in lines if line.page == page]
    if anchor is not None:
        recipients = [anchor]
        for line in same_page:
            if line.top <= anchor.top or line.x0 > middle - 10 or id(line) in result.used:
                continue
            if line.top - recipients[-1].bottom > line.size * 2.5:
                break
            recipients.append(line)
        made = _use(result, recipients, "recipients")
        if made is not None:
            meta.recipients = _list_items(_RECIPIENTS.sub("", made.text))
        top = anchor.top - anchor.size * 4
    else:
        top = None
    joint = _joint_signature(same_page, middle, result)
    if joint is not None:
        role_lines, name, meta.cosigners = joint
        meta.signer_role = " / ".join(_role_text(line) for line in role_lines)
        meta.signer_name = name
        return
    role_lines, signature = _signature(same_page, top, middle, result)
    if not role_lines:
        # Minutes and joint letters may set the signatures above "Nơi nhận", or have none; a Biên bản's
        # chair signs as "CHỦ TRÌ", with no "TM." before it.
        above = [line for line in same_page if anchor is None or line.top < anchor.top]
        role_lines, signature = _signature(above, None, middle, result, caps=True)
        first_name = True
    else:
        first_name = False
    if not role_lines:
        return
    name_line = None
    for line in signature:
        if line.top <= role_lines[-1].top:
            continue
        if _looks_like_name(_signer_name(line.text, line.origin == "ocr")):
            name_line = line
            if first_name:  # other signatures may follow this block's
                break
    meta.signer_role = " / ".join(clean(line.text) for line in role_lines)
    used = list(role_lines)
    if name_line is not None:
        meta.signer_name = _signer_name(name_line.text, name_line.origin == "ocr")
        used.append(name_line)
    _use(result, used, "signature")


def _role_text(line: Line) -> str:
    """A role line's text; on a scan without what OCR read from a seal or signature before it
    ("°`-GIÁM ĐÓC", "go GIÁM ĐỐC")."""
    text = clean(line.text)
    if line.origin == "ocr":
        start = next((i for i in range(len(text) - 1) if text[i].isupper() and text[i + 1].isupper()), 0)
        text = text[start:].rstrip(" ,.;:„“”\"'`")
    return text


def _joint_signature(lines: list[Line], middle: float,
                     result: FrontMatter) -> tuple[list[Line], str, list[tuple[str, str]]] | None:
    """A joint document's signatures, set side by side in one row ("GIÁM ĐỐC", "CHỦ TỊCH", …, each with
    its signer's name under it): the first signer's role lines (the lines in capitals above the role, in
    its column, are part of them: its issuer's name, "TM. BCH …") and name, and the other signers' roles
    (with the capitals whose centre stands over their column) and names, left to right. None when the page has no such row: at least two roles in
    capitals on one line, in separate columns, the first in the left half of the page."""
    roles = [line for line in lines
             if id(line) not in result.used and _caps_role(_role_text(line), line.origin == "ocr")]
    for first in roles:
        row = sorted((line for line in roles if abs(line.top - first.top) < 0.6 * first.size), key=lambda l: l.x0)
        if len(row) < 2 or row[0] is not first or first.x0 > middle - 60:
            continue
        if any(b.x0 < a.x1 for a, b in zip(row, row[1:])):
            continue
        centres = [(line.x0 + line.x1) / 2 for line in row]
        bounds = [(centres[0] + centres[1]) / 2] + [(a + b) / 2 for a, b in zip(centres[1:], centres[2:])] + [1e9]
        # Its issuer's name stands over the first role, perhaps over the next signer's role too, never over
        # all; over the others, a line belongs to the column its centre falls in.
        above = _caps_above(lines, first, result, lambda l: l.x0 < bounds[0] and first.x0 < l.x1 < centres[-1])
        below = sorted((l for l in lines if first.bottom < l.top < first.top + 320), key=lambda l: l.top)
        names = [_column_name(below, centres, column) for column in range(len(row))]
        name, name_line = names[0]
        others = []
        for column in range(1, len(row)):
            lo, hi = bounds[column - 1], bounds[column]
            over = _caps_above(lines, row[column], result, lambda l: lo <= (l.x0 + l.x1) / 2 < hi)
            others.append((" / ".join(_role_text(line) for line in over + [row[column]]), names[column][0]))
        role_lines = above + [first]
        # Only the first signer's lines join the signature block: the others' name lines stay blocks of
        # their own, where the tagger reads each name apart.
        _use(result, role_lines + row[1:] + ([name_line] if name_line is not None else []), "signature")
        return role_lines, name, others
    return None


def _caps_above(lines: list[Line], role: Line, result: FrontMatter, inside) -> list[Line]:
    """The lines in capitals right above ``role`` (top down) that ``inside`` places in its column: its
    issuer's name, "TM. BCH …"."""
    above: list[Line] = []
    for line in sorted((l for l in lines if l.top < role.top and id(l) not in result.used), key=lambda l: -l.top):
        reference = above[-1] if above else role
        if reference.top - line.bottom > 2.5 * line.size:
            break
        text = _role_text(line)
        if inside(line) and text.isupper() and not _seal_noise(line, text):
            above.append(line)
    return above[::-1]


def _column_name(lines: list[Line], centres: list[float], column: int) -> tuple[str, Line | None]:
    """The first name among ``lines`` (top down) in the column centred at ``centres[column]``."""
    for line in lines:
        words = _column_words(line, centres, column)
        candidate = _signer_name(words, line.origin == "ocr") if words else ""
        if _looks_like_name(candidate):
            return candidate, line
    return "", None


def _column_words(line: Line, centres: list[float], column: int = 0) -> str:
    """The words of ``line`` nearer the column centred at ``centres[column]`` than any other."""
    text = line.text
    out = []
    for match in re.finditer(r"\S+", text):
        if line.xs and len(line.xs) == len(text):
            x0 = line.xs[match.start()]
            x1 = line.xs[match.end()] if match.end() < len(text) else line.x1
        else:
            step = (line.x1 - line.x0) / max(len(text), 1)
            x0, x1 = line.x0 + step * match.start(), line.x0 + step * match.end()
        centre = (x0 + x1) / 2
        if min(range(len(centres)), key=lambda k: abs(centres[k] - centre)) == column:
            out.append(match.group(0))
    return " ".join(out)


def _seal_noise(line: Line, text: str | None = None) -> bool:
    """An OCR line in capitals read from a seal's ring or a signature ("Q*G S4N VN"), not a role's words
    (``text``: the line's text as read for a role, when it was cleaned)."""
    if line.origin != "ocr":
        return False
    words = (line.text if text is None else text).split()
    letters = sum(1 for word in words if re.fullmatch(r"[^\W\d_]+[.,:]?", word))
    return letters < len(words) or (line.confidence is not None and line.confidence < SEAL_CONFIDENCE)


SEAL_CONFIDENCE = 60


def _is_role(line: Line) -> bool:
    text = line.text.strip()
    return bool(_ROLE.match(text) or (text.isupper() and _caps_role(text, line.origin == "ocr")))


def _signature(lines: list[Line], top: float | None, middle: float, result: FrontMatter,
               caps: bool = False) -> tuple[list[Line], list[Line]]:
    """The signer's role lines and the lines of the signature block from ``top`` down: the right half of
    the page, at most 320 pt. When ``top`` is None the block starts at the last "TM. …"/"KT. …" line, or
    with ``caps`` at the first role line of any kind, one in capitals too ("CHỦ TRÌ", "GIÁM ĐỐC")."""
    if top is None:
        roles = [line for line in lines if line.x0 > middle - 60 and id(line) not in result.used
                 and (_is_role(line) if caps else _ROLE.match(line.text))]
        if not roles:
            return [], []
        # The last "TM./KT." line; of roles in capitals the first (a Biên bản's chair signs before the
        # representatives, who sign under their own positions).
        top = (roles[0] if caps else roles[-1]).top - 1
    signature = [line for line in lines if line.top >= top and line.x0 > middle - 60
                 and line.top < top + 320 and id(line) not in result.used]
    role_lines: list[Line] = []
    for line in signature:
        text = line.text.strip()
        if not role_lines:
            if _is_role(line):
                role_lines.append(line)
            continue
        if text.isupper() and line.top - role_lines[-1].bottom < line.size * 1.5 and len(role_lines) < 4 \
                and not _seal_noise(line):
            role_lines.append(line)
        else:
            break
    return role_lines, signature


@lru_cache(maxsize=1)
def _ranks() -> tuple[str, ...]:
    """ranks.txt folded, longest first (so that "Thượng tướng" is tried before "tướng" could be)."""
    return tuple(sorted(folded_set("ranks.txt"), key=len, reverse=True))


def _signer_name(text: str, ocr: bool = False) -> str:
    """The signer's name from the line under the signature: a rank before it is not part of it
    ("Thiếu tướng Trương Minh Đương"), nor, on a scan, marks OCR read from the signature's strokes
    before or after it."""
    text = clean(text)
    if ocr:
        text = _letter_ends(text)
    folded = fold(text)
    for rank in _ranks():
        if folded.startswith(rank + " "):
            return " ".join(text.split()[len(rank.split()):])
    return text


def _letter_ends(text: str) -> str:
    """``text`` from its first to its last letter or digit; a modifier letter ("ˆ", "`", which OCR reads
    from strokes) is none."""
    keep = [i for i, ch in enumerate(text) if ch.isalnum() and unicodedata.category(ch) != "Lm"]
    return text[keep[0]:keep[-1] + 1] if keep else ""


def _looks_like_name(text: str) -> bool:
    words = clean(text).split()
    if not 2 <= len(words) <= 6:
        return False
    return all(word[:1].isupper() and not word.isupper() for word in words if len(word) > 1) and not any(
        ch.isdigit() for ch in text
    )


def _list_items(text: str) -> list[str]:
    items = re.split(r"(?:^|\s)[-+•]\s*", text)
    return [item.strip(" ;.,") for item in items if item.strip(" ;.,")]
