"""Issue 12, "no number we cannot stand behind": each class of problem on filings laid out from the samples.

Every filing here is a bundled sample edited into another layout (``layouts``); the
values asserted are the samples' own. Each test failed before the mechanism it names.
"""

from __future__ import annotations

import html
import json
import re
import textwrap
from datetime import date
from pathlib import Path

import jsonschema
import layouts
import pytest
from facts import assert_pool_facts_cite_their_lines, assert_rows_cite_their_lines, deal_facts
from sample_deals import read_sample

from reporting.cli import main
from reporting.derive.summary import summarise
from reporting.errors import FilingError
from reporting.model.deal import FilingKind, Verdict, provenance_of
from reporting.pipeline import load_filing
from reporting.present.email import plain_text
from reporting.present.jsonio import deal_to_dict
from reporting.present.long_table import deal_long_table
from reporting.present.summary_page import render_html
from reporting.present.terminal import deal_summary
from reporting.read.ingest import ingest_bytes
from reporting.read.narrative import extract_prose_facts, respectively

REPO = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((REPO / "reporting/schema/deal.schema.json").read_text())


def parse(text: str, name: str = "layout.txt"):
    return load_filing(ingest_bytes(text.encode(), name))


def parse_sample(text: str):
    """``parse(text)`` for a sample as it is (layouts.TERM_SHEET, layouts.DETAILED): the same Deal, parsed once."""
    return read_sample(text, "layout.txt")


@pytest.fixture(scope="module")
def term_sheet_facts():
    return deal_facts(parse_sample(layouts.TERM_SHEET))


@pytest.fixture(scope="module")
def detailed_facts():
    return deal_facts(parse_sample(layouts.DETAILED))


def _rows(table):
    return [(r.label, r.count, r.balance) for r in table.rows]


# --- 1. a section heading's pool holds for every table below it ------------------------------


def test_1_a_pool_section_heading_holds_for_every_table_and_matrix_until_the_next():
    deal = parse(layouts.two_pool_term_sheet())
    one_pool = parse_sample(layouts.TERM_SHEET)
    assert [p.name for p in deal.pools] == ["I", "II", "all"]
    assert [t.pool for t in deal.tables] == ["I"] * 7 + ["II"] * 7
    assert [m.pool for m in deal.matrices] == ["I", "II"]
    for pool in ("I", "II"):
        assert [_rows(t) for t in deal.tables if t.pool == pool] == [_rows(t) for t in one_pool.tables]
        assert deal.pool(pool).aggregate_balance == 619_800_778.37 and deal.pool(pool).loan_count == 1225
    assert (deal.whole_deal.aggregate_balance, deal.whole_deal.loan_count) == (1_239_601_556.74, 2450)
    totals = [c for c in deal.checks if c.name == "table total equals the pool's balance"]
    assert len(totals) == 14 and all(c.passed for c in totals)
    assert deal.verdict is Verdict.RECONCILED


# --- 2. wrapped labels in tight tables ----------------------------------------------------------


def test_2_wrapped_labels_in_a_tight_table_stay_with_their_rows(term_sheet_facts):
    deal = parse(layouts.tight_dwellings())
    dwellings = next(t for t in deal.tables if "TYPES OF DWELLINGS" in t.title)
    assert _rows(dwellings) == [
        ("Detached Houses", 1069, 540_685_761),
        ("Multi-family Dwellings*", 29, 15_681_653),
        ("Townhouses", 25, 11_721_426),
        ("Condominium Units (one to four stories high)", 40, 18_265_610),
        ("Condominium Units (over four stories high)", 15, 9_413_193),
        ("Cooperative Units", 47, 24_033_135),
    ]
    assert all(len(r.source_lines) == 2 for r in dwellings.rows if r.label.startswith("Condominium"))
    assert all(r.warnings == () for r in dwellings.rows)
    assert deal_facts(deal) == term_sheet_facts


def test_2_figures_on_a_wrapped_labels_last_line_are_told_from_the_filings_other_tables(term_sheet_facts):
    every = frozenset(layouts.wrappable(layouts.TERM_SHEET))
    text = layouts.lay_out_tables(layouts.TERM_SHEET, layouts.TableLayout("tight", "last", every))
    assert re.search(r"^New\n^York +145 +75,979,640$", text, re.M)  # "York" could end "New Mexico" above
    deal = parse(text)
    assert deal_facts(deal) == term_sheet_facts
    states = next(t for t in deal.tables if "STATE" in t.title)
    assert ("New York", 145, 75_979_640) in _rows(states) and ("New Hampshire", 1, 461_540) in _rows(states)


TIGHT_STATES = """\
                             GEOGRAPHIC DISTRIBUTION

                                  Number of                 Aggregate Principal
State                             Loans                    Balances Outstanding
-----                             --------                 --------------------
Alabama                               2                           $600,000
New                                   2                            600,000
York
Ohio                                  1                            300,000

Total                                 5                         $1,500,000
"""


def test_2_a_label_line_nothing_places_is_read_and_said_to_be_in_doubt():
    cover = layouts.TERM_SHEET[: layouts.TERM_SHEET.index("     On May 27, 2004")]
    prose = (
        "     On May 27, 2004, CMSI is to transfer to the Trustee mortgage loans with an aggregate\n"
        "scheduled principal balance as of May 1, 2004 of $1,500,000.00. The total number of\n"
        "mortgage loans as of May 1, 2004 was 5.\n\n"
    )
    deal = parse(cover + prose + TIGHT_STATES)
    (table,) = deal.tables
    assert _rows(table) == [("Alabama", 2, 600_000), ("New York", 2, 600_000), ("Ohio", 1, 300_000)]
    doubted = [r for r in table.rows if r.warnings]
    assert [r.label for r in doubted] == ["New York", "Ohio"]
    assert "could end the row above or begin the row below" in doubted[0].warnings[0]
    assert any("row 'New York'" in w for w in deal.warnings)
    row = deal_to_dict(deal)["tables"][0]["rows"][1]
    lines = (cover + prose + TIGHT_STATES).split("\n")
    assert [lines[n - 1].split()[0] for n in row["source_lines"]] == ["New", "York"] and row["warnings"]


# --- 3. a continuation that starts with "$" ------------------------------------------------------


def test_3_a_label_continued_by_a_dollar_figure_keeps_it(term_sheet_facts):
    text = layouts.dollar_continuations()
    assert re.search(r"^\$150,000 through +5 +864,508\n\$199,999\n", text, re.M)
    deal = parse(text)
    sizes = next(t for t in deal.tables if t.title == "SIZE OF MORTGAGE LOANS")
    assert sizes.rows[1].label == "$150,000 through $199,999"
    assert sizes.rows[-2].label == "$950,000 through $999,999"
    assert deal_facts(deal) == term_sheet_facts


# --- 4. sentences broken by a page ---------------------------------------------------------------

WAC_LINE = "and all mortgage loans (before deduction of the servicing fee) as of October 1,"


def _break_after(text: str, line_text: str, **furniture) -> str:
    lines = text.split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith(line_text))
    return layouts.break_sentences(text, [index], **furniture)


@pytest.mark.parametrize(
    "furniture",
    [
        {"notes": True},  # footnotes at the foot of the page, a page number, <PAGE>
        {"number": False},  # a bare <PAGE>
    ],
    ids=["footnotes and page", "bare page"],
)
def test_4_a_sentence_broken_by_a_page_is_joined_and_says_so(furniture):
    deal = parse(_break_after(layouts.DETAILED, WAC_LINE, **furniture))
    assert [p.wac for p in deal.pools] == [6.132, 5.486, 5.716, 5.962]
    for pool in deal.pools:
        (warning,) = provenance_of(pool, "wac").warnings
        assert warning.startswith("read from a sentence joined across a page break")
    assert "wac" not in " ".join(deal.missing)
    assert deal.verdict is Verdict.RECONCILED


@pytest.mark.parametrize("envelope", ["form feed", "html page-break style"])
def test_4_other_page_breaks_join_the_sentence_too(envelope):
    text = _break_after(layouts.DETAILED, WAC_LINE, number=False)
    if envelope == "form feed":
        data, name = text.replace("<PAGE>", "\x0c").encode(), "ff.txt"
    else:
        pages = [html.escape(page) for page in text.split("\n<PAGE>\n")]
        breaks = '</pre><p style="page-break-before: always"></p><pre>'
        data, name = f"<html><body><pre>{breaks.join(pages)}</pre></body></html>".encode(), "filing.htm"
    deal = load_filing(ingest_bytes(data, name))
    assert [p.wac for p in deal.pools] == [6.132, 5.486, 5.716, 5.962]
    assert all("joined across a page break" in provenance_of(p, "wac").warnings[0] for p in deal.pools)


@pytest.mark.parametrize(
    "furniture",
    [
        {"number": False, "head": "                                                   Series 2004-8"},
        {"number": False, "head": "                              CMSI 2004-8"},
        {"number": False, "head": "CMSI 2004-8"},
    ],
    ids=[
        "a head right-aligned on that page only",
        "a head centred on that page only",
        "a head in capitals at the margin on that page only",
    ],
)
def test_4_a_head_on_the_new_page_alone_is_no_part_of_the_sentence(furniture):
    # A head no other page has (so not found as running): the WAC sentence ran on into it and
    # was lost, with no word of it.
    text = _break_after(layouts.DETAILED, WAC_LINE, **furniture)
    deal = parse(text)
    assert [p.wac for p in deal.pools] == [6.132, 5.486, 5.716, 5.962]
    assert all(provenance_of(p, "wac").warnings == (_joined_over_the_page(text),) for p in deal.pools)


