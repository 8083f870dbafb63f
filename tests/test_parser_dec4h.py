"""Stratification tables and the FICO x LTV matrix drawn as other desks draw them, found misread by a red team
(Dec 4, h): each filing is the 2004-3 term sheet (or the 2004-8 detailed description) with its tables redrawn in
the test. Every figure must come out as the sample's, or be left out with the reason said beside it; never
another figure in its place, and never a check failed on a filing that agrees with itself.
"""

from __future__ import annotations

import re

import pytest
from facts import assert_tables_as_the_sample, matrices_read, read_text
from sample_deals import read_sample

from reporting.samples import TERM_SHEET_2004_3

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
SAMPLE = read_sample(TERM_SHEET, "cmsi-2004-3.txt")

# Every Total line of the term sheet: the seven tables' and the matrix's, its label at the margin.
_TOTAL_LABEL = re.compile(r"^Total {8}", re.M)


# --- a footnote's number in brackets a space after the Total line's label: "Total (1)" ----------------------------


@pytest.mark.parametrize("label", ["Total (1)", "TOTAL (2)", "Total: (1)", "Totals  (12)"])
def test_a_footnote_number_set_apart_after_the_total_label_is_the_labels_mark(label):
    # "Total (1)   1,225   $619,800,778": the "(1)" was read as a figure (a negative one), so the Total line had a
    # column more than its rows: the rows' labels were cut at it and their own numbers read as figures ("$150,000
    # through" with a balance of $199,999, "65.001% -" with 313 loans), the first LTV row lost, three tables and
    # the matrix left out, and checks failed on a filing that agrees with itself. Glued ("Total(1)") it was read.
    assert len(_TOTAL_LABEL.findall(TERM_SHEET)) == 8
    deal = read_text(_TOTAL_LABEL.sub(label.ljust(13), TERM_SHEET), "cmsi-2004-3.txt")
    assert_tables_as_the_sample(deal, SAMPLE)
    assert matrices_read(deal) == matrices_read(SAMPLE)
    assert deal.warnings == SAMPLE.warnings and deal.not_run == SAMPLE.not_run
