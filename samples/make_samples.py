#!/usr/bin/env python3
"""Typeset the sample PDFs in samples/ and write the ground truth of each.

Every sample is a small markup file in samples/src/ (format: samples/README.md) set on a reportlab
canvas the way MS Word lays out a Decree 30/2020/NĐ-CP document: A4, a two-column header, justified
body lines drawn as one text run per style with real spaces (justified with the PDF word spacing),
superscript footnote markers, footnotes at the foot of the page where their marker lands (under a
short rule, continuing on the next page when they do not fit), page numbers at the top from page 2,
the "Nơi nhận" list beside the signature, and ruled tables that repeat their header row.

Beside each PDF it writes <name>.truth.json from what the layout actually placed: metadata, page
count, footnotes (anchor page, pages, anchor text), superscripts that are not markers, body blocks
and table rows, all with 1-based PDF page numbers.

Needs reportlab and the TrueType fonts of fonts-liberation2 and fonts-dejavu-core under
/usr/share/fonts/truetype/. Tests never run it: they read the committed PDFs. Output is
byte-for-byte the same on every run (reportlab invariant mode, creation date = issue date).

    python samples/make_samples.py                  # write every PDF and .truth.json
    python samples/make_samples.py --check          # then re-open them with pdfplumber and check
    python samples/make_samples.py --check-seed SEED.txt   # src/lang-son-2019.md keeps every seed word
    python samples/make_samples.py --only NAME      # just one sample
"""
from __future__ import annotations

import argparse
import calendar
import datetime
import json
import os
import re
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm, mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
FONT_DIR = Path("/usr/share/fonts/truetype")
PAGE_W, PAGE_H = A4

SUP_SCALE = 0.62          # superscript size / text size (Word draws superscripts at about 2/3)
SUP_RISE = 0.33           # superscript baseline raise, in ems of the text size
NOTE_RULE_LEN = 144.0     # Word's footnote separator: 2 inches at the left margin
EPS = 0.01
TO_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

FONT_FILES = {
    "Liberation Serif": ("liberation2/LiberationSerif-{}.ttf", ("Regular", "Bold", "Italic", "BoldItalic")),
    "Liberation Sans": ("liberation2/LiberationSans-{}.ttf", ("Regular", "Bold", "Italic", "BoldItalic")),
    "DejaVu Serif": ("dejavu/DejaVuSerif{}.ttf", ("", "-Bold", "-Italic", "-BoldItalic")),
}


# ---------------------------------------------------------------------------------------------------
# Fonts


def face(family: str, bold: bool = False, italic: bool = False) -> str:
    """Register a family's face with reportlab (once) and return its font name."""
    pattern, suffixes = FONT_FILES[family]
    suffix = suffixes[int(bold) + 2 * int(italic)]
    name = family.replace(" ", "") + ("", "-Bold", "-Italic", "-BoldItalic")[int(bold) + 2 * int(italic)]
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / pattern.format(suffix))))
    return name


def check_glyphs(text: str, font: str) -> None:
    """Raise if the font lacks a glyph for a character (reportlab would silently draw .notdef)."""
    cmap = pdfmetrics.getFont(font).face.charToGlyph
    missing = sorted({c for c in text if ord(c) not in cmap and c != "\u00a0"})
    if missing:
        raise ValueError(f"{font} has no glyph for {missing!r} in {text!r}")


def width_of(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)


# ---------------------------------------------------------------------------------------------------
# Markup


@dataclass
class Span:
    """Inline text in one style; kind is "text", "marker" (footnote reference) or "sup"."""
    text: str
    bold: bool = False
    italic: bool = False
    kind: str = "text"
    note: int = 0


@dataclass
class Block:
    """A source block: paragraph, heading, or a ::: directive (center, closing, kinh-gui, table, newpage)."""
    kind: str
    text: str = ""
    level: int = 0
    rows: list = field(default_factory=list)
    args: list = field(default_factory=list)


@dataclass
class Source:
    meta: dict
    blocks: list
    notes: dict           # footnote number -> its text (markup)


INLINE = re.compile(r"\[\^(\d+)\]|\^([^\^\s]+)\^|\*\*|\*")


def parse_inline(text: str) -> list[Span]:
    """Split inline markup ([^n] marker, ^x^ superscript, **bold**, *italic*) into spans."""
    spans, bold, italic, pos = [], False, False, 0
    for m in INLINE.finditer(text):
        if m.start() > pos:
            spans.append(Span(text[pos:m.start()], bold, italic))
        if m.group(1):
            spans.append(Span(m.group(1), bold, italic, "marker", int(m.group(1))))
        elif m.group(2):
            spans.append(Span(m.group(2), bold, italic, "sup"))
        elif m.group(0) == "**":
            bold = not bold
        else:
            italic = not italic
        pos = m.end()
    if pos < len(text):
        spans.append(Span(text[pos:], bold, italic))
    return spans


def plain(spans: list[Span]) -> str:
    """Text of spans as a reader should get it: markers dropped, superscripts as ² ³."""
    return "".join("" if s.kind == "marker" else s.text.translate(TO_SUPERSCRIPT) if s.kind == "sup"
                   else s.text for s in spans)


def parse_source(text: str) -> Source:
    """Parse a samples/src/*.md file: front matter, blocks and footnote texts."""
    lines = unicodedata.normalize("NFC", text).split("\n")
    meta, i = {}, 0
    if lines and lines[0].strip() == "---":
        i = 1
        while lines[i].strip() != "---":
            key, _, value = lines[i].partition(":")
            meta[key.strip()] = value.strip()
            i += 1
        i += 1
    blocks, notes = [], {}
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if line.startswith(":::"):
            name, *args = line[3:].split()
            i += 1
            if name == "newpage":
                blocks.append(Block("newpage"))
                continue
            rows = []
            while lines[i].strip() != ":::":
                if lines[i].strip():
                    rows.append(lines[i].strip())
                i += 1
            i += 1
            blocks.append(Block(name, rows=rows, args=args))
            continue
        para = []
        while i < len(lines) and lines[i].strip() and not lines[i].startswith(":::"):
            para.append(lines[i].strip())
            i += 1
        text = " ".join(para)
        if m := re.match(r"\[\^(\d+)\]:\s*(.*)", text):
            notes[int(m.group(1))] = m.group(2)
        elif m := re.match(r"(#{1,3}) (.*)", text):
            blocks.append(Block("heading", m.group(2), len(m.group(1))))
        else:
            blocks.append(Block("paragraph", text))
    return Source(meta, blocks, notes)


