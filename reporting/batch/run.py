"""Batch: render many filings in parallel worker processes, resumably.

The parent process stays light: it takes the output folder's lock (one run at a time
per folder), finds the filings, decides which are unchanged since the last run (each
deal folder's manifest), hands the rest to a pool of worker processes, and reports.
Each worker imports the heavy libraries once, ignores Ctrl-C (the parent decides when
to stop), dies with the parent, and writes every file atomically, then the deal's
manifest: an interrupted or killed run leaves only whole files, each finished deal
recorded, and the index is rebuilt from what is on disk.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import html
import importlib
import os
import resource
import signal
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

from reporting.batch.lock import folder_lock
from reporting.batch.manifest import (
    MANIFEST_NAME,
    Manifest,
    earlier_record,
    forget_deal,
    record_deal,
    remove_old_manifest,
    with_earlier_outputs,
)
from reporting.children import die_with_parent
from reporting.deliver.files import remove_temporary_files, writing
from reporting.deliver.formats import imports_for, wants_shelf
from reporting.deliver.index import write_index
from reporting.deliver.mail import EmailOptions
from reporting.deliver.shelf import SHELF_FILES, ShelfFiles, write_shelf
from reporting.errors import FilingError
from reporting.model.index import IndexEntry
from reporting.model.names import deal_stem, display_path, safe_stem
from reporting.pipeline import RenderOptions, render_filing
from reporting.read.ingest import filing_sha256, read_filing_head
from reporting.read.parse import series_of

FILING_SUFFIXES = (".txt", ".htm", ".html")
__all__ = ["MANIFEST_NAME", "BatchResult", "DealOutcome", "discover", "run_batch"]
# The index is refreshed as deals land, at most this often, so even a killed run leaves it close to the disk.
INDEX_REFRESH_SECONDS = 2.0


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

    @property
    def name(self) -> str:
        """The filing's file name, printable whatever bytes it holds."""
        return display_path(Path(self.source).name)


@dataclass
class BatchResult:
    outcomes: list[DealOutcome] = field(default_factory=list)
    interrupted: bool = False
    shelf: ShelfFiles | None = None  # OUT/shelf.csv and OUT/shelf.xlsx, when a data format was asked
    shelf_error: str | None = None  # why they could not be written
    index_error: FilingError | None = None  # the index could not be written (the deals were)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 130
        if self.index_error is not None:
            return 2
        return 1 if self.count("failed") else 0


class BatchArgumentError(ValueError):
    """A path given on the command line that does not exist, or no filing at all (exit code 2)."""


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
            raise BatchArgumentError(f"{display_path(raw)}: no such file or folder")
    return list(found)


def no_filings(paths: Iterable[str | Path]) -> BatchArgumentError:
    where = ", ".join(display_path(p) for p in paths)
    return BatchArgumentError(f"{where}: no filings found (*{', *'.join(FILING_SUFFIXES)})")


# --- the worker -------------------------------------------------------------------------------


