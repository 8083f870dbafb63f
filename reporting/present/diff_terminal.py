"""The readable terminal diff printed by `termsheet diff`: key changes first."""

from __future__ import annotations

from reporting.model.diff import DealDiff, DealSide, MetricChange
from reporting.present import formatting as fmt
from reporting.present.terminal import grid

# The figures an analyst reads first, in the order of the desk's checklist.
HEADLINE_METRICS = ("aggregate_balance", "loan_count", "wac", "wam_months", "wa_ltv", "share_above_80_ltv")


def _pool_words(side: DealSide) -> str:
    return "all loans" if side.pool == "all" else f"pool {side.pool}"


def _describe(side: DealSide) -> str:
    kind = side.kind.replace("_", " ") if side.kind else "unknown kind"
    return f"{side.name} ({kind}, cut-off {fmt.iso_date(side.cut_off_date)}), {_pool_words(side)}"


def _columns(diff: DealDiff) -> tuple[str, str]:
    """Column heads that tell the two sides apart: the deal, its pool, and old/new if still equal."""
    old, new = (
        side.name if side.pool == "all" else f"{side.name} {_pool_words(side)}" for side in (diff.old, diff.new)
    )
    return (f"{old} (old)", f"{new} (new)") if old == new else (old, new)


def _row(metric: MetricChange) -> list[str]:
    if metric.unit in ("share", "percent"):  # the change between the shares as printed, as the sentences say
        change = fmt.points_between(metric.old, metric.new)  # type: ignore[arg-type]
    else:
        change = fmt.change_by_unit(metric.change, metric.unit)
    relative = fmt.relative(metric.relative) if metric.relative is not None else fmt.MISSING
    flag = " *" if metric.unreconciled else ""
    return [
        metric.label + flag,
        fmt.figure(metric.old, metric.unit, metric.bound),
        fmt.figure(metric.new, metric.unit, metric.bound),
        change,
        relative,
    ]


def diff_summary(diff: DealDiff) -> str:
    out = [f"{_describe(diff.old)}  ->  {_describe(diff.new)}", ""]
    out.append("Data quality")
    for role, side in (("old", diff.old), ("new", diff.new)):
        out.append(f"  {role}  {side.name}: {side.quality.verdict}")
    out.append("")
    for caution in diff.cautions:
        out.append(f"Caution: {caution}")
    if diff.cautions:
        out.append("")

    if diff.key_changes:
        out.append(f"Key changes, largest first (thresholds: {diff.thresholds.describe()})")
        out += [f"  {n:>2}. {k.sentence}" for n, k in enumerate(diff.key_changes, 1)]
    else:
        out.append(f"{diff.headline} (thresholds: {diff.thresholds.describe()})")
    out.append("")

    by_key = {m.key: m for m in diff.metrics}
    shown = [by_key[k] for k in HEADLINE_METRICS if k in by_key] + [diff.geography.california, diff.geography.top5]
    rows = [_row(m) for m in shown if m.old is not None or m.new is not None]  # a figure neither deal states
    out += grid(["Metric", *_columns(diff), "Change", "Relative"], rows)
    if any(m.unreconciled for m in (*diff.metrics, diff.geography.california, diff.geography.top5)):
        out.append("  * a figure that did not reconcile in its filing")

    geography = diff.geography
    if geography.entering_top10 or geography.leaving_top10:
        entered = ", ".join(geography.entering_top10) or "none"
        left = ", ".join(geography.leaving_top10) or "none"
        out.append(f"Top 10 states: entered {entered}; left {left}")

    if diff.notes:
        out.append("")
        out += [f"Note: {note}" for note in diff.notes]
    return "\n".join(out)
