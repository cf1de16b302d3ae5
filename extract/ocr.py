"""Read scanned pages with Tesseract: page image -> words with boxes, baselines and confidences -> glyphs.

A page the reader finds without usable text (a scan, a page holding only a signature stamp, a garbled old
OCR layer) is rendered with PDFium (without its annotations, whose text the character sources already
read) and read by the Tesseract command line with the Vietnamese model, in hOCR. Each word becomes one
:class:`~baocao.extract.model.Glyph` with ``origin="ocr"``, its confidence, and the baseline and size of the
line Tesseract found it on, so that the layout groups OCR words into lines as it groups a PDF's glyphs.

* The image is the page's red channel: red ink (seals, the red "signed" marks) fades to near white,
  black print and blue handwriting stay dark.
* Every word of a Tesseract line gets the line's baseline, measured where the line starts: a page
  scanned 1-2° askew keeps its lines whole (Tesseract follows the slope when it finds them).
* A page scanned sideways or upside down: when a first reading finds little text it trusts, Tesseract's
  orientation detection (``--psm 0``) says how far to turn the image; the page is then read turned,
  and the reader treats it as a page of that orientation.
* Results are cached by the hash of the rendered image and the settings, so a page is never read twice.

Tesseract runs one process per page (``OMP_THREAD_LIMIT=1``, so that parallel pages do not
oversubscribe the cores); :func:`ocr_pages` reads several pages at once.

Why one module of ~650 lines: every step from rendering to glyphs changes which words come out, and the
cache key (``OcrSettings.key``) must cover each of them; with image preparation, the Tesseract run, the
hOCR reading and the word clean-up in one file, a change to any step is next to the key it must bump.
(The repair of marks on known words, which reads vocabularies, is its own module: ``ocr_repair``.)
"""

from __future__ import annotations

import gzip
import hashlib
import html
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .model import Glyph, RawPage
from .textnorm import fold, nfc, strip_tones

DPI = 300
LANG = "vie"
PSM = 3  # fully automatic page segmentation, no orientation detection
# A first reading of at least RETRY_WORDS words whose mean confidence is under RETRY_CONFIDENCE is retried
# after orientation detection.
RETRY_CONFIDENCE = 55.0
RETRY_WORDS = 15
# Per page, at most this long for Tesseract (seconds): a pathological image must not stall the batch.
TIMEOUT = 300
INSTALL_HINT = ("OCR needs Tesseract with its Vietnamese model: on Debian or Ubuntu, "
                "`sudo apt-get install tesseract-ocr tesseract-ocr-vie`")


class OcrUnavailable(RuntimeError):
    """Tesseract or its Vietnamese model is missing (the message says how to install them)."""


@dataclass(frozen=True)
class OcrSettings:
    dpi: int = DPI
    lang: str = LANG
    psm: int = PSM

    def key(self) -> str:
        return f"tesseract:{tesseract_version()}:dpi={self.dpi}:lang={self.lang}:psm={self.psm}:red:deskew2:pgm"


@dataclass
class OcrPage:
    """What OCR read on one page: its glyphs (one per word) and how far to trust them."""

    glyphs: list[Glyph]
    rules: list  # table borders and other strokes found in the image (baocao.extract.model.Rule), in points
    width: float  # page size in points, as read (turned when the page was scanned sideways)
    height: float
    turned: int = 0  # degrees the image was turned clockwise to read it
    skew: float = 0.0  # degrees the image was straightened by
    confidence: float = 0.0  # mean word confidence, 0-100
    words: int = 0
    cached: bool = False
    seconds: float = 0.0


_VERSION: str | None = None


def tesseract_version() -> str:
    global _VERSION
    if _VERSION is None:
        _VERSION = ""
        if shutil.which("tesseract"):
            try:
                out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, timeout=30)
                match = re.search(r"tesseract\s+(\S+)", out.stdout + out.stderr)
                _VERSION = match.group(1) if match else "unknown"
            except (OSError, subprocess.SubprocessError):
                _VERSION = ""
    return _VERSION


