"""Every key-change sentence names the old figure and the new one, then the change ("from X to Y, change").

The state shares, LTVs, bounds and subordination levels were said so; the sizes, the WAC and the months were not
("Deal size -20.4% to $493.6mm", "WAC rose 11.9 bp to 5.962%"): the reader had to find the old figure elsewhere.
"""

from __future__ import annotations

import re

import pytest

from reporting.derive.diff import build_diff
from reporting.derive.key_changes import parse_thresholds
from reporting.model.deal import Deal

# fine thresholds, so every kind of figure the two samples compare makes a sentence
EVERY_CHANGE = parse_thresholds("share=0.5pp,wac=1bp,size=1%,wam=0.5mo,ltv=0.5pp,sub=0.01pp")
FROM_TO = re.compile(r" (?:rose|fell|changed) from (?P<old>\S+(?: mo)?) to (?P<new>\S+(?: mo)?)(?: of balance)?, [+-]")


@pytest.mark.parametrize("pool", [None, "all:I", "all:II", "all:III"])
def test_every_sentence_names_the_old_and_the_new_figure(term_sheet: Deal, detailed: Deal, pool: str | None):
    sentences = [k.sentence for k in build_diff(term_sheet, detailed, pool, EVERY_CHANGE).key_changes]
    assert len(sentences) >= 6, sentences
    for sentence in sentences:
        assert FROM_TO.search(sentence), sentence


def test_the_sizes_the_wac_and_the_months_as_the_two_filings_state_them(term_sheet: Deal, detailed: Deal):
    # 2004-3: $619,800,778.37, 1,225 loans, 5.843%, WAM 357.95 mo, original term 359.54 mo;
    # 2004-8: $493,641,377.57, 970 loans, 5.962%, WAM 329.60 mo, original term 331.31 mo
    sentences = [k.sentence for k in build_diff(term_sheet, detailed).key_changes]
    assert "Deal size fell from $619.8mm to $493.6mm, -20.4%" in sentences
    assert "Loan count fell from 1,225 to 970, -20.8%" in sentences
    assert "WAC rose from 5.843% to 5.962%, +11.9 bp" in sentences
    assert any(s.startswith("WAM fell from 357.95 mo to 329.60 mo, -28.35 mo") for s in sentences)
    assert any(s.startswith("WA original term fell from 359.54 mo to 331.31 mo, -28.23 mo") for s in sentences)
