"""The typed deal model: what a CMSI pool filing says, and nothing more.

Every field holds a fact as the filing states it (rates and shares in percent as
written, balances in dollars, terms in months). A fact the filing does not state
is None, never a guess. The model is plain frozen dataclasses so it can be
serialised (see ``jsonio``), compared, and shared between processes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from reporting.model.table_kinds import TableKind, classify_table

# The name of the pool that stands for the whole deal ("all mortgage loans").
WHOLE_DEAL = "all"


class FilingKind(StrEnum):
    COLLATERAL_TERM_SHEET = "collateral_term_sheet"
    DETAILED_DESCRIPTION = "detailed_description"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Bound(StrEnum):
    """How the filing bounds a share: the tool never turns a bound into a value."""

    AT_LEAST = "at_least"
    NO_MORE_THAN = "no_more_than"


@dataclass(frozen=True)
class UnderwritingShare:
    """One underwriting/documentation statement: "At least 94% of ... full documentation"."""

    policy: str  # short label derived from the wording, e.g. "Full documentation"
    bound: Bound
    percent: float
    wording: str  # the filing's own description of the policy, for footnotes


@dataclass(frozen=True)
class AdditionalCollateral:
    """Loans with pledged assets in place of a down payment, "taken as a group"."""

    loan_count: int | None = None
    balance: float | None = None
    wa_ltv_with_collateral: float | None = None
    wa_ltv_without_collateral: float | None = None


@dataclass(frozen=True)
class RateGroup:
    """The premium or the discount loans of one pool."""

    balance: float | None = None
    wac: float | None = None
    wam_months: float | None = None


@dataclass(frozen=True)
class PremiumDiscount:
    """Premium loans have net rates at or above the threshold, discount loans below it."""

    threshold_net_rate: float | None = None
    premium: RateGroup = field(default_factory=RateGroup)
    discount: RateGroup = field(default_factory=RateGroup)


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
    primary_residence_min_pct: float | None = None
    originated_not_before: date | None = None
    originated_not_after: date | None = None
    latest_maturity: date | None = None
    underwriting: tuple[UnderwritingShare, ...] = ()
    additional_collateral: AdditionalCollateral | None = None
    premium_discount: PremiumDiscount | None = None

    @property
    def is_whole_deal(self) -> bool:
        return self.name == WHOLE_DEAL

    @property
    def label(self) -> str:
        return "All loans" if self.is_whole_deal else f"Pool {self.name}"


@dataclass(frozen=True)
class TableRow:
    label: str
    count: int | None
    balance: float | None


@dataclass(frozen=True)
class TableTotal:
    count: int | None
    balance: float | None


@dataclass(frozen=True)
class StratTable:
    """A stratification table: buckets of one attribute with loan count and balance."""

    title: str
    pool: str
    label_header: str
    rows: tuple[TableRow, ...]
    total: TableTotal | None
    footnotes: tuple[str, ...] = ()

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


@dataclass(frozen=True)
class CertificateClass:
    name: str
    initial_balance: float | None = None
    subordination_level: float | None = None  # percent of the pool, as written


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

    @property
    def difference(self) -> float:
        return self.actual - self.expected


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
    missing: tuple[str, ...] = ()  # facts a complete filing of this kind states
    warnings: tuple[str, ...] = ()  # statements the parser read but could not resolve

    def pool(self, name: str) -> Pool | None:
        return next((p for p in self.pools if p.name == name), None)

    @property
    def whole_deal(self) -> Pool | None:
        return self.pool(WHOLE_DEAL)

    @property
    def name(self) -> str:
        return f"CMSI {self.series}" if self.series else "CMSI (series not stated)"

    @property
    def checks_passed(self) -> bool:
        return all(c.passed for c in self.checks)
