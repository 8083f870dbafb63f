"""The diff of two deals as an Excel workbook (`termsheet diff --format xlsx`).

Sheets: **Summary** (both deals, the pools compared, the headline, the key
changes, what could not be compared, both data-quality verdicts), **Metrics**
(every pool figure side by side: old, new, the change as a formula in the
figure's unit, bp for rates and pp for shares, and the relative change), one
sheet per table both deals state (bucket by bucket: loans, balance and % of
balance on each side, the change in pp as a formula of the two shares as
printed), the percent matrices (old, new, change) and the **Classes**.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from reporting import formatting
from reporting.model.diff import (
    Alignment,
    ClassDiff,
    DealDiff,
    DealSide,
    Grid,
    MatrixDiff,
    MetricChange,
    Presence,
    Side,
    TableDiff,
)
from reporting.model.units import Unit
from reporting.present.deal_workbook import SHEET_NAMES
from reporting.present.workbook import (
    BOLD,
    BP,
    BP_TENTHS,
    COUNT,
    DOLLARS,
    FAILED,
    HEADING,
    NOTE,
    PP,
    SHARE,
    SUBHEADING,
    TOP,
    WRAP,
    Book,
    cell,
    computed_bound_note,
    derived_said,
    is_computed_bound,
    points_format,
    print_setup,
    ref,
)

# A change written with its sign, in the unit of the figure (formatting.change_by_unit).
SIGNED = {
    Unit.DOLLARS: "+$#,##0;-$#,##0;$0",
    Unit.COUNT: "+#,##0;-#,##0;0",
    Unit.MONTHS: '+0.00" mo";-0.00" mo";0.00" mo"',
    Unit.YEARS: '+0.##" years";-0.##" years";0" years"',
}
SIGNED_CENTS = "+$#,##0.00;-$#,##0.00;$0.00"  # between loss limits stated to the cent (``MetricChange.change_places``)
RELATIVE = "+0.0%;-0.0%;0.0%"


def diff_workbook(diff: DealDiff, generated_at: datetime) -> bytes:
    book = Book(f"{_side_name(diff.old)} vs {_side_name(diff.new)}", generated_at)
    _summary_sheet(book, diff)
    _metrics_sheet(book, diff)
    for table in diff.tables:
        if table.alignment not in (Alignment.OLD_ONLY, Alignment.NEW_ONLY):
            _table_sheet(book, diff, table)
    for matrix in diff.matrices:
        if matrix.alignment not in (Alignment.OLD_ONLY, Alignment.NEW_ONLY):
            _matrix_sheet(book, diff, matrix)
    if any(c.presence == Presence.BOTH for c in diff.classes):  # classes of one deal alone: listed in the Summary
        _classes_sheet(book, diff)
    return book.close()


def _side_name(side: DealSide) -> str:
    return side.name if side.pool == "all" else f"{side.name} {side.pool_label}"


# --- Summary -----------------------------------------------------------------------------


SUMMARY_WIDTHS = (26, 48, 48)  # the Summary's label, old and new columns, in characters


def _summary_sheet(book: Book, diff: DealDiff) -> None:
    sheet = book.sheet("Summary")
    book.width(sheet, 0, 0, SUMMARY_WIDTHS[0])
    book.width(sheet, 1, 2, SUMMARY_WIDTHS[1])
    book.text(sheet, 0, 0, f"{_side_name(diff.old)} vs {_side_name(diff.new)}", **HEADING)
    book.text(sheet, 1, 0, diff.headline, **BOLD)
    book.header_row(sheet, 3, ["", "Old", "New"])
    facts = (
        ("Deal", diff.old.name, diff.new.name),
        ("Kind of filing", _kind(diff.old), _kind(diff.new)),
        ("Pool compared", diff.old.pool_label, diff.new.pool_label),
        (
            "Date of report",
            formatting.long_date(diff.old.date_of_report),
            formatting.long_date(diff.new.date_of_report),
        ),
        ("Cut-off date", formatting.long_date(diff.old.cut_off_date), formatting.long_date(diff.new.cut_off_date)),
        ("Source file", _file_name(diff.old.source_path), _file_name(diff.new.source_path)),
        ("Data quality", diff.old.quality.verdict, diff.new.quality.verdict),
    )
    row = 4
    for label, old, new in facts:
        book.text(sheet, row, 0, label, **BOLD)
        for col, (text, side) in enumerate(((old, diff.old), (new, diff.new)), 1):
            alarming = label == "Data quality" and not side.quality.reconciled
            book.text(sheet, row, col, text, **WRAP, **(FAILED if alarming else {}))
        row += 1
    book.text(sheet, row, 0, "Thresholds", **BOLD)
    book.text(sheet, row, 1, diff.thresholds.in_words())
    row = _lines(book, sheet, "Key changes, largest first", [k.sentence for k in diff.key_changes], row + 2)
    row = _lines(book, sheet, "Read with care", list(diff.cautions), row + 1)
    _lines(book, sheet, "Not compared", list(diff.notes), row + 1)
    print_setup(sheet, None, landscape=True)


def _kind(side: DealSide) -> str:
    return side.kind.replace("_", " ").capitalize() if side.kind else formatting.MISSING


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]  # only the name: the folder is nobody else's business


def _lines(book: Book, sheet: Any, title: str, lines: Sequence[str], row: int) -> int:
    if not lines:
        return row
    book.text(sheet, row, 0, title, **SUBHEADING)
    for offset, line in enumerate(lines, row + 1):  # a sentence wrapped across the three columns
        book.paragraph(sheet, offset, 0, len(SUMMARY_WIDTHS) - 1, line, sum(SUMMARY_WIDTHS))
    return row + len(lines) + 1


# --- Metrics -----------------------------------------------------------------------------


def _metrics_sheet(book: Book, diff: DealDiff) -> None:
    sheet = book.sheet("Metrics")
    book.text(sheet, 0, 0, "Every figure side by side", **HEADING)
    book.text(
        sheet,
        1,
        0,
        "Change = new - old: rates in bp, shares and LTVs in pp, the rest in their unit; relative = change / old.",
        **NOTE,
    )
    header = 3
    book.header_row(
        sheet, header, ["Figure", _side_name(diff.old), _side_name(diff.new), "Change", "Relative", "Notes"]
    )
    material = {k.metric for k in diff.key_changes}
    groups = (
        ("Pool figures", diff.metrics),
        ("Documentation bounds", diff.documentation),
        ("Geography", (diff.geography.california, diff.geography.top5)),
    )
    row = header + 1
    for title, figures in groups:
        figures = [f for f in figures if f.old is not None or f.new is not None]
        if not figures:
            continue
        book.text(sheet, row, 0, title, **SUBHEADING)
        row += 1
        for figure in figures:
            _metric_row(book, sheet, row, figure, figure.key in material, diff)
            row += 1
    book.width(sheet, 0, 0, 48)
    book.width(sheet, 1, 4, 18)
    book.width(sheet, 5, 5, 60)
    sheet.freeze_panes(header + 1, 1)
    print_setup(sheet, header, landscape=True)


def _metric_row(book: Book, sheet: Any, row: int, figure: MetricChange, material: bool, diff: DealDiff) -> None:
    book.text(sheet, row, 0, figure.label, **BOLD, **WRAP)
    for col, side, value, within, places in (
        (1, Side.OLD, figure.old, figure.old_within, figure.old_places),
        (2, Side.NEW, figure.new, figure.new_within, figure.new_places),
    ):
        marked = side in figure.unreconciled or side in figure.doubted
        style = (FAILED if marked else {}) | TOP
        if side in figure.none_said and value is None:  # no loss limit: said so, never an empty cell or $0
            book.text(sheet, row, col, formatting.NONE_STATED, align="right", **style)
        elif side in figure.none_said:  # none of the loans: 0, a number a change's formula takes, shown "None"
            book.number(sheet, row, col, value, f'"{formatting.NONE_STATED}"', **style)
        else:
            book.figure(sheet, row, col, value, figure.unit, figure.bound_of(side), within, places, **style)
        if side in figure.derived:  # as the PDF says beside it: the filing states it per pool only
            book.comment(sheet, row, col, derived_said(figure.derived_mark(side)))
    old, new = (cell(v, figure.unit, figure.bound)[0] for v in (figure.old, figure.new))
    numbers = isinstance(old, float) and isinstance(new, float) and figure.unit != Unit.DATE
    if figure.in_place_of_change:  # unlike figures (premium loans of two thresholds), a limit set: words, no change
        book.text(sheet, row, 3, figure.in_place_of_change, align="right", **NOTE, **WRAP)
        book.text(sheet, row, 4, formatting.MISSING, align="right", **TOP)
    elif numbers:
        scale, number = _change_scale(figure.unit)
        if figure.unit == Unit.PERCENT and figure.bound is None:  # "+2.0 pp" as the PDF, to the LTVs' decimals
            number = points_format(formatting.percent_change_places(figure.old, figure.new))  # type: ignore[arg-type]
        if figure.change_places:  # "+$0.71" as the PDF, never "+$1" between two limits 71 cents apart
            number = SIGNED_CENTS
        # from or to a figure stated as approximate: between the two to the fewer decimals either gives, marked
        about = formatting.about_places(figure.unit, *figure.withins)
        (b, old), (c, new) = (
            _as_printed(ref(row, col), value, figure.unit, about) for col, value in ((1, old), (2, new))
        )
        book.formula(
            sheet,
            row,
            3,
            f"=({c}-{b})*{scale}" if scale != 1 else f"={c}-{b}",
            (new - old) * scale,
            _change_format(number, (new - old) * scale) if about is None else _about_change(figure.unit, about),
            **BOLD if material else {},
            **TOP,
        )
        if old and figure.bound is None:  # a moved bound is no growth (``formatting.relative_between``)
            book.formula(sheet, row, 4, f"=({c}-{b})/ABS({b})", (new - old) / abs(old), RELATIVE, **TOP)
        else:
            book.text(sheet, row, 4, formatting.MISSING, align="right", **TOP)
    else:
        book.text(sheet, row, 3, formatting.MISSING, align="right", **TOP)
        book.text(sheet, row, 4, formatting.MISSING, align="right", **TOP)
    notes = ["material"] if material else []
    if figure.not_comparable_said:
        notes.append(figure.not_comparable_said)
    # "≤ 1.26%" holding 1.2503%: a bound computed from the filing's, said so with each figure as known
    sides = ((_side_name(diff.old), figure.old), (_side_name(diff.new), figure.new))
    computed = [(name, v) for name, v in sides if is_computed_bound(v, figure.unit, figure.bound)]
    if computed:
        notes.append(computed_bound_note(figure.bound, computed))  # type: ignore[arg-type]
    elif figure.bound is not None:
        notes.append("a bound the filing states")
    notes += [
        f"{(diff.old if s == Side.OLD else diff.new).name}'s figure does not reconcile" for s in figure.unreconciled
    ]
    notes += [
        f"{(diff.old if s == Side.OLD else diff.new).name}'s figure: {derived_said(figure.derived_mark(s))}"
        for s in figure.derived
    ]
    notes += [
        f"{(diff.old if s == Side.OLD else diff.new).name} states this figure for its pools only"
        for s in figure.by_pools
    ]
    notes += _doubt_notes(figure, diff)
    book.text(sheet, row, 5, "; ".join(notes), **NOTE, **WRAP)


def _doubt_notes(figure: MetricChange, diff: DealDiff) -> list[str]:
    """What the notes say of each side's figure the parser doubted, or could not read."""
    return [
        f"the {s.value} deal ({(diff.old if s == Side.OLD else diff.new).name}) states this figure in words"
        " the parser could not read: see its report"
        if s in figure.not_read
        else f"the parser doubted the {s.value} deal's figure ({(diff.old if s == Side.OLD else diff.new).name}):"
        " see its report"
        for s in figure.doubted
    ]


