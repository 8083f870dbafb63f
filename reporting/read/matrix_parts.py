"""A percent matrix wider than the page, its columns set in two blocks one under the other.

The typist sets the first columns under the headings with the rows' labels, then the other
columns in a second block under their own headings, the rows' labels repeated, the column of
row totals ("All loans") last. The table finder reads each block as a matrix of its own: the
first with no totals, the second with totals its own cells do not add up to. Read together,
the rows add up: that, not the layout alone, makes them one matrix.
"""

from __future__ import annotations

from dataclasses import replace

from reporting.model.deal import PercentMatrix

# Lines between the first block's last line and the second's first: blank lines, a page break.
_MOST_LINES_BETWEEN = 12
_ROUNDING = 0.02  # percent points a row may be off its total: its cells rounded to 0.01


def joined_blocks(
    matrices: tuple[PercentMatrix, ...],
) -> tuple[tuple[PercentMatrix, ...], tuple[PercentMatrix, ...]]:
    """The matrices, each one set in two blocks of columns read as one; and the columns of row totals
    set alone that joined none (not matrices: left out)."""
    out: list[PercentMatrix] = []
    for matrix in matrices:
        if out and (whole := _joined(out[-1], matrix)) is not None:
            out[-1] = whole
        else:
            out.append(matrix)
    return tuple(m for m in out if m.col_labels), tuple(m for m in out if not m.col_labels)


def _joined(first: PercentMatrix, second: PercentMatrix) -> PercentMatrix | None:
    """The two as one matrix, where ``second`` holds the columns ``first`` leaves off: right under it, the same
    rows of the same loans, the totals column in one of them only, and the rows adding up only together."""
    with_totals = second if first.row_totals is None else first
    if (
        first.pool != second.pool
        or first.row_labels != second.row_labels
        or (first.row_totals is None) == (second.row_totals is None)
        or not first.line_range
        or not second.line_range
        or not 0 <= second.line_range[0] - first.line_range[-1] <= _MOST_LINES_BETWEEN
        or any(len(row) != len(first.col_labels) for row in first.cells)
        or None not in (first.under_bound, second.under_bound)
        and first.under_bound != second.under_bound
    ):
        return None
    totals = with_totals.row_totals or ()
    cells = tuple(a + b for a, b in zip(first.cells, second.cells))
    if _add_up(with_totals.cells, totals, with_totals) or not _add_up(cells, totals, with_totals):
        return None
    before, width = len(first.col_labels), len(first.col_labels) + len(second.col_labels)

    def place(at: tuple[int, ...], block: PercentMatrix, offset: int) -> tuple[int, int]:
        """A marked figure's place in the whole: the totals column last, after both blocks' cells."""
        row, column = at
        return (row, width) if column == len(block.col_labels) else (row, column + offset)

    return replace(
        with_totals,
        title=first.title,
        row_header=first.row_header or second.row_header,
        col_header=first.col_header or second.col_header,
        col_labels=first.col_labels + second.col_labels,
        cells=cells,
        col_totals=(first.col_totals or ()) + (second.col_totals or ())
        if first.col_totals or second.col_totals
        else None,
        line_range=(first.line_range[0], second.line_range[-1]),
        row_source_lines=tuple(a + b for a, b in zip(first.row_source_lines, second.row_source_lines)),
        total_source_lines=first.total_source_lines + second.total_source_lines,
        warnings=first.warnings + second.warnings,
        footnotes=tuple(dict.fromkeys(first.footnotes + second.footnotes)),
        marked=tuple(place(at, first, 0) for at in first.marked)
        + tuple(place(at, second, before) for at in second.marked),
        under_bound=first.under_bound if first.under_bound is not None else second.under_bound,
        bound_note=first.bound_note or second.bound_note,
    )


def _add_up(cells: tuple[tuple[float, ...], ...], totals: tuple[float, ...], holder: PercentMatrix) -> bool:
    """Each row's cells add up to its total, to the filing's rounding (and any figure under a bound)."""
    slack = (holder.under_bound or 0.0) / 2
    return all(abs(sum(row) - total) <= _ROUNDING + slack * len(row) + 1e-9 for row, total in zip(cells, totals))
