"""The metric catalogue: every pool figure a report shows, defined once.

Each ``PoolMetric`` says what the figure is called (the same label in the PDF, the
HTML, the email, the diff, the index and the terminal), its unit (how it is written
and how a change in it is read: bp for rates, pp for shares), whether the filing
states it as a bound ("at least 98%"), how it is computed from a pool, and which
failed reconciliation checks mark it. The summary shows some of them in its key
metrics and its eligibility rows (``KEY_METRICS``, ``LIMITS``); the diff compares
them all (``CATALOGUE``, in its order).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reporting import formatting as fmt
from reporting.derive import geography
from reporting.derive.buckets import table_base
from reporting.model.bucket_labels import Interval, parse_interval
from reporting.model.deal import (
    DETAILED_DEAL_FACTS,
    SHARE_IN_PLACE_OF,
    STRATIFICATION_TABLES,
    UNHELD_FIGURES,
    Bound,
    CertificateClass,
    Deal,
    PercentMatrix,
    Pool,
    Provenance,
    StratTable,
    TableRow,
    UnderwritingShare,
    class_figure,
    has_group_subordinates,
    lines_of,
    missing_class_figure,
    missing_fact,
    of_the_total_line,
    provenance_of,
    seniority,
)
from reporting.model.summary import FROM_THE_POOLS, NOT_READ, FigureNote, not_stated
from reporting.model.units import Unit

Value = float | int | object | None  # a number, a date, or None when the filing does not state it


@dataclass(frozen=True)
class PoolMetric:
    key: str  # stable name: JSON, diff keys, index columns
    label: str  # what every report calls it
    unit: Unit
    compute: Callable[[Deal, Pool], Value]
    checked: tuple[str, ...] = ()  # pool fields whose failed check marks this figure ("pool:<name>:<field>")
    bound: Bound | None = None  # the filing states a limit, not a value
    by_state_table: bool = False  # read off the pool's state table: its failed checks mark it too
    # The state table's rows it stands on (California's; the top states'): only their doubts mark it.
    state_rows: Callable[[StratTable], tuple[TableRow, ...]] | None = None
    subject: str | None = None  # its name in a sentence, where the label is long ("WA LTV")
    reads: tuple[str, ...] = ()  # the pool fields it is computed from, when not those ``checked``
    # Other checks that mark it, for figures read off a matrix or the classes ("matrix:0", "class:A").
    other_concerns: Callable[[Deal, Pool], tuple[str, ...]] | None = None
    computed: bool = False  # termsheet computes it from stated figures (an average, a share): never stated as such
    # The premium or discount loans' figure it is or stands on ("discount", "wac"): its doubts and lines are this one's.
    group_figure: tuple[str, str] | None = None
    # A share termsheet computes, which the filing may state itself in place of its amount (``SHARE_IN_PLACE_OF``):
    # the pool field holding it. Where stated, the figure is the filing's, standing on that field alone.
    stated: str | None = None
    # A difference of its sources (the seasoning: original term less WAM): as near as they are together, where the
    # filing states one of them as approximate ("about 358 months" makes it "approx. 2 mo", never "1.54 mo")
    difference: bool = False
    # A quotient of its two sources (an average, a share of balance): as near as their relative precision allows,
    # where the filing states either as approximate ("about $619.8 million" over 1,225 loans is "approx. $506,000")
    quotient: bool = False
    # A documentation bound (``documentation_metric``): the (policy, bound) of the pool's underwriting share it is.
    documentation: tuple[str, Bound] | None = None
    # A figure termsheet derives from what the filing prints, not from stated figures of the pool (the FICO share,
    # summed from the FICO matrix's rows): how, and from what in a mark's words; None where ``pool`` has no figure.
    derivation: Callable[[Deal, Pool], Derivation | None] | None = None
    # A rate every report writes with the decimals its filing gives it (the net-rate threshold: "5.50%", never
    # "5.500%"): those decimals of ``pool``'s figure, None where not known (a rate's three).
    places: Callable[[Pool], int | None] | None = None

    def value(self, deal: Deal, pool: Pool) -> Value:
        return self.compute(deal, pool)

    def written_places(self, pool: Pool) -> int | None:
        """The decimals ``pool``'s figure is written with where its filing's are kept (``places``); else None."""
        return self.places(pool) if self.places is not None else None

    @property
    def sources(self) -> tuple[str, ...]:
        """The pool fields the figure stands on: whose lines, doubts and derivation it carries."""
        return self.reads or self.checked

    def stated_by(self, pool: Pool) -> bool:
        """Whether ``pool``'s figure is one the filing states as such (a share it states), not computed."""
        return self.stated is not None and getattr(pool, self.stated, None) is not None

    def sources_of(self, pool: Pool) -> tuple[str, ...]:
        """The pool fields ``pool``'s figure stands on: the share the filing states alone, where it states one."""
        return (self.stated,) if self.stated is not None and self.stated_by(pool) else self.sources

    def note(self, deal: Deal, pool: Pool) -> FigureNote:
        """Where the figure of ``pool`` comes from: the filing's lines, the parser's doubts, a derivation."""
        sources = self.sources_of(pool)
        derived = [d for f in sources if getattr(pool, f, None) is None and (d := pool.derived_figure(f))]
        # A figure made from others carries their doubts, each said of the figure it is about ("Average loan
        # balance": "Aggregate balance: stated as approximately $619.8 million, ...")
        doubts = tuple(
            w if f == self.key else f"{_name_of(f)}: {w}"
            for f in sources
            if (p := provenance_of(pool, f))
            for w in p.warnings
        )
        # ... and a figure derived from the pools, the pools' doubts about theirs ("pool II: ... misprinted")
        doubts += tuple(w if d.field == self.key else f"{_name_of(d.field)}: {w}" for d in derived for w in d.warnings)
        lines = {*lines_of(pool, *sources), *(n for d in derived for n in d.source_lines)}
        if self.group_figure is not None:
            group, field = self.group_figure
            said = group_figure_note(pool, group, field)
            # a share of the group's balance names the balance its doubt is about; the group's WAC is the figure
            named = f"{group.capitalize()} loans {_name_of(field)}: " if self.computed else ""
            doubts += tuple(named + doubt for doubt in said.doubts)
            lines |= set(said.lines)
        table = geography.state_table(deal, pool.name) if self.by_state_table else None
        rows = () if table is None else self.state_rows(table) if self.state_rows is not None else table.rows
        # California not named beside "All other states": the filing does not state it; nothing read to doubt.
        if table is not None and not geography.only_in_the_rest(table, rows):
            # the table's doubts, its rows' (a stated share that disagrees, a damaged figure) and its Total
            # line's (a figure the filing corrects): the shares stand on every row's balance and the Total's
            doubts += table.warnings + tuple(f"row {r.label!r}: {w}" for r in rows for w in r.warnings)
            doubts += tuple(map(of_the_total_line, table.total.warnings if table.total else ()))
            lines |= set(range(table.line_range[0], table.line_range[-1] + 1)) if table.line_range else set()
        elif table is None and self.by_state_table:
            # No state table read, and one the parser could not read: the figure is in the filing, there
            # (the checks it stops say which table; no figure stands to be doubted).
            lines |= {line for line, _ in geography.state_tables_not_read(deal)}
        # A figure made from a derived one says which ("Balance above 80% LTV: sum of pools I, II, III").
        derivations = [
            d.derived_from if d.field == self.key else f"{_name_of(d.field)}: {d.derived_from}" for d in derived
        ]
        how = self.derivation(deal, pool) if self.derivation is not None else None
        doubts += how.doubts if how is not None else ()
        derived_of = how.of if how is not None else FROM_THE_POOLS
        derived_from = "; ".join([*([how.how] if how is not None else []), *derivations]) or None
        return FigureNote(
            derived_from,
            doubts,
            tuple(sorted(lines)),
            stated=self.stated_by(pool),
            within=self.within(pool),
            derived_of=derived_of,
        )

    def within(self, pool: Pool) -> float | None:
        """How near the figure of ``pool`` is where the filing states it as approximate (``Provenance.
        approximate_within``); None for a figure stated exactly, or one termsheet computes or derives."""
        if self.documentation is not None:  # an underwriting share the filing states approximately
            found = documentation_share(pool, *self.documentation)
            return found.approximate_within if found else None
        if self.group_figure is not None:  # the premium or discount loans' own figure (a share of them is computed)
            return None if self.computed else group_figure_note(pool, *self.group_figure).within
        sources = self.sources_of(pool)
        if self.difference and all(getattr(pool, field, None) is not None for field in sources):
            withins = [found.approximate_within or 0.0 for field in sources if (found := provenance_of(pool, field))]
            return sum(withins) or None
        if self.quotient and not self.stated_by(pool):
            return _quotient_within(pool, sources, self.unit)
        if len(sources) != 1 or (self.computed and not self.stated_by(pool)) or not _figure_of(pool, sources[0]):
            return None
        return _approximate_within(pool, sources[0])

    def concerns(self, pool: str) -> tuple[str, ...]:
        """The check keys ("concerns") a failure of which marks this figure of ``pool``."""
        return tuple(f"pool:{pool}:{name}" for name in self.checked)

    def check_keys(self, deal: Deal, pool: Pool) -> tuple[str, ...]:
        """Every check key whose failure marks this figure of ``pool``: its fields', its state table's balances
        (the shares stand on them, not on the table's loan counts), the rest; a share the filing states, its own."""
        if self.stated is not None and self.stated_by(pool):
            return (f"pool:{pool.name}:{self.stated}",)
        keys = self.concerns(pool.name)
        if self.by_state_table:
            table = geography.state_table(deal, pool.name)
            keys += tuple(f"table:{i}:balance" for i, t in enumerate(deal.tables) if t is table)
        if self.other_concerns is not None:
            keys += self.other_concerns(deal, pool)
        return keys

    @property
    def in_sentence(self) -> str:
        return self.subject or self.label


