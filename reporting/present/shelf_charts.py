"""The shelf history's charts: one small multiple per figure over the window's deals.

Drawn like every other chart (``charts.py``: the object API, one palette, fixed
margins, deterministic bytes). Each point sits above its series' label; a figure a
deal does not state is a gap in the line, never a point at zero; the deal in focus
is the orange point; the dashed line is the window's median; a hollow point is a
figure that did not reconcile in its filing.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import text_to_path
from matplotlib.ticker import MaxNLocator

from reporting import fonts
from reporting import formatting as fmt
from reporting.model.shelf import MetricSeries, ShelfReport, Standing
from reporting.model.units import Unit
from reporting.present.charts import (
    _FONT_TYPES,
    _MEDIA_TYPES,
    BLUE,
    GREY,
    INK,
    LIGHT,
    NAVY,
    ORANGE,
    STYLE,
    Chart,
    _axes,
    _new_figure,
    _save,
    same_places,
)

SMALL_WIDTH = 2.25  # inches: three abreast on a Letter or A4 page
SMALL_HEIGHT = 1.75
# The deals' names stand upright under their points at NAME_SIZE (at 5.5 pt they printed under 6 pt, and at 6 px on
# a phone). A series' name ("2004-3", capitals and figures) inks about 0.72 em across, 4.7 pt, in the 7.5 pt that each
# of 16 deals has across a small multiple's 1.67 inches of plot: past this many deals (a --window wider than the
# default 12), every k-th deal counted from the focus is named.
NAME_SIZE = 6.5
TICK_SIZE = 6.5  # the levels beside the plot (at 6 pt they printed at 6.0 on A4)
MAX_LABELLED = 16
BAD = "#b3261e"


@dataclass(frozen=True)
class SmallMultiple:
    """One figure over the window, as the chart draws it."""

    key: str  # "shelf-0": the series' index in the report
    title: str
    unit: Unit
    labels: tuple[str, ...]  # each deal's series, in date order
    values: tuple[float | None, ...]
    unreconciled: tuple[bool, ...]
    focus: int  # index within ``labels``
    median: float | None
    alt: str


def small_multiples(report: ShelfReport) -> list[SmallMultiple]:
    """A chart for every figure at least two deals of the window give (``Standing.charted``), in the report's
    order; none for a window of one deal."""
    standing = {s.key: s for s in report.standings if s.charted}
    labels = tuple(d.label for d in report.window_deals)
    focus = report.focus - report.window_start
    out = []
    for index, series in enumerate(report.series):
        if series.key not in standing:
            continue
        values = tuple(float(v) if v is not None else None for v in report.values_in_window(series))
        flags = series.unreconciled[report.window_start : report.focus + 1]
        s = standing[series.key]
        out.append(
            SmallMultiple(
                key=chart_key(index),
                title=chart_title(series),
                unit=series.unit,
                labels=labels,
                values=values,
                unreconciled=flags,
                focus=focus,
                median=s.median,
                alt=_alt(series, s, labels[focus], len(labels)),
            )
        )
    return out


def chart_key(index: int) -> str:
    return f"shelf-{index}"


# What a title adds where the ticks do not say it ("$600mm", "5.9%" and "1,200" do).
_UNIT_WORDS = {Unit.MONTHS: "months", Unit.SHARE: "% of balance"}
TITLE_SIZE = 7  # points, bold
TITLE_INSET = 0.02  # of the chart's width, on either side of the title
TITLE_LINE = 0.12  # inches a title line takes
_BOUND_WORDS = {"at_least": "at least", "no_more_than": "at most"}


def chart_title(series: MetricSeries) -> str:
    """ "WAC (%)", "No income verification (at most, % of balance)"."""
    unit = _UNIT_WORDS.get(series.unit, "")
    bound = _BOUND_WORDS.get(series.bound.value, "") if series.bound else ""
    words = ", ".join(w for w in (bound, unit) if w)
    return f"{series.label} ({words})" if words else series.label


def _alt(series: MetricSeries, standing: Standing, focus: str, deals: int) -> str:
    bound = standing.bound.value if standing.bound else None
    value = fmt.figure(standing.value, standing.unit, bound, standing.within)
    median = fmt.median(standing.median, standing.unit, bound, standing.median_within)
    derived = f", {standing.derived_count} of them derived, not stated" if standing.derived_count else ""
    return (
        f"Line chart of {series.label} over the last {deals} deals in cut-off date order "
        f"({standing.stated} give it{derived}); {focus} highlighted at {value}; median {median}."
    )


def draw_shelf_charts(charts: Sequence[SmallMultiple], image_format: str = "svg") -> dict[str, Chart]:
    if image_format not in _MEDIA_TYPES:
        raise ValueError(f"unknown chart format {image_format!r}")
    with matplotlib.rc_context({**STYLE, "svg.fonttype": _FONT_TYPES[image_format]}):
        return {c.key: _save(c.key, small_multiple_figure(c), c.alt, image_format) for c in charts}


def small_multiple_figure(chart: SmallMultiple) -> Figure:
    count = len(chart.labels)
    longest = max((len(label) for label in chart.labels), default=4)
    bottom = 0.12 + min(longest, 14) * NAME_SIZE * 0.6 / 72  # the series' names stand upright under their points
    title = "\n".join(title_lines(chart.title))
    top = 0.3 + TITLE_LINE * title.count("\n")
    figure = _new_figure(SMALL_WIDTH, SMALL_HEIGHT + bottom - 0.45 + top - 0.3)
    axes = _axes(figure, left=0.5, right=0.08, top=top, bottom=bottom)
    positions = list(range(count))
    # NaN breaks the line: a deal that does not state the figure is a gap, not a zero.
    ys = [v if v is not None else math.nan for v in chart.values]
    axes.plot(positions, ys, color=GREY, linewidth=0.8, zorder=1)
    # One marker line per kind of point, not one artist per point: a tenth of the drawing time.
    kinds = {"stated": [], "doubted": [], "focus": []}
    for position, value, doubted in zip(positions, chart.values, chart.unreconciled):
        if value is not None:
            kinds["focus" if position == chart.focus else "doubted" if doubted else "stated"].append((position, value))
    focus_doubted = chart.unreconciled[chart.focus]
    styles = {
        "stated": dict(markersize=3.2, markerfacecolor=BLUE, markeredgecolor=BLUE),
        "doubted": dict(markersize=3.2, markerfacecolor="white", markeredgecolor=BAD),
        "focus": dict(
            markersize=5.5,
            markerfacecolor="white" if focus_doubted else ORANGE,
            markeredgecolor=BAD if focus_doubted else ORANGE,
        ),
    }
    for kind, points in kinds.items():
        if points:
            xs, values = zip(*points)
            axes.plot(xs, values, marker="o", linestyle="none", markeredgewidth=1.0, zorder=3, **styles[kind])
    if chart.median is not None:
        axes.axhline(chart.median, color=NAVY, linewidth=0.7, linestyle=(0, (3, 2)), zorder=2)
    # Across the whole figure, not only over the axes: long labels need the width.
    height = figure.get_size_inches()[1]
    figure.text(
        TITLE_INSET, 1 - 0.06 / height, title, ha="left", va="top", fontsize=TITLE_SIZE, fontweight="bold", color=INK
    )
    axes.set_xlim(-0.6, count - 0.4)
    low, high = _y_limits([v for v in chart.values if v is not None])
    axes.set_ylim(low, high)
    # Labels as plain texts, not ticks: a tick is five artists and most of a small chart's drawing time.
    axes.set_xticks([])
    axes.set_yticks([])
    # Steps of 1, 2 or 5 of a power of ten: a quarter step (1.25%) asks a decimal more than the levels around it.
    # A count's levels are whole loans: deals 1 loan apart are drawn against 1,225 and 1,226, not 1,225.25.
    locator = MaxNLocator(nbins=5, steps=[1, 2, 5, 10], integer=chart.unit is Unit.COUNT)
    levels = [v for v in locator.tick_values(low, high) if low <= v <= high]
    axes.hlines(levels, -0.6, count - 0.4, color=LIGHT, linewidth=0.6, zorder=0)
    for level, text in zip(levels, level_labels(chart.unit, levels)):
        axes.annotate(
            text,
            (0, level),
            xycoords=("axes fraction", "data"),
            xytext=(-3, 0),
            textcoords="offset points",
            ha="right",
            va="center",
            fontsize=TICK_SIZE,
            color=INK,
        )
    for position in _named_positions(count, chart.focus):
        focus = position == chart.focus
        axes.annotate(
            chart.labels[position],
            (position, 0),
            xycoords=("data", "axes fraction"),
            xytext=(0, -3),
            textcoords="offset points",
            ha="center",
            va="top",
            rotation=90,
            fontsize=NAME_SIZE,
            color=ORANGE if focus else INK,
            fontweight="bold" if focus else "normal",
        )
    return figure


def title_lines(title: str, width: float = SMALL_WIDTH) -> list[str]:
    """The title on as many lines as it needs across a chart ``width`` inches wide, never cut short: the words of a
    filing's policy ("Full documentation, or alternative/streamlined refinance") and what the title adds ("at
    least, % of balance") are the chart's meaning. Lines break at spaces, else after a "/" or "-", else inside a
    word; each is measured in the bundled bold font, so wide letters ("WA LTV") wrap sooner than narrow ones."""
    room = width * 72 * (1 - 2 * TITLE_INSET) * 0.95  # a margin for a viewer whose sans-serif is a little wider
    lines: list[str] = []
    line = ""
    for piece in _TITLE_PIECES.findall(title):
        if _title_width(line + piece.rstrip()) <= room:
            line += piece
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = ""
        for part in _split_to_fit(piece, room):  # a piece wider than a whole line breaks where it must
            if line.strip():
                lines.append(line.rstrip())
            line = part
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


# A title's breakable pieces: a word with the space after it, or a word's part up to and with a "/" or "-".
_TITLE_PIECES = re.compile(r"[^\s/-]*[/-]+|[^\s/-]+\s*|\s+")


def _split_to_fit(piece: str, room: float) -> list[str]:
    """``piece`` in parts no wider than ``room`` points each, the last holding what is left."""
    parts: list[str] = []
    while len(piece) > 1 and _title_width(piece.rstrip()) > room:
        cut = 1  # at least a letter a line, however narrow the chart
        while cut < len(piece) - 1 and _title_width(piece[: cut + 1]) <= room:
            cut += 1
        parts.append(piece[:cut])
        piece = piece[cut:]
    return [*parts, piece]


@functools.lru_cache(maxsize=4096)
def _title_width(text: str) -> float:
    """How wide ``text`` prints in the title's font, in points."""
    width, _, _ = text_to_path.get_text_width_height_descent(text, _TITLE_FONT, ismath=False)
    return width


