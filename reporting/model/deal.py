"""The typed deal model: what a CMSI pool filing says, and nothing more.

Every field holds a fact as the filing states it (rates and shares in percent as
written, balances in dollars, terms in months). A fact the filing does not state
is None, never a guess. The model is plain frozen dataclasses so it can be
serialised (see ``jsonio``), compared, and shared between processes.

Where a figure came from is kept beside it: each fact holder (deal, pool, rate
group, class, ...) carries ``provenance``, one ``Provenance`` per figure it holds,
with the filing's line numbers and the parser's doubts about that figure. A
figure the tool computes from stated ones (a whole-deal figure the filing gives
per pool only) is a ``DerivedFigure`` in ``Pool.derived``, never in the field that
holds the stated figure: code that does not look for it cannot show it as stated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Protocol, TypeVar

from reporting.model import check_kinds
from reporting.model.table_kinds import TableKind, classify_table, matrix_name
from reporting.model.units import Unit

# The name of the pool that stands for the whole deal ("all mortgage loans").
WHOLE_DEAL = "all"
# How a filing names one of its pools: "pool II", "loan group 2", "group 1", "Pool A" (patterns for the reader,
# which match the words in any case). A letter, A to H, names a pool only as a capital standing alone, in
# whatever case the words around it are: "pool a" and "added to the pool a month later" name none. I, V and
# X read as numerals.
POOL_WORD = r"(?:pool|loan\s+group|group)"
POOL_NAME = r"(?:[IVX]+|\d+|(?-i:[A-H])\b)"
# How a heading names the whole deal, beside its pools: "All Mortgage Loans", "All Loan Groups", "Total Pool",
# "Pools Combined", "The Entire Mortgage Pool", "Deal Total", "Aggregate" (patterns for the reader, to match a heading's whole words). A word alone
# (``WHOLE_DEAL_WORD``) says it only where it stands as a heading: "Total" is a table's row too.
_LOANS_OR_POOLS = r"(?:mortgage\s+)?(?:loans|(?:loan\s+)?(?:pools?|groups))"
WHOLE_DEAL_WORD = r"(?:aggregate|combined|total|grand\s+total)"
WHOLE_DEAL_NAMED = (
    rf"(?:all\s+(?:the\s+)?{_LOANS_OR_POOLS}(?:\s+combined)?"
    rf"|(?:the\s+)?{_LOANS_OR_POOLS}\s+(?:in\s+the\s+aggregate|combined)"
    rf"|(?:the\s+)?(?:aggregate|combined|total)\s+{_LOANS_OR_POOLS}"
    # "THE ENTIRE MORTGAGE POOL", "Deal Total", "Total Deal": the whole deal's own words
    rf"|(?:the\s+)?entire\s+(?:mortgage\s+)?(?:loan\s+)?(?:pool|deal)|deal\s+totals?|total\s+deal)"
)
WHOLE_DEAL_NAME = rf"(?:{WHOLE_DEAL_NAMED}|{WHOLE_DEAL_WORD})"


class FilingKind(StrEnum):
    COLLATERAL_TERM_SHEET = "collateral_term_sheet"
    DETAILED_DESCRIPTION = "detailed_description"
    UNKNOWN = "unknown"  # a CMSI 8-K cut off before it says which kind it is

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


UNKNOWN_KIND = "Unknown kind of filing"

# What every output of a collateral term sheet says of it, in one line: its pool is not yet final.
PRELIMINARY_NOTE = "Preliminary: a collateral term sheet, superseded by the series' detailed description"


def preliminary_note(kind: FilingKind | str | None) -> str | None:
    """The preliminary line for a filing of this kind: a collateral term sheet's; None for any other."""
    return PRELIMINARY_NOTE if kind == FilingKind.COLLATERAL_TERM_SHEET else None


def kind_label(kind: FilingKind | str | None) -> str:
    """A filing's kind as a reader reads it ("Collateral term sheet"), from the kind or its stored value (a deal's
    JSON, a long table's ``kind`` column): every report and workbook names it so, never "collateral_term_sheet".
    Not stated, cut off before it says, or no kind termsheet knows (a long table edited by hand): unknown."""
    try:
        known = FilingKind(kind) if kind else FilingKind.UNKNOWN
    except ValueError:
        known = FilingKind.UNKNOWN
    return UNKNOWN_KIND if known is FilingKind.UNKNOWN else known.label


class Verdict(StrEnum):
    """What the reconciliation checks say about a deal, as a whole."""

    # At least one check ran, and none failed. Checks that could not run (``Deal.not_run``: a figure they
    # compare is missing, a table could not be read) do not change it: ``Deal.verdict_reason`` and every format say how many and why.
    RECONCILED = "reconciled"
    NOT_VERIFIABLE = "not_verifiable"  # no check could be run: nothing was confirmed
    FAILED = "failed"  # at least one check failed

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


@dataclass(frozen=True)
class Provenance:
    """Where one stated figure came from: the filing's lines, and the parser's doubts about it.

    ``source_lines`` are 1-based line numbers of the filing's text as ingested (for
    a plain-text filing, the file's own lines). A figure may have provenance and no
    value: the filing stated something about it that the parser could not resolve,
    and ``warnings`` says what.
    """

    field: str
    source_lines: tuple[int, ...] = ()
    warnings: tuple[str, ...] = ()
    # Stated as approximate ("about 358 months"): how far from exact the filing's rounding may have put
    # it, half a unit of its last written digit (0.5 here). A check allows for it.
    approximate_within: float | None = None
    # An amount's decimals as the filing writes it ("$312,450,118": 0, "$624,900,236.07": 2); None where not
    # known. One written to fewer than the cent is a rounding of the exact balance: ``within_as_written``.
    places: int | None = None
    # A figure written in fractions of its unit ("357 15/16 months": 16), the parts it is rounded to; None where
    # written in decimals. A check allows half a part for its rounding (``within_as_written``).
    parts: int | None = field(default=None, metadata={"json": "omitted when None"})


