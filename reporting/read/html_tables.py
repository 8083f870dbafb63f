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
from collections import Counter
from dataclasses import dataclass

from reporting.read.approximate import APPROXIMATELY
from reporting.read.dates import DATE_PATTERN
from reporting.read.pages import FAR_NUMBER_INDENT, looks_like_a_page_number
from reporting.read.tables import NOTES_MARK, is_title_like, is_total_line, is_zero_dash

# A figure as a cell holds it: "1,225", "$619,800,778", "0.36%", "(1,000)", "$ (1,000)".
NUMERIC_CELL = re.compile(r"^\$?\s*\(?\s*\$?\s*\d[\d,]*(\.\d+)?\s*%?\s*\)?$")
# A figure's digit groups set apart after a thousands comma ("619, 800,778": its pieces in <span>s on two
# source lines, which a browser shows with a space between): one figure, as a cell holds one. Only a
# cell that is then a figure, grouped in threes, is joined: "Alabama, 12" or "2003, 2004" stay as they are.
_GROUPS_APART = re.compile(r"(?<=\d,)\s+(?=\d{3}(?!\d))")
_GROUPED_FIGURE = re.compile(r"\$?\s*\(?\s*\$?\s*\d{1,3}(?:,\d{3})+(?:\.\d+)?\s*%?\s*\)?")
# A figure grouped in threes by spaces, as some printers set thousands ("619 800 778", a no-break or thin
# space read as one): in a cell of its own it is one figure, which a text line cannot say ("1 902 341" there
# may be a count of 1 and a balance). Read as the commas would write it.
_GROUPED_BY_SPACES = re.compile(r"(\$?\s*\(?\s*\$?\s*)(\d{1,3}(?: \d{3})+)((?:\.\d+)?\s*%?\s*\)?)")
_BEFORE_A_FIGURE = ("$", "(")  # a cell of its own, glued to the figure after it
_AFTER_A_FIGURE = ("%", ")")  # glued to the figure before it, as a footnote's mark alone is (``_is_mark``)
# A footnote's mark in a cell of its own ("*", "(1)", "(a)", a <sup>1</sup> read as "(1)"): after a label,
# the label's; after a figure, glued to it, as a text filing sets it ("15,681,653(1)"). Never a figure:
# "(1)" passed for a negative one, and the row's figures slid a column.
_MARK_ALONE = re.compile(NOTES_MARK)
# A footnote's mark before the figure in its cell ("(1) 29"): the mark goes with what stands before the
# figure (``_marks_apart``), as a text filing sets it ("Multi-family Dwellings(1)   29").
_MARK_THEN_FIGURE = re.compile(rf"({NOTES_MARK})\s*(\S.*)")
_GAP = "    "
MAX_SPAN = 100  # columns or rows one cell may span: real tables span a few; more is damage
# Lines of one cell set apart as rows (``_stacked_rows_apart``): real tables have 39 rows at most, a report 250.
MAX_STACKED_LINES = 250
# Figures set apart in one cell, and columns of such cells, that a table is read with: real ones hold two or three in
# a column or two; a hostile table of many, each set apart, would grow its grid by their product.
MOST_FIGURES_IN_A_CELL = 6
MOST_SHARED_COLUMNS = 12
MAX_COLUMNS = 1000  # a table's grid columns, "$" and spacer cells included: real ones have a few dozen
# A cell wider than this stands in its own row as it is, and widens no column: one cell of a
# million characters would otherwise pad every row of the table to a million (a 0.5 MB file
# took 1.8 GB). Real labels are a few dozen characters; a heading may say more ("Number of Loans
# (each mortgage loan counted once ...)"), and a table has a few lines of them.
WIDEST_COLUMN = 200
WIDEST_HEADING = 1000


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    columns: int = 1  # colspan
    rows: int = 1  # rowspan
    lines: tuple[str, ...] = ()  # its lines, where its tags set it over several ("73<br>1,152")
    # Its pieces, where runs of no-break spaces set them apart on its one line ("73&nbsp;&nbsp;&nbsp;$34,980,358")
    pieces: tuple[str, ...] = ()
    # Its one line as a browser shows it where the cell keeps its spaces (no-break spaces, a <pre>, "white-space:
    # pre"): a text filing's printed line set in a cell, its columns in spaces (``ingest._printed_lines``)
    shown: str | None = None


@dataclass(frozen=True, slots=True)
class _Placed:
    text: str
    start: int  # the grid columns it covers: start .. end - 1
    end: int
    down: int = 1  # the rows it covers: its own and those under it (rowspan)
    parts: tuple[str, ...] = ()  # what it holds set apart: its lines, or its pieces on one line (``Cell``)