_TITLE_FONT = FontProperties(family=fonts.FAMILY, size=TITLE_SIZE, weight="bold")


def _y_limits(values: list[float]) -> tuple[float, float]:
    low, high = min(values), max(values)
    pad = (high - low) * 0.12 or abs(high) * 0.05 or 1.0
    return low - pad, high + pad


def _named_positions(count: int, focus: int) -> list[int]:
    """Every deal is named under its point; past ``MAX_LABELLED`` deals, the focus and every k-th from it."""
    if count <= MAX_LABELLED:
        return list(range(count))
    step = math.ceil(count / MAX_LABELLED)
    return sorted({*range(focus, -1, -step), *range(focus, count, step)})


def level_labels(unit: Unit, levels: Sequence[float]) -> list[str]:
    """The levels beside a chart's plot, all with the decimals the finest needs: "1.00%, 1.25%, 1.50%" and
    "$493.5mm, $494.0mm", never "1%, 1.25%, 1.5%" nor two levels both written "$494mm"."""
    if unit is Unit.DOLLARS:
        millions = [v / 1e6 for v in levels]
        return [fmt.millions(v, same_places(millions)) for v in levels]
    if unit is Unit.COUNT:
        return [f"{v:,.0f}" for v in levels]  # whole loans (``small_multiple_figure``)
    places = same_places(levels)
    suffix = "" if unit is Unit.MONTHS else "%"
    return [f"{v:.{places}f}{suffix}" for v in levels]
