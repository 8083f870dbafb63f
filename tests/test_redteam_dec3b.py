"""Filings in wordings and layouts other years' typists used, found misread by a red team (Dec 3, b): each is
a bundled sample edited in the test. The sample's figures must come out, or the figure is left out with a doubt
beside it; never a figure the filing does not state, nor "not stated" for one it states.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from sample_deals import read_sample

from reporting.model.deal import Deal, provenance_of
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
DETAILED = DETAILED_2004_8.read_text(encoding="utf-8")


def _read(text: str, name: str) -> Deal:
    return load_filing(ingest_bytes(text.encode(), name))


def _pool_facts(deal: Deal) -> list[tuple]:
    return [(p.name, p.aggregate_balance, p.loan_count, p.wac, p.wam_months, p.wa_ltv) for p in deal.pools]


@pytest.mark.parametrize("moment", ["the close of business on", "the close of business,", "the opening of business on"])
@pytest.mark.parametrize(
    ("text", "name", "cut_off"),
    [(TERM_SHEET, "cmsi-2004-3.txt", date(2004, 5, 1)), (DETAILED, "cmsi-2004-8.txt", date(2004, 10, 1))],
    ids=["term sheet", "detailed description"],
)
def test_a_cut_off_date_stated_at_the_close_of_business_is_the_cut_off_date(text, name, cut_off, moment):
    # "... as of the close of business on May 1, 2004 of $619,800,778.37": the report's cover said
    # "Cut-off date: not stated in this filing", of a filing that states it in every paragraph.
    edited = re.sub(r"\bas(\s+)of(\s+)(?=(?:May|October)\s+1,\s+2004)", rf"as\1of\2{moment} ", text)
    assert edited.count(moment) >= 8
    deal, sample = _read(edited, name), read_sample(text, name)
    assert deal.cut_off_date == cut_off == sample.cut_off_date
    assert "cut_off_date" not in deal.missing
    assert provenance_of(deal, "cut_off_date").source_lines == provenance_of(sample, "cut_off_date").source_lines
    assert provenance_of(deal, "cut_off_date").warnings == ()
    assert _pool_facts(deal) == _pool_facts(sample)


def test_a_cut_off_date_stated_differently_once_at_the_close_of_business_is_doubted():
    # One statement "as of the close of business on June 1, 2004" against eight of May 1: counted with them, as
    # "as of June 1, 2004" is, so the date most statements give is kept and the odd one is said beside it.
    edited = TERM_SHEET.replace("as of May 1, 2004 of\n$619", "as of the close of business on June 1, 2004 of\n$619")
    deal = _read(edited, "cmsi-2004-3.txt")
    assert deal.cut_off_date == date(2004, 5, 1) and "cut_off_date" not in deal.missing
    (doubt,) = provenance_of(deal, "cut_off_date").warnings
    assert "as June 1, 2004 on line 64 and as May 1, 2004 in 8 places" in doubt
