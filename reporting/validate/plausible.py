"""Plausibility: figures no check reconciles, tested against each other and against what a pool can be.

The reconciliation checks cover what a filing adds up (tables, pools, classes). Some
figures stand alone: the WA original term, the WA LTV, the largest zip code, the
original-balance range. A misread one (a letter O for a zero, a figure of another
fact) would pass unseen; here each is tested against the figures it must agree
with, and one that cannot be right is doubted beside the number, in every report,
and in the deal's warnings. Nothing is corrected or dropped: the filing may say so.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date

from reporting import formatting as fmt
from reporting.model.bucket_labels import parse_interval
from reporting.model.deal import Deal, Pool, Provenance, StratTable, TableRow
from reporting.model.table_kinds import TableKind

# A pool's figures as a person reads them, and how each is written.
_FIGURES: dict[str, tuple[str, Callable[[float], str]]] = {
    "aggregate_balance": ("the aggregate balance", fmt.dollars),
    "wac": ("the WAC", fmt.stated_percent),
    "wam_months": ("the WAM", fmt.months),
    "wa_original_term_months": ("the WA original term", fmt.months),
    "wa_ltv": ("the WA LTV", fmt.stated_percent),
    "max_ltv": ("the largest LTV", fmt.stated_percent),
    "original_balance_min": ("the smallest original balance", fmt.dollars),
    "original_balance_max": ("the largest original balance", fmt.dollars),
    "original_term_min_years": ("the shortest original term", lambda years: f"{years:g} years"),
    "original_term_max_years": ("the longest original term", lambda years: f"{years:g} years"),
    "largest_zip_balance": ("the largest zip code balance", fmt.dollars),
    "balance_above_80_ltv": ("the balance above 80% LTV", fmt.dollars),
    "primary_residence_min_pct": ("the primary residence share", fmt.stated_percent),
    "originated_not_before": ("the earliest origination", fmt.long_date),
    "originated_not_after": ("the latest origination", fmt.long_date),
    "latest_maturity": ("the latest maturity", fmt.long_date),
}
# Rounding in the filing's own figures: a term to 0.01 month, a rate to 0.001%, an LTV to 0.1%.
_MONTHS, _PERCENT = 0.01, 0.1
# How far negative amortisation may take a loan's balance above its original (125% is the usual cap).
NEGATIVE_AMORTISATION_CAP = 1.25
# What no residential mortgage pool's WAC is outside: a rate misread from another figure is.
WAC_RANGE = (1.0, 20.0)
# No residential mortgage runs longer (40 years is the longest sold); a pool's dates span no more.
LONGEST_TERM_YEARS = 50
# What no pool's average loan balance is outside. A balance in thousands or millions read as dollars
# (a unit the reader did not find) averages a few hundred dollars a loan, or less; one read a thousand
# times too large, hundreds of millions.
AVERAGE_LOAN_RANGE = (2_000, 20_000_000)


@dataclass(frozen=True)
class _Doubt:
    fields: tuple[str, ...]  # the figures it is put beside
    message: str


def doubt_implausible(deal: Deal) -> Deal:
    """The deal with a doubt beside every figure that cannot agree with the others (idempotent)."""
    pools, warnings = [], list(deal.warnings)
    for pool in deal.pools:
        own_tables = [t for t in deal.tables if t.pool == pool.name]
        found = list(_doubts(pool))
        doubted = {field for doubt in found for field in doubt.fields}  # one doubt a figure is enough
        found += [d for d in _averages_outside_the_tables_rows(pool, own_tables) if not doubted & set(d.fields)]
        for doubt in found:
            for field in doubt.fields:
                pool = _with_warning(pool, field, doubt.message)
            warning = f"{pool.label} {' and '.join(doubt.fields)}: {doubt.message}"
            if warning not in warnings:
                warnings.append(warning)
        pools.append(pool)
    strat_tables = []
    for table in deal.tables:
        if (message := _table_average_outside(table, deal.pool(table.pool))) and message not in table.warnings:
            table = replace(table, warnings=(*table.warnings, message))
            warnings.append(f"{table.title or 'a table'}: {message}")
        rows = []
        outside = _averages_outside_their_buckets(table)
        pool = deal.pool(table.pool)
        for row in table.rows:
            message = _row_cannot_be(row) or outside.get(id(row)) or _row_past_the_pools_bound(row, table, pool)
            if message and message not in row.warnings:
                row = replace(row, warnings=(*row.warnings, message))
                warnings.append(f"{table.title or 'a table'}: row {row.label!r}: {message}")
            rows.append(row)
        strat_tables.append(replace(table, rows=tuple(rows)))
    return replace(deal, pools=tuple(pools), tables=tuple(strat_tables), warnings=tuple(warnings))


def _average_loan_outside(balance: float | None, count: int | None) -> str | None:
    """What is wrong with a balance whose loans would average less or more than any pool's, or None."""
    if balance is None or not count or balance <= 0:
        return None
    average = balance / count
    low, high = AVERAGE_LOAN_RANGE
    if low <= average <= high:
        return None
    unit = (
        "in thousands or millions of dollars the filing does not name" if average < low else "in dollars, not thousands"
    )
    return (
        f"its {count:,} {'loan' if count == 1 else 'loans'} would average {fmt.dollars(average)}, outside the"
        f" {fmt.dollars(low)} to {fmt.dollars(high)} of any mortgage pool: the balance may be {unit}, or misread"
    )


