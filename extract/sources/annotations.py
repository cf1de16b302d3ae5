"""Text drawn by annotation appearances: signature widgets, free-text and stamp annotations.

Signed PDFs draw the document number after "Số:", the day of the date line and the signing stamp
("Ký bởi: … Thời gian ký: …") in the normal appearance stream (``/AP /N``) of signature-widget
annotations, not in the page's content stream, so neither pdfplumber nor PDFium's text page sees them.
This module interprets those appearance streams with pdfminer and returns their characters as
:class:`~baocao.extract.model.Glyph` objects in the page coordinates every source uses, with
``origin="annotation"`` and the annotation's index on the page in ``group``.

Placement follows PDF 32000-1 §12.5.5: the form's ``/BBox``, transformed by its ``/Matrix``, is mapped
onto the annotation's ``/Rect``; the result is then put through the page's rotation like page content.
Annotations flagged Hidden, Invisible or NoView are skipped, and so are characters that fall outside
the page box. Both character sources call :func:`annotation_glyphs`, so they read the same glyphs.
"""

from __future__ import annotations

import re

from ..model import Glyph
from .geometry import Frame

# Annotation subtypes whose appearances can hold text a person reads as part of the page.
TEXT_SUBTYPES = {"Widget", "FreeText", "Stamp"}
# Annotation flags (PDF 32000-1 table 165): Invisible, Hidden, NoView.
HIDDEN_FLAGS = 1 | 2 | 32
# How many annotations of a page are read (a hostile file with millions of widgets should not stall a page).
MAX_ANNOTATIONS = 500


def annotation_glyphs(page, frame: Frame) -> list[Glyph]:
    """The glyphs drawn by the text-bearing annotations of a pdfminer ``PDFPage``.

    Args:
        page: a ``pdfminer.pdfpage.PDFPage``.
        frame: the page's mapping from user space to page coordinates (:class:`Frame`).

    A broken annotation (a dangling reference, an appearance stream pdfminer cannot run) draws nothing;
    the page's own text is read all the same.
    """
    from pdfminer.pdftypes import resolve1

    try:
        annots = resolve1(page.annots) if page.annots is not None else None
    except Exception:
        return []
    if not isinstance(annots, list) or not annots:
        return []
    glyphs: list[Glyph] = []
    renderer = _Renderer()
    for index, ref in enumerate(annots[:MAX_ANNOTATIONS]):
        try:
            chars = _annotation_chars(resolve1(ref), page, renderer)
        except Exception:
            continue
        for char in chars:
            glyph = _glyph(char, frame, index)
            if glyph is not None:
                glyphs.append(glyph)
    return glyphs


def _annotation_chars(annot, page, renderer: _Renderer) -> list:
    """pdfminer's characters for one annotation's normal appearance ([] when it shows no text)."""
    from pdfminer.pdftypes import resolve1

    if not isinstance(annot, dict) or _name(annot.get("Subtype")) not in TEXT_SUBTYPES:
        return []
    flags = resolve1(annot.get("F"))
    if isinstance(flags, int) and flags & HIDDEN_FLAGS:
        return []
    stream = _appearance(annot)
    rect = _rect(resolve1(annot.get("Rect")))
    if stream is None or rect is None:
        return []
    matrix = _placement(stream, rect)
    if matrix is None or not _draws_text(stream):
        return []
    return renderer.chars(stream, matrix, page)


def _draws_text(stream, depth: int = 0) -> bool:
    """Whether an appearance stream, or a form it paints, holds a text object ("BT").

    Most signature widgets paint only a picture of the signature or the seal: those are not interpreted.
    """
    from pdfminer.pdftypes import PDFStream, resolve1

    if b"BT" in stream.get_data():
        return True
    if depth >= 12:
        return False
    resources = _dict(resolve1(stream.get("Resources"))) or {}
    for ref in (_dict(resolve1(resources.get("XObject"))) or {}).values():
        xobject = resolve1(ref)
        if isinstance(xobject, PDFStream) and _name(xobject.get("Subtype")) == "Form" and _draws_text(xobject, depth + 1):
            return True
    return False


# ---------------------------------------------------------------------------------------------------
# Geometry


