"""Charts: every figure of the collateral summary, drawn from the summary model.

matplotlib's object API only (``Figure`` with an Agg canvas; no pyplot and its
global figure list), one palette, and each figure dropped as soon as it is
saved. The bytes are deterministic: SVG ids come from a fixed hash salt and no
date is written, so the same deal gives byte-identical charts and reports can
be cached and compared.

Chart sizes are in inches as drawn: ``FULL_WIDTH`` ones span the text block of a Letter
or A4 page; ``SIDE_WIDTH`` charts sit beside their table, in a column that prints them
smaller (``SIDE_PRINT_SCALE``), so their letters are drawn at ``SIDE_TEXT``.
"""

from __future__ import annotations

import base64
import io
import itertools
import math
import textwrap
import warnings
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import partial

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import BoundaryNorm, ListedColormap, PowerNorm
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter, MaxNLocator

from reporting import fonts
from reporting import formatting as fmt
from reporting.model.deal import PercentMatrix, in_rank_order, standing
from reporting.model.summary import (
    WIDE_MATRIX_COLUMNS,
    CapitalStructure,
    ClassRow,
    DealSummary,
    Geography,
    TableSummary,
)

# --- one palette ----------------------------------------------------------------------

NAVY = "#1f3a5f"
BLUE = "#3c6e9f"
TEAL = "#2a9d8f"
ORANGE = "#d9822b"
GREY = "#8a94a3"
LIGHT = "#e9edf2"
INK = "#222831"
# Sequential scale for maps and heatmaps: pale to navy, readable in greyscale print.
SEQUENCE = ("#eef3f8", "#c9d9ea", "#9dbad8", "#6b95c0", "#3c6e9f", "#1f3a5f")
# Class colours for the capital structure: senior first, then the subordinate ladder.
CLASS_COLOURS = (NAVY, TEAL, "#5bb5a8", ORANGE, "#e6a25e", "#b0b8c4", GREY)

SIDE_WIDTH = 3.3
FULL_WIDTH = 7.0
# The side column (paged.css.j2: 38% of the text block, less a 2% gap) is 2.55 in on A4 and 2.63 in on Letter:
# a side chart prints at about 0.77 of its drawn size. Its letters are drawn large enough to print at 6 pt or
# more on either paper; at the 7.5 pt of the other charts the bars' labels printed at 5.8 pt, the map's at 4.6.
SIDE_PRINT_SCALE = 0.77
SMALLEST_PRINT = 6.0  # points: the least a letter prints at
# Points as drawn, to the half point above what prints at SMALLEST_PRINT: 8.0, 6.2 pt printed on A4, 6.4 on Letter
SIDE_TEXT = math.ceil(SMALLEST_PRINT / SIDE_PRINT_SCALE * 2) / 2
PNG_DPI = 220  # crisp at print size; see README for the SVG vs PNG measurement

fonts.register_with_matplotlib()
STYLE = {
    # matplotlib measures with the report's bundled Liberation Sans (reporting/fonts), named
    # fonts.FAMILY. SVG text names the whole stack: the PDF engine draws it with the same file;
    # a browser (an <img> cannot see the page's @font-face) with Liberation Sans or Arial,
    # whose widths are the same, then any sans-serif.
    "font.family": "sans-serif",
    "font.sans-serif": [fonts.FAMILY, "Liberation Sans", "Arial"],
    "font.size": 7.5,
    "axes.edgecolor": GREY,
    "axes.labelcolor": INK,
    "axes.titlesize": 8,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": INK,
    "ytick.color": INK,
    "svg.hashsalt": "termsheet",  # fixed ids: same input, same bytes
    "svg.fonttype": "path",  # text as outlines: no font needed to view it
    "path.simplify": True,
    "text.parse_math": False,  # filing labels hold "$": they are text, never mathtext
}
# What each format writes into the file; None removes the date and tool stamps.
_METADATA = {"svg": {"Date": None, "Creator": None}, "png": {"Software": None}}
_MEDIA_TYPES = {"svg": "image/svg+xml", "svg-text": "image/svg+xml", "png": "image/png"}
# "svg" draws letters as outlines; "svg-text" keeps them as text: 2-3x faster for
# WeasyPrint to lay out, a quarter of the bytes, and one drawing serves both the PDF
# and the HTML (README, "Charts in the PDF").
_FONT_TYPES = {"svg": "path", "svg-text": "none", "png": "path"}


def same_places(values: Sequence[float], most: int = 6) -> int:
    """The fewest decimals that write every value of a scale exactly: a scale of 0, 0.5 and 1 reads "0.0, 0.5,
    1.0", never "0, 0.5, 1" (figures of one axis with different decimals read as different precisions)."""
    for places in range(most + 1):
        if all(math.isclose(round(v, places), v, rel_tol=1e-9, abs_tol=1e-9) for v in values):
            return places
    return most


