"""An LTV table cut into other buckets than the FICO x LTV matrix's, or across 80%.

The matrix's LTV totals were checked against the LTV table's shares only where every column's bucket was one of
the table's rows: a table cut finer (the matrix's "65.00% and below" as the table's "60.00% and below" and
"60.001% - 65.000%") had none of its six columns checked, and a table cut coarser had them skipped with no word
that a check the filing calls for did not run. A bucket running across 80% ("75.001% - 85.000%") failed the
check of the stated balance above 80% LTV on a filing printed right. Each test edits the 2004-3 term sheet's
LTV table.
"""

from __future__ import annotations

import re

from reporting.model.check_kinds import ABOVE_80_LTV, MATRIX_IS_THE_TABLE
from reporting.model.deal import Deal
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes
from reporting.samples import TERM_SHEET_2004_3

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
LOWEST = "65.00% and below                    534                         $289,011,601\n"
SEVENTY_FIVE_TO_EIGHTY_FIVE = (
    "75.001% - 80.000%                   362                          173,981,140\n\n"
    "80.001% - 85.000%                     5                            1,203,654\n"
)
LTV_TABLE = "DISTRIBUTION OF MORTGAGE LOANS BY LOAN-TO-VALUE RATIOS AT ORIGINATION"
MATRIX = "DISTRIBUTION BY FICO SCORES AND LOAN-TO-VALUE RATIOS AT ORIGINATION"


def _read(old: str, new: str) -> Deal:
    assert TERM_SHEET.count(old) == 1
    return load_filing(ingest_bytes(TERM_SHEET.replace(old, new).encode(), "cmsi-2004-3.txt"))


def _against_the_table(deal: Deal) -> list[tuple[str, bool, float, float]]:
    return [(c.of, c.passed, c.expected, c.actual) for c in deal.checks if c.kind == "matrix_is_the_ltv_table"]


def test_a_matrix_bucket_the_table_gives_as_two_rows_is_checked_against_their_sum():
    # 289,011,601 of 619,800,778 is 46.6298%: the matrix's 46.63% for "65.00% and below", from the two rows.
    finer = _read(
        LOWEST,
        "60.00% and below                    400                         $200,000,000\n\n"
        "60.001% - 65.000%                   134                           89,011,601\n",
    )
    checked = _against_the_table(finer)
    assert len(checked) == 6 and all(passed for _, passed, _, _ in checked)
    assert checked[0] == ("65.00% and below", True, 46.63, 46.6298)
    assert checked == _against_the_table(load_filing(ingest_bytes(TERM_SHEET.encode(), "cmsi-2004-3.txt")))
    assert finer.all_checks_passed


def test_a_sum_of_rows_that_disagrees_with_the_matrix_fails_the_check():
    # The split rows misprinted so that they still add up to the table's Total but not to the matrix's column:
    # 60.00% and below takes $10,000,000 from 65.001% - 75.000%.
    deal = _read(
        LOWEST + "\n65.001% - 75.000%                   313                          151,439,186\n",
        "60.00% and below                    400                         $210,000,000\n\n"
        "60.001% - 65.000%                   134                           89,011,601\n\n"
        "65.001% - 75.000%                   313                          141,439,186\n",
    )
    failed = [(of, expected, actual) for of, passed, expected, actual in _against_the_table(deal) if not passed]
    assert failed == [("65.00% and below", 46.63, 48.2432), ("65.001%-75.000%", 24.43, 22.8201)]


def test_a_table_cut_coarser_than_the_matrix_is_checked_against_the_sum_of_the_matrix_columns():
    # The table's "75.001% - 85.000%" holds the matrix's two columns 75.001%-80.000% and 80.001%-85.000%:
    # 28.07% + 0.19% = 28.26%, against 175,184,794 of 619,800,778, 28.2647%.
    deal = _read(
        SEVENTY_FIVE_TO_EIGHTY_FIVE, "75.001% - 85.000%                   367                          175,184,794\n"
    )
    checked = _against_the_table(deal)
    assert [(of, passed) for of, passed, _, _ in checked] == [
        ("65.00% and below", True),
        ("65.001%-75.000%", True),
        ("75.001%-80.000% through 80.001%-85.000%", True),
        ("85.001%-90.000%", True),
        ("90.001%-95.000%", True),
    ]
    assert checked[2][2:] == (28.26, 28.2647)
    (run,) = [c for c in deal.checks if c.of == "75.001%-80.000% through 80.001%-85.000%"]
    assert run.name == "matrix column '75.001%-80.000% through 80.001%-85.000%' equals the LTV table's share"