def meta_lines(meta: dict, key: str) -> list[str]:
    """A front-matter value split at " | " (the line breaks of the printed header)."""
    value = meta.get(key, "")
    return [part.strip() for part in value.split("|")] if value else []


# ---------------------------------------------------------------------------------------------------
# Settings and geometry


@dataclass
class Settings:
    """How one sample is typeset (sizes in pt, margins in mm)."""
    family: str
    size: float = 14.0
    note_size: float = 10.0
    leading: float = 1.25                  # body line pitch / body size
    margins: tuple = (20, 20, 30, 15)      # top, bottom, left, right
    header_size: float = 13.0              # issuer, national title, "Số:"
    motto_size: float = 14.0               # "Độc lập - Tự do - Hạnh phúc" and place/date
    table_size: float = 13.0
    indent: float = 1.27 * cm              # first-line indent
    para_space: float = 6.0                # space before each paragraph
    note_rule: str = "line"                # footnote separator drawn as a stroked "line" or a filled "rect"

    @property
    def top(self) -> float:
        """Where the body starts, pt below the page's top edge."""
        return self.margins[0] * mm

    @property
    def bottom(self) -> float:
        """Where the body (with the footnotes) ends, pt below the page's top edge."""
        return PAGE_H - self.margins[1] * mm

    @property
    def left(self) -> float:
        return self.margins[2] * mm

    @property
    def width(self) -> float:
        return PAGE_W - (self.margins[2] + self.margins[3]) * mm

    def body(self) -> "TextStyle":
        return TextStyle(self.family, self.size, round(self.size * self.leading, 2))

    def notes(self) -> "TextStyle":
        return TextStyle(self.family, self.note_size, round(self.note_size * 1.15, 2))

    @property
    def sep_h(self):
        """Height of Word's separator paragraph above the footnotes."""
        return round(self.note_size * 1.15, 2)


@dataclass
class TextStyle:
    family: str
    size: float
    leading: float

    def font(self, bold=False, italic=False) -> str:
        return face(self.family, bold, italic)


# ---------------------------------------------------------------------------------------------------
# Lines


@dataclass
class Piece:
    """Text in one face, size and rise; kind: text, space, marker, sup or num (a footnote's own number)."""
    text: str
    font: str
    size: float
    rise: float = 0.0
    kind: str = "text"
    note: int = 0
    token: str = ""       # for kind sup: the whole word as a reader should get it ("700m²")

    @property
    def width(self) -> float:
        return width_of(self.text, self.font, self.size)


@dataclass
class Line:
    """One typeset line; x/width in pt from the page's left edge."""
    pieces: list
    x: float
    width: float
    height: float
    size: float
    align: str = "justify"          # justify | left | center | right
    last: bool = False              # a paragraph's last line is not stretched
    record: dict | None = None      # the truth record of the block the line belongs to
    note: int = 0                   # for footnote lines: the footnote's number

    @property
    def notes(self) -> list[int]:
        return [p.note for p in self.pieces if p.kind == "marker"]

    def natural(self) -> float:
        return sum(p.width for p in self.pieces)


def superscript_piece(text, font, style, kind, note=0) -> Piece:
    """A raised small piece the way Word draws superscripts."""
    return Piece(text, font, round(style.size * SUP_SCALE, 2), round(style.size * SUP_RISE, 2), kind, note)


def make_words(spans: list[Span], style: TextStyle, bold=False, italic=False) -> list[list[Piece]]:
    """Cut spans into words (lists of pieces) at spaces; markers and superscripts stay glued."""
    words, cur = [], []
    for sp in spans:
        font = style.font(sp.bold or bold, sp.italic or italic)
        if sp.kind == "text":
            for k, part in enumerate(sp.text.split(" ")):
                if k and cur:
                    words.append(cur)
                    cur = []
                if part:
                    cur.append(Piece(part, font, style.size))
        else:
            cur.append(superscript_piece(sp.text, font, style, sp.kind, sp.note))
    if cur:
        words.append(cur)
    for word in words:
        token = "".join("" if p.kind == "marker" else p.text.translate(TO_SUPERSCRIPT) if p.kind == "sup"
                        else p.text for p in word)
        for p in word:
            if p.kind == "sup":
                p.token = token.strip(",;:.()“”\"")
    return words


def space_after(word: list[Piece]) -> Piece:
    """The space following a word, in the face of its last full-size piece (so runs merge)."""
    base = next((p for p in reversed(word) if p.kind in ("text", "space")), word[0])
    size = base.size if base.kind in ("text", "space") else base.size / SUP_SCALE
    return Piece(" ", base.font, round(size, 2), kind="space")


def break_words(words, style: TextStyle, x: float, width: float, first_indent=0.0, hang=0.0,
                align="justify", record=None) -> list[Line]:
    """Fill lines greedily as Word does; first_indent for line 1, hang for the others."""
    groups, cur, cur_w = [], [], 0.0
    for word in words:
        ww = sum(p.width for p in word)
        room = width - (hang if groups else first_indent)
        sw = space_after(cur[-1]).width if cur else 0.0
        if cur and cur_w + sw + ww > room + EPS:
            groups.append(cur)
            cur, cur_w = [word], ww
        else:
            cur.append(word)
            cur_w += sw + ww
    if cur:
        groups.append(cur)
    lines = []
    for k, group in enumerate(groups):
        indent = first_indent if k == 0 else hang
        pieces = []
        for j, word in enumerate(group):
            if j:
                pieces.append(space_after(group[j - 1]))
            pieces.extend(word)
        lines.append(Line(pieces, x + indent, width - indent, style.leading, style.size, align,
                          k == len(groups) - 1, record))
    return lines


def text_lines(text: str, style: TextStyle, x: float, width: float, align="left", bold=False,
               italic=False, first_indent=0.0, hang=0.0, record=None) -> list[Line]:
    """Markup text -> typeset lines."""
    return break_words(make_words(parse_inline(text), style, bold, italic), style, x, width,
                       first_indent, hang, align, record)


