"""The `termsheet` command line.

Every user-facing error is one line on stderr naming the file and the problem,
with exit code 2; `--debug` shows the traceback instead. Heavy libraries are
imported inside the commands that need them, so `termsheet parse` starts fast.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from reporting import __version__
from reporting.errors import FilingError, SendError

EXIT_OK, EXIT_INCOMPLETE, EXIT_BAD_INPUT = 0, 1, 2

PARSE_EPILOG = """examples:
  termsheet parse reporting/samples/cmsi-2004-3-collateral-term-sheet.txt
  termsheet parse --json filing.txt > deal.json
  termsheet parse --strict filing.txt   # exit 1 if a fact is missing or a check fails

exit codes: 0 parsed (a truncated filing too; what it lacks is listed), 1 with --strict
when a check failed or a fact is missing, 2 bad input (one line on stderr)
"""

DEMO_EPILOG = """examples:
  termsheet demo                        # output/: both samples as PDF, HTML, email; their diff; index.html
  termsheet demo --out /tmp/demo --paper a4
"""

EPILOG = """examples:
  termsheet parse --json filing.txt > deal.json
  termsheet render filings/ --jobs 2    # every filing below filings/, in parallel; output/index.html
  termsheet render filing.txt --out output --format pdf,html --paper letter
  termsheet diff old.txt new.txt        # what changed, largest first; writes output/diff/
  termsheet render filing.txt --format email --to analyst@example.com   # .eml and its HTML preview
  termsheet email filing.txt --to analyst@example.com --smtp smtp.example.com:587 --starttls --user me
"""

EMAIL_EPILOG = """The password for --user is read from the environment variable TERMSHEET_SMTP_PASSWORD,
never from the command line (which other users can see in the process list).

examples:
  termsheet email filing.txt --to analyst@example.com --smtp localhost:25
  TERMSHEET_SMTP_PASSWORD=... termsheet email filing.txt --to a@example.com,b@example.com \\
      --from me@example.com --smtp smtp.example.com:587 --starttls --user me@example.com --attach-pdf
"""

# What `termsheet render` can write: the summary as PDF, HTML and email, and the parsed deal as JSON.
RENDER_FORMATS = ("pdf", "html", "email", "json")

RENDER_EPILOG = """examples:
  termsheet render filing.txt                      # output/cmsi-2004-3/cmsi-2004-3-summary.pdf and .html
  termsheet render filings/ --jobs 2 --out reports # every *.txt, *.htm, *.html below filings/
  termsheet render filings/ --format pdf,html,json --force

exit codes: 0 all rendered or unchanged, 1 some filings failed (listed), 2 bad arguments
or every filing was bad input, 130 interrupted (finished deals are kept, nothing is half-written)
"""

DIFF_EPILOG = """examples:
  termsheet diff cmsi-2004-3.txt cmsi-2004-8.txt
  termsheet diff old.txt new.txt --pool I          # pool I of each deal
  termsheet diff deal.txt deal.txt --pool I:III    # pool I of the first with pool III of the second
  termsheet diff old.txt new.txt --threshold share=1pp,wac=5bp
  termsheet diff old.txt new.txt --format email --to desk@example.com --attach-pdf   # .eml and its preview

A change is material (a key sentence) when it reaches its threshold:
  share  percentage points of balance (states, buckets, documentation, LTV > 80%)  default 2pp
  wac    basis points of WAC                                                       default 10bp
  size   relative change of pool balance, loan count, average loan balance        default 10%
  wam    months of WAM, original term, seasoning                                  default 6mo
  ltv    percentage points of weighted average or maximum LTV                     default 2pp
  sub    percentage points of a class's subordination level                       default 0.25pp
