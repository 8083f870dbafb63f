"""A chart's scale writes all its levels with one number of decimals, each level as the gridline it names.

The shelf history of the two samples drew "Loans above 80% LTV" against levels written "1%", "1.25%" and "1.5%",
and CMSI 2004-8's capital chart magnified its subordinate classes against "0%, 0.5%, 1%, 1.5%, 2%": figures of
one scale with different decimals read as figures of different precisions. (A dollar scale written to whole
millions would also have named two levels half a million apart "$494mm" alike.)
"""

from __future__ import annotations

import re

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg

from reporting.derive.shelf import build_shelf
from reporting.derive.summary import summarise
from reporting.model.deal import Deal
from reporting.present.charts import STYLE, capital_figure
from reporting.present.shelf_charts import small_multiple_figure, small_multiples


def _decimals(label: str) -> int:
    found = re.search(r"\.(\d+)", label)
    return len(found.group(1)) if found else 0


def _number(label: str) -> float:
    """ "$493.5mm" -> 493500000, "1.25%" -> 1.25, "1,097.5" -> 1097.5."""
    value = float(re.sub(r"[^\d.\-]", "", label))
    return value * 1e6 if label.endswith("mm") else value


def test_each_shelf_charts_levels_have_one_number_of_decimals_and_name_their_gridlines(
    term_sheet: Deal, detailed: Deal
):
    charts = small_multiples(build_shelf([term_sheet, detailed]))
    assert len(charts) >= 6  # the shelf of the two samples charts every figure both deals give
    mixed, wrong = {}, {}
    with matplotlib.rc_context(STYLE):
        for chart in charts:
            figure = small_multiple_figure(chart)
            # The levels are the upright texts beside the plot (the deals' names stand on end under it).
            levels = [(t.get_text(), t.xy[1]) for t in figure.axes[0].texts if t.get_rotation() == 0]
            assert len(levels) >= 2, chart.title
            if len({_decimals(text) for text, _ in levels}) > 1:
                mixed[chart.title] = [text for text, _ in levels]
            wrong.update({text: level for text, level in levels if abs(_number(text) - level) > 1e-6 * abs(level)})
    assert mixed == {}
    assert wrong == {}


def test_the_capital_charts_magnified_scale_has_one_number_of_decimals(detailed: Deal):
    with matplotlib.rc_context(STYLE):
        figure = capital_figure(summarise(detailed).capital)
    FigureCanvasAgg(figure).draw()
    scales = [[label.get_text() for label in axes.get_yticklabels()] for axes in figure.axes]
    assert len(scales) == 2 and all(len(scale) >= 3 for scale in scales)
    assert [scale for scale in scales if len({_decimals(label) for label in scale}) > 1] == []
    # The magnified scale's steps are under a whole percent: its levels keep the decimal that tells them apart.
    assert len(set(scales[1])) == len(scales[1])
