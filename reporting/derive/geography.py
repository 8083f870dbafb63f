"""Geographic concentration: shares of balance by state, from a pool's state table.

The summary, the diff, the index and the email all quote the same two figures,
California's share and the share of the largest ``TOP_STATES`` states, and list
the largest ``STATES_LISTED`` states by name. They are computed here, once.
"""

from __future__ import annotations

import re

from reporting.derive.buckets import table_buckets
from reporting.model.deal import Deal, StratTable
from reporting.model.summary import StateShare
from reporting.model.table_kinds import TableKind

TOP_STATES = 5  # "top 5 states": the concentration figure analysts quote
STATES_LISTED = 10  # the largest states named in a report, a chart or a diff's "entering the top 10"

STATE_CODES = {
    "Alabama": "AL", "Alaska": "AK", "Arizona": "AZ", "Arkansas": "AR", "California": "CA",
    "Colorado": "CO", "Connecticut": "CT", "Delaware": "DE", "District of Columbia": "DC",
    "Florida": "FL", "Georgia": "GA", "Hawaii": "HI", "Idaho": "ID", "Illinois": "IL",
    "Indiana": "IN", "Iowa": "IA", "Kansas": "KS", "Kentucky": "KY", "Louisiana": "LA",
    "Maine": "ME", "Maryland": "MD", "Massachusetts": "MA", "Michigan": "MI", "Minnesota": "MN",
    "Mississippi": "MS", "Missouri": "MO", "Montana": "MT", "Nebraska": "NE", "Nevada": "NV",
    "New Hampshire": "NH", "New Jersey": "NJ", "New Mexico": "NM", "New York": "NY",
    "North Carolina": "NC", "North Dakota": "ND", "Ohio": "OH", "Oklahoma": "OK", "Oregon": "OR",
    "Pennsylvania": "PA", "Rhode Island": "RI", "South Carolina": "SC", "South Dakota": "SD",
    "Tennessee": "TN", "Texas": "TX", "Utah": "UT", "Vermont": "VT", "Virginia": "VA",
    "Washington": "WA", "West Virginia": "WV", "Wisconsin": "WI", "Wyoming": "WY",
}  # fmt: skip
_CODES_BY_LOWER_NAME = {name.lower(): code for name, code in STATE_CODES.items()}


def state_code(label: str) -> str | None:
    cleaned = re.sub(r"[^a-z ]+", " ", label.lower())
    cleaned = re.sub(r"\s+", " ", cleaned).strip()
    return _CODES_BY_LOWER_NAME.get(cleaned)


def state_table(deal: Deal, pool: str) -> StratTable | None:
    """The pool's table of balances by state, if the filing prints one."""
    return next((t for t in deal.tables if t.pool == pool and t.kind is TableKind.GEOGRAPHY), None)


def state_shares(table: StratTable) -> tuple[StateShare, ...]:
    """Every state with its share of the table's balance, largest first (ties keep the filing's order)."""
    shares = [
        StateShare(b.label, state_code(b.label), b.balance, b.share)
        for b in table_buckets(table)
        if b.balance is not None and b.share is not None
    ]
    return tuple(sorted(shares, key=lambda s: -s.balance))


def california_share(shares: tuple[StateShare, ...]) -> float:
    """California's share; a state table without a California row holds none of its loans."""
    return next((s.share for s in shares if s.code == "CA"), 0.0)


def top_share(shares: tuple[StateShare, ...]) -> float:
    """The share of the largest ``TOP_STATES`` states together."""
    return sum(s.share for s in shares[:TOP_STATES])
