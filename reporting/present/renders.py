"""A deal's or a diff's report in every form it takes, each part made once and only when asked for.

``DealRender`` holds a validated deal and the settings of one rendering (paper,
time stamp, whether a long PDF may be laid out in two parts on two cores);
``DiffRender`` the same for a diff. The summary (or the diff's page model), the
charts, the HTML, the PDF, the email content and the JSON are each made on first
use and kept: the email attaches the PDF already laid out, and the HTML and the
PDF share one drawing of every chart. Everything here returns text or bytes;
``reporting.deliver`` writes files. The heavy libraries load only when an output
needs them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING

from reporting.model.deal import Deal
from reporting.model.diff import DealDiff

if TYPE_CHECKING:
    from reporting.model.summary import DealSummary
    from reporting.present.charts import Chart
    from reporting.present.diff_report import DiffReport
    from reporting.present.email import EmailReport


class DealRender:
    def __init__(
        self, deal: Deal, paper: str = "letter", generated_at: datetime | None = None, two_parts: bool = False
    ) -> None:
        from reporting.present.bounds import check_deal

        check_deal(deal)  # a deal too large to lay out fails here, before any work
        self.deal = deal
        self.paper = paper
        self.generated_at = generated_at or datetime.now(UTC)  # one time on every output and part
        # A long PDF in two parts at once, on two cores (pdf_parts.py): for a single deal on a
        # machine with a core to spare. It forks a worker, so only for processes without threads.
        self.two_parts = two_parts
        self._charts: dict[str, Chart] | None = None

    @cached_property
    def summary(self) -> DealSummary:
        from reporting.derive.summary import summarise

        return summarise(self.deal)

    @property
    def charts(self) -> dict[str, Chart]:
        """Every chart of the summary, drawn once for the HTML and the PDF alike."""
        if self._charts is None:
            from reporting.present.charts import draw_charts
            from reporting.present.pdf import CHART_FORMAT

            self._charts = draw_charts(self.summary, CHART_FORMAT)
        return self._charts

    @cached_property
    def html(self) -> str:
        from reporting.present.summary_page import render_html

        return render_html(self.summary, self.charts, "html", self.paper, self.generated_at)

    @cached_property
    def pdf(self) -> bytes:
        from reporting.present.pdf import html_to_pdf
        from reporting.present.summary_page import render_html

        if self.two_parts and (pdf := self._pdf_in_two_parts()) is not None:
            return pdf
        charts = self.charts
        return html_to_pdf(render_html(self.summary, charts, "pdf", self.paper, self.generated_at), charts, self.name)

    @property
    def name(self) -> str:
        """What its one-line errors name: the filing."""
        return self.deal.source.path

    def _pdf_in_two_parts(self) -> bytes | None:
        """The PDF laid out in two parts at once, or None when one part is better (or cannot fork)."""
        from reporting.present.page_plan import plan_parts
        from reporting.present.pdf import CHART_FORMAT
        from reporting.present.pdf_parts import WorkerLost, can_fork, two_part_pdf

        plan = plan_parts(self.summary, self.paper) if can_fork() else None
        if plan is None:
            return None
        try:
            pdf, charts = two_part_pdf(self.summary, plan, CHART_FORMAT, self.paper, self.generated_at, self.name)
        except WorkerLost:  # the worker was killed (out of memory, a signal): lay it out whole
            return None
        self._charts = charts  # the parts drew every chart between them: the HTML reuses them
        return pdf

    def email(self, pdf_attached: bool = False) -> EmailReport:
        from reporting.present.email import build_email

        return build_email(self.summary, pdf_attached=pdf_attached, generated_at=self.generated_at)

    @cached_property
    def json(self) -> str:
        from reporting.present.jsonio import deal_to_json

        return deal_to_json(self.deal)


class DiffRender:
    """The diff in every form it takes, each part made once and only when asked for (as ``DealRender``)."""

    def __init__(self, diff: DealDiff, paper: str = "letter", generated_at: datetime | None = None) -> None:
        from reporting.present.bounds import check_diff

        check_diff(diff)
        self.diff = diff
        self.paper = paper
        self.generated_at = generated_at or datetime.now(UTC)

    @property
    def stem(self) -> str:
        from reporting.present.diff_report import diff_stem

        return diff_stem(self.diff)

    @cached_property
    def report(self) -> DiffReport:
        from reporting.present.diff_report import build_report

        return build_report(self.diff)

    @cached_property
    def charts(self) -> dict[str, Chart]:
        """One drawing of each paired chart, for the HTML and the PDF alike."""
        from reporting.present.charts import draw_paired_charts
        from reporting.present.diff_report import paired_charts
        from reporting.present.pdf import CHART_FORMAT

        report = self.report
        return draw_paired_charts(paired_charts(report), report.old.column, report.new.column, CHART_FORMAT)

    @cached_property
    def html(self) -> str:
        from reporting.present.diff_report import render_diff_html

        return render_diff_html(self.report, self.charts, "html", self.paper, self.generated_at)

    @property
    def name(self) -> str:
        """What its one-line errors name: both filings."""
        from reporting.present.bounds import diff_name

        return diff_name(self.diff)

    @cached_property
    def pdf(self) -> bytes:
        from reporting.present.diff_report import render_diff_html
        from reporting.present.pdf import html_to_pdf

        html = render_diff_html(self.report, self.charts, "pdf", self.paper, self.generated_at)
        return html_to_pdf(html, self.charts, self.name)

    def email(self, pdf_attached: bool = False) -> EmailReport:
        from reporting.present.diff_email import build_diff_email

        return build_diff_email(self.diff, pdf_attached=pdf_attached, generated_at=self.generated_at)

    @cached_property
    def json(self) -> str:
        from reporting.present.jsonio import diff_to_json

        return diff_to_json(self.diff) + "\n"

    @cached_property
    def text(self) -> str:
        from reporting.present.terminal import diff_summary

        return diff_summary(self.diff)
