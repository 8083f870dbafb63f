"""termsheet from Python (a notebook): a filing into the deal model, its figures as pandas DataFrames, and diffs.

    from reporting import api

    deal = api.load_deal("filings/cmsi-2004-3/collateral_term_sheet-0000811785-04-000040.txt")
    api.table(deal, "state")        # a stratification table: bucket, loans, balance, pct_of_balance, cumulative_pct
    api.metrics(deal)               # every pool figure: one row per catalogue figure, one column per pool
    api.long_table(deal)            # everything, one row per table bucket, figure, class, check (as --format csv)
    d = api.diff(old_deal, new_deal)
    api.diff_metrics(d)             # every figure side by side: old, new, change, relative
    api.diff_table(d, "state")      # one table both deals state, bucket by bucket, change in pp

Values are in the deal JSON's units: dollars, percent as the filing writes it
(5.843 is 5.843%), months. A figure the filing does not state is missing (NA or
None), never zero. The README's "Python API" section is run by the tests.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from reporting.derive import metrics as catalogue
from reporting.derive.diff import build_diff
from reporting.derive.summary import catalogue_metrics, summarise
from reporting.model.deal import Deal
from reporting.model.diff import DealDiff, TableDiff, Thresholds
from reporting.model.summary import DealSummary
from reporting.pipeline import load_deal as _load_deal
from reporting.present.long_table import deal_long_table

__all__ = [
    "Deal",
    "DealDiff",
    "diff",
    "diff_metrics",
    "diff_table",
    "load_deal",
    "long_table",
    "metrics",
    "summary",
    "table",
    "table_titles",
]


def load_deal(path: str | Path) -> Deal:
    """Read, parse and validate a filing: the deal model (``reporting.model.deal``), its checks run.

    A file that is not a CMSI pool description raises ``reporting.errors.FilingError``
    (its message is the one line the command line prints).
    """
    return _load_deal(path)


def summary(deal: Deal) -> DealSummary:
    """The collateral summary the PDF shows: shares, cumulative shares, state concentration, flags."""
    return summarise(deal)


def table_titles(deal: Deal) -> list[str]:
    """The deal's stratification tables, as the report titles them, in the filing's order."""
    return [t.title for t in summarise(deal).tables]


def table(deal: Deal, which: int | str) -> pd.DataFrame:
    """One stratification table: columns bucket, loans, balance, pct_of_balance, cumulative_pct.

    ``which``: its position (0 is the first table), a kind of table ("state", "ltv",
    "loan_size", "note_rate", ... as ``model.table_kinds.TableKind``) or words of its
    title ("dwellings"). ``attrs`` holds the title, the pool, and the total the filing states.
    """
    chosen = _pick(summarise(deal).tables, which, lambda t: t.title, lambda t: t.kind.value)
    frame = pd.DataFrame(
        {
            "bucket": [r.label for r in chosen.rows],
            "loans": pd.array([r.count for r in chosen.rows], dtype="Int64"),
            "balance": pd.array([r.balance for r in chosen.rows], dtype="Float64"),
            "pct_of_balance": pd.array([r.share for r in chosen.rows], dtype="Float64"),
            "cumulative_pct": pd.array([r.cumulative for r in chosen.rows], dtype="Float64"),
        }
    )
    frame.attrs = {
        "title": chosen.title,
        "pool": chosen.pool.name,
        "total_loans": chosen.total_count,
        "total_balance": chosen.total_balance,
        "reconciled": not chosen.failed,
    }
    return frame


def metrics(deal: Deal) -> pd.DataFrame:
    """Every catalogue figure (``derive.metrics``): index the figure's key, columns label, unit, bound,
    derived, then one column per pool ("I", "II", ..., "all" for the whole deal). ``attrs["approximate_within"]``:
    for each figure a filing states approximately, how near, by key and pool ({"wac": {"all": 0.005}}): 5.84 from
    "approximately 5.84%" is no more precise than that. ``attrs["derived_from"]``: for each figure a pool does not
    state, how termsheet derived it, by key and pool ({"balance_above_80_ltv": {"all": "sum of pools I, II, III"}})."""
    pools = [p.name for p in summarise(deal).pools]
    rows = []
    withins: dict[str, dict[str, float]] = {}
    derivations: dict[str, dict[str, str]] = {}
    for metric in catalogue_metrics(deal):
        spec = catalogue.BY_KEY[metric.key]
        bound = spec.bound.value if spec.bound else None
        # computed (an average, a share), or derived from what the filing prints (the FICO matrix's rows)
        derived = spec.computed or spec.derivation is not None
        derived_from = {p: n.derived_from for p, n in zip(pools, metric.notes or ()) if n and n.derived_from}
        if derived_from:
            derivations[spec.key] = derived_from
        rows.append(
            {"key": spec.key, "label": spec.label, "unit": spec.unit.value, "bound": bound, "derived": derived}
            | dict(zip(pools, metric.values))
        )
        near = {pool: note.within for pool, note in zip(pools, metric.notes or ()) if note and note.within is not None}
        if near:
            withins[spec.key] = near
    frame = _frame(rows, ["key", "label", "unit", "bound", "derived", *pools]).set_index("key")
    frame.attrs = {"approximate_within": withins, "derived_from": derivations}
    return frame


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """Columns of Python values as the model holds them (an int, a float, a date, a range, None), not coerced."""
    return pd.DataFrame({c: pd.Series([row.get(c) for row in rows], dtype=object) for c in columns})


def long_table(deal: Deal) -> pd.DataFrame:
    """The long table (``present/long_table.py``, the ``csv`` format): concatenate deals' tables to pivot a shelf."""
    return deal_long_table(deal, summarise(deal))