# Balances are exact to the cent: an amount written with its cents is the figure itself.
CENT_PLACES = 2
# The decimals the filings write each weighted average to, which its checks' tolerances already allow for
# (``AVERAGE_TOLERANCES``): one written to fewer ("WAC 5.8%") is that figure rounded, half a unit of its last
# decimal either way.
WRITTEN_TO = {"wac": 3, "wam_months": 2, "wa_original_term_months": 2, "wa_ltv": 1}


def within_as_written(holder: object, field: str) -> float:
    """How far from exact a stated figure may be, from how the filing writes it: what "approximately" admits
    ("approximately $312.4 million": $50,000); for a figure written in fractions, half a part ("357 15/16
    months": 1/32 month); for an amount written to fewer places than the cent, half a
    unit of its last place ("$312,450,118": $0.50); 0 for one written to the cent, or not known to be rounded.
    Every check allowing for a figure's rounding asks here."""
    provenance = provenance_of(holder, field)
    if provenance is None:
        return 0.0
    if provenance.approximate_within:
        return provenance.approximate_within
    if provenance.parts:  # "357 15/16 months": as near as half a sixteenth
        return 0.5 / provenance.parts
    if provenance.places is not None and provenance.places < WRITTEN_TO.get(field, CENT_PLACES):
        return 0.5 * 10.0**-provenance.places
    return 0.0


def written_with_cents(holder: object, field: str) -> bool:
    """Whether a report writes the amount with its cents: unless the filing writes it to the dollar ("$494,000")
    or coarser (a table "in thousands", "approximately $493.6 million"), whose "$494,000.00" would claim a
    precision the filing never gave."""
    provenance = provenance_of(holder, field)
    if provenance is not None and provenance.approximate_within:
        return False
    return provenance is None or provenance.places is None or provenance.places >= CENT_PLACES


@dataclass(frozen=True)
class DerivedFigure:
    """A whole-deal figure the filing states per pool only, computed exactly from the pools.

    Never stated by the filing: a report shows it marked as derived, with ``derived_from``.
    """

    field: str  # the Pool field it stands in for, e.g. "balance_above_80_ltv"
    value: float | date
    derived_from: str  # e.g. "sum of pools I, II, III"
    source_lines: tuple[int, ...] = ()  # where the pools' figures it was made from are stated
    # The doubts about the pools' figures it was made from, each naming its pool ("pool II: ... misprinted"): a sum
    # of a doubted figure is as doubted, and says so beside it.
    warnings: tuple[str, ...] = ()
    # Made from figures the filing states as approximate: how near it is (their nearnesses added for a sum; the
    # chosen pools' for a least or greatest), as ``Provenance.approximate_within``; None where made from exact ones.
    approximate_within: float | None = field(default=None, metadata={"json": "omitted when None"})


def provenance_of(holder: object, field: str) -> Provenance | None:
    """The provenance of one field of a fact holder (a Deal, Pool, RateGroup, ...), if recorded."""
    return next((p for p in getattr(holder, "provenance", ()) if p.field == field), None)


def lines_of(holder: object, *fields: str) -> tuple[int, ...]:
    """The filing lines the named fields were read from, sorted, each once."""
    found = {line for f in fields if (p := provenance_of(holder, f)) for line in p.source_lines}
    return tuple(sorted(found))


class Bound(StrEnum):
    """How the filing bounds a share: the tool never turns a bound into a value."""

    AT_LEAST = "at_least"
    NO_MORE_THAN = "no_more_than"


# An amount the filing may state as a share of the balance in its place ("No more than 1.3% of the mortgage loans
# ... in any one zip code", "approximately 0.87% of the aggregate ... balance had loan-to-value ratios in excess of
# 80%"): the Pool field that holds the share, and the bound every such share is (None: a figure, never a bound).
# The share is read as the filing states it; the amount stays not stated, never made up from it.
SHARE_IN_PLACE_OF: dict[str, tuple[str, Bound | None]] = {
    "largest_zip_balance": ("largest_zip_share", Bound.NO_MORE_THAN),
    "balance_above_80_ltv": ("share_above_80_ltv", None),
}


# Figures analysts use that a filing may state and the model holds no field for, each as the reports name it:
# where stated, the pool's provenance carries the sentence (``read/unread.note_unheld``) and every format says
# the figure is in the filing but not read, never nothing.
UNHELD_FIGURES = {
    "wa_fico": "WA FICO score",
    "fico_bound_share": "share under a FICO score",
    "net_wac": "net WAC",
    "second_home_share": "share secured by second homes",
}


@dataclass(frozen=True)
class UnderwritingShare:
    """One underwriting/documentation statement: "At least 94% of ... full documentation"."""

    policy: str  # short label derived from the wording, e.g. "Full documentation"
    bound: Bound
    percent: float
    wording: str  # the filing's own description of the policy, for footnotes
    source_lines: tuple[int, ...] = ()
    warnings: tuple[str, ...] = ()
    # Stated as approximate ("no more than approximately 6%"): how near, as ``Provenance.approximate_within``
    # (0.5 here); every report writes it to the places the filing gives, marked ("≤ approx. 6%").
    approximate_within: float | None = None


@dataclass(frozen=True)
class AdditionalCollateral:
    """Loans with pledged assets in place of a down payment, "taken as a group"."""

    loan_count: int | None = None
    balance: float | None = None
    wa_ltv_with_collateral: float | None = None
    wa_ltv_without_collateral: float | None = None
    provenance: tuple[Provenance, ...] = ()


# The loss limits a detailed description states, each as the reports name it (field, label).
LOSS_LIMIT_KINDS = (("special_hazard", "Special hazard"), ("fraud", "Fraud"), ("bankruptcy", "Bankruptcy"))
LOSS_LIMIT_LABELS = {kind: f"{label} loss limit" for kind, label in LOSS_LIMIT_KINDS}  # "Fraud loss limit"


