"""Filings in other years' wording and layout, found misread by a red team after the defects in
test_redteam_years.py and test_redteam_layouts.py were fixed: each is a sample edited in the test to read as
other filings write it. The sample's figures must come out, or the figure is left out with a doubt beside it
that says why; never a figure the filing does not state, nor a doubt about one it states plainly.
"""

from __future__ import annotations

import re
from html import escape

import pytest
from sample_deals import read_sample

from reporting.derive.summary import summarise
from reporting.model.deal import Deal
from reporting.pipeline import load_filing
from reporting.present.summary_page import render_html
from reporting.read.ingest import ingest_bytes
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
SAMPLE = read_sample(TERM_SHEET, "cmsi-2004-3.txt")
DETAILED = DETAILED_2004_8.read_text(encoding="utf-8")
DETAILED_SAMPLE = read_sample(DETAILED, "cmsi-2004-8.txt")


def _read(text: str, name: str = "cmsi-2004-3-rest.txt") -> Deal:
    return load_filing(ingest_bytes(text.encode(), name))


def _replaced(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _checks(deal: Deal) -> list[tuple[str, bool]]:
    return [(c.name, c.passed) for c in deal.checks]


# --- the premium/discount threshold written as a fraction ---------------------------------------------

PREMIUM = "net loan rates greater\nthan or equal to 5.250%."
DISCOUNT = "net\nloan rates less than 5.250%."


@pytest.mark.parametrize("written, rate, shown", [("5 1/4%", 5.25, "5.25%"), ("5-1/8%", 5.125, "5.125%")])
def test_a_threshold_written_as_a_fraction_is_read_and_shown_as_written(written, rate, shown):
    # "net loan rates less than 5 1/4%": the threshold was lost, nothing said.
    text = _replaced(TERM_SHEET, PREMIUM, PREMIUM.replace("5.250%", written))
    deal = _read(_replaced(text, DISCOUNT, DISCOUNT.replace("5.250%", written)))
    split = deal.whole_deal.premium_discount
    assert split is not None and split.threshold_net_rate == rate and deal.warnings == ()
    assert _checks(deal) == _checks(SAMPLE)
    html = render_html(summarise(deal), {})
    composition = html.split("Net-rate threshold", 1)[1].split("</table>", 1)[0]
    assert re.findall(r"<td class=\"num\">(\d+\.\d+%)</td>", composition)[:1] == [shown]


def test_a_threshold_written_as_a_fraction_no_rate_is_written_in_is_said():
    text = _replaced(TERM_SHEET, PREMIUM, PREMIUM.replace("5.250%", "5 1/5%"))
    deal = _read(_replaced(text, DISCOUNT, DISCOUNT.replace("5.250%", "5 1/5%")))
    split = deal.whole_deal.premium_discount
    assert split is None or split.threshold_net_rate is None
    assert "All loans threshold: the filing writes it as '5 1/5%', which is not read as a figure" in deal.warnings


# --- a running total carried over a page break -------------------------------------------------------

STATES = "GEOGRAPHIC DISTRIBUTION OF MORTGAGED PROPERTIES BY STATE"
HEADINGS = [
    "                                  Number of                 Aggregate Principal",
    "State                             Loans                    Balances Outstanding",
    "-----                             --------                 --------------------",
]


def _carried_over_a_page_after(state: str, carried: str | None, brought: str | None) -> tuple[str, list[str]]:
    """The term sheet with its state table broken over a page after ``state``'s row: the running total of the
    rows above written under them as ``carried``, and over the rows below, under the headings again, as
    ``brought`` (either may be left out); and the lines written so."""
    sample = next(t for t in SAMPLE.tables if t.title == STATES)
    above = sample.rows[: [r.label for r in sample.rows].index(state) + 1]
    loans, balance = sum(r.count for r in above), sum(r.balance for r in above)
    carried_line = carried and f"{carried:<34}{loans:>5}{f'{balance:,.0f}':>37}"
    brought_line = brought and f"{brought:<34}{loans:>5}{f'{balance:,.0f}':>37}"
    lines = TERM_SHEET.split("\n")
    at = next(i for i, text in enumerate(lines) if text.startswith(f"{state} ")) + 1
    foot = ["", carried_line] if carried_line else []
    top = [brought_line, ""] if brought_line else []
    text = "\n".join([*lines[:at], *foot, "", "<PAGE>", "", *HEADINGS, "", *top, *lines[at:]])
    return text, [line for line in (carried_line, brought_line) if line]


@pytest.mark.parametrize(
    "carried, brought",
    [
        ("Carried forward", "Brought forward"),
        ("Balance carried forward", None),
        (None, "Balance brought forward"),
        ("Total carried over", "Total brought over"),
    ],
)
def test_a_total_carried_over_a_page_is_no_row_of_the_table(carried, brought):
    # "Carried forward    689    346,519,480" under Florida, "Brought forward ..." over the next page's rows: each
    # read as a row naming no state, the table 689 loans too many, its checks failed.
    text, written = _carried_over_a_page_after("Florida", carried, brought)
    deal = _read(text)
    states = next(t for t in deal.tables if t.title == STATES)
    sample = next(t for t in SAMPLE.tables if t.title == STATES)
    assert [(r.label, r.count, r.balance) for r in states.rows] == [(r.label, r.count, r.balance) for r in sample.rows]
    assert states.warnings == tuple(
        f"the line {' '.join(line.split())!r} is a subtotal of the rows above it: not read as a row" for line in written
    )
    assert _checks(deal) == _checks(SAMPLE)


# --- a footnote's mark in brackets on a row's label ---------------------------------------------------

RATES = "DISTRIBUTION OF MORTGAGE LOANS BY NOTE RATES"
DWELLINGS = "TYPES OF DWELLINGS SUBJECT TO MORTGAGE LOANS"
RATES_FOOT = "$619,800,778\n                                  =====                         ============\n\n\n"
DWELLINGS_NOTE = "*   Multi-family dwellings are 2-family, 3-family and 4-family.\n"


def _marked_labels(rate_mark: str, dwelling_mark: str) -> str:
    text = _replaced(
        TERM_SHEET,
        "7.001% - 7.250%                       1 ",
        f"{f'7.001% - 7.250%{rate_mark}':<38}1 ",
    )
    text = _replaced(text, "Townhouses                           25", f"{f'Townhouses{dwelling_mark}':<37}25")
    foot = text.index(RATES_FOOT, text.index("7.001% - 7.250%")) + len(RATES_FOOT) - 2
    text = text[:foot] + f"{rate_mark.strip()} One loan bears 7.250%.\n" + text[foot:]
    return _replaced(text, DWELLINGS_NOTE, DWELLINGS_NOTE + f"{dwelling_mark} Row houses.\n")


@pytest.mark.parametrize("rate_mark, dwelling_mark", [("(1)", "(2)"), (" (a)", "(b)")])
def test_a_bracketed_mark_on_a_label_is_its_footnotes_and_the_label_its_bucket(rate_mark, dwelling_mark):
    # "7.001% - 7.250%(1)": the bucket read as no range; "Townhouses(2)" no bucket the sample's lines up with.
    from reporting.derive.diff import build_diff
    from reporting.model.bucket_labels import normalise_label, parse_interval

    deal = _read(_marked_labels(rate_mark, dwelling_mark))
    for title, mark, label in ((RATES, rate_mark, "7.001% - 7.250%"), (DWELLINGS, dwelling_mark, "Townhouses")):
        table = next(t for t in deal.tables if t.title == title)
        sample = next(t for t in SAMPLE.tables if t.title == title)
        assert f"{label}{mark}" in [r.label for r in table.rows]  # the mark ties the row to its footnote
        assert f"{mark.strip()} " in "\n".join(table.footnotes) and table.warnings == ()
        assert [parse_interval(r.label) for r in table.rows] == [parse_interval(r.label) for r in sample.rows]
        assert [normalise_label(r.label) for r in table.rows] == [normalise_label(r.label) for r in sample.rows]
    assert parse_interval(f"7.001% - 7.250%{rate_mark}") == (7.001, 7.25)
    assert _checks(deal) == _checks(SAMPLE)
    lined_up = {t.title: t for t in build_diff(SAMPLE, deal).tables}
    for title in (RATES, DWELLINGS):  # each bucket the sample's, on both sides
        assert lined_up[title].alignment == "matched"
        assert {r.presence for r in lined_up[title].rows} == {"both"}


# --- a lone summary line under a table ----------------------------------------------------------------

WAC = "The\nweighted average interest rate on the mortgage loans (before deduction of the\nservicing fee) as of May 1, 2004 was 5.843%."
UNDER_THE_RATES = (
    "============\n\n\n                         DISTRIBUTION OF MORTGAGE LOANS\n                     BY LOAN-TO-VALUE"
)


def _under_the_rates(line: str) -> Deal:
    """The term sheet without its WAC's sentence, and ``line`` as a paragraph of its own under its rates' table."""
    text = _replaced(TERM_SHEET, WAC, "")
    return _read(_replaced(text, UNDER_THE_RATES, UNDER_THE_RATES.replace("\n\n\n", f"\n\n{line}\n\n", 1)))


@pytest.mark.parametrize("line", ["Weighted Average Note Rate: 5.843%", "Weighted Average Note Rate ........ 5.843%"])
def test_a_lone_summary_line_under_a_table_is_read_with_no_doubt(line):
    # "Weighted Average Note Rate: 5.843%" alone under the table: read, but "read from a sentence that breaks off
    # without its end", a doubt the filing gives no cause for.
    deal = _under_the_rates(line)
    assert deal.whole_deal.wac == 5.843 and deal.warnings == ()
    assert _checks(deal) == _checks(SAMPLE)


def test_a_lone_sentence_that_breaks_off_is_still_doubted():
    deal = _under_the_rates("The weighted average interest rate on the mortgage loans was 5.843%")
    assert deal.whole_deal.wac == 5.843
    assert deal.warnings == ("All loans wac: read from a sentence that breaks off without its end",)


# --- a term written as a fraction of a month ----------------------------------------------------------

WAM = "357.95\nmonths."
GROUPS_WAMS = "357.93 months and 359.36 months"  # the premium and the discount loans'


@pytest.mark.parametrize("written", ["357 3/4", "357-3/4", "357\u00be"])
def test_a_wam_written_as_a_fraction_of_a_month_is_read(written):
    # "357 3/4 months": not read, and said to be "stated only for other loans" (the premium and discount loans').
    # The premium loans' WAM is edited to agree with 357.75, as the sample's agrees with 357.95.
    text = _replaced(TERM_SHEET, GROUPS_WAMS, GROUPS_WAMS.replace("357.93", "357.73"))
    deal = _read(_replaced(text, WAM, WAM.replace("357.95", written)))
    assert deal.whole_deal.wam_months == 357.75
    assert deal.warnings == () and deal.missing == SAMPLE.missing
    assert _checks(deal) == _checks(SAMPLE)


def test_a_fraction_of_a_month_no_figure_is_written_in_says_so():
    deal = _read(_replaced(TERM_SHEET, WAM, WAM.replace("357.95", "357 1/3")))
    assert deal.whole_deal.wam_months is None
    assert deal.warnings == (
        "All loans wam_months: the filing writes it as '357 1/3 months', which is not read as a figure",
    )


# --- several pools' ranges, then their weighted averages, respectively --------------------------------

POOLS = "the pool I mortgage loans, the pool II mortgage loans, the pool III mortgage loans"
STATED_BY_POOL = {
    "wa_ltv": "The weighted average loan-to-value ratios\nat origination of the pool I mortgage loans, the pool II mortgage"
    " loans, the\npool III mortgage loans and all mortgage loans as of October 1, 2004 were 67.6%,\n58.2%, 70.2% and"
    " 66.5%, respectively.",
    "wac": "The weighted average interest rates of the\npool I mortgage loans, the pool II mortgage loans, the pool III"
    " mortgage loans\nand all mortgage loans (before deduction of the servicing fee) as of October 1,\n2004 were 6.132%,"
    " 5.486%, 5.716% and 5.962%, respectively.",
    "wam_months": "The weighted average\nremaining terms to stated maturity of the pool I mortgage loans, the pool II\n"
    "mortgage loans, the pool III mortgage loans and all mortgage loans as of October\n1, 2004 were 358.20 months,"
    " 176.90 months, 358.39 months and 329.60 months,\nrespectively.",
}
RANGED = {
    "wa_ltv": "The loan-to-value ratios at origination of {pools} ranged\nfrom 12.5% to 95%, with weighted averages of {averages},"
    " respectively.",
    "wac": "The interest rates of {pools} (before deduction of the servicing\nfee) ranged from 4.500% to 7.250%, with"
    " weighted averages of {averages}, respectively.",
    "wam_months": "The remaining terms to stated maturity of {pools} ranged from 170 months\nto 360 months, with"
    " weighted averages of {averages}, respectively.",
}
AVERAGES = {
    "wa_ltv": ("67.6%", "58.2%", "70.2%", "66.5%"),
    "wac": ("6.132%", "5.486%", "5.716%", "5.962%"),
    "wam_months": ("358.20 months", "176.90 months", "358.39 months", "329.60 months"),
}


@pytest.mark.parametrize("field", RANGED)
@pytest.mark.parametrize("with_all", [False, True])
def test_several_pools_ranges_then_their_weighted_averages_respectively_are_read(field, with_all):
    # "... ranged from 12.5% to 95%, with weighted averages of 67.6%, 58.2% and 70.2%, respectively": no pool's
    # figure read, and nothing said (the WAC said "stated only for other loans", the premium and discount loans').
    averages = AVERAGES[field] if with_all else AVERAGES[field][:3]
    pools = f"{POOLS} and all mortgage loans" if with_all else POOLS.replace(", the pool III", " and the pool III")
    listed = f"{', '.join(averages[:-1])} and {averages[-1]}"
    deal = _read(
        _replaced(DETAILED, STATED_BY_POOL[field], RANGED[field].format(pools=pools, averages=listed)),
        "cmsi-2004-8-rest.txt",
    )
    assert [getattr(deal.pool(name), field) for name in ("I", "II", "III")] == [
        getattr(DETAILED_SAMPLE.pool(name), field) for name in ("I", "II", "III")
    ]
    assert getattr(deal.whole_deal, field) == (getattr(DETAILED_SAMPLE.whole_deal, field) if with_all else None)
    assert deal.warnings == ()
    expected = set(DETAILED_SAMPLE.missing) | ({field} if not with_all else set())
    assert set(deal.missing) == expected


# --- a table of counts and shares of the balance, with no balances -------------------------------------

DWELLING_HEADINGS = "Type of                           Number of"


def _counts_and_shares(nudge: float = 0.0) -> tuple[str, list[float]]:
    """The term sheet with its dwelling table's balances written as each row's percent of the balance (to two
    decimals, as filings print them; the first row's ``nudge``d), and the shares written."""
    sample = next(t for t in SAMPLE.tables if t.title == DWELLINGS)
    total = sample.total.balance
    shares = [round(r.balance / total * 100, 2) + (nudge if i == 0 else 0) for i, r in enumerate(sample.rows)]
    lines = [
        "Type of                           Number of                 Percent of Aggregate",
        "Dwelling Unit                     Loans                      Principal Balance",
        "-------------                     ---------                --------------------",
        "",
    ]
    for row, share in zip(sample.rows, shares):
        lines += [f"{row.label:<34}{row.count:>5}{f'{share:.2f}%':>37}", ""]
    lines += [
        "",
        f"{'Total':<34}{f'{sample.total.count:,}':>5}{'100.00%':>37}",
        " " * 34 + "=====" + " " * 25 + "=" * 12,
    ]
    start = TERM_SHEET.index(DWELLING_HEADINGS)
    end = TERM_SHEET.index("============", start) + len("============")
    return TERM_SHEET[:start] + "\n".join(lines) + TERM_SHEET[end:], shares


def test_a_table_of_counts_and_shares_keeps_and_shows_the_stated_shares():
    # "Number of Loans" and "Percent of Aggregate Principal Balance": the balances "not shown", and the shares,
    # the filing's only figure of them, dropped.
    text, shares = _counts_and_shares()
    deal = _read(text)
    table = next(t for t in deal.tables if t.title == DWELLINGS)
    sample = next(t for t in SAMPLE.tables if t.title == DWELLINGS)
    assert [(r.label, r.count, r.balance, r.share) for r in table.rows] == [
        (r.label, r.count, None, share) for r, share in zip(sample.rows, shares)
    ]
    assert (table.total.count, table.total.balance, table.total.share) == (1225, None, 100.0)
    assert all("not shown; each row's share of the balance is, as the filing states it" in w for w in table.warnings)
    assert not any("add up" in w for w in table.warnings)
    summary = next(t for t in summarise(deal).tables if t.title.upper() == DWELLINGS)
    assert [r.share for r in summary.rows] == shares
    html = render_html(summarise(deal), {})
    cells = re.sub(r">\s+<", "><", html)
    for row, share in zip(sample.rows, shares):  # its loans, no balance, its share as the filing states it
        assert (
            f'{escape(row.label)}</th><td class="num">{row.count:,}</td><td class="num">\u2014</td><td class="num">{share:.2f}%</td>'
            in cells
        )


def test_stated_shares_that_do_not_add_up_are_doubted():
    text, shares = _counts_and_shares(nudge=1.0)
    table = next(t for t in _read(text).tables if t.title == DWELLINGS)
    assert table.rows[0].share == shares[0]
    assert (
        f"the rows' shares of the balance add up to {sum(shares):.2f}%, not the 100% of the whole table"
        in table.warnings
    )
