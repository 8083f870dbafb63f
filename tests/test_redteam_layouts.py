"""Tables as other years' printers set them, found misread by a red team: each filing is 2004-3 with
its note-rate table laid out again from the sample's own rows, in text or as an HTML table. The same
figures must come out, or a figure is left out and the report says why beside it; never a figure the
filing does not state."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import pytest
from sample_deals import read_sample

from reporting.model.deal import Deal, StratTable
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
SAMPLE = read_sample(TERM_SHEET, "cmsi-2004-3.txt")
TITLE = "DISTRIBUTION OF MORTGAGE LOANS BY NOTE RATES"
_ROW = re.compile(r"^(\S.*?\S)\s{2,}([\d,]+)\s+\$?\s*([\d,]+)$", re.M)

# A cell of the table: given a row's label, its loan count and its balance (the Total line's label is
# "Total"), the text the filing writes in that column.
Cell = Callable[[str, int, int], str]


def _table_text() -> tuple[int, int]:
    """Where the sample's note-rate table stands: from its title's line to the end of its rule of "="."""
    start = TERM_SHEET.rindex("\n", 0, TERM_SHEET.index(TITLE)) + 1
    return start, TERM_SHEET.index("\n", TERM_SHEET.index("=====", start))


def _rows() -> list[tuple[str, int, int]]:
    """The note-rate table's rows as the sample writes them, its Total line last."""
    start, end = _table_text()
    return [
        (label, int(count.replace(",", "")), int(bal.replace(",", "")))
        for label, count, bal in _ROW.findall(TERM_SHEET[start:end])
    ]


def count(label: str, loans: int, balance: int) -> str:
    return f"{loans:,}"


def dollars(label: str, loans: int, balance: int) -> str:
    return f"${balance:,}"


HEADINGS = {count: ("Number of", "Loans"), dollars: ("Aggregate Principal", "Balance")}


def _in_text(cells: list[Cell], headings: list[tuple[str, str]], total: list[Cell] | None = None) -> str:
    """The sample with its note-rate table laid out again: a column of 22 characters for each cell."""
    *rows, (total_label, *total_figures) = _rows()
    lines = [" " * 18 + TITLE, "", " " * 18 + "".join(f"{top:>22}" for top, _ in headings)]
    lines += ["Note Rate".ljust(18) + "".join(f"{bottom:>22}" for _, bottom in headings)]
    lines += ["-" * 9 + " " * 9 + "".join(f"{'-' * 14:>22}" for _ in headings), ""]
    for label, loans, balance in rows:
        lines += [label.ljust(18) + "".join(f"{cell(label, loans, balance):>22}" for cell in cells), ""]
    figures = "".join(f"{cell(total_label, *total_figures):>22}" for cell in total or cells)
    lines += ["", total_label.ljust(18) + figures, " " * 18 + "".join(f"{'=' * 10:>22}" for _ in headings)]
    start, end = _table_text()
    return TERM_SHEET[:start] + "\n".join(lines) + TERM_SHEET[end:]


def _in_html(cells: list[Cell], headings: list[tuple[str, str]], total: list[Cell] | None = None) -> str:
    """The sample as an HTML page: its note-rate table an HTML table, the rest of its text in <pre>."""
    *rows, (total_label, *total_figures) = _rows()

    def row(texts: list[str], tag: str = "td") -> str:
        return "<tr>" + "".join(f"<{tag}>{html.escape(text)}</{tag}>" for text in texts) + "</tr>"

    table = [f"<p align=center><b>{TITLE}</b></p>", "<table>", row(["Note Rate", *map(" ".join, headings)], "th")]
    table += [row([label, *(cell(label, loans, balance) for cell in cells)]) for label, loans, balance in rows]
    table += [row([total_label, *(cell(total_label, *total_figures) for cell in total or cells)]), "</table>"]
    start, end = _table_text()
    before, after = html.escape(TERM_SHEET[:start]), html.escape(TERM_SHEET[end:])
    return f"<html><body><pre>{before}</pre>\n" + "\n".join(table) + f"\n<pre>{after}</pre></body></html>"


def _read(text: str, suffix: str) -> Deal:
    return load_filing(ingest_bytes(text.encode(), f"cmsi-2004-3-redteam.{suffix}"))


def _rates(deal: Deal) -> StratTable:
    (table,) = [t for t in deal.tables if t.title == TITLE]
    return table


