"""Nothing outside the page, ever: every character of every PDF we write lies inside its page,
and between its left and right margins (the running header and footer sit in the top and
bottom margins, inside the page). Wide tables shrink and wrap their headings; they never clip.

The PDFs: both samples' summaries on Letter and A4 (one laid out in two parts and joined),
the samples' diff, and the widest deal the tests build (tests/wide_deal.py: three pools,
a 12-column FICO x LTV matrix, long labels) as a summary and as the diff against 2004-3,
whose "Change in each cell" matrix has 14 columns.
"""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reading import pdf_text
from shared_renders import FIXED_TIME
from wide_deal import LONGEST_LABEL, wide_deal

from reporting.deliver.write import render_deal, render_diff
from reporting.derive.diff import build_diff
from reporting.model.deal import Deal

SIDE_MARGIN = 0.6 * 72  # templates/styles/page_box.css.j2: "margin: 0.75in 0.6in 0.7in"
TOLERANCE = 0.5  # points: a glyph's advance may end a hair past the last pixel it inks


@pytest.fixture(scope="module")
def wide() -> Deal:
    deal = wide_deal()
    # The deal is as wide as promised, or this test proves less than it says.
    assert [p.name for p in deal.pools] == ["I", "II", "III", "all"]
    assert len(deal.matrices[0].col_labels) == 12 and deal.matrices[0].row_totals
    assert any(row.label == LONGEST_LABEL for table in deal.tables for row in table.rows)
    return deal


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory, sample_reports, term_sheet: Deal, wide: Deal) -> dict[str, Path]:
    # The samples' reports are shared with other test files (2004-3 as render writes one
    # deal alone: in two parts); the wide deal's are this file's own.
    out = tmp_path_factory.mktemp("bounds")
    written: dict[str, Path] = {}
    for paper in ("letter", "a4"):
        written[f"2004-3 summary, {paper}"] = sample_reports.summary("2004-3", paper, two_parts=True)["summary.pdf"]
        written[f"2004-8 summary, {paper}"] = sample_reports.summary("2004-8", paper)["summary.pdf"]
        written[f"wide summary, {paper}"] = render_deal(
            wide, out / f"wide-{paper}", formats=("pdf",), paper=paper, generated_at=FIXED_TIME
        )[0]
        written[f"wide vs 2004-3 diff, {paper}"] = _diff_pdf(term_sheet, wide, out / f"wide-diff-{paper}", paper)
    written["samples' diff, letter"] = sample_reports.samples_diff()["pdf"]
    output, _ = sample_reports.demo()
    written["demo's shelf, letter"] = output / "shelf.pdf"
    return written


def _diff_pdf(old: Deal, new: Deal, folder: Path, paper: str) -> Path:
    paths = render_diff(build_diff(old, new), folder, ["pdf"], paper=paper, generated_at=FIXED_TIME)
    return next(p for p in paths if p.suffix == ".pdf")


def outside(source: Path | bytes) -> tuple[int, list[str]]:
    """How many characters the PDF draws, and each that lies outside its page or its side margins
    ("page 6: 'T' at x 564.8-569.6, y 658.9"). A character's box is PDFium's loose one: the
    glyph's advance across, the font's whole height up and down; the characters PDFium adds
    between words and lines (which have no box) are not counted."""
    found, count = [], 0
    with closing(pdfium.PdfDocument(source)) as document:
        for number, page in enumerate(document, start=1):
            count += _check_page(number, page, found)
    return count, found


def _check_page(number: int, page, found: list[str]) -> int:
    """How many characters the page draws; each outside its page or side margins goes in ``found``."""
    left, bottom, right, top = page.get_mediabox()
    text, count = page.get_textpage(), 0
    for index in range(text.count_chars()):
        if pdfium.raw.FPDFText_IsGenerated(text.raw, index) == 1:
            continue
        count += 1
        x0, y0, x1, y1 = text.get_charbox(index, loose=True)
        if (
            x0 < left + SIDE_MARGIN - TOLERANCE
            or x1 > right - SIDE_MARGIN + TOLERANCE
            or y0 < bottom - TOLERANCE
            or y1 > top + TOLERANCE
        ):
            found.append(f"page {number}: {text.get_text_range(index, 1)!r} at x {x0:.1f}-{x1:.1f}, y {y0:.1f}")
    return count


