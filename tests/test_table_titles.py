"""Where a strat table ends in a text filing when the table above has no Total line, or is not read.

A title of a word or two in Title Case ("Loan Purpose") is told from a row's label of the same words
("Second Home") by where it stands (alone between blank lines, over column headings and their rule),
so the rows under it are never taken into the table above. The lines of a table said not read are no
prose: a "Weighted Average" line under its rows gave the pool a loan count.
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
YEARS = "YEARS OF ORIGINATION OF MORTGAGE LOANS"
DWELLINGS = "TYPES OF DWELLINGS SUBJECT TO MORTGAGE LOANS"
UNITS = "NUMBER OF UNITS IN DWELLINGS SUBJECT TO MORTGAGE LOANS"
SIZE = "SIZE OF MORTGAGE LOANS"
NOTE_RATES = "DISTRIBUTION OF MORTGAGE LOANS BY NOTE RATES"
STATES = "MORTGAGED PROPERTIES BY STATE"
SHORT_TITLES = ["Loan Purpose", "Property Type", "Occupancy Status", "Documentation Type", "Original Term"]


def _read(text: str, name: str = "cmsi-2004-3-titles.txt") -> Deal:
    return load_filing(ingest_bytes(text.encode(), name))


def _retitled(text: str, title: str, new: str) -> str:
    """The table titled ``title`` titled ``new``, set in as the sample sets its titles."""
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.strip() == title)
    lines[at] = " " * 15 + new
    return "\n".join(lines)


def _without_total(text: str, title: str, instead: str | None = None) -> str:
    """The table titled ``title`` with no Total line (and no rule of "=" under it); ``instead``, a line in its place."""
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.strip() == title)
    total = next(i for i in range(at, len(lines)) if lines[i].startswith("Total"))
    assert set(lines[total + 1].strip()) == {"=", " "}
    return "\n".join([*lines[:total], *([instead] if instead is not None else []), *lines[total + 2 :]])


def _no_table_holds_rows_of(deal: Deal, title: str, but: str) -> None:
    """No table but the one titled ``but`` holds the rows of the sample's table titled ``title``."""
    rows = {(count, balance) for _, count, balance in rows_read(table_titled(SAMPLE, title))}
    for table in deal.tables:
        if table.title != but:
            assert not rows & {(count, balance) for _, count, balance in rows_read(table)}, table.title


@pytest.mark.parametrize("short", SHORT_TITLES)
def test_a_short_title_in_title_case_ends_the_rows_of_a_table_with_no_total_above_it(short: str):
    """'2004  1,152  584,820,420' (no Total line) / 'Loan Purpose' / headings / rule / the dwellings' rows:
    the rows under the short title were read as the years' (8 rows, a Total of 1,225 loans "though none
    stated"), and the table under it was lost with nothing said. Now each table keeps its own rows."""
    text = _retitled(_without_total(TERM_SHEET, YEARS), DWELLINGS, short)
    deal = _read(text)
    table = table_titled(deal, short)
    sample = table_titled(SAMPLE, DWELLINGS)
    assert rows_read(table) == rows_read(sample)
    assert rows_read(table)[0][1:] == (1069, 540_685_761)
    assert (table.total.count, table.total.balance) == (1225, 619_800_778)
    _no_table_holds_rows_of(deal, DWELLINGS, but=short)
    years = [t for t in deal.tables if t.title == YEARS]
    if years:  # read with no Total line: the sample's two rows, and said so
        assert rows_read(years[0]) == rows_read(table_titled(SAMPLE, YEARS))
        assert years[0].total is None and any("no Total line" in w for w in years[0].warnings)
    else:  # left out: said
        assert any(YEARS in w for w in deal.warnings)


@pytest.mark.parametrize(
    "title, blank_under",
    [("               Loan Purpose", False), ("Loan purpose", True), ("               Loan purpose", True)],
)
def test_rows_that_add_up_to_the_total_alone_are_no_rows_of_the_table_above(title: str, blank_under: bool):
    """A title no rule takes for one (right over the headings, at the margin, in sentence case) under a table
    with no Total line: the rows under its headings add up to the Total line by themselves (1,225 loans,
    $619,800,778) and the years' above do not belong with them, so no table takes both (it took the eight
    rows, its total "1,225" two years' and six dwellings' loans)."""
    lines = _without_total(TERM_SHEET, YEARS).split("\n")
    at = next(i for i, line in enumerate(lines) if line.strip() == DWELLINGS)
    lines[at : at + 2] = [title, *([""] if blank_under else [])]
    deal = _read("\n".join(lines))
    dwellings = rows_read(table_titled(SAMPLE, DWELLINGS))
    table = next(t for t in deal.tables if rows_read(t)[:1] == dwellings[:1])
    assert rows_read(table) == dwellings
    assert (table.total.count, table.total.balance) == (1225, 619_800_778)
    _no_table_holds_rows_of(deal, DWELLINGS, but=table.title)
    years = [t for t in deal.tables if t.title == YEARS]
    assert not years or rows_read(years[0]) == rows_read(table_titled(SAMPLE, YEARS))
    assert years or any(YEARS in w and "not read" in w for w in deal.warnings)


