"""The deal-to-deal diff as data: frozen dataclasses, built by ``reporting.derive.diff``.

Units: balances in dollars, rates and shares in percent as the filings write
them. A change is always new minus old in the metric's own unit, so a rate's
change is in percent (0.119 is 11.9 bp) and a share's change is in percentage
points. What one deal states and the other does not stays None on the missing
side and is listed, never dropped or invented. ``reporting.present.jsonio.diff_to_dict``
turns the model into the JSON documented in the README.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from enum import StrEnum

from reporting.model.deal import Bound
from reporting.model.summary import FROM_THE_POOLS, derived_mark
from reporting.model.table_kinds import LtvMeasure, TableKind, classify_table, ltv_measure, matrix_name
from reporting.model.units import Unit


class Alignment(StrEnum):
    MATCHED = "matched"  # row by row (by label, or by identical ranges written differently)
    REBUCKETED = "rebucketed"  # the finer table's rows summed into the coarser table's buckets
    NOT_COMPARABLE = "not_comparable"  # ranges overlap without nesting: side by side only
    OLD_ONLY = "old_only"
    NEW_ONLY = "new_only"


class Side(StrEnum):
    OLD = "old"
    NEW = "new"


class Presence(StrEnum):
    BOTH = "both"
    OLD_ONLY = "old_only"
    NEW_ONLY = "new_only"


# --- thresholds ---------------------------------------------------------------------


@dataclass(frozen=True)
class Thresholds:
    """How large a change must be to count as material (and become a key sentence)."""

    share: float = 2.0  # percentage points of balance: states, buckets, documentation, LTV > 80%
    wac: float = 10.0  # basis points of WAC
    size: float = 10.0  # percent, relative: pool balance, loan count, average loan balance
    wam: float = 6.0  # months: WAM, original term, seasoning
    ltv: float = 2.0  # percentage points of weighted average or maximum LTV
    sub: float = 0.25  # percentage points of a class's subordination level

    def describe(self) -> str:
        """As ``--threshold`` takes them: "share 2pp, wac 10bp, ..." (the terminal's echo of the option)."""
        return ", ".join(f"{f.name} {getattr(self, f.name):g}{THRESHOLD_UNITS[f.name]}" for f in fields(self))

    def in_words(self) -> str:
        """As a report says them to its reader: "share 2 pp, WAC 10 bp, size 10%, WAM 6 mo, LTV 2 pp, ..."."""
        return ", ".join(
            f"{THRESHOLD_NAMES[f.name]} {getattr(self, f.name):g}{_spaced(THRESHOLD_UNITS[f.name])}"
            for f in fields(self)
        )


THRESHOLD_UNITS = {"share": "pp", "wac": "bp", "size": "%", "wam": "mo", "ltv": "pp", "sub": "pp"}
THRESHOLD_NAMES = {"share": "share", "wac": "WAC", "size": "size", "wam": "WAM", "ltv": "LTV", "sub": "subordination"}


def _spaced(unit: str) -> str:
    """A unit after its figure as the reports print them: "2 pp", "6 mo", but "10%"."""
    return unit if unit == "%" else f"\u00a0{unit}"


# --- the diff model -----------------------------------------------------------------

Value = float | int | date | None


@dataclass(frozen=True)
class MetricChange:
    """One figure side by side: new - old in the metric's unit, and relative to old in percent."""

    key: str
    label: str
    unit: Unit
    old: Value
    new: Value
    change: float | None
    relative: float | None
    bound: Bound | None = None  # the filing states a bound ("at least 94%"), not a value
    unreconciled: tuple[Side, ...] = ()  # sides whose figure failed a reconciliation check
    derived: tuple[Side, ...] = ()  # sides whose figure the filing does not state: derived from its pools
    doubted: tuple[Side, ...] = ()  # sides whose figure the parser recorded a doubt about
    # Sides with no figure for the whole deal whose filing states it pool by pool (premium loans, additional
    # collateral): "stated for its pools only", never the dash alone, which says the filing does not state it.
    by_pools: tuple[Side, ...] = ()
    # How near each side's figure is where its filing states it as approximate (``Provenance.approximate_within``):
    # written to the decimals the filing gives, and the change no finer (``formatting.about_between``)
    old_within: float | None = None
    new_within: float | None = None
    # What each derived side's figure is derived from ("the pools", "the FICO x LTV matrix's rows"); None where the
    # side's figure is not derived
    old_derived_of: str | None = None
    new_derived_of: str | None = None
    # The decimals each side's filing writes a rate with, where every report keeps them (a net-rate threshold
    # "5.50%", never "5.500%"); None: a rate's three. Of dollars, 2 where a side is stated to the cent (a loss limit
    # "$4,936,413.78", ``formatting.cents_places``); None: whole dollars
    old_places: int | None = None
    new_places: int | None = None
    # Why the two figures are not one figure measured twice, where they are not ("defined at 5.250% vs 5.50%": the
    # premium loans of two net-rate thresholds are two groups of loans): no change, and every report says why.
    not_comparable: str | None = None
    # Sides whose filing says there is none: a loss limit ("There are no special hazard ... loss limits": no figure,
    # never a $0 limit), a share ("None of the mortgage loans are secured by investment properties": 0). Every
    # report writes "None" there, never the dash that says the filing does not state it.
    none_said: tuple[Side, ...] = ()
    # Sides whose figure is a figure where the other side's is the bound ``bound`` ("approx. 2.1%" against "≤ 5%"):
    # written without the bound's sign, and not compared (``not_comparable``).
    unbounded: tuple[Side, ...] = ()
    # What every report writes in place of a change where one side or both say there is none and no figure stands
    # there to subtract ("new limit": none before, $6,000,000 now); None where the change is a figure.
    change_said: str | None = None

    @property
    def not_comparable_said(self) -> str | None:
        """What every report writes in place of the change: "not comparable: defined at 5.250% vs 5.50%"."""
        return f"{NOT_COMPARABLE}: {self.not_comparable}" if self.not_comparable else None

    @property
    def in_place_of_change(self) -> str | None:
        """Words every report writes in the change's place (not comparable, or a limit set or dropped); None where
        the change is a figure, or the dash."""
        return self.not_comparable_said or self.change_said

    def value(self, side: Side | str) -> Value:
        return self.old if side == Side.OLD else self.new

    def stated(self, side: Side | str) -> bool:
        """Whether the side's filing states the figure: a value, or that there is none."""
        return self.value(side) is not None or side in self.none_said

    def bound_of(self, side: Side | str) -> Bound | None:
        """The bound the side's figure is written with (none where it is a figure against the other's bound)."""
        return None if side in self.unbounded else self.bound

    @property
    def withins(self) -> tuple[float | None, float | None]:
        return (self.old_within, self.new_within)

    @property
    def change_places(self) -> int | None:
        """The decimals a change in dollars is written with: to the cent where either side is (``old_places``),
        so two amounts cents apart never show a change of a dollar; None: the unit's own."""
        if self.unit != Unit.DOLLARS:
            return None
        return max((p for p in (self.old_places, self.new_places) if p is not None), default=None)

    def derived_mark(self, side: Side) -> str:
        """What every format says beside ``side``'s derived figure: "derived from the pools"."""
        return derived_mark((self.old_derived_of if side == Side.OLD else self.new_derived_of) or FROM_THE_POOLS)

    @property
    def not_read(self) -> tuple[Side, ...]:
        """The doubted sides with no figure: the filing states it, in words the parser could not read
        ("$619,8 million"). Such a figure is stated by that deal, never "stated by one deal only"."""
        return tuple(side for side in self.doubted if (self.old if side is Side.OLD else self.new) is None)


@dataclass(frozen=True)
class BucketChange:
    """One bucket of a table: count, balance and share of balance on each side, change in pp.

    A bucket one table does not list has a 0% share there (the table covers every
    loan); its count and balance stay None because the filing does not state them.
    """

    label: str
    presence: Presence
    old_labels: tuple[str, ...]  # the filing rows summed into this bucket (several when re-bucketed)
    new_labels: tuple[str, ...]
    old_count: int | None
    new_count: int | None
    old_balance: float | None
    new_balance: float | None
    old_share: float | None
    new_share: float | None
    change: float | None  # percentage points
    # Each side's bound where its filing writes the share only as a mark ("*" under "* Less than 0.005%",
    # a matrix's Total figure), None where it states it; the share then holds the middle of the range.
    old_under: float | None = None
    new_under: float | None = None

    @property
    def change_within(self) -> float | None:
        """How far the true change may lie from ``change`` (pp) where a side gives its share only as under a
        bound; None where both sides state it."""
        halves = [bound / 2 for bound in (self.old_under, self.new_under) if bound]
        return sum(halves) if halves else None


@dataclass(frozen=True)
class TableDiff:
    title: str
    old_title: str | None
    new_title: str | None
    alignment: Alignment
    rebucketed_to: Side | None
    rows: tuple[BucketChange, ...]
    unreconciled: tuple[Side, ...] = ()

    @property
    def kind(self) -> TableKind:
        return classify_table(self.title)


Grid = tuple[tuple[float | None, ...], ...]  # a matrix's figures laid out on its row and column labels, None: no cell


@dataclass(frozen=True)
class MatrixDiff:
    """A percent-of-balance matrix (FICO x LTV): cells and totals side by side, changes in pp."""

    title: str
    alignment: Alignment
    row_header: str
    col_header: str
    row_labels: tuple[str, ...]
    col_labels: tuple[str, ...]
    old_cells: Grid
    new_cells: Grid
    changes: Grid
    row_totals: tuple[BucketChange, ...]
    col_totals: tuple[BucketChange, ...]
    unreconciled: tuple[Side, ...] = ()
    # Each side's bound at a cell its filing writes only as a mark ("*" under "* Less than 0.005%"), None
    # at a cell it states. Such a cell holds the middle of (0, bound), as the deal's matrix does: no report
    # shows it as a figure, and the change from or to it is known only to within half the bound.
    old_under: Grid = ()
    new_under: Grid = ()
    # A matrix in one deal only, where the other deal's matrix left unpaired is by another LTV (at origination, now):
    # that matrix's name ("FICO x current LTV") and the LTV it is by, for the reports to say why neither is compared.
    instead: str = ""
    instead_by: str = ""

    @property
    def measure(self) -> LtvMeasure | None:
        """Which LTV it is by (``table_kinds.ltv_measure``); None where its words name none."""
        return ltv_measure(self.title, self.col_header)

    @property
    def name(self) -> str:
        """What the reports call it ("FICO x LTV", "FICO x current LTV"), as the deal's matrix."""
        return matrix_name(self.title, self.col_header)

    def change_within(self, row: int, col: int) -> float | None:
        """How far a cell's true change may lie from ``changes[row][col]`` (percentage points) where a side
        gives the cell only as under a bound; None where both sides state it."""
        halves = [grid[row][col] / 2 for grid in (self.old_under, self.new_under) if grid and grid[row][col]]
        return sum(halves) if halves else None

    @property
    def bounds(self) -> tuple[float, ...]:
        """The bounds either side gives cells or totals as (0.005 for "<0.005%"); () where both state every one."""
        cells = {b for grid in (self.old_under, self.new_under) for row in grid for b in row if b}
        totals = {b for t in (*self.row_totals, *self.col_totals) for b in (t.old_under, t.new_under) if b}
        return tuple(sorted(cells | totals))

    @property
    def widest_within(self) -> float | None:
        """The most any cell's or total's change may be off, in percentage points; None where every one is exact."""
        found = [self.change_within(r, c) for r in range(len(self.changes)) for c in range(len(self.changes[r]))]
        found += [t.change_within for t in (*self.row_totals, *self.col_totals)]
        return max((w for w in found if w is not None), default=None)


@dataclass(frozen=True)
class GeographyDiff:
    """Shares of balance by state: California, the top 5, the top 10 and the largest movers."""

    stated_old: bool
    stated_new: bool
    california: MetricChange
    top5: MetricChange
    old_top10: tuple[str, ...]
    new_top10: tuple[str, ...]
    entering_top10: tuple[str, ...]
    leaving_top10: tuple[str, ...]
    movers: tuple[BucketChange, ...]  # largest change in share first


@dataclass(frozen=True)
class ClassDiff:
    name: str
    presence: Presence
    balance: MetricChange
    subordination: MetricChange
    # An interest-only class's notional balance, compared with a notional balance alone (never a principal
    # one); None where neither deal states one for the class.
    notional: MetricChange | None = None

    @property
    def principal_stated(self) -> bool:
        """Whether either deal states the class a principal balance (a notional class's balance row says nothing)."""
        return self.notional is None or self.balance.old is not None or self.balance.new is not None

    @property
    def figures(self) -> tuple[MetricChange, ...]:
        """Every figure compared of the class."""
        return (self.balance, self.subordination) + ((self.notional,) if self.notional is not None else ())


@dataclass(frozen=True)
class KeyChange:
    """A plain sentence for one material change; materiality is |change| / threshold (1 = just material).

    A moved bound (a cap or a floor the filing states) is material when it moves by the threshold, but counts as
    just material (1), whatever it moved by: the share under a cap may not have moved at all, so it never
    outranks a figure measured to have moved past its threshold.

    A WAM or original term compared between loans of different original terms (``mixed_terms``) moves mostly
    with the mix of terms, not with the loans: it is listed after every other change, and its sentence says so."""

    sentence: str
    metric: str
    threshold: str
    materiality: float
    bound: bool = False
    mixed_terms: bool = False
    # A change with no size to measure it by (a loss limit set where the filing said there was none, or dropped):
    # material, counted once (1), after the measured changes of the same materiality, as a moved bound is.
    unmeasured: bool = False


@dataclass(frozen=True)
class Quality:
    """A deal's data-quality verdict: its reconciliation checks and what it leaves unstated."""

    checks_run: int
    failed_checks: tuple[str, ...]
    missing: tuple[str, ...]
    warnings: tuple[str, ...]
    reconciled: bool  # at least one check ran and all passed
    verdict: str
    checks_not_run: int = 0  # checks the filing calls for that could not run: never shown as all passed


@dataclass(frozen=True)
class DealSide:
    name: str
    series: str | None
    kind: str | None
    date_of_report: date | None
    cut_off_date: date | None
    source_path: str
    pool: str  # the pool compared ("all" is the whole deal)
    pool_label: str
    pools: tuple[str, ...]
    stem: str  # file-name stem, safe for any series
    quality: Quality


@dataclass(frozen=True)
class DealDiff:
    old: DealSide
    new: DealSide
    thresholds: Thresholds
    headline: str  # "N material changes", "No material changes", or that nothing could be compared
    figures_compared: int  # figures both deals state: metrics, documentation, buckets, classes
    key_changes: tuple[KeyChange, ...]
    metrics: tuple[MetricChange, ...]
    documentation: tuple[MetricChange, ...]
    tables: tuple[TableDiff, ...]
    matrices: tuple[MatrixDiff, ...]
    geography: GeographyDiff
    classes: tuple[ClassDiff, ...]
    pools_only_old: tuple[str, ...]
    pools_only_new: tuple[str, ...]
    notes: tuple[str, ...] = ()  # what could not be compared, in plain words
    # Sides whose class balances do not add up to the deal's (``CLASSES_TOGETHER``): their total is the figure in
    # question, as the summary marks it, not any one class's balance.
    classes_unreconciled: tuple[Side, ...] = ()
    # Why the changes may not mean what they seem: unlike pools or unlike filings.
    cautions: tuple[str, ...] = ()


NOT_COMPARABLE = "not comparable"  # beside two figures that are not the same figure (``MetricChange.not_comparable``)
NO_MATERIAL_CHANGES = "No material changes"
NOTHING_COMPARED = "Nothing to compare: no figure is stated by both deals"
