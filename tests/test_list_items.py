"""A list of figures whose last item is set apart: "...; and" at a paragraph's end, the last item under a blank line.

Each filing is a sample with one statement written as such a list. The last item goes on with the sentence above
it: its figure is the same loans' (in the detailed description, pool II's, never the whole deal's, which the
item read alone was taken for), and a list of figures with "respectively" keeps all of them.
"""

from __future__ import annotations

import pytest

from reporting.model.deal import Deal, provenance_of
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3

DETAILED = DETAILED_2004_8.read_text(encoding="utf-8")
TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")

# The detailed description's own statement of the pools' WA original terms (line breaks as in the filing).
ORIGINAL_TERMS = (
    "The\nweighted average original terms to stated maturity of the pool I mortgage loans,\n"
    "the pool II mortgage loans, the pool III mortgage loans and all mortgage loans\n"
    "as of October 1, 2004 were 359.66 months, 179.75 months, 360.00 months and\n331.31 months, respectively."
)
# "; and" or "; or" at a paragraph's end, and a blank line or an indented paragraph before the last item
BREAKS = {"blank line": ("; and", "\n\n"), "indented paragraph": ("; and", "\n\n     "), "or": ("; or", "\n\n")}


def _edited(text: str, old: str, new: str) -> Deal:
    assert text.count(old) == 1, old
    return load_filing(ingest_bytes(text.replace(old, new).encode(), "cmsi-list-items.txt"))


def _said(deal: Deal, field: str, pool: str) -> tuple[str, ...]:
    said = provenance_of(deal.pool(pool), field)
    return said.warnings if said else ()


@pytest.mark.parametrize("join, gap", BREAKS.values(), ids=BREAKS.keys())
def test_a_pools_last_item_after_a_blank_line_is_the_pools(join: str, gap: str):
    # Read alone, "a weighted average original term ... of 179.75 months." was the whole deal's (179.75 printed as
    # the deal's, doubted only for being shorter than its WAM), and pool II's was not stated.
    deal = _edited(
        DETAILED,
        ORIGINAL_TERMS,
        "The pool II mortgage loans had a weighted average remaining term to stated maturity of\n"
        f"176.90 months{join}{gap}a weighted average original term to stated maturity of 179.75 months.",
    )
    assert deal.pool("II").wa_original_term_months == 179.75
    assert deal.pool("II").wam_months == 176.90
    assert deal.whole_deal.wa_original_term_months is None
    assert "wa_original_term_months" in deal.missing
    assert _said(deal, "wa_original_term_months", "II") == ()
    # the numbered list of the additional collateral loans ("...; and" / "4. the weighted ...") is still a list
    collateral = [(p.additional_collateral.loan_count, p.additional_collateral.balance) for p in deal.pools[:2]]
    assert collateral == [(1, 660_000), (5, 1_292_268)]


@pytest.mark.parametrize("gap", ["\n\n", "\n\n     "])
def test_the_last_figure_of_a_respectively_list_after_a_blank_line_keeps_the_list_whole(gap: str):
    # "were 359.66 months; 179.75 months; 360.00 months; and" / "331.31 months, respectively.": three values for
    # four subjects, none read (said).
    deal = _edited(
        DETAILED,
        ORIGINAL_TERMS,
        ORIGINAL_TERMS.replace(
            "359.66 months, 179.75 months, 360.00 months and\n331.31 months",
            f"359.66 months; 179.75 months; 360.00 months; and{gap}331.31 months",
        ),
    )
    assert [p.wa_original_term_months for p in deal.pools] == [359.66, 179.75, 360.00, 331.31]
    assert all(_said(deal, "wa_original_term_months", p.name) == () for p in deal.pools)
    assert deal.verdict.value == "reconciled"


def test_items_each_a_paragraph_after_a_colon_are_one_sentence():
    # "The pool II mortgage loans had:" / "a weighted average remaining term ...; and" / "a weighted average
    # original term ...": each item pool II's.
    deal = _edited(
        DETAILED,
        ORIGINAL_TERMS,
        "The pool II mortgage loans had:\n\n          a weighted average remaining term to stated maturity of 176.90"
        " months; and\n\n          a weighted average original term to stated maturity of 179.75 months.",
    )
    assert (deal.pool("II").wam_months, deal.pool("II").wa_original_term_months) == (176.90, 179.75)
    assert deal.whole_deal.wa_original_term_months is None


def test_a_lettered_lists_figures_not_read_are_each_quoted_through_their_own_words():
    # "(a) ...; (b) ...; and (c) ..." after "the mortgage loans had:" is not read (a numbered list's items are some
    # loans' figures), and said; the original term's doubt quoted only "(b) a weighted average remaining term to
    # stated maturity of 357.95 ...", another figure's words, never its own.
    own = (
        "The\nweighted average interest rate on the mortgage loans (before deduction of the\nservicing fee) as of May 1,"
        " 2004 was 5.843%. The weighted average remaining\nterm to stated maturity of the mortgage loans as of May 1, "
        "2004 was 357.95\nmonths."
    )
    text = TERM_SHEET.replace(
        " The weighted average original term to stated\nmaturity of the mortgage loans as of May 1, 2004 was 359.54 "
        "months.",
        "",
    )
    deal = _edited(
        text,
        own,
        "As of May 1, 2004, the mortgage loans had:\n"
        "     (a) a weighted average interest rate of approximately 5.843%;\n"
        "     (b) a weighted average remaining term to stated maturity of 357.95 months; and\n"
        "     (c) a weighted average original term of 359.54 months.",
    )
    assert deal.whole_deal.wa_original_term_months is None
    (said,) = _said(deal, "wa_original_term_months", "all")
    assert said.startswith("the filing states it in '(b) a weighted average remaining term to stated maturity of ")
    assert "; and (c) a weighted average original term of 359.54 months.'" in said


def test_a_pools_last_item_after_a_blank_line_in_capitals_is_the_pools():
    # Prose set in capitals, as older filings set passages: "...; AND" / "A WEIGHTED AVERAGE ORIGINAL TERM ...":
    # read alone, 179.75 was the whole deal's.
    deal = _edited(
        DETAILED,
        ORIGINAL_TERMS,
        "THE POOL II MORTGAGE LOANS HAD A WEIGHTED AVERAGE REMAINING TERM TO STATED MATURITY OF\n176.90 MONTHS; AND\n\n"
        "A WEIGHTED AVERAGE ORIGINAL TERM TO STATED MATURITY OF 179.75 MONTHS.",
    )
    assert (deal.pool("II").wam_months, deal.pool("II").wa_original_term_months) == (176.90, 179.75)
    assert deal.whole_deal.wa_original_term_months is None