def _row_cannot_be(row: TableRow) -> str | None:
    """What is wrong with a row whose count and balance cannot both be right: loans with no balance, a balance
    with no loans, or loans averaging what no mortgage does. Only the Total's sums flagged it, not the row."""
    if row.count is None or row.balance is None:
        return None
    if row.count == 0 and row.balance > 0:
        return f"no loans, but a balance of {fmt.dollars(row.balance)}: one of the two is misprinted or misread"
    if row.count > 0 and row.balance == 0:
        loans = "loan" if row.count == 1 else "loans"
        return f"{row.count:,} {loans}, but no balance: one of the two is misprinted or misread"
    return _average_loan_outside(row.balance, row.count)


def _averages_outside_their_buckets(table: StratTable) -> dict[int, str]:
    """The rows of a loan-size table whose loans average more than their bucket's top ("$300,000 through
    $349,999": 36 loans, $12,341,764) or, where the buckets are of the balance shown, less than its bottom: by
    the row's id. Two rows' balances swapped, or a digit misprinted, add up in the Total all the same; this is
    the only figure that shows them. Said only where most rows average inside their buckets: labels in
    thousands, or a table of something else, are no grounds for a doubt."""
    if table.kind is not TableKind.LOAN_SIZE:
        return {}
    # Loans pay down after they are bucketed by their original balance: then only the top bounds the average.
    by_original = "original" in f"{table.title} {table.label_header}".lower()
    ranged = [
        (row, interval, row.balance / row.count)
        for row in table.rows
        if row.count and row.balance and (interval := parse_interval(row.label)) is not None
    ]
    outside = {
        id(row): f"its {row.count:,} loans average {fmt.dollars(average)}, outside the {row.label} the row is for: "
        "its count or balance is misprinted or misread"
        for row, (low, high), average in ranged
        if (high is not None and average > high + 1) or (not by_original and low is not None and average < low - 1)
    }
    return outside if len(outside) * 3 <= len(ranged) else {}


# A pool's weighted average lies among its loans' own figures: within the buckets of its table's rows that hold
# loans. (table kind, the pool's figure, its rounding as stated.) A table by net rate is of other figures than the WAC.
_AVERAGES_IN_TABLES = ((TableKind.NOTE_RATE, "wac", 0.0005), (TableKind.LTV, "wa_ltv", 0.05))