"""

# Output formats of the diff; without --format it writes the first three.
DIFF_FORMATS = ("pdf", "html", "json", "email")
DEFAULT_DIFF_FORMATS = ("pdf", "html", "json")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="termsheet",
        description="CMSI 8-K mortgage-pool filings to standardized collateral summaries.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"termsheet {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the full traceback on errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    parse = commands.add_parser(
        "parse",
        help="read a filing and print its deal model",
        description="Read a filing and print its pools, tables, classes and reconciliation checks.",
        epilog=PARSE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parse.add_argument("filing", metavar="FILING", help="a .txt, EDGAR full-submission .txt, or .htm 8-K")
    parse.add_argument("--json", action="store_true", help="print the whole model as JSON (see README)")
    parse.add_argument(
        "--strict", action="store_true", help="exit 1 when a check fails or a fact a complete filing states is missing"
    )
    parse.set_defaults(run=_run_parse)

    diff = commands.add_parser(
        "diff",
        help="compare two deals: the changes that matter, largest first",
        description="Compare two deals (the whole deals, or a pool of each) and print the key changes.",
        epilog=DIFF_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    diff.add_argument("old", metavar="OLD", help="the earlier deal's filing")
    diff.add_argument("new", metavar="NEW", help="the later deal's filing")
    diff.add_argument(
        "--pool", metavar="NAME", help="compare pool NAME of each deal, or OLDPOOL:NEWPOOL (default: the whole deals)"
    )
    diff.add_argument(
        "--format",
        dest="formats",
        metavar="LIST",
        type=_diff_formats,
        default=DEFAULT_DIFF_FORMATS,
        help="comma-separated: pdf, html, json, email (default: pdf,html,json; json alone starts fastest)",
    )
    diff.add_argument("--out", default="output", help="output folder; files go to OUT/diff/ (default: output)")
    diff.add_argument(
        "--threshold",
        metavar="SPEC",
        type=_thresholds,
        default=None,
        help="materiality thresholds, e.g. share=2pp,wac=10bp,size=10%% (see below)",
    )
    _add_email_options(diff)
    diff.set_defaults(run=_run_diff)

    render = commands.add_parser(
        "render",
        help="render filings (files or folders) into summaries, in parallel",
        description=(
            "Write OUT/<deal>/<deal>-summary.pdf and .html (and email, json) for every filing, "
            "and OUT/index.html listing every deal in OUT. Folders are searched for *.txt, *.htm, *.html. "
            "A deal whose input and tool version are unchanged since the last run is skipped."
        ),
        epilog=RENDER_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    render.add_argument("paths", metavar="PATH", nargs="+", help="8-K filings, or folders of them")
    _add_render_options(render)
    render.add_argument(
        "-j", "--jobs", type=_positive, default=os.cpu_count() or 1, help="worker processes (default: CPUs)"
    )
    render.add_argument("--force", action="store_true", help="render again even when nothing changed")
    loudness = render.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true", help="no progress; only problems and the summary")
    loudness.add_argument("-v", "--verbose", action="store_true", help="a line for every deal, with the bar")
    _add_email_options(render)
    render.set_defaults(run=_run_render)

    demo = commands.add_parser(
        "demo",
        help="render the two bundled sample filings and their diff",
        epilog=DEMO_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_render_options(demo, default_formats="pdf,html,email")
    demo.set_defaults(run=_run_demo, sender=None, recipients=[], attach_pdf=False)

    email = commands.add_parser(
        "email",
        help="send the collateral summary of a filing as an email",
        description="Send the email summary of FILING (as `render --format email` writes it) over SMTP.",
        epilog=EMAIL_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    email.add_argument("filing", metavar="FILING", help="a .txt, EDGAR full-submission .txt, or .htm 8-K")
    email.add_argument("--smtp", required=True, metavar="HOST:PORT", help="the SMTP server, e.g. smtp.example.com:587")
    email.add_argument("--starttls", action="store_true", help="switch to TLS with STARTTLS before logging in")
    email.add_argument("--user", help="log in as USER; the password is read from TERMSHEET_SMTP_PASSWORD")
    email.add_argument("--paper", default="letter", choices=("letter", "a4"), help="page size of an attached PDF")
    _add_email_options(email, recipients_required=True)
    email.set_defaults(run=_run_email)
    return parser


def _diff_formats(text: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    for name in formats:
        if name not in DIFF_FORMATS:
            raise argparse.ArgumentTypeError(f"unknown format {name!r}; choose from {', '.join(DIFF_FORMATS)}")
    if not formats:
        raise argparse.ArgumentTypeError("no format given")
    return formats


def _thresholds(text: str):  # -> reporting.diff.Thresholds, imported only when the option is used
    from reporting.key_changes import parse_thresholds

    try:
        return parse_thresholds(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _run_diff(args: argparse.Namespace) -> int:
    from reporting.diff import build_diff
    from reporting.diff_text import diff_summary
    from reporting.parse import parse_file

    email = _email_options(args) if "email" in args.formats else None  # bad addresses: nothing read or written
    old, new = parse_file(args.old), parse_file(args.new)
    diff = build_diff(old, new, args.pool, args.threshold)
    written = _write_diff(diff, Path(args.out) / "diff", args.formats, email=email)
    print(diff_summary(diff))
    _print_written(written)
    return EXIT_OK


def _write_diff(diff, folder: Path, formats: Sequence[str], paper: str = "letter", email=None) -> list[Path]:
    """Write the diff in each format asked; ``email`` is a reporting.deal_files.EmailOptions."""
    from reporting.jsonio import diff_to_json
    from reporting.outputs import atomic_write

    stem = f"{diff.old.stem}-vs-{diff.new.stem}"
    written = []
    try:
        if "json" in formats:
            written.append(atomic_write(folder / f"{stem}.json", diff_to_json(diff) + "\n"))
        pages = [f for f in formats if f in ("pdf", "html")]
        if pages:  # the renderer pulls in Jinja, matplotlib and WeasyPrint: only when asked for
            from reporting.diff_render import render_diff

            written += render_diff(diff, folder, pages, paper)
        if "email" in formats:
            written += _write_diff_email(diff, folder, written, paper, email)
    except OSError as error:
        where = getattr(error, "filename", None) or folder
        raise FilingError(str(where), f"cannot write: {error.strerror or error}") from None
    return written


def _write_diff_email(diff, folder: Path, written: list[Path], paper: str, email) -> list[Path]:
    from reporting.deal_files import EmailOptions
    from reporting.diff_email import write_diff_email

    email = email or EmailOptions()
    pdf = None
    if email.attach_pdf:  # the PDF just written, else drawn for the attachment alone
        from reporting.diff_render import diff_pdf

        written_pdf = next((p for p in written if p.suffix == ".pdf"), None)
        pdf = written_pdf.read_bytes() if written_pdf else diff_pdf(diff, paper)
    paths, _ = write_diff_email(diff, folder, email.sender, email.recipients, pdf)
    return paths


def _print_written(paths: Sequence[Path]) -> None:
    """ "Wrote <file>" for each file; a .eml with the size of its HTML body against Gmail's clip."""
    for path in paths:
        note = ""
        if path.suffix == ".eml":
            from reporting.email_report import html_body_size, size_note

            note = f"  ({size_note(html_body_size(path.read_bytes()))})"
        print(f"Wrote {path}{note}")


