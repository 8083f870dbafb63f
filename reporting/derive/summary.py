"""Analyse: the derived figures of a collateral summary, kept apart from rendering.

``summarise(deal)`` turns a parsed, validated ``Deal`` into a ``DealSummary``: a
tree of frozen dataclasses holding every figure the report shows (shares of
balance, cumulative shares, averages, seasoning, state concentration) and the
failed checks that concern each figure. Templates and charts only read this
model; nothing here does I/O or knows about HTML, so the email and diff reports
can reuse it. A figure the filing does not allow us to derive is None.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from reporting.derive.buckets import parse_interval
from reporting.model.deal import Bound, Check, Deal, FilingKind, PercentMatrix, Pool, StratTable

TOP_STATES = 5


# --- the summary model ------------------------------------------------------------


@dataclass(frozen=True)
class Metric:
    """One row of the key-metrics panel: a figure for each pool column.

    ``kind`` names how ``formatting.metric`` writes the value (dollars, count, rate,
    months, percent, at_least, at_most_dollars, dollar_range, ...); ``failed`` holds, per column, the failed checks
    about that figure so the report can flag them in the cell itself.
    """

    label: str
    kind: str
    values: tuple[object, ...]  # a number, a date or a (low, high) range; None when not stated
    failed: tuple[tuple[Check, ...], ...]

    @property
    def stated(self) -> bool:
        return any(v is not None for v in self.values)


@dataclass(frozen=True)
class PoolColumn:
    name: str  # "I", "II", ... or "all"
    label: str  # "Pool I", "All loans"
    description: str | None


@dataclass(frozen=True)
class RateGroupRow:
    label: str  # "Premium" / "Discount"
    balance: float | None
    share: float | None  # percent of the pool's balance
    wac: float | None
    wam_months: float | None


@dataclass(frozen=True)
class PoolComposition:
    """Premium/discount split, underwriting bounds and additional collateral of one pool."""

    pool: PoolColumn
    threshold_net_rate: float | None
    rate_groups: tuple[RateGroupRow, ...]
    rate_groups_failed: tuple[Check, ...]
    underwriting: tuple[UnderwritingRow, ...]
    additional_count: int | None
    additional_balance: float | None
    additional_share: float | None
    additional_ltv_with: float | None
    additional_ltv_without: float | None

    @property
    def has_additional_collateral(self) -> bool:
        return self.additional_count is not None or self.additional_balance is not None


@dataclass(frozen=True)
class UnderwritingRow:
    policy: str
    bound: str  # "at least" / "no more than"
    percent: float
    wording: str


@dataclass(frozen=True)
class PolicyRow:
    """One underwriting policy across the pools: its bound in each composition column."""

    policy: str
    cells: tuple[UnderwritingRow | None, ...]


@dataclass(frozen=True)
class ShareRow:
    label: str
    count: int | None
    balance: float | None
    share: float | None  # percent of the table's balance
    cumulative: float | None  # None in a table of categories (see ``is_ordered``)


@dataclass(frozen=True)
class TableSummary:
    """A stratification table with its shares, and the chart that goes with it."""

    index: int  # position in deal.tables, so checks "table:<index>" find it
    kind: str  # note_rate, ltv, loan_size, dwelling, units, origination_year, geography, other
    title: str
    pool: PoolColumn
    label_header: str
    rows: tuple[ShareRow, ...]
    total_count: int | None
    total_balance: float | None
    footnotes: tuple[str, ...]
    failed: tuple[Check, ...]
    ordered: bool  # rows are ordered ranges or years, so a cumulative share means something

    @property
    def anchor(self) -> str:
        return f"table-{self.index}"


@dataclass(frozen=True)
class MatrixSummary:
    index: int
    title: str
    pool: PoolColumn
    row_header: str
    col_header: str
    row_labels: tuple[str, ...]
    col_labels: tuple[str, ...]
    cells: tuple[tuple[float, ...], ...]
    row_totals: tuple[float, ...] | None
    col_totals: tuple[float, ...] | None
    grand_total: float | None
    failed: tuple[Check, ...]

    @property
    def anchor(self) -> str:
        return f"matrix-{self.index}"


@dataclass(frozen=True)
class StateShare:
    state: str
    code: str | None  # USPS code, None when the label is not a state we know
    balance: float
    share: float


@dataclass(frozen=True)
class Geography:
    """State concentration of one pool, from its state table."""

    table_index: int
    pool: PoolColumn
    states: tuple[StateShare, ...]  # largest share first
    california_share: float | None
    top_share: float  # the largest TOP_STATES states together

    @property
    def with_loans(self) -> str:
        """ "38 states and DC": the District of Columbia is not a state."""
        states = sum(1 for s in self.states if s.code != "DC")
        named = f"{states} state{'s' * (states != 1)}"
        return f"{named} and DC" if len(self.states) > states else named


@dataclass(frozen=True)
class ClassRow:
    name: str
    balance: float | None
    share: float | None  # percent of the deal balance
    subordination_level: float | None  # as stated
    failed: tuple[Check, ...]


@dataclass(frozen=True)
class CapitalStructure:
    classes: tuple[ClassRow, ...]
    total_balance: float | None
    deal_balance: float | None
    failed: tuple[Check, ...]  # checks about all classes together ("class:*")


@dataclass(frozen=True)
class CheckGroup:
    """The checks about one subject (a table, the pools, the classes), in the filing's order."""

    subject: str
    checks: tuple[Check, ...]

    @property
    def heading(self) -> str:
        return subject_heading(self.subject)

    @property
    def failed(self) -> int:
        return sum(not c.passed for c in self.checks)


