"""Validate: every reconciliation the filing allows, recorded as checks.

A CMSI filing agrees with itself: table rows add up to their Total line, table
totals equal the pool, pools add up to the deal, premium + discount = pool,
classes add up to the deal, subordination levels equal the junior balances over
the deal, and percent matrices add up across and down. Each check keeps the two
figures and the tolerance, so a report can show exactly what did not agree, and
the filing lines of each side, so a reader can look both up.

A check the filing's tables, pools or classes call for (a table's Total beside its pool, rate groups beside
their pool, classes beside the deal) that cannot run because a figure it compares is missing, not stated or
not readable (the pool's balance, count or WAC, a class's balance), is recorded as ``NotRun``, so no
report calls the checks that did run "all". So are the checks of a table the filing has and the parser
could not read (it records them as it reads).

A check runs only where the filing says enough to make it right: a subordination
level is checked only when the seniority of every class is known from its name (seniors such as A,
IA-1, A-PO; the senior subordinated M; subordinates B-1 ... B-n), since the classes junior to a senior class
are the subordinate ones, not the classes listed after it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial

from reporting import formatting
from reporting.formatting import written_places
from reporting.model.bucket_labels import bucket_keys, parse_interval
from reporting.model.check_kinds import (
    ABOVE_80_LTV,
    CLASS_PARTS,
    CLASSES_ADD_UP,
    MATRIX_COLUMN,
    MATRIX_IS_THE_TABLE,
    MATRIX_ROW,
    MATRIX_ROW_IS_THE_TABLE,
    MATRIX_TOTALS,
    POOLS_ADD_UP,
    POOLS_WEIGHTED,
    RATE_GROUPS_ADD_UP,
    RATE_GROUPS_WEIGHTED,
    ROWS_ADD_UP,
    ROWS_ARE_THE_POOLS,
    STATE_PARTS_ADD_UP,
    SUBORDINATION,
    TOTAL_IS_THE_POOLS,
    CheckKind,
)
from reporting.model.deal import (
    CLASSES_TOGETHER,
    WHOLE_DEAL,
    CertificateClass,
    Check,
    Deal,
    NotRun,
    PercentMatrix,
    Provenance,
    StratTable,
    TableRow,
    TableTotal,
    class_figure,
    holding_no_balance,
    junior_classes,
    lines_of,
    of_the_total_line,
    parts_of,
    provenance_of,
    senior_total,
    within_as_written,
)
from reporting.model.state_parts import parts_broken_down, parts_misprinted
from reporting.model.states import is_part_of_a_state, state_code
from reporting.model.table_kinds import TableKind, classify_table, names_ltv_now
from reporting.model.units import Unit
from reporting.validate.dates import date_checks, doubt_dates
from reporting.validate.plausible import doubt_implausible

# Tables print whole dollars: each row and the total may be off by half a dollar (by $500 in a
# table in thousands: ``StratTable.balance_unit``).
ROUNDING_PER_ROW = 0.5
# The filing's rates have 3 decimals, terms 2 and LTVs 1: a weighted average of
# rounded figures may differ from the rounded whole by one unit in the last place.
AVERAGE_TOLERANCES = {"wac": 0.001, "wam_months": 0.01, "wa_original_term_months": 0.01, "wa_ltv": 0.1}
# How a report names each averaged figure: the checks are read by people.
FIELD_LABELS = {"wac": "WAC", "wam_months": "WAM", "wa_original_term_months": "WA original term", "wa_ltv": "WA LTV"}
# And what it counts, so a check's figures are written with their unit.
FIELD_UNITS = {
    "wac": Unit.RATE,
    "wam_months": Unit.MONTHS,
    "wa_original_term_months": Unit.MONTHS,
    "wa_ltv": Unit.PERCENT,
}
MATRIX_TOLERANCE = 0.02  # percent points: cells are rounded to 0.01
SUBORDINATION_TOLERANCE = 1e-6  # percent points: levels are stated to 12 decimals
CENTS = 0.005  # pool and class balances stated to the cent: their sums must agree to the cent
# How a report names the unit a table writes its balances in (``StratTable.balance_unit``).
_TABLE_UNITS = {1.0: "whole dollars", 1e3: "thousands of dollars", 1e6: "millions of dollars"}


@dataclass(frozen=True)
class _Rounding:
    """How far one side of a balance check may be from exact for the way the filing writes its figures (in
    whole dollars, in thousands, approximately), and why, in words; ``approximately``: the part from figures
    stated as approximate, for which a report writes that side as stated."""

    within: float = 0.0
    approximately: float = 0.0
    reasons: tuple[tuple[str, str], ...] = ()  # (which figures, how given): ("the pools' balances", "in whole dollars")


_MOST_NAMED = 3  # figures named one by one in a check's allowance; more are named together


def _as_written(together: str, figures: Sequence[tuple[str, object, str]]) -> _Rounding:
    """The rounding of amounts as the filing writes them, each (its name, holder, field): ("pool II's balance",
    pool, "aggregate_balance"). Each stated approximately is named as stated ("pool II's balance being given
    as approx. $312.4mm"), those in whole dollars together (``together``: "the pools' balances") where all are."""
    withins = [within_as_written(holder, field) for _, holder, field in figures]
    about = [bool((p := provenance_of(h, f)) and p.approximate_within) for _, h, f in figures]
    approximate = [(name, h, f, w) for (name, h, f), w, a in zip(figures, withins, about) if a]
    rounded = [name for (name, _, _), w, a in zip(figures, withins, about) if w and not a]
    if len(approximate) > _MOST_NAMED:
        reasons = [(together if len(approximate) == len(figures) else f"some of {together}", "rounded")]
    else:
        reasons = [(name, f"as {formatting.about(getattr(h, f), Unit.DOLLARS, w)}") for name, h, f, w in approximate]
    if rounded:
        reasons.append(
            (
                together if len(rounded) == len(figures) or len(rounded) > _MOST_NAMED else _listed(rounded),
                "in whole dollars",
            )
        )
    return _Rounding(sum(withins), sum(w for w, a in zip(withins, about) if a), tuple(reasons))


def _weighted_by(
    together: str, weights: Sequence[tuple[str, object, str]], values: Sequence[float], average: float
) -> _Rounding:
    """How far a balance-weighted average may move for the rounding of its weights as written ("approximately
    $77.9 million"): each weight's rounding times how far its figure is from the average, over the weights'
    total (to first order). None below the precision a check's figures are printed to: a weight in whole
    dollars moves an average by a billionth."""
    total = sum(getattr(holder, field) for _, holder, field in weights)
    spread = sum(within_as_written(h, f) * abs(v - average) for (_, h, f), v in zip(weights, values))
    moved = round(spread / total, formatting.CHECK_PLACES) if total else 0.0
    if not moved:
        return _Rounding()
    written = _as_written(together, weights)
    return _Rounding(moved, moved if written.approximately else 0.0, written.reasons)


def _averages_as_written(field: str, figures: Sequence[tuple[str, object]], *, most: bool = False) -> _Rounding:
    """The rounding of weighted averages written to fewer decimals than the filings' usual (``WRITTEN_TO``: "WAC
    5.8%" for 5.7834%): half a unit of the last decimal written, named ("the deal's WAC being given to 1
    decimal"); of the largest of them where ``most`` (an average of averages is out by no more than the coarsest).
    One stated approximately is not here: the tolerance allows for it as before."""
    rounded = [
        (name, within, _written_to(p))
        for name, holder in figures
        if (p := provenance_of(holder, field)) is not None
        and not p.approximate_within
        and (within := within_as_written(holder, field))
    ]
    if not rounded:
        return _Rounding()
    withins = [within for _, within, _ in rounded]
    reasons = tuple((name, how) for name, _, how in rounded)
    return _Rounding(max(withins) if most else sum(withins), 0.0, reasons)


def _written_to(provenance: Provenance) -> str:
    """How a figure's rounding is written, for a check's allowance: "to 1 decimal", "in 16ths"."""
    if provenance.parts:
        return f"in {provenance.parts}ths"
    places = provenance.places or 0
    return f"to {places} decimal{'' if places == 1 else 's'}"


def _approximately(holder: object, field: str) -> float:
    """What "approximately" admits of a stated figure; 0 for one stated exactly (however rounded)."""
    return (p.approximate_within or 0.0) if (p := provenance_of(holder, field)) is not None else 0.0


def _plus(one: _Rounding, other: _Rounding) -> _Rounding:
    """Two roundings of one side of a check together."""
    return _Rounding(one.within + other.within, one.approximately + other.approximately, one.reasons + other.reasons)


def _in_a_table(table: StratTable, figures: int, whose: str) -> _Rounding:
    """The rounding of ``figures`` of a table's balances, each to its unit ("the table's Total")."""
    unit = _TABLE_UNITS.get(table.balance_unit, f"units of ${table.balance_unit:,.0f}")
    return _Rounding(ROUNDING_PER_ROW * table.balance_unit * figures, 0.0, ((whose, f"in {unit}"),))


# A table's figures in whole units are the exact amounts rounded, or with the fraction cut, as some typists'
# systems print them ("$619,800,778" for $619,800,778.87): the table never says which. The gap between two sides
# tells them apart where one side lies above the other: against a balance stated to the cent, figures cut lie
# below it by under a unit each (0 <= exact - printed < one unit a figure); a Total cut from the exact total
# lies above its rows cut (by under a unit a row); figures rounded lie within half a unit each either way. So the
# figures are allowed a whole unit each only where the gap is one cutting gives, and half a unit otherwise: a Total
# a dollar over ($779 for $778.37) or more than a dollar under ($777 for $778.87) still fails. (One allowance of a
# unit either way would pass the first, which neither rounding nor cutting gives.)
def _in_a_table_against(table: StratTable, figures: int, whose: str, gap: float, cut_units: int) -> _Rounding:
    """``_in_a_table``, or the ``cut_units`` whole units that figures cut from their fractions may lose, where
    ``gap`` (the upper side less the table's) is more than rounding allows and less than that."""
    rounded = _in_a_table(table, figures, whose)
    cut = table.balance_unit * cut_units
    if not rounded.within < round(gap, 9) < cut:
        return rounded
    unit = _TABLE_UNITS.get(table.balance_unit, f"units of ${table.balance_unit:,.0f}")
    return _Rounding(cut, 0.0, ((whose, f"in {unit}, cut rather than rounded"),))


def _cut_gap(exact: float, stated: _Rounding, printed: float) -> float:
    """How far a balance stated to the cent lies above a table's figure; none where the balance is itself
    rounded (``stated``): then no gap tells cutting from rounding."""
    return 0.0 if stated.within else exact - printed


def _why(*sides: _Rounding) -> str:
    """Why a check's figures may be apart, in words: the figures given alike named together ("the table's Total
    and pool I's balance being given in whole dollars")."""
    by_how: dict[str, list[str]] = {}
    for which, how in (reason for side in sides for reason in side.reasons):
        by_how.setdefault(how, []).append(which)
    return _listed([f"{_listed(which)} being given {how}" for how, which in by_how.items()])


def _listed(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _named(pool) -> str:
    """A pool as a clause names it: "pool II", "the deal" for the whole deal."""
    return "the deal" if pool.is_whole_deal else pool.label[:1].lower() + pool.label[1:]


def _class_balances(together: str, classes: Iterable[CertificateClass]) -> _Rounding:
    return _as_written(together, [(f"class {c.name}'s balance", c, "initial_balance") for c in classes])


def validate(deal: Deal) -> Deal:
    """The deal with every reconciliation its figures allow recorded in ``checks``, and a doubt
    beside each figure that cannot agree with the others (``plausible``)."""
    checks: list[Check] = []
    # The checks of a table the parser saw and could not read stand as it recorded them; the rest are found again.
    not_run: list[NotRun] = [n for n in deal.not_run if n.table_not_read]
    checks += _table_checks(deal, not_run)
    checks += _pool_sum_checks(deal, not_run)
    checks += _premium_discount_checks(deal, not_run)
    checks += _class_checks(deal, not_run)
    checks += _matrix_checks(deal)
    checks += _matrix_against_its_table(deal, not_run, checks)
    checks += _ltv_checks(deal, not_run)
    checks += date_checks(deal)
    return doubt_dates(doubt_implausible(replace(deal, checks=tuple(checks), not_run=tuple(not_run))))


def _can_run(
    not_run: list[NotRun], name: str, subject: str, figures: dict[str, object], called_for: bool | None = None
) -> bool:
    """Whether every figure a check compares is there (``figures``: key -> value, None when missing). A
    check the filing calls for that a missing figure stops is recorded in ``not_run``, for want of it. By
    default a check is called for when any of its figures is stated: one whose figures are all missing is
    not (a filing that states no WA original term anywhere); a table's Total calls for its check itself."""
    wanting = tuple(key for key, value in figures.items() if value is None)
    if called_for is None:
        called_for = len(wanting) < len(figures)
    if wanting and called_for:
        not_run.append(NotRun(name, subject, wanting))
    return not wanting


def _check(
    kind: CheckKind,
    subject: str,
    expected: float,
    actual: float,
    tolerance: float,
    concerns: str,
    expected_lines: Iterable[int] = (),
    actual_lines: Iterable[int] = (),
    also_concerns: tuple[str, ...] = (),
    *,
    unit: Unit,
    stated: _Rounding = _Rounding(),
    found: _Rounding = _Rounding(),
    of: str = "",
    name: str = "",
) -> Check:
    """A check of its ``kind`` (of ``of``: "loan count") of ``expected`` against ``actual`` within ``tolerance``,
    and the rounding of each side's figures as the filing writes them (``stated``, ``found``), which the tolerance
    allows for and says; named as its kind names it, unless ``name`` says otherwise."""
    # Round away float noise so a check never fails or passes on the 15th digit.
    difference = round(actual - expected, 9)
    rounding = stated.within + found.within
    tolerance += rounding
    allowance = f"within {formatting.check_gap(rounding, unit)}, {_why(stated, found)}" if rounding else ""
    return Check(
        name or kind.named(of),
        subject,
        expected,
        actual,
        tolerance,
        abs(difference) <= tolerance + 1e-9,
        concerns,
        _sorted(expected_lines),
        _sorted(actual_lines),
        also_concerns,
        unit,
        allowance,
        stated.approximately or None,
        found.approximately or None,
        kind.key,
        of,
    )


def _as_rounded(stated: float) -> float:
    """How far a level stated to fewer decimals than the filings' 12 may be from exact: half a unit of its
    last decimal ("2.45%" for 2.450067623897% is within 0.005 pp)."""
    return 10.0 ** -written_places(stated) / 2


def _share_of_the_deal(share: float, deal_balance: float, of_the_deal: _Rounding) -> _Rounding | None:
    """How far a share of the deal balance (in percent) may move for that balance's rounding as written: over
    "approximately $493.6 million" (within $50,000) a share of 0.15% is within 0.15% x 50,000 / 493,550,000.
    None when the balance is so rough that the share could be anything (its rounding reaches zero)."""
    if not of_the_deal.within:
        return _Rounding()
    if of_the_deal.within >= abs(deal_balance):
        return None
    moved = round(abs(share) * of_the_deal.within / (abs(deal_balance) - of_the_deal.within), formatting.CHECK_PLACES)
    return _Rounding(moved, 0.0, of_the_deal.reasons) if moved else _Rounding()


def _classes_within(classes: Iterable[CertificateClass]) -> float:
    """How far the classes' balances together may be from exact: each as near as its table's unit
    ("Initial Principal Balance ($000)": $500 a class)."""
    return sum(within_as_written(c, "initial_balance") for c in classes)


def _sorted(lines: Iterable[int]) -> tuple[int, ...]:
    return tuple(sorted(set(lines)))


def _row_lines(rows) -> list[int]:
    return [n for r in rows for n in r.source_lines]


def _table_checks(deal: Deal, not_run: list[NotRun]) -> list[Check]:
    """A table's checks concern the table, and the cell of its Total line they compare ("table:3:count",
    "table:3:balance"); a check against the pool's own figure concerns that figure too, so a failure marks
    the loan count the tables do not bear out, not only the tables."""
    checks: list[Check] = []
    for index, table in enumerate(deal.tables):
        concerns = f"table:{index}"
        count_cell, balance_cell = f"{concerns}:count", f"{concerns}:balance"
        if table.total is None:
            not_run += _without_a_total(table)
            checks += _rows_against_the_pool(deal, table, concerns, not_run)
            continue
        checks += _state_parts_checks(table, concerns)
        rows = _rows_counted(table)
        counts = [r.count for r in rows]
        balances = [r.balance for r in rows]
        total_lines, rows_lines = table.total.source_lines, _row_lines(rows)
        if _rows_and_total_read(not_run, ROWS_ADD_UP.named("loan count"), table, "count"):
            checks.append(
                _check(
                    ROWS_ADD_UP,
                    table.title,
                    table.total.count,
                    sum(counts),
                    0,
                    concerns,
                    total_lines,
                    rows_lines,
                    (count_cell,),
                    unit=Unit.COUNT,
                    of="loan count",
                )
            )
        if _rows_and_total_read(not_run, ROWS_ADD_UP.named("balance"), table, "balance"):
            checks.append(
                _check(
                    ROWS_ADD_UP,
                    table.title,
                    table.total.balance,
                    round(sum(balances), 2),
                    0,
                    concerns,
                    total_lines,
                    rows_lines,
                    (balance_cell,),
                    unit=Unit.DOLLARS,
                    # rows and Total cut: the Total lies above its rows' sum by under a unit a row
                    found=_in_a_table_against(
                        table,
                        len(balances) + 1,
                        "the table's rows and Total",
                        table.total.balance - sum(balances),
                        len(balances),
                    ),
                    of="balance",
                )
            )
        # A Total line leaving a figure blank: its rows' figures still answer to the pool's own, as with no Total
        blank = tuple(field for field in ("count", "balance") if getattr(table.total, field) is None)
        checks += _rows_against_the_pool(deal, table, concerns, not_run, blank) if blank else []
        pool = deal.pool(table.pool)
        if pool is None:
            continue
        count_check = TOTAL_IS_THE_POOLS.named("loan count")
        if table.total.count is not None and _can_run(
            not_run, count_check, table.title, {f"pool:{pool.name}:loan_count": pool.loan_count}, True
        ):
            checks.append(
                _check(
                    TOTAL_IS_THE_POOLS,
                    table.title,
                    pool.loan_count,
                    table.total.count,
                    within_as_written(pool, "loan_count"),
                    concerns,
                    lines_of(pool, "loan_count"),
                    total_lines,
                    (count_cell, f"pool:{pool.name}:loan_count"),
                    unit=Unit.COUNT,
                    of="loan count",
                )
            )
        balance_check = TOTAL_IS_THE_POOLS.named("balance")
        if table.total.balance is not None and _can_run(
            not_run, balance_check, table.title, {f"pool:{pool.name}:aggregate_balance": pool.aggregate_balance}, True
        ):
            checks.append(
                _check(
                    TOTAL_IS_THE_POOLS,
                    table.title,
                    pool.aggregate_balance,
                    table.total.balance,
                    CENTS,
                    concerns,
                    lines_of(pool, "aggregate_balance"),
                    total_lines,
                    (balance_cell, f"pool:{pool.name}:aggregate_balance"),
                    unit=Unit.DOLLARS,
                    stated=(
                        stated := _as_written(
                            "the pool's balance", [(f"{_named(pool)}'s balance", pool, "aggregate_balance")]
                        )
                    ),
                    found=_in_a_table_against(
                        table, 1, "the table's Total", _cut_gap(pool.aggregate_balance, stated, table.total.balance), 1
                    ),
                    of="balance",
                )
            )
    return checks


def _parts_under_their_state(table: StratTable) -> dict[TableRow, tuple[TableRow, ...]]:
    """A state table's rows of a state ("California") followed by rows of its parts ("Northern California") whose
    balances add up to it (``parts_broken_down``), or that the table's Total leaves out (``parts_misprinted``), each
    with its parts: the state's row holds their loans."""
    if table.kind is not TableKind.GEOGRAPHY:
        return {}
    parts = parts_broken_down(table.rows) | parts_misprinted(table)
    found: dict[TableRow, tuple[TableRow, ...]] = {}
    for row in table.rows:
        code = state_code(row.label)
        if code is not None and row.label not in parts and not is_part_of_a_state(row.label):
            under = tuple(r for r in table.rows if r.label in parts and state_code(r.label) == code)
            found |= {row: under} if under else {}
    return found


def _rows_counted(table: StratTable) -> tuple[TableRow, ...]:
    """The rows that add up to the Total: a state broken down into its parts counted once, by its own row."""
    parts = {r for under in _parts_under_their_state(table).values() for r in under}
    return tuple(r for r in table.rows if r not in parts)


def _state_parts_checks(table: StratTable, concerns: str) -> list[Check]:
    """Each state broken down into its parts: the parts' loan count and balance against the state's own row's,
    named with both, so that parts that do not add up to their state say so: the count exactly, the balance to the
    table's rounding of the figures (a breakdown found within a wider margin still fails here, visibly)."""
    checks: list[Check] = []
    for state, parts in _parts_under_their_state(table).items():
        named = f"{_listed([p.label for p in parts])} add up to {state.label}'s"
        for field, unit, of in (("count", Unit.COUNT, "loan count"), ("balance", Unit.DOLLARS, "balance")):
            figures = [getattr(r, field) for r in (state, *parts)]
            if any(f is None for f in figures):
                continue  # a figure not read: the rows' own check says so
            found = round(sum(figures[1:]), 2)
            rounding = _in_a_table_against(
                table, len(figures), "the state's row and its parts", figures[0] - found, len(parts)
            )
            checks.append(
                _check(
                    STATE_PARTS_ADD_UP,
                    table.title,
                    figures[0],
                    found,
                    0,
                    concerns,
                    state.source_lines,
                    _row_lines(parts),
                    unit=unit,
                    found=rounding if field == "balance" else _Rounding(),
                    of=of,
                    name=f"{named} {of}",
                )
            )
    return checks


def _rows_and_total_read(not_run: list[NotRun], name: str, table: StratTable, field: str) -> bool:
    """Whether every row's figure of ``field`` ("count", "balance") and its Total's are read, for the rows to be
    added up. Where one is missing but others are stated (a "*" for a count), the check could not run: said in
    ``not_run``, never left out unsaid; a table with no such column calls for none."""
    what = "loan count" if field == "count" else field
    total = getattr(table.total, field)
    wanting = _rows_wanting(name, table, field)
    if total is None:
        # written so that it cannot be read (said beside the Total line), or left blank: not stated
        unread = bool(table.total.warnings) or any(w.startswith(of_the_total_line("")) for w in table.warnings)
        wanting.append(
            NotRun.of_a_tables_figure(name, table.title, f"the {what} of its Total line", _first(table.total), unread)
        )
    stated = total is not None or len(wanting) < len(table.rows) + 1
    if wanting and stated:
        not_run.append(NotRun(name, table.title, tuple(key for n in wanting for key in n.needs)))
    return not wanting


def _first(holder: TableRow | TableTotal) -> int:
    return holder.source_lines[0] if holder.source_lines else 0


def _without_a_total(table: StratTable) -> list[NotRun]:
    """The checks of a table's rows against its Total line, where the filing gives it none: they could not
    run. Its rows' loan counts and balances call for theirs (``_rows_against_the_pool`` runs in their stead)."""
    read = [what for what, field in (("loan count", "count"), ("balance", "balance")) if _in_a_row(table, field)]
    first = table.line_range[0] if table.line_range else 0
    return [NotRun.of_a_table_without_a_total(ROWS_ADD_UP.named(what), table.title, first) for what in read]


def _rows_against_the_pool(
    deal: Deal, table: StratTable, concerns: str, not_run: list[NotRun], fields: tuple[str, ...] = ("count", "balance")
) -> list[Check]:
    """A table with no Total line, or the ``fields`` its Total line leaves blank: its rows' sums against the pool's
    stated loan count and balance. A table covers every loan of its pool, so rows lost, or taken from the next
    table, show as a difference."""
    pool = deal.pool(table.pool)
    if pool is None:
        return []
    checks = []
    for what, field, pool_field, unit in (
        ("loan count", "count", "loan_count", Unit.COUNT),
        ("balance", "balance", "aggregate_balance", Unit.DOLLARS),
    ):
        if field not in fields:
            continue
        name = ROWS_ARE_THE_POOLS.named(what)
        if not _in_a_row(table, field) or not _every_rows_figure_read(not_run, name, table, field):
            continue
        key = f"pool:{pool.name}:{pool_field}"
        if not _can_run(not_run, name, table.title, {key: getattr(pool, pool_field)}, True):
            continue
        rows = [getattr(r, field) for r in table.rows]
        # a count is exact, unless the pool's is stated approximately; balances are as each is written
        by_count = field == "count"
        checks.append(
            _check(
                ROWS_ARE_THE_POOLS,
                table.title,
                getattr(pool, pool_field),
                round(sum(rows), 2),
                within_as_written(pool, pool_field) if by_count else CENTS,
                concerns,
                lines_of(pool, pool_field),
                _row_lines(table.rows),
                (key,),
                unit=unit,
                stated=(
                    stated := _Rounding()
                    if by_count
                    else _as_written("the pool's balance", [(f"{_named(pool)}'s balance", pool, pool_field)])
                ),
                found=_Rounding()
                if by_count
                else _in_a_table_against(
                    table,
                    len(rows),
                    "the table's rows",
                    _cut_gap(getattr(pool, pool_field), stated, sum(rows)),
                    len(rows),
                ),
                of=what,
            )
        )
    return checks


def _every_rows_figure_read(not_run: list[NotRun], name: str, table: StratTable, field: str) -> bool:
    """Whether every row's figure of ``field`` is read, for the rows to be added up; if not, the check could
    not run, said for want of each (a "*" for a count)."""
    wanting = _rows_wanting(name, table, field)
    if wanting:
        not_run.append(NotRun(name, table.title, tuple(key for n in wanting for key in n.needs)))
    return not wanting


def _rows_wanting(name: str, table: StratTable, field: str) -> list[NotRun]:
    """The rows whose figure of ``field`` ("count", "balance") is not read, each what the check needs of it."""
    what = "loan count" if field == "count" else field
    return [
        NotRun.of_a_tables_figure(
            name, table.title, f"the {what} of the row {row.label!r}", _first(row), bool(row.warnings)
        )
        for row in table.rows
        if getattr(row, field) is None
    ]


def _in_a_row(table: StratTable, field: str) -> bool:
    return any(getattr(row, field) is not None for row in table.rows)


def _said(holder: object, field: str) -> bool:
    """The filing states the figure, though perhaps not readably ("5,486%"): it calls for its checks."""
    provenance = provenance_of(holder, field)
    return getattr(holder, field) is not None or bool(provenance and (provenance.source_lines or provenance.warnings))


def _any_said(holders: Iterable[object], field: str) -> bool:
    return any(_said(h, field) for h in holders)


def _pool_figures(whole, parts, field: str) -> dict[str, object]:
    return {f"pool:{p.name}:{field}": getattr(p, field) for p in (whole, *parts)}


def _pool_sum_checks(deal: Deal, not_run: list[NotRun]) -> list[Check]:
    whole = deal.whole_deal
    parts = [p for p in deal.pools if not p.is_whole_deal]
    if whole is None or len(parts) < 2:
        return []
    checks: list[Check] = []
    balances = [p.aggregate_balance for p in parts]
    subject = "Pools and the whole deal"
    # Called for where any of the figures is stated, readably or not: four counts stated in words no rule
    # reads ("in the filing but not read") still call for the check that adds them up.
    if _can_run(
        not_run,
        POOLS_ADD_UP.named("balance"),
        subject,
        _pool_figures(whole, parts, "aggregate_balance"),
        _any_said((whole, *parts), "aggregate_balance"),
    ):
        checks.append(
            _check(
                POOLS_ADD_UP,
                subject,
                whole.aggregate_balance,
                round(sum(balances), 2),
                CENTS,
                f"pool:{WHOLE_DEAL}:aggregate_balance",
                lines_of(whole, "aggregate_balance"),
                [n for p in parts for n in lines_of(p, "aggregate_balance")],
                unit=Unit.DOLLARS,
                stated=_as_written("the deal's balance", [("the deal's balance", whole, "aggregate_balance")]),
                found=_as_written(
                    "the pools' balances", [(f"{_named(p)}'s balance", p, "aggregate_balance") for p in parts]
                ),
                of="balance",
            )
        )
    counts = [p.loan_count for p in parts]
    if _can_run(
        not_run,
        POOLS_ADD_UP.named("loan count"),
        subject,
        _pool_figures(whole, parts, "loan_count"),
        _any_said((whole, *parts), "loan_count"),
    ):
        checks.append(
            _check(
                POOLS_ADD_UP,
                subject,
                whole.loan_count,
                sum(counts),
                sum(within_as_written(p, "loan_count") for p in (whole, *parts)),
                f"pool:{WHOLE_DEAL}:loan_count",
                lines_of(whole, "loan_count"),
                [n for p in parts for n in lines_of(p, "loan_count")],
                unit=Unit.COUNT,
                of="loan count",
            )
        )
    for field, tolerance in AVERAGE_TOLERANCES.items():
        values = [getattr(p, field) for p in parts]
        figure = getattr(whole, field)
        averaged = _pool_figures(whole, parts, field)
        weights = {f"pool:{p.name}:aggregate_balance": p.aggregate_balance for p in parts}
        name = POOLS_WEIGHTED.named(FIELD_LABELS[field])
        if not _can_run(not_run, name, subject, averaged | weights, _any_said((whole, *parts), field)):
            continue
        if not sum(balances):
            continue  # no balances to weight by (all zero: the sum check above says so)
        average = sum(b * v for b, v in zip(balances, values)) / sum(balances)
        checks.append(
            _check(
                POOLS_WEIGHTED,
                subject,
                figure,
                round(average, 6),
                tolerance + _approximately(whole, field) + max(_approximately(p, field) for p in parts),
                f"pool:{WHOLE_DEAL}:{field}",
                lines_of(whole, field),
                [n for p in parts for n in lines_of(p, field, "aggregate_balance")],
                unit=FIELD_UNITS[field],
                stated=_averages_as_written(field, [(f"the deal's {FIELD_LABELS[field]}", whole)]),
                found=_plus(
                    _weighted_by(
                        "the pools' balances",
                        [(f"{_named(p)}'s balance", p, "aggregate_balance") for p in parts],
                        values,
                        average,
                    ),
                    _averages_as_written(
                        field, [(f"{_named(p)}'s {FIELD_LABELS[field]}", p) for p in parts], most=True
                    ),
                ),
                of=FIELD_LABELS[field],
            )
        )
    return checks


def _group_figures(pool_name: str, split, field: str) -> dict[str, object]:
    """The rate groups' figures a check compares: "group:<pool>:premium:balance" -> value (None when missing)."""
    return {f"group:{pool_name}:{name}:{field}": getattr(group, field) for name, group in _groups(split)}


def _groups(split) -> tuple[tuple[str, object], ...]:
    return (("premium", split.premium), ("discount", split.discount))


def _unread_groups(deal: Deal, not_run: list[NotRun]) -> None:
    """The rate-group checks a split calls for whose group balances it states, but not readably ("$611,102,780
    (98.60%) and ..." in words no rule reads): each could not run, for want of them."""
    for pool in deal.pools:
        split = pool.premium_discount
        if split is None or None not in (split.premium.balance, split.discount.balance):
            continue
        if not all(_said(group, "balance") for _, group in _groups(split)):
            continue  # a group the filing gives no balance for at all (it may have no loans): nothing called for
        subject = pool.label
        balances = _group_figures(pool.name, split, "balance")
        _can_run(
            not_run,
            RATE_GROUPS_ADD_UP.named(),
            subject,
            {f"pool:{pool.name}:aggregate_balance": pool.aggregate_balance} | balances,
            True,
        )
        for field in ("wac", "wam_months"):
            averaged = _group_figures(pool.name, split, field)
            if any(value is None for value in averaged.values()):
                continue  # the split does not call for it
            name = RATE_GROUPS_WEIGHTED.named(FIELD_LABELS[field])
            _can_run(not_run, name, subject, {f"pool:{pool.name}:{field}": getattr(pool, field)} | balances, True)


def _premium_discount_checks(deal: Deal, not_run: list[NotRun]) -> list[Check]:
    checks: list[Check] = []
    _unread_groups(deal, not_run)
    for pool in deal.pools:
        split = pool.premium_discount
        if split is None or split.premium.balance is None or split.discount.balance is None:
            continue
        subject = pool.label  # "Pool I", or "All loans" for the whole deal
        total = split.premium.balance + split.discount.balance
        figure_key = f"pool:{pool.name}:aggregate_balance"
        if _can_run(not_run, RATE_GROUPS_ADD_UP.named(), subject, {figure_key: pool.aggregate_balance}, True):
            checks.append(
                _check(
                    RATE_GROUPS_ADD_UP,
                    subject,
                    pool.aggregate_balance,
                    total,
                    CENTS,
                    f"pool:{pool.name}:premium_discount",
                    lines_of(pool, "aggregate_balance"),
                    [*lines_of(split.premium, "balance"), *lines_of(split.discount, "balance")],
                    unit=Unit.DOLLARS,
                    stated=_as_written(
                        "the pool's balance", [(f"{_named(pool)}'s balance", pool, "aggregate_balance")]
                    ),
                    found=_as_written(
                        "the premium and discount loans' balances",
                        [
                            ("the premium loans' balance", split.premium, "balance"),
                            ("the discount loans' balance", split.discount, "balance"),
                        ],
                    ),
                    of="balance",
                )
            )
        for field, tolerance in (("wac", AVERAGE_TOLERANCES["wac"]), ("wam_months", AVERAGE_TOLERANCES["wam_months"])):
            figure = getattr(pool, field)
            premium, discount = getattr(split.premium, field), getattr(split.discount, field)
            name = RATE_GROUPS_WEIGHTED.named(FIELD_LABELS[field])
            if premium is None or discount is None or total == 0:
                continue  # the split does not call for it
            if not _can_run(not_run, name, subject, {f"pool:{pool.name}:{field}": figure}, True):
                continue
            average = (split.premium.balance * premium + split.discount.balance * discount) / total
            checks.append(
                _check(
                    RATE_GROUPS_WEIGHTED,
                    subject,
                    figure,
                    round(average, 6),
                    tolerance
                    + _approximately(pool, field)
                    + max(_approximately(split.premium, field), _approximately(split.discount, field)),
                    f"pool:{pool.name}:{field}",
                    lines_of(pool, field),
                    [*lines_of(split.premium, field, "balance"), *lines_of(split.discount, field, "balance")],
                    unit=FIELD_UNITS[field],
                    stated=_averages_as_written(field, [(f"{_named(pool)}'s {FIELD_LABELS[field]}", pool)]),
                    found=_plus(
                        _weighted_by(
                            "the premium and discount loans' balances",
                            [
                                ("the premium loans' balance", split.premium, "balance"),
                                ("the discount loans' balance", split.discount, "balance"),
                            ],
                            [premium, discount],
                            average,
                        ),
                        _averages_as_written(
                            field,
                            [
                                (f"the premium loans' {FIELD_LABELS[field]}", split.premium),
                                (f"the discount loans' {FIELD_LABELS[field]}", split.discount),
                            ],
                            most=True,
                        ),
                    ),
                    of=FIELD_LABELS[field],
                )
            )
    return checks


def _class_figures(classes) -> dict[str, object]:
    return {class_figure(c.name, "initial_balance"): c.initial_balance for c in classes}


def _name_for_several_checks(classes: tuple[CertificateClass, ...], not_run: list[NotRun]) -> list[Check]:
    """ "Class A" stated beside its numbered parts A-1 ... A-12 equals their sum, or, as the total of the
    seniors, every other senior class's (A-1 ... A-3 and A-PO); where a part states no balance, no check.
    Where the filing names class A for its level alone ("the class A subordination level"), stating no
    balance of it anywhere, there is no figure to miss, and no check."""
    by_name = {c.name: c for c in classes}
    of_all_seniors = senior_total(classes)
    checks = []
    for name, parts in parts_of(classes).items():
        whole_class = by_name[name]
        if name == of_all_seniors:
            continue  # the seniors' total, to the cent: checked by the classes adding up to the deal
        if whole_class.initial_balance is None and provenance_of(whole_class, "initial_balance") is None:
            continue  # no balance of its own stated, nor one written that could not be read
        of = f"{parts[0].name} to {parts[-1].name}"
        check = CLASS_PARTS.named(name, of)
        if not _can_run(not_run, check, f"class {name}", _class_figures((whole_class, *parts))):
            continue
        checks.append(
            _check(
                CLASS_PARTS,
                f"class {name}",
                whole_class.initial_balance,
                round(sum(c.initial_balance for c in parts), 2),
                CENTS,
                f"class:{name}",
                lines_of(whole_class, "initial_balance"),
                [n for c in parts for n in lines_of(c, "initial_balance")],
                (class_figure(name, "initial_balance"),),  # its balance is the figure in question, not its level
                unit=Unit.DOLLARS,
                stated=_class_balances(f"class {name}'s balance", (whole_class,)),
                found=_class_balances(f"the balances of classes {of}", parts),
                of=of,
                name=check,
            )
        )
    return checks


_MOST_CLASSES_CHECKED = 250  # as many as a report lists (present/bounds.py); no deal has a tenth of them


def _class_checks(deal: Deal, not_run: list[NotRun]) -> list[Check]:
    whole = deal.whole_deal
    classes = deal.classes
    if not classes or whole is None:
        return []
    checks: list[Check] = []
    deal_lines = lines_of(whole, "aggregate_balance")
    deal_balance = {f"pool:{whole.name}:aggregate_balance": whole.aggregate_balance}
    none_of_their_own = holding_no_balance(classes)
    own = [c for c in classes if c.name not in none_of_their_own]
    balances = [c.initial_balance for c in own]
    adding_up = CLASSES_ADD_UP.named()
    of_the_deal = _as_written("the deal's balance", [("the deal's balance", whole, "aggregate_balance")])
    of_the_classes = _class_balances("the classes' balances", own)
    if _can_run(not_run, adding_up, "Certificate classes", deal_balance | _class_figures(own), True):
        checks.append(
            _check(
                CLASSES_ADD_UP,
                "Certificate classes",
                whole.aggregate_balance,
                round(sum(balances), 2),
                CENTS,
                CLASSES_TOGETHER,
                deal_lines,
                [n for c in classes for n in lines_of(c, "initial_balance")],
                unit=Unit.DOLLARS,
                stated=of_the_deal,
                found=of_the_classes,
            )
        )
    checks += _name_for_several_checks(classes, not_run)
    if whole.aggregate_balance == 0 or len(classes) > _MOST_CLASSES_CHECKED:
        # a deal balance of nothing to divide by; or more classes than any report lists (each check
        # cites every junior's lines: their square)
        return checks
    if (juniors_by_class := junior_classes(classes)) is None:  # which classes are junior is not known
        return checks
    for cls, junior_places in zip(classes, juniors_by_class):
        juniors = [classes[j] for j in junior_places]
        if cls.subordination_level is None:
            continue
        # "The most junior" only when every class is known: the classes add up to the deal.
        known = own if not juniors else juniors
        level = SUBORDINATION.named(cls.name)
        if not _can_run(not_run, level, f"class {cls.name}", deal_balance | _class_figures(known), True):
            continue
        if (
            not juniors
            and abs(sum(balances) - whole.aggregate_balance) > CENTS + of_the_deal.within + of_the_classes.within
        ):
            continue
        # The most junior class has nothing below it: a level stated for it can only be zero.
        implied = sum(c.initial_balance for c in juniors) / whole.aggregate_balance * 100
        if (over_the_deal := _share_of_the_deal(implied, whole.aggregate_balance, of_the_deal)) is None:
            continue
        checks.append(
            _check(
                SUBORDINATION,
                f"class {cls.name}",
                cls.subordination_level,
                round(implied, 12),
                max(SUBORDINATION_TOLERANCE, _as_rounded(cls.subordination_level))
                + within_as_written(cls, "subordination_level")
                + _classes_within(juniors) / whole.aggregate_balance * 100,
                f"class:{cls.name}",
                lines_of(cls, "subordination_level"),
                [*(n for c in juniors for n in lines_of(c, "initial_balance")), *deal_lines],
                (class_figure(cls.name, "subordination_level"),),  # the stated level, not the class's balance
                unit=Unit.PERCENT,
                found=over_the_deal,
                of=cls.name,
            )
        )
    return checks


def _matrix_checks(deal: Deal) -> list[Check]:
    checks: list[Check] = []
    for index, matrix in enumerate(deal.matrices):
        concerns = f"matrix:{index}"
        row_lines = matrix.row_source_lines or tuple(() for _ in matrix.row_labels)
        all_rows = [n for lines in row_lines for n in lines]
        rows, columns = len(matrix.row_labels), len(matrix.col_labels)
        check = partial(_matrix_check, matrix, concerns)

        if matrix.row_totals:
            for r, (label, row, total, lines) in enumerate(
                zip(matrix.row_labels, matrix.cells, matrix.row_totals, row_lines)
            ):
                places = [(r, c) for c in range(len(row))] + [(r, columns)]
                checks.append(check(MATRIX_ROW, label, total, round(sum(row), 4), places, lines, lines))
        if matrix.col_totals:
            for position, (label, total) in enumerate(zip(matrix.col_labels, matrix.col_totals)):
                column = round(sum(row[position] for row in matrix.cells if position < len(row)), 4)
                places = [(r, position) for r in range(rows + 1)]
                checks.append(
                    check(
                        MATRIX_COLUMN,
                        label,
                        total,
                        column,
                        places,
                        matrix.total_source_lines,
                        all_rows,
                    )
                )
        if matrix.grand_total is not None:
            for what, totals in (("row", matrix.row_totals), ("column", matrix.col_totals)):
                if totals:
                    along = (
                        [(r, columns) for r in range(rows)] if what == "row" else [(rows, c) for c in range(columns)]
                    )
                    checks.append(
                        check(
                            MATRIX_TOTALS,
                            what,
                            matrix.grand_total,
                            round(sum(totals), 4),
                            [*along, (rows, columns)],
                            matrix.total_source_lines,
                            all_rows if what == "row" else matrix.total_source_lines,
                        )
                    )
    return checks


def _matrix_against_its_table(deal: Deal, not_run: list[NotRun], run: list[Check]) -> list[Check]:
    """A FICO x LTV matrix's LTV column totals against the shares of balance the pool's LTV table gives the same
    buckets: two tables of one pool's loans, which a column read out of place (its cells and total with it, so
    that the matrix still adds up) or a misprint in either sets apart. Where the two cut their buckets apart, the
    columns and rows are compared in runs that cover the same loans (the matrix's "50.00% and below" through
    "60.001%-65.000%" against the table's "65.00% and below"); where no run short of all of them does, the
    check is recorded as not run (all the columns against all the rows is 100% against 100%). ``run``: the checks
    run so far, which say whether both give all the pool's loans (``_all_the_pools_loans``)."""
    checks: list[Check] = []
    for index, matrix in enumerate(deal.matrices):
        tables = [t for t in deal.tables if t.pool == matrix.pool and t.kind is TableKind.LTV]
        if len(tables) != 1:
            continue
        (table,) = tables
        base = table.total.balance if table.total and table.total.balance else None
        axes = _ltv_axes(matrix)
        if axes and not _balances_given(table):
            not_run.append(_without_balances(axes[0].compares, matrix.title, table))
            continue
        if not base or not axes:
            continue
        whole = _all_the_pools_loans(deal, run, index, table)
        found = next(((a, runs) for a in axes if (runs := _runs_alike(_axis(matrix, a), table, whole))), None)
        if found is None:
            if any(_named_ltv(matrix, a) and _axis(matrix, a)[1] for a in axes):
                buckets = "the FICO x LTV matrix's LTV buckets"
                not_run.append(NotRun.of_buckets_cut_otherwise(axes[0].compares, matrix.title, table.pool, buckets))
            continue
        axis, runs = found
        across = axis is MATRIX_IS_THE_TABLE
        labels, totals = _axis(matrix, axis)
        for positions, rows in runs:
            of = (
                labels[positions[0]]
                if len(positions) == 1
                else f"{labels[positions[0]]} through {labels[positions[-1]]}"
            )
            checks.append(
                _matrix_check(
                    matrix,
                    f"matrix:{index}",
                    axis,
                    of,
                    round(sum(totals[p] for p in positions), 4),
                    round(sum(row.balance for row in rows) / base * 100, 4),
                    [(len(matrix.row_labels), p) if across else (p, len(matrix.col_labels)) for p in positions],
                    matrix.total_source_lines if across else [i for p in positions for i in _row_lines_of(matrix, p)],
                    [*(line for row in rows for line in row.source_lines), *table.total.source_lines],
                )
            )
    return checks


_Run = tuple[list[int], list[TableRow]]  # an axis's positions and the table's rows that cover the same loans


def _runs_alike(
    axis: tuple[tuple[str, ...], tuple[float, ...] | None], table: StratTable, whole: bool = False
) -> list[_Run]:
    """The axis's buckets and the table's rows in the shortest runs that cover the same loans: one bucket and one
    row each where the two cut alike, several where one cuts finer or they cut apart. Empty where the axis has no
    totals, a label names no range, a row has no balance, the two do not cover the same range, or the one run
    is all of them. ``whole``: both give all the pool's loans, so that neither has loans above the other's top
    bucket, and a top bucket one closes ("90.001%-95.000%") the other may leave open ("> 90.000%")."""
    labels, totals = axis
    axis_keys = bucket_keys(labels)
    row_keys = bucket_keys([r.label for r in table.rows])
    if not totals or not axis_keys or not row_keys or None in axis_keys or None in row_keys:
        return []
    if whole:
        axis_keys[-1], row_keys[-1] = (axis_keys[-1][0], None), (row_keys[-1][0], None)
    if any(r.balance is None for r in table.rows) or axis_keys[0][0] != row_keys[0][0]:
        return []
    runs: list[_Run] = []
    i = j = 0
    while i < len(axis_keys) and j < len(row_keys):
        positions, rows = [i], [j]
        while (top := _top(axis_keys[positions[-1]])) != (row_top := _top(row_keys[rows[-1]])):
            finer = positions if top < row_top else rows
            if finer[-1] + 1 >= len(axis_keys if finer is positions else row_keys):
                return []  # one ends below the other's top
            finer.append(finer[-1] + 1)
        runs.append((positions, [table.rows[r] for r in rows]))
        i, j = positions[-1] + 1, rows[-1] + 1
    if i < len(axis_keys) or j < len(row_keys) or len(runs) < 2:
        return []
    return runs


def _all_the_pools_loans(deal: Deal, run: list[Check], index: int, table: StratTable) -> bool:
    """Whether the matrix at ``index`` and the LTV table both give all the pool's loans: the matrix's grand total is
    100.00% of the pool, its rows and columns adding up to it, and the table's rows add up to its Total, which is
    the pool's balance (each as the checks ``run`` found it)."""
    matrix, at = deal.matrices[index], next(i for i, t in enumerate(deal.tables) if t is table)
    of_the_matrix = [c for c in run if c.concerns == f"matrix:{index}" and c.kind == MATRIX_TOTALS.key]
    of_the_table = [
        c
        for c in run
        if c.concerns == f"table:{at}" and c.kind in (ROWS_ADD_UP.key, TOTAL_IS_THE_POOLS.key) and c.of == "balance"
    ]
    hundred = matrix.grand_total is not None and round(matrix.grand_total, 2) == 100
    checked = len(of_the_matrix) == 2 and len(of_the_table) == 2  # rows and columns; rows and Total
    return hundred and checked and all(c.passed for c in [*of_the_matrix, *of_the_table])


def _top(key: tuple[float | None, float | None]) -> float:
    return math.inf if key[1] is None else key[1]


def _named_ltv(matrix: PercentMatrix, kind: CheckKind) -> bool:
    """Whether an axis's own heading names LTV: a matrix whose columns are taken for LTV by its title alone may
    have FICO across (set without headings), and a check of those against the LTV table was never called for."""
    header = matrix.col_header if kind is MATRIX_IS_THE_TABLE else matrix.row_header
    return classify_table(header) is TableKind.LTV


def _ltv_axes(matrix: PercentMatrix) -> list[CheckKind]:
    """The axes of a matrix that may hold the LTV buckets a table of LTVs answers to, as the kind of check of each:
    its columns (FICO down the rows, as the filings set it), and its rows where its row heading names LTV (a matrix
    set the other way round). The first whose buckets are all the table's rows is checked."""
    axes = [MATRIX_IS_THE_TABLE] if _columns_may_be_ltv(matrix) else []
    row_heading = f"{matrix.title} {matrix.row_header}"
    if classify_table(matrix.row_header) is TableKind.LTV and not names_ltv_now(row_heading):
        axes.append(MATRIX_ROW_IS_THE_TABLE)
    return axes


def _row_lines_of(matrix: PercentMatrix, row: int) -> tuple[int, ...]:
    return matrix.row_source_lines[row] if row < len(matrix.row_source_lines) else ()


def _axis(matrix: PercentMatrix, kind: CheckKind) -> tuple[tuple[str, ...], tuple[float, ...] | None]:
    """An axis's labels and its totals: the columns' for a check of columns, else the rows'."""
    if kind is MATRIX_IS_THE_TABLE:
        return matrix.col_labels, matrix.col_totals
    return matrix.row_labels, matrix.row_totals


def _answers_to(axis: tuple[tuple[str, ...], tuple[float, ...] | None], rows: dict) -> bool:
    """Whether an axis has totals and each of its buckets is one of a table's rows with a balance."""
    labels, totals = axis
    buckets = bucket_keys(labels)
    return bool(totals) and None not in buckets and all(b in rows and rows[b].balance is not None for b in buckets)


def _columns_may_be_ltv(matrix: PercentMatrix) -> bool:
    """The matrix's column heading names LTV; or it has none of its own (a matrix set without its axes' headings,
    or under one "FICO Score / LTV" beside its rows) and its title names LTV. Its columns are then checked only
    where each one's bucket is one of the LTV table's rows: FICO buckets are none of them."""
    if names_ltv_now(f"{matrix.title} {matrix.col_header}"):
        return False  # "FICO SCORES AND CURRENT LOAN-TO-VALUE RATIOS": another measure than the table's
    heading = classify_table(matrix.col_header)
    return heading is TableKind.LTV or (heading is TableKind.OTHER and classify_table(matrix.title) is TableKind.LTV)


def _matrix_check(
    matrix: PercentMatrix,
    concerns: str,
    kind: CheckKind,
    of: str,
    stated: float,
    found: float,
    places: list[tuple[int, int]],
    *lines: Iterable[int],
) -> Check:
    """A check of a matrix's figures at ``places``, some perhaps written only as a mark for a share under a
    bound ("*", "* Less than 0.005%"): each such figure is taken as the middle of its range, and may be
    half the bound either side of it; the check's name says how many there are."""
    marked = matrix.marked_in(places)
    slack = marked * (matrix.under_bound or 0.0) / 2
    name = kind.named(of)
    if marked:
        name += f" ({marked} {'figure' if marked == 1 else 'figures'} under {matrix.under_bound:g}%)"
    # Never held closer than the rounding of the matrix's figures it compares allows (that allowance then said),
    # nor than MATRIX_TOLERANCE. (The LTV table's share it is set against is worked out from exact balances.)
    rounding = _Rounding()
    if kind in MATRIX_FIGURES_ADDED:
        rounding = _matrix_rounding(matrix, len(places) - marked, MATRIX_FIGURES_ADDED[kind])
    if rounding.within <= MATRIX_TOLERANCE:
        rounding = _Rounding()
    tolerance = (0.0 if rounding.within else MATRIX_TOLERANCE) + slack
    return _check(
        kind,
        matrix.title,
        stated,
        found,
        tolerance,
        concerns,
        *lines,
        unit=Unit.SHARE,
        found=rounding,
        of=of,
        name=name,
    )


# The matrix's figures each kind of its checks compares, as its allowance names them.
MATRIX_FIGURES_ADDED = {
    MATRIX_ROW: "the row's cells and its total",
    MATRIX_COLUMN: "the column's cells and its total",
    MATRIX_TOTALS: "the totals and the grand total",
    MATRIX_IS_THE_TABLE: "the matrix's column total",
    MATRIX_ROW_IS_THE_TABLE: "the matrix's row total",
}


def _matrix_rounding(matrix: PercentMatrix, figures: int, which: str) -> _Rounding:
    """How far a sum of ``figures`` of a matrix's shares (its total among them) may be from exact for the decimals
    the filing writes them to: half a unit of the last decimal each. Six cells and a total to 0.01% may be 0.035
    pp apart; a fixed 0.02 pp failed such a row that was merely rounded. The decimals are the most any figure
    shows ("16.15" shows two: a matrix written to 0.01% has some figure not ending in 0)."""
    values = [v for row in matrix.cells for v in row]
    values += [*(matrix.row_totals or ()), *(matrix.col_totals or ())]
    places = max((_places_shown(v) for v in values), default=2)
    half = 0.5 * 10**-places
    return _Rounding(round(figures * half, 6), reasons=((which, f"to {formatting.percent(10**-places, places)}"),))


def _places_shown(value: float) -> int:
    """The fewest decimals, at most 4, that write ``value`` as parsed (16.15: 2; 0.3: 1; 100.0: 0)."""
    return next((p for p in range(4) if round(value, p) == round(value, 4)), 4)


# A bucket's lower edge: "80.001% - 85.000%", "80.001-85.000%", "Over 80% to 85%".
def _ltv_checks(deal: Deal, not_run: list[NotRun]) -> list[Check]:
    """The stated balance above 80% LTV against the LTV table's buckets above 80%: not run where a bucket runs
    across 80% ("75.001% - 85.000%"), whose loans above 80% the table does not give apart."""
    checks: list[Check] = []
    for _index, table in enumerate(deal.tables):
        pool = deal.pool(table.pool)
        if pool is None or pool.balance_above_80_ltv is None or table.kind is not TableKind.LTV:
            continue
        if any(_bucket_runs_across(r.label, 80.0) for r in table.rows):
            above_80 = "the loans above 80% LTV (a row runs across 80%)"
            not_run.append(NotRun.of_buckets_cut_otherwise(ABOVE_80_LTV.name, table.title, table.pool, above_80))
            continue
        above = _rows_above(table.rows, 80.0)
        if above and not _balances_given(table):
            not_run.append(_without_balances(ABOVE_80_LTV.name, table.title, table))
            continue
        if not above or any(r.balance is None for r in above):
            continue
        checks.append(
            _check(
                ABOVE_80_LTV,
                table.title,
                pool.balance_above_80_ltv,
                sum(r.balance for r in above),
                CENTS,
                f"pool:{pool.name}:balance_above_80_ltv",
                lines_of(pool, "balance_above_80_ltv"),
                _row_lines(above),
                unit=Unit.DOLLARS,
                stated=_as_written(
                    "the balance above 80% LTV",
                    [(f"{_named(pool)}'s balance above 80% LTV", pool, "balance_above_80_ltv")],
                ),
                found=_in_a_table(table, len(above), "the table's rows"),
            )
        )
    return checks


def _balances_given(table: StratTable) -> bool:
    """Whether the table gives its rows' balances: one printing each row's share alone ("46.63%") gives none."""
    return any(row.balance is not None for row in table.rows)


def _without_balances(name: str, subject: str, table: StratTable) -> NotRun:
    """A check of the LTV table's balances where it gives none (its rows' shares alone): said, never left out."""
    line = min((n for row in table.rows for n in row.source_lines), default=0)
    return NotRun.of_a_tables_figure(name, subject, "the LTV table's balance of each row", line, unread=False)


def _bucket_runs_across(label: str, bound: float) -> bool:
    """A bucket with loans on both sides of the bound: "75.001% - 85.000%", "Over 75%" (for 80%)."""
    interval = parse_interval(label)
    if interval is None:
        return False
    low, high = interval
    return (low is None or low < bound) and (high is None or high > bound)


def _rows_above(rows: Sequence[TableRow], bound: float) -> list[TableRow]:
    """The rows of buckets wholly above the bound ("80.01% - 85.00%", "Over 80%"; not "80% and below", nor a label
    that names no range); where the buckets share their edges ("75% - 80%", "80% - 85%"),
    the one starting at the bound too: a loan at 80% is the bucket's below, which ends there. Left out, the
    "80% - 85%" row's loans failed the check of a filing whose figures agree."""
    intervals = [parse_interval(row.label) for row in rows]
    shared = any(interval is not None and interval[1] == bound for interval in intervals)
    return [
        row
        for row, interval in zip(rows, intervals)
        if interval is not None
        and interval[0] is not None
        and (interval[0] > bound or (shared and interval[0] == bound))
    ]
