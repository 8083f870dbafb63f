"""The long table: every bucket of every table, every pool figure, class, check and missing fact of a deal, one row each.

It is the deal in the shape an analyst pivots: one frame per deal, and frames of
many deals concatenate into the shelf (``OUT/shelf.csv``). Columns (``COLUMNS``):

* who: ``deal``, ``series``, ``kind``, ``date_of_report``, ``cut_off_date``, ``pool``
  ("all" is the whole deal), ``source_file``, ``source_sha256`` (one filing, whatever its name)
* what: ``section`` ("table", "metric", "policy", "fact", "class", "check", "missing"), ``table`` (the
  table's title as the PDF prints it; "Pool metrics", "Underwriting and documentation", "Classes", the
  check's subject),
  ``table_kind`` (``model.table_kinds``: the same kind of table across eras of titles),
  ``position`` (1-based order in the table or the catalogue), ``bucket`` (the row's
  label, the figure's label, the class, the check or the missing fact)
* tables and classes: ``loans``, ``balance`` (dollars), ``pct_of_balance`` (percent of
  the table's Total line, as the report prints it; a class's share of the deal; an interest-only
  class has none: its notional balance is its ``value``, metric "notional_balance")
* figures: ``metric`` (the catalogue key, ``derive.metrics``), ``value`` (a number in
  the deal JSON's units: dollars, percent as written, months; a check's found figure),
  ``unit`` (a check's too), ``bound`` ("at_least" / "no_more_than": the filing states a limit),
  ``approximate_within`` (the filing states the figure as approximate, this near: "approximately 358 months"
  is 0.5, its ``value`` 358 no more precise than that; empty where it is stated exactly),
  ``as_printed`` (how the PDF writes it, e.g. "≥ 98%", "approx. 358 mo", "May 1, 2004"), ``derived``
  (computed by termsheet, not stated by the filing)
* underwriting policies (``section`` "policy"): ``bucket`` is the policy, ``value`` its share of the pool's
  balance with its ``bound`` (filings bound these shares, "at least 94%", and never state them exactly),
  ``unit`` "share"
* stated facts (``section`` "fact"): the deal's loss limits (``metric`` "loss_limit", pool "all", ``value`` in
  dollars; empty where the filing says there is none, "None" as printed) and each pool's share secured by
  investment properties (``metric`` "investment_property_max_pct", with its ``bound`` where stated as one)
* ``flag``: what the reports say beside the row's figure: the failed reconciliation checks
  about it ("does not reconcile: ...; stated X, found Y") and the parser's doubts ("doubt:
  stated as approximately ..."), "" when none. A figure not given though the filing states what it
  would be read off (``metrics.not_given``: class A subordination over loan groups' own juniors) is a
  row with no value, its reason in ``flag`` ("not given: ...")

Text from a filing is untrusted. In the CSV, a text cell that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe, so a
spreadsheet shows it as text and never evaluates it (CSV formula injection); a text
that starts with an apostrophe gets one too, so ``read_csv`` takes exactly one off
and gets the text back. Parquet keeps the text as it is: it is typed data that no
spreadsheet evaluates.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from reporting import formatting
from reporting.derive import metrics
from reporting.formatting import failures, figure_flag
from reporting.model.deal import STRATIFICATION_TABLES, WHOLE_DEAL, Deal, of_the_total_line, provenance_of
from reporting.model.summary import DealSummary
from reporting.model.units import Unit

COLUMNS = (
    "deal", "series", "kind", "date_of_report", "cut_off_date", "pool", "section", "table", "table_kind",
    "position", "bucket", "loans", "balance", "pct_of_balance", "metric", "value", "unit", "bound",
    "approximate_within", "as_printed", "derived", "flag", "source_file", "source_sha256",
)  # fmt: skip
_DTYPES = {
    "position": "Int64",
    "loans": "Int64",
    "balance": "Float64",
    "pct_of_balance": "Float64",
    "value": "Float64",
    "approximate_within": "Float64",
    "derived": "boolean",
}
TEXT_COLUMNS = tuple(c for c in COLUMNS if c not in _DTYPES)
# Shares are rounded to this many places: far below what any report prints, and no float noise in a CSV.
SHARE_PLACES = 6

# What makes a spreadsheet read a cell as a formula (OWASP's list), and the escape itself.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


# --- building it ------------------------------------------------------------------------


def deal_long_table(deal: Deal, summary: DealSummary) -> pd.DataFrame:
    """The deal's long table (see the module's docstring)."""
    who = {
        "deal": deal.name,
        "series": deal.series,
        "kind": deal.kind.value if deal.kind else None,
        "date_of_report": deal.date_of_report.isoformat() if deal.date_of_report else None,
        "cut_off_date": deal.cut_off_date.isoformat() if deal.cut_off_date else None,
        "source_file": summary.source_name,
        "source_sha256": deal.source.sha256,
    }
    rows = [
        *_table_rows(summary),
        *_metric_rows(deal, summary),
        *_policy_rows(summary),
        *_fact_rows(deal, summary),
        *_class_rows(summary),
        *_check_rows(summary),
    ]
    rows += _doubted_cut_off(summary)
    rows += [
        {"section": "missing", "position": i, "bucket": fact, "flag": _missing_flag(deal, fact)}
        for i, fact in enumerate(deal.missing, 1)
    ]
    # what the filing states and the model holds no field for (a WA FICO score): in the filing, not read
    rows += [
        {"section": "missing", "position": i, "bucket": metrics.in_words(fact), "flag": figure_flag((), said.warnings)}
        for i, (fact, said) in enumerate(metrics.unheld_figures(deal).items(), len(deal.missing) + 1)
    ]
    return frame([who | row for row in rows])


def _doubted_cut_off(summary: DealSummary) -> list[dict]:
    """A row for the cut-off date where it is doubted (stated in different ways): the doubt in ``flag``, as the
    reports say it beside the date (every row's ``cut_off_date`` column cannot)."""
    if not summary.cut_off_doubts:
        return []
    return [
        {
            "section": "metric",
            "bucket": "Cut-off date",
            "metric": "cut_off_date",
            "as_printed": formatting.long_date(summary.cut_off_date),
            "flag": figure_flag((), summary.cut_off_doubts),
        }
    ]


def _missing_flag(deal: Deal, fact: str) -> str:
    """Why a figure of the whole deal is missing where the filing writes something the parser could not read
    ("$619,8 million"): the figure's doubts, as the summary says them beside its dash."""
    if fact == STRATIFICATION_TABLES:  # the filing has tables, none of which could be read: which
        unread = [found for n in deal.not_run if (found := n.table_not_read)]
        return figure_flag((), [f"the table {title!r} (line {line}) could not be read" for line, title in unread])
    spec, whole = metrics.BY_KEY.get(fact), deal.whole_deal
    if spec is None or whole is None:
        return ""
    return figure_flag((), spec.note(deal, whole).doubts)


def frame(records: list[dict]) -> pd.DataFrame:
    """Records as a long table: every column, in order, with its type."""
    table = pd.DataFrame.from_records(records, columns=list(COLUMNS))
    return _typed(table)


def _typed(table: pd.DataFrame) -> pd.DataFrame:
    for column in TEXT_COLUMNS:  # no text is None, never "" or NaN: the same after a round trip through CSV
        table[column] = table[column].astype("object").map(lambda v: v if isinstance(v, str) and v else None)
    return table.astype(_DTYPES)


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, SHARE_PLACES)


