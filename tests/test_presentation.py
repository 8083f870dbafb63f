"""How the summary presents what the filing states: limits as limits in the filing's precision,
the eligibility facts, the capital structure in the email, cumulative shares only down ordered
ranges, chart labels that stay distinct, and data-quality headings a reader understands."""

from __future__ import annotations

import math
import re
from email import message_from_bytes
from email.policy import default

import pytest
from reading import pdf_pages, pdf_text

from reporting import formatting as fmt
from reporting.derive.summary import is_ordered, subject_heading, summarise
from reporting.model.deal import Deal, TableRow
from reporting.present.charts import tick_labels


@pytest.fixture(scope="module")
def outputs(sample_reports) -> dict[str, dict[str, object]]:
    result = {}
    for key, series in (("term_sheet", "2004-3"), ("detailed", "2004-8")):
        paths = sample_reports.summary(series)  # pdf, html and email, rendered once per run
        message = message_from_bytes(paths["summary.eml"].read_bytes(), policy=default)
        result[key] = {
            "pdf": " ".join(pdf_text(paths["summary.pdf"]).split()),
            "html": paths["summary.html"].read_text(encoding="utf-8"),
            "email_html": message.get_body(preferencelist=("html",)).get_content(),
            "email_text": message.get_body(preferencelist=("plain",)).get_content(),
        }
    return result


# --- limits in the filing's own terms -------------------------------------------------------


def test_bounds_are_written_as_bounds_in_the_filings_precision():
    assert fmt.at_least(98.0) == "\u2265 98%"
    assert fmt.at_least(100.0) == "100%"  # at least all of it is all of it
    assert fmt.at_most(6.0) == "\u2264 6%"
    assert fmt.at_most(0.0) == "None"  # "no more than 0%": the filing says none
    assert fmt.at_most(0.0) == fmt.figure(0.0, "share", "no_more_than")
    assert fmt.stated_percent(64.5) == "64.5%"
    assert fmt.figure(7749519.0, "dollars", "no_more_than") == "\u2264 $7,749,519"
    assert fmt.figure((54500.0, 1000000.0), "dollars") == "$54,500 - $1,000,000"
    assert fmt.figure((30.0, 30.0), "years") == "30 years"
    assert fmt.figure((None, 30.0), "years") == "\u2264 30 years"
    assert fmt.figure(None, "years") == fmt.MISSING


def test_term_sheet_pdf_shows_the_zip_limit_as_a_limit(outputs, term_sheet: Deal):
    pdf = outputs["term_sheet"]["pdf"]
    pool = term_sheet.whole_deal
    assert pool.largest_zip_balance == 7749519.0
    assert "Largest zip code exposure \u2264 $7,749,519" in pdf
    share = pool.largest_zip_balance / pool.aggregate_balance * 100  # 1.2503%: a bound, so rounded up, never down
    assert f"Largest zip code share \u2264 {math.ceil(share * 100) / 100:.2f}%" in pdf
    assert "Largest zip code share \u2264 1.26%" in pdf and "1.25%" not in pdf
    assert "Primary residence \u2265 98%" in pdf and "98.00%" not in pdf
    assert "WA LTV at origination 64.5%" in pdf
    assert "No income verification \u2264 6%" in pdf


def test_detailed_pdf_writes_all_and_none_plainly(outputs, detailed: Deal):
    pdf = outputs["detailed"]["pdf"]
    assert detailed.pool("III").primary_residence_min_pct == 100.0
    assert "Primary residence \u2265 95% \u2265 88% 100% \u2265 95%" in pdf
    # Pool III: "no more than 0%" of no-asset-verification and streamlined loans.
    assert re.search(r"Refinance, no asset verification \u2264 30% \u2264 50% None \u2264 28%", pdf)
    assert "\u2265 100%" not in pdf and "\u2264 0%" not in pdf


# --- eligibility and limits -----------------------------------------------------------------