@dataclass(frozen=True, slots=True)
class LaidOut:
    """A table laid out as text, and why it is not to be read where it is not (its text still stands in the
    filing's): a row of its headings stands over its columns of figures in no way the reader can be sure of
    (which heading each figure is under is not known), or its cells hold several rows' figures each
    (``_stacked_rows_apart``) beside lines they cannot be matched with."""

    text: str
    unread: str = ""  # why the table is not read: the end of a sentence, "its column headings ... not misread"


# Why an HTML table is not read: its headings cannot be placed, or its stacked rows cannot be set apart.
HEADINGS_UNPLACED = (
    "its column headings, as the HTML sets them, do not stand over its columns of figures one to a column,"
    " so which heading each figure is under is not certain; left out, not misread"
)
ROWS_UNMATCHED = (
    "its cells, as the HTML sets them, hold several rows' figures one to a line, beside cells whose lines do not"
    " match them one for one, so which row each figure is of is not certain; left out, not misread"
)


def lay_out_table(rows: list[list[Cell]]) -> LaidOut:
    """Fixed-width text for an HTML table's rows of cells; two tables set side by side in one
    grid, one under the other, as a text filing would have them."""
    rows, unsure = _stacked_rows_apart(rows)
    rows = _ranges_in_one_cell(_without_row_numbers(rows))
    grid, from_above = _shared_cells_apart(*_grid(_markers_in_line(rows)))
    grid = _rows_in_line([_marks_apart(row) for row in grid])
    laid, unplaced = [], False
    for part, above in _side_by_side(grid, from_above):
        placed, every_one = _headings_over_their_figures(part)
        laid.append(_lay_out_part(placed, above))
        unplaced = unplaced or not every_one
    return LaidOut("\n\n\n".join(laid), ROWS_UNMATCHED if unsure else HEADINGS_UNPLACED if unplaced else "")


def _stacked_rows_apart(rows: list[list[Cell]]) -> tuple[list[list[Cell]], bool]:
    """The rows with each row set in one row of cells, a column's figures one to a line in a cell ("2003<br>2004 |
    73<br>1,152 | $34,980,358<br>584,820,420"), set apart as a browser shows them: the cells' lines side by side.
    And whether a row holds figures stacked so that which line goes with which cannot be told (cells of
    different numbers of lines, or a line of words or a figure beside them): read joined, each row took another's
    figures. Two such cells at least make a row of stacked figures: one alone is a label or heading over lines."""
    apart, unsure = [], False
    for row in rows:
        stacked = [cell for cell in row if sum(1 for line in cell.lines if _is_figure(line)) > 1]
        if len(stacked) < 2:  # one cell of figures over each other ("$150,000<br>through<br>$199,999"): a label
            apart.append(row)
            continue
        height = len(stacked[0].lines)
        if any(cell.rows > 1 or len(cell.lines) not in (0, height) or _alone_beside(cell) for cell in row):
            unsure = True
            apart.append(row)
            continue
        for line in range(height):
            apart.append([_line_of(cell, line) for cell in row])
    return apart, unsure


def _alone_beside(cell: Cell) -> bool:
    """A cell of one line of words beside cells of several lines: which of their lines it goes with is not known."""
    return not cell.lines and bool(cell.text.strip()) and cell.text not in (*_BEFORE_A_FIGURE, *_AFTER_A_FIGURE)


def _line_of(cell: Cell, line: int) -> Cell:
    """The cell's ``line``-th line, as a cell of its own; a cell of one line ("$") stands on the first."""
    if cell.lines:
        return Cell(cell.lines[line], cell.columns)
    return Cell(cell.text if line == 0 else "", cell.columns)


# A row's number in a cell of its own before its label: "1.", "2", "(3)", "4)".
_ROW_NUMBER = re.compile(r"^\(?(\d{1,3})[.)]?$")


def _without_row_numbers(rows: list[list[Cell]]) -> list[list[Cell]]:
    """The rows without the numbers some filers put before each label in a column of their own ("1. |
    2003 | 73 | $ | 34,980,358"): they would join the label ("1. 2003") or pass for a figure. A column
    of them is 1, 2, 3, ... down the rows that have one, and another row (the headings, the Total)
    leaves it blank with words in the next cell: the labels' column is the second. (A first column
    of labels that are numbers, "1 | 1,197 | ...", has its heading and its Total in the first.)"""
    numbered = [
        (row, int(number.group(1)))
        for row in rows
        if len(row) > 2 and (number := _ROW_NUMBER.match(row[0].text.strip()))
    ]
    if len(numbered) < 2 or [n for _, n in numbered] != list(range(numbered[0][1], numbered[0][1] + len(numbered))):
        return rows
    numbers = {id(row) for row, _ in numbered}
    if not any(
        len(row) > 1 and not row[0].text.strip() and row[1].text.strip() and not _is_figure(row[1].text.strip())
        for row in rows
        if id(row) not in numbers
    ):
        return rows
    return [[Cell("", row[0].columns, row[0].rows), *row[1:]] if id(row) in numbers else row for row in rows]