@dataclass(frozen=True)
class LossLimits:
    """The special hazard, fraud and bankruptcy loss limits, in dollars, as the filing states them for the deal.

    A limit not stated is None; one the filing says there is none of ("There are no special hazard, fraud or
    bankruptcy loss limits") is named in ``none_stated``, never written as a zero dollar limit."""

    special_hazard: float | None = None
    fraud: float | None = None
    bankruptcy: float | None = None
    none_stated: tuple[str, ...] = ()  # the kinds (``LOSS_LIMIT_KINDS``' fields) the filing says have no limit
    provenance: tuple[Provenance, ...] = ()

    def stated(self, kind: str) -> bool:
        return kind in self.none_stated or getattr(self, kind) is not None


@dataclass(frozen=True)
class RateGroup:
    """The premium or the discount loans of one pool."""

    balance: float | None = None
    wac: float | None = None
    wam_months: float | None = None
    provenance: tuple[Provenance, ...] = ()


@dataclass(frozen=True)
class PremiumDiscount:
    """Premium loans have net rates at or above the threshold, discount loans below it."""

    threshold_net_rate: float | None = None
    # The decimals the filing writes it with ("5.50%": 2), so every report writes it so, never "5.500%"; None
    # where not known (a report then writes a rate's three)
    threshold_places: int | None = None
    premium: RateGroup = field(default_factory=RateGroup)
    discount: RateGroup = field(default_factory=RateGroup)
    provenance: tuple[Provenance, ...] = ()  # of threshold_net_rate


@dataclass(frozen=True)
class Pool:
    """One pool of loans ("I", "II", ...) or the whole deal (``WHOLE_DEAL``)."""

    name: str
    description: str | None = None  # how the filing defines the pool, when it does
    aggregate_balance: float | None = None
    loan_count: int | None = None
    wac: float | None = None
    wam_months: float | None = None
    wa_original_term_months: float | None = None
    wa_ltv: float | None = None
    original_balance_min: float | None = None
    original_balance_max: float | None = None
    original_term_min_years: float | None = None
    original_term_max_years: float | None = None
    balance_above_80_ltv: float | None = None
    max_ltv: float | None = None
    largest_zip_balance: float | None = None
    # The filing's share of the balance where it states one in place of the amount (``SHARE_IN_PLACE_OF``), percent
    share_above_80_ltv: float | None = None
    largest_zip_share: float | None = None
    primary_residence_min_pct: float | None = None
    # The share of the pool secured by investment properties, percent ("None of the mortgage loans ...": 0, exact),
    # and its bound where the filing states one ("No more than 5%"); stated as approximate: its provenance says.
    investment_property_max_pct: float | None = field(default=None, metadata={"json": "omitted when None"})
    investment_property_bound: Bound | None = field(default=None, metadata={"json": "omitted when None"})
    originated_not_before: date | None = None
    originated_not_after: date | None = None
    latest_maturity: date | None = None
    underwriting: tuple[UnderwritingShare, ...] = ()
    additional_collateral: AdditionalCollateral | None = None
    premium_discount: PremiumDiscount | None = None
    provenance: tuple[Provenance, ...] = ()
    derived: tuple[DerivedFigure, ...] = ()  # figures the filing does not state for this pool, computed by the tool

    @property
    def is_whole_deal(self) -> bool:
        return self.name == WHOLE_DEAL

    def derived_figure(self, field: str) -> DerivedFigure | None:
        return next((d for d in self.derived if d.field == field), None)

    def figure(self, field: str) -> tuple[object, bool]:
        """The stated figure, else the derived one: (value, derived?). Show a derived one marked."""
        value = getattr(self, field)
        if value is None and (found := self.derived_figure(field)) is not None:
            return found.value, True
        return value, False

    @property
    def label(self) -> str:
        if self.is_whole_deal:
            return "All loans"
        # a pool named by number is "Pool II"; one the filing names by its loans' kind, "30-Year loans"
        return f"Pool {self.name}" if re.fullmatch(POOL_NAME, self.name, re.I) else f"{self.name} loans"


# A field's metadata: the JSON leaves it out where it holds None (a figure few filings state, added to the model
# after its JSON contract: a deal without it writes the JSON it always wrote).
OMITTED_WHEN_NONE = {"json": "omitted when None"}


@dataclass(frozen=True)
class TableRow:
    label: str
    count: int | None
    balance: float | None
    source_lines: tuple[int, ...] = ()  # the row's figures and every line of its label
    warnings: tuple[str, ...] = ()  # e.g. a label continuation the parser had to choose a row for
    # The row's percent of the balance as the filing states it, kept where the table has no balances (a count
    # and a "% of balance" column): the only figure of its balance. Left out of the JSON where None.
    share: float | None = field(default=None, metadata=OMITTED_WHEN_NONE)


@dataclass(frozen=True)
class TableTotal:
    count: int | None
    balance: float | None
    source_lines: tuple[int, ...] = ()
    warnings: tuple[str, ...] = ()  # e.g. a figure the filing corrects, as a row's are
    share: float | None = field(default=None, metadata=OMITTED_WHEN_NONE)  # as a row's


def of_the_total_line(warning: str) -> str:
    """A doubt of a table's Total line, as every output says it beside the table's rows."""
    return f"Total line: {warning}"


@dataclass(frozen=True)
class StratTable:
    """A stratification table: buckets of one attribute with loan count and balance."""

    title: str
    pool: str
    label_header: str
    rows: tuple[TableRow, ...]
    total: TableTotal | None
    footnotes: tuple[str, ...] = ()
    line_range: tuple[int, ...] = ()  # (first, last) line of the table, title to footnotes
    warnings: tuple[str, ...] = ()
    # Dollars in each unit the filing writes the balances in: 1,000 for a table "in thousands"
    # ("Balance ($000)"), whose balances are read times 1,000 and may each be $500 off.
    balance_unit: float = 1.0

    @property
    def kind(self) -> TableKind:
        return classify_table(self.title, self.label_header)