def diff(old: Deal, new: Deal, pool: str | None = None, thresholds: Thresholds | None = None) -> DealDiff:
    """What changed from ``old`` to ``new`` (``reporting.model.diff``); ``pool`` as ``termsheet diff --pool`` ("I", "I:III")."""
    return build_diff(old, new, pool, thresholds)


def diff_metrics(the_diff: DealDiff) -> pd.DataFrame:
    """Every figure side by side: index the figure's key, columns label, unit, old, new, change, relative, material.

    A change is new - old in the figure's unit: a rate's in percent (0.119 is 11.9 bp),
    a share's in percentage points; relative is change / |old| x 100. old_within and new_within: how near a
    side's filing states the figure where it states it approximately (None: exactly); a change to or from such
    a figure is no more precise than that. none_said: the sides whose filing says there is none ("There are no ...
    loss limits"): their NA is no limit, not a figure left unstated; change_said: the change in words there.
    """
    material = {k.metric for k in the_diff.key_changes}
    figures = [*the_diff.metrics, *the_diff.documentation, the_diff.geography.california, the_diff.geography.top5]
    rows = [
        {
            "key": f.key,
            "label": f.label,
            "unit": f.unit.value,
            "old": f.old,
            "new": f.new,
            "change": f.change,
            "relative": f.relative,
            "material": f.key in material,
            "unreconciled": ", ".join(f.unreconciled),
            "old_within": f.old_within,
            "new_within": f.new_within,
            # "old", "new": the side's filing says there is none (no loss limit: its NA is no $0, and no silence)
            "none_said": ", ".join(f.none_said),
            "change_said": f.change_said,  # "new limit", "limit dropped", "same: none": words where no figure is
        }
        for f in figures
    ]
    columns = [
        "key", "label", "unit", "old", "new", "change", "relative", "material", "unreconciled", "old_within", "new_within",
        "none_said", "change_said",
    ]  # fmt: skip
    return _frame(rows, columns).set_index("key")


def diff_table(the_diff: DealDiff, which: int | str) -> pd.DataFrame:
    """One table of the diff, bucket by bucket: old and new loans, balance and share, and the change in pp."""
    chosen: TableDiff = _pick(the_diff.tables, which, lambda t: t.title, lambda t: t.kind.value)
    frame = pd.DataFrame.from_records(
        [
            {
                "bucket": b.label,
                "presence": b.presence.value,
                "old_loans": b.old_count,
                "new_loans": b.new_count,
                "old_balance": b.old_balance,
                "new_balance": b.new_balance,
                "old_pct": b.old_share,
                "new_pct": b.new_share,
                "change_pp": b.change,
            }
            for b in chosen.rows
        ],
        columns=[
            "bucket",
            "presence",
            "old_loans",
            "new_loans",
            "old_balance",
            "new_balance",
            "old_pct",
            "new_pct",
            "change_pp",
        ],
    )
    frame = frame.astype({"old_loans": "Int64", "new_loans": "Int64"} | {c: "Float64" for c in frame.columns[4:]})
    frame.attrs = {"title": chosen.title, "alignment": chosen.alignment.value}
    return frame


def _pick(tables, which: int | str, title, kind):
    """A table by position, by kind ("state" or "geography" for the state table) or by words of its title."""
    tables = list(tables)
    if isinstance(which, int):
        return tables[which]
    wanted = which.strip().lower()
    aliases = {"state": "geography", "states": "geography"}
    for candidate in tables:
        if kind(candidate) == aliases.get(wanted, wanted):
            return candidate
    for candidate in tables:
        if wanted in title(candidate).lower():
            return candidate
    names = "; ".join(f"{kind(t)}: {title(t)}" for t in tables) or "none"
    raise KeyError(f"no table matches {which!r} (tables: {names})")
