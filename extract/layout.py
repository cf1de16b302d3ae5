"""From glyphs to classified lines: rows, columns, spacing, superscripts, and the zones of a page.

A *line* here is a run of glyphs on one baseline within one column: the two columns of a Decree 30
header ("ỦY BAN NHÂN DÂN" ... "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") and the cells of a ruled table
become separate lines, because they are separated by a wide gap or by a vertical rule.

Why one module of ~560 lines: rows, columns, superscripts and zones are decided together from the same
per-page measures (the body size, the spread of baselines, the rules), and each step reads what the one
before it set on the lines; split, every part would recompute those measures or pass them around.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import replace

from .model import (
    ZONE_BODY,
    ZONE_FOOTNOTE,
    ZONE_PAGE_NUMBER,
    ZONE_RUNNING,
    ZONE_STAMP,
    Glyph,
    Line,
    RawPage,
    Rule,
)
from .textnorm import fold, nfc

# Gap between glyphs, as a fraction of the font size, above which a space is read.
SPACE_GAP = 0.15
# Gap above which two runs on one baseline are separate lines (columns, table cells, tab stops).
COLUMN_GAP = 1.6  # (six Times spaces are 1.5 em: a blank date field stays on one line)
# A glyph smaller than this fraction of its line's size, and raised, is a superscript.
SUPERSCRIPT_SIZE = 0.85
# OCR sizes are estimates per line (x-height), off by a tenth or more: a raised marker OCR read stands
# apart only when it is much smaller, and short (a footnote number, not a header line's words).
OCR_SUPERSCRIPT_SIZE = 0.7
OCR_SUPERSCRIPT_CHARS = 3
SUPERSCRIPT_RISE = 0.12
# An OCR word read with less confidence than this (0-100) is doubtful: metadata read from it is left out.
OCR_TRUST = 80.0


def build_lines(page: RawPage) -> list[Line]:
    """Group a page's glyphs into lines (one baseline, one column), in reading order.

    Text drawn by annotations is placed first (:func:`place_annotations`): a widget's number or day
    joins the line it fills in; a signing stamp becomes lines of its own in the stamp zone.
    """
    glyphs = _clean_glyphs(page.glyphs)
    stamps: list[list[Glyph]] = []
    if any(glyph.origin == "annotation" for glyph in glyphs):
        glyphs, stamps = place_annotations(glyphs)
    verticals = [rule for rule in page.rules if not rule.horizontal and rule.bottom - rule.top > 4]
    lines: list[Line] = []
    for row in _rows(glyphs):
        for segment in (piece for seg in _segments(row, verticals) for piece in _split_motto(seg)):
            line = _make_line(segment, page.number)
            if line is not None:
                lines.append(line)
    for stamp in stamps:
        for row in _rows(stamp):
            line = _make_line(sorted(row, key=lambda g: g.x0), page.number)
            if line is not None:
                line.zone = ZONE_STAMP
                line.group = stamp[0].group
                lines.append(line)
    lines.sort(key=lambda line: (round(line.top / 3), line.x0))
    return lines


# ---------------------------------------------------------------------------------------------------
# Annotation text: widgets that fill in a field, stamps that stand apart

# A widget that fills in a field holds a short single-row text ("1731", "24", "640/QĐ-VNPT-CLG").
WIDGET_MAX_CHARS = 40
# How far (in font sizes of the line) a widget's baseline may stand from the line it fills in, with and
# without a field cue ("Số:", "ngày", "tháng", "/…") beside it; and how far along the line it may stand.
WIDGET_RISE_CUED = 1.1
WIDGET_RISE = 0.6
WIDGET_REACH = 4.0
_FIELD_BEFORE = re.compile(r"(s[oố]\s*[:.]?|ng[aà]y|th[aá]ng|n[aă]m)\s*$", re.IGNORECASE)
_FIELD_AFTER = re.compile(r"^\s*(/|th[aá]ng|n[aă]m)", re.IGNORECASE)
_FILLER = set(" .…_-")


def place_annotations(glyphs: list[Glyph]) -> tuple[list[Glyph], list[list[Glyph]]]:
    """Put annotation text where a person reads it.

    Returns the glyphs to build lines from (page glyphs, plus widget glyphs moved onto the baseline of
    the line they fill in) and the glyphs of each remaining annotation (signing stamps, notes), which
    are never body text. A widget is placed on the nearest line with page text beside it, within
    a few points of its baseline (further when a field cue such as "Số:" or "ngày" stands beside it);
    the template's blank (spaces, dots, underscores) under the widget is dropped, so that the filled-in
    field reads "Số: 1731/UBND-KSTT", not "Số: …1731…/UBND-KSTT".
    """
    content = [g for g in glyphs if g.origin != "annotation"]
    groups: dict[int, list[Glyph]] = defaultdict(list)
    for glyph in glyphs:
        if glyph.origin == "annotation":
            groups[glyph.group].append(glyph)
    rows = [row for row in _rows(content)]
    placed: list[Glyph] = []
    stamps: list[list[Glyph]] = []
    under: list[tuple[float, float, float, float]] = []  # boxes whose template blank is dropped
    for group in groups.values():
        ink = [g for g in group if g.text.strip()]
        if not ink:
            continue
        text = "".join(g.text for g in sorted(ink, key=lambda g: g.x0))
        row = None
        if len(text) <= WIDGET_MAX_CHARS and len(_rows(ink)) == 1 and not _STAMP_ANYWHERE.search(text):
            row = _field_row(ink, rows)
        if row is None:
            stamps.append(group)
            continue
        shift = _row_baseline(row) - statistics.median(_baseline(g) for g in ink)
        moved = [replace(g, top=g.top + shift, bottom=g.bottom + shift) for g in group]
        placed.extend(moved)
        x0, x1 = min(g.x0 for g in ink), max(g.x1 for g in ink)
        under.append((x0, x1, min(g.top for g in row), max(g.bottom for g in row)))
    if under:
        content = [g for g in content if not _under_widget(g, under)]
    return content + placed, stamps


_STAMP_ANYWHERE = re.compile(r"ký bởi|thời gian ký|ngày ký|cơ quan:|email:|sao y|sao lục|signed", re.IGNORECASE)


def _row_baseline(row: list[Glyph]) -> float:
    return statistics.median(_baseline(g) for g in row)


def _field_row(ink: list[Glyph], rows: list[list[Glyph]]) -> list[Glyph] | None:
    """The row of page text a one-row widget fills in, or None."""
    baseline = statistics.median(_baseline(g) for g in ink)
    x0, x1 = min(g.x0 for g in ink), max(g.x1 for g in ink)
    best, best_score = None, None
    for row in rows:
        size = max(g.size for g in row)
        rise = abs(_row_baseline(row) - baseline)
        if rise > WIDGET_RISE_CUED * size:
            continue
        before = sorted((g for g in row if g.x1 <= x0 + 0.5 * size and x0 - g.x1 <= WIDGET_REACH * size),
                        key=lambda g: g.x0)
        after = sorted((g for g in row if g.x0 >= x1 - 0.5 * size and g.x0 - x1 <= WIDGET_REACH * size),
                       key=lambda g: g.x0)
        if not before and not after:
            continue
        left = nfc("".join(g.text for g in before[-6:]))
        right = nfc("".join(g.text for g in after[:6]))
        cued = bool(_FIELD_BEFORE.search(left) or _FIELD_AFTER.match(right))
        if not cued and rise > WIDGET_RISE * size:
            continue
        score = (0 if cued else 1, rise)
        if best_score is None or score < best_score:
            best, best_score = row, score
    return best


def _under_widget(glyph: Glyph, boxes: list[tuple[float, float, float, float]]) -> bool:
    """Whether a page glyph is the template's blank (space, dots) under a placed widget."""
    if glyph.text not in _FILLER and glyph.text.strip():
        return False
    middle_x = (glyph.x0 + glyph.x1) / 2
    middle_y = (glyph.top + glyph.bottom) / 2
    return any(x0 <= middle_x <= x1 and top - 2 <= middle_y <= bottom + 2 for x0, x1, top, bottom in boxes)


