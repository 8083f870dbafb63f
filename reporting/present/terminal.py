"""What the terminal shows: the deal `termsheet parse` prints, the diff `termsheet diff` prints,
and the shelf history's verdict `termsheet shelf` prints.

Beside a deal's figures it says what the checks concluded (reconciled, not verifiable
and why, or failed, with the filing lines of both sides of each failure), that a
filing is an amendment, which whole-deal figures were derived rather than stated,
and every doubt the parser recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from reporting import formatting as fmt
from reporting.derive import metrics
from reporting.derive.buckets import table_buckets
from reporting.derive.stated_facts import investment_facts, loss_limit_facts
from reporting.derive.terms_diff import is_deal_term
from reporting.derive.wording import subject_heading
from reporting.model import check_kinds
from reporting.model.deal import (
    CertificateClass,
    Check,
    Deal,
    DerivedFigure,
    PercentMatrix,
    Pool,
    StratTable,
    Verdict,
    of_the_total_line,
    written_with_cents,
)
from reporting.model.diff import DealDiff, DealSide, MetricChange, Side
from reporting.model.shelf import ShelfReport
from reporting.model.units import Unit

# The pool figures `termsheet parse` prints, with the catalogue's labels; balances to the cent,
# as the filing states them, so a reader can check the parse against the text.
POOL_COLUMNS = ("aggregate_balance", "loan_count", "wac", "wam_months", "wa_original_term_months", "wa_ltv")


def _pool_figure(deal: Deal, pool, key: str) -> str:
    spec = metrics.BY_KEY[key]
    value, within = spec.value(deal, pool), spec.within(pool)
    if spec.unit is Unit.DOLLARS and within is None:
        return fmt.dollars(value, cents=written_with_cents(pool, key))
    return fmt.figure(value, spec.unit, spec.bound, within)  # an approximate figure as stated: "approx. 358 mo"


def grid(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = lambda cells: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))  # noqa: E731
    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]


# A class's figures the parser may doubt, as the terminal names them
_CLASS_FIGURES = (("initial balance", "initial_balance"), ("subordination level", "subordination_level"))


def _class_line(cls: CertificateClass) -> list[str]:
    """A principal class's line, a figure the parser doubted marked "(doubt)" as in the diff, and why under it
    as the cut-off date's doubts are."""
    doubts = {field: metrics.stated_note(cls, field).doubts for _, field in _CLASS_FIGURES}
    mark = lambda field: " (doubt)" if doubts[field] else ""  # noqa: E731
    within = metrics.stated_note(cls, "initial_balance").within
    balance = fmt.amount(cls.initial_balance, written_with_cents(cls, "initial_balance"), within)
    level = fmt.subordination(cls.subordination_level) if cls.subordination_level is not None else ""
    line = f"  {cls.name:<6} {balance + mark('initial_balance'):>18}  {level}{mark('subordination_level') if level else ''}"
    return [line, *(f"  doubt: class {cls.name} {what}: {w}" for what, field in _CLASS_FIGURES for w in doubts[field])]