LAYOUTS = {"text": (_in_text, "txt"), "html": (_in_html, "htm")}
SAMPLE_RATES = _rates(SAMPLE)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dash", ["--", "-", "\u2014"])
def test_a_balance_written_as_a_dash_beside_loans_counted_is_not_read_as_a_zero(layout, dash):
    # "6.501% - 7.000%     8     --": the balance was shown as $0 beside 8 loans, with nothing beside the
    # row; only the table's check failed. A dash stands for a zero where the row has no loans at all.
    def balance(label: str, loans: int, written: int) -> str:
        return dash if label.startswith("6.501%") else f"${written:,}"

    lay_out, suffix = LAYOUTS[layout]
    deal = _read(lay_out([count, balance], [HEADINGS[count], HEADINGS[dollars]]), suffix)
    row = _rates(deal).rows[3]
    assert (row.label, row.count, row.balance) == ("6.501% - 7.000%", 8, None)
    assert row.warnings == (
        f"the filing writes the balance of this row as {dash!r} beside a loan count of 8: a dash there is no zero;"
        " not read",
    )
    assert [(r.count, r.balance) for r in _rates(deal).rows if r is not row] == [
        (r.count, r.balance) for r in SAMPLE_RATES.rows if r.label != row.label
    ]
    assert all(check.passed for check in deal.checks)  # the row's balance is not added as $0
    assert any("the balance of the row '6.501% - 7.000%'" in key for n in deal.not_run for key in n.needs)


def test_a_loan_count_written_as_a_dash_beside_a_balance_is_not_read_as_a_zero():
    # The same for a count; while a row of dashes alone (the sample's "$1,000,000 and over  0  0" written
    # "-  -") has no loans and no balance, and no doubt.
    def loans(label: str, written: int, balance: int) -> str:
        return "--" if label.startswith("7.001%") else f"{written:,}"

    text = _in_text([loans, dollars], [HEADINGS[count], HEADINGS[dollars]])
    none = "$1,000,000 and over                   0                                    0"
    assert text.count(none) == 1
    deal = _read(text.replace(none, none[:-40] + none[-40:].replace("0", "-")), "txt")
    row = _rates(deal).rows[4]
    assert (row.count, row.balance) == (None, 902_341)
    assert row.warnings == (
        "the filing writes the loan count of this row as '--' beside a balance of $902,341: a dash there is no"
        " zero; not read",
    )
    largest = deal.tables[3].rows[-1]
    assert (largest.label, largest.count, largest.balance, largest.warnings) == ("$1,000,000 and over", 0, 0.0, ())


def _blank(label: str, loans: int, balance: int) -> str:
    return ""


def _coupon(label: str, loans: int, balance: int) -> str:
    """A weighted average coupon for each row, as some printers add (a figure no check reads)."""
    return f"{5.25 + 0.25 * loans / 1225:.3f}%"


def _share(label: str, loans: int, balance: int) -> str:
    return f"{balance / 619_800_778 * 100:.2f}%"


COUPON, SHARE = ("Weighted Avg", "Coupon"), ("% of", "Pool")
BLANK_TOTALS = {
    # "Total                         $619,800,778": read with the Total line's one figure, each row's count
    # went into its label ("5.250% - 5.500%   96") and the counts were shown as not stated.
    "count": ([count, dollars], [HEADINGS[count], HEADINGS[dollars]], [_blank, dollars], "Number of Loans"),
    # No coupon on the Total line: its count and balance were read as the balance and the coupon, a Total of
    # $1,225; the same for a share column whose Total is left blank.
    "coupon": (
        [count, dollars, _coupon],
        [*HEADINGS.values(), COUPON],
        [count, dollars, _blank],
        "Weighted Avg Coupon",
    ),
    "share": ([count, dollars, _share], [*HEADINGS.values(), SHARE], [count, dollars, _blank], "% of Pool"),
    "share between": (
        [count, _share, dollars],
        [HEADINGS[count], SHARE, HEADINGS[dollars]],
        [count, _blank, dollars],
        "% of Pool",
    ),
}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("left_blank", BLANK_TOTALS)
def test_a_total_line_leaving_a_column_blank_keeps_each_rows_figures(left_blank, layout):
    cells, headings, total, heading = BLANK_TOTALS[left_blank]
    lay_out, suffix = LAYOUTS[layout]
    deal = _read(lay_out(cells, headings, total=total), suffix)
    rates = _rates(deal)
    assert [(r.label, r.count, r.balance) for r in rates.rows] == [
        (r.label, r.count, r.balance) for r in SAMPLE_RATES.rows
    ]
    loans = None if left_blank == "count" else 1225
    assert (rates.label_header, rates.total.count, rates.total.balance) == ("Note Rate", loans, 619_800_778)
    assert rates.warnings == (
        f"its Total line leaves a column blank ({heading!r}): that column's rows are not checked against a total",
    )
    assert all(check.passed for check in deal.checks)
    assert all(r.warnings == () for r in rates.rows)
    # a count left blank is not stated, never "could not be read"
    wanted = [key.split(":", 2)[2] for n in deal.not_run for key in n.needs if key.startswith("table_figure:")]
    assert wanted == (["unstated:the loan count of its Total line"] if left_blank == "count" else [])


def _spaced(label: str, loans: int, balance: int) -> str:
    return f"{balance:,}".replace(",", " ")


def _spaced_count(label: str, loans: int, balance: int) -> str:
    return f"{loans:,}".replace(",", " ")


