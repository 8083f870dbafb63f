"""Stratification tables and the FICO x LTV matrix drawn as other desks draw them, found misread by a red team
(Dec 4, h): each filing is the 2004-3 term sheet (or the 2004-8 detailed description) with its tables redrawn in
the test. Every figure must come out as the sample's, or be left out with the reason said beside it; never
another figure in its place, and never a check failed on a filing that agrees with itself.
"""

from __future__ import annotations

import re

import pytest
from facts import assert_tables_as_the_sample, matrices_read, read_text
from sample_deals import read_sample

from reporting.derive import geography, metrics
from reporting.model.check_kinds import ABOVE_80_LTV, MATRIX_IS_THE_TABLE
from reporting.samples import TERM_SHEET_2004_3

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
SAMPLE = read_sample(TERM_SHEET, "cmsi-2004-3.txt")

# Every Total line of the term sheet: the seven tables' and the matrix's, its label at the margin.
_TOTAL_LABEL = re.compile(r"^Total {8}", re.M)


# --- a footnote's number in brackets a space after the Total line's label: "Total (1)" ----------------------------


@pytest.mark.parametrize("label", ["Total (1)", "TOTAL (2)", "Total: (1)", "Totals  (12)"])
def test_a_footnote_number_set_apart_after_the_total_label_is_the_labels_mark(label):
    # "Total (1)   1,225   $619,800,778": the "(1)" was read as a figure (a negative one), so the Total line had a
    # column more than its rows: the rows' labels were cut at it and their own numbers read as figures ("$150,000
    # through" with a balance of $199,999, "65.001% -" with 313 loans), the first LTV row lost, three tables and
    # the matrix left out, and checks failed on a filing that agrees with itself. Glued ("Total(1)") it was read.
    assert len(_TOTAL_LABEL.findall(TERM_SHEET)) == 8
    deal = read_text(_TOTAL_LABEL.sub(label.ljust(13), TERM_SHEET), "cmsi-2004-3.txt")
    assert_tables_as_the_sample(deal, SAMPLE)
    assert matrices_read(deal) == matrices_read(SAMPLE)
    assert deal.warnings == SAMPLE.warnings and deal.not_run == SAMPLE.not_run


# --- tables redrawn with other columns -------------------------------------------------------------------------------


_LABELS = 46  # characters: the longest label, "Condominium Units (one to four stories high)", on one line


def _table_text(
    title: str, headings: list[tuple[str, str]], cells: list[tuple[str, list[str]]], total_first: bool = False
) -> str:
    """A table as another desk sets it: its title, two lines of headings over a rule, a row per bucket and a Total
    (last, or first, right under the rule, with a rule of its own under it)."""
    lines = [title.center(80).rstrip(), ""]
    for k in range(2):
        lines.append((" " * _LABELS + "".join(f"{h[k]:>22}" for h in headings)).rstrip())
    rule = " " * _LABELS + "".join(f"{'-' * 10:>22}" for _ in headings)
    lines.append("-" * 30 + rule[30:])
    rows = [(label.ljust(_LABELS) + "".join(f"{f:>22}" for f in figures)).rstrip() for label, figures in cells]
    if total_first:
        lines += [rows[-1], rule, *(line for row in rows[:-1] for line in ("", row))]
    else:
        lines += [*(line for row in rows[:-1] for line in ("", row)), "", rows[-1]]
        lines.append(" " * _LABELS + "".join(f"{'=' * 8:>22}" for _ in headings))
    return "\n".join(lines) + "\n"


def _redrawn(columns: list[tuple[tuple[str, str], object]], total_first: bool = False) -> str:
    """The term sheet with each of its seven tables redrawn with ``columns``, from the sample's own figures."""
    text, end = TERM_SHEET, 0
    for table in SAMPLE.tables:  # in the filing's order, each title's first words after the table above
        start = text.rindex("\n", 0, text.index(" ".join(table.title.split()[:3]), end)) + 1
        end = text.index("=\n", text.index("\nTotal", start)) + 2
        rows = [(r.label, r.count, r.balance) for r in table.rows] + [("Total", table.total.count, table.total.balance)]
        cells = [(label, [cell(n, balance, table.total.balance) for _, cell in columns]) for label, n, balance in rows]
        drawn = _table_text(table.title, [h for h, _ in columns], cells, total_first)
        text, end = text[:start] + drawn + text[end:], start + len(drawn)
    return text


