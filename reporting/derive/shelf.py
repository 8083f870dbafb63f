"""The shelf history: a new deal against every deal before it.

``build_shelf(deals)`` puts one filing per series on the shelf (its detailed
description when there is one, else its term sheet), orders the series by cut-off
date, reads every figure of the catalogue's shelf list (``metrics.SHELF``, the
documentation bounds the deals state, ``metrics.SHELF_LAST``) off each deal's whole
pool, and sets the deal in focus (the latest, or the series asked) against the
window: the last N deals up to and including it. For each figure: the median and
range over the window's deals that state it, the focus deal's percentile among the
others, and a plain sentence when it lies beyond all of them. Where a series has
both a term sheet and a detailed description, the diff (``derive.diff.build_diff``)
says what changed between them.

Pure: deals in, a ``ShelfReport`` out. A figure a deal does not state is a gap.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from reporting import formatting as fmt
from reporting.derive import metrics
from reporting.derive.diff import build_diff, term_range
from reporting.derive.stated_facts import written_investment, written_loss_limit
from reporting.errors import FilingError
from reporting.model.deal import LOSS_LIMIT_KINDS, Deal, FilingKind, failed_about
from reporting.model.names import deal_stem, series_key
from reporting.model.shelf import (
    LeftOut,
    MetricSeries,
    NotGiven,
    Revision,
    SetAside,
    ShelfDeal,
    ShelfReport,
    Standing,
    Value,
)
from reporting.model.summary import FROM_THE_POOLS, NOT_READ, POOLS_ONLY
from reporting.model.units import Unit
from reporting.read.deal_terms import investment_not_read, loss_limits_not_read

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_WINDOW = 12
# A value is called unusual only against at least this many deals stating the figure (itself included):
# beside one or two others, every deal is the highest or the lowest of something.
MIN_DEALS = 4


# --- which filing stands for each series ----------------------------------------------------


@dataclass(frozen=True)
class _Placed:
    deal: Deal
    label: str
    source_name: str


def _source_name(deal: Deal) -> str:
    return Path(deal.source.path).name or deal.source.path


def _unplaceable(deal: Deal) -> str | None:
    """Why a deal cannot go on the shelf, or None when it can."""
    pool = deal.whole_deal
    if pool is None or pool.aggregate_balance is None:
        missing = f"; missing {', '.join(deal.missing)}" if deal.missing else ""
        return f"incomplete (truncated?): it states no balance for the whole deal{missing}"
    if deal.cut_off_date is None and deal.date_of_report is None:
        return "states neither a cut-off date nor a date of report, so it cannot be placed in time"
    return None


_KIND_RANK = {FilingKind.DETAILED_DESCRIPTION: 2, FilingKind.COLLATERAL_TERM_SHEET: 1}


def _choose(group: list[_Placed]) -> tuple[_Placed, _Placed | None, list[SetAside]]:
    """The series' point (the latest detailed description, else the latest term sheet), the term sheet
    to compare it with, and every other filing of the series with the reason it is not the point."""

    def rank(p: _Placed) -> tuple:
        return (_KIND_RANK.get(p.deal.kind, 0), p.deal.date_of_report or p.deal.cut_off_date, p.source_name)

    ordered = sorted(group, key=rank, reverse=True)
    chosen = ordered[0]
    term_sheets = [p for p in ordered if p.deal.kind is FilingKind.COLLATERAL_TERM_SHEET]
    preliminary = term_sheets[0] if term_sheets and chosen.deal.kind is FilingKind.DETAILED_DESCRIPTION else None
    aside = []
    for other in ordered[1:]:
        if other is preliminary:
            reason = f"the term sheet of {chosen.deal.name}: its detailed description ({chosen.source_name}) stands for the series"
        elif other.deal.kind is chosen.deal.kind:
            reason = (
                f"an earlier or second {_kind_words(other.deal)} of {chosen.deal.name}: {chosen.source_name} is later"
            )
        else:
            reason = f"a {_kind_words(other.deal)} of {chosen.deal.name}: {chosen.source_name} stands for the series"
        aside.append(SetAside(other.source_name, other.deal.name, reason))
    return chosen, preliminary, aside


def _kind_words(deal: Deal) -> str:
    return deal.kind.label.lower() if deal.kind else "filing of unknown kind"


def _shelf_deal(placed: _Placed) -> ShelfDeal:
    deal = placed.deal
    return ShelfDeal(
        name=deal.name,
        series=deal.series,
        label=placed.label,
        kind=deal.kind.value if deal.kind else None,
        cut_off_date=deal.cut_off_date,
        date_of_report=deal.date_of_report,
        placed_by="cut-off date" if deal.cut_off_date else "date of report",
        source_name=placed.source_name,
        stem=deal_stem(deal.series, deal.source.path),
        checks_run=len(deal.checks),
        checks_failed=sum(not c.passed for c in deal.checks),
        missing=deal.missing,
        loss_limits=tuple(_limit_written(deal, kind) for kind, _ in LOSS_LIMIT_KINDS),
        investment=_investment_written(deal),
    )


def _limit_written(deal: Deal, kind: str) -> str | None:
    """A loss limit as its summary writes it; "in the filing but not read" where a sentence naming it was kept out
    (never "not stated"); None where the filing does not state it."""
    if kind in loss_limits_not_read(deal):
        return NOT_READ
    return written_loss_limit(deal.loss_limits, kind)


def _investment_written(deal: Deal) -> str | None:
    """The whole deal's investment-property share as its summary writes it, or not read, or stated for the pools
    only (each pool's share, none for all the loans), or None: not stated."""
    pool = deal.whole_deal
    if pool is None:
        return None
    if pool.name in investment_not_read(deal):
        return NOT_READ
    written = written_investment(pool)
    if written is None and any(written_investment(p) is not None for p in deal.pools if p is not pool):
        return POOLS_ONLY
    return written


def _place(
    deals: Sequence[Deal], left_out: list[LeftOut]
) -> tuple[list[_Placed], list[_Placed | None], list[SetAside]]:
    """One point per series in date order, the term sheet behind each (or None), and the filings set aside."""
    groups: dict[str, list[_Placed]] = {}
    aside: list[SetAside] = []
    seen: dict[str, _Placed] = {}
    for deal in deals:
        name = _source_name(deal)
        reason = _unplaceable(deal)
        if reason:
            left_out.append(LeftOut(name, reason, deal.source.path))
            continue
        placed = _Placed(deal, deal.series or Path(name).stem, name)
        twin = seen.get(deal.source.sha256)
        if twin is not None:  # the same filing twice (a copy, or a filing and its saved JSON)
            aside.append(SetAside(name, deal.name, f"the same filing as {twin.source_name}"))
            continue
        seen[deal.source.sha256] = placed
        key = f"series:{series_key(deal.series)}" if deal.series else f"file:{deal.source.path}"
        groups.setdefault(key, []).append(placed)
    points: list[tuple[_Placed, _Placed | None]] = []
    for group in groups.values():
        chosen, preliminary, set_aside = _choose(group)
        points.append((chosen, preliminary))
        aside += set_aside
    points.sort(key=lambda pair: _order(pair[0]))
    return [p for p, _ in points], [t for _, t in points], aside


def _order(placed: _Placed) -> tuple:
    deal = placed.deal
    return (deal.cut_off_date or deal.date_of_report, deal.date_of_report or deal.cut_off_date, placed.label)


# --- the series ----------------------------------------------------------------------------


def _series(points: Sequence[_Placed]) -> tuple[MetricSeries, ...]:
    pools = [p.deal.whole_deal for p in points]
    catalogue = (
        [metrics.BY_KEY[key] for key in metrics.SHELF]
        + list(metrics.documentation_metrics(pools))
        + [metrics.BY_KEY[key] for key in metrics.SHELF_LAST]
    )
    out = []
    for spec in catalogue:
        values = tuple(_number(spec.value(p.deal, pool)) for p, pool in zip(points, pools))
        if all(v is None for v in values):
            continue
        unreconciled = tuple(
            v is not None and _failed(p.deal, spec.check_keys(p.deal, pool))
            for p, pool, v in zip(points, pools, values)
        )
        notes = [spec.note(p.deal, pool) if v is not None else None for p, pool, v in zip(points, pools, values)]
        doubted = tuple(bool(note and note.doubts) for note in notes)
        derived = tuple(bool(note and note.derived_from) for note in notes)
        withins = tuple(note.within if note else None for note in notes)
        derived_of = tuple(note.derived_of if note else FROM_THE_POOLS for note in notes)
        out.append(
            MetricSeries(
                spec.key,
                spec.label,
                spec.in_sentence,
                spec.unit,
                spec.bound,
                values,
                unreconciled,
                doubted,
                derived,
                withins,
                derived_of,
            )
        )
    return tuple(out)


def _not_given(points: Sequence[_Placed]) -> tuple[NotGiven, ...]:
    """Each deal's shelf figure left out though its filing states what it would be read off, with why."""
    return tuple(
        NotGiven(spec.key, spec.label, p.label, index, why)
        for spec in (metrics.BY_KEY[key] for key in metrics.SHELF + metrics.SHELF_LAST)
        for index, p in enumerate(points)
        if (pool := p.deal.whole_deal) is not None and (why := metrics.not_given(p.deal, spec.key, pool))
    )


def _number(value: object) -> Value:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _failed(deal: Deal, keys: tuple[str, ...]) -> bool:
    return bool(failed_about(deal.checks, keys))


# --- the deal in focus against the window ------------------------------------------------------


def _standing(series: MetricSeries, focus: int, window: range) -> Standing:
    stated = series.stated(window)
    values = [series.values[i] for i in stated]
    value = series.values[focus]
    withins = [series.within(i) for i in stated]
    low, high = (min(values), max(values)) if values else (None, None)
    peers = [series.values[i] for i in stated if i != focus]
    percentile = position = None
    if value is not None and peers:
        position = "highest" if value > max(peers) else "lowest" if value < min(peers) else None
        # Beside one or two other deals every figure is at the 0th or the 100th: no percentile below MIN_DEALS.
        if len(values) >= MIN_DEALS:
            below = sum(v < value for v in peers)
            equal = sum(v == value for v in peers)
            percentile = (below + equal / 2) / len(peers) * 100
    return Standing(
        key=series.key,
        label=series.label,
        unit=series.unit,
        bound=series.bound,
        value=value,
        unreconciled=series.unreconciled[focus],
        doubted=series.doubted[focus],
        stated=len(values),
        median=statistics.median(values) if values else None,
        low=low,
        high=high,
        percentile=percentile,
        position=position,
        sentence=None,
        derived=series.is_derived(focus),
        derived_of=series.derived_of[focus] if series.derived_of else FROM_THE_POOLS,
        within=series.within(focus),
        median_within=fmt.median_within(values, withins) if values else None,
        low_within=fmt.value_within(low, values, withins) if values else None,
        high_within=fmt.value_within(high, values, withins) if values else None,
        derived_count=len(series.derived_among(window)),
    )


def unusual_sentence(series: MetricSeries, standing: Standing, window_size: int) -> str:
    """ "California 61.00% of balance, highest of the last 12 deals; median 48.00%"."""
    bound = standing.bound.value if standing.bound else None
    value = fmt.figure(standing.value, standing.unit, bound, standing.within)
    of_balance = " of balance" if standing.unit is Unit.SHARE else ""
    # A count of deals that includes figures termsheet derived says how many: they are ours, not the filings'.
    derived = f" ({standing.derived_count} of them derived)" if standing.derived_count else ""
    among = (
        f"the last {window_size} deals{derived}"
        if standing.stated == window_size
        else f"the {standing.stated} of the last {window_size} deals that state it"
        if not derived
        else f"the {standing.stated} of the last {window_size} deals that state or derive it{derived}"
    )
    median = fmt.median(standing.median, standing.unit, bound, standing.median_within)
    doubt = (
        " (it did not reconcile in its filing)"
        if standing.unreconciled
        else " (the parser doubted it: see that deal's report)"
        if standing.doubted
        else ""
    )
    return f"{series.subject} {value}{of_balance}, {standing.position} of {among}; median {median}{doubt}"


def _with_sentence(series: MetricSeries, standing: Standing, window_size: int) -> Standing:
    if standing.position is None or standing.stated < MIN_DEALS:
        return standing
    return replace(standing, sentence=unusual_sentence(series, standing, window_size))


# --- term sheet against detailed description -------------------------------------------------


def _revision(term_sheet: _Placed, detailed: _Placed) -> Revision:
    diff = build_diff(term_sheet.deal, detailed.deal)
    return Revision(
        name=detailed.deal.name,
        label=detailed.label,
        term_sheet=term_sheet.source_name,
        detailed=detailed.source_name,
        term_sheet_date=term_sheet.deal.date_of_report,
        detailed_date=detailed.deal.date_of_report,
        headline=diff.headline,
        figures_compared=diff.figures_compared,
        changes=diff.key_changes,
    )


# --- the shelf ----------------------------------------------------------------------------


def build_shelf(
    deals: Sequence[Deal],
    window: int = DEFAULT_WINDOW,
    focus: str | None = None,
    left_out: Iterable[LeftOut] = (),
) -> ShelfReport:
    """The shelf of ``deals``; ``focus`` names the series set against the shelf (default: the latest).

    ``left_out``: files the caller could not read as deals, reported with those left out here.
    FilingError when ``focus`` is not a series on the shelf; ValueError when no deal can be placed.
    """
    if window < 2:
        raise ValueError("the window must hold at least 2 deals")
    dropped = list(left_out)
    points, term_sheets, aside = _place(deals, dropped)
    if not points:
        raise ValueError("no deal could be put on the shelf")
    at = _focus_index(points, focus)
    start = max(0, at - window + 1)
    in_window = range(start, at + 1)
    series = _series(points)
    standings = []
    for s in series:
        if s.stated(in_window):
            standings.append(_with_sentence(s, _standing(s, at, in_window), len(in_window)))
    # Diffed for the window's series only: a long shelf's earlier ones would cost a diff each, unread.
    revisions = tuple(_revision(term_sheets[i], points[i]) for i in in_window if term_sheets[i] is not None)
    earlier = sum(sheet is not None for sheet in term_sheets[:start])
    return ShelfReport(
        deals=tuple(_shelf_deal(p) for p in points),
        series=series,
        focus=at,
        window=window,
        window_start=start,
        standings=tuple(standings),
        not_in_window=tuple(s.label for s in series if not s.stated(in_window)),
        headline=_headline(points[at].deal.name, standings, len(in_window)),
        sentences=tuple(s.sentence for s in standings if s.sentence),
        min_deals=MIN_DEALS,
        revisions=revisions,
        earlier_revisions=earlier,
        set_aside=tuple(aside),
        left_out=tuple(dropped),
        not_given=_not_given(points),
        cautions=_cautions([points[i].deal for i in in_window]),
    )


def _cautions(window: Sequence[Deal]) -> tuple[str, ...]:
    """As a diff of unlike pools cautions: deals of the window whose loans have other original terms make their
    WAM, original term, WAC and LTV differ partly by the mix of terms, not the loans."""
    by_terms: dict[str, list[str]] = {}
    for deal in window:
        if deal.whole_deal is not None and (terms := term_range(deal.whole_deal)):
            by_terms.setdefault(terms, []).append(deal.name)
    if len(by_terms) < 2:
        return ()
    groups = "; ".join(f"{', '.join(names)}: {terms}" for terms, names in by_terms.items())
    return (
        f"The deals compared hold loans of different original terms ({groups}), so their WAM, original term, "
        "WAC and LTV differ partly by the mix of terms.",
    )


def _headline(name: str, standings: Sequence[Standing], size: int) -> str:
    outside = sum(s.sentence is not None for s in standings)
    if outside:
        return f"{outside} figure{'s' * (outside != 1)} outside the range of the last {size} deals"
    if any(s.stated >= MIN_DEALS and s.value is not None for s in standings):
        return f"Every figure of {name} lies within the range of the last {size} deals"
    return f"Too few deals to call a figure unusual: no figure is stated by {MIN_DEALS} deals of the window"


def _focus_index(points: Sequence[_Placed], focus: str | None) -> int:
    if focus is None:
        return len(points) - 1
    wanted = series_key(focus.strip().casefold().removeprefix("cmsi").strip())
    for i, p in enumerate(points):
        if series_key(p.label) == wanted or series_key(p.deal.series) == wanted:
            return i
    names = ", ".join(p.label for p in points)
    raise FilingError(f"--deal {focus}", f"no such series on the shelf (its series: {names})")


# --- as a table ------------------------------------------------------------------------------


def shelf_frame(report: ShelfReport) -> pd.DataFrame:
    """Deals x figures: one row per deal in date order (indexed by its label), one column per figure key,
    gaps as NaN; ``attrs`` holds each column's label, unit and bound, for a workbook's headings, and each figure's
    nearness and derivation."""
    import pandas as pd

    frame = pd.DataFrame(
        {s.key: [v if v is not None else float("nan") for v in s.values] for s in report.series},
        index=pd.Index([d.label for d in report.deals], name="series"),
    )
    frame.insert(0, "cut_off_date", [d.cut_off_date for d in report.deals])
    frame.insert(1, "kind", [d.kind for d in report.deals])
    frame.attrs = {
        "labels": {s.key: s.label for s in report.series},
        "units": {s.key: s.unit.value for s in report.series},
        "bounds": {s.key: s.bound.value if s.bound else None for s in report.series},
        # each deal's figure stated as approximate, this near (None: exactly): never more precise than the filing
        "approximate_within": {s.key: [s.within(i) for i in range(len(report.deals))] for s in report.series},
        # each deal's figure its filing does not state, as every report marks it ("derived from the pools"); None:
        # stated
        "derived": {
            s.key: [s.derived_mark(i) if s.is_derived(i) else None for i in range(len(report.deals))]
            for s in report.series
        },
    }
    return frame