def _class_notes(cls: ClassDiff, diff: DealDiff) -> str:
    """Beside a class's row, as beside a pool figure: which of its figures did not reconcile, or were doubted."""
    notes = []
    for figure in (cls.balance, cls.subordination, *((cls.notional,) if cls.notional else ())):
        what = figure.label.removeprefix(f"Class {cls.name} ")
        notes += [
            f"{what}: {(diff.old if s == Side.OLD else diff.new).name}'s figure does not reconcile"
            for s in figure.unreconciled
        ]
        notes += [f"{what}: {said}" for said in _doubt_notes(figure, diff)]
    return "; ".join(notes)


def _as_printed(at: str, stored: float, unit: str, about: int | None = None) -> tuple[str, float]:
    """A cell's figure as a change is measured from it: as known (the cell itself) like every report's change
    (``formatting.known_change``), or, from or to a figure stated as approximate, to the decimals ``about`` it is
    stated to (``formatting.about_between``): the formula's term ("ROUND(C5,5)") and its value."""
    if about is None:
        return at, stored
    places = about + (2 if unit in (Unit.RATE, Unit.PERCENT, Unit.SHARE, Unit.LEVEL) else 0)  # stored as fractions
    return f"ROUND({at},{places})", round(stored, places)


def _change_format(number: str, change: float) -> str:
    """A change in bp to the tenth where the printed rates differ by a fraction of one ("+11.9 bp", as the PDF)."""
    return BP_TENTHS if number == BP and round(change, 1) != round(change) else number


