"""Data-out speed: a deal's workbook, CSV and Parquet, and the shelf files of N deals.

Run: .venv/bin/python benchmarks/bench_data_out.py [--deals N] [--runs R]
Per sample: the median time to make each output from a parsed deal (its summary
made beforehand, as in a render). Then the shelf of N deals (the two samples
alternating, each given its own SHA-256): the per-deal CSVs joined and parsed once,
the deal rows, and the workbook (XlsxWriter writing every cell of the long table),
as ``reporting.deliver.shelf.write_shelf`` does.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from reporting.deliver.shelf import combine
from reporting.pipeline import load_deal
from reporting.present.long_table import read_csv, to_csv
from reporting.present.renders import DealRender
from reporting.present.shelf_workbook import deal_rows, shelf_workbook
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3


def timed(call) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deals", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    tables = []
    for path in (TERM_SHEET_2004_3, DETAILED_2004_8):
        deal = load_deal(path)
        for output in ("xlsx", "csv", "parquet"):
            samples = []
            for _ in range(args.runs):
                render = DealRender(deal)
                render.summary  # noqa: B018  (made by the render before any output)
                seconds, data = timed(lambda render=render, output=output: getattr(render, output))
                samples.append(seconds)
            print(f"{path.name[:11]}  {output:8} {statistics.median(samples) * 1000:6.0f} ms  {len(data):>8,} bytes")
        tables.append(DealRender(deal).long_table)

    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for number in range(args.deals):
            table = tables[number % 2].copy()
            table["source_sha256"] = f"{number:064x}"
            path = Path(folder) / f"deal-{number}-long.csv"
            path.write_bytes(to_csv(table))
            paths.append(path)
        joined_s, joined = timed(lambda: combine(paths, []))
        parse_s, long_table = timed(lambda: read_csv(joined))
        rows_s, rows = timed(lambda: deal_rows(long_table))
        book_s, book = timed(lambda: shelf_workbook(rows, long_table, datetime.now(UTC)))
    print(
        f"shelf of {args.deals} deals, {len(long_table):,} rows: join {joined_s:.2f} s, parse {parse_s:.2f} s, "
        f"deal rows {rows_s:.2f} s, workbook {book_s:.2f} s ({len(book) / 2**20:.1f} MiB), CSV {len(joined) / 2**20:.1f} MiB"
    )


if __name__ == "__main__":
    main()