@dataclass(frozen=True)
class PercentMatrix:
    """A two-way table of percent of pool balance, e.g. FICO score x LTV."""

    title: str
    pool: str
    row_header: str
    col_header: str
    row_labels: tuple[str, ...]
    col_labels: tuple[str, ...]
    cells: tuple[tuple[float, ...], ...]
    row_totals: tuple[float, ...] | None
    col_totals: tuple[float, ...] | None
    grand_total: float | None
    line_range: tuple[int, ...] = ()  # (first, last) line of the matrix
    row_source_lines: tuple[tuple[int, ...], ...] = ()  # per row, as row_labels
    total_source_lines: tuple[int, ...] = ()  # the Total line
    warnings: tuple[str, ...] = ()
    footnotes: tuple[str, ...] = ()  # the filing's notes under it ("(1) Excludes loans with no FICO score")
    # The figures the filing writes only as a mark its footnote says is a share under a bound ("*" with
    # "* Less than 0.005%"): each (row, column) of the grid of cells with the totals column after the
    # cells' columns and the Total line after the rows. Each holds ``under_bound / 2``, the middle of what
    # it may be (more than 0, less than the bound): no report shows that figure, each shows the bound.
    marked: tuple[tuple[int, ...], ...] = ()  # each (row, column)
    under_bound: float | None = None
    bound_note: str = ""  # the footnote saying so, as the filing words it

    def bound_at(self, row: int, column: int) -> float | None:
        """The bound a figure is under where the filing writes it as a mark; None for a figure it states."""
        return self.under_bound if (row, column) in self.marked else None

    def marked_in(self, figures: Iterable[tuple[int, int]]) -> int:
        """How many of the figures at these places the filing writes only as a mark."""
        return sum(place in self.marked for place in figures)

    @property
    def name(self) -> str:
        """What the reports call it ("FICO x LTV", "FICO x current LTV"): from its title, in one place."""
        return matrix_name(self.title, self.col_header)


@dataclass(frozen=True)
class CertificateClass:
    name: str
    initial_balance: float | None = None
    subordination_level: float | None = None  # percent of the pool, as written
    provenance: tuple[Provenance, ...] = ()
    # An interest-only class's notional balance ("A-IO ... initial notional balance of $23,456,789.00"): what its
    # interest is paid on, no principal of the certificates: never part of the deal's balance or a level.
    notional_balance: float | None = None

    @property
    def is_notional(self) -> bool:
        """Whether the class holds no principal, only a notional balance (or is named interest only)."""
        return self.initial_balance is None and (self.notional_balance is not None or is_interest_only(self.name))


# Seniority from a class's name: senior classes A, A-1, IA-1, IIA-1, A-PO, A-IO ..., and the residual
# class R (R-I, R-II, "$100"), a principal-only PO or an interest-only IO or X class, which stand with
# the seniors; the 1990s' senior subordinated class M (M-1, M-2 ...), junior to every senior class;
# subordinate B-1 ... B-n (B alone is B-1), junior to every M class. A name that is none of these is
# of unknown rank.
_SUBORDINATE = re.compile(r"^B(?:-?(\d+))?$")
_SENIOR_SUBORDINATE = re.compile(r"^M(?:-?(\d+))?$")
_SENIOR = re.compile(r"^(?:[IVX]+-?|\d{1,2}-?)?(?:A(?:-?[A-Z0-9]+)*|R(?:-?(?:[IVX]+|\d+))?|PO|IO|X(?:-?\d+)?)$")
_BELOW_EVERY_M = 1000


def seniority(name: str) -> int | None:
    """0 for a senior class, n for class M-n, n plus every M's rank for subordinate class B-n,
    None when the name does not say."""
    if match := _SUBORDINATE.match(name):
        return _BELOW_EVERY_M + int(match.group(1) or 1)
    if match := _SENIOR_SUBORDINATE.match(name):
        return min(int(match.group(1) or 1), _BELOW_EVERY_M - 1)
    return 0 if _SENIOR.match(name) else None


# A loan group's own classes: seniors "IA-1", "1-A-2"; subordinates "IB-1", "IIB-2", "I-B-1", "2B-1" (the group
# first) or "B-1-I" (last), and senior subordinated "IM-1". A group's B-n ranks as B-n does, but within its group
# only: IB-2 is junior to IA-1 and IB-1, and to no class of group II.
_GROUP = r"(?:[IVX]+|\d{1,2})"
_GROUP_JUNIOR = re.compile(
    rf"^(?P<group>{_GROUP})-?(?P<name>[BM](?:-?\d+)?)$|^(?P<name_>[BM]-?\d+)-(?P<group_>{_GROUP})$"
)
_GROUP_SENIOR = re.compile(rf"^(?P<group>{_GROUP})-?A\b")


@dataclass(frozen=True)
class Standing:
    """Where a class stands: its ``seniority``, and the loan group whose classes alone it ranks among
    (None: a class of the whole deal, as A, B-1, A-PO and R are)."""

    rank: int
    group: str | None = None


class _Named(Protocol):
    @property
    def name(self) -> str: ...


_C = TypeVar("_C", bound=_Named)


def standing(name: str) -> Standing | None:
    """A class's standing from its name, or None when the name does not say."""
    if junior := _GROUP_JUNIOR.match(name):
        rank = seniority(junior["name"] or junior["name_"])
        return None if rank is None else Standing(rank, junior["group"] or junior["group_"])
    if (rank := seniority(name)) is None:
        return None
    senior = _GROUP_SENIOR.match(name) if rank == 0 else None
    return Standing(rank, senior["group"] if senior else None)


