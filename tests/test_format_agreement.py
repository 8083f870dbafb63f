"""One figure, one print: the deal balance the capital structure's note gives prints as the class table above it
does, to the cent the filing states, in the PDF, the HTML and the email alike.

One fact, one wording: the diff email's text part marked CMSI 2004-8's derived share above 80% LTV "(derived)", the
summary email's "(d)", which only the summary explained. The diff's data-quality lines ended with no full stop in
its text part ("all 53 reconciliation checks passed") beside sentences that had one, as its PDF and HTML do. The shelf
history named a deal "CMSI 2004-3" in its table of the window's deals and "2004-3" in the tables of figures below."""

from __future__ import annotations

import dataclasses
import html
import re
from contextlib import closing

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from reading import message_of, pdf_pages, pdf_text, text_of

NOTE = re.compile(r"as % of the deal balance \((?P<balance>[^)]*)\)")
EMAIL_TOTAL = re.compile(r'class-name"[^>]*>Total</td>\s*<td[^>]*>(?P<balance>[^<]*)')


def _notes(text: str) -> list[str]:
    return [m["balance"] for m in NOTE.finditer(" ".join(html.unescape(text).split()))]


def test_the_capital_notes_deal_balance_prints_alike_in_every_format(sample_reports):
    files = sample_reports.summary("2004-8")
    email = files["email.html"].read_text()
    said = {
        "pdf": _notes(pdf_text(files["summary.pdf"])),
        "html": _notes(files["summary.html"].read_text()),
        "email": _notes(email),
    }
    assert all(len(notes) == 1 for notes in said.values()), said
    assert len({notes[0] for notes in said.values()}) == 1, said
    # 2004-8's classes add up to its deal balance: the note's figure is the table's Total, cents and all.
    assert said["email"] == [EMAIL_TOTAL.search(email)["balance"].strip()]


def test_every_pages_running_header_names_the_filing_it_summarises(sample_reports, term_sheet, detailed):
    # A term sheet's pool is the expected one, a detailed description's the one delivered: a loose page says which.
    for series, deal in (("2004-3", term_sheet), ("2004-8", detailed)):
        pages = pdf_pages(sample_reports.summary(series)["summary.pdf"])
        kind = deal.kind.label
        cut_off = f"{deal.cut_off_date:%B} {deal.cut_off_date.day}, {deal.cut_off_date.year}"
        for number, page in enumerate(pages[1:], start=2):  # the first page has the band instead
            # the running header: a margin box, laid out after the page's content, so found by its start
            head = next(line for line in page.splitlines() if line.startswith(f"CMSI {series} \u00b7 "))
            assert kind in head and cut_off in head, (series, number, head)


def test_the_source_sentence_is_set_in_one_size(sample_reports, term_sheet):
    # "... date of report May 7, 2004. File cmsi-2004-3-....txt, SHA-256 ffec0de4...": one sentence, one size.
    with closing(pdfium.PdfDocument(sample_reports.summary("2004-3")["summary.pdf"])) as document:
        text = document[len(document) - 1].get_textpage()
        sizes = {
            phrase: _font_sizes(text, phrase)
            for phrase in ("Citicorp Mortgage Securities, Inc., Form 8-K", term_sheet.source.sha256[:16], "SHA-256")
        }
    assert all(len(found) == 1 for found in sizes.values()), sizes
    assert len({found[0] for found in sizes.values()}) == 1, sizes


def _font_sizes(text: pdfium.PdfTextPage, phrase: str) -> list[float]:
    searcher = text.search(phrase, match_case=True)
    sizes = []
    while found := searcher.get_next():
        sizes.append(round(pdfium_c.FPDFText_GetFontSize(text.raw, found[0]), 1))
    return sizes


def test_both_emails_text_parts_mark_a_derived_figure_alike_and_say_what_the_mark_means(sample_reports):
    meaning = "(d) derived from the pools: the filing does not state it for the whole deal"
    summary = text_of(message_of(sample_reports.summary("2004-8")["summary.eml"]))
    diff = text_of(message_of(sample_reports.samples_diff()["eml"]))
    # CMSI 2004-8 states its share above 80% LTV per pool only: 1.60% of the whole deal, derived from them
    (summary_row,) = [line for line in summary.splitlines() if line.startswith("Loans above 80% LTV")]
    (diff_row,) = [line for line in diff.splitlines() if line.startswith("Loans above 80% LTV")]
    assert summary_row.split()[-2:] == ["1.60%", "(d)"] and "1.60% (d) " in diff_row
    assert "(derived)" not in diff
    assert [line.strip() for line in (summary + diff).splitlines() if line.strip().startswith(meaning)] == [
        f"{meaning}.",
        f"{meaning}.",
    ]


def test_the_diffs_data_quality_lines_end_as_sentences_in_every_format(sample_reports):
    text = text_of(message_of(sample_reports.samples_diff()["eml"]))
    lines = text.splitlines()
    start = lines.index("Data quality")
    assert lines[start + 1 : start + 3] == [
        "  old  CMSI 2004-3: all 53 reconciliation checks passed.",
        "  new  CMSI 2004-8: all 23 reconciliation checks passed.",
    ]
    # and what the marks beside the figures mean, each a sentence as the summary email's are
    legend = [line for line in lines if line.startswith("  (")]
    assert legend and all(line.endswith(".") for line in legend)
    page = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", sample_reports.samples_diff()["html"].read_text())).split())
    assert "All 53 reconciliation checks passed." in page and "All 23 reconciliation checks passed." in page


def test_a_diffs_unresolved_warning_ends_as_a_sentence(term_sheet, detailed, tmp_path):
    from reporting.deliver.write import render_diff
    from reporting.derive.diff import build_diff

    warned = dataclasses.replace(detailed, warnings=("the loan-size table's rows do not add up to its total",))
    files = render_diff(build_diff(term_sheet, warned), tmp_path, ["html", "email"])
    pages = [p for p in files if p.suffix == ".html"]
    assert len(pages) == 2  # the report and the email's preview
    for page in pages:
        said = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.read_text())).split())
        assert "Not resolved: the loan-size table's rows do not add up to its total." in said, page.name


_DEAL_CELLS = re.compile(r'<table class="data (?P<table>[\w-]+)">.*?</table>', re.S)


def test_the_shelf_names_a_deal_alike_in_every_table(sample_reports):
    output, _ = sample_reports.demo()
    page = (output / "shelf.html").read_text()
    named: dict[str, set[str]] = {}
    for table in _DEAL_CELLS.finditer(page):
        if table["table"] in ("deals-table", "history-table", "terms-table", "one-deal-table"):
            cells = re.findall(r'<(?:th scope="row"|td class="deal")>([^<]*)<', table.group(0))
            named.setdefault(table["table"], set()).update(c for c in cells if "2004-" in c)
    assert {"deals-table", "history-table", "terms-table"} <= set(named)
    assert named == {table: {"CMSI 2004-3", "CMSI 2004-8"} for table in named}, named
