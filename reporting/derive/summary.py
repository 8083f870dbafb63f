"""Summarise: a validated ``Deal`` -> the ``DealSummary`` every report of one deal shows.

The summary holds every figure the report shows (the catalogue's metrics per pool,
shares of balance and cumulative shares per table, state concentration, the capital
structure) and the failed checks that concern each figure. Templates, charts, the
email and the workbook only read it; nothing here does I/O or knows about HTML.
A figure the filing does not allow us to derive is None.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pandas as pd

from reporting import formatting
from reporting.derive import geography, metrics
from reporting.derive.buckets import table_base
from reporting.derive.stated_facts import approximate_within, investment_facts, loss_limit_facts
from reporting.derive.wording import subject_heading, title_case
from reporting.model.bucket_labels import parse_interval
from reporting.model.deal import (
    CLASSES_TOGETHER,
    WHOLE_DEAL,
    Check,
    Deal,
    PercentMatrix,
    Pool,
    StratTable,
    class_figure,
    failed_about,
    has_group_subordinates,
    junior_classes,
    kind_label,
    provenance_of,
    written_with_cents,
)
from reporting.model.summary import (
    NOT_READ,
    CapitalStructure,
    CheckGroup,
    ClassRow,
    DealSummary,
    FigureNote,
    Geography,
    MatrixSummary,
    Metric,
    PolicyRow,
    PoolColumn,
    PoolComposition,
    RateGroupRow,
    ShareRow,
    TableSummary,
    UnderwritingRow,
    not_stated,
)
from reporting.model.table_kinds import TableKind

# --- building it --------------------------------------------------------------------


def summarise(deal: Deal) -> DealSummary:
    pools = _ordered_pools(deal)
    columns = tuple(_column(p) for p in pools)
    tables = tuple(_table_summary(deal, i, t) for i, t in enumerate(deal.tables))
    geographies = _geographies(deal, pools, tables)
    key_metrics = _key_metrics(deal, pools)
    compositions = tuple(c for c in (_composition(deal, p) for p in pools) if c is not None)
    facts_not_stated, facts_not_read = metrics.missing_in_words(deal)
    unstated = [m for m in key_metrics if not m.stated]
    # a limit the filing states in words not read is shown, its doubt beside it, and said not read with the
    # key metrics; one it does not state is left out (a filing need not state every limit)
    limits = [m for m in _limits(deal, pools) if m.stated or _said_of(m)]
    limits_not_read = tuple(m.label for m in limits if not m.stated)
    return DealSummary(
        deal_name=deal.name,
        issuer=deal.issuer,
        series=deal.series,
        kind=kind_label(deal.kind),
        date_of_report=deal.date_of_report,
        cut_off_date=deal.cut_off_date,
        source_name=_file_name(deal.source.path),
        source_sha256=deal.source.sha256,
        trustee=deal.trustee,
        paying_agent=deal.paying_agent,
        clean_up_call_balance=deal.clean_up_call_balance,
        clean_up_call_within=approximate_within(deal, "clean_up_call_balance"),
        pools=columns,
        metrics=tuple(m for m in key_metrics if m.stated),
        metrics_not_stated=tuple(m.label for m in unstated if not _computed(m) and not _said_of(m)),
        metrics_not_read=tuple(m.label for m in unstated if not _computed(m) and _said_of(m)) + limits_not_read,
        metrics_not_computed=tuple(m.label for m in unstated if _computed(m)),
        limits=tuple(limits),
        compositions=compositions,
        policies=_policy_rows(compositions),
        tables=tables,
        geographies=geographies,
        matrices=tuple(_matrix_summary(deal, i, m) for i, m in enumerate(deal.matrices)),
        capital=_capital_structure(deal),
        checks=deal.checks,
        check_groups=_check_groups(deal.checks),
        checks_failed=sum(not c.passed for c in deal.checks),
        missing=facts_not_stated,
        missing_not_read=facts_not_read,
        warnings=tuple(metrics.in_words(w) for w in deal.warnings),
        verdict=deal.verdict,
        verdict_reason=deal.verdict_reason,
        checks_sentence=deal.checks_sentence,
        all_checks_passed=deal.all_checks_passed,
        not_run_reason=deal.not_run_reason,
        amendment_note=(deal.amendment_note or "an amendment") if deal.amendment else None,
        cut_off_doubts=read.warnings if (read := provenance_of(deal, "cut_off_date")) else (),
        truncated=deal.truncated,
        preliminary_note=deal.preliminary_note,
        loss_limits=loss_limit_facts(deal),
        investment=investment_facts(deal, pools),
        additional_whole_deal_note=_additional_whole_deal_note(pools),
    )


def _additional_whole_deal_note(pools: Sequence[Pool]) -> str | None:
    """Why no whole-deal additional-collateral share is shown where some pools state their own: the filing does
    not state it, and it is never computed from the pools that do (a pool stating none would be counted as none)."""
    whole = next((p for p in pools if p.is_whole_deal), None)
    parts = [p for p in pools if not p.is_whole_deal]
    stating = [p.name for p in parts if p.additional_collateral is not None]
    if whole is None or whole.additional_collateral is not None or not stating:
        return None
    silent = [p.name for p in parts if p.additional_collateral is None]
    said = f"{whole.label}: not stated by the filing for the whole deal; not computed from {_pools_named(stating)}"
    if not silent:
        return f"{said}."
    return f"{said}, as {_pools_named(silent)} {'states' if len(silent) == 1 else 'state'} none of {'its' if len(silent) == 1 else 'their'} own."


def _pools_named(names: Sequence[str]) -> str:
    return f"pool{'s' if len(names) > 1 else ''} {', '.join(names)}"


def _file_name(path: str) -> str:
    # Only the name: the folder a user keeps filings in is nobody else's business. Split as this
    # system splits paths: a name shown as "caf\\xe9.txt" (not UTF-8) keeps its backslash.
    return Path(path).name or path


def _ordered_pools(deal: Deal) -> list[Pool]:
    parts = [p for p in deal.pools if not p.is_whole_deal]
    whole = [p for p in deal.pools if p.is_whole_deal]
    return parts + whole


def _column(pool: Pool) -> PoolColumn:
    return PoolColumn(pool.name, pool.label, pool.description)


def _column_for(deal: Deal, name: str) -> PoolColumn:
    pool = deal.pool(name)
    return _column(pool if pool else Pool(name))


def _failed(deal: Deal, concerns: str) -> tuple[Check, ...]:
    return _failed_any(deal, (concerns,))


def _failed_any(deal: Deal, concerns: tuple[str, ...]) -> tuple[Check, ...]:
    return failed_about(deal.checks, concerns)


# --- key metrics and limits: the catalogue's figures, one column per pool -----------------


def _metric(deal: Deal, pools: Sequence[Pool], spec: metrics.PoolMetric) -> Metric:
    values = tuple(spec.value(deal, p) for p in pools)
    failed = tuple(_failed_any(deal, _concerns(deal, spec, p)) for p in pools)
    notes = tuple(spec.note(deal, p) for p in pools)
    return Metric(spec.key, spec.label, spec.unit, spec.bound, values, failed, notes)


def _computed(metric: Metric) -> bool:
    """A figure termsheet computes from the pool's own figures (an average loan balance, a share of the pool):
    no filing states it. (The state shares stand on the state table, which the filing does state.)"""
    spec = metrics.BY_KEY.get(metric.key)
    return spec is not None and spec.computed and not spec.by_state_table


def _said_of(metric: Metric) -> bool:
    """The filing says something the figure stands on (its lines, a doubt), though no value came of it."""
    return any(note and (note.lines or note.doubts) for note in metric.notes)


def _concerns(deal: Deal, spec: metrics.PoolMetric, pool: Pool) -> tuple[str, ...]:
    """The checks that mark a figure: its pool fields', its state table's, a matrix's or a class's."""
    return spec.check_keys(deal, pool)


def _range(deal: Deal, pools: Sequence[Pool], spec: metrics.MetricRange) -> Metric:
    low, high = _metric(deal, pools, metrics.BY_KEY[spec.low]), _metric(deal, pools, metrics.BY_KEY[spec.high])
    values = tuple(None if a is None and b is None else (a, b) for a, b in zip(low.values, high.values))
    failed = tuple(a + b for a, b in zip(low.failed, high.failed))
    notes = tuple(_together(a, b) for a, b in zip(low.notes, high.notes))
    return Metric(spec.key, spec.label, spec.unit, None, values, failed, notes)


def _together(low: FigureNote, high: FigureNote) -> FigureNote:
    derived = "; ".join(dict.fromkeys(d for d in (low.derived_from, high.derived_from) if d)) or None
    # One sentence of the filing often doubts both ends ("at least 20 but no more than 30 years"): say it once.
    doubts = tuple(dict.fromkeys(low.doubts + high.doubts))
    return FigureNote(derived, doubts, tuple(sorted({*low.lines, *high.lines})))


def whole_deal_flags(deal: Deal, keys: Sequence[str]) -> dict[str, str]:
    """What the reports say beside each of the whole deal's figures ``keys`` (failed checks, doubts),
    for the figures that have something said: the index and the shelf say it too."""
    if deal.whole_deal is None:
        return {}
    flags = {}
    for key in keys:
        metric = _metric(deal, [deal.whole_deal], metrics.BY_KEY[key])
        note = metric.notes[0]
        if said := formatting.figure_flag(metric.failed[0], note.doubts if note else ()):
            flags[key] = said
    return flags


def whole_deal_gaps(deal: Deal, keys: Sequence[str]) -> dict[str, str]:
    """Why each of the whole deal's figures ``keys`` that has no value has none, as the summary's key
    metrics say it: "not stated in this filing", or "in the filing but not read"."""
    if deal.whole_deal is None:
        return dict.fromkeys(keys, not_stated(deal.truncated))
    gaps = {}
    for key in keys:
        metric = _metric(deal, [deal.whole_deal], metrics.BY_KEY[key])
        if not metric.stated:
            gaps[key] = NOT_READ if _said_of(metric) else not_stated(deal.truncated)
    return gaps


def catalogue_metrics(deal: Deal) -> tuple[Metric, ...]:
    """Every catalogue figure, not only the key metrics, one column per pool in the summary's order
    (parts first, the whole deal last): the long table and the Python API list them all."""
    pools = _ordered_pools(deal)
    return tuple(_metric(deal, pools, spec) for spec in metrics.CATALOGUE)


def _key_metrics(deal: Deal, pools: Sequence[Pool]) -> list[Metric]:
    return [_metric(deal, pools, metrics.BY_KEY[key]) for key in metrics.KEY_METRICS]


def _limits(deal: Deal, pools: Sequence[Pool]) -> list[Metric]:
    """What the filing states every loan meets: ranges, dates and maximums, per pool column."""
    return [
        _range(deal, pools, spec)
        if isinstance(spec, metrics.MetricRange)
        else _metric(deal, pools, metrics.BY_KEY[spec])
        for spec in metrics.LIMITS
    ]


# --- composition --------------------------------------------------------------------


def _composition(deal: Deal, pool: Pool) -> PoolComposition | None:
    split, extra = pool.premium_discount, pool.additional_collateral
    if split is None and extra is None and not pool.underwriting:
        return None
    groups: tuple[RateGroupRow, ...] = ()
    if split is not None:
        groups = tuple(
            RateGroupRow(
                label,
                g.balance,
                metrics.share(g.balance, pool.aggregate_balance),
                g.wac,
                g.wam_months,
                metrics.BY_KEY[key].note(deal, pool),
                *(metrics.group_figure_note(pool, group, field) for field in ("balance", "wac", "wam_months")),
            )
            for label, g, key, group in (
                ("Premium", split.premium, "premium_share", "premium"),
                ("Discount", split.discount, "discount_share", "discount"),
            )
        )
    underwriting = tuple(
        UnderwritingRow(u.policy, u.bound, u.percent, u.wording, u.approximate_within) for u in pool.underwriting
    )
    return PoolComposition(
        pool=_column(pool),
        threshold_net_rate=split.threshold_net_rate if split else None,
        threshold_places=split.threshold_places if split else None,
        rate_groups=groups,
        rate_groups_failed=_failed(deal, f"pool:{pool.name}:premium_discount"),
        underwriting=underwriting,
        additional_count=extra.loan_count if extra else None,
        additional_balance=extra.balance if extra else None,
        additional_share=metrics.share(extra.balance, pool.aggregate_balance) if extra else None,
        additional_ltv_with=extra.wa_ltv_with_collateral if extra else None,
        additional_ltv_without=extra.wa_ltv_without_collateral if extra else None,
        additional_share_note=metrics.BY_KEY["additional_collateral_share"].note(deal, pool) if extra else FigureNote(),
    )


def _policy_rows(compositions: Sequence[PoolComposition]) -> tuple[PolicyRow, ...]:
    policies = list(dict.fromkeys(u.policy for c in compositions for u in c.underwriting))
    return tuple(
        PolicyRow(policy, tuple(next((u for u in c.underwriting if u.policy == policy), None) for c in compositions))
        for policy in policies
    )


# --- stratification tables ----------------------------------------------------------


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
    base = table_base(table)
    # A table of counts and shares, with no balances: the shares as the filing states them
    frame["share"] = frame["balance"] / base * 100 if base else pd.array([r.share for r in table.rows], dtype="Float64")
    ordered = is_ordered(table.rows)
    frame["cumulative"] = frame["share"].cumsum() if ordered else pd.NA
    rows = tuple(
        ShareRow(
            label=r.label,
            count=None if pd.isna(r.count) else int(r.count),
            balance=None if pd.isna(r.balance) else float(r.balance),
            share=None if pd.isna(r.share) else float(r.share),
            cumulative=None if pd.isna(r.cumulative) else float(r.cumulative),
            note=FigureNote(doubts=source.warnings, lines=source.source_lines),
        )
        for r, source in zip(frame.itertuples(index=False), table.rows)
    )
    return TableSummary(
        index=index,
        kind=table.kind,
        title=title_case(table.title),
        pool=_column_for(deal, table.pool),
        label_header=table.label_header,
        rows=rows,
        total_count=table.total.count if table.total else None,
        total_balance=stated_total,
        footnotes=table.footnotes,
        failed=_failed(deal, f"table:{index}"),
        ordered=ordered,
        lines=table.line_range,
        doubts=table.warnings,
        total_note=_total_note(table),
        has_total=table.total is not None,
    )


def _total_note(table: StratTable) -> FigureNote:
    """What is said beside a table's Total line: a figure the filing corrects, as beside a row."""
    total = table.total
    return FigureNote(doubts=total.warnings, lines=total.source_lines) if total else FigureNote()


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


