"""Filings in wordings and layouts other typists used, found misread by a red team (Dec 3, c): each is a bundled
sample edited in the test. The sample's figures must come out, each table in its own pool under its own title, or
the figure is left out with a doubt beside it; never a figure the filing does not state.
"""

from __future__ import annotations

import re
from datetime import date

import layouts
import pytest
from facts import pool_facts, read_text
from sample_deals import read_sample

from reporting.derive.metrics import missing_in_words
from reporting.model.deal import Deal, provenance_of
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
DETAILED = DETAILED_2004_8.read_text(encoding="utf-8")


def _tables(deal: Deal) -> list[tuple]:
    return [
        (t.title, t.pool, t.kind, [(r.label, r.count, r.balance) for r in t.rows], t.total.count, t.total.balance)
        for t in deal.tables
    ]


# --- pools named in words: "POOL ONE", "the first pool", "Loan Group Two" ------------------------------------------

_CARDINALS, _ORDINALS = ("ONE", "TWO", "THREE"), ("FIRST", "SECOND", "THIRD")


def _two_pools(heading: str) -> str:
    """The 2004-3 term sheet as two pools (the same loans twice), each section under ``heading`` (its "{w}" the
    pool's number in words, "{o}" its order in words, both in capitals), then an ALL MORTGAGE LOANS section."""
    text = layouts.two_pool_term_sheet(TERM_SHEET)
    for roman, number in (("II", 1), ("I", 0)):
        old = f"                             POOL {roman} MORTGAGE LOANS\n"
        assert text.count(old) == 1
        named = heading.format(w=_CARDINALS[number], o=_ORDINALS[number])
        text = text.replace(old, f"                 {named if named.isupper() else _title_cased(named)}\n")
    return text


def _title_cased(heading: str) -> str:
    return " ".join(word if word.islower() else word.capitalize() for word in heading.split())


@pytest.mark.parametrize(
    "heading",
    [
        "POOL {w}",
        "POOL {w} MORTGAGE LOANS",
        "Pool {w} Mortgage Loans",
        "{o} POOL",
        "THE {o} POOL",
        "LOAN GROUP {w}",
        "Loan Group {w}",
        "{o} LOAN GROUP",
        "GROUP {w}",
    ],
)
def test_each_pools_section_under_a_heading_naming_its_pool_in_words_is_that_pools(heading):
    # Under "POOL ONE", "FIRST POOL" or "Loan Group Two" no pool was found: all 14 tables and both matrices were the
    # whole deal's ("one of 2 state tables for all loans: which loans each describes is not said"), the deal's
    # balance and count pool one's ($619,800,778.37 and 1,225 loans, against the $1,239,601,556.74 and 2,450 its own
    # section states). The pools are shown by Roman numeral, as every other deal's are.
    deal = read_text(_two_pools(heading), "cmsi-2004-3-two-pools.txt")
    assert [t.pool for t in deal.tables] == ["I"] * 7 + ["II"] * 7
    assert [m.pool for m in deal.matrices] == ["I", "II"]
    assert [p.name for p in deal.pools] == ["I", "II", "all"]
    sample = read_sample(TERM_SHEET, "cmsi-2004-3.txt")
    for name in ("I", "II"):
        pool = deal.pool(name)
        whole = sample.whole_deal
        assert (pool.aggregate_balance, pool.loan_count, pool.wac, pool.wa_ltv) == (
            619_800_778.37,
            1225,
            whole.wac,
            whole.wa_ltv,
        )
    assert [t[2:] for t in _tables(deal)] == [t[2:] for t in _tables(sample)] * 2
    assert (deal.whole_deal.aggregate_balance, deal.whole_deal.loan_count) == (1_239_601_556.74, 2450)
    assert not [w for w in deal.warnings if "stated again" in w or "one of 2" in w]
    assert all(check.passed for check in deal.checks)


