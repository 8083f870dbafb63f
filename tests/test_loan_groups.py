"""Pools a filing names by its loans' kind, as defined terms: 'the "30-Year Mortgage Loans"', '("Fixed Rate Loans")'.

A 1990s detailed description defines its loan groups ('The Mortgage Loans that have original maturities of at least
25 but not more than 30 years ..., the "30-Year Mortgage Loans", have an aggregate ... balance ... of ...') and lists
them as a later filing lists "the pool I mortgage loans, the pool II mortgage loans ... respectively". The 2004-8
sample is written so here, its figures kept: each group is the sample's pool one for one.
"""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from reporting.model.deal import Deal, Pool
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes
from tests.facts import assert_pool_facts_cite_their_lines, without_positions
from tests.layouts import DETAILED

_ROMAN = r"(?P<pool>III|II|I)\b"


def _grouped(names: dict[str, str], loans: str, in_brackets: bool = False) -> str:
    """The sample with each pool named by a defined term: "pool I mortgage loans" as "<name> <loans>", "pool I
    premium loans" as "<name> premium loans"; its definitions 'the "pool I mortgage loans",' as they stand, or in
    brackets with curly quotes ('(\u201c30-Year Loans\u201d)'). A break between "pool" and its numeral falls inside
    the name ("Standard\\nThirty Year")."""

    def name(match: re.Match[str]) -> str:
        first, *rest = names[match.group("pool")].split()
        return " ".join([first + match.group("gap") + (rest[0] if rest else ""), *rest[1:]]).rstrip()

    text = re.sub(
        rf"\b[Pp]ool(?P<gap>\s+){_ROMAN}(?P<s1>\s+)mortgage(?P<s2>\s+)loans\b",
        lambda m: name(m) + m.group("s1") + loans.replace(" ", m.group("s2")),
        DETAILED,
    )
    text = re.sub(rf"\b[Pp]ool(?P<gap>\s+){_ROMAN}(?=\s+(?:premium|discount)\b)", name, text)
    if in_brackets:
        text = re.sub(r',\s+the\s+"([^"]+)",', " (\u201c\\1\u201d)", text)
    assert not re.search(rf"\bpools?\s+{_ROMAN}", text, re.I), "every pool named by its group"
    return text


THIRTY_FIFTEEN_RELOCATION = {"I": "30-Year", "II": "15-Year", "III": "Relocation"}
STANDARD_AND_RELOCATION = {"I": "Standard Thirty Year", "II": "Standard Fifteen Year", "III": "Employee Relocation"}
GROUPS_BY_NUMBER = {"I": "Group 1", "II": "Group 2", "III": "Group 3"}
LAYOUTS = {  # the groups' names, their loans' word, the definitions in brackets, and the pools read
    "30-Year Mortgage Loans": (
        THIRTY_FIFTEEN_RELOCATION,
        "Mortgage Loans",
        False,
        ["30-Year", "15-Year", "Relocation"],
    ),
    "(Standard Thirty Year Loans)": (
        STANDARD_AND_RELOCATION,
        "Loans",
        True,
        ["Standard Thirty Year", "Standard Fifteen Year", "Employee Relocation"],
    ),
    "(Group 1 Loans)": (GROUPS_BY_NUMBER, "Loans", True, ["1", "2", "3"]),  # a pool by its number, defined so
}


def _deal(text: str) -> Deal:
    return load_filing(ingest_bytes(text.encode(), "grouped.txt"))


@pytest.fixture(scope="module")
def sample() -> Deal:
    return _deal(DETAILED)


def _figures(pool: Pool) -> dict:
    """A pool's figures, apart from its name, where each was read and what is derived from it."""
    plain = json.loads(json.dumps(dataclasses.asdict(pool), default=str))  # tuples as lists
    return without_positions({k: v for k, v in plain.items() if k not in ("name", "provenance", "derived")})


@pytest.mark.parametrize("layout", LAYOUTS)
def test_loan_groups_a_filing_defines_are_its_pools_with_the_samples_figures(layout, sample):
    names, loans, in_brackets, pools = LAYOUTS[layout]
    text = _grouped(names, loans, in_brackets)
    deal = _deal(text)

    assert [p.name for p in deal.pools] == [*pools, "all"]  # never "CMSI", "Trustee", "Adjusted Balance"
    for grouped, pool in zip(deal.pools, sample.pools, strict=True):
        assert _figures(grouped) == _figures(pool), pool.name
    thirty, fifteen, relocation, _ = deal.pools
    assert (thirty.loan_count, fifteen.loan_count, relocation.loan_count) == (663, 154, 153)
    assert thirty.aggregate_balance == 335_095_817.07 and relocation.aggregate_balance == 80_602_219.93
    assert (thirty.wac, fifteen.wam_months, relocation.wa_ltv) == (6.132, 176.9, 70.2)
    assert fifteen.premium_discount.premium.balance == 76_623_116 and thirty.additional_collateral.balance == 660_000
    assert thirty.description == sample.pools[0].description
    assert_pool_facts_cite_their_lines(deal, text)  # every line kept where it was

    assert [(c.name, c.passed) for c in deal.checks] == [(c.name, c.passed) for c in sample.checks]
    assert len(deal.checks) == 23 and all(c.passed for c in deal.checks)
    assert not [w for w in deal.warnings if "not assigned" in w or "cannot be told" in w]
    derived = [(d.field, d.value) for d in deal.pools[-1].derived]
    assert derived == [(d.field, d.value) for d in sample.pools[-1].derived]
    assert deal.pools[-1].derived[0].derived_from == f"sum of pools {', '.join(pools)}"


def test_a_pool_named_by_its_loans_is_labelled_by_them():
    deal = _deal(_grouped(THIRTY_FIFTEEN_RELOCATION, "Mortgage Loans"))

    assert [p.label for p in deal.pools] == ["30-Year loans", "15-Year loans", "Relocation loans", "All loans"]
    assert {c.subject for c in deal.checks if c.name.startswith("premium")} == {
        "30-Year loans",
        "15-Year loans",
        "Relocation loans",
    }


def test_groups_beside_pools_named_by_number_are_said_and_never_guessed():
    text = _grouped(THIRTY_FIFTEEN_RELOCATION, "Mortgage Loans").replace(
        "There are no special hazard",
        "The pool I mortgage loans are serviced by CitiMortgage. There are no special hazard",
    )
    deal = _deal(text)

    assert not any(p.loan_count == 663 or p.name == "30-Year" for p in deal.pools)
    assert any(
        w.startswith('loan groups "30-Year Mortgage Loans", "15-Year Mortgage Loans", "Relocation Mortgage Loans"')
        and "not read as pools" in w
        for w in deal.warnings
    )
