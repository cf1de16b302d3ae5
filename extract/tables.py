"""Ruled tables: cells from the strokes of a page, and the lines that fall in each cell.

The grid is found with pdfplumber's edge algorithms (merge strokes, intersect, close cells), run on this
project's :class:`~baocao.extract.model.Rule` objects, so any character source that reports strokes gets tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Line, Rule

SNAP = 3.0  # points within which strokes are taken as one
MIN_CELLS = 4


@dataclass
class Grid:
    """One ruled table on one page: column edges, and its rows as lists of cell boxes."""

    page: int
    bbox: tuple[float, float, float, float]
    columns: list[float]  # x0 of every column
    rows: list[list[tuple[float, float, float, float]]] = field(default_factory=list)

    def contains(self, line: Line) -> bool:
        x0, top, x1, bottom = self.bbox
        cx = (line.x0 + line.x1) / 2
        cy = (line.top + line.bottom) / 2
        return x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1


def find_grids(rules: list[Rule], page: int) -> list[Grid]:
    """Ruled tables of a page (at least two rows and two columns of closed cells)."""
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    edges = []
    for rule in rules:
        if rule.horizontal:
            if rule.x1 - rule.x0 < 3:
                continue
            y = (rule.top + rule.bottom) / 2
            edges.append({"x0": rule.x0, "x1": rule.x1, "top": y, "bottom": y, "width": rule.x1 - rule.x0,
                          "height": 0.0, "orientation": "h", "object_type": "line"})
        else:
            if rule.bottom - rule.top < 3:
                continue
            x = (rule.x0 + rule.x1) / 2
            edges.append({"x0": x, "x1": x, "top": rule.top, "bottom": rule.bottom, "width": 0.0,
                          "height": rule.bottom - rule.top, "orientation": "v", "object_type": "line"})
    if len(edges) < 6:
        return []
    edges = merge_edges(edges, SNAP, SNAP, SNAP, SNAP)
    cells = intersections_to_cells(edges_to_intersections(edges, SNAP, SNAP))
    grids = []
    for table in cells_to_tables(cells):
        if len(table) < MIN_CELLS:
            continue
        tops = sorted({round(cell[1], 1) for cell in table})
        lefts = sorted({round(cell[0], 1) for cell in table})
        if len(tops) < 2 or len(lefts) < 2:
            continue
        rows: dict[float, list] = {}
        for cell in table:
            rows.setdefault(round(cell[1], 1), []).append(cell)
        bbox = (min(c[0] for c in table), min(c[1] for c in table), max(c[2] for c in table), max(c[3] for c in table))
        grid = Grid(page=page, bbox=bbox, columns=_merge_close(lefts))
        grid.rows = [sorted(rows[top], key=lambda c: c[0]) for top in sorted(rows)]
        grids.append(grid)
    return grids


def _merge_close(values: list[float], tolerance: float = SNAP) -> list[float]:
    merged: list[float] = []
    for value in values:
        if not merged or value - merged[-1] > tolerance:
            merged.append(value)
    return merged


def grid_rows(grid: Grid, lines: list[Line]) -> list[list[list[Line]]]:
    """The lines of each cell, row by row, each row padded to the grid's columns."""
    out = []
    taken: set[int] = set()
    for row in grid.rows:
        cells: list[list[Line]] = [[] for _ in grid.columns]
        for cell in row:
            x0, top, x1, bottom = cell
            column = _column(grid.columns, x0)
            for index, line in enumerate(lines):
                if index in taken:
                    continue
                cx = (line.x0 + line.x1) / 2
                cy = (line.top + line.bottom) / 2
                if x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1:
                    cells[column].append(line)
                    taken.add(index)
        if any(cells):
            out.append(cells)
    return out


def _column(columns: list[float], x0: float) -> int:
    best = 0
    for index, left in enumerate(columns):
        if left <= x0 + SNAP:
            best = index
    return best