@pytest.mark.parametrize("space", [" ", "\u00a0", "&#8201;"], ids=["space", "no-break space", "thin space"])
def test_figures_grouped_by_spaces_in_html_cells_are_each_one_figure(space):
    # A printer's "51 171 037" in a cell: read as the figures "51", "171", "037" of a row of 4, the table
    # showed 51 loans with a balance of $37 and 619 loans in all.
    page = _in_html([_spaced_count, _spaced], [HEADINGS[count], HEADINGS[dollars]])
    page = re.sub(r"(?<=\d) (?=\d{3}<)|(?<=\d) (?=\d{3} \d{3}<)", space, page)
    assert "<td>51" + space + "171" + space + "037</td>" in page
    rates = _rates(_read(page, "htm"))
    assert [(r.label, r.count, r.balance) for r in rates.rows] == [
        (r.label, r.count, r.balance) for r in SAMPLE_RATES.rows
    ]
    assert (rates.total.count, rates.total.balance, rates.warnings) == (1225, 619_800_778, ())


def test_figures_grouped_by_spaces_on_text_lines_are_left_out_and_said_never_misread():
    # "7.001% - 7.250%     1     902 341": on a text line a space between digits may part two figures or
    # group one. Read, the rows were "$51", "$481" and the Total "$619" of 225 loans.
    deal = _read(_in_text([_spaced_count, _spaced], [HEADINGS[count], HEADINGS[dollars]]), "txt")
    assert [t.title for t in deal.tables] == [t.title for t in SAMPLE.tables if t.title != TITLE]
    assert any(
        w.startswith(f"the table {TITLE} (lines ")
        and w.endswith(
            "its figures are grouped by spaces ('619 800 778'), so which digits make one figure is not certain;"
            " left out, not misread"
        )
        for w in deal.warnings
    )
    assert any(n.table_not_read and n.table_not_read[1] == TITLE for n in deal.not_run)
    assert all(check.passed for check in deal.checks)


@pytest.mark.parametrize("heading", [("% of", "Pool"), ("Percent of", "Mortgage Pool"), ("Pct. of", "Aggregate")])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_share_of_the_pool_is_checked_against_the_rows_balance(heading, layout):
    # "% of Pool" beside the balances: a row's share misprinted "7.65" beside a balance that is 77.65% of the
    # Total's went unsaid (the column was not taken for a share of the balance), while the report showed 77.65%.
    def share(label: str, loans: int, balance: int) -> str:
        written = f"{balance / 619_800_778 * 100:.2f}"
        return written[1:] if label.startswith("5.501%") else written

    lay_out, suffix = LAYOUTS[layout]
    deal = _read(lay_out([count, dollars, share], [HEADINGS[count], HEADINGS[dollars], heading]), suffix)
    rates = _rates(deal)
    assert [(r.count, r.balance) for r in rates.rows] == [(r.count, r.balance) for r in SAMPLE_RATES.rows]
    assert [r.warnings for r in rates.rows] == [
        (),
        (
            "the filing gives this row as 7.65% of the balance, but its balance is 77.65% of the Total line's: one of"
            " them is misread, or misprinted",
        ),
        (),
        (),
        (),
    ]


DETAILED = DETAILED_2004_8.read_text(encoding="utf-8")


@pytest.mark.parametrize("written", ["N/A", "n/a", "--", "\u2014"])
def test_n_a_in_a_list_of_the_pools_figures_leaves_that_pool_alone_unread(written):
    # "6.132%, N/A, 5.716% and 5.962%, respectively" (or "--" for N/A): the list was taken for 1 value for 4
    # subjects, and the WAC of every pool and of the deal was lost.
    wacs = "2004 were 6.132%, 5.486%, 5.716% and 5.962%"
    assert DETAILED.count(wacs) == 1
    deal = load_filing(ingest_bytes(DETAILED.replace(wacs, wacs.replace("5.486%", written)).encode(), "d.txt"))
    assert {pool.name: pool.wac for pool in deal.pools} == {"I": 6.132, "II": None, "III": 5.716, "all": 5.962}
    assert deal.missing == ("pool II wac",)
    assert f"Pool II wac: the filing writes it as {written!r}, which is not read as a figure" in deal.warnings


def _one_more_loan(label: str, loans: int, balance: int) -> str:
    """The count column with one loan too many in its first row (a misprint, or a row's count misread)."""
    return f"{loans + 1 if label.startswith('5.250%') else loans:,}"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_total_leaving_the_count_blank_has_its_rows_counts_checked_against_the_pools(layout):
    """The rows' counts, with no Total count to add up to, answer to the pool's 1,225 as a table with no Total's do."""
    lay_out, suffix = LAYOUTS[layout]
    name = "table rows add up to the pool's loan count"

    def check(cells: list[Cell]):
        deal = _read(lay_out(cells, [HEADINGS[count], HEADINGS[dollars]], total=[_blank, dollars]), suffix)
        (found,) = [c for c in deal.checks if c.name == name and c.subject == TITLE]
        return found

    right = check([count, dollars])
    assert (right.passed, right.expected, right.actual) == (True, 1225, 1225)
    wrong = check([_one_more_loan, dollars])
    assert (wrong.passed, wrong.expected, wrong.actual) == (False, 1225, 1226)
