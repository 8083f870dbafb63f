"""Layouts a red-team run found read wrong or lost with nothing said (Dec 4c), each in an edited copy of the 2004-3
term sheet: a state table stating each state's share of the balance in place of its balance, and one with a running
sum of the shares ("Cumulative % of Balance") beside them."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from facts import read_text
from sample_deals import read_sample

from reporting import api
from reporting.derive.diff import build_diff
from reporting.model.deal import Bound, Deal, StratTable, provenance_of
from reporting.model.table_kinds import TableKind
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
STATE_HEADER = """                                  Number of                 Aggregate Principal
State                             Loans                    Balances Outstanding
-----                             --------                 --------------------"""
STATE_ROW = re.compile(r"^([A-Z][A-Za-z ]+?)\s{2,}([\d,]+)\s+\$?\s*([\d,]+)$")


def _sample() -> Deal:
    return read_sample(TERM_SHEET, "cmsi-2004-3.txt")


def _state_shares_only() -> str:
    """The sample with its state table giving each state's loans and its share of the balance, no balance: the
    layout of filings whose state table is "Number of Loans / % of Aggregate Principal Balance"."""
    start = TERM_SHEET.index(STATE_HEADER)
    end = TERM_SHEET.index("=====", start)
    total = 619_800_778
    lines = []
    for line in TERM_SHEET[start:end].split("\n")[3:]:
        row = STATE_ROW.match(line)
        if row is None:
            lines.append(line.replace("$619,800,778", "    100.00%"))
            continue
        share = int(row.group(3).replace(",", "")) / total * 100
        lines.append(f"{row.group(1):<34}{row.group(2):>5}{share:>30.2f}%")
    header = """                                  Number of                 Percent of Aggregate