def _averages_outside_the_tables_rows(pool: Pool, tables: list[StratTable]) -> Iterator[_Doubt]:
    """The WAC outside the note rates of the loans the note-rate table shows, the WA LTV outside the LTVs of the
    LTV table's: one of the two is misread ("5.843%" read as "8.543%")."""
    for kind, field, rounding in _AVERAGES_IN_TABLES:
        value = getattr(pool, field)
        for table in (t for t in tables if t.kind is kind and "net" not in t.title.lower().split()):
            span = _span_of_rows_with_loans(table)
            if value is None or span is None:
                continue
            low, high = span
            if (low is not None and value < low - rounding) or (high is not None and value > high + rounding):
                yield _Doubt(
                    (field,),
                    f"{_shown(pool, field)} lies outside the {_span_words(span)} of the loans the table "
                    f"{table.title!r} shows: one of them is misread, or misprinted",
                )


def _span_of_rows_with_loans(table: StratTable) -> tuple[float | None, float | None] | None:
    """The range the buckets holding loans cover (an open end None), or None where a bucket's range is unknown."""
    spans = [parse_interval(r.label) for r in table.rows if r.balance]
    if not spans or any(span is None for span in spans):
        return None
    lows, highs = [span[0] for span in spans], [span[1] for span in spans]
    return (None if None in lows else min(lows), None if None in highs else max(highs))


def _span_words(span: tuple[float | None, float | None]) -> str:
    low, high = span
    return (
        f"{low:g}% to {high:g}%"
        if low is not None and high is not None
        else (f"{high:g}% and below" if low is None else f"{low:g}% and above")
    )


# A bound the filing states every loan meets, and the table whose rows past it may hold no loans: (table kind, the
# pool's figure, the most a loan may have as a number, the words for it). A loan's balance now may be above its
# original where it amortises negatively (``NEGATIVE_AMORTISATION_CAP``).
_BOUNDS_OF_ROWS: tuple[tuple[TableKind, str, Callable[[object], float], str], ...] = (
    (TableKind.LTV, "max_ltv", float, "no loan has an LTV above"),
    (
        TableKind.LOAN_SIZE,
        "original_balance_max",
        lambda v: float(v) * NEGATIVE_AMORTISATION_CAP,
        "no loan's original balance is above",
    ),
    (TableKind.ORIGINATION_YEAR, "originated_not_after", lambda d: d.year, "no loan was originated after"),
)
_FLOORS_OF_ROWS: tuple[tuple[TableKind, str, Callable[[object], float], str], ...] = (
    (TableKind.ORIGINATION_YEAR, "originated_not_before", lambda d: d.year, "no loan was originated before"),
)


def _row_past_the_pools_bound(row: TableRow, table: StratTable, pool: Pool | None) -> str | None:
    """A row holding loans all past a bound the filing states every loan meets ("no mortgage loans had
    loan-to-value ratios in excess of 95%" beside a row "95.001% - 100.000%" of 3 loans; a year of origination
    before the earliest date): the row or the bound is misread, or misprinted."""
    if pool is None or not (row.count or row.balance) or (span := parse_interval(row.label)) is None:
        return None
    low, high = span
    for kinds, past in (
        (_BOUNDS_OF_ROWS, lambda most: low is not None and low > most),
        (_FLOORS_OF_ROWS, lambda least: high is not None and high < least),
    ):
        for kind, field, as_number, words in kinds:
            bound = getattr(pool, field)
            if table.kind is kind and bound is not None and past(as_number(bound)):
                return (
                    f"the filing states {words} {_FIGURES[field][1](bound)}, but this row holds loans: the row or "
                    "the bound is misread, or misprinted"
                )
    return None


def _table_average_outside(table: StratTable, pool: Pool | None) -> str | None:
    """The table's Total balance over its loans: its own count, else (a table that shows no counts) the
    pool's, whose loans it divides ("$149,999 and under  $12" where the counts were read as balances)."""
    total = table.total
    if total is None:
        return None
    count = total.count if total.count is not None else pool.loan_count if pool is not None else None
    return _average_loan_outside(total.balance, count)