def runs(pieces: list[Piece]) -> list[tuple]:
    """Merge pieces into text runs (text, font, size, rise): what one Tj draws."""
    out = []
    for p in pieces:
        if out and out[-1][1:] == (p.font, p.size, p.rise):
            out[-1] = (out[-1][0] + p.text,) + out[-1][1:]
        else:
            out.append((p.text, p.font, p.size, p.rise))
    return out


def text_op(line: Line, top: float) -> tuple:
    """The drawing op of a line whose box starts `top` pt below the page's top edge."""
    natural = line.natural()
    x, wordspace = line.x, 0.0
    spaces = sum(p.kind == "space" for p in line.pieces)
    if line.align == "justify" and not line.last and spaces:
        wordspace = max(0.0, (line.width - natural) / spaces)
    elif line.align == "center":
        x += (line.width - natural) / 2
    elif line.align == "right":
        x += line.width - natural
    baseline = top + line.height - 0.25 * line.size
    return ("text", round(x, 3), round(baseline, 3), runs(line.pieces), round(wordspace, 4))


# ---------------------------------------------------------------------------------------------------
# Pages and the flow


@dataclass
class Page:
    number: int
    ops: list = field(default_factory=list)      # ("text", x, baseline, runs, wordspace),
    #                                              ("line", x0, y, x1, width) or ("rect", x, y, w, h)
    notes: list = field(default_factory=list)    # footnote Lines placed at this page's foot, in order
    continued: bool = False                      # the first footnote lines continue a footnote


@dataclass
class Box:
    """A fixed block (header, closing, table row): ops with y relative to the box top."""
    height: float
    ops: list


def shift(op: tuple, dy: float) -> tuple:
    """An op moved down by dy (every op kind has its y third)."""
    return op[:2] + (round(op[2] + dy, 3),) + op[3:]


class Flow:
    """Fills pages as Word does: body lines from the top, footnotes from the bottom margin up."""

    def __init__(self, cfg: Settings, note_lines: dict):
        self.cfg = cfg
        self.note_lines = note_lines      # footnote number -> its Lines
        self.pages: list[Page] = []
        self.carry: list[Line] = []       # lines of a footnote that continues on the next page
        self.anchor_page: dict = {}
        self.note_pages: dict = {}
        self.sups: list = []              # superscripts that are not markers, as placed
        self.new_page()

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def new_page(self) -> None:
        self.pages.append(Page(len(self.pages) + 1))
        self.y = self.cfg.top
        carry, self.carry = self.carry, []
        if carry:
            self.page.continued = True
            self.add_notes(carry, first_forced=False)

    def at_top(self) -> bool:
        return self.y <= self.cfg.top + EPS

    def notes_height(self) -> float:
        page = self.page
        return self.cfg.sep_h + sum(l.height for l in page.notes) if page.notes else 0.0

    def room(self) -> float:
        """Height left for body text on this page."""
        return self.cfg.bottom - self.y - self.notes_height()

    def skip(self, space: float) -> None:
        if not self.at_top():
            self.y += space

    def fits(self, lines: list[Line], extra: float = 0.0) -> bool:
        """Do these lines (and `extra` pt of spacing) fit here with their footnotes? Only the last
        footnote may continue on the next page."""
        h = sum(l.height for l in lines) + extra
        notes = [n for l in lines for n in l.notes if n not in self.anchor_page]
        if not notes:
            return h <= self.room() + EPS
        h += 0 if self.page.notes else self.cfg.sep_h
        full = [sum(l.height for l in self.note_lines[n]) for n in notes]
        if h + sum(full) <= self.room() + EPS:
            return True
        return h + sum(full[:-1]) + self.note_lines[notes[-1]][0].height <= self.room() + EPS

    def put(self, line: Line, reserve: float = 0.0) -> None:
        """Place one body line and the footnotes it refers to (reserve: height of lines still to come)."""
        self.page.ops.append(text_op(line, self.y))
        self.y += line.height
        self.record(line, "body")
        for n in line.notes:
            self.anchor_page[n] = self.page.number
            self.add_notes(list(self.note_lines[n]), first_forced=True, reserve=reserve)

    def add_notes(self, lines: list[Line], first_forced: bool, reserve: float = 0.0) -> None:
        """Put footnote lines at this page's foot; those that do not fit continue on the next page."""
        for k, line in enumerate(lines):
            sep = 0.0 if self.page.notes else self.cfg.sep_h
            fits = line.height + sep <= self.room() - reserve + EPS
            if self.carry or not (fits or (first_forced and k == 0)):
                self.carry.append(line)
                continue
            self.page.notes.append(line)
            self.record(line, "footnote")

    def record(self, line: Line, source: str) -> None:
        """Bookkeeping for the truth file: pages of blocks and footnotes, superscripts."""
        number = self.page.number
        if source == "footnote":
            pages = self.note_pages.setdefault(line.note, [])
            if number not in pages:
                pages.append(number)
        elif line.record is not None and number not in line.record["pages"]:
            line.record["pages"].append(number)
        for p in line.pieces:
            if p.kind == "sup":
                self.sups.append({"text": p.token, "page": number, "source": source,
                                  "footnote_no": line.note if source == "footnote" else None})

    def paragraph(self, lines: list[Line], space_before: float = 0.0, keep_with: list = (),
                  keep_space: float = 0.0) -> None:
        """Place a paragraph with Word's widow/orphan control; keep_with: lines that must follow it on
        the same page (keep with next), with keep_space pt of spacing among them."""
        self.skip(space_before)
        n, i = len(lines), 0
        while i < n:
            if i == 0:
                chunk = lines if n <= 3 else lines[:2]
            elif i == n - 2:
                chunk = lines[i:]
            else:
                chunk = lines[i:i + 1]
            last = i + len(chunk) == n
            probe = chunk + list(keep_with) if last else chunk
            if not self.fits(probe, keep_space if last else 0.0) and not self.at_top():
                self.new_page()
            for k, line in enumerate(chunk):
                self.put(line, reserve=sum(l.height for l in chunk[k + 1:]))
            i += len(chunk)

    def box(self, box: Box, space_before: float = 0.0) -> None:
        """Place a fixed block, on the next page when it does not fit here."""
        self.skip(space_before)
        if box.height > self.room() + EPS and not self.at_top():
            self.new_page()
        self.page.ops.extend(shift(op, self.y) for op in box.ops)
        self.y += box.height

    def table(self, head: Box, rows: list[Box], records: list[dict], x0: float, x1: float,
              space_before: float = 0.0) -> None:
        """Place table rows; a row that does not fit starts a new page that repeats the header row."""
        self.skip(space_before)
        if head.height + rows[0].height > self.room() + EPS and not self.at_top():
            self.new_page()
        self.box(head)
        for row, rec in zip(rows, records):
            if row.height > self.room() + EPS:
                self.page.ops.append(hrule(x0, x1, self.y))
                self.new_page()
                self.box(head)
            self.box(row)
            rec["page"] = self.page.number
        self.page.ops.append(hrule(x0, x1, self.y))


