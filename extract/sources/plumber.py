"""Character source backed by pdfplumber (pdfminer.six)."""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import ReadError
from ..model import Glyph, RawPage, Rule
from . import check_file, unreadable_page
from .annotations import annotation_glyphs
from .geometry import Frame

# A rectangle thinner than this (points) is a stroke, not an area.
THIN = 2.5


def read_pages(path: str, pages: range | None = None) -> Iterator[RawPage]:
    """Yield the pages of the PDF at ``path`` as :class:`RawPage` objects, one at a time (only those whose
    0-based index is in ``pages``, when given)."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    check_file(path)
    try:
        pdf = pdfplumber.open(path)
        every = pdf.pages
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise ReadError(path, "encrypted", f"the PDF is encrypted and needs a password ({exc.__class__.__name__})") from None
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise ReadError(path, "encrypted", "the PDF is encrypted and needs a password") from None
        raise ReadError(path, "truncated", f"the PDF is damaged or truncated ({_describe(cause)})") from None
    except (PDFSyntaxError, PSException) as exc:
        raise ReadError(path, "truncated", f"the PDF is damaged or truncated ({_describe(exc)})") from None
    except Exception as exc:  # pdfminer raises many types on broken files
        raise ReadError(path, "unreadable", f"the PDF cannot be read ({_describe(exc)})") from None
    with pdf:
        if not every:
            raise ReadError(path, "no-pages", "the PDF has no pages")
        for page in every if pages is None else every[max(0, pages.start):pages.stop]:
            try:
                raw = _raw_page(page)
            except ReadError:
                raise
            except Exception as exc:  # one page the reader cannot read: the others still can
                raw = unreadable_page(page.page_number, _size(page, "width"), _size(page, "height"), _describe(exc))
            finally:
                page.close()
            yield raw


def _size(page, name: str) -> float:
    try:
        return float(getattr(page, name))
    except Exception:
        return 0.0


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    name = exc.__class__.__name__
    return f"{name}: {text}" if text else name


def _raw_page(page) -> RawPage:
    glyphs = [
        Glyph(
            text=char["text"],
            x0=float(char["x0"]),
            x1=float(char["x1"]),
            top=float(char["top"]),
            bottom=float(char["bottom"]),
            size=float(char.get("size") or 0.0),
            font=str(char.get("fontname") or ""),
            upright=bool(char.get("upright", True)),
        )
        for char in page.chars
    ]
    pdf_page = page.page_obj
    if pdf_page.annots is not None:
        mediabox = tuple(float(v) for v in pdf_page.mediabox)
        glyphs += annotation_glyphs(pdf_page, Frame(mediabox, int(page.rotation or 0) % 360))
    rules: list[Rule] = []
    for line in page.lines:
        rules.append(Rule(float(line["x0"]), float(line["x1"]), float(line["top"]), float(line["bottom"])))
    for rect in page.rects:
        width = float(rect["x1"]) - float(rect["x0"])
        height = float(rect["bottom"]) - float(rect["top"])
        if height <= THIN or width <= THIN:
            rules.append(Rule(float(rect["x0"]), float(rect["x1"]), float(rect["top"]), float(rect["bottom"])))
        else:
            # A bordered cell drawn as a rectangle: its four edges are rules.
            x0, x1, top, bottom = (float(rect[k]) for k in ("x0", "x1", "top", "bottom"))
            if rect.get("stroke"):
                rules.extend([Rule(x0, x1, top, top), Rule(x0, x1, bottom, bottom),
                              Rule(x0, x0, top, bottom), Rule(x1, x1, top, bottom)])
    area = float(page.width) * float(page.height) or 1.0
    covered = 0.0
    for image in page.images:
        w = max(0.0, min(float(image["x1"]), float(page.width)) - max(float(image["x0"]), 0.0))
        h = max(0.0, min(float(image["bottom"]), float(page.height)) - max(float(image["top"]), 0.0))
        covered += w * h
    return RawPage(
        number=page.page_number,
        width=float(page.width),
        height=float(page.height),
        glyphs=glyphs,
        rules=rules,
        rotation=int(page.rotation or 0),
        image_area=min(covered / area, 1.0),
    )
