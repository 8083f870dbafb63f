"""A deal's collateral summary as an Excel workbook: the PDF's figures, in cells an analyst can work with.

Sheets, in order: **Summary** (header facts, what the filing leaves out, the key
metrics one column per pool with the PDF's labels, eligibility and limits,
documentation bounds), **Composition** (premium and discount loans, additional
collateral), one sheet per **stratification table** (bucket, loans,
balance, then % of balance and cumulative % as live formulas of the balances and
totals as ``SUM`` formulas, with a native bar chart), the **FICO x LTV** matrix with
a colour scale, **Classes** (subordination also computed from the balances),
**Checks** and **Source**. A figure that failed a reconciliation check is shaded
red and carries the check in a comment and in the notes; a figure termsheet
derived (a share, an average) says so in the notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from reporting import __version__, formatting
from reporting.derive import metrics
from reporting.formatting import check_unit, failures, figure_flag
from reporting.model.deal import Check
from reporting.model.summary import (
    CapitalStructure,
    ClassRow,
    DealSummary,
    FigureNote,
    MatrixSummary,
    Metric,
    StatedFact,
    TableSummary,
)
from reporting.model.table_kinds import TableKind
from reporting.model.units import Unit
from reporting.present.workbook import (
    BOLD,
    CENTS,
    COUNT,
    DOLLARS,
    DOUBTED,
    FAILED,
    GENERAL_FIGURE,
    HEADING,
    NAVY,
    NOTE,
    PALE,
    SHARE,
    SUBHEADING,
    TOP,
    TOTAL,
    WRAP,
    Book,
    computed_bound_note,
    derived_said,
    is_computed_bound,
    percent_format,
    print_setup,
    ref,
    stated_decimals,
)

# A stratification table's sheet is named by what it is about; "other" tables by their title.
SHEET_NAMES = {
    TableKind.ORIGINATION_YEAR: "Year of origination",
    TableKind.DWELLING: "Dwelling type",
    TableKind.UNITS: "Units",
    TableKind.LOAN_SIZE: "Loan size",
    TableKind.NOTE_RATE: "Note rate",
    TableKind.LTV: "LTV",
    TableKind.GEOGRAPHY: "States",
}
HEATMAP_HIGH = "#6B95C0"  # the charts' sequence, mid-dark: black figures stay legible on it
DERIVED_NOTE = "derived by termsheet from the filing's figures"
# The Summary's columns, in characters: the labels, each pool's figures (at least; a range is wider), the notes.
LABEL_WIDTH = 52
FIGURE_WIDTH = 18
NOTES_WIDTH = 70


def deal_workbook(summary: DealSummary, envelope: str, encoding: str, generated_at: datetime) -> bytes:
    """The workbook's bytes (see the module's docstring)."""
    book = Book(f"{summary.deal_name} collateral summary", generated_at)
    _summary_sheet(book, summary)
    if summary.has_rate_groups or summary.has_additional_collateral:
        _composition_sheet(book, summary)
    for table in summary.tables:
        _table_sheet(book, summary, table)
    for matrix in summary.matrices:
        _matrix_sheet(book, summary, matrix)
    if summary.capital is not None:
        _classes_sheet(book, summary.capital)
    _checks_sheet(book, summary)
    _source_sheet(book, summary, envelope, encoding, generated_at)
    return book.close()


# --- Summary -----------------------------------------------------------------------------


def _summary_sheet(book: Book, summary: DealSummary) -> None:
    sheet = book.sheet("Summary")
    columns = len(summary.pools)
    figures = _figures_width(summary)
    book.width(sheet, 0, 0, LABEL_WIDTH)
    if columns:  # a truncated filing may state no pool at all
        book.width(sheet, 1, columns, figures)
    book.width(sheet, columns + 1, columns + 1, NOTES_WIDTH)
    book.text(sheet, 0, 0, f"{summary.deal_name}: {summary.kind}", **HEADING)
    book.text(sheet, 1, 0, summary.issuer)
    if summary.preliminary_note:  # the row under the issuer is empty for every other filing
        book.text(sheet, 2, 0, f"{summary.preliminary_note}.", **BOLD)
    width = figures * columns + NOTES_WIDTH  # columns B to the notes, in characters
    row = _facts(book, sheet, summary, 3)
    row = _quality_lines(book, sheet, summary, row + 1, columns + 1, width)
    if summary.metrics:
        row = _metric_block(book, sheet, summary, "Key metrics", summary.metrics, row + 1)
    else:
        book.text(sheet, row + 1, 0, "Key metrics", **SUBHEADING)
        row += 2
    for text in summary.metric_gaps:
        book.paragraph(sheet, row, 0, columns + 1, text, width + LABEL_WIDTH, **NOTE)
        row += 1
    if summary.limits:
        row = _metric_block(book, sheet, summary, "Eligibility and limits", summary.limits, row + 1)
    if summary.investment:
        row = _investment(book, sheet, summary, row if summary.limits else row + 1)
    if summary.policies:
        row = _policies(book, sheet, summary, row + 1)
    for pool in summary.pools:
        if pool.description:
            book.paragraph(
                sheet, row + 1, 0, columns + 1, f"{pool.label}: {pool.description}", width + LABEL_WIDTH, **NOTE
            )
            row += 1
    print_setup(sheet, None, landscape=columns > 2)


def _figures_width(summary: DealSummary) -> float:
    """A pool's column as wide as its widest figure as written ("$333,700 - $1,000,000"): a figure cut off
    by the next column's reads as another figure."""
    written = [
        formatting.figure(value, metric.unit, metric.bound, note.within if note else None)
        for metric in (*summary.metrics, *summary.limits)
        for value, note in zip(metric.values, metric.notes or (None,) * len(metric.values))
    ]
    return max([FIGURE_WIDTH, *(len(text) + 2 for text in written)])


