"""What each `termsheet` command does: one function per command, called by ``cli.py`` with plain values.

Each returns the exit code. A user-facing problem raises ``FilingError`` or
``SendError`` (one line, exit code 2, printed by ``cli.main``). Heavy libraries
are imported inside the commands that need them, so `termsheet parse` starts fast.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reporting.model.names import display_path

if TYPE_CHECKING:  # smtplib and ssl load only for the commands that mail
    from reporting.deliver.mail import EmailOptions

EXIT_OK, EXIT_INCOMPLETE, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130


def email_options(sender: str | None, recipients: Sequence[str], attach_pdf: bool) -> EmailOptions:
    """--from, --to and --attach-pdf, the addresses checked (SendError: one line, nothing read or written)."""
    from reporting.deliver.mail import EmailOptions, check_addresses

    return EmailOptions(
        sender=check_addresses([sender], "--from")[0] if sender else None,
        recipients=tuple(check_addresses(recipients, "--to")),
        attach_pdf=attach_pdf,
    )


# --- parse ----------------------------------------------------------------------------


def parse(filing: str, as_json: bool = False, strict: bool = False, table: str | None = None) -> int:
    """Print the deal model (readable, or JSON), or the rows of the tables ``table`` names;
    with ``strict``, exit 1 when a check failed or a fact is missing."""
    from reporting.derive import metrics
    from reporting.pipeline import load_deal

    deal = load_deal(filing)
    if table is not None:
        return _print_tables(filing, deal, table)
    if as_json:
        from reporting.present.jsonio import deal_to_json

        print(deal_to_json(deal))
    else:
        from reporting.present.terminal import deal_summary

        print(deal_summary(deal))
    failed = [c for c in deal.checks if not c.passed]
    # With --json the output is only the JSON, even when stderr is merged into it:
    # what is missing and what failed are in the JSON itself ("missing", "checks").
    if not as_json and deal.missing:
        print(f"warning: {filing}: {'; '.join(metrics.missing_phrases(deal))}", file=sys.stderr)
    if not as_json and failed:
        print(f"warning: {filing}: {len(failed)} reconciliation check(s) failed", file=sys.stderr)
    if not as_json and not deal.checks:
        print(f"warning: {filing}: {deal.verdict_reason}", file=sys.stderr)
    return EXIT_INCOMPLETE if strict and (failed or deal.missing) else EXIT_OK


def _print_tables(filing: str, deal, wanted: str) -> int:
    from reporting.errors import FilingError
    from reporting.present.terminal import table_text, tables_matching

    found = tables_matching(deal, wanted)
    if not found:
        titles = "; ".join(f"{n}. {t.title}" for n, t in enumerate([*deal.tables, *deal.matrices], 1)) or "none"
        raise FilingError(filing, f"no table matches {wanted!r} (its tables: {titles})")
    print("\n\n".join(table_text(t) for t in found))
    return EXIT_OK


# --- render: many filings at once -------------------------------------------------------


def render(
    paths: Sequence[str],
    out: Path,
    formats: Sequence[str],
    paper: str = "letter",
    jobs: int = 1,
    force: bool = False,
    quiet: bool = False,
    verbose: bool = False,
    email: EmailOptions | None = None,
) -> int:
    """Render every filing under ``paths`` into ``out`` and print the summary; the batch's exit code."""
    from reporting.batch.progress import ConsoleProgress, summary_lines
    from reporting.batch.run import BatchArgumentError, discover, no_filings, run_batch

    try:
        total = len(discover(paths))
        if total == 0:
            raise no_filings(paths)
    except BatchArgumentError as error:
        print(f"termsheet: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    # One filing needs no progress: its outcome is the one line printed below.
    progress = ConsoleProgress(total, quiet=quiet, verbose=verbose) if total > 1 else None
    with _terminate_as_interrupt():
        try:
            result = run_batch(
                paths,
                out,
                formats,
                jobs=jobs,
                force=force,
                paper=paper,
                email=email,
                on_outcome=progress,
                on_wait=lambda notice: print(f"termsheet: {notice}", file=sys.stderr, flush=True),
                own_process=True,
            )
        finally:
            if progress is not None:
                progress.close()
    failed = [o for o in result.outcomes if o.status == "failed"]
    if total == 1 and failed:
        # One filing, and it was bad: the same one line as every other command.
        print(f"termsheet: error: {display_path(failed[0].source)}: {failed[0].reason}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if total == 1 and result.outcomes and result.outcomes[0].warning:
        print(f"warning: {display_path(result.outcomes[0].source)}: {result.outcomes[0].warning}", file=sys.stderr)
    for line in summary_lines(result, out):
        print(line)
    if verbose or total == 1:
        rendered = [o for o in result.outcomes if o.status == "rendered" and o.entry]
        _print_written([out / path for o in rendered for path in o.entry.outputs.values()], prefix="")
    if result.index_error is not None:  # the deals are written; the page listing them is not
        print(f"termsheet: error: {result.index_error}", file=sys.stderr)
    return result.exit_code


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """`kill` stops a batch as cleanly as Ctrl-C: finished deals kept, nothing half-written."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _print_written(paths: Sequence[Path], prefix: str = "Wrote ") -> None:
    """Each file written; a .eml with the size of its HTML body against Gmail's clip."""
    for path in paths:
        note = ""
        if path.suffix == ".eml":
            from reporting.deliver.mail import html_body_size
            from reporting.present.email import size_note

            note = f"  ({size_note(html_body_size(path.read_bytes()))})"
        print(f"{prefix}{path}{note}")


# --- diff -----------------------------------------------------------------------------


def diff(
    old: str,
    new: str,
    out: Path,
    formats: Sequence[str],
    pool: str | None = None,
    thresholds=None,  # reporting.model.diff.Thresholds
    paper: str = "letter",
    email: EmailOptions | None = None,
) -> int:
    """Compare two deals, print the key changes and write the diff's files into OUT/diff/."""
    from reporting.batch.run import formats_used, freeze_the_command
    from reporting.deliver.write import render_diff
    from reporting.derive.diff import build_diff, like_pools, pool_pair, select_pool
    from reporting.pipeline import load_deal
    from reporting.present.bounds import check_deal
    from reporting.present.terminal import diff_summary

    old_deal, new_deal = load_deal(old), load_deal(new)
    for deal in (old_deal, new_deal):
        check_deal(deal)  # a deal too large to lay out is refused before the diff is built
    freeze_the_command(formats_used(formats, email))
    the_diff = build_diff(old_deal, new_deal, pool, thresholds)
    written = render_diff(the_diff, out / "diff", formats, paper, email=email)
    _refresh_index(out)
    print(diff_summary(the_diff))
    old_name, new_name = pool_pair(pool)
    compared = (select_pool(old_deal, old_name, pool is not None), select_pool(new_deal, new_name, pool is not None))
    if like := like_pools(old_deal, new_deal, *compared):  # the terminal's hint; reports say it in plain words
        print(f"Hint: compare loans of like original terms with --pool {like[0]}:{like[1]}")
    _print_written(written)
    return EXIT_OK


# --- shelf: a new deal against every deal before it --------------------------------------


def shelf(
    paths: Sequence[str],
    out: Path,
    formats: Sequence[str],
    window: int = 12,
    deal: str | None = None,
    paper: str = "letter",
) -> int:
    """The shelf history of every deal under ``paths``: print the deal in focus against the window,
    write OUT/shelf.{pdf,html}; files that are no deal are warned about and left out."""
    from reporting.batch.collect import collect_deals
    from reporting.batch.run import BatchArgumentError, freeze_the_command
    from reporting.deliver.write import render_shelf
    from reporting.derive.shelf import build_shelf
    from reporting.present.terminal import shelf_summary

    try:
        collected = collect_deals(paths)
    except BatchArgumentError as error:
        print(f"termsheet: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        report = build_shelf(collected.deals, window, deal, collected.left_out)
    except ValueError:
        for item in collected.left_out:
            print(f"termsheet: error: {item.path or item.source_name}: {item.reason}", file=sys.stderr)
        print(f"termsheet: error: {', '.join(paths)}: no deal to put on the shelf", file=sys.stderr)
        return EXIT_BAD_INPUT
    for item in report.left_out:
        print(f"warning: {item.path or item.source_name}: left out: {item.reason}", file=sys.stderr)
    freeze_the_command(formats)
    written = render_shelf(report, out, formats, paper)
    _refresh_index(out)
    print(shelf_summary(report, collected.loaded, collected.parsed, collected.parsed_again))
    _print_written(written)
    return EXIT_OK


def _refresh_index(out: Path) -> None:
    """A batch folder's index links its shelf history and its diffs: written again once one is there."""
    from reporting.batch.manifest import Manifest
    from reporting.deliver.index import write_index

    if Manifest.is_batch_folder(out):
        write_index(out, Manifest.load(out).entries())


# --- demo -----------------------------------------------------------------------------


def demo(out: Path, formats: Sequence[str], paper: str = "letter") -> int:
    """Both bundled samples rendered into ``out``, the earlier deal against the later one, and their shelf."""
    from reporting.batch.run import usable_cpus
    from reporting.deliver.formats import defaults, names
    from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3, sample_paths

    status = render([str(p) for p in sample_paths()], out, formats, paper, jobs=usable_cpus())
    # The earlier deal against the later one, as an analyst reads a new deal from the same shelf.
    diff(str(TERM_SHEET_2004_3), str(DETAILED_2004_8), out, names("diff"), paper=paper)
    # And the later one against the whole shelf (of two deals: too few to call anything unusual).
    shelf([str(p) for p in sample_paths()], out, defaults("shelf"), paper=paper)
    return status


# --- email: send a summary -------------------------------------------------------------


def email(
    filing: str,
    smtp: str,
    options: EmailOptions,
    starttls: bool = False,
    user: str | None = None,
    paper: str = "letter",
) -> int:
    """Send the filing's email summary (as `render --format email` writes it) over SMTP."""
    from reporting.deliver.files import deal_stem
    from reporting.deliver.formats import Job, email_for
    from reporting.deliver.mail import parse_server, send
    from reporting.pipeline import load_deal
    from reporting.present.bounds import time_limit
    from reporting.present.email import size_note
    from reporting.present.renders import DealRender

    sender = options.sender or _login_address(user) or "termsheet@localhost"
    parse_server(smtp)  # a malformed --smtp fails before the filing is read
    deal = load_deal(filing)
    with time_limit(deal.source.path):
        job = Job(DealRender(deal, paper), deal_stem(deal.series, deal.source.path), _with_sender(options, sender))
        report, message = email_for(job, "deal")
    refused = send(message, smtp, starttls=starttls, user=user)
    accepted = [r for r in options.recipients if _address_of(r) not in refused]
    print(f"Sent {report.subject!r} to {', '.join(accepted)} via {smtp} ({size_note(report.body_size)})")
    for recipient, reply in refused.items():  # the server took the message for the others only
        print(
            f"termsheet: error: smtp {smtp}: recipient {recipient} refused ({reply}); not sent to it", file=sys.stderr
        )
    return EXIT_INCOMPLETE if refused else EXIT_OK


def _address_of(recipient: str) -> str:
    """ "Joe <a@example.com>" -> "a@example.com", as the server is given it."""
    from email.utils import parseaddr

    return parseaddr(recipient)[1]


def _login_address(user: str | None) -> str | None:
    """The login name, when it is an address, serves as the sender."""
    from reporting.deliver.mail import check_addresses

    return check_addresses([user], "--user")[0] if user and "@" in user else None


def _with_sender(options: EmailOptions, sender: str) -> EmailOptions:
    from dataclasses import replace

    return replace(options, sender=sender)


# --- fetch: pool descriptions from SEC EDGAR ---------------------------------------------


def fetch(
    targets: Sequence[str],
    everything: bool,
    start,  # datetime.date | None
    end,
    ciks: Sequence[int],
    out: Path,
    user_agent: str | None,
    refresh: bool,
) -> int:
    """Download the pool descriptions asked for into ``out``; 0 all fetched or there, 1 some failed, 2 none."""
    from reporting.fetch.command import FetchArguments, fetch_command

    arguments = FetchArguments(tuple(targets), everything, start, end, tuple(ciks), out, user_agent, refresh)
    with _terminate_as_interrupt():  # `kill` stops a fetch as Ctrl-C does: what was saved is whole
        return fetch_command(arguments)