def _about_change(unit: str, places: int) -> str:
    """The number format of a change from or to an approximate figure, as ``formatting.about_between`` writes it:
    to the decimals the figures are stated to, marked ("approx. +0 mo", "approx. -$126.2mm", "approx. +10 bp")."""
    if unit == Unit.DOLLARS and places <= -5:
        number = f'$#,##0{"." + "0" * (places + 6) if places > -6 else ""},,"mm"'
    else:
        decimals = max(places - 2, 0) if unit == Unit.RATE else max(places, 0)
        digits = "0" + ("." + "0" * decimals if decimals else "")
        after = {Unit.RATE: '" bp"', Unit.PERCENT: '" pp"', Unit.SHARE: '" pp"', Unit.MONTHS: '" mo"'}.get(unit, "")
        number = {Unit.DOLLARS: "$#,##0", Unit.COUNT: "#,##0"}.get(unit, digits + after)
    about = f'"{formatting.ABOUT} "'
    return f"{about}+{number};{about}-{number};{about}{number}"


def _change_scale(unit: str) -> tuple[float, str]:
    """How a change of the stored figures is written: rates (stored as fractions) in bp, shares in pp."""
    if unit == Unit.RATE:
        return 10_000, BP
    if unit in (Unit.PERCENT, Unit.SHARE, Unit.LEVEL):
        return 100, PP
    return 1, SIGNED.get(unit, "General")


