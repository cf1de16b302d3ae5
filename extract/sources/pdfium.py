"""Character source backed by PDFium (pypdfium2): the pages pdfplumber gives, about six times faster.

Why one module of ~730 lines: every part of it (glyph boxes, fonts, rules, images, form XObjects, rotated
and offset pages) restates one pdfminer convention on PDFium's objects, and the parity tests hold it to
them as a whole.

It yields the same :class:`RawPage` as :mod:`baocao.extract.sources.plumber`, in pdfplumber's (pdfminer's)
conventions, so that the reader's output does not depend on the source:

* Coordinates: points from the top-left corner of the page as displayed (a page with ``/Rotate`` is
  turned first, as pdfminer does), ``top = height - y``.
* A glyph's box is pdfminer's, not PDFium's: from the font's descent to descent + size around the
  baseline (``bottom - top == size``), as wide as the glyph's advance. PDFium's char box is the tight
  outline of the glyph and its "loose" box spans ascent to descent; the layout's baseline estimate
  (``bottom - 0.22 * size``) and its superscript test are tuned to pdfminer's box.
* ``size`` is the nominal font size scaled by the text matrix (the height of pdfminer's box).
* Spaces: those the content stream draws. PDFium's generated spaces and line breaks are dropped; the
  spaces it skips (text objects holding only spaces) are put back (see :func:`_lone_space`).
* Rules: painted lines and axis-aligned rectangles, classified as pdfminer classifies paths, also
  inside form XObjects; image area from image objects, also inside form XObjects.

Known differences from pdfplumber (``tests/test_sources.py`` pins them down):

* Font names: PDFium drops the subset tag of simple fonts ("AAAAAA+LiberationSerif" ->
  "LiberationSerif"); bold and italic are read from the name alone, so they do not change.
* PDFium keeps glyph widths in whole thousandths of an em: with fractional ``/Widths`` (reportlab)
  x positions drift by up to 0.5 pt at the end of a long line. Word's widths are whole numbers.
* PDFium computes in single precision; glyph edges are snapped to a 1/256 pt grid (:func:`_snap`).
* PDFium drops a character drawn twice at almost the same place (fake bold) and a second space in a
  row, and a run of spaces it skipped comes back as one space glyph; pdfminer keeps them all. The
  layout drops the doubles and extra spaces too: no document of the corpus reads differently.
* Page sizes are read back from single precision as the shortest decimal (595.35 for a MediaBox
  written 595.34997559): within 1e-4 pt.

PDFium is not thread-safe: calls into it are serialised by a lock, so threads may share the source
(they take turns page by page); the batch uses processes.
"""

from __future__ import annotations

import ctypes
import os
import struct
import threading
from collections.abc import Iterator

from ..errors import ReadError
from ..model import Glyph, RawPage, Rule
from . import check_file, unreadable_page
from .annotations import annotation_glyphs
from .geometry import Frame

# A rectangle thinner than this (points) is a stroke, not an area (as in plumber.py).
THIN = 2.5
# Glyph edges and rules are snapped to multiples of 1/GRID pt (see _snap).
GRID = 256
# How deep to follow form XObjects inside form XObjects.
MAX_FORM_DEPTH = 12
# PDFium is not thread-safe: every call into it is made holding this lock (pages are read one at a time).
_LOCK = threading.RLock()


