"""A correction of a figure of a stratification table, stated in prose, put into the table.

``narrative`` reads the sentence ("The number of Mortgage Loans in the State of California shown in
the table entitled 'Geographic Distribution of Mortgaged Properties' should read 412 rather than
421") as a ``narrative.RowCorrection``: the table's name, the rows, the column, the new figure and
the old one. Here the new figure takes the old one's place where the sentence is tied to exactly one
table (by its name, else by the only table holding the row), one row of it and one column, and the
old figure it gives, if any, is the one the table shows: the row then says so ("loan count corrected
by the filing from 421 to 412 (line 53)"), as a corrected figure of the prose does, and the checks
reconcile the new figure. A table that already shows the new figure (an amendment's table reprinted
corrected) is not changed, and the row says it is as the filing corrects it, never that it showed the
old figure; a sentence saying the table is reprinted corrected ("restated below as corrected") marks
the table so. A sentence naming the table's Total ("the total aggregate principal balance shown in the
table ...") and none of its rows corrects the Total line as a row. Where any of these is not certain,
no figure changes: the row (the Total line), else the table, is doubted with the sentence quoted, so
that its figures are never shown plain; a sentence tied to no table of the filing is a warning of the
deal's.
"""

from __future__ import annotations

import re
from dataclasses import replace

from reporting.formatting import lines_text
from reporting.model.deal import PercentMatrix, StratTable, TableRow, TableTotal
from reporting.model.names import pool_key
from reporting.read.narrative import RowCorrection

# How a row's mark names the figure corrected.
_COLUMN_WORDS = {"count": "loan count", "balance": "balance", "share": "percentage of balance"}
# Words of a table's name that tell no table from another ("Distribution of Mortgage Loans by ...").
_COMMON_WORDS = frozenset("a an and at by for in of on the to table mortgage mortgaged loan loans distribution".split())
_TOTAL_LINE = "Total line"  # how a doubt names the Total line a correction is about
_MOST_QUOTED = 240  # characters of the sentence a doubt quotes
_CENT = 0.005

Figures = TableRow | TableTotal  # what a correction puts its figure in: a row, or the table's Total line


def apply(
    corrections: list[RowCorrection], tables: tuple[StratTable, ...], matrices: tuple[PercentMatrix, ...]
) -> tuple[tuple[StratTable, ...], tuple[PercentMatrix, ...], tuple[str, ...]]:
    """The tables with each correction put in, or doubted; and a warning for each tied to none of them."""
    strats, percent_matrices, unplaced = list(tables), list(matrices), []
    for said in corrections:
        if why := _place(said, strats, percent_matrices):
            unplaced.append(f"a sentence corrects a table's figure, but {why}: {_quoted(said)}; no table is changed")
    return tuple(strats), tuple(percent_matrices), tuple(unplaced)


def _place(said: RowCorrection, tables: list[StratTable], matrices: list[PercentMatrix]) -> str | None:
    """Put one correction into the table it is tied to, or doubt the tables it may be about; why it is tied
    to none, where it is not."""
    titled = [k for k, table in enumerate(tables) if said.title and _names(said.title, table.title)]
    holding = [k for k, table in enumerate(tables) if _rows_named(said, table)]
    if said.title and not titled:  # a name no stratification table of the filing has
        if matched := [k for k, matrix in enumerate(matrices) if _names(said.title, matrix.title)]:
            why = "the parser does not correct a matrix's cells"
            for k in matched:
                matrices[k] = replace(matrices[k], warnings=(*matrices[k].warnings, _doubt(said, "table", why)))
            return None
        why = f"the filing has no table named {said.title!r}"
        if not holding:
            return why
        _doubt_each(said, tables, _of_the_pool(said, tables, holding), why)
        return None
    candidates = _of_the_pool(said, tables, titled or holding)
    if not candidates:
        return "it names no row of the filing's tables" if said.rows else "it names no table or row of the filing's"
    if len(candidates) > 1:
        _doubt_each(said, tables, candidates, f"which of {len(candidates)} tables it is about cannot be told")
        return None
    (k,) = candidates
    table = tables[k]
    if said.restated:  # the table printed is the corrected one: said, and no figure of it doubted
        tables[k] = replace(table, warnings=(*table.warnings, f"restated by the filing as corrected: {_quoted(said)}"))
        return None
    if said.total:
        tables[k] = _with_total_corrected(said, table)
        return None
    rows = _rows_named(said, table)
    if len(rows) != 1:
        names = ", ".join(repr(table.rows[r].label) for r in rows)
        why = f"it names {len(rows)} of its rows ({names})" if rows else "it names no row of this table"
        tables[k] = replace(table, warnings=(*table.warnings, _doubt(said, "table", why)))
        return None
    (r,) = rows
    tables[k] = _with_row(table, r, _marked(said, table, table.rows[r], "row"))
    return None


def _with_total_corrected(said: RowCorrection, table: StratTable) -> StratTable:
    """The table with the correction put in its Total line, or doubted there; the table doubted where it has none."""
    if table.total is None:
        return replace(table, warnings=(*table.warnings, _doubt(said, "table", "the table has no Total line")))
    return replace(table, total=_marked(said, table, table.total, _TOTAL_LINE))


def _marked(said: RowCorrection, table: StratTable, figures: Figures, whose: str) -> Figures:
    """A row's (or the Total line's) figures with the correction put in and said, or doubted."""
    mark, figure = _corrected(said, table, figures, whose)
    return _said_beside(said, replace(figures, **figure) if figure else figures, mark)


