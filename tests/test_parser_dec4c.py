"""Layouts a red-team run found read wrong or lost with nothing said (Dec 4c), each in an edited copy of the 2004-3
term sheet: a state table stating each state's share of the balance in place of its balance."""

from __future__ import annotations

import re

from facts import read_text
from sample_deals import read_sample

from reporting import api
from reporting.derive.diff import build_diff
from reporting.model.deal import Deal
from reporting.model.table_kinds import TableKind
from reporting.samples import TERM_SHEET_2004_3

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
