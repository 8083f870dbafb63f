"""How a table reads on paper: the Total line once, under the last row of a table that runs over pages; a
caption on the page of its table's first row; a row's cells level with one another when one figure carries
notes under it (a failed check, "derived, not stated")."""

from __future__ import annotations

import re
from contextlib import closing
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from hostile import with_state_rows
from reading import pdf_pages
from shared_renders import FIXED_TIME
from wide_deal import wide_deal

from reporting.deliver.write import render_deal
from reporting.model.deal import Deal
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes

EXTRA_STATES = 40  # rows enough that the state table runs over a page on Letter and on A4
STATE_TITLE = "Geographic Distribution of Mortgaged Properties by State"
LEVEL = 0.5  # points: the baselines of one line of figures


def _pdf(deal: Deal, folder: Path, paper: str) -> Path:
    return render_deal(deal, folder, formats=("pdf",), paper=paper, generated_at=FIXED_TIME)[0]


@pytest.fixture(scope="module")
def long_states() -> Deal:
    text = with_state_rows(EXTRA_STATES)
    return load_filing(ingest_bytes(text.encode(), "cmsi-long-states.txt"))


@pytest.fixture(scope="module", params=["letter", "a4"])
def long_states_pages(request, tmp_path_factory, long_states: Deal) -> list[list[str]]:
    path = _pdf(long_states, tmp_path_factory.mktemp(f"states-{request.param}"), request.param)
    return [[line.strip() for line in page.splitlines()] for page in pdf_pages(path)]


def test_a_long_tables_total_line_prints_once_under_its_last_row(long_states_pages: list[list[str]]):
    lines = [(n, line) for n, page in enumerate(long_states_pages) for line in page]
    start = next(k for k, (_, line) in enumerate(lines) if line == STATE_TITLE)
    last_row = max(k for k, (_, line) in enumerate(lines) if line.startswith("Zone 0"))
    pages = {n for n, _ in lines[start : last_row + 1]}
    assert len(pages) >= 2, "the state table no longer runs over a page: the test proves nothing"
    totals = [k for k, (_, line) in enumerate(lines[: last_row + 2]) if k > start and line.startswith("Total ")]
    assert totals == [last_row + 1], [lines[k] for k in totals]


def test_a_failed_checks_caption_stands_on_its_tables_page(long_states_pages: list[list[str]]):
    caption = [n for n, lines in enumerate(long_states_pages) if "Failed checks" in lines]
    first_row = [n for n, lines in enumerate(long_states_pages) if any(line.startswith("FAILED: ") for line in lines)]
    assert caption and first_row and caption[0] == first_row[0]


FIGURE = re.compile(r"[$≤≥]*\s*(\d[\d,.]*)")


@pytest.fixture(scope="module")
def wide_first_page(tmp_path_factory):
    path = _pdf(wide_deal(), tmp_path_factory.mktemp("wide"), "letter")
    with closing(pdfium.PdfDocument(path)) as document:
        text = document[0].get_textpage()
        yield text, text.get_text_range()


def _baseline(text, index: int) -> float:
    return text.get_charbox(index)[1]


@pytest.mark.parametrize("label", ["Aggregate balance", "Loan count", "Average loan balance", "Loans above 80% LTV"])
def test_a_rows_label_and_figures_stand_level_with_its_flagged_figure(wide_first_page, label: str):
    # The wide deal's whole-deal figures fail their checks (its tables are 2004-3's): the last of the row's four
    # figures (pools I, II, III, all loans) carries its notes under it, the others none.
    text, said = wide_first_page
    at = said.index(label)
    figures = [m.start(1) for m in FIGURE.finditer(said, at + len(label))][:4]
    assert "does not reconcile" in said[figures[-1] : said.index("\n", said.index("does not reconcile", figures[-1]))]
    baselines = [_baseline(text, at)] + [_baseline(text, i) for i in figures]
    assert max(baselines) - min(baselines) <= LEVEL, [
        (said[i : i + 12], round(b, 1)) for i, b in zip([at, *figures], baselines)
    ]