def _table_rows(summary: DealSummary) -> Iterator[dict]:
    for table in summary.tables:
        # The long table has no Total line: what the reports say beside it (a figure the filing corrects) is
        # said on each row, whose share is of it, as the table's own doubts are.
        total_doubts = tuple(map(of_the_total_line, table.total_note.doubts))
        for position, row in enumerate(table.rows, 1):
            yield {
                "pool": table.pool.name,
                "section": "table",
                "table": table.title,
                "table_kind": table.kind.value,
                "position": position,
                "bucket": row.label,
                "loans": row.count,
                "balance": row.balance,
                "pct_of_balance": _share(row.share),
                "flag": figure_flag(table.failed, row.note.doubts + table.doubts + total_doubts),
            }


def _metric_rows(deal: Deal, summary: DealSummary) -> Iterator[dict]:
    """Every catalogue figure each pool states (or lets us derive), in the catalogue's order; one not given
    for a reason (``metrics.not_given``) with no value and the reason as its flag."""
    from reporting.derive.summary import catalogue_metrics

    figures = catalogue_metrics(deal)
    for column, pool in enumerate(summary.pools):
        for position, metric in enumerate(figures, 1):
            spec, value, failed = metrics.BY_KEY[metric.key], metric.values[column], metric.failed[column]
            row = {
                "pool": pool.name,
                "section": "metric",
                "table": "Pool metrics",
                "position": position,
                "bucket": spec.label,
                "metric": spec.key,
                "unit": spec.unit.value,
            }
            if value is None:
                holder = deal.pool(pool.name)
                if holder is not None and (why := metrics.not_given(deal, spec.key, holder)) is not None:
                    yield {**row, "flag": why}
                continue
            note = metric.notes[column] if metric.notes else None
            holder = deal.pool(pool.name)
            places = spec.written_places(holder) if holder is not None else None  # a threshold's "5.50%"
            yield {
                **row,
                "value": None if spec.unit == Unit.DATE else _share(float(value)),
                "bound": spec.bound.value if spec.bound else None,
                "approximate_within": note.within if note else None,
                "as_printed": formatting.figure(value, spec.unit, spec.bound, note.within if note else None, places),
                # Not stated by the filing: computed from stated figures, or derived from the pools.
                "derived": (spec.computed and not (note and note.stated)) or bool(note and note.derived_from),
                "flag": figure_flag(failed, note.doubts if note else ()),
            }


