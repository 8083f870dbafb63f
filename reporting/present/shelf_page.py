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

from reporting.model.shelf import MetricSeries, ShelfReport, Standing
from reporting.present.templating import render_page

if TYPE_CHECKING:
    from reporting.present.charts import Chart

SHELF_TEMPLATE = "shelf.html.j2"
COLUMNS_PER_TABLE = 6  # figures side by side in a history table: a Letter or A4 page wide at 9 pt


@dataclass(frozen=True)
class HistoryTable:
    """Some of the figures over the window's deals: one row per deal, one column per figure."""

    series: tuple[MetricSeries, ...]


@dataclass(frozen=True)
class ShelfPage:
    report: ShelfReport
    history: tuple[HistoryTable, ...]
    charted: tuple[tuple[Standing, str], ...]  # each figure's standing and its chart key

    @property
    def title(self) -> str:
        return f"{self.report.focus_deal.name} against the shelf"


def build_page(report: ShelfReport, chart_keys: Mapping[str, str]) -> ShelfPage:
    """``chart_keys``: series key -> chart key, for the figures drawn."""
    shown = [s for s in report.series if s.stated(report.window_indices)]
    groups = [shown[i : i + COLUMNS_PER_TABLE] for i in range(0, len(shown), COLUMNS_PER_TABLE)]
    return ShelfPage(
        report=report,
        history=tuple(HistoryTable(tuple(group)) for group in groups),
        charted=tuple((s, chart_keys[s.key]) for s in report.standings if s.key in chart_keys),
    )


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