@dataclass(frozen=True)
class DealSummary:
    deal_name: str
    issuer: str
    series: str | None
    kind: str
    date_of_report: date | None
    cut_off_date: date | None
    source_name: str
    source_sha256: str
    trustee: str | None
    paying_agent: str | None
    clean_up_call_balance: float | None
    pools: tuple[PoolColumn, ...]  # parts first, the whole deal last
    metrics: tuple[Metric, ...]  # only the rows with at least one stated value
    metrics_not_stated: tuple[str, ...]  # labels of rows the filing gives nothing for
    limits: tuple[Metric, ...]  # eligibility and limits the filing states; rows it states for no pool left out
    compositions: tuple[PoolComposition, ...]
    policies: tuple[PolicyRow, ...]  # underwriting bounds, one column per composition
    tables: tuple[TableSummary, ...]
    geography: Geography | None
    matrices: tuple[MatrixSummary, ...]
    capital: CapitalStructure | None
    checks: tuple[Check, ...]
    check_groups: tuple[CheckGroup, ...]  # groups with a failure first
    checks_failed: int
    missing: tuple[str, ...]
    warnings: tuple[str, ...]

    @property
    def is_multi_pool(self) -> bool:
        return len(self.pools) > 1

    @property
    def has_rate_groups(self) -> bool:
        return any(c.rate_groups for c in self.compositions)

    @property
    def has_additional_collateral(self) -> bool:
        return any(c.has_additional_collateral for c in self.compositions)


# --- building it --------------------------------------------------------------------


def summarise(deal: Deal) -> DealSummary:
    pools = _ordered_pools(deal)
    columns = tuple(_column(p) for p in pools)
    tables = tuple(_table_summary(deal, i, t) for i, t in enumerate(deal.tables))
    geography = _geography(deal, tables)
    metrics = _metrics(deal, pools, tables)
    compositions = tuple(c for c in (_composition(deal, p) for p in pools) if c is not None)
    return DealSummary(
        deal_name=deal.name,
        issuer=deal.issuer,
        series=deal.series,
        kind=deal.kind.label if isinstance(deal.kind, FilingKind) else "Unknown kind of filing",
        date_of_report=deal.date_of_report,
        cut_off_date=deal.cut_off_date,
        source_name=_file_name(deal.source.path),
        source_sha256=deal.source.sha256,
        trustee=deal.trustee,
        paying_agent=deal.paying_agent,
        clean_up_call_balance=deal.clean_up_call_balance,
        pools=columns,
        metrics=tuple(m for m in metrics if m.stated),
        metrics_not_stated=tuple(m.label for m in metrics if not m.stated),
        limits=tuple(m for m in _limits(deal, pools) if m.stated),
        compositions=compositions,
        policies=_policy_rows(compositions),
        tables=tables,
        geography=geography,
        matrices=tuple(_matrix_summary(deal, i, m) for i, m in enumerate(deal.matrices)),
        capital=_capital_structure(deal),
        checks=deal.checks,
        check_groups=_check_groups(deal.checks),
        checks_failed=sum(not c.passed for c in deal.checks),
        missing=deal.missing,
        warnings=deal.warnings,
    )


