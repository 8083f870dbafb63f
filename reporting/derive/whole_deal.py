"""Deal figures the filing states only per pool, derived where the arithmetic is exact.

A detailed description may give the balance above 80% LTV, the smallest and largest
original balance and the latest maturity for each pool but not for the whole deal.
When the pools are the whole deal (their balances add up to it, as a check has
confirmed) and every pool states the figure, the deal's figure follows exactly: a
sum of balances, or the least or greatest of bounds and dates. Such a figure is a
``DerivedFigure`` in the whole deal's ``derived``, with how it was made and the
lines of the figures it was made from; it never fills the field of a stated
figure, so it is never shown as one. Averages of rounded figures are not exact
and are not derived.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from reporting.model.check_kinds import POOLS_ADD_UP
from reporting.model.deal import Deal, DerivedFigure, Pool, lines_of, provenance_of

# field -> (how the pools' figures make the deal's, in words; the function)
DERIVABLE: dict[str, tuple[str, Callable]] = {
    "balance_above_80_ltv": ("sum", sum),
    "original_balance_min": ("least", min),
    "original_balance_max": ("greatest", max),
    "original_term_min_years": ("least", min),
    "original_term_max_years": ("greatest", max),
    "originated_not_before": ("earliest", min),
    "originated_not_after": ("latest", max),
    "latest_maturity": ("latest", max),
    "max_ltv": ("greatest", max),  # "no loan had an LTV above 95%", said in each pool's section
}
# The pools are the whole deal only if a check adding them up to it passed.
_PARTITION_CHECKS = (POOLS_ADD_UP.named("balance"), POOLS_ADD_UP.named("loan count"))


def derive(deal: Deal) -> Deal:
    """The deal with the whole deal's unstated figures derived from its pools, where exact."""
    whole = deal.whole_deal
    parts = [p for p in deal.pools if not p.is_whole_deal]
    if whole is None or len(parts) < 2 or not _pools_are_the_deal(deal):
        return deal
    figures: list[DerivedFigure] = []
    names = ", ".join(p.name for p in parts)
    for field, (how, combine) in DERIVABLE.items():
        values = [getattr(p, field) for p in parts]
        if getattr(whole, field) is not None or None in values or whole.derived_figure(field):
            continue
        result = combine(values)
        figures.append(
            DerivedFigure(
                field,
                round(result, 2) if how == "sum" else result,
                f"{how} of pools {names}",
                tuple(sorted({n for p in parts for n in lines_of(p, field)})),
                _doubts(parts, field),
                _within(parts, field, how, result),
            )
        )
    if not figures:
        return deal
    derived_whole = replace(whole, derived=whole.derived + tuple(figures))
    return replace(deal, pools=tuple(derived_whole if p.is_whole_deal else p for p in deal.pools))


def _doubts(parts: list[Pool], field: str) -> tuple[str, ...]:
    """The parser's doubts about each pool's ``field``, each said of its pool: the deal's figure stands on them all."""
    return tuple(f"pool {p.name}: {w}" for p in parts if (found := provenance_of(p, field)) for w in found.warnings)


def _within(parts: list[Pool], field: str, how: str, result: object) -> float | None:
    """How near the deal's figure is where a pool's it is made from is stated as approximate: every pool's nearness
    added, for a sum; the chosen pools', for a least or greatest. None where those are stated exactly."""
    chosen = parts if how == "sum" else [p for p in parts if getattr(p, field) == result]
    near = [w for p in chosen if (found := provenance_of(p, field)) and (w := found.approximate_within)]
    if not near:
        return None
    return sum(near) if how == "sum" else max(near)


def _pools_are_the_deal(deal: Deal) -> bool:
    ran = [c for c in deal.checks if c.name in _PARTITION_CHECKS]
    return bool(ran) and all(c.passed for c in ran)