def _facts(book: Book, sheet: Any, summary: DealSummary, row: int) -> int:
    facts: list[tuple] = [  # (label, value, unit), how near a figure stated as approximate is, and its decimals
        ("Series", summary.series, "text"),
        ("Kind of filing", summary.kind, "text"),
        ("Date of report", summary.date_of_report, "date"),
        ("Cut-off date", summary.cut_off_date, "date"),
    ]
    facts += [
        (label, value, "text")
        for label, value in (("Trustee", summary.trustee), ("Paying agent", summary.paying_agent))
        if value
    ]
    if summary.clean_up_call_balance is not None:
        facts.append(("Clean-up call below", summary.clean_up_call_balance, "dollars", summary.clean_up_call_within))
    facts += [_stated_fact(limit) for limit in summary.loss_limits]
    facts += [("Source file", summary.source_name, "text"), ("Tool", f"termsheet {__version__}", "text")]
    for label, value, unit, *more in facts:  # a figure stated as approximate: how near (the clean-up call's)
        book.text(sheet, row, 0, label, **BOLD)
        if unit == "text":
            book.text(sheet, row, 1, value)
        else:
            within, places = (*more, None, None)[:2]
            book.figure(sheet, row, 1, value, unit, within=within, places=places, align="left")
        if label == "Cut-off date" and summary.cut_off_doubts:
            book.comment(sheet, row, 1, figure_flag((), summary.cut_off_doubts))
        row += 1
    return row


def _stated_fact(fact: StatedFact) -> tuple:
    """A fact stated in a sentence as a row of ``_facts``: its figure where exact, else as every report writes it."""
    if not fact.exact:
        return (fact.label, fact.written, "text")
    # a loss limit stated to the cent shows its cents, as the PDF writes it ("$4,936,413.78")
    places = formatting.cents_places(fact.value) if fact.unit == Unit.DOLLARS else None
    return (fact.label, fact.value, fact.unit, None, places)


INVESTMENT_NOTE = "share of the balance, as the filing states it"
# A cell of "None" beside a note of shares read as a share not given: it is the filing saying there is none.
INVESTMENT_NONE = f'"{formatting.NONE_STATED}": the filing says no loan is secured by an investment property'


def _investment(book: Book, sheet: Any, summary: DealSummary, row: int) -> int:
    """Each pool's share secured by investment properties, under its column: a figure where exact, else as written
    ("≤ 5%", "None"); the note says what "None" means where a cell holds it."""
    book.text(sheet, row, 0, "Investment properties", **BOLD, **WRAP)
    for col, fact in enumerate(summary.investment, 1):
        if fact.exact:
            book.figure(sheet, row, col, fact.value, fact.unit, **TOP)
        else:
            book.text(sheet, row, col, fact.written, align="right", **TOP)
    nones = any(fact.written == formatting.NONE_STATED for fact in summary.investment)
    note = f"{INVESTMENT_NOTE}; {INVESTMENT_NONE}" if nones else INVESTMENT_NOTE
    book.text(sheet, row, len(summary.pools) + 1, note, **NOTE, **WRAP)
    return row + 1


def _quality_lines(book: Book, sheet: Any, summary: DealSummary, row: int, last_col: int, width: float) -> int:
    """What a reader must know before trusting a figure: failed checks, missing facts, unresolved statements."""
    checks = len(summary.checks)
    not_run = f" {summary.not_run_reason[0].upper()}{summary.not_run_reason[1:]}." if summary.not_run_reason else ""
    if summary.checks_failed:
        verdict = f"{summary.checks_failed} of {checks} reconciliation checks failed: the red figures do not agree with the rest of the filing (sheet Checks).{not_run}"
    elif summary.all_checks_passed:
        verdict = f"All {checks} reconciliation checks passed (sheet Checks)."
    elif checks:
        verdict = f"{summary.checks_sentence} (sheet Checks)."
    else:
        verdict = f"No reconciliation check could run: the filing states too little to check.{not_run}"
    lines = [("Checks", verdict, not summary.all_checks_passed)]
    if summary.missing_said:
        lines.append(
            (
                "Missing from this filing",
                summary.missing_said + " A figure it does not state is shown as \u2014, never as zero.",
                True,
            )
        )
    if summary.warnings:
        lines.append(("Read but not resolved", "; ".join(summary.warnings), True))
    for label, text, alarming in lines:
        book.text(sheet, row, 0, label, **BOLD, valign="top")
        book.paragraph(sheet, row, 1, last_col, text, width, **(FAILED if alarming else {}))
        row += 1
    return row


