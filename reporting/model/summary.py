"""The collateral summary as data: every figure a report shows, derived from a ``Deal``.

``reporting.derive.summary.summarise`` builds it; templates, charts, the email and
the workbook only read it. A figure the filing does not allow us to derive is None.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reporting.model import check_kinds
from reporting.model.deal import Bound, Check, PercentMatrix, Verdict, failed_about
from reporting.model.states import NOT_STATES, STATE_NAMES, is_other, is_territory
from reporting.model.table_kinds import TableKind
from reporting.model.units import Unit

# How every output names a figure it has no value for: one the filing does not state, and one it states
# in a way that could not be read (``DealSummary.metric_gaps``, the index's cells).
NOT_STATED = "not stated in this filing"
NOT_READ = "in the filing but not read"
# ... and a whole-deal figure the filing states for each pool alone, none for all the loans (a bound or a share
# that cannot be summed): never "not stated", which would say the filing is silent on it.
POOLS_ONLY = "stated for its pools only"
# ... and, where the text ends before the filing's signature block (a truncated download, a cover page alone),
# a figure not in the text: the rest of the filing may state it, so it is never said "not stated in this filing".
NOT_IN_THE_TEXT = "not in the text read, which ends before the signature block"


def not_stated(truncated: bool) -> str:
    """How every output says a figure has no value and no statement of it was seen (``NOT_STATED``, or for a
    text cut off, ``NOT_IN_THE_TEXT``)."""
    return NOT_IN_THE_TEXT if truncated else NOT_STATED


# A figure termsheet computes (an average loan balance, a share of the pool) from a figure the deal lacks: no
# filing states it, so it is never "not stated" nor "not read"; the doubt beside it names the figure it wants.
NOT_COMPUTED = "could not be computed for want of a figure they are made from"


# What a derived figure is derived from where nothing else is said: a whole-deal figure summed from its pools.
FROM_THE_POOLS = "the pools"


def derived_mark(of: str = FROM_THE_POOLS) -> str:
    """The words beside a derived figure in every format: "derived from the pools"."""
    return f"derived from {of}"


@dataclass(frozen=True)
class FigureNote:
    """Where one figure comes from, for saying so beside it: derived, doubted, and the filing's lines."""

    derived_from: str | None = None  # "sum of pools I, II, III": the filing does not state it
    doubts: tuple[str, ...] = ()  # what the parser was unsure of, in plain words
    lines: tuple[int, ...] = ()  # the filing's lines it was read from (1-based)
    stated: bool = False  # a figure termsheet would compute (a share) that the filing states itself
    # The filing states the figure as approximate, this near (``Provenance.approximate_within``): every format
    # writes it to the decimals the filing gives, marked (``formatting.about``).
    within: float | None = None
    # What a derived figure is derived from, in a mark's few words ("derived from the pools"): the pools, or the
    # FICO x LTV matrix's rows a FICO share is summed from. Read only where ``derived_from`` is set.
    derived_of: str = FROM_THE_POOLS

    @property
    def derived_mark(self) -> str:
        return derived_mark(self.derived_of)


@dataclass(frozen=True)
class Metric:
    """One row of the key-metrics panel: a catalogue figure (``derive.metrics``) for each pool column.

    ``unit`` and ``bound`` say how ``formatting.figure`` writes the values; ``failed`` holds,
    per column, the failed checks about that figure so the report can flag them in the cell itself.
    """

    key: str
    label: str
    unit: Unit
    bound: Bound | None
    values: tuple[object, ...]  # a number, a date or a (low, high) range; None when not stated
    failed: tuple[tuple[Check, ...], ...]
    notes: tuple[FigureNote, ...] = ()  # per column: derived, doubted, lines

    @property
    def stated(self) -> bool:
        return any(v is not None for v in self.values)


@dataclass(frozen=True)
class PoolColumn:
    name: str  # "I", "II", ... or "all"
    label: str  # "Pool I", "All loans"
    description: str | None


@dataclass(frozen=True)
class RateGroupRow:
    label: str  # "Premium" / "Discount"
    balance: float | None
    share: float | None  # percent of the pool's balance
    wac: float | None
    wam_months: float | None
    # What is known of the share, as the key metrics' shares say it (the catalogue's note of premium_share,
    # discount_share): a doubt about the balances it is computed from.
    share_note: FigureNote = FigureNote()
    # What is known of the group's own figures, as stated: the parser's doubts, beside each (``group_figure_note``).
    balance_note: FigureNote = FigureNote()
    wac_note: FigureNote = FigureNote()
    wam_note: FigureNote = FigureNote()


