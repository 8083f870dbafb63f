"""Email content: the collateral summary as a message body that mail clients show as intended.

A web page is not an email: clients drop ``<style>`` blocks, flex, grid and
scripts, Gmail strips data: images and clips a message whose HTML passes about
102 KB. So the email has its own templates (``templates/email/``: nested tables,
one 640 px column) rendered from the same summary model and Jinja filters as the
PDF and HTML, every CSS rule inlined into ``style`` attributes by css-inline, and
PNG charts shown by ``cid:`` references.

This module makes the content (``EmailReport``: subject, text, HTML, images);
``reporting.deliver.mail`` turns it into MIME and sends it. The pieces any
report's email needs are shared here: ``email_image`` (a PNG chart with its
Content-ID and shown size), ``compose`` (the template rendered and inlined, once
with cid: images and once with data: URIs for the preview) and ``one_line``
(filing text in a subject). The deal diff's email (``diff_email.py``) is built from them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from reporting import formatting as fmt
from reporting.derive.geography import TOP_STATES
from reporting.derive.metrics import BY_KEY
from reporting.derive.wording import subject_heading
from reporting.model.deal import PercentMatrix
from reporting.model.summary import ClassRow, DealSummary, MatrixSummary, TableSummary
from reporting.present.charts import EMAIL_SCALE, Chart, draw_email_charts, heat_shades
from reporting.present.terminal import grid

BODY_TEMPLATE = "email/body.html.j2"
# Gmail clips a message whose HTML passes about 102 KB and hides the rest behind a link.
BODY_LIMIT = 102 * 1024
CID_DOMAIN = "termsheet"  # Content-IDs read "<chart>.<hash>@termsheet"
SUBJECT_PART_LIMIT = 120  # characters of filing text (a deal name) a subject takes
# Charts in the order an analyst looks at them; the email shows the first three a deal has.
MAX_CHARTS = 3
CHART_PREFERENCE = ("states-map", "ltv", "matrix-0", "capital", "note_rate", "loan_size")
COLUMN_PX = 600  # the text column: 640 px less the sections' padding
SIDE_WIDTH_PX = 288  # two side charts (or pool cards), with 4 px margins each side, abreast in it


@dataclass(frozen=True)
class EmailImage:
    """A chart as the email shows it: a PNG part and how the HTML refers to it."""

    key: str
    title: str
    chart: Chart
    cid: str  # Content-ID without angle brackets
    width: int  # CSS pixels as shown; the PNG has EMAIL_SCALE times as many
    height: int
    src: str  # "cid:..." in the message, a data: URI in the preview

    @property
    def alt(self) -> str:
        return self.chart.alt


@dataclass(frozen=True)
class EmailHeatmap:
    """A FICO x LTV matrix as the email shows it: a table of its figures, each cell shaded as the heatmap
    chart shades it. Drawn as a picture its figures shrank with it, to 6 px high in a phone's 390 px;
    as text they keep their size. ``data`` is the matrix as shown, turned where that fits a phone better
    (``turns``); ``matrix`` the summary's, as the filing lays it out."""

    matrix: MatrixSummary
    data: PercentMatrix
    turned: bool
    shades: tuple[tuple[tuple[str, str], ...], ...]  # each shown cell's (background, ink), row by row

    @property
    def key(self) -> str:
        return self.matrix.anchor


@dataclass(frozen=True)
class EmailReport:
    """Everything the message is made of, before it becomes MIME."""

    subject: str
    text: str  # the text/plain part
    html: str  # the text/html part: inlined styles, images as cid:
    preview_html: str  # the same body with images as data: URIs, for a browser
    images: tuple[EmailImage, ...]

    @property
    def body_size(self) -> int:
        """Bytes of the HTML body, the figure Gmail clips at."""
        return len(self.html.encode("utf-8"))


# --- the summary as subject, text and HTML ---------------------------------------------


