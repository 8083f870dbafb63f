"""The shelf history as data: every deal of a shelf in date order, each catalogue figure as a
series over them, and one deal (the latest, by default) against the deals before it.

Built by ``reporting.derive.shelf.build_shelf`` from validated deals; the report, its
charts and a workbook only read it. Units are the catalogue's (``derive.metrics``):
dollars, percent as the filings write it, months. A figure a deal does not state is
None in its series, a gap, never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reporting.model.deal import LOSS_LIMIT_KINDS, LOSS_LIMIT_LABELS, Bound
from reporting.model.diff import KeyChange
from reporting.model.summary import FROM_THE_POOLS, derived_mark
from reporting.model.units import Unit

Value = float | int | None

# A figure is drawn over the window only where at least this many of its deals give it: a chart of one point is
# no chart (that figure stands in a one-deal table instead).
MIN_CHARTED = 2


@dataclass(frozen=True)
class ShelfDeal:
    """One series on the shelf: the filing that stands for it (its detailed description when there is one)."""

    name: str  # "CMSI 2004-3"
    series: str | None
    label: str  # what its point on a chart is called: "2004-3" (the file name when no series is stated)
    kind: str | None  # FilingKind value
    cut_off_date: date | None
    date_of_report: date | None
    placed_by: str  # "cut-off date", or "date of report" when the filing states no cut-off date
    source_name: str  # the file's name only
    stem: str  # its file-name stem ("cmsi-2004-3"), where its own summary is written
    checks_run: int
    checks_failed: int
    missing: tuple[str, ...]
    # Its loss limits, one per ``LOSS_LIMIT_KINDS``, and its whole deal's share secured by investment properties, as
    # every report writes them ("$6,000,000"; "None": no limit, none of the loans; "≤ 5%"; the share stated for
    # its pools only, ``POOLS_ONLY``); None: not stated.
    loss_limits: tuple[str | None, ...] = ()
    investment: str | None = None

    @property
    def states_terms(self) -> bool:
        """Whether its filing states a loss limit or the investment-property share."""
        return self.investment is not None or any(limit is not None for limit in self.loss_limits)

    @property
    def placed_on(self) -> date | None:
        return self.cut_off_date or self.date_of_report


@dataclass(frozen=True)
class MetricSeries:
    """One catalogue figure over every deal of the shelf, in date order."""

    key: str
    label: str
    subject: str  # its name in a sentence
    unit: Unit
    bound: Bound | None  # the filings state a limit ("at most 24%"), not a value
    values: tuple[Value, ...]  # one per deal (``ShelfReport.deals``); None where a deal does not state it
    unreconciled: tuple[bool, ...]  # the figure failed a reconciliation check in that deal's filing
    doubted: tuple[bool, ...]  # the parser recorded a doubt about the figure in that deal's filing
    # the deal's filing does not state the figure for the whole deal: derived from its pools (a sum, a share of it)
    derived: tuple[bool, ...] = ()
    # the deal's filing states the figure as approximate, this near (``Provenance.approximate_within``); None: exactly
    withins: tuple[float | None, ...] = ()
    # what each deal's derived figure is derived from (``FigureNote.derived_of``); empty: its pools
    derived_of: tuple[str, ...] = ()

    def is_derived(self, index: int) -> bool:
        return bool(self.derived) and self.derived[index]

    def derived_mark(self, index: int) -> str:
        """What every format says beside deal ``index``'s derived figure: "derived from the pools"."""
        return derived_mark(self.derived_of[index] if self.derived_of else FROM_THE_POOLS)

    def within(self, index: int) -> float | None:
        """How near deal ``index``'s figure is stated (None: exactly): every format writes it as near, marked."""
        return self.withins[index] if self.withins else None

    def stated(self, indices: range) -> list[int]:
        """The deals among ``indices`` that give the figure: stated by the filing, or derived by termsheet."""
        return [i for i in indices if self.values[i] is not None]

    def derived_among(self, indices: range) -> list[int]:
        """The deals among ``indices`` whose figure termsheet derives (their filings do not state it)."""
        return [i for i in self.stated(indices) if self.is_derived(i)]


@dataclass(frozen=True)
class NotGiven:
    """A deal's figure left out though its filing states what it would be read off, and why (a class A
    subordination over loan groups' own subordinate classes): a gap that is not the filing's silence."""

    key: str
    label: str  # the figure's
    deal: str  # the deal's label ("2004-8")
    index: int  # in ``ShelfReport.deals``
    reason: str  # "not given: loan groups have ..."