def _metric_block(book: Book, sheet: Any, summary: DealSummary, title: str, rows: Sequence[Metric], row: int) -> int:
    """A heading, then one row per figure: its label, a column per pool, and notes (derived, failed checks)."""
    book.text(sheet, row, 0, title, **SUBHEADING)
    notes_col = len(summary.pools) + 1
    book.header_row(sheet, row + 1, ["Metric", *(p.label for p in summary.pools), "Notes"])
    row += 2
    for metric in rows:
        book.text(sheet, row, 0, metric.label, **BOLD, **WRAP)
        column_notes = metric.notes or (None,) * len(summary.pools)
        # a share the filing states itself, in some pools' columns, is no figure termsheet derived there
        stated = [pool.label for pool, note in zip(summary.pools, column_notes) if note is not None and note.stated]
        computed = not stated or len(stated) < sum(v is not None for v in metric.values)
        notes = [DERIVED_NOTE] if _derived(metric.key) and computed else []
        notes += [f"{label}: as the filing states it" for label in stated]
        for col, (pool, value, failed, note) in enumerate(
            zip(summary.pools, metric.values, metric.failed, column_notes), 1
        ):
            doubts = note.doubts if note is not None else ()
            # The mark on the cell itself, so it goes where the number is copied: red for a failed check,
            # amber for a doubt; the comment says which (both, where both).
            style = FAILED if failed else DOUBTED if doubts and value is not None else {}
            within = note.within if note is not None else None
            book.figure(sheet, row, col, value, metric.unit, metric.bound, within, **style, **TOP)
            # a derived figure says so on the cell too, as the diff's and the shelf's workbooks do
            derived = [derived_said(note.derived_mark)] if note is not None and note.derived_from else []
            book.comment(sheet, row, col, "; ".join(filter(None, (figure_flag(failed, doubts), *derived))))
            if failed:
                notes.append(f"{pool.label}: {failures(failed)}")
            if note is not None:
                notes += _note_texts([(pool.label, note)])
        # "≤ 1.26%" holding 1.2503%: a bound computed from the filing's, said so with each figure as known
        computed = [
            (p.label, v)
            for p, v in zip(summary.pools, metric.values)
            if is_computed_bound(v, metric.unit, metric.bound)
        ]
        if computed:
            notes.insert(0, computed_bound_note(metric.bound, computed))  # type: ignore[arg-type]
        elif metric.bound is not None:
            notes.insert(0, "a bound the filing states, not a measured figure")
        book.text(sheet, row, notes_col, "; ".join(notes) if notes else "", **NOTE, **WRAP)
        row += 1
    return row


def _derived(key: str) -> bool:
    spec = metrics.BY_KEY.get(key)
    return spec is not None and spec.computed


def _policies(book: Book, sheet: Any, summary: DealSummary, row: int) -> int:
    book.text(sheet, row, 0, "Underwriting and documentation", **SUBHEADING)
    book.text(
        sheet, row, len(summary.compositions) + 1, "bounds as the filing states them, % of balance", **NOTE, **WRAP
    )
    book.header_row(sheet, row + 1, ["Policy", *(c.pool.label for c in summary.compositions)])
    row += 2
    for policy in summary.policies:
        book.text(sheet, row, 0, policy.policy, **BOLD, **WRAP)  # the filing's words: up to 120 characters
        for col, bound in enumerate(policy.cells, 1):
            value, limit, within = (bound.percent, bound.bound, bound.within) if bound else (None, None, None)
            book.figure(sheet, row, col, value, "share", limit, within, **TOP)
        row += 1
    return row


# --- Composition: premium and discount loans, additional collateral ------------------------------


def _composition_sheet(book: Book, summary: DealSummary) -> None:
    """The PDF's Composition tables beside the Summary's underwriting bounds: each pool's premium and
    discount loans, and its additional collateral loans, with what is known of each figure in the notes."""
    sheet = book.sheet("Composition")
    book.text(sheet, 0, 0, "Composition", **HEADING)
    book.text(sheet, 1, 0, "% of pool: derived by termsheet from the balances the filing states.", **NOTE)
    row = 3
    if summary.has_rate_groups:
        row = _rate_groups(book, sheet, summary, row) + 1
    if summary.has_additional_collateral:
        _additional_collateral(book, sheet, summary, row)
    book.width(sheet, 0, 1, 12)
    book.width(sheet, 2, 6, 16)
    book.width(sheet, 7, 7, NOTES_WIDTH)
    print_setup(sheet, None, landscape=True)