def headline(summary: DealSummary) -> str:
    """The whole deal's key figures: "$619.8mm, 1,225 loans, WAC 5.843%", each marked as the body marks it:
    "1,252 loans (!)" for a failed check about it, "WAC 5.840% (?)" for a doubt (the subject, the preheader
    and the header line carry them, so a figure is never read there plain and marked below)."""
    by_key = {m.key: m for m in summary.metrics}  # the whole deal is the last column

    def said(key: str, written, words: str = "{}") -> str | None:
        metric = by_key.get(key)
        if metric is None or metric.values[-1] is None:
            return None
        note = metric.notes[-1] if metric.notes else None
        value, within = metric.values[-1], note.within if note else None
        # a figure stated as approximate, to the decimals the filing gives and marked, as the body writes it
        text = written(value) if within is None else fmt.figure(value, metric.unit, within=within)
        return words.format(text) + figure_marks(metric.failed[-1], note.doubts if note else ())

    parts = (
        said("aggregate_balance", fmt.millions),
        said("loan_count", lambda v: fmt.count(int(v)), "{} loans"),
        said("wac", fmt.rate, "WAC {}"),
    )
    return "; ".join(filter(None, [", ".join(p for p in parts if p), _headline_gaps(summary, by_key)]))


# The headline's figures as its gaps name them: "balance and WAC not read".
HEADLINE_NAMES = {"aggregate_balance": "balance", "loan_count": "loan count", "wac": "WAC"}


def _headline_gaps(summary: DealSummary, by_key: dict) -> str:
    """The headline's figures it cannot give, and why: "balance and WAC not read" (the filing states them in a
    way that could not be read), "WAC not stated"; "" when it gives all three. A missing figure is marked where
    the figure would be, as a doubted one is: the subject never reads as complete when it is not."""
    missing = [key for key in HEADLINE_NAMES if key not in by_key or by_key[key].values[-1] is None]
    unread = [key for key in missing if BY_KEY[key].label in summary.metrics_not_read]
    said = []
    for keys, why in ((unread, "not read"), ([k for k in missing if k not in unread], "not stated")):
        names = [HEADLINE_NAMES[k] for k in keys]
        if names:
            said.append(f"{' and '.join(filter(None, [', '.join(names[:-1]), names[-1]]))} {why}")
    return "; ".join(said)


def one_line(text: str, limit: int = SUBJECT_PART_LIMIT) -> str:
    """Filing text for a header: one line (no CR/LF can start a new header), at most ``limit`` characters."""
    return " ".join(text.split())[:limit]


def subject(summary: DealSummary) -> str:
    name = one_line(summary.deal_name)  # the deal name comes from the filing
    if summary.preliminary_note:  # a term sheet's: said where a forwarded message is first read
        name += " preliminary"
    figures = headline(summary)
    return f"{name} collateral summary: {figures}" if figures else f"{name} collateral summary"