def test_term_sheet_states_its_eligibility_limits(outputs, term_sheet: Deal):
    pool = term_sheet.whole_deal
    for document in (outputs["term_sheet"]["pdf"], outputs["term_sheet"]["html"]):
        assert "Eligibility and limits" in document
    pdf = outputs["term_sheet"]["pdf"]
    assert "Original balance $54,500 - $1,000,000" in pdf
    assert "Original term 20 - 30 years" in pdf
    assert f"Originated not before {fmt.long_date(pool.originated_not_before)}" in pdf
    assert "Originated not before February 1, 2003" in pdf
    assert "Originated not after May 1, 2004" in pdf
    assert "Latest maturity May 1, 2034" in pdf
    assert "Maximum LTV at origination \u2264 95%" in pdf
    assert f"Balance above 80% LTV {fmt.dollars(pool.balance_above_80_ltv)}" in pdf
    assert "Balance above 80% LTV $5,368,851" in pdf
    # The model does not hold the insurance sentence, so the report does not claim it.
    assert "mortgage insurance" not in pdf


def test_eligibility_has_a_column_per_pool_and_only_rows_some_pool_states(detailed: Deal):
    summary = summarise(detailed)
    rows = {limit.label: limit for limit in summary.limits}
    # The whole deal's range is not stated: it is derived from the pools (issue 12), and marked so.
    assert rows["Original balance"].values == (
        (50000.0, 1000000.0),
        (99400.0, 1000000.0),
        (333700.0, 1000000.0),
        (50000.0, 1000000.0),
    )
    assert [note.derived_from for note in rows["Original balance"].notes] == [
        None,
        None,
        None,
        "least of pools I, II, III; greatest of pools I, II, III",
    ]
    assert fmt.figure(rows["Original term"].values[1], "years") == "12 - 15 years"
    assert all(len(limit.values) == len(summary.pools) for limit in summary.limits)
    assert all(any(v is not None for v in limit.values) for limit in summary.limits)


# --- the email's capital structure and footer ------------------------------------------------


def test_detailed_email_shows_the_capital_structure(outputs, detailed: Deal):
    b3 = next(c for c in detailed.classes if c.name == "B-3")
    a = next(c for c in detailed.classes if c.name == "A")
    assert (b3.initial_balance, round(a.subordination_level, 2)) == (1234000.0, 2.45)
    for part in ("email_html", "email_text"):
        body = outputs["detailed"][part]
        assert "Capital structure" in body or "CAPITAL STRUCTURE" in body
        assert "B-3" in body and "$1,234,000" in body and "2.4501%" in body  # the report's precision
    assert re.search(r"^B-3\s+\$1,234,000\.00\s+0\.250%\s+0\.4500%$", outputs["detailed"]["email_text"], re.M)


def test_email_footer_names_only_what_the_pdf_holds(outputs):
    detailed, term_sheet = outputs["detailed"]["email_html"], outputs["term_sheet"]["email_html"]
    assert "stratification tables" not in detailed and "FICO" not in detailed.split("Charts")[-1]
    # The detailed email shows the classes' chart itself, so its footer does not send the reader to the PDF for it
    # (test_email.py: the footer names that chart when the email leaves it out).
    assert "Certificate classes" in detailed and "capital structure chart" not in detailed
    assert "the stratification tables" in term_sheet and "capital structure" not in term_sheet.lower()


# --- cumulative shares only down ordered ranges ------------------------------------------------


def test_only_ranges_and_years_are_ordered(term_sheet: Deal):
    ordered = {summary.kind: summary.ordered for summary in summarise(term_sheet).tables}
    assert ordered == {
        "origination_year": True,
        "dwelling": False,
        "units": False,
        "loan_size": True,
        "note_rate": True,
        "ltv": True,
        "geography": False,
    }
    assert not is_ordered([TableRow("2004", 1, 1.0), TableRow("2003", 1, 1.0)])  # out of order
    assert not is_ordered([])


