"""A chart's scale writes all its levels with one number of decimals, each level as the gridline it names.

The shelf history of the two samples drew "Loans above 80% LTV" against levels written "1%", "1.25%" and "1.5%",
and CMSI 2004-8's capital chart magnified its subordinate classes against "0%, 0.5%, 1%, 1.5%, 2%": figures of
one scale with different decimals read as figures of different precisions. Two deals nearly alike (the term
sheet, and the same pool with $0.5mm and one loan more) were drawn against levels all written "$620mm", and
against loan counts of 1,225.25 loans written "1,225". The FICO x LTV heatmap's legend read "0% 1% 5% 10% 22.31%":
its top level was the largest cell.
"""

from __future__ import annotations

import re
from datetime import date

import matplotlib
from deal_edits import as_series, with_pool
from matplotlib.backends.backend_agg import FigureCanvasAgg

from reporting.derive.shelf import build_shelf
from reporting.derive.summary import summarise
from reporting.model.deal import Deal
from reporting.present.charts import STYLE, capital_figure, heatmap_figure
from reporting.present.shelf_charts import small_multiple_figure, small_multiples


def _decimals(label: str) -> int:
    found = re.search(r"\.(\d+)", label)
    return len(found.group(1)) if found else 0


def _number(label: str) -> float:
    """ "$493.5mm" -> 493500000, "1.25%" -> 1.25, "1,097.5" -> 1097.5."""
    value = float(re.sub(r"[^\d.\-]", "", label))
    return value * 1e6 if label.endswith("mm") else value


def _levels(deals: list[Deal]) -> dict[str, list[tuple[str, float]]]:
    """Each small multiple of the shelf of ``deals``: its levels' texts and the levels they name."""
    found = {}
    with matplotlib.rc_context(STYLE):
        for chart in small_multiples(build_shelf(deals)):
            figure = small_multiple_figure(chart)
            # The levels are the upright texts beside the plot (the deals' names stand on end under it).
            found[chart.title] = [(t.get_text(), t.xy[1]) for t in figure.axes[0].texts if t.get_rotation() == 0]
    return found


def _misnamed(levels: dict[str, list[tuple[str, float]]]) -> dict[str, list[str]]:
    """The charts whose levels mix numbers of decimals, repeat a text, or write a level other than it is."""
    bad = {}
    for title, found in levels.items():
        texts = [text for text, _ in found]
        wrong = [text for text, level in found if abs(_number(text) - level) > 1e-6 * abs(level)]
        if len({_decimals(t) for t in texts}) > 1 or len(set(texts)) < len(texts) or wrong:
            bad[title] = texts
    return bad


def test_each_shelf_charts_levels_have_one_number_of_decimals_and_name_their_gridlines(
    term_sheet: Deal, detailed: Deal
):
    levels = _levels([term_sheet, detailed])
    assert len(levels) >= 6 and all(len(found) >= 2 for found in levels.values())
    assert _misnamed(levels) == {}


def test_deals_nearly_alike_are_drawn_against_levels_that_tell_them_apart(term_sheet: Deal):
    (whole,) = term_sheet.pools
    larger = with_pool(
        term_sheet, whole.name, aggregate_balance=whole.aggregate_balance + 500_000, loan_count=whole.loan_count + 1
    )
    levels = _levels([as_series(term_sheet, "2005-1", date(2005, 1, 1)), as_series(larger, "2005-2", date(2005, 2, 1))])
    assert {"Aggregate balance", "Loan count"} <= set(levels)
    assert _misnamed(levels) == {}
    assert [text for text, _ in levels["Loan count"]] == ["1,225", "1,226"]  # whole loans, as the filings count them


def test_the_capital_charts_magnified_scale_has_one_number_of_decimals(detailed: Deal):
    with matplotlib.rc_context(STYLE):
        figure = capital_figure(summarise(detailed).capital)
    FigureCanvasAgg(figure).draw()
    scales = [[label.get_text() for label in axes.get_yticklabels()] for axes in figure.axes]
    assert len(scales) == 2 and all(len(scale) >= 3 for scale in scales)
    assert [scale for scale in scales if len({_decimals(label) for label in scale}) > 1] == []
    # The magnified scale's steps are under a whole percent: its levels keep the decimal that tells them apart.
    assert len(set(scales[1])) == len(scales[1])


def test_the_heatmap_legends_levels_have_one_number_of_decimals_and_the_largest_cell_is_its_own_mark(
    term_sheet: Deal,
):
    with matplotlib.rc_context(STYLE):
        figure = heatmap_figure(summarise(term_sheet).matrices[0].data)
    FigureCanvasAgg(figure).draw()
    legend = figure.axes[-1]
    levels = [(label.get_text(), level) for label, level in zip(legend.get_xticklabels(), legend.get_xticks())]
    assert len(levels) >= 3 and len({_decimals(text) for text, _ in levels}) == 1
    assert [text for text, level in levels if _number(text) != level] == []  # each names its own level
    # 750-799 at 65% and below, 22.31% of the balance, written as the matrix's table writes it, beside the bar's end
    assert [text.get_text() for text in legend.texts] == ["largest cell 22.31%"]
    assert max(level for _, level in levels) <= 22.31 == legend.get_xlim()[1]