@pytest.mark.parametrize("case", [str.lower, str.title], ids=["pool one", "Pool One"])
def test_a_detailed_description_naming_its_pools_in_words_gives_each_pool_its_figures(case):
    # "the pool one mortgage loans, the pool two mortgage loans, the pool three mortgage loans and all mortgage
    # loans ... were 663, 154, 153 and 970, respectively": no pool was found, each list was "4 values for 1
    # subjects; not assigned", and the deal's count, WAC, WAM, original term and LTV were all lost.
    text = DETAILED
    for roman, words in (("III", "three"), ("II", "two"), ("I", "one")):
        text = re.sub(rf"\b([Pp]ool)(\s+){roman}\b", lambda m, w=words: f"{m.group(1)}{m.group(2)}{case(w)}", text)
    assert "pool I " not in text and "pool one" in text.lower()
    deal, sample = read_text(text, "cmsi-2004-8.txt"), read_sample(DETAILED, "cmsi-2004-8.txt")
    assert pool_facts(deal) == pool_facts(sample)
    assert [p.name for p in deal.pools] == ["I", "II", "III", "all"]
    assert deal.missing == () and deal.warnings == sample.warnings
    assert [(p.name, p.premium_discount) for p in deal.pools] == [(p.name, p.premium_discount) for p in sample.pools]
    assert all(check.passed for check in deal.checks)


def _in_words(text: str) -> str:
    """The detailed description's pools named "pool one", "Pool Two", "POOL THREE", the word as written."""
    for roman, words in (("III", "three"), ("II", "two"), ("I", "one")):
        text = re.sub(rf"\b(pool|Pool|POOL)(\s+){roman}\b", lambda m, w=words: m.group(1) + m.group(2) + w, text)
    return re.sub(r"\b(Pool\s+)(one|two|three)\b", lambda m: m.group(1) + m.group(2).title(), text)


def test_a_table_of_the_pools_named_in_words_gives_each_pool_its_row():
    # "Pool One   663   $335,095,817.07   6.132%" in a table of the pools, where the sentences of their counts and
    # rates stood: each row's figures stay in their columns, and each pool gets its own. And "the first pool" once,
    # where no second is named so, is no pool's name: the deal's loans stay the deal's.
    table = layouts.A_TABLE_OF_THE_POOLS.format(count=663) + "     The weighted average"
    text = DETAILED.replace(layouts.POOLS_COUNTS_AND_RATES, table)
    assert text != DETAILED
    deal = read_text(_in_words(text), "cmsi-2004-8.txt")
    stated = [(p.name, p.loan_count, p.wac) for p in deal.pools]
    assert stated == [("I", 663, 6.132), ("II", 154, 5.486), ("III", 153, 5.716), ("all", 970, 5.962)]
    assert deal.missing == () and all(check.passed for check in deal.checks)
    alone = TERM_SHEET.replace("Information below is provided", "Information below, the first pool of it, is provided")
    assert alone != TERM_SHEET
    single = read_text(alone, "cmsi-2004-3.txt")
    assert pool_facts(single) == pool_facts(read_sample(TERM_SHEET, "cmsi-2004-3.txt"))


# --- dates with a year of two figures ------------------------------------------------------------------------------


@pytest.mark.parametrize("apostrophe", ["'", "\u2019"])
def test_a_cut_off_date_with_a_two_figure_year_is_a_date_never_a_loan_count(apostrophe):
    # "The total number of mortgage loans as of May 1, '04 was 1,225": the "1" of the date was read as the pool's
    # loan count, and the report showed 1 loan (its average balance $619,800,778) and "Cut-off date: not stated".
    text = re.sub(r"May(\s+)1,(\s+)2004", lambda m: f"May{m.group(1)}1,{m.group(2)}{apostrophe}04", TERM_SHEET)
    assert text.count(f"{apostrophe}04") >= 8
    deal, sample = read_text(text, "cmsi-2004-3.txt"), read_sample(TERM_SHEET, "cmsi-2004-3.txt")
    assert deal.whole_deal.loan_count == 1225
    assert pool_facts(deal) == pool_facts(sample)
    assert deal.cut_off_date == date(2004, 5, 1) and "cut_off_date" not in deal.missing
    assert provenance_of(deal, "cut_off_date").warnings == ()
    assert deal.warnings == sample.warnings


