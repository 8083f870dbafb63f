"""Batch: render many filings in parallel worker processes, resumably.

The parent process stays light: it finds the filings, decides which are unchanged
since the last run (a manifest of content hashes in the output folder), hands the
rest to a pool of worker processes, and reports. Each worker imports the heavy
libraries once, ignores Ctrl-C (the parent decides when to stop), and writes every
file atomically, so an interrupted run leaves only whole files behind.
"""

from __future__ import annotations

import hashlib
import html
import os
import resource
import signal
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from pathlib import Path

from reporting.batch.manifest import MANIFEST_NAME, Manifest
from reporting.deliver.formats import wants_shelf
from reporting.deliver.index import write_index
from reporting.deliver.mail import EmailOptions
from reporting.deliver.shelf import SHELF_FILES, ShelfFiles, write_shelf
from reporting.errors import FilingError
from reporting.model.index import IndexEntry
from reporting.model.names import deal_stem, safe_stem
from reporting.pipeline import RenderOptions, render_filing
from reporting.read.parse import series_of

FILING_SUFFIXES = (".txt", ".htm", ".html")
__all__ = ["MANIFEST_NAME", "BatchResult", "DealOutcome", "discover", "run_batch"]


@dataclass(frozen=True)
class DealOutcome:
    source: str
    status: str  # "rendered", "skipped" or "failed"
    reason: str | None = None  # why it failed, one line
    warning: str | None = None  # e.g. failed reconciliation checks
    entry: IndexEntry | None = None
    sha256: str | None = None
    worker_pid: int | None = None
    worker_peak_kib: int | None = None  # the worker's peak resident memory so far


@dataclass
class BatchResult:
    outcomes: list[DealOutcome] = field(default_factory=list)
    interrupted: bool = False
    shelf: ShelfFiles | None = None  # OUT/shelf.csv and OUT/shelf.xlsx, when a data format was asked
    shelf_error: str | None = None  # why they could not be written

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 130
        return 1 if self.count("failed") else 0


class BatchArgumentError(ValueError):
    """A path given on the command line that does not exist (exit code 2)."""


