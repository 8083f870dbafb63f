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
import json
import os
import resource
import signal
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path

from reporting import __version__
from reporting.deliver.files import atomic_write, deal_stem, safe_stem
from reporting.errors import FilingError
from reporting.read.parse import series_of

FILING_SUFFIXES = (".txt", ".htm", ".html")
MANIFEST_NAME = ".termsheet-manifest.json"


@dataclass(frozen=True)
class IndexEntry:
    """What the index page shows for one deal."""

    stem: str
    series: str | None
    kind: str | None
    date_of_report: str | None
    aggregate_balance: float | None
    loan_count: int | None
    wac: float | None
    wam_months: float | None
    wa_ltv: float | None
    california_share: float | None
    checks_passed: int
    checks_total: int
    outputs: dict[str, str]  # format -> path relative to the output folder


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


# --- the manifest: what was rendered from what -------------------------------------------


@dataclass
class Manifest:
    """Per source file: its content hash, the tool version, the formats and the index entry."""

    path: Path
    deals: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, out_dir: Path) -> Manifest:
        path = out_dir / MANIFEST_NAME
        try:
            data = json.loads(path.read_text())
            deals = data.get("deals", {}) if isinstance(data, dict) else {}
        except (OSError, ValueError):
            deals = {}  # no manifest, or a damaged one: render everything again
        return cls(path, deals)

    def is_current(
        self, source: Path, sha256: str | None, formats: Sequence[str], settings: str, out_dir: Path
    ) -> bool:
        record = self.deals.get(str(source))
        if not record or sha256 is None:
            return False
        entry = record.get("entry") or {}
        outputs = entry.get("outputs", {})
        return (
            record.get("sha256") == sha256
            and record.get("tool_version") == __version__
            and record.get("settings") == settings
            and set(formats) <= set(outputs)
            and all((out_dir / outputs[f]).is_file() for f in formats)
        )

    def entry(self, source: Path) -> IndexEntry | None:
        record = self.deals.get(str(source))
        return IndexEntry(**record["entry"]) if record and record.get("entry") else None

    def record(self, outcome: DealOutcome, settings: str) -> None:
        if outcome.status == "rendered" and outcome.entry is not None:
            self.deals[outcome.source] = {
                "sha256": outcome.sha256,
                "tool_version": __version__,
                "settings": settings,
                "entry": asdict(outcome.entry),
            }

    def stems_in_use(self) -> dict[str, str]:
        return {rec["entry"]["stem"]: source for source, rec in self.deals.items() if rec.get("entry")}

    def save(self) -> None:
        atomic_write(
            self.path, json.dumps({"tool_version": __version__, "deals": self.deals}, indent=1, sort_keys=True)
        )


# --- the worker -------------------------------------------------------------------------------