_LOANS = (("Number of", "Loans"), lambda count, balance, pool: f"{count:,}")
_SHARE = (("% of", "Pool"), lambda count, balance, pool: f"{100 * balance / pool:.2f}%")


def _average(headings: tuple[str, str]) -> tuple[tuple[str, str], object]:
    return headings, lambda count, balance, pool: f"${balance / count:,.0f}" if count else "$0"


LTV_TITLE = "DISTRIBUTION OF MORTGAGE LOANS BY LOAN-TO-VALUE RATIOS AT ORIGINATION"
MATRIX_TITLE = "DISTRIBUTION BY FICO SCORES AND LOAN-TO-VALUE RATIOS AT ORIGINATION"


def _passed_but_for_the_balances(deal) -> bool:
    """Every check run passed, and the two that want the LTV table's balances (a table redrawn without them) are
    said not run: the matrix's LTV columns against its rows, and the balance above 80% LTV."""
    wanting = {(ABOVE_80_LTV.name, LTV_TITLE), (MATRIX_IS_THE_TABLE.compares, MATRIX_TITLE)}
    return all(c.passed for c in deal.checks) and {(n.name, n.subject) for n in deal.not_run} == wanting


@pytest.mark.parametrize("headings", [("Avg.", "Balance"), ("Mean Principal", "Balance"), ("WA Current", "Balance")])
def test_a_column_of_the_average_loan_abbreviated_is_no_balance(headings):
    # "Number of Loans   Avg. Balance   % of Pool": the averages were read as each row's balance ($505,960 the
    # Total's), so every table's rows and Total failed their checks, California showed $505,831 of balance, and the
    # matrix's columns failed against the LTV table: "Average" was known for an average, "Avg." not.
    deal = read_text(_redrawn([_LOANS, _average(headings), _SHARE]), "cmsi-2004-3.txt")
    assert [[(r.label, r.count) for r in t.rows] for t in deal.tables] == [
        [(r.label, r.count) for r in t.rows] for t in SAMPLE.tables
    ]
    assert all(r.balance is None for t in deal.tables for r in t.rows) and all(
        t.total.balance is None for t in deal.tables
    )
    california = next(r for r in deal.tables[-1].rows if r.label == "California")
    assert california.share == 47.91  # the share the filing states, kept where it states no balance
    assert all(any("reads as the rows' balances: not shown" in w for w in t.warnings) for t in deal.tables)
    assert _passed_but_for_the_balances(deal)  # (were "all passed", the two checks left out unsaid)


# --- the FICO x LTV matrix in dollars --------------------------------------------------------------------------------

_MATRIX = TERM_SHEET[TERM_SHEET.index("                         DISTRIBUTION BY FICO SCORES AND") :]
_MATRIX = _MATRIX[: _MATRIX.index("</TABLE>\n") + len("</TABLE>\n")]


def _matrix_in_dollars() -> str:
    """The sample's matrix with each cell the dollars its share is of the pool's balance, as some desks give it."""
    matrix, pool = SAMPLE.matrices[0], SAMPLE.pools[0].aggregate_balance
    lines = _MATRIX.split("\n")
    head = lines[: next(i for i, line in enumerate(lines) if line.startswith("620 and less"))]
    rows = [
        *zip(matrix.row_labels, matrix.cells, matrix.row_totals, strict=True),
        ("", (), None),
        ("Total", matrix.col_totals, matrix.grand_total),
    ]
    ends = [m.end() for m in re.finditer(r"\S+", lines[len(head)])][-len(matrix.col_labels) - 1 :]  # the sample's

    def line(label: str, shares: tuple, total: float | None) -> str:
        figures = [f"${pool * share / 100:,.0f}" for share in (*shares, total)]
        return "".join(f"{f:>{end - start}}" for f, start, end in zip(figures, [14, *ends], ends, strict=False))

    body = [(label.ljust(14) + line(label, shares, total)).rstrip() if label else "" for label, shares, total in rows]
    return "\n".join([*head, *body, "</TABLE>", ""])


