"""The files of one deal's collateral summary: PDF, HTML and the email, written to its folder.

This is where the stages meet: the summary model (analyse.py), its charts
(charts.py), the pages (render.py), a single deal's PDF in two parts on two cores
(pdf_parts.py) and the email (email_report.py). Every file is written whole or
not at all (outputs.atomic_write).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from reporting.deliver.files import atomic_write, deal_stem
from reporting.derive.summary import summarise
from reporting.model.deal import Deal
from reporting.model.summary import DealSummary
from reporting.present.summary_page import CHART_FORMAT, FORMATS, html_to_pdf, render_html, summary_pdf


def render_deal(
    deal: Deal,
    out_dir: Path,
    formats: Sequence[str] = FORMATS,
    paper: str = "letter",
    generated_at: datetime | None = None,
    stem: str | None = None,
    email: EmailOptions | None = None,
    two_parts: bool = False,
) -> list[Path]:
    """Write out_dir/<stem>/<stem>-summary.{pdf,html} (and the email files); return the files written.

    ``stem`` names the deal's folder and files; by default it comes from the series.
    A batch passes its own when two filings of one series share an output folder.
    ``two_parts``: lay a long PDF out in two parts at once on two cores (pdf_parts.py);
    for a single deal on a machine with a core to spare. It forks a worker, so it is
    for processes without threads (the CLI's, a batch worker).
    """
    from reporting.present.charts import draw_charts

    unknown = [f for f in formats if f not in (*FORMATS, "email")]
    if unknown:
        raise ValueError(f"unknown format {', '.join(unknown)} (use {', '.join(FORMATS)}, email)")
    summary = summarise(deal)
    stem = stem or deal_stem(deal.series, deal.source.path)
    folder = Path(out_dir) / stem
    moment = generated_at or datetime.now(UTC)  # one time on every output and part
    charts_by_format: dict[str, dict] = {}
    pdf = _pdf_in_two_parts(summary, charts_by_format, paper, moment) if two_parts and "pdf" in formats else None
    written: list[Path] = []
    for medium in sorted(formats, key=lambda f: f == "email"):  # the email last: it attaches the PDF made
        if medium == "email":  # its own stage: reporting/email_report.py
            written += write_summary_email(summary, folder, stem, email, paper, moment, pdf)
            continue
        chart_format = CHART_FORMAT[medium]
        if chart_format not in charts_by_format:
            charts_by_format[chart_format] = draw_charts(summary, chart_format)
        charts = charts_by_format[chart_format]
        if medium == "pdf":
            pdf = pdf or html_to_pdf(render_html(summary, charts, medium, paper, moment), charts)
        payload = pdf if medium == "pdf" else render_html(summary, charts, medium, paper, moment)
        written.append(atomic_write(folder / f"{stem}-summary.{medium}", payload))
    return written


def _pdf_in_two_parts(summary: DealSummary, charts_by_format: dict, paper: str, moment: datetime) -> bytes | None:
    """The PDF laid out in two parts at once, or None when one part is better (or cannot fork)."""
    from reporting.present.page_plan import plan_parts
    from reporting.present.pdf_parts import WorkerLost, can_fork, two_part_pdf

    plan = plan_parts(summary, paper) if can_fork() else None
    if plan is None:
        return None
    try:
        pdf, charts = two_part_pdf(summary, plan, CHART_FORMAT["pdf"], paper, moment)
    except WorkerLost:  # the worker was killed (out of memory, a signal): lay it out whole
        return None
    charts_by_format[CHART_FORMAT["pdf"]] = charts
    return pdf


@dataclass(frozen=True)
class EmailOptions:
    """Headers and attachment of the .eml that ``render_deal`` writes for the "email" format."""

    sender: str | None = None
    recipients: tuple[str, ...] = ()
    attach_pdf: bool = False


def write_summary_email(
    summary: DealSummary,
    folder: Path,
    stem: str,
    email: EmailOptions | None = None,
    paper: str = "letter",
    generated_at: datetime | None = None,
    pdf: bytes | None = None,
) -> list[Path]:
    """Write <stem>-summary.eml and <stem>-email.html (the preview).

    ``pdf``: the summary PDF when it is already made, to attach rather than lay out again.
    """
    from reporting.present.email import write_email

    email = email or EmailOptions()
    if email.attach_pdf:
        pdf = pdf or summary_pdf(summary, paper, generated_at)
    else:
        pdf = None
    written, _ = write_email(summary, folder, stem, email.sender, email.recipients, pdf, generated_at)
    return written