State                             Loans                       Principal Balance
-----                             --------                 --------------------"""
    return TERM_SHEET[:start] + header + "\n" + "\n".join(lines) + TERM_SHEET[end:]


def test_a_state_table_of_shares_alone_gives_no_california_share_of_zero():
    # Its rows have no balance, so no state's share of one was read: the concentration line said "California
    # 0.00% of balance; largest 0 states 0.00%" beside a row stating 47.91%, while the key metrics said "not read".
    deal = read_text(_state_shares_only(), "cmsi-2004-3.txt")
    (states,) = [t for t in deal.tables if t.kind is TableKind.GEOGRAPHY]
    california = next(r for r in states.rows if r.label == "California")
    assert (california.count, california.balance, california.share) == (587, None, 47.91)
    summary = api.summary(deal)
    assert summary.geography_of(deal.tables.index(states)) is None
    assert all(g.california_share != 0 for g in summary.geographies)
    figures = api.metrics(deal)
    assert figures.loc["california_share", "all"] is None
    # and the sample's state table, with its balances, still gives its concentration
    geography = api.summary(_sample()).geography
    assert geography is not None and round(geography.california_share, 2) == 47.91


def test_a_state_table_of_shares_alone_is_not_said_to_have_lost_its_top_states_in_a_diff():
    # With no state's balance read, every state of the other deal's top 10 "left" it: "left California, New York,
    # ..." though California holds 47.91% in both.
    edited = read_text(_state_shares_only(), "cmsi-2004-3.txt")
    for old, new in ((_sample(), edited), (edited, _sample())):
        geography = build_diff(old, new).geography
        assert geography.entering_top10 == () and geography.leaving_top10 == ()
        assert geography.stated_old and geography.stated_new
    both = build_diff(_sample(), _sample()).geography
    assert both.old_top10[:2] == ("California", "New York") and both.new_top10 == both.old_top10


SAMPLE_BALANCE = 619_800_778
Cells = Callable[[str, int, float, float], list[str]]  # a row's cells from its loans, balance, share and running sum


def _state_columns(headings: tuple[str, str], cells: Cells) -> str:
    """The sample with its state table's columns as ``cells`` makes them from each row's figures (the Total line's
    with a running sum of 100%), under two lines of ``headings``."""
    start = TERM_SHEET.index(STATE_HEADER)
    end = TERM_SHEET.index("=====", start)
    lines, running = [], 0.0
    for line in TERM_SHEET[start:end].split("\n")[3:]:
        row = STATE_ROW.match(line) or re.match(r"^(Total)\s+([\d,]+)\s+\$([\d,]+)$", line)
        if row is None:
            lines.append(line)
            continue
        balance = int(row.group(3).replace(",", ""))
        running = running + balance if row.group(1) != "Total" else SAMPLE_BALANCE
        share, so_far = balance / SAMPLE_BALANCE * 100, running / SAMPLE_BALANCE * 100
        lines.append(f"{row.group(1):<30}" + "".join(f"{c:>20}" for c in cells(row.group(2), balance, share, so_far)))
    rule = "-----" + " " * 25 + "   -----------------" * len(cells("1", 1, 1.0, 1.0))
    return TERM_SHEET[:start] + "\n".join([*headings, rule, *lines]) + TERM_SHEET[end:]


def _states(deal: Deal) -> StratTable:
    (states,) = [t for t in deal.tables if t.kind is TableKind.GEOGRAPHY]
    return states


def _row(table: StratTable, label: str):
    return next(r for r in table.rows if r.label == label)


def test_a_running_sum_of_the_shares_is_not_read_as_each_rows_share():
    # Taken for the rows' shares, California's was 49.23% (its own and Alabama's, Arizona's and Arkansas's above it)
    deal = read_text(
        _state_columns(
            (f"{'':30}{'Number of':>20}{'Cumulative % of':>20}", f"{'State':<30}{'Loans':>20}{'Balance':>20}"),
            lambda count, balance, share, so_far: [count, f"{so_far:.2f}%"],
        ),
        "cmsi-2004-3.txt",
    )
    states = _states(deal)
    assert [(r.count, r.balance, r.share) for r in (_row(states, "Alabama"), _row(states, "California"))] == [
        (5, None, None),
        (587, None, None),
    ]
    assert states.warnings == (
        "no column heading ('Number of Loans', 'Cumulative % of Balance') reads as the rows' balances: not shown",
    )


def test_shares_beside_their_running_sum_are_read_as_the_rows_shares():
    # Two columns read as the rows' shares, neither was kept: the filing's "47.91%" was lost
    deal = read_text(
        _state_columns(
            (
                f"{'':30}{'Number of':>20}{'% of':>20}{'Cumulative % of':>20}",
                f"{'State':<30}{'Loans':>20}{'Balance':>20}{'Balance':>20}",
            ),
            lambda count, balance, share, so_far: [count, f"{share:.2f}%", f"{so_far:.2f}%"],
        ),
        "cmsi-2004-3.txt",
    )
    states = _states(deal)
    assert (_row(states, "California").share, _row(states, "Washington").share, states.total.share) == (
        47.91,
        0.8,
        100.0,
    )


def test_a_misprinted_share_beside_a_running_sum_is_doubted():
    # Beside the balances, the share column is checked against them; with a running sum beside it, two columns read
    # as shares and neither was checked: California's "48.91%" (its balance is 47.91% of the total) passed unsaid.
    def cells(count: str, balance: int, share: float, so_far: float) -> list[str]:
        written = f"{share + (1 if count == '587' else 0):.2f}%"
        return [count, f"{balance:,}", written, f"{so_far:.2f}%"]

    deal = read_text(
        _state_columns(
            (
                f"{'':30}{'Number of':>20}{'Aggregate':>20}{'% of':>20}{'Cumulative % of':>20}",
                f"{'State':<30}{'Loans':>20}{'Principal Balance':>20}{'Balance':>20}{'Balance':>20}",
            ),
            cells,
        ),
        "cmsi-2004-3.txt",
    )
    states = _states(deal)
    california = _row(states, "California")
    assert (california.count, california.balance) == (587, 296_923_131)
    assert len(california.warnings) == 1 and "48.91" in california.warnings[0]
    assert _row(states, "Alabama").warnings == ()


DETAILED = DETAILED_2004_8.read_text(encoding="utf-8")
CLASS_SENTENCES = re.compile(
    r"     The aggregate initial principal balance of the class A certificates.*?0\.150017321005%\.\*\n", re.S
)
CLASS_BALANCE = re.compile(r"class (\S+) certificates as of\nOctober 1, 2004 was \$([\d,.]+)\.")
CLASS_LEVEL = re.compile(r"class (\S+) subordination level is ([\d.]+)%")


def _classes_in_a_table(rates: bool) -> str:
    """The 2004-8 description with its classes' balances and levels in a table, a dollar sign set apart from each
    balance as fixed-width filings set it ("$    481,546,830.00"), class B-6 with no level, as the prose states
    none; with a column of pass-through rates before the balances or without."""
    sentences = CLASS_SENTENCES.search(DETAILED)
    assert sentences is not None
    levels = dict(CLASS_LEVEL.findall(sentences.group(0)))
    rate_heading = ("Pass-Through", "Rate", "------------") if rates else ("", "", "")
    rows = [
        f"     {name:<10}{'5.500%' if rates else '':>12}   ${balance:>18}   {levels[name] + '%' if name in levels else '':>18}"
        for name, balance in CLASS_BALANCE.findall(sentences.group(0))
    ]
    table = [
        "     The classes of certificates as of October 1, 2004:",
        "",
        f"               {rate_heading[0]:>12}    Initial Principal        Subordination",
        f"     Class     {rate_heading[1]:>12}         Balance                 Level*",
        f"     -----     {rate_heading[2]:>12}    -----------------   ----------------",
        *rows,
        "",
    ]
    return DETAILED.replace(sentences.group(0), "\n".join(table))


@pytest.mark.parametrize("rates", [False, True], ids=["balances and levels", "rates, balances and levels"])
def test_a_class_with_no_level_in_a_table_keeps_its_balance_where_the_dollar_sign_stands_apart(rates: bool):
    # "B-6   $   740,547.57" with its level's cell empty: the "$" read as a cell of its own, the row had a piece for
    # each column, and its balance was read as its subordination level, 740,547.57%, with no doubt of the level said
    edited = _classes_in_a_table(rates)
    assert "     B-6" in edited and "$        740,547.57" in edited
    deal = read_text(edited, "cmsi-2004-8.txt")
    sample = read_sample(DETAILED, "cmsi-2004-8.txt")
    assert [(c.name, c.initial_balance, c.subordination_level) for c in deal.classes] == [
        (c.name, c.initial_balance, c.subordination_level) for c in sample.classes
    ]
    (b6,) = [c for c in deal.classes if c.name == "B-6"]
    assert (b6.initial_balance, b6.subordination_level) == (740_547.57, None)
    assert not any("B-6" in w for w in deal.warnings)
    assert not deal.not_run and all(c.passed for c in deal.checks if c.subject.startswith(("class", "Certificate")))


def _classes_with_a_second_column(heading: tuple[str, str], cell: Callable[[str, str], str]) -> str:
    """The 2004-8 description with its classes in a table of their balances and a column ``cell`` makes from each
    class's name and level ("" where the prose states none), under ``heading``."""
    sentences = CLASS_SENTENCES.search(DETAILED)
    assert sentences is not None
    levels = dict(CLASS_LEVEL.findall(sentences.group(0)))
    rows = [
        f"     {name:<10}   ${balance:>18}   {cell(name, levels.get(name, '')):>20}"
        for name, balance in CLASS_BALANCE.findall(sentences.group(0))
    ]
    table = [
        "     The classes of certificates as of October 1, 2004:",
        "",
        f"                   Initial Principal   {heading[0]:>20}",
        f"     Class              Balance        {heading[1]:>20}",
        "     -----        -----------------   --------------------",
        *rows,
        "",
    ]
    return DETAILED.replace(sentences.group(0), "\n".join(table))