@dataclass(frozen=True)
class Derivation:
    """How termsheet derived a figure the filing does not state: "sum of the FICO x LTV matrix's rows below 700"
    (``how``), and what from, as the mark beside it says ("derived from the FICO x LTV matrix's rows": ``of``)."""

    how: str
    of: str
    # The doubts about what it is derived from: the matrix's, or the FICO table's and its rows' it stands on ("row
    # '650 to 699': the filing gives this row as 21.15% ..."), said beside it as beside any figure read
    doubts: tuple[str, ...] = ()


@dataclass(frozen=True)
class MetricRange:
    """Two catalogue figures the summary shows as one range ("$50,000 - $1,000,000")."""

    key: str
    label: str
    unit: Unit
    low: str  # catalogue keys
    high: str


# --- how figures are computed ----------------------------------------------------------


def share(part: float | None, whole: float | None) -> float | None:
    """``part`` as percent of ``whole``; None when either is unknown (or the whole is zero)."""
    return part / whole * 100 if part is not None and whole else None


def _field(name: str) -> Callable[[Deal, Pool], Value]:
    """The pool's figure as stated, else as derived from its pools (``note`` marks it derived)."""
    return lambda deal, pool: pool.figure(name)[0]


def _quotient_within(pool: Pool, sources: tuple[str, ...], unit: Unit) -> float | None:
    """How near the first source over the second is (a share in percent), where the filing states either as
    approximate: their relative precisions added, never finer than the unit prints (a share's two decimals);
    None where both are stated exactly (or either is not stated)."""
    numerator, denominator = (pool.figure(field)[0] for field in sources)
    if not isinstance(numerator, int | float) or not isinstance(denominator, int | float) or not denominator:
        return None
    withins = [_approximate_within(pool, field) for field in sources]
    if all(w is None for w in withins):
        return None
    relative = sum((w or 0.0) / abs(v) for w, v in zip(withins, (numerator, denominator)) if v)
    quotient = numerator / denominator * (100.0 if unit is Unit.SHARE else 1.0)
    places = fmt.SHOWN_PLACES.get(unit.value) or 0
    return max(abs(quotient) * relative, 0.5 * 10.0**-places)