def _matrix_summary(deal: Deal, index: int, matrix: PercentMatrix) -> MatrixSummary:
    return MatrixSummary(
        index=index,
        title=title_case(matrix.title).replace("Fico", "FICO"),
        pool=_column_for(deal, matrix.pool),
        data=matrix,
        failed=_failed(deal, f"matrix:{index}"),
    )


# --- geography ----------------------------------------------------------------------


def _geographies(deal: Deal, pools: Sequence[Pool], tables: Sequence[TableSummary]) -> tuple[Geography, ...]:
    """State concentration of every pool that has a state table, in the summary's order of pools. The deal's
    own (``Geography.primary``) is the whole deal's when there is one, else that of the first pool that has one."""
    in_tables = [t.pool for t in deal.tables if t.kind is TableKind.GEOGRAPHY]
    names = dict.fromkeys([*(p.name for p in pools if p.name in in_tables), *in_tables])
    # A state table whose rows lack their balances has no concentration to show: with no state's share read,
    # the line said "California 0.00% of balance; largest 0 states 0.00%" (the key metrics say "not read").
    found = {
        name: t for name in names if (t := geography.state_table(deal, name)) is not None and geography.shares_known(t)
    }
    primary = WHOLE_DEAL if WHOLE_DEAL in found else next((name for name in in_tables if name in found), None)
    # By identity: two tables alike (the same loans filed twice) are still two tables.
    index = {id(table): i for i, table in enumerate(deal.tables)}
    return tuple(_geography(deal, table, tables[index[id(table)]], name == primary) for name, table in found.items())