def _note_texts(notes: Sequence[tuple[str, FigureNote]]) -> list[str]:
    """What the PDF says beside a figure or under its column, each after what it is about ("Pool I",
    "premium WAC"): derived from what, the parser's doubts."""
    texts = []
    for about, note in notes:
        if note.derived_from:
            texts.append(f"{about}: {derived_said(note.derived_mark)} ({note.derived_from})")
        if note.doubts:
            texts.append(f"{about}: doubt: {'; '.join(note.doubts)}")
    return texts


def _rate_groups(book: Book, sheet: Any, summary: DealSummary, row: int) -> int:
    book.text(sheet, row, 0, "Premium and discount loans", **SUBHEADING)
    titles = ["Pool", "Group", "Net-rate threshold", "Balance", "% of pool", "WAC", "WAM", "Notes"]
    book.header_row(sheet, row + 1, titles)
    row += 2
    for comp in summary.compositions:
        for group in comp.rate_groups:
            side = " (at or above)" if group.label == "Premium" else " (below)"
            book.text(sheet, row, 0, comp.pool.label, **BOLD)
            book.text(sheet, row, 1, group.label + side)
            book.figure(sheet, row, 2, comp.threshold_net_rate, Unit.RATE, places=comp.threshold_places)
            failed = FAILED if comp.rate_groups_failed else {}
            book.figure(sheet, row, 3, group.balance, Unit.DOLLARS, within=group.balance_note.within, **failed)
            book.comment(sheet, row, 3, failures(comp.rate_groups_failed) if comp.rate_groups_failed else None)
            book.figure(sheet, row, 4, group.share, Unit.SHARE)
            book.figure(sheet, row, 5, group.wac, Unit.RATE, within=group.wac_note.within)
            book.figure(sheet, row, 6, group.wam_months, Unit.MONTHS, within=group.wam_note.within)
            columns = {
                "balance": group.balance_note,
                "share": group.share_note,
                "WAC": group.wac_note,
                "WAM": group.wam_note,
            }
            notes = _note_texts([(f"{group.label.lower()} {column}", note) for column, note in columns.items()])
            if comp.rate_groups_failed:
                notes.insert(0, failures(comp.rate_groups_failed))
            book.text(sheet, row, 7, "; ".join(notes), **NOTE, **WRAP)
            row += 1
    return row


def _additional_collateral(book: Book, sheet: Any, summary: DealSummary, row: int) -> int:
    book.text(sheet, row, 0, "Additional collateral loans", **SUBHEADING)
    book.text(sheet, row, 3, "pledged assets in place of a down payment", **NOTE)
    titles = ["Pool", "Loans", "Balance", "% of pool", "WA LTV with collateral", "WA LTV without", "", "Notes"]
    book.header_row(sheet, row + 1, titles)
    row += 2
    for comp in summary.compositions:
        if not comp.has_additional_collateral:
            continue
        book.text(sheet, row, 0, comp.pool.label, **BOLD)
        book.figure(sheet, row, 1, comp.additional_count, Unit.COUNT)
        book.figure(sheet, row, 2, comp.additional_balance, Unit.DOLLARS)
        book.figure(sheet, row, 3, comp.additional_share, Unit.SHARE)
        book.figure(sheet, row, 4, comp.additional_ltv_with, Unit.PERCENT)
        book.figure(sheet, row, 5, comp.additional_ltv_without, Unit.PERCENT)
        notes = _note_texts([("additional collateral share", comp.additional_share_note)])
        book.text(sheet, row, 7, "; ".join(notes), **NOTE, **WRAP)
        row += 1
    if summary.additional_whole_deal_note:
        book.text(sheet, row, 0, summary.additional_whole_deal_note, **NOTE)
        row += 1
    return row


# --- stratification tables -----------------------------------------------------------------


def _sheet_name(summary: DealSummary, kind: TableKind, title: str, pool_label: str) -> str:
    name = SHEET_NAMES.get(kind, title)
    return f"{pool_label} {name}" if summary.is_multi_pool else name


# The lines under a table's Total: the labels' column is as wide as these too, never cutting them off.
STATED_TOTAL = "Total as the filing states it"
STATED_GAP = "Rows minus the filing's total"


