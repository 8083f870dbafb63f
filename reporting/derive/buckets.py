"""Lining up the buckets of two stratification tables, for the deal-to-deal diff.

Two deals from the same shelf usually print the same tables, but not always with
the same buckets: one may split "$350,000 through $449,999" in two, or add a
"$1,000,000 and over" row. Rows are matched by their normalised label first.
When the labels are numeric ranges that differ, the finer table is re-bucketed
into the coarser one if every fine bucket falls inside exactly one coarse bucket
(the edges nest); otherwise the two tables are not comparable bucket by bucket
and are shown side by side. A bucket a table does not list holds none of its
loans, because a stratification table covers every loan of its pool, unless the
table has a row for the rest ("All other states"): then a state it does not name
may be in that row, so the states not named in both tables are compared together.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from reporting.model.bucket_labels import Interval, bucket_keys, normalise_label, parse_interval
from reporting.model.deal import StratTable
from reporting.model.diff import Alignment
from reporting.model.states import is_other


@dataclass(frozen=True)
class Bucket:
    """One table row with its share of the table's balance (percent of the table total)."""

    label: str
    count: int | None
    balance: float | None
    share: float | None
    # The bound a share is under where the filing writes it only as a mark ("*" under "* Less than
    # 0.005%"; a matrix's Total figure): the share then holds the middle of that range.
    under: float | None = None


@dataclass(frozen=True)
class AlignedRow:
    """One bucket of the comparison and the rows of each table that fall in it."""

    label: str
    old: tuple[Bucket, ...]
    new: tuple[Bucket, ...]


@dataclass(frozen=True)
class AlignedTable:
    alignment: Alignment
    rows: tuple[AlignedRow, ...]
    rebucketed_to: str | None = None  # "old" or "new": whose buckets the rows follow


def table_base(table: StratTable) -> float:
    """What a table's shares are shares of: its Total line's balance, else the sum of its rows."""
    stated = table.total.balance if table.total else None
    return stated if stated else sum(r.balance for r in table.rows if r.balance is not None)


def table_buckets(table: StratTable) -> tuple[Bucket, ...]:
    """Each row as a share of the table's Total line (of the rows' sum when there is none); in a table with no
    balances, the share the filing states."""
    total = table_base(table)
    return tuple(
        Bucket(
            row.label,
            row.count,
            row.balance,
            row.balance / total * 100 if row.balance is not None and total else None if total else row.share,
        )
        for row in table.rows
    )


@lru_cache(maxsize=4096)  # the same titles and labels come back for every comparison
def normalise_title(title: str) -> str:
    """ "DISTRIBUTION OF  Mortgage Loans by NOTE RATES:" -> "distribution of mortgage loans by note rates"."""
    return " ".join(re.sub(r"[^a-z0-9%$]+", " ", title.lower()).split())


def align_buckets(
    old: Sequence[Bucket], new: Sequence[Bucket], key: Callable[[str], str] = normalise_label
) -> AlignedTable:
    """Pair the buckets of two tables of the same attribute (see the module docstring); ``key`` says which labels
    name the same bucket (a state's: "California" and "CA" are one)."""
    old_keys = [key(b.label) for b in old]
    new_keys = [key(b.label) for b in new]
    if set(old_keys) != set(new_keys):
        old_ranges = [parse_interval(b.label) for b in old]
        new_ranges = [parse_interval(b.label) for b in new]
        if None not in old_ranges and None not in new_ranges:
            if _the_same_buckets(old, new):  # "65.01% to 75.00%" and "65.001%-75.000%"
                return AlignedTable(Alignment.MATCHED, tuple(AlignedRow(n.label, (o,), (n,)) for o, n in zip(old, new)))
            return _align_ranges(list(zip(old, old_ranges)), list(zip(new, new_ranges)))
    return AlignedTable(Alignment.MATCHED, _match_labels(old, new, key))


def _the_same_buckets(old: Sequence[Bucket], new: Sequence[Bucket]) -> bool:
    """Whether the two tables list the same buckets in the same order, each lying where the other's does."""
    return len(old) == len(new) and bucket_keys([b.label for b in old]) == bucket_keys([b.label for b in new])