class SharePercent(Formatter):
    """An axis of shares, "0.5%", every tick with as many decimals as the finest of them needs (``same_places``)."""

    def __init__(self) -> None:
        self.places = 0

    def set_locs(self, locs) -> None:
        super().set_locs(locs)
        self.places = same_places(list(locs))

    def __call__(self, x: float, pos: int | None = None) -> str:
        return f"{x:.{self.places}f}%"


@dataclass(frozen=True)
class Chart:
    key: str  # "table-3", "matrix-0", "states-map" (and "states-map-9", another pool's), "capital"
    media_type: str
    data: bytes
    alt: str  # what the chart shows, for readers who cannot see it

    @property
    def data_uri(self) -> str:
        return f"data:{self.media_type};base64,{base64.b64encode(self.data).decode('ascii')}"


def draw_charts(
    summary: DealSummary, image_format: str = "svg", keys: Collection[str] | None = None
) -> dict[str, Chart]:
    """Every chart of the summary, by key (or only those in ``keys``). ``image_format``:
    "svg", "svg-text" or "png".

    In the report each chart sits beside or below the table it draws, so it carries no
    figure the table already prints (no value on each bar, no share on each map tile or
    heatmap cell): the chart shows the shape, the table the numbers. Every label is a
    text the PDF engine lays out one by one; these were half of them. The email gives the
    figures as text too (``draw_email_charts``).
    """
    if image_format not in _MEDIA_TYPES:
        raise ValueError(f"unknown chart format {image_format!r}")
    wanted = [chart for chart in report_charts(summary) if keys is None or chart[0] in keys]
    with matplotlib.rc_context({**STYLE, "svg.fonttype": _FONT_TYPES[image_format]}):
        return {key: _save(key, draw(), alt, image_format) for key, draw, alt in wanted}


def report_charts(
    summary: DealSummary, capital_layout: CapitalLayout | None = None
) -> list[tuple[str, Callable[[], Figure], str]]:
    """The summary's charts in page order, not yet drawn: (key, what draws it, alt text); the capital chart in
    ``capital_layout`` (the report's unless given)."""
    charts: list[tuple[str, Callable[[], Figure], str]] = []
    for table in summary.tables:
        if table.rows and any(r.share for r in table.rows):
            if (geography := summary.geography_of(table.index)) is not None:
                said = (
                    f", {geography.pool.label}" if summary.is_multi_pool else ""
                )  # which pool's, where there are several
                charts.append((table.anchor, partial(states_bar_figure, geography), _states_alt(geography, said)))
                charts.append((geography.map_key, partial(tile_map_figure, geography), _map_alt(geography, said)))
            else:
                charts.append((table.anchor, partial(distribution_figure, table), _distribution_alt(table)))
    for matrix in summary.matrices:
        charts.append((matrix.anchor, partial(heatmap_figure, matrix.data), _heatmap_alt(matrix.data)))
    capital = summary.capital
    if capital and capital.deal_balance and len(capital.classes) > 1:
        draw = partial(capital_figure, capital, capital_layout or REPORT_CAPITAL)
        charts.append(("capital", draw, _capital_alt(capital)))
    return charts


def _save(key: str, figure: Figure, alt: str, image_format: str) -> Chart:
    buffer = io.BytesIO()
    FigureCanvasAgg(figure)
    file_format = image_format.removesuffix("-text")
    with warnings.catch_warnings():
        # A letter the shipped font lacks (a filing's full-width "１２３") draws as a box; the table beside the chart
        # prints the label whole. Matplotlib's warning for each such letter was only noise on the user's terminal.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font", category=UserWarning)
        figure.savefig(buffer, format=file_format, dpi=PNG_DPI, metadata=_METADATA[file_format])
    # No figure.clear(): it rebuilds empty axes and ticks (a tenth of the chart time);
    # without pyplot nothing else holds the figure, so it is freed once dropped.
    return Chart(key, _MEDIA_TYPES[image_format], buffer.getvalue(), alt)


def _new_figure(width: float, height: float) -> Figure:
    return Figure(figsize=(width, height))


def _axes(figure: Figure, left: float, right: float, top: float, bottom: float):
    """Axes with margins given in inches: fixed margins instead of a layout engine,
    which would draw every figure twice (it was two thirds of the chart time)."""
    width, height = figure.get_size_inches()
    # However long a (hostile) label, the plot keeps some room: never a negative width.
    left = min(left, width - right - min(1.0, width / 3))
    return figure.add_axes((left / width, bottom / height, 1 - (left + right) / width, 1 - (top + bottom) / height))


TICK_LABEL_CHARS = 28  # about what fits beside a side chart at 7.5 pt


def _label_width(labels: Sequence[str], size: float = 7.5) -> float:
    """About how wide, in inches, the longest label prints (0.6 em a character: room to spare
    for Liberation Sans, whose letters average nearer 0.5 em)."""
    longest = max((len(line) for label in labels for line in label.split("\n")), default=4)
    return longest * size * 0.6 / 72 + 0.15