def standings(classes: Sequence[_Named]) -> list[Standing | None]:
    """Each class's standing among these classes: a senior's group (IA-1's "I") only where that group has
    subordinates of its own; over the deal's B-1 ... B-n, IA-1 and IIA-1 stand side by side."""
    found = [standing(c.name) for c in classes]
    own = {s.group for s in found if s is not None and s.rank > 0}
    return [s if s is None or s.group in own else Standing(s.rank) for s in found]


def has_group_subordinates(classes: Sequence[_Named]) -> bool:
    """Whether loan groups have subordinate classes of their own (IB-1, IIB-1): then which loans a level is
    measured over (the group's? the deal's?) is not known, and no level is checked or computed."""
    return any(s is not None and s.rank > 0 and s.group is not None for s in standings(classes))


def in_rank_order(classes: Sequence[_C]) -> list[_C]:
    """Seniors first, in the order listed; then the juniors of the whole deal (M, then B-1 ... B-n), then
    each loan group's (IB-1 ... IB-n, then IIB-1 ...), groups in the order listed. As listed where a name
    gives no rank."""
    found = standings(classes)
    if None in found:
        return list(classes)
    groups = list(dict.fromkeys(s.group for s in found if s.rank > 0 and s.group is not None))

    def key(s: Standing) -> tuple[int, int]:
        return (0, 0) if s.rank == 0 else (0 if s.group is None else 1 + groups.index(s.group), s.rank)

    return [c for _, c in sorted(zip(found, classes), key=lambda pair: key(pair[0]))]


# An interest-only class ("A-IO", "A-WIO", "X", "A-X"): no principal balance; a notional one is not the deal's.
_INTEREST_ONLY = re.compile(r"IO$|(?:^|-)X(?:-?\d+)?$")


def is_interest_only(name: str) -> bool:
    """A class named as interest only ("A-IO", "X"): any balance stated for it is notional."""
    return _INTEREST_ONLY.search(name) is not None


_NUMBERED_PART = re.compile(r"^(.+)-\d+$")  # "A-1", "IA-2", "B-3": a part of "A", "IA", "B"


def parts_of(classes: Sequence[CertificateClass]) -> dict[str, list[CertificateClass]]:
    """Each class that is a name for several, with its numbered parts: "A" beside A-1 ... A-12 (never
    A-PO or A-R, classes of their own). In one pass: a deal may list thousands."""
    names = {c.name for c in classes}
    parts: dict[str, list[CertificateClass]] = {}
    for c in classes:
        if (numbered := _NUMBERED_PART.match(c.name)) and numbered[1] in names:
            parts.setdefault(numbered[1], []).append(c)
    return parts


_SENIORS_NAME = re.compile(r"^(?:[IVX]+-?|\d{1,2}-?)?A$")  # "A", "IA", "1A": a name the seniors share


def senior_total(classes: Sequence[CertificateClass]) -> str | None:
    """Class "A" (or "IA", "1A": no number of its own) stated as the total of every other senior class
    (IA-1, IIA-1 and A-PO, their sum to the cent): a name for them all, not a class of its own. Never a
    numbered class whose balance happens to be the others' ($240,773,415 for A-1 beside A-2 and A-3)."""
    seniors = [
        c for c in classes if c.initial_balance is not None and seniority(c.name) == 0 and not is_interest_only(c.name)
    ]
    total = sum(c.initial_balance for c in seniors)
    return next(
        (
            c.name
            for c in seniors
            if len(seniors) >= 3 and _SENIORS_NAME.match(c.name) and abs(2 * c.initial_balance - total) <= CLASS_CENTS
        ),
        None,
    )


CLASS_CENTS = 0.005  # class balances are stated to the cent


def holding_no_balance(classes: Sequence[CertificateClass]) -> frozenset[str]:
    """The classes that hold no part of the deal's balance of their own, which the classes adding up to
    the deal leave out: an interest-only class, a name for several (``parts_of``) and the seniors'
    total (``senior_total``), whose own balance, if stated, is checked against its parts'."""
    several = set(parts_of(classes)) | {senior_total(classes)}
    return frozenset(c.name for c in classes if c.is_notional or is_interest_only(c.name) or c.name in several)


def junior_classes(classes: Sequence[CertificateClass]) -> list[tuple[int, ...]] | None:
    """For each class, the classes junior to it that hold a part of the deal's balance of their own
    (their places in ``classes``): a level is their balances over the deal's. None where a name gives
    no rank (loan groups' own subordinates IB-1 ... among them): which classes are junior is not known."""
    ranks = [seniority(c.name) for c in classes]
    if None in ranks:
        return None
    none_of_their_own = holding_no_balance(classes)
    holding = [j for j, c in enumerate(classes) if c.name not in none_of_their_own]
    return [tuple(j for j in holding if ranks[j] > rank) for rank in ranks]


@dataclass(frozen=True)
class Check:
    """One reconciliation: a figure the filing states against one it implies."""

    name: str
    subject: str  # what the check is about, e.g. "pool all" or a table title
    expected: float
    actual: float
    tolerance: float
    passed: bool
    # Which figure it concerns, so a report can show a failure next to it:
    # "pool:<name>:<field>", "table:<index>", "matrix:<index>" or "class:<name>".
    concerns: str = ""
    # The filing's lines of each side: where the expected figure is stated, and
    # where the figures that make up the actual one are.
    expected_lines: tuple[int, ...] = ()
    actual_lines: tuple[int, ...] = ()
    # The figures it compares besides, so a failure marks each: "pool:<name>:loan_count" for a table's
    # total against the pool's count (unless another table's total bears the count out: ``failed_about``);
    # "table:<index>:count" or "table:<index>:balance" for the cell of a table's Total line that is compared.
    also_concerns: tuple[str, ...] = ()
    # What its figures count, so a report writes them with their unit ("$619,800,778.37", "1,252 loans",
    # "100.02%" with a tolerance of "0.02 pp"): ``formatting.check_figure`` and ``check_gap``. None when not known.
    unit: Unit | None = None
    # Where its tolerance allows for figures the filing gives to less than the cent (in whole dollars, in
    # thousands, approximately): by how much and why, for a report to say so beside a check that passes by it
    # ("within $1.50, the pools' balances being given in whole dollars"); "" where it allows for none.
    allowance: str = ""
    # How near each side is where a figure of it is stated approximately ("approximately $312.4 million"): a
    # report writes that side as stated ("approx. $312.4mm"), never as an exact figure; None where none is.
    expected_within: float | None = None
    actual_within: float | None = None
    # Its kind (``check_kinds.KINDS``: "rows_add_up") and what of that kind it is of ("loan count", a matrix row's
    # label, a class): what it compares, in plain words, is its kind's (``compares``), said in one place.
    kind: str = ""
    of: str = ""

    @property
    def difference(self) -> float:
        return self.actual - self.expected

    @property
    def compares(self) -> str:
        """What the check sets against what, in plain words: "the rows' balance added up against the Total line's"."""
        return check_kinds.compares(self.kind, (self.of,))

    @property
    def this_one(self) -> str:
        """What this check compares, its matrix row or column named: "each row's cells added up against the row's
        total ('650 to 699')"; a report names by it the check a subject's largest gap is of."""
        return check_kinds.this_one(self.kind, self.of)