def _file_name(path: str) -> str:
    # Only the name: the folder a user keeps filings in is nobody else's business.
    return re.split(r"[\\/]", path)[-1] or path


def _ordered_pools(deal: Deal) -> list[Pool]:
    parts = [p for p in deal.pools if not p.is_whole_deal]
    whole = [p for p in deal.pools if p.is_whole_deal]
    return parts + whole


def _column(pool: Pool) -> PoolColumn:
    return PoolColumn(pool.name, pool.label, pool.description)


def _column_for(deal: Deal, name: str) -> PoolColumn:
    pool = deal.pool(name)
    return _column(pool) if pool else PoolColumn(name, f"Pool {name}", None)


def _failed(deal: Deal, concerns: str) -> tuple[Check, ...]:
    return tuple(c for c in deal.checks if not c.passed and c.concerns == concerns)


def _share(part: float | None, whole: float | None) -> float | None:
    if part is None or not whole:
        return None
    return part / whole * 100


# --- key metrics --------------------------------------------------------------------


def _metrics(deal: Deal, pools: Sequence[Pool], tables: Sequence[TableSummary]) -> list[Metric]:
    state_tables = {t.pool.name: t for t in tables if t.kind == "geography"}

    def row(label: str, kind: str, field: str, value) -> Metric:
        values = tuple(value(p) for p in pools)
        failed = tuple(_failed(deal, f"pool:{p.name}:{field}") for p in pools)
        return Metric(label, kind, values, failed)

    def state_figure(pool: Pool, figure: str) -> float | None:
        table = state_tables.get(pool.name)
        if table is None:
            return None
        shares = _state_shares(table)
        if figure == "california":
            return next((s.share for s in shares if s.code == "CA"), 0.0)
        return sum(s.share for s in shares[:TOP_STATES])

    return [
        row("Aggregate balance", "dollars", "aggregate_balance", lambda p: p.aggregate_balance),
        row("Loan count", "count", "loan_count", lambda p: p.loan_count),
        row("Average balance", "dollars", "average_balance", _average_balance),
        row("WAC", "rate", "wac", lambda p: p.wac),
        row("WAM", "months", "wam_months", lambda p: p.wam_months),
        row("WA original term", "months", "wa_original_term_months", lambda p: p.wa_original_term_months),
        row("Seasoning (WA original term - WAM)", "months", "seasoning", _seasoning),
        row("WA LTV at origination", "percent1", "wa_ltv", lambda p: p.wa_ltv),
        row(
            "Share above 80% LTV",
            "percent",
            "balance_above_80_ltv",
            lambda p: _share(p.balance_above_80_ltv, p.aggregate_balance),
        ),
        row("California share", "percent", "california_share", lambda p: state_figure(p, "california")),
        row(f"Top {TOP_STATES} states share", "percent", "top_states_share", lambda p: state_figure(p, "top")),
        # The filing states the zip code exposure as a limit ("no more than $7,749,519").
        row("Largest zip code exposure", "at_most_dollars", "largest_zip_balance", lambda p: p.largest_zip_balance),
        row(
            "Largest zip code share",
            "at_most_share",
            "largest_zip_share",
            lambda p: _share(p.largest_zip_balance, p.aggregate_balance),
        ),
        row("Primary residence", "at_least", "primary_residence_min_pct", lambda p: p.primary_residence_min_pct),
    ]


