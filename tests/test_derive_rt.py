"""Derived figures (the catalogue's, the diff's, the shelf's) from tables cut or written otherwise than the two
samples' (red team, Dec 4): each filing is a bundled sample edited in the test."""

from __future__ import annotations

from facts import fico_table_lines, read_text
from sample_deals import read_sample

from reporting.derive.diff import build_diff
from reporting.derive.metrics import BY_KEY
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
DETAILED = DETAILED_2004_8.read_text(encoding="utf-8")
FICO_BELOW = BY_KEY["fico_below_700_share"]


def _with_fico_table(lines: list[str]) -> str:
    """The term sheet with its FICO x LTV matrix replaced by ``lines`` (a table of the loans by FICO score)."""
    start = TERM_SHEET.index("                         DISTRIBUTION BY FICO SCORES AND")
    end = TERM_SHEET.index("                                   SIGNATURES")
    return TERM_SHEET[:start] + "\n".join(lines) + "\n" + TERM_SHEET[end:]


def _metric(diff, key: str):
    return next(m for m in diff.metrics if m.key == key)


def test_fico_below_700_from_a_fico_table_without_a_total_line():
    # A FICO table with no Total line stopped the diff and the shelf with an AttributeError (its Total's balance
    # was read unasked). Its shares are of the rows' sum, as every table's without a Total: 20.04%, as the matrix's.
    lines = [line for line in fico_table_lines() if not line.startswith("Total") and "=====" not in line]
    deal = read_text(_with_fico_table(lines), "cmsi-2004-3-fico-no-total.txt")
    (table,) = [t for t in deal.tables if "FICO" in t.title]
    assert table.total is None
    assert round(FICO_BELOW.value(deal, deal.whole_deal), 2) == 20.04
    diff = build_diff(read_sample(TERM_SHEET, "cmsi-2004-3.txt"), deal)
    change = _metric(diff, "fico_below_700_share")
    assert (round(change.old, 2), round(change.new, 2)) == (20.04, 20.04)
