"""Derived figures, the rest (red team, Dec 4): a territory among the largest states, a FICO row of no score,
a state given with its parts beside the other filing's whole state, approximate amounts written two ways. Each
filing is a bundled sample edited in the test."""

from __future__ import annotations

import re

from facts import FICO_ROWS, fico_table_lines, read_text
from sample_deals import read_sample

from reporting.derive.diff import build_diff
from reporting.derive.metrics import BY_KEY
from reporting.derive.summary import summarise
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
DETAILED = DETAILED_2004_8.read_text(encoding="utf-8")
_CALIFORNIA = "California                          587                          296,923,131"


def _row(label: str, count: int, balance: int) -> str:
    """A state table's row, laid out as the term sheet lays out its rows."""
    return f"{label:34}{count:>5}{f'{balance:,}':>37}"


def test_a_territory_is_neither_the_largest_state_nor_among_the_top_5_states():
    # $200 million of California's loans in Puerto Rico: Puerto Rico's 32.27% was called "the largest state" and
    # counted in the "Top 5 states" (69.53%). The top 5 states are of the states and DC, as the filings count
    # them: California, New York, Massachusetts, Maryland and New Jersey, 41.43%; Puerto Rico stays a row.
    assert TERM_SHEET.count(_CALIFORNIA) == 1
    moved = _row("California", 387, 96_923_131) + "\n" + _row("Puerto Rico", 200, 200_000_000)
    deal = read_text(TERM_SHEET.replace(_CALIFORNIA, moved), "cmsi-2004-3-puerto-rico.txt")
    (found,) = summarise(deal).geographies
    assert [s.code for s in found.named[:2]] == ["PR", "CA"]  # the table's rows, largest first, as read
    assert found.leading is not None and found.leading.code == "CA"
    assert found.top_count == 5 and round(found.top_share, 2) == 41.43
    assert round(BY_KEY["top5_states_share"].value(deal, deal.whole_deal), 2) == 41.43
    assert round(BY_KEY["california_share"].value(deal, deal.whole_deal), 2) == 15.64
    diff = build_diff(read_sample(TERM_SHEET, "cmsi-2004-3.txt"), deal)
    assert (round(diff.geography.top5.old, 2), round(diff.geography.top5.new, 2)) == (73.70, 41.43)


def _with_fico_table(rows: tuple[tuple[str, int, int], ...]) -> str:
    """The term sheet with its FICO x LTV matrix replaced by a table of the loans by FICO score of ``rows``."""
    start = TERM_SHEET.index("                         DISTRIBUTION BY FICO SCORES AND")
    end = TERM_SHEET.index("                                   SIGNATURES")
    return TERM_SHEET[:start] + "\n".join(fico_table_lines(rows=rows)) + "\n" + TERM_SHEET[end:]


def test_a_fico_row_of_no_score_is_not_below_700():
    # "0 - 0" (loans with no score, as filings write them) was counted below 700: 20.04% "FICO below 700" of which
    # $5,640,187 has no score. Neither below nor above: the figure is not given, as beside a row "N/A".
    below = BY_KEY["fico_below_700_share"]
    for no_score in ("0 - 0", "0", "N/A"):
        rows = ((no_score, 11, 5_640_187), *FICO_ROWS[1:])
        deal = read_text(_with_fico_table(rows), "cmsi-2004-3-fico-no-score.txt")
        (table,) = [t for t in deal.tables if "FICO" in t.title]
        assert table.rows[0].label == no_score and table.rows[0].balance == 5_640_187
        assert below.value(deal, deal.whole_deal) is None, no_score
    # the same table with the row a range below 700 gives the figure, as before
    deal = read_text(_with_fico_table(FICO_ROWS), "cmsi-2004-3-fico.txt")
    assert round(below.value(deal, deal.whole_deal), 2) == 20.04


_ABOVE_80 = "of $4,912,083, $959,086 and $2,037,940"


def _approximate_above_80(first: str, second: str, third: str) -> str:
    """The detailed description with its pools' balances above 80% LTV stated approximately, in millions."""
    assert DETAILED.count(_ABOVE_80) == 1
    return DETAILED.replace(_ABOVE_80, f"of approximately ${first} million, ${second} million and ${third} million")