@dataclass(frozen=True)
class PoolComposition:
    """Premium/discount split, underwriting bounds and additional collateral of one pool."""

    pool: PoolColumn
    threshold_net_rate: float | None
    threshold_places: int | None  # the decimals the filing writes it with ("5.50%": 2); None: a rate's three
    rate_groups: tuple[RateGroupRow, ...]
    rate_groups_failed: tuple[Check, ...]
    underwriting: tuple[UnderwritingRow, ...]
    additional_count: int | None
    additional_balance: float | None
    additional_share: float | None
    additional_ltv_with: float | None
    additional_ltv_without: float | None
    additional_share_note: FigureNote = FigureNote()  # the catalogue's note of additional_collateral_share

    @property
    def has_additional_collateral(self) -> bool:
        return self.additional_count is not None or self.additional_balance is not None


@dataclass(frozen=True)
class UnderwritingRow:
    policy: str
    bound: Bound
    percent: float
    wording: str
    within: float | None = None  # stated as approximate, this near (``UnderwritingShare.approximate_within``)


@dataclass(frozen=True)
class PolicyRow:
    """One underwriting policy across the pools: its bound in each composition column."""

    policy: str
    cells: tuple[UnderwritingRow | None, ...]


@dataclass(frozen=True)
class ShareRow:
    label: str
    count: int | None
    balance: float | None
    share: float | None  # percent of the table's balance
    cumulative: float | None  # None in a table of categories (see ``is_ordered``)
    note: FigureNote = FigureNote()  # the row's lines in the filing, and any doubt about its label


@dataclass(frozen=True)
class TableSummary:
    """A stratification table with its shares, and the chart that goes with it."""

    index: int  # position in deal.tables, so checks "table:<index>" find it
    kind: TableKind
    title: str
    pool: PoolColumn
    label_header: str
    rows: tuple[ShareRow, ...]
    total_count: int | None
    total_balance: float | None
    footnotes: tuple[str, ...]
    failed: tuple[Check, ...]
    ordered: bool  # rows are ordered ranges or years, so a cumulative share means something
    lines: tuple[int, ...] = ()  # (first, last) line of the table in the filing
    doubts: tuple[str, ...] = ()  # the parser's doubts about the table as a whole: a line not read as a row
    total_note: FigureNote = FigureNote()  # its Total line's: a figure the filing corrects, as a row's note says
    has_total: bool = True  # False where the filing gives the table no Total line (its doubts say so)

    @property
    def anchor(self) -> str:
        return f"table-{self.index}"

    @property
    def count_failed(self) -> tuple[Check, ...]:
        """The failed checks about its Total line's loan count (rows against it, it against the pool's)."""
        return failed_about(self.failed, (f"table:{self.index}:count",))

    @property
    def balance_failed(self) -> tuple[Check, ...]:
        """The failed checks about its Total line's balance."""
        return failed_about(self.failed, (f"table:{self.index}:balance",))


# A matrix with more columns than this is "wide": in print its table is set in smaller type with tighter cells
# (paged.css.j2) and its chart is drawn across the whole text block, so every column stays on the page and the
# chart's column labels print at the size of the others' ("97.001%-100.000%" twelve abreast).
WIDE_MATRIX_COLUMNS = 8


@dataclass(frozen=True)
class MatrixSummary:
    """A percent matrix (FICO x LTV) as the report shows it: its cells as the filing states them."""

    index: int  # position in deal.matrices, so checks "matrix:<index>" find it
    title: str
    pool: PoolColumn
    data: PercentMatrix  # row and column labels, cells and totals
    failed: tuple[Check, ...]

    @property
    def anchor(self) -> str:
        return f"matrix-{self.index}"

    @property
    def wide(self) -> bool:
        return len(self.data.col_labels) > WIDE_MATRIX_COLUMNS


@dataclass(frozen=True)
class StateShare:
    state: str
    code: str | None  # USPS code, None when the label is not a state we know
    balance: float
    share: float