def _said_beside(said: RowCorrection, figures: Figures, mark: str) -> Figures:
    """The figures with the mark beside them, citing the note's lines too."""
    lines = tuple(sorted({*figures.source_lines, *said.lines}))
    return replace(figures, source_lines=lines, warnings=(*figures.warnings, mark))


def _corrected(
    said: RowCorrection, table: StratTable, figures: Figures, whose: str
) -> tuple[str, dict[str, float | int]]:
    """The mark of a row (or of the Total line, ``whose``) and its new figure ({} where none changes):
    "corrected by the filing ..." where the correction is certain, else a doubt saying why not."""
    column = said.column
    if column is None:
        return _doubt(said, whose, f"which of the {whose}'s figures it corrects cannot be told"), {}
    if column == "share":
        why = f"the report computes the {whose}'s share from its balance, which this does not correct"
        return _doubt(said, whose, why), {}
    if said.new is None:
        return _doubt(said, whose, "it gives no new figure that can be read"), {}
    if column == "balance" and table.balance_unit != 1:
        return _doubt(said, whose, "the table gives its balances rounded, not in dollars"), {}
    new, old = _figure(said.new, column), _figure(said.old, column) if said.old else None
    if new is None or (said.old and old is None):
        return _doubt(said, whose, f"its figures are not those of a {whose}'s {_COLUMN_WORDS[column]}"), {}
    shown = getattr(figures, column)
    what, lines = _COLUMN_WORDS[column], lines_text(said.lines)
    if _same(shown, new) and (old is None or not _same(shown, old)):
        # The table already gives the new figure (reprinted corrected): the wrong one the filing names was
        # shown elsewhere (in the report it amends), not here, so nothing "changed from" it.
        wrong = f" (which gives the wrong figure as {said.old})" if said.old else ""
        return f"{what} as corrected by the filing{wrong} ({lines})", {}
    if old is not None and not _same(shown, old):
        written = "no figure" if shown is None else _written(shown, column)
        return _doubt(said, whose, f"the table shows {written}, not the {said.old} it says was wrong"), {}
    before = said.old or (None if shown is None else _written(shown, column))
    change = f"from {before} to {said.new}" if before else f"to {said.new}"
    return f"{what} corrected by the filing {change} ({lines})", {column: new}


def _rows_named(said: RowCorrection, table: StratTable) -> list[int]:
    """The rows of the table that the correction names."""
    named = {_key(label) for label in said.rows}
    return [r for r, row in enumerate(table.rows) if _key(row.label) in named]


def _of_the_pool(said: RowCorrection, tables: list[StratTable], candidates: list[int]) -> list[int]:
    """Of several tables, those of the pool the correction is about (its section's, or one it names)."""
    if len(candidates) < 2 or said.pool is None:
        return candidates
    return [k for k in candidates if pool_key(tables[k].pool) == pool_key(said.pool)] or candidates


def _names(named: str, title: str) -> bool:
    """Whether a table's name as a sentence gives it names this title: every telling word of it is the
    title's ("Geographic Distribution of Mortgaged Properties" for "... BY STATE")."""
    words = _telling_words(named)
    return bool(words) and words <= _telling_words(title)


def _telling_words(text: str) -> set[str]:
    return {word.removesuffix("s") for word in re.findall(r"[a-z0-9]+", text.lower()) if word not in _COMMON_WORDS}


def _doubt_each(said: RowCorrection, tables: list[StratTable], candidates: list[int], why: str) -> None:
    """Doubt the row (or the Total line) the correction names in each of these tables, or the table where it
    names none or several."""
    for k in candidates:
        table = tables[k]
        rows = _rows_named(said, table)
        if said.total and table.total is not None:
            tables[k] = replace(table, total=_said_beside(said, table.total, _doubt(said, _TOTAL_LINE, why)))
        elif not said.total and len(rows) == 1:
            (r,) = rows
            tables[k] = _with_row(table, r, _said_beside(said, table.rows[r], _doubt(said, "row", why)))
        else:
            tables[k] = replace(table, warnings=(*table.warnings, _doubt(said, "table", why)))


def _doubt(said: RowCorrection, whose: str, why: str) -> str:
    return f"the filing corrects a figure of this {whose}, but {why}: {_quoted(said)}; no figure is changed"


def _quoted(said: RowCorrection) -> str:
    words = said.words if len(said.words) <= _MOST_QUOTED else f"{said.words[: _MOST_QUOTED - 3].rstrip()}..."
    return f'"{words}" ({lines_text(said.lines)})'


def _with_row(table: StratTable, index: int, row: TableRow) -> StratTable:
    return replace(table, rows=(*table.rows[:index], row, *table.rows[index + 1 :]))


def _figure(written: str, column: str) -> float | int | None:
    """A correction's figure as the row's column holds it: a whole number of loans, or dollars."""
    if written.endswith("%") or (column == "count" and ("$" in written or "." in written)):
        return None
    number = float(written.replace("$", "").replace(",", ""))
    return int(number) if column == "count" else number


def _same(shown: float | int | None, figure: float | int) -> bool:
    return shown is not None and abs(shown - figure) < _CENT


def _written(value: float | int, column: str) -> str:
    if column == "count":
        return f"{int(value):,}"
    return f"${value:,.2f}" if abs(value - round(value)) >= _CENT else f"${value:,.0f}"


def _key(label: str) -> str:
    return " ".join(label.split()).lower()
