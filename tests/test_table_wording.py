"""Tables written another way: states by postal code or old abbreviation, a title naming a
balance before what the table is split by.

Each filing is 2004-3 with its tables' words changed as another year's typist might write
them, the figures unchanged: the same figures must come out, or a figure is left out
and the report says why. Never a California share of 0% for a California the parser
did not recognise.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import layouts
import pytest
from facts import matrices_read
from sample_deals import read_sample

from reporting.api import long_table
from reporting.derive.metrics import BY_KEY, missing_in_words
from reporting.derive.summary import summarise
from reporting.model.deal import Deal
from reporting.model.table_kinds import TableKind
from reporting.pipeline import load_filing
from reporting.present.jsonio import deal_to_json
from reporting.read.deal_json import deal_from_json
from reporting.read.ingest import ingest_bytes
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3
from reporting.validate import validate

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
SAMPLE = read_sample(TERM_SHEET, "cmsi-2004-3.txt")


def reworded(changes: dict[str, str]) -> Deal:
    text = TERM_SHEET
    for old, new in changes.items():
        pattern = re.compile(rf"^{re.escape(old)}(?= {{2,}}\d)", re.M)  # a state table row's label
        assert len(pattern.findall(text)) == 1, old
        text = pattern.sub(new.ljust(len(old)), text)
    return load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-reworded.txt"))


def geography(deal: Deal):
    return summarise(deal).geography


def test_states_by_postal_code_or_old_abbreviation_are_the_same_states():
    expected = geography(SAMPLE)
    for names in (
        {"Alabama": "AL", "California": "CA", "District of Columbia": "DC", "New York": "NY", "Washington": "WA"},
        {
            "Alabama": "Ala.",
            "California": "Calif.",
            "District of Columbia": "D.C.",
            "New York": "N.Y.",
            "Washington": "Wash.",
        },
    ):
        deal = reworded(names)
        found = geography(deal)
        share_of_the_table = pytest.approx(296_923_131 / 619_800_778 * 100)  # California over the Total line
        assert found.california_share == expected.california_share == share_of_the_table
        assert found.top_share == expected.top_share
        assert [s.code for s in found.states] == [s.code for s in expected.states]
        assert deal.warnings == SAMPLE.warnings  # nothing doubted


def test_a_row_naming_no_known_state_leaves_californias_share_out_and_says_so():
    deal = reworded({"California": "Kalifornia"})
    found = summarise(deal)
    assert found.geography.california_share is None  # not 0%: California may be the row not recognised
    # Nor the top 5: the row could as well be "Other (fewer than 2% in any one state)", no state at all.
    assert found.geography.top_share is None
    assert [s.share for s in found.geography.states] == [s.share for s in geography(SAMPLE).states]
    said = "1 of its 39 rows name no state the parser knows ('Kalifornia')"
    assert f"GEOGRAPHIC DISTRIBUTION OF MORTGAGED PROPERTIES BY STATE: {said}" in deal.warnings
    # No figure shown, and never called "not stated": the filing states it, in a row not recognised.
    for figure in ("California", "Top 5 states"):
        assert figure in found.metrics_not_read and figure not in found.metrics_not_stated
    assert "In the filing but not read: California, Top 5 states." in found.metric_gaps


def test_a_title_naming_the_balance_before_what_it_splits_by_is_its_kind():
    title = "                         DISTRIBUTION OF MORTGAGE LOANS\n"
    assert TERM_SHEET.count(title) == 1
    text = TERM_SHEET.replace(title, "                  AGGREGATE PRINCIPAL BALANCE OF MORTGAGE LOANS\n")
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-reworded.txt"))
    ltv = next(t for t in deal.tables if t.title.startswith("AGGREGATE PRINCIPAL BALANCE"))
    assert ltv.title.endswith("BY LOAN-TO-VALUE RATIOS AT ORIGINATION") and ltv.kind is TableKind.LTV
    assert [c.name for c in deal.checks] == [c.name for c in SAMPLE.checks]  # the check above 80% LTV too
    assert deal.verdict == SAMPLE.verdict


MATRIX_HEADER = """\
                    65.00%        65.001%-      75.001%-     80.001%-      85.001%-      90.001%-
                   and below      75.000%       80.000%      85.000%       90.000%       95.000%      All loans
                   ---------      -------       -------      -------       -------       -------      ---------"""
ALL_LOANS_FIRST = """\
                                 65.00%      65.001%-      75.001%-      80.001%-      85.001%-      90.001%-
                  All loans   and below       75.000%       80.000%       85.000%       90.000%       95.000%
                  ---------   ---------       -------       -------       -------       -------       -------"""


def _all_loans_first(line: str) -> str:
    """A row of the FICO x LTV matrix with its last figure (the row's total) moved first."""
    label, figures = line[:18].rstrip(), line[18:].split()
    return label.ljust(18) + "".join(f.rjust(14) for f in [figures[-1], *figures[:-1]])


def test_a_matrix_with_its_all_loans_column_first_is_read_as_with_it_last():
    assert TERM_SHEET.count(MATRIX_HEADER) == 1
    lines = TERM_SHEET.replace(MATRIX_HEADER, ALL_LOANS_FIRST).split("\n")
    rows = [i for i, line in enumerate(lines) if re.match(r"(?:\d{3} (?:and|to) |Total  .*%)", line)]
    assert len(rows) == 7  # six FICO bands and the Total line
    for i in rows:
        lines[i] = _all_loans_first(lines[i])
    deal = load_filing(ingest_bytes("\n".join(lines).encode(), "cmsi-2004-3-reworded.txt"))
    (matrix,), (sample,) = deal.matrices, SAMPLE.matrices
    assert matrix.col_labels == sample.col_labels and matrix.col_labels[0].startswith("65.00%")
    assert (matrix.cells, matrix.row_totals, matrix.grand_total) == (sample.cells, sample.row_totals, 100.0)
    assert [c.name for c in deal.checks] == [c.name for c in SAMPLE.checks] and deal.verdict == SAMPLE.verdict
    below_700 = BY_KEY["fico_below_700_share"].compute
    assert below_700(deal, deal.whole_deal) == below_700(SAMPLE, SAMPLE.whole_deal) == pytest.approx(20.04)


@pytest.mark.parametrize("total", ["All Loans", "Pool Total", "Aggregate"])
def test_tables_ending_in_an_all_loans_line_instead_of_total_are_the_same_tables(total):
    # "Pool Total" or "Aggregate" ran the table on into the next, and the state table was lost.
    text, count = re.subn(r"^Total    (?=.*\d)", f"{total:<9}", TERM_SHEET, flags=re.M)
    assert count == 8  # seven tables and the matrix
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-reworded.txt"))
    assert deal.tables == SAMPLE.tables and deal.matrices == SAMPLE.matrices
    assert deal.checks == SAMPLE.checks and deal.missing == SAMPLE.missing == ()


def _matrix_lines(text: str) -> tuple[int, int]:
    """The lines of the FICO x LTV matrix, from its column headings to its Total line."""
    lines = text.split("\n")
    top = next(i for i, line in enumerate(lines) if "65.00%        65.001%-" in line)
    return top, next(i for i in range(top, len(lines)) if lines[i].startswith("Total"))


def test_a_matrix_written_without_percent_signs_is_the_same_matrix():
    lines = TERM_SHEET.split("\n")
    top, total = _matrix_lines(TERM_SHEET)
    for i in range(top + 2, total + 1):  # the figures, not the headings
        lines[i] = lines[i].replace("%", " ")
    deal = load_filing(ingest_bytes("\n".join(lines).encode(), "cmsi-2004-3-reworded.txt"))
    (matrix,), (sample,) = deal.matrices, SAMPLE.matrices
    assert (matrix.cells, matrix.row_totals, matrix.col_totals) == (sample.cells, sample.row_totals, sample.col_totals)
    assert deal.checks == SAMPLE.checks and deal.warnings == SAMPLE.warnings


def test_a_matrix_with_a_figure_that_cannot_be_read_is_left_out_and_said_so():
    lines = TERM_SHEET.split("\n")
    top, _ = _matrix_lines(TERM_SHEET)
    row = top + 5  # "620 to 649": its 0.84 printed in accounting brackets, as a negative share
    assert lines[row].startswith("620 to 649") and lines[row].count(" 0.84 ") == 1
    lines[row] = lines[row].replace("  0.84 ", "(0.84)")
    deal = load_filing(ingest_bytes("\n".join(lines).encode(), "cmsi-2004-3-reworded.txt"))
    assert deal.matrices == ()
    assert (
        "the table DISTRIBUTION BY FICO SCORES AND LOAN-TO-VALUE RATIOS AT ORIGINATION (lines 360-380): "
        "a figure of it cannot be read; left out, not misread" in deal.warnings
    )


def test_every_output_says_california_was_in_the_filing_but_not_read(tmp_path):
    from openpyxl import load_workbook
    from reading import html_of, message_of, text_of
    from shared_renders import FIXED_TIME

    from reporting.deliver.write import render_deal

    written = render_deal(
        reworded({"California": "Kalifornia"}), tmp_path, ("html", "email", "xlsx"), generated_at=FIXED_TIME
    )
    by_kind = {p.name.rsplit("-", 1)[1]: p for p in written}
    said, not_said = "In the filing but not read: California, Top 5 states.", "Not stated in this filing"
    message = message_of(by_kind["summary.eml"])
    for text in (by_kind["summary.html"].read_text(), html_of(message), text_of(message)):
        assert said in text and not_said not in text
    book = load_workbook(by_kind["summary.xlsx"])
    cells = [c.value for sheet in book for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert said in cells and not any(not_said in c for c in cells)


# --- from the second outside probe: lines near a title that are not the title --------------------------

TITLES = (
    "                     YEARS OF ORIGINATION OF MORTGAGE LOANS\n",
    "                  TYPES OF DWELLINGS SUBJECT TO MORTGAGE LOANS\n",
    "                          MORTGAGED PROPERTIES BY STATE\n",
)
KINDS = [t.kind for t in SAMPLE.tables]


def outcomes(deal: Deal) -> list[tuple]:
    """Each check's name, figures and outcome (not its lines: the added lines move them)."""
    return [(c.name, c.expected, c.actual, c.passed) for c in deal.checks]


def _under_each_title(line: str, blank: bool) -> Deal:
    text = TERM_SHEET
    for title in TITLES:
        assert text.count(title) == 1
        text = text.replace(title, title + ("\n" if blank else "") + line + "\n")
    return load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-reworded.txt"))


def test_a_note_in_brackets_under_a_title_does_not_change_the_tables_kind():
    for note in ("(Percentages by Aggregate Principal Balance)", "(PERCENTAGES BY AGGREGATE PRINCIPAL BALANCE)"):
        deal = _under_each_title(f"                  {note}", blank=False)
        assert [t.kind for t in deal.tables] == KINDS  # "by ... balance" in brackets: not a loan-size table
        assert geography(deal).california_share == geography(SAMPLE).california_share
        assert outcomes(deal) == outcomes(SAMPLE)


def test_a_subtitle_in_title_case_under_a_title_in_capitals_keeps_the_title():
    deal = _under_each_title("                            As of the Cut-off Date", blank=True)
    assert [t.title for t in deal.tables] == [t.title for t in SAMPLE.tables]  # the subtitle heads the columns
    assert [t.kind for t in deal.tables] == KINDS and outcomes(deal) == outcomes(SAMPLE)


def test_a_labels_line_in_title_case_inside_a_table_is_the_labels():
    """Labels indented, in Title Case, wrapped with their figures on the last line (the second
    outside probe's layout): "    Condominium Units (Over" is a label's line, not a title."""
    rows = {
        "Condominium Units (one to four       40                           18,265,610\nstories high)\n": (
            "    Condominium Units (One to\n    Four Stories High)               40                           18,265,610\n"
        ),
        "Condominium Units (over four         15                            9,413,193\nstories high)\n": (
            "    Condominium Units (Over\n    Four Stories High)               15                            9,413,193\n"
        ),
    }
    text = TERM_SHEET
    for old, new in rows.items():
        assert text.count(old) == 1
        text = text.replace(old, new)
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-reworded.txt"))
    dwellings, sample = deal.tables[1], SAMPLE.tables[1]
    assert (dwellings.title, len(dwellings.rows)) == (sample.title, len(sample.rows))
    assert [r.label for r in dwellings.rows][3:5] == [
        "Condominium Units (One to Four Stories High)",
        "Condominium Units (Over Four Stories High)",
    ]
    assert outcomes(deal) == outcomes(SAMPLE)


def test_a_titles_last_word_alone_on_its_line_stays_in_the_title():
    old = "                           GEOGRAPHIC DISTRIBUTION OF\n                          MORTGAGED PROPERTIES BY STATE\n"
    assert TERM_SHEET.count(old) == 1
    text = TERM_SHEET.replace(
        old,
        "                 Geographic Distribution of Mortgaged Properties by\n                                        State\n",
    )
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-reworded.txt"))
    assert deal.tables[6].title == "Geographic Distribution of Mortgaged Properties by State"
    assert deal.tables[6].kind is TableKind.GEOGRAPHY


def test_the_sentence_above_an_untitled_table_stays_prose():
    """No title: the table's heading is its label column's; the sentences above keep their facts."""
    old = "      The following tables set forth information regarding the mortgage loans as\nof May 1, 2004.\n\n\n"
    old += "                     YEARS OF ORIGINATION OF MORTGAGE LOANS\n\n"
    assert TERM_SHEET.count(old) == 1
    text = TERM_SHEET.replace(
        old, "      The following table sets forth the year each mortgage loan was originated\nas of May 1, 2004:\n\n"
    )
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-reworded.txt"))
    assert deal.tables[0].title == "By Year Originated" and deal.tables[0].kind is TableKind.ORIGINATION_YEAR

    def pool_figures(d: Deal) -> list[tuple]:
        return [
            (p.aggregate_balance, p.loan_count, p.wac, p.wam_months, p.wa_original_term_months, p.wa_ltv)
            for p in d.pools
        ]

    assert pool_figures(deal) == pool_figures(SAMPLE) and deal.whole_deal.loan_count == 1225
    assert outcomes(deal) == outcomes(SAMPLE)


def test_a_table_of_certificate_classes_gives_their_balances():
    """A detailed description listing its classes' balances in a table: the classes' facts, not a
    stratification of the pool."""
    detailed = DETAILED_2004_8.read_text(encoding="utf-8")
    sample = read_sample(detailed, "cmsi-2004-8.txt")
    lines = detailed.split("\n")
    balances = "\n".join(lines[233:254]) + "\n"  # seven sentences, one balance each
    assert balances.count("The aggregate initial principal balance of the class") == 7
    table = (
        "     The classes of certificates and their aggregate initial principal balances as\n"
        "of October 1, 2004 are as follows:\n\n"
        "                              Initial Principal\n"
        "Class                         Balance\n"
        "-----                         -----------------\n"
        + "".join(
            f"{'Class ' + c.name:<30}{('$ ' if i == 0 else '  ') + f'{c.initial_balance:,.2f}':>17}\n"
            for i, c in enumerate(sample.classes)
        )
        + "\nTotal                           $493,641,377.57\n\n"
    )
    deal = load_filing(ingest_bytes(detailed.replace(balances, table).encode(), "cmsi-2004-8-reworded.txt"))
    assert deal.tables == ()  # not a stratification of the pool
    got = [(c.name, c.initial_balance, c.subordination_level) for c in deal.classes]
    assert got == [(c.name, c.initial_balance, c.subordination_level) for c in sample.classes]
    assert outcomes(deal) == outcomes(sample)  # the classes add up, each level checked against them


def test_territories_and_a_row_for_the_other_states_are_no_doubt_and_never_in_the_top_5():
    deal = reworded(
        {"Alabama": "Puerto Rico", "District of Columbia": "Washington, D.C.", "New York": "All other states"}
    )
    assert deal.warnings == SAMPLE.warnings  # each row named as filings name them: nothing doubted
    found, expected = geography(deal), geography(SAMPLE)
    assert found.california_share == expected.california_share
    new_york = next(s.share for s in expected.states if s.code == "NY")  # the second largest
    states = [s for s in expected.states if s.code != "NY"]  # the rest's row is no state: the sixth is in
    assert found.top_share == pytest.approx(sum(s.share for s in states[:5]))
    assert found.top_share < expected.top_share and new_york in [s.share for s in expected.states[:5]]


@pytest.mark.parametrize(
    "rest",
    [
        "Other (less than 1%)",
        "Other (less than 1% each)",
        "All other states*",
        "Other (fewer than 2% in any one state)",
    ],
)
def test_a_row_for_the_rest_with_a_note_is_never_in_the_top_5(rest):
    # "Other (less than 1%)" was ranked third of the top 5 states, a warning beside it.
    deal = reworded({"New York": rest})
    found, expected = geography(deal), geography(SAMPLE)
    states = [s for s in expected.states if s.code != "NY"]
    assert found.top_share == pytest.approx(sum(s.share for s in states[:5]))
    assert deal.warnings == SAMPLE.warnings


@pytest.mark.parametrize(
    "furniture",
    ["<PAGE>\n", "                          (continued on next page)\n\n", "(continued on next page)\n\n<PAGE>\n"],
)
def test_a_state_table_continued_on_a_page_without_its_headings_is_one_table(furniture):
    # An outside audit's HTML filing cut the state table in two, its headings not repeated: the first
    # part's 20 states were read as prose ("stated again as 5" loans), and California as 0.00%.
    row = re.search(r"^Missouri .*$", TERM_SHEET, re.M).group(0)
    title = "          GEOGRAPHIC DISTRIBUTION OF MORTGAGED PROPERTIES BY STATE (continued)"
    deal = load_filing(
        ingest_bytes(TERM_SHEET.replace(row, f"\n{furniture}\n{title}\n\n{row}").encode(), "continued.txt")
    )
    assert [(t.title, [(r.label, r.count, r.balance) for r in t.rows]) for t in deal.tables] == [
        (t.title, [(r.label, r.count, r.balance) for r in t.rows]) for t in SAMPLE.tables
    ]
    assert deal.warnings == SAMPLE.warnings and deal.verdict == SAMPLE.verdict


def test_a_state_rows_doubt_stands_beside_the_state_figures_too():
    # From a second review: California's row stated 57.91% of the balance against its 47.91%, doubted in the
    # table, while "California 47.91%" and the top 5 stood undoubted in the key metrics, the index and the shelf.
    start = TERM_SHEET.index("                           GEOGRAPHIC DISTRIBUTION OF")
    end = TERM_SHEET.index("<PAGE>", start)

    def with_share(match: re.Match) -> str:
        label, count, balance = match.groups()
        share = int(balance.lstrip("$ ").replace(",", "")) / 619_800_778 * 100 + (10 if label == "California" else 0)
        return f"{label:<34}{count:>9}{balance:>26}{share:>12.2f}"

    rows = re.sub(r"^(\S.*?\S)\s{2,}([\d,]+)\s{2,}(\$?\s*[\d,]+)$", with_share, TERM_SHEET[start:end], flags=re.M)
    heads = (
        f"{'':<34}{'Number of':>9}{'Aggregate Principal':>26}{'Percent of':>12}\n"
        f"{'State':<34}{'Loans':>9}{'Balances Outstanding':>26}{'Balance':>12}\n"
        f"{'-----':<34}{'-' * 8:>9}{'-' * 20:>26}{'-' * 10:>12}\n"
    )
    block = rows[: rows.index("Alabama")].rsplit("\n\n", 2)[0] + "\n\n" + heads + "\n" + rows[rows.index("Alabama") :]
    deal = load_filing(ingest_bytes((TERM_SHEET[:start] + block + TERM_SHEET[end:]).encode(), "t.txt"))
    metrics = {m.key: m for m in summarise(deal).metrics}
    said = "row 'California': the filing gives this row as 57.91% of the balance, but its balance is 47.91%"
    for key in ("california_share", "top5_states_share"):
        assert metrics[key].values[0] is not None and any(d.startswith(said) for d in metrics[key].notes[0].doubts)
    assert not any(said in d for d in metrics["wac"].notes[0].doubts)


def test_a_row_for_the_rest_naming_a_place_is_doubted_as_a_row_naming_no_known_state():
    # "Other (Puerto Rico)" names a territory: read as the rest, it would leave the territory uncounted, unsaid.
    deal = reworded({"Alabama": "Other (Puerto Rico)"})
    assert any("name no state the parser knows ('Other (Puerto Rico)')" in w for t in deal.tables for w in t.warnings)


def test_a_row_naming_no_known_state_among_the_largest_leaves_the_top_5_unsaid():
    # A row the parser could not name ("Remaining states") was added in as a state: with four states and
    # such a row, the top 5 read 100.00%.
    deal = reworded({"New York": "Remaining jurisdictions"})
    assert geography(deal).top_share is None
    assert geography(deal).california_share == geography(SAMPLE).california_share
    assert any("name no state the parser knows" in w for t in deal.tables for w in t.warnings)
    small = reworded({"Alabama": "Remaining jurisdictions"})  # the smallest row: the top 5 are all states
    assert geography(small).top_share == pytest.approx(geography(SAMPLE).top_share)


@pytest.mark.parametrize(
    "north, south",
    [
        ("Northern California", "Southern California"),
        ("California - North", "California - South"),
        ("Northern California", "So. California"),
    ],
)
def test_a_state_set_in_two_rows_is_one_state(north, south):
    # California in two rows: its share was left out, and each half ranked as a state of its own in the top 5.
    row = "California                          587                          296,923,131"
    assert TERM_SHEET.count(row) == 1
    halves = f"{north:<30}{200:>9}{100_000_000:>29,}\n{south:<30}{387:>9}{196_923_131:>29,}"
    deal = load_filing(ingest_bytes(TERM_SHEET.replace(row, halves).encode(), "cmsi-2004-3-split.txt"))
    found, expected = geography(deal), geography(SAMPLE)
    assert found.california_share == pytest.approx(expected.california_share, abs=1e-9)
    assert found.top_share == pytest.approx(expected.top_share, abs=1e-9)
    assert found.states[0].code == "CA" and found.states[0].balance == 296_923_131


@pytest.mark.parametrize("written", ["2,96,923,131", "296923,131", "296,923,13"])
def test_a_rows_balance_whose_digits_are_not_grouped_in_threes_is_not_read_and_says_so(written):
    # "2,96,923,131" was read as 296,923,131 and "296,923,13" as 29,692,313 (only the sum check doubted it).
    row = "California                          587                          296,923,131"
    assert TERM_SHEET.count(row) == 1
    damaged = row.replace("296,923,131", f"{written:>11}")
    deal = load_filing(ingest_bytes(TERM_SHEET.replace(row, damaged).encode(), "cmsi-2004-3-misgrouped.txt"))
    states = next(t for t in deal.tables if "STATE" in t.title)
    california = next(r for r in states.rows if r.label == "California")
    assert (california.count, california.balance) == (587, None)
    assert california.warnings == (
        f"the filing writes a figure of this row as {written!r}, which is not read as a figure",
    )


# --- from the third outside probe: what must stay as the samples read -------------------------------


def _with_text_before(anchor: str, text: str) -> Deal:
    """The 2004-3 term sheet with ``text`` set in before the first line starting ``anchor``."""
    assert anchor in TERM_SHEET, anchor
    return load_filing(ingest_bytes(TERM_SHEET.replace(anchor, text + anchor, 1).encode(), "cmsi-2004-3-added.txt"))


def _edited(old: str, new: str) -> Deal:
    assert TERM_SHEET.count(old) == 1, old
    return load_filing(ingest_bytes(TERM_SHEET.replace(old, new).encode(), "cmsi-2004-3-reworded.txt"))


def test_a_note_and_a_page_break_inside_a_table_do_not_cut_it():
    header = (
        "                                  Number of                 Aggregate Principal\n"
        "State                             Loans                    Balances Outstanding\n"
        "-----                             --------                 --------------------\n"
    )
    row = "Michigan                              8                            3,266,336\n"
    deal = _edited(row, row + f"\n     (footnotes appear at the end of this table.)\n\n<PAGE>\n\n{header}\n")
    assert [len(t.rows) for t in deal.tables] == [len(t.rows) for t in SAMPLE.tables]
    assert geography(deal).california_share == geography(SAMPLE).california_share
    assert outcomes(deal) == outcomes(SAMPLE)


def test_a_lower_case_note_in_brackets_under_a_title_keeps_the_title():
    title = "                             SIZE OF MORTGAGE LOANS\n"
    deal = _edited(title, title + "           (by original principal balance of the mortgage loans)\n")
    assert deal.tables[3].title == "SIZE OF MORTGAGE LOANS"  # the note is a heading over the columns
    assert [t.kind for t in deal.tables] == KINDS and outcomes(deal) == outcomes(SAMPLE)


def test_a_centred_title_in_sentence_case_ending_in_a_colon_is_the_title():
    deal = _edited(
        "             NUMBER OF UNITS IN DWELLINGS SUBJECT TO MORTGAGE LOANS\n",
        "         Number of units in dwellings subject to mortgage loans:\n",
    )
    assert deal.tables[2].title == "Number of units in dwellings subject to mortgage loans:"
    assert deal.tables[2].kind is TableKind.UNITS and outcomes(deal) == outcomes(SAMPLE)


def test_a_loan_table_whose_label_column_is_headed_class_is_no_table_of_certificates():
    """The units table with its rows named A to D under "Class": loans counted, no class like "B-1"."""
    header = (
        "Type of                           Number of                 Aggregate Principal\n"
        "Dwelling Unit                     Loans                    Balances Outstanding\n"
        "-------------                     ---------                --------------------\n"
    )
    units = TERM_SHEET.index("NUMBER OF UNITS IN DWELLINGS")
    assert TERM_SHEET.count(header) == 2 and TERM_SHEET.index(header, units) > units
    below = TERM_SHEET[units:].replace(
        header, header.replace("Type of      ", "Class        ").replace("Dwelling Unit", "             "), 1
    )
    for number, name in zip("1234", "ABCD"):
        below = below.replace(f"\n{number}-family  ", f"\n{name}         ", 1)
    deal = load_filing(ingest_bytes((TERM_SHEET[:units] + below).encode(), "cmsi-2004-3-reworded.txt"))
    assert deal.classes == () and len(deal.tables) == len(SAMPLE.tables)  # still a table of loans
    assert [r.label for r in deal.tables[2].rows] == ["A", "B", "C", "D"] and deal.tables[2].label_header == "Class"
    assert outcomes(deal) == outcomes(SAMPLE)


# --- from the fourth outside probe -------------------------------------------------------------------


def test_a_title_case_subtitle_under_a_title_in_capitals_is_not_the_title():
    deal = _under_each_title("                      Percentages by Aggregate Principal Balance", blank=False)
    assert [t.title for t in deal.tables] == [t.title for t in SAMPLE.tables]  # "by ... balance" is no kind
    assert [t.kind for t in deal.tables] == KINDS and outcomes(deal) == outcomes(SAMPLE)


def test_a_state_title_in_sentence_case_at_the_margin_is_the_title():
    old = "                           GEOGRAPHIC DISTRIBUTION OF\n                          MORTGAGED PROPERTIES BY STATE\n"
    deal = _edited(old, "Geographic distribution of the mortgaged properties by state\n")
    assert deal.tables[6].title == "Geographic distribution of the mortgaged properties by state"
    assert deal.tables[6].kind is TableKind.GEOGRAPHY and geography(deal).california_share is not None


def test_state_rows_in_older_abbreviations_and_a_footnoted_rest_row_are_no_doubt():
    deal = reworded({"Idaho": "Ida.", "Hawaii": "Haw.", "Maine": "Me.", "Alabama": "Other (1)"})
    assert deal.warnings == SAMPLE.warnings
    assert geography(deal).california_share == geography(SAMPLE).california_share


def test_a_title_case_line_going_on_with_a_capitals_titles_words_is_the_title():
    old = "                           GEOGRAPHIC DISTRIBUTION OF\n                          MORTGAGED PROPERTIES BY STATE\n"
    deal = _edited(
        old,
        "                 AGGREGATE PRINCIPAL BALANCES OF MORTGAGE LOANS\n                        By State of Mortgaged Property\n",
    )
    assert deal.tables[6].title == "AGGREGATE PRINCIPAL BALANCES OF MORTGAGE LOANS By State of Mortgaged Property"
    assert (
        deal.tables[6].kind is TableKind.GEOGRAPHY
        and geography(deal).california_share == geography(SAMPLE).california_share
    )


# --- a table of the pools themselves ---------------------------------------------------------

DETAILED = DETAILED_2004_8.read_text(encoding="utf-8")
DETAILED_SAMPLE = read_sample(DETAILED, "cmsi-2004-8.txt")
COUNTS_AND_RATES, POOL_TABLE = layouts.POOLS_COUNTS_AND_RATES, layouts.A_TABLE_OF_THE_POOLS


def _with_pools_table(instead: bool, count: str = "663") -> tuple[str, Deal]:
    """2004-8 with a table of its pools: instead of the prose's counts and rates, or before them."""
    assert DETAILED.count(COUNTS_AND_RATES) == 1
    table = POOL_TABLE.format(count=count)
    text = DETAILED.replace(COUNTS_AND_RATES, table + ("     The weighted average" if instead else COUNTS_AND_RATES))
    return text, load_filing(ingest_bytes(text.encode(), "cmsi-2004-8-pools-table.txt"))


def test_a_table_of_the_pools_gives_each_pool_its_figures_not_a_stratification():
    text, deal = _with_pools_table(instead=True)
    figures = [(p.name, p.loan_count, p.wac, p.aggregate_balance) for p in deal.pools]
    assert figures == [(p.name, p.loan_count, p.wac, p.aggregate_balance) for p in DETAILED_SAMPLE.pools]
    assert figures[0] == ("I", 663, 6.132, 335_095_817.07)  # were "not stated": a "By Pool" table held them
    assert deal.tables == () and deal.missing == () and deal.verdict is DETAILED_SAMPLE.verdict
    row = text.split("\n").index(next(line for line in text.split("\n") if line.startswith("Pool I  "))) + 1
    assert [p.source_lines for p in deal.pools[0].provenance if p.field in ("loan_count", "wac")] == [(row,), (row,)]


def test_a_pools_figure_the_table_gives_otherwise_than_the_prose_is_doubted():
    _, deal = _with_pools_table(instead=False, count="664")
    pool_i = deal.pools[0]
    assert pool_i.loan_count == 663  # the prose's
    doubts = next(p for p in pool_i.provenance if p.field == "loan_count").warnings
    assert any(w.startswith("the table of pools gives 664 (line") for w in doubts), doubts


def test_a_heading_ending_in_a_date_is_a_heading_not_a_row_of_figures():
    # "Balances Outstanding as of May 1, 2004": read as a row of 1 loan and $2,004, every check failed.
    text = TERM_SHEET.replace("Balances Outstanding\n", "Balances Outstanding as of May 1, 2004\n")
    assert text.count("Outstanding as of May 1, 2004") == 7  # each table's heading
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-dated-headings.txt"))
    assert [(t.title, [(r.label, r.count, r.balance) for r in t.rows]) for t in deal.tables] == [
        (t.title, [(r.label, r.count, r.balance) for r in t.rows]) for t in SAMPLE.tables
    ]
    assert deal.verdict is SAMPLE.verdict


# --- a bucket whose cells the filing left blank --------------------------------------------------

TOP_BUCKET = "$1,000,000 and over                   0                                    0"
NEXT_TO_TOP = "$950,000 through $999,999            38                           37,633,608"


def _size_table(text: str) -> tuple[Deal, object]:
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-blank-bucket.txt"))
    return deal, next(t for t in deal.tables if t.title == "SIZE OF MORTGAGE LOANS")


@pytest.mark.parametrize("gap", ["\n\n", "\n"], ids=["set apart", "right under the row above"])
def test_a_bucket_with_blank_cells_is_not_read_into_the_label_above_and_is_said(gap):
    # In HTML a zero row is often empty cells: "$950,000 through $999,999 $1,000,000 and over".
    text = TERM_SHEET.replace(f"{NEXT_TO_TOP}\n\n{TOP_BUCKET}", f"{NEXT_TO_TOP}{gap}$1,000,000 and over")
    assert text.count("$1,000,000 and over\n") == 1
    deal, table = _size_table(text)
    sample = next(t for t in SAMPLE.tables if t.title == "SIZE OF MORTGAGE LOANS")
    assert [(r.label, r.count, r.balance) for r in table.rows] == [
        (r.label, r.count, r.balance) for r in sample.rows[:-1]
    ]
    assert table.rows[-1].label == "$950,000 through $999,999"
    said = "SIZE OF MORTGAGE LOANS: the line '$1,000,000 and over' has no figures in the filing: not read as a row"
    assert said in deal.warnings
    assert deal.verdict is SAMPLE.verdict  # the rows still add up to the Total line


def test_a_blank_bucket_between_two_rows_belongs_to_neither():
    text = TERM_SHEET.replace(
        f"{NEXT_TO_TOP}\n",
        "$950,000 through $974,999            38                           37,633,608\n$975,000 through $999,999\n",
    )
    _, table = _size_table(text)
    labels = [r.label for r in table.rows]
    assert labels[-3:] == ["$900,000 through $949,999", "$950,000 through $974,999", "$1,000,000 and over"]
    assert table.warnings == ("the line '$975,000 through $999,999' has no figures in the filing: not read as a row",)


def test_a_buckets_label_wrapped_after_through_is_still_one_label():
    text = TERM_SHEET.replace(f"{NEXT_TO_TOP}\n", NEXT_TO_TOP.replace("$999,999", "        ") + "\n$999,999\n")
    _, table = _size_table(text)
    assert table.rows[-2].label == "$950,000 through $999,999" and table.rows[-2].count == 38
    assert table.warnings == ()


def test_a_row_with_fewer_figures_than_the_table_is_named_and_its_table_fails_its_check():
    hawaii = next(line for line in TERM_SHEET.split("\n") if line.startswith("Hawaii "))
    count = hawaii.split()[1]
    text = TERM_SHEET.replace(hawaii, hawaii.replace(f" {count} ", " " * (len(count) + 2)), 1)
    assert "Hawaii" in text and text.count("528,627") == TERM_SHEET.count("528,627")
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-short-row.txt"))
    (states,) = [t for t in deal.tables if t.kind is TableKind.GEOGRAPHY]
    assert "Hawaii" not in [r.label for r in states.rows]  # never read as a row with a guessed figure
    assert states.warnings[0] == "the line 'Hawaii 528,627' has 1 of the table's 2 figures: not read as a row"
    failed = {c.subject for c in deal.checks if not c.passed}
    assert failed and all(states.title in subject for subject in failed)  # the rows no longer add up


def test_a_line_naming_only_the_unit_under_the_matrix_headings_is_no_part_of_them():
    headings = "                   and below      75.000%       80.000%      85.000%       90.000%       95.000%      All loans\n"
    units = (
        "                      (%)          (%)           (%)          (%)           (%)           (%)          (%)\n"
    )
    assert TERM_SHEET.count(headings) == 1
    deal = load_filing(ingest_bytes(TERM_SHEET.replace(headings, headings + units).encode(), "cmsi-2004-3-units.txt"))
    (matrix,), (sample,) = deal.matrices, SAMPLE.matrices
    assert matrix.col_labels == sample.col_labels  # was "65.00% and below (%)", ...
    assert matrix.col_labels[0] == "65.00% and below"
    assert matrix.cells == sample.cells
    assert [(c.name, c.passed) for c in deal.checks] == [(c.name, c.passed) for c in SAMPLE.checks]


def _tables_read(deal: Deal) -> list:
    return [(t.title, t.kind, t.label_header, [(r.label, r.count, r.balance) for r in t.rows]) for t in deal.tables]


def test_rules_typed_in_equals_signs_under_headings_or_titles_are_rules_not_a_tables_end():
    # "=" under the column headings: every title was "By ", every table of kind "other", no
    # California share; "=" under the titles: every title read from the column heading.
    lines = TERM_SHEET.split("\n")
    titles = " ".join(t.title for t in SAMPLE.tables)

    def in_a_title(line: str) -> bool:
        return line.strip().isupper() and len(line.strip()) > 10 and line.strip() in titles

    under_headings, under_titles = list(lines), []
    for i, line in enumerate(lines):
        if len(line.split()) == 3 and all(set(word) == {"-"} for word in line.split()):  # a column rule
            under_headings[i] = line.replace("-", "=")
        under_titles.append(line)
        if in_a_title(line) and not in_a_title(lines[i + 1]):  # a title's last line underlined
            under_titles.append(" " * (len(line) - len(line.lstrip())) + "=" * len(line.strip()))
    assert sum(a != b for a, b in zip(lines, under_headings)) == 7  # each stratification's column rule
    assert len(under_titles) == len(lines) + 8  # and the matrix's title, whose last line a table's title holds
    for text in ("\n".join(under_headings), "\n".join(under_titles)):
        deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-equals.txt"))
        assert _tables_read(deal) == _tables_read(SAMPLE)
        assert [(m.title, m.col_labels, m.cells) for m in deal.matrices] == [
            (m.title, m.col_labels, m.cells) for m in SAMPLE.matrices
        ]
        assert [(c.name, c.passed) for c in deal.checks] == [(c.name, c.passed) for c in SAMPLE.checks]


@pytest.mark.parametrize(
    "rules",
    [
        ("                   ---------      -------", "----------------------------------------"),
        ("----------                                             -------------------", "<S>"),
    ],
    ids=["no rule under the column headings", "no rule under 'Loan-to-value ratio', headings right under it"],
)
def test_a_matrix_with_a_rule_left_out_keeps_its_headings_and_its_totals(rules):
    # Without the column rule: the columns unlabelled, "All loans" read as a seventh LTV column and
    # seven checks dropped; without the other: column 4 "Loan-to-value ratio 80.001%-85.000%".
    lines = TERM_SHEET.split("\n")
    top, total = _matrix_lines(TERM_SHEET)
    kept = [line for i, line in enumerate(lines) if not (top - 5 <= i < total and line.startswith(rules))]
    assert len(lines) - len(kept) == len(rules)
    deal = load_filing(ingest_bytes("\n".join(kept).encode(), "cmsi-2004-3-matrix-rules.txt"))
    assert matrices_read(deal) == matrices_read(SAMPLE)
    assert [(c.name, c.passed) for c in deal.checks] == [(c.name, c.passed) for c in SAMPLE.checks]


@pytest.mark.parametrize("zero", ["-0-", "---"])
def test_a_zero_written_as_older_typists_did_is_a_zero(zero):
    written = f"$1,000,000 and over{' ' * 17}{zero}{' ' * 34}{zero}"
    deal, table = _size_table(TERM_SHEET.replace(TOP_BUCKET, written))
    assert (table.rows[-1].label, table.rows[-1].count, table.rows[-1].balance) == ("$1,000,000 and over", 0, 0.0)
    assert table.warnings == () and deal.verdict is SAMPLE.verdict


def test_a_matrix_zero_written_as_a_dash_with_its_percent_sign_is_a_zero():
    # "—%" (as "&mdash;%" in HTML): the first row was taken for a heading, the columns were labelled
    # "65.00% and below 0.36%", and the matrix lost its first row.
    first = (
        "620 and less         0.36%         0.30%         0.23%        0.02%         0.00%         0.00%         0.91%"
    )
    dashed = "620 and less         0.36%         0.30%         0.23%        0.02%            \u2014%            \u2014%         0.91%"
    assert TERM_SHEET.count(first) == 1 and len(dashed) == len(first)
    deal = load_filing(ingest_bytes(TERM_SHEET.replace(first, dashed).encode(), "cmsi-2004-3-dash-zero.txt"))
    assert matrices_read(deal) == matrices_read(SAMPLE)
    assert deal.matrices[0].cells[0] == (0.36, 0.30, 0.23, 0.02, 0.0, 0.0)
    assert [(c.name, c.passed) for c in deal.checks] == [(c.name, c.passed) for c in SAMPLE.checks]


@pytest.mark.parametrize("subtotal", ["Total Single Family", "Subtotal", "Sub-total:"])
def test_a_subtotal_within_a_tables_rows_is_no_row_and_no_end(subtotal):
    # "Total Single Family" after the townhouses cut the dwelling table in two: the first part was titled
    # as the table and its shares read as of the whole pool (detached houses 95.18%), the second titled "By".
    townhouses = "Townhouses                           25                           11,721,426\n"
    line = f"{subtotal:<34}{'1,123':>5}{'568,088,840':>37}\n"
    assert TERM_SHEET.count(townhouses) == 1
    deal = load_filing(ingest_bytes(TERM_SHEET.replace(townhouses, f"{townhouses}\n{line}").encode(), "subtotal.txt"))
    dwellings = [t for t in deal.tables if t.title.startswith("TYPES OF DWELLINGS")]
    sample = next(t for t in SAMPLE.tables if t.title.startswith("TYPES OF DWELLINGS"))
    assert len(deal.tables) == len(SAMPLE.tables) and len(dwellings) == 1
    assert [(r.label, r.count, r.balance) for r in dwellings[0].rows] == [
        (r.label, r.count, r.balance) for r in sample.rows
    ]
    assert dwellings[0].warnings == (
        f"the line '{' '.join(line.split())}' is a subtotal of the rows above it: not read as a row",
    )
    assert deal.verdict is SAMPLE.verdict and [c.passed for c in deal.checks] == [c.passed for c in SAMPLE.checks]


@pytest.mark.parametrize("pools_total", ["Total for Pool II", "Total Loans in Pool II", "Total Pool II"])
def test_a_pools_total_where_pools_are_stacked_in_one_table_is_no_subtotal(pools_total):
    # "Total for Pool II" was taken for a subtotal: pool II's rows and the deal's ran into one table.
    from reporting.read.tables import find_tables

    lines = [
        "State                    Loans            Balance",
        "-----                    -----            -------",
        "California                  10          5,000,000",
        "Texas                        5          2,000,000",
        f"{pools_total:<25}{15:>5}{'7,000,000':>19}",
        "",
        "All Pools",
        "California                  30         15,000,000",
        "Texas                        9          4,000,000",
        "Total                       39         19,000,000",
    ]
    found = find_tables(lines)
    assert [(t.first_line, t.total_line) for t in found][-1][1] == 9
    assert [len(t.rows) for t in found] == [2, 2] and not any(t.warnings for t in found)


def test_a_row_whose_figures_are_not_stated_is_named_not_read_into_the_next_label():
    townhouses = next(line for line in TERM_SHEET.split("\n") if line.startswith("Townhouses "))
    text = TERM_SHEET.replace(f"{townhouses}\n\n", f"{townhouses}\nManufactured Homes{' ' * 19}N/A{' ' * 23}N/A\n")
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-not-stated.txt"))
    dwellings = next(t for t in deal.tables if t.title.startswith("TYPES OF DWELLINGS"))
    sample = next(t for t in SAMPLE.tables if t.title.startswith("TYPES OF DWELLINGS"))
    assert [r.label for r in dwellings.rows] == [r.label for r in sample.rows]  # "... N/A N/A Condominium Units ..."
    assert dwellings.warnings == (
        "the line 'Manufactured Homes N/A N/A' has no figures in the filing: not read as a row",
    )


HEADINGS = ("Number of                 Aggregate Principal", "Loans                    Balances Outstanding")


@pytest.mark.parametrize(
    "top, bottom",
    [
        ("                          ", "No.                      Amount              "),
        ("                          ", "Loans                    Aggregate Outstanding"),
        ("Number of                 ", "Loans                    Dollars Outstanding  "),
    ],
    ids=["No. and Amount", "Aggregate Outstanding", "Dollars Outstanding"],
)
def test_column_headings_worded_another_way_are_the_count_and_the_balance(top, bottom):
    # Every count, or every balance, was "not stated" and the checks on them were dropped unsaid.
    text = TERM_SHEET.replace(HEADINGS[0], top.rstrip().ljust(len(HEADINGS[0]))).replace(HEADINGS[1], bottom)
    assert text.count(bottom) == 7
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-headings.txt"))
    assert [[(r.count, r.balance) for r in t.rows] for t in deal.tables] == [
        [(r.count, r.balance) for r in t.rows] for t in SAMPLE.tables
    ]
    assert [(c.name, c.passed) for c in deal.checks] == [(c.name, c.passed) for c in SAMPLE.checks]


def test_a_table_without_a_column_of_loan_counts_says_so_beside_it():
    text = TERM_SHEET.replace(HEADINGS[0], "Percent of".ljust(26) + "Aggregate Principal").replace(
        HEADINGS[1], "Pool".ljust(25) + "Balances Outstanding"
    )
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-no-counts.txt"))
    assert all(r.count is None for t in deal.tables for r in t.rows)
    said = "no column heading ('Percent of Pool', 'Aggregate Principal Balances Outstanding') reads as the rows' loan counts: not shown"
    assert all(said in t.warnings for t in deal.tables)


def test_a_grand_total_line_ends_its_table():
    # "Grand Total" under the state table: the whole table was lost, with no word of it.
    text = TERM_SHEET.replace("\nTotal                             1,225", "\nGrand Total                       1,225")
    assert text.count("Grand Total") == TERM_SHEET.count("\nTotal                             1,225") >= 1
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-grand-total.txt"))
    assert _tables_read(deal) == _tables_read(SAMPLE)


def test_a_table_with_no_total_line_is_named_not_lost_unsaid():
    deal, title = _without_the_state_tables_total()
    assert TableKind.GEOGRAPHY not in [t.kind for t in deal.tables]  # no Total line, and no end to tell: not read
    said = (
        "the table titled 'GEOGRAPHIC DISTRIBUTION OF MORTGAGED PROPERTIES BY STATE' "
        f"(line {title}) was not read whole: the parser finds no Total line for it"
    )
    assert said in deal.warnings
    assert not any("was not read whole" in w for w in SAMPLE.warnings)


def _without_the_state_tables_total() -> tuple[Deal, int]:
    """The 2004-3 term sheet with its state table's Total line left out and its last row running straight into
    a sentence (no blank line, no rule of "=" between): where its rows end cannot be told, so it is not read
    (tests/test_tables_without_total.py reads one whose end can be). The line of that table's title."""
    lines = TERM_SHEET.split("\n")
    (at,) = [i for i, line in enumerate(lines) if line.startswith("Total") and "Washington" in lines[i - 3]]
    title = next(i for i, line in enumerate(lines) if "GEOGRAPHIC DISTRIBUTION OF" in line) + 1
    prose = "The Mortgaged Properties are located in 38 states and the District of Columbia, as set out above."
    return load_filing(
        ingest_bytes("\n".join(lines[: at - 2] + [prose] + lines[at + 2 :]).encode(), "cmsi-2004-3-no-total.txt")
    ), title


def test_a_table_seen_but_not_read_is_checks_not_run_never_all_passed():
    # The table was said lost among the warnings, and the verdict read "all 42 reconciliation checks passed".
    deal, title = _without_the_state_tables_total()
    assert SAMPLE.all_checks_passed and not deal.all_checks_passed
    assert all(c.passed for c in deal.checks)
    assert deal.verdict_reason == (
        f"{len(deal.checks)} of {len(deal.checks)} reconciliation checks passed; 1 could not run: the table "
        f"'GEOGRAPHIC DISTRIBUTION OF MORTGAGED PROPERTIES BY STATE' (line {title}) could not be read"
    )
    summary = summarise(deal)
    assert summary.not_run_reason == deal.not_run_reason and not summary.all_checks_passed
    # California's share is in the filing, in that table: never "not stated".
    assert {"California", "Top 5 states"} <= set(summary.metrics_not_read)
    assert not {"California", "Top 5 states"} & set(summary.metrics_not_stated)


def _dwellings_without_blank_lines(change: tuple[str, str]) -> list[str]:
    """The dwelling table's rows with no blank line between them, one line changed; its row labels as read."""
    lines = TERM_SHEET.split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("Detached Houses"))
    last = next(i for i, line in enumerate(lines) if line.startswith("Cooperative Units"))
    rows = [line for line in lines[first : last + 1] if line.strip()]
    text = "\n".join(lines[:first] + "\n".join(rows).replace(*change).split("\n") + lines[last + 1 :])
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-dwellings.txt"))
    return [r.label for r in next(t for t in deal.tables if t.title.startswith("TYPES OF DWELLINGS")).rows]


SAMPLE_DWELLINGS = [r.label for r in next(t for t in SAMPLE.tables if t.title.startswith("TYPES OF DWELLINGS")).rows]


def test_a_sub_heading_ending_in_a_colon_heads_the_rows_below_never_ends_the_row_above():
    labels = _dwellings_without_blank_lines(
        ("Condominium Units (one to four", "Condominium:\nCondominium Units (one to four")
    )
    assert labels[2] == "Townhouses"  # was "Townhouses Condominium:"
    assert labels[3] == "Condominium: Condominium Units (one to four stories high)"


def test_a_label_whose_bracket_has_closed_takes_no_more_lines():
    # The filing carries a wrapped label's figures on its first line, but one on its last:
    # "Cooperative" / "Units  47 ..." was read "... (over four stories high) Cooperative" and "Units".
    cooperative = next(line for line in TERM_SHEET.split("\n") if line.startswith("Cooperative Units"))
    assert _dwellings_without_blank_lines(
        (cooperative, "Cooperative\n" + cooperative.replace("Cooperative ", "", 1))
    ) == (SAMPLE_DWELLINGS)


# --- an outside review's finds in the table rules above --------------------------------------------


def test_a_label_whose_bracket_closes_mid_line_still_goes_on():
    condo = next(line for line in TERM_SHEET.split("\n") if line.startswith("Condominium Units (one to four"))
    labels = _dwellings_without_blank_lines(
        (
            "stories high)\nCondominium Units (over four",
            "stories high) in planned unit\ndevelopments\nCondominium Units (over four",
        )
    )
    assert condo and labels[3] == "Condominium Units (one to four stories high) in planned unit developments"
    assert labels[4] == "Condominium Units (over four stories high)"


def test_a_row_with_a_figure_and_n_a_is_named_not_read_into_the_next_label():
    townhouses = next(line for line in TERM_SHEET.split("\n") if line.startswith("Townhouses "))
    labels = _dwellings_without_blank_lines((townhouses, f"{townhouses}\nManufactured Homes{' ' * 21}0{' ' * 23}N/A"))
    assert labels == SAMPLE_DWELLINGS


def test_a_matrix_whose_totals_column_has_no_heading_keeps_its_totals_and_says_so():
    # "All loans" not read as a heading: the totals were read as a seventh LTV column, and the
    # matrix's seven checks dropped unsaid; with "=" under the headings, every heading was lost.
    headings = "                   and below      75.000%       80.000%      85.000%       90.000%       95.000%      All loans"
    rule = "                   ---------      -------       -------      -------       -------       -------      ---------"
    assert TERM_SHEET.count(headings) == TERM_SHEET.count(rule) == 1
    for under in ("-", "="):
        text = TERM_SHEET.replace(headings, headings.removesuffix("All loans").rstrip()).replace(
            rule, rule.removesuffix("---------").rstrip().replace("-", under)
        )
        deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-unheaded-totals.txt"))
        (matrix,), (sample,) = deal.matrices, SAMPLE.matrices
        assert (matrix.col_labels, matrix.cells, matrix.row_totals) == (
            sample.col_labels,
            sample.cells,
            sample.row_totals,
        )
        assert [(c.name, c.passed) for c in deal.checks] == [(c.name, c.passed) for c in SAMPLE.checks]
        assert any("taken as the rows' totals" in w for w in matrix.warnings)


def test_a_word_over_one_column_alone_is_that_columns_heading_not_every_columns():
    # "Aggregate" alone on the top heading line, over the balance column of four: it was taken as
    # the heading of all four, and the original balances were read as the balances.
    ltv = next(t for t in SAMPLE.tables if t.kind is TableKind.LTV)
    rows = [
        f"{r.label:<22}{r.count:>10,}{r.balance * 1.01:>18,.0f}{r.balance:>18,.0f}{r.balance / 619_800_778 * 100:>10.2f}"
        for r in ltv.rows
    ]
    total = f"{'Total':<22}{1225:>10,}{619_800_778 * 1.01:>18,.0f}{619_800_778:>18,.0f}{100:>10.2f}"
    table = "\n".join([
        "           DISTRIBUTION OF MORTGAGE LOANS BY LOAN-TO-VALUE RATIOS AT ORIGINATION",
        "",
        f"{'':<22}{'':>10}{'':>18}{'Aggregate':>18}{'':>10}",
        f"{'':<22}{'Number':>10}{'Original':>18}{'Principal':>18}{'Percent':>10}",
        f"{'Loan-To-Value Ratio':<22}{'of Loans':>10}{'Balance':>18}{'Balance':>18}{'of Pool':>10}",
        f"{'-' * 19:<22}{'-' * 8:>10}{'-' * 15:>18}{'-' * 15:>18}{'-' * 8:>10}",
        *rows,
        total,
    ])  # fmt: skip
    start = TERM_SHEET.index("                         DISTRIBUTION OF MORTGAGE LOANS\n")
    end = TERM_SHEET.index("<PAGE>", start)
    deal = load_filing(
        ingest_bytes((TERM_SHEET[:start] + table + "\n\n" + TERM_SHEET[end:]).encode(), "cmsi-2004-3-ltv.txt")
    )
    read = next(t for t in deal.tables if t.kind is TableKind.LTV)
    assert [(r.label, r.count, r.balance) for r in read.rows] == [(r.label, r.count, r.balance) for r in ltv.rows]


@pytest.mark.parametrize("written", ["{low}-{high}%", "{low} - {high}", "Over {edge}% to {high}%"])
def test_ltv_buckets_written_another_way_keep_the_check_against_the_balance_above_80(written):
    # "80.001-85.000%": the buckets above 80% were not found, and the check was dropped unsaid.
    text = TERM_SHEET
    for low, high, edge in (("80.001", "85.000", "80"), ("85.001", "90.000", "85"), ("90.001", "95.000", "90")):
        label = f"{low}% - {high}%"
        assert text.count(label) == 1
        text = text.replace(label, written.format(low=low, high=high, edge=edge).ljust(len(label)))
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-ltv-labels.txt"))
    (check,) = [c for c in deal.checks if c.name.startswith("LTV table buckets above 80%")]
    assert check.passed and check.expected == 5_368_851


def _side_by_side(heads: list[str], figures: dict[str, list[tuple[int, int]]]) -> str:
    """A years-of-origination table setting each pool's loans and balances beside the others'."""
    lines = [
        "YEARS OF ORIGINATION OF MORTGAGE LOANS".center(100).rstrip(),
        "",
        " " * 10 + "".join(head.center(27) for head in heads),
        " " * 10 + "".join(("-" * 24).center(27) for _ in heads),
        "Year".ljust(10) + "".join(f"{'Number':>9}{'Balance':>16}  " for _ in heads),
        "----".ljust(10) + "".join(f"{'------':>9}{'-------':>16}  " for _ in heads),
        "",
    ]
    columns = list(figures.values())
    for i, year in enumerate(("2003", "2004", "Total")):
        if year == "Total":
            lines.append("")
        lines.append(year.ljust(10) + "".join(f"{pool[i][0]:>9,}{pool[i][1]:>16,}  " for pool in columns))
    return "\n".join(line.rstrip() for line in lines) + "\n\n\n"


SIDE_BY_SIDE = {"II": [(40, 19_876_543), (114, 58_066_798), (154, 77_943_341)],
                "III": [(12, 6_543_210), (141, 74_059_010), (153, 80_602_220)]}  # fmt: skip


def _with_table(table: str) -> str:
    text = DETAILED_2004_8.read_text(encoding="utf-8")
    at = text.index("<PAGE>\n\n\n     There are no special hazard")
    return text[:at] + "<PAGE>\n\n" + table + text[at:]


def test_pools_set_side_by_side_in_one_table_are_each_pools_table():
    # Pool III's loans and balances stood beside pool II's, and were dropped without a word.
    deal = load_filing(
        ingest_bytes(_with_table(_side_by_side(["Pool II", "Pool III"], SIDE_BY_SIDE)).encode(), "d.txt")
    )
    read = {t.pool: [(r.count, r.balance) for r in t.rows] + [(t.total.count, t.total.balance)] for t in deal.tables}
    assert read == SIDE_BY_SIDE
    assert [[r.label for r in t.rows] for t in deal.tables] == [["2003", "2004"]] * 2
    table_checks = [check for check in deal.checks if check.concerns.startswith("table")]
    assert len(table_checks) >= 4 and all(check.passed for check in table_checks)  # sums, and each pool's balance


def test_lettered_pools_set_side_by_side_in_one_table_are_each_pools_table():
    # The deal's pools named A, B, C: "Pool B" and "Pool C" over the columns named no pool, the table was left out.
    text = layouts.lettered_pools(_with_table(_side_by_side(["Pool B", "Pool C"], SIDE_BY_SIDE)))
    deal = load_filing(ingest_bytes(text.encode(), "d.txt"))
    read = {t.pool: [(r.count, r.balance) for r in t.rows] + [(t.total.count, t.total.balance)] for t in deal.tables}
    assert read == {"B": SIDE_BY_SIDE["II"], "C": SIDE_BY_SIDE["III"]}
    assert [p.name for p in deal.pools] == ["A", "B", "C", "all"]
    table_checks = [check for check in deal.checks if check.concerns.startswith("table")]
    assert len(table_checks) >= 4 and all(check.passed for check in table_checks)


# Headings over side-by-side figures that name no pool ("Group A" names one: pools go by letters too).
NO_POOLS = ["Conforming", "Jumbo"]


def test_figures_side_by_side_under_no_pools_names_are_left_out_and_said():
    deal = load_filing(ingest_bytes(_with_table(_side_by_side(NO_POOLS, SIDE_BY_SIDE)).encode(), "d.txt"))
    assert deal.tables == ()
    assert any("2 sets of figures side by side, under no heading naming a pool for each" in w for w in deal.warnings)


def test_a_table_found_and_left_out_is_checks_not_run_also_when_its_deal_is_read_again_from_json():
    deal = load_filing(ingest_bytes(_with_table(_side_by_side(NO_POOLS, SIDE_BY_SIDE)).encode(), "d.txt"))
    table = DETAILED_2004_8.read_text(encoding="utf-8").index("<PAGE>\n\n\n     There are no special hazard")
    line = DETAILED_2004_8.read_text(encoding="utf-8")[:table].count("\n") + 3  # under "<PAGE>" and a blank line
    said = f"1 could not run: the table 'YEARS OF ORIGINATION OF MORTGAGE LOANS' (line {line}) could not be read"
    assert deal.not_run_reason == said and not deal.all_checks_passed
    again = validate(deal_from_json(deal_to_json(deal)))  # as ``load_deal_json`` reads a saved deal
    assert again.not_run == deal.not_run and again.not_run_reason == said


def _years_table(rows: list[tuple[int, int]], subtitle: str = "") -> str:
    lines = ["YEARS OF ORIGINATION OF MORTGAGE LOANS".center(90).rstrip()]
    lines += [subtitle.center(90).rstrip()] if subtitle else []
    lines += [
        "",
        f"{'':38}{'Number of':>9}{'Aggregate Principal':>24}",
        f"{'Year Originated':38}{'Loans':>9}{'Balances Outstanding':>24}",
    ]
    lines += [f"{'-' * 15:38}{'-' * 9:>9}{'-' * 20:>24}", ""]
    for year, (count, balance) in zip(("2003", "2004"), rows):
        lines += [f"{year:38}{count:>9,}{balance:>24,}", ""]
    count, balance = (sum(r[0] for r in rows), sum(r[1] for r in rows))
    lines += ["", f"{'Total':38}{count:>9,}{'$' + format(balance, ','):>24}", f"{'':38}{'===':>9}{'=' * 12:>24}"]
    return "\n".join(lines) + "\n\n\n"


def test_a_pool_heading_ending_in_a_stop_opens_its_pools_section():
    # "     Pool I Mortgage Loans." over a pool's table: the tables were all filed as the deal's.
    pools = {"I": [(212, 98_123_456), (451, 236_972_361)], "II": SIDE_BY_SIDE["II"][:2], "III": SIDE_BY_SIDE["III"][:2]}
    sections = "".join(f"     Pool {name} Mortgage Loans.\n\n" + _years_table(rows) for name, rows in pools.items())
    every = [(sum(p[i][0] for p in pools.values()), sum(p[i][1] for p in pools.values())) for i in range(2)]
    deal = load_filing(
        ingest_bytes(_with_table(sections + _years_table(every, "(all mortgage loans)")).encode(), "d.txt")
    )
    assert [(t.pool, [(r.count, r.balance) for r in t.rows]) for t in deal.tables] == [
        (pool, [(count, float(balance)) for count, balance in rows]) for pool, rows in {**pools, "all": every}.items()
    ]
    table_checks = [check for check in deal.checks if check.concerns.startswith("table")]
    assert len(table_checks) == 16 and all(check.passed for check in table_checks)


@pytest.mark.parametrize("said", ["heading", "subtitle"])
def test_balances_in_thousands_are_read_as_dollars_and_said(said):
    # "Balances Outstanding ($000)": the balances were read as $2,499 for $2,499,000, and only the
    # failed checks said something was wrong.
    text = TERM_SHEET_2004_3.read_text(encoding="utf-8")
    start = text.index("                           GEOGRAPHIC DISTRIBUTION OF")
    end = text.index("=====", start)
    table = text[start:end]

    def thousands(match: re.Match[str]) -> str:
        written = f"{round(int(match.group(2).replace(',', '')) / 1000):,}"
        return f"{match.group(1)}{written:>{len(match.group(2))}}"

    edited = re.sub(r"(?m)(^\S.*?[\s$])(\d{1,3}(?:,\d{3})+)$", thousands, table)
    if said == "heading":
        edited = edited.replace("Balances Outstanding", "Balances ($000)     ")
    else:
        edited = edited.replace(
            "MORTGAGED PROPERTIES BY STATE", "MORTGAGED PROPERTIES BY STATE\n" + " " * 30 + "(Dollars in Thousands)"
        )
    assert re.search(r"\$ +2,499\n", edited) and " 296,923\n" in edited and re.search(r"\$ +619,801\n", edited)
    deal = load_filing(ingest_bytes((text[:start] + edited + text[end:]).encode(), "cmsi-2004-3-thousands.txt"))
    states, sample = deal.tables[6], SAMPLE.tables[6]
    assert states.balance_unit == 1000 and states.total.balance == 619_801_000
    assert all(abs(ours.balance - theirs.balance) <= 500 for ours, theirs in zip(states.rows, sample.rows, strict=True))
    assert (
        "balances in thousands of dollars, as the filing gives them: read times 1,000, each to the nearest $1,000"
        in states.warnings
    )
    assert all(check.passed for check in deal.checks)  # each within the $500 a row may be off


@pytest.mark.parametrize(
    "where, words, scaled_by",
    [
        # An outside audit's wordings: each table's balances were read as the digits, $2,499 for $2,499,000,
        # and with no balance in the prose the deal reconciled (the tables agreed with one another).
        ("subtitle", "(Dollar amounts in thousands)", 1e3),
        ("subtitle", "(Thousands of Dollars)", 1e3),
        ("note below", "Note: Balances are shown in thousands of dollars.", 1e3),
        ("heading", "Balances (000s omitted)", 1e3),
        ("heading", "Balance $ (millions)", 1e6),
        ("subtitle", "(Dollars in Millions)", 1e6),
        ("subtitle", "($MM)", 1e6),
        # A second review's: each was read as the digits, and the tables doubted by their average loan.
        ("heading", "Balance (Thousand $)", 1e3),
        ("heading", "Balance (x $1,000)", 1e3),
        ("heading", "Balance ('000)", 1e3),
        ("heading", "Balance ($ Million)", 1e6),
        ("heading", "Balance ($m)", 1e6),
        ("title", "($000)", 1e3),
        ("note below", "Note: Loan size ranges in thousands; balances in thousands.", 1e3),
    ],
)
def test_balances_in_thousands_or_millions_said_anywhere_with_the_table_are_read_as_dollars(where, words, scaled_by):
    text = TERM_SHEET_2004_3.read_text(encoding="utf-8")
    start = text.index("                           GEOGRAPHIC DISTRIBUTION OF")
    end = text.index("\n", text.index("=====", start))
    table = text[start:end]
    decimals = 2 if scaled_by == 1e6 else 0

    def scaled(match: re.Match[str]) -> str:
        written = f"{int(match.group(2).replace(',', '')) / scaled_by:,.{decimals}f}"
        return f"{match.group(1)}{written:>{len(match.group(2))}}"

    edited = re.sub(r"(?m)(^\S.*?[\s$])(\d{1,3}(?:,\d{3})+)$", scaled, table)
    if where == "heading":
        edited = edited.replace("Balances Outstanding", words.ljust(len("Balances Outstanding")))
    elif where == "subtitle":
        edited = edited.replace("MORTGAGED PROPERTIES BY STATE", "MORTGAGED PROPERTIES BY STATE\n" + " " * 30 + words)
    elif where == "title":
        edited = edited.replace("MORTGAGED PROPERTIES BY STATE", f"MORTGAGED PROPERTIES BY STATE {words}")
    else:
        edited += "\n" + words
    assert words in edited and ("296,923\n" in edited or "296.92\n" in edited)
    deal = load_filing(ingest_bytes((text[:start] + edited + text[end:]).encode(), "cmsi-2004-3-scaled.txt"))
    states, sample = deal.tables[6], SAMPLE.tables[6]
    last_digit = scaled_by / 10**decimals
    assert states.balance_unit == last_digit
    assert states.total.balance == pytest.approx(round(619_800_778 / last_digit) * last_digit)
    assert all(
        abs(ours.balance - theirs.balance) <= last_digit / 2
        for ours, theirs in zip(states.rows, sample.rows, strict=True)
    )
    in_words = "thousands" if scaled_by == 1e3 else "millions"
    assert states.warnings == (
        f"balances in {in_words} of dollars, as the filing gives them: read times {scaled_by:,.0f},"
        f" each to the nearest ${last_digit:,.0f}",
    )
    assert all(check.passed for check in deal.checks)


@pytest.mark.parametrize(
    "old, new",
    [
        ("SIZE OF MORTGAGE LOANS", "SIZE OF MORTGAGE LOANS (LOAN SIZE IN THOUSANDS)"),
        # A second review's: each scaled the balances, which are in dollars, a thousand times.
        ("SIZE OF MORTGAGE LOANS", "ORIGINAL LOAN SIZE (IN THOUSANDS)"),
        ("SIZE OF MORTGAGE LOANS", "ORIGINAL LOAN AMOUNTS IN THOUSANDS"),
        ("SIZE OF MORTGAGE LOANS", "SIZE OF MORTGAGE LOANS\n          (Appraised values are in thousands)"),
    ],
)
def test_a_title_saying_the_loan_sizes_are_in_thousands_leaves_the_balances_in_dollars(old, new):
    # "SIZE OF MORTGAGE LOANS (LOAN SIZE IN THOUSANDS)": the buckets are in thousands, the balances beside
    # them in dollars; they were read times 1,000, a table of $619.8 billion.
    text = TERM_SHEET.replace(old, new, 1)
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-sizes.txt"))
    assert len(deal.tables) == 7
    sizes = deal.tables[3]
    assert sizes.title.startswith(new.split("\n")[0].strip()[:20])
    assert sizes.total.balance == 619_800_778 and sizes.balance_unit == 1 and not sizes.warnings


def test_a_sentences_last_line_naming_a_pool_opens_no_section():
    # "... none of which are" / "Pool II Mortgage Loans." under a line of text: every table and fact
    # after it went to a pool II that the filing does not have, and the deal still reconciled.
    text = TERM_SHEET.replace(
        "Collateral Term Sheets filed under Form 8-K",
        "Collateral Term Sheets filed under Form 8-K, none of which are\nPool II Mortgage Loans.",
        1,
    )
    assert "none of which are\nPool II Mortgage Loans." in text
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3.txt"))
    assert [p.name for p in deal.pools] == ["all"] and {t.pool for t in deal.tables} == {"all"}


def test_figures_side_by_side_under_names_over_the_labels_only_are_left_out():
    # "Pool II and Pool III" over the labels, "Premium Loans   Discount Loans" over the columns: the
    # premium loans were filed as pool II's table and the discount loans as pool III's.
    lines = _side_by_side(["Premium Loans", "Discount Loans"], SIDE_BY_SIDE).split("\n")
    heads = next(i for i, line in enumerate(lines) if "Premium Loans" in line)
    table = "\n".join([*lines[:heads], "Pool II and Pool III", *lines[heads:]])
    deal = load_filing(ingest_bytes(_with_table(table).encode(), "d.txt"))
    assert deal.tables == ()
    assert any("2 sets of figures side by side, under no heading naming a pool for each" in w for w in deal.warnings)


def test_pools_named_in_their_own_headings_side_by_side_are_each_pools_table():
    # With no rule under the pools' names, the names ran into the headings, which no longer repeated:
    # pool II's columns were read as the deal's table and pool III's dropped.
    table = _side_by_side(["Pool II", "Pool III"], SIDE_BY_SIDE)
    lines = table.split("\n")
    table = "\n".join(line for line in lines if set(line.replace(" ", "")) != {"-"} or line.startswith("----"))
    assert "Pool II" in table and "  ------------------------" not in table
    deal = load_filing(ingest_bytes(_with_table(table).encode(), "d.txt"))
    read = {t.pool: [(r.count, r.balance) for r in t.rows] + [(t.total.count, t.total.balance)] for t in deal.tables}
    assert read == SIDE_BY_SIDE


def test_pools_side_by_side_named_in_capitals_are_each_pools_table():
    # "POOL II      POOL III" in capitals was taken for the table's title: the table was left out.
    deal = load_filing(
        ingest_bytes(_with_table(_side_by_side(["POOL II", "POOL III"], SIDE_BY_SIDE)).encode(), "d.txt")
    )
    read = {t.pool: [(r.count, r.balance) for r in t.rows] + [(t.total.count, t.total.balance)] for t in deal.tables}
    assert read == SIDE_BY_SIDE


def test_pools_side_by_side_named_with_numbers_are_each_pools_table():
    # "Pool 2        Pool 3" ends in a number: it was taken for a row of figures, and the table left out.
    figures = {"2": SIDE_BY_SIDE["II"], "3": SIDE_BY_SIDE["III"]}
    text = _with_table(_side_by_side(["Loan Group 2", "Loan Group 3"], figures))
    deal = load_filing(
        ingest_bytes(re.sub(r"\bpool (III|II|I)\b", lambda m: f"loan group {len(m[1])}", text).encode(), "d.txt")
    )
    read = {t.pool: [(r.count, r.balance) for r in t.rows] + [(t.total.count, t.total.balance)] for t in deal.tables}
    assert read == figures


# --- certificate classes in a table, with no Total line or a Total under the balances alone ----------

DETAILED = DETAILED_2004_8.read_text(encoding="utf-8")
DETAILED_SAMPLE = read_sample(DETAILED, "cmsi-2004-8.txt")
_BALANCES = [("A", "$481,546,830.00"), ("B-1", "6,170,000.00"), ("B-2", "2,469,000.00"), ("B-3", "1,234,000.00")]
_BALANCES += [("B-4", "987,000.00"), ("B-5", "494,000.00"), ("B-6", "740,547.57")]


def _class_table(rate: bool, total: bool) -> str:
    header = "                     Initial Principal" + ("          Pass-Through" if rate else "")
    header += "\n     Class                 Balance" + ("                     Rate" if rate else "")
    header += "\n     -----           -----------------" + ("           ------------" if rate else "")
    rows = [f"     {name:<6}{balance:>28}" + ("                5.500%" if rate else "") for name, balance in _BALANCES]
    foot = "\n                     -----------------\n     Total            $493,641,377.57" if total else ""
    return (
        "     The initial principal balances of the classes as of October 1, 2004 were:\n\n"
        + header
        + "\n"
        + "\n".join(rows)
        + foot
        + "\n\n"
    )


@pytest.mark.parametrize("rate, total", [(False, False), (True, True), (True, False)])
def test_a_table_of_classes_reads_every_class_balance(rate, total):
    # With no Total line the table was not found and every balance was lost, B-6 with it, and nothing was
    # said; with a Total under the balances alone the rates were taken for the table's one column of figures.
    lines = DETAILED.split("\n")
    sentences = "\n".join(lines[233:254]) + "\n"  # the seven "The aggregate initial principal balance" sentences
    assert sentences.count("aggregate initial principal balance") == 7
    deal = load_filing(ingest_bytes(DETAILED.replace(sentences, _class_table(rate, total)).encode(), "d.txt"))
    expected = [(c.name, c.initial_balance, c.subordination_level) for c in DETAILED_SAMPLE.classes]
    assert [(c.name, c.initial_balance, c.subordination_level) for c in deal.classes] == expected
    assert [c.name for c in deal.checks] == [c.name for c in DETAILED_SAMPLE.checks] and all(
        c.passed for c in deal.checks
    )
    assert deal.tables == () and deal.warnings == DETAILED_SAMPLE.warnings


_CLASS_HEADINGS = (
    "<tr><td><u>Class</u></td><td></td><td><u>Initial principal balance</u></td><td><u>Pass-through rate</u></td></tr>"
)


def _html_class_table(cell: Callable[[str, str], str], headings: str = _CLASS_HEADINGS) -> Deal:
    """The 2004-8 description in HTML, its class sentences a table: ``cell(name, balance)`` gives each
    row's cells before the pass-through rate's, under the row of ``headings``."""
    rows = "".join(
        f"<tr>{cell(name, balance.lstrip('$'))}<td align=right>5.500%</td></tr>" for name, balance in _BALANCES
    )
    table = (
        "<p>The initial principal balances of the classes as of October 1, 2004 were:</p><table>"
        f"{headings}{rows}</table>"
    )
    sentences = "\n".join(DETAILED.split("\n")[233:254]) + "\n"
    page = "<html><body><pre>" + DETAILED.replace(sentences, "</pre>" + table + "<pre>") + "</pre></body></html>"
    return load_filing(ingest_bytes(page.encode(), "d.htm"))


def test_a_table_of_classes_in_html_with_the_dollar_in_a_cell_of_its_own():
    deal = _html_class_table(
        lambda name, balance: f"<td>{name}</td><td>{'$' if name == 'A' else ''}</td><td align=right>{balance}</td>"
    )
    assert [(c.name, c.initial_balance) for c in deal.classes] == [
        (c.name, c.initial_balance) for c in DETAILED_SAMPLE.classes
    ]


def test_an_html_class_table_whose_headings_stand_over_no_figure_columns_is_left_out_and_said():
    # "Initial principal" and "balance" each over a column of figures, the rate's heading past the last: the
    # headings could not be placed, yet the table was read as classes, every class's balance 5.50 (its rate).
    headings = (
        "<tr><td><u>Class</u></td><td colspan=2><u>Initial principal</u></td><td><u>balance</u></td>"
        "<td><u>Pass-through rate</u></td></tr>"
    )
    deal = _html_class_table(
        lambda name, balance: f"<td>{name}</td><td>{'$' if name == 'A' else ''}</td><td align=right>{balance}</td>",
        headings,
    )
    assert [c.initial_balance for c in deal.classes if c.initial_balance is not None] == []
    (said,) = [w for w in deal.warnings if "column headings, as the HTML sets them" in w]
    assert said.endswith("left out, not misread")
    assert any(n.table_not_read for n in deal.not_run)
    assert [(c.name, c.subordination_level) for c in deal.classes] == [
        (c.name, c.subordination_level) for c in DETAILED_SAMPLE.classes if c.subordination_level is not None
    ]


def test_a_table_of_classes_broken_by_a_page_and_its_running_head_reads_every_class():
    lines = DETAILED.split("\n")
    sentences = "\n".join(lines[233:254]) + "\n"
    table = _class_table(rate=False, total=True)
    page = (
        "\n\n                                     - 2 -\n<PAGE>\n\n"
        "                       CITICORP MORTGAGE SECURITIES, INC.\n"
        "                 REMIC Pass-Through Certificates, Series 2004-8\n\n"
    )
    table = table.replace("6,170,000.00\n", "6,170,000.00" + page, 1)
    deal = load_filing(ingest_bytes(DETAILED.replace(sentences, table).encode(), "d.txt"))
    assert [(c.name, c.initial_balance) for c in deal.classes] == [
        (c.name, c.initial_balance) for c in DETAILED_SAMPLE.classes
    ]
    assert deal.tables == () and all(c.passed for c in deal.checks)


def _with_class_table(table: str, above: str = "") -> Deal:
    lines = DETAILED.split("\n")
    sentences = "\n".join(lines[233:254]) + "\n"
    return load_filing(ingest_bytes(DETAILED.replace(sentences, above + table).encode(), "d.txt"))


def test_prose_set_right_above_a_class_tables_headings_is_no_heading_and_stays_prose():
    # With no blank line between, the sentence's lines were taken into the balance column's heading: its
    # "%" made the balances subordination levels (class A's 481,546,830%), and its figures left the prose.
    table = _class_table(rate=False, total=False).split("\n\n", 1)[1]
    above = "     The class A subordination level is 2.450067623897%. The initial principal\nbalances were:\n"
    deal = _with_class_table(table, above)
    assert [(c.name, c.initial_balance, c.subordination_level) for c in deal.classes] == [
        (c.name, c.initial_balance, c.subordination_level) for c in DETAILED_SAMPLE.classes
    ]


def test_a_class_tables_rows_in_groups_under_their_headings():
    table = _class_table(rate=False, total=False).replace(
        "\n     B-1", "\n\n     Subordinated certificates:\n     B-1", 1
    )
    deal = _with_class_table(table)
    assert [(c.name, c.initial_balance) for c in deal.classes] == [
        (c.name, c.initial_balance) for c in DETAILED_SAMPLE.classes
    ]


def test_a_second_block_of_the_same_classes_under_no_rule_is_not_more_rows():
    # The levels' block ("Class  Level", then A and B-1 again) was read on as rows: A's balance became 2.45.
    levels = "                       Subordination\n     Class                 Level\n     A      2.450067623897%\n"
    deal = _with_class_table(_class_table(rate=False, total=False).rstrip("\n") + "\n\n" + levels + "\n")
    assert [(c.name, c.initial_balance) for c in deal.classes] == [
        (c.name, c.initial_balance) for c in DETAILED_SAMPLE.classes
    ]


def test_a_table_of_loans_by_credit_grade_headed_class_is_no_table_of_certificates():
    # Rows "A1", "A2", "B1" and no Total line: read as certificate classes whose balances added up to the pool.
    grades = (
        "     DISTRIBUTION OF MORTGAGE LOANS BY CREDIT CLASS\n\n"
        "                          Aggregate Principal\n"
        "     Class               Balance Outstanding\n"
        "     -----               -------------------\n"
        "     A1                    $500,000,000.00\n"
        "     A2                     100,000,000.00\n"
        "     B1                      19,800,778.37\n\n"
    )
    deal = _with_text_before("     At least 94% of the mortgage loans", grades)
    assert deal.classes == ()


def test_a_class_table_with_a_current_balance_beside_the_initial_reads_the_initial():
    table = _class_table(rate=False, total=False)
    table = table.replace("Initial Principal", "Current Principal    Initial Principal", 1)
    table = table.replace(
        "     Class                 Balance", "     Class                 Balance              Balance"
    )
    table = table.replace(
        "     -----           -----------------", "     -----           -----------------    -----------------"
    )
    for name, balance in _BALANCES:
        row = f"     {name:<6}{balance:>28}"
        table = table.replace(row, f"     {name:<6}{'1.00':>28}{balance:>21}")
    deal = _with_class_table(table)
    assert [(c.name, c.initial_balance) for c in deal.classes] == [
        (c.name, c.initial_balance) for c in DETAILED_SAMPLE.classes
    ]


def test_prose_right_under_a_class_tables_last_row_ends_it():
    table = (
        _class_table(rate=False, total=False).rstrip("\n") + "\nThe class A subordination level is stated below.\n\n"
    )
    deal = _with_class_table(table)
    assert [(c.name, c.initial_balance) for c in deal.classes] == [
        (c.name, c.initial_balance) for c in DETAILED_SAMPLE.classes
    ]


def _ltv_table_with_a_column_before_the_balance(heading: tuple[str, str], value) -> str:
    """The sample's LTV table with one more column, ``heading`` over ``value(count, balance)``, before its balances."""
    start = TERM_SHEET.index("BY LOAN-TO-VALUE RATIOS AT ORIGINATION")
    end = TERM_SHEET.index("\n", TERM_SHEET.index("\nTotal", start) + 1)  # the Total line too
    block = TERM_SHEET[start:end]
    header = (
        f"{'':34}{'Number of':<14}{heading[0]:<26}Aggregate Principal\n"
        f"{'Loan-To-Value Ratio':<34}{'Loans':<14}{heading[1]:<26}Balances Outstanding\n"
        f"{'-------------------':<34}{'---------':<14}{'-' * len(heading[1]):<26}--------------------"
    )
    old_header = re.search(r"\n( +Number of.*\n.*\n-+.*)", block).group(1)
    block = block.replace(old_header, header)

    def row(match: re.Match) -> str:
        label, count, balance = match.groups()
        figure = value(int(count.replace(",", "")), int(balance.lstrip("$").replace(",", "")))
        return f"{label:<34}{count:>9}{figure:>25}{balance:>26}"

    block = re.sub(r"^(\S.*?\S)\s{2,}([\d,]+)\s{2,}(\$?[\d,]+)$", row, block, flags=re.M)
    return TERM_SHEET[:start] + block + TERM_SHEET[end:]


@pytest.mark.parametrize(
    "heading, value",
    [
        (("Pct. of Aggregate", "Principal Balance"), lambda count, balance: f"{balance / 619_800_778 * 100:.2f}"),
        (("Aggregate Original", "Principal Balance"), lambda count, balance: f"{round(balance * 1.01):,}"),
    ],
    ids=["a share headed Pct.", "the original balances"],
)
def test_the_balance_column_is_the_balance_outstanding(heading, value):
    # The shares (46.63, ...) or the original balances were read as the table's balances.
    deal = load_filing(ingest_bytes(_ltv_table_with_a_column_before_the_balance(heading, value).encode(), "t.txt"))
    found = next(t for t in deal.tables if t.kind is TableKind.LTV)
    expected = next(t for t in SAMPLE.tables if t.kind is TableKind.LTV)
    assert [(r.label, r.count, r.balance) for r in found.rows] == [(r.label, r.count, r.balance) for r in expected.rows]


@pytest.mark.parametrize("nudge, doubted", [(0.0, False), (0.01, False), (1.0, True), (-0.02, True)])
def test_a_rows_stated_share_of_the_balance_is_checked_against_its_balance(nudge, doubted):
    # A stated "Percent of Aggregate Principal Balance" was dropped unread: a balance misread or misprinted
    # beside it went unsaid. A unit of its last digit is the filing's rounding (shares nudged to add to 100%).
    def share(count: int, balance: int) -> str:
        return f"{balance / 619_800_778 * 100 + (nudge if balance == 289_011_601 else 0):.2f}"

    text = _ltv_table_with_a_column_before_the_balance(("Pct. of Aggregate", "Principal Balance"), share)
    ltv = next(t for t in load_filing(ingest_bytes(text.encode(), "t.txt")).tables if t.kind is TableKind.LTV)
    first, *others = ltv.rows
    assert first.balance == 289_011_601 and all(r.warnings == () for r in others)
    said = f"the filing gives this row as {46.63 + nudge:.2f}% of the balance, but its balance is 46.63% of the Total line's"
    assert first.warnings == ((f"{said}: one of them is misread, or misprinted",) if doubted else ())


def test_a_share_of_the_loans_by_dollar_amount_is_checked_as_a_share_of_the_balance():
    def share(count: int, balance: int) -> str:
        return f"{balance / 619_800_778 * 100 + (1 if balance == 289_011_601 else 0):.2f}"

    text = _ltv_table_with_a_column_before_the_balance(("% of Mortgage Loans by", "Dollar Amount"), share)
    ltv = next(t for t in load_filing(ingest_bytes(text.encode(), "t.txt")).tables if t.kind is TableKind.LTV)
    assert ltv.rows[0].warnings[0].startswith("the filing gives this row as 47.63% of the balance")


@pytest.mark.parametrize(
    "heading, scale",
    [
        (("% of Loans by", "Loan Amount"), 100),  # a share of the loans by number, perhaps: not checked
        (("Pct. of Aggregate", "Principal Balance"), 73.70),  # the rows of a table of some of the loans
    ],
)
def test_a_share_column_of_the_loans_or_of_a_part_raises_no_doubt(heading, scale):
    # From a second review: "% of Loans by Loan Amount" was checked as a share of the balance, and a table of
    # the five largest states (73.70% of the pool on its Total line) had every row doubted.
    def share(count: int, balance: int) -> str:
        return f"{(count / 1_225 if scale == 100 else balance / 619_800_778) * scale:.2f}"

    text = _ltv_table_with_a_column_before_the_balance(heading, share)
    ltv = next(t for t in load_filing(ingest_bytes(text.encode(), "t.txt")).tables if t.kind is TableKind.LTV)
    assert [r.balance for r in ltv.rows][0] == 289_011_601 and all(r.warnings == () for r in ltv.rows)


def test_a_table_of_combined_loan_to_value_ratios_is_no_ltv_table():
    # Its loans above 80% combined LTV were checked against the balance above 80% LTV: a failed check on a
    # filing that is right.
    start = TERM_SHEET.index(
        "                         DISTRIBUTION OF MORTGAGE LOANS\n                     BY LOAN-TO-VALUE"
    )
    end = TERM_SHEET.index("\n", TERM_SHEET.index("\nTotal", start) + 1)
    ltv = TERM_SHEET[start:end]
    combined = ltv.replace("BY LOAN-TO-VALUE RATIOS AT ORIGINATION", "BY COMBINED LOAN-TO-VALUE RATIOS")
    combined = combined.replace("Loan-To-Value Ratio", "Combined LTV       ")
    text = TERM_SHEET[:start] + combined + "\n\n" + TERM_SHEET[start:]
    deal = load_filing(ingest_bytes(text.encode(), "t.txt"))
    assert [t.kind for t in deal.tables].count(TableKind.LTV) == 1
    assert all(c.passed for c in deal.checks)


STATE_TITLE = (
    "                           GEOGRAPHIC DISTRIBUTION OF\n                          MORTGAGED PROPERTIES BY STATE"
)


def _californias_regions(north: tuple[int, int], south: tuple[int, int]) -> str:
    """A table of California's loans by region, (count, balance) for each, to set before the state table."""
    return (
        "                           GEOGRAPHIC DISTRIBUTION OF\n"
        "                   CALIFORNIA MORTGAGED PROPERTIES BY REGION\n\n"
        "                                  Number of                 Aggregate Principal\n"
        "Region                            Loans                    Balances Outstanding\n"
        "------                            --------                 --------------------\n\n"
        f"Northern California                 {north[0]:>3}                         ${north[1]:>11,}\n"
        f"Southern California                 {south[0]:>3}                          {south[1]:>11,}\n\n"
        "Total                               587                         $296,923,131\n\n"
    )


def test_a_table_of_californias_regions_before_the_state_table_is_not_the_state_table():
    # Its two rows, both California once read as such, would give California 100% of the loans.
    deal = _with_text_before(STATE_TITLE, _californias_regions((200, 100_000_000), (387, 196_923_131)))
    found, expected = geography(deal), geography(SAMPLE)
    assert (found.california_share, found.top_share) == (expected.california_share, expected.top_share)


def test_a_state_written_name_first_is_that_state_not_a_part_of_another():
    # "Virginia, West" was read as a part of Virginia and added to it: Virginia entered the top 5.
    deal = reworded({"Washington": "Virginia, West"})
    found, expected = geography(deal), geography(SAMPLE)
    assert found.top_share == pytest.approx(expected.top_share)
    assert [s.code for s in found.states].count("WV") == 1 and deal.warnings == SAMPLE.warnings


@pytest.mark.parametrize("south", [146_923_131, 146_923_133])  # the parts add up to the row, or to $2 more
def test_a_states_parts_listed_under_its_own_row_are_not_added_to_it(south):
    row = "California                          587                          296,923,131"
    parts = row + "\n  Northern California               300                          150,000,000"
    parts += f"\n  Southern California               287                          {south:>11,}"
    deal = load_filing(ingest_bytes(TERM_SHEET.replace(row, parts).encode(), "cmsi-2004-3-parts.txt"))
    assert geography(deal).california_share == geography(SAMPLE).california_share  # not counted three times


def test_the_diff_compares_the_state_tables_not_a_table_of_regions():
    from reporting.derive.diff import build_diff

    old = _with_text_before(STATE_TITLE, _californias_regions((300, 150_000_000), (287, 146_923_131)))
    new = _with_text_before(STATE_TITLE, _californias_regions((200, 100_000_000), (387, 196_923_131)))
    diff = build_diff(old, new)
    assert not any("Northern California" in c.sentence for c in diff.key_changes)  # a region's share of California
    assert diff.geography.california.old == diff.geography.california.new == geography(SAMPLE).california_share


def test_classes_named_without_hyphens_under_certificate_headings_are_read():
    # "A1", "B1" ... under "Initial Principal Balance" and "Pass-Through Rate": certificates, not loan grades.
    table = _class_table(rate=True, total=False)
    for name, _ in _BALANCES:
        table = table.replace(f"     {name:<6}", f"     {name.replace('-', ''):<6}", 1)
    deal = _with_class_table(table)  # the prose below still names the levels' classes "B-1" ...
    read = [(c.name, c.initial_balance) for c in deal.classes if c.initial_balance is not None]
    assert read == [(c.name.replace("-", ""), c.initial_balance) for c in DETAILED_SAMPLE.classes]


# --- term sheets of several pools, each set apart under its own heading -----------------------------


def _two_pool_term_sheet(heading: str) -> str:
    """The 2004-3 term sheet as one of two pools (the same loans twice), each section under ``heading``
    naming its pool, and no paragraph stating the whole deal's balance."""
    intro = TERM_SHEET.index("     On May 27, 2004")
    body = TERM_SHEET.index("     The total number of mortgage loans")
    end = TERM_SHEET.index("                                   SIGNATURES")
    section = TERM_SHEET[body:end]
    pools = "".join(f"\n\n{heading.format(pool)}\n\n{section}" for pool in ("I", "II"))
    return TERM_SHEET[:intro] + pools + TERM_SHEET[end:]


@pytest.mark.parametrize(
    "heading",
    [
        "Collateral Term Sheet - Pool {}",
        "COLLATERAL TERM SHEET: POOL {}",
        "POOL {} - 30 YEAR FIXED RATE MORTGAGE LOANS",
    ],
)
def test_each_pools_section_under_a_heading_naming_its_pool_keeps_its_tables(heading):
    # Under "Collateral Term Sheet - Pool II" every table and matrix was the whole deal's, and its
    # California share pool I's, with nothing said.
    deal = load_filing(ingest_bytes(_two_pool_term_sheet(heading).encode(), "cmsi-2004-3-two-pools.txt"))
    assert [t.pool for t in deal.tables] == ["I"] * 7 + ["II"] * 7
    assert [m.pool for m in deal.matrices] == ["I", "II"] and [p.name for p in deal.pools] == ["I", "II", "all"]
    assert deal.pool("II").loan_count == 1225 and all(c.passed for c in deal.checks)


@pytest.mark.parametrize("word", ["Aggregate:", "Total", "Combined:"])
def test_a_whole_deal_word_right_under_a_pools_heading_keeps_the_section_that_pools(word):
    # An outside review: "Loan Group 2:" then "Aggregate:" over the group's own figures and tables was read as
    # a switch to the whole deal: group 2's tables were the deal's, its figures the deal's, with no doubt.
    text = _two_pool_term_sheet(f"Loan Group {{}}:\n\n{word}")
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-two-pools-sub-headed.txt"))
    assert [t.pool for t in deal.tables] == ["I"] * 7 + ["II"] * 7
    assert [m.pool for m in deal.matrices] == ["I", "II"] and [p.name for p in deal.pools] == ["I", "II", "all"]
    assert [(p.loan_count, p.wac, p.wam_months) for p in deal.pools] == [(1225, 5.843, 357.95)] * 2 + [
        (None, None, None)
    ]
    assert all(c.passed for c in deal.checks)
    assert not [w for w in deal.warnings if "stated again" in w]


def test_a_pool_named_in_several_tables_titles_is_one_pool():
    text = TERM_SHEET.replace("SIZE OF MORTGAGE LOANS", "SIZE OF POOL I MORTGAGE LOANS", 1)
    text = text.replace(
        "DISTRIBUTION OF MORTGAGE LOANS BY NOTE RATES", "DISTRIBUTION OF POOL I MORTGAGE LOANS BY NOTE RATES", 1
    )
    deal = load_filing(ingest_bytes(text.encode(), "t.txt"))
    assert [p.name for p in deal.pools] == ["I", "all"]  # was ["I", "I", "all"], each fact missing twice
    assert len(deal.missing) == len(set(deal.missing))


def test_two_state_tables_for_the_same_loans_each_say_so():
    # Pools the parser cannot tell apart (named only in a heading it does not know): every table is the whole
    # deal's, and its California share would be one pool's, with nothing said.
    deal = load_filing(ingest_bytes(_two_pool_term_sheet("Part {} of the Loans").encode(), "t.txt"))
    states = [t for t in deal.tables if t.kind is TableKind.GEOGRAPHY]
    said = "one of 2 state tables for all loans: which loans each describes is not said"
    assert [t.pool for t in states] == ["all", "all"] and all(said in t.warnings for t in states)
    assert all("one of 2 FICO x LTV matrices for all loans" in m.warnings[-1] for m in deal.matrices)
    assert said in BY_KEY["california_share"].note(deal, deal.whole_deal).doubts


def test_a_sentence_in_one_pools_section_naming_another_pool_beside_its_own_loans_is_not_read():
    # "At least 98% of the mortgage loans, unlike the pool I mortgage loans, ..." in pool II's section gave
    # pool I the 98%, with nothing said.
    text = _two_pool_term_sheet("POOL {} MORTGAGE LOANS")
    second = text.rindex("At least 98%(2) of the mortgage loans")
    end = second + len("At least 98%(2) of the mortgage loans")
    text = text[:end] + ", unlike the pool I mortgage loans," + text[end:]
    deal = load_filing(ingest_bytes(text.encode(), "t.txt"))
    assert deal.pool("I").primary_residence_min_pct == 98 and deal.pool("II").primary_residence_min_pct is None
    assert any(w.startswith("a sentence in pool II's section names pool I beside its own loans") for w in deal.warnings)


def test_a_list_of_the_pools_in_the_deals_words_opens_no_section():
    # Lines "Pool I - 30 Year Fixed Rate Loans" listing the pools were each taken for a section's heading:
    # the deal's primary residence share below them became pool II's.
    listing = (
        "     The mortgage loans are in two pools:\n\n"
        "          Pool I - 30 Year Fixed Rate Loans\n"
        "          Pool II - 15 Year Fixed Rate Loans\n\n"
    )
    deal = _with_text_before("     The total number of mortgage loans", listing)
    assert deal.whole_deal.primary_residence_min_pct == 98 and [t.pool for t in deal.tables] == ["all"] * 7


def test_a_row_for_the_rest_of_a_state_beside_its_parts_is_added_to_them():
    # "California" beside its north and south, the three adding up to the state: all three are California.
    row = "California                          587                          296,923,131"
    rows = "California                           87                           26,923,131"
    rows += "\nNorthern California                 250                          120,000,000"
    rows += "\nSouthern California                 250                          150,000,000"
    deal = load_filing(ingest_bytes(TERM_SHEET.replace(row, rows).encode(), "t.txt"))
    assert geography(deal).california_share == pytest.approx(geography(SAMPLE).california_share, abs=1e-9)


def test_a_table_of_the_ten_largest_states_beside_the_state_table_is_no_second_state_table():
    start = TERM_SHEET.index(
        "                           GEOGRAPHIC DISTRIBUTION OF\n                          MORTGAGED"
    )
    top = (
        "                           GEOGRAPHIC DISTRIBUTION OF\n"
        "                     MORTGAGED PROPERTIES: TEN LARGEST STATES\n\n"
        "                                  Number of                 Aggregate Principal\n"
        "State                             Loans                    Balances Outstanding\n"
        "-----                             --------                 --------------------\n\n"
        "California                          587                         $296,923,131\n"
        "New York                            157                           75,979,640\n"
        "Massachusetts                        61                           30,352,593\n\n"
        "Total                               805                         $403,255,364\n\n"
    )
    deal = load_filing(ingest_bytes((TERM_SHEET[:start] + top + TERM_SHEET[start:]).encode(), "t.txt"))
    assert not any("one of" in w for w in deal.warnings)
    assert geography(deal).california_share == geography(SAMPLE).california_share


def test_a_whole_deal_section_under_a_term_sheet_heading_is_the_deals():
    text = _two_pool_term_sheet("Collateral Term Sheet - Pool {}")
    end = text.index("                                   SIGNATURES")
    intro = TERM_SHEET.index("     The total number of mortgage loans")
    deal_section = TERM_SHEET[intro : TERM_SHEET.index("                                   SIGNATURES")]
    text = text[:end] + "\n\nCollateral Term Sheet - All Mortgage Loans\n\n" + deal_section + text[end:]
    deal = load_filing(ingest_bytes(text.encode(), "t.txt"))
    assert [t.pool for t in deal.tables] == ["I"] * 7 + ["II"] * 7 + ["all"] * 7
    assert deal.whole_deal.loan_count == 1225 and not any("one of" in w for w in deal.warnings)


@pytest.mark.parametrize("mark", ["1", "(1)", "*"])
def test_a_footnote_mark_on_a_class_name_in_an_html_cell_leaves_the_name(mark):
    # "B-6<sup>1</sup>" became class "B-61" with B-6's balance; "A<sup>(1)</sup>" lost every balance.
    def cells(name: str, balance: str) -> str:
        marked = f"{name}<sup>{mark}</sup>" if name in ("A", "B-6") else name
        return f"<td>{marked}</td><td>$</td><td align=right>{balance}</td>"

    deal = _html_class_table(cells)
    assert [(c.name, c.initial_balance) for c in deal.classes] == [
        (c.name, c.initial_balance) for c in DETAILED_SAMPLE.classes
    ]


def test_a_class_named_without_its_balance_is_listed_as_missing():
    # The classes are only checked against the deal when every one has its balance: one left blank was unsaid.
    deal = _with_class_table(_class_table(rate=True, total=False).replace("740,547.57", "          "))
    assert next(c for c in deal.classes if c.name == "B-6").initial_balance is None
    assert deal.missing == ("class B-6 initial balance",)


def test_a_tables_title_at_the_top_of_each_of_its_pages_is_no_running_head():
    # Its title in Title Case at the margin on every page: set aside as a running head, the table lost its kind,
    # and California's share went with it, unsaid.
    start = TERM_SHEET.index(STATE_TITLE)
    end = TERM_SHEET.index("\nTotal", start)
    rows = [line for line in TERM_SHEET[start:end].split("\n") if re.search(r"\d$", line) and line[:1].isalpha()]
    title = "Geographic Distribution of Mortgaged Properties by State"
    pages = [f"<PAGE>\n{title}\n\n" + "\n".join(rows[i : i + 5]) + "\n" for i in range(0, len(rows), 5)]
    text = TERM_SHEET[:start] + "".join(pages) + TERM_SHEET[end:]
    deal = load_filing(ingest_bytes(text.encode(), "t.txt"))
    assert geography(deal).california_share == geography(SAMPLE).california_share


@pytest.mark.parametrize(
    ("notional", "read", "warnings"),
    [
        ("(notional) 12,345,678.00", 12_345_678.00, ()),
        # a footnote's mark glued to the figure: not read, and said, as a principal balance's is (below)
        (
            "12,345,678.00(1)",
            None,
            (
                "class A-IO notional_balance: the table of classes (line 240): the filing writes it as"
                " '12,345,678.00(1)', which is not read as a figure",
            ),
        ),
    ],
)
def test_a_class_table_with_an_interest_only_row_reads_the_other_classes_and_keeps_the_notional_apart(
    notional, read, warnings
):
    # From audit 101 (L6): the row "A-IO  (notional) 12,345,678.00  0.250%" lost the whole table: no class was
    # read, and the report said the classes were not stated. The notional balance, once set aside and said "not
    # listed", is now A-IO's notional balance: no principal, in no sum.
    table = _class_table(rate=True, total=True)
    a_row = next(line for line in table.split("\n") if line.startswith("     A  "))
    table = table.replace(a_row, f"{a_row}\n     {'A-IO':<6}{notional:>28}                0.250%")
    deal = _with_class_table(table)
    assert [(c.name, c.initial_balance, c.subordination_level) for c in deal.classes if c.name != "A-IO"] == [
        (c.name, c.initial_balance, c.subordination_level) for c in DETAILED_SAMPLE.classes
    ]
    io = next(c for c in deal.classes if c.name == "A-IO")
    assert (io.initial_balance, io.notional_balance, io.is_notional) == (None, read, True)
    assert deal.warnings == warnings
    assert deal.tables == () and not deal.missing and not deal.not_run
    assert [c.name for c in deal.checks] == [c.name for c in DETAILED_SAMPLE.checks] and all(
        c.passed for c in deal.checks
    )


def test_a_class_tables_row_whose_balance_cannot_be_read_leaves_the_other_rows_read_and_says_so():
    # A figure the table writes so that it cannot be read lost every class, the table shown as not read.
    table = _class_table(rate=True, total=True).replace("6,170,000.00 ", "6,170,000.00(1)", 1)
    deal = _with_class_table(table)
    expected = [(c.name, c.initial_balance) for c in DETAILED_SAMPLE.classes]
    assert [(c.name, c.initial_balance) for c in deal.classes] == [
        (name, None if name == "B-1" else balance) for name, balance in expected
    ]
    line = 234 + table.split("\n").index(next(row for row in table.split("\n") if "(1)" in row))  # from line 234
    assert deal.warnings == (
        f"class B-1 initial_balance: the table of classes (line {line}): the filing writes it as"
        " '6,170,000.00(1)', which is not read as a figure",
    )
    assert deal.missing == ("class B-1 initial balance",) and deal.tables == ()
    assert missing_in_words(deal) == ((), ("class B-1 initial balance",))  # in the filing but not read
    assert "could not be read" in deal.not_run_reason and "B-1" in deal.not_run_reason


def test_a_table_not_read_whose_headings_stand_side_by_side_is_named_by_each_heading_whole():
    # From audit 101 (C5): headings on two lines, taken into the label's column, were interleaved line by line into
    # the name "By Original Principal Pass-Through Class Balance Rate".
    table = (
        "                                  Original Principal     Pass-Through     Subordination\n"
        "     Class                             Balance               Rate            Level\n"
        "     -----                        ------------------     ------------     -------------\n"
        "     A(x)                           $481,546,830.00          5.500%       2.450067623897%\n"
        "     B-1                               6,170,000.00          5.500%       1.200172400289%\n"
        "     B-2                               2,469,000.00          5.500%\n"
        "                                    ---------------\n"
        "     Total                          $490,185,830.00\n\n"
    )
    deal = _with_class_table(table)
    title = "By Class Original Principal Balance Pass-Through Rate"
    assert [n.table_not_read for n in deal.not_run if n.table_not_read] == [(234, title)]


def test_an_html_class_table_continued_on_the_next_page_without_its_headings_reads_every_class():
    # The second page's table, laid out apart, put each row's rate under the balances: B-3 to B-6 were lost.
    def row(name: str, balance: str) -> str:
        return f"<tr><td>{name}</td><td>{'$' if name == 'A' else ''}</td><td align=right>{balance.lstrip('$')}</td><td align=right>5.500%</td></tr>"

    first, rest = _BALANCES[:3], _BALANCES[3:]
    table = (
        "<p>The initial principal balances of the classes as of October 1, 2004 were:</p><table>"
        "<tr><td><u>Class</u></td><td></td><td><u>Initial principal balance</u></td><td><u>Pass-through rate</u></td></tr>"
        + "".join(row(n, b) for n, b in first)
        + "</table><p align=center>- 4 -</p><hr><p>CMSI REMIC PASS-THROUGH CERTIFICATES, SERIES 2004-8</p><table>"
        + "".join(f"<tr><td>{n}</td><td align=right>{b}</td><td align=right>5.500%</td></tr>" for n, b in rest)
        + "</table>"
    )
    sentences = "\n".join(DETAILED.split("\n")[233:254]) + "\n"
    page = "<html><body><pre>" + DETAILED.replace(sentences, "</pre>" + table + "<pre>") + "</pre></body></html>"
    deal = load_filing(ingest_bytes(page.encode(), "d.htm"))
    assert [(c.name, c.initial_balance) for c in deal.classes] == [
        (c.name, c.initial_balance) for c in DETAILED_SAMPLE.classes
    ]


TRANSPOSED_MATRIX = """\
Loan-to-value ratio                                    FICO score
-------------------                                    ----------
<S>                <C>            <C>           <C>          <C>           <C>           <C>          <C>
                    620 and       620 to        650 to       700 to        750 to        800 and
                     less          649           699          749           799          above       All loans
                   ---------      -------       -------      -------       -------       -------      ---------
---------------------------------------------------------------------------------------------------------------
65.00% and below     0.36%         1.78%         6.02%        15.23%        22.31%         0.92%        46.63%
65.001%-75.000%       0.30          0.84          4.16          8.17         10.70          0.26         24.43
75.001%-80.000%       0.23          0.36          5.45         10.03         11.72          0.28         28.07
80.001%-85.000%       0.02          0.00          0.07          0.07          0.03          0.00          0.19
85.001%-90.000%       0.00          0.00          0.38          0.06          0.11          0.00          0.55
90.001%-95.000%       0.00          0.00          0.06          0.05          0.00          0.00          0.12


Total                0.91%         2.98%        16.15%        33.63%        44.87%         1.46%       100.00%
                    ======        ======        ======        ======        ======        ======        ======
"""


def test_a_fico_matrix_with_the_scores_across_its_columns_gives_the_share_below_700():
    # An outside audit: with LTV down the rows and FICO across, every cell was read but the share below a
    # 700 FICO was lost, with nothing said.
    start = TERM_SHEET.index("FICO score                                             Loan-to-value ratio")
    end = TERM_SHEET.index("</TABLE>", start)
    deal = load_filing(ingest_bytes((TERM_SHEET[:start] + TRANSPOSED_MATRIX + TERM_SHEET[end:]).encode(), "t.txt"))
    (matrix,) = deal.matrices
    assert matrix.col_header == "FICO score" and matrix.col_totals[:3] == (0.91, 2.98, 16.15)
    below = BY_KEY["fico_below_700_share"]
    assert below.value(deal, deal.whole_deal) == below.value(SAMPLE, SAMPLE.whole_deal) == 20.04


def test_a_matrixs_headings_repeated_after_a_page_break_are_no_line_left_unread():
    # Two outside audits: the FICO x LTV matrix split by a page, its headings repeated, was read right but
    # doubted: "the line '65.00% 65.001%- ... All loans' has no figures in the filing: not read as a row".
    start = TERM_SHEET.index("FICO score                                             Loan-to-value ratio")
    headings = TERM_SHEET[start : TERM_SHEET.index("620 and less", start)]
    row = re.search(r"^650 to 699 .*\n", TERM_SHEET, re.M).group(0)
    split = (
        f"{row}</TABLE>\n\n\n<PAGE>\n\n      DISTRIBUTION BY FICO SCORES (continued)\n<TABLE>\n<CAPTION>\n{headings}"
    )
    deal = load_filing(ingest_bytes(TERM_SHEET.replace(row, split).encode(), "t.txt"))
    (matrix,) = deal.matrices
    assert (matrix.cells, matrix.row_labels, matrix.col_labels) == (
        SAMPLE.matrices[0].cells,
        SAMPLE.matrices[0].row_labels,
        SAMPLE.matrices[0].col_labels,
    )
    assert matrix.warnings == () and deal.warnings == SAMPLE.warnings


def test_a_state_table_naming_four_states_and_the_rest_says_the_largest_4():
    # The note under the state table said "largest 5 states" of four states and a row for the rest.
    from dataclasses import replace

    from reporting.present.summary_page import render_html
    from reporting.validate import validate

    (states,) = [t for t in SAMPLE.tables if t.kind is TableKind.GEOGRAPHY]
    largest = sorted(states.rows, key=lambda r: -r.balance)[:4]
    rest = [r for r in states.rows if r not in largest]
    other = replace(
        rest[0],
        label="Other (less than 5% each)",
        count=sum(r.count for r in rest),
        balance=sum(r.balance for r in rest),
    )
    kept = tuple(r for r in states.rows if r in largest) + (other,)
    deal = validate(
        replace(SAMPLE, tables=tuple(replace(t, rows=kept) if t is states else t for t in SAMPLE.tables), checks=())
    )
    found = geography(deal)
    # The rest holds loans too, in states it does not name: "4 states" alone said no other state had any.
    assert found.top_count == 4 and found.with_loans == "4 states and those in \u201cOther (less than 5% each)\u201d"
    assert found.top_share == pytest.approx(sum(r.balance for r in largest) / states.total.balance * 100)
    shown = re.sub(r"<[^>]+>", "", render_html(summarise(deal), {}))  # the page's text, each figure in its mark
    assert f"largest 4 states {found.top_share:.2f}%" in shown


@pytest.mark.parametrize(("named", "pool"), [("(GROUP 2)", "2"), ("(LOAN GROUP 2)", "2"), ("(POOL II)", "II")])
def test_a_title_ending_in_its_pools_name_in_brackets_is_that_pools_table(named, pool):
    # An outside audit's "GEOGRAPHIC DISTRIBUTION BY STATE (GROUP 2)": the title's "2)" was taken for a figure
    # ending a row, so the title was lost and the table was the whole deal's, "By State", failing its total check
    # against the deal's balance for a reason not the one it had.
    deal = _edited("MORTGAGED PROPERTIES BY STATE\n", f"MORTGAGED PROPERTIES BY STATE {named}\n")
    states = [t for t in deal.tables if t.kind is TableKind.GEOGRAPHY]
    expected = next(t for t in SAMPLE.tables if t.kind is TableKind.GEOGRAPHY)
    assert [(t.title, t.pool) for t in states] == [
        (f"GEOGRAPHIC DISTRIBUTION OF MORTGAGED PROPERTIES BY STATE {named}", pool)
    ]
    assert [(r.label, r.count, r.balance) for r in states[0].rows] == [
        (r.label, r.count, r.balance) for r in expected.rows
    ]
    assert (states[0].total.count, states[0].total.balance) == (1_225, 619_800_778)
    assert [t.pool for t in deal.tables if t is not states[0]] == ["all"] * (len(SAMPLE.tables) - 1)
    assert not deal.warnings


def test_a_table_of_some_pools_taken_together_is_no_one_pools():
    # An outside audit's "GROUP 1 AND GROUP 2 LOANS COMBINED -- GEOGRAPHIC DISTRIBUTION BY STATE" went to group 1.
    deal = _edited("MORTGAGED PROPERTIES BY STATE\n", "MORTGAGED PROPERTIES BY STATE (POOL I AND POOL II COMBINED)\n")
    assert [t.kind for t in deal.tables] == [t.kind for t in SAMPLE.tables if t.kind is not TableKind.GEOGRAPHY]
    assert {t.pool for t in deal.tables} == {"all"}
    assert (
        "the table 'GEOGRAPHIC DISTRIBUTION OF MORTGAGED PROPERTIES BY STATE (POOL I AND POOL II COMBINED)' is of"
        " Pool I and Pool II taken together, which are not every pool of the deal: it is no one pool's; left out,"
        " not misread"
    ) in deal.warnings


@pytest.mark.parametrize(
    ("named", "warning"),
    [
        ("(GROUPS 1 AND 2)", "is of Pool 1 and Pool 2 taken together, which are not every pool of the deal"),
        ("(EXCLUDING GROUPS 2 AND 3)", "is of the loans other than Pool 2 and Pool 3"),
    ],
)
def test_a_title_ending_in_several_pools_numbers_keeps_its_title_and_says_whose(named, warning):
    # A title ending "(GROUPS 1 AND 2)" had its "2)" read as a figure ending a row: the title was lost, the table
    # was the whole deal's, "By State", and with "EXCLUDING" before the pools it failed its checks against the deal.
    deal = _edited("MORTGAGED PROPERTIES BY STATE\n", f"MORTGAGED PROPERTIES BY STATE {named}\n")
    assert [t.kind for t in deal.tables] == [t.kind for t in SAMPLE.tables if t.kind is not TableKind.GEOGRAPHY]
    assert {t.pool for t in deal.tables} == {"all"} and all(c.passed for c in deal.checks)
    assert deal.warnings == (
        f"the table 'GEOGRAPHIC DISTRIBUTION OF MORTGAGED PROPERTIES BY STATE {named}' {warning}: it is no one"
        " pool's; left out, not misread",
    )


def test_a_table_of_every_pool_taken_together_is_the_whole_deals():
    from reporting.samples import DETAILED_2004_8

    start = TERM_SHEET.index("                           GEOGRAPHIC DISTRIBUTION OF")
    table = TERM_SHEET[start : TERM_SHEET.index("\n", TERM_SHEET.index("=====", start)) + 1]
    table = table.replace(
        "GEOGRAPHIC DISTRIBUTION", "GROUP I, GROUP II AND GROUP III COMBINED: GEOGRAPHIC DISTRIBUTION"
    )
    text = DETAILED_2004_8.read_text(encoding="utf-8")
    anchor = "     There are no special hazard"
    deal = load_filing(ingest_bytes(text.replace(anchor, table + "\n" + anchor).encode(), "d.txt"))
    assert [p.name for p in deal.pools] == ["I", "II", "III", "all"]
    assert [(t.pool, t.total.count) for t in deal.tables] == [("all", 1_225)]
    assert not [w for w in deal.warnings if "taken together" in w]


@pytest.mark.parametrize(
    ("left_out", "named"),
    [
        ("(EXCLUDING GROUP II)", "Pool II"),
        ("(OTHER THAN GROUP II)", "Pool II"),
        ("EXCEPT POOL II", "Pool II"),
        ("(NOT INCLUDING LOAN GROUP 2)", "Pool 2"),
        ("WITHOUT THE GROUP II LOANS", "Pool II"),
        ("(EXCLUDING GROUPS II AND III)", "Pool II and Pool III"),
    ],
)
def test_a_table_of_the_loans_other_than_a_pool_is_no_one_pools(left_out, named):
    # An outside review's "GEOGRAPHIC DISTRIBUTION BY STATE (EXCLUDING GROUP 2)" went to group 2: group 2's right
    # balance and count were marked as not reconciling, and the states shown as group 2's were the other loans'.
    start = TERM_SHEET.index("                           GEOGRAPHIC DISTRIBUTION OF")
    table = TERM_SHEET[start : TERM_SHEET.index("\n", TERM_SHEET.index("=====", start)) + 1]
    table = table.replace("MORTGAGED PROPERTIES BY STATE", f"MORTGAGED PROPERTIES BY STATE {left_out}")
    anchor = "     There are no special hazard"
    deal = load_filing(ingest_bytes(DETAILED.replace(anchor, table + "\n" + anchor).encode(), "d.txt"))
    figures = ("aggregate_balance", "loan_count", "wac", "wam_months", "wa_ltv")
    assert [(p.name, *(getattr(p, f) for f in figures)) for p in deal.pools] == [
        (p.name, *(getattr(p, f) for f in figures)) for p in DETAILED_SAMPLE.pools
    ]
    assert deal.tables == () and geography(deal) == geography(DETAILED_SAMPLE)
    assert [(c.name, c.subject, c.passed) for c in deal.checks] == [
        (c.name, c.subject, c.passed) for c in DETAILED_SAMPLE.checks
    ]
    title = f"GEOGRAPHIC DISTRIBUTION OF MORTGAGED PROPERTIES BY STATE {left_out}"
    assert deal.warnings == (
        *DETAILED_SAMPLE.warnings,
        f"the table {title!r} is of the loans other than {named}: it is no one pool's; left out, not misread",
    )


def _ruled_over_the_totals(total: str) -> str:
    """The 2004-3 term sheet with each table's Total line worded ``total`` (its figures where they stand)
    and ruled over its figures in "=", right under the last row."""
    lines = TERM_SHEET.split("\n")
    out: list[str] = []
    for line in lines:
        if not line.startswith("Total "):
            out.append(line)
            continue
        while not out[-1].strip():
            out.pop()  # the blank lines between the last row and the Total line
        figures = len(line) - len(line[5:].lstrip())
        out.append(re.sub(r"\S", "=", " " * figures + line[figures:]))
        out.append(total.ljust(figures) + line[figures:])
    assert len(out) < len(lines)
    return "\n".join(out)


@pytest.mark.parametrize("total", ["Total", "    Total", "  TOTAL:", "Totals", "      Total Pool"])
def test_a_rule_of_equals_signs_right_over_the_total_line_keeps_the_table(total):
    # "====" over the Total's figures, under a row whose label stands at the margin, was read as the end
    # of the table above: every table was lost, with "finds no Total line" said, and the verdict "reconciled".
    deal = load_filing(ingest_bytes(_ruled_over_the_totals(total).encode(), "cmsi-2004-3-ruled-totals.txt"))
    assert _tables_read(deal) == _tables_read(SAMPLE)
    assert matrices_read(deal) == matrices_read(SAMPLE)
    assert [(c.name, c.passed) for c in deal.checks] == [(c.name, c.passed) for c in SAMPLE.checks]
    assert deal.warnings == SAMPLE.warnings


def _dwellings_under_sub_headings(indent: int) -> Deal:
    """The dwelling table's rows in two runs, each under a sub-heading in capitals, the rows ``indent`` further in."""
    lines = TERM_SHEET.split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("Detached Houses"))
    last = next(i for i, line in enumerate(lines) if line.startswith("Cooperative Units"))
    rows = [" " * indent + line if line.strip() else line for line in lines[first : last + 1]]
    rows[0:0] = ["SINGLE FAMILY:", ""]
    rows[4:4] = ["OTHER DWELLINGS:", ""]
    assert rows[6].lstrip().startswith("Multi-family")
    text = "\n".join(lines[:first] + rows + lines[last + 1 :])
    return load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-sub-headings.txt"))


