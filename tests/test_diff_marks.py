"""The diff of a FICO x LTV matrix whose filing writes some cells only as a mark ("*" under "* Less than 0.005%").

Such a cell is a share above 0% and under the bound: the deal's reports show it as "<0.005%", never as the
0.00% it would round to. The diff must do the same: each side's cell as its filing gives it, and the change
to or from it marked as known only to within half the bound, in every format that shows the cells.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import jsonschema
import pytest
from workbooks import Workbook

from reporting.derive.diff import build_diff
from reporting.model.deal import Verdict
from reporting.present.renders import DiffRender

sys.path.insert(0, str(Path(__file__).parent))
from test_matrix_cells import RULE_UNDER_TOTAL, SAMPLE, STARRED, _edited, _read, _with_stars  # noqa: E402

SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "reporting/schema/diff.schema.json").read_text())
STARRED_DEAL = _read(_with_stars("*  Less than 0.005%"))


@pytest.fixture(scope="module")
def render() -> DiffRender:
    """The sample's matrix (every cell stated) against the same matrix with two of its 0.00 cells written "*"."""
    return DiffRender(build_diff(SAMPLE, STARRED_DEAL))


def _change_row(html: str, label: str) -> list[str]:
    table = html[html.index("Change in each cell") :]
    row = re.search(rf'<tr><th scope="row">{re.escape(label)}</th>(.*?)</tr>', table).group(1)
    return re.findall(r'<td class="num">([^<]*)</td>', row)


def test_the_diff_knows_which_cells_each_side_gives_only_as_under_a_bound(render):
    (matrix,) = render.diff.matrices
    assert all(bound is None for row in matrix.old_under for bound in row)  # the sample states every cell
    assert {(r, c) for r, row in enumerate(matrix.new_under) for c, b in enumerate(row) if b == 0.005} == STARRED
    assert sum(b is not None for row in matrix.new_under for b in row) == len(STARRED)
    for r, row in enumerate(matrix.changes):
        for c, _ in enumerate(row):
            assert matrix.change_within(r, c) == (0.0025 if (r, c) in STARRED else None)
    assert (matrix.widest_within, matrix.bounds) == (0.0025, (0.005,))


def test_the_html_diff_marks_each_change_resting_on_a_mark_and_says_how_far_it_may_be_off(render):
    html = render.html
    # Row "620 to 649", column 4 (80.001%-85.000%) is a "*" in the new filing, "0.00" in the old.
    assert _change_row(html, "620 to 649") == ["0.00 pp", "0.00 pp", "0.00 pp", "~0.00 pp", "0.00 pp", "0.00 pp"]
    assert _change_row(html, "800 and above") == ["0.00 pp", "0.00 pp", "0.00 pp", "0.00 pp", "~0.00 pp", "0.00 pp"]
    assert _change_row(html, "650 to 699") == ["0.00 pp"] * 6  # no mark in the row: no "~"
    assert (
        "~: a change to or from a share a filing gives only as under a bound (&lt;0.005%); it is measured "
        "from the middle of that range and may be up to 0.0025 pp either way." in html
    )


def test_the_diff_of_a_matrix_with_no_marks_says_nothing_of_them():
    (matrix,) = build_diff(SAMPLE, SAMPLE).matrices
    assert matrix.widest_within is None and matrix.bounds == ()
    html = DiffRender(build_diff(SAMPLE, SAMPLE)).html
    assert "~" not in html[html.index("Change in each cell") :].split("</section>")[0]


def test_the_workbook_shows_the_marked_cell_as_its_bound_and_its_change_as_approximate(render):
    book = Workbook.read(render.xlsx)
    sheet, _ = book.sheet("FICO x LTV")
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    starts = [i for i, row in enumerate(rows) if row[0] in ("620 to 649",)]
    assert len(starts) == 3  # old, new and change blocks
    old, new, change = (rows[i] for i in starts)
    assert old[1:5] == [pytest.approx(0.0178), pytest.approx(0.0084), pytest.approx(0.0036), 0]
    assert new[1:5] == [pytest.approx(0.0178), pytest.approx(0.0084), pytest.approx(0.0036), "<0.005%"]
    assert change[1:4] == [0, 0, 0] and change[4] == "~0.00 pp"
    assert "may be up to 0.0025 pp either way" in sheet.cell(starts[2] + 1, 5).comment.text
    assert "may be up to 0.0025 pp either way" in sheet["A3"].value


