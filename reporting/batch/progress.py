"""Progress of a batch on the terminal: a bar on a terminal, a line per deal otherwise, and the closing summary."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reporting.model.names import display_path

if TYPE_CHECKING:
    from reporting.batch.run import BatchResult, DealOutcome


class ConsoleProgress:
    """A progress bar on a terminal; one plain line per deal otherwise (or with --quiet, only problems)."""

    def __init__(self, total: int, quiet: bool = False, verbose: bool = False, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.quiet, self.verbose = quiet, verbose
        self.bar = None
        if not quiet and total > 1 and hasattr(self.stream, "isatty") and self.stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, file=self.stream, unit="deal", dynamic_ncols=True)

    def __call__(self, outcome: DealOutcome) -> None:
        name = outcome.name
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
        width = max(len(o.name) for o in failed)
        lines += [f"  {o.name:<{width}}  {o.reason}" for o in failed]
    if result.shelf is not None:
        names = ", ".join(display_path(path) for path in result.shelf.written)
        deals = result.shelf.deals
        lines.append(
            f"shelf: {names} " + ("(unchanged)" if result.shelf.unchanged else f"({deals} deal{'s' * (deals != 1)})")
        )
        lines += [f"  warning: not on the shelf: {problem}" for problem in result.shelf.unreadable]
    if result.shelf_error:
        lines.append(f"shelf: {result.shelf_error}")
    if result.index_error is None:
        lines.append(f"index: {display_path(out_dir / 'index.html')}")
    return lines