# A bucket's label set as a range in cells of its own, as printers align its ends: "5.250% | - | 5.500%",
# "$150,000 | through | $199,999", each end's "$" or "%" in a cell of its own or not (the kinds of its cells, "D" a
# "$", "P" a "%", "F" a figure, "J" the word or dash between: ``_range_kinds``).
_RANGE_CELLS = re.compile(r"D?FP?JD?FP?")
_RANGE_WORD = re.compile(r"-|\u2013|\u2014|to|through|thru", re.I)


def _ranges_in_one_cell(rows: list[list[Cell]]) -> list[list[Cell]]:
    """The rows with a label set as a range over several cells (``_RANGE_CELLS``) in one cell, as the label a reader
    sees. Its ends passed for figures, its dash for a zero: each such row's figures stood columns right of the other
    rows', and its label read "5.250%    -    5.500%", its heading another column's. Only where the row is then as
    many figures as the rows labelled in words (its Total's), the first in the grid column theirs stand in: "2003 | - |
    $ | 34,980,358" is a year and a zero."""
    worded = [row for row in rows if _starts_with_words(row) and _figure_count(row)]
    width = max((_figure_count(row) for row in worded), default=0)
    firsts = {_first_figure_column(row) for row in worded}
    return [_range_joined(row, width, firsts) for row in rows]


def _range_joined(row: list[Cell], width: int, firsts: set[int]) -> list[Cell]:
    start = next((k for k, cell in enumerate(row) if cell.text.strip()), None)
    if start is None or not width:
        return row
    texted = [k for k in range(start, len(row)) if row[k].text.strip()]
    kinds = "".join(_range_kind(row[k].text.strip()) for k in texted)
    match = _RANGE_CELLS.match(kinds)
    if match is None:
        return row
    ends = [row[k].text.strip() for k in texted[: match.end()]]
    if _figure_count(row) - sum(1 for text in ends if _is_figure(text)) != width:
        return row
    last = texted[match.end() - 1]
    label = re.sub(r"(?<=\$) | (?=%)", "", " ".join(ends))  # "$ 150,000": "$150,000"; "5.250 %": "5.250%"
    joined = [*row[:start], Cell(label, sum(cell.columns for cell in row[start : last + 1])), *row[last + 1 :]]
    return joined if _first_figure_column(joined) in firsts else row


def _first_figure_column(row: list[Cell]) -> int:
    """The grid column a row's first figure stands in: the spans of its cells before it added up."""
    first = next((k for k, cell in enumerate(row) if cell.text.strip() and _is_figure(cell.text.strip())), len(row))
    return sum(max(cell.columns, 1) for cell in row[:first])


def _range_kind(text: str) -> str:
    if text == "$":
        return "D"
    if text == "%":
        return "P"
    if _RANGE_WORD.fullmatch(text):
        return "J"
    return "F" if NUMERIC_CELL.match(text) and not _is_mark(text) else "T"


def _figure_count(row: list[Cell]) -> int:
    return sum(1 for cell in row if cell.text.strip() and _is_figure(cell.text.strip()))


def _starts_with_words(row: list[Cell]) -> bool:
    first = next((cell.text.strip() for cell in row if cell.text.strip()), "")
    return bool(first) and _range_kind(first) == "T"


def goes_on_from(above: list[list[Cell]], below: list[list[Cell]]) -> bool:
    """Whether a table set right under another, nothing between them, is more rows of it: as wide, its
    first row one of figures (no headings of its own), and the one above not ended by its Total line.
    Some filers set a table's headings in a table of their own over its rows, or each row in a table."""
    if not above or not below or _grid_width(above) != _grid_width(below):
        return False
    first = next((row for row in _grid(below)[0] if any(p.text for p in row)), None)
    last = next((row for row in reversed(_grid(above)[0]) if any(p.text for p in row)), None)
    if first is None or last is None or not _looks_like_figures(first):
        return False
    return not is_total_line(next(p.text for p in last if p.text))


def _grid_width(rows: list[list[Cell]]) -> int:
    return max((sum(min(max(cell.columns, 1), MAX_SPAN) for cell in row) for row in rows), default=0)


def one_figure(text: str) -> str:
    """A cell's text with a figure's digit groups set apart joined again ("619, 800,778": "619,800,778"; "619
    800 778" too)."""
    if spaced := _GROUPED_BY_SPACES.fullmatch(text):
        return spaced.group(1) + spaced.group(2).replace(" ", ",") + spaced.group(3)
    joined = _GROUPS_APART.sub("", text)
    return joined if joined != text and _GROUPED_FIGURE.fullmatch(joined) else text


