"""Strat tables in layouts of other years that no other test lays out (found by re-laying the 2004-3
sample's tables, /tmp/redteam/gen.py): each reads the sample's figures, or says what it leaves out.
"""

from __future__ import annotations

import pytest
from facts import rows_read, table_titled
from layouts import TERM_SHEET, title_case_titles
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


# --- two tables set side by side on the same lines ------------------------------------------------


def _block(lines: list[str], title: str) -> tuple[int, int]:
    """The lines of a sample's table: its title's first line to the rule of "=" under its Total line."""
    start = next(i for i, line in enumerate(lines) if line.strip() == title)
    total = next(i for i in range(start, len(lines)) if lines[i].startswith("Total"))
    return start, total + 1


def _side_by_side(text: str, left: str, right: str, bar: str, at: int) -> str:
    """The table titled ``right`` set beside the one titled ``left``, from column ``at`` ("|" between them or
    not), where the left one stood; the prose and footnotes between them kept under both."""
    lines = text.split("\n")
    (a, b), (c, d) = _block(lines, left), _block(lines, right)
    lefts, rights = lines[a : b + 1], lines[c : d + 1]
    rights += [""] * (len(lefts) - len(rights))
    lefts += [""] * (len(rights) - len(lefts))
    beside = [(x.ljust(at) + bar + y).rstrip() if y.strip() else x for x, y in zip(lefts, rights)]
    return "\n".join([*lines[:a], *beside, *lines[b + 1 : c], *lines[d + 1 :]])


YEARS = "YEARS OF ORIGINATION OF MORTGAGE LOANS"
DWELLINGS = "TYPES OF DWELLINGS SUBJECT TO MORTGAGE LOANS"
UNITS = "NUMBER OF UNITS IN DWELLINGS SUBJECT TO MORTGAGE LOANS"
SIZES = "SIZE OF MORTGAGE LOANS"
BESIDE = "another table stands beside it on the same lines"


@pytest.mark.parametrize(("bar", "at"), [("|   ", 82), ("    ", 82), ("|   ", 76)])  # 76: the bar glued to figures
@pytest.mark.parametrize(("left", "right"), [(YEARS, DWELLINGS), (UNITS, SIZES)])
def test_two_tables_side_by_side_are_left_out_and_said_never_misread(left: str, right: str, bar: str, at: int):
    """Read as one table, the right-hand table's rows took the left-hand one's figures into their labels
    ("2003  73  $34,980,358  |  Detached Houses": 1,069 loans) and the left one's Total line took the
    right-hand row beside it (40 loans, $18,265,610). Now neither is read, and the warnings say why."""
    deal = _read(_side_by_side(TERM_SHEET, left, right, bar, at))
    read = {(row.count, row.balance) for table in deal.tables for row in table.rows}
    totals = {(t.total.count, t.total.balance) for t in deal.tables if t.total}
    left_rows = {(r.count, r.balance) for r in table_titled(SAMPLE, left).rows}
    right_rows = {(r.count, r.balance) for r in table_titled(SAMPLE, right).rows}
    # no row is read but the sample's own, and every Total line read is the pool's
    assert read <= {(r.count, r.balance) for t in SAMPLE.tables for r in t.rows}
    assert totals == {(1225, 619_800_778)}
    assert not read & (left_rows | right_rows) - {(0, 0)}
    assert any(BESIDE in warning and left in warning for warning in deal.warnings)
    for title in (STATES, LTV, "DISTRIBUTION OF MORTGAGE LOANS BY NOTE RATES"):
        assert rows_read(table_titled(deal, title)) == rows_read(table_titled(SAMPLE, title))


# --- a table of a kind no title pattern names, with no Total line ---------------------------------


def _occupancy(text: str, title: str = "OCCUPANCY STATUS OF MORTGAGED PROPERTIES") -> str:
    """The units table retitled and relabelled as an occupancy table, its Total line left out."""
    lines = text.split("\n")
    start, end = _block(lines, UNITS)
    table = "\n".join(lines[start : end + 1])
    occupancy = (
        table.replace(UNITS, title)
        .replace("Type of     ", "            ")
        .replace("Dwelling Unit", "Occupancy    ")
        .replace("1-family         ", "Primary Residence")
        .replace("2-family   ", "Second Home")
        .replace("3-family", "Investor")
    )
    occupancy = "\n".join(line for line in occupancy.split("\n") if not line.startswith("Total") and "=" not in line)
    return "\n".join([*lines[:start], occupancy, *lines[end + 1 :]])


def _without_total(text: str, title: str) -> str:
    """The table titled ``title`` with its Total line and the rule under it left out."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip() == title)
    total = next(i for i in range(start, len(lines)) if lines[i].startswith("Total"))
    return "\n".join([*lines[:total], *lines[total + 2 :]])


@pytest.mark.parametrize(
    "title", ["OCCUPANCY STATUS OF MORTGAGED PROPERTIES", "Occupancy Status of Mortgaged Properties"]
)
def test_a_table_of_an_unnamed_kind_with_no_total_line_is_read(title: str):
    """OCCUPANCY STATUS (the units table's figures under other labels), its Total line left out: it was lost
    with nothing said, its rows read by the summary-line reader as the pool's loan count stated again."""
    deal = _read(_occupancy(TERM_SHEET, title))
    read = table_titled(deal, title)
    units = table_titled(SAMPLE, UNITS)
    assert [(r.count, r.balance) for r in read.rows] == [(r.count, r.balance) for r in units.rows]
    assert [r.label for r in read.rows] == ["Primary Residence", "Second Home", "Investor", "4-family"]
    assert read.total is None and any("no Total line" in w for w in read.warnings)
    assert not any("stated again" in w for w in deal.warnings)


def test_a_table_titled_in_title_case_with_no_total_line_is_read():
    """ "Size of Mortgage Loans" (titles in Title Case, as word processors set them), its Total line left
    out: lost with nothing said, as only a title in capitals was looked for."""
    deal = _read(_without_total(title_case_titles(TERM_SHEET), "Size of Mortgage Loans"))
    read = table_titled(deal, "Size of Mortgage Loans")
    assert rows_read(read) == rows_read(table_titled(SAMPLE, SIZES))
    assert read.total is None and any("no Total line" in w for w in read.warnings)