def _doubts(pool: Pool) -> Iterator[_Doubt]:
    value: Callable[[str], float | None] = lambda name: getattr(pool, name)  # noqa: E731
    wam, original = value("wam_months"), value("wa_original_term_months")
    low_years, high_years = value("original_term_min_years"), value("original_term_max_years")
    if wam is not None and original is not None and original + _MONTHS < wam:
        yield _Doubt(
            ("wam_months", "wa_original_term_months"),
            _apart(pool, "wa_original_term_months", "shorter than", "wam_months"),
        )
    if original is not None and high_years is not None and original > high_years * 12 + _MONTHS:
        yield _Doubt(
            ("wa_original_term_months",),
            _apart(pool, "wa_original_term_months", "longer than", "original_term_max_years"),
        )
    if original is not None and low_years is not None and original + _MONTHS < low_years * 12:
        yield _Doubt(
            ("wa_original_term_months",),
            _apart(pool, "wa_original_term_months", "shorter than", "original_term_min_years"),
        )
    if wam is not None and high_years is not None and wam > high_years * 12 + _MONTHS:
        yield _Doubt(("wam_months",), _apart(pool, "wam_months", "longer than", "original_term_max_years"))
    yield from _over(pool, "wa_ltv", "max_ltv", _PERCENT)
    yield from _over(pool, "original_balance_min", "original_balance_max", 0)
    yield from _over(pool, "originated_not_before", "originated_not_after", 0)
    yield from _over(pool, "originated_not_before", "latest_maturity", 0)
    yield from _over(pool, "originated_not_after", "latest_maturity", 0)
    yield from _average_outside_range(pool)
    if message := _average_loan_outside(pool.aggregate_balance, pool.loan_count):
        yield _Doubt(("aggregate_balance",), f"{_shown(pool, 'aggregate_balance')}: {message}")
    if pool.balance_above_80_ltv and pool.max_ltv is not None and pool.max_ltv <= 80:
        above, largest = _shown(pool, "balance_above_80_ltv"), _shown(pool, "max_ltv")
        message = f"{above} says some loans are above 80% LTV, yet {largest} is not: one of them is misread"
        yield _Doubt(("balance_above_80_ltv", "max_ltv"), message + ", or misprinted")
    yield from _maturity_too_soon(pool)
    for part in ("largest_zip_balance", "balance_above_80_ltv"):  # the balance is reconciled: the part is doubted
        yield from _over(pool, part, "aggregate_balance", 0.005, beside=(part,))
    if (wac := value("wac")) is not None and not WAC_RANGE[0] <= wac <= WAC_RANGE[1]:
        low, high = WAC_RANGE
        yield _Doubt(
            ("wac",), f"{_shown(pool, 'wac')} is outside {low:g}%-{high:g}%, where every mortgage pool's WAC lies"
        )
    if (wa_ltv := value("wa_ltv")) is not None and not 0 < wa_ltv <= 125:
        yield _Doubt(("wa_ltv",), f"{_shown(pool, 'wa_ltv')} cannot be a weighted average loan-to-value ratio")
    if (max_ltv := value("max_ltv")) is not None and not 0 < max_ltv <= 125:
        yield _Doubt(("max_ltv",), f"{_shown(pool, 'max_ltv')} cannot be a mortgage loan's loan-to-value ratio")
    if (share := value("primary_residence_min_pct")) is not None and not 0 <= share <= 100:
        yield _Doubt(
            ("primary_residence_min_pct",), f"{_shown(pool, 'primary_residence_min_pct')} is no share of a pool"
        )
    for years in ("original_term_min_years", "original_term_max_years"):
        if (term := value(years)) is not None and not 0 < term <= LONGEST_TERM_YEARS:
            yield _Doubt((years,), f"{_shown(pool, years)} is no residential mortgage's term")
    yield from _dates_far_apart(pool)