def _joined_over_the_page(text: str) -> str:
    """The doubt on the WAC, read from its sentence's line before the page and the first line after it."""
    lines = text.split("\n")
    before = next(i for i, line in enumerate(lines) if line.startswith(WAC_LINE)) + 1
    after = next(i for i, line in enumerate(lines) if line.startswith("2004 were 6.132%")) + 1
    return f"read from a sentence joined across a page break (lines {before} and {after})"


def test_4_a_page_numbered_in_roman_numerals_breaks_a_sentence_too():
    text = _break_after(layouts.DETAILED, WAC_LINE)
    text = re.sub(r"^ {20,}\d+$", " " * 38 + "iv", text, count=1, flags=re.M)
    assert re.search(r"^ +iv$", text, re.M)
    deal = parse(text)
    assert [p.wac for p in deal.pools] == [6.132, 5.486, 5.716, 5.962]
    assert all(provenance_of(p, "wac").warnings == (_joined_over_the_page(text),) for p in deal.pools)


def test_4_a_foot_ending_in_its_page_number_is_no_part_of_the_next_paragraph(term_sheet_facts):
    # "CMSI REMIC Pass-Through Certificates, Series 2004-3     Page 2" at a page's foot, between two
    # paragraphs: it ran into the next sentence, and the underwriting statement there was lost.
    text = layouts.TERM_SHEET
    start = text.index("     At least 94% of the mortgage loans will be")
    foot = "CMSI REMIC Pass-Through Certificates, Series 2004-3       Page 2"
    deal = parse(text[:start] + f"{foot}\n<PAGE>\n" + text[start:])
    assert deal_facts(deal) == term_sheet_facts


POOL_III_TERMS = (
    "pool III discount loans and the pool III premium loans, as of the cut-off date,\n"
    "were 358.67 months and 358.37 months, respectively.\n"
)


@pytest.mark.parametrize(
    "ending",
    [
        "respectively, as described on Page 3\nof the Prospectus.\n",
        "respectively, as described on Page 3\n",
        "respectively, as set out on  page 12\n",
        "for the ranges   - 3 -\nrespectively.\n",
    ],
    ids=["Page 3, the sentence going on", "Page 3 ending the paragraph", "page 12 two spaces off", "- 3 -"],
)
def test_4_a_line_of_prose_ending_in_a_page_reference_beside_a_break_is_read(detailed_facts, ending):
    # "were 358.67 months and 358.37 months, respectively, as described on Page 3", the last line
    # before a page break, was set aside as a running foot: pool III's premium and discount loans lost
    # their remaining terms, called not stated, and the check on the pool's WAM went unsaid.
    text = layouts.DETAILED.replace(POOL_III_TERMS, POOL_III_TERMS.replace("respectively.\n", ending))
    assert text.count(ending) == 1 and text.index(ending) < text.index("There are no special hazard")
    deal = parse(text)
    split = deal.pool("III").premium_discount
    assert (split.discount.wam_months, split.premium.wam_months) == (358.67, 358.37)
    assert deal.missing == () and deal.all_checks_passed


def test_4_a_line_of_prose_ending_in_a_page_reference_after_a_break_is_read(term_sheet_facts):
    # The first line of a page, "At least 94% of the mortgage loans, as shown on Page 3": set aside as
    # the page's head, the underwriting statement lost its 94%.
    old = "     At least 94% of the mortgage loans will be mortgage loans originated using\n"
    new = "     At least 94% of the mortgage loans, as shown on Page 3\nwill be mortgage loans originated using\n"
    assert layouts.TERM_SHEET.count(old) == 1
    deal = parse(layouts.TERM_SHEET.replace(old, new))
    assert [(u.bound, u.percent) for u in deal.whole_deal.underwriting][0] == ("at_least", 94.0)
    assert deal_facts(deal) == term_sheet_facts


@pytest.mark.parametrize(
    "foot",
    [
        "                          CMSI 2004-8  Page {}",
        "CMSI 2004-8 Page {}",
        "                                   - {} -",
        "                                   {}",
        "CMSI REMIC Pass-Through Certificates, Series 2004-8    Page {}",
        "Citicorp Mortgage Securities pass-through certificates series 2004-8  Page {}",
    ],
)
@pytest.mark.parametrize("apart", [True, False], ids=["set apart", "right under the text"])
def test_4_running_feet_ending_in_the_page_number_are_still_set_aside(detailed_facts, foot, apart):
    # Beside every page break, between blank lines or right under the page's last line: never text.
    pages = layouts.DETAILED.split("\n<PAGE>\n")
    gap = "\n\n" if apart else "\n"
    text = "".join(page + gap + foot.format(number) + "\n<PAGE>\n" for number, page in enumerate(pages[:-1], start=1))
    deal = parse(text + pages[-1])
    assert deal_facts(deal) == detailed_facts


@pytest.mark.parametrize("figures_on", ["first", "last"])
def test_4_a_label_wrapped_over_a_page_break_stays_one_label(term_sheet_facts, figures_on):
    # "Condominium Units (one to four" / page 3 / "stories high)": the row lost "stories high)".
    text = layouts.TERM_SHEET
    first = "Condominium Units (one to four       40                           18,265,610\nstories high)"
    assert text.count(first) == 1
    page = "\n\n" + "\n".join(layouts.page_break(number=3, head=None)) + "\n\n"
    if figures_on == "first":
        broken = first.replace("\nstories high)", page + "stories high)")
    else:
        broken = (
            "Condominium Units (one to"
            + page
            + "four stories high)".ljust(37)
            + first.split("four", 1)[1].split("\n")[0]
        )
    deal = parse(text.replace(first, broken))
    (dwellings,) = [t for t in deal.tables if t.title.startswith("TYPES OF DWELLINGS")]
    assert ("Condominium Units (one to four stories high)", 40, 18_265_610) in [
        (r.label, r.count, r.balance) for r in dwellings.rows
    ]


CONDOMINIUM_ROW = "Condominium Units (one to four       40                           18,265,610\nstories high)"
DWELLING_HEADINGS = (
    "Type of                           Number of                 Aggregate Principal\n"
    "Dwelling Unit                     Loans                    Balances Outstanding\n"
    "-------------                     ---------                --------------------\n"
)


def _feet_on_every_page(text: str) -> str:
    pages = text.split("\n<PAGE>\n")
    return (
        "".join(
            f"{page}\n\nCMSI Series 2004-3     Page {number}\n<PAGE>\n" for number, page in enumerate(pages[:-1], 1)
        )
        + pages[-1]
    )


@pytest.mark.parametrize(
    "label",
    [("Condominium Units in buildings of", "one to four stories"), ("Condominium Units, one to four", "stories high")],
)
@pytest.mark.parametrize("figures_on", ["first", "last"])
@pytest.mark.parametrize("furniture", ["number and running head", "foot", "running head and the headings again"])
def test_4_a_label_whose_words_go_on_over_a_page_break_stays_one_label(label, figures_on, furniture):
    # "Condominium Units in buildings of" / page 4 / "one to four stories   40   18,265,610": the row
    # was read as "one to four stories" and its first line dropped unsaid (with no bracket left open,
    # the label was taken to end at the page break); with the figures on its first line, it lost its end.
    first, second = label
    figures = CONDOMINIUM_ROW.split("four", 1)[1].split("\n")[0]
    if figures_on == "first":
        broken = f"{first.ljust(30)}{figures}\n\n<PAGE>\n\n{second}"
    else:
        broken = f"{first}\n\n<PAGE>\n\n{second.ljust(30)}{figures}"
    if furniture == "running head and the headings again":
        broken = broken.replace("<PAGE>\n\n", f"<PAGE>\n\n{DWELLING_HEADINGS}\n")
    text = layouts.TERM_SHEET.replace(CONDOMINIUM_ROW, broken)
    assert text.count(first) == 1 and "<PAGE>" in text.split(first)[1].split(second)[0]
    text = _feet_on_every_page(text) if furniture == "foot" else layouts.with_running_heads(text)
    deal, sample = parse(text), parse_sample(layouts.TERM_SHEET)
    (dwellings,) = [t for t in deal.tables if t.title.startswith("TYPES OF DWELLINGS")]
    (before,) = [t for t in sample.tables if t.title.startswith("TYPES OF DWELLINGS")]
    joined = f"{first} {second}"
    assert _rows(dwellings) == [(joined if r[1] == 40 else r[0], *r[1:]) for r in _rows(before)]
    assert deal.all_checks_passed and not deal.warnings


def test_4_a_head_set_in_at_the_top_of_a_page_never_ends_a_label_over_the_page():
    # A head on that page alone, over the table's headings repeated: not known for page furniture, and
    # never the end of the label "Condominium Units in buildings of" left open above the page break.
    head = "                      CMSI REMIC Pass-Through Certificates, Series 2004-3"
    broken = (
        f"Condominium Units in buildings of\n\n<PAGE>\n{head}\n\n{DWELLING_HEADINGS}\n"
        "one to four stories                  40                           18,265,610"
    )
    deal = parse(layouts.TERM_SHEET.replace(CONDOMINIUM_ROW, broken))
    (dwellings,) = [t for t in deal.tables if t.title.startswith("TYPES OF DWELLINGS")]
    assert all("CMSI" not in label for label, _, _ in _rows(dwellings))
    assert (40, 18_265_610) in [(count, balance) for _, count, balance in _rows(dwellings)]