def _limits(deal: Deal, pools: Sequence[Pool]) -> list[Metric]:
    """What the filing states every loan meets: ranges, dates and maximums, per pool column."""

    def row(label: str, kind: str, fields: tuple[str, ...], value) -> Metric:
        failed = tuple(tuple(c for f in fields for c in _failed(deal, f"pool:{p.name}:{f}")) for p in pools)
        return Metric(label, kind, tuple(value(p) for p in pools), failed)

    def pair(low, high):
        return None if low is None and high is None else (low, high)

    return [
        row(
            "Original balance",
            "dollar_range",
            ("original_balance_min", "original_balance_max"),
            lambda p: pair(p.original_balance_min, p.original_balance_max),
        ),
        row(
            "Original term",
            "year_range",
            ("original_term_min_years", "original_term_max_years"),
            lambda p: pair(p.original_term_min_years, p.original_term_max_years),
        ),
        row("Originated not before", "long_date", ("originated_not_before",), lambda p: p.originated_not_before),
        row("Originated not after", "long_date", ("originated_not_after",), lambda p: p.originated_not_after),
        row("Latest maturity", "long_date", ("latest_maturity",), lambda p: p.latest_maturity),
        row("Maximum LTV at origination", "at_most", ("max_ltv",), lambda p: p.max_ltv),
        row("Balance above 80% LTV", "dollars", ("balance_above_80_ltv",), lambda p: p.balance_above_80_ltv),
    ]


def _average_balance(pool: Pool) -> float | None:
    if pool.aggregate_balance is None or not pool.loan_count:
        return None
    return pool.aggregate_balance / pool.loan_count


def _seasoning(pool: Pool) -> float | None:
    if pool.wa_original_term_months is None or pool.wam_months is None:
        return None
    return round(pool.wa_original_term_months - pool.wam_months, 2)


# --- composition --------------------------------------------------------------------

_BOUND_WORDS = {Bound.AT_LEAST: "at least", Bound.NO_MORE_THAN: "no more than"}


def _composition(deal: Deal, pool: Pool) -> PoolComposition | None:
    split, extra = pool.premium_discount, pool.additional_collateral
    if split is None and extra is None and not pool.underwriting:
        return None
    groups: tuple[RateGroupRow, ...] = ()
    if split is not None:
        groups = tuple(
            RateGroupRow(label, g.balance, _share(g.balance, pool.aggregate_balance), g.wac, g.wam_months)
            for label, g in (("Premium", split.premium), ("Discount", split.discount))
        )
    underwriting = tuple(
        UnderwritingRow(u.policy, _BOUND_WORDS.get(u.bound, str(u.bound)), u.percent, u.wording)
        for u in pool.underwriting
    )
    return PoolComposition(
        pool=_column(pool),
        threshold_net_rate=split.threshold_net_rate if split else None,
        rate_groups=groups,
        rate_groups_failed=_failed(deal, f"pool:{pool.name}:premium_discount"),
        underwriting=underwriting,
        additional_count=extra.loan_count if extra else None,
        additional_balance=extra.balance if extra else None,
        additional_share=_share(extra.balance, pool.aggregate_balance) if extra else None,
        additional_ltv_with=extra.wa_ltv_with_collateral if extra else None,
        additional_ltv_without=extra.wa_ltv_without_collateral if extra else None,
    )


def _policy_rows(compositions: Sequence[PoolComposition]) -> tuple[PolicyRow, ...]:
    policies = list(dict.fromkeys(u.policy for c in compositions for u in c.underwriting))
    return tuple(
        PolicyRow(policy, tuple(next((u for u in c.underwriting if u.policy == policy), None) for c in compositions))
        for policy in policies
    )


# --- stratification tables ----------------------------------------------------------

# Which chart a table gets, from its title and label header. Order matters:
# "NUMBER OF UNITS IN DWELLINGS" is about units, not dwelling types.
_TABLE_KINDS = (
    ("units", re.compile(r"number\s+of\s+units|\bunits?\s+in\b", re.I)),
    ("dwelling", re.compile(r"dwelling|property\s+type", re.I)),
    ("origination_year", re.compile(r"year\s+of\s+origination|years\s+of\s+origination|year\s+originated", re.I)),
    ("loan_size", re.compile(r"size\s+of|loan\s+size|principal\s+balance", re.I)),
    ("note_rate", re.compile(r"note\s+rate|interest\s+rate|mortgage\s+rate", re.I)),
    ("ltv", re.compile(r"loan-to-value|\bLTV\b", re.I)),
    ("geography", re.compile(r"geographic|\bstates?\b", re.I)),
)


