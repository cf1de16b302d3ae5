"""Page geometry shared by the character sources: PDF user space -> pdfplumber's page coordinates."""

from __future__ import annotations


class Frame:
    """Maps PDF user space to pdfplumber's page coordinates (display orientation, origin top left).

    pdfminer turns a page with ``/Rotate`` by a matrix built from the MediaBox and measures from the
    turned box; pdfplumber then flips y. Both are reproduced here, quirks included (for a MediaBox not
    at the origin, ``top`` is measured from the box's height, not from its top edge).
    """

    def __init__(self, mediabox: tuple[float, float, float, float], rotation: int):
        x0, x1 = sorted((mediabox[0], mediabox[2]))
        y0, y1 = sorted((mediabox[1], mediabox[3]))
        if rotation == 90:
            self.ctm = (0.0, -1.0, 1.0, 0.0, -y0, x1)
        elif rotation == 180:
            self.ctm = (-1.0, 0.0, 0.0, -1.0, x1, y1)
        elif rotation == 270:
            self.ctm = (0.0, 1.0, -1.0, 0.0, y1, -x0)
        else:
            self.ctm = (1.0, 0.0, 0.0, 1.0, -x0, -y0)
        self.turned = rotation != 0
        # pdfplumber's normalised and inverted MediaBox.
        nx0, ny0, nx1, ny1 = (y0, x0, y1, x1) if rotation in (90, 270) else (x0, y0, x1, y1)
        self.width = nx1 - nx0
        self.height = ny1 - ny0
        self.shift_x = nx0
        self.shift_top = self.height - ny1
        # Unturned: x = x + offset_x, top = offset_top - y.
        self.offset_x = self.ctm[4] + self.shift_x
        self.offset_top = self.height + self.shift_top - self.ctm[5]

    def point(self, x: float, y: float) -> tuple[float, float]:
        """(x, top) of a user-space point."""
        a, b, c, d, e, f = self.ctm
        return a * x + c * y + e + self.shift_x, self.height - (b * x + d * y + f) + self.shift_top

    def box(self, points) -> tuple[float, float, float, float]:
        """(x0, x1, top, bottom) bounding the user-space ``points``."""
        xs, tops = zip(*(self.point(x, y) for x, y in points))
        return min(xs), max(xs), min(tops), max(tops)