def test_approximate_amounts_are_written_one_way(tmp_path):
    # "approximately $4.9 million, $1.0 million and $2.0 million" was shown "approx. $4.9mm" beside "approx.
    # $1,000,000" and "approx. $2,000,000" (each stated within half a percent, the smaller two to under $100,000):
    # each as the filing writes it, in millions.
    from datetime import UTC, datetime

    from reading import row_words

    from reporting.deliver.write import render_deal

    deal = read_text(_approximate_above_80("4.9", "1.0", "2.0"), "cmsi-2004-8-approximate.txt")
    (html,) = render_deal(deal, tmp_path, ("html",), generated_at=datetime(2024, 1, 2, tzinfo=UTC))
    amounts = re.findall(r"approx\. \$[\d,.]+(?:mm)?", row_words(html.read_text(), "Balance above 80% LTV"))
    assert amounts == ["approx. $4.9mm", "approx. $1.0mm", "approx. $2.0mm", "approx. $7.9mm"]


def test_a_state_broken_down_in_one_filing_only_has_no_part_risen_from_0():
    # The next filing lists "California" and under it its parts, "Northern California" and "Southern California",
    # adding up to it; the first lists California alone. The diff said "Northern California rose from 0.00% to
    # 24.20% of balance" (and Southern California from 0.00% to 23.70%): the first filing holds those loans in its
    # California row, compared with the other's, unchanged. Each part is shown with no share where it is not listed.
    from reporting.derive.key_changes import find_key_changes

    broken_down = "\n".join(
        (_CALIFORNIA, _row("Northern California", 300, 150_000_000), _row("Southern California", 287, 146_923_131))
    )
    deal = read_text(TERM_SHEET.replace(_CALIFORNIA, broken_down), "cmsi-2004-3-california-parts.txt")
    sample = read_sample(TERM_SHEET, "cmsi-2004-3.txt")
    for diff, listed in ((build_diff(sample, deal), "new"), (build_diff(deal, sample), "old")):
        assert [c.sentence for c in find_key_changes(diff)] == [], listed
        (states,) = [t for t in diff.tables if t.title.startswith("GEOGRAPHIC")]
        rows = {r.label: r for r in states.rows if "California" in r.label}
        assert rows["California"].change == 0 and round(rows["California"].new_share, 2) == 47.91
        for label, share in (("Northern California", 24.20), ("Southern California", 23.70)):
            part = rows[label]
            assert part.change is None, (listed, label)
            assert round(getattr(part, f"{listed}_share"), 2) == share
            assert getattr(part, f"{'old' if listed == 'new' else 'new'}_share") is None


def test_a_state_given_as_its_parts_and_the_rest_of_it_is_compared_with_the_whole_state():
    # The next filing lists "Northern California" and "Southern California" beside "California" for the rest of the
    # state (26,923,131: the three add up to the first's California): the diff said "California fell from 47.91% to
    # 4.34% of balance" and each part rose from 0.00%. The three together are the first filing's California.
    from reporting.derive.key_changes import find_key_changes

    beside = "\n".join(
        (
            _row("California", 87, 26_923_131),
            _row("Northern California", 300, 120_000_000),
            _row("Southern California", 200, 150_000_000),
        )
    )
    deal = read_text(TERM_SHEET.replace(_CALIFORNIA, beside), "cmsi-2004-3-california-rest.txt")
    sample = read_sample(TERM_SHEET, "cmsi-2004-3.txt")
    for diff, labels in ((build_diff(sample, deal), "new_labels"), (build_diff(deal, sample), "old_labels")):
        assert [c.sentence for c in find_key_changes(diff)] == [], labels
        (states,) = [t for t in diff.tables if t.title.startswith("GEOGRAPHIC")]
        (california,) = [r for r in states.rows if "California" in r.label]
        assert getattr(california, labels) == ("California", "Northern California", "Southern California")
        assert california.change == 0 and round(california.old_share, 2) == 47.91
