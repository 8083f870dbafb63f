"""The readable terminal summary printed by `termsheet parse`."""

from __future__ import annotations

from reporting.model.deal import Deal
from reporting.present import formatting as fmt

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
    out = [
        f"{deal.name} - {kind}",
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

    failed = [c for c in deal.checks if not c.passed]
    out.append(f"Checks: {len(deal.checks) - len(failed)} passed, {len(failed)} failed")
    for check in failed:
        out.append(f"  FAILED {check.name} ({check.subject}): expected {check.expected:,}, found {check.actual:,}")
    if deal.missing:
        out.append("Missing: " + ", ".join(deal.missing))
    for warning in deal.warnings:
        out.append(f"Note: {warning}")
    return "\n".join(out)
