"""Table cells written other than as a plain figure, and tables laid out other than the samples' way.

Each filing is the 2004-3 term sheet with a table changed as another typist might set it: a figure with a
footnote's mark glued to it ("296,923,131(1)", "1,225*", "$619,800,778*"), matrix cells with no zero before
the point (".36%"). Each figure must be read as the sample's, the mark's footnote kept beside its row (or,
with none, the figure doubted), and the checks must pass as the sample's do.
"""

from __future__ import annotations

import pytest
from facts import assert_tables_as_the_sample, rows_read, table_titled
from sample_deals import read_sample

from reporting.derive.summary import summarise
from reporting.model.deal import Deal
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes
from reporting.samples import TERM_SHEET_2004_3

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
SAMPLE = read_sample(TERM_SHEET, "cmsi-2004-3.txt")

CALIFORNIA = "California                          587                          296,923,131"
ROW_2003 = "2003                                 73                         $ 34,980,358"
YEARS_TOTAL = (
    "Total                             1,225                         $619,800,778\n"
    + " " * 34
    + "====="
    + (" " * 25)
    + "============\n\n\n                  TYPES"
)
STATES_END = (
    "Washington                           10                            4,984,540\n\n\nTotal"
    + " " * 29
    + ("1,225                         $619,800,778\n" + " " * 34 + "=====" + " " * 25 + "============\n")
)
FOOTNOTE = "(1) Includes 12 mortgage loans secured by properties in the San Francisco Bay area."


def _read(text: str) -> Deal:
    return load_filing(ingest_bytes(text.encode(), "cmsi-2004-3.txt"))


def _edited(changes: dict[str, str]) -> str:
    text = TERM_SHEET
    for old, new in changes.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


# --- a footnote's mark glued to a figure -------------------------------------------------------


def test_a_balance_marked_with_its_footnote_under_the_table_is_read_and_the_note_kept_beside_its_row() -> None:
    deal = _read(
        _edited(
            {
                CALIFORNIA: CALIFORNIA + "(1)",
                STATES_END: STATES_END + "\n" + FOOTNOTE + "\n",
            }
        )
    )
    assert_tables_as_the_sample(deal, SAMPLE)
    states = table_titled(deal, "BY STATE")
    (california,) = [row for row in states.rows if row.label == "California"]
    assert (california.count, california.balance) == (587, 296_923_131)
    assert any(FOOTNOTE in w and "296,923,131" in w for w in california.warnings)
    arkansas = next(row for row in states.rows if row.label == "Arkansas")
    assert (arkansas.count, arkansas.balance) == (3, 1_350_318)  # its label takes nothing of California's

    summary = next(t for t in summarise(deal).tables if "State" in t.title)
    (shown,) = [row for row in summary.rows if row.label == "California"]
    assert shown.balance == 296_923_131 and any(FOOTNOTE in d for d in shown.note.doubts)


@pytest.mark.parametrize("mark", ["(1)", "*", "**", "\u2020", "(a)"])
def test_a_balance_marked_with_no_footnote_is_read_and_doubted(mark: str) -> None:
    deal = _read(_edited({CALIFORNIA: CALIFORNIA + mark}))
    assert_tables_as_the_sample(deal, SAMPLE)
    (california,) = [row for row in table_titled(deal, "BY STATE").rows if row.label == "California"]
    assert (california.count, california.balance) == (587, 296_923_131)
    assert any(f"marked {mark}, with no footnote that says why" in w for w in california.warnings)


def test_a_count_marked_on_a_row_keeps_its_row() -> None:
    deal = _read(_edited({ROW_2003: "2003   73(1)                      $ 34,980,358"}))
    assert_tables_as_the_sample(deal, SAMPLE)
    (row,) = [r for r in table_titled(deal, "YEARS OF ORIGINATION").rows if r.label == "2003"]
    assert (row.count, row.balance) == (73, 34_980_358)
    assert any("73 is marked (1)" in w for w in row.warnings)


@pytest.mark.parametrize(
    "old,new",
    [
        ("1,225                         $619,800,778\n", "1,225*                        $619,800,778\n"),
        ("1,225                         $619,800,778\n", "1,225(1)                      $619,800,778\n"),
        ("1,225                         $619,800,778\n", "1,225                         $619,800,778*\n"),
    ],
)
def test_a_total_marked_keeps_its_table_and_its_count_column(old: str, new: str) -> None:
    deal = _read(_edited({YEARS_TOTAL: YEARS_TOTAL.replace(old, new)}))
    assert_tables_as_the_sample(deal, SAMPLE)
    years = table_titled(deal, "YEARS OF ORIGINATION")
    assert years.label_header == "Year Originated"
    assert (years.total.count, years.total.balance) == (1225, 619_800_778)
    assert any("is marked" in w for w in years.total.warnings)


