"""A deal of several pools, each with its own state table: each table gets its largest states as bars, its map
and its concentration line, labelled with its pool, in the PDF, the HTML and the email. Only the first pool's
did; the others' state tables had a plain bar per row and no line, with nothing said."""

from __future__ import annotations

import re
from dataclasses import replace
from html import unescape
from pathlib import Path

import pytest
from reading import html_of, message_of, pdf_pages, text_of

from reporting.derive.summary import summarise
from reporting.model.deal import Deal
from reporting.model.table_kinds import TableKind
from reporting.pipeline import RenderOptions, load_filing, render_filing
from reporting.present.charts import report_charts
from reporting.read.ingest import ingest_bytes
from reporting.samples import TERM_SHEET_2004_3
from reporting.validate import validate

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
CALIFORNIA = "California                          587                          296,923,131"
FLORIDA = "Florida                              19                            9,222,058"
TEXAS = "Texas                                22                           12,406,633"
POOLS = ("I", "II", "III")


def _state_row(label: str, count: int, balance: str) -> str:
    """A row of the 2004-3 state table, in its columns."""
    return f"{label:<34}{count:>5}{balance:>37}"


def _section(pool: str) -> str:
    """The 2004-3 term sheet's facts and tables as one pool's; pool II's loans led by Florida (California's and
    Florida's rows trade places), pool III's by Texas ($200,000,000 of California's balance moved to Texas). Each
    table still adds up to its Total line."""
    section = TERM_SHEET[TERM_SHEET.index("     The total number of mortgage loans") : TERM_SHEET.index("  SIGNATURES")]
    assert section.count(CALIFORNIA) == section.count(FLORIDA) == section.count(TEXAS) == 1
    if pool == "II":
        section = section.replace(CALIFORNIA, _state_row("California", 19, "9,222,058"))
        section = section.replace(FLORIDA, _state_row("Florida", 587, "296,923,131"))
    if pool == "III":
        section = section.replace(CALIFORNIA, _state_row("California", 587, "96,923,131"))
        section = section.replace(TEXAS, _state_row("Texas", 22, "212,406,633"))
    return section


def three_pool_term_sheet() -> str:
    """The 2004-3 term sheet as three pools, each under "Collateral Term Sheet - Pool N", each with its own state
    table led by another state."""
    assert _state_row("California", 587, "296,923,131") == CALIFORNIA  # the rows written keep the columns
    intro, end = (
        TERM_SHEET.index("     On May 27, 2004"),
        TERM_SHEET.index("                                   SIGNATURES"),
    )
    pools = "".join(f"\n\nCollateral Term Sheet - Pool {pool}\n\n{_section(pool)}" for pool in POOLS)
    return TERM_SHEET[:intro] + pools + TERM_SHEET[end:]


def _expected(deal: Deal, pool: str) -> tuple[str, float, float]:
    """The pool's largest state, its share and California's, in percent of the state table's Total line: read off
    the pool's own rows."""
    (table,) = [t for t in deal.tables if t.pool == pool and t.kind is TableKind.GEOGRAPHY]
    largest = max(table.rows, key=lambda r: r.balance)
    california = next(r for r in table.rows if r.label == "California")
    return largest.label, largest.balance / table.total.balance * 100, california.balance / table.total.balance * 100


@pytest.fixture(scope="module")
def deal() -> Deal:
    found = load_filing(ingest_bytes(three_pool_term_sheet().encode(), "cmsi-2004-3-three-pools.txt"))
    assert [t.pool for t in found.tables if t.kind is TableKind.GEOGRAPHY] == list(POOLS)
    assert all(c.passed for c in found.checks)
    # the deal is as built: each pool led by another state
    assert [_expected(found, pool)[0] for pool in POOLS] == ["California", "Florida", "Texas"]
    return found


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pools")
    filing = folder / "cmsi-2004-3-three-pools.txt"
    filing.write_text(three_pool_term_sheet())
    render_filing(filing, folder / "out", RenderOptions(("html", "pdf", "email")))
    return folder / "out"