# --- finding filings -------------------------------------------------------------------


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and every *.txt/*.htm/*.html below each folder, sorted, once each."""
    found: dict[Path, None] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in FILING_SUFFIXES and not child.name.startswith("."):
                    found.setdefault(child.resolve(), None)
        elif path.exists() or path.is_symlink():
            found.setdefault(path.resolve(), None)
        else:
            raise BatchArgumentError(f"{raw}: no such file or folder")
    return list(found)


def file_sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None  # the worker reports why it cannot be read


# --- the worker -------------------------------------------------------------------------------


def _worker_init() -> None:
    """Runs once per worker: Ctrl-C is the parent's to handle; heavy imports happen here, once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    import weasyprint  # noqa: F401  (the PDF layout engine, the slowest import of all)

    import reporting.derive.summary  # noqa: F401  (pandas)
    import reporting.present.charts  # noqa: F401  (matplotlib)
    import reporting.present.templating  # noqa: F401  (Jinja)


def render_one(source: str, out_dir: str, options: RenderOptions, stem: str) -> DealOutcome:
    """The pipeline for one filing in a worker; every expected failure becomes a one-line reason."""
    sha256 = file_sha256(Path(source))
    try:
        rendered = render_filing(source, Path(out_dir), options, stem)
    except FilingError as error:
        return _outcome(source, "failed", reason=error.problem, sha256=sha256)
    except Exception as error:  # a bug in one deal must not stop the others
        return _outcome(source, "failed", reason=f"internal error: {type(error).__name__}: {error}", sha256=sha256)
    return _outcome(source, "rendered", warning=rendered.warning, entry=rendered.entry, sha256=sha256)


def _outcome(source: str, status: str, **kwargs: object) -> DealOutcome:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return DealOutcome(source, status, worker_pid=os.getpid(), worker_peak_kib=peak, **kwargs)  # type: ignore[arg-type]


# --- running a batch --------------------------------------------------------------------------


def run_batch(
    paths: Sequence[str | Path],
    out_dir: Path,
    formats: Sequence[str],
    jobs: int = 1,
    force: bool = False,
    paper: str = "letter",
    email: EmailOptions | None = None,
    on_outcome: Callable[[DealOutcome], None] | None = None,
) -> BatchResult:
    """Render every filing under ``paths`` into ``out_dir``; one bad filing never stops the rest."""
    sources = discover(paths)
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_partial_files(out_dir)
    manifest = Manifest.load(out_dir)
    result = BatchResult()
    notify = on_outcome or (lambda outcome: None)
    # A batch asked for data (xlsx, csv, parquet) also writes the shelf files, built from each
    # deal's long table: every deal writes it ("csv"), so the shelf never reads a filing twice.
    shelf = wants_shelf(formats)
    formats = tuple(formats) + (("csv",) if shelf and "csv" not in formats else ())
    options = RenderOptions(formats, paper, email or EmailOptions())

    # Options that change what is written: a deal rendered with others is rendered again.
    settings = repr((options.paper, options.email))
    todo: list[Path] = []
    for source in sources:
        sha256 = file_sha256(source)
        if not force and manifest.is_current(source, sha256, list(formats), settings, out_dir):
            outcome = DealOutcome(str(source), "skipped", entry=manifest.entry(source), sha256=sha256)
            result.outcomes.append(outcome)
            notify(outcome)
        else:
            todo.append(source)

    stems = assign_stems(todo, manifest)
    # One deal alone leaves a core idle: its PDF is laid out in two parts at once. With
    # more deals, each worker keeps its own core busy.
    if len(todo) == 1 and usable_cpus() >= 2:
        options = replace(options, two_parts=True)
    try:
        for outcome in _run_pool(todo, stems, out_dir, options, jobs):
            if outcome.status == "rendered" and outcome.entry is not None:
                manifest.record(outcome.source, outcome.sha256, outcome.entry, settings)
            result.outcomes.append(outcome)
            notify(outcome)
    except KeyboardInterrupt:
        result.interrupted = True
    finally:
        manifest.save()
        remove_partial_files(out_dir)
    # The shelf is rebuilt when a deal was rendered (or it is not there): a run that skipped every deal leaves it be.
    if shelf and not result.count("rendered") and all((out_dir / name).is_file() for name in SHELF_FILES):
        result.shelf = ShelfFiles([out_dir / name for name in SHELF_FILES], unchanged=True)
    elif shelf:
        try:
            result.shelf = write_shelf(out_dir, manifest.entries())
        except OSError as error:
            result.shelf_error = f"cannot write the shelf files: {error.strerror or error}"
    write_index(out_dir, manifest.entries())
    return result


# WeasyPrint keeps about half a MiB per document it lays out (measured: plain
# weasyprint.HTML().write_pdf() grows the same), so a long-lived worker grows
# without bound. Each worker renders at most this many deals and is then replaced:
# growth stays under about 7% of a worker's ~180 MiB. (ProcessPoolExecutor's own
# max_tasks_per_child deadlocks on Python 3.11, cpython gh-115634, so the batch
# runs in chunks, a fresh pool for each.)
DEALS_PER_WORKER = 25


def _run_pool(
    todo: list[Path], stems: dict[Path, str], out_dir: Path, options: RenderOptions, jobs: int
) -> Iterable[DealOutcome]:
    def task(source: Path) -> tuple:
        return (render_one, str(source), str(out_dir), options, stems[source])

    chunk = DEALS_PER_WORKER * max(1, jobs)
    for start in range(0, len(todo), chunk):
        yield from _run_chunk(todo[start : start + chunk], jobs, task)


def usable_cpus() -> int:
    """The CPUs this process may run on (a container or taskset may allow fewer than the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _run_chunk(sources: list[Path], jobs: int, task: Callable[[Path], tuple]) -> Iterable[DealOutcome]:
    """One pool of fresh workers for a slice of the batch; ``task`` gives each source's call."""
    pool = ProcessPoolExecutor(max_workers=max(1, min(jobs, len(sources))), initializer=_worker_init)
    pending: set[Future[DealOutcome]] = set()
    queue = list(sources)
    try:
        # Keep only a few deals in flight per worker, so Ctrl-C has little to cancel.
        while queue or pending:
            while queue and len(pending) < 2 * jobs:
                pending.add(pool.submit(*task(queue.pop(0))))
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
    except KeyboardInterrupt:
        # Workers ignore SIGINT and finish the deal in hand; nothing new starts.
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def peek_series(path: Path) -> str | None:
    """The series from the cover page, read cheaply in the parent to name the folder."""
    try:
        with path.open("rb") as stream:
            head = stream.read(64 * 1024).decode("latin-1")
    except OSError:
        return None
    return series_of(html.unescape(head))


def assign_stems(sources: list[Path], manifest: Manifest) -> dict[Path, str]:
    """One output folder per source, decided before any worker starts.

    Folders are named after the series ("cmsi-2004-3"). Two filings of one series
    (a term sheet and the detailed description, or copies) would overwrite each
    other, so a source that is not the first to claim a folder gets its file
    name appended ("cmsi-2004-3-term-sheet-copy").
    """
    taken = manifest.stems_in_use()
    stems: dict[Path, str] = {}
    for source in sources:
        stem = unique_stem(deal_stem(peek_series(source), str(source)), str(source), taken)
        taken[stem] = str(source)
        stems[source] = stem
    return stems


def remove_partial_files(out_dir: Path) -> None:
    """Temporary files of writes that a killed process never finished."""
    for partial in out_dir.rglob(".*.part"):
        partial.unlink(missing_ok=True)


def unique_stem(stem: str, source: str, taken: dict[str, str]) -> str:
    """``stem``, or ``stem-<file name>`` when another source already renders into ``stem``."""
    owner = taken.get(stem)
    if owner is None or owner == source:
        return stem
    return f"{stem}-{safe_stem(Path(source).stem)}"