def _rect(value) -> tuple[float, float, float, float] | None:
    from pdfminer.pdftypes import resolve1

    if not isinstance(value, (list, tuple)) or len(value) != 4:
        return None
    try:
        x0, y0, x1, y1 = (float(resolve1(v)) for v in value)
    except (TypeError, ValueError):
        return None
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _placement(stream, rect) -> tuple | None:
    """The matrix from the form's space to user space: form Matrix, then BBox-onto-Rect (§12.5.5)."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import apply_matrix_pt, mult_matrix

    bbox = _rect(resolve1(stream.get("BBox")))
    if bbox is None:
        return None
    matrix = resolve1(stream.get("Matrix"))
    try:
        form = tuple(float(resolve1(v)) for v in matrix) if isinstance(matrix, list) and len(matrix) == 6 \
            else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    except (TypeError, ValueError):
        form = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    corners = [apply_matrix_pt(form, (x, y)) for x in (bbox[0], bbox[2]) for y in (bbox[1], bbox[3])]
    xs = [x for x, _ in corners]
    ys = [y for _, y in corners]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    if width <= 0 or height <= 0:
        return None
    sx = (rect[2] - rect[0]) / width
    sy = (rect[3] - rect[1]) / height
    onto = (sx, 0.0, 0.0, sy, rect[0] - sx * min(xs), rect[1] - sy * min(ys))
    return mult_matrix(form, onto)


# A subset tag ("AAAAAA+DejaVuSerif"): dropped, as the pdfium source drops it, so both sources name
# annotation fonts alike.
_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


def _glyph(char, frame: Frame, group: int) -> Glyph | None:
    text = char.get_text()
    if not text:
        return None
    x0, x1, top, bottom = frame.box([(char.x0, char.y0), (char.x1, char.y1)])
    middle_x, middle_y = (x0 + x1) / 2, (top + bottom) / 2
    if not (0 <= middle_x <= frame.width and 0 <= middle_y <= frame.height):
        return None
    # pdfminer's box runs from the font's descent to descent + size; its height is the size (upright).
    size = bottom - top if char.upright else float(char.size)
    return Glyph(text=text, x0=round(x0, 3), x1=round(x1, 3), top=round(top, 3), bottom=round(bottom, 3),
                 size=round(size, 4), font=_SUBSET_TAG.sub("", str(char.fontname or "")), upright=bool(char.upright),
                 origin="annotation", group=group)


# ---------------------------------------------------------------------------------------------------
# Reading the PDF objects


def _dict(value) -> dict | None:
    return value if isinstance(value, dict) else None


def _name(value) -> str:
    from pdfminer.psparser import PSLiteral

    return value.name if isinstance(value, PSLiteral) else (value if isinstance(value, str) else "")


def _appearance(annot: dict):
    """The normal appearance stream of an annotation (the one its ``/AS`` state selects), or None."""
    from pdfminer.pdftypes import PDFStream, resolve1

    ap = _dict(resolve1(annot.get("AP")))
    if ap is None:
        return None
    normal = resolve1(ap.get("N"))
    if isinstance(normal, dict):
        state = _name(resolve1(annot.get("AS")))
        normal = resolve1(normal.get(state)) if state else None
    return normal if isinstance(normal, PDFStream) else None


class _Renderer:
    """Runs appearance streams through pdfminer's interpreter and collects the characters they draw."""

    def __init__(self):
        from pdfminer.converter import PDFPageAggregator
        from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager

        self.manager = PDFResourceManager(caching=True)
        self.device = PDFPageAggregator(self.manager, laparams=None)
        self.interpreter = PDFPageInterpreter(self.manager, self.device)

    def chars(self, stream, matrix, page) -> list:
        from pdfminer.layout import LTChar, LTContainer, LTPage
        from pdfminer.pdftypes import resolve1

        self.device.cur_item = LTPage(1, (0, 0, 1, 1))
        resources = _dict(resolve1(stream.get("Resources"))) or _dict(resolve1(page.resources)) or {}
        self.interpreter.render_contents(resources, [stream], ctm=matrix)
        found: list = []
        pending = [self.device.cur_item]
        while pending:
            item = pending.pop()
            for child in item:
                if isinstance(child, LTChar):
                    found.append(child)
                elif isinstance(child, LTContainer):
                    pending.append(child)
        return found