def test_a_fico_ltv_matrix_in_dollars_is_no_table_of_each_rows_loans():
    # The matrix with each cell in dollars: its "All loans" column was read as each FICO row's loan count (a
    # Total of 619,800,778 loans, a check failed against the pool's 1,225), its rows' scores as LTVs above the 95%
    # the filing allows ("700 to 749"), and the matrix lost. It is no table of loans: left out, and said.
    deal = read_text(TERM_SHEET.replace(_MATRIX, _matrix_in_dollars()), "cmsi-2004-3.txt")
    assert deal.matrices == () and [t.title for t in deal.tables] == [t.title for t in SAMPLE.tables]
    assert any(
        w.startswith("the table DISTRIBUTION BY FICO SCORES") and "nor a percent matrix" in w for w in deal.warnings
    )
    assert all(c.passed for c in deal.checks) and not any("LTV above 95%" in w for w in deal.warnings)


# --- each table's title set under it, not over it ----------------------------------------------------------------------


def _titles_under_their_tables() -> str:
    """The term sheet with each table's title (its lines down to the blank line under them) moved under its table."""
    text, end = TERM_SHEET, 0
    for table in SAMPLE.tables:
        start = text.rindex("\n", 0, text.index(" ".join(table.title.split()[:3]), end)) + 1
        title_end = text.index("\n\n", start) + 2
        end = text.index("=\n", text.index("\nTotal", start)) + 2
        title = text[start:title_end]
        text = text[:start] + text[title_end:end] + "\n" + title + text[end:]
    return text


def test_a_title_set_under_its_table_is_never_another_tables_title_unsaid():
    # Each title under its own table: every table took the title over it, the one of the table above, with nothing
    # said; the states were shown as the LTV table, the note rates as the loan sizes. Which title is whose cannot
    # be told by the layout alone; a title naming one kind of table over labels headed as another is doubted.
    deal = read_text(_titles_under_their_tables(), "cmsi-2004-3.txt")
    own = {t.title: [(r.label, r.count, r.balance) for r in t.rows] for t in SAMPLE.tables}
    misnamed = [
        t for t in deal.tables if t.title in own and [(r.label, r.count, r.balance) for r in t.rows] != own[t.title]
    ]
    assert [(t.title.split()[0], t.label_header) for t in misnamed] == [
        ("YEARS", "Type of Dwelling Unit"),
        ("NUMBER", "Outstanding Principal Balance by Loan Size"),
        ("SIZE", "Mortgage Loan Note Rate"),
        ("DISTRIBUTION", "Loan-To-Value Ratio"),
        ("DISTRIBUTION", "State"),
    ]
    assert all(any("the title may be another table's" in w for w in t.warnings) for t in misnamed)
    assert not any("the title may be another table's" in w for t in SAMPLE.tables for w in t.warnings)
    # each is the kind its labels' heading names: the states give California's share, the LTV table its checks
    states = [[(r.label, r.count, r.balance) for r in geography.state_table(d, "all").rows] for d in (deal, SAMPLE)]
    assert states[0] == states[1]
    assert len(deal.checks) == len(SAMPLE.checks) and all(c.passed for c in deal.checks)


# --- the Total line over the rows ------------------------------------------------------------------------------------

_BALANCE = (("Aggregate Principal", "Balance"), lambda count, balance, pool: f"${balance:,.0f}")


