"""The collateral summary page of a deal: self-contained HTML, and the same page as PDF.

One Jinja template tree (``templates/``) serves both: the HTML and the PDF differ
only in the ``medium`` the base layout is given (the PDF adds paged-media CSS:
page size, running header, "page X of Y" footer) and in how charts get in. The
HTML embeds them as data: URIs, so it refers to nothing outside itself. The PDF
names them ``chart:<key>`` and WeasyPrint's URL fetcher (``ChartFetcher``) hands
it the drawn bytes from memory: a fifth of the HTML to parse, no base64 round
trip. That fetcher answers only our own chart keys and data: URLs, and refuses
every other URL (file:, http:, https: and the rest), so filing text can never
make WeasyPrint read a file or the network.

Jinja autoescapes everything; numbers are written by the filters registered
from ``reporting.formatting``; Python builds no markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from reporting.model.summary import DealSummary
from reporting.present.pdf import CHART_FORMAT, CHART_SCHEME, html_to_pdf
from reporting.present.templating import render_page

if TYPE_CHECKING:  # matplotlib is imported only when charts are drawn
    from reporting.present.charts import Chart
    from reporting.present.page_plan import Part

SUMMARY_TEMPLATE = "summary.html.j2"


@dataclass(frozen=True)
class ChartImage:
    """What the templates need to show a chart: where its bytes are, and its alt text."""

    src: str
    alt: str


def chart_images(charts: Mapping[str, Chart], medium: str) -> dict[str, ChartImage]:
    """The HTML embeds each chart (self-contained); the PDF names it for ``ChartFetcher``."""
    return {
        key: ChartImage(chart.data_uri if medium == "html" else CHART_SCHEME + key, chart.alt)
        for key, chart in charts.items()
    }


def render_html(
    summary: DealSummary,
    charts: Mapping[str, Chart],
    medium: str = "html",
    paper: str = "letter",
    generated_at: datetime | None = None,
    part: Part | None = None,
) -> str:
    """The summary page as one HTML string; ``medium`` is "html" or "pdf".

    In the PDF, the table where page_plan.py would cut a long summary in two always
    starts a page, so the PDF is the same whether it is laid out whole or in two parts.
    ``part``: only that part's sections, paged to be joined with the other part's
    (no page numbers; a running header from its first page on; see pdf_parts.py).
    """
    page_starts_at = None
    if medium == "pdf":
        from reporting.present.page_plan import plan_parts

        plan = plan_parts(summary, paper)
        page_starts_at = summary.tables[plan.second.tables_from].anchor if plan else None
    return render_page(
        SUMMARY_TEMPLATE,
        medium,
        paper,
        generated_at,
        summary=summary,
        charts=chart_images(charts, medium),
        part=part,
        page_numbers=part is None,
        first_page_plain=part is None or part.front,
        page_starts_at=page_starts_at,
    )


def summary_pdf(summary: DealSummary, paper: str = "letter", generated_at: datetime | None = None) -> bytes:
    """The PDF summary as bytes, for attaching to the email."""
    from reporting.present.charts import draw_charts

    charts = draw_charts(summary, CHART_FORMAT)
    return html_to_pdf(render_html(summary, charts, "pdf", paper, generated_at), charts)