def test_the_json_gives_each_sides_bounds_by_cell_and_keeps_to_its_schema(render):
    data = json.loads(render.json)
    jsonschema.validate(data, SCHEMA)
    (matrix,) = data["matrices"]
    assert matrix["new_under"][1][3] == 0.005 and matrix["new_under"][5][4] == 0.005
    assert matrix["old_under"][1][3] is None and matrix["new_cells"][1][3] == 0.0025


# The 90.001%-95.000% column made all but nothing: its two stated figures (0.06, 0.05) moved into the first
# column of their rows, one of its cells and its Total written "*". Every row's total stays the sample's.
ROW_699 = "650 to 699           6.02          4.16          5.45         0.07          0.38          0.06         16.15"
ROW_749 = "700 to 749          15.23          8.17         10.03         0.07          0.06          0.05         33.63"
ROW_799 = "750 to 799          22.31         10.70         11.72         0.03          0.11          0.00         44.87"
TOTAL = "Total               46.63%        24.43%        28.07%        0.19%         0.55%         0.12%       100.00%"
NEARLY_NONE = _edited(
    {
        ROW_699: ROW_699.replace("6.02", "6.08").replace("0.06    ", "0.00    "),
        ROW_749: ROW_749.replace("15.23", "15.28").replace("0.05    ", "0.00    "),
        ROW_799: ROW_799[:90] + "   *" + ROW_799[94:],
        TOTAL: TOTAL.replace("46.63%", "46.74%").replace(" 0.12%", "     *"),
        RULE_UNDER_TOTAL: f"{RULE_UNDER_TOTAL}\n*  Less than 0.005%",
        # the LTV table holds the same loans as the matrix: two of its three loans above 90% moved to the first
        # bucket there too, and the balance above 80% with them (the checks set the matrix against the table)
        "65.00% and below                    534                         $289,011,601": (
            "65.00% and below                    536                         $289,728,450"
        ),
        "90.001% - 95.000%                     3                              731,849": (
            "90.001% - 95.000%                     1                               15,000"
        ),
        "principal balance of $5,368,851 as of": "principal balance of $4,652,002 as of",
    }
)


@pytest.fixture(scope="module")
def total_render() -> DiffRender:
    """The sample against the filing whose 90.001%-95.000% column's Total is written "*"."""
    return DiffRender(build_diff(SAMPLE, _read(NEARLY_NONE)))


def test_a_total_the_filing_writes_as_a_mark_is_its_bound_and_its_change_approximate(total_render):
    new = _read(NEARLY_NONE)
    (new_matrix,) = new.matrices
    assert new_matrix.col_totals[5] == 0.0025 and new_matrix.bound_at(6, 5) == 0.005  # read as the mark it is
    assert new.verdict is Verdict.RECONCILED
    (matrix,) = total_render.diff.matrices
    column = {t.label: t for t in matrix.col_totals}["90.001%-95.000%"]
    assert (column.old_share, column.new_share, column.old_under, column.new_under) == (0.12, 0.0025, None, 0.005)
    assert column.change_within == 0.0025 and column.change == pytest.approx(-0.1175)
    first = matrix.col_totals[0]  # stated both sides: exact
    assert (first.old_share, first.new_share, first.change_within) == (46.63, 46.74, None)
    assert (matrix.widest_within, matrix.bounds) == (0.0025, (0.005,))


def test_the_html_diff_shows_the_marked_total_as_its_bound_never_as_a_figure(total_render):
    html = total_render.html
    by_ltv = html[html.index(">By Loan-to-value ratio<") :].split("</table>")[0]
    row = re.search(r'<th scope="row">90.001%-95.000%.*?</tr>', by_ltv, re.S).group(0)
    assert re.findall(r'<td class="num[^"]*">(?:<span[^>]*>[^<]*</span> )?([^<]*)</td>', row) == [
        "0.12%",
        "&lt;0.005%",
        "~-0.12 pp",
    ]
    assert "0.00%" not in row
    assert "may be up to 0.0025 pp either way" in html


def test_the_json_gives_a_totals_bound_and_keeps_to_its_schema(total_render):
    data = json.loads(total_render.json)
    jsonschema.validate(data, SCHEMA)
    (matrix,) = data["matrices"]
    column = {t["label"]: t for t in matrix["col_totals"]}["90.001%-95.000%"]
    assert (column["old_under"], column["new_under"], column["new_share"]) == (None, 0.005, 0.0025)