def _extra_lines(labels: Sequence[str]) -> int:
    """Lines beyond one per label, so a chart with wrapped labels grows to keep them apart."""
    return sum(label.count("\n") for label in labels)


# --- distributions: one horizontal bar per table row -------------------------------


def distribution_figure(table: TableSummary) -> Figure:
    labels = [r.label for r in table.rows]
    shares = [r.share or 0.0 for r in table.rows]
    return _bars(labels, shares, width=SIDE_WIDTH, colour=BLUE)


def states_bar_figure(geography: Geography, top: int = 10) -> Figure:
    states = geography.named[:top]  # a row for the rest is no state: the table beside gives it
    return _bars([s.state for s in states], [s.share for s in states], width=SIDE_WIDTH, colour=NAVY)


def _bars(labels: Sequence[str], shares: Sequence[float], width: float, colour: str) -> Figure:
    """Horizontal bars, the filing's first row on top; the table beside them gives each share."""
    labels = tick_labels(labels)
    figure = _new_figure(width, bars_height(labels))
    axes = _axes(figure, left=_label_width(labels, SIDE_TEXT), right=0.12, top=0.08, bottom=0.42)
    positions = range(len(labels))
    axes.barh(positions, shares, height=0.7, color=colour)
    # Bucket labels as plain texts rather than y ticks: a tick is five artists (a fifth
    # of the chart time went on making them) and several SVG nodes the PDF engine reads.
    axes.set_yticks([])
    axes.set_ylim(len(labels) - 0.5, -0.5)  # the filing's first row on top, like the table beside it
    for position, label in zip(positions, labels):
        axes.annotate(
            label,
            (0, position),
            xycoords=("axes fraction", "data"),
            xytext=(-3.5, 0),
            textcoords="offset points",
            ha="right",
            va="center",
            color=INK,
            fontsize=SIDE_TEXT,
        )
    axes.set_xlim(0, max(max(shares, default=0) * 1.05, 1))
    axes.tick_params(axis="x", labelsize=SIDE_TEXT)
    # Three or four gridlines are enough to read the scale, and each tick is several SVG
    # nodes and a text WeasyPrint must lay out. The table's heading says what they count.
    axes.xaxis.set_major_locator(MaxNLocator(nbins=3, steps=[1, 2, 2.5, 5, 10]))
    axes.xaxis.set_major_formatter(SharePercent())
    axes.grid(axis="x", color=LIGHT, linewidth=0.6)
    axes.set_axisbelow(True)
    return figure


def bars_height(labels: Sequence[str]) -> float:
    """A bar chart's height in inches for these (already shortened) labels. Every bar gets the same slot, so each
    slot holds the tallest label and a gap: spread over all the bars, the room for two wrapped labels side by side
    ("Condominium Units (one to / four stories high)" over "(over four / stories high)") left them touching."""
    tallest = max((label.count("\n") + 1 for label in labels), default=1)
    slot = max(0.2, tallest * SIDE_TEXT * 1.2 / 72 + 0.08)
    return 0.5 + max(0.2 * len(labels) + 0.2 * _extra_lines(labels), slot * len(labels))


def tick_labels(labels: Sequence[str], limit: int = TICK_LABEL_CHARS) -> list[str]:
    """Bar labels that fit beside a side chart and stay as distinct as the filing's.

    A long label wraps onto two lines at word breaks; a longer one keeps its first line and
    its end, where the filing's labels differ ("Condominium Units (one to four stories high)"
    against "... (over four stories high)"). Should two shortened labels still coincide,
    those are wrapped in full: two different buckets never print the same tick text.
    """
    # "$150,000 through $199,999" as "$150,000–$199,999": the table beside keeps the filing's words.
    labels = [label.replace(" through ", "\u2013") for label in labels]
    short = [_two_line_label(label, limit) for label in labels]
    pairs = itertools.combinations(range(len(labels)), 2)
    clashing = {k for i, j in pairs if short[i] == short[j] for k in (i, j)}
    return [
        "\n".join(textwrap.wrap(label, limit, break_long_words=True)) or label if i in clashing else short[i]
        for i, label in enumerate(labels)
    ]


def _two_line_label(label: str, limit: int) -> str:
    if len(label) <= limit:
        return label
    lines = textwrap.wrap(label, limit, break_long_words=True)
    if len(lines) <= 2:
        return "\n".join(lines)
    # Three lines or more: the first, then the end of the label, where buckets differ.
    return f"{lines[0]}\n\u2026{label[-(limit - 1) :].lstrip()}"


# --- geography: a US tile-grid map ---------------------------------------------------

