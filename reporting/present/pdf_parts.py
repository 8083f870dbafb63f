"""The summary PDF laid out in two parts at once, one per core, and joined.

WeasyPrint lays a document out on one core, and it costs about a millisecond and a
half per table cell and half a millisecond per letter of chart text: a one-pool term
sheet (some 570 cells and 1,200 letters over six pages) takes 2.75 s or more
however the page is styled (README, "Speed"). On a machine with a second core, a
single deal is therefore cut in two before a stratification table that starts a page
anyway (estimated from the tables' heights, so no page is added), where the
estimated work is most even. A forked worker (warm: it inherits every import) lays
out the heavier part and says how many pages it has as soon as they are laid out;
this process lays out the other part and makes the page numbers meanwhile. Then:

- the pages are joined with pikepdf (qpdf), the first part's metadata kept;
- the bookmarks of the second part are put back under their section (the first
  part's "Stratifications" heading, or the deal's title heading), and its anchors
  ("report.pdf#data-quality") kept;
- "page X of Y" needs the joined page count, so both parts leave it out and it is
  stamped on from a document of empty pages with the same @page rule
  (templates/page_numbers.html.j2).

A batch of many deals does not use this: its workers already keep every core busy.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
from datetime import datetime

from reporting.children import die_with_parent
from reporting.model.summary import DealSummary
from reporting.present.bounds import check_pages
from reporting.present.charts import Chart, draw_charts, report_charts
from reporting.present.page_plan import Part, Plan
from reporting.present.pdf import html_to_pdf, lay_out
from reporting.present.summary_page import render_html
from reporting.present.templating import render_page


def chart_keys(summary: DealSummary, part: Part) -> set[str]:
    """The charts one part shows: its tables' (with the map), and the back matter's."""
    tables = summary.tables[part.tables_from : part.tables_to]
    anchors = {t.anchor for t in tables} | {g.map_key for t in tables if (g := summary.geography_of(t.index))}
    if part.back:
        anchors |= {m.anchor for m in summary.matrices} | {"capital"}
    return {key for key, _, _ in report_charts(summary) if key in anchors}


def lay_out_part(summary: DealSummary, part: Part, chart_format: str, paper: str, generated_at: datetime):
    """One part's charts drawn and its pages laid out: (WeasyPrint Document, charts)."""
    charts = draw_charts(summary, chart_format, keys=chart_keys(summary, part))
    return lay_out(render_html(summary, charts, "pdf", paper, generated_at, part=part), charts), charts


class WorkerLost(Exception):
    """The worker laying out a part died (killed, out of memory) before it answered."""


def two_part_pdf(
    summary: DealSummary, plan: Plan, chart_format: str, paper: str, generated_at: datetime, name: str = "<deal>"
) -> tuple[bytes, dict[str, Chart]]:
    """The whole summary PDF from two parts laid out at once; and every chart drawn.

    The worker says how many pages its part has as soon as they are laid out, so this
    process makes the page numbers while the worker is still drawing its pages.
    """
    theirs, ours = (plan.first, plan.second) if plan.worker_takes_first else (plan.second, plan.first)
    context = multiprocessing.get_context("fork")  # warm: the worker inherits every import
    answers, answer = context.Pipe(duplex=False)
    worker = context.Process(
        target=_worker_part, args=(answer, os.getpid(), summary, theirs, chart_format, paper, generated_at), daemon=True
    )
    try:
        worker.start()
    except OSError as error:  # no memory or no process left to fork
        answers.close()
        raise WorkerLost(f"could not start the worker: {error}") from error
    finally:
        answer.close()  # only the worker's copy stays open: if it dies, reading ends at once
    try:
        document, our_charts = lay_out_part(summary, ours, chart_format, paper, generated_at)
        our_pdf = document.write_pdf()
        pages = len(document.pages) + _receive(answers)
        check_pages(pages, name)  # before the page numbers and the PDF are written
        numbers = page_numbers_pdf(pages, paper)
        their_pdf, their_charts = _receive(answers)
    except BaseException:
        worker.terminate()  # its part is no use now
        raise
    finally:
        answers.close()
        worker.join()
    first, second = (their_pdf, our_pdf) if plan.worker_takes_first else (our_pdf, their_pdf)
    continued_tables = plan.second.tables_to - plan.second.tables_from
    return join_parts(first, second, numbers, continued_tables), {**our_charts, **their_charts}


def _worker_part(
    answer, parent: int, summary: DealSummary, part: Part, chart_format: str, paper: str, generated_at: datetime
):
    """In the worker: the part's page count first, then its PDF and charts; or what went wrong."""
    die_with_parent(parent)  # a killed render leaves no worker behind
    try:
        document, charts = lay_out_part(summary, part, chart_format, paper, generated_at)
        answer.send(len(document.pages))
        answer.send((document.write_pdf(), charts))
    except OSError:  # the parent stopped listening (it failed, or was stopped): nothing to tell
        pass
    except BaseException as error:  # sent back: the parent raises it as its own
        with contextlib.suppress(OSError):
            answer.send(RuntimeError(f"laying out a part of the PDF: {type(error).__name__}: {error}"))
    finally:
        answer.close()


