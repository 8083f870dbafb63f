"""The diff of two facts a detailed description states in a sentence of its own: the loss limits and the share of
a pool secured by investment properties (``reporting.read.deal_terms``).

Each is a ``MetricChange`` beside the pool metrics, so every format shows it as it shows them. Three things set
them apart from a measured figure:

* "There are no ... loss limits" is no limit, not a $0 limit and not a figure left unstated: that side is said
  "None" (``MetricChange.none_said``), and "None" against an amount is a change ("new limit", "limit dropped"),
  with no figure to subtract.
* A share stated as a cap ("No more than 5%") against another cap, or against none of the loans (no more than 0%),
  is compared as a bound moving: a change in pp, no relative change. Against a share stated as a figure
  ("approximately 2.1%") it is not comparable: the share under the cap may be anything up to it.
* A fact one filing does not state stays not stated on that side: never 0, never "None".
"""

from __future__ import annotations

from reporting import formatting
from reporting.derive.stated_facts import INVESTMENT_FIELD, approximate_within, none_of_the_loans
from reporting.model.deal import LOSS_LIMIT_KINDS, LOSS_LIMIT_LABELS, Bound, Deal, Pool
from reporting.model.diff import MetricChange, Side
from reporting.model.units import Unit
from reporting.read.deal_terms import investment_not_read, loss_limits_not_read

LOSS_LIMIT_KEY = "loss_limit:"  # + the kind ("loss_limit:fraud"): a loss limit's key in the diff
INVESTMENT_KEY = INVESTMENT_FIELD
INVESTMENT_LABEL = "Investment properties"  # as the summary's row names it
NEW_LIMIT, LIMIT_DROPPED, SAME_NONE = "new limit", "limit dropped", "same: none"
CAP_AGAINST_FIGURE = "a cap against a figure, the share under the cap not known"


def loss_limit_key(kind: str) -> str:
    return f"{LOSS_LIMIT_KEY}{kind}"


def is_loss_limit(key: str) -> bool:
    return key.startswith(LOSS_LIMIT_KEY)


def is_deal_term(key: str) -> bool:
    """A loss limit or the investment-property share: the facts this module compares."""
    return is_loss_limit(key) or key == INVESTMENT_KEY


def loss_limit_changes(old: Deal, new: Deal) -> tuple[MetricChange, ...]:
    """Each loss limit either deal states, old against new, in ``LOSS_LIMIT_KINDS``' order."""
    return tuple(
        _loss_limit(kind, old, new)
        for kind, _ in LOSS_LIMIT_KINDS
        if any(d.loss_limits is not None and d.loss_limits.stated(kind) for d in (old, new))
        or any(kind in loss_limits_not_read(d) for d in (old, new))
    )


def _loss_limit(kind: str, old: Deal, new: Deal) -> MetricChange:
    amounts = [getattr(d.loss_limits, kind) if d.loss_limits is not None else None for d in (old, new)]
    none = tuple(
        side
        for side, deal in zip(Side, (old, new))
        if deal.loss_limits is not None and kind in deal.loss_limits.none_stated
    )
    change = relative = None
    if amounts[0] is not None and amounts[1] is not None:
        change = round(amounts[1] - amounts[0], 2)
        relative = round(change / amounts[0] * 100, 9) if amounts[0] else None
    return MetricChange(
        loss_limit_key(kind),
        LOSS_LIMIT_LABELS[kind],
        Unit.DOLLARS,
        amounts[0],
        amounts[1],
        change,
        relative,
        old_places=formatting.cents_places(amounts[0]),  # "$4,936,413.78" as the summary writes it
        new_places=formatting.cents_places(amounts[1]),
        none_said=none,
        change_said=_limit_words(none, amounts),
        # a sentence naming it kept out with a warning: in the filing, not read (never "not stated")
        doubted=tuple(side for side, deal in zip(Side, (old, new)) if kind in loss_limits_not_read(deal)),
    )


def _limit_words(none: tuple[Side, ...], amounts: list[float | None]) -> str | None:
    """The change where a side says there is no limit: "new limit", "limit dropped", "same: none"; None where
    both state an amount, or a side states nothing (the dash)."""
    if len(none) == 2:
        return SAME_NONE
    if none == (Side.OLD,) and amounts[1] is not None:
        return NEW_LIMIT
    if none == (Side.NEW,) and amounts[0] is not None:
        return LIMIT_DROPPED
    return None


def investment_change(old_deal: Deal, new_deal: Deal, old: Pool, new: Pool) -> MetricChange | None:
    """The pools' shares secured by investment properties side by side; None where neither states one, for the
    compared pools or, of a whole deal, for its pools ("No more than 5% of the pool I mortgage loans ...")."""
    values = (old.investment_property_max_pct, new.investment_property_max_pct)
    by_pools = tuple(side for side, deal, pool in zip(Side, (old_deal, new_deal), (old, new)) if _by_pools(deal, pool))
    sides = zip(Side, (old_deal, new_deal), (old, new))
    unread = tuple(side for side, deal, pool in sides if pool.name in investment_not_read(deal))
    if values == (None, None):
        # stated for the pools only, or not read: said so beside the dash, never left out as if neither said a word
        if not by_pools and not unread:
            return None
        return MetricChange(
            INVESTMENT_KEY, INVESTMENT_LABEL, Unit.SHARE, None, None, None, None, doubted=unread, by_pools=by_pools
        )
    withins = tuple(approximate_within(p, INVESTMENT_KEY) for p in (old, new))
    bounds = (old.investment_property_bound, new.investment_property_bound)
    # "None of the mortgage loans": 0 exactly, which is no more than 0% too, so it sits beside a cap as a cap
    none = tuple(side for side, pool in zip(Side, (old, new)) if none_of_the_loans(pool))
    bound = Bound.NO_MORE_THAN if Bound.NO_MORE_THAN in bounds else None
    figures = tuple(side for side, b in zip(Side, bounds) if bound is not None and b is None and side not in none)
    stated = None not in values
    change = round(values[1] - values[0], 9) if stated else None  # type: ignore[operator]
    relative = None
    if stated and bound is None and values[0]:
        relative = round(change / values[0] * 100, 9)  # type: ignore[operator]
    unlike = CAP_AGAINST_FIGURE if stated and figures else None
    if len(none) == 2:  # none of the loans on both sides: said as two "None" loss limits are, not "0.00 pp"
        change = relative = None
    return MetricChange(
        INVESTMENT_KEY,
        INVESTMENT_LABEL,
        Unit.SHARE,
        values[0],
        values[1],
        None if unlike else change,
        None if unlike else relative,
        bound=bound,
        old_within=withins[0],
        new_within=withins[1],
        not_comparable=unlike,
        none_said=none,
        change_said=SAME_NONE if len(none) == 2 else None,
        unbounded=figures,
        by_pools=by_pools,
        doubted=unread,
    )


def _by_pools(deal: Deal, pool: Pool) -> bool:
    """The whole deal compared, with no share of its own, where a pool of the deal states one."""
    if not pool.is_whole_deal or pool.investment_property_max_pct is not None:
        return False
    return any(p.investment_property_max_pct is not None for p in deal.pools if not p.is_whole_deal)