def _geography(deal: Deal, table: StratTable, summary: TableSummary, primary: bool) -> Geography:
    """One pool's state concentration, from its state table."""
    shares = geography.state_shares(table)
    # Marked as the key metrics mark California: by the catalogue's figure of the table's pool.
    california, pool = metrics.BY_KEY["california_share"], deal.pool(table.pool)
    failed = _failed_any(deal, california.check_keys(deal, pool)) if pool else ()
    # The section shows California's share and the top states': the doubts of the rows they stand on.
    # (the largest states it names, where it names fewer than five beside the rest: "largest 4 states")
    top = replace(metrics.BY_KEY["top5_states_share"], state_rows=geography.largest_rows)
    doubts = (
        tuple(dict.fromkeys(california.note(deal, pool).doubts + top.note(deal, pool).doubts))
        if pool
        else table.warnings
    )
    return Geography(
        table_index=summary.index,
        pool=summary.pool,
        states=shares,
        california_share=geography.california_share(shares),
        top_share=geography.top_share(shares),
        top_count=len(geography.top_states(shares)),
        failed=failed,
        doubts=doubts,
        primary=primary,
    )


# --- data quality -------------------------------------------------------------------


def _check_groups(checks: Sequence[Check]) -> tuple[CheckGroup, ...]:
    subjects = list(dict.fromkeys(c.subject for c in checks))
    groups = []
    for subject in subjects:
        about = tuple(c for c in checks if c.subject == subject)
        widest = widest_passed(about)
        groups.append(CheckGroup(subject, subject_heading(subject), about, widest, _is_largest(widest, about)))
    return tuple(sorted(groups, key=lambda g: g.failed == 0))  # stable: filing order otherwise