def _receive(answers):
    try:
        message = answers.recv()
    except EOFError as error:
        raise WorkerLost("the worker laying out a part of the PDF stopped without answering") from error
    if isinstance(message, BaseException):
        raise message
    return message


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


# --- joining the parts --------------------------------------------------------------------


def join_parts(first: bytes, second: bytes, numbers: bytes, continued_tables: int = 0) -> bytes:
    """One PDF: the first part's pages, metadata and bookmarks, then the second's; each page
    stamped with its number from ``numbers`` (page_numbers_pdf)."""
    import pikepdf

    joined = pikepdf.open(io.BytesIO(first))
    later = pikepdf.open(io.BytesIO(second))
    offset = len(joined.pages)
    later_pages = {page.obj.objgen: number for number, page in enumerate(later.pages)}
    joined.pages.extend(later.pages)
    _join_bookmarks(joined, later, offset, later_pages, continued_tables)
    _join_named_destinations(joined, later, offset, later_pages)
    stamps = pikepdf.open(io.BytesIO(numbers))
    for number, (page, stamp) in enumerate(zip(joined.pages, stamps.pages, strict=True), start=1):
        _stamp(pikepdf, page, stamp, f"{STAMP_NAME}{number}")
    out = io.BytesIO()
    joined.save(out, deterministic_id=True)
    return out.getvalue()


# The page number's resource name, then the page's number. pikepdf's add_overlay names it at
# random, which made two runs' PDFs differ; WeasyPrint's own names never take this form. (Pages
# may share one resource dictionary, hence a name per page.)
STAMP_NAME = "/TermsheetPageNumber"


def _stamp(pikepdf, page, stamp, name: str) -> None:
    """``page.add_overlay(stamp)`` under a name of our own: the same input gives the same bytes."""
    form = stamp.as_form_xobject()
    name = page.add_resource(form, pikepdf.Name.XObject, name=pikepdf.Name(name), replace_existing=False)
    placement = page.calc_form_xobject_placement(form, name, pikepdf.Rectangle(page.trimbox))
    page.contents_add(b"q\n", prepend=True)
    page.contents_add(b"Q\n", prepend=False)
    page.contents_add(placement, prepend=False)
    page.contents_coalesce()


def page_numbers_pdf(pages: int, paper: str) -> bytes:
    """Empty pages with only the "page X of Y" footer of the report's @page rule."""
    return html_to_pdf(render_page("page_numbers.html.j2", "pdf", paper, pages=pages))


def _join_bookmarks(joined, later, offset: int, later_pages: dict, continued_tables: int) -> None:
    """The second part's bookmarks, under the heading they belong to in the whole document.

    The first part's outline is one item, the deal's title heading (h1), holding the
    sections (h2). The second part has no h1, so its top items are its sections, after
    the titles (h3) of the stratification tables it goes on with: one each, and those
    belong under the first part's last section, "Stratifications".
    """
    import pikepdf

    with later.open_outline() as source:
        items = [_copy_item(pikepdf, joined, item, offset, later_pages) for item in source.root]
    with joined.open_outline() as outline:
        if not outline.root:
            outline.root.extend(items)
            return
        document = outline.root[-1]
        if continued_tables and document.children:
            document.children[-1].children.extend(items[:continued_tables])
            items = items[continued_tables:]
        document.children.extend(items)


def _copy_item(pikepdf, joined, item, offset: int, later_pages: dict):
    """An outline item of the second part, pointing at its page in the joined PDF."""
    destination = item.destination
    if isinstance(destination, pikepdf.Array) and len(destination) and destination[0].objgen in later_pages:
        destination = pikepdf.Array([joined.pages[offset + later_pages[destination[0].objgen]].obj, *destination[1:]])
    copied = pikepdf.OutlineItem(item.title, destination)
    copied.children.extend(_copy_item(pikepdf, joined, child, offset, later_pages) for child in item.children)
    return copied


def _join_named_destinations(joined, later, offset: int, later_pages: dict) -> None:
    """Anchors of the second part ("report.pdf#data-quality") keep working in the joined PDF."""
    import pikepdf
    from pikepdf import NameTree

    if "/Names" not in later.Root or "/Dests" not in later.Root.Names:
        return
    if "/Names" not in joined.Root:
        joined.Root.Names = pikepdf.Dictionary()
    if "/Dests" not in joined.Root.Names:
        joined.Root.Names.Dests = NameTree.new(joined).obj
    target = NameTree(joined.Root.Names.Dests)
    for name, destination in NameTree(later.Root.Names.Dests).items():
        if isinstance(destination, pikepdf.Array) and len(destination) and destination[0].objgen in later_pages:
            page = joined.pages[offset + later_pages[destination[0].objgen]].obj
            target[name] = joined.make_indirect(pikepdf.Array([page, *destination[1:]]))