def test_a_level_headed_initial_credit_support_is_read_as_the_subordination_level():
    # The column was not read, with nothing said: class A's subordination was reported as not stated
    edited = _classes_with_a_second_column(("Initial Credit", "Support"), lambda name, level: level and f"{level}%")
    deal = read_text(edited, "cmsi-2004-8.txt")
    sample = read_sample(DETAILED, "cmsi-2004-8.txt")
    assert [(c.name, c.initial_balance, c.subordination_level) for c in deal.classes] == [
        (c.name, c.initial_balance, c.subordination_level) for c in sample.classes
    ]
    assert api.metrics(deal).loc["class_a_subordination", "all"] == 2.450067623897
    assert all(c.passed for c in deal.checks if c.subject.startswith("class"))

    # and a column of the dollars junior to each class, headed alike, is no level (a share of the deal)
    def junior_dollars(name: str, level: str) -> str:
        return f"${float(level) * 493_641_377.57 / 100:,.2f}" if level else ""

    amounts = read_text(_classes_with_a_second_column(("Credit", "Enhancement"), junior_dollars), "cmsi-2004-8.txt")
    assert [(c.name, c.initial_balance) for c in amounts.classes] == [
        (c.name, c.initial_balance) for c in sample.classes
    ]
    assert all(c.subordination_level is None for c in amounts.classes)


