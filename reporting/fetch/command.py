"""`termsheet fetch`: the arguments made a request, the run shown as it goes, and its summary.

Lines about single filings (progress, failures) go to stderr; the closing summary to
stdout. Exit codes as `termsheet render`: 0 all fetched or already there, 1 some filings
failed, 2 bad arguments, no User-Agent, or nothing fetched.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

from reporting.fetch import edgar, run, store
from reporting.fetch.edgar import Window
from reporting.fetch.gateway import EdgarGateway
from reporting.fetch.run import FAILED, OTHER_SERIES, PRESENT, SAVED, SKIPPED, FetchRequest, FetchResult, Outcome
from reporting.model.names import series_key

USER_AGENT_VARIABLE = "TERMSHEET_EDGAR_USER_AGENT"
MIRROR_VARIABLE = "TERMSHEET_EDGAR_MIRROR"
EXIT_BAD_INPUT = 2

NEEDS_USER_AGENT = (
    "EDGAR refuses programs that do not declare who runs them: give your name and e-mail address "
    f'with --user-agent "Jane Doe jane@example.com" or {USER_AGENT_VARIABLE}'
)


@dataclass(frozen=True)
class FetchArguments:
    """What `termsheet fetch` was asked for, as the command line gives it."""

    targets: tuple[str, ...] = ()  # series, accession numbers or EDGAR Archives URLs
    everything: bool = False  # --all
    start: date | None = None
    end: date | None = None
    ciks: tuple[int, ...] = ()  # none: CMSI's own
    out: Path = Path("filings")
    user_agent: str | None = None  # else TERMSHEET_EDGAR_USER_AGENT
    refresh: bool = False  # read the index again even if cached today


class ArgumentProblem(ValueError):
    """Arguments or settings that cannot start a run; the message is the one line to print."""


def fetch_command(args: FetchArguments) -> int:
    try:
        request, gateway = prepare(args)
    except ArgumentProblem as problem:
        return _error(str(problem))
    filings, failures = run.plan(request, gateway)
    result = FetchResult(outcomes=list(failures))
    for failure in failures:
        print(f"failed   {failure.name}: {failure.detail}", file=sys.stderr)
    if len(filings) == 1 and filings[0].explicit and not failures:
        return _one_filing(request, gateway, filings, result)
    progress = FetchProgress(len(filings))
    try:
        run.run_fetch(request, gateway, filings, on_outcome=progress, result=result)
    finally:
        progress.close()
    for line in summary_lines(result, request, gateway):
        print(line)
    return result.exit_code


def prepare(args: FetchArguments) -> tuple[FetchRequest, EdgarGateway]:
    """The request and the gateway; ArgumentProblem before any request is made."""
    try:
        user_agent = edgar.check_user_agent(args.user_agent or os.environ.get(USER_AGENT_VARIABLE))
    except ValueError as error:
        raise ArgumentProblem(f"{error}. {NEEDS_USER_AGENT}") from None
    mirror = os.environ.get(MIRROR_VARIABLE, "").strip() or None
    if mirror is not None:
        try:
            mirror = edgar.check_mirror(mirror)
        except ValueError as error:
            raise ArgumentProblem(f"{MIRROR_VARIABLE}: {error}") from None
    try:
        targets = edgar.parse_targets(args.targets, mirror)
    except edgar.TargetError as error:
        raise ArgumentProblem(str(error)) from None
    request = FetchRequest(
        series=targets.series,
        accessions=targets.accessions,
        everything=args.everything,
        window=Window(args.start, args.end),
        ciks=tuple(dict.fromkeys(args.ciks or [edgar.CMSI_CIK])),
        out=Path(args.out),
    )
    _check_request(request)
    gateway = EdgarGateway(user_agent, mirror, cache_dir=request.out / store.CACHE_DIR, refresh=args.refresh)
    return request, gateway


def _check_request(request: FetchRequest) -> None:
    if request.everything and request.series:
        raise ArgumentProblem("--all fetches every series: give series or --all, not both")
    if not request.lists and not request.accessions:
        raise ArgumentProblem(
            "say what to fetch: a series (2004-3), an accession number, an EDGAR URL, --from/--to, or --all"
        )
    start, end = request.window.start, request.window.end
    if start and end and start > end:
        raise ArgumentProblem(f"--from {start} is after --to {end}")
    if request.out.exists() and not request.out.is_dir():
        raise ArgumentProblem(f"{request.out}: not a folder")


def _one_filing(request: FetchRequest, gateway: EdgarGateway, filings, result: FetchResult) -> int:
    """One filing named: its outcome is the one line, as `termsheet render FILE` does."""
    run.run_fetch(request, gateway, filings, result=result)
    if result.interrupted:
        print("termsheet: interrupted", file=sys.stderr)
        return result.exit_code
    outcome = result.outcomes[-1]
    if outcome.status in (FAILED, SKIPPED):
        return _error(f"{outcome.name}: {outcome.detail}")
    print(f"{_verb(outcome)} {request.out / outcome.detail}{_marks(outcome)}")
    print(_next_step(request))
    return result.exit_code


def _error(message: str) -> int:
    print(f"termsheet: error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


# --- progress --------------------------------------------------------------------------------


class FetchProgress:
    """A progress bar on a terminal (and a line for each failure); a line per filing otherwise."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.bar = None
        if total > 1 and hasattr(self.stream, "isatty") and self.stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, file=self.stream, unit="filing", dynamic_ncols=True)

    def __call__(self, outcome: Outcome) -> None:
        if self.bar is None:
            print(outcome_line(outcome), file=self.stream, flush=True)
            return
        if outcome.status == FAILED:
            self.bar.write(outcome_line(outcome), file=self.stream)
        self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def outcome_line(outcome: Outcome) -> str:
    """ "saved    0000811785-04-000040  8-K    2004-05-07  cmsi-2004-3/term-sheet-....txt" """
    filing = outcome.filing
    form = (filing.form if filing else "") or "?"
    filed = filing.filing_date.isoformat() if filing and filing.filing_date else "?"
    return f"{outcome.status:<8} {outcome.name}  {form:<5}  {filed:<10}  {outcome.detail}{_marks(outcome)}"