def holds_figures(rows: list[list[Cell]]) -> bool:
    """Whether a table has rows of figures (a label, then figures), two or more: a table of data."""
    grid, _ = _shared_cells_apart(*_grid(_stacked_rows_apart(rows)[0]))
    return sum(1 for row in grid if _looks_like_figures(row)) >= 2


def _lay_out_part(grid: list[list[_Placed]], from_above: list[list[_Placed]]) -> str:
    kept = [i for i, row in enumerate(grid) if any(p.text for p in row)]
    grid, from_above = [grid[i] for i in kept], [from_above[i] for i in kept]
    width = max((p.end for row in grid for p in row), default=0)
    titled = len(list(itertools.takewhile(lambda row: _is_title_row(row, width), grid)))
    if titled and titled < len(grid):
        # Rows of one cell before the first of several (a title in a row of its own, spanning the
        # table, as EDGAR HTML often has it) are its title: above it, a blank line between.
        title = "\n".join(next(p.text for p in row if p.text) for row in grid[:titled])
        return title + "\n\n" + _lay_out_grid(grid[titled:], from_above[titled:])
    return _lay_out_grid(grid, from_above)


# A table's grid: its rows of placed cells, and for each row the label cells above that span into it.
Grid = tuple[list[list[_Placed]], list[list[_Placed]]]


def _side_by_side(grid: list[list[_Placed]], from_above: list[list[_Placed]]) -> list[Grid]:
    """The grid as the tables it holds: two, left and right, where rows of figures have a second
    label and figures after it at one column ("2003 | 73 | $34,980,358 | 1-family | 1,197 | ...")."""
    seconds = [(column, text) for row in grid if (found := _second_label(row)) is not None for column, text in [found]]
    split = next((column for column, rows in Counter(c for c, _ in seconds).most_common(1) if rows >= 2), None)
    labels = [text for column, text in seconds if column == split]
    if (
        split is None
        or len(set(labels)) < len(labels)  # "N/A" in a column of its own, row after row: one table
        or any(p.start < split < p.end and _is_figure(p.text) for row in grid for p in row)
    ):
        return [(grid, from_above)]

    def side(row: list[_Placed], left: bool) -> list[_Placed]:
        if left:
            return [p for p in row if p.start < split]
        return [_Placed(p.text, p.start - split, p.end - split, p.down) for p in row if p.start >= split]

    return [([side(row, left) for row in grid], [side(row, left) for row in from_above]) for left in (True, False)]


def _second_label(row: list[_Placed]) -> tuple[int, str] | None:
    """Where a row's second label starts, and its words, if it has one between figures: label,
    figures, label, figures."""
    kinds = [(p, _kind_of(p.text)) for p in row if p.text]
    pattern = "".join(kind for _, kind in kinds).replace("M", "")
    match = re.fullmatch(r".T*F+(T+)F+", pattern)  # the first cell is a label, even a year's
    if match is None:
        return None
    texts = [p for p, kind in kinds if kind != "M"]
    second = texts[match.start(1) : match.end(1)]
    return second[0].start, " ".join(p.text for p in second)


def _shared_cells_apart(grid: list[list[_Placed]], from_above: list[list[_Placed]]) -> Grid:
    """The grid with a column whose cells each hold several figures side by side ("73&nbsp;&nbsp;&nbsp;$34,980,358")
    or one over another ("73<br>$34,980,358") set apart in as many columns, as a reader takes them: the count
    under "Number of Loans", the balance under "Aggregate Principal Balance". Read joined, the figures stood as
    one ("73 $34,980,358") under one heading, and the counts were lost. A column is so set apart only where two
    rows at least hold that many figures in it and no row holds another number of figures there; a heading over
    it in as many parts (set apart so too) is set apart with it, any other cell spans its columns."""
    shared = Counter(
        (p.start, p.end, len(p.parts)) for row in grid for p in [p for p in row if p.text][1:] if _figures_apart(p)
    )
    lone = {(p.start, p.end) for row in grid for p in row if _is_figure(p.text) and not _figures_apart(p)}
    numbers = Counter((start, end) for start, end, _ in shared)
    columns = [
        (start, end, count)
        for (start, end, count), rows in shared.items()
        if rows >= 2 and numbers[start, end] == 1 and (start, end) not in lone
    ]
    if not columns:
        return grid, from_above
    chosen = sorted(columns)[:MOST_SHARED_COLUMNS]
    split = {(start, end): count for start, end, count in chosen}
    ends = [end for _, end, _ in chosen]
    added = list(itertools.accumulate((count - 1 for _, _, count in chosen), initial=0))

    def moved(column: int) -> int:  # a grid column's place once every column set apart left of it is wider
        return column + added[bisect.bisect_right(ends, column)]

    def apart(row: list[_Placed]) -> list[_Placed]:
        laid: list[_Placed] = []
        for p in row:
            start, end = moved(p.start), moved(p.end)
            if len(p.parts) == split.get((p.start, p.end)):  # a cell over just such a column: one part a column
                laid += [_Placed(part, start + i, start + i + 1, p.down) for i, part in enumerate(p.parts[:-1])]
                laid.append(_Placed(p.parts[-1], start + len(p.parts) - 1, end, p.down))
            else:  # right of them moved over; spanning them, wider
                laid.append(p if (start, end) == (p.start, p.end) else _Placed(p.text, start, end, p.down, p.parts))
        return laid

    return [apart(row) for row in grid], [apart(row) for row in from_above]