def test_state_table_has_no_cumulative_column(outputs, term_sheet: Deal):
    summary = summarise(term_sheet)
    html = outputs["term_sheet"]["html"]
    sections = {t.kind: html.split(f'id="{t.anchor}"', 1)[1].split("</section>", 1)[0] for t in summary.tables}
    for kind in ("geography", "dwelling", "units"):
        assert "Cumulative %" not in sections[kind]
    for kind in ("ltv", "loan_size", "note_rate", "origination_year"):
        assert "Cumulative %" in sections[kind]
    geography = next(t for t in summary.tables if t.kind == "geography")
    assert all(row.cumulative is None for row in geography.rows)


# --- chart labels -------------------------------------------------------------------------------


def test_distinct_long_labels_never_share_a_tick(term_sheet: Deal):
    dwelling = next(t for t in term_sheet.tables if "DWELLINGS" in t.title and "UNITS" not in t.title)
    labels = [r.label for r in dwelling.rows]
    assert "Condominium Units (one to four stories high)" in labels
    ticks = tick_labels(labels)
    assert len(set(ticks)) == len(set(labels))
    assert all(len(line) <= 28 for tick in ticks for line in tick.split("\n"))
    middle = ["A very long bucket label with alpha in the middle and the same end text"]
    middle.append(middle[0].replace("alpha", "omega"))
    assert len(set(tick_labels(middle))) == 2


# --- data-quality headings ----------------------------------------------------------------------


def test_check_groups_are_headed_as_a_reader_names_them(outputs):
    assert subject_heading("pool all") == "All loans"
    assert subject_heading("pool I") == "Pool I"
    assert subject_heading("SIZE OF MORTGAGE LOANS") == "Size of Mortgage Loans"
    html = outputs["detailed"]["html"]
    headings = re.findall(r"<dt>([^<:]*): \d+ passed</dt>", html)
    assert {"Pool I", "Pool II", "Pool III"} <= set(headings)
    assert not any(h.lower().startswith("pool ") and h[5:6].islower() for h in headings)
    assert "All loans" in re.findall(r"<dt>([^<:]*): \d+ passed</dt>", outputs["term_sheet"]["html"])


def test_the_district_of_columbia_is_not_counted_as_a_state(term_sheet: Deal):
    from reporting.derive.summary import summarise

    # 2004-3's state table has 39 rows, one of them the District of Columbia.
    assert summarise(term_sheet).geography.with_loans == "38 states and DC"


def test_the_passed_checks_lines_start_at_one_margin(sample_reports):
    # An outside look: in the data quality's list of passed checks, every line but the first began a space
    # in (the white space between one line's <dd> and the next <dt>).
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(sample_reports.summary("2004-3")["summary.pdf"])
    page = next(p for p in document if "reconciliation checks passed" in p.get_textpage().get_text_range())
    text = page.get_textpage()
    said = text.get_text_range()
    starts = [
        round(text.get_charbox(said.index(heading))[0], 1)
        for heading in ("Years of Origination of Mortgage Loans: 4 passed", "Types of Dwellings", "All loans: 3 passed")
    ]
    assert max(starts) - min(starts) < 1, starts  # points


def _thicker_subordinates(text: str) -> str:
    """The 2004-8 filing with $10,000,000 moved from class A to class B-1 (class A's subordination level with it):
    the subordinate classes, 4.48% of the deal together, are labelled in the whole deal's stack (4% of it or more),
    not only in the zoom."""
    edits = {
        "October 1, 2004 was $481,546,830.00.": "October 1, 2004 was $471,546,830.00.",
        "October 1, 2004 was $6,170,000.00.": "October 1, 2004 was $16,170,000.00.",
        "class A subordination level is 2.450067623897%.": "class A subordination level is 4.475829736713%.",
    }
    for old, new in edits.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def _class_rows(html: str) -> dict[str, list[str]]:
    """The HTML summary's class table: each class's cells' text, by its name."""
    section = html[html.index('<section class="capital"') :]
    table = section[: section.index("</table>")]
    return {
        name: [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)]
        for name, cells in re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', table, re.S)
    }