def test_4_a_page_number_alone_breaks_a_sentence_too():
    text = _break_after(layouts.DETAILED, WAC_LINE).replace("<PAGE>\n", "")
    between = text.split(WAC_LINE)[1].split("2004 were 6.132%")[0]
    assert "<PAGE>" not in between and re.search(r"^ {20,}\d+$", between, re.M)
    deal = parse(text)
    assert [p.wac for p in deal.pools] == [6.132, 5.486, 5.716, 5.962]


# The issuer's name as a page's head: at the margin, or centred in capitals.
ISSUER_HEADS = ["Citicorp Mortgage Securities, Inc.", "                   CITICORP MORTGAGE SECURITIES, INC."]


@pytest.mark.parametrize("every_page", [False, True], ids=["on that page", "on every page"])
@pytest.mark.parametrize("head", ISSUER_HEADS, ids=["at the margin", "centred"])
def test_4_the_issuers_name_heading_a_page_that_breaks_a_sentence_is_no_part_of_it(head: str, every_page: bool):
    # "None of the pool II mortgage" / page / "Citicorp Mortgage Securities, Inc." / "loans have a scheduled
    # maturity later than October 1, 2019": the head ended the sentence at "Inc.", and its rest, without its
    # subject, gave the whole deal pool II's latest maturity, with no doubt (and pool II none).
    text = _break_after(
        layouts.DETAILED, "scheduled maturity later than October 1, 2034. None of the pool II", head=head
    )
    text = layouts.with_running_heads(text, head) if every_page else text
    deal, sample = parse(text), parse_sample(layouts.DETAILED)
    assert deal.pool("II").latest_maturity == date(2019, 10, 1)
    assert "joined across a page break" in provenance_of(deal.pool("II"), "latest_maturity").warnings[0]
    assert provenance_of(deal.whole_deal, "latest_maturity") == provenance_of(sample.whole_deal, "latest_maturity")
    assert deal.whole_deal.latest_maturity is sample.whole_deal.latest_maturity is None  # not stated: derived
    assert deal.verdict is sample.verdict and deal.missing == sample.missing


@pytest.mark.parametrize(
    "head", ["Citicorp Mortgage Securities, Inc.", "REMIC Pass-Through Certificates, Series 2004-3"]
)
def test_4_the_deals_head_between_two_items_of_a_list_is_no_item(head: str):
    # "2. such mortgage loans had ... of $874,708;" / page / the head / "3. the weighted average loan-to-value
    # ratio ...": the head ended the list, and its last two items (the ratios with and without the collateral)
    # were lost with no word said.
    text = _break_after(layouts.TERM_SHEET, "            $874,708;", number=False, head=head)
    deal, sample = parse(text), parse_sample(layouts.TERM_SHEET)
    figures = [
        (a.loan_count, a.balance, a.wa_ltv_with_collateral, a.wa_ltv_without_collateral)
        for a in (deal.whole_deal.additional_collateral, sample.whole_deal.additional_collateral)
    ]
    assert figures[0] == figures[1] == (3, 874_708, 80.0, 100.0)
    assert deal.missing == sample.missing and deal.verdict is sample.verdict


# A page's head of two or three lines: the issuer, the series, the date of the report.
DEAL_HEADS = {
    "the issuer and the series, centred": (
        "                      Citicorp Mortgage Securities, Inc.\n                                 CMSI 2004-3"
    ),
    "the issuer, the series and the date, centred": (
        "                      Citicorp Mortgage Securities, Inc.\n                                 CMSI 2004-3\n"
        "                                 May 7, 2004"
    ),
    "in capitals at the margin": (
        "CITICORP MORTGAGE SECURITIES, INC.\nREMIC PASS-THROUGH CERTIFICATES, SERIES 2004-3\nMay 7, 2004"
    ),
}


@pytest.mark.parametrize("in_the_label", [False, True], ids=["between two rows", "inside a row's label"])
@pytest.mark.parametrize("head", DEAL_HEADS.values(), ids=DEAL_HEADS.keys())
def test_4_a_head_of_several_lines_over_a_tables_rows_is_no_title_nor_label(head: str, in_the_label: bool):
    # Its last line titled the rows after the break a table of their own ("CMSI 2004-3", "BY "), with the table's
    # Total, or went into the label the break parts ("Condominium Units (one to four CITICORP ...").
    page = f"\n\n<PAGE>\n\n{head}\n\n"
    broken = CONDOMINIUM_ROW.replace("\n", page) if in_the_label else f"{page}{CONDOMINIUM_ROW}"
    deal, sample = parse(layouts.TERM_SHEET.replace(CONDOMINIUM_ROW, broken)), parse_sample(layouts.TERM_SHEET)
    assert [t.title for t in deal.tables] == [t.title for t in sample.tables]
    (dwellings,) = [t for t in deal.tables if t.title.startswith("TYPES OF DWELLINGS")]
    (before,) = [t for t in sample.tables if t.title.startswith("TYPES OF DWELLINGS")]
    assert _rows(dwellings) == _rows(before) and dwellings.label_header == before.label_header
    assert deal.all_checks_passed


def test_4_a_head_of_the_issuer_the_series_and_a_date_at_the_margin_is_no_part_of_the_sentence_it_breaks():
    # "... all mortgage loans will be mortgage loans" / page / the issuer, the series, "October 20, 2004" / "originated
    # using streamlined underwriting policies.": the date went into the sentence, and the streamlined shares of
    # every pool were lost with no word said.
    head = "Citicorp Mortgage Securities, Inc.\nREMIC Pass-Through Certificates, Series 2004-8\nOctober 20, 2004\n"
    text = _break_after(
        layouts.DETAILED, "the pool III mortgage loans and all mortgage loans will be mortgage", head=head
    )
    deal, sample = parse(text), parse_sample(layouts.DETAILED)
    streamlined = [[(u.policy, u.percent) for u in p.underwriting if "treamlined" in u.policy] for p in deal.pools]
    assert streamlined == [
        [(u.policy, u.percent) for u in p.underwriting if "treamlined" in u.policy] for p in sample.pools
    ]
    assert all(streamlined)
    assert deal.verdict is sample.verdict and deal.missing == sample.missing


@pytest.mark.parametrize("head", ISSUER_HEADS, ids=["at the margin", "centred"])
def test_4_the_issuers_name_heading_a_page_inside_a_table_is_no_title_nor_label(head: str):
    # A page breaks inside the dwellings table, after "Condominium Units (one to four", each page headed by the
    # issuer's name: the table was cut in two, its second half titled "CITICORP MORTGAGE SECURITIES, INC.", or the
    # head read into the label ("Condominium Units (one to four Citicorp Mortgage Securities, Inc.").
    text = layouts.TERM_SHEET.replace(CONDOMINIUM_ROW, CONDOMINIUM_ROW.replace("\n", "\n\n<PAGE>\n\n"))
    deal, sample = parse(layouts.with_running_heads(text, head)), parse_sample(layouts.TERM_SHEET)
    assert [t.title for t in deal.tables] == [t.title for t in sample.tables]
    (dwellings,) = [t for t in deal.tables if t.title.startswith("TYPES OF DWELLINGS")]
    (before,) = [t for t in sample.tables if t.title.startswith("TYPES OF DWELLINGS")]
    assert _rows(dwellings) == _rows(before)
    assert deal.all_checks_passed


# A word processor's head: at the margin, in Title Case, as wide as the page (2005-2007 HTML filings).
MARGIN_HEAD = "Citicorp Mortgage Securities, Inc. - REMIC Pass-Through Certificates, Series 2004-3"


@pytest.mark.parametrize(
    "head",
    [None, layouts.RUNNING_HEAD, MARGIN_HEAD],
    ids=["page number", "running heads", "running heads at the margin"],
)
def test_4_a_respectively_list_split_by_a_page_gives_each_group_its_own_balance(head):
    text = layouts.TERM_SHEET.replace(
        "were $611,102,780 and $8,697,998, respectively.",
        "were $611,102,780 and\n" + "\n".join(layouts.page_break(number=4, head=head)) + "\n$8,697,998, respectively.",
    )
    if head:
        text = layouts.with_running_heads(text, head)  # a running head is the line every page starts with
    deal = parse(text)
    split = deal.whole_deal.premium_discount
    assert (split.premium.balance, split.discount.balance) == (611_102_780, 8_697_998)
    assert "joined across a page break" in provenance_of(split.premium, "balance").warnings[0]
    assert deal.verdict is Verdict.RECONCILED


def test_4_a_list_cut_off_never_gives_its_one_value_to_every_subject():
    # Unjoined, the first half of the sentence has one value for two subjects and says "and":
    # that is a list that lost its end, not a value they share.
    facts = extract_prose_facts(
        "The aggregate scheduled principal balances outstanding as of the cut-off date of the premium loans "
        "and the discount loans were $611,102,780 and"
    )
    assert facts.group_facts == {}
    assert facts.warnings == ["aggregate_balance: 1 values for 2 subjects; not assigned"]
    warnings: list[str] = []
    assert respectively(["premium", "discount"], [611_102_780], warnings, "balance", listed=True) == []


