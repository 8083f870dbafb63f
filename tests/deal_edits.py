"""Deals with known edits, for diff tests: built from a parsed sample, re-validated so checks stay honest."""

from __future__ import annotations

from dataclasses import replace

from reporting.model.deal import Deal
from reporting.validate.reconcile import validate


def with_state_balances(deal: Deal, changes: dict[str, float]) -> Deal:
    """The deal with some state rows' balances changed, re-validated so its checks are honest."""
    tables = tuple(
        replace(t, rows=tuple(replace(r, balance=r.balance + changes.get(r.label, 0)) for r in t.rows))
        if "STATE" in t.title
        else t
        for t in deal.tables
    )
    return validate(replace(deal, tables=tables, checks=()))


def with_wac_raised(deal: Deal, by: float) -> Deal:
    """Every rate of the whole deal raised alike, so the premium/discount split still reconciles."""
    pool = deal.whole_deal
    split = pool.premium_discount
    split = replace(
        split,
        premium=replace(split.premium, wac=round(split.premium.wac + by, 3)),
        discount=replace(split.discount, wac=round(split.discount.wac + by, 3)),
    )
    return with_pool(deal, pool.name, wac=round(pool.wac + by, 3), premium_discount=split)


def with_pool(deal: Deal, name: str, **values) -> Deal:
    pools = tuple(replace(p, **values) if p.name == name else p for p in deal.pools)
    return validate(replace(deal, pools=pools, checks=()))