def _maturity_too_soon(pool: Pool) -> Iterator[_Doubt]:
    """Every loan was originated on or after the earliest origination date, for at least the
    shortest original term: none can mature before the two together, nor can the latest."""
    start, years, latest = pool.originated_not_before, pool.original_term_min_years, pool.latest_maturity
    if start is None or years is None or latest is None:
        return
    # Months since year 0, not dates: a misprinted term of a billion years is past any date.
    months = years * 12
    soonest = start.year * 12 + start.month - 1 + (round(months) if math.isfinite(months) else months)
    if latest.year * 12 + latest.month - 1 < soonest:  # soonest: the first day of that month
        message = (
            f"{_shown(pool, 'latest_maturity')} is before any loan could mature: originated on or after"
            f" {fmt.long_date(start)} for at least {years:g} years"
        )
        yield _Doubt(("latest_maturity",), message + ": one of them is misread, or misprinted")


def _dates_far_apart(pool: Pool) -> Iterator[_Doubt]:
    """A pool's loans were originated and mature within a mortgage's term of one another: the
    latest maturity more than that after the earliest origination is a misread date."""
    start, latest = pool.originated_not_before or pool.originated_not_after, pool.latest_maturity
    if start is not None and latest is not None and latest.year - start.year > LONGEST_TERM_YEARS:
        first = "originated_not_before" if pool.originated_not_before else "originated_not_after"
        message = (
            f"{_shown(pool, 'latest_maturity')} is more than {LONGEST_TERM_YEARS} years after {_shown(pool, first)}"
        )
        yield _Doubt(("latest_maturity", first), message + ": one of them is misread, or misprinted")


def _average_outside_range(pool: Pool) -> Iterator[_Doubt]:
    """The average loan balance is at most the largest original balance, give or take what
    negative amortisation may add (a balance may grow to 125% of its original): an average far
    above it means one of them is misread."""
    balance, count = pool.aggregate_balance, pool.loan_count
    if balance is None or not count:
        return
    average = balance / count
    if pool.original_balance_max is not None and average > pool.original_balance_max * NEGATIVE_AMORTISATION_CAP:
        message = (
            f"{_shown(pool, 'original_balance_max')} is less than the average loan balance ({fmt.dollars(average)})"
        )
        yield _Doubt(("original_balance_max",), message + ": one of them is misread, or misprinted")


def _over(pool: Pool, part: str, whole: str, slack: float, beside: tuple[str, ...] | None = None) -> Iterator[_Doubt]:
    """A figure that must not exceed another (the WA LTV the largest, the zip code the pool);
    the doubt goes beside both, or beside the figures named in ``beside``."""
    low, high = getattr(pool, part), getattr(pool, whole)
    if low is not None and high is not None and (low > high if isinstance(low, date) else low > high + slack):
        yield _Doubt(beside or (part, whole), _apart(pool, part, "more than", whole))


def _apart(pool: Pool, one: str, how: str, other: str) -> str:
    return f"{_shown(pool, one)} is {how} {_shown(pool, other)}: one of them is misread, or misprinted"


def _shown(pool: Pool, field: str) -> str:
    """ "the WA original term (9.54 mo)": a figure named and written as the reports write it."""
    name, written = _FIGURES[field]
    return f"{name} ({written(getattr(pool, field))})"


def _with_warning(pool: Pool, field: str, message: str) -> Pool:
    """The pool with ``message`` among the doubts of ``field`` (once)."""
    found = next((p for p in pool.provenance if p.field == field), None)
    if found is not None and message in found.warnings:
        return pool
    if found is None:
        return replace(pool, provenance=(*pool.provenance, Provenance(field, (), (message,))))
    updated = replace(found, warnings=(*found.warnings, message))
    return replace(pool, provenance=tuple(updated if p is found else p for p in pool.provenance))