def test_a_table_cut_where_the_matrix_is_not_says_the_check_could_not_run_and_why():
    # Cut at 70% where the matrix cuts at 65% and 75%: no run of columns short of all six covers the loans of a
    # run of rows (all against all is 100% against 100%, no check).
    rows = TERM_SHEET[TERM_SHEET.index(LOWEST) : TERM_SHEET.index("\n\n\nTotal", TERM_SHEET.index(LOWEST))]
    deal = _read(
        rows,
        "70.00% and below                    700                         $350,000,000\n\n"
        "70.001% - 95.000%                   525                          269,800,778",
    )
    assert _against_the_table(deal) == []
    assert not deal.all_checks_passed and deal.verdict.value == "reconciled"  # none failed; two did not run
    assert deal.checks_sentence.endswith(
        "2 could not run: the LTV table's rows do not make up the FICO x LTV matrix's LTV buckets, nor the loans "
        "above 80% LTV (a row runs across 80%)"
    )
    assert [n.subject for n in deal.not_run] == [MATRIX, LTV_TABLE]


def test_a_bucket_across_80_percent_leaves_the_balance_above_80_unchecked_not_failed():
    # The stated $5,368,851 above 80% LTV is the rows from 80.001% up; a row "75.001% - 85.000%" holds some of it
    # and some below: the rows above 85% alone ($4,165,197) are no measure of it.
    deal = _read(
        SEVENTY_FIVE_TO_EIGHTY_FIVE, "75.001% - 85.000%                   367                          175,184,794\n"
    )
    assert not [c for c in deal.checks if c.kind == "above_80_ltv"]
    (not_run,) = [
        n for n in deal.not_run if n.name == "LTV table buckets above 80% equal the stated balance above 80% LTV"
    ]
    assert not_run.subject == LTV_TABLE
    assert deal.verdict.value == "reconciled"


def test_a_lowest_bucket_written_from_zero_is_the_matrixs_bucket_and_below():
    # Nothing these tables count is below zero: "0.00% - 65.00%" (or from a hundredth above it) holds the loans of
    # "65.00% and below". Its key was (0, 65) against the matrix's (None, 65): the matrix's check against the table
    # was listed as could not run, "buckets cut otherwise", on buckets that are the same.
    sample = load_filing(ingest_bytes(TERM_SHEET.encode(), "cmsi-2004-3.txt"))
    for lowest in ("0.00% - 65.00%   ", "0.01% - 65.00%   ", "0.000% to 65.000%"):
        deal = _read(LOWEST, LOWEST.replace("65.00% and below ", lowest))
        assert _against_the_table(deal) == _against_the_table(sample)
        assert len(_against_the_table(deal)) == 6
        assert not any(n.key.startswith("buckets_cut_otherwise") for n in deal.not_run)


def _shares_alone(text: str) -> str:
    """The LTV table with each row's share of the balance in place of its balance, as some desks print it."""
    start = text.index("BY LOAN-TO-VALUE RATIOS AT ORIGINATION\n")
    end = text.index("\n<PAGE>", start)
    table = (
        text[start:end]
        .replace("Aggregate Principal", "  Percent of Pool ")
        .replace("Balances Outstanding", "    by Balance      ")
    )

    def share(match: re.Match[str]) -> str:
        balance = float(match[2].replace(",", "").replace("$", ""))
        written = f"{balance / 619_800_778 * 100:.2f}%"
        return f"{match[1]}{written:>{len(match[2])}}" if len(written) <= len(match[2]) else match[0]

    return text[:start] + re.sub(r"(\s{10,})(\$?[\d,]{9,})(?=\n)", share, table) + text[end:]


def test_an_ltv_table_of_shares_alone_says_its_checks_against_balances_could_not_run():
    # Each row's share and no balance: the matrix's LTV columns against the table, and the balance stated above 80%
    # LTV against its rows, were left out with nothing said (the report said "all checks passed").
    edited = _shares_alone(TERM_SHEET)
    assert "46.63%" in edited and "$289,011,601" not in edited
    deal = load_filing(ingest_bytes(edited.encode(), "cmsi-2004-3.txt"))
    (table,) = [t for t in deal.tables if t.title == LTV_TABLE]
    assert [r.share for r in table.rows][:2] == [46.63, 24.43] and table.rows[0].balance is None
    assert _against_the_table(deal) == []
    said = {(n.name, n.subject) for n in deal.not_run}
    assert said == {(ABOVE_80_LTV.name, LTV_TABLE), (MATRIX_IS_THE_TABLE.compares, MATRIX)}
    assert deal.not_run_reason == "2 could not run: the LTV table's balance of each row (line 289) is not stated"
    assert not deal.all_checks_passed