def check_available(lang: str = LANG) -> None:
    """Raise :class:`OcrUnavailable` unless the tesseract command and the ``lang`` model are installed."""
    if not tesseract_version():
        raise OcrUnavailable(f"the tesseract command is not installed. {INSTALL_HINT}")
    try:
        out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        raise OcrUnavailable(f"tesseract cannot be run ({exc}). {INSTALL_HINT}") from None
    if lang not in out.stdout.split():
        raise OcrUnavailable(f"Tesseract's model for '{lang}' is not installed. {INSTALL_HINT}")


# ---------------------------------------------------------------------------------------------------
# Rendering


def render_page(path: str, index: int, dpi: int = DPI):
    """The page at ``index`` as a greyscale PIL image from its red channel, at ``dpi``, without annotations."""
    import numpy
    import pypdfium2
    from PIL import Image

    from .sources.pdfium import _LOCK

    with _LOCK:
        pdf = pypdfium2.PdfDocument(path)
        try:
            page = pdf[index]
            try:
                bitmap = page.render(scale=dpi / 72, draw_annots=False, may_draw_forms=False)
                # The red channel straight from the bitmap's buffer (a PIL image of all three, then split,
                # cost half as much again as the rendering).
                if bitmap.mode in _RED:
                    red = bitmap.to_numpy()[:, :, _RED[bitmap.mode]]
                    image = Image.fromarray(numpy.ascontiguousarray(red))
                else:
                    image = bitmap.to_pil().convert("L")
            finally:
                page.close()
        finally:
            pdf.close()
    return image


# Where the red channel stands in the bitmap modes PDFium renders to.
_RED = {"BGR": 2, "BGRA": 2, "BGRX": 2, "RGB": 0, "RGBA": 0, "RGBX": 0}


# Skew: the angles tried (degrees) and the width of the thumbnail they are tried on.
SKEW_RANGE = 3.0
SKEW_STEP = 0.2
SKEW_THUMB = 700


def deskew(image):
    """The page image straightened, and the angle it was turned by (degrees, counter-clockwise).

    The angle is the one under which the rows of ink are sharpest (the variance of the row sums of dark
    pixels is largest), searched on a thumbnail within ±3°: printed lines then run level, so each
    Tesseract line keeps one baseline and table borders are straight rows and columns of pixels.
    """
    import numpy

    from PIL import Image

    scale = SKEW_THUMB / image.size[0]
    thumb = image.resize((SKEW_THUMB, max(1, int(image.size[1] * scale))), Image.BILINEAR)
    scores: dict[float, float] = {}

    def score(angle: float) -> float:
        angle = round(angle, 4)
        if angle not in scores:
            turned = thumb.rotate(angle, resample=Image.BILINEAR, fillcolor=255) if angle else thumb
            dark = numpy.asarray(turned) < 128
            scores[angle] = float(dark.sum(axis=1).astype(numpy.float64).var())
        return scores[angle]

    # Coarse steps of 1°, then SKEW_STEP around the best (a level page scores highest by far).
    best = max((float(a) for a in range(-int(SKEW_RANGE), int(SKEW_RANGE) + 1)), key=lambda a: (score(a), -abs(a)))
    fine = [best + k * SKEW_STEP for k in range(-int(0.5 / SKEW_STEP) - 1, int(0.5 / SKEW_STEP) + 2)]
    best = max(fine, key=lambda a: (score(a) * (1.0001 if abs(a) < 1e-9 else 1.0), -abs(a)))
    if abs(best) < SKEW_STEP / 2:
        return image, 0.0
    return image.rotate(best, resample=Image.BILINEAR, fillcolor=255), round(best, 2)


# A stroke is a run of dark pixels at least this long (points) and at most this thick.
RULE_MIN_LENGTH = 20.0
RULE_MAX_THICKNESS = 3.0
RULE_SLANT = 0.02
RULE_GAP = 2.0  # gaps along a stroke up to this long (points) are bridged: dashed and broken lines