def _worker_init() -> None:
    """Runs once per worker: Ctrl-C is the parent's to handle; heavy imports happen here, once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    import weasyprint  # noqa: F401  (the PDF layout engine, the slowest import of all)

    import reporting.deliver.deal_files  # noqa: F401  (pandas, Jinja)
    import reporting.present.charts  # noqa: F401  (matplotlib)


def render_one(
    source: str, out_dir: str, formats: tuple[str, ...], stem: str, paper: str, email=None, two_parts: bool = False
) -> DealOutcome:
    """Parse and render one filing; every expected failure becomes a one-line reason.

    ``two_parts``: lay a long PDF out on two cores (reporting/pdf_parts.py).
    """
    from reporting.pipeline import load_deal

    sha256 = file_sha256(Path(source))
    try:
        deal = load_deal(source)
        outputs = write_outputs(deal, Path(out_dir), formats, stem, paper, email, two_parts)
    except FilingError as error:
        return _outcome(source, "failed", reason=error.problem, sha256=sha256)
    except Exception as error:  # a bug in one deal must not stop the others
        return _outcome(source, "failed", reason=f"internal error: {type(error).__name__}: {error}", sha256=sha256)
    failed = [c for c in deal.checks if not c.passed]
    warning = f"{len(failed)} of {len(deal.checks)} reconciliation checks failed" if failed else None
    if deal.missing:
        missing = f"missing {', '.join(deal.missing)}"
        warning = f"{warning}; {missing}" if warning else missing
    entry = index_entry(deal, stem, {fmt: str(path.relative_to(out_dir)) for fmt, path in outputs.items()})
    return _outcome(source, "rendered", warning=warning, entry=entry, sha256=sha256)


def _outcome(source: str, status: str, **kwargs: object) -> DealOutcome:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return DealOutcome(source, status, worker_pid=os.getpid(), worker_peak_kib=peak, **kwargs)  # type: ignore[arg-type]


def write_outputs(
    deal, out_dir: Path, formats: Sequence[str], stem: str, paper: str, email=None, two_parts: bool = False
) -> dict[str, Path]:
    """Write every requested format of one deal; returns format -> file written."""
    written: dict[str, Path] = {}
    if "json" in formats:
        from reporting.present.jsonio import deal_to_json

        written["json"] = atomic_write(out_dir / stem / f"{stem}-deal.json", deal_to_json(deal))
    rendered = [f for f in formats if f != "json"]
    if rendered:
        from reporting.deliver.deal_files import render_deal

        for path in render_deal(deal, out_dir, rendered, paper=paper, stem=stem, email=email, two_parts=two_parts):
            written[_format_of(path)] = path
    return written


def _format_of(path: Path) -> str:
    """The output kind of a written file, as the manifest and the index name it."""
    if path.name.endswith("-email.html"):
        return "email-preview"  # the .eml's body with images inlined, to open in a browser
    return {".pdf": "pdf", ".html": "html", ".eml": "email"}.get(path.suffix, path.suffix.lstrip("."))


def index_entry(deal, stem: str, outputs: dict[str, str]) -> IndexEntry:
    pool = deal.whole_deal
    return IndexEntry(
        stem=stem,
        series=deal.series,
        kind=deal.kind.value if deal.kind else None,
        date_of_report=deal.date_of_report.isoformat() if deal.date_of_report else None,
        aggregate_balance=pool.aggregate_balance if pool else None,
        loan_count=pool.loan_count if pool else None,
        wac=pool.wac if pool else None,
        wam_months=pool.wam_months if pool else None,
        wa_ltv=pool.wa_ltv if pool else None,
        california_share=_california_share(deal),
        checks_passed=sum(1 for c in deal.checks if c.passed),
        checks_total=len(deal.checks),
        outputs=outputs,
    )


def _california_share(deal) -> float | None:
    """California's share of the whole deal's balance, from its state table."""
    from reporting.derive.summary import summarise

    geography = summarise(deal).geography
    return geography.california_share if geography and geography.pool.name == "all" else None


# --- running a batch --------------------------------------------------------------------------


def run_batch(
    paths: Sequence[str | Path],
    out_dir: Path,
    formats: Sequence[str],
    jobs: int = 1,
    force: bool = False,
    paper: str = "letter",
    email=None,  # reporting.deliver.deal_files.EmailOptions for the "email" format
    on_outcome: Callable[[DealOutcome], None] | None = None,
) -> BatchResult:
    """Render every filing under ``paths`` into ``out_dir``; one bad filing never stops the rest."""
    sources = discover(paths)
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_partial_files(out_dir)
    manifest = Manifest.load(out_dir)
    result = BatchResult()
    notify = on_outcome or (lambda outcome: None)

    # Options that change what is written: a deal rendered with others is rendered again.
    settings = repr((paper, email))
    todo: list[tuple[Path, str | None]] = []
    for source in sources:
        sha256 = file_sha256(source)
        if not force and manifest.is_current(source, sha256, formats, settings, out_dir):
            outcome = DealOutcome(str(source), "skipped", entry=manifest.entry(source), sha256=sha256)
            result.outcomes.append(outcome)
            notify(outcome)
        else:
            todo.append((source, sha256))

    stems = assign_stems([s for s, _ in todo], manifest)
    try:
        for outcome in _run_pool(todo, stems, out_dir, tuple(formats), jobs, paper, email):
            manifest.record(outcome, settings)
            result.outcomes.append(outcome)
            notify(outcome)
    except KeyboardInterrupt:
        result.interrupted = True
    finally:
        manifest.save()
        remove_partial_files(out_dir)
    write_index(out_dir, manifest)
    return result


# WeasyPrint keeps about half a MiB per document it lays out (measured: plain
# weasyprint.HTML().write_pdf() grows the same), so a long-lived worker grows
# without bound. Each worker renders at most this many deals and is then replaced:
# growth stays under about 7% of a worker's ~180 MiB. (ProcessPoolExecutor's own
# max_tasks_per_child deadlocks on Python 3.11, cpython gh-115634, so the batch
# runs in chunks, a fresh pool for each.)
DEALS_PER_WORKER = 25


def _run_pool(
    todo: list[tuple[Path, str | None]],
    stems: dict[Path, str],
    out_dir: Path,
    formats: tuple[str, ...],
    jobs: int,
    paper: str,
    email,
) -> Iterable[DealOutcome]:
    # One deal alone leaves a core idle: its PDF is laid out in two parts at once. With
    # more deals, each worker keeps its own core busy.
    two_parts = len(todo) == 1 and usable_cpus() >= 2

    def task(source: Path) -> tuple:
        return (render_one, str(source), str(out_dir), formats, stems[source], paper, email, two_parts)

    chunk = DEALS_PER_WORKER * max(1, jobs)
    for start in range(0, len(todo), chunk):
        yield from _run_chunk([source for source, _ in todo[start : start + chunk]], jobs, task)


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


# --- reporting progress to the terminal -------------------------------------------------------


class ConsoleProgress:
    """A progress bar on a terminal; one plain line per deal otherwise (or with --quiet, only problems)."""

    def __init__(self, total: int, quiet: bool = False, verbose: bool = False, stream=None) -> None:
        import sys

        self.stream = stream or sys.stderr
        self.quiet, self.verbose = quiet, verbose
        self.bar = None
        if not quiet and total > 1 and hasattr(self.stream, "isatty") and self.stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, file=self.stream, unit="deal", dynamic_ncols=True)

    def __call__(self, outcome: DealOutcome) -> None:
        name = Path(outcome.source).name
        lines: list[str] = []
        if outcome.status == "failed":
            lines.append(f"failed   {name}: {outcome.reason}")
        elif outcome.warning:
            lines.append(f"warning  {name}: {outcome.warning}")
        if not self.quiet and (self.bar is None or self.verbose) and outcome.status != "failed":
            lines.insert(0, f"{outcome.status:8} {name}" + (f" -> {outcome.entry.stem}/" if outcome.entry else ""))
        for line in lines:
            if self.bar is not None:
                self.bar.write(line, file=self.stream)
            else:
                print(line, file=self.stream, flush=True)
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def summary_lines(result: BatchResult, out_dir: Path) -> list[str]:
    """The closing summary: counts, then every failure with its one-line reason."""
    lines = [
        f"rendered {result.count('rendered')}, skipped {result.count('skipped')} (unchanged), "
        f"failed {result.count('failed')}" + (" - interrupted, the rest was not started" if result.interrupted else ""),
    ]
    failed = [o for o in result.outcomes if o.status == "failed"]
    if failed:
        width = max(len(Path(o.source).name) for o in failed)
        lines += [f"  {Path(o.source).name:<{width}}  {o.reason}" for o in failed]
    lines.append(f"index: {out_dir / 'index.html'}")
    return lines


# --- the index page -------------------------------------------------------------------------------


def write_index(out_dir: Path, manifest: Manifest) -> Path:
    """output/index.html: every deal the manifest says is in this folder, newest report first."""
    from datetime import UTC, date, datetime

    from reporting.present.templating import environment

    entries = [IndexEntry(**record["entry"]) for record in manifest.deals.values() if record.get("entry")]
    entries = [e for e in entries if any((out_dir / path).is_file() for path in e.outputs.values())]
    entries.sort(key=lambda e: (e.date_of_report or "", e.stem), reverse=True)
    # Deal-to-deal diffs written into this folder by `termsheet diff`, newest first.
    diffs = sorted(out_dir.glob("diff/*-vs-*.html"), key=lambda p: p.stat().st_mtime, reverse=True)
    html = (
        environment()
        .get_template("index.html.j2")
        .render(
            entries=entries,
            reported={e.stem: date.fromisoformat(e.date_of_report) if e.date_of_report else None for e in entries},
            diffs=[(p.relative_to(out_dir).as_posix(), _diff_title(p.stem)) for p in diffs],
            folder_name=out_dir.resolve().name,
            generated_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            medium="html",
        )
    )
    return atomic_write(out_dir / "index.html", html)


def _diff_title(stem: str) -> str:
    """ "cmsi-2004-3-vs-cmsi-2004-8" -> "CMSI 2004-3 vs CMSI 2004-8"."""
    names = [f"CMSI {part[5:].upper()}" if part.startswith("cmsi-") else part for part in stem.split("-vs-")]
    return " vs ".join(names)