def plain_text(summary: DealSummary) -> str:
    """The text/plain part: the key figures in columns, for clients that show no HTML."""
    amendment = (
        [f"AMENDMENT: {summary.amendment_note}; it corrects an earlier filing."] if summary.amendment_note else []
    )
    lines = [
        f"{summary.deal_name} - {summary.kind}",
        *([f"{summary.preliminary_note}."] if summary.preliminary_note else []),
        *amendment,
        f"{summary.issuer}",
        f"Cut-off date {fmt.long_date(summary.cut_off_date)}{figure_marks(doubts=summary.cut_off_doubts)}; "
        f"date of report {fmt.long_date(summary.date_of_report)}",
        *(f"  {DOUBT_MARK} doubt: {doubt}" for doubt in summary.cut_off_doubts),
        *(f"{limit.label}: {limit.written}" for limit in summary.loss_limits),
        "",
        "KEY METRICS",
    ]
    header = ["", *(p.label for p in summary.pools)]
    rows = [
        [
            m.label,
            *(
                fmt.figure(v, m.unit, m.bound, n.within if n else None)
                + figure_marks(f, n.doubts if n else ())
                + (f" {fmt.DERIVED_MARK}" if n and n.derived_from else "")
                for v, f, n in zip(m.values, m.failed, m.notes or (None,) * len(m.values))
            ),
        ]
        for m in summary.metrics
    ]
    if summary.investment:
        rows.append(["Investment properties", *(fact.written for fact in summary.investment)])
    lines += grid(header, rows)
    if any(f for m in summary.metrics for f in m.failed):
        lines.append(f"{FAILED_MARK} does not reconcile with the rest of the filing: see DATA QUALITY below.")
    doubted = [
        (m.label, p.label, n.doubts) for m in summary.metrics for p, n in zip(summary.pools, m.notes) if n and n.doubts
    ]
    if doubted:
        lines.append(f"{DOUBT_MARK} doubted: the filing does not state it plainly (why, below).")
        lines += [f"  {label} ({pool}): {'; '.join(doubts)}" for label, pool, doubts in doubted]
    if any(n and n.derived_from for m in summary.metrics for n in m.notes):
        lines.append(f"{fmt.DERIVED_MARK} {fmt.DERIVED_MEANING}.")
    lines += [f"{p.label}: {p.description}" for p in summary.pools if p.description]
    lines += summary.metric_gaps
    for geography in summary.geographies:  # each pool's state table's, labelled with its pool
        lines += ["", f"TOP STATES ({geography.pool.label}, % of balance)"]
        mark = figure_marks(geography.failed, geography.doubts)
        lines += grid(
            ["State", "Share"], [[s.state, fmt.percent(s.share) + mark] for s in geography.named[:TOP_STATES]]
        )
        lines += [f"{FAILED_MARK} {said}" for said in fmt.failure_texts(geography.failed)]
        lines += [f"{DOUBT_MARK} doubt: {doubt}" for doubt in geography.doubts]
    if summary.capital:
        lines += ["", "CAPITAL STRUCTURE (subordination level: junior classes as % of the deal)"]
        lines += grid(
            ["Class", "Initial balance", "% of deal", "Subordination"],
            [_class_line(c) for c in summary.capital.classes]
            + [
                [
                    "Total",
                    fmt.dollars(summary.capital.total_balance, cents=summary.capital.total_cents)
                    + figure_marks(summary.capital.failed),
                    fmt.class_share(summary.capital.total_share) if summary.capital.total_balance else "",
                    "",
                ]
            ],
        )
        lines += [f"{FAILED_MARK} {said}" for said in fmt.failure_texts(summary.capital.failed)]
        lines += [said for c in summary.capital.classes if not c.notional for said in _class_doubts(c)]
        if summary.capital.has_notional:
            lines.append(summary.capital.NOTIONAL_NOTE)
    lines += ["", "DATA QUALITY", f"{summary.checks_sentence}."]
    for check in summary.checks:
        if not check.passed:
            lines.append(f"(!) FAILED {check.name} ({subject_heading(check.subject)}): {fmt.stated_found(check)}")
    if summary.missing_said:
        lines.append(summary.missing_said)
    lines += [f"Doubt: {warning}" for warning in summary.warnings]
    lines += ["", f"Source: {summary.source_name} (SHA-256 {summary.source_sha256})"]
    return "\n".join(lines) + "\n"


def _class_line(c: ClassRow) -> list[str]:
    """A class's line of the text part: an interest-only class's notional balance marked so, with no share."""
    if c.notional:
        return [c.name, fmt.notional(c.notional_balance), fmt.NOT_PRINCIPAL, fmt.NOT_PRINCIPAL]
    return [
        c.name,
        fmt.amount(c.balance, c.cents, c.balance_note.within) + figure_marks(c.balance_failed, c.balance_note.doubts),
        fmt.class_share(c.share),
        fmt.subordination(c.subordination_level) + figure_marks(c.failed, c.level_note.doubts),
    ]


def _class_doubts(c: ClassRow) -> list[str]:
    """The text part's words under the classes for a class figure marked doubted: which, and why."""
    figures = (("initial balance", c.balance_note), ("subordination level", c.level_note))
    return [f"{DOUBT_MARK} doubt: class {c.name} {what}: {doubt}" for what, note in figures for doubt in note.doubts]


# The text part's marks beside a figure, each said once in words where it is used.
FAILED_MARK = fmt.text_mark(fmt.FAILED_MARK)  # a reconciliation check about it failed: "(!)"
DOUBT_MARK = fmt.text_mark(
    fmt.DOUBT_MARK
)  # the parser doubts it: "(?)" (stated as approximate, written damaged, a row of unknown states)


