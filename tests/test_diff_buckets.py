"""Lining up two tables' buckets: labels, ranges, nesting, and what is not comparable."""

from __future__ import annotations

import pytest

from reporting.derive.buckets import Alignment, Bucket, align_buckets, normalise_label, parse_interval, table_buckets
from reporting.derive.diff import build_diff
from reporting.model.table_kinds import TableKind
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes
from reporting.samples import TERM_SHEET_2004_3


def buckets(*pairs: tuple[str, float]) -> tuple[Bucket, ...]:
    return tuple(Bucket(label, None, None, share) for label, share in pairs)


@pytest.mark.parametrize(
    ("label", "interval"),
    [
        ("$149,999 and under", (None, 149_999)),
        ("$150,000 through $199,999", (150_000, 199_999)),
        ("$1,000,000 and over", (1_000_000, None)),
        ("5.501% - 6.000%", (5.501, 6.0)),
        ("65.001%-75.000%", (65.001, 75.0)),
        ("65.00% and below", (None, 65.0)),
        ("2003", (2003, 2003)),
        # The low edge left out, said in words: the bucket starts just above it.
        ("Over 80.000% to 85.000%", (80.000000001, 85.0)),
        ("Above 80% - 85%", (80.000000001, 85.0)),
        ("More than 85.000% through 90.000%", (85.000000001, 90.0)),
        ("Detached Houses", None),
        ("1-family", None),
        ("Condominium Units (one to four stories high)", None),
    ],
)
def test_parse_interval(label, interval):
    assert parse_interval(label) == interval


def test_normalise_label():
    assert normalise_label("Multi-family Dwellings*") == "multi - family dwellings"
    assert normalise_label("65.001%-75.000%") == normalise_label("65.001% \u2013 75.000%")


def test_table_shares_are_percent_of_the_total(term_sheet):
    states = next(t for t in term_sheet.tables if "STATE" in t.title)
    shares = {b.label: b.share for b in table_buckets(states)}
    assert shares["California"] == pytest.approx(296_923_131 / 619_800_778 * 100)
    assert sum(shares.values()) == pytest.approx(100, abs=1e-6)


def test_categories_match_by_label_and_keep_both_orders():
    old = buckets(("Alabama", 10), ("California", 60), ("Texas", 30))
    new = buckets(("Alabama", 5), ("Arizona", 5), ("California", 90))
    aligned = align_buckets(old, new)
    assert aligned.alignment is Alignment.MATCHED
    assert [r.label for r in aligned.rows] == ["Alabama", "Arizona", "California", "Texas"]
    arizona = aligned.rows[1]
    assert arizona.old == () and arizona.new[0].share == 5


def test_ranges_written_differently_still_match():
    old = buckets(("5.250% - 5.500%", 40), ("5.501% - 6.000%", 60))
    new = buckets(("5.250%-5.500%", 30), ("5.501% to 6.000%", 70))
    aligned = align_buckets(old, new)
    assert aligned.alignment is Alignment.MATCHED
    assert [(r.old[0].share, r.new[0].share) for r in aligned.rows] == [(40, 30), (60, 70)]


def test_finer_old_buckets_nest_into_coarser_new_ones():
    old = buckets(("5.250% - 5.500%", 10), ("5.501% - 5.750%", 20), ("5.751% - 6.000%", 30), ("6.001% - 6.500%", 40))
    new = buckets(("5.250% - 5.500%", 15), ("5.501% - 6.000%", 45), ("6.001% - 6.500%", 40))
    aligned = align_buckets(old, new)
    assert aligned.alignment is Alignment.REBUCKETED and aligned.rebucketed_to == "new"
    middle = aligned.rows[1]
    assert middle.label == "5.501% - 6.000%"
    assert [b.label for b in middle.old] == ["5.501% - 5.750%", "5.751% - 6.000%"]


def test_a_bucket_beyond_the_other_tables_range_stands_alone():
    old = buckets(("$149,999 and under", 5), ("$150,000 through $999,999", 95))
    new = buckets(("$149,999 and under", 5), ("$150,000 through $999,999", 90), ("$1,000,000 and over", 5))
    aligned = align_buckets(old, new)
    assert aligned.alignment is Alignment.MATCHED
    assert aligned.rows[-1].label == "$1,000,000 and over" and aligned.rows[-1].old == ()


def test_edges_that_cross_are_not_comparable():
    old = buckets(("65.00% and below", 50), ("65.001% - 80.000%", 50))
    new = buckets(("70.00% and below", 60), ("70.001% - 80.000%", 40))
    aligned = align_buckets(old, new)
    assert aligned.alignment is Alignment.NOT_COMPARABLE
    assert [(bool(r.old), bool(r.new)) for r in aligned.rows] == [(True, False)] * 2 + [(False, True)] * 2


def test_ltv_buckets_written_over_x_to_y_are_checked_and_compared_as_ranges():
    """2004-3's LTV rows above 80% written "Over 80.000% to 85.000%": the stated balance above 80% LTV is checked
    against them, and a diff lines them up with the sample's "80.001% - 85.000%", no change in any. They read as
    no range before: the diff showed each as a bucket on one side only."""
    text = TERM_SHEET_2004_3.read_text()
    for low, high in (("80", "85"), ("85", "90"), ("90", "95")):
        row = f"{low}.001% - {high}.000%   "
        assert row in text
        text = text.replace(row, f"Over {low}.000% to {high}.000%")
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3.txt"))
    sample = load_filing(ingest_bytes(TERM_SHEET_2004_3.read_bytes(), "cmsi-2004-3.txt"))
    above = [c for c in deal.checks if c.name.startswith("LTV table buckets above 80%")]
    assert len(above) == 1 and above[0].passed and deal.all_checks_passed
    assert above[0].actual == 1_203_654 + 3_433_348 + 731_849  # the three rows, summed
    ltv = next(t for t in build_diff(sample, deal).tables if t.kind is TableKind.LTV)
    assert len(ltv.rows) == 6 and all(row.change == 0 for row in ltv.rows), ltv.rows
    assert {(row.old_labels, row.new_labels) for row in ltv.rows[3:]} == {
        ((f"{low}.001% - {high}.000%",), (f"Over {low}.000% to {high}.000%",))
        for low, high in (("80", "85"), ("85", "90"), ("90", "95"))
    }


def test_the_same_buckets_in_other_words_are_matched_not_rebucketed():
    """ "65.00% or less", "65.01% to 75.00%" against "65.00% and below", "65.001%-75.000%": one bucket each, paired
    row for row, not a re-bucketing of one table into the other's."""
    old = buckets(
        ("65.00% and below", 46.63), ("65.001%-75.000%", 24.43), ("75.001%-80.000%", 28.07), ("Over 80%", 0.87)
    )
    new = buckets(
        ("65.00% or less", 40.0), ("65.01% to 75.00%", 30.0), ("75.01% - 80.00%", 29.0), ("80.01% and above", 1.0)
    )
    aligned = align_buckets(old, new)
    assert aligned.alignment is Alignment.MATCHED and aligned.rebucketed_to is None
    assert [(r.old[0].label, r.new[0].label) for r in aligned.rows] == [(o.label, n.label) for o, n in zip(old, new)]


def test_buckets_that_do_not_lie_alike_are_not_matched_by_position():
    """The same number of buckets cut at other edges are no pairs: the finer edges nest or are not comparable."""
    old = buckets(("65.00% and below", 50.0), ("65.001%-75.000%", 50.0))
    new = buckets(("70.00% and below", 60.0), ("70.01% to 75.00%", 40.0))
    assert align_buckets(old, new).alignment is not Alignment.MATCHED