def table_kind(table: StratTable) -> str:
    text = f"{table.title} {table.label_header}"
    return next((kind for kind, pattern in _TABLE_KINDS if pattern.search(text)), "other")


def _table_summary(deal: Deal, index: int, table: StratTable) -> TableSummary:
    frame = pd.DataFrame(
        {
            "label": [r.label for r in table.rows],
            "count": pd.array([r.count for r in table.rows], dtype="Int64"),
            "balance": pd.array([r.balance for r in table.rows], dtype="Float64"),
        }
    )
    # Shares are of the table's own Total line (what the filing prints), else of its rows.
    stated_total = table.total.balance if table.total else None
    base = stated_total if stated_total else frame["balance"].sum(skipna=True)
    frame["share"] = frame["balance"] / base * 100 if base else pd.NA
    ordered = is_ordered(table.rows)
    frame["cumulative"] = frame["share"].cumsum() if ordered else pd.NA
    rows = tuple(
        ShareRow(
            label=r.label,
            count=None if pd.isna(r.count) else int(r.count),
            balance=None if pd.isna(r.balance) else float(r.balance),
            share=None if pd.isna(r.share) else float(r.share),
            cumulative=None if pd.isna(r.cumulative) else float(r.cumulative),
        )
        for r in frame.itertuples(index=False)
    )
    return TableSummary(
        index=index,
        kind=table_kind(table),
        title=title_case(table.title),
        pool=_column_for(deal, table.pool),
        label_header=table.label_header,
        rows=rows,
        total_count=table.total.count if table.total else None,
        total_balance=stated_total,
        footnotes=table.footnotes,
        failed=_failed(deal, f"table:{index}"),
        ordered=ordered,
    )


def is_ordered(rows: Sequence) -> bool:
    """Whether a cumulative share reads sensibly down these rows: every label is a numeric range
    or a year ("$150,000 through $199,999", "65.00% and below", "2003"), in ascending order.
    States, dwelling types and "1-family" ... are categories: their running total means nothing."""
    intervals = [parse_interval(r.label) for r in rows]
    if not intervals or None in intervals:
        return False
    # Sort key: a range's lower edge, or its upper edge when it is open below.
    edges = [low if low is not None else float("-inf") for low, _ in intervals]
    return edges == sorted(edges)


_SMALL_WORDS = {"of", "by", "to", "in", "and", "at", "the", "a", "an", "or", "for", "on"}


def title_case(title: str) -> str:
    """Filing titles are in capitals; a report reads better in title case."""
    if not title.isupper():
        return title
    words = title.lower().split()
    return " ".join(
        w if (i and w in _SMALL_WORDS) else (w.upper() if w in {"ltv", "fico"} else w.capitalize())
        for i, w in enumerate(words)
    )


def _matrix_summary(deal: Deal, index: int, matrix: PercentMatrix) -> MatrixSummary:
    return MatrixSummary(
        index=index,
        title=title_case(matrix.title).replace("Fico", "FICO"),
        pool=_column_for(deal, matrix.pool),
        row_header=matrix.row_header,
        col_header=matrix.col_header,
        row_labels=matrix.row_labels,
        col_labels=matrix.col_labels,
        cells=matrix.cells,
        row_totals=matrix.row_totals,
        col_totals=matrix.col_totals,
        grand_total=matrix.grand_total,
        failed=_failed(deal, f"matrix:{index}"),
    )


# --- geography ----------------------------------------------------------------------

