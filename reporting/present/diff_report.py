"""The deal-to-deal diff as a page (self-contained HTML and PDF) in the summary's house style.

It uses what the summary uses: the Jinja environment and filters, the base layout
(``diff.html.j2`` extends ``base.html.j2``), the chart module
(``charts.draw_paired_charts``) and the same PDF engine (``pdf.py``). ``DiffRender``
makes every form of the diff once; ``reporting.deliver`` writes the files.

``DiffReport`` is the diff arranged for the page: which figures either deal
states, which tables compare bucket by bucket and which only side by side, what
one deal has and the other lacks. The templates only lay it out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from reporting import formatting as fmt
from reporting.derive import geography
from reporting.derive.buckets import Alignment, normalise_title
from reporting.derive.key_changes import ranking_in_words, table_subject
from reporting.derive.wording import title_case
from reporting.model.diff import (
    BucketChange,
    ClassDiff,
    DealDiff,
    DealSide,
    MatrixDiff,
    MetricChange,
    Presence,
    Side,
    TableDiff,
)
from reporting.model.names import safe_stem

if TYPE_CHECKING:  # matplotlib loads only when charts are drawn
    from reporting.present.charts import PairedBars

DIFF_TEMPLATE = "diff.html.j2"
STATES_CHARTED = 12  # the paired chart of a state table shows the largest states only


# --- the diff arranged for the page ------------------------------------------------


@dataclass(frozen=True)
class TableView:
    """One stratification table of the diff as the page shows it."""

    anchor: str
    title: str
    table: TableDiff
    comparable: bool  # bucket by bucket (matched or re-bucketed); else side by side
    note: str  # how the buckets were lined up, when that is not plain matching
    rows: tuple[BucketChange, ...]  # comparable: the aligned buckets
    old_rows: tuple[BucketChange, ...]  # not comparable: each deal's own buckets
    new_rows: tuple[BucketChange, ...]


@dataclass(frozen=True)
class MatrixView:
    anchor: str
    title: str
    matrix: MatrixDiff
    rows_anchor: str
    cols_anchor: str


@dataclass(frozen=True)
class TopState:
    state: str
    share: float | None
    moved: bool  # entered (new list) or left (old list) the top 10


@dataclass(frozen=True)
class GeographyView:
    california: MetricChange
    top5: MetricChange
    old_top10: tuple[TopState, ...]
    new_top10: tuple[TopState, ...]
    entering: tuple[str, ...]
    leaving: tuple[str, ...]
    movers: tuple[BucketChange, ...]
    table: TableView | None  # every state, largest share first


@dataclass(frozen=True)
class OneSided:
    """What one deal has and the other does not, by kind ("Tables", "Classes", ...)."""

    kind: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class SideView:
    side: DealSide
    role: str  # "old" or "new"
    column: str  # the column head that tells the two deals apart
    only: tuple[OneSided, ...]

    @property
    def source_name(self) -> str:
        return Path(self.side.source_path).name

    @property
    def kind(self) -> str:
        return (self.side.kind or "unknown kind").replace("_", " ").capitalize()

    @property
    def pool(self) -> str:
        return pool_words(self.side)


@dataclass(frozen=True)
class DiffReport:
    diff: DealDiff
    old: SideView
    new: SideView
    metrics: tuple[MetricChange, ...]  # stated by both deals
    one_sided_metrics: tuple[MetricChange, ...]  # stated by one deal only
    not_stated: tuple[str, ...]  # figures neither deal states
    documentation: tuple[MetricChange, ...]
    tables: tuple[TableView, ...]  # every table both deals have, the state table aside
    geography: GeographyView | None  # when both deals state their states
    matrices: tuple[MatrixView, ...]
    classes: tuple[ClassDiff, ...]  # classes both deals have
    not_compared: tuple[str, ...]  # what the report cannot compare, in plain words, for the first page
    unreconciled: tuple[SideView, ...]  # deals whose numbers did not all reconcile or could not be checked
    material: frozenset[str]  # keys of the figures behind a key change, to mark them in the tables
    ranking: str  # how the key changes are ranked, in words, under the list

    def column(self, side: Side) -> str:
        return self.old.column if side is Side.OLD else self.new.column

    @property
    def sides(self) -> tuple[SideView, SideView]:
        return self.old, self.new

    @property
    def has_one_sided(self) -> bool:
        return bool(self.old.only or self.new.only)

    @property
    def title(self) -> str:
        return f"{self.old.column} vs {self.new.column}"


def pool_words(side: DealSide) -> str:
    return "whole deal" if side.pool == "all" else side.pool_label


def _columns(diff: DealDiff) -> tuple[str, str]:
    old, new = (s.name if s.pool == "all" else f"{s.name} {s.pool_label}" for s in (diff.old, diff.new))
    return (f"{old} (old)", f"{new} (new)") if old == new else (old, new)


def build_report(diff: DealDiff) -> DiffReport:
    old_column, new_column = _columns(diff)
    old = SideView(diff.old, "old", old_column, _only(diff, Side.OLD))
    new = SideView(diff.new, "new", new_column, _only(diff, Side.NEW))
    states = geography.state_table_diff(diff.tables)
    states = states if states is not None and _both(states) else None
    tables = tuple(
        _table_view(i, t) for i, t in enumerate(diff.tables) if _both(t) and (t is not states or states is None)
    )
    return DiffReport(
        diff=diff,
        old=old,
        new=new,
        metrics=tuple(m for m in diff.metrics if (m.stated(Side.OLD) and m.stated(Side.NEW)) or m.not_read),
        one_sided_metrics=tuple(m for m in diff.metrics if _one_sided(m)),
        not_stated=tuple(m.label for m in diff.metrics if not _stated(m) and not m.not_read),
        documentation=diff.documentation,
        tables=tables,
        geography=_geography(diff, states),
        matrices=tuple(
            MatrixView(f"diff-matrix-{i}", title_case(m.title), m, f"diff-matrix-{i}-rows", f"diff-matrix-{i}-cols")
            for i, m in enumerate(diff.matrices)
            if m.alignment is Alignment.MATCHED
        ),
        classes=tuple(c for c in diff.classes if c.presence is Presence.BOTH),
        not_compared=_not_compared(diff, old_column, new_column),
        unreconciled=tuple(s for s in (old, new) if not s.side.quality.reconciled),
        material=_material_keys(diff),
        ranking=ranking_in_words(diff.key_changes),
    )


def _material_keys(diff: DealDiff) -> frozenset[str]:
    """The figures behind the key changes; California's share is also its state row's."""
    keys = {k.metric for k in diff.key_changes}
    if "state:California" in keys:
        keys.add(diff.geography.california.key)
    return frozenset(keys)


def _stated(metric: MetricChange) -> bool:
    """Stated by either deal: a figure, that there is none ("There are no ... loss limits"), or for its pools only
    (never "stated by neither deal" where a pool of one states it)."""
    return metric.stated(Side.OLD) or metric.stated(Side.NEW) or bool(metric.by_pools)


def _one_sided(metric: MetricChange) -> bool:
    """Stated by one deal and not by the other: a figure the other states but could not be read is not."""
    both = metric.stated(Side.OLD) and metric.stated(Side.NEW)
    return _stated(metric) and not both and not metric.not_read


def _both(table: TableDiff) -> bool:
    return table.alignment not in (Alignment.OLD_ONLY, Alignment.NEW_ONLY)


def _table_view(index: int, table: TableDiff, order_by_share: bool = False) -> TableView:
    comparable = table.alignment in (Alignment.MATCHED, Alignment.REBUCKETED)
    rows = table.rows
    if order_by_share:
        rows = tuple(sorted(rows, key=lambda r: -max(r.old_share or 0, r.new_share or 0)))
    note = ""
    if table.alignment is Alignment.REBUCKETED:
        note = (
            f"Bucket edges differ but nest: the {'new' if table.rebucketed_to is Side.OLD else 'old'} deal's finer "
            f"rows are summed into the {table.rebucketed_to} deal's buckets (the rows summed are listed under each bucket)."
        )
    elif table.alignment is Alignment.NOT_COMPARABLE:
        note = "Bucket edges differ and do not nest, so the buckets cannot be compared one by one: each deal's table is shown as it stands."
    if table.old_title and table.new_title and normalise_title(table.old_title) != normalise_title(table.new_title):
        titled = f'Paired by what the tables are split by; the deals title them differently: old "{table.old_title}", new "{table.new_title}".'
        note = f"{titled} {note}".strip()
    return TableView(
        anchor=f"diff-table-{index}",
        title=title_case(table.title),
        table=table,
        comparable=comparable,
        note=note,
        rows=rows if comparable else (),
        old_rows=() if comparable else tuple(r for r in rows if r.old_labels),
        new_rows=() if comparable else tuple(r for r in rows if r.new_labels),
    )


def _geography(diff: DealDiff, states: TableDiff | None) -> GeographyView | None:
    geography = diff.geography
    if not (geography.stated_old and geography.stated_new):
        return None
    table = _table_view(diff.tables.index(states), states, order_by_share=True) if states else None
    share = {r.label: (r.old_share, r.new_share) for r in (states.rows if states else ())}
    return GeographyView(
        california=geography.california,
        top5=geography.top5,
        old_top10=tuple(
            TopState(s, share.get(s, (None, None))[0], s in geography.leaving_top10) for s in geography.old_top10
        ),
        new_top10=tuple(
            TopState(s, share.get(s, (None, None))[1], s in geography.entering_top10) for s in geography.new_top10
        ),
        entering=geography.entering_top10,
        leaving=geography.leaving_top10,
        movers=geography.movers,
        table=table,
    )


def _only(diff: DealDiff, side: Side) -> tuple[OneSided, ...]:
    """Everything one deal states and the other does not: listed, never dropped."""
    alignment = Alignment.OLD_ONLY if side is Side.OLD else Alignment.NEW_ONLY
    presence = Presence.OLD_ONLY if side is Side.OLD else Presence.NEW_ONLY
    one_sided_value = (lambda m: m.new is None) if side is Side.OLD else (lambda m: m.old is None)
    geography = diff.geography
    stated_here = geography.stated_old if side is Side.OLD else geography.stated_new
    stated_there = geography.stated_new if side is Side.OLD else geography.stated_old
    buckets = [
        f"{title_case(t.title)}: {r.label}"
        for t in diff.tables
        if t.alignment in (Alignment.MATCHED, Alignment.REBUCKETED)
        for r in t.rows
        if r.presence is presence
    ]
    found = [
        OneSided("Pools", diff.pools_only_old if side is Side.OLD else diff.pools_only_new),
        OneSided(
            "Underwriting policies", tuple(m.label for m in diff.documentation if _one_sided(m) and one_sided_value(m))
        ),
        OneSided("Stratification tables", tuple(title_case(t.title) for t in diff.tables if t.alignment is alignment)),
        OneSided("Buckets", tuple(buckets)),
        OneSided("Percent matrices", tuple(_matrix_only(m) for m in diff.matrices if m.alignment is alignment)),
        OneSided(
            "Geography",
            (
                f"States by balance: California {_pct(_side_value(geography.california, side))}, "
                f"top 5 states {_pct(_side_value(geography.top5, side))}",
            )
            if stated_here and not stated_there
            else (),
        ),
        OneSided("Certificate classes", tuple(c.name for c in diff.classes if c.presence is presence)),
    ]
    return tuple(o for o in found if o.items)


def _matrix_only(matrix: MatrixDiff) -> str:
    """A matrix in one deal only, as listed; with the LTV it is by where the other deal's is by another."""
    return f"{title_case(matrix.title)} (by {matrix.measure})" if matrix.instead else title_case(matrix.title)


