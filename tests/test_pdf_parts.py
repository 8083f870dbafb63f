"""A long summary's PDF laid out in two parts at once (reporting/pdf_parts.py) is the
same document as the one laid out whole: the same pages with the same text, page
numbers, bookmarks, anchors and metadata; and a worker that dies costs nothing."""

from __future__ import annotations

import dataclasses
import io
import multiprocessing
import os
from pathlib import Path

import pikepdf
import pytest
from reading import joined_from_parts, pdf_bookmarks, pdf_page_sizes, pdf_pages
from shared_renders import FIXED_TIME

from reporting.deliver.write import render_deal
from reporting.derive.summary import summarise
from reporting.model.deal import Deal
from reporting.present import page_plan, pdf_parts
from reporting.present.pdf import CHART_FORMAT
from reporting.present.summary_page import summary_pdf


@pytest.fixture(scope="module")
def whole_and_parts(sample_reports) -> tuple[bytes, bytes]:
    """2004-3's PDF laid out whole and in two parts, each written by render_deal (once per run)."""
    whole = sample_reports.summary("2004-3")["summary.pdf"].read_bytes()
    return whole, sample_reports.summary("2004-3", two_parts=True)["summary.pdf"].read_bytes()


def page_texts(pdf: bytes) -> tuple[str, ...]:
    return tuple(pdf_pages(pdf))


def page_words(pdf: bytes) -> tuple[tuple[str, ...], ...]:
    """Each page's words, sorted: the stamped page number comes out in its own text run."""
    return tuple(tuple(sorted(text.split())) for text in page_texts(pdf))


def bookmarks(pdf: bytes) -> list[tuple[int, str, int]]:
    """(depth, title, page number) of every bookmark, in order."""
    return [tuple(mark) for mark in pdf_bookmarks(pdf)]


def test_the_cut_falls_before_a_table_that_starts_a_page(term_sheet: Deal):
    summary = summarise(term_sheet)
    plan = page_plan.plan_parts(summary)
    # 2004-3: the 39-row state table takes a page of its own; the work before it and
    # after it (with the FICO matrix, the checks and the notes) is about even.
    states = summary.geography.table_index
    assert (plan.first.tables_to, plan.second.tables_from) == (states, states)
    assert plan.first.front and not plan.first.back and plan.second.back and not plan.second.front
    assert page_plan.tables_starting_a_page(summary, "letter")[states]


def test_a_deal_without_tables_is_laid_out_whole(detailed: Deal):
    assert page_plan.plan_parts(summarise(detailed)) is None


def test_the_joined_pdf_has_the_whole_documents_pages_and_text(whole_and_parts):
    whole, joined = whole_and_parts
    assert page_words(joined) == page_words(whole)
    pages = page_texts(joined)
    for number, text in enumerate(pages, start=1):
        assert text.endswith(f"page {number} of {len(pages)}")


def test_the_joined_pdf_keeps_bookmarks_anchors_and_metadata(whole_and_parts):
    whole, joined = whole_and_parts
    assert bookmarks(joined) == bookmarks(whole)
    assert (2, "Geographic Distribution of Mortgaged Properties by State", 4) in bookmarks(joined)
    whole_pdf, joined_pdf = pikepdf.open(io.BytesIO(whole)), pikepdf.open(io.BytesIO(joined))
    anchors = dict(pikepdf.NameTree(joined_pdf.Root.Names.Dests).items())
    assert set(anchors) == set(pikepdf.NameTree(whole_pdf.Root.Names.Dests).keys())
    page_of = {page.obj.objgen: n for n, page in enumerate(joined_pdf.pages, start=1)}
    assert page_of[anchors["data-quality"][0].objgen] == 5
    assert joined_pdf.docinfo["/Title"] == whole_pdf.docinfo["/Title"] == "CMSI 2004-3 collateral summary"
    assert str(joined_pdf.docinfo["/Subject"]) == str(whole_pdf.docinfo["/Subject"])


def test_on_a4_too_the_two_layouts_agree(sample_reports):
    joined = sample_reports.summary("2004-3", "a4", two_parts=True)["summary.pdf"].read_bytes()
    whole = sample_reports.summary("2004-3", "a4")["summary.pdf"].read_bytes()
    assert page_words(joined) == page_words(whole)
    assert pdf_page_sizes(joined)[-1] == (595, 842)  # A4 in points, stamped pages too