def test_a_total_line_set_over_the_rows_under_the_headings_is_the_tables_total():
    # "Total  1,225  $619,800,778" right under the column rule, the rows below it: the Total was taken for the end
    # of rows there were none of, and every table was left out ("the parser finds no rows above its Total line").
    deal = read_text(_redrawn([_LOANS, _BALANCE], total_first=True), "cmsi-2004-3.txt")
    assert_tables_as_the_sample(deal, SAMPLE)
    assert deal.warnings == SAMPLE.warnings and deal.missing == SAMPLE.missing
    years = deal.tables[0]
    lines = _redrawn([_LOANS, _BALANCE], total_first=True).split("\n")
    assert lines[years.total.source_lines[0] - 1].startswith("Total")  # the total cites its own line
    assert years.footnotes == () and deal.tables[1].footnotes == SAMPLE.tables[1].footnotes


# --- the balances at origination alone ----------------------------------------------------------------------------------


def test_a_column_of_the_balances_at_origination_alone_is_not_shown_as_the_balance():
    # "Number of Loans   Aggregate Original Principal Balance", the only balances: read as the balance at the
    # cut-off date, every table's Total ($627,424,328, the loans' balance 1.23% higher at origination) failed against
    # the pool's, and every share of the balance was of another figure. Beside the balance now it was set aside.
    original = (("Aggregate Original", "Principal Balance"), lambda count, balance, pool: f"${balance * 1.0123:,.0f}")
    deal = read_text(_redrawn([_LOANS, original]), "cmsi-2004-3.txt")
    assert [[(r.label, r.count, r.balance) for r in t.rows] for t in deal.tables] == [
        [(r.label, r.count, None) for r in t.rows] for t in SAMPLE.tables
    ]
    said = (
        "the column 'Aggregate Original Principal Balance' gives the balances at origination, not at the cut-off date"
    )
    assert all(any(said in w for w in t.warnings) for t in deal.tables)
    assert _passed_but_for_the_balances(deal)  # (were "all passed", the two checks left out unsaid)
    beside = read_text(_redrawn([_LOANS, original, _BALANCE]), "cmsi-2004-3.txt")  # the balance now beside it
    assert_tables_as_the_sample(beside, SAMPLE)


# --- each row's share written as a fraction of one ----------------------------------------------------------------------

_FRACTION = (("Fraction", "of Pool"), lambda count, balance, pool: f"{balance / pool:.4f}")


def test_shares_written_as_fractions_of_one_are_the_rows_shares():
    # "Number of Loans   Fraction of Pool" (0.4791 for California): no heading read as a share, so a table giving no
    # balances lost its only figure of them ("balances: not shown"), the fractions dropped with nothing said.
    deal = read_text(_redrawn([_LOANS, _FRACTION]), "cmsi-2004-3.txt")
    shares = {r.label: r.share for r in deal.tables[-1].rows}
    assert (shares["California"], shares["New York"], shares["Alabama"]) == (47.91, 12.26, 0.40)
    assert all(t.total.share == 100 for t in deal.tables)
    said = "the column 'Fraction of Pool' gives each row's share as a fraction of one: read as a percent"
    assert all(said in t.warnings for t in deal.tables)
    assert _passed_but_for_the_balances(deal)  # (were "all passed", the two checks left out unsaid)
    # beside the balances, a fraction that is not the row's balance over the Total's is doubted, as a percent is
    beside = _redrawn([_LOANS, _BALANCE, _FRACTION]).replace("0.4791", "0.5791")
    california = next(r for r in read_text(beside, "cmsi-2004-3.txt").tables[-1].rows if r.label == "California")
    assert california.balance == 296_923_131 and any("57.91" in w for w in california.warnings)


# --- a column or a row of averages in the FICO x LTV matrix ------------------------------------------------------------

_WA_LTV = (61.20, 60.10, 63.40, 64.90, 65.00, 58.80, 64.50)  # each FICO row's, then the Total line's


def _with_an_average_column() -> str:
    """The sample's matrix with a "WA LTV" column of each row's weighted average LTV after its "All loans"."""
    lines, rows = _MATRIX.split("\n"), iter(_WA_LTV)
    for i, line in enumerate(lines):
        if line.strip().startswith("and below"):
            lines[i] = f"{line}{'WA LTV':>15}"
        elif line.lstrip().startswith("---------  "):
            lines[i] = f"{line}{'------':>15}"
        elif line[:3].isdigit() or line.startswith("Total"):
            lines[i] = f"{line}{next(rows):>14.2f}" + ("%" if "%" in line else "")
    return "\n".join(lines)


