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

from collections.abc import Callable
from dataclasses import dataclass

from reporting.derive import geography
from reporting.model.deal import Bound, Deal, Pool
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
    subject: str | None = None  # its name in a sentence, where the label is long ("WA LTV")
    derived: bool = False  # computed by termsheet (an average, a share, a state figure), not stated by the filing

    def value(self, deal: Deal, pool: Pool) -> Value:
        return self.compute(deal, pool)

    def concerns(self, pool: str) -> tuple[str, ...]:
        """The check keys ("concerns") a failure of which marks this figure of ``pool``."""
        return tuple(f"pool:{pool}:{name}" for name in self.checked)

    @property
    def in_sentence(self) -> str:
        return self.subject or self.label


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
    return lambda deal, pool: getattr(pool, name)


def _average_balance(deal: Deal, p: Pool) -> float | None:
    return p.aggregate_balance / p.loan_count if p.aggregate_balance is not None and p.loan_count else None


def _seasoning(deal: Deal, p: Pool) -> float | None:
    if p.wa_original_term_months is None or p.wam_months is None:
        return None
    return round(p.wa_original_term_months - p.wam_months, 2)


def _of_balance(name: str) -> Callable[[Deal, Pool], Value]:
    return lambda deal, p: share(getattr(p, name), p.aggregate_balance)


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


def _collateral(attribute: str) -> Callable[[Deal, Pool], Value]:
    def compute(deal: Deal, p: Pool) -> Value:
        extra = p.additional_collateral
        if extra is None:
            return None
        return share(extra.balance, p.aggregate_balance) if attribute == "share" else getattr(extra, attribute)

    return compute


def _state_figure(figure: Callable[[tuple[geography.StateShare, ...]], float]) -> Callable[[Deal, Pool], Value]:
    def compute(deal: Deal, p: Pool) -> Value:
        table = geography.state_table(deal, p.name)
        if table is None or any(row.balance is None for row in table.rows):
            return None  # no state table, or a damaged row: the shares cannot be trusted
        return figure(geography.state_shares(table))

    return compute


# --- the catalogue ---------------------------------------------------------------------