# (column, row) of each state on a 11 x 8 tile grid, row 0 at the top. A tile map
# gives every state the same weight, so small north-eastern states stay readable.
TILE_POSITIONS = {
    "AK": (0, 0), "ME": (10, 0),
    "VT": (9, 1), "NH": (10, 1),
    "WA": (0, 2), "ID": (1, 2), "MT": (2, 2), "ND": (3, 2), "MN": (4, 2), "IL": (5, 2),
    "WI": (6, 2), "MI": (7, 2), "NY": (8, 2), "RI": (9, 2), "MA": (10, 2),
    "OR": (0, 3), "NV": (1, 3), "WY": (2, 3), "SD": (3, 3), "IA": (4, 3), "IN": (5, 3),
    "OH": (6, 3), "PA": (7, 3), "NJ": (8, 3), "CT": (9, 3),
    "CA": (0, 4), "UT": (1, 4), "CO": (2, 4), "NE": (3, 4), "MO": (4, 4), "KY": (5, 4),
    "WV": (6, 4), "VA": (7, 4), "MD": (8, 4), "DE": (9, 4),
    "AZ": (1, 5), "NM": (2, 5), "KS": (3, 5), "AR": (4, 5), "TN": (5, 5), "NC": (6, 5),
    "SC": (7, 5), "DC": (8, 5),
    "OK": (3, 6), "LA": (4, 6), "MS": (5, 6), "AL": (6, 6), "GA": (7, 6),
    "HI": (0, 7), "TX": (3, 7), "FL": (8, 7),
}  # fmt: skip
# Share-of-balance classes for the map: fixed breaks so two deals' maps compare.
MAP_BREAKS = (0.0, 1.0, 2.5, 5.0, 10.0, 25.0, 100.0)


def tile_map_figure(geography: Geography) -> Figure:
    """Each state a tile shaded by its share of balance (the state table, and the email's list, give each share).

    The tiles are one image, not 51 shapes: a PDF engine draws an image at once but
    works through every shape (and every letter) one by one.
    """
    shares = {s.code: s.share for s in geography.states if s.code}
    colours = ListedColormap(SEQUENCE)
    norm = BoundaryNorm(MAP_BREAKS, colours.N)
    figure = _new_figure(SIDE_WIDTH, MAP_HEIGHT)
    axes = _axes(figure, left=0.02, right=0.02, top=0.02, bottom=0.74)
    axes.imshow(_tile_pixels(shares, colours, norm), interpolation="nearest", extent=(0, 11, -8, 0))
    for code, (column, row) in TILE_POSITIONS.items():
        share = shares.get(code)
        dark = share is not None and share >= MAP_BREAKS[3]
        text_colour = "white" if dark else (INK if share else GREY)
        centre = (TILE_PIXELS - TILE_GUTTER) / TILE_PIXELS / 2
        axes.text(
            column + centre,
            -row - centre,
            code,
            ha="center",
            va="center",
            fontsize=SIDE_TEXT,
            color=text_colour,
            weight="bold",
        )
    axes.set_xlim(-0.1, 11.1)
    axes.set_ylim(-8.1, 0.1)
    axes.set_aspect("equal")
    axes.set_axis_off()
    scale = figure.colorbar(
        matplotlib.cm.ScalarMappable(norm=norm, cmap=colours),
        cax=_axes(figure, left=0.35, right=0.35, top=MAP_HEIGHT - 0.52, bottom=0.42),  # its legend's two lines below
        orientation="horizontal",
        spacing="uniform",
    )
    scale.set_ticks(MAP_BREAKS, labels=[f"{b:g}%" for b in MAP_BREAKS])
    scale.ax.tick_params(labelsize=SIDE_TEXT, length=2)
    scale.outline.set_visible(False)
    scale.set_label(_map_legend(geography), fontsize=SIDE_TEXT)
    return figure


def _map_legend(geography: Geography) -> str:
    """What an outlined tile means: no loans, unless the table has a row for the rest ("All other states"),
    where a state it does not name may hold some."""
    if geography.rest is None:
        return "% of balance (outlined: no loans)"
    # On two lines: on one, at SIDE_TEXT, it was wider than the map.
    return f"% of balance\n(outlined: not named; {fmt.percent(geography.rest.share)} in states not named)"


MAP_HEIGHT = 3.07  # inches, at SIDE_WIDTH
TILE_PIXELS = 24  # per tile in the map's image: a tile, then TILE_GUTTER clear pixels to the next
TILE_GUTTER = 2
NO_LOANS_OUTLINE = "#c4ccd6"  # a state without loans: an outlined white tile, unlike the palest share


def _tile_pixels(shares: dict[str, float], colours: ListedColormap, norm: BoundaryNorm) -> np.ndarray:
    """The tile grid as RGBA pixels: each state's tile in its share's colour, the rest clear."""
    pixels = np.zeros((8 * TILE_PIXELS, 11 * TILE_PIXELS, 4))
    side = TILE_PIXELS - TILE_GUTTER
    for code, (column, row) in TILE_POSITIONS.items():
        share = shares.get(code)
        top, left = row * TILE_PIXELS, column * TILE_PIXELS
        tile = pixels[top : top + side, left : left + side]
        if share:
            tile[:] = colours(norm(share))
        else:
            tile[:] = matplotlib.colors.to_rgba(NO_LOANS_OUTLINE)
            tile[1:-1, 1:-1] = matplotlib.colors.to_rgba("white")
    return pixels


