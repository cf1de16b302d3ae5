#!/usr/bin/env python3
"""Make ``samples/scanned/``: image-only "scans" of two committed samples, with the truth of each.

* ``quyet-dinh-khen-thuong-2023-scan.pdf`` from ``quyet-dinh-khen-thuong-2023.pdf`` (all 3 pages): page 1
  is skewed 1.2° and carries a red seal over the signature block and a handwritten document number (the
  typed "1520" of "Số: 1520/QĐ-UBND" is whited out and written again in dark-blue ballpoint; the symbol
  "/QĐ-UBND" stays typed); page 2 is skewed -0.8°; page 3 was fed sideways (turned 90°).
* ``lang-son-2019-bao-cao-scan.pdf`` from ``lang-son-2019-bao-cao.pdf``, first 3 pages only (to keep test
  time low): greyscale, skewed 0.5°, no seal.

How: PDFium (pypdfium2) renders each source page at 300 dpi, converted to greyscale. Where the seal and
the handwriting go, on page 1 of the decision, the image becomes RGB: the typed digits are covered with a
white box and redrawn from digit skeletons (polylines) by a "pen" that wanders in a damped random walk,
slanted, in dark blue; the seal (two rings, a star, and short strokes along the ring that look like its
lettering) is laid on like ink, multiplying the page by a partly transparent red, so the print under it
stays dark in the red channel (which the OCR reads). Every page is then turned (white fill), blurred a
little, brought down to 200 dpi (a common scanner setting, and a third of the bytes of 300 dpi), given
Gaussian noise from numpy with a fixed seed per page, and saved as JPEG (quality 70) in a PDF written by
Pillow, whose creation and modification dates are fixed. Where the seal and the number go
is found in the source PDF's text (PDFium's character boxes) from values in the source's truth file.

Beside each PDF, ``NAME.truth.json`` holds what a careful reader gets from the scan: the source sample's
metadata (the document number being only the typed symbol part when the digits are handwritten; the
digits are under ``handwritten_number``), the awardees' full names (honorific and rank taken off the
name cell) and the footnotes whose text lies on the pages kept, all taken from the source's truth file.

Needs only pypdfium2, Pillow and numpy; the output is the same, byte for byte, on every run (with the
same versions of PDFium, Pillow and libjpeg).

    python samples/make_scanned.py
"""

from __future__ import annotations

import json
import math
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "scanned"
DPI = 300  # rendering, drawing, turning
SCALE = DPI / 72.0
SAVE_DPI = 200  # the scan as saved: a common office-scanner setting, and a third of the bytes of 300 dpi
JPEG_QUALITY = 70
NOISE_SIGMA = 6.0  # grey levels, per saved pixel
BLUR = 0.6  # pixels: the scanner's softness
INK_BLUE = (28, 36, 128)
SEAL_RED = (214, 28, 40)
SEAL_ALPHA = 0.8  # how much of the seal's colour the paper takes

# Honorifics and ranks that open a name cell in the decision's award list.
TITLES = ("Ông", "Bà", "Thượng tá", "Trung tá", "Thiếu tá", "Đại úy", "Thượng úy", "Trung úy", "Thiếu úy")

# Each scan: its source, the pages kept (1-based), and per page the skew (degrees, counter-clockwise), a
# quarter turn (degrees) and whether the seal and the handwritten number go on it.
SCANS = [
    {
        "name": "quyet-dinh-khen-thuong-2023-scan",
        "source": "quyet-dinh-khen-thuong-2023",
        "seed": 20230912,
        "date": "2023-09-12",
        "about": ("a scan of the award decision: page 1 skewed 1.2° with a red seal over the signature block and "
                  "the document number's digits handwritten in blue; page 2 skewed -0.8°; page 3 scanned sideways"),
        "pages": [
            {"page": 1, "skew": 1.2, "turn": 0, "seal": True, "handwritten_number": True},
            {"page": 2, "skew": -0.8, "turn": 0},
            {"page": 3, "skew": 0.0, "turn": 90},
        ],
    },
    {
        "name": "lang-son-2019-bao-cao-scan",
        "source": "lang-son-2019-bao-cao",
        "seed": 20191021,
        "date": "2019-10-21",
        "about": ("a scan of the first 3 pages of the seed report, skewed 0.5°: footnote 1 (33 lines at 10 pt) "
                  "at the foot of page 2; the signature is on a page not kept"),
        "pages": [
            {"page": 1, "skew": 0.5, "turn": 0},
            {"page": 2, "skew": 0.5, "turn": 0},
            {"page": 3, "skew": 0.5, "turn": 0},
        ],
    },
]