def deal_summary(deal: Deal) -> str:
    kind = deal.kind.label if deal.kind else "Unknown kind"
    amendment = f" - AMENDMENT ({deal.amendment_note})" if deal.amendment else ""
    out = [
        f"{deal.name} - {kind}{amendment}",
        *([f"{deal.preliminary_note}."] if deal.preliminary_note else []),
        f"Date of report {fmt.iso_date(deal.date_of_report)}, cut-off date {fmt.iso_date(deal.cut_off_date)}",
        *(f"  doubt: {w}" for p in deal.provenance if p.field == "cut_off_date" for w in p.warnings),
        f"Source {deal.source.path} ({deal.source.envelope}, {deal.source.encoding})",
    ]
    if deal.trustee or deal.paying_agent:
        out.append(f"Trustee {deal.trustee or fmt.MISSING}; paying agent {deal.paying_agent or fmt.MISSING}")
    # as every report writes them: "None" where the filing says there is no limit, "in the filing but not read"
    if limits := loss_limit_facts(deal):
        out.append("; ".join(f"{fact.label} {fact.written}" for fact in limits))
    if shares := investment_facts(deal, deal.pools):
        out.append("Investment properties: " + "; ".join(f"{fact.label} {fact.written}" for fact in shares))
    out.append("")
    header = ["Pool", *(metrics.BY_KEY[key].label for key in POOL_COLUMNS)]
    out += grid(header, [[p.label, *(_pool_figure(deal, p, key) for key in POOL_COLUMNS)] for p in deal.pools])

    out.append("")
    out.append(f"Stratification tables: {len(deal.tables)} (show one with --table TEXT or --table N)")
    for number, table in enumerate(deal.tables, 1):
        out.append(f"  {number:>2}. {table.title} ({_pool_label(table.pool)}, {len(table.rows)} rows)")
    if deal.matrices:
        out.append(f"Percent matrices: {len(deal.matrices)}")
        for number, matrix in enumerate(deal.matrices, len(deal.tables) + 1):
            size = f"{len(matrix.row_labels)} x {len(matrix.col_labels)}"
            out.append(f"  {number:>2}. {matrix.title} ({_pool_label(matrix.pool)}, {size})")
    if deal.classes:
        out.append(f"Classes: {len(deal.classes)}")
        for cls in deal.classes:
            if cls.is_notional:  # an interest-only class: its notional balance, marked so, never principal
                out.append(f"  {cls.name:<6} {fmt.notional(cls.notional_balance):>27}  (interest only, not principal)")
                continue
            out += _class_line(cls)

    derived = [(pool, figure) for pool in deal.pools for figure in pool.derived]
    if derived:
        out.append("Derived, not stated by the filing:")
        out += [f"  {pool.label} {_derived(figure)}" for pool, figure in derived]

    failed = [c for c in deal.checks if not c.passed]
    out.append(f"Checks: {len(deal.checks) - len(failed)} passed, {len(failed)} failed")
    out += [f"  {line}" for line in _passed_by_subject(deal.checks)]
    out.append(f"Verdict: {_verdict(deal)}")
    for check in failed:
        out.append(f"  FAILED {check.name} ({check.subject}): {_sides(check)}")
    out += [phrase[:1].upper() + phrase[1:] for phrase in metrics.missing_phrases(deal)]
    for warning in deal.warnings:
        out.append(f"Note: {metrics.in_words(warning)}")
    return "\n".join(out)


def _passed_by_subject(checks: tuple[Check, ...]) -> list[str]:
    """A line per subject of what its passed checks compared, as the reports' data quality says it: "Filing dates:
    1 passed (the cut-off date against the date of report)"."""
    lines = []
    for subject in dict.fromkeys(c.subject for c in checks if c.passed):
        passed = [c for c in checks if c.subject == subject and c.passed]
        compared = "; ".join(check_kinds.what_they_compare((c.kind, c.of) for c in passed))
        lines.append(f"{subject_heading(subject)}: {len(passed)} passed" + (f" ({compared})" if compared else ""))
    return lines


def _verdict(deal: Deal) -> str:
    verdict = deal.verdict
    word = verdict.label if verdict is Verdict.RECONCILED else verdict.label.upper()
    reason = deal.verdict_reason.removeprefix("not verifiable: ")
    return f"{word} ({reason})"


def _sides(check: Check) -> str:
    """Both figures of a failed check, each with the filing lines it stands on."""
    expected = f"expected {fmt.check_stated(check)}" + (
        f" ({fmt.lines_text(check.expected_lines)})" if check.expected_lines else ""
    )
    found = f"found {fmt.check_found(check)}" + (
        f" ({fmt.lines_text(check.actual_lines)})" if check.actual_lines else ""
    )
    return f"{expected}, {found}"


def _derived(figure: DerivedFigure) -> str:
    value = figure.value
    if isinstance(value, date):
        shown = value.isoformat()
    else:
        shown = fmt.dollars(value) if "balance" in figure.field else f"{value:g}"
    return f"{figure.field} {shown} = {figure.derived_from}"


def _pool_label(name: str) -> str:
    return Pool(name).label


def tables_matching(deal: Deal, wanted: str) -> list[StratTable | PercentMatrix]:
    """The tables and matrices a user names: by number as `parse` lists them, or by a piece of the title."""
    everything: list[StratTable | PercentMatrix] = [*deal.tables, *deal.matrices]
    if wanted.strip().isdigit():
        number = int(wanted)
        return [everything[number - 1]] if 0 < number <= len(everything) else []
    words = " ".join(wanted.lower().split())
    return [t for t in everything if words in " ".join(t.title.lower().split())]