# --- FICO x LTV heatmap --------------------------------------------------------------


def heatmap_figure(matrix: PercentMatrix) -> Figure:
    """The matrix's cells shaded by share of balance; the table above it gives each cell's share."""
    rows, columns = len(matrix.row_labels), len(matrix.col_labels)
    row_labels = tick_labels(matrix.row_labels)  # shortened as the bar charts' are
    # A wide matrix's chart spans the text block (the report shows it at its full width), a narrower one 80% of it
    width = FULL_WIDTH if columns > WIDE_MATRIX_COLUMNS else FULL_WIDTH * 0.8
    figure = _new_figure(width, 1.25 + 0.28 * rows + 0.12 * _extra_lines(row_labels))
    left = _label_width(row_labels) + 0.25
    axes = _axes(figure, left=left, right=0.1, top=0.5, bottom=0.75)
    peak = _heat_peak(matrix)
    # A cell of 0.00% holds no loans: white, not the palest shade of "a few".
    cells = np.ma.masked_equal([list(row) + [0.0] * (columns - len(row)) for row in matrix.cells], 0.0)
    shading = axes.imshow(
        cells,
        cmap=_sequential_map().with_extremes(bad="white"),
        norm=_heat_norm(peak),
        aspect="auto",
    )
    # The legend: what a shade means, in % of the pool's balance.
    scale = figure.colorbar(
        shading, cax=_axes(figure, left=left, right=2.2, top=0.28 * rows + 0.85, bottom=0.32), orientation="horizontal"
    )
    _legend_levels(scale, peak)
    scale.ax.tick_params(labelsize=6.5, length=2)
    scale.outline.set_visible(False)
    scale.set_label("share of the pool's balance in a cell", fontsize=6.5)
    column_labels = [_two_lines(label) for label in matrix.col_labels]
    pitch = (width - left - 0.1) * 72 / max(columns, 1)  # points across a column
    axes.set_xticks(range(columns), labels=column_labels, fontsize=_column_label_size(column_labels, pitch))
    axes.set_yticks(range(rows), labels=row_labels)
    axes.xaxis.tick_top()
    # Beside its table the chart only shades; the report's text says what the shade means.
    axes.set_xlabel(matrix.col_header)
    axes.xaxis.set_label_position("top")
    axes.set_ylabel(matrix.row_header)
    axes.tick_params(length=0)
    for spine in axes.spines.values():
        spine.set_visible(False)
    return figure


HEAT_LEVELS = (0, 1, 5, 10, 20, 30, 40, 50, 75, 100)  # percent of a pool's balance in a cell


def _legend_levels(scale, peak: float) -> None:
    """The legend's round levels, all written with one number of decimals, and the largest cell as its own mark
    beyond the bar's end, written as the table writes it ("0% 1% 5% 10% 20%", then "largest cell 22.31%"): a
    tick of "22.31%" among "0% 1% 5%" read as levels of different precisions."""
    levels = [level for level in HEAT_LEVELS if level <= peak]
    places = same_places(levels)
    scale.set_ticks(levels, labels=[f"{level:.{places}f}%" for level in levels])
    scale.ax.annotate(
        f"largest cell {fmt.percent(peak)}",
        (1, 0.5),
        xycoords="axes fraction",
        xytext=(4, 0),
        textcoords="offset points",
        va="center",
        fontsize=6.5,
    )


def _column_label_size(labels: Sequence[str], pitch: float) -> float:
    """The heatmap's column labels at 6.5 pt where a line of the longest ("100.000%", about 0.55 em a letter) fits
    its column's ``pitch`` points, smaller where it must, never under the 6 pt that prints legibly."""
    longest = max((len(line) for label in labels for line in label.split("\n")), default=1)
    return min(6.5, max(6.0, pitch / (longest * 0.55)))


def _heat_peak(matrix: PercentMatrix) -> float:
    return max((v for row in matrix.cells for v in row if v is not None), default=1.0) or 1.0


def _heat_norm(peak: float) -> PowerNorm:
    # A square-root scale so the many small cells are not all the same pale colour.
    return PowerNorm(0.5, vmin=0, vmax=peak)


def heat_shades(matrix: PercentMatrix) -> tuple[tuple[tuple[str, str], ...], ...]:
    """Each cell's background and ink ("#rrggbb"), shaded as ``heatmap_figure`` shades it: for a heatmap
    drawn as a table (the email's, whose figures must be text a phone shows at a legible size).
    The ink is whichever of white and the text colour stands out more against the shade."""
    norm, colours = _heat_norm(_heat_peak(matrix)), _sequential_map()

    def shade(value: float | None) -> tuple[str, str]:
        background = matplotlib.colors.to_hex(colours(norm(value))) if value else "#ffffff"  # no loans (or none said)
        light = _contrast(background, "#ffffff") >= _contrast(background, INK)
        return background, "#ffffff" if light else INK

    return tuple(tuple(shade(value) for value in row) for row in matrix.cells)


