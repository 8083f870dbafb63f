"""The diff of two deals whose filings title the same tables in other words, as filings of other years do.

A 1990s detailed description titles its tables "TYPE OF DWELLING" or "ORIGINAL PRINCIPAL BALANCES" where
the 2004-3 term sheet writes "TYPES OF DWELLINGS SUBJECT TO MORTGAGE LOANS" or "SIZE OF MORTGAGE LOANS".
Paired by title alone, every table of such a diff was "only in" one deal and nothing was compared. Tables
are paired by what they are split by when each is the only one of its kind left on its side, and the
report says the titles differ.
"""

from __future__ import annotations

import re

import pytest
from sample_deals import read_sample

from reporting.derive.diff import build_diff
from reporting.model.deal import Deal
from reporting.model.diff import Alignment
from reporting.model.table_kinds import TableKind
from reporting.pipeline import load_filing
from reporting.present.renders import DiffRender
from reporting.read.ingest import ingest_bytes
from reporting.samples import TERM_SHEET_2004_3

TEXT = TERM_SHEET_2004_3.read_text(encoding="utf-8")
SAMPLE = read_sample(TEXT, "cmsi-2004-3.txt")

# Each of the sample's titles and an older filing's words for the same table, kept centred.
OLDER_TITLES = {
    "YEARS OF ORIGINATION OF MORTGAGE LOANS": "YEAR OF ORIGINATION",
    "TYPES OF DWELLINGS SUBJECT TO MORTGAGE LOANS": "TYPE OF DWELLING",
    "NUMBER OF UNITS IN DWELLINGS SUBJECT TO MORTGAGE LOANS": "NUMBER OF UNITS",
    # balances outstanding, as the sample's table (one by ORIGINAL balance is another measure, never paired with it:
    # test_redteam_dec3d)
    "SIZE OF MORTGAGE LOANS": "PRINCIPAL BALANCES",
    "DISTRIBUTION OF MORTGAGE LOANS BY NOTE RATES": "MORTGAGE INTEREST RATES",
}


def _retitled(titles: dict[str, str]) -> str:
    text = TEXT
    for new, old in titles.items():
        line = next(line for line in text.splitlines() if line.strip() == new)
        assert text.count(line + "\n") == 1, new
        text = text.replace(line + "\n", old.center(len(line)).rstrip() + "\n")
    return text


def _read(text: str, name: str) -> Deal:
    return load_filing(ingest_bytes(text.encode(), name))


OLDER = _read(_retitled(OLDER_TITLES), "cmsi-2004-3-older.txt")


def test_the_older_filing_reads_the_samples_tables_under_its_own_titles():
    titles = [t.title for t in OLDER.tables]
    assert [t for t in OLDER_TITLES.values() if t in titles] == list(OLDER_TITLES.values())
    assert [[(r.count, r.balance) for r in t.rows] for t in OLDER.tables] == [
        [(r.count, r.balance) for r in t.rows] for t in SAMPLE.tables
    ]


def test_tables_titled_in_other_words_are_compared_bucket_by_bucket():
    diff = build_diff(OLDER, SAMPLE)
    assert len(diff.tables) == len(SAMPLE.tables) == 7  # seven pairs, none "only in" one deal
    by_old = {t.old_title: t for t in diff.tables}
    for old_title, new_title in ((o, n) for n, o in OLDER_TITLES.items()):
        table = by_old[old_title]
        assert (table.new_title, table.alignment) == (new_title, Alignment.MATCHED)
        assert all(row.change == 0 for row in table.rows)  # the same loans: no bucket moved
    size = by_old["PRINCIPAL BALANCES"]
    assert len(size.rows) == 19 and size.rows[0].old_count == size.rows[0].new_count


def test_the_report_says_the_titles_differ():
    html = DiffRender(build_diff(OLDER, SAMPLE)).html
    assert html.count("the deals title them differently") == len(OLDER_TITLES)
    assert re.search(
        r"old &#34;TYPE OF DWELLING&#34;, new &#34;TYPES OF DWELLINGS SUBJECT TO MORTGAGE LOANS&#34;", html
    )
    assert "only in" not in html.split('id="diff-table-0"')[1].split("</section>")[0]


def test_two_tables_of_one_kind_left_on_a_side_are_paired_by_title_alone():
    # The note-rate table set twice under two other titles: two rate tables on the old side, so neither is
    # paired with the sample's note-rate table by kind (which of the two would it be?).
    text = _retitled({"DISTRIBUTION OF MORTGAGE LOANS BY NOTE RATES": "MORTGAGE INTEREST RATES"})
    start = text.index("MORTGAGE INTEREST RATES")
    start = text.rindex("\n", 0, start) + 1
    end = text.index("</TABLE>", start) + len("</TABLE>\n")
    twice = (
        text[:end]
        + "\n\n"
        + text[start:end].replace("MORTGAGE INTEREST RATES", "INTEREST RATES ON THE LOANS")
        + text[end:]
    )
    older = _read(twice, "cmsi-2004-3-rates.txt")
    assert [t.kind for t in older.tables].count(TableKind.NOTE_RATE) == 2
    alignments = {(t.old_title, t.new_title): t.alignment for t in build_diff(older, SAMPLE).tables}
    assert alignments[("MORTGAGE INTEREST RATES", None)] is Alignment.OLD_ONLY
    assert alignments[("INTEREST RATES ON THE LOANS", None)] is Alignment.OLD_ONLY
    assert alignments[(None, "DISTRIBUTION OF MORTGAGE LOANS BY NOTE RATES")] is Alignment.NEW_ONLY
    assert sum(a is Alignment.MATCHED for a in alignments.values()) == 6  # the other six by title


@pytest.mark.parametrize("title", ["YEARS OF ORIGINATION OF MORTGAGE LOANS"])
def test_tables_of_the_same_title_are_still_paired_by_title(title):
    table = next(t for t in build_diff(SAMPLE, SAMPLE).tables if t.old_title == title)
    assert (table.new_title, table.alignment) == (title, Alignment.MATCHED)