@dataclass(frozen=True)
class Standing:
    """One figure of the deal in focus against the window: the last N deals up to and including it."""

    key: str
    label: str
    unit: Unit
    bound: Bound | None
    value: Value  # the focus deal's
    unreconciled: bool
    doubted: bool
    stated: int  # deals of the window that give it (stated, or derived: ``derived_count``), the focus deal among them
    median: float | None  # over the window's deals that state it
    low: float | None
    high: float | None
    # Share of the window's other deals stating it whose figure is lower, ties counting half:
    # 100 above all of them, 0 below all; None when no other deal states it.
    percentile: float | None
    position: str | None  # "highest" or "lowest": beyond every other deal of the window
    sentence: str | None  # the plain sentence, when the figure is outside the window's usual range
    derived: bool = False  # the focus deal's filing does not state it for the whole deal: derived from its pools
    # How near each figure is stated where it stands on one the filing states as approximate (None: exactly):
    # the focus deal's, the median's (``formatting.median_within``), the lowest and the highest deal's.
    within: float | None = None
    median_within: float | None = None
    low_within: float | None = None
    high_within: float | None = None
    derived_of: str = FROM_THE_POOLS  # what the focus deal's derived figure is derived from
    # Of the ``stated`` deals, how many give the figure only as termsheet derives it (their filings do not state it):
    # a count of deals "stating" would pass our sums off as the filings' words.
    derived_count: int = 0

    @property
    def charted(self) -> bool:
        """Whether enough deals of the window give the figure for a chart to say something."""
        return self.stated >= MIN_CHARTED

    @property
    def range_withins(self) -> tuple[float | None, float | None]:
        return (self.low_within, self.high_within)

    @property
    def derived_mark(self) -> str:
        """What every format says beside the focus deal's derived figure: "derived from the pools"."""
        return derived_mark(self.derived_of)


@dataclass(frozen=True)
class Revision:
    """A series with both a preliminary term sheet and a detailed description: what changed between them."""

    name: str  # "CMSI 2004-3"
    label: str
    term_sheet: str  # file names
    detailed: str
    term_sheet_date: date | None  # dates of report
    detailed_date: date | None
    headline: str  # the diff's: "3 material changes", "No material changes", nothing compared
    figures_compared: int
    changes: tuple[KeyChange, ...]  # the diff's key changes, largest first


@dataclass(frozen=True)
class SetAside:
    """A filing read for the shelf that is not its series' point (a term sheet, a copy, an earlier filing)."""

    source_name: str
    name: str
    reason: str


@dataclass(frozen=True)
class LeftOut:
    """A file that could not be put on the shelf, and why, in one line."""

    source_name: str  # the file's name: what the report shows
    reason: str
    path: str = ""  # as given on the command line, for the terminal


@dataclass(frozen=True)
class ShelfReport:
    deals: tuple[ShelfDeal, ...]  # one per series, ordered by cut-off date
    series: tuple[MetricSeries, ...]  # every figure some deal states, in the catalogue's shelf order
    focus: int  # index in ``deals`` of the deal set against the shelf
    window: int  # N, as asked: the last N deals up to and including the focus deal
    window_start: int  # deals[window_start : focus + 1] is the window
    standings: tuple[Standing, ...]  # every figure some window deal states
    not_in_window: tuple[str, ...]  # labels of figures only deals outside the window state
    headline: str  # "2 figures outside the range of the last 12 deals", all within it, or too few deals
    sentences: tuple[str, ...]  # one per figure outside the window's usual range
    min_deals: int  # deals stating a figure before a value can be called unusual
    revisions: tuple[Revision, ...]  # the window's series with a term sheet and a detailed description
    earlier_revisions: int  # series before the window with both (not diffed: the report lists the window's)
    set_aside: tuple[SetAside, ...]
    left_out: tuple[LeftOut, ...]
    not_given: tuple[NotGiven, ...] = ()  # gaps that are not a filing's silence, with why
    cautions: tuple[str, ...] = ()  # why the window's figures may differ other than by the loans (mixed terms)

    @property
    def focus_deal(self) -> ShelfDeal:
        return self.deals[self.focus]

    @property
    def window_indices(self) -> range:
        return range(self.window_start, self.focus + 1)

    @property
    def window_deals(self) -> tuple[ShelfDeal, ...]:
        return self.deals[self.window_start : self.focus + 1]

    @property
    def loss_limit_labels(self) -> tuple[str, ...]:
        """The heads of the loss-limit columns, in the order of each deal's ``loss_limits``."""
        return tuple(LOSS_LIMIT_LABELS[kind] for kind, _ in LOSS_LIMIT_KINDS)

    @property
    def terms_stated(self) -> bool:
        """Whether a deal of the window states a loss limit or its investment-property share (a term sheet does
        not): the page then lists them for every deal of the window, "not stated" where one does not."""
        return any(deal.states_terms for deal in self.window_deals)

    def values_in_window(self, series: MetricSeries) -> tuple[Value, ...]:
        return series.values[self.window_start : self.focus + 1]
