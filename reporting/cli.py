"""The `termsheet` command line: arguments in, one call to ``reporting.commands`` per command.

Every user-facing error is one line on stderr naming the file and the problem,
with exit code 2; `--debug` shows the traceback instead. The output formats a
command offers come from the format registry (``reporting.deliver.formats``).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from reporting import __version__, commands
from reporting.deliver import formats as registry
from reporting.errors import FilingError, SendError

PARSE_EPILOG = """examples:
  termsheet parse reporting/samples/cmsi-2004-3-collateral-term-sheet.txt
  termsheet parse --json filing.txt > deal.json
  termsheet parse --strict filing.txt   # exit 1 if a fact is missing or a check fails
  termsheet parse filing.txt --table geographic   # the rows of the state table, with % of balance

exit codes: 0 parsed (a truncated filing too; what it lacks is listed), 1 with --strict
when a check failed or a fact is missing, 2 bad input (one line on stderr)
"""

DEMO_EPILOG = """examples:
  termsheet demo                        # output/: both samples as PDF, HTML, email; their diff and shelf; index.html
  termsheet demo --out /tmp/demo --paper a4
"""

EPILOG = """examples:
  termsheet parse --json filing.txt > deal.json
  termsheet render filings/ --jobs 2    # every filing below filings/, in parallel; output/index.html
  termsheet render filing.txt --out output --format pdf,html --paper letter
  termsheet diff old.txt new.txt        # what changed, largest first; writes output/diff/
  termsheet shelf filings/              # the latest deal against the shelf: output/shelf.pdf and .html
  termsheet render filing.txt --format email --to analyst@example.com   # .eml and its HTML preview
  termsheet email filing.txt --to analyst@example.com --smtp smtp.example.com:587 --starttls --user me
  termsheet fetch 2004-3 --user-agent "Jane Doe jane@example.com"   # from SEC EDGAR into filings/
"""

EMAIL_EPILOG = """The password for --user is read from the environment variable TERMSHEET_SMTP_PASSWORD,
never from the command line (which other users can see in the process list).

examples:
  termsheet email filing.txt --to analyst@example.com --smtp localhost:25
  TERMSHEET_SMTP_PASSWORD=... termsheet email filing.txt --to a@example.com,b@example.com \\
      --from me@example.com --smtp smtp.example.com:587 --starttls --user me@example.com --attach-pdf
"""

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

SHELF_EPILOG = """A PATH is a filing, a deal saved as JSON (parse --json, render --format json), a folder of
them (every *.txt, *.htm, *.html and *-deal.json below it), or a render output folder: its deals
are read from their saved JSON (render --format json), so nothing is parsed twice.

examples:
  termsheet shelf filings/                         # the latest deal against the last 12
  termsheet shelf output/ --window 24              # a batch's deals, as saved by render --format json
  termsheet shelf filings/ --deal 2004-3 --out reports
  termsheet shelf a.txt b.txt c-deal.json --format html