def read_pages(path: str, pages: range | None = None) -> Iterator[RawPage]:
    """Yield the pages of the PDF at ``path`` as :class:`RawPage` objects, one at a time (only those whose
    0-based index is in ``pages``, when given).

    A damaged file (one PDFium cannot open, or opens only by rebuilding its cross-reference table) is
    handed to the pdfplumber source: the two libraries repair damage differently (a file cut short may
    open in one and not in the other, or open with other pages), and what is read from a damaged file,
    or the error it gives, should not depend on the source. Intact files never take that path.
    """
    check_file(path)
    api = _api()
    raw = api.raw
    with _LOCK:
        doc = raw.FPDF_LoadDocument(os.fsencode(path), None)
        code = raw.FPDF_GetLastError() if not doc else raw.FPDF_ERR_SUCCESS
        intact = bool(doc) and bool(raw.FPDF_DocumentHasValidCrossReferenceTable(doc))
        if doc and not intact:
            raw.FPDF_CloseDocument(doc)
    if code == raw.FPDF_ERR_PASSWORD:
        raise ReadError(path, "encrypted", "the PDF is encrypted and needs a password")
    if code == raw.FPDF_ERR_FILE:
        raise ReadError(path, "unreadable", "the PDF cannot be read (PDFium could not open the file)")
    if not intact:
        yield from _damaged(path, pages)
        return
    try:
        with _LOCK:
            count = raw.FPDF_GetPageCount(doc)
        if count < 1:
            raise ReadError(path, "no-pages", "the PDF has no pages")
        annotations = _Annotations(path)
        try:
            for index in range(count) if pages is None else range(max(0, pages.start), min(count, pages.stop)):
                with _LOCK:
                    result, annotated = _read_page(api, doc, index, path)
                if annotated:
                    result.glyphs += annotations.glyphs(index, result)
                yield result
        finally:
            annotations.close()
    finally:
        with _LOCK:
            raw.FPDF_CloseDocument(doc)


def _read_page(api: _Api, doc, index: int, path: str) -> tuple[RawPage, bool]:
    """The page at ``index``, and whether it has annotations whose appearance may draw text."""
    raw = api.raw
    page = raw.FPDF_LoadPage(doc, index)
    if not page:
        return unreadable_page(index + 1, *_page_size(raw, doc, index), "PDFium could not load it"), False
    try:
        return _raw_page(api, page, index + 1), _has_text_annotations(raw, page)
    except ReadError:
        raise
    except Exception as exc:  # one page the reader cannot read: the others still can
        return unreadable_page(index + 1, *_page_size(raw, doc, index), _describe(exc)), False
    finally:
        raw.FPDF_ClosePage(page)


def _page_size(raw, doc, index: int) -> tuple[float, float]:
    """Width and height of page ``index`` from the page tree, (0, 0) when unknown."""
    size = raw.FS_SIZEF()
    if raw.FPDF_GetPageSizeByIndexF(doc, index, size):
        return float(size.width), float(size.height)
    return 0.0, 0.0


def _has_text_annotations(raw, page) -> bool:
    """Whether a widget, free-text or stamp annotation of the page draws text in its appearance.

    PDFium parses the appearance streams it keeps for the page anyway: an appearance of images and
    paths alone (a scanned signature, a seal) needs no second reading with pdfminer.
    """
    kinds = {raw.FPDF_ANNOT_WIDGET, raw.FPDF_ANNOT_FREETEXT, raw.FPDF_ANNOT_STAMP}
    for index in range(raw.FPDFPage_GetAnnotCount(page)):
        annot = raw.FPDFPage_GetAnnot(page, index)
        if not annot:
            continue
        try:
            if raw.FPDFAnnot_GetSubtype(annot) in kinds and _draws_text(
                    raw, [raw.FPDFAnnot_GetObject(annot, k) for k in range(raw.FPDFAnnot_GetObjectCount(annot))]):
                return True
        finally:
            raw.FPDFPage_CloseAnnot(annot)
    return False


def _draws_text(raw, objects: list, depth: int = 0) -> bool:
    """Whether page objects (forms followed) include a text object."""
    for obj in objects:
        if not obj:
            continue
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_TEXT:
            return True
        if kind == raw.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
            inner = [raw.FPDFFormObj_GetObject(obj, k) for k in range(raw.FPDFFormObj_CountObjects(obj))]
            if _draws_text(raw, inner, depth + 1):
                return True
    return False