@pytest.mark.parametrize("heading", ["Class Designation", "Designation", "Title of Class"])
def test_a_table_of_classes_headed_designation_is_read(heading: str):
    # Under any heading but "Class", the table was no table of classes: the classes were listed as not stated
    sentences = CLASS_SENTENCES.search(DETAILED)
    assert sentences is not None
    levels = dict(CLASS_LEVEL.findall(sentences.group(0)))
    rows = [
        f"     {name:<18}{'$' + balance:>20}{levels[name] + '%' if name in levels else '':>20}"
        for name, balance in CLASS_BALANCE.findall(sentences.group(0))
    ]
    table = [
        "     The classes of certificates as of October 1, 2004:",
        "",
        "                          Initial Principal       Subordination",
        f"     {heading:<18}             Balance               Level",
        f"     {'-' * len(heading):<18}   -----------------    ----------------",
        *rows,
        "",
    ]
    deal = read_text(DETAILED.replace(sentences.group(0), "\n".join(table)), "cmsi-2004-8.txt")
    sample = read_sample(DETAILED, "cmsi-2004-8.txt")
    assert [(c.name, c.initial_balance, c.subordination_level) for c in deal.classes] == [
        (c.name, c.initial_balance, c.subordination_level) for c in sample.classes
    ]
    assert "certificate classes" not in deal.missing


TERM_SHEET_AVERAGES = """     The total number of mortgage loans as of May 1, 2004 was 1,225. The
weighted average interest rate on the mortgage loans (before deduction of the
servicing fee) as of May 1, 2004 was 5.843%. The weighted average remaining
term to stated maturity of the mortgage loans as of May 1, 2004 was 357.95
months."""


def test_loans_numbered_in_a_sentence_that_goes_on_are_counted_whole():
    # "numbered 1,225 and had ...": the count's comma read as the stop after it, the pool had 1 loan
    edited = TERM_SHEET.replace(
        TERM_SHEET_AVERAGES,
        """     As of May 1, 2004, the mortgage loans numbered 1,225 and had a weighted
average interest rate (before deduction of the servicing fee) of 5.843% per
annum and a weighted average remaining term to stated maturity of 357.95
months.""",
    )
    assert edited != TERM_SHEET
    whole = read_text(edited, "cmsi-2004-3.txt").whole_deal
    assert (whole.loan_count, whole.wac, whole.wam_months) == (1_225, 5.843, 357.95)
    # and where the count ends its clause, as it did
    ends = edited.replace("numbered 1,225 and had", "numbered 1,225; they had")
    assert read_text(ends, "cmsi-2004-3.txt").whole_deal.loan_count == 1_225


ORIGINAL_BALANCES = """Each mortgage loan had an original principal balance of not less than
$54,500, nor more than $1,000,000."""