def image_rules(image, dpi: int = DPI) -> list:
    """The straight horizontal and vertical strokes of a page image (table borders, separators) as rules."""
    import numpy

    from .model import Rule

    dark = numpy.asarray(image) < 140
    # At half the resolution (a pixel dark when any of its four is): strokes stay whole, the work is a quarter.
    rows, columns = dark.shape[0] // 2 * 2, dark.shape[1] // 2 * 2
    dark = dark[:rows:2, :columns:2] | dark[1:rows:2, :columns:2] | dark[:rows:2, 1:columns:2] | dark[1:rows:2, 1:columns:2]
    dpi = dpi / 2
    scale = 72.0 / dpi
    length = max(2, int(RULE_MIN_LENGTH / scale))
    thick = max(1, int(RULE_MAX_THICKNESS / scale))
    rules: list[Rule] = []
    gap = max(1, int(RULE_GAP / scale))
    for horizontal in (True, False):
        grid = dark if horizontal else dark.T
        by_row: dict[int, list[tuple[int, int]]] = {}
        for row, start, end in zip(*(a.tolist() for a in _stroke_runs(grid, length, gap))):
            by_row.setdefault(row, []).append((start, end))
        open_runs: dict[tuple[int, int], list[int]] = {}
        done: list[tuple[int, int, int, int]] = []
        previous = -2
        for row in sorted(by_row):
            if row > previous + 1:  # rows without runs in between close every open run
                done.extend((start, end, first, last) for (start, end), (first, last) in open_runs.items())
                open_runs = {}
            previous = row
            runs = by_row[row]
            continued: dict[tuple[int, int], list[int]] = {}
            for start, end in runs:
                match = next((key for key in open_runs if key[0] < end and start < key[1]), None)
                if match is not None:
                    first, _last = open_runs.pop(match)
                    key = (min(start, match[0]), max(end, match[1]))
                    continued[key] = [first, row]
                else:
                    continued[(start, end)] = [row, row]
            for (start, end), (first, last) in open_runs.items():
                done.append((start, end, first, last))
            open_runs = continued
        done.extend((start, end, first, last) for (start, end), (first, last) in open_runs.items())
        for start, end, first, last in done:
            # A stroke is thin across, allowing for a slant of about 1° (a scan's residual skew or shear);
            # a filled area (a photo, a bar) is not.
            if last - first + 1 > thick + RULE_SLANT * (end - start):
                continue
            a0, a1 = round(start * scale, 2), round(end * scale, 2)
            middle = round((first + last + 1) / 2 * scale, 2)  # the stroke's middle line
            rules.append(Rule(a0, a1, middle, middle) if horizontal else Rule(middle, middle, a0, a1))
    return rules


def _stroke_runs(grid, length: int, gap: int):
    """The runs along each row of ``grid`` (booleans) that are strokes: dark pixels with gaps of at most
    ``gap`` light pixels bridged, at least ``length`` long. Three arrays: row, first column, end column
    (exclusive), in row order. Found from the edges of the runs of dark pixels alone (a pass over the image
    with running sums, for the gaps and for the length, took six times as long). ``length`` is at least
    ``gap``: the middle of a longer gap, which a closing of the image would fill, then makes no stroke."""
    import numpy

    padded = numpy.zeros((grid.shape[0], grid.shape[1] + 2), dtype=numpy.int8)
    padded[:, 1:-1] = grid
    edges = padded[:, 1:] - padded[:, :-1]  # 1 where a run starts, -1 just after it ends
    where = numpy.flatnonzero(edges)
    if where.size == 0:
        return where, where, where
    # In row order, each run's start is followed by its end.
    rows, columns = numpy.divmod(where, edges.shape[1])
    rows, starts, ends = rows[0::2], columns[0::2], columns[1::2]  # ends exclusive
    # A run continues the one before it on its row across a gap of at most `gap` light pixels.
    joins = (rows[1:] == rows[:-1]) & (starts[1:] - ends[:-1] <= gap)
    first = numpy.concatenate(([True], ~joins))
    last = numpy.concatenate((~joins, [True]))
    rows, starts, ends = rows[first], starts[first], ends[last]
    long = ends - starts >= length
    return rows[long], starts[long], ends[long]


def image_bytes(image) -> bytes:
    """A greyscale image as binary PGM: what Tesseract reads from its standard input, made without
    compressing (PNG encoding a 300-dpi page costs a tenth of Tesseract's own time)."""
    grey = image if image.mode == "L" else image.convert("L")
    return b"P5\n%d %d\n255\n" % grey.size + grey.tobytes()