def test_a_short_title_repeated_over_its_rows_on_a_new_page_goes_on_with_them():
    """Under the years' table with no Total line, 'Loan Purpose' over three of the dwellings' rows, and again,
    with its headings, over the other three on the next page: one table of six rows (the title repeated is its
    own, not another table's), the years' rows in none of it."""
    lines = _retitled(_without_total(TERM_SHEET, YEARS), DWELLINGS, "Loan Purpose").split("\n")
    title = next(i for i, line in enumerate(lines) if line.strip() == "Loan Purpose")
    rule = next(i for i in range(title, len(lines)) if set(lines[i]) == {"-", " "})
    at = next(i for i, line in enumerate(lines) if line.startswith("Townhouses")) + 1
    again = ["", "<PAGE>", "", *lines[title : rule + 1], ""]
    deal = _read("\n".join([*lines[:at], *again, *lines[at:]]))
    table = table_titled(deal, "Loan Purpose")
    assert rows_read(table) == rows_read(table_titled(SAMPLE, DWELLINGS))
    assert (table.total.count, table.total.balance) == (1225, 619_800_778)
    _no_table_holds_rows_of(deal, DWELLINGS, but="Loan Purpose")
    _no_table_holds_rows_of(deal, YEARS, but=YEARS)


@pytest.mark.parametrize("short", SHORT_TITLES)
def test_a_table_under_a_short_title_with_no_total_line_is_read_and_said(short: str):
    """The short title's own table has no Total line, the table under it has one: it was lost with nothing
    said (the rows are no title's in capitals or of three words). Now read, its Total's lack said."""
    text = _without_total(_retitled(TERM_SHEET, DWELLINGS, short), short)
    deal = _read(text)
    table = table_titled(deal, short)
    assert rows_read(table) == rows_read(table_titled(SAMPLE, DWELLINGS))
    assert table.total is None and any("no Total line" in w for w in table.warnings)
    units = table_titled(deal, UNITS)
    assert rows_read(units) == rows_read(table_titled(SAMPLE, UNITS))
    assert (units.total.count, units.total.balance) == (1225, 619_800_778)
    _no_table_holds_rows_of(deal, DWELLINGS, but=short)


def test_a_row_labelled_in_title_case_and_set_in_stays_a_row():
    """Rows labelled in two words of Title Case, set in and between blank lines as the sample's loose rows are
    ("    Second Home    19    11,614,884"), in a table with no Total line over a table titled "Loan Size":
    each label carries its figures, so it is a row, never a title; the title under them ends their table."""
    text = _without_total(TERM_SHEET, UNITS)
    for old, new in [
        ("1-family ", "    Primary Residence"),
        ("2-family ", "    Second Home"),
        ("3-family ", "    Investor"),
    ]:
        text = "\n".join(
            new + line[len(new) :] if line.startswith(old) and line[len(new) :].startswith(" ") else line
            for line in text.split("\n")
        )
    deal = _read(_retitled(text, SIZE, "Loan Size"))
    units = table_titled(deal, UNITS)
    assert [label for label, _, _ in rows_read(units)][:3] == ["Primary Residence", "Second Home", "Investor"]
    assert [row[1:] for row in rows_read(units)] == [row[1:] for row in rows_read(table_titled(SAMPLE, UNITS))]
    assert units.total is None
    sizes = table_titled(deal, "Loan Size")
    assert rows_read(sizes) == rows_read(table_titled(SAMPLE, SIZE))
    assert (sizes.total.count, sizes.total.balance) == (1225, 619_800_778)


_AVERAGE = "Weighted Average" + " " * 46 + "505,960"
_COUNT_SENTENCE = "The total number of mortgage loans as of May 1, 2004 was 1,225."


def _averages_for_totals(text: str) -> str:
    """Every strat table's Total line replaced by a "Weighted Average" line with one figure in the balances'
    column; the prose's sentence of the loan count left out."""
    for title in [YEARS, DWELLINGS, UNITS, SIZE, NOTE_RATES, "BY LOAN-TO-VALUE RATIOS AT ORIGINATION", STATES]:
        text = _without_total(text, title, instead=_AVERAGE)
    assert _COUNT_SENTENCE in text
    return text.replace(_COUNT_SENTENCE, "")


def test_a_weighted_average_line_of_a_table_not_read_is_no_loan_count():
    """A table with no Total line whose rows end in "Weighted Average  505,960" is not read (said, by its
    title); that line was read as prose, over the page break, as the pool's loan count: 505,960 loans."""
    deal = _read(_averages_for_totals(TERM_SHEET))
    pool = deal.pools[0]
    assert pool.loan_count is None and "loan_count" in deal.missing
    assert not any("505,960" in w for w in deal.warnings)
    said = [w for w in deal.warnings if "was not read whole" in w]
    assert any(YEARS in w for w in said) and any(SIZE in w for w in said)
    # the prose around the tables is read as before
    sample = SAMPLE.pools[0]
    assert (pool.aggregate_balance, pool.wac, pool.wam_months) == (
        sample.aggregate_balance,
        sample.wac,
        sample.wam_months,
    )
