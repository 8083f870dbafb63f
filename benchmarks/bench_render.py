"""Render speed per deal in a warm process: median seconds of each stage, and peak memory.

    python benchmarks/bench_render.py [--repeat 5] [FILING ...]

Stages: parse (file -> validated Deal), charts (summary model + every chart),
html (Jinja), pdf (WeasyPrint layout and PDF writing). Charts are drawn once per
format, so the "pdf" stage is WeasyPrint alone. Run with --compare to measure SVG
against high-DPI PNG charts inside WeasyPrint (the README records the result).
Target for a one-pool deal: html + pdf (charts included) under 2 s, and everything
except WeasyPrint under a third of that.

Where the time goes (cProfile, 2004-3): in charts, matplotlib text layout and SVG
writing; in WeasyPrint, grid layout (table beside chart) about 40% and automatic
table sizing about 30%.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from reporting.analyse import summarise
from reporting.charts import draw_charts
from reporting.parse import parse_file
from reporting.render import CHART_FORMAT, html_to_pdf, render_html
from reporting.samples import sample_paths


def median_seconds(run: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def bench(path: Path, repeat: int, image_format: str | None = None) -> dict[str, float]:
    """``image_format`` None: what `termsheet render` does (README, "Charts in the PDF")."""
    parse_s, deal = median_seconds(lambda: parse_file(path), repeat)
    summary = summarise(deal)
    pdf_format = image_format or CHART_FORMAT["pdf"]
    html_format = image_format or CHART_FORMAT["html"]
    charts_s, pdf_charts = median_seconds(lambda: draw_charts(summarise(deal), pdf_format), repeat)
    html_charts = pdf_charts
    if html_format != pdf_format:
        more_s, html_charts = median_seconds(lambda: draw_charts(summary, html_format), repeat)
        charts_s += more_s
    html_s, _ = median_seconds(lambda: render_html(summary, html_charts, "html"), repeat)
    paged = render_html(summary, pdf_charts, "pdf")
    pdf_s, pdf = median_seconds(lambda: html_to_pdf(paged), repeat)
    return {"parse": parse_s, "charts": charts_s, "html": html_s, "pdf": pdf_s, "pdf_kb": len(pdf) / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("filings", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--compare", action="store_true", help="also time PNG charts in the PDF")
    args = parser.parse_args()
    paths = args.filings or sample_paths()
    formats = (None, "svg", "png") if args.compare else (None,)

    bench(paths[0], 1)  # warm up: imports, font caches, template compilation
    print(f"median of {args.repeat} runs, seconds (warm process)")
    print(f"{'filing':44} {'charts':6} {'parse':>6} {'charts':>7} {'html':>6} {'pdf':>6} {'total':>6} {'pdf KB':>7}")
    for path in paths:
        for image_format in formats:
            r = bench(path, args.repeat, image_format)
            total = r["charts"] + r["html"] + r["pdf"]
            print(
                f"{path.name[:44]:44} {image_format or 'as-is':6} {r['parse']:6.3f} {r['charts']:7.3f} {r['html']:6.3f}"
                f" {r['pdf']:6.3f} {total:6.3f} {r['pdf_kb']:7.0f}"
            )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")
    print("charts: for the PDF and, when its format differs, for the HTML; pdf: WeasyPrint alone")


if __name__ == "__main__":
    main()
