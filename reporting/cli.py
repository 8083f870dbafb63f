"""The `termsheet` command line.

Every user-facing error is one line on stderr naming the file and the problem,
with exit code 2; `--debug` shows the traceback instead. Heavy libraries are
imported inside the commands that need them, so `termsheet parse` starts fast.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Callable, Sequence

from reporting import __version__
from reporting.errors import FilingError

EXIT_OK, EXIT_INCOMPLETE, EXIT_BAD_INPUT = 0, 1, 2

EPILOG = """examples:
  termsheet parse reporting/samples/cmsi-2004-3-collateral-term-sheet.txt
  termsheet parse --json filing.txt > deal.json
  termsheet parse --strict filing.txt   # exit 1 if a fact is missing or a check fails
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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    parse = commands.add_parser(
        "parse",
        help="read a filing and print its deal model",
        description="Read a filing and print its pools, tables, classes and reconciliation checks.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parse.add_argument("filing", metavar="FILING", help="a .txt, EDGAR full-submission .txt, or .htm 8-K")
    parse.add_argument("--json", action="store_true", help="print the whole model as JSON (see README)")
    parse.add_argument(
        "--strict", action="store_true", help="exit 1 when a check fails or a fact a complete filing states is missing"
    )
    parse.set_defaults(run=_run_parse)

    demo = commands.add_parser("demo", help="process the two bundled sample filings")
    demo.add_argument("--out", default="output", help="output folder (default: output)")
    demo.set_defaults(run=_run_demo)
    return parser


def _run_demo(args: argparse.Namespace) -> int:
    from reporting.parse import parse_file
    from reporting.samples import sample_paths
    from reporting.summary_text import deal_summary

    for path in sample_paths():
        print(deal_summary(parse_file(path)))
        print()
    return EXIT_OK


def _run_parse(args: argparse.Namespace) -> int:
    from reporting.parse import parse_file

    deal = parse_file(args.filing)
    if args.json:
        from reporting.jsonio import deal_to_json

        print(deal_to_json(deal))
    else:
        from reporting.summary_text import deal_summary

        print(deal_summary(deal))
    if deal.missing:
        print(f"warning: {args.filing}: missing {', '.join(deal.missing)}", file=sys.stderr)
    failed = [c for c in deal.checks if not c.passed]
    if failed:
        print(f"warning: {args.filing}: {len(failed)} reconciliation check(s) failed", file=sys.stderr)
    return EXIT_INCOMPLETE if args.strict and (failed or deal.missing) else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except FilingError as error:
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
