"""The index's links to a deal's files come in the formats' own order, the PDF and the HTML first: in the alphabet's
order a row began "CSV Email Email preview HTML PDF Excel"."""

from __future__ import annotations

import re
from pathlib import Path

from reporting.cli import main
from reporting.deliver.formats import LINK_TEXT

FILES_CELL = re.compile(r'<td class="files">(.*?)</td>', re.S)


def test_a_deals_links_begin_with_the_pdf_and_the_html(tmp_path: Path, term_sheet_path: Path):
    formats = "csv,email,xlsx,html,pdf"
    assert main(["render", str(term_sheet_path), "--out", str(tmp_path), "--format", formats, "-q"]) == 0
    (cell,) = FILES_CELL.findall((tmp_path / "index.html").read_text())
    links = re.findall(r">([^<]+)</a>", cell)
    assert links[:2] == ["PDF", "HTML"]
    assert links == [text for text in LINK_TEXT.values() if text in links]  # each once, in the formats' order
    assert {"Excel", "CSV", "Email", "Email preview"} <= set(links)