def test_a_date_of_report_with_a_two_figure_year_is_read():
    # "Date of Report: May 7, '04": "Date of report: not stated in this filing".
    text = TERM_SHEET.replace("Date of Report: May 7, 2004", "Date of Report: May 7, '04")
    assert text != TERM_SHEET
    deal = read_text(text, "cmsi-2004-3.txt")
    assert deal.date_of_report == date(2004, 5, 7) and "date_of_report" not in deal.missing
    assert provenance_of(deal, "date_of_report").source_lines == (17,)  # its line in the filing


@pytest.mark.parametrize("written", ["1. ", "1; ", "1 - ", "1 st, "], ids=["stop", "semicolon", "dash", "1 st"])
def test_a_date_with_a_stray_stop_or_a_day_set_apart_from_its_suffix_is_read_never_a_figure(written):
    # "as of May 1. 2004 of $619,800,778.37", "as of May 1; 2004 was 1,225": no date was read; the "1" was the
    # pool's loan count (the report showed 1 loan), and with the stop the sentence was split at "1. 2004": the
    # aggregate balance shown was $5,368,851, the balance of the loans above 80% LTV.
    text = re.sub(r"May(\s+)1,(\s+)2004", lambda m: f"May{m.group(1)}{written}2004", TERM_SHEET)
    deal, sample = read_text(text, "cmsi-2004-3.txt"), read_sample(TERM_SHEET, "cmsi-2004-3.txt")
    assert (deal.whole_deal.aggregate_balance, deal.whole_deal.loan_count) == (619_800_778.37, 1225)
    assert pool_facts(deal) == pool_facts(sample)
    assert deal.cut_off_date == date(2004, 5, 1) and deal.missing == ()


def test_a_detailed_descriptions_cut_off_date_with_a_stray_stop_is_stated():
    # "... as of October 1. 2004 of $493,641,377.57": the cut-off date was said "not stated in this filing".
    text = re.sub(r"October(\s+)1,(\s+)2004", lambda m: f"October{m.group(1)}1.{m.group(2)}2004", DETAILED)
    deal, sample = read_text(text, "cmsi-2004-8.txt"), read_sample(DETAILED, "cmsi-2004-8.txt")
    assert deal.cut_off_date == date(2004, 10, 1) and deal.missing == ()
    assert pool_facts(deal) == pool_facts(sample)


# --- a lower bound worded "not less than" or "a minimum of" ------------------------------------------------------------


def _bounds(deal: Deal) -> list[tuple]:
    return [
        (
            p.name,
            p.aggregate_balance,
            p.original_term_min_years,
            p.original_term_max_years,
            p.primary_residence_min_pct,
            [(u.policy, u.bound, u.percent) for u in p.underwriting],
        )
        for p in deal.pools
    ]


@pytest.mark.parametrize("words", ["not less than", "no less than", "a minimum of"])
@pytest.mark.parametrize(
    ("text", "name"), [(TERM_SHEET, "cmsi-2004-3.txt"), (DETAILED, "cmsi-2004-8.txt")], ids=["term sheet", "detailed"]
)
def test_a_lower_bound_worded_not_less_than_is_read_as_at_least(text, name, words):
    # "The mortgage loans that have original maturities of not less than 25 but not more than 30 years ..., the
    # "pool I mortgage loans", have an aggregate scheduled principal balance ... of $335,095,817.07": pool I's balance
    # was lost and said "not stated for the pool's loans" ("less than" was taken for a bound of some loans' balance);
    # "Not less than 98% ... primary residence" and "Not less than 94% ... full documentation" were not read, and
    # "original maturities of a minimum of 20 but no more than 30 years" neither.
    edited = re.sub(r"\b(A|a)t(\s+)least\b", lambda m: m.group(1) == "A" and words.capitalize() or words, text)
    assert edited.count(words) + edited.count(words.capitalize()) >= 3
    deal, sample = read_text(edited, name), read_sample(text, name)
    assert _bounds(deal) == _bounds(sample)
    assert pool_facts(deal) == pool_facts(sample)
    assert deal.missing == () and deal.warnings == sample.warnings