# ---------------------------------------------------------------------------------------------------
# Tesseract


def run_tesseract(data: bytes, settings: OcrSettings, psm: int | None = None, output: str = "hocr") -> str:
    """Tesseract's output for an image given as PGM (or PNG) bytes (``hocr``, or ``osd`` text with ``psm=0``)."""
    command = ["tesseract", "stdin", "stdout", "--dpi", str(settings.dpi), "--psm", str(settings.psm if psm is None else psm)]
    if output == "hocr":
        command += ["-l", settings.lang, "hocr"]
    else:
        command += ["-l", "osd"]
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=TIMEOUT, env=env)
    except FileNotFoundError:
        raise OcrUnavailable(f"the tesseract command is not installed. {INSTALL_HINT}") from None
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"Tesseract took more than {TIMEOUT} s on a page") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise RuntimeError(f"Tesseract failed: {message[-1] if message else done.returncode}")
    return done.stdout.decode("utf-8", errors="replace")


def detect_rotation(data: bytes, settings: OcrSettings) -> int:
    """Degrees to turn the image clockwise so that its text stands upright (0 when unsure)."""
    try:
        text = run_tesseract(data, settings, psm=0, output="osd")
    except RuntimeError:  # too little text to tell
        return 0
    rotate = re.search(r"Rotate:\s*(\d+)", text)
    confidence = re.search(r"Orientation confidence:\s*([\d.]+)", text)
    if not rotate or not confidence or float(confidence.group(1)) < 2.0:
        return 0
    return int(rotate.group(1)) % 360


_LINE = re.compile(r"<span class='ocr_(?:line|caption|header|textfloat)'[^>]*title=\"bbox (\d+) (\d+) (\d+) (\d+); "
                   r"baseline (-?[\d.]+) (-?[\d.]+); x_size ([\d.]+)[^\"]*\">(.*?)</span>\s*(?=<span class='ocr_(?:line|"
                   r"caption|header|textfloat)'|</p>)", re.S)
_WORD = re.compile(r"<span class='ocrx_word'[^>]*title='bbox (\d+) (\d+) (\d+) (\d+); x_wconf (\d+)'[^>]*>(.*?)</span>",
                   re.S)
_TAG = re.compile(r"<[^>]+>")
_BORDER = re.compile(r"[|¦\[\]_—–]+")


def parse_hocr(text: str, dpi: int = DPI) -> list[Glyph]:
    """Tesseract's hOCR as glyphs in page points, one per word, each with its line's baseline and size."""
    scale = 72.0 / dpi
    glyphs: list[Glyph] = []
    for line in _LINE.finditer(text):
        x0, _top, _x1, bottom = (int(v) for v in line.group(1, 2, 3, 4))
        offset = float(line.group(6))  # the baseline where the line starts (its slope is not needed)
        size_px = float(line.group(7))
        baseline = (bottom + offset) * scale
        size = round(size_px * scale, 2)
        words = []
        for word in _WORD.finditer(line.group(8)):
            wx0, _wtop, wx1, _wbottom, confidence = (int(v) for v in word.group(1, 2, 3, 4, 5))
            words.append((_fix_letters(nfc(html.unescape(_TAG.sub("", word.group(6)))).strip()), wx0, wx1,
                          confidence))
        letter = _letter_width(words)
        read: list[tuple[str, float, float, int]] = []
        for content, wx0, wx1, confidence in words:
            dash = content == "-" and letter and wx1 - wx0 >= EN_DASH_WIDTH * letter
            for text, px0, px1 in _pieces(content, wx0, wx1):
                read.append(("–" if dash else text, px0, px1, confidence))  # Tesseract reads dashes as "-"
        for text, px0, px1, confidence in _repaired(read, size_px):
            glyphs.append(Glyph(text=text, x0=round(px0 * scale, 2), x1=round(px1 * scale, 2),
                                top=round(baseline - 0.78 * size, 2), bottom=round(baseline + 0.22 * size, 2),
                                size=size, font="OCR", upright=True, origin="ocr", confidence=float(confidence),
                                baseline=round(baseline, 2)))
    return glyphs