class _Annotations:
    """The annotation glyphs of a document's pages, read with pdfminer (see :mod:`.annotations`).

    PDFium's text page leaves annotation appearances out and its page objects do not reach them, so the
    appearance streams are interpreted by the same code the pdfplumber source uses: both sources give
    the same glyphs. The file is opened with pdfminer only when a page has such annotations.
    """

    def __init__(self, path: str):
        self.path = path
        self.pages: list | None = None
        self.walk = None
        self.handle = None

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None

    def glyphs(self, index: int, page: RawPage) -> list[Glyph]:
        pdf_page = self._page(index)
        if pdf_page is None:
            return []
        frame = Frame(tuple(float(v) for v in pdf_page.mediabox), page.rotation)
        return annotation_glyphs(pdf_page, frame)

    def _page(self, index: int):
        if self.pages is None:
            self.pages = []
            try:
                from pdfminer.pdfdocument import PDFDocument
                from pdfminer.pdfpage import PDFPage
                from pdfminer.pdfparser import PDFParser

                self.handle = open(self.path, "rb")
                self.walk = PDFPage.create_pages(PDFDocument(PDFParser(self.handle)))
            except Exception:
                self.walk = None
        try:
            while self.walk is not None and len(self.pages) <= index:
                self.pages.append(next(self.walk))
        except Exception:  # StopIteration, or a page tree pdfminer cannot follow
            self.walk = None
        return self.pages[index] if index < len(self.pages) else None


def _damaged(path: str, pages: range | None = None) -> Iterator[RawPage]:
    """The pages of a damaged file as the pdfplumber source reads them (or its ReadError)."""
    from .plumber import read_pages as plumber_pages

    yield from plumber_pages(path, pages)


def page_count(path: str) -> int:
    """The number of pages of an intact PDF (0 for a damaged, encrypted or unreadable one: it is read whole)."""
    api = _api()
    raw = api.raw
    with _LOCK:
        doc = raw.FPDF_LoadDocument(os.fsencode(path), None)
        if not doc:
            return 0
        try:
            if not raw.FPDF_DocumentHasValidCrossReferenceTable(doc):
                return 0
            return max(0, raw.FPDF_GetPageCount(doc))
        finally:
            raw.FPDF_CloseDocument(doc)


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    name = exc.__class__.__name__
    return f"{name}: {text}" if text else name


# ---------------------------------------------------------------------------------------------------
# The PDFium calls


class _Api:
    """pypdfium2's raw bindings, plus the calls made once per character declared to take and return
    plain addresses (``c_void_p``): comparing and caching handles then costs no ``ctypes.cast``."""

    def __init__(self):
        import pypdfium2  # noqa: F401  (importing it initialises the PDFium library)
        import pypdfium2.raw as raw

        self.raw = raw
        P, I = ctypes.c_void_p, ctypes.c_int
        D, F = ctypes.POINTER(ctypes.c_double), ctypes.POINTER(ctypes.c_float)
        self.is_generated = _redeclare(raw.FPDFText_IsGenerated, I, P, I)
        self.is_hyphen = _redeclare(raw.FPDFText_IsHyphen, I, P, I)
        self.no_unicode = _redeclare(raw.FPDFText_HasUnicodeMapError, I, P, I)
        self.unicode = _redeclare(raw.FPDFText_GetUnicode, ctypes.c_uint, P, I)
        self.text_object = _redeclare(raw.FPDFText_GetTextObject, P, P, I)
        self.origin = _redeclare(raw.FPDFText_GetCharOrigin, I, P, I, D, D)
        self.char_matrix = _redeclare(raw.FPDFText_GetMatrix, I, P, I, ctypes.POINTER(raw.FS_MATRIX))
        self.loose_box = _redeclare(raw.FPDFText_GetLooseCharBox, I, P, I, ctypes.POINTER(raw.FS_RECTF))
        self.font_size = _redeclare(raw.FPDFTextObj_GetFontSize, I, P, F)
        self.font = _redeclare(raw.FPDFTextObj_GetFont, P, P)
        self.glyph_width = _redeclare(raw.FPDFFont_GetGlyphWidth, I, P, ctypes.c_uint, ctypes.c_float, F)
        self.font_name = _redeclare(raw.FPDFFont_GetBaseFontName, ctypes.c_size_t, P, ctypes.c_char_p, ctypes.c_size_t)
        self.descent = _redeclare(raw.FPDFFont_GetDescent, I, P, ctypes.c_float, F)
        self.embedded = _redeclare(raw.FPDFFont_GetIsEmbedded, I, P)
        self.object_type = _redeclare(raw.FPDFPageObj_GetType, I, P)
        self.object_matrix = _redeclare(raw.FPDFPageObj_GetMatrix, I, P, ctypes.POINTER(raw.FS_MATRIX))
        self.object_bounds = _redeclare(raw.FPDFPageObj_GetBounds, I, P, F, F, F, F)
        self.page_object = _redeclare(raw.FPDFPage_GetObject, P, P, I)
        self.form_object = _redeclare(raw.FPDFFormObj_GetObject, P, P, ctypes.c_ulong)
        self.form_count = _redeclare(raw.FPDFFormObj_CountObjects, I, P)