def _not_compared(diff: DealDiff, old: str, new: str) -> tuple[str, ...]:
    """The parts of the deals this diff cannot put side by side, so page one does not overstate it."""
    out = []
    counts = {
        side: sum(t.alignment is not other for t in diff.tables)
        for side, other in ((old, Alignment.NEW_ONLY), (new, Alignment.OLD_ONLY))
    }
    if any(counts.values()) and all(t.alignment in (Alignment.OLD_ONLY, Alignment.NEW_ONLY) for t in diff.tables):
        out.append(
            "stratification tables: none is in both deals "
            f"({old} states {counts[old] or 'none'}, {new} {counts[new] or 'none'})"
        )
    not_comparable = [title_case(t.title) for t in diff.tables if t.alignment is Alignment.NOT_COMPARABLE]
    if not_comparable:
        out.append(f"bucket by bucket, as their bucket edges differ: {'; '.join(not_comparable)}")
    # a matrix by the LTV at origination against one by the LTV now: each deal's is listed as on one side only
    out += [
        f"{old}'s {m.name} matrix and {new}'s {m.instead} matrix, by {m.measure} and by {m.instead_by}: another measure"
        for m in diff.matrices
        if m.alignment is Alignment.OLD_ONLY and m.instead
    ]
    geography = diff.geography
    if geography.stated_old != geography.stated_new:
        out.append(f"geography: only {old if geography.stated_old else new} states its loans by state")
    if diff.classes and not any(c.presence is Presence.BOTH for c in diff.classes):
        only = old if diff.classes[0].presence is Presence.OLD_ONLY else new
        if all(c.presence is diff.classes[0].presence for c in diff.classes):
            out.append(f"capital structure: only {only} states its certificate classes")
        else:
            out.append("capital structure: the two deals share no class name")
    return tuple(out)