def _repaired(words: list[tuple[str, float, float, int]], size: float) -> list[tuple[str, float, float, int]]:
    """The words of a line with marks misread on known words put right (:mod:`baocao.extract.ocr_repair`), run
    by run between the gaps that part columns."""
    from .ocr_repair import repair_words

    out: list[tuple[str, float, float, int]] = []
    start = 0
    for end in range(1, len(words) + 1):
        if end == len(words) or words[end][1] - words[end - 1][2] > COLUMN_GAP * size:
            run = words[start:end]
            texts = repair_words([text for text, _, _, _ in run])
            out.extend((text, x0, x1, confidence) for text, (_, x0, x1, confidence) in zip(texts, run))
            start = end
    return out


# A dash standing alone between words at least this many times the line's mean letter width is an en
# dash ("Phòng Kỹ thuật – Đầu tư"); a hyphen is about half a letter wide.
EN_DASH_WIDTH = 0.8


def _letter_width(words: list[tuple[str, int, int, int]]) -> float:
    """The mean width of a letter on a line, from its words of two letters or more (in pixels)."""
    letters = [(len(text), x1 - x0) for text, x0, x1, _ in words if len(text) >= 2 and text.isalpha()]
    count = sum(n for n, _ in letters)
    return sum(w for _, w in letters) / count if count else 0.0


def _fix_letters(word: str) -> str:
    """Letters the Vietnamese model confuses with look-alikes: Icelandic "Ð" (U+00D0) is "Đ"; "ĐĐ",
    which no Vietnamese word or symbol writes, is one "Đ" read twice."""
    return word.replace("\u00d0", "Đ").replace("\u00f0", "đ").replace("ĐĐ", "Đ")


def _pieces(word: str, x0: float, x1: float) -> list[tuple[str, float, float]]:
    """A word without the table borders Tesseract read into it, each piece with its share of the box.

    A vertical border reads as "|" (or "[", "]", "¦"): it splits the word ("2_|Nguyễn" -> "2", "Nguyễn"),
    so that the pieces fall into their own cells; pieces of border marks alone are dropped.
    """
    if not word:
        return []
    width = (x1 - x0) / len(word)
    out = []
    for match in re.finditer(r"[^|¦]+", word):
        piece = match.group(0)
        stripped = piece.strip("_[]")
        if not stripped or _BORDER.fullmatch(stripped):
            continue
        start = match.start() + piece.index(stripped)
        for part in (piece for camel in _split_camel(_drop_stray_lead(stripped)) for piece in split_glued(camel)):
            out.append((part, x0 + start * width, x0 + (start + len(part)) * width))
            start += len(part)
    return out


def _drop_stray_lead(word: str) -> str:
    """A bar or bullet read as a letter glued to a capitalised word ("lDương", "IHoàng"): dropped."""
    if len(word) >= 3 and word[0] in "lI1|!" and word[1].isupper() and word[2].islower():
        return word[1:]
    return word


def _vowel(letter: str) -> bool:
    """Words OCR glues were set tight, not read twice: a split between two vowels ("QUÁ|ẢNG" of "QUÁẢNG",
    a vowel read twice) is no split."""
    return strip_tones(letter).lower() in "aeiouy"


_GLUED = re.compile(r"^(\W*)([^\W\d_]{4,})(\W*)$")
MAX_GLUED = 3
MAX_GLUED_LETTERS = 24


def split_glued(word: str) -> list[str]:
    """A word OCR read from syllables set close together ("Trungtâm", "côngtác", "Biênphòngtỉnh"), split
    into those syllables, when it is not a syllable itself and one split into the fewest known syllables
    (extract/data/syllables.txt; two letters or more each; three at most) exists. Else the word, whole."""
    match = _GLUED.match(word)
    if not match:
        return [word]
    lead, core, trail = match.groups()
    if len(core) > MAX_GLUED_LETTERS:
        return [word]  # no three syllables are this long: noise OCR read (and the splits grow as its square)
    from .ocr_repair import syllables

    known = syllables()
    if fold(core) in known:
        return [word]
    splits = [parts for parts in _splits(core, MAX_GLUED) if all(fold(p) in known for p in parts)
              and not any(_vowel(a[-1]) and _vowel(b[0]) for a, b in zip(parts, parts[1:]))]
    fewest = [parts for parts in splits if len(parts) == min(map(len, splits))] if splits else []
    if len(fewest) != 1:
        return [word]  # none, or ambiguous: "Chínhủy" is "Chín hủy" or "Chính ủy"
    parts = list(fewest[0])
    parts[0], parts[-1] = lead + parts[0], parts[-1] + trail
    return parts