@dataclass(frozen=True)
class Geography:
    """State concentration of one pool, from its state table."""

    table_index: int
    pool: PoolColumn
    states: tuple[StateShare, ...]  # largest share first
    california_share: float | None
    top_share: float | None  # the largest geography.TOP_STATES states together; None if a row unread ranks there
    top_count: int  # how many states top_share adds up: TOP_STATES, or fewer where the table names fewer
    # What marks the shares, as it marks California and the top states in the key metrics: the failed
    # checks about the table's balances, and the doubts about the table and its rows.
    failed: tuple[Check, ...] = ()
    doubts: tuple[str, ...] = ()
    # The deal's own state concentration, which the email's map and the diff quote: the whole deal's table
    # where the filing has one, else the first pool's. A deal of several pools has one Geography per state table.
    primary: bool = True

    @property
    def map_key(self) -> str:
        """The chart key of its tile map: "states-map" for the deal's own, one per state table besides."""
        return "states-map" if self.primary else f"states-map-{self.table_index}"

    @property
    def named(self) -> tuple[StateShare, ...]:
        """The states, largest first, without a row for the rest ("All other states"): it is no state, and
        listed among the largest it would push out a state the filing names."""
        return tuple(s for s in self.states if not is_other(s.state))

    @property
    def rest(self) -> StateShare | None:
        """The row for the states the filing does not name ("All other states"), if it has one."""
        return next((s for s in self.states if is_other(s.state)), None)

    @property
    def leading(self) -> StateShare | None:
        """The largest state, where the largest row is one the parser knows as a state (a row for the rest,
        "All other states", is none, nor a territory); None where a row naming no known state ranks first: it may
        be a state."""
        first = next((s for s in self.named if not is_territory(s.code)), None)
        return first if first is not None and first.code else None

    @property
    def with_loans(self) -> str:
        """ "38 states and DC": the District of Columbia is not a state, nor is a territory ("37 states, DC and
        Puerto Rico"), nor a row for the rest ("Other"), whose states are more with loans: "10 states and those in
        “All other states”". A row of no loans ("Alaska 0 $0", in a table listing every state) is none with loans."""
        rows = [s for s in self.named if s.balance]
        states = sum(1 for s in rows if s.code not in NOT_STATES)
        places = [f"{states} state{'s' * (states != 1)}"]
        places += [s.code if s.code == "DC" else STATE_NAMES[s.code] for s in rows if s.code in NOT_STATES]
        places += [f"those in \u201c{self.rest.state}\u201d"] if self.rest else []
        return places[0] if len(places) == 1 else f"{', '.join(places[:-1])} and {places[-1]}"


@dataclass(frozen=True)
class ClassRow:
    name: str
    balance: float | None
    share: float | None  # percent of the deal balance
    subordination_level: float | None  # as stated
    failed: tuple[Check, ...]  # the failed checks about its subordination level (against its juniors' balances)
    balance_failed: tuple[Check, ...] = ()  # about its balance (class A against its parts A-1 ... A-12)
    # An interest-only class's notional balance: shown as notional, never a share of the deal nor in the Total.
    notional_balance: float | None = None
    notional: bool = False  # holds no principal (``CertificateClass.is_notional``)
    cents: bool = True  # the filing writes its balance with cents (``written_with_cents``)
    # The parser's doubts on its balance and its level (the table of classes giving another level than the
    # prose's), said beside each as a pool figure's are
    balance_note: FigureNote = FigureNote()
    level_note: FigureNote = FigureNote()