@dataclass(frozen=True)
class NotRun:
    """A check the filing's tables, pools or classes call for that could not run: a figure it compares is
    not stated, or is stated in a way that could not be read. A report says so beside its pass count."""

    name: str  # as the check would be named: "table total equals the pool's balance"
    subject: str
    # The figures it wants: "pool:<name>:<field>" (aggregate_balance, loan_count, wac, ...),
    # "group:<pool>:<premium|discount>:<field>" (balance, wac, wam_months), "class:<name>:initial_balance",
    # or a whole table the parser saw and could not read, "unread_table:<its first line>:<its title>", or a
    # figure of a table's row or Total line, "table_figure:<its line>:<unread|unstated>:<the figure in words>".
    needs: tuple[str, ...]

    @classmethod
    def of_a_table_not_read(cls, title: str, line: int) -> NotRun:
        """The checks of a table the filing has (a title over rows of figures, rows down to a Total line)
        that the parser could not read: recorded when it is seen, for no report to call the rest "all"."""
        return cls("the table's own checks", title, (f"{_UNREAD_TABLE}:{line}:{title}",))

    @classmethod
    def of_a_table_without_a_total(cls, name: str, title: str, line: int) -> NotRun:
        """A check against a table's Total line (its rows add up to it, it equals the pool's figure) where
        the filing gives the table no Total line: ``line``, the table's first."""
        return cls(name, title, (f"{_NO_TOTAL_LINE}:{line}:{title}",))

    @classmethod
    def of_a_tables_figure(cls, name: str, title: str, figure: str, line: int, unread: bool) -> NotRun:
        """A check of a table's rows against its Total where one of their figures (``figure``: "the loan count
        of the row 'Arkansas'", "the balance of the Total line") is not there: ``unread``, the filing writes
        it in a way not read as a figure ("*"); otherwise it leaves it out."""
        return cls(name, title, (f"{_TABLE_FIGURE}:{line}:{'unread' if unread else 'unstated'}:{figure}",))

    @classmethod
    def of_buckets_cut_otherwise(cls, name: str, subject: str, pool: str, what: str) -> NotRun:
        """A check of pool ``pool``'s LTV table's buckets against a figure (``what``: "the FICO x LTV matrix's
        LTV buckets", "the loans above 80% LTV") that the table's rows do not make up, being cut otherwise:
        none of its rows, nor a run of them, covers just those loans."""
        return cls(name, subject, (f"{_BUCKETS_CUT_OTHERWISE}:{pool}:{what}",))

    @property
    def table_not_read(self) -> tuple[int, str] | None:
        """The first line and the title of the table whose checks these are, where it could not be read."""
        return next((found for key in self.needs if (found := _unread_table(key))), None)


_UNREAD_TABLE = "unread_table"
_TABLE_FIGURE = "table_figure"
_NO_TOTAL_LINE = "no_total_line"
_BUCKETS_CUT_OTHERWISE = "buckets_cut_otherwise"
# Said beside a table the filing gives no Total line: its checks against one could not run.
NO_TOTAL_LINE = "the filing gives no Total line for this table"


def _unread_table(key: str, kind_wanted: str = _UNREAD_TABLE) -> tuple[int, str] | None:
    kind, _, rest = key.partition(":")
    line, _, title = rest.partition(":")
    return (int(line), title) if kind == kind_wanted and line.isdigit() else None


def _the_table(line: int, title: str) -> str:
    return f"the table {title!r} (line {line})" if title else f"the table at line {line}"


# How a report names a figure a check could not run without.
_NEEDED_LABELS = {
    "aggregate_balance": "aggregate balance",
    "loan_count": "loan count",
    "wac": "WAC",
    "wam_months": "WAM",
    "wa_original_term_months": "WA original term",
    "wa_ltv": "WA LTV",
    "balance_above_80_ltv": "balance above 80% LTV",
    "balance": "balance",
}