def _figures_apart(placed: _Placed) -> bool:
    """A cell holding two figures or more (a few: a count, a balance, a share), set apart in it, and nothing else."""
    return 1 < len(placed.parts) <= MOST_FIGURES_IN_A_CELL and all(_is_figure(part) for part in placed.parts)


def _markers_in_line(rows: list[list[Cell]]) -> list[list[Cell]]:
    """A row one cell wider than the table's other rows for a footnote marker in a cell of its
    own ("Multi-family Dwellings | * | 29 | ...") has the marker joined to the cell before it:
    its figures then stand under their headings. A table with a column for markers keeps it."""
    usual = Counter(sum(c.columns for c in row) for row in rows).most_common(1)[0][0] if rows else 0
    fixed = []
    for row in rows:
        markers = sum(1 for c in row[1:] if _is_mark(c.text) and c.columns == 1)
        if markers and sum(c.columns for c in row) - markers == usual:
            joined: list[Cell] = []
            for cell in row:
                if joined and _is_mark(cell.text) and cell.columns == 1:
                    joined[-1] = Cell(joined[-1].text + cell.text, joined[-1].columns, joined[-1].rows)
                else:
                    joined.append(cell)
            row = joined
        fixed.append(row)
    return fixed


def _marks_apart(row: list[_Placed]) -> list[_Placed]:
    """The row with a footnote's mark before the figure in its cell ("(1) 29") set in a cell of its own
    just before the figure's column, covering none: it is then the label's, or the figure's before it,
    as a mark in a cell of its own is (``_row``); the figure stands in its column as the others do."""
    apart: list[_Placed] = []
    for placed in row:
        match = _MARK_THEN_FIGURE.fullmatch(placed.text)
        if match is not None and _is_figure(match.group(2)):
            apart.append(_Placed(match.group(1), placed.start, placed.start, placed.down))
            placed = _Placed(match.group(2), placed.start, placed.end, placed.down)
        apart.append(placed)
    return apart


def _rows_in_line(grid: list[list[_Placed]]) -> list[list[_Placed]]:
    """The grid with rows set a column or more off the rows of figures moved in line with them: a filer
    who indents each row of figures with an empty cell before its label, but not the Total line ("| 2003
    | 73 | $ | 34,980,358" over "Total | 1,225 | $ | 619,800,778") nor the headings, means them over the
    same columns. A row of figures is moved only when all its figures fall that same distance off the
    usual columns, and the columns it moves over are blank in the rows it is moved in line with (an
    indent); a row of headings above them, when it starts in the indent and is just the indent short."""
    columns = {i: _figure_columns(row) for i, row in enumerate(grid) if _looks_like_figures(row)}
    counted = Counter(columns.values()).most_common(1)
    if not counted or counted[0][1] < 2:
        return grid
    usual = counted[0][0]
    in_line = [i for i, of in columns.items() if of == usual]
    indent = min((p.start for i in in_line for p in grid[i] if p.text), default=0)
    width = Counter(_width(grid[i]) for i in in_line).most_common(1)[0][0]
    moved = list(grid)
    for index, own in columns.items():
        if own == usual or len(own) != len(usual):
            continue
        by = usual[0] - own[0]
        blank = indent >= by if by > 0 else all(p.start >= -by for p in grid[index] if p.text)
        if blank and all(column + by == other for column, other in zip(own, usual)):
            moved[index] = _moved(grid[index], by)
    for index in range(min(columns)) if indent else ():
        row = grid[index]
        if any(p.text and p.start == 0 for p in row) and _width(row) == width - indent:
            moved[index] = _moved(row, indent)
    return moved


def _width(row: list[_Placed]) -> int:
    """The grid columns a row takes, its empty cells too."""
    return max((p.end for p in row), default=0)


def _moved(row: list[_Placed], by: int) -> list[_Placed]:
    return [_Placed(p.text, p.start + by, p.end + by, p.down) for p in row]