# --- the clean-up call stated as a share of the balance ----------------------------------------------------------------

_CLEAN_UP = "is less than $49,364,137.76."


def test_a_clean_up_call_stated_as_a_share_with_its_amount_beside_it_is_that_amount():
    # "... if ... the aggregate scheduled principal balance of such mortgage loans is less than 10% of the aggregate
    # scheduled principal balance of the mortgage loans as of the cut-off date ($49,364,137.76)": the report said
    # "Clean-up call balance: not stated in this filing".
    assert DETAILED.count(_CLEAN_UP) == 1
    shared = (
        "is less than 10% of the aggregate scheduled principal balance of the mortgage loans as of the cut-off date"
    )
    deal = read_text(DETAILED.replace(_CLEAN_UP, f"{shared} ($49,364,137.76)."), "cmsi-2004-8.txt")
    sample = read_sample(DETAILED, "cmsi-2004-8.txt")
    assert deal.clean_up_call_balance == sample.clean_up_call_balance == 49_364_137.76
    assert deal.missing == () and deal.warnings == sample.warnings
    alone = read_text(DETAILED.replace(_CLEAN_UP, f"{shared}."), "cmsi-2004-8.txt")
    assert alone.clean_up_call_balance is None
    stated, not_read = missing_in_words(alone)
    assert not_read == ("clean-up call balance",) and stated == ()
    assert "clean_up_call_balance: stated as 10% of the pool's balance, not as an amount; not read" in alone.warnings


@pytest.mark.parametrize("dash", ["-", "\u2013", "\u2014"])
def test_a_date_of_report_after_a_dash_is_read(dash):
    # "Date of Report - May 7, 2004": "Date of report: not stated in this filing".
    text = TERM_SHEET.replace("Date of Report: May 7, 2004", f"Date of Report {dash} May 7, 2004")
    assert text != TERM_SHEET
    deal = read_text(text, "cmsi-2004-3.txt")
    assert deal.date_of_report == date(2004, 5, 7) and deal.missing == ()
    assert provenance_of(deal, "date_of_report").source_lines == (17,)


@pytest.mark.parametrize(
    ("text", "name", "month", "cut_off"),
    [
        (TERM_SHEET, "cmsi-2004-3.txt", "May", date(2004, 5, 1)),
        (DETAILED, "cmsi-2004-8.txt", "October", date(2004, 10, 1)),
    ],
    ids=["term sheet", "detailed description"],
)
def test_a_cut_off_date_stated_as_at_is_the_cut_off_date(text, name, month, cut_off):
    # "... balance outstanding ... as at May 1, 2004 of $619,800,778.37", every "as of" so written: the cover said
    # "Cut-off date: not stated in this filing".
    edited = re.sub(rf"\bas(\s+)of(\s+){month}\b", rf"as\1at\2{month}", text)
    assert "as of " + month not in edited
    deal, sample = read_text(edited, name), read_sample(text, name)
    assert deal.cut_off_date == cut_off == sample.cut_off_date and deal.missing == ()
    assert pool_facts(deal) == pool_facts(sample)


# --- a title marked for a footnote -------------------------------------------------------------------------------------

_TITLES = [
    "YEARS OF ORIGINATION OF MORTGAGE LOANS",
    "TYPES OF DWELLINGS SUBJECT TO MORTGAGE LOANS",
    "NUMBER OF UNITS IN DWELLINGS SUBJECT TO MORTGAGE LOANS",
    "SIZE OF MORTGAGE LOANS",
    "DISTRIBUTION OF MORTGAGE LOANS BY NOTE RATES",
    "BY LOAN-TO-VALUE RATIOS AT ORIGINATION",
    "MORTGAGED PROPERTIES BY STATE",
]