# --- tables ------------------------------------------------------------------------------


def _table_sheet(book: Book, diff: DealDiff, table: TableDiff) -> None:
    sheet = book.sheet(SHEET_NAMES.get(table.kind, table.title))
    book.text(sheet, 0, 0, table.title, **HEADING)
    notes = {
        Alignment.MATCHED: "Buckets matched row by row.",
        Alignment.REBUCKETED: f"The finer table's rows are summed into the {table.rebucketed_to or ''} deal's buckets.",
        Alignment.NOT_COMPARABLE: "Not comparable bucket by bucket: the ranges overlap without nesting. Side by side only.",
    }
    book.text(sheet, 1, 0, notes.get(table.alignment, "") + " Change = new % - old %, in pp.", **NOTE)
    if table.unreconciled:
        names = ", ".join((diff.old if s == Side.OLD else diff.new).name for s in table.unreconciled)
        book.text(sheet, 2, 0, f"This table does not reconcile in {names}'s filing.", **FAILED)
    header, first = 3, 4
    old, new = _side_name(diff.old), _side_name(diff.new)
    book.header_row(
        sheet, header,
        ["Bucket", f"{old} loans", f"{old} balance", f"{old} %", f"{new} loans", f"{new} balance", f"{new} %", "Change (pp)", "Notes"],
    )  # fmt: skip
    for offset, bucket in enumerate(table.rows):
        r = first + offset
        book.text(sheet, r, 0, bucket.label, **WRAP)
        book.number(sheet, r, 1, bucket.old_count, COUNT, **TOP)
        book.number(sheet, r, 2, bucket.old_balance, DOLLARS, **TOP)
        book.number(sheet, r, 3, _fraction(bucket.old_share), SHARE, **TOP)
        book.number(sheet, r, 4, bucket.new_count, COUNT, **TOP)
        book.number(sheet, r, 5, bucket.new_balance, DOLLARS, **TOP)
        book.number(sheet, r, 6, _fraction(bucket.new_share), SHARE, **TOP)
        if bucket.change is None or bucket.old_share is None or bucket.new_share is None:
            book.text(sheet, r, 7, formatting.MISSING, align="right", **TOP)
        else:
            formula = f"=({ref(r, 6)}-{ref(r, 3)})*100"
            book.formula(sheet, r, 7, formula, formatting.known_change(bucket.old_share, bucket.new_share), PP, **TOP)
        book.text(sheet, r, 8, _presence_note(bucket), **NOTE, **WRAP)
    last = first + len(table.rows) - 1
    book.width(sheet, 0, 0, min(max([6] + [len(b.label) for b in table.rows]) + 2, 50))
    book.width(sheet, 1, 7, 14)
    book.width(sheet, 8, 8, 50)
    sheet.freeze_panes(first, 1)
    if table.rows:
        sheet.autofilter(header, 0, last, 8)
    print_setup(sheet, header, landscape=True)