def _contrast(one: str, other: str) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21."""

    def luminance(colour: str) -> float:
        channels = (
            c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in matplotlib.colors.to_rgb(colour)
        )
        red, green, blue = channels
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _two_lines(label: str) -> str:
    """Break "65.001%-75.000%" or "65.00% and below" so six columns fit side by side."""
    for separator in (" - ", "-", " and ", " to "):
        if separator in label:
            head, tail = label.split(separator, 1)
            return (
                f"{head}{separator.rstrip()}\n{tail}"
                if separator.strip() == "-"
                else f"{head}\n{separator.strip()} {tail}"
            )
    return label


def _sequential_map() -> matplotlib.colors.Colormap:
    return matplotlib.colors.LinearSegmentedColormap.from_list("termsheet", SEQUENCE)


# --- capital structure ---------------------------------------------------------------


@dataclass(frozen=True)
class CapitalLayout:
    """How big the capital chart is drawn, and its letters: the report's sits under its table at the text block's
    width; the email's is narrower with larger letters, so that a phone (which shrinks a picture to its width) shows
    them legibly. Panels are (left, bottom, width, height) in fractions of the figure."""

    width: float  # inches
    height: float
    whole: tuple[float, float, float, float]
    zoom: tuple[float, float, float, float]
    label_points: float  # each block's label
    tick_points: float  # the scales and their titles
    title_points: float  # each panel's title


# Each stack's left margin holds its scale and the axis title beside it (0.1 of the width cut the title's first
# letters off the email's picture).
REPORT_CAPITAL = CapitalLayout(FULL_WIDTH * 0.72, 2.6, (0.13, 0.06, 0.32, 0.82), (0.64, 0.06, 0.32, 0.82), 6.5, 7.5, 8)
EMAIL_CAPITAL = CapitalLayout(3.9, 2.9, (0.155, 0.05, 0.30, 0.85), (0.6, 0.05, 0.33, 0.85), 7.5, 7.5, 8)


def capital_figure(capital: CapitalStructure, layout: CapitalLayout = REPORT_CAPITAL) -> Figure:
    """The deal as a stack of classes, and the subordinate classes magnified beside it."""
    classes = [c for c in capital.classes if c.share is not None]
    figure = _new_figure(layout.width, layout.height)
    whole = figure.add_axes(layout.whole)
    zoom = figure.add_axes(layout.zoom)
    seniors, juniors = _seniors_and_juniors(classes)
    _stack(whole, seniors + [_together(juniors)] if juniors else seniors, "Whole deal", 100.0, layout)
    _stack(zoom, juniors, "Subordinate classes (zoom)", sum(c.share for c in juniors) or 1.0, layout)
    return figure


def _seniors_and_juniors(classes: list[ClassRow]) -> tuple[list[ClassRow], list[ClassRow]]:
    """The senior classes that top the stack (IA-1, IIA-1, A-PO: the same juniors stand below each),
    and the juniors most senior first (M, then B-1 ... B-n; each loan group's IB-1 ... together), where
    the names say every class's rank; else the first class listed over the rest, in the filing's order."""
    found = [standing(c.name) for c in classes]
    if None in found or not any(s.rank == 0 for s in found):
        return classes[:1], classes[1:]
    seniors = [c for c, s in zip(classes, found) if s.rank == 0]
    return seniors, [c for c in in_rank_order(classes) if c not in seniors]


def _together(classes: Sequence[ClassRow]) -> ClassRow:
    """The subordinate classes as one block of the whole deal's stack: a class alone is itself; several, "B-1 to
    B-6", have no balance of their own (``_stack_label``)."""
    if len(classes) == 1:
        return classes[0]
    return ClassRow(f"{classes[0].name} to {classes[-1].name}", None, sum(c.share for c in classes), None, ())


def _stack_label(cls: ClassRow) -> str:
    """A block's label: the class and its share as the class table beside the chart writes it, so that where the
    chart is too small to read (a phone) the table gives every figure it shows. Several classes together ("B-1 to
    B-6") are named only: their sum is in no table, and the zoom beside gives each one's share."""
    return cls.name if cls.balance is None else f"{cls.name}  {fmt.class_share(cls.share)}"


_LABEL_PITCH = 1.5  # a label's line height, in font sizes: two labels never nearer than this
_SMALL_BLOCK = 0.04  # a block under 4% of the axis is too thin to stand its label at: a leader line to it


def _stack(axes, classes, title: str, top: float, layout: CapitalLayout) -> None:
    """The classes as a credit stack: the most junior at the bottom (it takes losses first), the senior on top.
    Every block is labelled: one too thin to set its label beside it (A-PO's 0.5% of the deal) has its label
    moved clear of the others, with a leader line to the block."""
    bottom = 0.0
    ranked = list(enumerate(classes))  # position 0 is the most senior class listed
    centres: list[tuple[ClassRow, float]] = []
    for position, cls in reversed(ranked):
        colour = CLASS_COLOURS[min(position + (0 if title == "Whole deal" else 1), len(CLASS_COLOURS) - 1)]
        axes.bar(0, cls.share, bottom=bottom, width=0.55, color=colour, edgecolor="white", linewidth=0.6)
        centres.append((cls, bottom + cls.share / 2))
        bottom += cls.share
    axes.set_ylim(0, top * 1.02)
    pitch = _label_pitch(axes, top * 1.02, layout.label_points)
    places = label_places([centre for _, centre in centres], pitch, top * 1.02)
    for (cls, centre), place in zip(centres, places):
        led = cls.share < top * _SMALL_BLOCK or abs(place - centre) > top * 0.005
        axes.annotate(
            _stack_label(cls),
            (0.28, centre) if led else (0.3, centre),
            xytext=(0.5, place) if led else (4, 0),
            textcoords="data" if led else "offset points",
            va="center",
            fontsize=layout.label_points,
            arrowprops={"arrowstyle": "-", "color": GREY, "linewidth": 0.6, "shrinkA": 1, "shrinkB": 0}
            if led
            else None,
        )
    axes.set_xlim(-0.4, 1.6)
    axes.set_xticks([])
    # "50%", as every other chart writes a share (it read "100" and "2.0" beside labels of "97.550%").
    axes.yaxis.set_major_formatter(SharePercent())
    axes.tick_params(labelsize=layout.tick_points)
    axes.set_ylabel("% of deal balance", fontsize=layout.tick_points)
    axes.set_title(title, loc="left", fontsize=layout.title_points)


def _label_pitch(axes, span: float, points: float) -> float:
    """How far apart two labels' centres must stand, in the axis's units (its height in points over its span)."""
    height_points = axes.get_position().height * axes.figure.get_figheight() * 72
    return points * _LABEL_PITCH * span / height_points


def label_places(wanted: Sequence[float], pitch: float, ceiling: float) -> list[float]:
    """Where to set labels wanted at ``wanted`` (rising) on an axis from 0 to ``ceiling``, so that no two stand
    nearer than ``pitch``: each as near its own place as the others let it, pushed up over the one below, then,
    where the top ones run past the axis, pushed down from the top."""
    places: list[float] = []
    for centre in wanted:
        places.append(max(centre, pitch / 2, places[-1] + pitch) if places else max(centre, pitch / 2))
    limit = ceiling - pitch / 2
    for i in reversed(range(len(places))):
        places[i] = min(places[i], limit)
        limit = places[i] - pitch
    return places


# --- alt text: what a reader who cannot see the chart needs ---------------------------


def _largest(labels_and_shares: Sequence[tuple[str, float]]) -> str:
    label, share = max(labels_and_shares, key=lambda pair: pair[1])
    return f"largest: {label} at {fmt.percent(share, 1)}"


def _distribution_alt(table: TableSummary) -> str:
    pairs = [(r.label, r.share or 0.0) for r in table.rows]
    return f"Bar chart of % of balance by {table.label_header.lower()} ({len(pairs)} buckets); {_largest(pairs)}."


def _states_alt(geography: Geography, pool: str = "") -> str:
    top = ", ".join(f"{s.state} {fmt.percent(s.share, 1)}" for s in geography.named[:5])
    return f"Bar chart of the largest states by % of balance{pool}: {top}."


def _map_alt(geography: Geography, pool: str = "") -> str:
    return (
        f"US tile map shaded by % of balance in each state{pool}; {geography.with_loans} with loans, "
        f"California {fmt.percent(geography.california_share, 1)}, top 5 states {fmt.percent(geography.top_share, 1)}."
    )


def _heatmap_alt(matrix: PercentMatrix) -> str:
    cells = [
        (f"{row} / {column}", value)
        for row, values in zip(matrix.row_labels, matrix.cells)
        for column, value in zip(matrix.col_labels, values)
    ]
    return f"Heatmap of % of balance by {matrix.row_header} and {matrix.col_header}; {_largest(cells)}."


def _capital_alt(capital: CapitalStructure) -> str:
    parts = ", ".join(f"{c.name} {fmt.class_share(c.share)}" for c in capital.classes if c.share is not None)
    return f"Stacked bar of the certificate classes as % of the deal balance: {parts}."


# --- PNG charts for email -------------------------------------------------------------

# Mail clients show PNG, not SVG; drawn at twice the size they are shown, so they stay
# sharp on high-density screens while a side chart is about 300 px wide in the message.
# The map is shown across the column (600 px, present/email.py): 1,200 px over its 3.3 inches.
EMAIL_MAP_DPI = 370
EMAIL_DPI = 180
EMAIL_SCALE = 2
# 64 colours without dithering look the same as the full-colour chart and weigh a third.
EMAIL_COLOURS = 64


def draw_email_charts(summary: DealSummary, keys: Sequence[str]) -> dict[str, Chart]:
    """The named charts (keys as in ``draw_charts``) as PNG for email; unknown keys are skipped.

    The same charts as the PDF and HTML, without figures as they are: a picture shrinks to a
    phone's width, and the figures with it (the map's shares were 5 px high on a 390 px phone).
    The email gives each figure as text (``present/email.py``).
    """
    charts = {key: (draw, alt) for key, draw, alt in report_charts(summary, EMAIL_CAPITAL)}
    with matplotlib.rc_context(STYLE):
        return {
            key: _save_png(key, charts[key][0](), charts[key][1], EMAIL_MAP_DPI if key == "states-map" else EMAIL_DPI)
            for key in keys
            if key in charts
        }


def _save_png(key: str, figure: Figure, alt: str, dpi: int) -> Chart:
    from PIL import Image

    # Agg's pixels taken as they are drawn: the same pixels savefig's PNG holds, without
    # compressing them to a PNG only to read it back (a fifth of an email's chart time).
    canvas = FigureCanvasAgg(figure)
    figure.set_dpi(dpi)
    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(physical=True), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    palette = image.convert("RGB").quantize(EMAIL_COLOURS, Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small = io.BytesIO()
    # Level 8, not 9 (optimize=True): a hundredth bigger, in a third of the time. Pillow writes
    # no date: the same chart gives the same bytes.
    palette.save(small, format="PNG", compress_level=8)
    return Chart(key, _MEDIA_TYPES["png"], small.getvalue(), alt)


# --- the deal diff: old against new, bucket by bucket ------------------------------

OLD_COLOUR = SEQUENCE[2]  # the earlier deal pale, the later one navy: they stay apart in greyscale
NEW_COLOUR = NAVY


@dataclass(frozen=True)
class PairedBars:
    """One table of the diff as a chart: % of balance per bucket in the old and the new deal."""

    key: str
    subject: str  # what the buckets are, for the alt text: "note rate", "state"
    labels: tuple[str, ...]
    old: tuple[float, ...]
    new: tuple[float, ...]


def draw_paired_charts(
    charts: Sequence[PairedBars], old_name: str, new_name: str, image_format: str = "svg"
) -> dict[str, Chart]:
    """A paired bar chart for each comparable table of a diff, by key."""
    if image_format not in _MEDIA_TYPES:
        raise ValueError(f"unknown chart format {image_format!r}")
    with matplotlib.rc_context({**STYLE, "svg.fonttype": _FONT_TYPES[image_format]}):
        return {
            c.key: _save(
                c.key, paired_bars_figure(c, old_name, new_name), _paired_alt(c, old_name, new_name), image_format
            )
            for c in charts
        }


def draw_email_paired_charts(charts: Sequence[PairedBars], old_name: str, new_name: str) -> dict[str, Chart]:
    """Paired bar charts as PNG for email, drawn like the diff report's and saved like the summary email's."""
    with matplotlib.rc_context(STYLE):
        return {
            c.key: _save_png(
                c.key, paired_bars_figure(c, old_name, new_name), _paired_alt(c, old_name, new_name), EMAIL_DPI
            )
            for c in charts
        }


def paired_bars_figure(chart: PairedBars, old_name: str, new_name: str, width: float = SIDE_WIDTH) -> Figure:
    """Two bars per bucket, old above new, in the table's order; the legend names the deals."""
    labels = tick_labels(chart.labels)
    figure = _new_figure(width, 0.75 + 0.24 * len(labels) + 0.2 * _extra_lines(labels))
    axes = _axes(figure, left=_label_width(labels), right=0.12, top=0.3, bottom=0.42)
    bar = 0.4
    positions = range(len(labels))
    axes.barh([p - bar / 2 for p in positions], chart.old, height=bar, color=OLD_COLOUR, label=old_name)
    axes.barh([p + bar / 2 for p in positions], chart.new, height=bar, color=NEW_COLOUR, label=new_name)
    axes.set_yticks(list(positions), labels=labels)
    axes.invert_yaxis()  # the table's first bucket on top, like the table beside it
    axes.set_xlim(0, max(max((*chart.old, *chart.new), default=0) * 1.08, 1))
    axes.set_xlabel("% of balance")
    axes.tick_params(axis="y", length=0)
    axes.grid(axis="x", color=LIGHT, linewidth=0.6)
    axes.set_axisbelow(True)
    figure.legend(loc="upper left", bbox_to_anchor=(0.02, 1.0), ncols=2, frameon=False, fontsize=6.5, handlelength=1.2)
    return figure


def _paired_alt(chart: PairedBars, old_name: str, new_name: str) -> str:
    # The change between the shares as the table beside the chart prints them.
    moves = [(label, round(new, 2) - round(old, 2)) for label, old, new in zip(chart.labels, chart.old, chart.new)]
    label, move = max(moves, key=lambda pair: abs(pair[1]), default=("none", 0.0))
    return (
        f"Paired bar chart of % of balance by {chart.subject}, {old_name} against {new_name} "
        f"({len(chart.labels)} buckets); largest change: {label} {fmt.points(move)}."
    )