def figure_marks(failed: Sequence = (), doubts: Sequence[str] = ()) -> str:
    """The text part's marks beside a figure: " (!)" for a failed check about it, " (?)" for a doubt."""
    return (f" {FAILED_MARK}" if failed else "") + (f" {DOUBT_MARK}" if doubts else "")


def email_images(summary: DealSummary) -> tuple[EmailImage, ...]:
    """The most telling charts of the deal as PNG parts with Content-IDs: of the three it shows, those
    that are no matrix (a matrix is a table, ``email_heatmaps``) and no stratification (a bar table,
    ``email_bar_tables``). What is left, the map and the classes, writes no figure a phone could not read:
    the map's shares are listed under it, the classes' in the capital structure's table."""
    keys = [key for key in _chart_keys(summary) if key not in _matrices(summary) and key not in _tables(summary)]
    charts = draw_email_charts(summary, keys)
    return tuple(email_image(charts[key], _chart_title(summary, key)) for key in keys if key in charts)


def email_bar_tables(summary: DealSummary) -> tuple[TableSummary, ...]:
    """The stratifications among the three charts the email shows, as tables of bars (email/bars.html.j2):
    drawn as a picture, a 390 px phone showed their labels and figures about 7 px high."""
    tables = _tables(summary)
    return tuple(tables[key] for key in _chart_keys(summary) if key in tables)


def email_heatmaps(summary: DealSummary) -> tuple[EmailHeatmap, ...]:
    """The matrices among the three charts the email shows, as shaded tables."""
    matrices = _matrices(summary)
    return tuple(_heatmap(matrices[key]) for key in _chart_keys(summary) if key in matrices)


def _heatmap(matrix: MatrixSummary) -> EmailHeatmap:
    shown = turned(matrix.data) if turns(matrix.data) else matrix.data
    return EmailHeatmap(matrix, shown, shown is not matrix.data, heat_shades(shown))


def turns(matrix: PercentMatrix) -> bool:
    """Whether the email shows the matrix turned: down the side go the labels that are more, or else longer.
    A phone scrolls down, not across, and each column is as wide as its heading: FICO x LTV's ranges
    ("65.001%-75.000%") go down and its scores across, and the table fits a phone's width whole."""

    def extent(labels: tuple[str, ...]) -> tuple[int, int]:
        return len(labels), max(map(len, labels), default=0)

    return extent(matrix.col_labels) > extent(matrix.row_labels)


def turned(matrix: PercentMatrix) -> PercentMatrix:
    """The matrix with its rows as columns and its columns as rows; each figure and mark goes with it. A row
    shorter than the others leaves its cells None (shown as not stated), never a figure the filing does not give."""
    columns = len(matrix.col_labels)
    cells = [list(row) + [None] * (columns - len(row)) for row in matrix.cells]
    return dataclasses.replace(
        matrix,
        row_header=matrix.col_header,
        col_header=matrix.row_header,
        row_labels=matrix.col_labels,
        col_labels=matrix.row_labels,
        cells=tuple(zip(*cells)) if cells else (),
        row_totals=matrix.col_totals,
        col_totals=matrix.row_totals,
        row_source_lines=(),
        marked=tuple((column, row) for row, column in matrix.marked),
    )


def _matrices(summary: DealSummary) -> dict[str, MatrixSummary]:
    return {matrix.anchor: matrix for matrix in summary.matrices}


def _tables(summary: DealSummary) -> dict[str, TableSummary]:
    return {table.anchor: table for table in summary.tables}


def _chart_keys(summary: DealSummary) -> list[str]:
    by_kind = {t.kind: t.anchor for t in reversed(summary.tables)}  # the first table of each kind
    keys = [by_kind.get(choice, choice) for choice in CHART_PREFERENCE]
    return [k for k in keys if k in _available(summary)][:MAX_CHARTS]


def _available(summary: DealSummary) -> set[str]:
    keys = {t.anchor for t in summary.tables if any(r.share for r in t.rows)}
    keys |= {m.anchor for m in summary.matrices}
    if summary.geography:
        keys.add("states-map")
    if summary.capital and summary.capital.deal_balance and len(summary.capital.classes) > 1:
        keys.add("capital")
    return keys


