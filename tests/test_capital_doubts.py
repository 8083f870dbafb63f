"""A class figure the parser doubted says so beside it in the summary's capital structure, in every format, as a
pool figure's doubt does ("doubt: ..." beside it, "(?)" in the email's text, an amber cell and its comment).

Two edited 2004-8 filings: class B-1's level misprinted in its prose (1.700172400289%), a table of classes after
it giving the true 1.200172400289% (the prose's kept and doubted, its check failed: test_diff_class_doubts.py's
case); and the classes' balances given by a table "(in thousands)", each read times 1,000 and doubted so.
"""

from __future__ import annotations

from functools import cache

import pytest
from markupsafe import escape
from shared_renders import FIXED_TIME
from test_diff_class_doubts import misprinted
from workbooks import Workbook, row_of

from reporting.model.deal import Deal
from reporting.pipeline import load_filing
from reporting.present.renders import DealRender
from reporting.present.summary_page import render_html
from reporting.present.terminal import deal_summary
from reporting.read.ingest import ingest_bytes
from reporting.samples import DETAILED_2004_8

# each level with its "%": a bare "1.200172400289" beside "1.7002%" left the analyst to guess its unit
LEVEL_DOUBT = "the table of classes gives 1.200172400289% (line 264); the prose's 1.700172400289% is kept"
THOUSANDS = "in thousands of dollars, as the table of classes gives it: read times 1,000"


@cache
def in_thousands() -> Deal:
    """2004-8 with its classes' balances and levels in a table "(in thousands)" in place of its prose."""
    text = DETAILED_2004_8.read_text(encoding="utf-8")
    start = text.index("     The aggregate initial principal balance of the class A certificates")
    end = text.index("\n", text.index("The class B-5 subordination level is")) + 1
    names = ("A", "B-1", "B-2", "B-3", "B-4", "B-5", "B-6")
    balances = ("$481,547", "6,170", "2,469", "1,234", "987", "494", "741")
    levels = ("2.450067623897%", "1.200172400289%", "0.700011734635%", "0.450032689913%", "0.250089969378%")
    levels += ("0.150017321005%", "")
    rows = "".join(f"     {n:<10}{b:>25}{lv:>20}\n" for n, b, lv in zip(names, balances, levels, strict=True))
    table = (
        f"     {'':<10}{'Initial Principal Balance':>25}{'Subordination':>20}\n"
        f"     {'Class':<10}{'(in thousands)':>25}{'Level':>20}\n"
        f"     {'-----':<10}{'-' * 20:>25}{'-' * 13:>20}\n\n{rows}\n"
    )
    return load_filing(ingest_bytes((text[:start] + table + text[end:]).encode(), "cmsi-2004-8-thousands.txt"))


@pytest.fixture(scope="module")
def render() -> DealRender:
    return DealRender(misprinted(), generated_at=FIXED_TIME)


@pytest.fixture(scope="module")
def thousands() -> DealRender:
    return DealRender(in_thousands(), generated_at=FIXED_TIME)


def _cells(html: str, row_start: str) -> list[str]:
    """The cells of the first row that starts with ``row_start``, after its heading."""
    start = html.index(row_start)
    return html[start : html.index("</tr>", start)].split("<td")[1:]


@pytest.mark.parametrize("medium", ["html", "pdf"])
def test_the_doubted_level_says_so_beside_it_in_the_html_and_pdf(render: DealRender, medium: str):
    html = render_html(render.summary, render.charts, medium, "letter", FIXED_TIME)
    section = html[html.index('<section class="capital"') :]
    balance, share, level = _cells(section, '<th scope="row">B-1</th>')
    # beside the figure its mark; its words once under the table, naming the class (a long doubt crowded the
    # narrow level column on a phone)
    assert "1.7002%" in level and "doubt &darr;" in level
    assert "does not reconcile" in level  # its failed check still said beside it too
    assert "doubt" not in balance + share  # the level is the figure in doubt, not the balance
    assert "doubt" not in "".join(_cells(section, '<th scope="row">A</th>'))
    under = section[section.index("</table>") : section.index("</section>")]
    assert f"doubt: {escape(LEVEL_DOUBT)} (Subordination level: class B-1)" in under


def test_a_balance_read_in_thousands_says_so_beside_it_in_the_html(thousands: DealRender):
    section = thousands.html[thousands.html.index('<section class="capital"') :]
    balance, _, level = _cells(section, '<th scope="row">B-1</th>')
    assert "$6,170,000" in balance and "doubt &darr;" in balance
    assert "doubt" not in level
    # the doubt every class's balance shares is said once, naming them all, not under each of the seven rows
    under = section[section.index("</table>") : section.index("</section>")]
    classes = ", ".join(f"class {name}" for name in ("A", "B-1", "B-2", "B-3", "B-4", "B-5", "B-6"))
    assert section.count(f"doubt: {THOUSANDS}") == 1
    assert f"doubt: {THOUSANDS} (Initial balance: {classes})" in under