def _table_sheet(book: Book, summary: DealSummary, table: TableSummary) -> None:
    sheet = book.sheet(_sheet_name(summary, table.kind, table.title, table.pool.label))
    headings = [table.label_header or "Bucket", "Loans", "Balance", "% of balance"]
    headings += ["Cumulative %"] if table.ordered else []
    last_col = len(headings) - 1
    # The labels' column as wide as the longest label, up to 60 characters; a longer one wraps.
    labels = [table.label_header or "", STATED_TOTAL, STATED_GAP, *(r.label for r in table.rows)]
    widths = [min(max(map(len, labels)) + 2, 60), 9, 16]
    widths += [13] * (last_col - 2)
    for col, width in enumerate(widths):
        book.width(sheet, col, col, width)
    book.text(sheet, 0, 0, table.title, **HEADING)
    book.paragraph(
        sheet, 1, 0, last_col,
        f"{table.pool.label}. % of balance{' and cumulative %' if table.ordered else ''} are formulas of the balances "
        "(shares of the Total the filing states, as in the report; of the rows' sum where it states none) "
        "and the totals are sums: edit a row and they follow.",
        sum(widths), **NOTE,
    )  # fmt: skip
    if table.failed:
        book.paragraph(sheet, 2, 0, last_col, failures(table.failed), sum(widths), **FAILED)
    header, first = 3, 4
    last = first + len(table.rows) - 1
    total = last + 1
    stated = total + 1
    book.header_row(sheet, header, headings)

    balances = [r.balance for r in table.rows]
    sum_balance = sum(b for b in balances if b is not None)
    sum_count = sum(r.count for r in table.rows if r.count is not None)
    # Shares of what the report's are shares of: the filing's Total line, else the rows' sum.
    base_row, base = (stated, table.total_balance) if table.total_balance else (total, sum_balance)
    running = 0.0
    for offset, row in enumerate(table.rows):
        r = first + offset
        # A row the parser doubts (a figure the filing corrects, a stated share that disagrees): amber, as a
        # doubted figure of the summary is, its doubts in the label's comment.
        doubted = DOUBTED if row.note.doubts else {}
        book.text(sheet, r, 0, row.label, **doubted, **WRAP)
        book.comment(sheet, r, 0, figure_flag((), row.note.doubts))
        book.number(sheet, r, 1, row.count, COUNT, **doubted)
        book.number(sheet, r, 2, row.balance, DOLLARS, **doubted)
        if row.balance is None or not base:
            book.text(sheet, r, 3, formatting.MISSING, align="right")
        else:
            share = row.balance / base
            running += share
            book.formula(sheet, r, 3, f"={ref(r, 2)}/{ref(base_row, 2, row_abs=True)}", share, SHARE)
        if table.ordered:
            book.formula(sheet, r, 4, f"=SUM({ref(first, 3, row_abs=True)}:{ref(r, 3)})", running, SHARE)

    book.text(sheet, total, 0, "Total", **TOTAL)
    for col, result, number in (
        (1, sum_count, COUNT),
        (2, sum_balance, DOLLARS),
        (3, sum_balance / base if base else 0.0, SHARE),
    ):
        book.formula(sheet, total, col, f"=SUM({ref(first, col)}:{ref(last, col)})", result, number, **TOTAL)
    if table.ordered:
        book.text(sheet, total, 4, "", **TOTAL)
    # The Total line doubted (a figure the filing corrects) as a row is: amber, its doubts in the label's comment.
    doubts = table.total_note.doubts
    book.text(sheet, stated, 0, STATED_TOTAL, **(DOUBTED if doubts else NOTE))
    book.comment(sheet, stated, 0, figure_flag((), doubts))
    # Each stated total marked by the checks about it: a count that does not reconcile on the count.
    for col, value, number, failed in (
        (1, table.total_count, COUNT, table.count_failed),
        (2, table.total_balance, DOLLARS, table.balance_failed),
    ):
        book.number(sheet, stated, col, value, number, **(FAILED if failed else DOUBTED if doubts else {}))
        if failed:
            book.comment(sheet, stated, col, failures(failed))
    book.text(sheet, stated + 1, 0, STATED_GAP, **NOTE)
    for col, result, stated_value, number in (
        (1, sum_count, table.total_count, COUNT),
        (2, sum_balance, table.total_balance, DOLLARS),
    ):
        if stated_value is None:
            book.text(sheet, stated + 1, col, formatting.MISSING, align="right")
        else:
            book.formula(
                sheet, stated + 1, col, f"={ref(total, col)}-{ref(stated, col)}", result - stated_value, number
            )
    notes = [*table.footnotes, *(f"doubt: {doubt}" for doubt in table.doubts)]
    for offset, note in enumerate(notes, stated + 3):  # under the table, as wide as it: the chart stands beside
        book.paragraph(sheet, offset, 0, last_col, note, sum(widths), **NOTE)

    sheet.freeze_panes(first, 1)
    if table.rows:
        sheet.autofilter(header, 0, last, last_col)
        _bar_chart(book, sheet, header, first, last, last_col + 2)
    print_setup(sheet, header, landscape=True)