@dataclass(frozen=True)
class CapitalStructure:
    classes: tuple[ClassRow, ...]
    total_balance: float | None
    deal_balance: float | None
    failed: tuple[Check, ...]  # checks about all classes together (``CLASSES_TOGETHER``): their total's
    grouped: bool = False  # loan groups have subordinates of their own (IB-1, IIB-1): levels over unknown loans
    # For each class, the classes junior to it (places in ``classes``); None: a name gives no rank.
    juniors: tuple[tuple[int, ...], ...] | None = None
    # How near the deal balance is where the filing states it approximately ("approximately $493.6 million"):
    # the notes write it as stated, never as $493,600,000.00.
    deal_within: float | None = None
    # Whether the classes' balances, and the deal's, are written with cents (``written_with_cents``): the total of
    # the classes has cents where any of them does.
    total_cents: bool = True
    deal_cents: bool = True

    GROUPED_NOTE = (
        "Loan groups have subordinate classes of their own, listed by group, most senior first (IB-1 ... under "
        "group I's seniors). Subordination levels as the filing states them, not checked: the loans each level "
        "is measured over are not known."
    )
    NOTIONAL_NOTE = (
        "Notional: the balance an interest-only class's interest is paid on, as the filing states it; no principal, "
        "so no part of the deal balance, the Total or any subordination level."
    )
    UNRANKED_NOTE = (
        "Subordination levels as the filing states them, not computed: a class's name does not say where it "
        "ranks, so which classes are junior to which is not known."
    )
    # What the long table says beside each level it gives, in such a deal.
    GROUPED_DOUBT = (
        "not checked: loan groups have subordinate classes of their own, and the loans this level is "
        "measured over are not known"
    )

    @property
    def has_notional(self) -> bool:
        return any(c.notional for c in self.classes)

    @property
    def total_share(self) -> float | None:
        """The Total line's "% of deal": its balance over the deal's, 100.020% where the classes add up to
        more than the deal (never a 100% written in, which would say they agree)."""
        if self.total_balance is None or not self.deal_balance:
            return None
        return self.total_balance / self.deal_balance * 100


@dataclass(frozen=True)
class CheckGroup:
    """The checks about one subject (a table, the pools, the classes), in the filing's order."""

    subject: str
    heading: str  # the subject as a reader names it: "All loans", "Class B-1", a title in title case
    checks: tuple[Check, ...]
    # The passed check whose figures lie furthest apart, None when all agree at the precision they are stated
    # to (``derive.summary.widest_passed``: that precision is the formatting's knowledge, not the model's).
    widest_passed: Check | None = None
    # Whether it also has the largest gap ("largest gap"), not only the one nearest its tolerance: checks of other
    # units (months against percentage points) have no largest.
    widest_is_largest: bool = False

    @property
    def passed(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.passed)

    @property
    def failed(self) -> int:
        return sum(not c.passed for c in self.checks)

    @property
    def compared(self) -> tuple[str, ...]:
        """What the passed checks set against what, in plain words, a phrase per kind of check ("the cut-off date
        against the date of report"): the line that counts them says which figures agreed."""
        return check_kinds.what_they_compare((c.kind, c.of) for c in self.passed)


@dataclass(frozen=True)
class StatedFact:
    """A fact of the deal or of one pool the filing states in a sentence, as every format shows it: a loss limit
    ("$6,000,000", or "None" where the filing says there is no limit), a pool's share secured by investment
    properties ("≤ 5%", "approx. 2.1%", "None"). ``value`` is the figure for a workbook's cell (None where the
    filing states none, or nothing); ``written`` is how every report writes it."""

    label: str
    value: float | None
    written: str
    lines: tuple[int, ...] = ()
    unit: Unit = Unit.DOLLARS
    exact: bool = False  # ``value`` is the figure itself, neither a bound nor approximate: a cell may hold it


