"""A state broken down into its parts under its own row ("California", then "Northern California" and "Southern
California"): the table's checks count the state once and check its parts against it, and a territory is never
among the largest states a diff lists. Each filing is the 2004-3 term sheet with its state table edited."""

from __future__ import annotations

from facts import read_text
from sample_deals import read_sample

from reporting.derive.diff import build_diff
from reporting.derive.metrics import BY_KEY
from reporting.derive.summary import summarise
from reporting.samples import TERM_SHEET_2004_3

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
_CALIFORNIA = "California                          587                          296,923,131"
_STATES = "GEOGRAPHIC DISTRIBUTION OF MORTGAGED PROPERTIES BY STATE"


def _row(label: str, count: int, balance: int) -> str:
    """A state table's row, laid out as the term sheet lays out its rows."""
    return f"{label:34}{count:>5}{f'{balance:,}':>37}"


def _broken_down(north: tuple[int, int], south: tuple[int, int]):
    """The term sheet with California's row followed by its parts, each (count, balance)."""
    assert TERM_SHEET.count(_CALIFORNIA) == 1
    rows = (_CALIFORNIA, _row("Northern California", *north), _row("Southern California", *south))
    return read_text(TERM_SHEET.replace(_CALIFORNIA, "\n".join(rows)), "cmsi-2004-3-california-parts.txt")


def _state_checks(deal) -> dict[str, object]:
    return {c.name: c for c in deal.checks if c.subject == _STATES}


def test_a_state_broken_down_into_its_parts_is_counted_once_and_its_parts_are_checked_against_it():
    # The parts (300 + 287 loans, $150,000,000 + $146,923,131) are California's 587 loans and $296,923,131: the
    # rows' sum counted them twice (1,812 loans against the Total's 1,225), failing a filing printed right.
    deal = _broken_down((300, 150_000_000), (287, 146_923_131))
    checks = _state_checks(deal)
    count, balance = (
        checks["table rows add up to the total loan count"],
        checks["table rows add up to the total balance"],
    )
    assert (count.expected, count.actual, count.passed) == (1225, 1225, True)
    assert (balance.expected, balance.actual, balance.passed) == (619_800_778, 619_800_778, True)
    parts = [c for c in checks.values() if c.kind == "state_parts_add_up"]
    assert {(c.expected, c.actual, c.passed) for c in parts} == {(587, 587, True), (296_923_131, 296_923_131, True)}
    assert all("California" in c.name for c in parts)
    assert all(c.passed for c in deal.checks if c.concerns == "table:6")
    # California's share, the top 5 and the number of states count California once, as the sample's.
    sample = read_sample(TERM_SHEET, "cmsi-2004-3.txt")
    for key in ("california_share", "top5_states_share"):
        assert BY_KEY[key].value(deal, deal.whole_deal) == BY_KEY[key].value(sample, sample.whole_deal), key
    assert round(BY_KEY["california_share"].value(deal, deal.whole_deal), 2) == 47.91
    ((found,), (listed,)) = summarise(deal).geographies, summarise(sample).geographies
    assert found.with_loans == listed.with_loans and found.top_count == listed.top_count
    assert [s.state for s in found.named] == [s.state for s in listed.named]


def test_parts_not_adding_up_to_their_state_fail_a_check_naming_both():
    # The parts' balances add up to California's, their loan counts (300 + 280) do not (587): said, never dropped.
    deal = _broken_down((300, 150_000_000), (280, 146_923_131))
    (count,) = [c for c in deal.checks if c.kind == "state_parts_add_up" and c.unit.value == "count"]
    assert (count.expected, count.actual, count.passed) == (587, 580, False)
    assert "Northern California" in count.name and "Southern California" in count.name
    assert "California's" in count.name


def test_a_territory_never_enters_the_top_10_states():
    # $200 million of California's loans moved to Puerto Rico: the diff listed "Puerto Rico" entering the top 10.
    moved = _row("California", 387, 96_923_131) + "\n" + _row("Puerto Rico", 200, 200_000_000)
    deal = read_text(TERM_SHEET.replace(_CALIFORNIA, moved), "cmsi-2004-3-puerto-rico.txt")
    geography = build_diff(read_sample(TERM_SHEET, "cmsi-2004-3.txt"), deal).geography
    assert "Puerto Rico" not in geography.new_top10 + geography.entering_top10
    assert geography.new_top10[0] == "California"
    back = build_diff(deal, read_sample(TERM_SHEET, "cmsi-2004-3.txt")).geography
    assert "Puerto Rico" not in back.old_top10 + back.leaving_top10


def test_parts_whose_balances_do_not_add_up_to_their_state_fail_a_check_naming_both():
    # Southern California misprinted ($136,923,131 for $146,923,131): the rows add up to the Total without the
    # parts, so they are California's loans again, and the $10,000,000 gap is said against California's row.
    deal = _broken_down((300, 150_000_000), (287, 136_923_131))
    checks = _state_checks(deal)
    assert checks["table rows add up to the total balance"].passed
    balance = checks["Northern California and Southern California add up to California's balance"]
    assert (balance.expected, balance.actual, balance.passed) == (296_923_131, 286_923_131, False)
    # California's share is its own row's, 47.91%: the misprinted parts were added to it again, 94.20%.
    assert round(BY_KEY["california_share"].value(deal, deal.whole_deal), 2) == 47.91


def test_parts_near_their_state_but_beyond_the_tables_rounding_fail_their_check():
    # Southern California $100,000 short: near enough California's row to be its breakdown (counted once), not
    # near enough for whole-dollar rounding, so the parts' check fails rather than passes within $1.48 million.
    deal = _broken_down((300, 150_000_000), (287, 146_823_131))
    checks = _state_checks(deal)
    assert checks["table rows add up to the total balance"].passed
    balance = checks["Northern California and Southern California add up to California's balance"]
    assert (balance.actual, balance.passed) == (296_823_131, False) and balance.tolerance < 5