@pytest.mark.parametrize("indent", [0, 4])
def test_rows_under_sub_headings_in_capitals_are_one_table_under_its_title(indent):
    # "OTHER DWELLINGS:" was read as a title: the rows above it were lost, the table's title with them
    # ("was not read whole"), and the rows below it stood as a table titled "OTHER DWELLINGS:".
    deal = _dwellings_under_sub_headings(indent)
    assert _tables_read(deal) == _tables_read(SAMPLE)
    assert [(c.name, c.passed) for c in deal.checks] == [(c.name, c.passed) for c in SAMPLE.checks]
    assert deal.warnings == SAMPLE.warnings


def test_a_page_break_inside_a_tables_title_keeps_the_whole_title():
    """The FICO x LTV matrix's title in two lines, a page (its number, its head) breaking between them: the
    title was cut to its second line, "LOAN-TO-VALUE RATIOS AT ORIGINATION", unsaid. A title's line that
    ends in a word no title ends in ("AND") goes on below the page's blank lines."""
    title = "DISTRIBUTION BY FICO SCORES AND\n                       LOAN-TO-VALUE RATIOS AT ORIGINATION"
    broken = title.replace(" AND\n", " AND\n\n                                    - 8 -\n\fCMSI 2004-3  Page 9\n\n")
    text = TERM_SHEET.replace(title, broken)
    assert text.count("Page 9") == 1
    (matrix,) = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3.txt")).matrices
    assert matrix.title == "DISTRIBUTION BY FICO SCORES AND LOAN-TO-VALUE RATIOS AT ORIGINATION"