def _figure_columns(row: list[_Placed]) -> tuple[int, ...]:
    """The grid columns a row's figures end in, its first cell (its label, even a year) apart."""
    return tuple(sorted({p.end - 1 for p in [p for p in row if p.text][1:] if _is_figure(p.text)}))


def _is_title_row(row: list[_Placed], width: int) -> bool:
    """One cell of text, at the labels' margin or across most of the table; one over a column of
    figures ("Principal Balance" above its figures) is that column's heading."""
    texts = [p for p in row if p.text]
    return len(texts) == 1 and (texts[0].start == 0 or 2 * (texts[0].end - texts[0].start) > width)


def _headings_over_their_figures(grid: list[list[_Placed]]) -> tuple[list[list[_Placed]], bool]:
    """The grid with each row of headings over the columns of figures it heads, and whether every
    such row could be so placed. A row's headings stand where their colspans put them when each
    heads columns of its own. Where two fall on one column, or one past the last, the filer's
    colspans count a figure's cells otherwise than its rows do ("colspan=3" over "$ | | 0.36% |"):
    a row with one heading for each column of figures (a heading from the row above spanning into
    it, "rowspan=2", one of them) heads them in order, left to right; any other such row cannot be
    placed, and which heading a figure is under is not known."""
    data = _data_rows(grid)
    figures = _columns_of([grid[i] for i in data])
    if not figures:
        return grid, True

    def headings_of(row: list[_Placed]) -> list[_Placed]:
        return [p for p in row if p.text and _kind_of(p.text) != "M" and p.end > figures[0]]

    headings = [headings_of(row) for row in grid]
    tall = [[p for p in row if p.down > 1] for row in headings]  # each row's spanning into those under it
    rows_of_figures = set(data)
    placed, every_one = [], True
    for index, (row, own) in enumerate(zip(grid, headings)):
        if index in rows_of_figures or index > data[-1]:  # under the last row of figures: notes
            placed.append(row)
            continue
        spanning_into_it = [
            p for above in range(max(0, index - MAX_SPAN), index) for p in tall[above] if p.down > index - above
        ]
        over_it = sorted([*own, *spanning_into_it], key=lambda p: p.start)
        if len(over_it) < 2 or _of_figures(row, over_it, figures) or _each_over_its_own(over_it, figures):
            placed.append(row)
        elif len(over_it) == len(figures):
            columns = {id(h): column for h, column in zip(over_it, figures)}
            in_order = [_Placed(h.text, columns[id(h)], columns[id(h)] + 1, h.down) for h in own]
            placed.append(sorted([*(p for p in row if p not in own), *in_order], key=lambda p: p.start))
        else:
            placed.append(row)
            every_one = False
    return placed, every_one


def _of_figures(row: list[_Placed], headings: list[_Placed], figures: list[int]) -> bool:
    """A label and figures: a row of figures, though a cell of it reads as words ("%(1)")."""
    return any(p.text and p.end <= figures[0] for p in row) and any(_is_figure(h.text) for h in headings)


def _each_over_its_own(headings: list[_Placed], figures: list[int]) -> bool:
    """Whether no two of a row's headings fall on one column of figures, and none past the last."""
    headed = [_columns_headed(h, figures) for h in headings]
    columns = [column for over in headed if over is not None for column in over]
    return None not in headed and len(columns) == len(set(columns))


def _columns_headed(heading: _Placed, figures: list[int]) -> range | None:
    """The columns of figures a heading stands over, as ``_row`` sets it: those it spans, or the one
    it is over, or else the next (a heading over the "$" cell before its figure); past the last, none."""
    first, past = bisect.bisect_left(figures, heading.start), bisect.bisect_left(figures, heading.end)
    if past - first > 1 and not _is_figure(heading.text):
        return range(first, past)
    return range(first, first + 1) if first < len(figures) else None