def test_where_the_estimate_is_wrong_the_pdf_is_still_the_same_either_way(term_sheet: Deal):
    # An outside review's case: a 32-state table the estimate puts on a new page, though
    # it would fit under the table before it. The cut table starts a page in the whole
    # layout too, so the two layouts still agree (at the cost of some white space).
    summary = summarise(term_sheet)
    tables = {t.index: t for t in summary.tables}
    states, note_rates, ltv = tables[6], tables[4], tables[5]
    odd = dataclasses.replace(
        summary,
        tables=(
            note_rates,
            dataclasses.replace(states, rows=states.rows[:32]),
            dataclasses.replace(ltv, rows=ltv.rows[:3]),
        ),
    )
    plan = page_plan.plan_parts(odd)
    assert plan is not None and plan.second.tables_from == 1
    joined, _ = pdf_parts.two_part_pdf(odd, plan, CHART_FORMAT, "letter", FIXED_TIME)
    assert page_words(joined) == page_words(summary_pdf(odd, generated_at=FIXED_TIME))


def test_render_deal_in_two_parts_writes_the_same_report(sample_reports):
    whole, parts = sample_reports.summary("2004-3"), sample_reports.summary("2004-3", two_parts=True)
    assert page_words(parts["summary.pdf"].read_bytes()) == page_words(whole["summary.pdf"].read_bytes())
    assert joined_from_parts(parts["summary.pdf"].read_bytes())  # the parts did lay it out
    # The HTML uses the charts the two parts drew: had they missed one, it would lack it.
    assert parts["summary.html"].read_bytes() == whole["summary.html"].read_bytes()


def test_a_worker_that_dies_leaves_the_pdf_laid_out_whole(
    tmp_path: Path, term_sheet: Deal, whole_and_parts, monkeypatch
):
    whole, _ = whole_and_parts

    def killed(answer, *args) -> None:
        os._exit(9)  # as if the out-of-memory killer took it

    monkeypatch.setattr(pdf_parts, "_worker_part", killed)
    summary = summarise(term_sheet)
    with pytest.raises(pdf_parts.WorkerLost):
        pdf_parts.two_part_pdf(summary, page_plan.plan_parts(summary), CHART_FORMAT, "letter", FIXED_TIME)
    pdf = render_deal(term_sheet, tmp_path, formats=("pdf",), generated_at=FIXED_TIME, two_parts=True)[0]
    assert pdf.read_bytes() == whole  # laid out whole: the very bytes of the whole layout


def test_no_worker_to_be_had_leaves_the_pdf_laid_out_whole(
    tmp_path: Path, term_sheet: Deal, whole_and_parts, monkeypatch
):
    whole, _ = whole_and_parts

    class NoForking:  # a machine out of memory or processes: fork() fails
        Pipe = staticmethod(multiprocessing.Pipe)

        class Process:
            def __init__(self, **kwargs) -> None:
                pass

            def start(self) -> None:
                raise OSError(12, "Cannot allocate memory")

    monkeypatch.setattr(pdf_parts.multiprocessing, "get_context", lambda method: NoForking())
    pdf = render_deal(term_sheet, tmp_path, formats=("pdf",), generated_at=FIXED_TIME, two_parts=True)[0]
    assert pdf.read_bytes() == whole  # laid out whole: the very bytes of the whole layout


def test_a_worker_that_fails_says_why(term_sheet: Deal, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug in the part")

    monkeypatch.setattr(pdf_parts, "draw_charts", broken)
    summary = summarise(term_sheet)
    with pytest.raises((RuntimeError, ValueError), match="a bug in the part"):
        pdf_parts.two_part_pdf(summary, page_plan.plan_parts(summary), CHART_FORMAT, "letter", FIXED_TIME)


# --- issue 18, item 16: the same input and settings give the same bytes ---------------------------------
# A PDF laid out whole: the two tests above lay 2004-3 out again and get the bytes of the shared
# render (made once per run, by whichever worker asked first). Joined from two parts: below.

_JOINED_SHA256 = """
import hashlib, sys
from shared_renders import FIXED_TIME
from reporting.derive.summary import summarise
from reporting.pipeline import load_deal
from reporting.present import page_plan, pdf_parts
from reporting.present.pdf import CHART_FORMAT
summary = summarise(load_deal(sys.argv[1]))
joined, _ = pdf_parts.two_part_pdf(
    summary, page_plan.plan_parts(summary), CHART_FORMAT, "letter", FIXED_TIME
)
print(hashlib.sha256(joined).hexdigest())
"""


def test_the_joined_pdf_is_the_same_bytes_on_every_run(whole_and_parts, term_sheet: Deal):
    """pikepdf named each page's stamp at random: two runs gave two different files."""
    import hashlib
    import subprocess
    import sys

    import reporting

    _, joined = whole_and_parts
    repo = Path(reporting.__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", _JOINED_SHA256, term_sheet.source.path],
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(repo), str(repo / "tests")]), "PYTHONHASHSEED": "7"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == hashlib.sha256(joined).hexdigest()