def _splits(core: str, most: int):
    """Every way to cut ``core`` into 2..``most`` pieces of two letters or more."""
    for i in range(2, len(core) - 1):
        head, rest = core[:i], core[i:]
        yield (head, rest)
        if most > 2:
            for tail in _splits(rest, most - 1):
                yield (head, *tail)


def _split_camel(word: str) -> list[str]:
    """Two words OCR read as one where the type was set tight ("LanBiên", "TrầnThanhMinh").

    No Vietnamese word has a capital after a small letter, so the word is split there when both sides
    have two letters or more ("ThS", "lDương" stay whole).
    """
    parts, start = [], 0
    for i in range(2, len(word) - 1):
        left, right = word[i - 1], word[i]
        if (left.islower() and right.isupper() and word[i + 1].isalpha() and word[i - 2].isalpha()
                and i - start >= 2):
            parts.append(word[start:i])
            start = i
    parts.append(word[start:])
    return parts


# ---------------------------------------------------------------------------------------------------
# Pages


def prepare_page(path: str, index: int, dpi: int = DPI):
    """The page image OCR reads: rendered and straightened; with the angle it was straightened by."""
    return deskew(render_page(path, index, dpi))


def ocr_page(path: str, index: int, settings: OcrSettings = OcrSettings(), cache: Path | None = None,
             prepared=None) -> OcrPage:
    """Read page ``index`` (0-based) of the PDF at ``path`` with OCR, through the cache when given.

    ``prepared``: the page's :func:`prepare_page` result, when it was made ahead.
    """
    import time

    started = time.perf_counter()
    image, skew = prepared if prepared is not None else prepare_page(path, index, settings.dpi)
    data = image_bytes(image)
    digest = hashlib.sha256(data + settings.key().encode()).hexdigest()
    cached = cache / f"{digest}.hocr.gz" if cache is not None else None
    turned = 0
    rules = None
    glyphs = None
    if cached is not None and cached.exists():
        stored = gzip.decompress(cached.read_bytes()).decode("utf-8")
        turned = int(stored[: stored.index("\n")].split("=")[1]) if stored.startswith("turned=") else 0
        hocr = stored[stored.index("\n") + 1:] if stored.startswith("turned=") else stored
        from_cache = True
    else:
        # Tesseract runs in its own process: the strokes are found meanwhile.
        with ThreadPoolExecutor(max_workers=1) as pool:
            reading = pool.submit(run_tesseract, data, settings)
            rules = image_rules(image, settings.dpi)
            hocr = reading.result()
        glyphs = parse_hocr(hocr, settings.dpi)
        if _doubtful(glyphs):
            rotation = detect_rotation(data, settings)
            if rotation:
                turned_hocr = run_tesseract(image_bytes(image.rotate(-rotation, expand=True)), settings)
                turned_glyphs = parse_hocr(turned_hocr, settings.dpi)
                if _mean_confidence(turned_glyphs) > _mean_confidence(glyphs):
                    hocr, turned, rules, glyphs = turned_hocr, rotation, None, turned_glyphs
        from_cache = False
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            temporary = cached.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_bytes(gzip.compress((f"turned={turned}\n" + hocr).encode("utf-8"), mtime=0))
            os.replace(temporary, cached)
    if glyphs is None:
        glyphs = parse_hocr(hocr, settings.dpi)
    width, height = image.size[0] * 72.0 / settings.dpi, image.size[1] * 72.0 / settings.dpi
    if turned:
        image = image.rotate(-turned, expand=True)
    if turned in (90, 270):
        width, height = height, width
    if rules is None:
        rules = image_rules(image, settings.dpi)
    mark_bold(glyphs, image, settings.dpi)
    return OcrPage(glyphs=glyphs, rules=rules, width=round(width, 2),
                   height=round(height, 2), turned=turned, skew=skew,
                   confidence=round(_mean_confidence(glyphs), 1), words=len(glyphs), cached=from_cache,
                   seconds=time.perf_counter() - started)


