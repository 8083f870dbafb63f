"""The diff as an analyst reads it. A change the diff cannot give (one deal states the figure, the other not) is a
dash, muted as the Relative column's dash beside it: in bold black it stood out in the change column, the column the
eye reads for what moved. And the materiality thresholds are said in the report's own words."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from shared_renders import FIXED_TIME

from reporting.deliver.write import render_diff
from reporting.derive.diff import build_diff
from reporting.formatting import MISSING
from reporting.model.deal import Deal

CHANGE_CELL = re.compile(
    r'<td class="(?P<cls>(?:num|value) change[^"]*)"(?: style="(?P<style>[^"]*)")?>(?P<text>[^<]*)'
)


@pytest.fixture(scope="module")
def diff_pages(tmp_path_factory, term_sheet: Deal, detailed: Deal) -> dict[str, str]:
    out = tmp_path_factory.mktemp("diff-dashes")
    paths = render_diff(build_diff(term_sheet, detailed), out, ["html", "email"], generated_at=FIXED_TIME)
    pages = {"preview" if p.name.endswith("-email.html") else p.suffix: p for p in map(Path, paths)}
    return {"html": pages[".html"].read_text(), "email": pages["preview"].read_text()}


def _change_cells(page: str) -> list[re.Match]:
    cells = list(CHANGE_CELL.finditer(page))
    # 2004-8 states no California share and 2004-3 none of 2004-8's documentation bounds: dashes to see.
    assert any(c["text"].strip() == MISSING for c in cells) and any(c["text"].strip() != MISSING for c in cells)
    return cells


def test_a_dash_for_no_change_is_muted_in_the_html(diff_pages: dict[str, str]):
    for cell in _change_cells(diff_pages["html"]):
        if cell["text"].strip() == MISSING:
            assert "nil" in cell["cls"].split(), cell.group(0)  # diff.css: td.change.nil, normal weight and muted


def test_a_dash_for_no_change_is_not_bold_in_the_email(diff_pages: dict[str, str]):
    for cell in _change_cells(diff_pages["email"]):
        if cell["text"].strip() == MISSING:
            weights = re.findall(r"font-weight:\s*(\w+)", cell["style"] or "")
            assert weights and weights[-1] == "normal", cell.group(0)


def test_the_materiality_thresholds_are_said_in_the_reports_words(diff_pages: dict[str, str]):
    # Not the --threshold option's spelling ("wac 10bp, wam 6mo, sub 0.25pp"): the names and units every figure
    # of the report is printed with.
    for page in diff_pages.values():
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).replace("\u00a0", " ").split())
        assert "WAC 10 bp" in text and "WAM 6 mo" in text and "subordination 0.25 pp" in text
        assert not re.search(r"\b(?:wac|wam|ltv|sub) \d", text)
