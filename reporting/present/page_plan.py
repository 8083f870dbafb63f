"""Where a long summary PDF is cut in two, so that its parts can be laid out at once.

A pure estimate from the summary model: what each section costs WeasyPrint and
matplotlib, and how tall each stratification table prints. The cut goes before a
table that the estimate says starts a page anyway, where the two parts' work is
most even. The cut table always starts a page, in the PDF laid out whole as well
(render.py gives it a forced page break), so the document is the same however it is
laid out: on one core, or on two (pdf_parts.py). No cut, no break: a short summary,
or one whose tables all fit a page, is laid out whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from reporting.model.summary import DealSummary, TableSummary
from reporting.present.charts import MAP_HEIGHT, bars_height, tick_labels


@dataclass(frozen=True)
class Part:
    """Which sections one part of the summary PDF holds, when it is laid out in two parts."""

    front: bool  # header band, key metrics, composition
    tables_from: int  # the stratification tables summary.tables[tables_from:tables_to]
    tables_to: int
    back: bool  # matrices, capital structure, data quality, notes


@dataclass(frozen=True)
class Plan:
    """Where the summary is cut, and which part the worker lays out."""

    first: Part
    second: Part
    # The worker takes the heavier part: this process has the page numbers and the joining besides.
    worker_takes_first: bool


# Estimated layout cost in milliseconds (WeasyPrint plus matplotlib, 2004-3, README
# "Speed"). They choose the cut, and so the one forced page break: an error costs
# balance between the parts, or some white space, never a figure.
CELL_MS = 1.6  # a table cell
LETTER_MS = 0.6  # a letter of chart text (WeasyPrint draws SVG text letter by letter)
CHART_MS = 60.0  # a chart's figure, axes and shapes
MAP_MS = 250.0  # the tile map: 51 tiles and codes, and its scale
FRONT_ROWS = 110  # key metrics, eligibility and composition, in cells per column (with the header band)
JOIN_MS = 110.0  # page numbers and joining, in this process after its part
WORKER_MS = 30.0  # starting the worker and sending its part back
# Below this estimate one part is quicker: a second document, joining and the worker
# cost about 0.25 s.
TWO_PARTS_FROM_MS = 1500.0


def plan_parts(summary: DealSummary, paper: str = "letter") -> Plan | None:
    """The two parts of the summary, cut where the work is most even; None to lay it out whole.

    The cut goes only before a table that starts a page anyway (by an estimate of the
    tables' heights): where the estimate is right, the break forced there is one the
    layout would have made.
    """
    tables = [table_cost(summary, t) for t in summary.tables]
    front, back = front_cost(summary), back_cost(summary)
    if front + sum(tables) + back < TWO_PARTS_FROM_MS:
        return None
    starts = tables_starting_a_page(summary, paper)
    cuts = [k for k in range(1, len(tables)) if starts[k]]
    if not cuts:
        return None

    def wall(k: int) -> float:
        first, second = front + sum(tables[:k]), sum(tables[k:]) + back
        return max(min(first, second) + JOIN_MS, max(first, second) + WORKER_MS)

    cut = min(cuts, key=wall)
    first_cost = front + sum(tables[:cut])
    second_cost = sum(tables[cut:]) + back
    return Plan(Part(True, 0, cut, False), Part(False, cut, len(tables), True), first_cost > second_cost)


def table_cost(summary: DealSummary, table: TableSummary) -> float:
    columns = 5 if table.ordered else 4
    cost = (len(table.rows) + 2) * columns * CELL_MS
    if table.rows and any(r.share for r in table.rows):
        cost += CHART_MS + LETTER_MS * sum(len(r.label) for r in table.rows)
    if summary.geography_of(table.index):
        cost += MAP_MS
    return cost


def front_cost(summary: DealSummary) -> float:
    return FRONT_ROWS * (len(summary.pools) + 1) * CELL_MS


def back_cost(summary: DealSummary) -> float:
    matrices = sum(
        (len(m.data.row_labels) + 2) * (len(m.data.col_labels) + 2) * CELL_MS
        + CHART_MS
        + LETTER_MS * sum(len(label) for label in (*m.data.row_labels, *m.data.col_labels))
        for m in summary.matrices
    )
    capital = (len(summary.capital.classes) * 6 * CELL_MS + CHART_MS) if summary.capital else 0.0
    # Passed checks are lines of text (about four to a line); failed ones table rows.
    checks = len(summary.checks) * CELL_MS + summary.checks_failed * 4 * CELL_MS
    return matrices + capital + checks + 100 * CELL_MS  # notes and source: long paragraphs


# Page geometry for the estimate, in inches (templates/styles: 9 pt type, 0.88 rem tables).
TEXT_HEIGHT = {"letter": 11 - 1.45, "a4": 11.69 - 1.45}  # page height less the top and bottom margins
ROW_IN = 0.195  # a table row of one line
HEAD_IN = 0.75  # a table's title and its two-line column heads
SECTION_HEAD_IN = 0.75  # "Stratifications" and the note under it
LABEL_CHARS = 30  # what fits on a line of the label column
CHART_SCALE = 0.8  # side charts print at about 80% of their drawn size
MAP_GAP_IN = 0.6  # between the bar chart and the map, and the note under the map
FOOTNOTE_IN = 0.3


def tables_starting_a_page(summary: DealSummary, paper: str) -> list[bool]:
    """For each stratification table, whether it would start a page (tables are never split).

    The stratifications follow the front matter without a forced break; the estimate starts
    them on a fresh page, as the front matter of a summary long enough to cut fills its first.
    """
    height = TEXT_HEIGHT[paper]
    used, starts = SECTION_HEAD_IN, []
    for table in summary.tables:
        needed = table_height(summary, table)
        starts.append(used == 0 or used + needed > height)
        used = (0.0 if starts[-1] else used) + needed
        if used > height:  # taller than a page: it goes on over the next
            used %= height
    return starts


def table_height(summary: DealSummary, table: TableSummary) -> float:
    lines = sum(max(1, -(-len(r.label) // LABEL_CHARS)) for r in table.rows) + 1  # and the total
    rows = HEAD_IN + lines * ROW_IN + FOOTNOTE_IN * (len(table.footnotes) + len(table.doubts))  # each a line or so
    charts = 0.0
    if table.rows and any(r.share for r in table.rows):
        labels = [r.label for r in table.rows]
        if geography := summary.geography_of(table.index):
            labels = [s.state for s in geography.named[:10]]
            charts += (MAP_HEIGHT * CHART_SCALE) + MAP_GAP_IN
        charts += bars_height(tick_labels(labels)) * CHART_SCALE
    return max(rows, HEAD_IN + charts)
