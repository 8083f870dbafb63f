"""A state's parts ("Northern California", "Southern California") beside its own row in a state table: a breakdown
of the state, whose loans its own row holds (not to be counted again), or the rest of the state beside its parts
(all added up). One place for the rule, which the table's checks (validate), its shares and the diff (derive) keep.
"""

from __future__ import annotations

from collections.abc import Sequence

from reporting.model.deal import StratTable
from reporting.model.states import is_part_of_a_state, state_code


def is_broken_down(buckets: Sequence, code: str) -> bool:
    """Whether a state's own row ("California") has its parts under it ("Northern California", ...)
    that add up to it, to the table's rounding: a breakdown, not added again. Parts beside a row for the rest of the state
    ("California" 26,923,131 with the north's 120,000,000 and the south's 150,000,000) are added."""
    own = [b.balance for b in buckets if state_code(b.label) == code and not is_part_of_a_state(b.label)]
    parts = sum(b.balance for b in buckets if state_code(b.label) == code and is_part_of_a_state(b.label))
    return bool(own) and abs(own[0] - parts) <= max(_DOLLAR_ROUNDING, _ROUNDING_SHARE * own[0])


def parts_broken_down(buckets: Sequence) -> frozenset[str]:
    """The labels of the parts of a state ("Northern California") listed under the state's own row, which they add up
    to (``is_broken_down``): a breakdown of the state, whose loans its own row holds."""
    return _parts_beside_their_state(buckets, broken_down=True)


def parts_added(buckets: Sequence) -> frozenset[str]:
    """The labels of the parts of a state listed beside a row for the rest of it ("California" 26,923,131 with the
    north's 120,000,000 and the south's 150,000,000): the state's loans are in them all."""
    return _parts_beside_their_state(buckets, broken_down=False)


def parts_misprinted(table: StratTable) -> frozenset[str]:
    """The parts of a state listed with its own row, not adding up to it, where the rows add up nearer the Total
    without them: a breakdown of the state whose parts are misprinted (the table's check of them against their state
    fails, naming both), not the rest of the state beside its parts (``parts_added``), whose rows add up to the Total
    with them."""
    added, broken = parts_added(table.rows), parts_broken_down(table.rows)
    total = table.total.balance if table.total is not None else None
    if not added or total is None or any(r.balance is None for r in table.rows):
        return frozenset()
    with_them = sum(r.balance or 0.0 for r in table.rows if r.label not in broken)
    without = with_them - sum(r.balance or 0.0 for r in table.rows if r.label in added)
    return added if abs(total - without) < abs(total - with_them) else frozenset()


def _parts_beside_their_state(buckets: Sequence, broken_down: bool) -> frozenset[str]:
    """The labels of the parts of states whose own row the table lists too, which they add up to or not."""
    known = [b for b in buckets if b.balance is not None]
    return frozenset(
        b.label
        for b in known
        if (code := state_code(b.label)) is not None
        and is_part_of_a_state(b.label)
        and any(state_code(o.label) == code and not is_part_of_a_state(o.label) for o in known)
        and is_broken_down(known, code) == broken_down
    )


_DOLLAR_ROUNDING = 1.0  # a breakdown's parts add up to their state's row, but for rounding
_ROUNDING_SHARE = 0.005  # (a few dollars a row; in a table in thousands, $500 a row)
