"""Facts a filing states in a sentence of their own, as every format writes them: the loss limits ("$6,000,000", "None"
where the filing says there is no limit) and each pool's share secured by investment properties ("≤ 5%", "approx.
2.1%", "None"), "in the filing but not read" where a sentence giving one was kept out with a warning.

Kept apart from the summary (which needs pandas) so that the terminal's `parse` and the shelf read them without it.
"""

from __future__ import annotations

from collections.abc import Sequence

from reporting import formatting
from reporting.model.deal import LOSS_LIMIT_KINDS, LOSS_LIMIT_LABELS, Deal, LossLimits, Pool, lines_of, provenance_of
from reporting.model.summary import NOT_READ, StatedFact
from reporting.model.units import Unit
from reporting.read.deal_terms import investment_not_read, loss_limits_not_read

INVESTMENT_FIELD = "investment_property_max_pct"  # the pool's field, and its figure's key in the diff

ALL_LOSS_LIMITS_LABEL = "Special hazard, fraud and bankruptcy loss limits"


def loss_limit_facts(deal: Deal) -> tuple[StatedFact, ...]:
    """The loss limits the filing states; where it says there are none of all three, one line says so. A limit a
    sentence names that was kept out with a warning is "in the filing but not read", as the diff and the shelf say,
    never left out as if the filing were silent on it."""
    limits, unread = deal.loss_limits, loss_limits_not_read(deal)
    if limits is not None and len(limits.none_stated) == len(LOSS_LIMIT_KINDS):
        return (StatedFact(ALL_LOSS_LIMITS_LABEL, None, formatting.NONE_STATED, lines_of(limits, *limits.none_stated)),)
    return tuple(
        StatedFact(LOSS_LIMIT_LABELS[kind], None, NOT_READ)
        if kind in unread
        else StatedFact(
            LOSS_LIMIT_LABELS[kind],
            getattr(limits, kind),
            written_loss_limit(limits, kind),  # type: ignore[arg-type]
            lines_of(limits, kind),
            exact=getattr(limits, kind) is not None,
        )
        for kind, _ in LOSS_LIMIT_KINDS
        if kind in unread or (limits is not None and limits.stated(kind))
    )


def written_loss_limit(limits: LossLimits | None, kind: str) -> str | None:
    """A loss limit as every report writes it: "$6,000,000", "None" where the filing says there is no limit; None
    where it does not state it."""
    if limits is None or not limits.stated(kind):
        return None
    amount = getattr(limits, kind)
    return (
        formatting.NONE_STATED
        if amount is None
        else formatting.figure(amount, Unit.DOLLARS, places=formatting.cents_places(amount))
    )


def investment_facts(deal: Deal, pools: Sequence[Pool]) -> tuple[StatedFact, ...]:
    """Each pool's share secured by investment properties, a bound written as a bound, "in the filing but not
    read" where a sentence giving it was kept out (as the diff and the shelf say); () where none states it."""
    unread = investment_not_read(deal)
    if all(p.investment_property_max_pct is None and p.name not in unread for p in pools):
        return ()
    return tuple(
        StatedFact(p.label, None, NOT_READ, unit=Unit.SHARE) if p.name in unread else _investment_of(p) for p in pools
    )


def _investment_of(pool: Pool) -> StatedFact:
    value, bound = pool.investment_property_max_pct, pool.investment_property_bound
    within = approximate_within(pool, INVESTMENT_FIELD)
    plain = value is not None and bound is None and within is None and not none_of_the_loans(pool)
    written = written_investment(pool) or formatting.MISSING
    return StatedFact(pool.label, value, written, lines_of(pool, INVESTMENT_FIELD), Unit.SHARE, plain)


def written_investment(pool: Pool) -> str | None:
    """A pool's share secured by investment properties as every report writes it: "None" (none of the loans),
    "≤ 5%", "approx. 2.1%"; None where the filing does not state it."""
    value = pool.investment_property_max_pct
    if value is None:
        return None
    if none_of_the_loans(pool):
        return formatting.NONE_STATED
    return formatting.figure(
        value, Unit.SHARE, pool.investment_property_bound, approximate_within(pool, INVESTMENT_FIELD)
    )


def none_of_the_loans(pool: Pool) -> bool:
    """ "None of the mortgage loans ... investment properties": 0 exactly, neither a cap nor approximate."""
    return (
        pool.investment_property_max_pct == 0
        and pool.investment_property_bound is None
        and approximate_within(pool, INVESTMENT_FIELD) is None
    )


def approximate_within(holder: object, field: str) -> float | None:
    """How near a figure is where the filing states it as approximate (``Provenance.approximate_within``)."""
    found = provenance_of(holder, field)
    return found.approximate_within if found else None
