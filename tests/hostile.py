"""Hostile filings for the hardening tests, each built by editing a copy of the bundled term sheet."""

from __future__ import annotations

from reporting.samples import TERM_SHEET_2004_3

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
_STATE_TITLE = "                           GEOGRAPHIC DISTRIBUTION OF\n"
_STATE_ROW = "Hawaii                                1                              528,627\n"


def _state_table() -> tuple[int, int]:
    """Where the state table starts (its title) and where its Total line is."""
    start = TERM_SHEET.index(_STATE_TITLE)
    return start, TERM_SHEET.index("\nTotal", start) + 1


def with_state_rows(extra: int) -> str:
    """The term sheet with ``extra`` more rows in its state table (its totals no longer add up)."""
    _, total = _state_table()
    rows = "".join(_STATE_ROW.replace("Hawaii    ", f"Zone {n:05d}") for n in range(extra))
    return TERM_SHEET[:total] + rows + TERM_SHEET[total:]


def with_state_tables(copies: int, extra_rows: int = 0) -> str:
    """The term sheet with its state table (``extra_rows`` longer) repeated ``copies`` more times."""
    text = with_state_rows(extra_rows)
    start = text.index(_STATE_TITLE)
    end = text.index("\n", text.index("\nTotal", start) + 1) + 1
    block = text[start:end]
    return text[:end] + ("\n\n" + block) * copies + text[end:]


_YEARS_TITLE = "                     YEARS OF ORIGINATION OF MORTGAGE LOANS\n"


def with_long_line_above_a_table(length: int, text: str = TERM_SHEET) -> str:
    """The term sheet with one line of ``length`` letters just above its first table's title
    (a damaged page, or a hostile one): the parser takes it into that table's title."""
    at = text.index(_YEARS_TITLE)
    return text[:at] + "A" * length + "\n" + text[at:]


def with_long_row_label(length: int, text: str = TERM_SHEET) -> str:
    """The term sheet with its "Detached Houses" row label run on by ``length`` more characters."""
    return text.replace("Detached Houses", "Detached-Houses-" + "x" * length, 1)