# ---------------------------------------------------------------------------------------------------
# Fixed blocks: header, title, closing, addressees, tables

BORDER = 0.5


def hrule(x0: float, x1: float, y: float) -> tuple:
    """A table border as Word draws it: a thin filled rectangle."""
    return ("rect", round(x0 - BORDER / 2, 3), round(y - BORDER / 2, 3), round(x1 - x0 + BORDER, 3), BORDER)


def vrule(x: float, y0: float, y1: float) -> tuple:
    return ("rect", round(x - BORDER / 2, 3), round(y0 - BORDER / 2, 3), BORDER, round(y1 - y0, 3))


def stack(lines: list[Line], top: float) -> tuple[list, float]:
    """Ops for lines set one under another from `top`; returns (ops, bottom)."""
    ops = []
    for line in lines:
        ops.append(text_op(line, top))
        top += line.height
    return ops, top


def date_line(meta: dict) -> str:
    """"Lạng Sơn, ngày 05 tháng 3 năm 2024": day padded below 10, month below 3 (Decree 30)."""
    d = datetime.date.fromisoformat(meta["issue_date"])
    day = f"{d.day:02d}"
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"{meta['issue_place']}, ngày {day} tháng {month} năm {d.year}"


def header_box(meta: dict, cfg: Settings) -> Box:
    """Decree 30 header: issuer with its rule and number (left), national title, motto and date (right)."""
    hs, ms = cfg.header_size, cfg.motto_size
    st_h, st_m = TextStyle(cfg.family, hs, round(hs * 1.2, 2)), TextStyle(cfg.family, ms, round(ms * 1.2, 2))
    national, motto = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"
    date = date_line(meta)
    right_w = max(width_of(national, st_h.font(True), hs), width_of(motto, st_m.font(True), ms),
                  width_of(date, st_m.font(False, True), ms)) + 8
    right_w = max(right_w, 0.58 * cfg.width)
    left_w = cfg.width - right_w
    lx, rx = cfg.left, cfg.left + left_w
    left = [text_lines(t, st_h, lx, left_w, "center") for t in meta_lines(meta, "issuer_parent")]
    issuer = [text_lines(t, st_h, lx, left_w, "center", bold=True) for t in meta_lines(meta, "issuer")]
    if any(len(lines) > 1 for lines in left + issuer):
        raise ValueError(f"issuer line too wide for the header's left column ({left_w / mm:.0f} mm)")
    left, issuer = [ls[0] for ls in left], [ls[0] for ls in issuer]
    ops, y = stack(left + issuer, 0.0)
    widest = max(l.natural() for l in issuer)
    rule_y_left = y + 4         # clear of dot-below marks (Ộ, Ạ)
    ops.append(("line", round(lx + left_w / 2 - widest * 0.22, 3), round(rule_y_left, 3),
                round(lx + left_w / 2 + widest * 0.22, 3), 0.6))
    right = text_lines(national, st_h, rx, right_w, "center", bold=True) + \
        text_lines(motto, st_m, rx, right_w, "center", bold=True)
    rops, ry = stack(right, 0.0)
    ops += rops
    mw = right[-1].natural()
    rule_y_right = ry + 4
    ops.append(("line", round(rx + (right_w - mw) / 2, 3), round(rule_y_right, 3),
                round(rx + (right_w + mw) / 2, 3), 0.6))
    y = max(rule_y_left, rule_y_right) + 4
    number = text_lines("Số: " + meta["doc_number"], st_h, lx, left_w, "center")
    dline = text_lines(f"*{date}*", st_m, rx, right_w, "center")
    nops, ny = stack(number, y + (st_m.leading - st_h.leading))
    dops, dy = stack(dline, y)
    ops += nops + dops
    bottom = max(ny, dy)
    summary = meta.get("summary")
    if summary:
        lines = text_lines(summary, TextStyle(cfg.family, 12, 13.8), lx + 4, left_w - 8, "center")
        sops, sy = stack(lines, ny)
        ops += sops
        bottom = max(bottom, sy)
    return Box(bottom + 4, ops)


def title_box(meta: dict, cfg: Settings) -> Box:
    """Document kind (BÁO CÁO, KẾ HOẠCH, ...) and subject lines, centred and bold, a short rule under."""
    st = TextStyle(cfg.family, cfg.size, round(cfg.size * 1.2, 2))
    lines = text_lines(meta["title"], st, cfg.left, cfg.width, "center", bold=True)
    for t in meta_lines(meta, "subject"):
        lines += text_lines(t, st, cfg.left, cfg.width, "center", bold=True)
    ops, y = stack(lines, 18.0)
    widest = max(l.natural() for l in lines[1:]) if len(lines) > 1 else lines[0].natural()
    half = max(widest * 0.18, 40)
    mid = cfg.left + cfg.width / 2
    ops.append(("line", round(mid - half, 3), round(y + 5, 3), round(mid + half, 3), 0.6))
    return Box(y + 14, ops)


def closing_box(rows: list[str], meta: dict, cfg: Settings) -> Box:
    """"Nơi nhận:" list (left) beside the signature block (right), top-aligned as in Word's 2-cell table."""
    lw = 0.47 * cfg.width
    rx, rw = cfg.left + lw, cfg.width - lw
    label, items = rows[0], rows[1:]
    st12, st11 = TextStyle(cfg.family, 12, 14.4), TextStyle(cfg.family, 11, 12.65)
    left = text_lines(f"***{label}***", st12, cfg.left, lw - 6, "left")
    hang = width_of("- ", face(cfg.family), 11)
    for item in items:
        left += text_lines(item, st11, cfg.left, lw - 6, "left", hang=hang)
    ops, ly = stack(left, 0.0)
    sst = TextStyle(cfg.family, cfg.size, round(cfg.size * 1.2, 2))
    right = [l for t in meta_lines(meta, "signer_role")
             for l in text_lines(t, sst, rx, rw, "center", bold=True)]
    rops, ry = stack(right, 0.0)
    nops, ry = stack(text_lines(meta["signer_name"], sst, rx, rw, "center", bold=True), ry + 4 * sst.leading)
    return Box(max(ly, ry) + 6, ops + rops + nops)