def test_the_email_marks_the_doubted_level_and_says_why(render: DealRender):
    email = render.email()
    text = email.text[email.text.index("CAPITAL STRUCTURE") : email.text.index("DATA QUALITY")]
    b1 = next(line for line in text.splitlines() if line.startswith("B-1 "))
    assert b1.endswith("1.7002% (!) (?)") and "$6,170,000.00 " in b1 and "$6,170,000.00 (" not in b1
    assert not any(line.startswith("A ") and "(?)" in line for line in text.splitlines())
    assert f"(?) doubt: class B-1 subordination level: {LEVEL_DOUBT}" in text
    start = email.html.index(">B-1</td>")
    balance, _, level = email.html[start : email.html.index("</tr>", start)].split("<td")[1:]
    assert "1.7002%" in level and f'">doubt: {LEVEL_DOUBT}</span>' in level
    assert "doubt" not in balance


def test_the_email_marks_a_balance_read_in_thousands(thousands: DealRender):
    email = thousands.email()
    text = email.text[email.text.index("CAPITAL STRUCTURE") : email.text.index("DATA QUALITY")]
    b1 = next(line for line in text.splitlines() if line.startswith("B-1 "))
    # written as stated, to the $1,000, no longer "$6,170,000.00" (test_class_thousands.py)
    assert "approx. $6,170,000 (?)" in b1
    assert f"(?) doubt: class B-1 initial balance: {THOUSANDS}" in text


def test_the_workbook_fills_the_doubted_level_amber_and_its_comment_says_why(render: DealRender):
    book = Workbook.read(render.xlsx)
    _, values = book.sheet("Classes")
    b1, a = row_of(values, "B-1"), row_of(values, "A")
    level = values.cell(b1, 4)
    assert level.value == pytest.approx(0.01700172400289)
    comment = level.comment.text
    assert comment.startswith("does not reconcile: class B-1 subordination")  # the failed check first, red
    assert comment.endswith(f"; doubt: {LEVEL_DOUBT}")
    assert values.cell(b1, 2).comment is None and values.cell(a, 4).comment is None


def test_the_workbook_fills_a_balance_read_in_thousands_amber(thousands: DealRender):
    book = Workbook.read(thousands.xlsx)
    _, values = book.sheet("Classes")
    b1 = row_of(values, "B-1")
    balance = values.cell(b1, 2)
    assert balance.value == 6_170_000
    assert balance.comment.text == f"doubt: {THOUSANDS}"
    assert balance.fill.fgColor.rgb.endswith("FFF4D6")  # a doubted figure's amber, as a key metric's
    assert values.cell(b1, 4).comment is None


def test_termsheet_parse_marks_the_doubted_class_figures():
    lines = deal_summary(misprinted()).splitlines()
    b1 = lines.index(next(line for line in lines if line.startswith("  B-1 ")))
    assert lines[b1].endswith("1.7002% (doubt)") and "$6,170,000.00  " in lines[b1]
    assert lines[b1 + 1] == f"  doubt: class B-1 subordination level: {LEVEL_DOUBT}"
    a = next(line for line in lines if line.startswith("  A "))
    assert "(doubt)" not in a
    thousands = deal_summary(in_thousands()).splitlines()
    b1 = next(line for line in thousands if line.startswith("  B-1 "))
    # written as stated, to the $1,000, no longer "$6,170,000.00" (test_class_thousands.py)
    assert "approx. $6,170,000 (doubt)" in b1 and not b1.endswith("(doubt)")
    assert f"  doubt: class B-1 initial balance: {THOUSANDS}" in thousands


def test_the_long_tables_class_row_flags_the_doubted_figure(render: DealRender, thousands: DealRender):
    def flag(table, name: str) -> str:
        (row,) = table[(table["section"] == "class") & (table["bucket"] == name)]["flag"]
        return row

    assert flag(render.long_table, "B-1").endswith(f"; doubt: subordination level: {LEVEL_DOUBT}")
    assert flag(render.long_table, "B-1").startswith("does not reconcile: class B-1 subordination")
    assert flag(thousands.long_table, "B-1") == f"doubt: initial balance: {THOUSANDS}"
    assert "doubt" not in str(flag(render.long_table, "A"))  # an empty flag is NaN in the frame