def _redeclare(function, restype, *argtypes):
    """The C function behind a pypdfium2 binding, with other (compatible) argument and result types."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    redeclared = type(function)(address)
    redeclared.restype = restype
    redeclared.argtypes = argtypes
    return redeclared


_API: _Api | None = None


def _api() -> _Api:
    global _API
    if _API is None:
        _API = _Api()
    return _API


# ---------------------------------------------------------------------------------------------------
# Page geometry: PDF user space -> pdfplumber's coordinates


def _multiply(m1, m2):
    """The matrix product ``m1 x m2`` of two PDF matrices (a, b, c, d, e, f): apply m1, then m2."""
    a1, b1, c1, d1, e1, f1 = m1
    a2, b2, c2, d2, e2, f2 = m2
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2,
            c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


def _apply(m, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _snap(value: float) -> float:
    """``value`` on a grid of 1/256 pt.

    PDFium computes in single precision: its positions carry noise of about 3e-5 pt, where pdfminer's
    doubles are exact to 1e-13. A difference the layout compares with a threshold can then fall on the
    other side of an equality: six Times spaces after "ngày" in a blank date field are exactly 1.5 em,
    the column gap. On a binary grid, edges that are equal in the PDF stay equal and differences between
    them are exact.
    """
    return round(value * GRID) / GRID


def _page_box(raw, page) -> tuple[float, float, float, float]:
    """The page's MediaBox, as the numbers written in the PDF (PDFium hands them over as floats)."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if raw.FPDFPage_GetMediaBox(page, left, bottom, right, top):
        box = (left.value, bottom.value, right.value, top.value)
    else:
        # An inherited MediaBox: PDFium's bounding box (MediaBox within CropBox) is the nearest it tells.
        rect = raw.FS_RECTF()
        if raw.FPDF_GetPageBoundingBox(page, rect):
            box = (rect.left, rect.bottom, rect.right, rect.top)
        else:
            box = (0.0, 0.0, raw.FPDF_GetPageWidthF(page), raw.FPDF_GetPageHeightF(page))
    return tuple(_decimal(value) for value in box)


def _decimal(value: float) -> float:
    """The shortest decimal that reads back as the single-precision ``value`` (836.6500244 -> 836.65)."""
    single = struct.unpack("f", struct.pack("f", value))[0]
    for digits in range(1, 10):
        candidate = float(f"{value:.{digits}g}")
        if struct.unpack("f", struct.pack("f", candidate))[0] == single:
            return candidate
    return value


# ---------------------------------------------------------------------------------------------------
# One page