def _side_value(metric: MetricChange, side: Side):
    return metric.old if side is Side.OLD else metric.new


def _pct(value: float | None) -> str:
    return fmt.percent(value)


# --- charts ---------------------------------------------------------------------------


def paired_charts(report: DiffReport) -> list[PairedBars]:
    """A paired bar chart per comparable table, matrix total and the largest states."""
    charts = [
        _bars(view.anchor, table_subject(view.table.title), view.rows) for view in report.tables if view.comparable
    ]
    geography = report.geography
    if geography and geography.table and geography.table.comparable:
        charts.append(_bars("diff-states", "state", geography.table.rows[:STATES_CHARTED]))
    for view in report.matrices:
        m = view.matrix
        for key, header, totals in (
            (view.rows_anchor, m.row_header, m.row_totals),
            (view.cols_anchor, m.col_header, m.col_totals),
        ):
            if all(r.change is not None for r in totals):
                charts.append(_bars(key, header.lower(), totals))
    return [c for c in charts if c.labels]


def _bars(key: str, subject: str, rows: Sequence[BucketChange]) -> PairedBars:
    from reporting.present.charts import PairedBars  # noqa: F811  (matplotlib: only when charts are drawn)

    return PairedBars(
        key=key,
        subject=subject,
        labels=tuple(r.label for r in rows),
        old=tuple(r.old_share or 0.0 for r in rows),
        new=tuple(r.new_share or 0.0 for r in rows),
    )