def _marks(outcome: Outcome) -> str:
    return "  (amendment)" if outcome.filing and outcome.filing.amendment and outcome.status in (SAVED, PRESENT) else ""


def _verb(outcome: Outcome) -> str:
    return {SAVED: "Saved", PRESENT: "Already saved:"}.get(outcome.status, outcome.status)


# --- the summary ------------------------------------------------------------------------------


def summary_lines(result: FetchResult, request: FetchRequest, gateway: EdgarGateway) -> list[str]:
    saved, present = result.count(SAVED), result.count(PRESENT)
    amended = sum(1 for o in result.outcomes if o.status == SAVED and o.filing and o.filing.amendment)
    lines = [
        f"fetched {saved} pool description{'s' if saved != 1 else ''}"
        + (f" ({amended} amendment{'s' if amended != 1 else ''})" if amended else "")
        + f" into {request.out}; {present} already there"
    ]
    skipped = result.count(SKIPPED)
    if skipped:
        lines.append(
            f"skipped {skipped} 8-K{'s' if skipped != 1 else ''} that are not pool descriptions: "
            f"{result.count(SKIPPED, run.BY_INDEX)} told by the EDGAR index, {result.count(SKIPPED, run.BY_TEXT)} by reading them"
        )
    if others := result.count(OTHER_SERIES):
        lines.append(f"left {others} pool description{'s' if others != 1 else ''} of other series alone")
    failed = [o for o in result.outcomes if o.status == FAILED]
    if failed:
        lines.append(f"failed {len(failed)}:")
        width = max(len(o.name) for o in failed)
        lines += [f"  {o.name:<{width}}  {o.detail}" for o in failed]
    if result.interrupted:
        lines.append("interrupted: what was saved is whole; run the same command again to go on")
    lines += [pair.line() for pair in _pairs(result, request)]
    source = f" (mirror {gateway.mirror})" if gateway.mirror else ""
    lines.append(f"{gateway.requests} request{'s' if gateway.requests != 1 else ''} to EDGAR{source}")
    if saved + present:
        lines.append(_next_step(request))
    elif not failed:
        lines.append(f"nothing fetched: no pool description {_where_asked(request)}")
    return lines


def _pairs(result: FetchResult, request: FetchRequest) -> list[edgar.SeriesPair]:
    """Per series asked (or found), whether its term sheet and detailed description are in OUT."""
    found = [o.saved for o in result.outcomes if o.status in (SAVED, PRESENT) and o.saved]
    series = {series_key(f.series) for f in found} | set(request.series)
    on_disk = [f for f in store.saved_filings(request.out).values() if series_key(f.series) in series]
    return edgar.pair_series(on_disk, request.series)


def _where_asked(request: FetchRequest) -> str:
    what = f"of series {', '.join(request.series)} " if request.series else ""
    start, end = request.window.start, request.window.end
    dates = f"filed {start or 'ever'} to {end or 'today'} " if start or end else ""
    ciks = ", ".join(f"{c:010d}" for c in request.ciks)
    return f"{what}{dates}among the 8-Ks of CIK {ciks}"


def _next_step(request: FetchRequest) -> str:
    return f"next: termsheet render {request.out}"
