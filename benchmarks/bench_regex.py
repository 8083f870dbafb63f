"""Regex audit: every pattern the parser uses, timed on long hostile lines.

Run: .venv/bin/python benchmarks/bench_regex.py [--size N] [--top K]

The patterns are collected by parsing both samples with ``re.compile`` watched,
so patterns written inline in functions are audited too. Each pattern then scans
(``findall``) hostile lines of N and 4N characters: runs of digits, spaces,
dashes, commas, "$", "%", and long runs of phrases the parser looks for. A
pattern whose time grows ~16x when the line grows 4x backtracks quadratically.
Prints the slowest (pattern, input) pairs, medians of --runs runs, in milliseconds.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time

HOSTILE_UNITS = {
    "digits": "1",
    "spaces": " ",
    "dashes": "-",
    "commas": ",",
    "dollars": "$",
    "percents": "%",
    "digit-comma": "1,",
    "dollar-digits": "$1 ",
    "digits-spaces": "12 ",
    "dash-space": "- ",
    "equals": "=",
    "capital words": "Aaa ",
    "pool list": "pool I mortgage loans, ",
    "loans and": "the pool II mortgage loans and ",
    "class list": "class A-1, ",
    "class dashes": "A-",
    "aggregate": "aggregate principal ",
    "dates": "May 1, 2004 ",
    "percent list": "5.5%, ",
    "percent run": "5.5% ",
    "money list": "$1,234.56, ",
    "repurchase": "repurchase less than ",
    "abbreviations": "A. ",
    "tags": "<S>",
    "open tags": "<",
    "em spaces": "\u2003",
    "loans that": "loans that ",
    "premium loans": "premium loans will consist of ",
    "case of": "in the case of ",
    "proof of income": "proof of income and liquid assets ",
    "originated": "originated before ",
    "trustee": "the Trustee, ",
}
# Each run ends in a character that breaks it, so anchored patterns must fail at the end.
TAIL = "x"


def collect_patterns() -> list[re.Pattern[str]]:
    """Every distinct pattern compiled while both samples are parsed."""
    seen: dict[tuple[str, int], re.Pattern[str]] = {}
    original = re.compile

    def note(compiled: re.Pattern[str]) -> None:
        # Only patterns compiled by our modules (directly or through re.search & co.).
        callers = [sys._getframe(2).f_globals.get("__name__", ""), sys._getframe(3).f_globals.get("__name__", "")]
        if isinstance(compiled.pattern, str) and any(name.startswith("reporting") for name in callers):
            seen.setdefault((compiled.pattern, compiled.flags), compiled)

    def watching(pattern, flags=0):
        compiled = original(pattern, flags)
        note(compiled)
        return compiled

    re.compile = watching  # modules compile their patterns at import: import them under watch
    real_compile = re._compile

    def watching_inline(pattern, flags):
        compiled = real_compile(pattern, flags)
        note(compiled)
        return compiled

    re._compile = watching_inline  # re.search(pattern_string, ...) in function bodies
    try:
        from reporting.pipeline import load_deal
        from reporting.samples import sample_paths

        for path in sample_paths():
            load_deal(path)
    finally:
        re.compile = original
        re._compile = real_compile
    return list(seen.values())


def time_scan(pattern: re.Pattern[str], text: str, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        pattern.findall(text)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--size", type=int, default=1000, help="hostile line length (default 1000)")
    options.add_argument("--runs", type=int, default=3, help="timed runs per pair (median)")
    options.add_argument("--top", type=int, default=10, help="how many of the slowest to print")
    args = options.parse_args()

    patterns = collect_patterns()
    results = []
    for pattern in patterns:
        for name, unit in HOSTILE_UNITS.items():
            small = (unit * (args.size // len(unit) + 1))[: args.size] + TAIL
            large = (unit * (4 * args.size // len(unit) + 1))[: 4 * args.size] + TAIL
            t_small, t_large = time_scan(pattern, small, args.runs), time_scan(pattern, large, args.runs)
            results.append((t_large, t_small, name, pattern.pattern))
    results.sort(reverse=True)
    print(f"{len(patterns)} patterns x {len(HOSTILE_UNITS)} hostile lines of {args.size:,} and {4 * args.size:,} chars")
    print(f"{'ms @4N':>9} {'ms @N':>8} {'growth':>7}  input / pattern")
    for t_large, t_small, name, text in results[: args.top]:
        growth = t_large / t_small if t_small > 0.001 else float("nan")
        print(f"{t_large:9.2f} {t_small:8.2f} {growth:6.1f}x  {name}: {text[:90]}")


if __name__ == "__main__":
    main()
