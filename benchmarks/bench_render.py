"""Render speed per deal in a warm process: CPU and wall medians of each stage, and peak memory.

    python benchmarks/bench_render.py [--repeat 5] [FILING ...]

Stages: parse (file -> validated Deal), charts (summary model + every chart),
html (Jinja), pdf (WeasyPrint layout and PDF writing). One SVG drawing serves
both the HTML and the PDF, so "pdf" is WeasyPrint alone. Run with --compare to
also measure high-DPI PNG charts inside WeasyPrint (the README records the result).
Then what `termsheet render FILE` does for one deal: HTML and PDF written by
render_deal, the PDF laid out whole and in two parts on two cores
(reporting/pdf_parts.py), alternating in one run, with their ratio. Target for a
one-pool deal: HTML + PDF under 2 s, and everything except WeasyPrint under a third.

CPU seconds (time.process_time) are what the process itself spent and hold up on a
shared, loaded machine; wall seconds (time.perf_counter) are what a user waits and
swing with the load average, which is printed with the figures.

Where the time goes (cProfile, 2004-3): in WeasyPrint, about 1.5 ms per table cell
and 0.5 ms per letter of the charts' SVG text, which it lays out one letter at a time;
in matplotlib, axes and text construction.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from reporting.deliver.write import render_deal
from reporting.derive.summary import summarise
from reporting.pipeline import load_deal
from reporting.present.charts import draw_charts
from reporting.present.page_plan import plan_parts
from reporting.present.pdf import CHART_FORMAT, html_to_pdf
from reporting.present.summary_page import render_html
from reporting.samples import sample_paths


@dataclass(frozen=True)
class Timing:
    cpu: float  # median CPU seconds of this process
    wall: float  # median wall-clock seconds


def timed(run: Callable[[], object], repeat: int) -> tuple[Timing, object]:
    cpu, wall, result = [], [], None
    for _ in range(repeat):
        cpu_start, wall_start = time.process_time(), time.perf_counter()
        result = run()
        cpu.append(time.process_time() - cpu_start)
        wall.append(time.perf_counter() - wall_start)
    return Timing(statistics.median(cpu), statistics.median(wall)), result


def bench(path: Path, repeat: int, image_format: str | None = None) -> tuple[dict[str, Timing], int]:
    """Stage timings and the PDF's size. ``image_format`` None: what `termsheet render` does."""
    stages: dict[str, Timing] = {}
    stages["parse"], deal = timed(lambda: load_deal(path), repeat)
    summary = summarise(deal)
    pdf_format = image_format or CHART_FORMAT
    html_format = image_format or CHART_FORMAT
    stages["charts"], pdf_charts = timed(lambda: draw_charts(summarise(deal), pdf_format), repeat)
    html_charts = pdf_charts
    if html_format != pdf_format:
        more, html_charts = timed(lambda: draw_charts(summary, html_format), repeat)
        stages["charts"] = Timing(stages["charts"].cpu + more.cpu, stages["charts"].wall + more.wall)
    stages["html"], _ = timed(lambda: render_html(summary, html_charts, "html"), repeat)
    paged = render_html(summary, pdf_charts, "pdf")
    stages["pdf"], pdf = timed(lambda: html_to_pdf(paged, pdf_charts), repeat)
    stages["total"] = Timing(
        sum(stages[s].cpu for s in ("charts", "html", "pdf")), sum(stages[s].wall for s in ("charts", "html", "pdf"))
    )
    return stages, len(pdf)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("filings", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--compare", action="store_true", help="also time PNG charts in the PDF")
    args = parser.parse_args()
    paths = args.filings or sample_paths()
    formats = (None, "png") if args.compare else (None,)

    bench(paths[0], 1)  # warm up: imports, font caches, template compilation
    load = " / ".join(f"{avg:.2f}" for avg in os.getloadavg())
    print(
        f"median of {args.repeat} runs, seconds (warm process), CPU / wall; load average {load} on {os.cpu_count()} CPUs"
    )
    stage_names = ("parse", "charts", "html", "pdf", "total")
    print(f"{'filing':40} {'charts':6} " + " ".join(f"{name:>13}" for name in stage_names) + f" {'pdf KB':>7}")
    for path in paths:
        for image_format in formats:
            stages, pdf_bytes = bench(path, args.repeat, image_format)
            figures = " ".join(f"{stages[n].cpu:6.3f}/{stages[n].wall:6.3f}" for n in stage_names)
            print(f"{path.name[:40]:40} {image_format or 'as-is':6} {figures} {pdf_bytes / 1024:7.0f}")
            outside = stages["total"].cpu - stages["pdf"].cpu
            print(f"{'':47} not WeasyPrint: {outside:.3f} s CPU = {outside / stages['total'].cpu:.0%} of the total")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")
    print("total = charts + html + pdf; pdf: WeasyPrint alone (the charts are drawn once for both media)")
    print()
    print_whole_render(paths, args.repeat)


def print_whole_render(paths: list[Path], repeat: int) -> None:
    """What `termsheet render FILE` does for one deal: HTML and PDF written, the PDF laid out
    whole or, with a second core, in two parts at once (reporting/pdf_parts.py); both ways
    measured in one run, alternating, so the ratio holds whatever the load."""
    print(f"HTML + PDF written by render_deal, median of {repeat}, wall seconds (CPU of this process)")
    print(f"{'filing':40} {'one part':>16} {'two parts':>16} {'ratio':>6}  cut")
    with tempfile.TemporaryDirectory() as out:
        for path in paths:
            deal = load_deal(path)
            render_deal(deal, Path(out), two_parts=True)  # warm up the two-part path too
            whole: list[Timing] = []
            parts: list[Timing] = []
            for _ in range(repeat):
                whole.append(timed(partial(render_deal, deal, Path(out), two_parts=False), 1)[0])
                parts.append(timed(partial(render_deal, deal, Path(out), two_parts=True), 1)[0])
            one = Timing(statistics.median(t.cpu for t in whole), statistics.median(t.wall for t in whole))
            two = Timing(statistics.median(t.cpu for t in parts), statistics.median(t.wall for t in parts))
            plan = plan_parts(summarise(deal))
            cut = f"before table {plan.second.tables_from + 1} of {len(deal.tables)}" if plan else "laid out whole"
            print(
                f"{path.name[:40]:40} {one.wall:7.3f} ({one.cpu:5.3f}) {two.wall:7.3f} ({two.cpu:5.3f})"
                f" {two.wall / one.wall:6.2f}  {cut}"
            )
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"target for a one-pool deal: under 2 s; peak memory of a part's worker (max RSS): {worker_mb:.0f} MB")


if __name__ == "__main__":
    main()