def _clean_glyphs(glyphs: list[Glyph]) -> list[Glyph]:
    """Drop rotated and empty glyphs and the doubles some PDFs draw to fake bold text."""
    seen: set[tuple[str, int, int]] = set()
    kept = []
    for glyph in glyphs:
        if not glyph.upright or glyph.size <= 0.5 or not glyph.text:
            continue
        key = (glyph.text, round(glyph.x0 * 2), round(glyph.top * 2))
        if key in seen:
            continue
        seen.add(key)
        kept.append(glyph)
    return kept


def _baseline(glyph: Glyph) -> float:
    # OCR words carry their line's baseline. pdfminer boxes run from the font's descent to its ascent; the
    # baseline sits about a fifth of the size above the box bottom. Glyphs of different sizes on one
    # baseline share this estimate.
    if glyph.baseline is not None:
        return glyph.baseline
    return glyph.bottom - 0.22 * glyph.size


def _rows(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Cluster glyphs into rows that share a baseline; raised small glyphs join the row they stand on.

    Rows span the page width; columns are split apart later. Clustering by baseline, not by box
    overlap, keeps two lines of a small-type column (a "Nơi nhận" list) apart even when one larger line
    of the other column overlaps both.
    """
    ink = sorted((g for g in glyphs if g.text.strip()), key=_baseline)
    clusters: list[list[Glyph]] = []
    for glyph in ink:
        if clusters:
            head = clusters[-1][0]
            if _baseline(glyph) - _baseline(head) <= 0.2 * max(head.size, glyph.size):
                clusters[-1].append(glyph)
                continue
        clusters.append([glyph])
    rows = [{"glyphs": cluster, "size": max(g.size for g in cluster),
             "top": min(g.top for g in cluster), "bottom": max(g.bottom for g in cluster)} for cluster in clusters]
    # Attach runs of small glyphs (superscripts, footnote numbers) to the larger row they touch.
    kept = []
    for row in rows:
        runs = _runs(row["glyphs"])
        stays = []
        for run in runs:
            host = _host(run, rows, row)
            if host is None:
                stays.extend(run)
            else:
                host["glyphs"].extend(run)
        if stays:
            row["glyphs"] = stays
            kept.append(row)
    for glyph in glyphs:
        if glyph.text.strip():
            continue
        middle = (glyph.top + glyph.bottom) / 2
        for row in kept:
            if row["top"] <= middle <= row["bottom"] and glyph.size >= row["size"] * 0.7:
                row["glyphs"].append(glyph)
                break
    kept.sort(key=lambda row: row["top"])
    return [row["glyphs"] for row in kept]


def _runs(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Split glyphs of one baseline into horizontal runs (gaps under one font size)."""
    ordered = sorted(glyphs, key=lambda g: g.x0)
    runs: list[list[Glyph]] = []
    for glyph in ordered:
        if runs and glyph.x0 - runs[-1][-1].x1 < glyph.size:
            runs[-1].append(glyph)
        else:
            runs.append([glyph])
    return runs


def _host(run: list[Glyph], rows: list[dict], own: dict) -> dict | None:
    """The row of larger type that a run of small raised glyphs stands on, if any."""
    size = max(g.size for g in run)
    ratio = SUPERSCRIPT_SIZE
    if any(g.origin == "ocr" for g in run):
        if sum(len(g.text.strip()) for g in run) > OCR_SUPERSCRIPT_CHARS:
            return None
        ratio = OCR_SUPERSCRIPT_SIZE
    best, best_overlap = None, 0.0
    x0 = min(g.x0 for g in run)
    x1 = max(g.x1 for g in run)
    top = min(g.top for g in run)
    bottom = max(g.bottom for g in run)
    for row in rows:
        if row is own or row["size"] * ratio <= size:
            continue
        overlap = min(row["bottom"], bottom) - max(row["top"], top)
        if overlap <= 0 or _baseline(run[0]) > max(_baseline(g) for g in row["glyphs"]) + 0.5:
            continue
        near = any(g.x1 - 1 <= x0 <= g.x1 + row["size"] or g.x0 - row["size"] <= x1 <= g.x0 + 1
                   for g in row["glyphs"])
        if near and overlap > best_overlap:
            best, best_overlap = row, overlap
    return best


def _segments(row: list[Glyph], verticals: list[Rule]) -> list[list[Glyph]]:
    """Split a row at wide gaps and at vertical rules into column segments."""
    row = sorted(row, key=lambda g: (g.x0, g.top))
    size = max((g.size for g in row if g.text.strip()), default=10.0)
    middle = statistics.median((g.top + g.bottom) / 2 for g in row)
    crossing = sorted(
        rule.x0 for rule in verticals if rule.top - 1 <= middle <= rule.bottom + 1
    )
    segments: list[list[Glyph]] = []
    current: list[Glyph] = []
    last_ink: Glyph | None = None
    for glyph in row:
        if not glyph.text.strip():
            if current:
                current.append(glyph)
            continue
        if last_ink is not None:
            gap = glyph.x0 - last_ink.x1
            ruled = bool(crossing) and any(last_ink.x1 - 1 <= x <= glyph.x0 + 1 for x in crossing)
            if gap > COLUMN_GAP * size or (ruled and gap > -0.5):
                segments.append(current)
                current = []
        current.append(glyph)
        last_ink = glyph
    if current:
        segments.append(current)
    return segments


_MOTTO_START = ("CỘNGHÒAXÃHỘI", "CỘNGHOÀXÃHỘI")


def _split_motto(segment: list[Glyph]) -> list[list[Glyph]]:
    """Cut a header row where the national motto begins, when the two columns stand close together.

    The issuing body ("VĂN PHÒNG CHÍNH PHỦ") and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" share a row; some
    headers leave less than the usual column gap between them.
    """
    ink = [g for g in segment if g.text.strip()]
    if len(ink) < 20:
        return [segment]
    for index in range(1, len(ink) - 12):
        if ink[index].text != "C":
            continue
        ahead = nfc("".join(g.text for g in ink[index:index + 14]))
        if ahead.startswith(_MOTTO_START):
            first, before = ink[index], ink[index - 1]
            if first.x0 - before.x1 > 0.5 * first.size:
                return [[g for g in segment if g.x0 < first.x0 - 0.1], [g for g in segment if g.x0 >= first.x0 - 0.1]]
            break
    return [segment]


def _make_line(glyphs: list[Glyph], page: int) -> Line | None:
    ink = [g for g in glyphs if g.text.strip()]
    if not ink:
        return None
    sizes = Counter(round(g.size, 1) for g in ink)
    main = max(sizes, key=lambda s: (sizes[s], s))
    full = [g for g in ink if g.size >= main * SUPERSCRIPT_SIZE]
    baseline = statistics.median(g.bottom for g in full) if full else max(g.bottom for g in ink)
    parts: list[str] = []
    superscripts: list[tuple[int, str]] = []
    previous: Glyph | None = None
    pending_space = False
    length = 0
    space: Glyph | None = None  # a space glyph seen since the last letter
    doubtful: list[tuple[int, int]] = []  # OCR words read with low confidence
    xs: list[float] = []  # the left edge of each character written
    for glyph in glyphs:
        if not glyph.text.strip():
            if previous is not None:
                space = glyph
            continue
        raised = glyph.size < main * SUPERSCRIPT_SIZE and glyph.bottom < baseline - SUPERSCRIPT_RISE * main
        if space is not None:
            # A space glyph is a word gap only when it stands between the letters around it: one drawn
            # over them ("Ôn g" in some exports, a stray space of another run) is not.
            tolerance = 0.15 * min(space.size, glyph.size)
            if space.x0 >= previous.x1 - tolerance and space.x1 <= glyph.x0 + tolerance:
                pending_space = True
            space = None
        if previous is not None:
            gap = glyph.x0 - previous.x1
            if gap > SPACE_GAP * min(glyph.size, previous.size) * (1.6 if raised else 1.0):
                pending_space = True
            elif glyph.origin == previous.origin == "ocr":
                pending_space = True  # an OCR glyph is a word, even where its box touches the last
            elif glyph.origin != previous.origin and "/" not in (glyph.text[0], previous.text[-1]):
                # A widget's text filling in a field is a word of its own ("ngày 24 tháng"), even where
                # its box touches the template's words.
                pending_space = True
        if raised and glyph.text.isdigit():
            if superscripts and superscripts[-1][0] == length and not pending_space:
                offset, digits = superscripts[-1]
                superscripts[-1] = (offset, digits + glyph.text)
            else:
                # A marker set off by a space still belongs to the word before it: no space is written.
                superscripts.append((length, glyph.text))
            pending_space = False
            previous = glyph
            continue
        if pending_space and length:
            parts.append(" ")
            xs.append(previous.x1)
            length += 1
        if glyph.origin == "ocr" and glyph.confidence < OCR_TRUST:
            doubtful.append((length, length + len(glyph.text)))
        parts.append(glyph.text)
        count = len(glyph.text)  # an OCR word or a ligature: its letters spread over its box
        xs.extend(glyph.x0 + (glyph.x1 - glyph.x0) * i / count for i in range(count))
        length += count
        pending_space = False
        previous = glyph
    text = "".join(parts)
    # NFC may shorten decomposed text: map superscript offsets through it.
    normalised = nfc(text)
    if normalised != text:
        superscripts = [(len(nfc(text[:offset])), digits) for offset, digits in superscripts]
        xs = xs if len(normalised) == len(text) else []
        text = normalised
    annotated = sum(1 for g in ink if g.origin == "annotation")
    read = [g.confidence for g in ink if g.origin == "ocr"]
    if read and not annotated:
        origin = "ocr"
    else:
        origin = "page" if not annotated else ("annotation" if annotated == len(ink) else "mixed")
    bold = sum(1 for g in ink if g.bold) > len(ink) / 2
    italic = sum(1 for g in ink if g.italic) > len(ink) / 2
    font = Counter(g.font for g in ink).most_common(1)[0][0]
    return Line(
        text=text,
        page=page,
        x0=min(g.x0 for g in ink),
        x1=max(g.x1 for g in ink),
        top=min(g.top for g in full or ink),
        bottom=max(g.bottom for g in full or ink),
        size=main,
        bold=bold,
        italic=italic,
        font=font,
        superscripts=superscripts,
        origin=origin,
        confidence=round(sum(read) / len(read), 1) if read else None,
        doubtful=doubtful,
        stroke=_mean([g.stroke for g in ink if g.stroke is not None]),
        xs=[round(x, 1) for x in xs] or None,
    )


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 3) if values else None


