"""The shelf history as a page (self-contained HTML, and the same page as PDF) in the summary's house style.

The same Jinja environment, base layout (``shelf.html.j2`` extends ``base.html.j2``),
filters and PDF engine as the summary and the diff. ``ShelfPage`` arranges the
report for the page: the window's figures in tables a page wide, each chart beside its figure. The templates only lay it out; Python builds no markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from reporting import formatting as fmt
from reporting.model.shelf import MetricSeries, ShelfDeal, ShelfReport, Standing
from reporting.present.templating import render_page

if TYPE_CHECKING:
    from reporting.present.charts import Chart

SHELF_TEMPLATE = "shelf.html.j2"
COLUMNS_PER_TABLE = 6  # figures side by side in a history table: a Letter or A4 page wide at 9 pt


@dataclass(frozen=True)
class HistoryTable:
    """Some of the figures over the window's deals: one row per deal, one column per figure."""

    series: tuple[MetricSeries, ...]


CHARTS_PER_ROW = 3  # small multiples abreast on the page (shelf.css): the first row is kept with its heading


@dataclass(frozen=True)
class Charted:
    """A figure's chart, and what its caption says: which of its points termsheet derived."""

    standing: Standing
    key: str
    caption: str  # "Derived from the pools, not stated: 2004-8"; empty where every point is stated


@dataclass(frozen=True)
class OneDeal:
    """A figure only one deal of the window gives: no chart, a row of the one-deal table."""

    series: MetricSeries
    index: int  # the deal's, in ``ShelfReport.deals``
    deal: ShelfDeal


@dataclass(frozen=True)
class ShelfPage:
    report: ShelfReport
    history: tuple[HistoryTable, ...]
    charted: tuple[Charted, ...]  # each figure drawn: at least two deals of the window give it
    one_deal: tuple[OneDeal, ...]  # each figure only one deal gives, in a window of more than one deal

    @property
    def title(self) -> str:
        return f"{self.report.focus_deal.name} against the shelf"

    @property
    def first_row(self) -> tuple[Charted, ...]:
        """The charts kept on one page with the section's heading: never a heading alone at a page's foot."""
        return self.charted[:CHARTS_PER_ROW]

    @property
    def other_rows(self) -> tuple[Charted, ...]:
        return self.charted[CHARTS_PER_ROW:]


def build_page(report: ShelfReport, chart_keys: Mapping[str, str]) -> ShelfPage:
    """``chart_keys``: series key -> chart key, for the figures drawn."""
    shown = [s for s in report.series if s.stated(report.window_indices)]
    groups = [shown[i : i + COLUMNS_PER_TABLE] for i in range(0, len(shown), COLUMNS_PER_TABLE)]
    by_key = {s.key: s for s in report.series}
    return ShelfPage(
        report=report,
        history=tuple(HistoryTable(tuple(group)) for group in groups),
        charted=tuple(
            Charted(s, chart_keys[s.key], derived_caption(by_key[s.key], report))
            for s in report.standings
            if s.charted and s.key in chart_keys
        ),
        one_deal=_one_deal(report) if len(report.window_deals) > 1 else (),
    )


def derived_caption(series: MetricSeries, report: ShelfReport) -> str:
    """Which points of a chart termsheet derived, by what from: "Derived from the pools, not stated: 2004-8"."""
    marks: dict[str, list[str]] = {}
    for i in series.derived_among(report.window_indices):
        marks.setdefault(series.derived_mark(i), []).append(report.deals[i].label)
    return "; ".join(fmt.sentence_start(f"{mark}, not stated: {', '.join(labels)}") for mark, labels in marks.items())


def _one_deal(report: ShelfReport) -> tuple[OneDeal, ...]:
    """The window's figures one deal gives (a chart of one point says nothing), in the report's order."""
    by_key = {s.key: s for s in report.series}
    out = []
    for standing in report.standings:
        if standing.charted:
            continue
        series = by_key[standing.key]
        (index,) = series.stated(report.window_indices)
        out.append(OneDeal(series, index, report.deals[index]))
    return tuple(out)


def render_shelf_html(
    page: ShelfPage,
    charts: Mapping[str, Chart],
    medium: str = "html",
    paper: str = "letter",
    generated_at: datetime | None = None,
) -> str:
    from reporting.present.summary_page import chart_images

    return render_page(
        SHELF_TEMPLATE,
        medium,
        paper,
        generated_at,
        page=page,
        report=page.report,
        charts=chart_images(charts, medium),
        report_label="Shelf history",
    )