def _policy_rows(summary: DealSummary) -> Iterator[dict]:
    """Each pool's underwriting bounds, as the summary's "Underwriting and documentation" table prints them."""
    for column, composition in enumerate(summary.compositions):
        for position, policy in enumerate(summary.policies, 1):
            if (cell := policy.cells[column]) is None:
                continue
            yield {
                "pool": composition.pool.name,
                "section": "policy",
                "table": "Underwriting and documentation",
                "position": position,
                "bucket": policy.policy,
                "value": _share(cell.percent),
                "unit": Unit.SHARE.value,
                "bound": cell.bound.value,
                "approximate_within": cell.within,
                "as_printed": formatting.figure(cell.percent, Unit.SHARE, cell.bound, cell.within),
                "flag": "",
            }


def _fact_rows(deal: Deal, summary: DealSummary) -> Iterator[dict]:
    """The loss limits the deal states and each pool's share secured by investment properties, as the summary
    prints them: a limit the filing says there is none of has no value, "None" as printed (never a zero limit)."""
    for position, limit in enumerate(summary.loss_limits, 1):
        yield {
            "pool": WHOLE_DEAL,
            "section": "fact",
            "table": "Loss limits",
            "position": position,
            "bucket": limit.label,
            "metric": "loss_limit",
            "value": limit.value,
            "unit": Unit.DOLLARS.value,
            "as_printed": limit.written,
            "flag": "",
        }
    for column, fact in enumerate(summary.investment):
        pool = deal.pool(summary.pools[column].name)
        if fact.value is None or pool is None:
            continue
        said = provenance_of(pool, "investment_property_max_pct")
        yield {
            "pool": pool.name,
            "section": "fact",
            "table": "Investment properties",
            "position": 1,
            "bucket": "Investment properties",
            "metric": "investment_property_max_pct",
            "value": _share(fact.value),
            "unit": Unit.SHARE.value,
            "bound": pool.investment_property_bound.value if pool.investment_property_bound else None,
            "approximate_within": said.approximate_within if said else None,
            "as_printed": fact.written,
            "flag": "",
        }