def _raw_page(api: _Api, page, number: int) -> RawPage:
    raw = api.raw
    rotation = (raw.FPDFPage_GetRotation(page) % 4) * 90
    frame = Frame(_page_box(raw, page), rotation)
    fonts = _Fonts(api)
    glyphs: list[Glyph] = []
    seen: set[int] = set()  # text objects PDFium's text page took characters from
    textpage = raw.FPDFText_LoadPage(page)
    if textpage:
        try:
            _read_text(api, textpage, frame, fonts, glyphs, seen)
        finally:
            raw.FPDFText_ClosePage(textpage)
    rules: list[Rule] = []
    images: list[tuple[float, float, float, float]] = []
    for obj, kind, matrix in _objects(api, page):
        if kind == raw.FPDF_PAGEOBJ_PATH:
            _path_rules(raw, ctypes.cast(obj, raw.FPDF_PAGEOBJECT), matrix, frame, rules)
        elif kind == raw.FPDF_PAGEOBJ_IMAGE:
            images.append(frame.box(_apply(matrix, x, y) for x, y in ((0, 0), (1, 0), (1, 1), (0, 1))))
        elif kind == raw.FPDF_PAGEOBJ_TEXT and obj not in seen:
            space = _lone_space(api, obj, matrix, frame, fonts)
            if space is not None:
                glyphs.append(space)
    area = frame.width * frame.height or 1.0
    covered = 0.0
    for x0, x1, top, bottom in images:
        w = max(0.0, min(x1, frame.width) - max(x0, 0.0))
        h = max(0.0, min(bottom, frame.height) - max(top, 0.0))
        covered += w * h
    return RawPage(
        number=number,
        width=float(frame.width),
        height=float(frame.height),
        glyphs=glyphs,
        rules=rules,
        rotation=rotation,
        image_area=min(covered / area, 1.0),
    )


def _objects(api: _Api, page):
    """Yield ``(address, type, matrix)`` for every page object, inside form XObjects too.

    ``matrix`` maps the object's own space to user space: PDFium gives the matrix of an object in a
    form XObject relative to the form.
    """
    raw = api.raw
    matrix = raw.FS_MATRIX()
    form_type = raw.FPDF_PAGEOBJ_FORM

    def walk(get, count, outer, depth):
        for index in range(count):
            obj = get(index)
            if not obj or not api.object_matrix(obj, matrix):
                continue
            own = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
            full = own if outer is IDENTITY else _multiply(own, outer)
            kind = api.object_type(obj)
            if kind != form_type:
                yield obj, kind, full
            elif depth < MAX_FORM_DEPTH:
                yield from walk(lambda i, form=obj: api.form_object(form, i), api.form_count(obj), full, depth + 1)

    yield from walk(lambda i: api.page_object(page, i), raw.FPDFPage_CountObjects(page), IDENTITY, 0)


# ---------------------------------------------------------------------------------------------------
# Glyphs


class _Font:
    """What the glyph boxes need of a font: its name, descent (per unit of size) and, for fonts
    pdfminer measures with the standard 14 fonts' metrics, those widths (thousandths, by character)."""

    __slots__ = ("name", "descent", "standard_widths")

    def __init__(self, name: str, descent: float, standard_widths: dict | None):
        self.name = name
        self.descent = descent
        self.standard_widths = standard_widths


class _Fonts:
    """Per-page cache of :class:`_Font` by PDFium font handle."""

    def __init__(self, api: _Api):
        self.api = api
        self.cache: dict[int, _Font] = {}
        self.buffer = ctypes.create_string_buffer(512)
        self.value = ctypes.c_float()

    def get(self, font: int) -> _Font:
        found = self.cache.get(font)
        if found is None:
            found = self.cache[font] = self._load(font)
        return found

    def _load(self, font: int) -> _Font:
        name = self._name(font)
        metrics = _standard_metrics(name) if not self.api.embedded(font) else None
        if metrics is not None:
            # pdfminer: a font named like one of the standard 14 gets their AFM metrics, whatever the
            # PDF says (a missing Descent is 0; a character the AFM lacks, such as "€", is 0 wide).
            descriptor, widths = metrics
            return _Font(name, -abs(float(descriptor.get("Descent", 0))) / 1000, widths)
        # pdfminer: the FontDescriptor's /Descent in thousandths of the size, forced negative.
        descent = -abs(self.value.value) if self.api.descent(font, 1.0, self.value) else 0.0
        return _Font(name, descent, None)

    def _name(self, font: int) -> str:
        length = self.api.font_name(font, self.buffer, len(self.buffer))
        if length <= 1:
            return ""
        raw = self.buffer.raw[: min(length, len(self.buffer)) - 1]
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("latin-1")


def _standard_metrics(name: str):
    """pdfminer's AFM metrics (descriptor, widths) for a font of that name, or None."""
    try:
        from pdfminer.fontmetrics import FONT_METRICS
    except ImportError:  # pragma: no cover (pdfminer.six comes with pdfplumber)
        return None
    return FONT_METRICS.get(name)