def _is_largest(widest: Check | None, checks: Sequence[Check]) -> bool:
    """Whether the passed check nearest its tolerance also has the largest gap of them all: only among figures of
    one unit can one gap be larger than another (0.00472 mo against 0.04 pp is neither)."""
    apart = _apart(checks)
    if widest is None or any(c.unit != widest.unit for c in apart):
        return False
    return all(abs(c.difference) <= abs(widest.difference) for c in apart)


def widest_passed(checks: Sequence[Check]) -> Check | None:
    """The passed check whose figures lie furthest apart (within its tolerance); None when all agree exactly:
    a gap that rounds to zero at the precision the figures are stated to is none (a subordination level's
    1e-12, the filing's 12th decimal against ours)."""
    return max(_apart(checks), key=lambda c: abs(c.difference) / (c.tolerance or 1), default=None)


def _apart(checks: Sequence[Check]) -> list[Check]:
    """The passed checks whose figures differ at the precision they are stated to (``formatting.stated_places``)."""
    return [c for c in checks if c.passed and round(c.difference, formatting.stated_places(c))]


# --- capital structure --------------------------------------------------------------


def _capital_structure(deal: Deal) -> CapitalStructure | None:
    if not deal.classes:
        return None
    whole = deal.whole_deal
    deal_balance = whole.aggregate_balance if whole else None
    # the principal classes' alone: a notional balance is no part of the deal's
    balances = [c.initial_balance for c in deal.classes if not c.is_notional]
    rows = tuple(
        ClassRow(
            name=c.name,
            balance=c.initial_balance,
            share=metrics.share(c.initial_balance, deal_balance),
            subordination_level=c.subordination_level,
            failed=_failed(deal, class_figure(c.name, "subordination_level")),
            balance_failed=_failed(deal, class_figure(c.name, "initial_balance")),
            notional_balance=c.notional_balance,
            notional=c.is_notional,
            cents=written_with_cents(c, "initial_balance"),
            balance_note=metrics.stated_note(c, "initial_balance"),
            level_note=metrics.stated_note(c, "subordination_level"),
        )
        for c in deal.classes
    )
    return CapitalStructure(
        classes=rows,
        total_balance=None if None in balances else sum(balances),
        deal_balance=deal_balance,
        failed=_failed(deal, CLASSES_TOGETHER),
        deal_within=approximate_within(whole, "aggregate_balance") if whole else None,
        total_cents=any(row.cents for row in rows if not row.notional),
        deal_cents=written_with_cents(whole, "aggregate_balance") if whole else True,
        grouped=has_group_subordinates(deal.classes),
        juniors=None if (juniors := junior_classes(deal.classes)) is None else tuple(juniors),
    )