def _bar_chart(book: Book, sheet: Any, header: int, first: int, last: int, at_col: int) -> None:
    """% of balance by bucket, as the PDF's chart beside the table; names by cell reference, never filing text."""
    name = sheet.get_name()
    chart = book.workbook.add_chart({"type": "bar"})
    chart.add_series(
        {
            "name": [name, header, 3],
            "categories": [name, first, 0, last, 0],
            "values": [name, first, 3, last, 3],
            "fill": {"color": NAVY},
            "gap": 60,
        }
    )
    chart.set_title({"name": [name, 0, 0], "name_font": {"size": 11}})
    chart.set_legend({"none": True})
    chart.set_x_axis({"num_format": "0%", "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_y_axis({"reverse": True})  # the first bucket on top, as in the table
    rows = last - first + 1
    chart.set_size({"width": 540, "height": max(280, 20 * rows + 90)})
    sheet.insert_chart(header, at_col, chart)


# --- the FICO x LTV matrix -----------------------------------------------------------------


def _matrix_sheet(book: Book, summary: DealSummary, matrix: MatrixSummary) -> None:
    data = matrix.data
    sheet = book.sheet(f"{matrix.pool.label} {data.name}" if summary.is_multi_pool else data.name)
    cols = len(data.col_labels)
    label_width = max(len(data.row_header), *(len(x) for x in data.row_labels)) + 2
    book.width(sheet, 0, 0, label_width)
    book.width(sheet, 1, cols + 2, 14)
    width = label_width + 14 * (cols + 2)
    book.text(sheet, 0, 0, matrix.title, **HEADING)
    book.paragraph(
        sheet, 1, 0, cols + 2,
        f"% of pool balance in each cell, as the filing states it. Rows: {data.row_header}; columns: {data.col_header}.",
        width, **NOTE,
    )  # fmt: skip
    if matrix.failed:
        book.paragraph(sheet, 2, 0, cols + 2, failures(matrix.failed), width, **FAILED)
    header, first = 3, 4
    last = first + len(data.row_labels) - 1
    book.header_row(sheet, header, [data.row_header, *data.col_labels, "Total (stated)", "Sum of cells"])
    meaning = formatting.marks_meaning(data.under_bound, data.bound_note) if data.marked else ""

    def share(r: int, col: int, at: tuple[int, int], value: float | None, **style: Any) -> None:
        """A figure of the matrix; one the filing gives only as under a bound as the bound, in words
        ("<0.005%"), which SUM leaves out, with what it means."""
        if data.bound_at(*at) is None:
            book.number(sheet, r, col, None if value is None else value / 100, SHARE, **style)
        else:
            book.text(sheet, r, col, formatting.share_cell(value, data.bound_at(*at)), align="right", **style)
            book.comment(sheet, r, col, meaning)

    def summed(places: list[tuple[int, int]], values: Sequence[float]) -> float:
        """The cells' sum as the workbook's SUM finds it: without the ones written as a bound."""
        return sum(v for at, v in zip(places, values) if data.bound_at(*at) is None) / 100

    for offset, (label, cells) in enumerate(zip(data.row_labels, data.cells)):
        r = first + offset
        book.text(sheet, r, 0, label, **BOLD)
        for col, value in enumerate(cells, 1):
            share(r, col, (offset, col - 1), value)
        share(r, cols + 1, (offset, cols), data.row_totals[offset] if data.row_totals else None, **TOTAL)
        row_sum = summed([(offset, c) for c in range(len(cells))], cells)
        book.formula(sheet, r, cols + 2, f"=SUM({ref(r, 1)}:{ref(r, cols)})", row_sum, SHARE, **NOTE)
    totals, sums = last + 1, last + 2
    rows = len(data.row_labels)
    book.text(sheet, totals, 0, "Total (stated)", **TOTAL)
    book.text(sheet, sums, 0, "Sum of cells", **NOTE)
    for col in range(1, cols + 1):
        share(totals, col, (rows, col - 1), data.col_totals[col - 1] if data.col_totals else None, **TOTAL)
        column_sum = summed([(r, col - 1) for r in range(rows)], [row[col - 1] for row in data.cells])
        book.formula(sheet, sums, col, f"=SUM({ref(first, col)}:{ref(last, col)})", column_sum, SHARE, **NOTE)
    share(totals, cols + 1, (rows, cols), data.grand_total, **TOTAL, **(FAILED if matrix.failed else {}))
    if matrix.failed:
        book.comment(sheet, totals, cols + 1, failures(matrix.failed))
    grand = sum(summed([(r, c) for c in range(len(row))], row) for r, row in enumerate(data.cells))
    book.formula(sheet, sums, cols + 2, f"=SUM({ref(first, 1)}:{ref(last, cols)})", grand, SHARE, **NOTE)
    notes = [*data.footnotes, *(f"doubt: {doubt}" for doubt in data.warnings)]
    for offset, note in enumerate(notes, sums + 2):  # under the matrix, as its table's are under a table
        book.paragraph(sheet, offset, 0, cols + 2, note, width, **NOTE)
    sheet.conditional_format(
        first, 1, last, cols, {"type": "2_color_scale", "min_color": PALE, "max_color": HEATMAP_HIGH}
    )
    sheet.freeze_panes(first, 1)
    print_setup(sheet, header, landscape=True)


# --- classes -----------------------------------------------------------------------------


def _classes_sheet(book: Book, capital: CapitalStructure) -> None:
    sheet = book.sheet("Classes")
    widths = (26, 18, 14, 22, 22, 22, 22)
    for col, width in enumerate(widths):
        book.width(sheet, col, col, width)
    book.text(sheet, 0, 0, "Capital structure", **HEADING)
    book.paragraph(
        sheet, 1, 0, len(widths) - 1,
        # Which classes are junior not known (loan groups' own juniors, a name of no rank): no level is
        # computed, the column stays empty, and the note says why.
        capital.GROUPED_NOTE if capital.grouped else capital.UNRANKED_NOTE if capital.juniors is None else
        "Subordination level: the balance of all classes junior to a class, as % of the deal balance. "
        "The filing's figure, then the same computed from the balances (a formula).",
        sum(widths), **NOTE,
    )  # fmt: skip
    header, first = 3, 4
    classes = capital.classes
    last = first + len(classes) - 1
    total, deal = last + 1, last + 2
    book.header_row(
        sheet,
        header,
        [
            "Class",
            "Initial balance",
            "% of deal",
            "Subordination level (stated)",
            "Subordination from balances",
            "Difference (pp)",
            "Notional balance (interest only)",
        ],
    )
    deal_balance = capital.deal_balance
    deal_ref = ref(deal, 1, row_abs=True, col_abs=True)
    for offset, cls in enumerate(classes):
        r = first + offset
        book.text(sheet, r, 0, cls.name, **BOLD)
        if cls.notional:
            _notional_class_row(book, sheet, r, cls)
            continue
        # red for a failed check, amber for a doubt, the comment saying which, as a key metric's cell
        style = _class_style(cls.failed, cls.level_note, cls.subordination_level)
        balance_style = _class_style(cls.balance_failed, cls.balance_note, cls.balance)
        book.number(sheet, r, 1, cls.balance, CENTS if cls.cents else DOLLARS, **balance_style)
        book.comment(sheet, r, 1, figure_flag(cls.balance_failed, cls.balance_note.doubts))
        if cls.balance is not None and deal_balance:
            book.formula(
                sheet,
                r,
                2,
                f"={ref(r, 1)}/{deal_ref}",
                cls.balance / deal_balance,
                percent_format(formatting.CLASS_SHARE_PLACES),
            )
        else:
            book.text(sheet, r, 2, formatting.MISSING, align="right")
        stated = cls.subordination_level
        places = stated_decimals(stated, 12) if stated is not None else formatting.SUBORDINATION_PLACES
        book.number(sheet, r, 3, None if stated is None else stated / 100, percent_format(places), **style)
        book.comment(sheet, r, 3, figure_flag(cls.failed, cls.level_note.doubts))
        rows = list(capital.juniors[offset]) if capital.juniors is not None else []
        juniors = [classes[j].balance for j in rows]
        if juniors and None not in juniors and deal_balance:
            computed = sum(juniors) / deal_balance
            if rows == list(range(rows[0], len(classes))):
                summed = f"SUM({ref(first + rows[0], 1)}:{ref(last, 1)})"
            else:
                summed = "(" + "+".join(ref(first + j, 1) for j in rows) + ")"
            book.formula(sheet, r, 4, f"={summed}/{deal_ref}", computed, percent_format(max(places, 4)))
            if stated is not None:
                book.formula(
                    sheet, r, 5, f"=({ref(r, 3)}-{ref(r, 4)})*100", stated - computed * 100, '0.000000000" pp"'
                )
            else:
                book.text(sheet, r, 5, formatting.MISSING, align="right")
        else:
            book.text(sheet, r, 4, formatting.MISSING, align="right")
            book.text(sheet, r, 5, formatting.MISSING, align="right")
    known = [c.balance for c in classes if c.balance is not None and not c.notional]
    book.text(sheet, total, 0, "Total", **TOTAL)
    book.formula(
        sheet,
        total,
        1,
        f"=SUM({ref(first, 1)}:{ref(last, 1)})",
        sum(known),
        CENTS if capital.total_cents else DOLLARS,
        **TOTAL,
        **(FAILED if capital.failed else {}),
    )
    if capital.failed:
        book.comment(sheet, total, 1, failures(capital.failed))
    book.text(sheet, deal, 0, "Deal balance (all loans)", **NOTE)
    book.number(sheet, deal, 1, deal_balance, CENTS if capital.deal_cents else DOLLARS)
    book.text(sheet, deal + 1, 0, "Classes minus the deal", **NOTE)
    if deal_balance is not None:
        book.formula(sheet, deal + 1, 1, f"={ref(total, 1)}-{ref(deal, 1)}", sum(known) - deal_balance, CENTS)
    if capital.has_notional:
        book.text(sheet, deal + 2, 0, capital.NOTIONAL_NOTE, **NOTE)
    sheet.freeze_panes(first, 1)
    print_setup(sheet, header)


def _class_style(failed: tuple[Check, ...], note: FigureNote, value: float | None) -> dict:
    """A class figure's cell style: red for a failed check about it, amber for a doubt on a figure shown."""
    return FAILED if failed else DOUBTED if note.doubts and value is not None else {}


def _notional_class_row(book: Book, sheet: Any, r: int, cls: ClassRow) -> None:
    """An interest-only class: its notional balance in a column of its own, so no SUM of the principal
    balances (the Total, a level from balances) takes it in; no share of the deal, no level."""
    for col in range(1, 6):
        book.text(sheet, r, col, formatting.NOT_PRINCIPAL, align="right")
    book.number(sheet, r, 6, cls.notional_balance, CENTS)


# --- checks and source ---------------------------------------------------------------------


def _checks_sheet(book: Book, summary: DealSummary) -> None:
    sheet = book.sheet("Checks")
    book.text(sheet, 0, 0, "Reconciliation checks", **HEADING)
    row = _quality_lines(book, sheet, summary, 2, 6, 52 + 4 * 18 + 9)
    header = row + 1
    book.header_row(
        sheet,
        header,
        [
            "Subject",
            "Check",
            "Stated",
            "Found",
            "Difference",
            "Tolerance",
            "Verdict",
            "Allowed for",
            "Compares",
            "Unit",
        ],
    )
    row = header + 1
    for group in summary.check_groups:
        for check in group.checks:
            style = {} if check.passed else FAILED
            book.text(sheet, row, 0, group.heading, **style, **WRAP)
            book.text(sheet, row, 1, check.name, **style, **WRAP)
            # the difference at the figures' own precision: -0.37, never -0.3700000047683716
            figures = (check.expected, check.actual, formatting.check_difference(check), check.tolerance)
            for col, value in enumerate(figures, 2):
                if check.unit == Unit.DATE and col < 4:  # a check of dates: its two figures are dates, shown so
                    book.figure(sheet, row, col, formatting.check_date(value), "date", **style, **TOP)
                else:
                    book.number(sheet, row, col, value, GENERAL_FIGURE, **style, **TOP)
            book.text(sheet, row, 6, "passed" if check.passed else "FAILED", **style, **TOP)
            # figures the filing gives in whole dollars or approximately: what the tolerance allows for them
            book.text(sheet, row, 7, check.allowance, **style, **WRAP)
            # what it sets against what, in its kind's words (``check_kinds``), as the reports' line says it
            book.text(sheet, row, 8, check.compares, **style, **WRAP)
            book.text(sheet, row, 9, check_unit(check.unit), **style, **TOP)
            row += 1
    if summary.checks:
        sheet.autofilter(header, 0, row - 1, 9)
    book.width(sheet, 0, 0, 40)
    book.width(sheet, 1, 1, 52)
    book.width(sheet, 2, 5, 18)
    book.width(sheet, 6, 6, 9)
    book.width(sheet, 7, 7, 52)
    book.width(sheet, 8, 8, 52)
    book.width(sheet, 9, 9, 24)
    sheet.freeze_panes(header + 1, 0)
    print_setup(sheet, header, landscape=True)


def _source_sheet(book: Book, summary: DealSummary, envelope: str, encoding: str, generated_at: datetime) -> None:
    sheet = book.sheet("Source")
    book.text(sheet, 0, 0, "Source", **HEADING)
    rows = (
        ("File", summary.source_name),
        ("SHA-256", summary.source_sha256),
        ("Envelope", envelope),
        ("Encoding", encoding),
        ("Issuer", summary.issuer),
        ("Tool", f"termsheet {__version__}"),
        ("Generated (UTC)", f"{generated_at:%Y-%m-%d %H:%M:%S}"),
    )
    for row, (label, value) in enumerate(rows, 2):
        book.text(sheet, row, 0, label, **BOLD, **TOP)
        book.text(sheet, row, 1, value, **WRAP)  # a file's name may be long
    book.text(
        sheet, len(rows) + 3, 1,
        "Figures are as the filing states them. Figures termsheet computed say so in the Summary's notes; a figure "
        "that failed a reconciliation check is shaded red, one the parser doubts amber, with the check or the doubt "
        "in its comment.",
        **WRAP,
    )  # fmt: skip
    book.width(sheet, 0, 0, 18)
    book.width(sheet, 1, 1, 70)
    print_setup(sheet, None)
