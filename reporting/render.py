"""Render: the collateral summary of a deal as self-contained HTML and as PDF.

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
from functools import cache
from typing import TYPE_CHECKING

from reporting import fonts
from reporting.analyse import DealSummary
from reporting.templating import render_page

if TYPE_CHECKING:  # matplotlib is imported only when charts are drawn
    from reporting.charts import Chart
    from reporting.page_plan import Part

FORMATS = ("pdf", "html")
SUMMARY_TEMPLATE = "summary.html.j2"
# Measured (README, "Charts in the PDF"): SVG with text kept as text lays out in
# WeasyPrint as fast as 220 dpi PNG, is a third of the size and sharp at any zoom;
# SVG with letters as outlines took twice as long. The HTML uses the same SVG (its
# text names the report's bundled face, then Liberation Sans, Arial and any sans-serif;
# see reporting/fonts), so one drawing serves both.
CHART_FORMAT = {"html": "svg-text", "pdf": "svg-text"}
# The PDF's charts are fetched from memory under this scheme: "chart:table-3".
CHART_SCHEME = "chart:"


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
        from reporting.page_plan import plan_parts

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


def chart_fetcher(charts: Mapping[str, Chart]):
    """A WeasyPrint URL fetcher that serves our drawn charts and our own font files, and
    refuses every other URL.

    ``font:<name>`` answers only for the exact names of the bundled TTFs (reporting/fonts),
    never a path. data: URLs are let through to WeasyPrint's own fetcher: they read nothing
    outside the document, and matplotlib embeds the heatmap's pixels in its SVG as one.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ChartFetcher(URLFetcher):
        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            if url.startswith(CHART_SCHEME) and (chart := charts.get(url.removeprefix(CHART_SCHEME))):
                return URLFetcherResponse(url, chart.data, {"Content-Type": chart.media_type})
            if url.startswith(CHART_SCHEME):
                raise ValueError(f"not one of the report's charts: {url[:80]}")
            if url.startswith(fonts.FONT_SCHEME):
                if (font := fonts.font_file(url)) is None:
                    raise ValueError(f"not one of the report's fonts: {url[:80]}")
                return URLFetcherResponse(url, font, {"Content-Type": "font/ttf"})
            return super().fetch(url, headers)  # refuses every scheme but data:

    return ChartFetcher(allowed_protocols=frozenset({"data"}))


def html_to_pdf(html: str, charts: Mapping[str, Chart] | None = None) -> bytes:
    """Lay the HTML out as PDF, fetching nothing but the ``chart:`` images it names (and data: URLs)."""
    return lay_out(html, charts).write_pdf()


def lay_out(html: str, charts: Mapping[str, Chart] | None = None):
    """The HTML laid out in pages (a WeasyPrint Document), ready to be written as PDF."""
    import weasyprint

    fetcher = chart_fetcher(charts or {})
    return weasyprint.HTML(string=html, base_url=None, url_fetcher=fetcher).render(font_config=font_configuration())


@cache
def font_configuration():
    """One WeasyPrint font configuration per process: setting it up is a tenth of a short PDF's time.
    It keeps the report's @font-face fonts once loaded (WeasyPrint adds a face once per set of
    descriptors), so only a process's first PDF reads the TTFs; every report declares the same ones."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def summary_pdf(summary: DealSummary, paper: str = "letter", generated_at: datetime | None = None) -> bytes:
    """The PDF summary as bytes, for attaching to the email."""
    from reporting.charts import draw_charts

    charts = draw_charts(summary, CHART_FORMAT["pdf"])
    return html_to_pdf(render_html(summary, charts, "pdf", paper, generated_at), charts)