def _and(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def failed_about(checks: Iterable[Check], keys: Iterable[str]) -> tuple[Check, ...]:
    """The failed checks about any of the figures ``keys``: the one place that decides what a failure marks.

    A table's Total against a pool's own figure ("pool:all:loan_count") marks that figure only when no
    other table bears it out: where one table's Total is off and the prose and the other tables agree with
    the pool, the Total is the figure in doubt, and the check marks the table's Total cell alone; where
    every table disagrees with the pool's figure (the prose's count is wrong), it marks the pool's figure too.
    ``checks`` are all the deal's checks, passed and failed: the passed ones are those that bear a figure out.
    """
    checks, keys = tuple(checks), frozenset(keys)
    borne_out = {k for c in checks if c.passed for k in c.also_concerns if k.startswith("pool:")}
    return tuple(c for c in checks if not c.passed and not keys.isdisjoint(_marked_by(c, borne_out)))


def class_figure(name: str, field: str) -> str:
    """The key of one figure of certificate class ``name`` ("initial_balance", "subordination_level"): what a
    class's check marks besides the class ("class:A"), so a report flags the figure the check is about, and no
    other: a level that disagrees with its juniors' balances marks the level, never the class's balance."""
    return f"class:{name}:{field}"


# The check of every class's balance together against the deal's ("class balances add up to the deal balance"):
# it marks their total, no one class's balance, as no one of them is known to be the wrong one.
CLASSES_TOGETHER = "class:*"


def _marked_by(check: Check, borne_out: set[str]) -> tuple[str, ...]:
    """The figures a failed ``check`` marks: all it compares, but a pool's figure another table bears out."""
    return (check.concerns, *(k for k in check.also_concerns if k not in borne_out))


# The key figures a complete filing states for each pool (and the whole deal), and for each rate group it
# gives figures for: what ``Deal.missing`` names when the deal lacks one ("pool II wac", "premium loans balance").
CORE_POOL_FACTS = ("aggregate_balance", "loan_count", "wac", "wam_months", "wa_original_term_months", "wa_ltv")
RATE_GROUP_FIGURES = ("balance", "wac", "wam_months")
# The whole deal's facts a detailed description states, each with the words ``Deal.missing`` names it in.
DETAILED_DEAL_FACTS = (
    ("trustee", "trustee"),
    ("paying_agent", "paying agent"),
    ("clean_up_call_balance", "clean-up call balance"),
)
# What ``Deal.missing`` names a term sheet without a table read: none stated, or none the parser could read.
STRATIFICATION_TABLES = "stratification tables"


@dataclass(frozen=True)
class MissingFact:
    """A pool's figure ``Deal.missing`` names: its pool's name (``WHOLE_DEAL`` for the whole deal), its rate
    group ("premium", "discount", or None for the pool's own figure), and its field."""

    pool: str
    group: str | None
    field: str


_MISSING_FIGURE = re.compile(
    rf"^(?:pool (?P<pool>.+?) )?(?:(?P<group>premium|discount) loans (?P<group_field>{'|'.join(RATE_GROUP_FIGURES)})"
    rf"|(?P<field>{'|'.join(CORE_POOL_FACTS)}))$"
)


def missing_fact(missing: str) -> MissingFact | None:
    """The pool figure an entry of ``Deal.missing`` names ("pool II wac", "premium loans balance"), or None
    for another fact (a class's balance, the trustee, the signatures)."""
    found = _MISSING_FIGURE.match(missing)
    if found is None:
        return None
    pool = found.group("pool") or WHOLE_DEAL
    if found.group("group"):
        return MissingFact(pool, found.group("group"), found.group("group_field"))
    return MissingFact(pool, None, found.group("field"))


# "class B-1 initial balance", "class A subordination level": a class's figure ``Deal.missing`` names.
_MISSING_CLASS_FIGURE = re.compile(r"^class (?P<name>\S+) (?P<field>initial balance|subordination level)$")


def missing_class_figure(missing: str) -> tuple[str, str] | None:
    """The class and the field an entry of ``Deal.missing`` names ("class B-1 initial balance" is
    ("B-1", "initial_balance")), or None for another fact."""
    found = _MISSING_CLASS_FIGURE.match(missing)
    return (found.group("name"), found.group("field").replace(" ", "_")) if found else None


@dataclass(frozen=True)
class Source:
    path: str
    sha256: str
    envelope: str  # "plain", "sgml" (EDGAR full submission) or "html"
    encoding: str


@dataclass(frozen=True)
class Deal:
    issuer: str
    series: str | None
    kind: FilingKind | None
    date_of_report: date | None
    cut_off_date: date | None
    source: Source
    trustee: str | None = None
    paying_agent: str | None = None
    clean_up_call_balance: float | None = None
    pools: tuple[Pool, ...] = ()
    tables: tuple[StratTable, ...] = ()
    matrices: tuple[PercentMatrix, ...] = ()
    classes: tuple[CertificateClass, ...] = ()
    checks: tuple[Check, ...] = ()
    not_run: tuple[NotRun, ...] = ()  # checks its tables, pools or classes call for that a missing figure stopped
    missing: tuple[str, ...] = ()  # facts a complete filing of this kind states
    # Statements the parser read but could not resolve, and every doubt recorded on a
    # figure (each also in that figure's provenance), in plain words.
    warnings: tuple[str, ...] = ()
    amendment: bool = False  # an 8-K/A or "Amendment No.": it corrects an earlier filing
    amendment_note: str | None = None  # how the filing says so, e.g. "Form 8-K/A, Amendment No. 1"
    truncated: bool = False  # the text ends before the signature block
    # The EDGAR exhibits that may hold the pool description but are files, not text (a PDF): "EX-99.1 (ex99.pdf), a PDF
    # exhibit". Not read; where the text states no pool, the verdict says the description is there.
    unread_exhibit: str | None = field(default=None, metadata=OMITTED_WHEN_NONE)
    provenance: tuple[Provenance, ...] = ()  # of series, kind, date_of_report, cut_off_date, ...
    loss_limits: LossLimits | None = field(default=None, metadata={"json": "omitted when None"})

    @property
    def preliminary_note(self) -> str | None:
        """The one line every output of a collateral term sheet carries (``PRELIMINARY_NOTE``); else None."""
        return preliminary_note(self.kind)

    def pool(self, name: str) -> Pool | None:
        return next((p for p in self.pools if p.name == name), None)

    @property
    def whole_deal(self) -> Pool | None:
        return self.pool(WHOLE_DEAL)

    @property
    def name(self) -> str:
        return f"CMSI {self.series}" if self.series else "CMSI (series not stated)"

    @property
    def verdict(self) -> Verdict:
        if any(not c.passed for c in self.checks):
            return Verdict.FAILED
        return Verdict.RECONCILED if self.checks else Verdict.NOT_VERIFIABLE

    def _needed(self, key: str) -> tuple[str, bool]:
        """A figure a check wants, as a reader names it, and whether the filing states it unreadably."""
        if table := _unread_table(key):
            return _the_table(*table), True
        kind, name, field_name = key.split(":", 2)
        if kind == _TABLE_FIGURE:  # "table_figure:<line>:<unread|unstated>:<the figure in words>"
            how, _, figure = field_name.partition(":")
            return f"{figure} (line {name})", how == "unread"
        if kind == "class":
            holder: object = next((c for c in self.classes if c.name == name), None)
            label = f"class {name}'s initial balance"
        elif kind == "group":  # "group:<pool>:premium:balance": a rate group's figure
            group, field_name = field_name.split(":", 1)
            pool = self.pool(name)
            holder = getattr(pool.premium_discount, group, None) if pool is not None else None
            label = f"the {group} loans' {_NEEDED_LABELS.get(field_name, field_name.replace('_', ' '))}"
            if len(self.pools) > 1:
                whose = (pool or Pool(name)).label
                label += f" of {whose[0].lower()}{whose[1:]}"
        else:
            holder = self.pool(name)
            label = f"the {_NEEDED_LABELS.get(field_name, field_name.replace('_', ' '))}"
            if len(self.pools) > 1:
                whose = (holder if isinstance(holder, Pool) else Pool(name)).label
                label += f" of {whose[0].lower()}{whose[1:]}"
        said = provenance_of(holder, field_name)
        return label, bool(said and (said.source_lines or said.warnings))

    def _ltv_table_of(self, name: str) -> str:
        """ "the LTV table", named by its pool where the deal has several ("pool II's LTV table")."""
        pool = self.pool(name)
        if len(self.pools) < 2 or pool is None:
            return "the LTV table"
        if pool.is_whole_deal:
            return "the whole deal's LTV table"
        return f"{pool.label[:1].lower()}{pool.label[1:]}'s LTV table"

    @property
    def not_run_reason(self) -> str | None:
        """How many checks could not run and for want of which figures ("9 could not run: the aggregate
        balance could not be read"); None when every check the filing calls for ran. The one place that
        says it: every format prints it beside the pass count, never a plain "all passed"."""
        return f"{len(self.not_run)} could not run: {self._not_run_why()}" if self.not_run else None

    def _not_run_why(self) -> str:
        needed = dict.fromkeys(key for n in self.not_run for key in n.needs)
        no_total = [_the_table(*table) for key in needed if (table := _unread_table(key, _NO_TOTAL_LINE))]
        cut = [key.split(":", 2)[1:] for key in needed if key.startswith(f"{_BUCKETS_CUT_OTHERWISE}:")]
        named = [
            self._needed(key)
            for key in needed
            if not _unread_table(key, _NO_TOTAL_LINE) and not key.startswith(f"{_BUCKETS_CUT_OTHERWISE}:")
        ]
        unstated = [label for label, unread in named if not unread]
        unread = [label for label, unread in named if unread]
        why = [f"the filing gives no Total line for {_and(no_total)}"] if no_total else []
        by_pool: dict[str, list[str]] = {}
        for pool, what in cut:
            by_pool.setdefault(pool, []).append(what)
        why += [f"{self._ltv_table_of(pool)}'s rows do not make up {', nor '.join(w)}" for pool, w in by_pool.items()]
        if unstated:
            why.append(f"{_and(unstated)} {'is' if len(unstated) == 1 else 'are'} not stated")
        if unread:
            why.append(f"{_and(unread)} could not be read")
        return ", and ".join(why)

    @property
    def checks_sentence(self) -> str:
        """The pass count as every format prints it: "44 of 46 reconciliation checks passed; 2 failed",
        with how many could not run and why beside it; "Not verifiable: ..." when none ran."""
        if not self.checks:
            return f"Not verifiable: {self.verdict_reason.removeprefix('not verifiable: ')}"
        failed = sum(not c.passed for c in self.checks)
        said = [f"{len(self.checks) - failed} of {len(self.checks)} reconciliation checks passed"]
        if failed:
            said.append(f"{failed} failed")
        if self.not_run:
            said.append(self.not_run_reason)
        return "; ".join(said)

    @property
    def all_checks_passed(self) -> bool:
        """Every check the filing calls for ran and passed: the only deal a report may call "all passed"."""
        return self.verdict is Verdict.RECONCILED and not self.not_run

    @property
    def verdict_reason(self) -> str:
        """The verdict in one sentence, saying why when nothing could be checked, and which checks could not run."""
        failed = sum(not c.passed for c in self.checks)
        not_run = f"; {self.not_run_reason}" if self.not_run else ""
        if failed:
            return f"{failed} of {len(self.checks)} reconciliation checks failed{not_run}"
        if self.checks:
            if not_run:
                return f"{len(self.checks)} of {len(self.checks)} reconciliation checks passed{not_run}"
            return f"all {len(self.checks)} reconciliation checks passed"
        if not self.pools and self.unread_exhibit:
            why = f"the pool description is in {self.unread_exhibit}, which is not read"
        elif not self.pools:
            why = "the filing states no pool figures to reconcile"
        elif self.not_run:
            many = len(self.not_run)
            calls = f"the {many} checks it calls for" if many > 1 else "the check it calls for"
            why = f"{calls} could not run: {self._not_run_why()}"
        else:
            why = "the filing states no two figures that must agree (no tables, pools, classes or rate groups)"
        cut = "; its text is cut off before the signature block" if self.truncated else ""
        return f"not verifiable: {why}{cut}"

    @property
    def checks_passed(self) -> bool:
        """True only when at least one check ran, none failed and none the filing calls for was left
        unrun for want of a figure: nothing checked is not a pass, nor is a part of it."""
        return self.all_checks_passed
