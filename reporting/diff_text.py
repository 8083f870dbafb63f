"""The readable terminal diff printed by `termsheet diff`: key changes first."""

from __future__ import annotations

from reporting import formatting as fmt
from reporting.diff_model import DealDiff, DealSide, MetricChange
from reporting.summary_text import grid

# The figures an analyst reads first, in the order of the desk's checklist.
HEADLINE_METRICS = ("aggregate_balance", "loan_count", "wac", "wam_months", "wa_ltv", "share_above_80_ltv")


def _describe(side: DealSide) -> str:
    kind = side.kind.replace("_", " ") if side.kind else "unknown kind"
    return f"{side.name} ({kind}, cut-off {fmt.iso_date(side.cut_off_date)}), {side.pool_label.lower()}"


def _row(metric: MetricChange) -> list[str]:
    change = fmt.change_by_unit(metric.change, metric.unit)
    relative = fmt.relative(metric.relative) if metric.relative is not None else fmt.MISSING
    flag = " *" if metric.unreconciled else ""
    return [
        metric.label + flag,
        fmt.by_unit(metric.old, metric.unit),
        fmt.by_unit(metric.new, metric.unit),
        change,
        relative,
    ]


def diff_summary(diff: DealDiff) -> str:
    out = [f"{_describe(diff.old)}  ->  {_describe(diff.new)}", ""]
    out.append("Data quality")
    for side in (diff.old, diff.new):
        out.append(f"  {side.name}: {side.quality.verdict}")
    out.append("")

    if diff.key_changes:
        out.append(f"Key changes, largest first (thresholds: {diff.thresholds.describe()})")
        out += [f"  {n:>2}. {k.sentence}" for n, k in enumerate(diff.key_changes, 1)]
    else:
        out.append(f"{diff.headline} (thresholds: {diff.thresholds.describe()})")
    out.append("")

    by_key = {m.key: m for m in diff.metrics}
    rows = [_row(by_key[k]) for k in HEADLINE_METRICS if k in by_key]
    rows += [_row(diff.geography.california), _row(diff.geography.top5)]
    out += grid(["Metric", diff.old.name, diff.new.name, "Change", "Relative"], rows)
    if any(m.unreconciled for m in (*diff.metrics, diff.geography.california, diff.geography.top5)):
        out.append("  * a figure that did not reconcile in its filing")

    if diff.notes:
        out.append("")
        out += [f"Note: {note}" for note in diff.notes]
    return "\n".join(out)