@pytest.mark.parametrize(
    "extremes",
    [
        "The smallest and largest original principal balances of\nthe mortgage loans were $54,500 and $1,000,000, "
        "respectively.",
        "The largest and smallest original principal balances of\nthe mortgage loans were $1,000,000 and $54,500, "
        "respectively.",
    ],
    ids=["smallest first", "largest first"],
)
def test_both_extremes_of_the_original_balances_in_one_sentence_are_each_their_own(extremes: str):
    # Read by the extreme next to the words "original principal balances", the first amount was that extreme's:
    # the smallest $1,000,000 with no largest (no doubt said), or the largest $54,500 with no smallest
    assert ORIGINAL_BALANCES in TERM_SHEET
    whole = read_text(TERM_SHEET.replace(ORIGINAL_BALANCES, extremes), "cmsi-2004-3.txt").whole_deal
    assert (whole.original_balance_min, whole.original_balance_max) == (54_500, 1_000_000)


PREMIUM_AND_DISCOUNT = """Premium loans will consist of mortgage loans with net loan rates greater
than or equal to 5.250%. Discount loans will consist of mortgage loans with net
loan rates less than 5.250%."""


def test_a_net_rate_threshold_written_of_less_than_is_read():
    # "with net loan rates of less than 5.250%": the threshold was not read, and nothing said so
    assert PREMIUM_AND_DISCOUNT in TERM_SHEET
    edited = TERM_SHEET.replace(
        PREMIUM_AND_DISCOUNT,
        """Discount loans will consist of mortgage loans with net loan rates of less than
5.250%, and premium loans of mortgage loans with net loan rates of 5.250% or more.""",
    )
    groups = read_text(edited, "cmsi-2004-3.txt").whole_deal.premium_discount
    assert (groups.threshold_net_rate, groups.threshold_places) == (5.25, 3)
    assert (groups.premium.balance, groups.discount.balance) == (611_102_780, 8_697_998)


ORIGINAL_TERMS = "All mortgage loans have original maturities of at least 20 but no more\nthan 30 years."


@pytest.mark.parametrize(
    "both_ends",
    [
        "The shortest and longest original terms to maturity of the mortgage\nloans are 20 and 30 years, respectively.",
        "The longest and shortest original terms to maturity of the mortgage\nloans are 360 and 240 months, "
        "respectively.",
    ],
    ids=["shortest first, in years", "longest first, in months"],
)
def test_both_ends_of_the_original_terms_in_one_clause_are_read(both_ends: str):
    # Neither end was read, and nothing said the filing states them
    assert ORIGINAL_TERMS in TERM_SHEET
    whole = read_text(TERM_SHEET.replace(ORIGINAL_TERMS, both_ends), "cmsi-2004-3.txt").whole_deal
    assert (whole.original_term_min_years, whole.original_term_max_years) == (20, 30)


LTV_BUCKETS = ("65.001% - 75.000%", "75.001% - 80.000%", "80.001% - 85.000%", "85.001% - 90.000%", "90.001% - 95.000%")
ABOVE_80 = "LTV table buckets above 80% equal the stated balance above 80% LTV"


def test_ltv_buckets_sharing_their_edges_count_the_one_from_80_percent_above_it():
    # "75% - 80%" then "80% - 85%": a loan at 80% is in the bucket that ends there; the "80% - 85%" row was left out
    # of the rows above 80%, and the check of a filing whose figures agree failed ($4,165,197 against $5,368,851)
    edited = TERM_SHEET
    for bucket in LTV_BUCKETS:
        low, high = (float(edge.rstrip("%")) for edge in bucket.split(" - "))
        edited = edited.replace(bucket, f"{f'{round(low):d}% - {round(high):d}%':<17}", 1)
    assert "\n80% - 85%    " in edited and "\n75% - 80%    " in edited
    deal = read_text(edited, "cmsi-2004-3.txt")
    (check,) = [c for c in deal.checks if c.name == ABOVE_80]
    assert (check.expected, check.actual, check.passed) == (5_368_851, 5_368_851, True)
    # a bucket from 80% with none ending there still holds loans at 80%: not wholly above it, left out as before
    alone = edited.replace("75% - 80%       ", "75% - 79.999%   ")
    (check,) = [c for c in read_text(alone, "cmsi-2004-3.txt").checks if c.name == ABOVE_80]
    assert check.actual == 5_368_851 - 1_203_654 and not check.passed