@dataclass(frozen=True)
class DealSummary:
    deal_name: str
    issuer: str
    series: str | None
    kind: str
    date_of_report: date | None
    cut_off_date: date | None
    source_name: str
    source_sha256: str
    trustee: str | None
    paying_agent: str | None
    clean_up_call_balance: float | None
    clean_up_call_within: float | None  # stated as approximate ("approximately $49.4 million"): this near
    pools: tuple[PoolColumn, ...]  # parts first, the whole deal last
    metrics: tuple[Metric, ...]  # only the rows with at least one stated value
    metrics_not_stated: tuple[str, ...]  # labels of rows the filing gives nothing for
    # Labels of rows the filing says something about (lines, a table) that gave no figure: the
    # parser could not read it, and the warnings say why. Never called "not stated".
    metrics_not_read: tuple[str, ...]
    limits: tuple[Metric, ...]  # eligibility and limits the filing states; rows it states for no pool left out
    compositions: tuple[PoolComposition, ...]
    policies: tuple[PolicyRow, ...]  # underwriting bounds, one column per composition
    tables: tuple[TableSummary, ...]
    # Every state table's concentration, one per pool that has a state table, in the pools' order (parts first,
    # the whole deal last): each is shown beside its table, labelled with its pool.
    geographies: tuple[Geography, ...]
    matrices: tuple[MatrixSummary, ...]
    capital: CapitalStructure | None
    checks: tuple[Check, ...]
    check_groups: tuple[CheckGroup, ...]  # groups with a failure first
    checks_failed: int
    missing: tuple[str, ...]  # facts the filing does not state, named as the reports name them
    warnings: tuple[str, ...]
    verdict: Verdict = Verdict.NOT_VERIFIABLE  # reconciled, not verifiable, or failed
    missing_not_read: tuple[str, ...] = ()  # facts the filing states in a way not read ("$619,8 million")
    verdict_reason: str = ""  # the verdict in one sentence, saying why when nothing could be checked
    # The pass count every format prints ("37 of 37 reconciliation checks passed; 9 could not run: ..."), and
    # whether it may say "all passed": every check the filing calls for ran and passed (``Deal.checks_sentence``).
    checks_sentence: str = ""
    all_checks_passed: bool = False
    not_run_reason: str | None = None  # "9 could not run: the aggregate balance could not be read"
    amendment_note: str | None = None  # "Form 8-K/A, Amendment No. 1": this filing corrects an earlier one
    # Labels of rows termsheet computes from a figure the deal lacks ("Average loan balance" without the loan
    # count): listed apart, as could not be computed, never as a figure the filing states or does not.
    metrics_not_computed: tuple[str, ...] = ()
    # The parser's doubts about the cut-off date, said beside it in every format ("the filing states its
    # cut-off date in different ways, ...").
    cut_off_doubts: tuple[str, ...] = ()
    truncated: bool = False  # the text ends before the signature block: a figure not in it is not "not stated"
    # A collateral term sheet's one line (``model.deal.PRELIMINARY_NOTE``): every format shows it near the top.
    preliminary_note: str | None = None
    # The loss limits the filing states, one per limit (one for all three where it says there are none); those it
    # does not state left out, never shown as zero.
    loss_limits: tuple[StatedFact, ...] = ()
    # Each pool column's share secured by investment properties, in the order of ``pools``; () where no pool states
    # one. A pool that does not state it: its ``written`` is the missing mark, its value None.
    investment: tuple[StatedFact, ...] = ()
    # Why the additional collateral loans have no whole-deal row where some pools state theirs: never a figure
    # made from the pools that state one while another states none. None where the whole deal states its own.
    additional_whole_deal_note: str | None = None

    @property
    def is_multi_pool(self) -> bool:
        return len(self.pools) > 1

    @property
    def geography(self) -> Geography | None:
        """The deal's own state concentration (``Geography.primary``): the whole deal's, else the first pool's."""
        return next((g for g in self.geographies if g.primary), None)

    def geography_of(self, table_index: int) -> Geography | None:
        """The concentration shown beside the table ``table_index``, if it is a pool's state table."""
        return next((g for g in self.geographies if g.table_index == table_index), None)

    @property
    def missing_said(self) -> str:
        """What every format says of the facts it cannot show: "Not stated in this filing: WAC. In the filing
        but not read: aggregate balance." ("" where nothing is missing)."""
        said = [
            f"{words.capitalize()}: {', '.join(facts)}."
            for words, facts in ((not_stated(self.truncated), self.missing), (NOT_READ, self.missing_not_read))
            if facts
        ]
        return " ".join(said)

    @property
    def metric_gaps(self) -> tuple[str, ...]:
        """The sentences every output prints under the key metrics: the figures the filing does
        not state, and those it states that could not be read."""
        gaps = []
        if self.metrics_not_stated:
            gaps.append(f"{not_stated(self.truncated).capitalize()}: {', '.join(self.metrics_not_stated)}.")
        if self.metrics_not_read:
            gaps.append(f"{NOT_READ.capitalize()}: {', '.join(self.metrics_not_read)}.")
        if self.metrics_not_computed:
            gaps.append(f"{NOT_COMPUTED.capitalize()}: {', '.join(self.metrics_not_computed)}.")
        return tuple(gaps)

    @property
    def has_rate_groups(self) -> bool:
        return any(c.rate_groups for c in self.compositions)

    @property
    def has_additional_collateral(self) -> bool:
        return any(c.has_additional_collateral for c in self.compositions)


# --- building it --------------------------------------------------------------------