# Digit skeletons for the handwriting: strokes of points in a box 1 wide and 1 high, y downwards,
# y = 1 on the baseline.
DIGITS = {
    "0": [[(0.5 + 0.45 * math.cos(t / 16 * 2 * math.pi - math.pi / 2), 0.5 + 0.5 * math.sin(t / 16 * 2 * math.pi - math.pi / 2))
           for t in range(18)]],
    "1": [[(0.2, 0.25), (0.6, 0.0), (0.6, 1.0)]],
    "2": [[(0.1, 0.3), (0.22, 0.08), (0.5, 0.0), (0.8, 0.1), (0.88, 0.3), (0.72, 0.52), (0.1, 1.0), (0.95, 0.97)]],
    "3": [[(0.1, 0.1), (0.5, 0.0), (0.85, 0.15), (0.8, 0.35), (0.45, 0.47), (0.85, 0.6), (0.9, 0.82), (0.55, 1.0),
           (0.1, 0.9)]],
    "4": [[(0.7, 1.0), (0.7, 0.0), (0.05, 0.7), (0.95, 0.7)]],
    "5": [[(0.85, 0.0), (0.22, 0.02), (0.15, 0.45), (0.5, 0.36), (0.85, 0.52), (0.9, 0.8), (0.6, 1.0), (0.1, 0.92)]],
    "6": [[(0.8, 0.05), (0.45, 0.0), (0.15, 0.35), (0.1, 0.7), (0.3, 1.0), (0.7, 0.98), (0.88, 0.72), (0.6, 0.5),
           (0.25, 0.55), (0.12, 0.7)]],
    "7": [[(0.05, 0.0), (0.95, 0.0), (0.4, 1.0)]],
    "8": [[(0.5, 0.48), (0.85, 0.25), (0.5, 0.0), (0.15, 0.22), (0.5, 0.48), (0.9, 0.75), (0.5, 1.0), (0.1, 0.75),
           (0.5, 0.48)]],
    "9": [[(0.85, 0.3), (0.5, 0.5), (0.15, 0.3), (0.5, 0.0), (0.85, 0.2), (0.8, 0.6), (0.6, 1.0)]],
}


# ---------------------------------------------------------------------------------------------------
# Where things are on the source page


def char_boxes(page, text: str) -> tuple[float, float, float, float]:
    """The box (x0, bottom, x1, top; PDF points from the lower left) of the first occurrence of ``text``."""
    textpage = page.get_textpage()
    try:
        searcher = textpage.search(text, match_case=True)
        found = searcher.get_next()
        if not found:
            raise SystemExit(f"{text!r} not found on the source page")
        start, count = found
        boxes = [textpage.get_charbox(start + i) for i in range(count)]
    finally:
        textpage.close()
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def to_pixels(page_height: float, x: float, y: float) -> tuple[float, float]:
    return x * SCALE, (page_height - y) * SCALE


# ---------------------------------------------------------------------------------------------------
# Drawing


def pen_stroke(draw, rng, points: list[tuple[float, float]], width: int, colour, step: float = 2.0,
               wander: float = 0.55) -> None:
    """Draw a polyline through ``points`` (pixels) as a ballpoint would: resampled every ``step`` pixels and
    pushed off course by a damped random walk."""
    path = []
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        n = max(1, int(math.hypot(x1 - x0, y1 - y0) / step))
        path.extend((x0 + (x1 - x0) * i / n, y0 + (y1 - y0) * i / n) for i in range(n))
    path.append(points[-1])
    dx = dy = 0.0
    out = []
    for x, y in path:
        dx = 0.9 * dx + float(rng.normal(0.0, wander))
        dy = 0.9 * dy + float(rng.normal(0.0, wander))
        out.append((x + dx, y + dy))
    draw.line(out, fill=colour, width=width, joint="curve")


def handwrite(image, rng, digits: str, x: float, baseline: float, height: float) -> None:
    """Write ``digits`` in dark-blue ballpoint from (x, baseline) (pixels), ``height`` pixels tall, slanted."""
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    slant = 0.22
    for digit in digits:
        h = height * float(rng.uniform(0.92, 1.08))
        w = 0.45 * h
        base = baseline + float(rng.normal(0.0, 0.04 * height))
        for stroke in DIGITS[digit]:
            points = [(x + px * w + (1 - py) * h * slant, base - (1 - py) * h) for px, py in stroke]
            pen_stroke(draw, rng, points, width=5, colour=INK_BLUE)
        x += w + 0.12 * height * float(rng.uniform(0.6, 1.4))


