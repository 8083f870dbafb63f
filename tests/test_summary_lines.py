"""Summary blocks as 2005-2008 term sheets print them, in place of the samples' prose facts.

Each test edits a copy of a sample: the paragraphs stating the pools' facts become a summary block (or a
block under each pool's heading, or a table with a column for each pool) stating the same figures in
other labels, separators and units, and the pools must read as the sample's prose reads them.
"""

from __future__ import annotations

import re

import pytest
from layouts import DETAILED, TERM_SHEET
from sample_deals import read_sample

from reporting.model.deal import Deal
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes

FIELDS = (
    *("aggregate_balance", "loan_count", "wac", "wam_months", "wa_original_term_months", "wa_ltv"),
    *("original_balance_min", "original_balance_max", "balance_above_80_ltv", "max_ltv", "largest_zip_balance"),
)
TERM_FIELDS = (*FIELDS, "original_term_min_years", "original_term_max_years", "latest_maturity")
TERM_FIELDS += ("originated_not_before", "originated_not_after")
# The samples' sentences stating a pool's balance, left without it ("... transferred to the Trustee ... mortgage loans.")
_BALANCE_CLAUSE = re.compile(
    r"\s+(?:with|have)\s+an\s+aggregate\s+scheduled\s+principal\s+balance\s+outstanding\s+\(after\s+deducting"
    r"\s+principal\s+payments\s+due\s+on\s+or\s+before\s+\w+\s+1,\s+2004\)\s+as\s+of\s+\w+\s+1,\s+2004\s+of\s+"
    r"\$[\d,.]+?\.(?=\s)"
)


def _term_sheet_with(block: str) -> Deal:
    """The term sheet with its two paragraphs of pool facts (and the balance's clause) as ``block``."""
    text = _BALANCE_CLAUSE.sub(".", TERM_SHEET, count=1)
    start, end = text.index("     The total number of mortgage loans"), text.index("At least 98%(2)")
    text = text[:start] + block + "\n\n     " + text[end:]
    return load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-summary.txt"))


def _detailed_with(blocks: str) -> Deal:
    """The detailed description with its pools' facts (and their balances' clauses) as ``blocks``."""
    text = _BALANCE_CLAUSE.sub(".", DETAILED)
    assert "$335,095,817.07" not in text
    start, end = text.index("     The total numbers of the pool I"), text.index("     At least 95%(2)")
    return load_filing(ingest_bytes((text[:start] + blocks + "\n\n" + text[end:]).encode(), "cmsi-2004-8-summary.txt"))


def _figures(deal: Deal, fields: tuple[str, ...]) -> dict[str, dict[str, object]]:
    return {pool.name: {f: getattr(pool, f) for f in fields if getattr(pool, f) is not None} for pool in deal.pools}


def _sample(text: str, name: str, fields: tuple[str, ...]) -> dict[str, dict[str, object]]:
    return _figures(read_sample(text, name), fields)


# Each pool's figures of the detailed description, as its summary block prints them
POOL_LINES = {
    "I": ("$335,095,817.07", "663", "$505,424", "6.132", "5.882", "358.20", "359.66", "67.6", "$4,912,083"),
    "II": ("$77,943,340.57", "154", "$506,126", "5.486", "5.236", "176.90", "179.75", "58.2", "$959,086"),
    "III": ("$80,602,219.93", "153", "$526,812", "5.716", "5.466", "358.39", "360.00", "70.2", "$2,037,940"),
    "all": ("$493,641,377.57", "970", "$508,909", "5.962", "5.712", "329.60", "331.31", "66.5", None),
}
ZIPS = {"I": "$4,538,332", "II": "$2,178,656", "III": "$2,559,173", "all": "$6,659,274"}
LEAST = {"I": "$50,000", "II": "$99,400", "III": "$333,700"}
POOL_FACT_FIELDS = (*FIELDS[:6], "balance_above_80_ltv", "largest_zip_balance")