def addressee_box(rows: list[str], cfg: Settings) -> Box:
    """"Kính gửi:" with the addressees listed under each other after the label, centred on the page."""
    st = cfg.body()
    label, items = rows[0], rows[1:]
    lw = width_of(label + " ", st.font(), st.size)
    iw = max(width_of(t, st.font(), st.size) for t in items)
    x0 = cfg.left + max(cfg.indent, (cfg.width - lw - iw) / 2)
    room = cfg.left + cfg.width - (x0 + lw)
    hang = width_of("- ", st.font(), st.size)
    ops, y = stack(text_lines(label, st, x0, lw, "left"), 0.0)
    lines = [l for t in items for l in text_lines(t, st, x0 + lw, room, "left", hang=hang)]
    iops, y = stack(lines, 0.0)
    return Box(y, ops + iops)


def table_rows(block: Block, cfg: Settings, records: list) -> tuple[Box, list[Box], float, float]:
    """Header row and body rows of a ruled table; `records` gets one truth row per body row."""
    mm_widths = [float(a) for a in block.args]
    scale = cfg.width / sum(mm_widths)
    widths = [w * scale for w in mm_widths]
    xs = [cfg.left]
    for w in widths:
        xs.append(xs[-1] + w)
    st = TextStyle(cfg.family, cfg.table_size, round(cfg.table_size * 1.15, 2))
    pad_x, pad_y = 5.4, 3.0

    def row(cells, bold=False, aligns=None) -> Box:
        spans = len(cells) == 1
        edges = [xs[0], xs[-1]] if spans else xs
        ops, bottom = [], 0.0
        for k, text in enumerate(cells):
            x0, x1 = edges[k], edges[k + 1]
            align = "center" if bold and not spans else (aligns[k] if aligns and not spans else "left")
            lines = text_lines(text, st, x0 + pad_x, x1 - x0 - 2 * pad_x, align, bold=bold)
            cell_ops, b = stack(lines, pad_y)
            ops += cell_ops
            bottom = max(bottom, b)
        height = bottom + pad_y
        ops.append(hrule(xs[0], xs[-1], 0.0))
        ops += [vrule(x, 0.0, height) for x in edges]
        return Box(height, ops)

    table = [[c.strip() for c in r.strip().strip("|").split("|")] for r in block.rows]
    head = row(table[0], bold=True)
    rows, group = [], ""
    for cells in table[1:]:
        if len(cells) == 1:
            group = cells[0]
            rows.append(row([f"**{group}**"]))
            records.append({"kind": "group", "stt": "", "name": group, "position": "", "group": group,
                            "page": None})
        else:
            rows.append(row(cells, aligns=["center"] + ["left"] * (len(cells) - 1)))
            records.append({"kind": "row", "stt": cells[0], "name": cells[1], "position": cells[2],
                            "group": group, "page": None})
    return head, rows, xs[0], xs[-1]


# ---------------------------------------------------------------------------------------------------
# A document


def note_lines(number: int, text: str, cfg: Settings) -> list[Line]:
    """A footnote's lines: its superscript number, a space, the text, justified at the foot."""
    st = cfg.notes()
    words = make_words(parse_inline(text), st)
    words[0].insert(0, superscript_piece(str(number), st.font(), st, "num"))
    words[0].insert(1, Piece(" ", st.font(), st.size, kind="space"))
    lines = break_words(words, st, cfg.left, cfg.width)
    for line in lines:
        line.note = number
    return lines


def anchor_texts(spans: list[Span], words: int = 8) -> dict:
    """For each marker in a paragraph: the last `words` words of text before it."""
    out, text = {}, ""
    for sp in spans:
        if sp.kind == "marker":
            out[sp.note] = " ".join(text.split()[-words:])
        else:
            text += sp.text.translate(TO_SUPERSCRIPT) if sp.kind == "sup" else sp.text
    return out


def plan(src: Source, cfg: Settings) -> tuple[list, dict]:
    """Typeset every source block into lines or boxes, not yet placed on pages.

    Returns items (kind, payload, space_before) and the truth bookkeeping (blocks, anchors, table);
    the records in it get their pages when the flow places the items.
    """
    body = cfg.body()
    items, book = [], {"blocks": [], "anchors": {}, "table": []}
    for b in src.blocks:
        if b.kind in ("paragraph", "heading"):
            spans = parse_inline(b.text)
            book["anchors"].update(anchor_texts(spans))
            kind = "paragraph" if b.kind == "paragraph" else f"heading{b.level}"
            rec = {"kind": kind, "text": plain(spans), "pages": []}
            book["blocks"].append(rec)
            words = make_words(spans, body, bold=b.kind == "heading")
            lines = break_words(words, body, cfg.left, cfg.width, cfg.indent, record=rec)
            items.append((b.kind, lines, cfg.para_space))
        elif b.kind == "center":
            lines = []
            for row in b.rows:
                rec = {"kind": "center", "text": plain(parse_inline(row)), "pages": []}
                book["blocks"].append(rec)
                lines += text_lines(row, body, cfg.left, cfg.width, "center", record=rec)
            items.append(("center", lines, cfg.para_space))
        elif b.kind == "closing":
            items.append(("closing", closing_box(b.rows, src.meta, cfg), 12.0))
        elif b.kind == "kinh-gui":
            items.append(("box", addressee_box(b.rows, cfg), 6.0))
        elif b.kind == "table":
            recs = []
            head, rows, x0, x1 = table_rows(b, cfg, recs)
            book["table"] += recs
            items.append(("table", (head, rows, recs, x0, x1), cfg.para_space))
        elif b.kind == "newpage":
            items.append(("newpage", None, 0.0))
        else:
            raise ValueError(f"unknown block ::: {b.kind}")
    return items, book


