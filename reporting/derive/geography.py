"""Geographic concentration: shares of balance by state, from a pool's state table.

The summary, the diff, the index and the email all quote the same two figures,
California's share and the share of the largest ``TOP_STATES`` states, and list
the largest ``STATES_LISTED`` states by name. They are computed here, once.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import TypeVar

from reporting.derive.buckets import table_buckets
from reporting.model.bucket_labels import normalise_label
from reporting.model.deal import Deal, StratTable, TableRow
from reporting.model.diff import TableDiff
from reporting.model.state_parts import is_broken_down, parts_misprinted
from reporting.model.states import STATE_NAMES, is_other, is_part_of_a_state, is_territory, state_code
from reporting.model.summary import StateShare
from reporting.model.table_kinds import TableKind, classify_table

TOP_STATES = 5  # "top 5 states": the concentration figure analysts quote
STATES_LISTED = 10  # the largest states named in a report, a chart or a diff's "entering the top 10"
T = TypeVar("T")


def state_table(deal: Deal, pool: str) -> StratTable | None:
    """The pool's table of balances by state, if the filing prints one: of its geographic tables, the
    one naming the most states (a table of California's regions is geographic too)."""
    tables = [t for t in deal.tables if t.pool == pool and t.kind is TableKind.GEOGRAPHY]
    return naming_most_states(tables, lambda t: [r.label for r in t.rows])


def state_tables_not_read(deal: Deal) -> list[tuple[int, str]]:
    """The geographic tables the filing has and the parser could not read, as (first line, title): a
    pool with no state table read may have its figures there, in the filing but not read (not "not stated")."""
    return [t for n in deal.not_run if (t := n.table_not_read) and classify_table(t[1]) is TableKind.GEOGRAPHY]


def shares_known(table: StratTable) -> bool:
    """Whether every row of a state table has its balance, so that each state's share of it is known. A row
    without one (a figure not read, or a table stating each state's share alone, rounded) leaves California's
    share and the top states' unknown: a state not read would have been counted as holding no loans."""
    return all(row.balance is not None for row in table.rows)


def naming_most_states(tables: Sequence[T], labels: Callable[[T], Sequence[str]]) -> T | None:
    """Of several geographic tables (of a deal, or of a diff), the one whose rows name the most states."""
    return max(tables, key=lambda t: len({state_code(label) for label in labels(t)} - {None}), default=None)


def state_shares(table: StratTable) -> tuple[StateShare, ...]:
    """Every state with its share of the table's balance, largest first (ties keep the filing's order).
    A state set in several rows ("Northern California", "Southern California") is one state."""
    buckets = [b for b in table_buckets(table) if b.balance is not None and b.share is not None]
    misprinted = parts_misprinted(table)  # the state's own row holds their loans: its share, not theirs again
    shares: list[StateShare] = []
    for bucket in buckets:
        code = state_code(bucket.label)
        if code is not None and is_part_of_a_state(bucket.label) and is_broken_down(buckets, code):
            continue
        if bucket.label in misprinted:
            continue
        same = next((i for i, s in enumerate(shares) if code is not None and s.code == code), None)
        if same is None:
            shares.append(StateShare(bucket.label, code, bucket.balance, bucket.share))
        else:
            parts = shares[same]
            name = STATE_NAMES.get(code, parts.state)
            shares[same] = StateShare(name, code, parts.balance + bucket.balance, parts.share + bucket.share)
    return tuple(sorted(shares, key=lambda s: -s.balance))


def california_share(shares: tuple[StateShare, ...]) -> float | None:
    """California's share; a state table without a California row holds none of its loans,
    unless a row names no state the parser knows: California could be that row (None). A row
    for the rest ("All other states") is never California alone, but may hold California's loans
    where no row names it (None: the filing does not say how many)."""
    unknown = [s for s in shares if not s.code and not is_other(s.state)]
    if any("calif" in s.state.lower() for s in unknown):
        return None  # a part of California the parser did not read as one: the share would be short
    if (california := next((s for s in shares if s.code == "CA"), None)) is not None:
        return california.share
    return None if unknown or any(is_other(s.state) for s in shares) else 0.0


def named_states(shares: Sequence[StateShare]) -> list[StateShare]:
    """The rows that are states, in their order; a row for the rest ("All other states"), however large,
    is no state."""
    return [s for s in shares if not is_other(s.state)]


def ranked_states(shares: Sequence[StateShare]) -> list[StateShare]:
    """The rows that rank among the largest states, in their order: states and DC, a territory never."""
    return [s for s in named_states(shares) if not is_territory(s.code)]


def top_states(shares: tuple[StateShare, ...]) -> list[StateShare]:
    """The largest ``TOP_STATES`` rows that are states (``ranked_states``), or fewer where the table names fewer."""
    return ranked_states(shares)[:TOP_STATES]


def top_share(shares: tuple[StateShare, ...]) -> float | None:
    """The share of the largest ``TOP_STATES`` states together; a row for the rest ("All other
    states"), however large, is no state. None where a row that names no state the parser knows
    ranks among them: it may be no state, or a part of one listed."""
    largest = top_states(shares)
    if any(not s.code for s in largest):
        return None
    return sum(s.share for s in largest)


def top_states_share(shares: tuple[StateShare, ...]) -> float | None:
    """The share of the largest ``TOP_STATES`` states, as every deal's "Top 5 states" figure (the key metrics, the
    diff, the shelf): ``top_share``, but None where the table names fewer states beside a row for the rest ("All
    other states"): the fifth is in that row, its share not stated, and the named ones' sum is another figure."""
    return None if _fifth_in_the_rest(shares) else top_share(shares)


def _fifth_in_the_rest(shares: tuple[StateShare, ...]) -> bool:
    """Whether the table names fewer than ``TOP_STATES`` states beside a row for the rest, which holds the others."""
    return len(top_states(shares)) < TOP_STATES and any(is_other(s.state) for s in shares)


def only_in_the_rest(table: StratTable, rows_used: Sequence[TableRow]) -> bool:
    """Whether a state figure stands on no row because the table does not name its states, each row being a
    state or the rest ("All other states"): the filing does not state it, rather than states it in a row the
    parser did not read as a state."""
    return (
        not rows_used
        and any(is_other(r.label) for r in table.rows)
        and all(state_code(r.label) is not None or is_other(r.label) for r in table.rows)
    )


def california_rows(table: StratTable) -> tuple[TableRow, ...]:
    """The rows California's share is read off: California's own (and its parts'), and every row where the
    table states no Total line (the shares are then of the rows' sum)."""
    return _rows_used(table, {"CA"})


def top_rows(table: StratTable) -> tuple[TableRow, ...]:
    """The rows the "Top 5 states" figure is read off (``largest_rows``); none where the fifth is in the row for the
    rest (``top_states_share``): the filing does not state the figure, rather than states it in rows not read."""
    return () if _fifth_in_the_rest(state_shares(table)) else largest_rows(table)


def largest_rows(table: StratTable) -> tuple[TableRow, ...]:
    """The rows the largest states' share is read off: the largest ``TOP_STATES`` states' (each with its parts),
    or as many as the table names, and every row where the table states no Total line."""
    return _rows_used(table, {s.code for s in top_states(state_shares(table))})


def _rows_used(table: StratTable, codes: set[str | None]) -> tuple[TableRow, ...]:
    """The rows of the states ``codes``; every row where the shares are of the rows' sum (no Total line stated):
    a doubt about a row marks only the figures that stand on it."""
    if table.total is None or not table.total.balance:
        return table.rows
    return tuple(row for row in table.rows if (code := state_code(row.label)) is not None and code in codes)


def state_key(label: str) -> str:
    """What a state table's row is matched by in a diff: the state's postal code however the filing writes it
    ("California", "CA", "Calif."), so that two filings writing it two ways compare one state; a part of a state
    ("Northern California") or a row naming none, its label normalised."""
    code = state_code(label)
    return code if code is not None and not is_part_of_a_state(label) else normalise_label(label)


def state_keys(old: Sequence[str], new: Sequence[str], added: Collection[str] = ()) -> Callable[[str], str]:
    """``state_key`` for the rows of two state tables, where a part of a state ("Northern California") one table
    names and the other does not is its state, in a table without a row for the whole state, or beside a row for
    the rest of it (``added``, ``parts_added``): the other's "California" holds those loans, and is compared with
    the parts and the rest together, never as fallen to 0% (nor to the rest's share)."""
    both = {normalise_label(label) for label in old} & {normalise_label(label) for label in new}
    beside_the_rest = {normalise_label(label) for label in added}
    sides = [(set(map(normalise_label, labels)), {state_key(label) for label in labels}) for labels in (old, new)]

    def key(label: str) -> str:
        name, code = normalise_label(label), state_code(label)
        if code is None or not is_part_of_a_state(label) or name in both:
            return state_key(label)
        if name in beside_the_rest:
            return code
        return code if not any(name in names and code in wholes for names, wholes in sides) else name

    return key


def state_table_diff(tables: Sequence[TableDiff]) -> TableDiff | None:
    """The state table's diff: of the geographic tables', the one naming the most states (as
    ``state_table`` chooses a deal's), whether or not its buckets could be matched."""
    found = [t for t in tables if t.kind is TableKind.GEOGRAPHY]
    return naming_most_states(found, lambda t: [r.label for r in t.rows])
