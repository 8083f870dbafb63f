"""How the key changes of a diff are ranked, and that every format says how.

An outside analyst's review of the two samples' diff: it led with "WAM fell 28.35 mo" and "WA original term fell
28.23 mo", which come from 2004-8's pool II of 12-15-year loans, a kind 2004-3 holds none of. Those two now come
last, each saying why; the caution names the pool that is like 2004-3's loans; the reports state the ranking rule
with every exception the list holds; and a stated LTV's change is written to the LTVs' own decimals.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from reading import html_of, message_of, pdf_text, text_of
from shared_renders import FIXED_TIME
from workbooks import Workbook, row_of

from reporting.deliver.write import render_diff
from reporting.derive.diff import build_diff
from reporting.model.deal import Deal

MIXED = "(mostly the mix of original terms: see the caution)"
RULE = (
    "the list is ranked by how many times its threshold each change is; a moved cap or floor counts once, after the "
    "measured changes, as what it bounds may not have moved; a WAM or original term between loans of different "
    "original terms comes last"
)


def words(text: str) -> str:
    """The text's words with single spaces, whatever lines or markup held them."""
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory, term_sheet: Deal, detailed: Deal) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("ranking")
    paths = render_diff(
        build_diff(term_sheet, detailed), folder, ["pdf", "html", "email", "xlsx"], generated_at=FIXED_TIME
    )
    # the email's HTML part is written beside it too (-email.html): keyed apart from the report's HTML
    return {p.name.removeprefix("cmsi-2004-3-vs-cmsi-2004-8"): p for p in paths}


def test_a_wam_between_loans_of_other_terms_ranks_last_however_large(term_sheet: Deal, detailed: Deal):
    changes = build_diff(term_sheet, detailed).key_changes
    wam = next(k for k in changes if k.metric == "wam_months")
    # key-change sentences now name the old figure too ("from X to Y, change"), as the others do
    assert wam.sentence == f"WAM fell from 357.95 mo to 329.60 mo, -28.35 mo {MIXED}" and wam.mixed_terms
    assert wam.materiality == pytest.approx(28.35 / 6)  # the largest of all, yet ...
    assert changes[-2:] == (wam, next(k for k in changes if k.metric == "wa_original_term_months"))  # ... last
    # key-change sentences now name the old figure too ("from X to Y, change"), as the others do
    assert changes[0].sentence == "Loan count fell from 1,225 to 970, -20.8%"


def test_loans_of_like_terms_rank_by_size_alone(term_sheet: Deal, detailed: Deal):
    # 2004-3 (20-30 years) against 2004-8 pool I (25-30 years): the terms differ but pool I's lie within: no
    # change is put last, and none says it is the mix of terms.
    changes = build_diff(term_sheet, detailed, "all:I").key_changes
    assert changes and not any(k.mixed_terms or MIXED in k.sentence for k in changes)
    # the deal against itself with another pool's terms (pool III: 30 years, against the whole deal's 12-30)
    mixed = build_diff(detailed, detailed, "all:III").key_changes
    assert [k.metric for k in mixed if k.mixed_terms] == ["wam_months", "wa_original_term_months"]


def test_the_caution_names_the_like_pool(term_sheet: Deal, detailed: Deal):
    (terms, _kinds) = build_diff(term_sheet, detailed).cautions
    assert terms.endswith("Pool I of CMSI 2004-8 (25-30 years) holds loans within 20-30 years: compare it alone.")
    # the other way round the same pool is named, of the old deal now
    (back, _) = build_diff(detailed, term_sheet).cautions
    assert back.endswith("Pool I of CMSI 2004-8 (25-30 years) holds loans within 20-30 years: compare it alone.")


def test_every_report_states_the_ranking_rule_in_full(written: dict[str, Path]):
    message = message_of(written[".eml"])
    for text in (pdf_text(written[".pdf"]), written[".html"].read_text(), html_of(message)):
        assert RULE in words(text)
    # key-change sentences now name the old figure too ("from X to Y, change"), as the others do
    assert f"WA original term fell from 359.54 mo to 331.31 mo, -28.23 mo {MIXED}" in words(text_of(message))


def test_a_stated_ltvs_change_is_written_to_its_decimals(written: dict[str, Path]):
    # 64.5% and 66.5% are stated to one decimal: their change is +2.0 pp, never +2.00 pp, in the table as in
    # the key sentence
    for text in (pdf_text(written[".pdf"]), written[".html"].read_text()):
        assert re.search(r"WA LTV at origination 64\.5% 66\.5% \+2\.0 pp \+3\.1%", words(text))
    book = Workbook.read(written[".xlsx"])
    sheet, _ = book.sheet("Metrics")
    row = row_of(sheet, "WA LTV at origination")
    assert sheet.cell(row, 4).number_format == '+0.0" pp";-0.0" pp";0.0" pp"'