def _figure_of(pool: Pool, field: str) -> bool:
    """Whether ``pool`` has a figure ``field``, stated or derived from its pools."""
    return getattr(pool, field, None) is not None or pool.derived_figure(field) is not None


def _approximate_within(pool: Pool, field: str) -> float | None:
    """How near ``pool``'s figure ``field`` is where stated as approximate, or derived from the pools' figures
    stated so (``DerivedFigure.approximate_within``: "sum of pools I, II, III" of "approximately $4.9 million",
    ...); None where exact."""
    if getattr(pool, field, None) is None and (derived := pool.derived_figure(field)) is not None:
        return derived.approximate_within
    found = provenance_of(pool, field)
    return found.approximate_within if found else None


def _average_balance(deal: Deal, p: Pool) -> float | None:
    return p.aggregate_balance / p.loan_count if p.aggregate_balance is not None and p.loan_count else None


def _seasoning(deal: Deal, p: Pool) -> float | None:
    if p.wa_original_term_months is None or p.wam_months is None:
        return None
    return round(p.wa_original_term_months - p.wam_months, 2)


def _of_balance(name: str) -> Callable[[Deal, Pool], Value]:
    """The share of the balance the filing states in place of the amount ``name``, else the amount's share."""
    stated = SHARE_IN_PLACE_OF[name][0]
    return lambda deal, p: (
        getattr(p, stated) if getattr(p, stated) is not None else share(p.figure(name)[0], p.aggregate_balance)
    )