# A page breaks between two lines of a table's title, of its column headings, or of its footnotes.
# Each line below is followed by the break; the table's title, headings and footnotes were read from
# the lines after it only, unsaid ("BY LOAN-TO-VALUE RATIOS AT ORIGINATION", "Dwelling Unit", the FICO
# matrix's columns "and below", "75.000%", ... over the 65.001%-75.000% bucket's figures, no footnote).
PARTED_LINES = {
    "dwelling type heading": ("Type of                           Number of                 Aggregate Principal", 0),
    "units heading": ("Type of                           Number of                 Aggregate Principal", 1),
    "heading over its rule": ("Dwelling Unit                     Loans                    Balances Outstanding", 0),
    "loan size heading": ("Outstanding Principal             Number of                 Aggregate Principal", 0),
    "note rate heading": ("Mortgage Loan                     Number of                 Aggregate Principal", 0),
    "LTV title": ("DISTRIBUTION OF MORTGAGE LOANS", 0),
    "state title": ("GEOGRAPHIC DISTRIBUTION OF", 0),
    "FICO title": ("DISTRIBUTION BY FICO SCORES AND", 0),
    "matrix heading": ("65.00%        65.001%-      75.001%-     80.001%-      85.001%-      90.001%-", 0),
    "matrix heading over its rule": (
        "and below      75.000%       80.000%      85.000%       90.000%       95.000%      All loans",
        0,
    ),
    "matrix rules": ("---------      -------       -------      -------       -------       -------      ---------", 0),
    "total over the footnote rule": ("=====                         ============", 1),
    "footnote rule": ("-----------", 1),  # the dwellings table's (the first is the prose's)
}
PAGE_FURNITURE = {
    "bare page": {"number": None, "head": None},
    "page number": {"number": 5, "head": None},
    "running heads": {"number": 5, "head": layouts.RUNNING_HEAD},
}


def _page_after(text: str, line: str, occurrence: int, blanks: int = 1, number=None, head=None) -> str:
    """A page breaks after the given line (its ``occurrence``-th), blank lines around the break."""
    lines = text.split("\n")
    index = [i for i, this in enumerate(lines) if this.strip() == line][occurrence]
    lines[index + 1 : index + 1] = [""] * blanks + layouts.page_break(number, head) + [""] * blanks
    parted = "\n".join(lines)
    return layouts.with_running_heads(parted, head) if head else parted


def _headings_of(deal) -> list:
    return [
        *((t.title, t.label_header, t.footnotes) for t in deal.tables),
        *((m.title, m.row_header, m.col_header, m.col_labels) for m in deal.matrices),
    ]


@pytest.mark.parametrize("line, occurrence", list(PARTED_LINES.values()), ids=list(PARTED_LINES))
@pytest.mark.parametrize("furniture", list(PAGE_FURNITURE.values()), ids=list(PAGE_FURNITURE))
@pytest.mark.parametrize("blanks", [1, 0], ids=["blank lines around", "none"])
def test_4_a_tables_title_headings_and_footnotes_are_read_whole_over_a_page_break(
    term_sheet_facts, line, occurrence, furniture, blanks
):
    text = _page_after(layouts.TERM_SHEET, line, occurrence, blanks, **furniture)
    deal, sample = parse(text), parse_sample(layouts.TERM_SHEET)
    assert _headings_of(deal) == _headings_of(sample)
    assert deal_facts(deal) == term_sheet_facts  # every figure, check, warning and the verdict
    assert deal.verdict is Verdict.RECONCILED and not deal.warnings


def test_4_the_matrix_columns_and_a_footnote_parted_by_a_page_are_the_samples():
    # The fuzz run's cases, spelled out: the FICO/LTV matrix's two heading lines on two pages, and the
    # dwellings table's footnote rule at a page's foot with its footnote on the next page.
    (matrix,) = parse(_page_after(layouts.TERM_SHEET, *PARTED_LINES["matrix heading"])).matrices
    assert matrix.col_labels == (
        "65.00% and below",
        "65.001%-75.000%",
        "75.001%-80.000%",
        "80.001%-85.000%",
        "85.001%-90.000%",
        "90.001%-95.000%",
    )
    assert matrix.col_header == "Loan-to-value ratio"
    deal = parse(_page_after(layouts.TERM_SHEET, *PARTED_LINES["footnote rule"]))
    (dwellings,) = [t for t in deal.tables if t.title == "TYPES OF DWELLINGS SUBJECT TO MORTGAGE LOANS"]
    assert dwellings.footnotes == ("*   Multi-family dwellings are 2-family, 3-family and 4-family.",)


TYPES_TITLE = "                  TYPES OF DWELLINGS SUBJECT TO MORTGAGE LOANS\n"


def test_4_a_title_a_page_parts_where_its_words_do_not_say_it_goes_on_is_said_in_doubt():
    # "TYPES OF DWELLINGS" / page / "SUBJECT TO MORTGAGE LOANS": the line above the break may be the
    # title's start, or a heading of the page before; nothing tells which. Never read as the title plainly.
    assert layouts.TERM_SHEET.count(TYPES_TITLE) == 1
    text = layouts.TERM_SHEET.replace(
        TYPES_TITLE,
        "                           TYPES OF DWELLINGS\n\n<PAGE>\n\n                   SUBJECT TO MORTGAGE LOANS\n",
    )
    (table,) = [t for t in parse(text).tables if "SUBJECT TO MORTGAGE LOANS" in t.title and "UNITS" not in t.title]
    assert table.title == "SUBJECT TO MORTGAGE LOANS"
    assert table.warnings == (
        "the title may begin on the page before: 'TYPES OF DWELLINGS', above the page break, is not read into it",
    )


def test_4_a_heading_line_a_page_parts_that_stands_in_no_column_is_said_in_doubt():
    # "Type of      Number of ..." set off the columns below the break: which column each word heads is
    # not known; the headings are read from the lines after the break, and the doubt said.
    old = "Type of                           Number of                 Aggregate Principal\nDwelling Unit"
    new = "Type of                Number of                 Aggregate Principal\n\n<PAGE>\n\nDwelling Unit"
    assert layouts.TERM_SHEET.count(old) == 2
    (table,) = [t for t in parse(layouts.TERM_SHEET.replace(old, new, 1)).tables if "TYPES OF" in t.title]
    assert table.label_header == "Dwelling Unit"
    assert table.warnings == (
        "a page break parts the column headings: 'Type of Number of Aggregate Principal', above it, does not "
        "stand in the columns of 'Dwelling Unit Loans Balances Outstanding', below it, and is not read into them",
    )


# --- 5. dashes for zero ----------------------------------------------------------------------


def test_5_a_row_of_dashes_is_a_row_of_zeros(term_sheet_facts):
    text = layouts.with_dashes()
    assert "$1,000,000 and over                   -                                    -" in text
    deal = parse(text)
    sizes = next(t for t in deal.tables if t.title == "SIZE OF MORTGAGE LOANS")
    assert _rows(sizes)[-1] == ("$1,000,000 and over", 0, 0)
    matrix = deal.matrices[0]
    assert matrix.cells[1][3] == 0.0 and matrix.row_totals[1] == 2.98
    assert deal_facts(deal) == term_sheet_facts


# --- 6. pools numbered in Arabic -----------------------------------------------------------------


def test_6_pools_numbered_in_arabic_read_like_roman_ones():
    text = layouts.arabic_pools()
    assert "the Pool 1 mortgage loans, the Group 2 mortgage loans, the group 3 mortgage" in " ".join(text.split())
    deal, roman = parse(text), parse_sample(layouts.DETAILED)
    assert [p.name for p in deal.pools] == ["1", "2", "3", "all"]
    assert [p.loan_count for p in deal.pools] == [663, 154, 153, 970]
    for arabic, pool in zip(deal_facts(deal)["pools"], deal_facts(roman)["pools"]):
        values = {field: d["value"] for field, d in pool["derived"].items()}
        assert {field: d["value"] for field, d in arabic.pop("derived").items()} == values
        assert {**arabic, "name": pool["name"], "derived": pool["derived"]} == pool
    assert deal.verdict is Verdict.RECONCILED and len(deal.checks) == len(roman.checks)


# --- 7. amendments ---------------------------------------------------------------------------------


def test_7_an_amendment_is_recognised_and_its_misstated_figure_never_read(capsys):
    deal = parse(layouts.amended())
    assert deal.amendment and deal.amendment_note == "Form 8-K/A, Amendment No. 1"
    b6 = next(c for c in deal.classes if c.name == "B-6")
    assert b6.initial_balance == 740_547.57  # the restated figure, not the misstated $704,547.57
    (warning,) = provenance_of(b6, "initial_balance").warnings
    assert "misstated as $704,547.57" in warning and "nothing is read from that sentence" in warning
    assert deal.warnings[0].startswith("this filing is an amendment (Form 8-K/A, Amendment No. 1)")
    assert deal.verdict is Verdict.RECONCILED
    data = deal_to_dict(deal)
    jsonschema.validate(data, SCHEMA)
    assert data["amendment"] is True and data["provenance"]["amendment"]["source_lines"]
    assert "AMENDMENT (Form 8-K/A, Amendment No. 1)" in deal_summary(deal).splitlines()[0]


@pytest.mark.parametrize(
    "quoted",
    [
        "The Form 8-K reported that the aggregate initial principal balance of the\n"
        "class B-6 certificates as of October 1, 2004 was $704,547.57.",
        "In the Form 8-K, the aggregate initial principal balance of the class B-6\n"
        "certificates as of October 1, 2004 was $704,547.57. It is corrected to $740,547.57.",
        # in an amendment only: in any other filing these words restate a figure, and it is read
        "As previously reported, the aggregate initial principal balance of the class B-6\n"
        "certificates as of October 1, 2004 was $704,547.57.",
    ],
)
def test_7_an_amendment_telling_what_the_report_said_is_never_read_for_its_figure(quoted):
    # Worded without "misstated", the amended report's old figure was read as B-6's balance, with nothing said.
    text = layouts.amended().replace(
        "The aggregate initial principal balance of the\n"
        "class B-6 certificates as of October 1, 2004 was misstated as $704,547.57 in\n"
        "that report.",
        quoted,
    )
    deal = parse(text)
    b6 = next(c for c in deal.classes if c.name == "B-6")
    assert b6.initial_balance == 740_547.57
    assert "nothing is read from that sentence" in provenance_of(b6, "initial_balance").warnings[0]
    assert not any(c.initial_balance == 704_547.57 for c in deal.classes)