def _lay_out_grid(grid: list[list[_Placed]], from_above: list[list[_Placed]]) -> str:
    data = _data_rows(grid)
    figures = _columns_of([grid[i] for i in data])
    if not figures:
        return "\n".join(_GAP.join(p.text for p in row if p.text) for row in grid)
    # A row of figures under a label cell spanning several rows ("Condominium Units" over "(one to
    # four stories high)" and "(over four stories high)") has that label too, as a reader sees it.
    laid = [
        _row([*from_above[i], *row] if _takes_label_above(row, i, data) else row, figures) for i, row in enumerate(grid)
    ]
    # A row of one cell (a note under the table) stands as it is: it widens no column.
    aligned = [(cells, index in data) for index, (cells, spans) in enumerate(laid) if not spans and any(cells[1:])]
    widths = [
        max(
            (
                len(cells[i])
                for cells, of_figures in aligned
                if len(cells[i]) <= (WIDEST_COLUMN if of_figures else WIDEST_HEADING)
            ),
            default=0,
        )
        for i in range(len(figures) + 1)
    ]
    # A heading row's label cell ("Year Originated") beside headings spanning the figure columns ("Mortgage Loans"):
    # its column as wide as it, as a text filing sets it; set narrower, the spanning heading ran into it, and the
    # label's heading read cut short ("Year").
    spanning = [len(cells[0]) for cells, spans in laid[: data[0]] if spans and len(cells[0]) <= WIDEST_HEADING]
    widths[0] = max([widths[0], *spanning])
    starts = [sum(widths[:i]) + len(_GAP) * i for i in range(len(widths))]
    rows_of_figures = set(data)
    lines: list[str] = []
    for index, (cells, spans) in enumerate(laid):
        if index > 0 and _spans_the_table(grid[index], figures):
            # A title (or a note) in a row of its own inside the grid, as when one grid holds
            # several tables one under another: set apart at the margin, as a text filing sets
            # it; a title over two rows stays one block.
            text = next(p.text for p in grid[index] if p.text)
            above = next((p.text for p in grid[index - 1] if p.text), "")
            if _spans_the_table(grid[index - 1], figures) and is_title_like(above) and is_title_like(text):
                lines[-1:] = [text, ""]  # the title's second row, right under its first
            elif looks_like_a_page_number(text):
                # A page's number in a row across the table, where a page breaks it: centred, as a text filing
                # sets it, it is the page's; at the margin, under a row of figures, it read as one more row.
                lines += ["", " " * FAR_NUMBER_INDENT + text, ""]
            else:
                lines += ["", text, ""]
            continue
        above, above_spans = laid[index - 1] if index > 0 else ([], [])
        headings_above = index - 1 not in rows_of_figures and (any(above[1:]) or above_spans)
        if (
            index in rows_of_figures
            and index > 0
            and (index == data[0] or headings_above)
            and not _a_statement(above, above_spans, figures)
        ):
            lines.append(_GAP.join("-" * w for w in widths))  # the rule under a table's headings
        if not spans:
            line = [cells[0].ljust(widths[0])] + [cell.rjust(w) for cell, w in zip(cells[1:], widths[1:])]
            lines.append(_GAP.join(line).rstrip())
            continue
        # Headings over several figure columns ("Loan-to-value ratio"), each set from the first
        # of them on, and underlined above the figures, as a text filing sets them; they widen
        # no column. The row's other cells stand in their own columns.
        pieces = [(0, cells[0])] + [(starts[i] + widths[i] - len(c), c) for i, c in enumerate(cells) if i and c]
        pieces += [(starts[first + 1], text) for text, first in spans]
        lines.append(_set_at(pieces))
        if index < data[0]:
            lines.append(_set_at([(at, "-" * len(text)) for at, text in pieces if text]))
    return "\n".join(lines)


# A summary's value that is no single figure: a range ("5.250% to 7.250%", "236 / 360 months",
# "$54,500 / $1,000,000"), a date ("May 1, 2034"), or a figure said approximately.
_STATED_VALUE = re.compile(rf"^(?:{APPROXIMATELY}\s+)?(?:\(?\$?\s?\d|{DATE_PATTERN.pattern})", re.I)


def _a_statement(cells: list[str], spans: list[tuple[str, int]], figures: list[int]) -> bool:
    """A label and its value, in a table of one column of figures (a summary of a pool's facts):
    no heading, so no rule under it, which would cut the summary's lines apart."""
    return len(figures) == 1 and not spans and bool(cells[0]) and _STATED_VALUE.match(cells[1]) is not None


def _takes_label_above(row: list[_Placed], index: int, data: list[int]) -> bool:
    """A row of figures other than the Total line ("Total" is no member of the group above it)."""
    return index in data and not is_total_line(next((p.text for p in row if p.text), ""))


def _spans_the_table(row: list[_Placed], figures: list[int]) -> bool:
    """One cell from the labels' margin across the columns of figures: a title or a note."""
    texts = [p for p in row if p.text]
    return len(texts) == 1 and texts[0].start == 0 and texts[0].end > figures[0] + 1


def _set_at(pieces: list[tuple[int, str]]) -> str:
    """Texts at their columns, left to right; one that would run into the next pushes it on."""
    line = ""
    for at, text in sorted(pieces):
        if text:
            line = line + " " * (at - len(line)) if at > len(line) else (line + " " if line else line)
            line += text
    return line