def _premium(attribute: str, group: str = "") -> Callable[[Deal, Pool], Value]:
    def compute(deal: Deal, p: Pool) -> Value:
        split = p.premium_discount
        if split is None:
            return None
        if attribute == "threshold":
            return split.threshold_net_rate
        rates = getattr(split, group)
        return share(rates.balance, p.aggregate_balance) if attribute == "share" else getattr(rates, attribute)

    return compute


def _threshold_places(p: Pool) -> int | None:
    return p.premium_discount.threshold_places if p.premium_discount is not None else None


def group_figure_note(pool: Pool, group: str, field: str) -> FigureNote:
    """What is known of the premium or discount loans' (``group``) figure ``field``: the parser's doubts about
    it and the filing's lines, beside it wherever it is shown (the composition table, the catalogue)."""
    split = pool.premium_discount
    return stated_note(getattr(split, group), field) if split is not None else FigureNote()


def stated_note(holder: object, field: str) -> FigureNote:
    """What is known of one figure as the filing states it (a class's balance or level, a premium group's WAC):
    the parser's doubts about it and the filing's lines, said beside it wherever it is shown."""
    found = provenance_of(holder, field)
    if found is None:
        return FigureNote()
    return FigureNote(doubts=found.warnings, lines=found.source_lines, within=found.approximate_within)


def _collateral(attribute: str) -> Callable[[Deal, Pool], Value]:
    def compute(deal: Deal, p: Pool) -> Value:
        extra = p.additional_collateral
        if extra is None:
            return None
        return share(extra.balance, p.aggregate_balance) if attribute == "share" else getattr(extra, attribute)

    return compute


def _state_figure(figure: Callable[[tuple[geography.StateShare, ...]], float | None]) -> Callable[[Deal, Pool], Value]:
    def compute(deal: Deal, p: Pool) -> Value:
        table = geography.state_table(deal, p.name)
        if table is None or not geography.shares_known(table):
            return None  # no state table, or a row with no balance: the shares cannot be trusted
        return figure(geography.state_shares(table))

    return compute


# The FICO mix analysts quote: the share of balance with a score below this.
FICO_CUTOFF = 700


def fico_matrix(deal: Deal, pool: Pool) -> tuple[int, PercentMatrix] | None:
    """The pool's FICO x LTV matrix (its index among the deal's matrices), if the filing prints one: FICO
    scores down its rows, or across its columns (LTV down the rows)."""
    return next(
        ((i, m) for i, m in enumerate(deal.matrices) if m.pool == pool.name and _fico_axis(m) is not None),
        None,
    )


def _fico_axis(matrix: PercentMatrix) -> tuple[tuple[str, ...], tuple[float, ...]] | None:
    """The FICO buckets' labels and their shares of the balance, down the rows or across the columns."""
    if "FICO" in matrix.row_header.upper():
        return matrix.row_labels, matrix.row_totals or tuple(sum(row) for row in matrix.cells)
    if "FICO" in matrix.col_header.upper():
        return matrix.col_labels, matrix.col_totals or tuple(sum(column) for column in zip(*matrix.cells))
    return None


# A stratification table by FICO score, as later term sheets print one in place of the FICO x LTV matrix.
_BY_FICO = re.compile(r"\bFICO\b|\bcredit\s+scores?\b", re.I)
# ... a score now ("CURRENT FICO SCORES", "Updated FICO", "FICO Score as of the Cut-off Date") is another measure than
# the score at origination the FICO x LTV matrix and every other deal's "FICO below 700" are of: never taken for it.
_FICO_NOW = re.compile(
    r"\b(?:current|updated|refreshed)\s+(?:fico|credit)\b"
    r"|\b(?:fico|credit)(?:\s+scores?)?\s+(?:at|as\s+of)\s+(?:the\s+)?cut-?off",
    re.I,
)


def fico_table(deal: Deal, pool: Pool) -> tuple[int, StratTable] | None:
    """The pool's stratification table by FICO score (its index among the deal's tables), where the filing prints
    no FICO matrix and every row of the table has its balance (with a Total line or without: ``table_base``)."""
    if fico_matrix(deal, pool) is not None:
        return None
    return next(
        (
            (i, t)
            for i, t in enumerate(deal.tables)
            if t.pool == pool.name
            and _BY_FICO.search(f"{t.title} {t.label_header}")
            and not _FICO_NOW.search(f"{t.title} {t.label_header}")
            and all(r.balance is not None for r in t.rows)
            and table_base(t)
        ),
        None,
    )