def table_text(table: StratTable | PercentMatrix) -> str:
    """A table's rows as the filing states them, with each row's share of the table's balance."""
    lines = [f"{table.title} ({_pool_label(table.pool)})"]
    if isinstance(table, PercentMatrix):
        header = [table.row_header or "", *table.col_labels, *(["Total"] if table.row_totals else [])]
        width, height = len(table.col_labels), len(table.row_labels)

        def share(value: float | None, r: int, c: int) -> str:
            return fmt.share_cell(value, table.bound_at(r, c))

        rows = [
            [
                label,
                *(share(v, r, c) for c, v in enumerate(cells)),
                *([share(table.row_totals[r], r, width)] if table.row_totals else []),
            ]
            for r, (label, cells) in enumerate(zip(table.row_labels, table.cells))
        ]
        if table.col_totals:
            grand = [share(table.grand_total, height, width)] if table.row_totals else []
            rows.append(["Total", *(share(v, height, c) for c, v in enumerate(table.col_totals)), *grand])
        meaning = [fmt.marks_meaning(table.under_bound, table.bound_note)] if table.marked else []
        return "\n".join(lines + grid(header, rows) + meaning + [f"  {note}" for note in table.footnotes])
    header = [table.label_header or "Bucket", "Loans", "Balance", "% of balance"]
    rows = [[b.label, fmt.count(b.count), fmt.dollars(b.balance), fmt.percent(b.share)] for b in table_buckets(table)]
    if table.total is not None:
        rows.append(["Total", fmt.count(table.total.count), fmt.dollars(table.total.balance), ""])
    out = lines + grid(header, rows)
    out += [f"  {note}" for note in table.footnotes]
    # What the parser doubts, as every report says it beside the table and its rows (a figure the filing corrects)
    out += [f"  doubt: {doubt}" for doubt in table.warnings]
    out += [f"  doubt: row {row.label!r}: {doubt}" for row in table.rows for doubt in row.warnings]
    out += [f"  doubt: {of_the_total_line(doubt)}" for doubt in (table.total.warnings if table.total else ())]
    return "\n".join(out)


# --- the deal diff, key changes first ------------------------------------------------------


def _pool_words(side: DealSide) -> str:
    return "all loans" if side.pool == "all" else f"pool {side.pool}"


def _describe(side: DealSide, written_date: Callable[[date | None], str] = fmt.iso_date) -> str:
    kind = side.kind.replace("_", " ") if side.kind else "unknown kind"
    return f"{side.name} ({kind}, cut-off {written_date(side.cut_off_date)}), {_pool_words(side)}"


def _columns(diff: DealDiff) -> tuple[str, str]:
    """Column heads that tell the two sides apart: the deal, its pool, and old/new if still equal."""
    old, new = (
        side.name if side.pool == "all" else f"{side.name} {_pool_words(side)}" for side in (diff.old, diff.new)
    )
    return (f"{old} (old)", f"{new} (new)") if old == new else (old, new)


def _row(metric: MetricChange) -> list[str]:
    # The change between the figures as known, rounded once, as the reports and the sentences give it.
    change = fmt.change_between(metric.old, metric.new, metric.unit, metric.bound, metric.withins, metric.change_places)
    moved = fmt.relative_between(metric.old, metric.new, metric.unit, metric.bound, metric.withins)
    relative = fmt.relative(moved) if moved is not None else fmt.MISSING
    if metric.in_place_of_change:  # two figures of unlike things, or a limit set or dropped: words, never a change
        change, relative = metric.in_place_of_change, fmt.MISSING
    flag = " *" if metric.unreconciled else ""
    said = {
        side: (f" {fmt.DERIVED_MARK}" if side in metric.derived else "")
        + (" (pools only)" if side in metric.by_pools else "")
        + (" (not read)" if side in metric.not_read else " (doubt)" if side in metric.doubted else "")
        for side in ("old", "new")
    }
    return [
        metric.label + flag,
        fmt.side_figure(metric, "old") + said["old"],
        fmt.side_figure(metric, "new") + said["new"],
        change,
        relative,
    ]