# The rates "before and after deduction of the servicing fee" are now read, each in its place (Dec 4d:
# tests/test_parser_dec4d.py): only the net rate named beside the WAC is still said, not read.
@pytest.mark.parametrize(
    "both_rates",
    [
        """     The total number of mortgage loans as of May 1, 2004 was 1,225. The
weighted average net loan rate and the weighted average interest rate (before deduction of the
servicing fee) of the mortgage loans as of May 1, 2004 were 5.593% and 5.843%, respectively. The weighted
average remaining term to stated maturity of the mortgage loans as of May 1, 2004 was 357.95 months.""",
    ],
    ids=["the net rate and the rate before the fee"],
)
def test_a_wac_stated_beside_the_net_rate_is_never_said_not_stated(both_rates: str):
    # The sentence was set aside as the net rate's: every report said "Not stated in this filing: WAC" beside a
    # sentence stating 5.843% before the servicing fee
    assert TERM_SHEET_AVERAGES in TERM_SHEET
    deal = read_text(TERM_SHEET.replace(TERM_SHEET_AVERAGES, both_rates), "cmsi-2004-3.txt")
    whole = deal.whole_deal
    doubts = provenance_of(whole, "wac").warnings
    assert whole.wac is None and len(doubts) == 1 and doubts[0].endswith("which was not read")
    assert "5.843%" in doubts[0] or "weighted average interest rates on the mortgage loans before and" in doubts[0]
    assert any(n.name == "premium/discount weighted WAC equals the pool's" for n in deal.not_run)
    # the net rate alone is no WAC: still not stated, and said whose figure the filing states
    net_alone = TERM_SHEET.replace(
        "(before deduction of the\nservicing fee) as of", "(after deduction of the\nservicing fee) as of"
    )
    assert net_alone != TERM_SHEET
    assert provenance_of(read_text(net_alone, "cmsi-2004-3.txt").whole_deal, "wac") is None


GROUP_BALANCES = """The aggregate scheduled principal balances
outstanding as of the cut-off date of the premium loans and the discount loans
were $611,102,780 and $8,697,998, respectively."""


def test_premium_and_discount_loans_stated_as_shares_of_the_balance_are_never_said_not_stated():
    # No amount to read: the groups' balances were "not stated", and the checks they feed were left out unsaid
    assert GROUP_BALANCES in TERM_SHEET
    edited = TERM_SHEET.replace(
        GROUP_BALANCES,
        """The premium loans and the discount loans represent approximately 98.60% and 1.40%,
respectively, of the aggregate scheduled principal balance of the mortgage loans as of the cut-off date.""",
    )
    deal = read_text(edited, "cmsi-2004-3.txt")
    groups = deal.whole_deal.premium_discount
    for group in (groups.premium, groups.discount):
        assert group.balance is None
        (doubt,) = provenance_of(group, "balance").warnings
        assert "98.60% and 1.40%" in doubt and doubt.endswith("which was not read")
    assert "premium + discount balance equals the pool" in {n.name for n in deal.not_run}


def test_levels_stated_as_each_classs_credit_support_are_read():
    # "The class A credit support is 2.450067623897%.": not read, and class A's subordination said not stated
    edited = DETAILED.replace(" subordination level is ", " credit support is ")
    assert edited.count(" credit support is ") == 6
    deal = read_text(edited, "cmsi-2004-8.txt")
    sample = read_sample(DETAILED, "cmsi-2004-8.txt")
    assert [(c.name, c.subordination_level) for c in deal.classes] == [
        (c.name, c.subordination_level) for c in sample.classes
    ]
    assert "class A subordination level" not in deal.missing