M = PoolMetric
CATALOGUE: tuple[PoolMetric, ...] = (
    M("aggregate_balance", "Aggregate balance", Unit.DOLLARS, _field("aggregate_balance"), ("aggregate_balance",)),
    M("loan_count", "Loan count", Unit.COUNT, _field("loan_count"), ("loan_count",)),
    M("average_balance", "Average loan balance", Unit.DOLLARS, _average_balance, ("aggregate_balance", "loan_count"), derived=True),
    M("wac", "WAC", Unit.RATE, _field("wac"), ("wac",)),
    M("wam_months", "WAM", Unit.MONTHS, _field("wam_months"), ("wam_months",)),
    M("wa_original_term_months", "WA original term", Unit.MONTHS, _field("wa_original_term_months"), ("wa_original_term_months",)),
    M("seasoning_months", "Seasoning (WA original term - WAM)", Unit.MONTHS, _seasoning, ("wam_months", "wa_original_term_months"), subject="Seasoning", derived=True),
    M("wa_ltv", "WA LTV at origination", Unit.PERCENT, _field("wa_ltv"), ("wa_ltv",), subject="WA LTV"),
    M("max_ltv", "Maximum LTV at origination", Unit.PERCENT, _field("max_ltv"), bound=Bound.NO_MORE_THAN, subject="Maximum LTV"),
    M("balance_above_80_ltv", "Balance above 80% LTV", Unit.DOLLARS, _field("balance_above_80_ltv"), ("balance_above_80_ltv",)),
    M("share_above_80_ltv", "Loans above 80% LTV", Unit.SHARE, _of_balance("balance_above_80_ltv"), ("balance_above_80_ltv", "aggregate_balance"), subject="Loans above 80% LTV", derived=True),
    M("california_share", "California", Unit.SHARE, _state_figure(geography.california_share), by_state_table=True, derived=True),
    M("top5_states_share", f"Top {geography.TOP_STATES} states", Unit.SHARE, _state_figure(geography.top_share), by_state_table=True, derived=True),
    M("largest_zip_balance", "Largest zip code exposure", Unit.DOLLARS, _field("largest_zip_balance"), bound=Bound.NO_MORE_THAN),
    M("largest_zip_share", "Largest zip code share", Unit.SHARE, _of_balance("largest_zip_balance"), ("aggregate_balance",), bound=Bound.NO_MORE_THAN, derived=True),
    M("primary_residence_min_pct", "Primary residence", Unit.SHARE, _field("primary_residence_min_pct"), bound=Bound.AT_LEAST, subject="Primary residences"),
    M("original_balance_min", "Smallest original balance", Unit.DOLLARS, _field("original_balance_min")),
    M("original_balance_max", "Largest original balance", Unit.DOLLARS, _field("original_balance_max")),
    M("original_term_min_years", "Shortest original term", Unit.YEARS, _field("original_term_min_years")),
    M("original_term_max_years", "Longest original term", Unit.YEARS, _field("original_term_max_years")),
    M("originated_not_before", "Originated not before", Unit.DATE, _field("originated_not_before")),
    M("originated_not_after", "Originated not after", Unit.DATE, _field("originated_not_after")),
    M("latest_maturity", "Latest maturity", Unit.DATE, _field("latest_maturity")),
    M("premium_threshold_net_rate", "Premium/discount net-rate threshold", Unit.RATE, _premium("threshold")),
    M("premium_share", "Premium loans", Unit.SHARE, _premium("share", "premium"), ("premium_discount", "aggregate_balance"), derived=True),
    M("premium_wac", "Premium loans WAC", Unit.RATE, _premium("wac", "premium"), ("wac",)),
    M("discount_share", "Discount loans", Unit.SHARE, _premium("share", "discount"), ("premium_discount", "aggregate_balance"), derived=True),
    M("discount_wac", "Discount loans WAC", Unit.RATE, _premium("wac", "discount"), ("wac",)),
    M("additional_collateral_share", "Additional collateral loans", Unit.SHARE, _collateral("share"), ("aggregate_balance",), derived=True),
    M("additional_collateral_ltv_with", "Additional collateral WA LTV with collateral", Unit.PERCENT, _collateral("wa_ltv_with_collateral")),
    M("additional_collateral_ltv_without", "Additional collateral WA LTV without collateral", Unit.PERCENT, _collateral("wa_ltv_without_collateral")),
)  # fmt: skip
BY_KEY = {m.key: m for m in CATALOGUE}

# Figures stated by the whole deal, not by a pool; the diff compares them too.
CLEAN_UP_CALL = "clean_up_call_balance"
CLEAN_UP_CALL_LABEL = "Clean-up call balance"

# What the summary's key-metrics panel shows, in the desk's reading order.
KEY_METRICS = (
    "aggregate_balance", "loan_count", "average_balance", "wac", "wam_months", "wa_original_term_months",
    "seasoning_months", "wa_ltv", "share_above_80_ltv", "california_share", "top5_states_share",
    "largest_zip_balance", "largest_zip_share", "primary_residence_min_pct",
)  # fmt: skip
# What the filing states every loan meets: its eligibility and limits rows.
LIMITS: tuple[str | MetricRange, ...] = (
    MetricRange("original_balance", "Original balance", Unit.DOLLARS, "original_balance_min", "original_balance_max"),
    MetricRange("original_term", "Original term", Unit.YEARS, "original_term_min_years", "original_term_max_years"),
    "originated_not_before",
    "originated_not_after",
    "latest_maturity",
    "max_ltv",
    "balance_above_80_ltv",
)
# The figures an analyst reads first (the index, the terminal diff, the email's subject).
HEADLINE = ("aggregate_balance", "loan_count", "wac", "wam_months", "wa_ltv", "share_above_80_ltv")
# The state figures: the summary shows them with the key metrics, the diff in its geography.
STATE_FIGURES = ("california_share", "top5_states_share")