def _fraction(share: float | None) -> float | None:
    return None if share is None else share / 100


def _presence_note(bucket) -> str:
    notes = []
    if bucket.presence == "old_only":
        notes.append("only in the old deal")
    elif bucket.presence == "new_only":
        notes.append("only in the new deal")
    for side, labels in (("old", bucket.old_labels), ("new", bucket.new_labels)):
        if len(labels) > 1:
            notes.append(f"{side}: {' + '.join(labels)}")
    return "; ".join(notes)


# --- matrices and classes -------------------------------------------------------------------


def _matrix_sheet(book: Book, diff: DealDiff, matrix: MatrixDiff) -> None:
    sheet = book.sheet(matrix.name)
    book.text(sheet, 0, 0, matrix.title, **HEADING)
    book.text(
        sheet, 1, 0, f"% of pool balance in each cell. Rows: {matrix.row_header}; columns: {matrix.col_header}.", **NOTE
    )
    meaning = formatting.changes_meaning(matrix.widest_within, matrix.bounds) if matrix.widest_within else ""
    if meaning:
        book.text(sheet, 2, 0, meaning, **NOTE)
    row = 3

    def shares(cells: Grid, under: Grid) -> Callable[[int, int, int, int], None]:
        """A side's shares; one its filing gives only as under a bound as the bound, in words ("<0.005%")."""

        def write(at: int, col: int, r: int, c: int) -> None:
            value, bound = cells[r][c], under[r][c] if under else None
            if bound is None:
                book.number(sheet, at, col, None if value is None else value / 100, SHARE)
            else:
                book.text(sheet, at, col, formatting.share_cell(value, bound), align="right")

        return write

    def change(at: int, col: int, r: int, c: int) -> None:
        """A cell's change in pp; one resting on a share given only as under a bound in words ("~+0.10 pp")."""
        value, within = matrix.changes[r][c], matrix.change_within(r, c)
        if within is None:
            book.number(sheet, at, col, value, PP)
        else:
            book.text(sheet, at, col, formatting.points_within(value, within), align="right")
            book.comment(sheet, at, col, meaning)

    blocks = (
        (_side_name(diff.old), shares(matrix.old_cells, matrix.old_under)),
        (_side_name(diff.new), shares(matrix.new_cells, matrix.new_under)),
        ("Change (pp)", change),
    )
    for title, write in blocks:
        book.text(sheet, row, 0, title, **SUBHEADING)
        book.header_row(sheet, row + 1, [matrix.row_header, *matrix.col_labels])
        for r, label in enumerate(matrix.row_labels):
            book.text(sheet, row + 2 + r, 0, label, **BOLD)
            for c in range(len(matrix.col_labels)):
                write(row + 2 + r, c + 1, r, c)
        row += len(matrix.row_labels) + 3
    book.width(sheet, 0, 0, max([len(matrix.row_header)] + [len(x) for x in matrix.row_labels]) + 2)
    book.width(sheet, 1, len(matrix.col_labels), 14)
    print_setup(sheet, None, landscape=True)