STATE_CODES = {
    "Alabama": "AL", "Alaska": "AK", "Arizona": "AZ", "Arkansas": "AR", "California": "CA",
    "Colorado": "CO", "Connecticut": "CT", "Delaware": "DE", "District of Columbia": "DC",
    "Florida": "FL", "Georgia": "GA", "Hawaii": "HI", "Idaho": "ID", "Illinois": "IL",
    "Indiana": "IN", "Iowa": "IA", "Kansas": "KS", "Kentucky": "KY", "Louisiana": "LA",
    "Maine": "ME", "Maryland": "MD", "Massachusetts": "MA", "Michigan": "MI", "Minnesota": "MN",
    "Mississippi": "MS", "Missouri": "MO", "Montana": "MT", "Nebraska": "NE", "Nevada": "NV",
    "New Hampshire": "NH", "New Jersey": "NJ", "New Mexico": "NM", "New York": "NY",
    "North Carolina": "NC", "North Dakota": "ND", "Ohio": "OH", "Oklahoma": "OK", "Oregon": "OR",
    "Pennsylvania": "PA", "Rhode Island": "RI", "South Carolina": "SC", "South Dakota": "SD",
    "Tennessee": "TN", "Texas": "TX", "Utah": "UT", "Vermont": "VT", "Virginia": "VA",
    "Washington": "WA", "West Virginia": "WV", "Wisconsin": "WI", "Wyoming": "WY",
}  # fmt: skip
_CODES_BY_LOWER_NAME = {name.lower(): code for name, code in STATE_CODES.items()}


def state_code(label: str) -> str | None:
    cleaned = re.sub(r"[^a-z ]+", " ", label.lower())
    cleaned = re.sub(r"\s+", " ", cleaned).strip()
    return _CODES_BY_LOWER_NAME.get(cleaned)


def _state_shares(table: TableSummary) -> list[StateShare]:
    shares = [
        StateShare(r.label, state_code(r.label), r.balance, r.share)
        for r in table.rows
        if r.balance is not None and r.share is not None
    ]
    # Largest first; ties keep the filing's (alphabetical) order.
    return sorted(shares, key=lambda s: -s.balance)


def _geography(deal: Deal, tables: Sequence[TableSummary]) -> Geography | None:
    state_tables = [t for t in tables if t.kind == "geography"]
    if not state_tables:
        return None
    # The whole deal's table when there is one, else the first pool's.
    table = next((t for t in state_tables if t.pool.name == "all"), state_tables[0])
    shares = _state_shares(table)
    california = next((s.share for s in shares if s.code == "CA"), 0.0)
    return Geography(
        table_index=table.index,
        pool=table.pool,
        states=tuple(shares),
        california_share=california,
        top_share=sum(s.share for s in shares[:TOP_STATES]),
    )


# --- data quality -------------------------------------------------------------------


def subject_heading(subject: str) -> str:
    """A check's subject as a reader names it: "pool all" is All loans, "pool I" Pool I,
    "class B-1" Class B-1; a table's title in title case."""
    kind, _, name = subject.partition(" ")
    if kind == "pool" and name:
        return Pool(name).label
    if kind in ("pools", "classes", "class") and not subject.isupper():
        return subject[:1].upper() + subject[1:]
    return title_case(subject)


def _check_groups(checks: Sequence[Check]) -> tuple[CheckGroup, ...]:
    subjects = list(dict.fromkeys(c.subject for c in checks))
    groups = [CheckGroup(s, tuple(c for c in checks if c.subject == s)) for s in subjects]
    return tuple(sorted(groups, key=lambda g: g.failed == 0))  # stable: filing order otherwise


# --- capital structure --------------------------------------------------------------


def _capital_structure(deal: Deal) -> CapitalStructure | None:
    if not deal.classes:
        return None
    whole = deal.whole_deal
    deal_balance = whole.aggregate_balance if whole else None
    balances = [c.initial_balance for c in deal.classes]
    rows = tuple(
        ClassRow(
            name=c.name,
            balance=c.initial_balance,
            share=_share(c.initial_balance, deal_balance),
            subordination_level=c.subordination_level,
            failed=_failed(deal, f"class:{c.name}"),
        )
        for c in deal.classes
    )
    return CapitalStructure(
        classes=rows,
        total_balance=None if None in balances else sum(balances),
        deal_balance=deal_balance,
        failed=_failed(deal, "class:*"),
    )