def _fico_shares(deal: Deal, p: Pool) -> tuple[tuple[str, ...], tuple[float, ...]] | None:
    """The FICO buckets' labels and their shares of the balance, in percent: the matrix's, or the FICO table's
    (each row's balance over the table's Total, or over the rows' sum where it states none, as every table's share)."""
    if (found := fico_matrix(deal, p)) is not None:
        return _fico_axis(found[1])
    if (table := fico_table(deal, p)) is None:
        return None
    rows, total = table[1].rows, table_base(table[1])
    return tuple(r.label for r in rows), tuple(100 * (r.balance or 0.0) / total for r in rows)


def _fico_below(deal: Deal, p: Pool) -> float | None:
    """The share of balance in the FICO rows wholly below ``FICO_CUTOFF``; None when a row straddles it or
    names no range ("Not available"): the filing does not say on which side those loans fall."""
    if (axis := _fico_shares(deal, p)) is None:
        return None
    below = 0.0
    for label, total in zip(*axis):
        interval = _fico_range(label)
        if interval is None:
            return None
        low, _ = interval
        if _wholly_below(label):
            below += total
        elif low is None or low < FICO_CUTOFF:
            return None  # "680 to 719": part of it lies below
    return round(below, 6)


def _fico_derivation(deal: Deal, p: Pool) -> Derivation | None:
    """What the FICO share is summed from: the FICO x LTV matrix's rows (or columns, where FICO runs across), or
    the FICO table's rows; None where there is no share."""
    if _fico_below(deal, p) is None:
        return None
    if (found := fico_matrix(deal, p)) is not None:
        axis = "rows" if "FICO" in found[1].row_header.upper() else "columns"
        of = f"the {found[1].name} matrix's {axis}"
        doubts = found[1].warnings
    else:
        of = "the FICO table's rows"
        doubts = _fico_table_doubts(fico_table(deal, p)[1])  # type: ignore[index]
    return Derivation(f"sum of {of} below {FICO_CUTOFF}", of, doubts)


def _fico_table_doubts(table: StratTable) -> tuple[str, ...]:
    """The doubts a FICO share read off ``table`` stands on, as a state share's (``PoolMetric.note``): the table's,
    its Total line's, and its rows' below the cutoff (every row's where the share is of the rows' sum)."""
    total = table.total.balance if table.total else None
    rows = [r for r in table.rows if not total or _wholly_below(r.label)]
    return (
        table.warnings
        + tuple(f"row {r.label!r}: {w}" for r in rows for w in r.warnings)
        + tuple(map(of_the_total_line, table.total.warnings if table.total else ()))
    )


def _fico_range(label: str) -> Interval | None:
    """The scores a FICO row covers; None for a row naming none: "N/A", or "0" and "0 - 0", which filings write for
    loans with no score (no score is 0): neither below the cutoff nor above it."""
    interval = parse_interval(label)
    return None if interval == (0.0, 0.0) else interval


def _wholly_below(label: str) -> bool:
    interval = _fico_range(label)
    return interval is not None and interval[1] is not None and interval[1] < FICO_CUTOFF


def _fico_concerns(deal: Deal, p: Pool) -> tuple[str, ...]:
    if (found := fico_matrix(deal, p)) is not None:
        return (f"matrix:{found[0]}",)
    table = fico_table(deal, p)
    return (f"table:{table[0]}:balance",) if table else ()  # the shares stand on its balances, as the states' do


SENIOR_CLASS = "A"


def senior_classes(deal: Deal) -> tuple[CertificateClass, ...]:
    """Class A, or the senior classes of a deal that splits it (A-1, A-2, ...; IA-1, IIA-1, A-PO)."""
    exact = tuple(c for c in deal.classes if c.name.upper() == SENIOR_CLASS)
    return exact or tuple(c for c in deal.classes if seniority(c.name) == 0)


# Why a deal whose loan groups have subordinate classes of their own has no class A subordination: what the
# long table and the shelf say where the figure would be.
SENIOR_LEVEL_NOT_GIVEN = (
    "not given: loan groups have subordinate classes of their own (IB-1, IIB-1), so each senior class's level "
    "is over its group's loans, which are not known, and no level is the whole deal's"
)


def _senior_subordination(deal: Deal, p: Pool) -> float | None:
    """Class A's subordination level (credit enhancement), for the whole deal; split senior classes
    count only when every one that states a level states the same, as they share the same juniors.
    None where loan groups have subordinate classes of their own (``SENIOR_LEVEL_NOT_GIVEN``): IA-1's
    juniors are not IIA-1's, and the loans each level is measured over are not known."""
    if not p.is_whole_deal or has_group_subordinates(deal.classes):
        return None
    # Seniors share their juniors, so their levels are one; a principal-only class may state none.
    levels = {c.subordination_level for c in senior_classes(deal) if c.subordination_level is not None}
    return levels.pop() if len(levels) == 1 else None


