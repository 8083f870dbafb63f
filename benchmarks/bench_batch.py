"""Batch throughput and worker memory: N copies of the samples with --jobs 1 and --jobs 2.

    python benchmarks/bench_batch.py [--deals 200] [--format pdf,html]

Prints deals per minute for each job count, the speed-up of 2 jobs over 1 (both
measured in this one run), and the workers' peak resident memory at deal 20 and at
the last deal (workers are replaced every DEALS_PER_WORKER deals; see batch.py). Targets (issue 6): speed-up
at least 1.7 on a 2-core machine; per-worker peak memory flat (within 10%) from
deal 20 to deal 200, i.e. no figures or documents leak between deals.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from reporting.batch.run import DEALS_PER_WORKER, DealOutcome, run_batch
from reporting.samples import sample_paths


def make_copies(folder: Path, count: int) -> None:
    """``count`` filings under different names, alternating the two samples."""
    samples = sample_paths()
    for number in range(count):
        shutil.copy(samples[number % len(samples)], folder / f"deal-{number:04d}.txt")


def run(folder: Path, formats: list[str], jobs: int) -> tuple[float, list[DealOutcome]]:
    outcomes: list[DealOutcome] = []
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        result = run_batch([folder], Path(out), formats, jobs=jobs, force=True, on_outcome=outcomes.append)
        elapsed = time.perf_counter() - start
    failed = result.count("failed")
    if failed:
        raise SystemExit(f"{failed} deals failed; the benchmark needs every deal to render")
    return elapsed, outcomes


def worker_memory(outcomes: list[DealOutcome]) -> list[tuple[int, int, int, int]]:
    """Per worker process: deals done, peak KiB after its first deal, peak KiB after its last."""
    by_worker: dict[int, list[int]] = defaultdict(list)
    for outcome in outcomes:  # in completion order, so each worker's list is in its own order
        if outcome.worker_pid is not None and outcome.worker_peak_kib is not None:
            by_worker[outcome.worker_pid].append(outcome.worker_peak_kib)
    return [(pid, len(peaks), peaks[0], peaks[-1]) for pid, peaks in sorted(by_worker.items())]


def peak_at(outcomes: list[DealOutcome], deal: int) -> int:
    """The peak memory of the worker that finished the ``deal``-th deal of the run (1-based)."""
    return outcomes[min(deal, len(outcomes)) - 1].worker_peak_kib or 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deals", type=int, default=200)
    parser.add_argument("--format", default="pdf,html")
    args = parser.parse_args()
    formats = [f for f in args.format.split(",") if f]

    with tempfile.TemporaryDirectory() as workdir:
        folder = Path(workdir)
        make_copies(folder, args.deals)
        rates = {}
        for jobs in (1, 2):
            elapsed, outcomes = run(folder, formats, jobs)
            rates[jobs] = len(outcomes) / elapsed * 60
            print(
                f"--jobs {jobs}: {len(outcomes)} deals ({args.format}) in {elapsed:.1f} s = {rates[jobs]:.1f} deals/min"
            )
            workers = worker_memory(outcomes)
            growth = max((last - first) / first * 100 for _, _, first, last in workers)
            at_20, at_end = peak_at(outcomes, 20), peak_at(outcomes, len(outcomes))
            print(
                f"    {len(workers)} worker processes (each renders at most {DEALS_PER_WORKER} deals); "
                f"largest growth within one worker {growth:+.1f}%"
            )
            print(
                f"    worker peak RSS at deal 20: {at_20 / 1024:.0f} MiB; at deal {len(outcomes)}: "
                f"{at_end / 1024:.0f} MiB ({(at_end - at_20) / at_20 * 100:+.1f}%, target within 10%)"
            )
        print(f"speed-up of 2 jobs over 1: {rates[2] / rates[1]:.2f}x (target at least 1.7 on 2 cores)")


if __name__ == "__main__":
    main()