# --- writing ---------------------------------------------------------------------------


def diff_stem(diff: DealDiff) -> str:
    """ "cmsi-2004-3-vs-cmsi-2004-8"; two filings of one series are told apart by their file names
    ("cmsi-2004-3-term-sheet-vs-cmsi-2004-3-detailed"), so two such diffs never overwrite each other."""
    old, new = diff.old.stem, diff.new.stem
    if old == new and diff.old.source_path != diff.new.source_path:
        old, new = (_with_file_name(side.stem, Path(side.source_path)) for side in (diff.old, diff.new))
        if old == new:  # the same file name in two folders: the folders tell them apart
            old, new = (_with_file_name(side.stem, Path(side.source_path), True) for side in (diff.old, diff.new))
    return f"{old}-vs-{new}"


def _with_file_name(stem: str, source: Path, with_folder: bool = False) -> str:
    name = f"{source.parent.name}-{source.stem}" if with_folder else source.stem
    named = safe_stem(name).replace("-vs-", "-")  # "-vs-" stays the one separator
    # "cmsi-2004-3-collateral-term-sheet" already names its deal: not "cmsi-2004-3-cmsi-2004-3-..."
    return named if named.startswith(f"{stem}-") else f"{stem}-{named}"


def render_diff_html(
    report: DiffReport,
    charts: dict,
    medium: str = "html",
    paper: str = "letter",
    generated_at: datetime | None = None,
) -> str:
    """The diff report as one HTML string, in the base layout the summary uses."""
    from reporting.present.summary_page import chart_images
    from reporting.present.templating import render_page  # Jinja: only when a page is asked for

    return render_page(
        DIFF_TEMPLATE,
        medium,
        paper,
        generated_at,
        report=report,
        diff=report.diff,
        charts=chart_images(charts, medium),
        report_label="Deal diff",
    )