class _TextObject:
    """What the characters of one text object share: PDFium gives every character of an object the
    same matrix (text matrix x CTM x form matrices), font and size."""

    __slots__ = ("matrix", "size", "font", "handle", "axis", "shift")

    def __init__(self, matrix, size: float, font: _Font, handle: int, frame: Frame):
        self.matrix = matrix
        self.size = size
        self.font = font
        self.handle = handle
        a, b, c, d = matrix
        # Upright, unrotated text on an unturned page: the common case, computed without corners.
        self.axis = not frame.turned and b == 0 and c == 0 and a > 0 and d > 0
        self.shift = 0.0  # pdfminer's minus PDFium's advances so far (standard 14 fonts)


def _read_text(api: _Api, textpage, frame: Frame, fonts: _Fonts, glyphs: list[Glyph], seen: set[int]) -> None:
    """Append a glyph for each character PDFium's text page read from the content stream.

    Characters PDFium made up (spaces at gaps, line breaks) are left out: pdfplumber reports only what
    the content stream draws. PDFium turns a hyphen that ends a line into a control character marked as
    a hyphen; it is a "-" again here.
    """
    count = api.raw.FPDFText_CountChars(textpage)
    ox, oy = ctypes.c_double(), ctypes.c_double()
    matrix = api.raw.FS_MATRIX()
    value = ctypes.c_float()
    objects: dict[int, _TextObject | None] = {}
    widths: dict[tuple[int, int, float], float] = {}
    offset_x, offset_top = frame.offset_x, frame.offset_top
    unicode, is_generated, text_object, origin = api.unicode, api.is_generated, api.text_object, api.origin
    no_unicode = api.no_unicode
    append = glyphs.append
    last = (None, None, None)  # text object and origin of the last glyph, while it can take more characters
    first = (0, 0.0, 0.0)  # index and origin of the last glyph's first character
    refitted = False
    for index in range(count):
        code = unicode(textpage, index)
        # PDFium generates only spaces and line breaks (CR, LF: control characters, dropped below).
        if code == 0x20 and is_generated(textpage, index) == 1:
            last = (None, None, None)
            continue
        address = text_object(textpage, index)
        if not address:
            last = (None, None, None)
            continue
        if no_unicode(textpage, index) == 1:
            # No Unicode for this character code: PDFium reports the code itself, pdfminer "(cid:N)".
            text = f"(cid:{code})"
        elif code == 0x02 and api.is_hyphen(textpage, index) == 1:
            text, code = "-", 0x2D
        elif (code >= 0x20 or code == 0x09) and code < 0x110000 and not 0xD800 <= code < 0xE000 and code != 0xFFFE:
            text = chr(code)
        else:
            last = (None, None, None)
            continue
        origin(textpage, index, ox, oy)
        x, y = ox.value, oy.value
        if last == (address, x, y):
            # One glyph mapped to several characters (a letter and its combining marks, "ﬀ" -> "ff"):
            # PDFium lists each at the same origin, pdfminer gives one char holding them all.
            glyph = glyphs[-1]
            if glyph.text and not refitted:
                _refit(api, textpage, glyph, first, frame)
                refitted = True
            glyph.text += text
            continue
        last = (address, x, y)
        first = (index, x, y)
        refitted = False
        obj = objects.get(address, False)
        if obj is False:
            seen.add(address)
            obj = objects[address] = _text_object(api, textpage, index, address, matrix, value, fonts, frame)
        if obj is None:
            continue
        font, size = obj.font, obj.size
        width_key = (obj.handle, code, size)
        advance = widths.get(width_key)
        if advance is None:
            if api.glyph_width(obj.handle, code, size, value):
                advance = value.value
            else:
                advance = _loose_advance(api, textpage, index, obj.matrix)
            widths[width_key] = advance
        a, b, c, d = obj.matrix
        if not advance:
            last = (None, None, None)  # no advance: a character at the same origin is a glyph of its own
        if font.standard_widths is not None:
            # pdfminer places these glyphs with the AFM widths: carry the difference along the object.
            if obj.shift:
                x += a * obj.shift
                y += b * obj.shift
            standard = font.standard_widths.get(text, 0) * size / 1000
            obj.shift += standard - advance
            advance = standard
        if obj.axis:
            x += offset_x
            top = offset_top - (y + d * (font.descent * size + size))
            # _snap, inlined: this runs once per character.
            append(Glyph(text, round(x * GRID) / GRID, round((x + a * advance) * GRID) / GRID,
                         round(top * GRID) / GRID, round((top + d * size) * GRID) / GRID,
                         round(d * size, 4), font.name, True))
        else:
            append(_glyph(text, (x, y), obj.matrix, size, advance, font.descent, font.name, frame))


