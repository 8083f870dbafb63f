"""A class figure the parser doubted, or whose check failed, says so beside it in the diff, as a pool figure does.

The edited filing is the 2004-8 sample with class B-1's level misprinted in its prose as 1.700172400289%
(B-2 ... B-6 over the deal give 1.200172400289%: its check fails), and a table of classes after it giving
the true 1.200172400289%: the prose's level is kept, and doubted by the parser ("the table of classes gives").
Diffed against the unedited 2004-8, the level "rose" by 0.5 pp, a key change resting on a doubted figure.
"""

from __future__ import annotations

from functools import cache

import pytest
from shared_renders import FIXED_TIME
from workbooks import Workbook, row_of

from reporting.derive.diff import build_diff
from reporting.model.deal import Deal
from reporting.model.diff import DealDiff, Side
from reporting.pipeline import load_filing
from reporting.present.renders import DiffRender
from reporting.read.ingest import ingest_bytes
from reporting.samples import DETAILED_2004_8

STATED = "     The class B-1 subordination level is 1.200172400289%.*\n"
MISPRINTED = """     The class B-1 subordination level is 1.700172400289%.*

     The classes of certificates as of October 1, 2004:

                          Initial Principal       Subordination
     Class                     Balance               Level
     -----                -----------------    ----------------
     B-1                     $6,170,000.00     1.200172400289%
"""


@cache
def misprinted() -> Deal:
    text = DETAILED_2004_8.read_text(encoding="utf-8")
    assert text.count(STATED) == 1
    return load_filing(ingest_bytes(text.replace(STATED, MISPRINTED).encode(), "cmsi-2004-8-misprint.txt"))


@pytest.fixture(scope="module")
def diff(detailed: Deal) -> DealDiff:
    return build_diff(detailed, misprinted())


@pytest.fixture(scope="module")
def render(diff: DealDiff) -> DiffRender:
    return DiffRender(diff, generated_at=FIXED_TIME)


def test_the_doubted_level_is_doubted_in_the_diff(diff: DealDiff):
    deal = misprinted()  # the filing as intended: the prose's level kept and doubted, and its check failed
    assert next(c for c in deal.classes if c.name == "B-1").subordination_level == pytest.approx(1.700172400289)
    assert any("the table of classes gives 1.200172400289% (line 264)" in w for w in deal.warnings)
    assert [c.subject for c in deal.checks if not c.passed] == ["class B-1"]
    b1 = next(c for c in diff.classes if c.name == "B-1")
    assert b1.subordination.doubted == (Side.NEW,)
    assert b1.subordination.unreconciled == (Side.NEW,)
    assert b1.balance.doubted == () and b1.balance.unreconciled == ()  # the level is the figure in doubt
    a = next(c for c in diff.classes if c.name == "A")
    assert a.subordination.doubted == ()


def test_its_key_change_says_it_is_doubted_and_not_reconciled(diff: DealDiff, render: DiffRender):
    sentence = next(k.sentence for k in diff.key_changes if k.metric == "class:B-1:subordination_level")
    # (both notes in one bracket, on purpose: two brackets in a row read clumsily in the email)
    assert sentence == (
        "Class B-1 subordination rose from 1.2002% to 1.7002%, +0.5000 pp"
        " (not reconciled in the new filing; doubted in the new filing: see its report)"
    )
    # the text and the email carry the sentence as it is
    assert f"1. {sentence}" in render.text
    email = render.email()
    assert f"1. {sentence}" in email.text
    assert "doubted in the new filing: see its report)" in email.html


def test_the_html_marks_the_level_doubted_beside_it(render: DiffRender):
    html = render.html
    start = html.index('<th scope="row">Class B-1 subordination</th>')
    row = html[start : html.index("</tr>", start)]
    new_cell = row.split("<td")[2]
    assert "1.7002%" in new_cell and "doubt: see that deal's report" in new_cell
    assert "doubt" not in row.split("<td")[1]  # the old deal's level is not doubted


def test_the_workbook_says_beside_the_class_which_figure_is_in_doubt(render: DiffRender):
    book = Workbook.read(render.xlsx)
    sheet, values = book.sheet("Classes")
    header = row_of(values, "Class")
    notes = [values.cell(header, col).value for col in range(1, sheet.max_column + 1)].index("Notes") + 1
    b1, a = row_of(values, "B-1"), row_of(values, "A")
    assert values.cell(b1, notes).value == (
        "subordination: CMSI 2004-8's figure does not reconcile; "
        "subordination: the parser doubted the new deal's figure (CMSI 2004-8): see its report"
    )
    assert not values.cell(a, notes).value


def test_a_misprinted_level_alone_is_said_not_reconciled_in_the_workbook_and_not_doubted(detailed: Deal):
    """The misprint with no table of classes to doubt it: its check fails, and the parser has no doubt of its own."""
    text = DETAILED_2004_8.read_text(encoding="utf-8").replace(STATED, MISPRINTED.split("\n")[0] + "\n")
    diff = build_diff(detailed, load_filing(ingest_bytes(text.encode(), "cmsi-2004-8-misprint.txt")))
    b1 = next(c for c in diff.classes if c.name == "B-1")
    assert (b1.subordination.unreconciled, b1.subordination.doubted) == ((Side.NEW,), ())
    book = Workbook.read(DiffRender(diff, generated_at=FIXED_TIME).xlsx)
    sheet, values = book.sheet("Classes")
    header = row_of(values, "Class")
    notes = [values.cell(header, col).value for col in range(1, sheet.max_column + 1)].index("Notes") + 1
    assert values.cell(row_of(values, "B-1"), notes).value == "subordination: CMSI 2004-8's figure does not reconcile"