def _pool_block(pool: str, labels: tuple[str, ...]) -> str:
    balance, count, average, wac, net, wam, original, ltv, above = POOL_LINES[pool]
    figures = (balance, count, average, f"{wac}%", f"{net}%", f"{wam} months", f"{original} months", f"{ltv}%")
    lines = [f"{label + ':':<48}{figure:>20}" for label, figure in zip(labels, figures)]
    if above:
        lines.append(f"{'Balance with LTV in excess of 80%:':<48}{above:>20}")
    lines.append(f"{'Maximum Zip Code Concentration:':<48}{ZIPS[pool]:>20}")
    return "\n".join(lines)


POOL_LABELS = (
    "Total Current Balance",
    "Total Number of Loans",
    "Average Current Balance",
    "Gross WAC",
    "Net WAC",
    "WA Remaining Term",
    "WA Original Term",
    "WA Original LTV",
)


@pytest.mark.parametrize("labels", ["Total ...", "Aggregate ..."])
def test_each_pools_block_under_its_collateral_summary_heading_is_that_pools(labels):
    # "Total Current Balance:  $335,095,817.07" was a table's Total line: the lines above it, the prose's last
    # paragraph (trustee, paying agent, clean-up call) and the pools' headings with them, were taken for its rows,
    # and every block was the whole deal's: 663 loans at 6.132% for all 970, the other blocks "stated again".
    # Under "All Loans Collateral Summary" (no heading of the deal's before) the deal's block was pool III's.
    names = (
        POOL_LABELS if labels == "Total ..." else ("Aggregate Principal Balance", "Number of Loans", *POOL_LABELS[2:])
    )
    headings = {"I": "Pool I", "II": "Pool II", "III": "Pool III", "all": "All Loans"}
    blocks = "\n\n\n".join(f"{headings[p]} Collateral Summary\n\n{_pool_block(p, names)}" for p in POOL_LINES)
    deal = _detailed_with(blocks)
    assert _figures(deal, POOL_FACT_FIELDS) == _sample(DETAILED, "cmsi-2004-8.txt", POOL_FACT_FIELDS)
    assert (deal.pool("II").wac, deal.whole_deal.wac, deal.whole_deal.loan_count) == (5.486, 5.962, 970)
    sample = read_sample(DETAILED, "cmsi-2004-8.txt")
    assert (deal.trustee, deal.paying_agent, deal.clean_up_call_balance) == (
        sample.trustee,
        sample.paying_agent,
        sample.clean_up_call_balance,
    )
    assert not deal.warnings


def _summary(lines: list[tuple[str, str, str]], separator: str) -> str:
    """A block of lines, each its label, a "$" cell ("" for none) and its figure, set apart as ``separator`` says."""
    if separator == "tab":
        return "\n".join(f"{label}\t{dollar + chr(9) if dollar else ''}{figure}" for label, dollar, figure in lines)
    return "\n".join(f"     {label:<45}{dollar:<3}{figure}" for label, dollar, figure in lines)


TERM_LINES = [
    ("Cut-off Date", "", "May 1, 2004"),
    ("Aggregate Outstanding Principal Balance", "$", "approximately 619,800,778.37"),
    ("Number of Mortgage Loans", "", "1,225"),
    ("Average Outstanding Balance", "$", "505,960"),
    ("Range of Original Balances", "", "$54,500 - $1,000,000"),
    ("Gross WAC", "", "approx. 5.843%"),
    ("Net WAC", "", "5.593%"),
    ("WA Remaining Term to Maturity (months)", "", "357.95"),
    ("WA Original Term", "", "359.54 mos."),
    ("Range of Original Terms", "", "240 to 360 months"),
    ("Weighted Average Original LTV", "", "64.5%"),
    ("Max LTV", "", "95.0%"),
    ("Balance of Loans with LTV > 80%", "$", "5,368,851"),
    ("Non-Zero WA FICO", "", "742"),
    ("Maximum Zip Code Concentration ($)", "", "7,749,519"),
    ("Maturity Date (latest)", "", "May 1, 2034"),
    ("Origination Dates", "", "February 1, 2003 to May 1, 2004"),
]