@pytest.mark.parametrize("mark", [" (3)", "  (4)"])
@pytest.mark.parametrize("title", _TITLES)
def test_a_title_marked_for_a_note_set_one_space_after_it_keeps_its_table(title, mark):
    # "NUMBER OF UNITS IN DWELLINGS SUBJECT TO MORTGAGE LOANS (3)", no note (3) anywhere: the mark was read as a
    # figure, the line as a row of the table above, and the table went untitled, named from its column heading:
    # "By Type of Dwelling Unit", a second dwelling table (the units table lost); the state table lost its first
    # title line and was said "not read whole".
    lines = TERM_SHEET.split("\n")
    (at,) = [i for i, line in enumerate(lines) if line.strip() == title]
    lines[at] += mark
    deal, sample = read_text("\n".join(lines), "cmsi-2004-3.txt"), read_sample(TERM_SHEET, "cmsi-2004-3.txt")
    found, wanted = _tables(deal), _tables(sample)
    assert [t[1:] for t in found] == [t[1:] for t in wanted]
    marked = [f for f, w in zip(found, wanted) if f[0] != w[0]]
    assert [" ".join(t[0].split()) for t in marked] == [
        next(w[0] for w in wanted if title in w[0]) + " " + mark.strip()
    ]
    assert deal.warnings == sample.warnings and all(check.passed for check in deal.checks)


def test_a_matrix_title_marked_for_a_note_keeps_its_first_line():
    # "DISTRIBUTION BY FICO SCORES AND (3)": the matrix's title lost its first line, "LOAN-TO-VALUE RATIOS AT
    # ORIGINATION" alone, a title the LTV table's is too.
    text = TERM_SHEET.replace("DISTRIBUTION BY FICO SCORES AND\n", "DISTRIBUTION BY FICO SCORES AND (3)\n")
    deal, sample = read_text(text, "cmsi-2004-3.txt"), read_sample(TERM_SHEET, "cmsi-2004-3.txt")
    ((matrix,), (expected,)) = (deal.matrices, sample.matrices)
    assert matrix.title.startswith("DISTRIBUTION BY FICO SCORES AND")
    assert (matrix.cells, matrix.col_labels) == (expected.cells, expected.col_labels)


@pytest.mark.parametrize(
    "written",
    ["1. {}", "(1) {}", "{} (as of May 1, 2004)", "{} - 2004", "{} 3"],
    ids=["numbered", "numbered in brackets", "dated", "a year", "a mark laid out as a figure"],
)
@pytest.mark.parametrize("title", _TITLES[1:5])  # each under a table: the first has none above it
def test_a_title_numbered_dated_or_marked_with_a_bare_number_keeps_its_table(title, written):
    # "1. SIZE OF MORTGAGE LOANS" was read as a footnote of the units table above it, and the loan-size table went
    # with it, unsaid; "SIZE OF MORTGAGE LOANS (as of May 1, 2004)", "... - 2004" or "... LOANS 3" was read as a row
    # of figures: the table went untitled ("By ", its kind unknown and its checks failed), or the units table was
    # named from its column heading and counted as a second dwelling table.
    lines = TERM_SHEET.split("\n")
    (at,) = [i for i, line in enumerate(lines) if line.strip() == title]
    lines[at] = lines[at].replace(title, written.format(title))
    deal, sample = read_text("\n".join(lines), "cmsi-2004-3.txt"), read_sample(TERM_SHEET, "cmsi-2004-3.txt")
    found, wanted = _tables(deal), _tables(sample)
    assert [t[1:] for t in found] == [t[1:] for t in wanted]
    assert [t[0] for t in found] == [written.format(t[0]) if t[0] == title else t[0] for t in wanted]
    assert [t.footnotes for t in deal.tables] == [t.footnotes for t in sample.tables]
    assert deal.warnings == sample.warnings and all(check.passed for check in deal.checks)
