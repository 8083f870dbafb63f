"""The PDF engine: HTML laid out in pages by WeasyPrint, fetching nothing but our own charts.

The PDF's charts come from memory: the HTML handed to WeasyPrint names them
``chart:<key>`` and ``chart_fetcher`` serves the drawn bytes. It answers only our
own chart keys and data: URLs, and refuses every other URL (file:, http:, https:
and the rest), so filing text can never make WeasyPrint read a file or the network.
"""

from __future__ import annotations

import multiprocessing.util
import shutil
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING

from reporting import fonts

if TYPE_CHECKING:  # matplotlib is imported only when charts are drawn
    from reporting.present.charts import Chart

# Measured (docs/speed.md, "Charts in the PDF"): SVG with text kept as text lays out in
# WeasyPrint as fast as 220 dpi PNG, is a third of the size and sharp at any zoom;
# SVG with letters as outlines took twice as long. The HTML uses the same SVG (its text
# names the report's bundled face, then Liberation Sans, Arial and any sans-serif; see
# reporting/fonts), so one drawing serves both.
CHART_FORMAT = "svg-text"
# The PDF's charts are fetched from memory under this scheme: "chart:table-3".
CHART_SCHEME = "chart:"


def chart_fetcher(charts: Mapping[str, Chart]):
    """A WeasyPrint URL fetcher that serves our drawn charts and our own font files, and
    refuses every other URL.

    ``font:<name>`` answers only for the exact names of the bundled TTFs (reporting/fonts),
    never a path. data: URLs are let through to WeasyPrint's own fetcher: they read nothing
    outside the document, and matplotlib embeds the heatmap's pixels in its SVG as one.
    """
    from reporting.present.weasyprint_import import weasyprint

    URLFetcher, URLFetcherResponse = weasyprint.urls.URLFetcher, weasyprint.urls.URLFetcherResponse

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


def html_to_pdf(html: str, charts: Mapping[str, Chart] | None = None, name: str | None = None) -> bytes:
    """Lay the HTML out as PDF, fetching nothing but the ``chart:`` images it names (and data: URLs).

    With ``name`` (the filing, for its one-line error), a layout of more pages than a
    report may have (``bounds.MAX_PDF_PAGES``) is refused before the PDF is written.
    """
    document = lay_out(html, charts)
    if name is not None:
        from reporting.present.bounds import check_pages

        check_pages(len(document.pages), name)
    return document.write_pdf()


def lay_out(html: str, charts: Mapping[str, Chart] | None = None):
    """The HTML laid out in pages (a WeasyPrint Document), ready to be written as PDF."""
    from reporting.present.weasyprint_import import weasyprint

    fetcher = chart_fetcher(charts or {})
    return weasyprint.HTML(string=html, base_url=None, url_fetcher=fetcher).render(font_config=font_configuration())


@cache
def font_configuration():
    """One WeasyPrint font configuration per process: setting it up is a tenth of a short PDF's time.
    It keeps the report's @font-face fonts once loaded (WeasyPrint adds a face once per set of
    descriptors), so only a process's first PDF reads the TTFs; every report declares the same ones."""
    from reporting.present.weasyprint_import import weasyprint

    configuration = weasyprint.text.fonts.FontConfiguration()
    # WeasyPrint copies the @font-face fonts into a temporary folder (1.2 MB) that it removes
    # only when the configuration is deleted: never, for this one, which lives as long as the
    # process, and a batch worker ends without deleting anything. multiprocessing's exit hook
    # runs at the end of the command and of each of its workers, in the process that made
    # the folder only, so no run leaves one behind in the temporary directory.
    multiprocessing.util.Finalize(None, _remove_font_folder, args=(configuration,), exitpriority=0)
    return configuration


def _remove_font_folder(configuration) -> None:
    if configuration._folder:  # WeasyPrint's own name for it (its __del__ removes the same)
        shutil.rmtree(configuration._folder, ignore_errors=True)
        configuration._folder = None  # nothing left for its __del__, which may run as Python shuts down
