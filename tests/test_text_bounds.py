"""Every string a deal carries from its filing has a length limit (issue 18, item 3): a 5 MB
line above a table became that table's title, copied into a 26 MB JSON and a 10 MB HTML.
Beyond its limit a string keeps its start and end with a visible mark, and the deal warns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hostile import TERM_SHEET, with_long_line_above_a_table, with_long_row_label
from reading import pdf_text

from reporting.cli import main
from reporting.model.table_kinds import classify_table
from reporting.pipeline import load_deal, load_deal_json
from reporting.read.text_bounds import CUT_MARK, MAX_LABEL, MAX_TEXT, MAX_TITLE, cut
from reporting.samples import sample_paths

FIVE_MB = 5 * 2**20
YEARS = "YEARS OF ORIGINATION OF MORTGAGE LOANS"


def _filing(tmp_path: Path, text: str, name: str = "hostile.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def long_title(tmp_path_factory) -> Path:
    return _filing(tmp_path_factory.mktemp("long"), with_long_line_above_a_table(FIVE_MB))


def test_a_5_mb_line_above_a_table_is_cut_in_its_title_with_a_mark_and_a_warning(long_title):
    deal = load_deal(long_title)
    title = deal.tables[0].title
    assert len(title) == MAX_TITLE and CUT_MARK in title
    assert title.startswith("AAAA") and title.endswith(YEARS)  # its own words kept, at the end
    assert classify_table(title) == classify_table(YEARS)  # still known as what it is
    assert f"a table title of {FIVE_MB + 1 + len(YEARS):,} characters was cut to {MAX_TITLE}, marked […]" in (
        deal.warnings
    )
    assert max(len(check.subject) for check in deal.checks) <= MAX_TITLE  # the checks repeat the short title
    assert all(check.passed for check in deal.checks)  # the figures are untouched


def test_its_outputs_are_as_small_as_the_samples(long_title, tmp_path, sample_reports):
    assert main(["render", str(long_title), "--out", str(tmp_path / "hostile"), "--format", "html,json,pdf"]) == 0
    sample = sample_reports.summary("2004-3")  # the sample itself, rendered once per test run
    for suffix in ("deal.json", "summary.html"):
        hostile = (tmp_path / "hostile" / "cmsi-2004-3" / f"cmsi-2004-3-{suffix}").stat().st_size
        assert hostile < sample[suffix].stat().st_size + 10_000, suffix  # a few copies of 200 characters, not of 5 MB
    html = (tmp_path / "hostile" / "cmsi-2004-3" / "cmsi-2004-3-summary.html").read_text()
    assert "[…]" in html and "was cut to 200" in html
    text = pdf_text(tmp_path / "hostile" / "cmsi-2004-3" / "cmsi-2004-3-summary.pdf")
    assert "[…]" in text and "was cut to 200, marked […]" in text


def test_a_long_row_label_is_cut_and_the_row_keeps_its_figures(tmp_path):
    deal = load_deal(_filing(tmp_path, with_long_row_label(5_000)))
    (row,) = [r for table in deal.tables for r in table.rows if r.label.startswith("Detached-Houses-")]
    assert len(row.label) == MAX_LABEL and CUT_MARK in row.label
    assert (row.count, row.balance) == (1069, 540_685_761)
    assert "a row label of 5,016 characters was cut to 120, marked […]" in deal.warnings
    assert all(check.passed for check in deal.checks)


def test_a_saved_deal_json_is_held_to_the_same_limits(tmp_path, term_sheet_path):
    out = tmp_path / "out"
    assert main(["render", str(term_sheet_path), "--out", str(out), "--format", "json"]) == 0
    saved = out / "cmsi-2004-3" / "cmsi-2004-3-deal.json"
    document = json.loads(saved.read_text())
    document["tables"][1]["title"] = "T" * 50_000
    document["pools"][0]["underwriting"][0]["wording"] = "w " * 10_000
    saved.write_text(json.dumps(document))
    deal = load_deal_json(saved)
    assert len(deal.tables[1].title) == MAX_TITLE
    wording = deal.pools[0].underwriting[0].wording
    assert MAX_TEXT - 2 <= len(wording) <= MAX_TEXT and CUT_MARK in wording  # the spaces at the cut dropped
    assert "a table title of 50,000 characters was cut to 200, marked […]" in deal.warnings
    assert "an underwriting policy wording of 20,000 characters was cut to 2,000, marked […]" in deal.warnings


@pytest.mark.parametrize("path", sample_paths(), ids=lambda p: p.name)
def test_no_real_filing_comes_near_a_limit(path):
    deal = load_deal(path)
    assert not [w for w in deal.warnings if "cut to" in w]
    policies = [u for pool in deal.pools for u in pool.underwriting]
    measured = (
        (MAX_TITLE, [t.title for t in (*deal.tables, *deal.matrices)]),
        (MAX_LABEL, [r.label for t in deal.tables for r in t.rows] + [u.policy for u in policies]),
        (MAX_TEXT, [u.wording for u in policies] + [p.description or "" for p in deal.pools]),
    )
    assert any(strings for _, strings in measured)
    for limit, strings in measured:
        assert all(len(s) <= limit / 2 for s in strings), limit  # each filing string within half its limit


def test_cut_keeps_start_and_end_in_exactly_the_limit():
    text = "start " + "x" * 1000 + " end"
    short = cut(text, 50)
    assert len(short) == 50 and short.startswith("start ") and short.endswith(" end") and CUT_MARK in short
    assert cut("short", 50) == "short"


def test_the_limits_are_in_the_readme():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    limits = readme[readme.index("## Limits") :]
    for value in (MAX_LABEL, MAX_TITLE, MAX_TEXT):
        assert f"{value:,} characters" in limits[: limits.index("\n## ", 1)]


def test_the_sample_text_has_the_table_the_hostile_line_goes_above():
    assert YEARS in TERM_SHEET  # else with_long_line_above_a_table would test nothing
