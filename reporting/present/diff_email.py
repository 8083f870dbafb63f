"""Email: the deal-to-deal diff as a message a colleague reads before the bid.

The same machinery as the summary's email (``reporting.present.email``): the
templates under ``templates/email/`` on the shared email shell, the same Jinja
filters, css-inline, PNG charts as ``cid:`` parts, the same MIME layout,
address checks and size note. Only what a diff says is here: its subject, its
text part, which figures and charts the message shows.

The message holds the key sentences, the headline figures side by side, the
top state movers, one or two paired bar charts and both data-quality verdicts;
every table bucket by bucket stays in the PDF diff report (``--attach-pdf``).
"""

from __future__ import annotations

from datetime import datetime

from reporting import formatting as fmt
from reporting.derive import metrics
from reporting.derive.terms_diff import is_deal_term
from reporting.model.deal import WHOLE_DEAL
from reporting.model.diff import DealDiff, MetricChange, Side
from reporting.present.charts import PairedBars, draw_email_paired_charts
from reporting.present.diff_report import DiffReport, build_report, paired_charts
from reporting.present.email import (
    EmailImage,
    EmailReport,
    compose,
    email_image,
    figure_marks,
    generated_stamp,
    one_line,
)
from reporting.present.terminal import diff_summary

DIFF_EMAIL_TEMPLATE = "email/diff.html.j2"
# One or two charts: the tables whose buckets moved most. The PDF has every one.
MAX_CHARTS = 2


# --- subject and text ------------------------------------------------------------------


def subject(report: DiffReport) -> str:
    """ "CMSI 2004-3 vs CMSI 2004-8: deal size -20.4% to $493.6mm, WAC +12 bp; 8 material changes"."""
    diff = report.diff
    names = f"{one_line(report.old.column)} vs {one_line(report.new.column)}"
    figures = _subject_figures(diff)
    verdict = diff.headline.split(":")[0]  # "Nothing to compare: ..." keeps its first words
    if figures:
        return f"{names}: {', '.join(figures)}; {verdict[0].lower()}{verdict[1:]}"
    return f"{names}: {verdict}"


def _subject_figures(diff: DealDiff) -> list[str]:
    """The desk's first look: the size and the WAC, whether or not they moved materially."""
    by_key = {m.key: m for m in diff.metrics}
    size, wac = by_key.get("aggregate_balance"), by_key.get("wac")
    figures = []
    grown = fmt.relative_between(size.old, size.new, size.unit, withins=size.withins) if size is not None else None
    if size is not None and grown is not None:
        word = "deal size" if diff.old.pool == diff.new.pool == WHOLE_DEAL else "pool size"
        moved = fmt.relative(grown)  # as the body gives it
        # an approximate size as stated ("approx. $620mm"), never padded to a tenth of a million the filing does not give
        level = (
            fmt.millions(size.new)
            if size.new_within is None
            else fmt.figure(size.new, size.unit, within=size.new_within)
        )  # type: ignore[arg-type]
        said = f"{word} unchanged at {level}" if moved == fmt.relative(0.0) else f"{word} {moved} to {level}"
        figures.append(said + _subject_marks(size))
    if wac is not None and wac.change is not None:
        # "+11.9 bp" ("approx. +10 bp" to or from one stated as approximate)
        moved = fmt.change_between(wac.old, wac.new, wac.unit, withins=wac.withins)
        unchanged = moved in ("0 bp", f"{fmt.ABOUT} 0 bp")
        said = (
            f"WAC unchanged at {fmt.figure(wac.new, wac.unit, within=wac.new_within)}" if unchanged else f"WAC {moved}"
        )
        figures.append(said + _subject_marks(wac))
    return figures


def _subject_marks(metric: MetricChange) -> str:
    """The marks the summary's subject writes beside a figure ("WAC 5.901% (!)"), for a change resting on it:
    " (!)" where either side's figure failed a check in its filing, " (?)" where the parser doubts either."""
    return figure_marks(metric.unreconciled, metric.doubted)


def plain_text(report: DiffReport, pdf_attached: bool) -> str:
    """The text/plain part: the terminal's diff (verdicts, key sentences, figures) and the sources."""
    where = "the attached PDF diff report" if pdf_attached else "the PDF diff report (not attached to this email)"
    lines = [
        diff_summary(report.diff, for_reader=True),
        "",
        f"Every pool metric and each table bucket by bucket are in {where}.",
        f"Sources: old {report.old.source_name}; new {report.new.source_name}",
    ]
    return "\n".join(lines) + "\n"


# --- what the HTML shows ---------------------------------------------------------------


def key_metrics(report: DiffReport) -> tuple[MetricChange, ...]:
    """The headline figures, California and the top 5, then every other figure behind a key change."""
    diff = report.diff
    by_key = {m.key: m for m in (*diff.metrics, *diff.documentation)}
    chosen = [by_key[k] for k in metrics.HEADLINE if k in by_key]
    chosen += [diff.geography.california, diff.geography.top5]
    chosen += [m for m in (*diff.metrics, *diff.documentation) if m.key in report.material and m not in chosen]
    chosen += [m for m in diff.metrics if is_deal_term(m.key) and m not in chosen]  # loss limits, investment
    return tuple(m for m in chosen if m.stated(Side.OLD) or m.stated(Side.NEW))


def telling_charts(report: DiffReport) -> list[PairedBars]:
    """The paired charts whose buckets moved most (as the tables print them), largest first."""
    moved = [c for c in paired_charts(report) if _largest_move(c) > 0]
    return sorted(moved, key=lambda c: -_largest_move(c))[:MAX_CHARTS]


def _largest_move(chart: PairedBars) -> float:
    return max((abs(round(new, 2) - round(old, 2)) for old, new in zip(chart.old, chart.new)), default=0.0)


def _chart_title(chart: PairedBars) -> str:
    if chart.key == "diff-states":
        return "Largest states, % of balance"
    return f"{chart.subject[:1].upper()}{chart.subject[1:]}, % of balance"


def _chart_note(report: DiffReport, drawn: int) -> str:
    if drawn:
        return ""
    if not paired_charts(report):
        return "No chart: the two deals share no stratification table, state table or FICO x LTV matrix."
    return "No chart: no bucket's share of balance changed."


def email_images(report: DiffReport) -> tuple[EmailImage, ...]:
    charts = telling_charts(report)
    drawn = draw_email_paired_charts(charts, report.old.column, report.new.column)
    return tuple(email_image(drawn[c.key], _chart_title(c)) for c in charts)


# --- the message -----------------------------------------------------------------------


def build_diff_email(diff: DealDiff, pdf_attached: bool = False, generated_at: datetime | None = None) -> EmailReport:
    report = build_report(diff)
    images = email_images(report)
    preheader = diff.key_changes[0].sentence if diff.key_changes else diff.headline
    return compose(
        subject(report),
        plain_text(report, pdf_attached),
        DIFF_EMAIL_TEMPLATE,
        images,
        report=report,
        diff=diff,
        metrics=key_metrics(report),
        chart_note=_chart_note(report, len(images)),
        preheader=preheader,
        pdf_attached=pdf_attached,
        generated_at=generated_stamp(generated_at),
    )