def seal(image, rng, cx: float, cy: float, radius: float) -> None:
    """Stamp a red seal centred at (cx, cy) (pixels): rings, a star, lettering strokes along the ring.

    The ink multiplies the page (print under it stays dark), with an uneven, partly transparent coverage.
    """
    import numpy
    from PIL import Image, ImageDraw, ImageFilter

    mask = Image.new("L", image.size, 0)
    draw = ImageDraw.Draw(mask)
    for r, w in ((radius, 9), (radius * 0.93, 3), (radius * 0.62, 5)):
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=255, width=w)
    # A five-pointed star in the middle.
    star = []
    for k in range(10):
        r = radius * (0.22 if k % 2 == 0 else 0.09)
        angle = -math.pi / 2 + k * math.pi / 5
        star.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    draw.polygon(star, fill=255)
    # The lettering between the rings: short strokes standing on the circle, like capitals seen from afar.
    band = radius * 0.775
    letters = 34
    for k in range(letters):
        if k in (15, 16, 17):  # the gap at the bottom of the ring
            continue
        angle = -math.pi / 2 + k * 2 * math.pi / letters
        ux, uy = math.cos(angle), math.sin(angle)
        tx, ty = -uy, ux
        half = radius * 0.11
        shape = int(rng.integers(0, 3))
        base = (cx + band * ux, cy + band * uy)
        ends = [(base[0] - half * ux, base[1] - half * uy), (base[0] + half * ux, base[1] + half * uy)]
        if shape == 0:  # a bar
            pen_stroke(draw, rng, ends, width=4, colour=255, wander=0.3)
        elif shape == 1:  # an N-like zigzag
            w = radius * 0.05
            pts = [(ends[0][0] - w * tx, ends[0][1] - w * ty), (ends[1][0] - w * tx, ends[1][1] - w * ty),
                   (ends[0][0] + w * tx, ends[0][1] + w * ty), (ends[1][0] + w * tx, ends[1][1] + w * ty)]
            pen_stroke(draw, rng, pts, width=4, colour=255, wander=0.3)
        else:  # an open box, like a U or a C
            w = radius * 0.045
            pts = [(ends[1][0] - w * tx, ends[1][1] - w * ty), (ends[0][0] - w * tx, ends[0][1] - w * ty),
                   (ends[0][0] + w * tx, ends[0][1] + w * ty), (ends[1][0] + w * tx, ends[1][1] + w * ty)]
            pen_stroke(draw, rng, pts, width=4, colour=255, wander=0.3)
    # Uneven inking: coverage between 55% and 100% of SEAL_ALPHA, in soft patches.
    x0, y0 = int(cx - radius - 10), int(cy - radius - 10)
    size = int(2 * radius + 20)
    patch = Image.fromarray((rng.uniform(0.55, 1.0, (size // 8 + 1, size // 8 + 1)) * 255).astype(numpy.uint8))
    patch = patch.resize((size, size), Image.BICUBIC)
    coverage = numpy.zeros((image.size[1], image.size[0]), dtype=numpy.float32)
    coverage[y0:y0 + size, x0:x0 + size] = numpy.asarray(patch, dtype=numpy.float32) / 255.0
    ink = numpy.asarray(mask.filter(ImageFilter.GaussianBlur(0.8)), dtype=numpy.float32) / 255.0 * coverage * SEAL_ALPHA
    pixels = numpy.asarray(image, dtype=numpy.float32)
    colour = numpy.array(SEAL_RED, dtype=numpy.float32) / 255.0
    factor = 1.0 - ink[..., None] * (1.0 - colour[None, None, :])
    image.paste(Image.fromarray(numpy.clip(pixels * factor + 0.5, 0, 255).astype(numpy.uint8), "RGB"))


def finish(image, rng, skew: float, turn: int):
    """Skew, quarter turn, scanner blur, the scanner's resolution and noise, as the scanner adds them."""
    import numpy
    from PIL import Image, ImageFilter

    white = (255,) * len(image.getbands())
    if skew:
        image = image.rotate(skew, resample=Image.BICUBIC, fillcolor=white if len(white) > 1 else 255)
    if turn:
        image = image.rotate(turn, expand=True)
    image = image.filter(ImageFilter.GaussianBlur(BLUR))
    image = image.resize((round(image.size[0] * SAVE_DPI / DPI), round(image.size[1] * SAVE_DPI / DPI)), Image.LANCZOS)
    pixels = numpy.asarray(image, dtype=numpy.float32)
    noise = rng.normal(0.0, NOISE_SIGMA, pixels.shape[:2]).astype(numpy.float32)
    if pixels.ndim == 3:
        noise = noise[..., None]
    # Paper is not quite white, print not quite black.
    pixels = 14.0 + pixels * (236.0 / 255.0) + noise
    return Image.fromarray(numpy.clip(pixels + 0.5, 0, 255).astype(numpy.uint8), image.mode)


# ---------------------------------------------------------------------------------------------------
# A scan


def scan(spec: dict, truth: dict) -> list:
    import numpy
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(HERE / f"{spec['source']}.pdf"))
    images = []
    try:
        for index, page_spec in enumerate(spec["pages"]):
            rng = numpy.random.default_rng(spec["seed"] + index)
            page = pdf[page_spec["page"] - 1]
            height = page.get_height()
            image = page.render(scale=SCALE, draw_annots=False).to_pil().convert("L")
            if page_spec.get("seal") or page_spec.get("handwritten_number"):
                image = image.convert("RGB")
            if page_spec.get("handwritten_number"):
                digits = truth["metadata"]["doc_number"].split("/")[0]
                x0, bottom, x1, top = char_boxes(page, digits)
                symbol_x = char_boxes(page, "/" + truth["metadata"]["doc_number"].split("/", 1)[1])[0]
                from PIL import ImageDraw

                left, right = to_pixels(height, x0 - 1.2, top + 1.5), to_pixels(height, min(x1 + 0.3, symbol_x - 0.3), bottom - 2.5)
                ImageDraw.Draw(image).rectangle([left, right], fill=(255, 255, 255))
                x, baseline = to_pixels(height, x0 - 2.5, bottom + 0.8)
                handwrite(image, rng, digits, x, baseline, height=11.5 * SCALE)
            if page_spec.get("seal"):
                role_last = truth["metadata"]["signer_role"].split(" / ")[-1]
                name = char_boxes(page, truth["metadata"]["signer_name"])
                role = char_boxes(page, role_last)
                # Over the left half of the block, between the role and the name, as a seal is pressed.
                cx, cy = to_pixels(height, role[0] + 18, (role[1] + name[3]) / 2 + 4)
                seal(image, rng, cx, cy, radius=48 * SCALE)
            images.append(finish(image, rng, page_spec["skew"], page_spec["turn"]))
            page.close()
    finally:
        pdf.close()
    return images


def person_names(truth: dict) -> list[str]:
    """The award list's people: name cells of group "II. Cá nhân" without honorific or rank."""
    out = []
    for row in truth.get("table", []):
        if row["kind"] != "row" or "Cá nhân" not in row["group"]:
            continue
        name = row["name"]
        title = next((t for t in sorted(TITLES, key=len, reverse=True) if name.startswith(t + " ")), "")
        out.append(name[len(title):].strip())
    return out


def scan_truth(spec: dict, truth: dict) -> dict:
    kept = [p["page"] for p in spec["pages"]]
    meta = {key: truth["metadata"][key] for key in ("doc_type", "doc_number", "issuer", "issuer_parent",
                                                     "issue_place", "issue_date", "title", "signer_role",
                                                     "signer_name")}
    notes = {}
    if any(p.get("handwritten_number") for p in spec["pages"]):
        digits, symbol = truth["metadata"]["doc_number"].split("/", 1)
        meta["doc_number"] = "/" + symbol
        meta["handwritten_number"] = digits
        meta["full_doc_number"] = truth["metadata"]["doc_number"]
    if truth.get("signature_page") not in kept:
        meta["signer_role"] = meta["signer_name"] = ""
        notes["signature"] = f"on source page {truth.get('signature_page')}, not kept"
    return {
        "file": f"{spec['name']}.pdf",
        "source_sample": f"samples/{spec['source']}.pdf",
        "source": "samples/make_scanned.py",
        "about": spec["about"],
        "page_count": len(kept),
        "pages": [{"page": n, "source_page": p["page"], "skew_deg": p["skew"], "turned_deg": p["turn"],
                   "seal": bool(p.get("seal")), "handwritten_number": bool(p.get("handwritten_number"))}
                  for n, p in enumerate(spec["pages"], start=1)],
        "metadata": meta,
        **({"notes": notes} if notes else {}),
        "persons": person_names(truth),
        "footnotes": [{"number": note["number"], "text": note["text"],
                       "pages": [kept.index(p) + 1 for p in note["pages"]]}
                      for note in truth.get("footnotes", []) if all(p in kept for p in note["pages"])],
    }


def save_pdf(images: list, path: Path, date: str) -> None:
    stamp = time.strptime(f"{date} 01:00:00", "%Y-%m-%d %H:%M:%S")  # 08:00 Vietnam time, in UTC
    images[0].save(path, "PDF", save_all=True, append_images=images[1:], resolution=float(SAVE_DPI),
                   quality=JPEG_QUALITY, title=path.stem, creationDate=stamp, modDate=stamp)


def main() -> int:
    OUT.mkdir(exist_ok=True)
    for spec in SCANS:
        truth = json.loads((HERE / f"{spec['source']}.truth.json").read_text(encoding="utf-8"))
        images = scan(spec, truth)
        path = OUT / f"{spec['name']}.pdf"
        save_pdf(images, path, spec["date"])
        (OUT / f"{spec['name']}.truth.json").write_text(
            json.dumps(scan_truth(spec, truth), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"{path.relative_to(HERE.parent)}: {len(images)} pages, {path.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