def test_7_a_sentence_replaced_by_the_following_is_read_as_restated():
    old = (
        "The weighted average interest rates of the\npool I mortgage loans, the pool II mortgage loans, the pool III mortgage loans\n"
        "and all mortgage loans (before deduction of the servicing fee) as of October 1,\n"
        "2004 were 6.132%, 5.486%, 5.716% and 5.962%, respectively."
    )
    assert layouts.DETAILED.count(old) == 1
    new = (
        "The sentence of the Form 8-K stating that the weighted average interest\nrates of the pool I, pool II, "
        "pool III and all mortgage loans were 6.132%, 5.486%,\n5.716% and 5.962%, respectively, is replaced by the "
        "following: The weighted average\ninterest rates of the pool I mortgage loans, the pool II mortgage loans, "
        "the pool III\nmortgage loans and all mortgage loans (before deduction of the servicing fee) as of\n"
        "October 1, 2004 were 6.132%, 5.468%, 5.716% and 5.959%, respectively."
    )
    deal = parse(layouts.amended().replace(old, new))
    assert [(p.name, p.wac) for p in deal.pools] == [("I", 6.132), ("II", 5.468), ("III", 5.716), ("all", 5.959)]


def test_7_the_edgar_form_type_alone_says_amendment():
    deal = parse(layouts.sgml_submission(layouts.DETAILED, form_type="8-K/A"), "submission.txt")
    assert deal.amendment and deal.amendment_note == "EDGAR form type 8-K/A"
    assert not parse(layouts.sgml_submission(layouts.DETAILED), "submission.txt").amendment


def test_7_a_body_that_mentions_another_documents_amendment_is_no_amendment():
    text = layouts.DETAILED.replace(
        "There are no special hazard, fraud or bankruptcy loss limits.",
        "There are no special hazard, fraud or bankruptcy loss limits. The pooling agreement\n"
        "was changed by Amendment No. 1 to it, filed on Form 8-K/A in 2003.",
    )
    deal = parse(text)
    assert not deal.amendment and deal.amendment_note is None
    assert not any("amendment" in w for w in deal.warnings)


_TERM_SHEET_ITEM = "Item 5.        Other Events.\n"
_TERM_SHEET_WAC = "servicing fee) as of May 1, 2004 was 5.843%."


_TERM_SHEET_PARAGRAPH_END = "maturity of the mortgage loans as of May 1, 2004 was 359.54 months.\n"


def _term_sheet_with(note: str, amended: bool = True, old_body: bool = False, after: bool = False) -> str:
    """The 2004-3 term sheet (an 8-K/A where ``amended``) with ``note`` opening its Item 5, or ``after``
    the paragraph stating the WAC; ``old_body``: that paragraph still states the old WAC, 5.84%."""
    text = layouts.TERM_SHEET
    if amended:
        text = text.replace(
            "                                    FORM 8-K\n", "                                   FORM 8-K/A\n"
        )
    if old_body:
        text = text.replace(_TERM_SHEET_WAC, _TERM_SHEET_WAC.replace("5.843%", "5.84%"))
    if after:
        return text.replace(_TERM_SHEET_PARAGRAPH_END, f"{_TERM_SHEET_PARAGRAPH_END}\n     {note}\n", 1)
    return text.replace(_TERM_SHEET_ITEM, f"{_TERM_SHEET_ITEM}\n     {note}\n", 1)


_EARLIER_8K_WAC = [
    "The Form 8-K filed on May 7, 2004 stated that the weighted average interest\nrate on the mortgage loans was 5.84%.",
    "This amendment is filed to correct the weighted average interest rate on the\n"
    "mortgage loans, which was stated in the original Form 8-K as 5.84%.",
    "In the Form 8-K originally filed on May 7, 2004, the weighted average\ninterest rate on the mortgage loans was 5.84%.",
    "The following information supersedes the information in the Form 8-K filed\n"
    "on May 7, 2004, which gave the weighted average interest rate on the mortgage\nloans as 5.84%.",
    "This Amendment No. 1 corrects the weighted average interest rate on the\n"
    "mortgage loans, which was 5.84% in the Form 8-K filed on May 7, 2004.",
]


@pytest.mark.parametrize("amended", [True, False], ids=["8-K/A", "8-K"])
@pytest.mark.parametrize("note", _EARLIER_8K_WAC)
def test_7_a_sentence_telling_an_earlier_8ks_figure_gives_none_of_this_filings(note, amended):
    # The earlier report's 5.84% was read as the WAC, and the filing's own 5.843% doubted as "stated again".
    deal = parse(_term_sheet_with(note, amended))
    assert deal.whole_deal.wac == 5.843
    assert provenance_of(deal.whole_deal, "wac").warnings == ()
    assert deal.verdict is Verdict.RECONCILED


@pytest.mark.parametrize(
    "note",
    [
        "EXPLANATORY NOTE: This Amendment No. 1 restates the Form 8-K in its\nentirety. The only change is the "
        "aggregate scheduled principal balance of the\nmortgage loans, which was $619,800,778.37 in the original "
        "Form 8-K.",
        "This Form 8-K/A replaces in its entirety the Form 8-K filed on May 7, 2004,\nin which the aggregate "
        "scheduled principal balance of the mortgage loans was\ngiven as $619,800,778.37.",
    ],
)
def test_7_an_earlier_8ks_balance_is_not_this_filings(note):
    text = _term_sheet_with(note).replace("$619,800,778.37. Information", "$619,880,778.37. Information")
    deal = parse(text)
    assert deal.whole_deal.aggregate_balance == 619_880_778.37  # the restated body's, never the old note's
    assert provenance_of(deal.whole_deal, "aggregate_balance").warnings == ()
    assert deal.verdict is not Verdict.RECONCILED  # the tables still add up to the old total


_DETAILED_ITEM = "Item 2.01.   Completion of Acquisition or Disposition of Assets.\n"


@pytest.mark.parametrize(
    ("note", "read"),
    [
        (
            "In the Form 8-K filed on October 28, 2004 the aggregate initial principal\n"
            "balance of the class B-1 certificates was stated as $6,710,000.00.",
            lambda deal: next(c for c in deal.classes if c.name == "B-1").initial_balance,
        ),
        (
            "This Form 8-K/A amends the Form 8-K filed on October 28, 2004, which gave\n"
            "the aggregate initial principal balance of the class B-1 certificates as\n$6,710,000.00.",
            lambda deal: next(c for c in deal.classes if c.name == "B-1").initial_balance,
        ),
        (
            "This Form 8-K/A amends the Form 8-K filed on October 28, 2004 to correct the\n"
            "class B-1 subordination level, which was given there as 1.250172400289%.",
            lambda deal: next(c for c in deal.classes if c.name == "B-1").subordination_level,
        ),
        (
            "This Form 8-K/A amends the Form 8-K filed on October 28, 2004, which gave\n"
            "the weighted average interest rate of the pool II mortgage loans as 5.468%.",
            lambda deal: next(p for p in deal.pools if p.name == "II").wac,
        ),
    ],
)
def test_7_an_earlier_8ks_class_or_pool_figure_is_not_this_filings(note, read):
    text = layouts.amended().replace(_DETAILED_ITEM, f"{_DETAILED_ITEM}\n     {note}\n", 1)
    deal, sample = parse(text), parse(layouts.amended())
    assert read(deal) == read(sample)
    b1 = next(c for c in deal.classes if c.name == "B-1")
    assert not provenance_of(b1, "initial_balance").warnings and not provenance_of(b1, "subordination_level").warnings
    assert not any("earlier document" in w for w in deal.warnings)
    assert deal.verdict is sample.verdict


_WAC_SAID = "The weighted average interest rate on the mortgage loans"


@pytest.mark.parametrize("amended", [True, False], ids=["8-K/A", "8-K"])
@pytest.mark.parametrize(
    ("note", "told"),
    [
        (f"{_WAC_SAID} has been revised\nfrom 5.84% to 5.843%.", "from 5.84% to 5.843%"),
        (f"{_WAC_SAID} is amended from\n5.84% to 5.843%.", "from 5.84% to 5.843%"),
        (f"{_WAC_SAID} should read 5.843%.", "from 5.84% to 5.843%"),
        (f"{_WAC_SAID} as of May 1, 2004\nis hereby amended to read 5.843%.", "from 5.84% to 5.843%"),
        ("The correct weighted average interest rate on the mortgage loans is 5.843%.", "from 5.84% to 5.843%"),
        (f"{_WAC_SAID} is changed to\n5.843%.", "from 5.84% to 5.843%"),
        (f"{_WAC_SAID} should read\n5.843% rather than 5.84%.", "from 5.84% to 5.843%"),
        (f"{_WAC_SAID} is 5.843% instead\nof 5.84% as originally reported.", "from 5.84% to 5.843%"),
        (f"{_WAC_SAID} is 5.843%, not\n5.84%.", "from 5.84% to 5.843%"),
        ("The weighted average interest rate stated above as 5.84% should have been\n5.843%.", "from 5.84% to 5.843%"),
        (f"{_WAC_SAID} was misstated above as\n5.84%; it is 5.843%.", "from 5.84% to 5.843%"),
        # these were a doubt ("the filing says a figure for this was wrong", "which is the pool's cannot be told")
        # with the old 5.84% kept, or read with no word of a correction
        (f"{_WAC_SAID} was misstated as\n5.84% and should be 5.843%.", "from 5.84% to 5.843%"),
        (
            "Replace 5.84% with 5.843% as the weighted average interest rate on the\nmortgage loans.",
            "from 5.84% to 5.843%",
        ),
        (f"{_WAC_SAID} of 5.84% is\nreplaced by 5.843%.", "from 5.84% to 5.843%"),
        (f"{_WAC_SAID} should be 5.843%.", "from 5.84% to 5.843%"),
        (
            "As previously reported, the weighted average interest rate on the mortgage loans\nwas 5.84%; corrected, "
            "it is 5.843%.",
            "from 5.84% to 5.843%",
        ),
    ],
)
def test_7_a_correction_stating_the_new_figure_gives_it_in_place_of_the_old(note, told, amended):
    # The body's old 5.84% stood, with no doubt or with "stated again as 5.843% ...; the first statement,
    # 5.84%, is kept", and the verdict said reconciled.
    deal = parse(_term_sheet_with(note, amended, old_body=True, after=True))
    assert deal.whole_deal.wac == 5.843
    (doubt,) = provenance_of(deal.whole_deal, "wac").warnings
    assert doubt.startswith(f"corrected by the filing {told} (line")
    assert doubt.endswith("; the statement before, 5.84% (lines 68-70), is not read")
    assert "cannot be told" not in " ".join(deal.warnings) and "is kept" not in " ".join(deal.warnings)
    assert deal.verdict is Verdict.RECONCILED