exit codes: 0 written (files that are no deal are warned about and left out), 2 bad arguments,
an unknown --deal, or no deal to put on the shelf
"""

FETCH_EPILOG = """EDGAR asks every program to declare who runs it: give your name and e-mail address with
--user-agent or TERMSHEET_EDGAR_USER_AGENT; fetch refuses to start without them. It makes at most
10 requests a second and retries on 429 and 5xx. TERMSHEET_EDGAR_MIRROR=http://host:port sends every
request to that base instead, with the path it has on EDGAR (for a firm's proxy, and for tests).

examples:
  export TERMSHEET_EDGAR_USER_AGENT="Jane Doe jane@example.com"
  termsheet fetch 2004-3                      # series 2004-3: its term sheet and detailed description
  termsheet fetch --all                       # the whole CMSI shelf (CIK 811785)
  termsheet fetch --from 2003-01-01 --to 2004-12-31
  termsheet fetch 0000811785-04-000040        # one filing, by accession number
  termsheet fetch https://www.sec.gov/Archives/edgar/data/811785/000081178504000040/0000811785-04-000040-index.htm
  termsheet fetch --all --cik 1234567         # a series trust that files under a CIK of its own
  termsheet render filings/                   # then the summaries of everything fetched

exit codes: 0 all fetched or already there, 1 some filings failed (listed), 2 bad arguments,
no User-Agent, or nothing fetched
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="termsheet",
        description="CMSI 8-K mortgage-pool filings to standardized collateral summaries.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"termsheet {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the full traceback on errors")
    subcommands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _add_parse(subcommands)
    _add_diff(subcommands)
    _add_render(subcommands)
    _add_shelf(subcommands)
    _add_demo(subcommands)
    _add_email(subcommands)
    _add_fetch(subcommands)
    return parser


def _command(subcommands, name: str, help: str, description: str, epilog: str) -> argparse.ArgumentParser:
    return subcommands.add_parser(
        name, help=help, description=description, epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter
    )


def _add_parse(subcommands) -> None:
    parse = _command(
        subcommands,
        "parse",
        "read a filing and print its deal model",
        "Read a filing and print its pools, tables, classes and reconciliation checks (writes no file).",
        PARSE_EPILOG,
    )
    parse.add_argument("filing", metavar="FILING", help="a .txt, EDGAR full-submission .txt, or .htm 8-K")
    parse.add_argument("--json", action="store_true", help="print the whole model as JSON (see README)")
    parse.add_argument(
        "--strict", action="store_true", help="exit 1 when a check fails or a fact a complete filing states is missing"
    )
    parse.add_argument(
        "--table",
        metavar="TEXT",
        help="print the rows of the tables whose title holds TEXT (any case), or of table number N as listed",
    )
    parse.set_defaults(run=lambda a: commands.parse(a.filing, a.json, a.strict, a.table))


def _add_diff(subcommands) -> None:
    diff = _command(
        subcommands,
        "diff",
        "compare two deals: the changes that matter, largest first",
        "Compare two deals (the whole deals, or a pool of each), print the key changes and write the diff "
        "into OUT/diff/<old>-vs-<new>.* in the formats asked.",
        DIFF_EPILOG,
    )
    diff.add_argument("old", metavar="OLD", help="the earlier deal's filing")
    diff.add_argument("new", metavar="NEW", help="the later deal's filing")
    diff.add_argument(
        "--pool", metavar="NAME", help="compare pool NAME of each deal, or OLDPOOL:NEWPOOL (default: the whole deals)"
    )
    _add_format_option(diff, "diff", dest="formats")
    diff.add_argument(
        "--out", type=Path, default=Path("output"), help="output folder; files go to OUT/diff/ (default: output)"
    )
    diff.add_argument(
        "--threshold",
        metavar="SPEC",
        type=_thresholds,
        default=None,
        help="materiality thresholds, e.g. share=2pp,wac=10bp,size=10%% (see below)",
    )
    diff.add_argument("--paper", default="letter", choices=("letter", "a4"), help="PDF page size (default: letter)")
    _add_email_options(diff)
    diff.set_defaults(
        run=lambda a: commands.diff(
            a.old,
            a.new,
            a.out,
            a.formats,
            a.pool,
            a.threshold,
            a.paper,
            _email_options(a) if "email" in a.formats else None,
        )
    )


def _add_render(subcommands) -> None:
    render = _command(
        subcommands,
        "render",
        "render filings (files or folders) into summaries, in parallel",
        "Write OUT/<deal>/<deal>-summary.pdf and .html (and the other formats asked) for every filing, "
        "and OUT/index.html listing every deal in OUT. Folders are searched for *.txt, *.htm, *.html. "
        "A deal whose input and tool version are unchanged since the last run is skipped.",
        RENDER_EPILOG,
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
    render.set_defaults(
        run=lambda a: commands.render(
            a.paths, a.out, a.format, a.paper, a.jobs, a.force, a.quiet, a.verbose, _email_options(a)
        )
    )


def _add_shelf(subcommands) -> None:
    shelf = _command(
        subcommands,
        "shelf",
        "the latest deal against every deal before it: series, medians, ranges",
        "Put one filing per series on the shelf in cut-off date order (the detailed description when "
        "there is one), chart each figure over the last N deals, set the latest deal (or --deal) against "
        "them: median, range, percentile and a sentence for each figure outside the range; and list what "
        "changed from term sheet to detailed description. Writes OUT/shelf.pdf and OUT/shelf.html.",
        SHELF_EPILOG,
    )
    shelf.add_argument("paths", metavar="PATH", nargs="+", help="filings, deal JSON, or folders of them")
    shelf.add_argument("--out", type=Path, default=Path("output"), help="output folder (default: output)")
    shelf.add_argument(
        "--window",
        type=_at_least_two,
        default=12,
        metavar="N",
        help="the last N deals, the focus included (default: 12)",
    )
    shelf.add_argument(
        "--deal", metavar="SERIES", help="the deal set against the shelf, e.g. 2004-3 (default: the latest)"
    )
    _add_format_option(shelf, "shelf")
    shelf.add_argument("--paper", default="letter", choices=("letter", "a4"), help="PDF page size (default: letter)")
    shelf.set_defaults(run=lambda a: commands.shelf(a.paths, a.out, a.format, a.window, a.deal, a.paper))


def _add_demo(subcommands) -> None:
    demo = _command(
        subcommands,
        "demo",
        "render the two bundled sample filings and their diff",
        "Render the two bundled sample filings (CMSI 2004-3 and 2004-8) into OUT/<deal>/, their diff into "
        "OUT/diff/, their shelf history into OUT/shelf.pdf and .html, and OUT/index.html listing them.",
        DEMO_EPILOG,
    )
    _add_render_options(demo, default_formats="pdf,html,email")
    demo.set_defaults(run=lambda a: commands.demo(a.out, a.format, a.paper))


def _add_email(subcommands) -> None:
    email = _command(
        subcommands,
        "email",
        "send the collateral summary of a filing as an email",
        "Send the email summary of FILING (as `render --format email` writes it) over SMTP; writes no file.",
        EMAIL_EPILOG,
    )
    email.add_argument("filing", metavar="FILING", help="a .txt, EDGAR full-submission .txt, or .htm 8-K")
    email.add_argument("--smtp", required=True, metavar="HOST:PORT", help="the SMTP server, e.g. smtp.example.com:587")
    email.add_argument("--starttls", action="store_true", help="switch to TLS with STARTTLS before logging in")
    email.add_argument("--user", help="log in as USER; the password is read from TERMSHEET_SMTP_PASSWORD")
    email.add_argument("--paper", default="letter", choices=("letter", "a4"), help="page size of an attached PDF")
    _add_email_options(email, recipients_required=True)
    email.set_defaults(run=lambda a: commands.email(a.filing, a.smtp, _email_options(a), a.starttls, a.user, a.paper))


def _add_fetch(subcommands) -> None:
    fetch = _command(
        subcommands,
        "fetch",
        "download CMSI pool descriptions from SEC EDGAR into filings/",
        "Save each pool description (collateral term sheet or detailed description; amendments too, "
        "marked) as its EDGAR full submission, OUT/cmsi-<series>/<kind>-<accession>.txt, with a JSON "
        "sidecar beside it (accession number, form, filing date, CIK, source URL, SHA-256). Servicing "
        "reports and other 8-Ks are skipped and counted; per series, the summary says whether both the "
        "term sheet and the detailed description are in OUT. A filing already saved whole is not "
        "downloaded again, and EDGAR's index JSON is kept for a day in OUT/.edgar-cache/.",
        FETCH_EPILOG,
    )
    fetch.add_argument(
        "targets",
        metavar="TARGET",
        nargs="*",
        help="a series (2004-3), an accession number (0000811785-04-000040) or an EDGAR Archives URL",
    )
    fetch.add_argument("--all", dest="everything", action="store_true", help="every pool description of the CIK")
    fetch.add_argument("--from", dest="start", type=_iso_date, metavar="YYYY-MM-DD", help="filed on or after")
    fetch.add_argument("--to", dest="end", type=_iso_date, metavar="YYYY-MM-DD", help="filed on or before")
    fetch.add_argument(
        "--cik",
        dest="ciks",
        action="append",
        type=_cik,
        metavar="CIK",
        help="the filer to list (default: 811785, CMSI); repeat for series trusts with CIKs of their own",
    )
    fetch.add_argument("--out", type=Path, default=Path("filings"), help="folder for the filings (default: filings)")
    fetch.add_argument(
        "--user-agent", metavar="'NAME EMAIL'", help="who runs this, as EDGAR requires (or TERMSHEET_EDGAR_USER_AGENT)"
    )
    fetch.add_argument("--refresh", action="store_true", help="read EDGAR's index again even if cached today")
    fetch.set_defaults(
        run=lambda a: commands.fetch(
            a.targets, a.everything, a.start, a.end, a.ciks or [], a.out, a.user_agent, a.refresh
        )
    )


# --- options several commands share ------------------------------------------------------------------


def _add_format_option(
    command: argparse.ArgumentParser, subject: str, dest: str = "format", default: str | None = None
) -> None:
    """--format LIST, its choices and default from the format registry."""
    default = default or ",".join(registry.defaults(subject))
    command.add_argument(
        "--format",
        dest=dest,
        metavar="LIST",
        type=lambda text: _formats(text, subject),
        default=registry.parse_formats(default, subject),
        help=f"comma-separated: {', '.join(registry.names(subject))} (default: {default})",
    )


def _formats(text: str, subject: str) -> tuple[str, ...]:
    try:
        return registry.parse_formats(text, subject)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _add_render_options(command: argparse.ArgumentParser, default_formats: str | None = None) -> None:
    command.add_argument("--out", type=Path, default=Path("output"), help="output folder (default: output)")
    _add_format_option(command, "deal", default=default_formats)
    command.add_argument("--paper", default="letter", choices=("letter", "a4"), help="PDF page size (default: letter)")


def _thresholds(text: str):  # -> reporting.model.diff.Thresholds, imported only when the option is used
    from reporting.derive.key_changes import parse_thresholds

    try:
        return parse_thresholds(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _iso_date(text: str):  # -> datetime.date
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _cik(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 10**10:
        raise argparse.ArgumentTypeError(f"{text!r} is not a CIK (up to 10 digits, e.g. 811785)")
    return int(text)


def _at_least_two(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of deals") from None
    if value < 2:
        raise argparse.ArgumentTypeError("must be 2 or more (the deal and at least one before it)")
    return value


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


def _email_options(args: argparse.Namespace):  # -> reporting.deliver.mail.EmailOptions
    return commands.email_options(args.sender, args.recipients, args.attach_pdf)


# Writing that fails for want of room or permission, not for a bug: "cannot write", exit code 2.
_WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG, errno.EIO, errno.EACCES, errno.EPERM}


def _printable_streams() -> None:
    """A file name that is not valid UTF-8 prints as \\xNN rather than failing the command."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="backslashreplace")


def _drop_stdout() -> None:
    """Standard output that cannot take more: what is still buffered goes nowhere, not to an error at exit."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    _printable_streams()
    try:
        code = run(args)
        sys.stdout.flush()  # a full disk under `> file` is reported here, not ignored at exit
        return code
    except (FilingError, SendError) as error:
        if args.debug:
            traceback.print_exc()
        print(f"termsheet: error: {error}", file=sys.stderr)
        return commands.EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("termsheet: interrupted", file=sys.stderr)
        return commands.EXIT_INTERRUPTED
    except BrokenPipeError:
        _drop_stdout()
        return commands.EXIT_OK
    except OSError as error:
        if error.errno not in _WRITE_ERRORS:
            return _internal_error(error, args.debug)
        # Every file we write reports its own "cannot write"; what is left is the standard output.
        _drop_stdout()
        where = error.filename or "standard output"
        print(f"termsheet: error: {where}: cannot write: {error.strerror}", file=sys.stderr)
        return commands.EXIT_BAD_INPUT
    except Exception as error:
        return _internal_error(error, args.debug)


def _internal_error(error: Exception, debug: bool) -> int:
    """A bug: one line for the user, the traceback on request."""
    if debug:
        traceback.print_exc()
    print(f"termsheet: internal error: {type(error).__name__}: {error} (rerun with --debug)", file=sys.stderr)
    return commands.EXIT_INCOMPLETE


if __name__ == "__main__":
    sys.exit(main())