@pytest.mark.parametrize("separator", ["spaces", "tab"])
def test_a_summary_block_with_dollar_cells_tabs_and_other_labels_reads_each_line_as_the_prose(separator):
    # With "$" in a cell of its own, "$  approximately 619,800,778.37" was no summary line and ran on into the next:
    # the aggregate balance was the average loan's, $505,960. Set with tabs (expanded to a stop one or two spaces
    # on), "WA Remaining Term to Maturity (months)  357.95" ran on into the next line: the WAM was the original
    # term, 359.54, and that 360. "Gross WAC", "Max LTV", "LTV > 80%", "Maturity Date (latest)", "Origination
    # Dates" and a range with a dash were lost unsaid; the net rate, the FICO and the average balance are no
    # figure of the model's and land in none.
    deal = _term_sheet_with(_summary(TERM_LINES, separator))
    sample = read_sample(TERM_SHEET, "cmsi-2004-3.txt")
    assert _figures(deal, TERM_FIELDS) == _figures(sample, TERM_FIELDS)
    assert deal.cut_off_date == sample.cut_off_date
    assert (deal.whole_deal.aggregate_balance, deal.whole_deal.wac, deal.whole_deal.wam_months) == (
        619_800_778.37,
        5.843,
        357.95,
    )


@pytest.mark.parametrize(
    "label, field, figure",
    [
        ("Current Principal Balance", "aggregate_balance", "$619,800,778.37"),
        ("Total Current Balance", "aggregate_balance", "$619,800,778.37"),
        ("Cut-off Date Principal Balance", "aggregate_balance", "$619,800,778.37"),
        ("Loan Count", "loan_count", "1,225"),
        ("Total Number of Loans", "loan_count", "1,225"),
        ("Weighted Average Gross Coupon", "wac", "5.843%"),
        ("WAC", "wac", "5.843%"),
        ("Wtd. Avg. Current Mortgage Rate (%)", "wac", "5.843"),
        ("WAM (months)", "wam_months", "357.95"),
        ("Weighted Average Stated Remaining Term", "wam_months", "357.95 months"),
        ("WA Orig Term (months)", "wa_original_term_months", "359.54"),
        ("Aggregate Principal Balance", "aggregate_balance", "619,800,778.37"),
        ("Total Pool Balance", "aggregate_balance", "$619,800,778.37"),
        ("Weighted Average Original LTV", "wa_ltv", "64.5"),
        ("Mortgage Rate (WA)", "wac", "5.843%"),
        ("Remaining Term (WA)", "wam_months", "357.95 months"),
        ("Min. Original Balance", "original_balance_min", "$54,500"),
        ("Original Balance", "original_balance_max", "$54,500 - $1,000,000"),
        ("Range of Original LTVs", "max_ltv", "6.9% to 95.0%"),
        ("Maturity Date (latest)", "latest_maturity", "May 1, 2034"),
    ],
)
def test_a_summary_label_in_a_term_sheets_words_is_read_as_its_fact(label, field, figure):
    # Each was lost where the prose's rules know no such words: "not stated in this filing", or nothing said at all.
    # Beside it, the net rate, the average balance and the FICO: no figure of the model's, and never this one.
    lines = [
        ("Number of Mortgage Loans", "", "1,225"),
        ("Average Outstanding Balance", "", "$505,960"),
        ("Net WAC", "", "5.593%"),
        (label, "", figure),
        ("Non-Zero WA FICO", "", "742"),
    ]
    if field == "loan_count":
        lines[0] = ("Aggregate Principal Balance", "", "$619,800,778.37")
    deal = _term_sheet_with(_summary(lines, "spaces"))
    sample = read_sample(TERM_SHEET, "cmsi-2004-3.txt").whole_deal
    assert getattr(deal.whole_deal, field) == getattr(sample, field)
    assert deal.whole_deal.wac in (None, sample.wac) and deal.whole_deal.aggregate_balance in (None, 619_800_778.37)


