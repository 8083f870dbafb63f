"""A class balance read from a table of classes "(in thousands)" is known only to the $1,000 (within $500): every
format writes it as the filing states it, "approx. $6,170,000" as any approximate amount, never "$6,170,000.00",
whose cents claim a precision the filing never gave; the workbook's cell keeps its number, with no cents shown.

The filing: test_capital_doubts.py's 2004-8 with its classes' balances in a table "(in thousands)".
"""

from __future__ import annotations

import pytest
from shared_renders import FIXED_TIME
from test_capital_doubts import in_thousands
from workbooks import Workbook, row_of

from reporting.derive.diff import build_diff
from reporting.model.deal import Deal
from reporting.present.renders import DealRender, DiffRender
from reporting.present.summary_page import render_html
from reporting.present.terminal import deal_summary

AS_STATED = "approx. $6,170,000"  # class B-1: "6,170" in thousands


@pytest.fixture(scope="module")
def render() -> DealRender:
    return DealRender(in_thousands(), generated_at=FIXED_TIME)


def _row(html: str, start: str) -> str:
    begin = html.index(start)
    return html[begin : html.index("</tr>", begin)]


@pytest.mark.parametrize("medium", ["html", "pdf"])
def test_the_capital_table_writes_the_balance_as_stated(render: DealRender, medium: str):
    html = render_html(render.summary, render.charts, medium, "letter", FIXED_TIME)
    section = html[html.index('<section class="capital"') :]
    balance = _row(section, '<th scope="row">B-1</th>').split("<td")[1]
    assert AS_STATED in balance and "6,170,000.00" not in balance
    assert "approx. $481,547,000" in _row(section, '<th scope="row">A</th>')
    total = _row(section, '<th scope="row">Total</th>')
    assert "$493,642,000" in total and "493,642,000.00" not in total  # a sum of thousands has no cents either


def test_the_email_writes_the_balance_as_stated(render: DealRender):
    email = render.email()
    text = email.text[email.text.index("CAPITAL STRUCTURE") : email.text.index("DATA QUALITY")]
    b1 = next(line for line in text.splitlines() if line.startswith("B-1 "))
    assert f"{AS_STATED} (?)" in b1 and ".00" not in b1
    balance = _row(email.html, ">B-1</td>").split("<td")[1]
    assert AS_STATED in balance and "6,170,000.00" not in balance


def test_termsheet_parse_writes_the_balance_as_stated():
    lines = deal_summary(in_thousands()).splitlines()
    b1 = next(line for line in lines if line.startswith("  B-1 "))
    assert f"{AS_STATED} (doubt)" in b1 and ".00" not in b1


def test_the_workbook_keeps_the_number_and_shows_no_cents(render: DealRender):
    _, values = Workbook.read(render.xlsx).sheet("Classes")
    balance = values.cell(row_of(values, "B-1"), 2)
    assert balance.value == 6_170_000
    assert balance.number_format == "$#,##0"
    assert values.cell(row_of(values, "Total"), 2).number_format == "$#,##0"


def test_the_diff_writes_the_balance_as_stated_and_its_change_no_finer(detailed: Deal):
    diff = build_diff(detailed, in_thousands())
    b1 = next(c for c in diff.classes if c.name == "B-1").balance
    assert (b1.old_within, b1.new_within) == (None, 500)
    render = DiffRender(diff, generated_at=FIXED_TIME)
    row = _row(render.html, '<th scope="row">Class B-1 balance</th>')
    old, new, change = row.split("<td")[1:4]
    assert "$6,170,000" in old and "approx." not in old  # the sample states it in dollars, exactly
    assert AS_STATED in new and "6,170,000.00" not in new
    assert "approx. $0" in change  # the same to the $1,000 it is stated to
