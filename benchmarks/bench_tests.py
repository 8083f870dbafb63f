"""The test suite's time: its wall clock, its CPU, and where the CPU goes, file by file.

    python benchmarks/bench_tests.py [--top 12] [PYTEST ARGS...]

Runs the suite as `make test` does (pytest -n auto --dist loadfile --no-loadscope-reorder) once, with this file
loaded in every worker as a pytest plugin that notes each test's CPU seconds: the worker's
own, and its child processes' (a `termsheet render` started by a test, a batch's worker
pool, Chromium, LibreOffice). Then prints the wall time, the total CPU, how much of the
machine's cores the run kept busy, the CPU of the costliest test files and tests, and the
wall time a run would take if the CPU stayed the same and every core were busy.

The suite is CPU-bound: most of its time is WeasyPrint laying out PDFs, matplotlib
drawing charts and Python starting `termsheet` in subprocesses. Its wall time on N cores
is about the worker start-up (each collects every test) plus its CPU divided by N.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
RECORDS = "TERMSHEET_BENCH_TESTS_DIR"  # where each worker writes its tests' CPU


# --- the plugin, in each pytest worker ------------------------------------------------------


def _cpu_seconds() -> tuple[float, float]:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


_rows: list[tuple[str, float, float]] = []  # (test, its own CPU, its child processes' CPU)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Around each test's setup, call and teardown."""
    own_before, children_before = _cpu_seconds()
    result = yield
    own, children = _cpu_seconds()
    _rows.append((item.nodeid, own - own_before, children - children_before))
    return result


def pytest_unconfigure(config):
    folder = os.environ.get(RECORDS)
    if folder and _rows:
        own, children = _cpu_seconds()
        record = {"tests": _rows, "own": own, "children": children}
        (Path(folder) / f"{os.getpid()}.json").write_text(json.dumps(record))


# --- the run and its report -----------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--top", type=int, default=12, help="how many files and tests to list")
    args, pytest_args = parser.parse_known_args()
    with tempfile.TemporaryDirectory() as folder:
        # As `make test` runs it: byte code written, so that a test module's asserts are rewritten
        # once, not in every worker on every run (a shell that sets PYTHONDONTWRITEBYTECODE would
        # add their rewriting, several CPU seconds a worker, to every measurement).
        env = {**os.environ, RECORDS: folder, "PYTHONDONTWRITEBYTECODE": ""}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "benchmarks"), env.get("PYTHONPATH")]))
        command = [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-n",
            "auto",
            "--dist",
            "loadfile",
            "--no-loadscope-reorder",
            "-p",
            "bench_tests",
        ]
        started, cpu_before = time.perf_counter(), _cpu_seconds()[1]
        done = subprocess.run([*command, *pytest_args], cwd=REPO, env=env, capture_output=True, text=True)
        wall, cpu = time.perf_counter() - started, _cpu_seconds()[1] - cpu_before
        records = [json.loads(p.read_text()) for p in Path(folder).glob("*.json")]
    print(done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr.strip()[-500:])
    report(records, wall, cpu, args.top)
    sys.exit(done.returncode)


def report(records: list[dict], wall: float, cpu: float, top: int) -> None:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    tests = [row for record in records for row in record["tests"]]
    in_tests = sum(own + children for _, own, children in tests)
    by_file: dict[str, float] = defaultdict(float)
    for nodeid, own, children in tests:
        by_file[nodeid.split("::")[0]] += own + children
    print(f"wall {wall:.1f} s on {cores} cores; CPU {cpu:.1f} s ({cpu / (wall * cores):.0%} of the cores busy)")
    in_children = sum(children for _, _, children in tests)
    print(
        f"  in the tests {in_tests:.1f} s (their child processes {in_children:.1f} s); "
        f"starting {len(records)} workers and collecting {cpu - in_tests:.1f} s"
    )
    print(f"  every core busy, the same CPU would take {cpu / cores:.1f} s; on 4 cores {cpu / 4:.1f} s")
    print(f"\nCPU by test file (the {min(top, len(by_file))} costliest of {len(by_file)}):")
    for name, seconds in sorted(by_file.items(), key=lambda item: -item[1])[:top]:
        print(f"  {seconds:6.1f} s  {name}")
    print(f"\nCPU by test (the {min(top, len(tests))} costliest of {len(tests)}):")
    for nodeid, own, children in sorted(tests, key=lambda row: -(row[1] + row[2]))[:top]:
        print(f"  {own + children:6.1f} s  {nodeid[:110]}  (in subprocesses {children:.1f} s)")


if __name__ == "__main__":
    main()