def test_a_table_of_pools_columns_with_dot_leaders_dates_and_a_label_ending_in_a_figure_gives_each_pool_its_own():
    # Dot leaders after each label left every row unsaid: the pools' figures were all "not stated in this filing".
    # "Balance with LTV in excess of 80%" took its "80%" for pool I's figure and ended the table; the rows under it
    # ran on as prose. A row of dates ("Latest Maturity Date   October 1, 2034 ...") was no row.
    heads = f"{'':<46}" + "".join(f"{name:>24}" for name in ("Pool I", "Pool II", "Pool III", "Total"))
    rows = [
        ("Aggregate Principal Balance", [POOL_LINES[p][0] for p in POOL_LINES]),
        ("Number of Mortgage Loans", [POOL_LINES[p][1] for p in POOL_LINES]),
        ("Range of Original Balances", [f"{LEAST[p]} to $1,000,000" for p in LEAST] + [""]),
        ("WA Mortgage Rate (%)", [POOL_LINES[p][3] for p in POOL_LINES]),
        ("WA Remaining Term (months)", [POOL_LINES[p][5] for p in POOL_LINES]),
        ("WA Original Term (months)", [POOL_LINES[p][6] for p in POOL_LINES]),
        ("WA Original LTV (%)", [POOL_LINES[p][7] for p in POOL_LINES]),
        ("Balance with LTV in excess of 80%", [POOL_LINES[p][8] or "" for p in POOL_LINES]),
        ("Maximum Zip Code Concentration", [ZIPS[p] for p in POOL_LINES]),
        ("Latest Maturity Date", ["October 1, 2034", "October 1, 2019", "October 1, 2034", ""]),
    ]
    table = "\n".join(
        [heads] + [f"{label + ' ':.<46}" + "".join(f"{cell:>24}" for cell in cells) for label, cells in rows]
    )
    deal = _detailed_with(table)
    fields = (*POOL_FACT_FIELDS, "original_balance_min", "original_balance_max", "latest_maturity")
    expected = _sample(DETAILED, "cmsi-2004-8.txt", fields)
    assert _figures(deal, fields) == expected
    assert deal.pool("I").latest_maturity == read_sample(DETAILED, "cmsi-2004-8.txt").pool("I").latest_maturity
    assert deal.pool("I").balance_above_80_ltv == 4_912_083 and deal.whole_deal.balance_above_80_ltv is None


BLOCK = [
    ("Aggregate Principal Balance", "", "$619,800,778.37"),
    ("Number of Mortgage Loans", "", "1,225"),
    ("Weighted Average Mortgage Rate", "", "5.843%"),
    ("Weighted Average Remaining Term (months)", "", "357.95"),
    ("Weighted Average Original Term (months)", "", "359.54"),
    ("Range of Original Terms", "", "240 to 360 months"),
    ("Weighted Average Original LTV", "", "64.5%"),
]


@pytest.mark.parametrize(
    "label, figure, field, said",
    [
        ("Number of IO Loans", "153", "loan_count", False),
        ("Weighted Average Remaining Term of IO Loans (months)", "84", "wam_months", False),
        ("Original Term (months)", "360", "original_term_min_years", True),
        ("Largest Loan in any Zip Code", "$1,000,000", "largest_zip_balance", True),
    ],
)
def test_a_line_for_some_of_the_loans_or_saying_neither_average_nor_bound_gives_the_pool_nothing(
    label, figure, field, said
):
    # "Number of IO Loans:  153" above the block's count was the pool's count (1,225 "stated again"); alone, the
    # IO loans' remaining term was the WAM; "Original Term (months):  360" (an average? every loan's?) was every
    # loan's, 30 years, where the loans' terms run from 20 years (now not read, and said); one loan's balance was
    # the largest balance in a zip code (now not read, and said).
    sample = read_sample(TERM_SHEET, "cmsi-2004-3.txt")
    fields = tuple(f for line in BLOCK for f in _FIELD_OF[line[0]])
    beside = _term_sheet_with(_summary([(label, "", figure), *BLOCK], "spaces"))
    assert _figures(beside, fields) == _figures(sample, fields)
    unqualified = [f"the summary's line '{label} {figure}'"] if said else []
    assert [w[: w.index(" (line")] for w in beside.warnings] == unqualified  # a bound of the loans', not read: said
    others = [line for line in BLOCK if field not in _FIELD_OF[line[0]]]
    alone = _term_sheet_with(_summary([(label, "", figure), *others], "spaces"))
    assert getattr(alone.whole_deal, field) is None


_FIELD_OF = {
    "Aggregate Principal Balance": ("aggregate_balance",),
    "Number of Mortgage Loans": ("loan_count",),
    "Weighted Average Mortgage Rate": ("wac",),
    "Weighted Average Remaining Term (months)": ("wam_months",),
    "Weighted Average Original Term (months)": ("wa_original_term_months",),
    "Range of Original Terms": ("original_term_min_years", "original_term_max_years"),
    "Weighted Average Original LTV": ("wa_ltv",),
}