def keep_with_next(items: list, k: int) -> tuple[list, float]:
    """Lines that must share a page with heading k: the headings right after it and the first lines
    of the paragraph they lead to (Word's "keep with next"), with the spacing among them."""
    keep, space, j = [], 0.0, k + 1
    while j < len(items) and items[j][0] == "heading":
        keep += items[j][1]
        space += items[j][2]
        j += 1
    if j < len(items) and items[j][0] == "paragraph":
        lines = items[j][1]
        keep += lines if len(lines) <= 3 else lines[:2]
        space += items[j][2]
    return keep, space


def typeset(src: Source, cfg: Settings) -> tuple[Flow, dict]:
    """Lay the whole document out; returns the flow (pages) and the truth bookkeeping."""
    items, book = plan(src, cfg)
    flow = Flow(cfg, {n: note_lines(n, text, cfg) for n, text in src.notes.items()})
    flow.box(header_box(src.meta, cfg))
    if src.meta.get("title"):
        flow.box(title_box(src.meta, cfg))
    for k, (kind, payload, space) in enumerate(items):
        if kind in ("paragraph", "center"):
            flow.paragraph(payload, space)
        elif kind == "heading":
            keep, keep_space = keep_with_next(items, k)
            flow.paragraph(payload, space, keep_with=keep, keep_space=keep_space)
        elif kind in ("box", "closing"):
            flow.box(payload, space)
            if kind == "closing":
                book["signature_page"] = flow.page.number
        elif kind == "table":
            flow.table(*payload, space_before=space)
        elif kind == "newpage":
            flow.new_page()
    if flow.carry:
        flow.new_page()
    if set(flow.anchor_page) != set(src.notes):
        raise ValueError(f"footnotes defined {sorted(src.notes)} but referenced {sorted(flow.anchor_page)}")
    return flow, book


# ---------------------------------------------------------------------------------------------------
# Output


def draw(c: canvas.Canvas, op: tuple, state: dict) -> None:
    """Draw one op on the canvas (y in ops counts from the page's top edge).

    state holds the page's word spacing: PDF text state outlives BT/ET, so it is set only on change,
    and a raised run is always lowered again before the text object ends.
    """
    if op[0] == "text":
        _, x, baseline, text_runs, wordspace = op
        t = c.beginText(x, PAGE_H - baseline)
        if wordspace != state["wordspace"]:
            t.setWordSpace(wordspace)
            state["wordspace"] = wordspace
        current = (None, None, 0.0)
        for text, font, size, rise in text_runs:
            check_glyphs(text, font)
            if (font, size) != current[:2]:
                t.setFont(font, size)
            if rise != current[2]:
                t.setRise(rise)
            t.textOut(text)
            current = (font, size, rise)
        if current[2]:
            t.setRise(0)
        c.drawText(t)
    elif op[0] == "line":
        _, x0, y, x1, w = op
        c.setLineWidth(w)
        c.line(x0, PAGE_H - y, x1, PAGE_H - y)
    elif op[0] == "rect":
        _, x, y, w, h = op
        c.rect(x, PAGE_H - y - h, w, h, stroke=0, fill=1)


def foot_ops(page: Page, cfg: Settings) -> list:
    """The separator rule and footnote lines at the page's foot (bottom-aligned, as in Word)."""
    if not page.notes:
        return []
    top = cfg.bottom - cfg.sep_h - sum(l.height for l in page.notes)
    y = round(top + cfg.sep_h / 2, 3)
    length = cfg.width if page.continued else NOTE_RULE_LEN   # Word's continuation separator is full width
    if cfg.note_rule == "rect":
        ops = [("rect", round(cfg.left, 3), y - 0.25, round(length, 3), 0.5)]
    else:
        ops = [("line", round(cfg.left, 3), y, round(cfg.left + length, 3), 0.5)]
    ops += stack(page.notes, top + cfg.sep_h)[0]
    return ops


def number_op(page: Page, cfg: Settings) -> list:
    """Page number centred in the top margin, from page 2 on."""
    if page.number < 2:
        return []
    st = TextStyle(cfg.family, 13 if cfg.size >= 13 else cfg.size, 15)
    line = text_lines(str(page.number), st, cfg.left, cfg.width, "center")[0]
    return [text_op(line, cfg.top - 8 * mm - 11)]


def epoch(iso_date: str) -> int:
    """08:00 Vietnam time (01:00 UTC) on the issue date, as seconds since 1970."""
    d = datetime.date.fromisoformat(iso_date)
    return calendar.timegm((d.year, d.month, d.day, 1, 0, 0))


