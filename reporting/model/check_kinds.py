"""Every kind of reconciliation check, defined once: the name a check is listed by, and what it compares in plain words.

A check's name says it as a rule ("table rows add up to the total balance"); a report's line for the checks of one
subject that passed says what was set against what ("the rows' loan count and balance added up against the Total
line's"), for a reader to know which figures agreed. Both come from here, where ``validate`` makes each check and
``Check.compares`` reads it back: no report words a check of its own.

A kind's ``name`` and ``compares`` may each have a slot, ``{}``, for what the check is of: the figure ("loan count",
"WAC"), the matrix row or column, the class. A report naming several checks of one kind fills ``compares`` once with
all they are of ("the pools' WAC, WAM and WA LTV, weighted by balance, ..."); a kind whose words need none has no slot.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class CheckKind:
    key: str  # as the JSON names it: "rows_add_up"
    name: str  # the rule, as a failure is listed: "table rows add up to the total {}"
    compares: str  # what it sets against what, in plain words: "the rows' {} added up against the Total line's"

    def named(self, *of: str) -> str:
        return self.name.format(*of)


def _kinds(*kinds: CheckKind) -> dict[str, CheckKind]:
    return {kind.key: kind for kind in kinds}


ROWS_ADD_UP = CheckKind(
    "rows_add_up", "table rows add up to the total {}", "the rows' {} added up against the Total line's"
)
TOTAL_IS_THE_POOLS = CheckKind(
    "total_is_the_pools", "table total equals the pool's {}", "the Total line's {} against the pool's"
)
# a state's rows of its parts ("Northern California") listed under its own row, which holds their loans
STATE_PARTS_ADD_UP = CheckKind(
    "state_parts_add_up",
    "a state's parts add up to its {}",
    "the {} of the rows of a state's parts, added up against the state's own row's",
)
# a table the filing gives no Total line, or a Total line leaving the figure blank
ROWS_ARE_THE_POOLS = CheckKind(
    "rows_are_the_pools", "table rows add up to the pool's {}", "the rows' {} added up against the pool's"
)
POOLS_ADD_UP = CheckKind(
    "pools_add_up", "pools add up to the deal {}", "the pools' {} added up against the whole deal's"
)
POOLS_WEIGHTED = CheckKind(
    "pools_weighted",
    "balance-weighted pool {} equals the deal's",
    "the pools' {}, weighted by their balances, against the whole deal's",
)
RATE_GROUPS_ADD_UP = CheckKind(
    "rate_groups_add_up",
    "premium + discount balance equals the pool",
    "the premium and discount loans' {} added up against the pool's",
)
RATE_GROUPS_WEIGHTED = CheckKind(
    "rate_groups_weighted",
    "premium/discount weighted {} equals the pool's",
    "the premium and discount loans' {}, weighted by their balances, against the pool's",
)
CLASSES_ADD_UP = CheckKind(
    "classes_add_up",
    "class balances add up to the deal balance",
    "the classes' balances added up against the deal's balance",
)
# a class named for several (A beside A-1 ... A-12): its name's slots are the class and its parts
CLASS_PARTS = CheckKind(
    "class_parts",
    "class {} equals classes {}",
    "the class's balance against the balances of classes {} added up",
)
SUBORDINATION = CheckKind(
    "subordination",
    "class {} subordination equals junior classes over the deal",
    "the subordination level against the balances of the classes junior to it over the deal's balance",
)
MATRIX_ROW = CheckKind(
    "matrix_row", "matrix row '{}' adds up to its total", "each row's cells added up against the row's total"
)
MATRIX_COLUMN = CheckKind(
    "matrix_column",
    "matrix column '{}' adds up to its total",
    "each column's cells added up against the column's total",
)
MATRIX_TOTALS = CheckKind(
    "matrix_totals", "matrix {} totals add up to the grand total", "the {} totals added up against the grand total"
)
MATRIX_IS_THE_TABLE = CheckKind(
    "matrix_is_the_ltv_table",
    "matrix column '{}' equals the LTV table's share",
    "each LTV column's total against the LTV table's share of the balance",
)
# a matrix set the other way round: LTV down the rows, FICO across
MATRIX_ROW_IS_THE_TABLE = CheckKind(
    "matrix_row_is_the_ltv_table",
    "matrix row '{}' equals the LTV table's share",
    "each LTV row's total against the LTV table's share of the balance",
)
ABOVE_80_LTV = CheckKind(
    "above_80_ltv",
    "LTV table buckets above 80% equal the stated balance above 80% LTV",
    "the LTV table's rows above 80% added up against the pool's stated balance above 80% LTV",
)
DATES = CheckKind(
    "dates",
    "cut-off date is between a year before and a month after the date of report",
    "the cut-off date against the date of report",
)

KINDS = _kinds(
    ROWS_ADD_UP,
    STATE_PARTS_ADD_UP,
    TOTAL_IS_THE_POOLS,
    ROWS_ARE_THE_POOLS,
    POOLS_ADD_UP,
    POOLS_WEIGHTED,
    RATE_GROUPS_ADD_UP,
    RATE_GROUPS_WEIGHTED,
    CLASSES_ADD_UP,
    CLASS_PARTS,
    SUBORDINATION,
    MATRIX_ROW,
    MATRIX_COLUMN,
    MATRIX_TOTALS,
    MATRIX_IS_THE_TABLE,
    MATRIX_ROW_IS_THE_TABLE,
    ABOVE_80_LTV,
    DATES,
)


def compares(kind: str, of: Iterable[str]) -> str:
    """What checks of one kind compare, in plain words, filled with all they are of ("loan count and balance");
    "" for a kind not known here (a check read back from another version's JSON)."""
    found = KINDS.get(kind)
    return found.compares.format(listed(list(dict.fromkeys(x for x in of if x)))) if found else ""


def this_one(kind: str, of: str) -> str:
    """What one check compares, what it is of named even where its kind's words leave it out: "each row's cells
    added up against the row's total ('650 to 699')" ("" for a kind not known here)."""
    found = KINDS.get(kind)
    if found is None:
        return ""
    return found.compares.format(of) if "{}" in found.compares or not of else f"{found.compares} ('{of}')"


def what_they_compare(checks: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """What checks (each its kind and what it is of) compare, a phrase per kind in their order: checks of one kind
    said once, with all they are of."""
    by_kind: dict[str, list[str]] = {}
    for kind, of in checks:
        by_kind.setdefault(kind, []).append(of)
    return tuple(said for kind, of in by_kind.items() if (said := compares(kind, of)))


def listed(names: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"
