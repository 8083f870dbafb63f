"""Strat tables in layouts of other years that no other test lays out (found by re-laying the 2004-3
sample's tables, /tmp/redteam/gen.py): each reads the sample's figures, or says what it leaves out.
"""

from __future__ import annotations

import pytest
from facts import rows_read, table_titled
from layouts import TERM_SHEET
from sample_deals import read_sample

from reporting.model.deal import Deal
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes

SAMPLE = read_sample(TERM_SHEET, "cmsi-2004-3.txt")
STATES = "GEOGRAPHIC DISTRIBUTION OF MORTGAGED PROPERTIES BY STATE"
LTV = "DISTRIBUTION OF MORTGAGE LOANS BY LOAN-TO-VALUE RATIOS AT ORIGINATION"


def _read(text: str, name: str = "cmsi-2004-3-unseen.txt") -> Deal:
    return load_filing(ingest_bytes(text.encode(), name))


def _break_after(text: str, row: str, new_page: list[str]) -> str:
    """A page break right after the line starting ``row``, the next page opening with ``new_page``."""
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(row)) + 1
    return "\n".join([*lines[:at], "", "<PAGE>", "", *new_page, "", *lines[at:]])


def _as_the_sample(deal: Deal, title: str) -> None:
    table = table_titled(deal, title)
    sample = table_titled(SAMPLE, title)
    assert rows_read(table) == rows_read(sample)
    assert (table.total.count, table.total.balance) == (sample.total.count, sample.total.balance)
    assert not table.warnings
    assert deal.checks_passed and len(deal.checks) == len(SAMPLE.checks)


# --- a title of two lines repeated "(continued)" over the rows of the next page, no headings ---------


@pytest.mark.parametrize(
    "second_line",
    [
        "MORTGAGED PROPERTIES BY STATE (continued)",
        "MORTGAGED PROPERTIES BY STATE - continued",
        "MORTGAGED PROPERTIES BY STATE (Continued)",
        "MORTGAGED PROPERTIES BY STATE (cont'd)",
    ],
)
def test_a_two_line_title_repeated_continued_goes_on_with_the_rows_above(second_line: str):
    """'Alabama', 'Arizona', 'Arkansas' / page / the title's two lines again, the last saying "continued", and
    'California' ... : one table of 39 states (the three above the break were lost, the rest read as a
    table titled "GEOGRAPHIC DISTRIBUTION OF")."""
    text = _break_after(
        TERM_SHEET, "Arkansas", ["                           GEOGRAPHIC DISTRIBUTION OF", f"      {second_line}"]
    )
    deal = _read(text)
    _as_the_sample(deal, STATES)
    assert len(deal.tables) == len(SAMPLE.tables)


def test_an_ltv_table_continued_under_its_title_with_a_dash():
    text = _break_after(
        TERM_SHEET,
        "75.001% - 80.000%",
        [
            "                         DISTRIBUTION OF MORTGAGE LOANS",
            "                     BY LOAN-TO-VALUE RATIOS AT ORIGINATION - continued",
        ],
    )
    _as_the_sample(_read(text), LTV)


def test_a_title_repeated_continued_that_is_another_tables_is_no_continuation():
    """The repeated title's words must begin the title over the rows above: a page opening with another
    table's two-line title "(continued)" does not join its rows to the table above."""
    text = _break_after(
        TERM_SHEET,
        "Arkansas",
        ["                         DISTRIBUTION OF MORTGAGE LOANS", "      BY LOAN-TO-VALUE RATIOS (continued)"],
    )
    deal = _read(text)
    states = [t for t in deal.tables if t.title == STATES]
    assert not states or rows_read(states[0]) != rows_read(table_titled(SAMPLE, STATES))