def _add_render_options(command: argparse.ArgumentParser, default_formats: str = "pdf,html") -> None:
    command.add_argument("--out", default="output", help="output folder (default: output)")
    command.add_argument(
        "--format",
        default=default_formats,
        type=_formats,
        help=f"comma-separated: pdf, html, email, json (default: {default_formats})",
    )
    command.add_argument("--paper", default="letter", choices=("letter", "a4"), help="PDF page size (default: letter)")


def _formats(text: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    unknown = [f for f in formats if f not in RENDER_FORMATS]
    if unknown or not formats:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(unknown) or repr(text)} (use {', '.join(RENDER_FORMATS)})"
        )
    return formats


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _add_email_options(command: argparse.ArgumentParser, recipients_required: bool = False) -> None:
    command.add_argument(
        "--to",
        dest="recipients",
        action="append",
        default=[],
        required=recipients_required,
        metavar="ADDR",
        help="recipient (repeat, or separate by commas)"
        + ("" if recipients_required else "; without it the .eml is a draft with no recipients"),
    )
    command.add_argument("--from", dest="sender", metavar="ADDR", help="the From address")
    command.add_argument("--attach-pdf", action="store_true", help="attach the PDF report to the email")


def _run_render(args: argparse.Namespace) -> int:
    from reporting.batch import BatchArgumentError, ConsoleProgress, discover, run_batch, summary_lines

    out = Path(args.out)
    email = _email_options(args)  # bad addresses stop the run before anything is written
    try:
        total = len(discover(args.paths))
    except BatchArgumentError as error:
        print(f"termsheet: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    # One filing needs no progress: its outcome is the one line printed below.
    progress = ConsoleProgress(total, quiet=args.quiet, verbose=args.verbose) if total > 1 else None
    with _terminate_as_interrupt():
        try:
            result = run_batch(
                args.paths,
                out,
                args.format,
                jobs=args.jobs,
                force=args.force,
                paper=args.paper,
                email=email,
                on_outcome=progress,
            )
        finally:
            if progress is not None:
                progress.close()
    failed = [o for o in result.outcomes if o.status == "failed"]
    if total == 1 and failed:
        # One filing, and it was bad: the same one line as every other command.
        print(f"termsheet: error: {Path(failed[0].source)}: {failed[0].reason}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if total == 1 and result.outcomes and result.outcomes[0].warning:
        print(f"warning: {Path(result.outcomes[0].source)}: {result.outcomes[0].warning}", file=sys.stderr)
    for line in summary_lines(result, out):
        print(line)
    if args.verbose or total == 1:
        from reporting.email_report import html_body_size, size_note

        for outcome in result.outcomes:
            for path in outcome.entry.outputs.values() if outcome.status == "rendered" and outcome.entry else ():
                written = out / path
                note = f"  ({size_note(html_body_size(written.read_bytes()))})" if written.suffix == ".eml" else ""
                print(f"{written}{note}")
    return result.exit_code


@contextlib.contextmanager
def _terminate_as_interrupt():
    """`kill` stops a batch as cleanly as Ctrl-C: finished deals kept, nothing half-written."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _email_options(args: argparse.Namespace):  # -> reporting.deal_files.EmailOptions
    from reporting.deal_files import EmailOptions
    from reporting.email_report import check_addresses

    return EmailOptions(
        sender=check_addresses([args.sender], "--from")[0] if args.sender else None,
        recipients=tuple(check_addresses(args.recipients, "--to")),
        attach_pdf=args.attach_pdf,
    )


def _render_files(paths: Sequence[str], args: argparse.Namespace) -> int:
    from reporting.batch import run_batch, summary_lines

    result = run_batch(
        paths, Path(args.out), args.format, jobs=os.cpu_count() or 1, paper=args.paper, email=_email_options(args)
    )
    for line in summary_lines(result, Path(args.out)):
        print(line)
    return result.exit_code


def _run_demo(args: argparse.Namespace) -> int:
    from reporting.diff import build_diff
    from reporting.diff_text import diff_summary
    from reporting.parse import parse_file
    from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3, sample_paths

    status = _render_files([str(p) for p in sample_paths()], args)
    # The earlier deal against the later one, as an analyst reads a new deal from the same shelf.
    diff = build_diff(parse_file(TERM_SHEET_2004_3), parse_file(DETAILED_2004_8))
    print(diff_summary(diff))
    _print_written(_write_diff(diff, Path(args.out) / "diff", DIFF_FORMATS, args.paper, _email_options(args)))
    return status


def _run_email(args: argparse.Namespace) -> int:
    from reporting.analyse import summarise
    from reporting.email_report import (
        Attachment,
        build_email,
        check_addresses,
        email_message,
        parse_server,
        send,
        size_note,
    )
    from reporting.outputs import deal_stem
    from reporting.parse import parse_file
    from reporting.render import summary_pdf

    recipients = check_addresses(args.recipients, "--to")
    sender = _sender(args.sender, args.user)
    parse_server(args.smtp)  # a malformed --smtp fails before the filing is read
    deal = parse_file(args.filing)
    summary = summarise(deal)
    attachments = []
    if args.attach_pdf:
        stem = deal_stem(deal.series, deal.source.path)
        attachments.append(Attachment(f"{stem}-summary.pdf", summary_pdf(summary, args.paper)))
    report = build_email(summary, pdf_attached=bool(attachments))
    message = email_message(report, sender, recipients, attachments)
    send(message, args.smtp, starttls=args.starttls, user=args.user)
    print(f"Sent {report.subject!r} to {', '.join(recipients)} via {args.smtp} ({size_note(report.body_size)})")
    return EXIT_OK


def _sender(sender: str | None, user: str | None) -> str:
    """--from, else the login name when it is an address, else a local address."""
    from reporting.email_report import check_addresses

    if sender:
        return check_addresses([sender], "--from")[0]
    if user and "@" in user:
        return check_addresses([user], "--user")[0]
    return "termsheet@localhost"


def _run_parse(args: argparse.Namespace) -> int:
    from reporting.parse import parse_file

    deal = parse_file(args.filing)
    if args.json:
        from reporting.jsonio import deal_to_json

        print(deal_to_json(deal))
    else:
        from reporting.summary_text import deal_summary

        print(deal_summary(deal))
    failed = [c for c in deal.checks if not c.passed]
    # With --json the output is only the JSON, even when stderr is merged into it:
    # what is missing and what failed are in the JSON itself ("missing", "checks").
    if not args.json and deal.missing:
        print(f"warning: {args.filing}: missing {', '.join(deal.missing)}", file=sys.stderr)
    if not args.json and failed:
        print(f"warning: {args.filing}: {len(failed)} reconciliation check(s) failed", file=sys.stderr)
    if not args.json and not deal.checks:
        print(f"warning: {args.filing}: {deal.verdict_reason}", file=sys.stderr)
    return EXIT_INCOMPLETE if args.strict and (failed or deal.missing) else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except (FilingError, SendError) as error:
        if args.debug:
            traceback.print_exc()
        print(f"termsheet: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("termsheet: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:  # a bug: one line for the user, the traceback on request
        if args.debug:
            traceback.print_exc()
        print(f"termsheet: internal error: {type(error).__name__}: {error} (rerun with --debug)", file=sys.stderr)
        return EXIT_INCOMPLETE


if __name__ == "__main__":
    sys.exit(main())
