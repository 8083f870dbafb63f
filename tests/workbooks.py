"""Reading the workbooks back, as an analyst's tools would: openpyxl, with formulas and with their stored results."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet


@dataclass
class Workbook:
    """One workbook opened twice: ``formulas`` holds each cell's formula, ``values`` the result stored with it."""

    formulas: openpyxl.Workbook
    values: openpyxl.Workbook
    data: bytes

    @classmethod
    def read(cls, source: Path | bytes) -> Workbook:
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
        return cls(
            openpyxl.load_workbook(io.BytesIO(data)),
            openpyxl.load_workbook(io.BytesIO(data), data_only=True),
            data,
        )

    def sheet(self, name: str) -> tuple[Worksheet, Worksheet]:
        return self.formulas[name], self.values[name]

    def charts(self) -> list[str]:
        """The XML of every native chart (openpyxl does not read charts back)."""
        with zipfile.ZipFile(io.BytesIO(self.data)) as archive:
            return [
                archive.read(n).decode() for n in sorted(archive.namelist()) if re.match(r"xl/charts/chart\d+\.xml", n)
            ]


def row_of(sheet: Worksheet, text: str, column: int = 1) -> int:
    """The (1-based) row whose cell in ``column`` holds exactly ``text``."""
    for row in range(1, sheet.max_row + 1):
        if sheet.cell(row, column).value == text:
            return row
    raise AssertionError(f"{text!r} not found in column {column} of sheet {sheet.title!r}")


def header_row(sheet: Worksheet, first_heading: str) -> int:
    return row_of(sheet, first_heading)


A1 = re.compile(r"\$?([A-Z]+)\$?(\d+)")


def evaluate(book: Workbook, sheet_name: str, formula: str) -> float:
    """A formula of the shapes the workbooks use (=C5/C$20, =SUM(D$5:D9), =(E5-D5)*100, ...), computed here
    from the cells' values, so the test checks the formula itself, not the result stored with it."""
    sheet = book.formulas[sheet_name]

    def value(ref: str) -> float:
        cell = sheet[ref.replace("$", "")]
        if isinstance(cell.value, str) and cell.value.startswith("="):
            return evaluate(book, sheet_name, cell.value)
        return 0.0 if cell.value is None or isinstance(cell.value, str) else float(cell.value)

    def sum_range(match: re.Match) -> str:
        first, last = (A1.fullmatch(part.replace("$", "")) for part in match.group(1).split(":"))
        total = 0.0
        for row in range(int(first.group(2)), int(last.group(2)) + 1):
            for col in range(_column(first.group(1)), _column(last.group(1)) + 1):
                total += value(f"{openpyxl.utils.get_column_letter(col)}{row}")
        return repr(total)

    expression = formula.lstrip("=")
    expression = re.sub(r"SUM\(([$A-Z0-9]+:[$A-Z0-9]+)\)", sum_range, expression)
    expression = re.sub(r"ROUND\(", "round(", expression)
    expression = expression.replace("ABS(", "abs(")
    expression = A1.sub(lambda m: repr(value(m.group(0))), expression)
    assert re.fullmatch(r"[0-9eE.+\-*/(), roundabs]+", expression), expression
    return float(eval(expression))  # noqa: S307  (only digits and arithmetic, checked just above)


def _column(letters: str) -> int:
    return openpyxl.utils.column_index_from_string(letters)


# A column's width counts digits of the default font; prose sets some 1.25 to 1.4 of its characters in each
# (LibreOffice set 88 to 98 of an italic note's characters a line in a column 70 wide). A wrapped cell's row
# must be at least as tall as its text takes at the loosest of these: 15 points a line.
CHARACTERS_A_WIDTH = 1.4
LINE_POINTS = 15


def assert_wrapped(sheet: Worksheet, row: int, column: int, width: float | None = None) -> None:
    """The cell's text wraps in a column whose width is set (``width``: the merged columns' together), in a row
    tall enough for its lines; a row's default height is one line, too short for more."""
    cell = sheet.cell(row, column)
    letter = openpyxl.utils.get_column_letter(column)
    assert cell.alignment.wrap_text, f"{sheet.title}!{letter}{row} is not wrapped: {cell.value!r}"
    if width is None:
        width = column_width(sheet, column)
        assert width is not None, f"{sheet.title}: column {letter} has no width set"
    lines = -(-len(str(cell.value)) // int(width * CHARACTERS_A_WIDTH))
    height = sheet.row_dimensions[row].height or LINE_POINTS
    assert height >= LINE_POINTS * lines, f"{sheet.title}!{letter}{row}: {height} pt for {lines} lines"


def column_width(sheet: Worksheet, column: int) -> float | None:
    """The width set for a (1-based) column, None where none is; openpyxl keys a run of columns set together
    (<col min="2" max="5">) by its first column's letter alone."""
    for dimension in sheet.column_dimensions.values():
        if dimension.customWidth and dimension.min <= column <= dimension.max:
            return dimension.width
    return None