def test_a_summary_line_naming_a_bound_of_the_loans_that_no_rule_reads_is_said_not_read():
    # "Final Maturity Date" (the loans' latest? a class's final distribution?) is not read as the latest maturity;
    # it was lost with nothing to say so, in a block and in a table of pools' columns alike.
    block = _term_sheet_with(_summary([*BLOCK, ("Final Maturity Date", "", "May 1, 2034")], "spaces"))
    assert block.whole_deal.latest_maturity is None
    (said,) = [w for w in block.warnings if "Final Maturity Date" in w]
    assert said.startswith("the summary's line 'Final Maturity Date May 1, 2034' (line ") and said.endswith("not read")
    heads = f"{'':<40}" + "".join(f"{name:>20}" for name in ("Pool I", "Pool II", "Pool III", "Total"))
    dates = ("October 1, 2034", "October 1, 2019", "October 1, 2034", "")

    def table(*labels: str) -> str:
        rows = [("Number of Mortgage Loans", [POOL_LINES[p][1] for p in POOL_LINES])] + [(lb, dates) for lb in labels]
        return "\n".join([heads] + [f"{lb:<40}" + "".join(f"{cell:>20}" for cell in cells) for lb, cells in rows])

    sample = read_sample(DETAILED, "cmsi-2004-8.txt")
    read = _detailed_with(table("Final Maturity Date", "Latest Maturity Date"))
    assert [pool.latest_maturity for pool in read.pools] == [pool.latest_maturity for pool in sample.pools]
    deal = _detailed_with(table("Final Maturity Date"))
    assert [pool.latest_maturity for pool in deal.pools] == [None] * 4
    for each in (read, deal):  # its figures are not read, beside the latest maturity read or alone
        said = [w for w in each.warnings if "Final Maturity Date" in w]
        assert [re.sub(r"\(line \d+\)", "(line)", w) for w in said] == [
            f"Pool {pool}: the summary's line 'Final Maturity Date: {date}.' (line) was not read"
            for pool, date in zip(("I", "II", "III"), dates)
        ]


@pytest.mark.parametrize(
    "label, figure, field",
    [
        ("Gross Coupon", "5.843%", "wac"),
        ("Original LTV", "64.5%", "wa_ltv"),
        ("Stated Remaining Term", "357.95", "wam_months"),
    ],
)
def test_a_key_figures_line_in_words_no_rule_reads_is_said_not_read_never_not_stated(label, figure, field):
    # With no "weighted average" (an average? a bound?), the line is not read; the figure was "not stated in this
    # filing" with nothing to say the block has a line for it.
    lines = [line for line in BLOCK if field not in _FIELD_OF[line[0]]]
    deal = _term_sheet_with(_summary([*lines[:2], (label, "", figure), *lines[2:]], "spaces"))
    assert getattr(deal.whole_deal, field) is None
    said = [w[: w.index(" (line")] for w in deal.warnings if w.startswith("the summary's line")]
    assert said == [f"the summary's line '{label} {figure}'"]


@pytest.mark.parametrize("separator", ["spaces", "colons", "tab"])
@pytest.mark.parametrize("total", [("Total Loans", "1,225"), ("Total Pool", "$619,800,778.37")], ids=lambda t: t[0])
def test_a_block_closed_by_a_total_line_is_no_table(total, separator):
    # "Total Loans:  1,225" under a block's lines was taken for a table's Total line, the block's lines above it for
    # the table's rows: a table "By " with no column read, and the balance, count, WAC, WAM and terms all lost.
    lines = [*BLOCK, (total[0], "", total[1])]
    if separator == "colons":
        lines = [(f"{label}:", dollar, figure) for label, dollar, figure in lines]
    deal = _term_sheet_with(_summary(lines, "tab" if separator == "tab" else "spaces"))
    sample = read_sample(TERM_SHEET, "cmsi-2004-3.txt")
    fields = tuple(f for line in BLOCK for f in _FIELD_OF[line[0]])
    assert _figures(deal, fields) == _figures(sample, fields)
    assert [table.title for table in deal.tables] == [table.title for table in sample.tables]
    assert not [warning for warning in deal.warnings if "table" in warning]