def render(flow: Flow, path: Path, meta: dict, cfg: Settings) -> None:
    """Write the PDF: deterministic (invariant mode, creation date = issue date)."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch(meta["issue_date"]))
    try:
        c = canvas.Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1)
        c.setTitle(document_title(meta))
        c.setAuthor(" ".join(meta_lines(meta, "issuer")))
        c.setCreator("baocao samples/make_samples.py")
        c.setStrokeColorRGB(0, 0, 0)
        c.setFillColorRGB(0, 0, 0)
        for page in flow.pages:
            state = {"wordspace": 0.0}
            for op in page.ops + foot_ops(page, cfg) + number_op(page, cfg):
                draw(c, op, state)
            c.showPage()
        c.save()
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def document_title(meta: dict) -> str:
    """The subject as printed (the "V/v ..." line for a công văn), lines joined by a space."""
    return " ".join(meta_lines(meta, "subject")) or meta.get("summary", "")


def metadata(src: Source) -> dict:
    """Truth metadata from the front matter and the closing/addressee blocks that were printed."""
    m = src.meta

    def items(kind):
        rows = next((b.rows[1:] for b in src.blocks if b.kind == kind), [])
        return [re.sub(r"[;.,]$", "", r.removeprefix("- ").strip()) for r in rows]

    return {
        "doc_type": m["doc_type"], "doc_number": m["doc_number"],
        "issuer": " ".join(meta_lines(m, "issuer")),
        "issuer_parent": " ".join(meta_lines(m, "issuer_parent")),
        "issue_place": m["issue_place"], "issue_date": m["issue_date"], "date_line": date_line(m),
        "title": document_title(m), "signer_role": " / ".join(meta_lines(m, "signer_role")),
        "signer_name": m["signer_name"], "recipients": items("closing"), "addressees": items("kinh-gui"),
    }


def truth(name: str, src_name: str, src: Source, cfg: Settings, flow: Flow, book: dict, about: str) -> dict:
    """Ground truth of one sample, from what the layout placed."""
    notes = []
    for n in sorted(src.notes):
        notes.append({
            "number": n, "text": plain(parse_inline(src.notes[n])), "anchor_page": flow.anchor_page[n],
            "pages": flow.note_pages[n], "continued": len(flow.note_pages[n]) > 1,
            "anchor_text": book["anchors"][n],
        })
    out = {
        "file": f"samples/{name}.pdf", "source": f"samples/src/{src_name}", "about": about,
        "metadata": metadata(src), "page_count": len(flow.pages),
        "signature_page": book.get("signature_page"),
        "layout": {"font": cfg.family, "body_size": cfg.size, "footnote_size": cfg.note_size,
                   "marker_size": round(cfg.size * SUP_SCALE, 2), "margins_mm": dict(zip(
                       ("top", "bottom", "left", "right"), cfg.margins)),
                   "footnote_rule": cfg.note_rule, "page_numbers_from": 2},
        "footnotes": notes, "superscripts": flow.sups, "blocks": book["blocks"],
    }
    if book["table"]:
        out["table"] = book["table"]
    return out


@dataclass
class Sample:
    name: str
    source: str
    settings: Settings
    about: str


SAMPLES = [
    Sample("lang-son-2019-bao-cao", "lang-son-2019.md", Settings("Liberation Serif"),
           "The seed report (UBND tỉnh Lạng Sơn, 2019) in Times-metric 14 pt: 5 footnotes, two of them "
           "anchored in one paragraph, a non-marker superscript (700m²) inside footnote 5."),
    Sample("lang-son-2019-bao-cao-dejavu-12pt", "lang-son-2019.md",
           Settings("DejaVu Serif", size=12, note_size=9, margins=(20, 20, 25, 20), header_size=12,
                    motto_size=13, table_size=12),
           "The same report in DejaVu Serif 12 pt, footnotes 9 pt, other margins: pages break elsewhere."),
    Sample("ke-hoach-thi-dua-2024", "ke-hoach-thi-dua-2024.md",
           Settings("Liberation Sans", size=13, note_size=10, header_size=12, motto_size=13, table_size=12,
                    note_rule="rect"),
           "A made-up district plan in a sans font: 13 footnotes (two-digit markers), one continuing onto "
           "the next page under a full-width continuation rule, superscripts m² m³ in the body, a parent "
           "body above the issuer, separator drawn as a thin filled rectangle."),
    Sample("quyet-dinh-khen-thuong-2023", "quyet-dinh-khen-thuong-2023.md",
           Settings("Liberation Serif", leading=1.2, para_space=4.0),
           "A made-up award decision without footnotes, with its list of awardees as a ruled table over "
           "two pages (header row repeated), ranks and honorifics in names, cells wrapping."),
    Sample("cong-van-khong-chu-thich", "cong-van-khong-chu-thich.md", Settings("Liberation Serif"),
           "A made-up one-page công văn without footnotes: parent body, V/v line, Kính gửi list."),
    Sample("quyet-dinh-tien-thuong-2024", "quyet-dinh-tien-thuong-2024.md",
           Settings("Liberation Serif", leading=1.2, para_space=4.0),
           "A made-up award decision whose figures agree: counts stated against its list, a reward per "
           "collective and per person, the total in figures and in words, a Tờ trình dated before it."),
    Sample("quyet-dinh-tien-thuong-2024-sai-lech", "quyet-dinh-tien-thuong-2024-sai-lech.md",
           Settings("Liberation Serif", leading=1.2, para_space=4.0),
           "The same decision with four inconsistencies planted: 06 people stated for a list of 5, the "
           "total in words not the total in figures, a reward per person that does not give the total, and "
           "a Tờ trình dated after the decision."),
    Sample("to-trinh-khen-thuong-2023", "to-trinh-khen-thuong-2023.md", Settings("Liberation Serif"),
           "A made-up one-page tờ trình, the proposal that quyet-dinh-khen-thuong-2023 cites: Căn cứ lines, a "
           "cited number printed apart from its symbol, a footnote citing the seed report."),
]


def build(sample: Sample, out_dir: Path = HERE) -> dict:
    """Typeset one sample; write its PDF and truth JSON; return the truth."""
    src = parse_source((SRC / sample.source).read_text(encoding="utf-8"))
    flow, book = typeset(src, sample.settings)
    render(flow, out_dir / f"{sample.name}.pdf", src.meta, sample.settings)
    t = truth(sample.name, sample.source, src, sample.settings, flow, book, sample.about)
    (out_dir / f"{sample.name}.truth.json").write_text(
        json.dumps(t, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return t


# ---------------------------------------------------------------------------------------------------
# Checks


def seed_words(seed_text: str) -> Counter:
    """Words of the seed's text layer, without its page-number lines."""
    words = Counter()
    for line in unicodedata.normalize("NFC", seed_text).split("\n"):
        if re.fullmatch(r"\s*\d+\s*", line):
            continue
        words.update(line.split())
    return words


def source_words(src_text: str) -> Counter:
    """Words of a source file as the seed spells them: markers as glued digits, no markup."""
    src = parse_source(src_text)
    parts = [src.meta.get("title", "")] + meta_lines(src.meta, "subject") + \
        meta_lines(src.meta, "signer_role")
    for b in src.blocks:
        parts += [b.text] + b.rows
    parts += [f"{n} {t}" for n, t in src.notes.items()]
    words = Counter()
    for p in parts:
        words.update(re.sub(r"\[\^(\d+)\]|\^([^\^\s]+)\^", lambda m: m.group(1) or m.group(2), p)
                     .replace("**", "").split())
    return words


def check_seed(seed_path: Path, src_path: Path = SRC / "lang-son-2019.md") -> bool:
    """Every word of the seed (page numbers aside) is in the source, and no word was added."""
    seed = seed_words(seed_path.read_text(encoding="utf-8"))
    ours = source_words(src_path.read_text(encoding="utf-8"))
    lost, added = seed - ours, ours - seed
    print(f"seed {sum(seed.values())} words, source {sum(ours.values())} words; lost {dict(lost)}; "
          f"added {dict(added)}")
    return not lost and not added


