"""The readable terminal summary printed by `termsheet parse`.

Beside the figures it says what the checks concluded (reconciled, not verifiable
and why, or failed, with the filing lines of both sides of each failure), that a
filing is an amendment, which whole-deal figures were derived rather than stated,
and every doubt the parser recorded.
"""

from __future__ import annotations

from datetime import date

from reporting import formatting as fmt
from reporting.model import Check, Deal, DerivedFigure, Verdict
from reporting.narrative import lines_text

_POOL_COLUMNS = (
    ("Balance", lambda p: fmt.dollars(p.aggregate_balance, cents=True)),
    ("Loans", lambda p: fmt.count(p.loan_count)),
    ("WAC", lambda p: fmt.rate(p.wac)),
    ("WAM", lambda p: fmt.months(p.wam_months)),
    ("Orig term", lambda p: fmt.months(p.wa_original_term_months)),
    ("WA LTV", lambda p: fmt.percent(p.wa_ltv, 1)),
)


def grid(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = lambda cells: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))  # noqa: E731
    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def deal_summary(deal: Deal) -> str:
    kind = deal.kind.label if deal.kind else "Unknown kind"
    amendment = f" - AMENDMENT ({deal.amendment_note})" if deal.amendment else ""
    out = [
        f"{deal.name} - {kind}{amendment}",
        f"Date of report {fmt.iso_date(deal.date_of_report)}, cut-off date {fmt.iso_date(deal.cut_off_date)}",
        f"Source {deal.source.path} ({deal.source.envelope}, {deal.source.encoding})",
    ]
    if deal.trustee or deal.paying_agent:
        out.append(f"Trustee {deal.trustee or fmt.MISSING}; paying agent {deal.paying_agent or fmt.MISSING}")
    out.append("")
    header = ["Pool", *(name for name, _ in _POOL_COLUMNS)]
    out += grid(header, [[p.label, *(get(p) for _, get in _POOL_COLUMNS)] for p in deal.pools])

    out.append("")
    out.append(f"Tables: {len(deal.tables)}")
    for table in deal.tables:
        out.append(f"  {table.title} (pool {table.pool}, {len(table.rows)} rows)")
    for matrix in deal.matrices:
        out.append(f"  {matrix.title} (percent matrix, {len(matrix.row_labels)} x {len(matrix.col_labels)})")
    if deal.classes:
        out.append(f"Classes: {len(deal.classes)}")
        for cls in deal.classes:
            level = fmt.percent(cls.subordination_level, 4) if cls.subordination_level is not None else ""
            out.append(f"  {cls.name:<6} {fmt.dollars(cls.initial_balance, cents=True):>18}  {level}")

    derived = [(pool, figure) for pool in deal.pools for figure in pool.derived]
    if derived:
        out.append("Derived, not stated by the filing:")
        out += [f"  {pool.label} {_derived(figure)}" for pool, figure in derived]

    failed = [c for c in deal.checks if not c.passed]
    out.append(f"Checks: {len(deal.checks) - len(failed)} passed, {len(failed)} failed")
    out.append(f"Verdict: {_verdict(deal)}")
    for check in failed:
        out.append(f"  FAILED {check.name} ({check.subject}): {_sides(check)}")
    if deal.missing:
        out.append("Missing: " + ", ".join(deal.missing))
    for warning in deal.warnings:
        out.append(f"Note: {warning}")
    return "\n".join(out)


def _verdict(deal: Deal) -> str:
    verdict = deal.verdict
    word = verdict.label if verdict is Verdict.RECONCILED else verdict.label.upper()
    reason = deal.verdict_reason.removeprefix("not verifiable: ")
    return f"{word} ({reason})"


def _sides(check: Check) -> str:
    """Both figures of a failed check, each with the filing lines it stands on."""
    expected = f"expected {check.expected:,}" + (
        f" ({lines_text(check.expected_lines)})" if check.expected_lines else ""
    )
    found = f"found {check.actual:,}" + (f" ({lines_text(check.actual_lines)})" if check.actual_lines else "")
    return f"{expected}, {found}"


def _derived(figure: DerivedFigure) -> str:
    value = figure.value
    if isinstance(value, date):
        shown = value.isoformat()
    else:
        shown = fmt.dollars(value) if "balance" in figure.field else f"{value:g}"
    return f"{figure.field} {shown} = {figure.derived_from}"
