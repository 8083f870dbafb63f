"""Parse: a filing's plain text -> the typed deal model.

The cover page gives issuer, series and date of report; the item text tells the
kind of filing; tables are found by layout (``tables``) and prose facts by their
wording (``narrative``). The deal comes back with the list of facts a complete
filing would state (``completeness``) and no checks: reconciling the figures is the
validate stage's work (``reporting.validate``).
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path

from reporting.errors import FilingError
from reporting.model.deal import (
    WHOLE_DEAL,
    AdditionalCollateral,
    Bound,
    CertificateClass,
    Deal,
    FilingKind,
    PercentMatrix,
    Pool,
    PremiumDiscount,
    RateGroup,
    Source,
    StratTable,
    TableRow,
    TableTotal,
    UnderwritingShare,
)
from reporting.read import narrative, tables
from reporting.read.completeness import missing_facts
from reporting.read.ingest import IngestedFiling, read_filing

ISSUER = "Citicorp Mortgage Securities, Inc."

_ISSUER = re.compile(r"citicorp\s+mortgage\s+securities", re.I)
_SERIES = re.compile(r"\bSeries,?\s+(\d{4}\s*-\s*[0-9A-Z]{1,4})\b", re.I)
_DATE_OF_REPORT = re.compile(rf"Date\s+of\s+Report\s*:?\s*(?:\(.*?\)\s*)?({narrative.DATE_PATTERN.pattern})", re.I)
_TERM_SHEET = re.compile(r"collateral\s+term\s+sheets?", re.I)
_DETAILED = re.compile(r"detailed\s+description\s+of\s+the\s+mortgage", re.I)
_NOT_POOL_DESCRIPTIONS = (
    (
        re.compile(
            r"servicing\s+report|monthly\s+(?:distribution|remittance)\s+report|statement\s+to\s+certificateholders",
            re.I,
        ),
        "a monthly servicing report, not a mortgage pool description",
    ),
    (re.compile(r"computational\s+materials", re.I), "Computational Materials, not a mortgage pool description"),
)
_CUT_OFF = re.compile(
    rf"{narrative._AGGREGATE_BALANCE}.{{0,250}}?as\s+of\s+({narrative.DATE_PATTERN.pattern})", re.I | re.S
)
_CUT_OFF_NAMED = re.compile(rf"cut-?\s?off\s+date\b.{{0,60}}?({narrative.DATE_PATTERN.pattern})", re.I | re.S)
# A name starts where a word starts and has at most 8 words: unbounded, a long run
# of capitalised words (or "A-A-A-...") made the trustee search quadratic.
_PROPER_NAME = r"(?<![\w.&'-])[A-Z][\w.&'-]*(?:\s+(?:of\s+|and\s+|&\s+)?[A-Z][\w.&'-]*){0,7}(?:,\s*(?:N\.A\.|Inc\.))?"
_TRUSTEE = re.compile(
    rf"to\s+the\s+Trustee,\s+(?P<name>{_PROPER_NAME})\s*,|(?P<name2>{_PROPER_NAME}),?\s+as\s+trustee\b"
)
_PAYING_AGENT = re.compile(rf"(?P<name>{_PROPER_NAME}),?\s+as\s+paying\s+agent\b")
_CLEAN_UP = re.compile(r"repurchase\b.{0,400}?less\s+than\s+\$\s*(\d[\d,]*(?:\.\d+)?)", re.I | re.S)
_SIGNATURES = re.compile(r"^\s*SIGNATURES?\s*$", re.M)


# A filing parses in well under a second (benchmarks/bench_parse.py); one that is
# still parsing after this long is hostile or broken, and is stopped, not left to
# hang a batch run. The patterns are linear (benchmarks/bench_regex.py): this is a backstop.
MAX_PARSE_SECONDS = 10.0


def parse_file(path: str | Path, time_limit: float | None = None) -> Deal:
    """Read and parse a filing; FilingError if it cannot be, or takes over ``time_limit`` seconds."""
    filing = read_filing(path)
    with _stop_after(time_limit or MAX_PARSE_SECONDS, filing.path):
        return parse_filing(filing)


@contextmanager
def _stop_after(seconds: float, path: str) -> Iterator[None]:
    """Raise FilingError in the parse once ``seconds`` of wall-clock time have passed.

    Uses a SIGALRM timer, which interrupts even a running regular expression. Where
    there is none (Windows) or it cannot be set (outside the main thread), the parse
    runs unbounded: the timer is a backstop, not what keeps parsing fast.
    """
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise FilingError(path, f"took longer than {seconds:g} seconds to parse and was stopped")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def parse_filing(filing: IngestedFiling) -> Deal:
    text = filing.text
    if not _ISSUER.search(text):
        raise FilingError(filing.path, "not a Citicorp Mortgage Securities (CMSI) filing")
    kind = _filing_kind(filing.path, text)

    lines = text.split("\n")
    raw_tables = tables.find_tables(lines)
    prose = narrative.prose_text(_lines_outside(lines, raw_tables))
    facts = narrative.extract_prose_facts(prose)

    strat_tables, matrices = _convert_tables(raw_tables)
    pools = _build_pools(facts, strat_tables, matrices)
    deal = Deal(
        issuer=ISSUER,
        series=series_of(text),
        kind=kind,
        date_of_report=_first_date(_DATE_OF_REPORT, text),
        cut_off_date=_first_date(_CUT_OFF, prose) or _first_date(_CUT_OFF_NAMED, prose),
        source=Source(filing.path, filing.sha256, filing.envelope, filing.encoding),
        trustee=_name(_TRUSTEE, prose),
        paying_agent=_name(_PAYING_AGENT, prose),
        clean_up_call_balance=_clean_up_call(prose),
        pools=pools,
        tables=strat_tables,
        matrices=matrices,
        classes=_build_classes(facts),
        warnings=tuple(facts.warnings),
    )
    return replace(deal, missing=missing_facts(deal, truncated=not _SIGNATURES.search(text)))


# --- cover and kind ------------------------------------------------------------------


def _filing_kind(path: str, text: str) -> FilingKind:
    """The kind whose marker comes first; an 8-K that is first something else is refused.

    A detailed description may mention the earlier collateral term sheets, and an
    exhibit of Computational Materials may call itself a term sheet too, so the
    order of the markers decides, not their presence.
    """
    kinds = [
        (m.start(), kind)
        for kind, pattern in (
            (FilingKind.COLLATERAL_TERM_SHEET, _TERM_SHEET),
            (FilingKind.DETAILED_DESCRIPTION, _DETAILED),
        )
        if (m := pattern.search(text))
    ]
    others = [(m.start(), reason) for pattern, reason in _NOT_POOL_DESCRIPTIONS if (m := pattern.search(text))]
    first_kind = min(kinds, default=None)
    first_other = min(others, default=None)
    if first_other and (first_kind is None or first_other[0] < first_kind[0]):
        raise FilingError(path, first_other[1])
    if first_kind is None:
        raise FilingError(
            path, "not a mortgage pool description (no collateral term sheet or detailed description found)"
        )
    return first_kind[1]


def series_of(text: str) -> str | None:
    """The series as written on the cover ("2004-3"), upper-cased, spaces removed."""
    match = _SERIES.search(text)
    return re.sub(r"\s+", "", match.group(1)).upper() if match else None


def _first_date(pattern: re.Pattern[str], text: str) -> date | None:
    match = pattern.search(text)
    return narrative.parse_date(match.group(1)) if match else None


def _name(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    if not match:
        return None
    name = next(g for g in match.groups() if g)
    return re.sub(r"\s+", " ", name).strip(" ,")


def _clean_up_call(text: str) -> float | None:
    match = _CLEAN_UP.search(text)
    return float(match.group(1).replace(",", "")) if match else None


def _lines_outside(lines: list[str], raw_tables: list[tables.RawTable]) -> list[str]:
    inside = {i for t in raw_tables for i in range(t.first_line, t.last_line + 1)}
    return [line for i, line in enumerate(lines) if i not in inside]


# --- tables --------------------------------------------------------------------------

_COUNT_HEADER = re.compile(r"\bnumber\b|\bloans\b|\bcount\b", re.I)
_BALANCE_HEADER = re.compile(r"balance|principal|amount", re.I)
# Columns that are neither a loan count nor a dollar balance: a percent of the pool,
# or an average ("Average Principal Balance" is a loan size, not the bucket's balance).
_OTHER_HEADER = re.compile(r"percent|%|average|weighted|rate|term|ratio|score", re.I)
_AGGREGATE_HEADER = re.compile(r"aggregate|outstanding|total", re.I)
_TOTAL_COLUMN = re.compile(r"\ball\b|\btotal\b", re.I)


def _to_number(token: str) -> float:
    return float(re.sub(r"[$,%()\s]", "", token))


def _is_plausible(token: str) -> bool:
    """False for a damaged figure (a run of digits no filing states, "inf" as a float)."""
    return _to_number(token) < narrative.MAX_FIGURE


def _convert_tables(raw_tables: list[tables.RawTable]) -> tuple[tuple[StratTable, ...], tuple[PercentMatrix, ...]]:
    strats: list[StratTable] = []
    matrices: list[PercentMatrix] = []
    for raw in raw_tables:
        pool = raw.pool_hint or WHOLE_DEAL
        if all(t.endswith("%") for t in raw.total) and len(raw.total) >= 2:
            figures = [*raw.total, *(v for row in raw.rows for v in row.values)]
            if all(_is_plausible(v) for v in figures):  # a damaged matrix is left out, not misread
                matrices.append(_to_matrix(raw, pool))  # every figure a percent of the pool
            continue
        count_col, balance_col = _count_and_balance_columns(raw)
        if count_col is None and balance_col is None:
            continue  # neither loans nor dollars: not a stratification table
        strats.append(
            StratTable(
                title=raw.title,
                pool=pool,
                label_header=raw.label_header,
                rows=tuple(
                    TableRow(row.label, _cell(row.values, count_col, int), _cell(row.values, balance_col, float))
                    for row in raw.rows
                ),
                total=TableTotal(_cell(raw.total, count_col, int), _cell(raw.total, balance_col, float)),
                footnotes=tuple(raw.footnotes),
            )
        )
    return tuple(strats), tuple(matrices)


def _cell(values: list[str], column: int | None, kind: type) -> int | float | None:
    if column is None or column >= len(values) or not _is_plausible(values[column]):
        return None  # a damaged figure is shown as missing, never as a number
    return kind(_to_number(values[column]))


def _count_and_balance_columns(raw: tables.RawTable) -> tuple[int | None, int | None]:
    """Which value column holds the loan count and which the balance, from the headers."""
    headers = raw.column_headers
    plain = [i for i, h in enumerate(headers) if not _OTHER_HEADER.search(h)]
    balances = [i for i in plain if _BALANCE_HEADER.search(headers[i])]
    balance_col = next((i for i in balances if _AGGREGATE_HEADER.search(headers[i])), balances[0] if balances else None)
    count_col = next((i for i in plain if i != balance_col and _COUNT_HEADER.search(headers[i])), None)
    if count_col is None and balance_col is None and len(raw.total) == 2 and not any("%" in t for t in raw.total):
        # No usable header: the usual layout is loans, then balance.
        count_col, balance_col = 0, 1
    if count_col is not None and any("." in row.values[count_col] for row in raw.rows if count_col < len(row.values)):
        count_col = None  # a column with decimals is not a loan count
    return count_col, balance_col


def _to_matrix(raw: tables.RawTable, pool: str) -> PercentMatrix:
    values = [[_to_number(v) for v in row.values] for row in raw.rows]
    total = [_to_number(v) for v in raw.total]
    headers = raw.column_headers
    has_total_column = bool(headers) and bool(_TOTAL_COLUMN.search(headers[-1]))
    cut = -1 if has_total_column else len(total)
    return PercentMatrix(
        title=raw.title,
        pool=pool,
        row_header=raw.label_header,
        col_header=raw.super_header[1] if len(raw.super_header) > 1 else "",
        row_labels=tuple(row.label for row in raw.rows),
        col_labels=tuple(headers[:cut] if has_total_column else headers),
        cells=tuple(tuple(row[:cut]) for row in values),
        row_totals=tuple(row[-1] for row in values) if has_total_column else None,
        col_totals=tuple(total[:cut]),
        grand_total=total[-1] if has_total_column else None,
    )


# --- pools and classes ------------------------------------------------------------------

_POOL_FIELDS = {
    "aggregate_balance", "loan_count", "wac", "wam_months", "wa_original_term_months", "wa_ltv",
    "original_balance_min", "original_balance_max", "original_term_min_years", "original_term_max_years",
    "balance_above_80_ltv", "largest_zip_balance", "primary_residence_min_pct",
    "originated_not_before", "originated_not_after", "latest_maturity",
}  # fmt: skip


def _pool_names(
    facts: narrative.ProseFacts, strats: tuple[StratTable, ...], matrices: tuple[PercentMatrix, ...]
) -> list[str]:
    names = [n for n in facts.pool_order if n != WHOLE_DEAL]
    names += [t.pool for t in (*strats, *matrices) if t.pool not in names and t.pool != WHOLE_DEAL]
    # The whole deal always comes last; a one-pool deal has only it. A truncated
    # filing that states nothing about its loans has no pool at all.
    if names or facts.pool_facts.get(WHOLE_DEAL) or facts.underwriting or facts.group_facts or strats:
        return [*names, WHOLE_DEAL]
    return []


def _build_pools(
    facts: narrative.ProseFacts, strats: tuple[StratTable, ...], matrices: tuple[PercentMatrix, ...]
) -> tuple[Pool, ...]:
    shared = facts.pool_facts.get("*", {})
    pools = []
    for name in _pool_names(facts, strats, matrices):
        stated = {k: v for k, v in facts.pool_facts.get(name, {}).items() if k in _POOL_FIELDS}
        pools.append(
            Pool(
                name=name,
                description=facts.descriptions.get(name),
                max_ltv=shared.get("max_ltv"),
                underwriting=tuple(
                    UnderwritingShare(label, Bound(bound), pct, wording)
                    for label, bound, pct, wording in facts.underwriting.get(name, [])
                ),
                additional_collateral=_additional_collateral(facts.additional_collateral.get(name)),
                premium_discount=_premium_discount(facts, name),
                **stated,
            )
        )
    return tuple(pools)


def _additional_collateral(stated: dict[str, float] | None) -> AdditionalCollateral | None:
    if not stated:
        return None
    count = stated.get("loan_count")
    return AdditionalCollateral(
        loan_count=int(count) if count is not None else None,
        balance=stated.get("balance"),
        wa_ltv_with_collateral=stated.get("wa_ltv_with_collateral"),
        wa_ltv_without_collateral=stated.get("wa_ltv_without_collateral"),
    )


def _premium_discount(facts: narrative.ProseFacts, pool: str) -> PremiumDiscount | None:
    premium = facts.group_facts.get((pool, "premium"))
    discount = facts.group_facts.get((pool, "discount"))
    threshold = facts.thresholds.get(pool)
    if not (premium or discount or threshold is not None):
        return None
    return PremiumDiscount(
        threshold_net_rate=threshold,
        premium=RateGroup(**(premium or {})),
        discount=RateGroup(**(discount or {})),
    )


def _build_classes(facts: narrative.ProseFacts) -> tuple[CertificateClass, ...]:
    return tuple(
        CertificateClass(name, stated.get("initial_balance"), stated.get("subordination_level"))
        for name, stated in facts.class_facts.items()
    )