def _refit(api: _Api, textpage, glyph: Glyph, first: tuple[int, float, float], frame: Frame) -> None:
    """Give a glyph that maps to several characters the advance of its own character code.

    The advance was looked up by the first character's Unicode value, which PDFium maps back to a
    character code of the font: for a glyph whose ToUnicode entry is a letter and a combining mark
    ("Ể" as "Ê" + U+0309) that is the code of another glyph ("Ê"). PDFium's loose box is measured with
    the glyph's own code. Fonts with standard 14 metrics are placed by their AFM widths and left as they are.
    """
    index, x, y = first
    obj = api.text_object(textpage, index)
    value = ctypes.c_float()
    matrix = api.raw.FS_MATRIX()
    if not obj or not api.font_size(obj, value) or not api.char_matrix(textpage, index, matrix):
        return
    handle = api.font(obj)
    font = _Fonts(api).get(handle) if handle else None
    if font is None or font.standard_widths is not None:
        return
    size = value.value
    advance = _loose_advance(api, textpage, index, (matrix.a, matrix.b, matrix.c, matrix.d))
    if not advance:
        return
    rebuilt = _glyph(glyph.text, (x, y), (matrix.a, matrix.b, matrix.c, matrix.d), size, advance, font.descent,
                     font.name, frame)
    glyph.x0, glyph.x1, glyph.top, glyph.bottom = rebuilt.x0, rebuilt.x1, rebuilt.top, rebuilt.bottom


def _text_object(api: _Api, textpage, index: int, address: int, matrix, value, fonts: _Fonts,
                 frame: Frame) -> _TextObject | None:
    if not api.font_size(address, value) or not api.char_matrix(textpage, index, matrix):
        return None
    handle = api.font(address)
    if not handle:
        return None
    return _TextObject((matrix.a, matrix.b, matrix.c, matrix.d), value.value, fonts.get(handle), handle, frame)


def _lone_space(api: _Api, obj: int, matrix, frame: Frame, fonts: _Fonts) -> Glyph | None:
    """The first space of a text object that PDFium's text page skipped because it draws no ink.

    Word writes many word spaces, and the runs of spaces of blank form fields, as text objects of their
    own; PDFium leaves them out of its text (it may put a generated space elsewhere), pdfminer reports
    them. The layout needs them where a space is drawn over the letters beside it ("b) “Bà", the space
    in another font). Once PDFium has skipped an object its characters cannot be read back: an object
    with an empty box is taken to hold spaces, and its first space is enough for the layout. An object
    that draws ink was skipped as a copy of the one before it (text drawn twice for a bold effect): it
    is left out, as PDFium does.
    """
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not api.object_bounds(obj, left, bottom, right, top):
        return None
    if abs(right.value - left.value) >= 0.01 and abs(top.value - bottom.value) >= 0.01:
        return None
    size = ctypes.c_float()
    handle = api.font(obj)
    if not handle or not api.font_size(obj, size):
        return None
    font = fonts.get(handle)
    width = ctypes.c_float()
    if font.standard_widths is not None:
        advance = font.standard_widths.get(" ", 0) * size.value / 1000
    else:
        advance = width.value if api.glyph_width(handle, 0x20, size.value, width) else 0.0
    a, b, c, d, e, f = matrix
    return _glyph(" ", (e, f), (a, b, c, d), size.value, advance, font.descent, font.name, frame)