def test_7_a_correction_before_the_old_statement_stands_and_the_old_one_is_doubted():
    deal = parse(_term_sheet_with(f"{_WAC_SAID} has been revised\nfrom 5.84% to 5.843%.", old_body=True))
    assert deal.whole_deal.wac == 5.843
    assert provenance_of(deal.whole_deal, "wac").warnings == (
        "corrected by the filing from 5.84% to 5.843% (lines 53-54)",
        "stated again as 5.84 (lines 71-73); the filing's corrected figure, 5.843 (lines 53-54), is kept",
    )


@pytest.mark.parametrize(
    "note",
    [f"{_WAC_SAID} should read\n5.843% rather than 5.84%.", f"{_WAC_SAID} is 5.843%, not\n5.84%."],
)
def test_7_a_correction_of_a_figure_already_right_says_so_and_never_cannot_be_told(note):
    deal = parse(_term_sheet_with(note))
    assert deal.whole_deal.wac == 5.843
    (doubt,) = provenance_of(deal.whole_deal, "wac").warnings
    assert re.fullmatch(r"corrected by the filing from 5\.84% to 5\.843% \(lines? [\d-]+\)", doubt)
    assert deal.verdict is Verdict.RECONCILED


def test_7_a_correction_of_a_class_or_pool_figure_gives_the_new_one():
    b1_old, b1_new = "1.200172400289%", "1.250172400289%"
    text = layouts.amended().replace(
        f"The class B-1 subordination level is {b1_old}.*",
        "The class B-1 "
        f"subordination level is {b1_old}.*\n\n     The class B-1 subordination level was incorrectly stated "
        f"above as\n{b1_old}; it is {b1_new}.",
    )
    text = text.replace("2004 were 6.132%, 5.486%", "2004 were 6.132%, 5.468%").replace(
        "     None of the pool I mortgage loans and the pool III",
        "     The weighted average interest rate of the pool II mortgage loans should\nread 5.486%.\n\n"
        "     None of the pool I mortgage loans and the pool III",
    )
    deal = parse(text)
    b1 = next(c for c in deal.classes if c.name == "B-1")
    assert b1.subordination_level == 1.250172400289
    (doubt,) = provenance_of(b1, "subordination_level").warnings
    assert doubt.startswith(f"corrected by the filing from {b1_old} to {b1_new} (line")
    pool_ii = next(p for p in deal.pools if p.name == "II")
    assert pool_ii.wac == 5.486
    (doubt,) = provenance_of(pool_ii, "wac").warnings
    assert doubt.startswith("corrected by the filing from 5.468% to 5.486% (line")
    assert doubt.endswith("; the statement before, 5.468% (lines 96-99), is not read")


def test_7_a_changed_from_to_in_an_amendment_gives_the_new_figure():
    # This wording was in test_7_an_amendment_telling_what_the_report_said_is_never_read_for_its_figure,
    # read as calling a figure wrong and giving none; it states the new one, which is now read and said.
    text = layouts.amended().replace(
        "The aggregate initial principal balance of the\n"
        "class B-6 certificates as of October 1, 2004 was misstated as $704,547.57 in\n"
        "that report.",
        "The aggregate initial principal balance of the class B-6 certificates as of\n"
        "October 1, 2004 is changed from $704,547.57 to $740,547.57.",
    )
    b6 = next(c for c in parse(text).classes if c.name == "B-6")
    assert b6.initial_balance == 740_547.57
    (doubt,) = provenance_of(b6, "initial_balance").warnings
    assert doubt.startswith("corrected by the filing from $704,547.57 to $740,547.57 (line")


_CORRECTION_TABLE = """\
The following figures of the Form 8-K filed on May 7, 2004 are corrected:

                                          As Originally          As
Item                                         Stated           Corrected
----                                      -------------      ---------
Weighted average interest rate               5.840%            5.843%
Weighted average remaining term (months)     357.59            357.95
Aggregate scheduled principal balance   $619,800,778.37   $619,880,778.37
"""


def _columns_swapped(table: str) -> str:
    """The table with its "As Corrected" column first."""
    lines = table.splitlines()
    lines[2] = "                                          As Corrected       As Originally"
    lines[3] = "Item                                                            Stated"
    for n in (5, 6, 7):
        label, old, new = re.split(r"\s{2,}", lines[n])
        lines[n] = f"{label:<40}{new:>15}{old:>18}"
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "table", [_CORRECTION_TABLE, _columns_swapped(_CORRECTION_TABLE)], ids=["old-first", "new-first"]
)
@pytest.mark.parametrize("amended", [True, False], ids=["8-K/A", "8-K"])
def test_7_a_correction_table_gives_the_corrected_column(table, amended):
    # Read as prose: "2 values for 1 subjects; not assigned", the body's old balance stood and the verdict was
    # "reconciled"; the WAM row's correction was not noted at all.
    deal = parse(_term_sheet_with(table.replace("\n", "\n     ", 1), amended))
    whole = deal.whole_deal
    assert (whole.aggregate_balance, whole.wac, whole.wam_months) == (619_880_778.37, 5.843, 357.95)
    assert provenance_of(whole, "wac").warnings == ("corrected by the filing from 5.840% to 5.843% (line 58)",)
    assert provenance_of(whole, "wam_months").warnings == ("corrected by the filing from 357.59 to 357.95 (line 59)",)
    assert provenance_of(whole, "aggregate_balance").warnings == (
        "corrected by the filing from $619,800,778.37 to $619,880,778.37 (line 60)",
        "stated again as 619,800,778.37 (lines 72-75); the filing's corrected figure, 619,880,778.37 (line 60), "
        "is kept",
    )
    assert not any("not assigned" in w for w in deal.warnings)
    assert deal.verdict is Verdict.FAILED  # the body and its tables still give the old balance


def test_7_a_correction_whose_new_figure_cannot_be_told_gives_none_and_says_so():
    # "amended to X and Y, respectively": which new figure is whose is not read as a correction; the pool's
    # new figure was doubted as "stated again ...; the first statement, 5.468%, is kept", as if that one were right.
    text = layouts.amended().replace("2004 were 6.132%, 5.486%", "2004 were 6.132%, 5.468%")
    text = text.replace(
        "     None of the pool I mortgage loans and the pool III",
        "     The weighted average interest rates of the pool I and pool II mortgage loans\nare amended to "
        "6.132% and 5.486%, respectively.\n\n     None of the pool I mortgage loans and the pool III",
    )
    deal = parse(text)
    pool_ii = next(p for p in deal.pools if p.name == "II")
    assert pool_ii.wac == 5.468  # the body's; the correction's figures are not read
    (doubt,) = provenance_of(pool_ii, "wac").warnings
    assert doubt.startswith("the filing says a figure for this was wrong (") and "nothing is read" in doubt
    assert not any("is kept" in w for w in deal.warnings)


_FORM_LINE = "                                    FORM 8-K\n"


@pytest.mark.parametrize(
    ("old", "new", "note"),
    [
        (_FORM_LINE, "                                  FORM 8-K / A\n", "Form 8-K/A"),
        (_FORM_LINE, "                                   FORM 8-KA\n", "Form 8-K/A"),
        (_FORM_LINE, "                                 FORM 8-K (A)\n", "Form 8-K/A"),
        (_FORM_LINE, f"{_FORM_LINE}\n                               AMENDMENT NO. ONE\n", "Amendment No. 1"),
        (_FORM_LINE, f"{_FORM_LINE}\n                             (Amendment Number 1)\n", "Amendment No. 1"),
        (_FORM_LINE, f"{_FORM_LINE}\n                              (Second Amendment)\n", "Amendment No. 2"),
        ("CURRENT REPORT\n", "AMENDED CURRENT REPORT\n", "amended current report"),
        (
            _TERM_SHEET_ITEM,
            f"{_TERM_SHEET_ITEM}\n     This Current Report on Form 8-K/A amends the Current Report on Form 8-K\n"
            "filed by CMSI on May 7, 2004.\n",
            "Form 8-K/A",
        ),
    ],
)
def test_7_an_amendment_said_in_other_words_is_recognised(old, new, note):
    # Each was taken for an ordinary 8-K: no banner, and "In the Form 8-K, ..." read as this filing's figure.
    assert layouts.TERM_SHEET.count(old) == 1
    quoted = "In the Form 8-K, the weighted average interest rate on the mortgage loans\nwas 5.84%."
    deal = parse(layouts.TERM_SHEET.replace(old, new).replace(_TERM_SHEET_ITEM, f"{_TERM_SHEET_ITEM}\n     {quoted}\n"))
    assert deal.amendment and deal.amendment_note == note
    assert deal.warnings[0].startswith(f"this filing is an amendment ({note})")
    assert deal.whole_deal.wac == 5.843
    assert not any("stated again" in w for w in provenance_of(deal.whole_deal, "wac").warnings)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "Registrant's Telephone Number",
            "Pooling and Servicing Agreement, as amended by Amendment No. 1 thereto, dated as of May 1, 2004\n\n"
            "Registrant's Telephone Number",
        ),
        (
            "Information below is provided",
            "The Pooling and Servicing Agreement is amended by this Amendment No. 1 to\nthe Pooling and Servicing "
            "Agreement. Information below is provided",
        ),
    ],
)
def test_7_another_documents_amendment_does_not_make_the_filing_one(old, new):
    assert layouts.TERM_SHEET.count(old) == 1
    deal = parse(layouts.TERM_SHEET.replace(old, new))
    assert not deal.amendment and deal.amendment_note is None
    assert not any("amendment" in w for w in deal.warnings)


