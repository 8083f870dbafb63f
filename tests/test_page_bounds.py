"""Nothing outside the page, ever: every character of every PDF we write lies inside its page,
and between its left and right margins (the running header and footer sit in the top and
bottom margins, inside the page). Wide tables shrink and wrap their headings; they never clip.

The PDFs: both samples' summaries on Letter and A4 (one laid out in two parts and joined),
the samples' diff, and the widest deal the tests build (tests/wide_deal.py: three pools,
a 12-column FICO x LTV matrix, long labels) as a summary and as the diff against 2004-3,
whose "Change in each cell" matrix has 14 columns.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTContainer
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
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
    return written


def _diff_pdf(old: Deal, new: Deal, folder: Path, paper: str) -> Path:
    paths = render_diff(build_diff(old, new), folder, ["pdf"], paper=paper, generated_at=FIXED_TIME)
    return next(p for p in paths if p.suffix == ".pdf")


def pages_of(path: Path):
    """Each page's layout as pdfminer reads it, without its layout analysis (which groups
    characters into lines and boxes, and is most of its time): every character is there."""
    resources = PDFResourceManager()
    device = PDFPageAggregator(resources, laparams=None)
    interpreter = PDFPageInterpreter(resources, device)
    with path.open("rb") as stream:
        for page in PDFPage.get_pages(stream):
            interpreter.process_page(page)
            yield device.get_result()


def characters(item) -> list[LTChar]:
    if isinstance(item, LTChar):
        return [item]
    if isinstance(item, LTContainer):
        return [c for child in item for c in characters(child)]
    return []


def outside(path: Path) -> tuple[int, list[str]]:
    """How many characters the PDF has, and each that lies outside its page or its side margins
    ("page 6: 'T' at x 564.8-569.6, y 658.9")."""
    found, count = [], 0
    for number, page in enumerate(pages_of(path), start=1):
        left, bottom, right, top = page.bbox
        chars = characters(page)
        count += len(chars)
        for char in chars:
            if (
                char.x0 < left + SIDE_MARGIN - TOLERANCE
                or char.x1 > right - SIDE_MARGIN + TOLERANCE
                or char.y0 < bottom - TOLERANCE
                or char.y1 > top + TOLERANCE
            ):
                found.append(f"page {number}: {char.get_text()!r} at x {char.x0:.1f}-{char.x1:.1f}, y {char.y0:.1f}")
    return count, found


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
    ],
)
def test_every_character_lies_inside_the_page(pdfs, name):
    count, found = outside(pdfs[name])
    assert count > 1000  # the PDF's text is there to be measured
    assert found == []


def test_the_widest_matrix_keeps_every_column_and_its_total(pdfs, wide: Deal):
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(pdfs["wide summary, a4"]).pages)
    matrix = wide.matrices[0]
    assert "97.001%-" in text and "100.000%" in text  # the last LTV heading, wrapped after its hyphen
    for value in (*matrix.col_totals, *matrix.row_totals):
        assert f"{value:.2f}%" in text  # every column total and the "All loans" column