def not_given(deal: Deal, key: str, pool: Pool) -> str | None:
    """Why the catalogue figure ``key`` of ``pool`` is not given where the filing states what it would be
    read off (a class A subordination over loan groups' own juniors); None when it is given, or simply not
    stated."""
    if key == "class_a_subordination" and pool.is_whole_deal and has_group_subordinates(deal.classes):
        return SENIOR_LEVEL_NOT_GIVEN
    return None


def _senior_concerns(deal: Deal, p: Pool) -> tuple[str, ...]:
    return tuple(class_figure(c.name, "subordination_level") for c in senior_classes(deal))


# --- the catalogue ---------------------------------------------------------------------

# A figure is marked by the checks of its ``checked`` fields, as the summary marks it: the premium and discount
# loans' WACs by none (the check of their weighted WAC against the pool's marks the pool's WAC, the figure it is
# about, as the summary's key metrics do; the composition table marks no group's WAC), their shares by the split's
# balances against the pool's.
M = PoolMetric
CATALOGUE: tuple[PoolMetric, ...] = (
    M("aggregate_balance", "Aggregate balance", Unit.DOLLARS, _field("aggregate_balance"), ("aggregate_balance",)),
    M("loan_count", "Loan count", Unit.COUNT, _field("loan_count"), ("loan_count",)),
    M("average_balance", "Average loan balance", Unit.DOLLARS, _average_balance, ("aggregate_balance", "loan_count"), computed=True, quotient=True),
    M("wac", "WAC", Unit.RATE, _field("wac"), ("wac",)),
    M("wam_months", "WAM", Unit.MONTHS, _field("wam_months"), ("wam_months",)),
    M("wa_original_term_months", "WA original term", Unit.MONTHS, _field("wa_original_term_months"), ("wa_original_term_months",)),
    M("seasoning_months", "Seasoning (WA original term - WAM)", Unit.MONTHS, _seasoning, ("wam_months", "wa_original_term_months"), subject="Seasoning", computed=True, difference=True),
    M("wa_ltv", "WA LTV at origination", Unit.PERCENT, _field("wa_ltv"), ("wa_ltv",), subject="WA LTV"),
    M("max_ltv", "Maximum LTV at origination", Unit.PERCENT, _field("max_ltv"), bound=Bound.NO_MORE_THAN, subject="Maximum LTV", reads=("max_ltv",)),
    M("balance_above_80_ltv", "Balance above 80% LTV", Unit.DOLLARS, _field("balance_above_80_ltv"), ("balance_above_80_ltv",)),
    M("share_above_80_ltv", "Loans above 80% LTV", Unit.SHARE, _of_balance("balance_above_80_ltv"), ("balance_above_80_ltv", "aggregate_balance"), subject="Loans above 80% LTV", computed=True, stated="share_above_80_ltv", quotient=True),
    M("california_share", "California", Unit.SHARE, _state_figure(geography.california_share), by_state_table=True, state_rows=geography.california_rows, computed=True),
    M("top5_states_share", f"Top {geography.TOP_STATES} states", Unit.SHARE, _state_figure(geography.top_states_share), by_state_table=True, state_rows=geography.top_rows, computed=True),
    M("largest_zip_balance", "Largest zip code exposure", Unit.DOLLARS, _field("largest_zip_balance"), bound=Bound.NO_MORE_THAN, reads=("largest_zip_balance",)),
    M("largest_zip_share", "Largest zip code share", Unit.SHARE, _of_balance("largest_zip_balance"), ("aggregate_balance",), bound=SHARE_IN_PLACE_OF["largest_zip_balance"][1], reads=("largest_zip_balance", "aggregate_balance"), computed=True, stated="largest_zip_share", quotient=True),
    M("primary_residence_min_pct", "Primary residence", Unit.SHARE, _field("primary_residence_min_pct"), bound=Bound.AT_LEAST, subject="Primary residences", reads=("primary_residence_min_pct",)),
    M("original_balance_min", "Smallest original balance", Unit.DOLLARS, _field("original_balance_min"), bound=Bound.AT_LEAST, reads=("original_balance_min",)),
    M("original_balance_max", "Largest original balance", Unit.DOLLARS, _field("original_balance_max"), bound=Bound.NO_MORE_THAN, reads=("original_balance_max",)),
    M("original_term_min_years", "Shortest original term", Unit.YEARS, _field("original_term_min_years"), bound=Bound.AT_LEAST, reads=("original_term_min_years",)),
    M("original_term_max_years", "Longest original term", Unit.YEARS, _field("original_term_max_years"), bound=Bound.NO_MORE_THAN, reads=("original_term_max_years",)),
    M("originated_not_before", "Originated not before", Unit.DATE, _field("originated_not_before"), reads=("originated_not_before",)),
    M("originated_not_after", "Originated not after", Unit.DATE, _field("originated_not_after"), reads=("originated_not_after",)),
    M("latest_maturity", "Latest maturity", Unit.DATE, _field("latest_maturity"), reads=("latest_maturity",)),
    M("premium_threshold_net_rate", "Premium/discount net-rate threshold", Unit.RATE, _premium("threshold"), places=_threshold_places),
    M("premium_share", "Premium loans", Unit.SHARE, _premium("share", "premium"), ("premium_discount", "aggregate_balance"), computed=True, group_figure=("premium", "balance")),
    M("premium_wac", "Premium loans WAC", Unit.RATE, _premium("wac", "premium"), reads=("premium_discount",), group_figure=("premium", "wac")),
    M("discount_share", "Discount loans", Unit.SHARE, _premium("share", "discount"), ("premium_discount", "aggregate_balance"), computed=True, group_figure=("discount", "balance")),
    M("discount_wac", "Discount loans WAC", Unit.RATE, _premium("wac", "discount"), reads=("premium_discount",), group_figure=("discount", "wac")),
    M("additional_collateral_share", "Additional collateral loans", Unit.SHARE, _collateral("share"), ("aggregate_balance",), computed=True),
    M("additional_collateral_ltv_with", "Additional collateral WA LTV with collateral", Unit.PERCENT, _collateral("wa_ltv_with_collateral")),
    M("additional_collateral_ltv_without", "Additional collateral WA LTV without collateral", Unit.PERCENT, _collateral("wa_ltv_without_collateral")),
    M("fico_below_700_share", f"FICO below {FICO_CUTOFF}", Unit.SHARE, _fico_below, other_concerns=_fico_concerns, derivation=_fico_derivation),
    M("class_a_subordination", "Class A subordination", Unit.LEVEL, _senior_subordination, other_concerns=_senior_concerns),
)  # fmt: skip
BY_KEY = {m.key: m for m in CATALOGUE}