def _with_an_average_row() -> str:
    """The sample's matrix with a "WA FICO" row of each LTV column's weighted average score over its Total line."""
    scores = "".join(f"{s:>14}" for s in (712, 715, 720, 690, 700, 705, 714))
    return _MATRIX.replace("\n\n\nTotal", f"\nWA FICO     {scores}\n\nTotal")


@pytest.mark.parametrize("redrawn", [_with_an_average_column, _with_an_average_row], ids=["WA LTV", "WA FICO"])
def test_an_average_beside_the_matrixs_shares_is_no_bucket_of_it(redrawn):
    # "WA LTV" after "All loans", or a "WA FICO" row over the Total: read as one more LTV bucket (61.20% of the pool
    # "in" it) or FICO bucket (712%), every row or column it stood in failed to add up, the verdict failed on a
    # filing that agrees with itself, and the share of the pool below a FICO of 700 was lost. Left out, said.
    text = redrawn()
    assert text != _MATRIX
    deal = read_text(TERM_SHEET.replace(_MATRIX, text), "cmsi-2004-3.txt")
    assert matrices_read(deal) == matrices_read(SAMPLE)
    assert len(deal.checks) == len(SAMPLE.checks) and deal.checks_passed
    (said,) = deal.matrices[0].warnings
    assert said.endswith(": an average, not a share of the pool; not read") and "WA " in said


# --- a footnote's letter after a state's name ------------------------------------------------------------------------

_CALIFORNIA = "\nCalifornia                          587"


@pytest.mark.parametrize("written", ["California(a)", "California (b)", "CA (1)"])
def test_a_states_name_with_a_footnotes_letter_after_it_is_that_state(written):
    # "California(a)" over a note "(a) Includes ...": the letter was read as a word of the name, no state, so
    # California's share and the top 5 states were "in the filing but not read", and a row said to name no state.
    note = "(a) Includes 41 mortgage loans secured by properties in the San Francisco Bay area."
    assert TERM_SHEET.count(_CALIFORNIA) == 1
    text = TERM_SHEET.replace(_CALIFORNIA, "\n" + written.ljust(36) + "587")
    end = text.index("============\n", text.index("\nWashington   ")) + len("============\n")  # the state table's
    text = text[:end] + note + "\n" + text[end:]
    deal = read_text(text, "cmsi-2004-3.txt")
    (pool,) = deal.pools
    shares = {
        m.key: m.value(deal, pool) for m in metrics.CATALOGUE if m.key in ("california_share", "top5_states_share")
    }
    assert shares == {m.key: m.value(SAMPLE, SAMPLE.pools[0]) for m in metrics.CATALOGUE if m.key in shares}
    assert shares["california_share"] == pytest.approx(47.906, abs=1e-3)
    assert not any("name no state" in w for w in deal.warnings)


# --- a bucket bounded "less than or equal to" ----------------------------------------------------------------------

_LTV_BOTTOM = "65.00% and below                    534"


@pytest.mark.parametrize("written", ["Less than or equal to 65.00%", "Equal to or less than 65%", "At most 65.00%"])
def test_a_bucket_bounded_less_than_or_equal_to_is_the_samples_bucket(written):
    # "Less than or equal to 65.00%" named no range the parser knew ("<= 65.00%" it did): the matrix's columns were
    # not checked against the LTV table, "its buckets cut otherwise", though they are the same buckets.
    assert TERM_SHEET.count(_LTV_BOTTOM) == 1
    deal = read_text(TERM_SHEET.replace(_LTV_BOTTOM, written.ljust(36) + "534"), "cmsi-2004-3.txt")
    assert deal.not_run == () and len(deal.checks) == len(SAMPLE.checks) and deal.checks_passed