def _written(out: Path, suffix: str) -> Path:
    (path,) = out.glob(f"*/*{suffix}")
    return path


def _words(text: str) -> str:
    return " ".join(text.split())


def _line(said: str, pool: str) -> str:
    """The pool's concentration line: "Pool II: ... largest 5 states 73.70%."."""
    lines = re.findall(rf"Pool {pool}: [A-Z][^:]*? largest \d+ states [\d.]+%\.", said)
    assert len(lines) == 1, (pool, lines)
    return lines[0]


def _said(leading: str, share: float, california: float) -> str:
    """How a concentration line gives the pool's largest state and California's share."""
    if leading == "California":
        return f"California {share:.2f}% of balance;"
    return f"{leading} {share:.2f}% of balance, the largest state; California {california:.2f}%;"


@pytest.mark.parametrize("pool", POOLS)
def test_each_pools_state_table_in_the_pdf_has_its_own_concentration_line_on_its_page(deal, out, pool):
    leading, share, california = _expected(deal, pool)
    pages = [_words(page) for page in pdf_pages(_written(out, "-summary.pdf"))]
    (page,) = [p for p in pages if f"Geographic Distribution of Mortgaged Properties by State Pool {pool} " in p]
    assert _said(leading, share, california) in _line(page, pool)
    # its charts, each under the pool's name: the bars of its largest states and its map
    assert f"Pool {pool}: largest states by % of balance" in page and f"Pool {pool}: % of balance by state" in page


@pytest.mark.parametrize("pool", POOLS)
def test_each_pools_state_table_in_the_html_has_its_own_line_bars_and_map(deal, out, pool):
    leading, share, california = _expected(deal, pool)
    html = _written(out, "-summary.html").read_text()
    assert _said(leading, share, california) in _line(_words(unescape(re.sub(r"<[^>]+>", "", html))), pool)
    alts = [unescape(a) for a in re.findall(r'<img src="[^"]*" alt="([^"]*)"', html)]
    (bars,) = [a for a in alts if a.startswith(f"Bar chart of the largest states by % of balance, Pool {pool}:")]
    assert bars.split(": ", 1)[1].startswith(f"{leading} {share:.1f}%")
    assert (
        len([a for a in alts if a.startswith(f"US tile map shaded by % of balance in each state, Pool {pool};")]) == 1
    )


def test_the_email_gives_each_pools_top_states_under_its_name(deal, out):
    message = message_of(_written(out, "-summary.eml"))
    plain, html = text_of(message), _words(unescape(re.sub(r"<[^>]+>", " ", html_of(message))))
    for pool in POOLS:
        leading, share, california = _expected(deal, pool)
        top = plain.split(f"TOP STATES (Pool {pool}, % of balance)", 1)[1].split("\n\n", 1)[0]
        first = top.splitlines()[3]  # under the heading, the column heads and their rule
        assert first.split() == [*leading.split(), f"{share:.2f}%"]
        if leading == "California":
            assert f"Pool {pool}: California {share:.2f}%, top 5 states" in html
        else:
            assert f"Pool {pool}: {leading} {share:.2f}%, the largest state; California {california:.2f}%," in html


def test_with_a_state_table_of_the_whole_deal_too_each_table_has_its_own_map(deal):
    # The whole deal's table is the deal's own (the email's map, its title "Balance by state, All loans"); the
    # pools' tables keep theirs.
    first = next(t for t in deal.tables if t.kind is TableKind.GEOGRAPHY)
    whole = validate(replace(deal, tables=(*deal.tables, replace(first, pool="all")), checks=()))
    summary = summarise(whole)
    assert [g.pool.name for g in summary.geographies] == [*POOLS, "all"]
    assert summary.geography.pool.name == "all" and summary.geography.table_index == len(whole.tables) - 1
    keys = [key for key, _, _ in report_charts(summary)]
    maps = [g.map_key for g in summary.geographies]
    assert len(set(maps)) == 4 and set(maps) <= set(keys) and "states-map" in maps
    assert [g.leading.state for g in summary.geographies] == ["California", "Florida", "Texas", "California"]