FROM_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def collapse(text: str, digits: bool = True) -> str:
    """Text without whitespace (and without digits if not `digits`), for comparing layouts."""
    text = re.sub(r"\s+", "", text.translate(FROM_SUPERSCRIPT))
    return text if digits else re.sub(r"\d", "", text)


def note_rules(page, lay: dict) -> list:
    """The footnote separator(s) of a pdfplumber page: a line or thin rect at the left margin, 2 inches
    long (full width when it is Word's continuation separator), that is no table border."""
    edges = [r for r in page.rects if r["height"] > 1]
    left = lay["margins_mm"]["left"] * mm
    return [o for o in page.lines + page.rects
            if o["height"] < 1 and abs(o["x0"] - left) < 1
            and (abs(o["width"] - NOTE_RULE_LEN) < 1 or o["width"] > 400)
            and not any(abs(o["top"] - r["top"]) < 1 or abs(o["top"] - r["bottom"]) < 1 for r in edges)]


def raised_digits(page, lay: dict, bottom: float) -> tuple[list[str], list[str]]:
    """Small digit groups above `bottom` (markers, superscripts); returns (groups, problems)."""
    top, body = lay["margins_mm"]["top"] * mm, lay["body_size"]
    small = sorted((c for c in page.chars if top < c["top"] < bottom and c["text"].isdigit()
                    and c["size"] <= lay["marker_size"] + 0.05), key=lambda c: (c["top"], c["x0"]))
    groups, problems = [], []
    for c in small:
        prev = groups[-1][-1] if groups else None
        if prev and abs(prev["x1"] - c["x0"]) < 0.5 and abs(prev["top"] - c["top"]) < 0.5:
            groups[-1].append(c)
        else:
            groups.append([c])
    for g in groups:
        text = "".join(c["text"] for c in g)
        line = [c for c in page.chars
                if c["size"] >= body - 0.01 and abs(c["top"] - g[0]["top"]) < 0.8 * body]
        if not line:
            problems.append(f"p{page.page_number}: raised {text} without a text line")
            continue
        near = min(line, key=lambda c: abs(c["x1"] - g[0]["x0"]))
        if not (g[0]["size"] < near["size"] and g[0]["bottom"] < page.height - near["matrix"][5]):
            problems.append(f"p{page.page_number}: {text} is not smaller and above the baseline")
    return ["".join(c["text"] for c in g) for g in groups], problems


def check_pdf(path: Path, t: dict) -> list[str]:
    """Re-open a sample with pdfplumber and compare it with its truth; returns the problems found."""
    import pdfplumber

    lay, problems = t["layout"], []
    expected, found = Counter(), Counter()
    for fn in t["footnotes"]:
        expected[(fn["anchor_page"], str(fn["number"]))] += 1
    for s in t["superscripts"]:
        if s["source"] == "body":
            expected[(s["page"], re.sub(r"\D", "", s["text"].translate(FROM_SUPERSCRIPT))[-1])] += 1
    body_text, foot_text = {}, {}
    with pdfplumber.open(path) as pdf:
        if len(pdf.pages) != t["page_count"]:
            problems.append(f"{len(pdf.pages)} pages, truth says {t['page_count']}")
        for page in pdf.pages:
            no = page.page_number
            text = page.extract_text() or ""
            if not unicodedata.is_normalized("NFC", text) or "\ufffd" in text:
                problems.append(f"p{no}: text not NFC or has U+FFFD")
            head = "".join(c["text"] for c in page.chars if c["bottom"] < lay["margins_mm"]["top"] * mm)
            if head.strip() != ("" if no == 1 else str(no)):
                problems.append(f"p{no}: top margin holds {head!r}")
            rules = note_rules(page, lay)
            if bool(rules) != any(no in fn["pages"] for fn in t["footnotes"]):
                problems.append(f"p{no}: footnote rule {'unexpected' if rules else 'missing'}")
            rule_top = min((r["top"] for r in rules), default=page.height)
            groups, raised_problems = raised_digits(page, lay, rule_top)
            problems += raised_problems
            found.update((no, g) for g in groups)
            # chars in content-stream order: the order the lines were drawn in
            text_chars = [c for c in page.chars if c["size"] > lay["marker_size"] + 0.05]
            body_text[no] = collapse("".join(c["text"] for c in text_chars if c["top"] < rule_top),
                                     digits=False)
            foot_text[no] = collapse("".join(c["text"] for c in page.chars if c["top"] >= rule_top))
    if found != expected:
        problems.append(f"raised digits found {sorted(found.elements())}, "
                        f"expected {sorted(expected.elements())}")
    for fn in t["footnotes"]:
        want = collapse(fn["text"])
        if str(fn["number"]) + want[:30] not in foot_text[fn["pages"][0]] or \
                want[-30:] not in foot_text[fn["pages"][-1]]:
            problems.append(f"footnote {fn['number']}: text not at the foot of pages {fn['pages']}")
    for block in t["blocks"]:
        if collapse(block["text"], digits=False) not in "".join(body_text[p] for p in block["pages"]):
            problems.append(f"block not found on pages {block['pages']}: {block['text'][:50]!r}")
    for row in t.get("table", []):
        if collapse(row["name"] + row["position"], digits=False) not in body_text[row["page"]]:
            problems.append(f"table row not found on page {row['page']}: {row['name']!r}")
    return problems


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="re-open the PDFs with pdfplumber and check them")
    ap.add_argument("--check-seed", type=Path, metavar="SEED_TXT",
                    help="check that src/lang-son-2019.md keeps every word of the seed text")
    ap.add_argument("--only", help="build only the sample with this name")
    args = ap.parse_args(argv)
    ok = True
    if args.check_seed:
        ok = check_seed(args.check_seed) and ok
    for sample in SAMPLES:
        if args.only and sample.name != args.only:
            continue
        started = time.perf_counter()
        t = build(sample)
        spent = time.perf_counter() - started
        print(f"{sample.name}.pdf: {t['page_count']} pages, {len(t['footnotes'])} footnotes "
              f"({spent:.2f} s)")
        if args.check:
            problems = check_pdf(HERE / f"{sample.name}.pdf", t)
            for p in problems:
                print("  PROBLEM", p)
            ok = ok and not problems
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
