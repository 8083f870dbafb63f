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
from reporting.model.shelf import ShelfReport

if TYPE_CHECKING:
    import pandas as pd

    from reporting.model.summary import DealSummary
    from reporting.present.charts import Chart
    from reporting.present.diff_report import DiffReport
    from reporting.present.email import EmailReport
    from reporting.present.shelf_charts import SmallMultiple
    from reporting.present.shelf_page import ShelfPage


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

    @cached_property
    def xlsx(self) -> bytes:
        from reporting.present.deal_workbook import deal_workbook

        source = self.deal.source
        return deal_workbook(self.summary, source.envelope, source.encoding, self.generated_at)

    @cached_property
    def long_table(self) -> pd.DataFrame:
        """Every table bucket, pool figure, class, check and missing fact, one row each (present/long_table.py)."""
        from reporting.present.long_table import deal_long_table

        return deal_long_table(self.deal, self.summary)

    @cached_property
    def csv(self) -> bytes:
        from reporting.present.long_table import to_csv

        return to_csv(self.long_table)

    @cached_property
    def parquet(self) -> bytes:
        from reporting.present.long_table import to_parquet

        return to_parquet(self.long_table)


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
    def xlsx(self) -> bytes:
        from reporting.present.diff_workbook import diff_workbook

        return diff_workbook(self.diff, self.generated_at)

    @cached_property
    def text(self) -> str:
        from reporting.present.terminal import diff_summary

        return diff_summary(self.diff)


class ShelfRender:
    """The shelf history in every form it takes, each part made once and only when asked for (as ``DealRender``)."""

    stem = "shelf"  # OUT/shelf.pdf, OUT/shelf.html

    def __init__(
        self,
        report: ShelfReport,
        paper: str = "letter",
        generated_at: datetime | None = None,
        long_table_csv: bytes | None = None,  # a batch's OUT/shelf.csv, for the workbook's long table
    ) -> None:
        self.report = report
        self.paper = paper
        self.generated_at = generated_at or datetime.now(UTC)
        self.long_table_csv = long_table_csv

    @cached_property
    def multiples(self) -> list[SmallMultiple]:
        from reporting.present.shelf_charts import small_multiples

        return small_multiples(self.report)

    @cached_property
    def charts(self) -> dict[str, Chart]:
        """One drawing of each small multiple, for the HTML and the PDF alike."""
        from reporting.present.pdf import CHART_FORMAT
        from reporting.present.shelf_charts import draw_shelf_charts

        return draw_shelf_charts(self.multiples, CHART_FORMAT)

    @cached_property
    def page(self) -> ShelfPage:
        from reporting.present.shelf_charts import chart_key
        from reporting.present.shelf_page import build_page

        drawn = {m.key for m in self.multiples}
        keys = {s.key: chart_key(i) for i, s in enumerate(self.report.series) if chart_key(i) in drawn}
        return build_page(self.report, keys)

    @cached_property
    def html(self) -> str:
        from reporting.present.shelf_page import render_shelf_html

        return render_shelf_html(self.page, self.charts, "html", self.paper, self.generated_at)

    @cached_property
    def xlsx(self) -> bytes:
        from reporting.present.long_table import read_csv
        from reporting.present.shelf_workbook import history_workbook

        long_table = read_csv(self.long_table_csv) if self.long_table_csv is not None else None
        return history_workbook(self.report, self.generated_at, long_table)

    @cached_property
    def pdf(self) -> bytes:
        from reporting.present.pdf import html_to_pdf
        from reporting.present.shelf_page import render_shelf_html

        return html_to_pdf(render_shelf_html(self.page, self.charts, "pdf", self.paper, self.generated_at), self.charts)
