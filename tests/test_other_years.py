"""The samples written as 1997-1999 filings write them (``layouts.nineties``) give the samples' facts.

Before: "per cent" lost the LTV, the primary-residence share and underwriting bounds, and "the Mortgage
Pool consisted of 1,225 Mortgage Loans" the count; every other figure was read as from the sample.
"""

import layouts
import pytest
from facts import deal_facts

from reporting.model.deal import Verdict
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes

_WORDED = frozenset({"wording", "description", "warnings"})  # the filing's own words, quoted


def _figures(value):
    if isinstance(value, dict):
        return {k: _figures(v) for k, v in value.items() if k not in _WORDED}
    if isinstance(value, list):
        return [_figures(v) for v in value]
    return value


@pytest.mark.parametrize("sample", [layouts.TERM_SHEET, layouts.DETAILED], ids=["2004-3", "2004-8"])
def test_a_sample_in_the_1990s_wording_gives_the_samples_figures(sample):
    text = layouts.nineties(sample)
    assert " per cent" in text and "Adjusted Balance" in text and "\n- -" in text
    deal = load_filing(ingest_bytes(text.encode(), "nineties.txt"))
    original = load_filing(ingest_bytes(sample.encode(), "sample.txt"))
    assert _figures(deal_facts(deal)) == _figures(deal_facts(original))
    assert deal.verdict is Verdict.RECONCILED
    assert deal.warnings == ()
