"""Property tests: each sample laid out again in many ways gives the same facts.

Hypothesis draws a layout of a bundled sample (``layouts``): rows tight, loose or as
printed; labels wrapped with their figures on the first or the last line; dashes for
zeros; page breaks with page numbers, running heads, footnotes and repeated headers
inside tables and inside sentences; SGML table tags; a plain, EDGAR or HTML envelope.
Whatever the layout, every figure, table, check and verdict must be the sample's; the
only doubts said are about sentences joined across the page breaks the layout added;
and every row and figure cites lines of the text that hold it.

Examples are bounded so the suite stays quick; for a deeper run set LAYOUT_EXAMPLES.
"""

from __future__ import annotations

import os

import layouts
from facts import assert_pool_facts_cite_their_lines, assert_rows_cite_their_lines, deal_facts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reporting.model.deal import Verdict
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes

LAYOUTS = settings(
    max_examples=int(os.environ.get("LAYOUT_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
JOINED = "read from a sentence joined across a page break"


def _values(data):
    """Facts without the parser's doubts (a layout may add doubts, never change a figure)."""
    if isinstance(data, dict):
        return {k: _values(v) for k, v in data.items() if k != "warnings"}
    if isinstance(data, list):
        return [_values(v) for v in data]
    return data


def _parse(text: str, envelope: str):
    filing = ingest_bytes(layouts.envelope(text, envelope).encode(), f"layout.{'htm' if envelope == 'html' else 'txt'}")
    return filing, load_filing(filing)


SAMPLES = {"2004-3": layouts.TERM_SHEET, "2004-8": layouts.DETAILED}
ORIGINAL = {name: load_filing(ingest_bytes(text.encode(), f"{name}.txt")) for name, text in SAMPLES.items()}
ORIGINAL_FACTS = {name: deal_facts(deal) for name, deal in ORIGINAL.items()}


@st.composite
def laid_out(draw, name: str) -> tuple[str, str, int]:
    """(text, envelope, sentence breaks) of the sample ``name`` in a layout hypothesis chooses."""
    text = SAMPLES[name]
    heads = draw(st.booleans())
    breaks = draw(st.lists(st.sampled_from(layouts.prose_lines(text)), max_size=5, unique=True))
    text = layouts.break_sentences(
        text,
        breaks,
        notes=draw(st.booleans()),
        number=draw(st.booleans()),
        head=layouts.RUNNING_HEAD if heads else None,
    )
    tables = layouts.sample_tables(text.split("\n"))
    if tables:
        rows = [(t, r) for t, table in enumerate(tables) for r in range(1, len(table.rows))]
        layout = layouts.TableLayout(
            spacing=draw(st.sampled_from(["tight", "loose", "as is"])),
            figures_on=draw(st.sampled_from(["first", "last"])),
            wrapped=frozenset(draw(st.lists(st.sampled_from(layouts.wrappable(text)), max_size=12, unique=True))),
            dashes=draw(st.booleans()),
            breaks=frozenset(draw(st.lists(st.sampled_from(rows), max_size=4, unique=True))),
            repeat_header=draw(st.booleans()),
            sgml_tags=draw(st.booleans()),
            head=layouts.RUNNING_HEAD if heads else None,
        )
        text = layouts.lay_out_tables(text, layout)
    if heads:
        text = layouts.with_running_heads(text)
    return text, draw(st.sampled_from(["plain", "sgml", "html"])), len(breaks)


def _assert_same_facts(name: str, text: str, envelope: str, breaks: int) -> None:
    filing, deal = _parse(text, envelope)
    assert _values(deal_facts(deal)) == _values(ORIGINAL_FACTS[name])
    assert deal.verdict is Verdict.RECONCILED
    if not breaks:
        assert deal.warnings == ()
    assert all(JOINED in warning for warning in deal.warnings), deal.warnings
    assert_rows_cite_their_lines(deal, filing.text)
    assert_pool_facts_cite_their_lines(deal, filing.text)


@LAYOUTS
@given(laid_out("2004-3"))
def test_the_term_sheet_in_any_layout_gives_the_same_facts(layout):
    _assert_same_facts("2004-3", *layout)


@LAYOUTS
@given(laid_out("2004-8"))
def test_the_detailed_description_in_any_layout_gives_the_same_facts(layout):
    _assert_same_facts("2004-8", *layout)


@settings(max_examples=int(os.environ.get("LAYOUT_EXAMPLES", "30")) // 2, deadline=None)
@given(laid_out("2004-3"))
def test_the_term_sheet_in_pool_sections_gives_each_pool_the_samples_facts(layout):
    text, envelope, _ = layout
    filing, deal = _parse(layouts.two_pool_term_sheet(text), envelope)
    original = _values(ORIGINAL_FACTS["2004-3"])
    data = _values(deal_facts(deal))
    assert [p["name"] for p in data["pools"]] == ["I", "II", "all"]
    for pool in data["pools"][:2]:
        assert {**pool, "name": "all"} == original["pools"][0]
    for section in ("I", "II"):
        assert [{**t, "pool": "all"} for t in data["tables"] if t["pool"] == section] == original["tables"]
        assert [{**m, "pool": "all"} for m in data["matrices"] if m["pool"] == section] == original["matrices"]
    assert deal.verdict is Verdict.RECONCILED
    assert_rows_cite_their_lines(deal, filing.text)


def test_the_largest_ltv_said_in_a_pools_section_is_that_pools_and_the_deals_is_the_greatest():
    text = layouts.two_pool_term_sheet(layouts.TERM_SHEET)
    said = "no mortgage loans had loan-to-value ratios\nin excess of 95%"
    assert text.count(said) == 2  # once in each pool's section
    second = text.rindex(said)
    text = text[:second] + said.replace("95%", "90%") + text[second + len(said) :]
    _, deal = _parse(text, "plain")
    first, second, whole = deal.pools
    assert (first.max_ltv, second.max_ltv, whole.max_ltv) == (95.0, 90.0, None)  # each pool's own; was 95 for all
    derived = whole.derived_figure("max_ltv")
    assert (derived.value, derived.derived_from) == (95.0, "greatest of pools I, II")


def _titles_in_capitals(data):
    if isinstance(data, dict):
        return {k: v.upper() if k in ("title", "subject") else _titles_in_capitals(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_titles_in_capitals(v) for v in data]
    return data


def test_titles_in_title_case_give_the_same_tables_and_facts():
    """Titles set "Years of Origination of Mortgage Loans", not in capitals: the same tables under
    them, and the prose above each title stays prose (it once became the title, and its facts were lost)."""
    changed = layouts.title_case_titles(SAMPLES["2004-3"])
    assert "Geographic Distribution of\n" in changed and "Distribution by Fico Scores and\n" in changed
    _, deal = _parse(changed, "plain")
    titles = [t.title for t in deal.tables] + [m.title for m in deal.matrices]
    assert len(titles) == 8 and all(t != t.upper() for t in titles), titles  # as written
    assert _titles_in_capitals(deal_facts(deal)) == _titles_in_capitals(ORIGINAL_FACTS["2004-3"])
