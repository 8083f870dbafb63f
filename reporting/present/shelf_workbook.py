"""The shelf as data: one row per deal with its key metrics, and every deal's long table, in one workbook.

``deal_rows`` turns long tables (``present/long_table.py``, of one deal or of many
concatenated) into one row per deal; ``shelf_workbook`` writes the rows, and the long
table as a second sheet, as an Excel workbook. Neither knows about the batch: any
caller with long tables (the batch's ``OUT/shelf.xlsx``, a notebook, a shelf-history
report) gets the same workbook.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd

from reporting import formatting
from reporting.derive import metrics
from reporting.model.deal import kind_label
from reporting.model.shelf import ShelfReport, Standing
from reporting.model.summary import derived_mark
from reporting.model.units import Unit
from reporting.present.long_table import COLUMNS
from reporting.present.workbook import (
    BOLD,
    COUNT,
    DOLLARS,
    FAILED,
    FORMULA_STARTS,
    GENERAL_FIGURE,
    HEADING,
    LONG_DATE,
    NOTE,
    TOP,
    WRAP,
    Book,
    derived_said,
    print_setup,
    wrapped_lines,
)

WHO = ("deal", "kind", "date_of_report", "cut_off_date")
DATES = ("date_of_report", "cut_off_date")
DATE_WIDTH = 19  # "September 30, 2004" whole: a date cut off by its column's width shows as "#####"
# The columns of a deal row: who, the whole deal's key metrics (catalogue keys), its checks, what it misses.
COUNT_HALVES = "#,##0.0"  # a median of loan counts midway between two deals'
DEAL_COLUMNS = (*WHO, *metrics.KEY_METRICS, "checks_passed", "checks_total", "missing", "source_file", "source_sha256")
HEADINGS = {
    "deal": "Deal",
    "kind": "Kind",
    "date_of_report": "Date of report",
    "cut_off_date": "Cut-off date",
    "checks_passed": "Checks passed",
    "checks_total": "Checks run",
    "missing": "Missing from the filing",
    "source_file": "Source file",
    "source_sha256": "SHA-256",
} | {key: metrics.BY_KEY[key].label for key in metrics.KEY_METRICS}
EXCEL_ROWS = 1_048_576  # Excel's limit per sheet, the heading row included
WHOLE_DEAL = "all"


def deal_rows(long_table: pd.DataFrame) -> pd.DataFrame:
    """One row per filing (by SHA-256) in ``long_table``, in the order they first appear: ``DEAL_COLUMNS``,
    and for each key metric what the reports say beside it (``flag_column``: failed checks, doubts).

    The key metrics are the whole deal's ("all" pool), in the deal JSON's units; a
    figure the filing does not state is missing (NA), never zero.
    """
    section, sha = long_table["section"], "source_sha256"
    rows = long_table.drop_duplicates(sha).set_index(sha)[[*WHO, "source_file"]]
    whole = long_table[(section == "metric") & (long_table["pool"] == WHOLE_DEAL)]
    figures = whole.pivot(index=sha, columns="metric", values="value").reindex(columns=list(metrics.KEY_METRICS))
    checks = long_table[section == "check"].assign(passed=lambda t: t["as_printed"] == "passed")
    counts = checks.groupby(sha).agg(checks_passed=("passed", "sum"), checks_total=("passed", "size"))
    missing = long_table[section == "missing"].groupby(sha)["bucket"].agg("; ".join).rename("missing")
    flags = whole.pivot(index=sha, columns="metric", values="flag").reindex(columns=list(metrics.KEY_METRICS))
    flags.columns = [flag_column(key) for key in flags.columns]
    withins = whole.pivot(index=sha, columns="metric", values="approximate_within")
    withins = withins.reindex(columns=list(metrics.KEY_METRICS))
    withins.columns = [within_column(key) for key in withins.columns]
    derived = whole.pivot(index=sha, columns="metric", values="derived")
    marks = pd.DataFrame(
        {
            derived_column(key): [_derived_mark(key, r) for r in derived.to_dict("records")]
            for key in metrics.KEY_METRICS
        },
        index=derived.index,
        dtype="object",
    )
    rows = rows.join(figures).join(counts).join(missing).join(flags).join(withins).join(marks)
    rows[["checks_passed", "checks_total"]] = rows[["checks_passed", "checks_total"]].fillna(0)
    rows["missing"] = rows["missing"].astype("object").where(rows["missing"].notna(), None)
    frame = rows.reset_index()[
        [
            *DEAL_COLUMNS,
            *map(flag_column, metrics.KEY_METRICS),
            *map(within_column, metrics.KEY_METRICS),
            *map(derived_column, metrics.KEY_METRICS),
        ]
    ]
    return frame.astype(
        {key: "Float64" for key in metrics.KEY_METRICS}
        | {within_column(key): "Float64" for key in metrics.KEY_METRICS}
        | {"checks_passed": "Int64", "checks_total": "Int64"}
    )


def flag_column(key: str) -> str:
    """The column of ``deal_rows`` saying what the reports say beside the key metric ``key``."""
    return f"{key}:flag"


def derived_column(key: str) -> str:
    """The column of ``deal_rows`` saying what the key metric ``key`` is derived from, where the filing does not
    state it (the long table's ``derived``): the mark the PDF says beside it, "derived from the pools"; NA where
    the filing states it."""
    return f"{key}:derived"


# A figure termsheet computes from the deal's own stated figures (an average, a share of the balance).
COMPUTED_MARK = "computed by termsheet from the filing's figures"


def _derived_mark(key: str, derived: dict[str, object]) -> str | None:
    """What the whole deal's figure ``key`` is derived from, from the long table's ``derived`` of the deal's
    figures: from the pools where the figure, or one it is computed from, is summed from them; else computed."""
    if not _known(derived.get(key)) or not derived[key]:
        return None
    spec = metrics.BY_KEY[key]
    if spec.derivation is not None:  # derived from what the filing prints, not from its pools (the FICO rows)
        return "derived by termsheet"
    from_pools = not spec.computed or any(_known(derived.get(f)) and derived[f] for f in spec.sources)
    return derived_mark() if from_pools else COMPUTED_MARK


def within_column(key: str) -> str:
    """The column of ``deal_rows`` saying how near the filing states the key metric ``key`` where it states it as
    approximate (the long table's ``approximate_within``); NA where it states it exactly."""
    return f"{key}:approximate_within"


def shelf_workbook(deals: pd.DataFrame, long_table: pd.DataFrame | None, generated_at: datetime) -> bytes:
    """Sheet "Deals" (one row per deal: ``deal_rows``'s columns) and, when given, sheet "Long table"."""
    book = Book("termsheet shelf", generated_at)
    _deals_sheet(book, deals)
    if long_table is not None:
        _long_table_sheet(book, long_table)
    return book.close()


def _deals_sheet(book: Book, deals: pd.DataFrame) -> None:
    sheet = book.sheet("Deals")
    book.text(sheet, 0, 0, f"{len(deals)} deal{'s' * (len(deals) != 1)}: the whole deal's key metrics", **HEADING)
    book.text(
        sheet,
        1,
        0,
        "A dash: the filing does not state the figure. A red Checks cell: some reconciliation checks failed."
        " A red figure: one of its checks failed or the parser doubts it; its comment says which."
        " A figure the filing does not state, which termsheet derived, says so in its comment.",
        **NOTE,
    )
    columns = [c for c in DEAL_COLUMNS if c in deals.columns and c != "source_sha256"]  # the long table has it
    header = 3
    book.header_row(sheet, header, [HEADINGS.get(c, c) for c in columns])
    for row, record in enumerate(deals.to_dict("records"), header + 1):
        failed = _known(record.get("checks_total")) and record.get("checks_passed") != record.get("checks_total")
        for col, column in enumerate(columns):
            value = record[column]
            if column in metrics.BY_KEY:
                spec, flag = metrics.BY_KEY[column], record.get(flag_column(column))
                flagged = _known(flag) and bool(flag)
                within = record.get(within_column(column))
                book.figure(
                    sheet,
                    row,
                    col,
                    value if _known(value) else None,
                    spec.unit,
                    spec.bound,
                    float(within) if _known(within) else None,
                    **(FAILED if flagged else {}),
                )
                mark = record.get(derived_column(column))
                said = [derived_said(mark)] if _known(mark) and mark else []
                # the failed check or the doubt first, as the reports put it; then what the figure is derived from
                book.comment(sheet, row, col, "; ".join([*([flag] if flagged else []), *said]) or None)
            elif column in ("checks_passed", "checks_total"):
                book.number(sheet, row, col, value if _known(value) else None, COUNT, **(FAILED if failed else {}))
            elif column == "missing":
                book.text(sheet, row, col, value if _known(value) else "", **(FAILED if _known(value) else {}), **WRAP)
            elif column == "kind":
                book.text(sheet, row, col, kind_label(value if _known(value) else None))
            elif column in DATES:
                _date_cell(book, sheet, row, col, value if _known(value) else None)
            else:
                book.text(sheet, row, col, value if _known(value) else None, **(BOLD if column == "deal" else {}))
    last = header + len(deals)
    book.width(sheet, 0, 0, 16)
    book.width(sheet, 1, 1, 22)
    book.width(sheet, 2, 3, DATE_WIDTH)
    book.width(sheet, 4, len(columns) - 1, 15)
    if "missing" in columns:
        book.width(sheet, columns.index("missing"), columns.index("missing"), 40)
    sheet.freeze_panes(header + 1, 1)
    if len(deals):
        sheet.autofilter(header, 0, last, len(columns) - 1)
    print_setup(sheet, header, landscape=True)


def _date_cell(book: Book, sheet: Any, row: int, col: int, text: str | None) -> None:
    """A long table's date ("2004-05-01") as the deal workbook writes a date: a real one, "May 1, 2004", that sorts
    and filters as a date. Text that is no ISO date (a long table edited by hand) stays the text it is."""
    try:
        value = date.fromisoformat(text) if text else None
    except ValueError:
        book.text(sheet, row, col, text)
        return
    book.figure(sheet, row, col, value, Unit.DATE, align="left")


def _known(value) -> bool:
    return value is not None and not (isinstance(value, float) and value != value) and value is not pd.NA


# Columns the Long table sheet writes wider than the rest: a long date and a kind in words whole.
LONG_WIDTHS = {"kind": 22, "date_of_report": DATE_WIDTH, "cut_off_date": DATE_WIDTH}
LONG_FORMATS = {
    "position": COUNT,
    "loans": COUNT,
    "balance": DOLLARS,
    "pct_of_balance": "0.00",
    "value": GENERAL_FIGURE,
    "approximate_within": GENERAL_FIGURE,
}


def _long_table_sheet(book: Book, table: pd.DataFrame) -> None:
    """The long table's rows and columns as in the CSV, shares in percent (47.91 is 47.91%) as the JSON has them,
    but read as the Deals sheet is: the kind in words and dates as real dates. The CSV and Parquet keep the raw
    kind and ISO dates: analysts' code reads those; a spreadsheet reader sorts and filters these.

    Written cell by cell without the helpers: a shelf of a thousand deals is a million cells.
    """
    sheet = book.sheet("Long table")
    columns = [c for c in COLUMNS if c in table.columns]
    book.header_row(sheet, 0, columns)
    fits = min(len(table), EXCEL_ROWS - 2)
    quoted = book.format(None, quote_prefix=True)  # filing text that starts as a formula would (workbook.py)
    for col, column in enumerate(columns):
        values = table[column].head(fits).tolist()
        if column in LONG_FORMATS:
            number = book.format(LONG_FORMATS[column])
            for row, value in enumerate(values, 1):
                if _known(value):
                    sheet.write_number(row, col, float(value), number)
        elif column == "derived":
            for row, value in enumerate(values, 1):
                if _known(value):
                    sheet.write_boolean(row, col, bool(value))
        elif column == "kind":
            labels: dict[str | None, str] = {}  # a deal's kind repeats on each of its rows: one look-up per kind
            for row, value in enumerate(values, 1):
                text = value if isinstance(value, str) else None
                sheet.write_string(row, col, labels.setdefault(text, kind_label(text)))
        elif column in DATES:
            _long_dates(book, sheet, col, values, quoted)
        else:
            for row, value in enumerate(values, 1):
                if isinstance(value, str):
                    sheet.write_string(row, col, value, quoted if value.startswith(FORMULA_STARTS) else None)
    if fits < len(table):  # Excel's limit: the CSV has every row
        book.text(sheet, fits + 1, 0, f"{len(table) - fits:,} more rows than a sheet holds: see shelf.csv", **FAILED)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(fits, 1), len(columns) - 1)
    book.width(sheet, 0, len(columns) - 1, 14)
    for column, width in LONG_WIDTHS.items():
        if column in columns:
            book.width(sheet, columns.index(column), columns.index(column), width)


def _long_dates(book: Book, sheet: Any, col: int, values: list, quoted: Any) -> None:
    """A column of ISO dates ("2004-05-01") as real dates, "May 1, 2004", as ``_date_cell`` writes them; text that is
    no ISO date (a long table edited by hand) stays the text it is."""
    number = book.format(LONG_DATE)
    parsed: dict[str, datetime | None] = {}  # a deal's dates repeat on each of its rows: parse each once
    for row, value in enumerate(values, 1):
        if not isinstance(value, str):
            continue
        if value not in parsed:
            try:
                day = date.fromisoformat(value)
                parsed[value] = datetime(day.year, day.month, day.day)
            except ValueError:
                parsed[value] = None
        if (stamp := parsed[value]) is not None:
            sheet.write_datetime(row, col, stamp, number)
        else:
            sheet.write_string(row, col, value, quoted if value.startswith(FORMULA_STARTS) else None)


# --- the shelf history (`termsheet shelf --format xlsx`) ----------------------------------


def history_workbook(report: ShelfReport, generated_at: datetime, long_table: pd.DataFrame | None = None) -> bytes:
    """Sheet "Standing" (the deal in focus against the window: median, range, percentile, sentence), sheet
    "Deals" (every deal of the shelf in date order, a column per figure; a gap where a deal is silent) and,
    when the folder holds a batch's long table (OUT/shelf.csv), sheet "Long table": so OUT/shelf.xlsx
    holds what the batch's shelf workbook holds, and the history besides."""
    book = Book("termsheet shelf history", generated_at)
    _standing_sheet(book, report)
    _history_sheet(book, report)
    if long_table is not None:
        _long_table_sheet(book, long_table)
    return book.close()


def _standing_sheet(book: Book, report: ShelfReport) -> None:
    sheet = book.sheet("Standing")
    focus = report.focus_deal
    book.text(
        sheet,
        0,
        0,
        f"{focus.name} against the last {len(report.window_deals)} deals of the shelf, itself included",
        **HEADING,
    )
    book.text(sheet, 1, 0, report.headline, **NOTE)
    if report.cautions:
        book.text(sheet, 2, 0, " ".join(f"Caution: {c}" for c in report.cautions), **NOTE)
    header = 3
    book.header_row(
        sheet,
        header,
        ["Figure", focus.label, "Median", "Lowest", "Highest", "Percentile", "Deals stating or derived", "Note"],
    )
    for row, standing in enumerate(report.standings, header + 1):
        unit, bound = standing.unit.value, standing.bound.value if standing.bound else None
        book.text(sheet, row, 0, standing.label, **BOLD, **WRAP)
        marked = standing.unreconciled or standing.doubted
        book.figure(sheet, row, 1, standing.value, unit, bound, standing.within, **(FAILED if marked else {}), **TOP)
        _median_cell(book, sheet, row, standing)
        for col, (value, within) in enumerate(zip((standing.low, standing.high), standing.range_withins), 3):
            book.figure(sheet, row, col, value, unit, bound, within, **TOP)
        book.number(sheet, row, 5, standing.percentile, "0", **TOP)
        book.number(sheet, row, 6, standing.stated, COUNT, **TOP)
        if standing.derived_count:  # the count holds deals whose figure termsheet derived: say how many
            book.comment(sheet, row, 6, f"{standing.derived_count} derived, not stated by the filing")
        said = _said_of(standing.unreconciled, standing.doubted, standing.derived_mark if standing.derived else None)
        note = "; ".join(filter(None, (standing.sentence, said)))
        book.text(sheet, row, 7, note, **NOTE, **WRAP)
    book.width(sheet, 0, 0, 34)
    book.width(sheet, 1, 6, 14)
    book.width(sheet, 7, 7, 60)
    sheet.freeze_panes(header + 1, 1)
    print_setup(sheet, header, landscape=True)


def _median_cell(book: Book, sheet: Any, row: int, standing: Standing) -> None:
    """The median as the PDF writes it (``formatting.median``): of bounds a bound ("≤ 15%"), as every bound is
    written, and of counts maybe a half; what it is (of the stated caps) in the cell's comment."""
    unit, bound = standing.unit.value, standing.bound.value if standing.bound else None
    value, within = standing.median, standing.median_within
    said = formatting.median_note(value, unit, bound, within) if value is not None else None
    if said is None:
        book.figure(sheet, row, 2, value, unit, bound, within, **TOP)
        return
    if bound is not None:
        book.figure(sheet, row, 2, value, unit, bound, within, **TOP)
    else:
        book.number(sheet, row, 2, value, COUNT_HALVES, **TOP)
    book.comment(sheet, row, 2, f"median {said}")


def _said_of(unreconciled: bool, doubted: bool, derived: str | None = None) -> str | None:
    """What the workbook says of a deal's figure that failed a check in its filing, that the parser doubted, or
    that termsheet derived (``derived``: the mark the PDF says beside it, "derived from the pools")."""
    said = [derived_said(derived)] if derived else []
    if unreconciled:
        said.append("did not reconcile in its filing")
    elif doubted:
        said.append("the parser doubted it: see that deal's report")
    return "; ".join(said) or None


INVESTMENT_HEADING = "Investment properties (% of balance)"


def _history_sheet(book: Book, report: ShelfReport) -> None:
    sheet = book.sheet("Deals")
    book.text(
        sheet, 0, 0, f"{len(report.deals)} deals in cut-off date order; a dash: the filing does not state it", **HEADING
    )
    header = 2
    terms = [*report.loss_limit_labels, INVESTMENT_HEADING]  # after the figures: as each deal's filing writes them
    book.header_row(sheet, header, ["Series", "Cut-off date", "Kind", *(s.label for s in report.series), *terms])
    not_given = {(gap.key, gap.index): gap.reason for gap in report.not_given}
    for row, deal in enumerate(report.deals, header + 1):
        book.text(sheet, row, 0, deal.label, **BOLD)
        book.figure(sheet, row, 1, deal.cut_off_date, Unit.DATE, align="left")
        book.text(sheet, row, 2, kind_label(deal.kind))
        for col, series in enumerate(report.series, 3):
            index = row - header - 1
            unreconciled, doubted = series.unreconciled[index], series.doubted[index]
            book.figure(
                sheet,
                row,
                col,
                series.values[index],
                series.unit.value,
                series.bound.value if series.bound else None,
                series.within(index),
                **(FAILED if unreconciled or doubted else {}),
            )
            mark = series.derived_mark(index) if series.is_derived(index) else None
            said = _said_of(unreconciled, doubted, mark) or not_given.get((series.key, index))
            book.comment(sheet, row, col, said)
        # "None": the filing says there is no limit (none of the loans); the dash: it does not state it
        for col, written in enumerate((*deal.loss_limits, deal.investment), 3 + len(report.series)):
            book.text(sheet, row, col, formatting.MISSING if written is None else written, align="right")
    book.width(sheet, 0, 0, 14)
    book.width(sheet, 1, 1, DATE_WIDTH)
    book.width(sheet, 2, 2, 22)
    for col, label in enumerate([*(s.label for s in report.series), *terms], 3):
        book.width(sheet, col, col, _heading_width(label))
    sheet.freeze_panes(header + 1, 1)
    if report.deals:
        sheet.autofilter(header, 0, header + len(report.deals), 2 + len(report.series) + len(terms))
    print_setup(sheet, header, landscape=True)


def _heading_width(heading: str, least: float = 15, most: float = 30, lines: int = 3) -> float:
    """A figure's column as wide as its heading needs to take at most ``lines`` lines (``wrapped_lines``, as the
    header row's height is made), ``least`` to ``most`` characters: a long policy's name in a column 15 wide took
    five, and the header row was as tall."""
    width = least
    while width < most and wrapped_lines(heading, width) > lines:
        width += 1
    return width