def test_a_mark_under_another_table_says_nothing_of_this_ones_figure() -> None:
    """The dwellings table's "* Multi-family dwellings are ..." is its own: a "*" in the state table is unexplained."""
    deal = _read(_edited({CALIFORNIA: CALIFORNIA + "*"}))
    (california,) = [row for row in table_titled(deal, "BY STATE").rows if row.label == "California"]
    assert not any("Multi-family" in w for w in california.warnings)
    assert any("no footnote that says why" in w for w in california.warnings)


# --- a matrix's cells with no zero before the point ---------------------------------------------

LEAD_ZERO_ROW = (
    "620 and less         0.36%         0.30%         0.23%        0.02%         0.00%         0.00%         0.91%"
)
LEAD_DOT_ROW = (
    "620 and less          .36%          .30%          .23%         .02%          .00%          .00%          .91%"
)


def test_matrix_cells_with_no_zero_before_the_point_are_read() -> None:
    deal = _read(_edited({LEAD_ZERO_ROW: LEAD_DOT_ROW}))
    (matrix,) = deal.matrices
    (sample,) = SAMPLE.matrices
    assert matrix.row_labels == sample.row_labels
    assert matrix.cells == sample.cells
    assert matrix.cells[0][:3] == (0.36, 0.30, 0.23)
    assert deal.checks_passed and len(deal.checks) == len(SAMPLE.checks)


# --- a table continued on a new page under a shortened title ------------------------------------

MASSACHUSETTS = "Massachusetts                        59                           30,352,593\n"


def _state_table_split(title: str) -> str:
    """The state table broken after Massachusetts by a page, its title repeated as ``title`` over one header line."""
    return _edited(
        {
            MASSACHUSETTS: MASSACHUSETTS
            + f"<PAGE>\n\n                     {title}\n\n"
            + "State                             Loans                    Balances Outstanding\n"
        }
    )


@pytest.mark.parametrize(
    "title",
    [
        "GEOGRAPHIC DISTRIBUTION (continued)",
        "GEOGRAPHIC DISTRIBUTION (cont'd)",
        "GEOGRAPHIC DISTRIBUTION - continued",
        "GEOGRAPHIC DISTRIBUTION OF MORTGAGED PROPERTIES (continued)",
    ],
)
def test_a_table_continued_under_a_shortened_title_is_read_whole(title: str) -> None:
    deal = _read(_state_table_split(title))
    assert_tables_as_the_sample(deal, SAMPLE)
    states = table_titled(deal, "BY STATE")
    assert states.title == "GEOGRAPHIC DISTRIBUTION OF MORTGAGED PROPERTIES BY STATE"
    assert not states.warnings and not deal.not_run
    assert [row.label for row in states.rows][17:19] == ["Massachusetts", "Michigan"]


def test_a_continued_title_naming_another_table_does_not_join_the_rows_above() -> None:
    deal = _read(_state_table_split("TYPES OF DWELLINGS (continued)"))
    assert not any(t.title == "GEOGRAPHIC DISTRIBUTION OF MORTGAGED PROPERTIES BY STATE" for t in deal.tables)


# --- a table with no Total line ------------------------------------------------------------------


def test_a_table_with_no_total_line_does_not_take_in_the_next_tables_rows() -> None:
    deal = _read(_edited({YEARS_TOTAL: "\n\n                  TYPES"}))
    dwellings = table_titled(deal, "TYPES OF DWELLINGS")
    assert rows_read(dwellings) == rows_read(table_titled(SAMPLE, "TYPES OF DWELLINGS"))
    assert (dwellings.total.count, dwellings.total.balance) == (1225, 619_800_778)
    # Its rows end at a blank line over the next table's title: read on their own, with no Total, never merged.
    years = table_titled(deal, "YEARS OF ORIGINATION")
    assert rows_read(years) == [("2003", 73, 34_980_358), ("2004", 1152, 584_820_420)]
    assert years.total is None
    assert any("YEARS OF ORIGINATION" in n.subject for n in deal.not_run)  # its checks could not run
    assert all(check.passed for check in deal.checks)


ARKANSAS = "Arkansas                              3                            1,350,318"


@pytest.mark.parametrize(
    "row, said",
    [
        (ARKANSAS.replace("  3  ", "  *  "), "the loan count of the row 'Arkansas' (line 315) could not be read"),
        (ARKANSAS.replace("1,350,318", "        *"), "the balance of the row 'Arkansas' (line 315) could not be read"),
    ],
)
def test_a_row_figure_not_read_says_its_tables_sum_could_not_run(row: str, said: str) -> None:
    # A "*" in place of a state's count or balance left its table's sum out, unsaid: "all 45 reconciliation
    # checks passed" of a filing whose 46th could not run.
    deal = _read(_edited({ARKANSAS: row}))
    assert len(deal.checks) == len(SAMPLE.checks) - 1 and all(check.passed for check in deal.checks)
    (not_run,) = deal.not_run
    assert (not_run.name.split(" ")[:4], not_run.subject) == (
        ["table", "rows", "add", "up"],
        "GEOGRAPHIC DISTRIBUTION OF MORTGAGED PROPERTIES BY STATE",
    )
    assert deal.not_run_reason == f"1 could not run: {said}"
    assert not deal.all_checks_passed