def _glyph(text: str, origin, matrix, size: float, advance: float, descent: float, font: str,
           frame: Frame) -> Glyph:
    """A glyph with pdfminer's box: ``advance`` wide, from ``descent`` to ``descent + 1`` times ``size``
    around the baseline, through the text ``matrix`` (a, b, c, d) at ``origin`` (user space)."""
    a, b, c, d = matrix
    low = descent * size
    high = low + size
    x, y = origin
    corners = [(x + a * u + c * v, y + b * u + d * v)
               for u, v in ((0.0, low), (advance, low), (advance, high), (0.0, high))]
    x0, x1, top, bottom = frame.box(corners)
    # pdfminer's upright test, on the matrix in the turned page's space.
    ra, rb, rc, rd = frame.ctm[:4]
    pa, pb = a * ra + b * rc, a * rb + b * rd
    pc, pd = c * ra + d * rc, c * rb + d * rd
    return Glyph(text=text, x0=_snap(x0), x1=_snap(x1), top=_snap(top), bottom=_snap(bottom),
                 size=round(bottom - top, 4), font=font, upright=(pa * pd > 0 and pb * pc <= 0))


def _loose_advance(api: _Api, textpage, index: int, matrix) -> float:
    """A glyph's advance (in text space) from PDFium's loose box, when the font cannot tell its width."""
    box = api.raw.FS_RECTF()
    if not api.loose_box(textpage, index, box):
        return 0.0
    a, b, _c, _d = matrix
    scale = (a * a + b * b) ** 0.5 or 1.0
    return max(abs(box.right - box.left), abs(box.top - box.bottom) if b else 0.0) / scale


# ---------------------------------------------------------------------------------------------------
# Rules


def _path_rules(raw, obj, matrix, frame: Frame, rules: list[Rule]) -> None:
    """Add the rules a painted path draws: pdfminer's lines and rectangles, kept as plumber.py keeps them."""
    fill = ctypes.c_int()
    stroke = ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(obj, fill, stroke):
        return
    stroked = bool(stroke.value)
    if not stroked and not fill.value:
        return  # a clipping path or an unpainted one: pdfminer does not see it
    x, y = ctypes.c_float(), ctypes.c_float()
    ops: list[str] = []
    points: list[tuple[float, float] | None] = []
    for index in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, index)
        if not segment or not raw.FPDFPathSegment_GetPoint(segment, x, y):
            return
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            ops.append("m")
        elif kind == raw.FPDF_SEGMENT_LINETO:
            ops.append("l")
        elif kind == raw.FPDF_SEGMENT_BEZIERTO:
            ops.append("c")
        else:
            return
        points.append(_apply(matrix, x.value, y.value))
        if raw.FPDFPathSegment_GetClose(segment):
            ops.append("h")
            points.append(None)
    start = 0
    for index in range(1, len(ops) + 1):
        if index == len(ops) or ops[index] == "m":
            if ops[start] == "m":
                _subpath_rules(ops[start:index], points[start:index], stroked, frame, rules)
            start = index


def _subpath_rules(ops: list[str], points: list, stroked: bool, frame: Frame, rules: list[Rule]) -> None:
    """One subpath, classified as pdfminer's ``paint_path`` classifies it."""
    if "c" in ops:
        return  # a curve (PDFium lists each Bézier segment as three points)
    pts = [points[0] if point is None else point for point in points]
    shape = "".join(ops)
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts = pts[:-2] + pts[-1:]
    if shape in ("ml", "mlh"):
        x0, x1, top, bottom = frame.box(pts[:2])
        rules.append(Rule(_snap(x0), _snap(x1), _snap(top), _snap(bottom)))
    elif shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        closed = pts[0] == pts[4]
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if not (closed and square):
            return
        left, right, top, bottom = (_snap(v) for v in frame.box([pts[0], pts[2]]))
        if bottom - top <= THIN or right - left <= THIN:
            rules.append(Rule(left, right, top, bottom))
        elif stroked:
            # A bordered cell drawn as a rectangle: its four edges are rules.
            rules.extend([Rule(left, right, top, top), Rule(left, right, bottom, bottom),
                          Rule(left, left, top, bottom), Rule(right, right, top, bottom)])