def diff_summary(diff: DealDiff, for_reader: bool = False) -> str:
    """The diff in the terminal: dates as ISO dates and the thresholds as ``--threshold`` takes them ("wac 10bp").
    ``for_reader`` (the email's text part, read by someone who did not type the command) writes them as every
    report does: "May 1, 2004" and "WAC 10 bp"."""
    written_date = fmt.long_date if for_reader else fmt.iso_date
    thresholds = diff.thresholds.in_words() if for_reader else diff.thresholds.describe()
    out = [f"{_describe(diff.old, written_date)}  ->  {_describe(diff.new, written_date)}", ""]
    out.append("Data quality")
    for role, side in (("old", diff.old), ("new", diff.new)):
        out.append(f"  {role}  {side.name}: {fmt.sentence_end(side.quality.verdict)}")
    out.append("")
    for caution in diff.cautions:
        out.append(f"Caution: {caution}")
    if diff.cautions:
        out.append("")

    if diff.key_changes:
        out.append(f"Key changes, largest first (thresholds: {thresholds})")
        out += [f"  {n:>2}. {k.sentence}" for n, k in enumerate(diff.key_changes, 1)]
    else:
        out.append(f"{diff.headline} (thresholds: {thresholds})")
    out.append("")

    by_key = {m.key: m for m in diff.metrics}
    shown = [by_key[k] for k in metrics.HEADLINE if k in by_key] + [diff.geography.california, diff.geography.top5]
    shown += [m for m in diff.metrics if is_deal_term(m.key)]  # the loss limits and investment properties
    rows = [_row(m) for m in shown if m.stated(Side.OLD) or m.stated(Side.NEW) or m.by_pools]  # neither: no row
    out += grid(["Metric", *_columns(diff), "Change", "Relative"], rows)
    if any(m.unreconciled for m in (*diff.metrics, diff.geography.california, diff.geography.top5)):
        out.append("  * a figure that did not reconcile in its filing.")
    if any(set(m.doubted) - set(m.not_read) for m in shown):
        out.append("  (doubt) the parser doubted the figure: that deal's report says why beside it.")
    if any(m.derived for m in shown):
        out.append(f"  {fmt.DERIVED_MARK} {fmt.DERIVED_MEANING}.")
    if any(m.by_pools for m in shown):
        out.append("  (pools only) the filing states the figure for each of its pools, not for the whole deal.")
    if any(m.not_read for m in shown):
        out.append(
            "  (not read) the filing states the figure in words the parser could not read: see that deal's report."
        )

    geography = diff.geography
    if geography.entering_top10 or geography.leaving_top10:
        entered = ", ".join(geography.entering_top10) or "none"
        left = ", ".join(geography.leaving_top10) or "none"
        out.append(f"Top 10 states: entered {entered}; left {left}.")

    if diff.notes:
        out.append("")
        out += [f"Note: {note}" for note in diff.notes]
    return "\n".join(out)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"


def shelf_summary(report: ShelfReport, loaded: int, read: int, parsed_again: int = 0) -> str:
    """The shelf's span, the deal in focus against the window with its sentences, and what changed
    from term sheet to detailed description; ``loaded`` deals came from saved JSON, ``read`` filings
    were read (``parsed_again`` of them for a render folder that kept no JSON)."""
    sources = [f"{loaded} from saved JSON", f"{_count(read, 'filing')} read"]
    if parsed_again:
        sources.append(f"{parsed_again} of them for a render folder without saved JSON (render with --format json)")
    first, last, focus = report.deals[0], report.deals[-1], report.focus_deal
    headline = report.headline[:1].lower() + report.headline[1:]
    lines = [
        f"Shelf: {_count(len(report.deals), 'deal')}, {fmt.long_date(first.placed_on)} to "
        f"{fmt.long_date(last.placed_on)} ({'; '.join(sources)})",
        f"{focus.name} against the last {_count(len(report.window_deals), 'deal')}, itself included: {headline}",
        *(f"  {sentence}" for sentence in report.sentences),
        *(f"Caution: {caution}" for caution in report.cautions),
        *(f"{r.name}, term sheet to detailed description: {r.headline}" for r in report.revisions),
    ]
    if report.set_aside:
        lines.append(f"Set aside: {_count(len(report.set_aside), 'filing')} of a series another filing stands for")
    if report.left_out:
        lines.append(f"Left out: {_count(len(report.left_out), 'file')} (warned above)")
    return "\n".join(lines)