def _match_labels(
    old: Sequence[Bucket], new: Sequence[Bucket], label_key: Callable[[str], str]
) -> tuple[AlignedRow, ...]:
    key = _key_with_rest(old, new, label_key)
    old_by_key: dict[str, list[Bucket]] = {}
    new_by_key: dict[str, list[Bucket]] = {}
    for bucket in old:
        old_by_key.setdefault(key(bucket.label), []).append(bucket)
    for bucket in new:
        new_by_key.setdefault(key(bucket.label), []).append(bucket)
    rows = []
    for k in _merge_orders(list(old_by_key), list(new_by_key)):
        olds, news = tuple(old_by_key.get(k, ())), tuple(new_by_key.get(k, ()))
        rest = next((b.label for b in (*news, *olds) if is_other(b.label)), None) if k == _REST else None
        rows.append(AlignedRow(rest or (news or olds)[0].label, olds, news))
    return tuple(rows)


_REST = "\x00rest"  # the key of the row for the rest, and of every bucket only one table names, where one has it


def _key_with_rest(
    old: Sequence[Bucket], new: Sequence[Bucket], normalise: Callable[[str], str] = normalise_label
) -> Callable[[str], str]:
    """Each bucket's key. Where a table has a row for the rest ("All other states"), a state only the other
    table names may be in it, so is not 0% there: the rest rows and every bucket not named in both tables
    share one key, and are compared together (what neither table names on its own, on each side)."""
    if not any(is_other(b.label) for b in (*old, *new)):
        return normalise
    named = {normalise(b.label) for b in old if not is_other(b.label)}
    both = named & {normalise(b.label) for b in new if not is_other(b.label)}
    return lambda label: key if (key := normalise(label)) in both else _REST


def _merge_orders(old_keys: list[str], new_keys: list[str]) -> list[str]:
    """The old table's order, with each new-only key placed after its neighbour in the new table."""
    merged = list(old_keys)
    previous: str | None = None
    for key in new_keys:
        if key not in merged:
            merged.insert(merged.index(previous) + 1 if previous is not None else 0, key)
        previous = key
    return merged


Ranged = tuple[Bucket, Interval]


def _align_ranges(old: list[Ranged], new: list[Ranged]) -> AlignedTable:
    for fine, coarse, coarse_side in ((new, old, "old"), (old, new, "new")):
        groups = _nest(fine, coarse)
        if groups is None:
            continue
        one_to_one = all(len(members) <= 1 for _, members in groups) and all(
            not members or members[0][1] == bucket[1] for bucket, members in groups if bucket is not None
        )
        rows = tuple(_aligned_row(bucket, members, coarse_side) for bucket, members in groups)
        if one_to_one:
            return AlignedTable(Alignment.MATCHED, rows)
        return AlignedTable(Alignment.REBUCKETED, rows, rebucketed_to=coarse_side)
    side_by_side = tuple(AlignedRow(b.label, (b,), ()) for b, _ in old) + tuple(
        AlignedRow(b.label, (), (b,)) for b, _ in new
    )
    return AlignedTable(Alignment.NOT_COMPARABLE, side_by_side)


def _nest(fine: list[Ranged], coarse: list[Ranged]) -> list[tuple[Ranged | None, list[Ranged]]] | None:
    """Each coarse bucket with the fine buckets inside it, or None when a fine bucket straddles an edge.

    A fine bucket overlapping no coarse bucket gets a row of its own (the coarse
    table has no loans there); rows come out in ascending order of their ranges.
    """
    groups: list[tuple[Ranged | None, list[Ranged]]] = [(c, []) for c in coarse]
    for bucket in fine:
        hits = [i for i, (_, interval) in enumerate(coarse) if _overlap(interval, bucket[1])]
        if not hits:
            groups.append((None, [bucket]))
        elif len(hits) == 1 and _contains(coarse[hits[0]][1], bucket[1]):
            groups[hits[0]][1].append(bucket)
        else:
            return None
    return sorted(groups, key=lambda g: _low((g[0] or g[1][0])[1]))


def _aligned_row(coarse: Ranged | None, members: list[Ranged], coarse_side: str) -> AlignedRow:
    fine = tuple(b for b, _ in members)
    if coarse is None:  # a fine bucket outside every coarse bucket
        olds, news = ((), fine) if coarse_side == "old" else (fine, ())
        return AlignedRow(fine[0].label, olds, news)
    olds, news = ((coarse[0],), fine) if coarse_side == "old" else (fine, (coarse[0],))
    return AlignedRow(coarse[0].label, olds, news)


def _low(interval: Interval) -> float:
    return float("-inf") if interval[0] is None else interval[0]


def _high(interval: Interval) -> float:
    return float("inf") if interval[1] is None else interval[1]


def _overlap(a: Interval, b: Interval) -> bool:
    return _low(a) <= _high(b) and _low(b) <= _high(a)


def _contains(outer: Interval, inner: Interval) -> bool:
    return _low(outer) <= _low(inner) and _high(inner) <= _high(outer)