# --- 8. split senior classes ---------------------------------------------------------------------


def test_8_split_senior_classes_are_checked_against_the_subordinate_classes():
    deal = parse(layouts.split_seniors())
    assert [c.name for c in deal.classes] == [
        "IA-1",
        "IIA-1",
        "IIIA-1",
        "A-PO",
        "B-1",
        "B-2",
        "B-3",
        "B-4",
        "B-5",
        "B-6",
    ]
    levels = {c.subject: c for c in deal.checks if "subordination" in c.name}
    assert set(levels) == {f"class {n}" for n in ("IA-1", "IIA-1", "IIIA-1", "A-PO", "B-1", "B-2", "B-3", "B-4", "B-5")}
    assert all(c.passed for c in deal.checks)
    assert levels["class IIA-1"].actual == pytest.approx(2.450067623897, abs=1e-9)


def test_8_a_wrong_level_still_fails_and_cites_both_sides():
    text = layouts.split_seniors().replace(
        "class IIA-1 subordination level is 2.450067623897%", "class IIA-1 subordination level is 2.317%"
    )
    deal = parse(text)
    (failed,) = [c for c in deal.checks if not c.passed]
    assert failed.subject == "class IIA-1" and failed.expected == 2.317
    lines = text.split("\n")
    assert "2.317%" in lines[failed.expected_lines[0] - 1]
    cited = " ".join(lines[n - 1] for n in failed.actual_lines)
    assert "$6,170,000.00" in cited and "$740,547.57" in cited and "$493,641,377.57" in cited


def test_8_a_level_stated_rounded_is_checked_to_the_precision_it_is_stated_with():
    # "2.45%" for 2.450067623897% failed against a tolerance of 0.000001 pp, and printed as "2.4500%":
    # a false alarm on a correct figure, and a precision the filing does not give.
    deal = parse(layouts.DETAILED.replace("is 2.450067623897%.*", "is 2.45%.*"), "rounded.txt")
    a = next(c for c in deal.classes if c.name == "A")
    (level,) = [c for c in deal.checks if c.subject == "class A" and "subordination" in c.name]
    assert (a.subordination_level, level.passed, level.tolerance) == (2.45, True, pytest.approx(0.005))
    assert all(c.passed for c in deal.checks)
    summary = summarise(deal)
    shown = [plain_text(summary), render_html(summary, {}), deal_summary(deal)]
    assert all("2.45%" in part and "2.4500%" not in part for part in shown)
    (row,) = deal_long_table(deal, summary).query("section == 'class' and bucket == 'A'").as_printed
    assert row == "2.45%"


def test_8_a_level_stated_rounded_still_fails_beyond_half_a_unit_of_its_last_decimal():
    deal = parse(layouts.DETAILED.replace("is 2.450067623897%.*", "is 2.44%.*"), "rounded.txt")
    (failed,) = [c for c in deal.checks if not c.passed]
    assert (failed.subject, failed.expected, failed.tolerance) == ("class A", 2.44, pytest.approx(0.005))


# --- 9. nothing checked is not a pass ------------------------------------------------------------


def test_9_a_truncated_filing_is_not_verifiable_never_passed(capsys):
    text = layouts.TERM_SHEET[: layouts.TERM_SHEET.index("     On May 27, 2004")]
    deal = parse(text)
    assert deal.checks == () and deal.verdict is Verdict.NOT_VERIFIABLE and deal.checks_passed is False
    assert deal.verdict_reason == (
        "not verifiable: the filing states no pool figures to reconcile; its text is cut off before the signature block"
    )
    data = deal_to_dict(deal)
    assert (data["checks_passed"], data["verdict"]) == (False, "not_verifiable")
    jsonschema.validate(data, SCHEMA)
    assert "Verdict: NOT VERIFIABLE (the filing states no pool figures" in deal_summary(deal)


def test_9_the_samples_are_reconciled(term_sheet, detailed):
    assert (term_sheet.verdict, detailed.verdict) == (Verdict.RECONCILED, Verdict.RECONCILED)
    assert term_sheet.checks_passed and detailed.checks_passed


# --- 10. only positive evidence makes a filing ----------------------------------------------------