# A piece of a line whose strokes are this much thicker than the page's average is set in bold.
BOLD_STROKE = 1.17
# Pieces of lines whose sizes differ by less than this share are set in the same size of type.
SIZE_ALIKE = 0.2
# Runs of ink longer than this share of the page's runs are horizontal bars and rules, not stems.
STEM_PERCENTILE = 90
# Words further apart than this many sizes (word gaps are a quarter of one) on one OCR line stand in
# different columns ("UBND TỈNH …" beside the motto "CỘNG HÒA …", which is bold); each piece is judged
# on its own.
COLUMN_GAP = 1.2


def _runs(box):
    """Lengths of the horizontal runs of dark pixels in a boolean image."""
    import numpy

    padded = numpy.zeros((box.shape[0], box.shape[1] + 2), dtype=numpy.int8)
    padded[:, 1:-1] = box
    steps = numpy.diff(padded, axis=1)
    starts = numpy.flatnonzero(steps.ravel() == 1)
    ends = numpy.flatnonzero(steps.ravel() == -1)
    return ends - starts


def mark_bold(glyphs: list[Glyph], image, dpi: int = DPI) -> None:
    """Name the font of words in bold pieces of lines "OCR-Bold", judged by the thickness of their strokes.

    OCR tells no weight, and the Decree 30 header needs it (the bold issuer under its regular parent
    body). Stroke thickness is the mean length of the horizontal runs of dark pixels in a piece's words
    (a piece: the words of one line within one column), leaving out the longest runs (bars, rules). Strokes
    grow with the type: the scale is the median of the page's pieces of about the same size (footnotes
    are measured against footnotes), since most text is regular. Pieces, not whole OCR lines,
    because Tesseract reads the header's two columns as one line and only one of them is bold. Each word
    keeps its piece's measure in ``Glyph.stroke``, for judgements by contrast (the issuer's header).
    """
    import numpy

    if not glyphs:
        return
    dark = numpy.asarray(image) < 128
    scale = dpi / 72.0
    word_runs = []
    for glyph in glyphs:
        x0, x1 = max(int(glyph.x0 * scale), 0), max(int(glyph.x1 * scale), 0)
        top = max(int((glyph.baseline - 0.7 * glyph.size) * scale), 0)
        bottom = max(int((glyph.baseline + 0.1 * glyph.size) * scale), 0)
        box = dark[top:bottom, x0:x1]
        word_runs.append(_runs(box) if box.size else numpy.zeros(0, dtype=int))
    every = numpy.concatenate(word_runs)
    if every.size < 200:
        return
    cap = numpy.percentile(every, STEM_PERCENTILE)
    lines: dict[tuple[float, float], list[int]] = {}
    for index, glyph in enumerate(glyphs):
        lines.setdefault((glyph.baseline, glyph.size), []).append(index)
    measured: list[tuple[list[int], float, int]] = []  # (words, mean run, runs)
    for indexes in lines.values():
        indexes.sort(key=lambda i: glyphs[i].x0)
        pieces = [[indexes[0]]]
        for i in indexes[1:]:
            if glyphs[i].x0 - glyphs[pieces[-1][-1]].x1 > COLUMN_GAP * glyphs[i].size:
                pieces.append([])
            pieces[-1].append(i)
        for piece in pieces:
            runs = numpy.concatenate([word_runs[i] for i in piece])
            runs = runs[runs <= cap]
            if runs.size >= 20:
                measured.append((piece, float(runs.mean()), int(runs.size)))
    if not measured:
        return
    for piece, mean, _count in measured:
        size = glyphs[piece[0]].size
        alike = [item for item in measured if abs(glyphs[item[0][0]].size - size) <= SIZE_ALIKE * size]
        typical = _weighted_median(alike if len(alike) >= 5 else measured)
        if typical <= 0:
            continue
        stroke = round(mean / typical, 3)
        for i in piece:
            glyphs[i].stroke = stroke
            if stroke > BOLD_STROKE:
                glyphs[i].font = "OCR-Bold"


