"""Deals with known edits, for diff tests: built from a parsed sample, re-validated so checks stay honest."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date, timedelta

from reporting.model.deal import Deal, FilingKind
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


def as_series(deal: Deal, series: str, cut_off: date, kind: FilingKind | None = None) -> Deal:
    """The deal filed as another series with its own cut-off date (reported a week later) and its own file,
    so a shelf built in a test holds distinct filings with known dates."""
    source = replace(
        deal.source,
        path=f"/filings/cmsi-{series}-{(kind or deal.kind).value}.txt",
        sha256=hashlib.sha256(f"{series} {cut_off} {kind}".encode()).hexdigest(),
    )
    return replace(
        deal,
        series=series,
        cut_off_date=cut_off,
        date_of_report=cut_off + timedelta(days=7),
        source=source,
        kind=kind or deal.kind,
    )


def with_state_moved(deal: Deal, amount: float, from_state: str = "California", to_state: str = "Nevada") -> Deal:
    """``amount`` of balance moved from one state's row to another's: the table still adds up."""
    return with_state_balances(deal, {from_state: -amount, to_state: amount})