def test_a_term_sheet_whose_tables_are_all_seen_but_none_read_says_them_not_read_never_not_stated():
    # Every table's Total line and its rule left out, its last row running into a sentence with a figure (which
    # might be a row's): where the rows end cannot be told, and none is read. Was: "Not stated in this
    # filing: stratification tables", of a filing that states seven.
    lines = TERM_SHEET.split("\n")
    totals = [i for i, line in enumerate(lines) if line.startswith("Total") and "$619,800,778" in line]
    assert len(totals) == len(SAMPLE.tables) == 7
    for at in reversed(totals):
        lines[at - 2 : at + 2] = ["The 1,225 mortgage loans above are those in the pool as of the cut-off date."]
    deal = load_filing(ingest_bytes("\n".join(lines).encode(), "cmsi-2004-3-no-table-read.txt"))
    assert not deal.tables and "stratification tables" in deal.missing
    summary = summarise(deal)
    assert "stratification tables" in summary.missing_not_read and "stratification tables" not in summary.missing
    assert "In the filing but not read: stratification tables." in summary.missing_said
    # ... and the long table's row of it names the tables (its flag), one by one
    table = long_table(deal)
    (flag,) = table[(table["section"] == "missing") & (table["bucket"] == "stratification tables")]["flag"]
    assert "doubt: the table 'YEARS OF ORIGINATION OF MORTGAGE LOANS' (line 149) could not be read" in flag
    assert flag.count("could not be read") == 7