# ---------------------------------------------------------------------------------------------------
# Zones

_STAMP = re.compile(
    r"^(ký bởi|ky boi|thời gian ký|thoi gian ky|cơ quan:|co quan:|email:|chức vụ:|ngày ký|người ký)",
    re.IGNORECASE,
)
_PAGE_NUMBER = re.compile(r"^[-–—\s]*(trang\s+)?\d{1,3}([/\s]+\d{1,3})?[-–—\s]*$", re.IGNORECASE)


def body_size(lines: list[Line]) -> float:
    """The font size most of the page's text is set in (weighted by characters).

    OCR sizes are estimates per line that vary by a tenth around the type's size: there, each size counts
    the characters of the lines within a tenth of it.
    """
    weights: Counter[float] = Counter()
    for line in lines:
        weights[line.size] += len(line.text)
    if any(line.origin == "ocr" for line in lines):
        exact = dict(weights)
        weights = Counter({size: sum(n for other, n in exact.items() if abs(other - size) <= OCR_SIZE_SPREAD * size)
                           for size in exact})
    return max(weights, key=lambda s: (weights[s], -s)) if weights else 0.0


OCR_SIZE_SPREAD = 0.1


def mark_stamps(lines: list[Line]) -> None:
    """Digital-signature stamp text ("Ký bởi: …", "Thời gian ký: …") is not document text."""
    for line in lines:
        if _STAMP.match(line.text.strip()):
            line.zone = ZONE_STAMP