def _worker_init(parent: int, formats: tuple[str, ...]) -> None:
    """Runs once per worker: it dies with its parent, Ctrl-C is the parent's to handle, heavy imports happen once."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    warm_imports(formats)  # nothing to do in a worker forked from a parent that did it
    gc.freeze()  # a worker of ours: what it holds now is kept until it ends anyway (see freeze_the_command)


def warm_imports(formats: Sequence[str]) -> None:
    """The heavy libraries the formats' makers use (WeasyPrint, pandas, matplotlib), imported now. The
    parent does it before its workers start: forked, they share its imports instead of each spending
    a CPU-second or more on its own. A run of JSON alone imports none of them."""
    for module in imports_for(formats):
        importlib.import_module(module)


def formats_used(formats: Sequence[str], email: EmailOptions | None) -> tuple[str, ...]:
    """The formats whose libraries a run uses: an email with the PDF attached lays the PDF out too."""
    return tuple(formats) + (("pdf",) if email is not None and email.attach_pdf else ())


def freeze_the_command(formats: Sequence[str]) -> None:
    """For the `termsheet` command's own process, never a caller's: the libraries the formats need
    imported, the garbage collected, and every object left moved out of the cycle collector's
    sight (``gc.freeze``). A deal makes hundreds of thousands of short-lived objects, and each of
    the collector's full passes walked the libraries' objects again, finding nothing to free (and,
    in a forked worker, wrote to the memory pages it shares with the parent). Batch workers freeze
    too (``_worker_init``). Measured in docs/speed.md, "The cycle collector"."""
    warm_imports(formats)
    _collect_and_freeze()


@functools.cache  # once: a second freeze would keep for good whatever the process holds by then
def _collect_and_freeze() -> None:
    gc.collect()
    gc.freeze()


def render_one(source: str, out_dir: str, options: RenderOptions, stem: str, settings: str = "") -> DealOutcome:
    """The pipeline for one filing in a worker, then the deal's manifest; every expected failure is one line.

    The deal's old manifest goes before its first file is replaced and the new one comes
    after its last is written, so a record on disk always vouches for whole, current files.
    """
    folder = Path(out_dir)
    try:
        earlier = earlier_record(folder, stem)
        rendered = render_filing(source, folder, options, stem, before_write=lambda s: forget_deal(folder, s))
        entry = with_earlier_outputs(folder, earlier, rendered.sha256, rendered.entry, settings)
        record_deal(folder, source, rendered.sha256, entry, settings)
    except FilingError as error:
        # The filing's own problem, or the output file that could not be written.
        reason = error.problem if error.path == display_path(source) else f"{error.path}: {error.problem}"
        return _outcome(source, "failed", reason=reason)
    except Exception as error:  # a bug in one deal must not stop the others
        return _outcome(source, "failed", reason=f"internal error: {type(error).__name__}: {error}")
    return _outcome(source, "rendered", warning=rendered.warning, entry=entry, sha256=rendered.sha256)


def _outcome(source: str, status: str, **kwargs: object) -> DealOutcome:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return DealOutcome(source, status, worker_pid=os.getpid(), worker_peak_kib=peak, **kwargs)  # type: ignore[arg-type]


# --- running a batch --------------------------------------------------------------------------


class _Stop:
    """Ctrl-C and SIGTERM while a batch runs: noted, not raised, so the deals in hand are finished and counted.
    A second one means at once: the workers are stopped and what they had in hand is lost (never half-written)."""

    def __init__(self) -> None:
        self.requested = False
        self.pool: ProcessPoolExecutor | None = None  # the pool at work, to stop at once

    def __call__(self, signum: int, frame: object) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True


@contextlib.contextmanager
def _stop_on_signals() -> Iterator[_Stop]:
    stop = _Stop()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    previous = {number: signal.signal(number, stop) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def run_batch(
    paths: Sequence[str | Path],
    out_dir: Path,
    formats: Sequence[str],
    jobs: int = 1,
    force: bool = False,
    paper: str = "letter",
    email: EmailOptions | None = None,
    on_outcome: Callable[[DealOutcome], None] | None = None,
    on_wait: Callable[[str], None] | None = None,
    own_process: bool = False,
) -> BatchResult:
    """Render every filing under ``paths`` into ``out_dir``; one bad filing never stops the rest.

    FilingError (one line) when the output folder cannot be written or another run holds
    it; BatchArgumentError when a path does not exist or there is no filing at all.

    ``own_process``: True only from the `termsheet` command, whose process this is: once a
    deal is to be rendered, the libraries it imports are frozen (``freeze_the_command``).
    A caller's own process is never frozen. A run with nothing to render (every filing
    unchanged, or refused before reading: not a regular file, too large) imports nothing.
    """
    sources = discover(paths)
    if not sources:
        raise no_filings(paths)
    with writing(out_dir):
        out_dir.mkdir(parents=True, exist_ok=True)
    with folder_lock(out_dir, on_wait=on_wait), _stop_on_signals() as stop:
        return _run_locked(sources, out_dir, formats, jobs, force, paper, email, on_outcome, stop, own_process)


def _write_shelf(result: BatchResult, out_dir: Path, shelf: bool) -> None:
    """OUT/shelf.csv and OUT/shelf.xlsx from every deal's long table on disk; rebuilt only when a deal was
    rendered (a run that skipped every deal leaves the last run's be)."""
    if not shelf:
        return
    if not result.count("rendered") and all((out_dir / name).is_file() for name in SHELF_FILES):
        result.shelf = ShelfFiles([out_dir / name for name in SHELF_FILES], unchanged=True)
        return
    try:
        result.shelf = write_shelf(out_dir, Manifest.load(out_dir).entries())
    except OSError as error:
        result.shelf_error = f"cannot write the shelf files: {error.strerror or error}"


def _run_locked(
    sources: list[Path],
    out_dir: Path,
    formats: Sequence[str],
    jobs: int,
    force: bool,
    paper: str,
    email: EmailOptions | None,
    on_outcome: Callable[[DealOutcome], None] | None,
    stop: _Stop,
    own_process: bool,
) -> BatchResult:
    remove_temporary_files(out_dir)
    remove_old_manifest(out_dir)
    manifest = Manifest.load(out_dir)
    result = BatchResult()
    index = _IndexRefresh(out_dir, result)
    # A batch asked for data (xlsx, csv, parquet) also writes the shelf files, built from each
    # deal's long table: every deal writes it ("csv"), so the shelf never reads a filing twice.
    shelf = wants_shelf(formats)
    formats = tuple(formats) + (("csv",) if shelf and "csv" not in formats else ())
    options = RenderOptions(formats, paper, email or EmailOptions())

    def land(outcome: DealOutcome) -> None:
        result.outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
        if outcome.status == "rendered":
            index.maybe()

    # Options that change what is written: a deal rendered with others is rendered again.
    settings = repr((options.paper, options.email))
    todo: dict[Path, str] = {}  # source -> the SHA-256 the parent read
    runner: Generator[DealOutcome, None, None] | None = None
    try:
        for source in sources:
            if stop.requested:
                break
            try:
                sha256 = filing_sha256(source)
            except FilingError as error:  # not a regular file, too large, unreadable: no worker needed to say so
                land(DealOutcome(str(source), "failed", reason=error.problem))
                continue
            if not force and manifest.is_current(source, sha256, list(formats), settings):
                land(DealOutcome(str(source), "skipped", entry=manifest.entry(source), sha256=sha256))
            else:
                todo[source] = sha256

        stems = assign_stems(list(todo), manifest)
        # One deal alone leaves a core idle: its PDF is laid out in two parts at once. With
        # more deals, each worker keeps its own core busy.
        if len(todo) == 1 and usable_cpus() >= 2:
            options = replace(options, two_parts=True)
        runner = _run_pool(list(todo), stems, out_dir, options, settings, jobs, stop, own_process)
        for outcome in runner:
            land(outcome)
    except KeyboardInterrupt:  # asked twice to stop: stopped at once
        _kill_workers(stop.pool)
        if runner is not None:
            runner.close()  # with its workers gone, its pool shuts down at once
        _count_what_landed(result, todo, Manifest.load(out_dir), list(formats), settings)
    finally:
        result.interrupted = stop.requested
        remove_temporary_files(out_dir)
        _write_shelf(result, out_dir, shelf)
        index.now()
    return result


def _count_what_landed(
    result: BatchResult, todo: dict[Path, str], on_disk: Manifest, formats: list[str], settings: str
) -> None:
    """After a stop at once: a deal whose worker wrote its files and manifest before it was stopped,
    but whose outcome never reached us, is rendered all the same: the summary says what is on disk."""
    landed = {o.source for o in result.outcomes}
    for source, sha256 in todo.items():
        if str(source) not in landed and on_disk.is_current(source, sha256, formats, settings):
            result.outcomes.append(DealOutcome(str(source), "rendered", entry=on_disk.entry(source), sha256=sha256))


class _IndexRefresh:
    """OUT/index.html rebuilt from the deal manifests on disk: as deals land (now and then) and at the end."""

    def __init__(self, out_dir: Path, result: BatchResult) -> None:
        self.out_dir, self.result = out_dir, result
        self.last = time.monotonic()

    def maybe(self) -> None:
        if time.monotonic() - self.last >= INDEX_REFRESH_SECONDS:
            self.now()

    def now(self) -> None:
        self.last = time.monotonic()
        try:
            write_index(self.out_dir, Manifest.load(self.out_dir).entries())
            self.result.index_error = None
        except FilingError as error:
            self.result.index_error = error


# WeasyPrint keeps about half a MiB per document it lays out (measured: plain
# weasyprint.HTML().write_pdf() grows the same), so a long-lived worker grows
# without bound. Each worker renders at most this many deals and is then replaced:
# growth stays under about 7% of a worker's ~180 MiB. (ProcessPoolExecutor's own
# max_tasks_per_child deadlocks on Python 3.11, cpython gh-115634, so the batch
# runs in chunks, a fresh pool for each.)
DEALS_PER_WORKER = 25


def _run_pool(
    todo: list[Path],
    stems: dict[Path, str],
    out_dir: Path,
    options: RenderOptions,
    settings: str,
    jobs: int,
    stop: _Stop,
    own_process: bool,
) -> Generator[DealOutcome, None, None]:
    def task(source: Path) -> tuple:
        return (render_one, str(source), str(out_dir), options, stems[source], settings)

    used = formats_used(options.formats, options.email)
    if todo:
        (freeze_the_command if own_process else warm_imports)(used)
    chunk = DEALS_PER_WORKER * max(1, jobs)
    for start in range(0, len(todo), chunk):
        if stop.requested:
            return
        yield from _run_chunk(todo[start : start + chunk], jobs, task, stop, used)


def usable_cpus() -> int:
    """The CPUs this process may run on (a container or taskset may allow fewer than the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


# How often the parent looks up from waiting, to notice a stop request.
_WAKE_SECONDS = 0.2


def _run_chunk(
    sources: list[Path], jobs: int, task: Callable[[Path], tuple], stop: _Stop, formats: tuple[str, ...]
) -> Iterable[DealOutcome]:
    """One pool of fresh workers for a slice of the batch; ``task`` gives each source's call.

    On a stop request nothing new is handed out and what was not started is cancelled,
    but every deal a worker has in hand is finished and its outcome reported, so the
    summary counts exactly the deals on disk. A worker that dies (killed, out of memory)
    fails the deals in flight with one line; the rest go on in a fresh pool.
    """
    queue = list(sources)
    while queue and not stop.requested:
        pool = ProcessPoolExecutor(
            max_workers=max(1, min(jobs, len(queue))),
            initializer=_worker_init,
            initargs=(os.getpid(), formats),
        )
        stop.pool = pool
        in_flight: dict[Future[DealOutcome], Path] = {}
        try:
            while queue or in_flight:
                while queue and not stop.requested and len(in_flight) < 2 * jobs:
                    in_flight[pool.submit(*task(queue[0]))] = queue[0]
                    queue.pop(0)
                if stop.requested:
                    for future in list(in_flight):
                        if future.cancel():  # not started: it stays to do
                            del in_flight[future]
                    if not in_flight:
                        break
                done, _ = wait(in_flight, timeout=_WAKE_SECONDS, return_when=FIRST_COMPLETED)
                for future in done:
                    yield _result(future, in_flight.pop(future))
        except BrokenProcessPool:  # a worker died: what it had in flight failed; a fresh pool takes the rest
            for future, source in in_flight.items():
                yield _result(future, source)
        except KeyboardInterrupt:  # asked twice to stop: the deals in hand are abandoned, their workers stopped
            _kill_workers(pool)
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _kill_workers(pool: ProcessPoolExecutor | None) -> None:
    """The pool's worker processes, stopped at once (the executor has no public way to do it)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.kill()


def _result(future: Future[DealOutcome], source: Path) -> DealOutcome:
    try:
        return future.result()
    except BrokenProcessPool:
        reason = "a worker process died while rendering it (killed, or out of memory)"
        return DealOutcome(str(source), "failed", reason=reason)


def peek_series(path: Path) -> str | None:
    """The series from the cover page, read cheaply in the parent to name the folder."""
    try:
        head = read_filing_head(path, 64 * 1024)
    except FilingError:
        return None  # the worker says why
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


def unique_stem(stem: str, source: str, taken: dict[str, str]) -> str:
    """``stem``, or ``stem-<file name>`` when another source already renders into ``stem``."""
    owner = taken.get(stem)
    if owner is None or owner == source:
        return stem
    return f"{stem}-{safe_stem(Path(source).stem)}"
