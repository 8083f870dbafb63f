"""Shelf history speed: `termsheet shelf` over a batch folder of N deals saved as JSON, N = 50, 100, 200.

Run: .venv/bin/python benchmarks/bench_shelf.py [--runs N] [--deals 50,100,200] [--window 12]

The folder is laid out as `termsheet render --format json` leaves it (OUT/<deal>/<deal>-deal.json
and the manifest), with deals made from the two samples: one series a month, WAC, balance and
California's share varied, and every fourth series also filed as a term sheet, so the shelf
diffs term sheet against detailed description too. Each stage is timed in one warm process
(median of --runs): reading the deals (JSON, checks run again), building the shelf, drawing
the charts, the HTML and the PDF; then the whole command from a cold start, once per size.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from reporting.batch.collect import collect_deals
from reporting.batch.manifest import Manifest
from reporting.deliver.files import atomic_write
from reporting.deliver.index import index_entry
from reporting.derive.shelf import build_shelf
from reporting.model.deal import Deal, FilingKind, Pool
from reporting.model.names import deal_stem
from reporting.pipeline import load_deal
from reporting.present.jsonio import deal_to_json
from reporting.present.renders import ShelfRender
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3
from reporting.validate import validate


def _edited(deal: Deal, n: int, kind: FilingKind | None = None) -> Deal:
    """Deal ``n`` of the shelf: series 2000-n, cut-off a month after the last. A term sheet's WAC
    (premium and discount loans alike) and California's share move, so that it still reconciles."""
    series = f"{2000 + n // 12}-{n % 12 + 1}"
    cut_off = date(2000 + n // 12, n % 12 + 1, 1)
    pools, tables = deal.pools, deal.tables
    if deal.kind is FilingKind.COLLATERAL_TERM_SHEET:
        by = (n % 7 - 3) * 0.04
        pools = tuple(_wac_raised(p, by) if p.is_whole_deal else p for p in pools)
        moved = (n % 9) * 4_000_000.0  # California's balance moved to Nevada: the table still adds up
        shift = {"California": -moved, "Nevada": moved}
        tables = tuple(
            replace(t, rows=tuple(replace(r, balance=r.balance + shift.get(r.label, 0)) for r in t.rows))
            if "STATE" in t.title
            else t
            for t in tables
        )
    kind = kind or deal.kind
    source = replace(
        deal.source,
        path=f"/filings/cmsi-{series}-{kind.value}.txt",
        sha256=hashlib.sha256(f"{series}{kind}".encode()).hexdigest(),
    )
    edited = replace(deal, series=series, cut_off_date=cut_off, date_of_report=cut_off, source=source, kind=kind)
    return validate(replace(edited, pools=pools, tables=tables, checks=()))


def _wac_raised(pool: Pool, by: float) -> Pool:
    split = pool.premium_discount
    split = replace(
        split,
        premium=replace(split.premium, wac=round(split.premium.wac + by, 3)),
        discount=replace(split.discount, wac=round(split.discount.wac + by, 3)),
    )
    return replace(pool, wac=round(pool.wac + by, 3), premium_discount=split)


def write_batch_folder(folder: Path, count: int) -> int:
    """A batch output folder of ``count`` series saved as JSON; returns the number of files written."""
    term_sheet, detailed = load_deal(TERM_SHEET_2004_3), load_deal(DETAILED_2004_8)
    manifest = Manifest.load(folder)
    deals = []
    for n in range(count):
        both = n % 4 == 0  # a detailed description and this series' term sheet too
        deals.append(_edited(detailed if both or n % 3 == 0 else term_sheet, n))
        if both:
            deals.append(_edited(term_sheet, n))
    for deal in deals:
        stem = deal_stem(deal.series, deal.source.path)
        if deal.kind is FilingKind.COLLATERAL_TERM_SHEET and any(
            d.series == deal.series for d in deals if d is not deal
        ):
            stem += "-term-sheet"
        path = f"{stem}/{stem}-deal.json"
        atomic_write(folder / path, deal_to_json(deal))
        manifest.record(deal.source.path, deal.source.sha256, index_entry(deal, stem, {"json": path}), "bench")
    manifest.save()
    return len(deals)


def median_s(samples: list[float]) -> float:
    return statistics.median(samples)


def stages(folder: Path, window: int, runs: int) -> dict[str, float]:
    timings: dict[str, list[float]] = {}

    def timed(name: str, call, *arguments):
        start = time.perf_counter()
        value = call(*arguments)
        timings.setdefault(name, []).append(time.perf_counter() - start)
        return value

    for _ in range(runs + 1):  # the first run warms the imports and the font configuration up
        collected = timed("read JSON", collect_deals, [folder])
        report = timed("build shelf", build_shelf, collected.deals, window)
        render = ShelfRender(report)
        for stage, part in (("charts", "charts"), ("HTML", "html"), ("PDF", "pdf")):
            timed(stage, getattr, render, part)
    return {name: median_s(values[1:]) for name, values in timings.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--deals", default="50,100,200")
    parser.add_argument("--window", type=int, default=12)
    args = parser.parse_args()
    sizes = [int(n) for n in args.deals.split(",")]
    print(f"load average {os.getloadavg()[0]:.1f}; window {args.window}; median of {args.runs} runs, seconds")
    header = ["series", "files", "read JSON", "build shelf", "charts", "HTML", "PDF", "in process", "command"]
    print("  ".join(f"{h:>11}" for h in header))
    totals = {}
    with tempfile.TemporaryDirectory() as tmp:
        for count in sizes:
            folder = Path(tmp) / f"batch-{count}"
            files = write_batch_folder(folder, count)
            assert all(d.checks_passed for d in collect_deals([folder]).deals), "the benchmark's deals reconcile"
            times = stages(folder, args.window, args.runs)
            total = sum(times.values())
            totals[count] = total
            start = time.perf_counter()
            command = [sys.executable, "-m", "reporting", "shelf", str(folder), "--out", str(folder), "--window"]
            subprocess.run([*command, str(args.window)], check=True, capture_output=True)
            whole = time.perf_counter() - start
            row = [
                count,
                files,
                *(times[k] for k in ("read JSON", "build shelf", "charts", "HTML", "PDF")),
                total,
                whole,
            ]
            print("  ".join(f"{v:>11}" if isinstance(v, int) else f"{v:>11.3f}" for v in row))
    if len(sizes) > 1:
        first, last = sizes[0], sizes[-1]
        print(
            f"growth {first} -> {last} series ({last / first:g}x): in process {totals[last] / totals[first]:.2f}x "
            f"({totals[first]:.2f} s -> {totals[last]:.2f} s)"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
