"""Parse speed: median time per filing in a warm process, and `termsheet parse` start-up.

Run: .venv/bin/python benchmarks/bench_parse.py [--runs N]
Target (issue 2): well under 50 ms per filing; the parse command imports no
pandas, matplotlib or WeasyPrint.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from reporting.pipeline import load_deal
from reporting.samples import sample_paths


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def time_parse(path: Path, runs: int) -> list[float]:
    load_deal(path)  # warm-up: compiled regexes, imports
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        load_deal(path)
        timings.append(time.perf_counter() - start)
    return timings


def time_command(path: Path, runs: int) -> list[float]:
    command = [sys.executable, "-m", "reporting", "parse", "--json", str(path)]
    subprocess.run(command, capture_output=True, check=True)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        timings.append(time.perf_counter() - start)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    bare = [sys.executable, "-c", "pass"]
    python_start = []
    for _ in range(10):
        start = time.perf_counter()
        subprocess.run(bare, check=True)
        python_start.append(time.perf_counter() - start)

    print(f"{'filing':45} {'parse median':>13} {'min':>8} {'max':>8} {'command median':>15}")
    for path in sample_paths():
        parse_times = time_parse(path, args.runs)
        command_times = time_command(path, max(5, args.runs // 10))
        print(
            f"{path.name:45} {median_ms(parse_times):10.2f} ms {min(parse_times) * 1000:5.2f} ms "
            f"{max(parse_times) * 1000:5.2f} ms {median_ms(command_times):12.1f} ms"
        )
    print(f"(bare `python -c pass` start-up median: {median_ms(python_start):.1f} ms)")


if __name__ == "__main__":
    main()