def _states_in_thousands(note: str) -> str:
    """The sample with its state table's balances in thousands, ``note`` set under the title, as the sample sets its
    columns: labels 34 wide, loans to column 50, balances to column 76."""
    start = TERM_SHEET.index(STATE_HEADER)
    end = TERM_SHEET.index("=====", start)
    lines = [
        note,
        "",
        f"{'':34}{'Number of':>16}{'Aggregate Principal':>26}",
        f"{'State':<34}{'Loans':>16}{'Balance':>26}",
    ]
    lines.append(f"{'-----':<34}{'--------':>16}{'---------------':>26}")
    for line in TERM_SHEET[start:end].split("\n")[3:]:
        row = STATE_ROW.match(line) or re.match(r"^(Total)\s+([\d,]+)\s+\$([\d,]+)$", line)
        thousands = f"{round(int(row.group(3).replace(',', '')) / 1000):,}" if row else ""
        lines.append(f"{row.group(1):<34}{row.group(2):>16}{thousands:>26}" if row else line)
    return TERM_SHEET[:start] + "\n".join(lines) + TERM_SHEET[end:]


def test_dollars_in_thousands_said_under_the_title_across_the_columns_scales_the_balances():
    # "(Dollars in Thousands)" set across the columns was cut into a piece over each, "(Dollars in" and "Thousands)",
    # neither saying the unit: the balances were read in dollars, a thousand times too small (a failed check said so)
    deal = read_text(_states_in_thousands(f"{'':26}(Dollars in Thousands)"), "cmsi-2004-3.txt")
    states = _states(deal)
    assert states.balance_unit == 1_000
    assert (_row(states, "California").balance, states.total.balance) == (296_923_000, 619_801_000)
    (check,) = [
        c for c in deal.checks if c.name == "table total equals the pool's balance" and c.subject == states.title
    ]
    assert check.passed


NO_LOSS_LIMITS = "There are no special hazard, fraud or bankruptcy loss limits."


@pytest.mark.parametrize("words", ["loss coverage", "loss coverage amount", "loss amount"])
def test_loss_limits_worded_as_a_loss_coverage_are_read(words: str):
    # Only "loss limit" was read: a deal's limits so worded were lost, and nothing said so
    assert NO_LOSS_LIMITS in DETAILED
    limits = f"""The special hazard {words} is $6,000,000, the fraud {words} is $12,345,678 and
the bankruptcy {words} is $100,000."""
    deal = read_text(DETAILED.replace(NO_LOSS_LIMITS, limits), "cmsi-2004-8.txt")
    assert deal.loss_limits is not None
    assert (deal.loss_limits.special_hazard, deal.loss_limits.fraud, deal.loss_limits.bankruptcy) == (
        6_000_000,
        12_345_678,
        100_000,
    )


def test_a_loss_limit_stated_as_a_share_of_the_balance_is_said_not_read():
    # No amount in it: the sentence was passed over, the limit neither read nor said
    limits = """The special hazard loss limit is 1.25% of the aggregate principal balance of the mortgage
loans. The fraud loss limit is $12,345,678. The bankruptcy loss limit is $100,000."""
    deal = read_text(DETAILED.replace(NO_LOSS_LIMITS, limits), "cmsi-2004-8.txt")
    assert deal.loss_limits is not None and deal.loss_limits.special_hazard is None
    assert (deal.loss_limits.fraud, deal.loss_limits.bankruptcy) == (12_345_678, 100_000)
    (said,) = [w for w in deal.warnings if w.startswith("loss limits")]
    assert "1.25%" in said and said.endswith("a limit stated as a share of the balance, not as an amount; not read")


NO_INVESTMENT = "None of the mortgage loans\nare secured by investment properties."


@pytest.mark.parametrize("properties", ["investor properties", "investor-owned properties"])
def test_a_share_secured_by_investor_properties_is_the_investment_share(properties: str):
    # Only "investment properties" was read: "No more than 2% ... investor properties" was lost, and nothing said so
    assert NO_INVESTMENT in DETAILED
    edited = DETAILED.replace(NO_INVESTMENT, f"No more than 2% of the mortgage loans\nare secured by {properties}.")
    whole = read_text(edited, "cmsi-2004-8.txt").whole_deal
    assert (whole.investment_property_max_pct, whole.investment_property_bound) == (2.0, Bound.NO_MORE_THAN)