def mark_running(lines: list[Line], pages: int) -> None:
    """Lines repeated at the same place on many pages (running headers, watermarks) are not body."""
    if pages < 3:
        return
    where: dict[tuple[str, int], set[int]] = defaultdict(set)
    for line in lines:
        where[_running_key(line)].add(line.page)
    threshold = max(3, pages // 2)
    for line in lines:
        if len(where[_running_key(line)]) >= threshold:
            line.zone = ZONE_RUNNING


def _running_key(line: Line) -> tuple[str, int]:
    return re.sub(r"\d+", "#", fold(line.text)), round(line.top / 6)


def mark_page_numbers(lines: list[Line], height: float, width: float) -> None:
    """A lone number near the top or bottom edge of the page is a page number."""
    for line in lines:
        if line.zone != ZONE_BODY or not _PAGE_NUMBER.match(line.text):
            continue
        if not (line.top < height * 0.12 or line.bottom > height * 0.88):
            continue
        alone = not any(
            other is not line and other.page == line.page and abs(other.top - line.top) < line.size
            for other in lines
            if other.zone == ZONE_BODY
        )
        if alone:
            line.zone = ZONE_PAGE_NUMBER


def find_footnote_rule(page_lines: list[Line], rules: list[Rule], width: float, height: float,
                       size: float, continues: bool = False) -> float | None:
    """The top of the footnote area on a page, or None.

    Word sets footnotes under a short horizontal rule at the left margin, in a smaller size. A rule
    that is part of a table grid (with strokes joined at its ends) is not a footnote rule. When no such
    rule is drawn, a run of small lines at the page bottom that begins with a superscript number
    is taken as the footnote area. The first line under the rule must open a footnote (a number),
    unless ``continues``: the previous page had footnotes, whose last one may run on here.
    """
    body = [line for line in page_lines if line.zone == ZONE_BODY]
    if not body:
        return None
    left = min(line.x0 for line in body)
    candidates = []
    for rule in rules:
        length = rule.x1 - rule.x0
        # Word's continuation separator (over the rest of a footnote carried from the previous page)
        # runs the full text width.
        longest = width * (0.95 if continues else 0.45)
        if not rule.horizontal or rule.bottom - rule.top > 2 or not 25 <= length <= longest:
            continue
        if rule.top < height * 0.25 or abs(rule.x0 - left) > 30:
            continue
        if _joined(rule, rules):
            continue
        if any(line.top < rule.top < line.bottom and line.x0 < rule.x1 and rule.x0 < line.x1 for line in body):
            continue  # a stroke inside a line of text (a scan's underline, a dash), not a separator
        below = sorted((line for line in body if line.top >= rule.bottom - 1), key=lambda line: line.top)
        if not below or not any(line.size < size * 0.95 for line in below):
            continue
        if length > width * 0.45 and any(line.size >= size * 0.95 for line in below):
            continue
        first = below[0]
        numbered = (first.superscripts and first.superscripts[0][0] == 0) or re.match(r"^\d{1,3}\s", first.text) \
            or (first.origin == "ocr" and re.match(r"^[!lI|]\s", first.text))  # OCR's "1" raised and small
        if not numbered and not continues:
            continue
        candidates.append(rule)
    if candidates:
        return max(candidates, key=lambda rule: rule.top).bottom
    # No rule: small lines at the bottom starting with a superscript number.
    ordered = sorted(body, key=lambda line: line.top)
    start = None
    for index in range(len(ordered) - 1, -1, -1):
        line = ordered[index]
        if line.size >= size * 0.92 or line.top < height * 0.4:
            break
        if line.superscripts and line.superscripts[0][0] == 0:
            start = line.top
    return start - 0.5 if start is not None else None


def _joined(rule: Rule, rules: list[Rule]) -> bool:
    """Whether another stroke touches ``rule``'s ends (so it is part of a grid or a longer line)."""
    for other in rules:
        if other is rule:
            continue
        if other.horizontal:
            if abs(other.top - rule.top) < 1.5 and (abs(other.x0 - rule.x1) < 2 or abs(other.x1 - rule.x0) < 2):
                return True
        else:
            for x in (rule.x0, rule.x1):
                if abs(other.x0 - x) < 2 and other.top - 2 <= rule.top <= other.bottom + 2:
                    return True
    return False


def mark_footnote_area(page_lines: list[Line], top: float) -> None:
    for line in page_lines:
        if line.zone == ZONE_BODY and line.top >= top:
            line.zone = ZONE_FOOTNOTE