def _grid(rows: list[list[Cell]]) -> tuple[list[list[_Placed]], list[list[_Placed]]]:
    """Each cell at the grid columns it covers, past the cells above that span into its row; and,
    for each row, the label cells above that span into it (at the labels' margin)."""
    carry: dict[int, tuple[int, _Placed]] = {}  # column -> (rows below still covered, the cell covering it)
    grid, from_above = [], []
    for row in rows:
        covered = dict(carry)
        carry = {column: (left - 1, cell) for column, (left, cell) in carry.items() if left > 1}
        placed, column = [], 0
        for cell in row:
            while column in covered:
                column += 1
            if column >= MAX_COLUMNS:
                break  # a damaged table spanning ever wider: the rest of its row is dropped
            span = min(max(cell.columns, 1), MAX_SPAN)
            down = min(max(cell.rows, 1), MAX_SPAN)
            placed.append(_Placed(cell.text, column, column + span, down, cell.lines or cell.pieces))
            for spanned in range(column, column + span) if cell.rows > 1 else ():
                carry[spanned] = (min(cell.rows, MAX_SPAN) - 1, placed[-1])
            column += span
        grid.append(placed)
        labels = {cell for _, cell in covered.values() if cell.start == 0 and cell.text}
        from_above.append(sorted(labels, key=lambda cell: cell.start))
    return grid, from_above


def _is_figure(text: str) -> bool:
    return (NUMERIC_CELL.match(text) is not None and not _is_mark(text)) or is_zero_dash(text)  # "—" or "$ -": a zero


def _is_mark(text: str) -> bool:
    """A cell holding a footnote's mark alone."""
    return _MARK_ALONE.fullmatch(text) is not None


def _kind_of(text: str) -> str:
    """A cell's text as a figure ("F"), a figure's mark set apart ("M": "$", "%", "*"), or words ("T")."""
    if _is_figure(text):
        return "F"
    return "M" if text in _BEFORE_A_FIGURE or text in _AFTER_A_FIGURE or _is_mark(text) else "T"


def _label_cells(row: list[_Placed]) -> list[_Placed]:
    """The cells of text a row starts with, before its first figure (or its "$"): its label, in
    one cell or several ("Condominium Units | (over four stories high)")."""
    texts = [p for p in row if p.text]
    first = next((k for k, p in enumerate(texts[1:], 1) if _is_figure(p.text) or p.text in _BEFORE_A_FIGURE), None)
    return texts[:first] if first is not None else texts[:1]


def _looks_like_figures(row: list[_Placed]) -> bool:
    """A label, then figures ("$" and "%" apart or not; a dash for a zero), at least one."""
    rest = [_kind_of(p.text) for p in row if p.text][len(_label_cells(row)) :]
    return "F" in rest and "T" not in rest


def _columns_of(rows: list[list[_Placed]]) -> list[int]:
    return sorted({column for row in rows for column in _figure_columns(row)})


def _data_rows(grid: list[list[_Placed]]) -> list[int]:
    """The rows of figures: those that look so, whose label stands left of every figure column (a
    heading row such as "and below | 75.000% | 80.000%", its corner blank, is none)."""
    looks = [i for i, row in enumerate(grid) if _looks_like_figures(row)]
    columns = _columns_of([grid[i] for i in looks])
    return [i for i in looks if columns and all(p.end <= columns[0] for p in _label_cells(grid[i]))]


def _row(row: list[_Placed], figures: list[int]) -> tuple[list[str], list[tuple[str, int]]]:
    """The row as [label, a text per figure column], and its headings spanning several figure
    columns, each with the first of them."""
    cells = [""] * (len(figures) + 1)
    spans: list[tuple[str, int]] = []
    pending = ""  # a "$" or "(" waiting for its figure
    for placed in row:
        if not placed.text:
            continue
        # The figure columns it covers: figures[first:past] (the columns are sorted).
        first, past = bisect.bisect_left(figures, placed.start), bisect.bisect_left(figures, placed.end)
        if past == first == 0 and placed.text in _BEFORE_A_FIGURE and cells[0]:
            # A "$" in a cell of its own between the label and the first figure column (a summary's
            # "Aggregate Principal Balance: | $ | 619,800,778"): the figure's, never the label's.
            pending += placed.text
        elif past == first == 0:
            # The label, however many cells it takes; a footnote marker in a cell of its own is its.
            joint = "" if _is_mark(placed.text) else " "
            cells[0] = f"{cells[0]}{joint}{placed.text}".strip()
        elif past - first > 1 and not _is_figure(placed.text):
            spans.append((placed.text, first))
        elif placed.text in _BEFORE_A_FIGURE:
            pending += placed.text
        elif placed.text in _AFTER_A_FIGURE or _is_mark(placed.text):
            if past > 0:
                cells[past] += placed.text  # the figure column before its end
        else:
            # Over its own figure column, or over the next one (a heading above the "$" cell).
            index = min(first, len(figures) - 1)
            cells[index + 1] = f"{cells[index + 1]} {pending}{placed.text}".strip()
            pending = ""
    return cells, spans