def _class_rows(summary: DealSummary) -> Iterator[dict]:
    if summary.capital is None:
        return
    capital = summary.capital
    for position, row in enumerate(capital.classes, 1):
        where = {"pool": "all", "section": "class", "table": "Classes", "position": position, "bucket": row.name}
        if row.notional:  # its notional balance as its figure, never in ``balance``: a sum of that is the deal's
            yield where | {
                "metric": "notional_balance",
                "value": row.notional_balance,
                "unit": Unit.DOLLARS.value,
                "as_printed": formatting.notional(row.notional_balance),
                "flag": "",
            }
            continue
        # Loan groups' own juniors: each level as stated, over loans not known (the summary's note says so)
        doubts = (capital.GROUPED_DOUBT,) if capital.grouped and row.subordination_level is not None else ()
        # ... and the parser's doubts on the balance or the level, each naming its figure (the row holds both)
        doubts += tuple(f"initial balance: {d}" for d in row.balance_note.doubts)
        doubts += tuple(f"subordination level: {d}" for d in row.level_note.doubts)
        yield where | {
            "balance": row.balance,
            "pct_of_balance": _share(row.share),
            "metric": "subordination_level",
            "value": row.subordination_level,
            "unit": Unit.LEVEL.value if row.subordination_level is not None else None,
            "as_printed": None
            if row.subordination_level is None
            else formatting.subordination(row.subordination_level),
            "flag": figure_flag(row.balance_failed + row.failed + summary.capital.failed, doubts),
        }


def _check_rows(summary: DealSummary) -> Iterator[dict]:
    for group in summary.check_groups:
        for position, check in enumerate(group.checks, 1):
            yield {
                "section": "check",
                "table": group.heading,
                "position": position,
                "bucket": check.name,
                # a check of dates finds a date, no figure: the row's cut_off_date column holds it
                "value": None if check.unit == Unit.DATE else check.actual,
                "unit": str(check.unit) if check.unit else None,  # what its found figure counts
                "as_printed": "passed" if check.passed else "failed",
                "flag": "" if check.passed else failures((check,)),
            }


# --- CSV and Parquet --------------------------------------------------------------------


def escape_text(text: str) -> str:
    """A text a spreadsheet shows as text: an apostrophe before a formula's first character (and before an apostrophe)."""
    return ESCAPE + text if text.startswith((*FORMULA_STARTS, ESCAPE)) else text


def unescape_text(text: str) -> str:
    return text[1:] if text.startswith(ESCAPE) else text


def _escaped(table: pd.DataFrame, escape) -> pd.DataFrame:
    table = table.copy()
    for column in TEXT_COLUMNS:
        table[column] = table[column].map(lambda v: escape(v) if isinstance(v, str) else v)
    return table


def to_csv(table: pd.DataFrame) -> bytes:
    """The long table as CSV: UTF-8 with a byte-order mark (so Excel reads "≥" and "—"), text cells escaped."""
    return _escaped(table, escape_text).to_csv(index=False, lineterminator="\n").encode("utf-8-sig")


def read_csv(source: Path | bytes) -> pd.DataFrame:
    """A long table written by ``to_csv``, its text as the filing has it."""
    data = io.BytesIO(source) if isinstance(source, bytes) else source
    # Only an empty cell is missing: a bucket labelled "NA" or "None" stays text.
    table = pd.read_csv(
        data,
        encoding="utf-8-sig",
        dtype=dict.fromkeys(TEXT_COLUMNS, "object") | _DTYPES,
        keep_default_na=False,
        na_values=dict.fromkeys(COLUMNS, [""]),
    )
    return _typed(_escaped(table[list(COLUMNS)], unescape_text))


PARQUET_INSTALL = "pip install 'termsheet[parquet]'"


def to_parquet(table: pd.DataFrame) -> bytes:
    """The long table as Parquet (pyarrow, an optional extra: ``PARQUET_INSTALL``)."""
    buffer = io.BytesIO()
    table.to_parquet(buffer, engine="pyarrow", index=False)
    return buffer.getvalue()