@pytest.mark.parametrize(
    ("edit", "labelled"),
    [
        (None, ["A  97.550%", "B-1  1.250%", "B-6  0.150%"]),
        (_thicker_subordinates, ["A  95.524%", "B-1 to B-6", "B-1  3.276%", "B-4  0.200%"]),
    ],
)
def test_every_figure_the_capital_chart_writes_is_in_the_class_table_beside_it(detailed_path, edit, labelled):
    """On a 390 px phone the HTML summary's capital chart writes its labels about 6 px high: the class table above it
    gives each of them legibly, each class's share as the table writes it (A 97.550%, never 97.55% beside it). The
    subordinate classes together ("B-1 to B-6", 4.48%) are named only: that sum is in no table."""
    from reporting.pipeline import load_filing
    from reporting.present.charts import capital_figure
    from reporting.present.summary_page import render_html
    from reporting.read.ingest import ingest_bytes

    text = detailed_path.read_text()
    summary = summarise(load_filing(ingest_bytes((edit(text) if edit else text).encode(), "classes.txt")))
    written = [label.get_text() for axes in capital_figure(summary.capital).axes for label in axes.texts]
    rows = _class_rows(render_html(summary, {}, generated_at=None))
    assert not summary.capital.failed and not any(c.failed for c in summary.capital.classes)  # the filing adds up
    assert set(labelled) <= set(written), written
    for label in written:
        name, *share = label.split("  ")
        if share:
            assert rows[name][1] == share[0], (label, rows.get(name))  # the "% of deal" column
        else:
            first, last = name.split(" to ")
            assert first in rows and last in rows


def test_a_derived_note_in_the_pdfs_all_loans_column_keeps_its_pools_together(sample_reports):
    """2004-8's first page: a figure the filing states only per pool says so under it in the narrow "All loans"
    column ("derived, not stated: latest of pools I, II, III"). It ran to three lines, "III" alone on the last; now
    the list of pools is whole on one line, and each note two lines at most."""
    pdf = sample_reports.summary("2004-8")["summary.pdf"]
    first = [" ".join(line.split()) for line in pdf_pages(pdf)[0].splitlines()]
    starts = [i for i, line in enumerate(first) if line.startswith("derived, not stated:")]
    notes = [first[i] if first[i].endswith("III") else f"{first[i]} {first[i + 1]}" for i in starts]
    assert notes == [
        "derived, not stated: sum of pools I, II, III",  # the balance above 80% LTV, a key metric
        "derived, not stated: Balance above 80% LTV: sum of pools I, II, III",  # its share of the balance
        "derived, not stated: least of pools I, II, III; greatest of pools I, II, III",
        "derived, not stated: earliest of pools I, II, III",
        "derived, not stated: latest of pools I, II, III",
        "derived, not stated: latest of pools I, II, III",
    ]
    assert all(line.count("pools") == line.count("pools I, II, III") for line in first)  # never broken inside
    assert not [line for line in first if line in ("III", "II, III", "I, II, III")]


@pytest.mark.parametrize("series", ["2004-3", "2004-8"])
def test_the_balance_above_80_ltv_is_a_key_metric_not_a_limit_for_every_loan(sample_reports, series):
    """ "Balance above 80% LTV" is the pool's dollars over 80% LTV ($5,368,851 in 2004-3), not a bound each loan
    meets: it stood under "Eligibility and limits, as the filing states them for every loan". It is a key metric,
    beside its share of the balance."""
    html = sample_reports.summary(series)["summary.html"].read_text(encoding="utf-8")
    limits = re.search(r'<(?:table|tbody) class="(?:metrics )?limits">(.*?)</(?:table|tbody)>', html, re.S)
    assert limits and "Maximum LTV at origination" in limits.group(1)
    row = '<th scope="row">Balance above 80% LTV'
    assert row not in limits.group(1)
    key_metrics = html[html.index('id="key-metrics"') : limits.start()]
    assert key_metrics.count(row) == 1
    assert key_metrics.index(row) < key_metrics.index('<th scope="row">Loans above 80% LTV')
