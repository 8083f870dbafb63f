"""One figure, one print: the deal balance the capital structure's note gives prints as the class table above it
does, to the cent the filing states, in the PDF, the HTML and the email alike."""

from __future__ import annotations

import html
import re
from contextlib import closing

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from reading import pdf_pages, pdf_text

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
