"""A head a page carries alone, where a table's rows go on over its break.

A running head that recurs on most pages is page furniture; one set on a single page ("PRELIMINARY - SUBJECT
TO COMPLETION" stamped on the page a table breaks over) was read as the title of a table of its own: the rows
after it went to that table, the table it broke lost its Total, and four checks failed with no word of why.
Each test breaks the 2004-3 term sheet's loan-size table after its "$500,000 through $549,999" row.
"""

from __future__ import annotations

import pytest
from facts import assert_tables_as_the_sample, rows_read, table_titled

from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes
from reporting.samples import TERM_SHEET_2004_3

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
SAMPLE = load_filing(ingest_bytes(TERM_SHEET.encode(), "cmsi-2004-3.txt"))
SIZE_HEADINGS = """\
Outstanding Principal             Number of                 Aggregate Principal
Balance by Loan Size              Loans                    Balances Outstanding
---------------------             ---------                --------------------"""
ROW = "$500,000 through $549,999           124                           65,257,047\n"
ONE_PAGE_HEADS = (
    "               PRELIMINARY - SUBJECT TO COMPLETION",
    "                  Computational Materials",
    "                       Collateral Term Sheet",
    "                  Citigroup Global Markets Inc.\n                       Collateral Term Sheet",
)


def _broken(head: str, repeat_headings: bool) -> str:
    page = f"\n                                     7\n<PAGE>\n{head}\n\n"
    if repeat_headings:
        page += SIZE_HEADINGS + "\n\n"
    assert TERM_SHEET.count(ROW) == 1 and TERM_SHEET.count(SIZE_HEADINGS) == 1
    return TERM_SHEET.replace(ROW, ROW + page)


@pytest.mark.parametrize("head", ONE_PAGE_HEADS)
def test_a_head_of_one_page_over_the_tables_headings_repeated_is_no_tables_title(head: str):
    deal = load_filing(ingest_bytes(_broken(head, repeat_headings=True).encode(), "cmsi-2004-3.txt"))
    assert_tables_as_the_sample(deal, SAMPLE)
    size = table_titled(deal, "SIZE OF MORTGAGE LOANS")
    assert len(size.rows) == 19 and size.total is not None and size.total.balance == 619_800_778
    assert not deal.warnings


@pytest.mark.parametrize("head", ONE_PAGE_HEADS[:2])
def test_a_head_set_in_between_two_rows_of_a_table_is_page_furniture(head: str):
    # No headings repeated: a row ends the page before and one starts this page; the head is set in from the
    # margin, where a row's label starts. (Read as a title, the rows after it were a table "not read whole".)
    deal = load_filing(ingest_bytes(_broken(head, repeat_headings=False).encode(), "cmsi-2004-3.txt"))
    assert_tables_as_the_sample(deal, SAMPLE)
    assert not deal.warnings


def test_a_table_of_its_own_at_the_top_of_a_page_keeps_its_title_after_a_table_without_a_total():
    # The other side of the rule: the years table set without its Total line, ending a page on a row, and a
    # table the parser has no kind for at the top of the next. Its title and headings are its own (the headings
    # are no repeat of the years table's), so the title stays a title and the rows stay apart.
    years_total = """

Total                             1,225                         $619,800,778
                                  =====                         ============
"""
    purpose = """
<PAGE>
                        PURPOSE OF MORTGAGE LOANS

                                  Number of                 Aggregate Principal
Loan Purpose                      Loans                    Balances Outstanding
------------                      ---------                --------------------

Purchase                          1,000                         $500,000,000

Refinance                           225                          119,800,778


Total                             1,225                         $619,800,778
                                  =====                         ============
"""
    first = TERM_SHEET.index(years_total)
    text = TERM_SHEET[:first] + "\n" + purpose + TERM_SHEET[first + len(years_total) :]
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3.txt"))
    purposes = table_titled(deal, "PURPOSE OF MORTGAGE LOANS")
    assert rows_read(purposes) == [("Purchase", 1_000, 500_000_000), ("Refinance", 225, 119_800_778)]
    years = table_titled(deal, "YEARS OF ORIGINATION OF MORTGAGE LOANS")
    assert [row.label for row in years.rows] == ["2003", "2004"] and years.total is None


def test_a_rows_label_continued_at_the_top_of_a_page_stays_the_rows():
    # The other side again: a label's last words set in a few columns at the top of a new page, a row before and
    # after, are the label's, not a head of the page ("Condominium Units (one to four" / "Stories high)").
    row = "Condominium Units (one to four       40                           18,265,610\nstories high)\n"
    assert TERM_SHEET.count(row) == 1
    text = TERM_SHEET.replace(
        row, row.replace("\nstories", "\n                                     7\n<PAGE>\n    Stories")
    )
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3.txt"))
    labels = [row.label for row in table_titled(deal, "TYPES OF DWELLINGS").rows]
    assert "Condominium Units (one to four Stories high)" in labels
    assert deal.checks_passed and not deal.warnings


STATE_HEADINGS = """\
                                  Number of                 Aggregate Principal
State                             Loans                    Balances Outstanding
-----                             --------                 --------------------"""


def test_a_labels_last_word_at_the_foot_of_a_page_over_the_headings_repeated_stays_the_rows():
    # "New" / "Hampshire" / page 7 / "(continued)" and the headings again: "Hampshire" stands over the headings
    # repeated, as a page's head would, but before the page break, not after it: the wrapped label's last word.
    # Read as a head, the row was "New", a state no one knows, and "Hampshire" said not read (a property test
    # drew this layout).
    row = "New Hampshire                         1                              461,540\n"
    assert TERM_SHEET.count(row) == 1 and TERM_SHEET.count(STATE_HEADINGS) == 1
    foot = (
        f"                                       7\n<PAGE>\n\n                       (continued)\n\n{STATE_HEADINGS}\n"
    )
    text = TERM_SHEET.replace(row, row.replace("New Hampshire", "New          ") + "Hampshire\n" + foot)
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3.txt"))
    states = table_titled(deal, "GEOGRAPHIC DISTRIBUTION")
    assert [r.label for r in states.rows] == [r.label for r in table_titled(SAMPLE, "GEOGRAPHIC DISTRIBUTION").rows]
    assert deal.checks_passed and not states.warnings and not deal.warnings