def _name_of(field: str) -> str:
    """A pool field as a report names it: its catalogue label where it is a figure of its own."""
    return BY_KEY[field].label if field in BY_KEY else _OTHER_NAMES.get(field, field.replace("_", " "))


_OTHER_NAMES = {"cut_off_date": "cut-off date", "clean_up_call_balance": "clean-up call balance", **UNHELD_FIGURES}
_FIELD_NAME = re.compile(r"\b(?:wac|[a-z]+(?:_[a-z0-9]+)+)\b")  # "wac", "aggregate_balance", "wa_ltv"


def in_words(text: str) -> str:
    """A parser's sentence with each field named as the reports name it: "All loans aggregate_balance:
    ..." is "All loans aggregate balance: ...", "pool 3 wa_original_term_months" is "pool 3 WA original term"."""

    def named(field: re.Match[str]) -> str:
        label = _name_of(field.group(0))
        return label if label[:2].isupper() else label[:1].lower() + label[1:]

    return _FIELD_NAME.sub(named, text)


_DEAL_FACT_FIELDS = {said: field for field, said in DETAILED_DEAL_FACTS}


def missing_in_words(deal: Deal) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The facts the deal lacks, named as the reports name them: those the filing does not state, and those
    it states in a way the parser did not read (the figure has a doubt: "the filing writes it as '$619,8
    million'")."""

    def not_read(missing: str) -> bool:
        # "class B-1 initial balance": a figure its table of classes writes so that it cannot be read
        if (figure := missing_class_figure(missing)) is not None:
            held = next((c for c in deal.classes if c.name == figure[0]), None)
            found = provenance_of(held, figure[1]) if held is not None else None
            return bool(found and found.warnings)
        # the tables: the filing has some, none of which could be read (each one's checks say so)
        if missing == STRATIFICATION_TABLES:
            return any(n.table_not_read for n in deal.not_run)
        # "trustee": named where no wording was read, or named two ways (the doubt on the deal says which)
        if (field := _DEAL_FACT_FIELDS.get(missing)) is not None:
            found = provenance_of(deal, field)
            return bool(found and found.warnings)
        # "aggregate_balance", "pool II wac", "pool I premium loans balance"
        fact = missing_fact(missing)
        pool = deal.pool(fact.pool) if fact is not None else None
        if pool is None:
            return False
        holder = pool if fact.group is None else getattr(pool.premium_discount, fact.group, None)
        found = provenance_of(holder, fact.field) if holder is not None else None
        return bool(found and found.warnings)

    return (
        tuple(in_words(m) for m in deal.missing if not not_read(m)),
        tuple(in_words(m) for m in (*(m for m in deal.missing if not_read(m)), *unheld_figures(deal))),
    )


def unheld_figures(deal: Deal) -> dict[str, Provenance]:
    """The figures the model holds no field for (``UNHELD_FIGURES``) that the filing states, each named as
    ``Deal.missing`` names a pool's ("net_wac", "pool II wa_fico"), with where it is stated: in the filing, not read."""
    return {
        field if pool.is_whole_deal else f"pool {pool.name} {field}": found
        for pool in deal.pools
        for field in UNHELD_FIGURES
        if (found := provenance_of(pool, field)) is not None
    }


def missing_phrases(deal: Deal) -> tuple[str, ...]:
    """``missing_in_words`` as phrases: "not stated in this filing: WAC", "in the filing but not read: ..."."""
    return tuple(
        f"{words}: {', '.join(facts)}"
        for words, facts in zip((not_stated(deal.truncated), NOT_READ), missing_in_words(deal))
        if facts
    )


# Figures stated by the whole deal, not by a pool; the diff compares them too.
CLEAN_UP_CALL = "clean_up_call_balance"
CLEAN_UP_CALL_LABEL = "Clean-up call balance"

# What the summary's key-metrics panel shows, in the desk's reading order.
# The shares of balance come last, together, under a heading that says what they are shares of.
KEY_METRICS = (
    "aggregate_balance", "loan_count", "average_balance", "wac", "wam_months", "wa_original_term_months",
    "seasoning_months", "wa_ltv", "balance_above_80_ltv", "largest_zip_balance",
    "share_above_80_ltv", "california_share", "top5_states_share", "largest_zip_share", "primary_residence_min_pct",
)  # fmt: skip
# What the filing states every loan meets: its eligibility and limits rows.
LIMITS: tuple[str | MetricRange, ...] = (
    MetricRange("original_balance", "Original balance", Unit.DOLLARS, "original_balance_min", "original_balance_max"),
    MetricRange("original_term", "Original term", Unit.YEARS, "original_term_min_years", "original_term_max_years"),
    "originated_not_before",
    "originated_not_after",
    "latest_maturity",
    "max_ltv",
)
# The figures an analyst reads first (the index, the terminal diff, the email's subject).
HEADLINE = ("aggregate_balance", "loan_count", "wac", "wam_months", "wa_ltv", "share_above_80_ltv")
# The state figures: the summary shows them with the key metrics, the diff in its geography.
STATE_FIGURES = ("california_share", "top5_states_share")
# Read off the certificate classes: the diff compares every class in its capital structure.
CLASS_FIGURES = ("class_a_subordination",)
# The shelf history's series, in the desk's order. The documentation bounds the deals state
# (``documentation_metrics``) go between these and ``SHELF_LAST``.
SHELF = (
    "aggregate_balance", "loan_count", "wac", "wam_months", "wa_original_term_months", "wa_ltv",
    "share_above_80_ltv", "california_share", "top5_states_share", "fico_below_700_share",
)  # fmt: skip
SHELF_LAST = ("class_a_subordination",)


# --- documentation bounds: one figure per policy and bound a filing states ------------------


def documentation_key(policy: str, bound: Bound) -> str:
    """ "underwriting:No income verification:no_more_than": the diff's key for the bound, and the shelf's."""
    return f"underwriting:{policy}:{Bound(bound).value}"


def documentation_metric(policy: str, bound: Bound) -> PoolMetric:
    """The bound a pool states for one documentation policy ("at most 24%"), as a catalogue figure.

    Policies are named from the filing's words (``read.narrative``), so two filings that word a
    policy differently give two figures, never one figure of two different things.
    """

    def compute(deal: Deal, p: Pool) -> Value:
        found = documentation_share(p, policy, bound)
        return found.percent if found else None

    key = documentation_key(policy, bound)
    return PoolMetric(key, policy, Unit.SHARE, compute, bound=Bound(bound), documentation=(policy, Bound(bound)))


def documentation_share(pool: Pool, policy: str, bound: Bound) -> UnderwritingShare | None:
    """The pool's underwriting share of ``policy`` and ``bound``, the first stated; None where it states none."""
    return next((u for u in pool.underwriting if u.policy == policy and u.bound == bound), None)


def documentation_metrics(pools: Iterable[Pool]) -> tuple[PoolMetric, ...]:
    """A figure for every (policy, bound) the pools state, in the order first stated."""
    seen = dict.fromkeys((u.policy, u.bound) for p in pools for u in p.underwriting)
    return tuple(documentation_metric(policy, bound) for policy, bound in seen)
