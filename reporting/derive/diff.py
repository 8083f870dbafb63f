"""Deal-to-deal diff: line two parsed deals up and say what changed.

Analysts compare a new deal with the last one from the same shelf before they
bid. ``build_diff(old, new)`` compares the whole deals, or a pool of each
(``pool="I"`` or ``"I:III"``), and returns a ``DealDiff`` (``diff_model``):
every pool metric side by side, each stratification table as shares of balance
with the change in percentage points (``buckets`` lines up the rows), the
geography, the capital structure, both data-quality verdicts, and the key
changes as plain sentences ranked by materiality (``key_changes``).

Everything here is a pure function of the two deals.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace

from reporting import formatting as fmt
from reporting.derive import geography, metrics
from reporting.derive.buckets import (
    AlignedRow,
    Alignment,
    Bucket,
    align_buckets,
    normalise_label,
    normalise_title,
    table_buckets,
)
from reporting.derive.key_changes import find_key_changes
from reporting.derive.terms_diff import investment_change, loss_limit_changes
from reporting.derive.wording import title_case
from reporting.errors import FilingError
from reporting.model import state_parts
from reporting.model.deal import (
    CLASSES_TOGETHER,
    WHOLE_DEAL,
    Bound,
    CertificateClass,
    Deal,
    PercentMatrix,
    Pool,
    StratTable,
    class_figure,
    failed_about,
)
from reporting.model.diff import (
    NO_MATERIAL_CHANGES,
    NOTHING_COMPARED,
    BucketChange,
    ClassDiff,
    DealDiff,
    DealSide,
    GeographyDiff,
    Grid,
    MatrixDiff,
    MetricChange,
    Presence,
    Quality,
    Side,
    TableDiff,
    Thresholds,
    Value,
)
from reporting.model.names import deal_stem, pool_key, safe_stem
from reporting.model.table_kinds import LtvMeasure, TableKind, by_original_balance, ltv_measure
from reporting.model.units import Unit

# --- choosing the pools -------------------------------------------------------------


def pool_pair(spec: str | None) -> tuple[str, str]:
    """ "--pool" as given: None -> the whole deals; "I" -> I with I; "I:III" -> I with III."""
    if spec is None or not spec.strip():
        return WHOLE_DEAL, WHOLE_DEAL
    old, sep, new = spec.partition(":")
    return (old.strip(), new.strip()) if sep else (old.strip(), old.strip())


def select_pool(deal: Deal, name: str, explicit: bool) -> Pool:
    """The named pool (case does not matter); a missing pool named on the command line is an error.

    Without ``--pool`` a deal with no whole-deal figures (a truncated filing) is
    compared as an empty pool, so the report shows what is missing.
    """
    wanted = WHOLE_DEAL if name.lower() in (WHOLE_DEAL, "whole", "deal") else name
    found = next((p for p in deal.pools if pool_key(p.name) == pool_key(wanted)), None)
    if found is not None:
        return found
    if not explicit and wanted == WHOLE_DEAL:
        return Pool(WHOLE_DEAL)
    pools = ", ".join(p.name for p in deal.pools) or "none"
    raise FilingError(deal.source.path, f"{deal.name} has no pool {name!r} to compare (its pools: {pools})")


# --- building the diff --------------------------------------------------------------


def build_diff(old: Deal, new: Deal, pool: str | None = None, thresholds: Thresholds | None = None) -> DealDiff:
    """Compare ``old`` with ``new``: the whole deals, or ``pool`` "NAME" / "OLDNAME:NEWNAME" of each."""
    old_name, new_name = pool_pair(pool)
    old_pool = select_pool(old, old_name, explicit=pool is not None)
    new_pool = select_pool(new, new_name, explicit=pool is not None)
    pair = _Pair(old, new, old_pool, new_pool)

    tables = _table_diffs(pair)
    matrices = _matrix_diffs(pair)
    whole_deals = old_pool.is_whole_deal and new_pool.is_whole_deal
    classes = _class_diffs(pair) if whole_deals else ()
    classes_unreconciled = pair.failed_on([CLASSES_TOGETHER], [CLASSES_TOGETHER]) if classes else ()
    old_pools, new_pools = {pool_key(p.name) for p in old.pools}, {pool_key(p.name) for p in new.pools}
    diff = DealDiff(
        old=_side(old, old_pool),
        new=_side(new, new_pool),
        thresholds=thresholds or Thresholds(),
        headline=NO_MATERIAL_CHANGES,
        figures_compared=0,
        key_changes=(),
        metrics=_pool_metrics(pair),
        documentation=_documentation(old_pool, new_pool),
        tables=tables,
        matrices=matrices,
        geography=_geography(pair, tables),
        classes=classes,
        classes_unreconciled=classes_unreconciled,
        # Pools one deal has and the other not, when whole deals are compared (a pool compared is in both).
        pools_only_old=tuple(p.name for p in old.pools if pool_key(p.name) not in new_pools) if whole_deals else (),
        pools_only_new=tuple(p.name for p in new.pools if pool_key(p.name) not in old_pools) if whole_deals else (),
        notes=_notes(pair, tables, matrices, classes),
        cautions=_cautions(pair),
    )
    key_changes = find_key_changes(diff, mixed_terms=terms_differ(old_pool, new_pool))
    compared = _figures_compared(diff)
    count = len(key_changes)
    if count:
        headline = f"{count} material change{'s' * (count != 1)}"
    else:
        headline = NO_MATERIAL_CHANGES if compared else NOTHING_COMPARED
    return replace(diff, key_changes=key_changes, headline=headline, figures_compared=compared)


def _figures_compared(diff: DealDiff) -> int:
    """How many figures both deals state, so "no material changes" never hides "nothing compared"."""
    metrics = [*diff.metrics, *diff.documentation, *(m for c in diff.classes for m in c.figures)]
    buckets = [r for t in diff.tables for r in t.rows] + [r for m in diff.matrices for r in m.row_totals]
    said = sum(m.change is None and m.change_said is not None for m in metrics)  # "new limit": compared, in words
    return (
        said
        + sum(m.change is not None for m in metrics)
        + sum(r.change is not None and r.presence is Presence.BOTH for r in buckets)
    )


@dataclass(frozen=True)
class _Pair:
    """The two deals and the pool compared on each side."""

    old: Deal
    new: Deal
    old_pool: Pool
    new_pool: Pool

    def failed_on(self, old_keys: Iterable[str], new_keys: Iterable[str]) -> tuple[Side, ...]:
        """The sides with a failed check about one of the figures ("table:3", "class:A", ...)."""
        sides = []
        for side, deal, keys in ((Side.OLD, self.old, set(old_keys)), (Side.NEW, self.new, set(new_keys))):
            if failed_about(deal.checks, keys):
                sides.append(side)
        return tuple(sides)

    def failed_metric(self, spec: metrics.PoolMetric) -> tuple[Side, ...]:
        """The sides where a check failed that marks the catalogue's figure ``spec``: the checks the summary
        marks it by (``PoolMetric.check_keys``: California by its state table's balances, not its loan counts)."""
        return self.failed_on(spec.check_keys(self.old, self.old_pool), spec.check_keys(self.new, self.new_pool))


def _side(deal: Deal, pool: Pool) -> DealSide:
    stem = deal_stem(deal.series, deal.source.path)
    if not pool.is_whole_deal:
        stem = f"{stem}-pool-{safe_stem(pool.name, fallback='x')}"
    return DealSide(
        name=deal.name,
        series=deal.series,
        kind=deal.kind.value if deal.kind else None,
        date_of_report=deal.date_of_report,
        cut_off_date=deal.cut_off_date,
        source_path=deal.source.path,
        pool=pool.name,
        pool_label=pool.label,
        pools=tuple(p.name for p in deal.pools),
        stem=stem,
        quality=_quality(deal),
    )


def _quality(deal: Deal) -> Quality:
    failed = tuple(f"{c.name} ({c.subject})" for c in deal.checks if not c.passed)
    run = len(deal.checks)
    if not run:
        verdict = "no reconciliation check could be run"
    elif failed:
        verdict = f"{len(failed)} of {run} reconciliation checks failed: numbers marked as not reconciled"
        if deal.not_run:
            verdict += f"; {deal.not_run_reason}"
    else:
        verdict = deal.verdict_reason  # "all 46 ... passed" only when none could not run (``Deal.verdict_reason``)
    verdict += "".join(f"; {phrase}" for phrase in metrics.missing_phrases(deal))
    warnings = tuple(metrics.in_words(w) for w in deal.warnings)  # fields named as the reports name them
    return Quality(run, failed, deal.missing, warnings, bool(run) and not failed, verdict, len(deal.not_run))


def _metric(key: str, label: str, unit: Unit, old: Value, new: Value, **extra) -> MetricChange:
    numeric = unit is not Unit.DATE and old is not None and new is not None
    change = _clean(new - old, 2 if unit is Unit.DOLLARS else 9) if numeric else None  # type: ignore[operator]
    # A bound moved ("at most 6%" to "at most 24%") changes by pp; "+300%" of a limit means nothing.
    bounded = extra.get("bound") is not None
    relative = _clean(change / abs(old) * 100) if numeric and old and not bounded else None  # type: ignore[arg-type,operator]
    return MetricChange(key, label, unit, old, new, change, relative, **extra)


def _clean(value: float, places: int = 9) -> float:
    # Sums of shares differ in the 16th digit; a change of 1e-15 pp is no change.
    return round(value, places)


# --- pool metrics: every figure of the catalogue, side by side ------------------------------


def _pool_metrics(pair: _Pair) -> tuple[MetricChange, ...]:
    compared = [
        _metric(
            m.key,
            m.label,
            m.unit,
            m.value(pair.old, pair.old_pool),
            m.value(pair.new, pair.new_pool),
            bound=m.bound,
            unreconciled=pair.failed_metric(m),
            **_noted(pair, m),
        )
        for m in metrics.CATALOGUE
        if m.key not in metrics.STATE_FIGURES + metrics.CLASS_FIGURES  # compared in the geography, the classes
    ]
    unlike = unlike_groups(pair.old, pair.new, pair.old_pool, pair.new_pool)
    if unlike is not None:
        compared = [_not_comparable(m, unlike) if _group_figure(m) else m for m in compared]
    if pair.old_pool.is_whole_deal and pair.new_pool.is_whole_deal:
        compared.append(
            _metric(
                metrics.CLEAN_UP_CALL,
                metrics.CLEAN_UP_CALL_LABEL,
                Unit.DOLLARS,
                pair.old.clean_up_call_balance,
                pair.new.clean_up_call_balance,
            )
        )
    # the facts a detailed description states in a sentence of its own: the pools' share secured by investment
    # properties, and the deal's loss limits (the deal's alone: no pool states one)
    if (investment := investment_change(pair.old, pair.new, pair.old_pool, pair.new_pool)) is not None:
        compared.append(investment)
    if pair.old_pool.is_whole_deal and pair.new_pool.is_whole_deal:
        compared += loss_limit_changes(pair.old, pair.new)
    return tuple(compared)


def unlike_groups(old: Deal, new: Deal, old_pool: Pool, new_pool: Pool) -> str | None:
    """Why the two pools' premium and discount loans are not the same groups of loans, where both split them:
    defined at other net-rate thresholds ("defined at 5.250% vs 5.50%": a loan at a net rate of 5.375% is a
    premium loan of the one and a discount loan of the other), or at one not known; None where alike."""
    old_split, new_split = old_pool.premium_discount, new_pool.premium_discount
    if old_split is None or new_split is None:
        return None
    low, high = old_split.threshold_net_rate, new_split.threshold_net_rate
    if low is not None and high is not None:
        if round(low, 6) == round(high, 6):
            return None
        written = (fmt.rate(low, old_split.threshold_places), fmt.rate(high, new_split.threshold_places))
        return f"defined at {written[0]} vs {written[1]}"
    unknown = [deal.name for deal, rate in ((old, low), (new, high)) if rate is None]
    return f"the net-rate threshold {' and '.join(unknown)} defines its groups at is not known"


def _group_figure(metric: MetricChange) -> bool:
    """A premium or discount loans' figure (their share, their WAC): a figure of the group the threshold defines."""
    spec = metrics.BY_KEY.get(metric.key)
    return spec is not None and spec.group_figure is not None


def _not_comparable(metric: MetricChange, why: str) -> MetricChange:
    """Two figures of unlike things side by side, with no change between them and why not."""
    if metric.old is None or metric.new is None:
        return metric  # stated by one deal only: compared with nothing anyway
    return replace(metric, change=None, relative=None, not_comparable=why)


def _noted(pair: _Pair, spec: metrics.PoolMetric) -> dict[str, object]:
    """The sides whose figure is derived (not stated) or doubted, and how near each is where stated as
    approximate, from the catalogue's note on it."""
    notes = ((Side.OLD, spec.note(pair.old, pair.old_pool)), (Side.NEW, spec.note(pair.new, pair.new_pool)))
    sides = ((Side.OLD, pair.old, pair.old_pool), (Side.NEW, pair.new, pair.new_pool))
    return {
        "derived": tuple(side for side, note in notes if note.derived_from),
        "doubted": tuple(side for side, note in notes if note.doubts),
        "by_pools": tuple(side for side, deal, pool in sides if _stated_by_pools_only(spec, deal, pool)),
        "old_within": notes[0][1].within,
        "new_within": notes[1][1].within,
        "old_derived_of": notes[0][1].derived_of if notes[0][1].derived_from else None,
        "new_derived_of": notes[1][1].derived_of if notes[1][1].derived_from else None,
        "old_places": spec.written_places(pair.old_pool),
        "new_places": spec.written_places(pair.new_pool),
    }


def _stated_by_pools_only(spec: metrics.PoolMetric, deal: Deal, pool: Pool) -> bool:
    """The whole deal compared, with no figure of its own, where some pool of the deal states one."""
    if not pool.is_whole_deal or spec.value(deal, pool) is not None:
        return False
    return any(spec.value(deal, p) is not None for p in deal.pools if not p.is_whole_deal)


def _documentation(old: Pool, new: Pool) -> tuple[MetricChange, ...]:
    """Underwriting bounds matched by policy and bound; a policy one deal names alone is listed too. Each side
    as near as its filing states it ("no more than approximately 6%"): a change to or from it no finer."""
    keys = list(dict.fromkeys((u.policy, u.bound) for u in (*old.underwriting, *new.underwriting)))
    return tuple(_documentation_change(old, new, policy, bound) for policy, bound in keys)


def _documentation_change(old: Pool, new: Pool, policy: str, bound: Bound) -> MetricChange:
    old_share = metrics.documentation_share(old, policy, bound)
    new_share = metrics.documentation_share(new, policy, bound)
    return _metric(
        metrics.documentation_key(policy, bound),
        policy,
        Unit.SHARE,
        old_share.percent if old_share else None,
        new_share.percent if new_share else None,
        bound=bound,
        old_within=old_share.approximate_within if old_share else None,
        new_within=new_share.approximate_within if new_share else None,
    )


# --- tables ---------------------------------------------------------------------------


def _pool_tables(deal: Deal, pool: Pool) -> list[tuple[int, StratTable]]:
    return [(i, t) for i, t in enumerate(deal.tables) if t.pool == pool.name]


IndexedTable = tuple[int, StratTable]  # a table and its place in its deal's tables (its checks name it so)


def _table_diffs(pair: _Pair) -> tuple[TableDiff, ...]:
    old_tables = _pool_tables(pair.old, pair.old_pool)
    new_tables = _pool_tables(pair.new, pair.new_pool)
    return tuple(_table_diff(pair, old, new) for old, new in _paired_tables(old_tables, new_tables))


def _paired_tables(
    old_tables: list[IndexedTable], new_tables: list[IndexedTable]
) -> list[tuple[IndexedTable | None, IndexedTable | None]]:
    """Each deal's tables side by side: by title, else by what they are split by (``StratTable.kind``).

    Filings of other years title one table differently ("TYPE OF DWELLING", "TYPES OF DWELLINGS SUBJECT
    TO MORTGAGE LOANS"); two such tables are paired when each is the only one of its kind left on its
    side. A table of no known kind, or of a kind either side has twice, is paired by title alone.
    """
    new_by_title = {normalise_title(t.title): (i, t) for i, t in new_tables}
    paired: dict[int, IndexedTable | None] = {}  # old index -> its new table
    taken: set[int] = set()  # new indexes paired
    for old_index, old_table in old_tables:
        found = new_by_title.get(normalise_title(old_table.title))
        paired[old_index] = found if found is not None and found[0] not in taken else None
        if paired[old_index] is not None:
            taken.add(found[0])  # type: ignore[index]
    left_old = [(i, t) for i, t in old_tables if paired[i] is None]
    left_new = [(i, t) for i, t in new_tables if i not in taken]
    for kind in dict.fromkeys(_measure(t) for _, t in left_old if t.kind is not TableKind.OTHER):
        olds = [item for item in left_old if _measure(item[1]) == kind]
        news = [item for item in left_new if _measure(item[1]) == kind]
        if len(olds) == 1 and len(news) == 1:
            paired[olds[0][0]] = news[0]
            taken.add(news[0][0])
    pairs: list[tuple[IndexedTable | None, IndexedTable | None]] = [(item, paired[item[0]]) for item in old_tables]
    return pairs + [(None, item) for item in new_tables if item[0] not in taken]


def _measure(table: StratTable) -> tuple[TableKind, bool]:
    """What a table splits the loans by, and whether by their size at origination: a table by original balance
    is paired with none by the balance now ("SIZE OF MORTGAGE LOANS"), its buckets another measure's."""
    return table.kind, table.kind is TableKind.LOAN_SIZE and by_original_balance(table.title, table.label_header)


def _table_diff(pair: _Pair, old: tuple[int, StratTable] | None, new: tuple[int, StratTable] | None) -> TableDiff:
    old_buckets = table_buckets(old[1]) if old else ()
    new_buckets = table_buckets(new[1]) if new else ()
    if old and new:
        # a state table's rows matched by state ("California" and "CA"), as ``state_keys`` says
        labels = ([b.label for b in old_buckets], [b.label for b in new_buckets])
        states = TableKind.GEOGRAPHY in (old[1].kind, new[1].kind)
        added = state_parts.parts_added(old_buckets) | state_parts.parts_added(new_buckets) if states else frozenset()
        aligned = align_buckets(
            old_buckets, new_buckets, geography.state_keys(*labels, added) if states else normalise_label
        )
        alignment, rows, to = aligned.alignment, aligned.rows, aligned.rebucketed_to
        # a breakdown of a state one filing gives under its row, the other not: no part is compared with 0%
        parts = (
            state_parts.parts_broken_down(old_buckets) | state_parts.parts_broken_down(new_buckets)
            if states
            else frozenset()
        )
    else:
        alignment = Alignment.OLD_ONLY if old else Alignment.NEW_ONLY
        rows = tuple(AlignedRow(b.label, (b,) if old else (), () if old else (b,)) for b in old_buckets or new_buckets)
        to = None
        parts = frozenset()
    both = alignment in (Alignment.MATCHED, Alignment.REBUCKETED)
    unreconciled = pair.failed_on([f"table:{old[0]}"] if old else [], [f"table:{new[0]}"] if new else [])
    return TableDiff(
        title=(new or old)[1].title,  # type: ignore[index]
        old_title=old[1].title if old else None,
        new_title=new[1].title if new else None,
        alignment=alignment,
        rebucketed_to=Side(to) if to else None,
        rows=tuple(_bucket_change(row, both and not _a_part_alone(row, parts)) for row in rows),
        unreconciled=unreconciled,
    )


def _a_part_alone(row: AlignedRow, parts: Collection[str]) -> bool:
    """Whether a row is a part of a state broken down by one filing only (``parts``): its loans are in the state's
    row on both sides, so it has no share to compare in the other, not 0%."""
    buckets = row.old or row.new
    return not (row.old and row.new) and all(b.label in parts for b in buckets)


def _bucket_change(row: AlignedRow, comparable: bool) -> BucketChange:
    """Sum the rows on each side; an absent side is 0% of balance when the tables are comparable."""
    presence = Presence.BOTH if row.old and row.new else Presence.OLD_ONLY if row.old else Presence.NEW_ONLY
    old_share, new_share = _sum_share(row.old), _sum_share(row.new)
    if comparable:
        old_share = 0.0 if not row.old else old_share
        new_share = 0.0 if not row.new else new_share
    both = comparable and old_share is not None and new_share is not None
    change = _clean(new_share - old_share) if both else None  # type: ignore[operator]
    return BucketChange(
        label=row.label,
        presence=presence,
        old_labels=tuple(b.label for b in row.old),
        new_labels=tuple(b.label for b in row.new),
        old_count=_sum(b.count for b in row.old),
        new_count=_sum(b.count for b in row.new),
        old_balance=_sum(b.balance for b in row.old),
        new_balance=_sum(b.balance for b in row.new),
        old_share=old_share,
        new_share=new_share,
        change=change,
        old_under=_sum_under(row.old),
        new_under=_sum_under(row.new),
    )


def _sum(values: Iterable[float | None]) -> float | None:
    values = list(values)
    return None if not values or None in values else sum(values)  # type: ignore[arg-type]


def _sum_share(buckets: tuple[Bucket, ...]) -> float | None:
    return _sum(b.share for b in buckets)


def _sum_under(buckets: tuple[Bucket, ...]) -> float | None:
    """The bound of a bucket whose every share the filing gives only as under a bound (their sum is under
    the sum of the bounds); None where it states any of them (the sum is then as good as the figures)."""
    bounds = [b.under for b in buckets]
    return sum(bounds) if bounds and None not in bounds else None  # type: ignore[arg-type]


# --- FICO x LTV and other percent matrices ----------------------------------------------


IndexedMatrix = tuple[int, PercentMatrix]  # a matrix and its place in its deal's matrices (its checks name it so)


def _matrix_diffs(pair: _Pair) -> tuple[MatrixDiff, ...]:
    old = [(i, m) for i, m in enumerate(pair.old.matrices) if m.pool == pair.old_pool.name]
    new = [(i, m) for i, m in enumerate(pair.new.matrices) if m.pool == pair.new_pool.name]
    pairs = _paired_matrices(old, new)
    left_old = [o for o, n in pairs if n is None]
    left_new = [n for o, n in pairs if o is None]
    return tuple(
        _said_instead(_matrix_diff(pair, o, n), left_new if n is None else left_old if o is None else [])
        for o, n in pairs
    )


def _paired_matrices(
    old: list[IndexedMatrix], new: list[IndexedMatrix]
) -> list[tuple[IndexedMatrix | None, IndexedMatrix | None]]:
    """Each deal's matrices side by side: by title, else by the LTV they are by (``_ltv_of``), as tables are paired
    by what they split by. Never two by other LTVs, titled alike or not: a matrix by the LTV now and one by the LTV at
    origination put the same loans in other buckets (its title or its columns' heading say which)."""
    paired: dict[int, IndexedMatrix | None] = {}
    taken: set[int] = set()
    for old_index, matrix in old:
        found = next(
            (
                item
                for item in new
                if item[0] not in taken
                and normalise_title(item[1].title) == normalise_title(matrix.title)
                and _ltv_of(item[1]) == _ltv_of(matrix)
            ),
            None,
        )
        paired[old_index] = found
        if found is not None:
            taken.add(found[0])
    left_old = [item for item in old if paired[item[0]] is None]
    left_new = [item for item in new if item[0] not in taken]
    for measure in dict.fromkeys(_ltv_of(m) for _, m in left_old if _ltv_of(m) is not None):
        olds = [item for item in left_old if _ltv_of(item[1]) == measure]
        news = [item for item in left_new if _ltv_of(item[1]) == measure]
        if len(olds) == 1 and len(news) == 1:
            paired[olds[0][0]] = news[0]
            taken.add(news[0][0])
    pairs: list[tuple[IndexedMatrix | None, IndexedMatrix | None]] = [(item, paired[item[0]]) for item in old]
    return pairs + [(None, item) for item in new if item[0] not in taken]


def _ltv_of(matrix: PercentMatrix) -> LtvMeasure | None:
    return ltv_measure(matrix.title, matrix.col_header)


def _said_instead(diff: MatrixDiff, others: list[IndexedMatrix]) -> MatrixDiff:
    """A matrix in one deal only, beside the other deal's matrix left unpaired that is by another LTV: which that is,
    for the reports to say why the two are not compared (no word where the other deal has none, or several)."""
    unlike = [m for _, m in others if _ltv_of(m) not in (None, diff.measure)]
    if diff.measure is None or len(unlike) != 1:
        return diff
    (other,) = unlike
    return replace(diff, instead=other.name, instead_by=str(_ltv_of(other)))


def _matrix_diff(
    pair: _Pair, old: tuple[int, PercentMatrix] | None, new: tuple[int, PercentMatrix] | None
) -> MatrixDiff:
    some = (new or old)[1]  # type: ignore[index]
    old_m, new_m = (old[1] if old else None), (new[1] if new else None)
    rows = _union_labels(old_m.row_labels if old_m else (), new_m.row_labels if new_m else ())
    cols = _union_labels(old_m.col_labels if old_m else (), new_m.col_labels if new_m else ())
    old_cells, old_under = _cells_by_label(old_m, rows, cols)
    new_cells, new_under = _cells_by_label(new_m, rows, cols)
    changes = tuple(
        tuple(_clean(n - o) if o is not None and n is not None else None for o, n in zip(orow, nrow))
        for orow, nrow in zip(old_cells, new_cells)
    )
    label_of = {normalise_label(x): x for m in (old_m, new_m) if m for x in (*m.row_labels, *m.col_labels)}
    unreconciled = pair.failed_on([f"matrix:{old[0]}"] if old else [], [f"matrix:{new[0]}"] if new else [])
    return MatrixDiff(
        title=some.title,
        alignment=Alignment.MATCHED if old and new else Alignment.OLD_ONLY if old else Alignment.NEW_ONLY,
        row_header=some.row_header,
        col_header=some.col_header,
        row_labels=tuple(label_of[r] for r in rows),
        col_labels=tuple(label_of[c] for c in cols),
        old_cells=old_cells,
        new_cells=new_cells,
        changes=changes,
        row_totals=_matrix_totals(old_m, new_m, "row"),
        col_totals=_matrix_totals(old_m, new_m, "col"),
        unreconciled=unreconciled,
        old_under=old_under,
        new_under=new_under,
    )


def _instead(matrix: MatrixDiff, other: str) -> str:
    """Why a matrix in one deal only is not compared with the other deal's: that one is by another LTV."""
    if not matrix.instead:
        return ""
    return (
        f", by {matrix.measure}; {other} gives a {matrix.instead} matrix instead, by {matrix.instead_by}: "
        "another measure, not compared"
    )


def _cells_by_label(matrix: PercentMatrix | None, rows: tuple[str, ...], cols: tuple[str, ...]) -> tuple[Grid, Grid]:
    """The matrix's cells laid out on the (normalised) row and column labels of both matrices, and beside
    them the bound of each cell the filing writes only as a mark (None where it states the cell)."""
    cells: dict[tuple[str, str], tuple[float, float | None]] = {}
    if matrix is not None:
        for r, (row_label, values) in enumerate(zip(matrix.row_labels, matrix.cells)):
            for c, (col_label, value) in enumerate(zip(matrix.col_labels, values)):
                cells[normalise_label(row_label), normalise_label(col_label)] = (value, matrix.bound_at(r, c))
    laid_out = [[cells.get((r, c), (None, None)) for c in cols] for r in rows]
    return (
        tuple(tuple(value for value, _ in row) for row in laid_out),
        tuple(tuple(bound for _, bound in row) for row in laid_out),
    )


def _union_labels(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[str, ...]:
    keys = [normalise_label(x) for x in old]
    return tuple(keys + [k for k in (normalise_label(x) for x in new) if k not in keys])


def _matrix_totals(old: PercentMatrix | None, new: PercentMatrix | None, axis: str) -> tuple[BucketChange, ...]:
    """Row (FICO) or column (LTV) totals as buckets: the matrix's own totals, else its cells' sums."""

    def buckets(matrix: PercentMatrix | None) -> tuple[Bucket, ...]:
        if matrix is None:
            return ()
        labels = matrix.row_labels if axis == "row" else matrix.col_labels
        stated = matrix.row_totals if axis == "row" else matrix.col_totals
        if stated is None:
            columns = list(zip(*matrix.cells)) if axis == "col" else matrix.cells
            stated = tuple(round(sum(values), 4) for values in columns)
            return tuple(Bucket(label, None, None, share) for label, share in zip(labels, stated))
        # A stated total sits after the cells' columns (a row's) or below their rows (a column's).
        rows, cols = len(matrix.row_labels), len(matrix.col_labels)
        place = (lambda i: (i, cols)) if axis == "row" else (lambda i: (rows, i))
        return tuple(
            Bucket(label, None, None, share, under=matrix.bound_at(*place(i)))
            for i, (label, share) in enumerate(zip(labels, stated))
        )

    old_b, new_b = buckets(old), buckets(new)
    if old and new:
        aligned = align_buckets(old_b, new_b)
        comparable = aligned.alignment is not Alignment.NOT_COMPARABLE
        return tuple(_bucket_change(row, comparable) for row in aligned.rows)
    return tuple(
        _bucket_change(AlignedRow(b.label, (b,) if old else (), () if old else (b,)), False) for b in old_b or new_b
    )


# --- geography ------------------------------------------------------------------------

MOVERS = 5


def _geography(pair: _Pair, tables: tuple[TableDiff, ...]) -> GeographyDiff:
    old_table = geography.state_table(pair.old, pair.old_pool.name)
    new_table = geography.state_table(pair.new, pair.new_pool.name)
    old_top = _top(old_table)
    new_top = _top(new_table)
    states = geography.state_table_diff(tables)
    movers: tuple[BucketChange, ...] = ()
    if states is not None and states.alignment is Alignment.MATCHED:
        moved = [r for r in states.rows if r.change]
        movers = tuple(sorted(moved, key=lambda r: -abs(r.change or 0))[:MOVERS])
    # The top 10 compared only where both tables give every state's balance: with none read, every state "left" it.
    both = all(t is not None and geography.shares_known(t) for t in (old_table, new_table))
    california, top5 = (metrics.BY_KEY[key] for key in metrics.STATE_FIGURES)
    return GeographyDiff(
        stated_old=old_table is not None,
        stated_new=new_table is not None,
        california=_state_metric(pair, california),
        top5=_state_metric(pair, top5),
        old_top10=old_top,
        new_top10=new_top,
        entering_top10=_not_among(new_top, old_top) if both else (),
        leaving_top10=_not_among(old_top, new_top) if both else (),
        movers=movers,
    )


def _state_metric(pair: _Pair, spec: metrics.PoolMetric) -> MetricChange:
    """California or the top states' share, marked as the summary marks it (``_Pair.failed_metric``), and said
    doubted where a row it stands on is (a share the filing states otherwise), as every catalogue figure is."""
    old, new = spec.value(pair.old, pair.old_pool), spec.value(pair.new, pair.new_pool)
    return _metric(
        spec.key, spec.label, spec.unit, old, new, unreconciled=pair.failed_metric(spec), **_noted(pair, spec)
    )


def _not_among(states: tuple[str, ...], others: tuple[str, ...]) -> tuple[str, ...]:
    """The states of ``states`` not among ``others``, each matched as the state table's rows are (``state_key``):
    "CA" in one filing is "California" in the other."""
    keys = {geography.state_key(state) for state in others}
    return tuple(state for state in states if geography.state_key(state) not in keys)


def _top(table: StratTable | None) -> tuple[str, ...]:
    """The largest states by name, the filing's labels, largest first; a row for the rest ("All other
    states") is no state, nor is a territory (Puerto Rico), so neither ever enters or leaves them."""
    shares = geography.state_shares(table) if table is not None else ()
    return tuple(s.state for s in geography.ranked_states(shares) if s.share)[: geography.STATES_LISTED]


# --- capital structure ----------------------------------------------------------------


def _class_diffs(pair: _Pair) -> tuple[ClassDiff, ...]:
    """Classes matched by name; each figure marked by the checks the summary marks it by (``class_figure``: a
    level against its juniors marks the level alone). The classes' sum against the deal marks no one class
    (``classes_unreconciled``)."""
    old_by = {c.name: c for c in pair.old.classes}
    new_by = {c.name: c for c in pair.new.classes}
    names = list(old_by) + [n for n in new_by if n not in old_by]
    diffs = []
    for name in names:
        o, n = old_by.get(name), new_by.get(name)
        diffs.append(
            ClassDiff(
                name=name,
                presence=Presence.BOTH if o and n else Presence.OLD_ONLY if o else Presence.NEW_ONLY,
                balance=_class_metric(pair, name, "initial_balance", "balance", Unit.DOLLARS, o, n),
                subordination=_class_metric(pair, name, "subordination_level", "subordination", Unit.LEVEL, o, n),
                notional=_class_metric(pair, name, "notional_balance", "notional balance", Unit.DOLLARS, o, n)
                if any(c is not None and c.notional_balance is not None for c in (o, n))
                else None,
            )
        )
    return tuple(diffs)


def _class_metric(
    pair: _Pair,
    name: str,
    field: str,
    what: str,
    unit: Unit,
    old: CertificateClass | None,
    new: CertificateClass | None,
) -> MetricChange:
    values = (getattr(c, field) if c else None for c in (old, new))
    keys = (class_figure(name, field),)
    failed = pair.failed_on(keys if old else (), keys if new else ())
    # the parser's doubts on the figure (the table of classes giving another than the prose's), said beside it
    # as a pool figure's are
    doubted = tuple(
        side for side, c in ((Side.OLD, old), (Side.NEW, new)) if c and metrics.stated_note(c, field).doubts
    )
    # a balance read from a table "in thousands" is as near as $500: written so, and its change no finer
    old_within, new_within = (metrics.stated_note(c, field).within if c else None for c in (old, new))
    return _metric(
        class_figure(name, field),
        f"Class {name} {what}",
        unit,
        *values,
        unreconciled=failed,
        doubted=doubted,
        old_within=old_within,
        new_within=new_within,
    )


# --- cautions: when the changes may not mean what they seem ---------------------------------------


def term_range(pool: Pool) -> str | None:
    """The original terms of a pool's loans as the filing bounds them: "20-30 years"; None where not stated."""
    low, high = pool.original_term_min_years, pool.original_term_max_years
    if low is None or high is None:
        return None
    return f"{low:g} years" if low == high else f"{low:g}-{high:g} years"


def terms_differ(old_pool: Pool, new_pool: Pool) -> bool:
    """Whether the loans compared have different original terms, both stated: their WAM and original term
    then move mostly with the mix of terms, and WAC and LTV partly."""
    old_terms, new_terms = term_range(old_pool), term_range(new_pool)
    return bool(old_terms and new_terms and old_terms != new_terms)


def _pool_words(pool: Pool) -> str:
    """ "all loans", or "pool I" with the pool's name as the filing writes it."""
    return "all loans" if pool.is_whole_deal else f"pool {pool.name}"


def _cautions(pair: _Pair) -> tuple[str, ...]:
    """Unlike pools (loans of other terms) or unlike filings make a change partly a change of mix.

    Plain words only: the command that compares like with like is the terminal's to suggest (``like_pools``).
    """
    cautions = []
    old_terms, new_terms = term_range(pair.old_pool), term_range(pair.new_pool)
    if terms_differ(pair.old_pool, pair.new_pool):
        cautions.append(
            f"The loans compared have different original terms ({pair.old.name} {_pool_words(pair.old_pool)}: "
            f"{old_terms}; {pair.new.name} {_pool_words(pair.new_pool)}: {new_terms}), so changes in WAM, "
            f"original term, WAC and LTV partly reflect the mix of terms.{_like_pool_words(pair)}"
        )
    if (groups := _groups_caution(pair)) is not None:
        cautions.append(groups)
    if pair.old.kind and pair.new.kind and pair.old.kind != pair.new.kind:
        cautions.append(
            f"{pair.old.name} is a {pair.old.kind.label.lower()} and {pair.new.name} a {pair.new.kind.label.lower()}: "
            "a preliminary term sheet describes the expected pool, the detailed description the pool delivered."
        )
    for role, deal in (("old", pair.old), ("new", pair.new)):
        if deal.amendment:  # said on its summary's first line; a diff read alone said it nowhere but its notes
            cautions.append(
                f"The {role} deal, {deal.name}, is an amendment ({deal.amendment_note or 'Form 8-K/A'}): it corrects "
                "an earlier filing of the series. Against that filing, a change may be the correction, not the loans."
            )
    return tuple(cautions)


def _like_pool_words(pair: _Pair) -> str:
    """ " Pool I of CMSI 2004-8 (25-30 years) holds loans within 20-30 years: compare it alone." A reader of the
    report is pointed to the pool to compare, not only warned (the command is the terminal's to suggest); "" where
    no pool is like."""
    like = like_pools(pair.old, pair.new, pair.old_pool, pair.new_pool)
    if like is None:
        return ""
    deal, pool = (pair.new, like[1]) if like[1] != pair.new_pool.name else (pair.old, like[0])
    other = pair.old_pool if deal is pair.new else pair.new_pool
    chosen = deal.pool(pool)
    same = chosen is not None and term_range(chosen) == term_range(other)
    terms = "of the same original terms" if same else f"within {term_range(other)}"
    return (
        f" Pool {pool} of {deal.name} ({term_range(chosen) if chosen else ''}) holds loans {terms}: compare it alone."
    )


def _terms(pool: Pool) -> tuple[float, float] | None:
    low, high = pool.original_term_min_years, pool.original_term_max_years
    return None if low is None or high is None else (low, high)


def _within(inner: Pool, outer: Pool) -> bool:
    """Whether every loan of ``inner`` has an original term that ``outer``'s loans may have."""
    a, b = _terms(inner), _terms(outer)
    return a is not None and b is not None and b[0] <= a[0] and a[1] <= b[1]


def _groups_caution(pair: _Pair) -> str | None:
    """The premium and discount loans of the two sides are not the same groups of loans (``unlike_groups``)."""
    unlike = unlike_groups(pair.old, pair.new, pair.old_pool, pair.new_pool)
    if unlike is None:
        return None
    sides = ((pair.old, pair.old_pool), (pair.new, pair.new_pool))
    splits = [pool.premium_discount for _, pool in sides]
    if all(s is not None and s.threshold_net_rate is not None for s in splits):
        at = "; ".join(
            f"{deal.name} {_pool_words(pool)}: {fmt.rate(split.threshold_net_rate, split.threshold_places)}"  # type: ignore[union-attr]
            for (deal, pool), split in zip(sides, splits)
        )
        said = f"are defined at different net-rate thresholds ({at}), so they are not the same groups of loans"
    else:
        said = f"may not be the same groups of loans ({unlike})"
    return f"The premium and discount loans {said}: their shares and WACs are shown side by side, not compared."


def like_pools(old: Deal, new: Deal, old_pool: Pool, new_pool: Pool) -> tuple[str, str] | None:
    """The pools (old, new) to compare instead when the two compared hold loans of other terms.

    A pool whose original terms are exactly those of the other side, so that comparing it raises no
    caution of its own; else, where a whole deal mixes in loans of terms the other side has none of
    (15-year loans against 20-30-year ones), its largest pool whose terms lie within the other side's.
    None when no pool of either deal is such a pool.
    """
    if term_range(old_pool) == term_range(new_pool):
        return None
    for whole, other, deal, old_side in ((new_pool, old_pool, new, False), (old_pool, new_pool, old, True)):
        if not whole.is_whole_deal:
            continue
        pools = [p for p in deal.pools if not p.is_whole_deal]
        same = [p for p in pools if term_range(p) == term_range(other)]
        within = (
            []
            if _within(whole, other)
            else sorted((p for p in pools if _within(p, other)), key=lambda p: -(p.aggregate_balance or 0))
        )
        if like := (same or within):
            return (like[0].name, other.name) if old_side else (other.name, like[0].name)
    return None


# --- notes: what could not be compared ----------------------------------------------------


def _notes(
    pair: _Pair, tables: tuple[TableDiff, ...], matrices: tuple[MatrixDiff, ...], classes: tuple[ClassDiff, ...]
) -> tuple[str, ...]:
    old, new = pair.old.name, pair.new.name
    notes = []
    if pair.old_pool.is_whole_deal and pair.new_pool.is_whole_deal:  # a pool compared is no "pool only in"
        old_pools, new_pools = pair.old.pools, pair.new.pools
        for only, pools, others in ((old, old_pools, new_pools), (new, new_pools, old_pools)):
            keys = {pool_key(p.name) for p in others}
            if names := sorted(p.name for p in pools if pool_key(p.name) not in keys):
                notes.append(f"Pools only in {only}: {', '.join(names)}.")
    sides = ((Alignment.OLD_ONLY, pair.new_pool, new, old), (Alignment.NEW_ONLY, pair.old_pool, old, new))
    for alignment, lacking_pool, lacking, other in sides:
        one_sided = [d for d in tables if d.alignment is alignment]
        if one_sided and len(one_sided) == len(tables):
            where = "the whole deal" if lacking_pool.is_whole_deal else lacking_pool.label
            notes.append(
                f"{lacking} states no stratification tables for {where}; the tables and geography show {other} alone."
            )
        elif one_sided:
            notes.append(f"Tables only in {other}: {'; '.join(title_case(d.title) for d in one_sided)}.")
    for table in tables:
        if table.alignment is Alignment.NOT_COMPARABLE:
            notes.append(
                f"{title_case(table.title)}: bucket edges differ and do not nest; not comparable bucket by bucket."
            )
        elif table.alignment is Alignment.REBUCKETED:
            role, name = ("old", old) if table.rebucketed_to is Side.OLD else ("new", new)
            notes.append(
                f"{title_case(table.title)}: re-bucketed to the {role} deal's buckets ({name}), which the other's nest in."
            )
    for matrix in matrices:
        if matrix.alignment is not Alignment.MATCHED:
            only, other = (old, new) if matrix.alignment is Alignment.OLD_ONLY else (new, old)
            notes.append(f"{title_case(matrix.title)}: only in {only}{_instead(matrix, other)}.")  # as reports write it
    for presence, only in ((Presence.OLD_ONLY, old), (Presence.NEW_ONLY, new)):
        names = [c.name for c in classes if c.presence is presence]
        if names:
            notes.append(f"Classes only in {only}: {', '.join(names)}.")
    return tuple(notes)