def _weighted_median(measured: list[tuple[list[int], float, int]]) -> float:
    """The median mean run of pieces, weighted by their runs: body text decides, being most of the ink."""
    ordered = sorted(measured, key=lambda item: item[1])
    half, seen = sum(item[2] for item in measured) / 2, 0
    for _piece, mean, count in ordered:
        seen += count
        if seen >= half:
            return mean
    return 0.0


def _mean_confidence(glyphs: list[Glyph]) -> float:
    return sum(g.confidence for g in glyphs) / len(glyphs) if glyphs else 0.0


def _doubtful(glyphs: list[Glyph]) -> bool:
    """Whether a reading looks like text seen at the wrong angle: words found, few of them trusted.

    A page with hardly any words (a blank back, a page number) is not retried: nothing turns into text.
    """
    return len(glyphs) >= RETRY_WORDS and _mean_confidence(glyphs) < RETRY_CONFIDENCE


# Where pages go when a document's OCR is spread beyond this process: a function that applies its first
# argument (``ocr_page`` with the document's settings) to each page index, possibly elsewhere, and returns
# the results in order. Set by the cluster's document task (baocao.pipelines.cluster), None otherwise.
PAGE_MAP: ContextVar[Callable[[Callable[[int], OcrPage], list[int]], list[OcrPage]] | None] = ContextVar(
    "PAGE_MAP", default=None)


def ocr_pages(path: str, indexes: list[int], settings: OcrSettings = OcrSettings(), cache: Path | None = None,
              workers: int = 1) -> dict[int, OcrPage]:
    """Read several pages of one PDF with OCR, ``workers`` Tesseract processes at a time (or as tasks of
    their own through :data:`PAGE_MAP`, when set)."""
    if not indexes:
        return {}
    check_available(settings.lang)
    page_map = PAGE_MAP.get()
    if page_map is not None and len(indexes) > 1:
        found = page_map(partial(ocr_page, path, settings=settings, cache=cache), list(indexes))
        return dict(zip(indexes, found))
    if workers <= 1 or len(indexes) == 1:
        # The next page is rendered and straightened while Tesseract reads this one.
        found: dict[int, OcrPage] = {}
        with ThreadPoolExecutor(max_workers=1) as ahead:
            coming = ahead.submit(prepare_page, path, indexes[0], settings.dpi)
            for position, index in enumerate(indexes):
                prepared = coming.result()
                if position + 1 < len(indexes):
                    coming = ahead.submit(prepare_page, path, indexes[position + 1], settings.dpi)
                found[index] = ocr_page(path, index, settings, cache, prepared=prepared)
        return found
    # Pages are rendered and straightened ahead, one at a time, at most `workers` + 1 pages before the
    # readers: a reader that finishes a page starts Tesseract on the next at once.
    lock = threading.Lock()
    coming: dict[int, Future] = {}
    submitted = 0  # pages 0 … submitted - 1 are being or were prepared
    with ThreadPoolExecutor(max_workers=1) as ahead, ThreadPoolExecutor(max_workers=workers) as pool:

        def read(position: int) -> OcrPage:
            nonlocal submitted
            with lock:
                while submitted < min(position + workers + 2, len(indexes)):
                    coming[submitted] = ahead.submit(prepare_page, path, indexes[submitted], settings.dpi)
                    submitted += 1
                prepared = coming.pop(position)
            return ocr_page(path, indexes[position], settings, cache, prepared=prepared.result())

        found = pool.map(read, range(len(indexes)))
        return dict(zip(indexes, found))


def ocr_raw_page(raw: RawPage, read: OcrPage, keep: list[Glyph]) -> RawPage:
    """``raw`` with its glyphs replaced by what OCR read, plus the glyphs in ``keep`` (widget and stamp text).

    A page read turned takes the turned size; glyphs kept from the PDF cannot be turned with it and are
    dropped then.
    """
    glyphs = read.glyphs + (keep if not read.turned else [])
    return RawPage(number=raw.number, width=read.width, height=read.height, glyphs=glyphs,
                   rules=read.rules + ([] if read.turned else raw.rules),
                   rotation=(raw.rotation + read.turned) % 360, image_area=raw.image_area)
