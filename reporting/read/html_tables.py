"""An HTML table set as a text filing sets it: fixed-width columns, a label column, figures
right-aligned under their headings, a dash rule above the first row of figures.

EDGAR HTML puts "$" and "%" in cells of their own, leaves spacer cells and columns, spans
headings over several columns (colspan) and several heading rows (rowspan). The cells are
first laid on a grid as the browser would lay them; the columns holding figures in the rows
of figures are the table's columns; every other cell joins the label, the figure column it
stands over, or, spanning several, becomes a heading over them ("Loan-to-value ratio").
The text parser (``read/tables.py``) then reads the table as it reads a text filing's.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

NUMERIC_CELL = re.compile(r"^[$(]?\s*[\d,]+(\.\d+)?\s*%?\)?$")
_BEFORE_A_FIGURE = ("$", "(")  # a cell of its own, glued to the figure after it
_AFTER_A_FIGURE = ("%", ")", "*", "**")  # glued to the figure before it; "*": a footnote marker
_GAP = "    "
MAX_SPAN = 100  # columns or rows one cell may span: real tables span a few; more is damage
MAX_COLUMNS = 1000  # a table's grid columns, "$" and spacer cells included: real ones have a few dozen


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    columns: int = 1  # colspan
    rows: int = 1  # rowspan


@dataclass(frozen=True, slots=True)
class _Placed:
    text: str
    start: int  # the grid columns it covers: start .. end - 1
    end: int


def lay_out_table(rows: list[list[Cell]]) -> str:
    """Fixed-width text for an HTML table's rows of cells."""
    grid = [row for row in _grid(rows) if any(p.text for p in row)]
    titled = list(itertools.takewhile(lambda row: sum(1 for p in row if p.text) == 1, grid))
    if titled and len(titled) < len(grid):
        # Rows of one cell before the first of several (a title in a row of its own, spanning the
        # table, as EDGAR HTML often has it) are its title: above it, a blank line between.
        title = "\n".join(next(p.text for p in row if p.text) for row in titled)
        return title + "\n\n" + _lay_out_grid(grid[len(titled) :])
    return _lay_out_grid(grid)


def _lay_out_grid(grid: list[list[_Placed]]) -> str:
    data = _data_rows(grid)
    figures = _columns_of([grid[i] for i in data])
    if not figures:
        return "\n".join(_GAP.join(p.text for p in row if p.text) for row in grid)
    laid = [_row(row, figures) for row in grid]
    first_data = data[0]
    fixed = [cells for cells, spanning in laid if spanning is None]
    widths = [max((len(cells[i]) for cells in fixed), default=0) for i in range(len(figures) + 1)]
    lines: list[str] = []
    for index, (cells, spanning) in enumerate(laid):
        if index == first_data and index > 0:
            lines.append(_GAP.join("-" * w for w in widths))
        if spanning is not None and index > first_data:
            lines.append(_GAP.join(t for t in (cells[0], spanning[0]) if t))  # a note across the table
            continue
        if spanning is not None:
            # A heading over several figure columns ("Loan-to-value ratio"), set from the first
            # of them on and underlined, as a text filing sets it; it widens no column.
            text, first = spanning
            indent = sum(w + len(_GAP) for w in widths[: first + 1])
            label = cells[0].ljust(widths[0])
            lines.append((label + " " * (indent - len(label)) + text).rstrip())
            lines.append(("-" * len(cells[0])).ljust(indent) + "-" * len(text))
            continue
        line = [cells[0].ljust(widths[0])] + [cell.rjust(w) for cell, w in zip(cells[1:], widths[1:])]
        lines.append(_GAP.join(line).rstrip())
    return "\n".join(lines)


def _grid(rows: list[list[Cell]]) -> list[list[_Placed]]:
    """Each cell at the grid columns it covers, past the cells above that span into its row."""
    carry: dict[int, int] = {}  # column -> rows below the current one a cell above still covers
    grid = []
    for row in rows:
        covered = set(carry)
        carry = {column: left - 1 for column, left in carry.items() if left > 1}
        placed, column = [], 0
        for cell in row:
            while column in covered:
                column += 1
            if column >= MAX_COLUMNS:
                break  # a damaged table spanning ever wider: the rest of its row is dropped
            span = min(max(cell.columns, 1), MAX_SPAN)
            placed.append(_Placed(cell.text, column, column + span))
            for spanned in range(column, column + span) if cell.rows > 1 else ():
                carry[spanned] = min(cell.rows, MAX_SPAN) - 1
            column += span
        grid.append(placed)
    return grid


def _looks_like_figures(row: list[_Placed]) -> bool:
    """A label, then figures ("$" and "%" apart or not), at least one."""
    rest = [p.text for p in row if p.text][1:]
    return (
        bool(rest)
        and any(NUMERIC_CELL.match(t) for t in rest)
        and all(NUMERIC_CELL.match(t) or t in _BEFORE_A_FIGURE or t in _AFTER_A_FIGURE for t in rest)
    )


def _columns_of(rows: list[list[_Placed]]) -> list[int]:
    return sorted({p.end - 1 for row in rows for p in [p for p in row if p.text][1:] if NUMERIC_CELL.match(p.text)})


def _data_rows(grid: list[list[_Placed]]) -> list[int]:
    """The rows of figures: those that look so, whose label stands left of every figure column (a
    heading row such as "and below | 75.000% | 80.000%", its corner blank, is none)."""
    looks = [i for i, row in enumerate(grid) if _looks_like_figures(row)]
    columns = _columns_of([grid[i] for i in looks])
    return [i for i in looks if columns and next(p for p in grid[i] if p.text).end <= columns[0]]


def _row(row: list[_Placed], figures: list[int]) -> tuple[list[str], tuple[str, int] | None]:
    """The row as [label, a text per figure column], and a heading spanning several, if any."""
    cells = [""] * (len(figures) + 1)
    spanning: tuple[str, int] | None = None
    pending = ""  # a "$" or "(" waiting for its figure
    for placed in row:
        if not placed.text:
            continue
        # The figure columns it covers: figures[first:past] (the columns are sorted).
        first, past = bisect.bisect_left(figures, placed.start), bisect.bisect_left(figures, placed.end)
        if past == first == 0:
            cells[0] = f"{cells[0]} {placed.text}".strip()  # the label, however many cells it takes
        elif past - first > 1 and not NUMERIC_CELL.match(placed.text):
            spanning = (placed.text, first)
        elif placed.text in _BEFORE_A_FIGURE:
            pending += placed.text
        elif placed.text in _AFTER_A_FIGURE:
            if past > 0:
                cells[past] += placed.text  # the figure column before its end
        else:
            # Over its own figure column, or over the next one (a heading above the "$" cell).
            index = min(first, len(figures) - 1)
            cells[index + 1] = f"{cells[index + 1]} {pending}{placed.text}".strip()
            pending = ""
    return cells, spanning
