"""Excel workbooks: the one place that decides how a cell is written, for the deal, the diff and the shelf workbooks.

XlsxWriter writes them (pyproject.toml says why), in memory: a workbook is bytes,
as every other render. ``Book`` wraps one workbook:

* **Text is text.** Filing text is untrusted: every string goes through
  ``write_string`` (never ``write``, which turns "=..." into a formula and
  "http://..." into a link; the workbook's options turn both off as well), and a
  string that starts as a formula would (``=``, ``+``, ``-``, ``@``, tab, CR) gets
  Excel's quote prefix too, so editing the cell later keeps it text. Sheet names
  and chart titles never carry filing text into a formula: sheet names are cleaned
  and charts name their series by cell reference.
* **Numbers are numbers**, with the number format the PDF prints them in
  (``formatting.py``'s rules): dollars ``$#,##0``, rates three decimals, shares of
  balance two, a figure the filing states (an LTV, a bound) as many decimals as it
  has, a bound with its sign (``≥ 98%``). Percentages are stored as fractions with a
  % format, as Excel expects, so 5.843% is the number 0.05843.
* **Formulas carry their result.** ``formula`` stores the value computed here
  with the formula, so a reader that does not recalculate (LibreOffice by default
  for .xlsx, viewers, pandas, openpyxl) shows the right figure; Excel recalculates
  on opening anyway.
* **Long text wraps, its row tall enough.** A note, a check's name or a label from the
  filing is written wrapped (``WRAP``) in a column whose width ``Book.width`` set, and
  ``close`` makes each row as tall as its longest wrapped cell needs: neither Excel
  nor LibreOffice sizes a row for wrapped text reliably (LibreOffice cut the Source
  sheet's note to two of its three lines), and unwrapped, a note ran on one line off
  the screen and past the printed page.
* **The same bytes for the same deal**: the document's time stamp is the render's.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from reporting import __version__, formatting
from reporting.model.deal import Bound
from reporting.model.units import Unit
from reporting.present.long_table import FORMULA_STARTS  # what a spreadsheet reads as a formula: one list

# The charts' palette (reporting/present/charts.py), named here so a workbook needs no matplotlib.
NAVY = "#1F3A5F"
BLUE = "#3C6E9F"
PALE = "#EEF3F8"
FAILED_FILL = "#FBE3E1"
FAILED_INK = "#9B1C1C"


# Cell styles (XlsxWriter format properties).
BOLD = {"bold": True}
HEADING = {"bold": True, "font_size": 14, "font_color": NAVY}
SUBHEADING = {"bold": True, "font_size": 12, "font_color": NAVY}
COLUMN_HEADING = {"bold": True, "font_color": "#FFFFFF", "bg_color": NAVY, "text_wrap": True, "valign": "top"}
FAILED = {"bg_color": FAILED_FILL, "font_color": FAILED_INK}
# A figure the parser doubts (stated as approximate, written damaged): amber, its doubt in the comment.
DOUBTED_FILL = "#FFF4D6"
DOUBTED = {"bg_color": DOUBTED_FILL, "font_color": "#8A5A00"}
TOTAL = {"bold": True, "top": 1}
NOTE = {"italic": True, "font_color": "#555555"}
TOP = {"valign": "top"}  # a row's other cells read from its top line where a long text beside them wraps
WRAP = {"text_wrap": True, "valign": "top"}  # long text: wrapped, and its row made tall enough (``Book.close``)
LINE_HEIGHT = 15  # points a line of 11 pt text takes in a row
DEFAULT_WIDTH = 8.43  # a column's width, in characters, where none is set
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\']")
MAX_SHEET_NAME = 31  # Excel's limit
MAX_COMMENT = 30_000  # Excel keeps at most 32,767 characters in a comment

# Number formats, by unit, as formatting.py writes each unit.
DOLLARS = "$#,##0"
CENTS = "$#,##0.00"
COUNT = "#,##0"
RATE = "0.000%"
SHARE = "0.00%"
MONTHS = '0.00" mo"'
LONG_DATE = "mmmm d, yyyy"
PP = '+0.00" pp";-0.00" pp";0.00" pp"'  # a change in percentage points, signed as formatting.points


def points_format(places: int) -> str:
    """A change in percentage points to ``places`` decimals (a subordination level's: +0.3500 pp)."""
    number = _decimals(places)
    return f'+{number}" pp";-{number}" pp";{number}" pp"'


BP = '+0" bp";-0" bp";0" bp"'
# Said beside a figure the filing does not state for the whole deal, which termsheet derived from its pools (the
# PDF's "derived from the pools"): in a diff's or a shelf's workbook, its note and its comment.
DERIVED = "derived from the pools, not stated"


def derived_said(mark: str) -> str:
    """A derived figure's note and comment, from the mark beside it in the PDF ("derived from the FICO x LTV
    matrix's rows"): ``DERIVED`` for one derived from the pools."""
    return f"{mark}, not stated"


BP_TENTHS = '+0.0" bp";-0.0" bp";0.0" bp"'  # between two rates that differ by a fraction of a bp
GENERAL_FIGURE = "#,##0.######"


def stated_decimals(value: float, most: int = 3) -> int:
    """How many decimals a stated figure has, as ``formatting.stated_percent`` writes it (64.5 -> 1, 98 -> 0)."""
    text = f"{value:.{most}f}".rstrip("0").rstrip(".")
    return len(text.partition(".")[2])


def _decimals(places: int) -> str:
    return "0" + ("." + "0" * places if places else "")


def percent_format(places: int) -> str:
    return _decimals(places) + "%"


def cell(
    value: Any, unit: str, bound: str | None = None, within: formatting.Within = None, places: int | None = None
) -> tuple[Any, str | None]:
    """A figure as Excel stores it, and its number format, by ``formatting.figure``'s rules.

    Returns (value, number format); a (low, high) range is text as the PDF writes it
    (format None), and so is a figure the filing does not state (an em dash). ``within``: the filing states
    it as approximate (``formatting.about``), a range's a pair; ``places``: a rate it writes with other than three
    decimals, or dollars it states to the cent (``formatting.cents_places``).
    """
    if value is None:
        return formatting.MISSING, None
    if isinstance(value, tuple):
        return formatting.figure(value, unit, bound, within), None
    if isinstance(within, tuple):
        raise TypeError("a pair of withins is a range's")
    if unit == Unit.DATE:
        return value, LONG_DATE
    if within is not None and unit in _ABOUT_FORMATS:  # a bound too: "≤ approx. 80%"
        number, fmt = _about(float(value), unit, within)
        return (number, fmt) if bound is None else _bounded(number, fmt, float(value), unit, bound)
    if places is not None and unit == Unit.RATE and bound is None:
        return float(value) / 100, percent_format(places)
    if places is not None and unit == Unit.DOLLARS and bound is None:  # a loss limit stated to the cent
        return float(value), CENTS if places else DOLLARS
    if bound is not None and formatting.is_computed_share(float(value), unit):
        return computed_bound(float(value), unit, bound)
    # A bound the filing states is written to its own decimals ("≥ 95%").
    number, fmt = _plain(float(value), unit, stated=bound is not None)
    if bound is None:
        return number, fmt
    return _bounded(number, fmt, float(value), unit, bound)


def computed_bound(value: float, unit: str, bound: str) -> tuple[float, str]:
    """A bound termsheet computes (the largest zip code's share: its stated exposure over the pool's balance): the
    cell holds it as known (0.012503 for 1.2503%), so a formula on it (a diff's change) is the change every report
    gives, and shows it as every report prints it, rounded away from what it bounds ("≤ 1.26%"): no number format
    rounds up, so the format is that text (``computed_bound_note`` says so beside it)."""
    return value / 100, f'"{formatting.figure(value, unit, bound)}"'


def is_computed_bound(value: Any, unit: str, bound: str | None) -> bool:
    """A bound termsheet computes (``computed_bound``), not one the filing states."""
    return bound is not None and isinstance(value, int | float) and formatting.is_computed_share(float(value), unit)


def computed_bound_note(bound: str, known: Sequence[tuple[str, float]]) -> str:
    """What a workbook's notes say of a bound termsheet computes: that each cell holds it as known, with each
    column's figure ("All loans 1.250324%"), and shows it rounded away from what it bounds, as the reports print it."""
    way = "up" if bound == Bound.NO_MORE_THAN else "down"
    held = ", ".join(f"{name} {value:.6f}%" for name, value in known)
    return (
        f"a bound computed from the filing's figures, not stated as such: each cell holds it as known ({held}) "
        f"and shows it rounded {way}, as every report prints it, so as to claim no more than the filing states"
    )


def _bounded(number: float, fmt: str, value: float, unit: str, bound: str) -> tuple[float, str]:
    """A bound's cell, as ``formatting.at_least`` and ``at_most`` write it: its sign before ``fmt``."""
    if bound == Bound.NO_MORE_THAN and value == 0:
        return number, f'"{formatting.NONE_STATED}"'
    if bound == Bound.AT_LEAST and value >= 100 and unit in (Unit.PERCENT, Unit.SHARE):
        return number, fmt
    sign = formatting.AT_LEAST if bound == Bound.AT_LEAST else formatting.AT_MOST
    # one quoted text before the number: "≤ approx. "0%, never two side by side
    return number, f'"{sign} {fmt[1:]}' if fmt.startswith('"') else f'"{sign} "{fmt}'


def _plain(value: float, unit: str, stated: bool) -> tuple[float, str]:
    if unit == Unit.DOLLARS:
        return value, DOLLARS
    if unit == Unit.COUNT:
        return value, COUNT
    if unit == Unit.RATE:
        return value / 100, RATE
    if unit == Unit.MONTHS:
        return value, MONTHS
    if unit == Unit.YEARS:
        return value, _decimals(stated_decimals(value)) + '" years"'
    if unit == Unit.LEVEL:
        return value / 100, percent_format(formatting.level_places(value))  # as every report writes it
    if unit == Unit.PERCENT or (unit == Unit.SHARE and stated):
        return value / 100, percent_format(stated_decimals(value))  # as the filing states it
    return value / 100, SHARE  # a share of balance termsheet derived: two decimals


def _millions(places: int) -> str:
    """Dollars in millions, as ``formatting.millions`` writes them: $619.8mm (each "," after the digits is /1000)."""
    return f'$#,##{_decimals(places)},,"mm"'


# A figure the filing states as approximate: the number in the cell, to the decimals the filing gives, marked
# as ``formatting.about`` marks it ("approx. 358 mo"). Keyed by unit; each takes the decimals given.
_ABOUT_FORMATS: dict[str, Any] = {
    Unit.DOLLARS: lambda places: _millions(places + 6) if places <= -5 else DOLLARS,
    Unit.COUNT: lambda places: COUNT,
    Unit.RATE: percent_format,
    Unit.PERCENT: percent_format,
    Unit.SHARE: percent_format,
    Unit.MONTHS: lambda places: _decimals(places) + '" mo"',
}


def _about(value: float, unit: str, within: float) -> tuple[float, str]:
    places = formatting.places_within(within)
    number = _ABOUT_FORMATS[unit](max(places, 0) if unit != Unit.DOLLARS else places)
    stored = value / 100 if unit in (Unit.RATE, Unit.PERCENT, Unit.SHARE) else value
    return stored, f'"{formatting.ABOUT} "{number}'


class Book:
    """One workbook in memory; ``close`` returns its bytes."""

    def __init__(self, title: str, generated_at: datetime) -> None:
        self._buffer = io.BytesIO()
        self.workbook = xlsxwriter.Workbook(
            self._buffer,
            {
                "in_memory": True,
                "strings_to_formulas": False,  # filing text is never a formula ...
                "strings_to_urls": False,  # ... nor a link
                "strings_to_numbers": False,
            },
        )
        stamp = generated_at.replace(tzinfo=None)  # XlsxWriter writes the time as UTC
        self.workbook.set_properties({"title": title, "author": f"termsheet {__version__}", "created": stamp})
        self._formats: dict[tuple, Any] = {}
        self._sheet_names: set[str] = set()
        self._widths: dict[tuple[str, int], float] = {}  # (sheet, column) -> width in characters, as set
        self._wrapped_cells: list[tuple[Any, int, int, str]] = []  # (sheet, row, column, text) of each wrapped cell
        self._merged: dict[tuple[str, int, int], float] = {}  # (sheet, row, first column) -> merged cells' width

    # --- formats ---

    def format(self, number: str | None = None, **properties: Any) -> Any:
        """One XlsxWriter format per combination, made once."""
        key = (number, tuple(sorted(properties.items())))
        if key not in self._formats:
            options = dict(properties)
            if number:
                options["num_format"] = number
            self._formats[key] = self.workbook.add_format(options)
        return self._formats[key]

    # --- sheets ---

    def sheet(self, name: str) -> Any:
        """A new worksheet under a clean, unique name (Excel allows 31 characters and no []:*?/\\')."""
        clean = " ".join(_SHEET_NAME_BAD.sub(" ", name).split())[:MAX_SHEET_NAME].strip() or "Sheet"
        candidate, number = clean, 2
        while candidate.lower() in self._sheet_names or candidate.lower() == "history":  # "History" is reserved
            suffix = f" ({number})"
            candidate, number = clean[: MAX_SHEET_NAME - len(suffix)] + suffix, number + 1
        self._sheet_names.add(candidate.lower())
        return self.workbook.add_worksheet(candidate)

    def width(self, sheet: Any, first_col: int, last_col: int, width: float) -> None:
        """Columns' width in characters, kept so that a wrapped cell's row can be made tall enough."""
        sheet.set_column(first_col, last_col, width)
        for col in range(first_col, last_col + 1):
            self._widths[sheet.get_name(), col] = width

    # --- cells ---

    def text(self, sheet: Any, row: int, col: int, text: str | None, **style: Any) -> None:
        """A string, always as text: one that starts as a formula would gets Excel's quote prefix as well.
        Wrapped (``WRAP``), its row is made as tall as its lines need when the book closes."""
        text = formatting.MISSING if text is None else str(text)
        if text.startswith(FORMULA_STARTS):
            style["quote_prefix"] = True
        sheet.write_string(row, col, text, self.format(None, **style))
        if style.get("text_wrap"):
            self._wrapped_cells.append((sheet, row, col, text))

    def figure(
        self,
        sheet: Any,
        row: int,
        col: int,
        value: Any,
        unit: str,
        bound: str | None = None,
        within: formatting.Within = None,
        places: int | None = None,
        **style: Any,
    ) -> None:
        """A catalogue figure in its unit's number format (``cell``); a missing one as an em dash."""
        stored, number = cell(value, unit, bound, within, places)
        if isinstance(stored, str):
            self.text(sheet, row, col, stored, **({"align": "right"} | style))
        elif isinstance(stored, date):
            sheet.write_datetime(
                row, col, datetime(stored.year, stored.month, stored.day), self.format(number, **style)
            )
        else:
            sheet.write_number(row, col, stored, self.format(number, **style))

    def number(self, sheet: Any, row: int, col: int, value: float | None, number: str, **style: Any) -> None:
        """A number; None (not stated, or a damaged figure) as an em dash, never as zero."""
        if value is None:
            self.text(sheet, row, col, formatting.MISSING, **({"align": "right"} | style))
        else:
            sheet.write_number(row, col, value, self.format(number, **style))

    def formula(
        self, sheet: Any, row: int, col: int, formula: str, result: float | None, number: str, **style: Any
    ) -> None:
        """A formula with the result computed here, so a reader that does not recalculate shows it too."""
        sheet.write_formula(row, col, formula, self.format(number, **style), "" if result is None else result)

    def paragraph(
        self, sheet: Any, row: int, first_col: int, last_col: int, text: str, width: float, **style: Any
    ) -> None:
        """A long text wrapped across merged columns (``width``: their width in characters), the row tall enough."""
        style = WRAP | style
        if last_col > first_col:
            sheet.merge_range(row, first_col, row, last_col, "", self.format(None, **style))
        # Its row's height from the merged columns' width: LibreOffice would size it for the first column alone.
        self._merged[sheet.get_name(), row, first_col] = width
        self.text(sheet, row, first_col, text, **style)  # merge_range writes with write(): the text goes in after

    def comment(self, sheet: Any, row: int, col: int, text: str | None) -> None:
        if text:
            sheet.write_comment(row, col, text[:MAX_COMMENT], {"x_scale": 3, "y_scale": 2})

    def header_row(self, sheet: Any, row: int, titles: Sequence[str], first_col: int = 0) -> None:
        for col, title in enumerate(titles, first_col):
            self.text(sheet, row, col, title, **COLUMN_HEADING)

    def close(self) -> bytes:
        self._fit_rows()
        self.workbook.close()
        return self._buffer.getvalue()

    def _fit_rows(self) -> None:
        """Each row holding wrapped text as tall as its tallest wrapped cell's lines (one line: as it is)."""
        lines: dict[tuple[int, int], tuple[Any, int]] = {}
        for sheet, row, col, text in self._wrapped_cells:
            name = sheet.get_name()
            width = self._merged.get((name, row, col), self._widths.get((name, col), DEFAULT_WIDTH))
            count = wrapped_lines(text, width)
            if count > lines.get((id(sheet), row), (sheet, 1))[1]:
                lines[id(sheet), row] = (sheet, count)
        for (_, row), (sheet, count) in lines.items():
            sheet.set_row(row, LINE_HEIGHT * count)


# A character's width in a column's unit (a digit of the default 11 pt Calibri, and of LibreOffice's Carlito):
# most lower case about four fifths of it, the narrow letters and stops under half, a space two fifths.
_NARROW = frozenset("ijlftrI.,;:!'|()[]-/")
_WIDE = frozenset("mwMW%@")


def _units(word: str) -> float:
    # A digit is the unit itself: the margin ``wrapped_lines`` allows letters it needs not (a SHA-256 fits one line).
    return sum(
        0.8 if c.isdigit() else 0.45 if c in _NARROW else 1.3 if c in _WIDE else 0.8 if c.islower() else 1.0
        for c in word
    )


def wrapped_lines(text: str, width: float) -> int:
    """How many lines a text takes wrapped at its spaces in a column ``width`` characters wide, measured a
    little wide (bold and italic letters are wider): a row made this tall never cuts off a line."""
    # The cell's margins, and a fifth more for what the letters' widths above leave out (LibreOffice set
    # 88 to 98 characters of an italic note a line in a column 70 wide: 57 to 59 of these units).
    room = max((width - 1.5) / 1.25, 1.0)
    lines = 0
    for part in text.split("\n"):
        lines += 1
        used = 0.0
        for word in part.split(" "):
            size = _units(word)
            if used and used + 0.4 + size <= room:
                used += 0.4 + size
                continue
            if used:
                lines += 1
            lines += int(size // room)  # a word longer than the column breaks where it must
            used = size % room
    return lines


def ref(row: int, col: int, row_abs: bool = False, col_abs: bool = False) -> str:
    """A cell's A1 reference ("C5", "C$20")."""
    return xl_rowcol_to_cell(row, col, row_abs, col_abs)


def print_setup(sheet: Any, header_row: int | None, landscape: bool = False) -> None:
    """Printed as the PDF is read: one page wide, the column headings on every page, the sheet's name in the footer."""
    sheet.fit_to_pages(1, 0)
    if header_row is not None:
        sheet.repeat_rows(header_row)
    if landscape:
        sheet.set_landscape()
    sheet.set_footer("&L&A&Rpage &P of &N")
