"""Diff speed: median time to build a diff of two parsed deals, and `termsheet diff` end to end.

Run: .venv/bin/python benchmarks/bench_diff.py [--runs N]
The diff is pure Python over two parsed deals; `--format json` parses both filings,
builds the diff and writes its JSON, importing no pandas, matplotlib or WeasyPrint.
The PDF and HTML report (charts and WeasyPrint layout) and the email (PNG charts,
css-inline, MIME) are timed apart, in seconds, with the email's HTML body size.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reporting.derive.diff import build_diff
from reporting.pipeline import load_deal
from reporting.present.jsonio import diff_to_json
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def time_calls(call, runs: int) -> list[float]:
    call()  # warm-up
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        timings.append(time.perf_counter() - start)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    term_sheet, detailed = load_deal(TERM_SHEET_2004_3), load_deal(DETAILED_2004_8)
    cases = {
        "2004-3 vs 2004-8 (tables vs prose)": lambda: build_diff(term_sheet, detailed),
        "2004-3 vs itself (7 tables, matrix)": lambda: build_diff(term_sheet, term_sheet),
        "2004-8 pool I vs pool III": lambda: build_diff(detailed, detailed, pool="I:III"),
        "2004-3 vs itself, diff + JSON text": lambda: diff_to_json(build_diff(term_sheet, term_sheet)),
    }
    print(f"{'case':40} {'median':>10} {'min':>9} {'max':>9}")
    for name, call in cases.items():
        times = time_calls(call, args.runs)
        print(f"{name:40} {median_ms(times):7.2f} ms {min(times) * 1000:6.2f} ms {max(times) * 1000:6.2f} ms")

    with tempfile.TemporaryDirectory() as out:
        command = [
            sys.executable,
            "-m",
            "reporting",
            "diff",
            str(TERM_SHEET_2004_3),
            str(DETAILED_2004_8),
            "--out",
            out,
            "--format",
            "json",
        ]
        runs = max(5, args.runs // 20)
        times = time_calls(lambda: subprocess.run(command, capture_output=True, check=True), runs)
        print(f"{'`termsheet diff --format json`, end to end':40} {median_ms(times):7.1f} ms  ({runs} runs)")

        from reporting.present.diff_report import render_diff

        reports = {
            "report pdf+html, 2004-3 vs 2004-8": build_diff(term_sheet, detailed),
            "report pdf+html, 2004-3 vs itself": build_diff(term_sheet, term_sheet),
        }
        runs = max(3, args.runs // 60)
        for name, diff in reports.items():
            times = time_calls(lambda diff=diff: render_diff(diff, Path(out), ("pdf", "html")), runs)
            print(f"{name:40} {statistics.median(times):7.2f} s  ({runs} runs)")

        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # a deal with known edits
        from deal_edits import with_state_balances

        from reporting.present.diff_email import write_diff_email

        moved = with_state_balances(term_sheet, {"California": -49_000_000, "Nevada": 49_000_000})
        emails = {
            "email, 2004-3 vs 2004-8 (no chart)": build_diff(term_sheet, detailed),
            "email, 2004-3 vs states moved (1 chart)": build_diff(term_sheet, moved),
        }
        for name, diff in emails.items():
            times = time_calls(lambda diff=diff: write_diff_email(diff, Path(out)), runs)
            _, report = write_diff_email(diff, Path(out))
            size = report.body_size / 1024
            print(f"{name:40} {statistics.median(times):7.2f} s  ({runs} runs; HTML body {size:.1f} KB)")


if __name__ == "__main__":
    main()
