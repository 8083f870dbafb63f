"""How large a report may be: documented limits that fail one deal with one line, never the machine.

WeasyPrint's layout time and memory grow with every table cell: a filing under every
input limit with a 100,000-row state table ran for ten minutes at 7 GB, and 20,000
rows made 442 pages in 127 s. Real CMSI filings are far below these limits (the
largest table seen has 39 rows, the largest deal 7 tables and 81 rows, a term sheet
lays out in 6 pages in about 3 s), so they leave ample room and only refuse what no
pool description holds. Each is checked before the work it bounds:

- the deal's size, when a render is set up (``check_deal``), before any drawing;
- the pages, once laid out and before the PDF is written (``check_pages``);
- the time, around making every output of one deal (``time_limit``), like the parse's.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from reporting.errors import FilingError
from reporting.model.deal import Deal
from reporting.model.diff import DealDiff
from reporting.timer import stop_after

MAX_TABLES = 50  # stratification tables and matrices in one report (seen: 7)
MAX_TABLE_ROWS = 250  # rows of one table, matrix or class list (seen: 39; a state table has ~55)
MAX_TABLE_COLUMNS = 30  # pools side by side, or a matrix's columns (seen: 4 and 6)
MAX_REPORT_ROWS = 1_000  # rows of every table of one report together (seen: 81)
MAX_PDF_PAGES = 100  # pages of one PDF (seen: 6)
MAX_RENDER_SECONDS = 60.0  # making every output of one deal (seen: about 3 s)


def deal_problem(deal: Deal) -> str | None:
    """Why the deal is too large to render, or None."""
    tables = len(deal.tables) + len(deal.matrices)
    if tables > MAX_TABLES:
        return f"{tables:,} tables, more than the {MAX_TABLES}-table limit of a report"
    if len(deal.pools) > MAX_TABLE_COLUMNS:
        return f"{len(deal.pools):,} pools, more than the {MAX_TABLE_COLUMNS}-column limit of a report table"
    for table in deal.tables:
        if len(table.rows) > MAX_TABLE_ROWS:
            return _too_many_rows(table.title, len(table.rows))
    for matrix in deal.matrices:
        if len(matrix.row_labels) > MAX_TABLE_ROWS:
            return _too_many_rows(matrix.title, len(matrix.row_labels))
        if len(matrix.col_labels) > MAX_TABLE_COLUMNS:
            return (
                f"matrix {_short(matrix.title)} has {len(matrix.col_labels):,} columns, "
                f"more than the {MAX_TABLE_COLUMNS}-column limit of a report table"
            )
    if len(deal.classes) > MAX_TABLE_ROWS:
        return _too_many_rows("certificate classes", len(deal.classes))
    rows = sum(len(t.rows) for t in deal.tables) + sum(len(m.row_labels) for m in deal.matrices) + len(deal.classes)
    if rows > MAX_REPORT_ROWS:
        return f"{rows:,} table rows in all, more than the {MAX_REPORT_ROWS:,}-row limit of a report"
    return None


def check_deal(deal: Deal) -> None:
    """FilingError naming the filing when the deal is too large to render."""
    problem = deal_problem(deal)
    if problem is not None:
        raise FilingError(deal.source.path, problem)


def check_diff(diff: DealDiff) -> None:
    """FilingError naming both filings when the diff is too large to render.

    A diff lines up two deals, so its limits are twice a report's (the command line
    has already held each deal to ``check_deal``; this holds for a diff built otherwise)."""
    tables = len(diff.tables) + len(diff.matrices)
    rows = [len(t.rows) for t in diff.tables] + [len(m.row_labels) for m in diff.matrices] + [len(diff.classes)]
    problem = None
    if tables > 2 * MAX_TABLES:
        problem = f"{tables:,} tables, more than the {2 * MAX_TABLES}-table limit of a diff"
    elif max(rows) > 2 * MAX_TABLE_ROWS:
        problem = f"a table of {max(rows):,} rows, more than the {2 * MAX_TABLE_ROWS}-row limit of a diff table"
    elif sum(rows) > 2 * MAX_REPORT_ROWS:
        problem = f"{sum(rows):,} table rows in all, more than the {2 * MAX_REPORT_ROWS:,}-row limit of a diff"
    if problem is not None:
        raise FilingError(diff_name(diff), problem)


def diff_name(diff: DealDiff) -> str:
    """What a diff's one-line errors name: both filings."""
    return f"{diff.old.source_path} vs {diff.new.source_path}"


def check_pages(pages: int, name: str) -> None:
    if pages > MAX_PDF_PAGES:
        raise FilingError(name, f"the PDF would have {pages:,} pages, more than the {MAX_PDF_PAGES}-page limit")


@contextmanager
def time_limit(name: str, seconds: float | None = None) -> Iterator[None]:
    """FilingError in the block once the render has run ``seconds`` (default ``MAX_RENDER_SECONDS``)."""
    seconds = MAX_RENDER_SECONDS if seconds is None else seconds

    def stopped() -> FilingError:
        return FilingError(name, f"took longer than {seconds:g} seconds to render and was stopped")

    with stop_after(seconds, stopped):
        yield


def _too_many_rows(title: str, rows: int) -> str:
    return f"table {_short(title)} has {rows:,} rows, more than the {MAX_TABLE_ROWS}-row limit of a report table"


def _short(title: str) -> str:
    """A title fit for a one-line message (a hostile one may be megabytes long)."""
    title = " ".join(title.split())
    return repr(title if len(title) <= 60 else title[:57] + "...")