@pytest.mark.parametrize(
    "name",
    [
        "2004-3 summary, letter",
        "2004-3 summary, a4",
        "2004-8 summary, letter",
        "2004-8 summary, a4",
        "wide summary, letter",
        "wide summary, a4",
        "samples' diff, letter",
        "wide vs 2004-3 diff, letter",
        "wide vs 2004-3 diff, a4",
        "demo's shelf, letter",
    ],
)
def test_every_character_lies_inside_the_page(pdfs, name):
    count, found = outside(pdfs[name])
    assert count > 1000  # the PDF's text is there to be measured
    assert found == []


HALF = 0.5


def filled(source: Path | bytes) -> list[float]:
    """How far down its content area each page's text reaches, from 0 (none) to 1 (the foot):
    the lowest character between the running header and footer. A chart's ticks and labels are
    text, so a page that ends with a chart reaches as far as the chart's last label."""
    with closing(pdfium.PdfDocument(source)) as document:
        return [_reach(page) for page in document]


def _reach(page) -> float:
    _, bottom, _, top = page.get_mediabox()
    content_top, content_bottom = top - 0.75 * 72, bottom + 0.7 * 72  # page_box.css.j2's margins
    text, lowest = page.get_textpage(), content_top
    for index in range(text.count_chars()):
        y0 = text.get_charbox(index)[1]
        if content_bottom < y0 < content_top:
            lowest = min(lowest, y0)
    return (content_top - lowest) / (content_top - content_bottom)


@pytest.mark.parametrize(
    "name",
    [
        "2004-3 summary, letter",
        "2004-8 summary, letter",
        "samples' diff, letter",
        "demo's shelf, letter",
    ],
)
def test_no_page_but_the_last_is_left_half_empty(pdfs, name):
    # A section kept whole (a table with its chart, a row of charts) that does not fit goes to the
    # next page; what it leaves behind must not be a page of white. The last page ends where the
    # report does. Not asked of the wide deal: its state table with the map, kept whole, fills
    # most of a page, and the page before it ends at a quarter.
    reach = filled(pdfs[name])
    assert len(reach) >= 2
    assert [f"page {number}: {value:.0%}" for number, value in enumerate(reach[:-1], 1) if value < HALF] == []


def test_a_page_left_half_empty_is_found():
    from reporting.present.pdf import html_to_pdf

    html = """<style>@page { size: letter; margin: 0.75in 0.6in 0.7in } p { margin: 0; height: 2in }</style>
    <p>One</p><p>Two</p><p style="break-before: page">Three</p><p>Four</p><p>Five</p><p>Six</p>"""
    reach = filled(html_to_pdf(html))
    assert len(reach) == 2 and reach[0] < HALF < reach[1]  # "Two" begins 2 in. down of 9.55, "Six" 6 in.


def test_the_widest_matrix_keeps_every_column_and_its_total(pdfs, wide: Deal):
    text = " ".join(pdf_text(pdfs["wide summary, a4"]).split())
    matrix = wide.matrices[0]
    assert "97.001%-" in text and "100.000%" in text  # the last LTV heading, wrapped after its hyphen
    for value in (*matrix.col_totals, *matrix.row_totals):
        assert f"{value:.2f}%" in text  # every column total and the "All loans" column


def test_a_character_past_the_margin_or_off_the_page_is_found():
    # The check above can fail: a line pushed past the right margin, and one past the page's edge.
    from reporting.present.pdf import html_to_pdf

    html = """<style>@page { size: letter; margin: 0.75in 0.6in } p { white-space: nowrap; margin: 0 }</style>
    <p>Inside the margins.</p><p style="margin-left: 7.1in">Margin</p><p style="margin-left: 8.3in">Edge</p>"""
    count, found = outside(html_to_pdf(html))
    assert count == len("Inside the margins.") + len("Margin") + len("Edge")  # its spaces are drawn too
    assert [line.split(":")[0] for line in found] == ["page 1"] * 10
    assert "".join(line.split("'")[1] for line in found) == "MarginEdge"  # and nothing of the first line
