"""A collateral term sheet's figures are preliminary, and every output of one says so (Dec 4).

An analyst's review: the 2004-3 summary, a term sheet's, read as final as the 2004-8 detailed description's,
though the detailed description filed at closing supersedes it (its pools' balances and counts most often
differ). Every output of a term sheet now carries one caution, in the words of its kind
(``FilingKind.caution``): the summary's PDF and HTML under the header, the email's subject, HTML and text, the
workbook's facts, the deal's JSON and the terminal. A detailed description carries none.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import openpyxl
import pytest
from reading import html_of, message_of, pdf_pages, subject_of, text_of

from reporting.cli import main
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3

CAUTION = (
    "Preliminary: a collateral term sheet describes the loans before the pool is final; "
    "the series' detailed description, filed at closing, supersedes it."
)
FORMATS = "pdf,html,email,xlsx,json"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("preliminary")
    folders = {}
    for series, filing in (("2004-3", TERM_SHEET_2004_3), ("2004-8", DETAILED_2004_8)):
        assert main(["render", str(filing), "--out", str(out), "--format", FORMATS, "-q"]) == 0
        folders[series] = out / f"cmsi-{series}"
    return folders


def _file(rendered: dict[str, Path], series: str, ending: str) -> Path:
    (path,) = rendered[series].glob(f"*{ending}")
    return path


def _words(text: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", text)).split())


def test_the_term_sheets_pdf_says_it_is_preliminary_on_its_first_page(rendered):
    pages = [" ".join(p.split()) for p in pdf_pages(_file(rendered, "2004-3", "-summary.pdf"))]
    assert CAUTION in pages[0]
    assert sum(CAUTION in p for p in pages) == 1  # once, where a reader starts
    assert not any("Preliminary" in p for p in pdf_pages(_file(rendered, "2004-8", "-summary.pdf")))


def test_the_html_says_it_in_the_header_as_a_note_not_a_failure(rendered):
    html = _file(rendered, "2004-3", "-summary.html").read_text()
    header = html.split("</header>", 1)[0]
    assert f'<p class="band-alert preliminary" role="note">{CAUTION}</p>' in unescape(header)
    assert "Preliminary" not in _file(rendered, "2004-8", "-summary.html").read_text()


def test_the_email_says_it_in_its_subject_its_html_and_its_text(rendered):
    message = message_of(_file(rendered, "2004-3", ".eml"))
    assert subject_of(message) == "CMSI 2004-3 preliminary collateral summary: $619.8mm, 1,225 loans, WAC 5.843%"
    assert CAUTION in _words(html_of(message))
    text = text_of(message).splitlines()
    assert text[:2] == ["CMSI 2004-3 - Collateral term sheet", CAUTION]
    final = message_of(_file(rendered, "2004-8", ".eml"))
    assert subject_of(final) == "CMSI 2004-8 collateral summary: $493.6mm, 970 loans, WAC 5.962%"
    assert "Preliminary" not in html_of(final) + text_of(final)


def test_the_workbook_lists_it_among_the_deals_facts(rendered):
    sheet = openpyxl.load_workbook(_file(rendered, "2004-3", ".xlsx"))["Summary"]
    facts = {row[0].value: row[1].value for row in sheet.iter_rows(max_row=15) if row[0].value}
    assert facts["Kind of filing"] == "Collateral term sheet"
    assert facts["Caution"] == CAUTION
    final = openpyxl.load_workbook(_file(rendered, "2004-8", ".xlsx"))["Summary"]
    assert "Caution" not in [row[0].value for row in final.iter_rows(max_row=15)]


def test_the_json_carries_it_and_null_for_a_detailed_description(rendered):
    assert json.loads(_file(rendered, "2004-3", "-deal.json").read_text())["caution"] == CAUTION
    assert json.loads(_file(rendered, "2004-8", "-deal.json").read_text())["caution"] is None


def test_the_terminal_says_it_under_the_deals_name(capsys):
    assert main(["parse", str(TERM_SHEET_2004_3)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == ["CMSI 2004-3 - Collateral term sheet", CAUTION]