def test_10_the_projects_readme_is_refused(capsys):
    assert main(["parse", str(REPO / "README.md")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "README.md: not a mortgage pool description" in err[0]


def test_10_a_text_that_only_mentions_cmsi_and_its_filings_is_refused():
    text = (
        "Notes on Citicorp Mortgage Securities (CMSI) collateral term sheets and detailed descriptions.\n"
        "The subordination levels of the class balances are 80%.\n"
    )
    with pytest.raises(FilingError, match="not a mortgage pool description"):
        parse(text)


def test_10_classes_come_only_from_class_sentences():
    facts = extract_prose_facts("The class balances and their subordination levels add up to 80%.")
    assert facts.class_facts == {}


# --- 11. a truncated cover gives what it states ---------------------------------------------------


def test_11_a_description_cut_inside_its_heading_keeps_series_date_and_kind():
    deal = parse(layouts.cut_inside_heading())
    assert (deal.series, deal.date_of_report) == ("2004-8", date(2004, 10, 28))
    assert deal.kind is FilingKind.DETAILED_DESCRIPTION
    assert "the text ends inside the heading" in provenance_of(deal, "kind").warnings[0]
    jsonschema.validate(deal_to_dict(deal), SCHEMA)


def test_11_a_cover_alone_is_kind_unknown():
    deal = parse(layouts.cut_after_cover())
    assert (deal.series, deal.date_of_report, deal.kind) == ("2004-8", date(2004, 10, 28), FilingKind.UNKNOWN)
    assert "kind" in deal.missing and deal.verdict is Verdict.NOT_VERIFIABLE
    data = deal_to_dict(deal)
    assert data["kind"] == "unknown"
    jsonschema.validate(data, SCHEMA)


# --- 12. deal figures derived from the pools -----------------------------------------------------


def test_12_whole_deal_figures_are_derived_exactly_and_marked(detailed):
    whole = detailed.whole_deal
    assert whole.balance_above_80_ltv is None  # the filing does not state it: never filled in as stated
    derived = {d.field: d for d in whole.derived}
    assert derived["balance_above_80_ltv"].value == 4_912_083 + 959_086 + 2_037_940
    assert derived["balance_above_80_ltv"].derived_from == "sum of pools I, II, III"
    assert (derived["original_balance_min"].value, derived["original_balance_max"].value) == (50_000, 1_000_000)
    assert derived["latest_maturity"].value == date(2034, 10, 1)
    assert whole.figure("latest_maturity") == (date(2034, 10, 1), True)
    assert whole.figure("wac") == (5.962, False)
    assert "wac" not in derived and "largest_zip_balance" not in derived  # not exact from the pools
    data = deal_to_dict(detailed)["pools"][-1]
    assert data["balance_above_80_ltv"] is None
    assert data["derived"]["balance_above_80_ltv"] == {
        "value": 7_909_109,
        "derived": True,
        "derived_from": "sum of pools I, II, III",
        "source_lines": [111, 112, 113, 114, 115],
        "warnings": [],  # the pools' doubts about the figures it is summed from (none here): test_derive_rt
    }


def test_12_nothing_is_derived_when_the_pools_are_not_the_deal():
    text = layouts.DETAILED.replace("$80,602,219.93", "$80,602,319.93", 1)  # pools no longer add up
    deal = parse(text)
    assert deal.verdict is Verdict.FAILED and deal.whole_deal.derived == ()


# --- provenance and doubt ------------------------------------------------------------------------


@pytest.mark.parametrize("text", [layouts.TERM_SHEET, layouts.DETAILED], ids=["2004-3", "2004-8"])
def test_every_row_and_figure_cites_the_lines_it_was_read_from(text):
    deal = parse(text)
    assert_rows_cite_their_lines(deal, text)
    assert_pool_facts_cite_their_lines(deal, text)
    for check in deal.checks:
        assert check.expected_lines and check.actual_lines, check


def test_a_failed_table_check_cites_the_total_and_the_rows():
    text = layouts.TERM_SHEET.replace(
        "Townhouses                           25", "Townhouses                           26"
    )
    deal = parse(text)
    (failed,) = [c for c in deal.checks if not c.passed]
    lines = text.split("\n")
    assert lines[failed.expected_lines[0] - 1].startswith("Total")
    assert any(lines[n - 1].startswith("Townhouses") for n in failed.actual_lines)
    assert "FAILED table rows add up to the total loan count" in deal_summary(deal)
    assert f"(line {failed.expected_lines[0]})" in deal_summary(deal)


def test_a_list_shorter_than_its_subjects_leaves_each_figure_empty_and_says_why():
    text = layouts.DETAILED.replace("6.132%, 5.486%, 5.716% and 5.962%", "6.132%, 5.486% and 5.962%")
    deal = parse(text)
    for pool in deal.pools:
        assert pool.wac is None
        assert provenance_of(pool, "wac").warnings == ("3 values for 4 subjects; not assigned",)
    assert "wac: 3 values for 4 subjects; not assigned" in deal.warnings


def test_a_figure_stated_twice_differently_keeps_the_first_and_says_so():
    text = layouts.TERM_SHEET.replace(
        "maturity of the mortgage loans as of May 1, 2004 was 359.54 months.",
        "maturity of the mortgage loans as of May 1, 2004 was 359.54 months. The weighted\n"
        "average interest rate of the mortgage loans as of May 1, 2004 was 5.900%.",
    )
    deal = parse(text)
    assert deal.whole_deal.wac == 5.843
    (warning,) = provenance_of(deal.whole_deal, "wac").warnings
    assert warning.startswith("stated again as 5.9 (line") and "the first statement, 5.843" in warning


def test_4_a_page_break_in_prose_set_in_capitals_keeps_the_lines_after_it():
    # In prose set all in capitals, each short line after the break was taken for a page's head:
    # nine lines vanished, and with them the remaining terms and the origination window, unsaid.
    start = layouts.DETAILED.index("     The total numbers of the pool I mortgage loans")
    end = layouts.DETAILED.index("\n\n", start)
    lines = textwrap.wrap(" ".join(layouts.DETAILED[start:end].upper().split()), 66)  # short lines, as a head's
    cut = next(i for i, line in enumerate(lines) if line.endswith("AS OF")) + 1
    paragraph = "\n".join([*lines[:cut], "<PAGE>", *lines[cut:]])
    text = layouts.DETAILED[:start] + "     " + paragraph + layouts.DETAILED[end:]
    assert "AS OF\n<PAGE>\n" in text and all(len(line) <= 66 for line in lines)
    deal, sample = parse(text), parse_sample(layouts.DETAILED)
    for field in ("wam_months", "originated_not_before", "originated_not_after", "latest_maturity"):
        assert [getattr(p, field) for p in deal.pools] == [getattr(p, field) for p in sample.pools], field


def _prose_paragraphs(text: str) -> list[tuple[int, int]]:
    """The item's paragraphs of prose (0-based first line, line after the last): not a table's lines."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("Item"))
    end = next(i for i, line in enumerate(lines) if line.strip() == "SIGNATURES")
    found, first = [], None
    for i in range(start + 1, end + 1):
        if first is None and lines[i].strip() and "<PAGE>" not in lines[i]:
            first = i
        elif first is not None and (not lines[i].strip() or "<PAGE>" in lines[i]):
            block = [re.sub(r"^\s*\d\.\s+", "", line).strip() for line in lines[first:i]]  # "1.   the numbers"
            if sum(map(len, block)) >= 40 and not any(re.search(r"\S {3,}\S", line) for line in block):
                found.append((first, i))
            first = None
    return found


def _in_capitals(text: str, first: int, last: int) -> str:
    lines = text.split("\n")
    return "\n".join(line.upper() if first <= i < last else line for i, line in enumerate(lines))


def _facts_in_any_case(value):
    if isinstance(value, dict):
        return {k: _facts_in_any_case(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_facts_in_any_case(v) for v in value]
    return value.lower() if isinstance(value, str) else value


@pytest.mark.parametrize(
    "sample, first, last",
    [
        *(("2004-3", first, last) for first, last in _prose_paragraphs(layouts.TERM_SHEET)),
        *(("2004-8", first, last) for first, last in _prose_paragraphs(layouts.DETAILED)),
    ],
)
def test_4_a_paragraph_set_in_capitals_reads_as_it_does_in_small_letters(sample, first, last):
    # Set in capitals, the paragraph naming the trustee and the paying agent lost both (called not stated),
    # and two paragraphs of figures were each taken for a table's title over rows of figures: "the table
    # 'THE TOTAL NUMBERS OF THE POOL I MORTGAGE LOANS, ...' could not be read", a check that could not run.
    text = layouts.TERM_SHEET if sample == "2004-3" else layouts.DETAILED
    deal = parse(_in_capitals(text, first, last))
    assert _facts_in_any_case(deal_facts(deal)) == _facts_in_any_case(deal_facts(parse_sample(text)))


def test_4_the_parties_named_in_capitals_are_read_from_their_own_words():
    # "... WILL BE MADE BY CITIBANK, N.A., AS PAYING AGENT": the words before the name are in capitals too,
    # and no part of it ("ON THE CERTIFICATES WILL BE MADE BY CITIBANK, N.A.").
    lines = layouts.DETAILED.split("\n")
    first, last = next(
        p for p in _prose_paragraphs(layouts.DETAILED) if "as paying agent" in " ".join(lines[slice(*p)])
    )
    assert "to the Trustee, U.S. Bank" in " ".join(lines[first:last])
    deal, sample = parse(_in_capitals(layouts.DETAILED, first, last)), parse_sample(layouts.DETAILED)
    assert (deal.trustee, deal.paying_agent) == ("U.S. BANK NATIONAL ASSOCIATION", "CITIBANK, N.A.")
    for field in ("trustee", "paying_agent"):
        assert provenance_of(deal, field).source_lines == provenance_of(sample, field).source_lines


@pytest.mark.parametrize(
    "foot",
    [
        "                        Citicorp Mortgage Securities, Inc.",  # a foot with no page number
        "                           CMSI REMIC Series 2004-8",  # a foot with no stop
        "(1) Terms used herein and not otherwise defined have the meanings assigned\n"
        "    thereto in the Prospectus.",  # a footnote with no rule above it
    ],
    ids=["foot ending in a stop", "foot with no stop", "footnote with no rule"],
)
def test_4_a_sentence_cut_by_a_foot_the_parser_does_not_know_gives_no_pool_its_rest(foot):
    # "None of the pool II mortgage" / foot / page / "loans have a scheduled maturity later than October 1,
    # 2019": the rest, naming no pool, was read as the whole deal's latest maturity, unsaid.
    text = layouts.DETAILED.replace(
        "later than October 1, 2034. None of the pool II mortgage\nloans have",
        f"later than October 1, 2034. None of the pool II mortgage\n\n{foot}\n<PAGE>\n\nloans have",
    )
    assert f"\n{foot}\n<PAGE>\n" in text
    deal = parse(text)
    assert deal.pool("all").latest_maturity is None and deal.pool("II").latest_maturity is None
    assert any(w.startswith("the text at line") and "could not join" in w for w in deal.warnings)


def test_4_a_list_items_last_line_of_figures_after_a_page_head_is_no_head():
    text = layouts.DETAILED.replace(
        "     2.   the aggregate scheduled principal balances of such pool I mortgage\n"
        "          loans and pool II mortgage loans are $660,000 and $1,292,268,\n",
        "     2.   the aggregate scheduled principal balances of such pool I mortgage\n"
        "          loans and pool II mortgage loans are, respectively,\n\n                                     7\n"
        "<PAGE>\n                              CMSI 2004-8\n"
        "          $660,000 And $1,292,268\n",
    )
    assert "$660,000 And" in text
    assert [p.additional_collateral.balance for p in parse(text).pools[:2]] == [660_000.0, 1_292_268.0]


@pytest.mark.parametrize(
    "old, new",
    [
        (
            "determined by CitiMortgage, Inc. to\nbe the primary residence",
            "determined by CitiMortgage, Inc.\n<PAGE>\n\nto be the primary residence",
        ),
        (
            "determined by CitiMortgage, Inc. to\nbe the primary residence",
            "determined by CitiMortgage, Inc.\n<PAGE>\nto be the primary residence",
        ),
        (
            "None of the pool II mortgage\nloans have a scheduled maturity later than October 1, 2019.",
            "As to the pool II mortgage loans:\n<PAGE>\n\nnone of them have a scheduled maturity later than October 1, 2019.",
        ),
    ],
    ids=["a line ending in Inc.", "a line ending in Inc., no blank line", "a line ending in a colon"],
)
def test_4_lower_case_text_after_a_line_that_may_go_on_is_still_its_sentence(old, new):
    # After "..., Inc." or "...:" a sentence may go on: the text after the page is read with it, as before.
    assert layouts.DETAILED.count(old) == 1
    deal, sample = parse(layouts.DETAILED.replace(old, new)), parse_sample(layouts.DETAILED)
    for field in ("primary_residence_min_pct", "latest_maturity"):
        assert [getattr(p, field) for p in deal.pools] == [getattr(p, field) for p in sample.pools], field


def test_a_signature_block_headed_in_title_case_is_no_truncated_text():
    # "Signatures", as a word processor sets it: the text was said to end before the signature block.
    text = layouts.TERM_SHEET.replace(
        "\n                                   SIGNATURES\n", "\n                                   Signatures\n"
    )
    assert "SIGNATURES" not in text
    deal = parse(text)
    assert not deal.truncated and deal.missing == parse_sample(layouts.TERM_SHEET).missing == ()
    cut = parse(layouts.TERM_SHEET.split("                                   SIGNATURES")[0])
    assert cut.truncated  # a guard: the text cut off before it still says so