# Charts shown across the whole column whatever their drawn size: the map's per-state shares
# are too small to read in half the column of a 640 px message.
ACROSS_THE_COLUMN = ("states-map",)


def email_image(chart: Chart, title: str) -> EmailImage:
    """A PNG chart as the email shows it: beside another in the column, or across it when wide."""
    pixel_width, pixel_height = png_size(chart.data)
    natural = pixel_width // EMAIL_SCALE
    if chart.key in ACROSS_THE_COLUMN:
        width = COLUMN_PX
    else:
        width = SIDE_WIDTH_PX if natural <= SIDE_WIDTH_PX + 20 else min(natural, COLUMN_PX)
    height = round(pixel_height * width / pixel_width)
    digest = hashlib.sha256(chart.data).hexdigest()[:16]
    cid = f"{chart.key}.{digest}@{CID_DOMAIN}"  # the same chart gets the same Content-ID
    return EmailImage(chart.key, title, chart, cid, width, height, f"cid:{cid}")


def _chart_title(summary: DealSummary, key: str) -> str:
    if key == "states-map":  # the deal's own map; a deal of several pools says whose
        pool = summary.geography.pool.label if summary.geography and summary.is_multi_pool else None
        return f"Balance by state, {pool}" if pool else "Balance by state"
    if key == "capital":
        return "Certificate classes"
    titled = {t.anchor: t.title for t in summary.tables} | {m.anchor: m.title for m in summary.matrices}
    return titled.get(key, key)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height in pixels from a PNG's header (IHDR is always the first chunk)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return struct.unpack(">II", data[16:24])


def render_body(template: str, images: Sequence[EmailImage], **context) -> str:
    """An email template rendered with the shared filters, every style inlined and no <style> left.

    ``images`` reach the template as ``images`` (key -> EmailImage); the column
    widths as ``side_width`` and ``column_width``.
    """
    from reporting.present.templating import environment

    html = (
        environment()
        .get_template(template)
        .render(
            images={image.key: image for image in images},
            side_width=SIDE_WIDTH_PX,
            column_width=COLUMN_PX,
            **context,
        )
    )
    return inline_styles(html)


def inline_styles(html: str) -> str:
    """Copy every CSS rule into style attributes and drop the <style> block: mail clients strip it. Only the
    @media rules stay, in a <style> block of their own: what a phone's mail app may add, nothing depends on."""
    import css_inline

    # Never fetch a stylesheet: the body must not depend on anything outside it.
    inliner = css_inline.CSSInliner(
        keep_style_tags=False, keep_link_tags=False, keep_at_rules=True, load_remote_stylesheets=False
    )
    return inliner.inline(html)


def compose(subject: str, text: str, template: str, images: Sequence[EmailImage], **context) -> EmailReport:
    """The report's parts: the HTML with cid: images for the message, and with data: URIs to preview."""
    previews = tuple(_with_src(image, image.chart.data_uri) for image in images)
    return EmailReport(
        subject=subject,
        text=text,
        html=render_body(template, images, **context),
        preview_html=render_body(template, previews, **context),
        images=tuple(images),
    )


def generated_stamp(generated_at: datetime | None = None) -> str:
    return (generated_at or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")


def build_email(summary: DealSummary, pdf_attached: bool = False, generated_at: datetime | None = None) -> EmailReport:

    return compose(
        subject(summary),
        plain_text(summary),
        BODY_TEMPLATE,
        email_images(summary),
        summary=summary,
        headline=headline(summary),
        pdf_attached=pdf_attached,
        generated_at=generated_stamp(generated_at),
        top_states=TOP_STATES,
        heatmaps=email_heatmaps(summary),
        bar_tables=email_bar_tables(summary),
    )


def _with_src(image: EmailImage, src: str) -> EmailImage:
    return EmailImage(image.key, image.title, image.chart, image.cid, image.width, image.height, src)


def size_note(size: int) -> str:
    """One line on the HTML body's size against Gmail's clipping limit."""
    verdict = "under" if size < BODY_LIMIT else "OVER"
    return f"HTML body {size / 1024:.1f} KB, {verdict} the {BODY_LIMIT // 1024} KB at which Gmail clips"