def _classes_sheet(book: Book, diff: DealDiff) -> None:
    sheet = book.sheet("Classes")
    book.text(sheet, 0, 0, "Capital structure", **HEADING)
    header = 2
    old, new = _side_name(diff.old), _side_name(diff.new)
    notional = any(c.notional is not None for c in diff.classes)
    book.header_row(
        sheet, header,
        ["Class", f"{old} balance", f"{new} balance", "Change", f"{old} subordination", f"{new} subordination", "Change (pp)"]
        + ([f"{old} notional balance", f"{new} notional balance", "Change"] if notional else [])
        + ["Notes"],
    )  # fmt: skip
    notes_column = 10 if notional else 7
    for offset, cls in enumerate(diff.classes, header + 1):
        book.text(sheet, offset, 0, cls.name, **BOLD)
        # a notional balance in columns of its own: compared with a notional balance only
        shown = ((1, cls.balance), (4, cls.subordination)) + (((7, cls.notional),) if cls.notional else ())
        for col, figure in shown:
            for at, side in ((col, Side.OLD), (col + 1, Side.NEW)):  # doubted as a pool figure is: marked
                marked = side in figure.unreconciled or side in figure.doubted
                book.figure(sheet, offset, at, figure.value(side), figure.unit, **(FAILED if marked else {}))
            old_value, new_value = (cell(v, figure.unit)[0] for v in (figure.old, figure.new))
            if isinstance(old_value, float) and isinstance(new_value, float):
                scale, number = _change_scale(figure.unit)
                if figure.unit == Unit.LEVEL:  # to the decimals the levels print with, as the PDF's change
                    number = points_format(formatting.level_places(figure.old, figure.new))  # type: ignore[arg-type]
                (b, old_value), (c, new_value) = (
                    _as_printed(ref(offset, at), value, figure.unit)
                    for at, value in ((col, old_value), (col + 1, new_value))
                )
                formula = f"=({c}-{b})*{scale}" if scale != 1 else f"={c}-{b}"
                book.formula(sheet, offset, col + 2, formula, (new_value - old_value) * scale, number)
            else:
                book.text(sheet, offset, col + 2, formatting.MISSING, align="right")
        book.text(sheet, offset, notes_column, _class_notes(cls, diff), **NOTE, **WRAP)
    if diff.classes_unreconciled:
        names = " and ".join((diff.old if s == Side.OLD else diff.new).name for s in diff.classes_unreconciled)
        said = f"Class balances do not add up to the deal balance in {names}: their total did not reconcile."
        book.text(sheet, header + len(diff.classes) + 2, 0, said, **NOTE)
    book.width(sheet, 0, 0, 12)
    book.width(sheet, 1, 9 if notional else 6, 20)
    book.width(sheet, notes_column, notes_column, 60)
    sheet.freeze_panes(header + 1, 1)
    print_setup(sheet, header, landscape=True)
