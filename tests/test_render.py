"""The rendered collateral summary: real figures in the PDF, a self-contained HTML,
deterministic charts, no empty sections, and failed checks shown beside their figure."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
from markupsafe import escape
from reading import pdf_metadata, pdf_page_sizes, pdf_pages, pdf_text, tags_of
from shared_renders import FIXED_TIME

from reporting import formatting as fmt
from reporting.deliver.write import render_deal
from reporting.derive.summary import summarise
from reporting.derive.wording import subject_heading
from reporting.model.deal import Deal
from reporting.present.charts import draw_charts
from reporting.present.pdf import chart_fetcher
from reporting.present.summary_page import render_html
from reporting.validate.reconcile import validate


@pytest.fixture(scope="module")
def rendered(sample_reports) -> dict[str, dict[str, Path]]:
    """Each sample's summary PDF and HTML, as render_deal writes them (rendered once per run)."""
    files = {}
    for key, series in (("term_sheet", "2004-3"), ("detailed", "2004-8")):
        written = sample_reports.summary(series)
        files[key] = {"pdf": written["summary.pdf"], "html": written["summary.html"]}
    return files


@pytest.fixture(scope="module")
def report_charts(term_sheet: Deal):
    """2004-3's summary and the charts the report (PDF and HTML) draws for it."""
    summary = summarise(term_sheet)
    return summary, draw_charts(summary, "svg-text")


# --- files and names ----------------------------------------------------------------


def test_one_folder_per_deal_named_from_the_series(rendered):
    assert rendered["term_sheet"]["pdf"].name == "cmsi-2004-3-summary.pdf"
    assert rendered["term_sheet"]["pdf"].parent.name == "cmsi-2004-3"
    assert rendered["detailed"]["html"].name == "cmsi-2004-8-summary.html"


# --- PDF ------------------------------------------------------------------------------


def test_one_pool_pdf_is_four_to_six_letter_pages(rendered):
    sizes = pdf_page_sizes(rendered["term_sheet"]["pdf"])
    assert 4 <= len(sizes) <= 6
    assert sizes[0] == (612, 792)  # US Letter in points


def test_pdf_holds_the_filings_key_figures(rendered, term_sheet: Deal, term_sheet_path: Path):
    filing = term_sheet_path.read_text()
    text = pdf_text(rendered["term_sheet"]["pdf"])
    pool = term_sheet.whole_deal
    balance, wac = fmt.dollars(pool.aggregate_balance), fmt.rate(pool.wac)
    # The figures are the filing's own, not something the report made up.
    assert balance == "$619,800,778" and balance in filing
    assert wac == "5.843%" and wac in filing
    for figure in (balance, wac, fmt.count(pool.loan_count), fmt.months(pool.wam_months), "47.91%"):
        assert figure in text
    california = next(r for t in term_sheet.tables for r in t.rows if r.label == "California")
    assert fmt.dollars(california.balance) in text


def test_pdf_has_running_header_footer_and_metadata(rendered):
    pages = pdf_pages(rendered["term_sheet"]["pdf"])
    last = pages[-1]
    assert f"page {len(pages)} of {len(pages)}" in last
    assert "cmsi-2004-3-collateral-term-sheet.txt" in last
    assert "CMSI 2004-3" in pages[1]
    meta = pdf_metadata(rendered["term_sheet"]["pdf"])
    assert meta["Title"] == "CMSI 2004-3 collateral summary"
    assert "Collateral term sheet" in meta["Subject"]
    assert meta["Creator"].startswith("termsheet ")


@pytest.mark.parametrize("deal", ["term_sheet", "detailed"])
def test_the_source_reference_ends_the_notes_on_their_page_never_alone(rendered, deal):
    # 2004-3's last page held only the "Source" paragraph, a few lines under the running header: the notes above
    # it filled the page before.
    pages = [" ".join(page.split()) for page in pdf_pages(rendered[deal]["pdf"])]
    (holding,) = [page for page in pages if "SHA-256" in page and "Figures are as the filing states them" in page]
    assert "Notes and source" in holding and holding == pages[-1]
    if "Underwriting policies in the filing's words" in " ".join(pages):
        assert "Underwriting policies in the filing's words" in holding


def test_multi_pool_pdf_shows_pools_side_by_side_and_classes(rendered, detailed: Deal):
    assert 2 <= len(pdf_page_sizes(rendered["detailed"]["pdf"])) <= 5
    text = pdf_text(rendered["detailed"]["pdf"])
    for label in ("Pool I", "Pool II", "Pool III", "All loans", "Capital structure"):
        assert label in text
    for pool in detailed.pools:
        assert fmt.rate(pool.wac) in text
    assert fmt.dollars(detailed.classes[0].initial_balance, cents=True) in text  # $481,546,830.00
    assert "2.4501%" in text  # class A subordination, stated 2.450067623897%


def test_a4_paper(sample_reports):
    pdf = sample_reports.summary("2004-8", "a4")["summary.pdf"]  # render_deal(paper="a4"), once per run
    assert pdf_page_sizes(pdf)[0] == (595, 842)


# --- HTML -----------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["term_sheet", "detailed"])
def test_html_is_self_contained_and_accessible(rendered, key):
    html = rendered[key]["html"].read_text()
    assert not re.search(r"https?:|file:", html, re.I)
    tags = tags_of(html)
    assert ("html", {"lang": "en"}) in tags
    images = [attrs for tag, attrs in tags if tag == "img"]
    assert images, "the summary has charts"
    for attrs in images:
        assert attrs.get("alt", "").strip()
        assert attrs["src"].startswith("data:image/")
    assert any(tag == "th" and attrs.get("scope") == "col" for tag, attrs in tags)
    assert "<style>" in html and "<link" not in html and "<script" not in html


def test_filing_text_never_becomes_markup(tmp_path, detailed: Deal):
    evil = "<script>alert(1)</script><img src=http://x>"
    deal = dataclasses.replace(detailed, series="../../" + evil, trustee=evil)
    (html_path,) = render_deal(deal, tmp_path, formats=("html",), generated_at=FIXED_TIME)
    assert html_path.resolve().is_relative_to(tmp_path.resolve())
    html = html_path.read_text()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "http://x" not in html.replace("&lt;img src=http://x&gt;", "")


def test_pdf_fetcher_refuses_everything_but_our_charts_and_data(report_charts):
    _, charts = report_charts
    fetcher = chart_fetcher(charts)
    refused = (
        "file:///etc/passwd",
        "http://example.com/x.png",
        "https://example.com/x.css",
        "chart:no-such-chart",
        "chart:../../etc/passwd",
        "CHART:table-0",
        "ftp://example.com/table-0",
    )
    for url in refused:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    served = fetcher.fetch("chart:states-map")
    assert served.read() == charts["states-map"].data
    assert served.content_type == "image/svg+xml"
    # The heatmap's SVG embeds its pixels as a data: URL; that reads nothing outside the document.
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"


def test_pdf_gets_charts_from_memory_and_html_embeds_them(report_charts):
    summary, charts = report_charts
    paged = render_html(summary, charts, "pdf", generated_at=FIXED_TIME)
    sources = [attrs["src"] for tag, attrs in tags_of(paged) if tag == "img"]
    assert sorted(sources) == sorted(f"chart:{key}" for key in charts)
    assert "data:" not in paged
    embedded = render_html(summary, charts, "html", generated_at=FIXED_TIME)
    assert all(
        attrs["src"].startswith("data:image/svg+xml;base64,") for tag, attrs in tags_of(embedded) if tag == "img"
    )


# --- charts ---------------------------------------------------------------------------


@pytest.mark.parametrize("image_format", ["svg", "png"])
def test_charts_are_byte_identical_across_renders(detailed: Deal, term_sheet: Deal, image_format):
    for deal in (term_sheet, detailed):
        summary = summarise(deal)
        first, second = draw_charts(summary, image_format), draw_charts(summary, image_format)
        assert first.keys() == second.keys() and first
        assert all(first[k].data == second[k].data for k in first)
        if image_format == "svg" and deal is term_sheet:  # no date in the file, so no run differs from the next
            svg = first["states-map"].data
            assert b"<dc:date>" not in svg and str(datetime.now().year).encode() not in svg


def test_every_strat_table_and_the_map_and_heatmap_get_a_chart(term_sheet: Deal):
    charts = draw_charts(summarise(term_sheet), "svg")
    expected = {f"table-{i}" for i in range(len(term_sheet.tables))} | {"states-map", "matrix-0"}
    assert expected <= charts.keys()


def test_report_charts_leave_the_figures_to_the_table_beside_them(report_charts):
    summary, charts = report_charts
    state_chart = charts[summary.tables[summary.geography.table_index].anchor].data.decode()
    california = fmt.percent(summary.geography.california_share, 1)
    assert ">California</text>" in state_chart and california not in state_chart
    assert california not in charts["states-map"].data.decode() and ">CA</text>" in charts["states-map"].data.decode()


# --- sections -------------------------------------------------------------------------


def test_detailed_summary_has_no_empty_section(rendered):
    html = rendered["detailed"]["html"].read_text()
    body = html.split("<main>", 1)[1]
    assert 'id="stratifications"' not in body and "FICO" not in body  # 2004-8 has no tables
    assert 'id="key-metrics"' in body and 'id="capital"' in body
    for section in re.findall(r"<section\b.*?</section>", html, re.S):
        body = re.sub(r"<h[1-3][^>]*>.*?</h[1-3]>", "", section, flags=re.S)
        text = re.sub(r"<[^>]+>", " ", body)
        assert re.search(r"\w", text), section[:200]
        for tbody in re.findall(r"<tbody>(.*?)</tbody>", section, re.S):
            assert "<td" in tbody
    assert re.search(r"<td[^>]*>\s*</td>\s*</tr>\s*</tbody>", html) is None


def test_one_pool_summary_shows_every_section_in_order(rendered):
    html = rendered["term_sheet"]["html"].read_text()
    headings = re.findall(r"<h2 id=\"([^\"]+)\"", html)
    assert headings[:3] == ["key-metrics", "composition", "stratifications"]
    assert headings[-2:] == ["data-quality", "notes"]
    assert "Capital structure" not in html  # a term sheet states no classes


def test_failed_check_is_shown_next_to_its_figure(tmp_path, detailed: Deal):
    pool_one = detailed.pool("I")
    broken_pool = dataclasses.replace(pool_one, aggregate_balance=pool_one.aggregate_balance + 1_000_000)
    pools = tuple(broken_pool if p.name == "I" else p for p in detailed.pools)
    deal = validate(dataclasses.replace(detailed, pools=pools))
    failed = [c for c in deal.checks if not c.passed]
    assert any(c.concerns == "pool:all:aggregate_balance" for c in failed)

    html = render_html(summarise(deal), {}, generated_at=FIXED_TIME)
    whole_balance = fmt.dollars(deal.whole_deal.aggregate_balance)
    # The cell may carry its filing lines as a title (shown on hover): any attributes after the class.
    cell = re.search(rf"<td class=\"num failed\"[^>]*>{re.escape(whole_balance)}(.*?)</td>", html, re.S)
    assert cell, "the whole-deal balance cell is flagged"
    assert "does not reconcile: pools add up to the deal balance" in cell.group(1)
    assert f"{len(failed)} reconciliation check" in html and "FAILED" in html


def test_data_quality_names_every_check_and_tables_only_the_failed(detailed: Deal):
    pool_one = detailed.pool("I")
    broken_pool = dataclasses.replace(pool_one, aggregate_balance=pool_one.aggregate_balance + 1_000_000)
    deal = validate(dataclasses.replace(detailed, pools=(broken_pool, *detailed.pools[1:])))
    html = render_html(summarise(deal), {}, generated_at=FIXED_TIME)
    section = html[html.index('<section class="data-quality"') :]
    section = section[: section.index("</section>")]
    failed_table = section[section.index("<table") : section.index("</table>")]
    passed_list = section[section.index('<dl class="checks-passed">') :]
    failed = [c for c in deal.checks if not c.passed]
    assert failed_table.count('<tr class="fail">') == len(failed)
    for check in failed:
        assert f"FAILED: {escape(check.name)}" in failed_table
    # The passed checks are one line per subject, counted; none of them sits in the failures' table.
    passed = Counter(subject_heading(c.subject) for c in deal.checks if c.passed)
    listed = dict(re.findall(r"<dt>([^<]*): (\d+) passed</dt>", passed_list))
    assert {heading: int(count) for heading, count in listed.items()} == passed
    pool_count = next(c for c in deal.checks if c.name == "pools add up to the deal loan count")
    assert pool_count.passed
    assert "pools add up to the deal loan count" not in failed_table


def test_a_deal_whose_checks_all_pass_has_no_failures_table(rendered, term_sheet: Deal):
    html = rendered["term_sheet"]["html"].read_text()
    section = html[html.index('<section class="data-quality"') :]
    assert "<table" not in section[: section.index("</section>")]
    text = pdf_text(rendered["term_sheet"]["pdf"])
    assert "53 of 53 reconciliation checks passed" in text
    assert "Size of Mortgage Loans: 4 passed" in text
    # The dash between a subject's line and its gap, with a space each side as printed (the CSS escape
    # "\2014 " once took the space after it: "4 passed \u2014largest gap").
    assert "Size of Mortgage Loans: 4 passed \u2014 the rows' loan count" in text


def test_the_data_qualitys_figures_carry_their_units(rendered):
    """A check's figures once read bare ("largest gap 0.37 (tolerance 1)"): dollars, loans and percentage points
    alike. Each now carries its unit; the gap between two percent figures is in percentage points."""
    text = re.sub(r"\s*\u2014\s*", " \u2014 ", " ".join(pdf_text(rendered["term_sheet"]["pdf"]).split()))
    # a gap within the rounding of figures given in whole dollars says so (it is no tolerance of ours)
    assert (
        "Size of Mortgage Loans: 4 passed \u2014 the rows' loan count and balance added up against the Total "
        "line's; the Total line's loan count and balance against the pool's. Largest gap $0.37 (within $0.50, "
        "the table's Total being given in whole dollars)"
    ) in text
    # checks of other units (dollars, rates) have no largest gap: the one nearest its tolerance is said as such
    assert (
        "All loans: 3 passed \u2014 the premium and discount loans' balance added up against the pool's; "
        "the premium and discount loans' WAC and WAM, weighted by their balances, against the pool's. "
        "Nearest its tolerance: $0.37 (within $1, the premium and discount loans' balances being given in "
        "whole dollars)"
    ) in text
    # a percent gap is in percentage points, and so is the allowance for the matrix's figures' rounding (Dec 4)
    assert "the LTV table's share of the balance. Largest gap 0.02 pp (within 0.035 pp, the row's cells" in text
    assert not re.search(r"(?:largest gap|nearest its tolerance:) [\d.,]+ \(", text, re.I)  # no bare figure


def test_a_gap_among_checks_of_other_units_is_not_called_the_largest(detailed: Deal):
    """An outside review: "Pools and the whole deal: 6 passed - largest gap 0.00472 mo", where the WA LTV's gap is
    0.04 pp: the gap shown is the one nearest its tolerance, and a month is not larger or smaller than a pp."""
    from reporting.derive.summary import summarise

    html = render_html(summarise(detailed), {}, generated_at=FIXED_TIME)
    passed = html[html.index('<dl class="checks-passed">') :]
    passed = passed[: passed.index("</dl>")]
    pools = "<dt>Pools and the whole deal: 6 passed</dt><dd>the pools&#39; balance and loan count added up against"
    pools += " the whole deal&#39;s; the pools&#39; WAC, WAM, WA original term and WA LTV, weighted by their balances,"
    pools += " against the whole deal&#39;s. Nearest its tolerance: 0.00472 mo (tolerance 0.01 mo), the pools&#39; WAM,"
    pools += " weighted by their balances, against the whole deal&#39;s</dd>"  # the check the gap is of
    assert pools in passed
    wa_ltv = next(c for c in detailed.checks if c.concerns == "pool:all:wa_ltv")
    assert wa_ltv.passed and abs(wa_ltv.difference) > 0.0047  # a larger number, in another unit
    dates = "<dt>Filing dates: 1 passed</dt><dd>the cut-off date against the date of report. Largest gap 27 days"
    assert f"{dates} (tolerance 366 days)</dd>" in passed


def test_a_failed_checks_figures_carry_their_units_in_every_format(tmp_path, detailed: Deal):
    """The failures' table of the PDF, the flag beside the figure, the email (both parts) and the workbook."""
    from openpyxl import load_workbook

    pool_one = detailed.pool("I")
    broken = dataclasses.replace(pool_one, aggregate_balance=pool_one.aggregate_balance + 1_000_000)
    deal = validate(dataclasses.replace(detailed, pools=(broken, *detailed.pools[1:])))
    check = next(c for c in deal.checks if c.name == "pools add up to the deal balance")
    assert not check.passed
    stated, found = fmt.dollars(check.expected, cents=True), fmt.dollars(check.actual, cents=True)
    files = {p.suffix: p for p in render_deal(deal, tmp_path, ("pdf", "email", "xlsx"), generated_at=FIXED_TIME)}
    pdf = " ".join(pdf_text(files[".pdf"]).split())
    row = f"FAILED: pools add up to the deal balance {stated}"
    assert row in pdf and f"{found}" in pdf[pdf.index(row) :][:200]
    assert f"stated {stated}, found {found}" in pdf  # beside the figure
    assert f"(tolerance {fmt.check_gap(check.tolerance, 'dollars')})" not in pdf  # a failure has its own column
    eml = files[".eml"].read_bytes().decode("utf-8", "replace")
    assert f"stated {stated}, found {found}" in eml.replace("=\n", "")
    book = load_workbook(files[".xlsx"])
    sheet = book["Checks"]
    header = [c.value for c in next(r for r in sheet.iter_rows() if r[0].value == "Subject")]
    assert header[-1] == "Unit"
    units = {
        r[1].value: r[-1].value for r in sheet.iter_rows() if r[1].value and r[-1].value and r[0].value != "Subject"
    }
    assert units["pools add up to the deal balance"] == "dollars"
    assert units["pools add up to the deal loan count"] == "loans"


def test_a_gap_below_the_figures_precision_agrees_exactly(detailed: Deal):
    # Class B-5's level is stated 0.150017321005% and computed 0.150017321004%: the data quality read "largest
    # gap 0 pp (tolerance 0.000001 pp)" where the other classes "agree exactly".
    from reporting.derive.summary import widest_passed
    from reporting.model.deal import Check
    from reporting.model.units import Unit

    b5 = next(c for c in detailed.checks if c.subject == "class B-5")
    assert b5.difference and abs(b5.difference) < 1e-9
    html = render_html(summarise(detailed), {}, generated_at=FIXED_TIME)
    passed = html[html.index('<dl class="checks-passed">') :]
    passed = passed[: passed.index("</dl>")]
    said = "the subordination level against the balances of the classes junior to it over the deal&#39;s balance"
    assert f"<dt>Class B-5: 1 passed</dt><dd>{said}. Every figure agrees exactly</dd>" in passed
    assert "0.000001 pp" not in passed and "largest gap 0 " not in passed.lower()
    # A level's gap the reports can show is said at the precision they state a level to (4 decimals).
    level = Check("level", "class B-1", 1.2, 1.20031, 0.0005, True, "class:B-1", unit=Unit.PERCENT)
    assert widest_passed((level,)) is level
    assert (fmt.stated_gap(level.difference, level), fmt.stated_gap(level.tolerance, level)) == (
        "0.0003 pp",
        "0.0005 pp",
    )
    close = Check("level", "class B-1", 1.2, 1.2000004, 1e-6, True, "class:B-1", unit=Unit.PERCENT)
    assert widest_passed((close,)) is None


def test_the_pdf_says_on_which_page_the_capital_chart_is(rendered):
    # 2004-8: the class table ends page 2 and its chart stands at the top of page 3, away from it, with nothing to
    # say where. Kept together they would leave page 2 half empty (test_page_bounds.py): the table says where.
    pages = pdf_pages(rendered["detailed"]["pdf"])
    (charted,) = [number for number, page in enumerate(pages) if "Subordinate classes (zoom)" in page]
    (said,) = [number for number, page in enumerate(pages) if "The chart of these classes follows" in page]
    assert (said, charted) == (1, 2)  # under the table on page 2; the chart on page 3
    assert "$740,547.57" in pages[said]  # B-6, the table's last class
    assert f"The chart of these classes follows, on page {charted + 1}." in pages[said]


def _with_senior_split(deal: Deal, parts: int) -> Deal:
    """The deal with its senior class cut into ``parts`` classes of the same subordination (A-1, A-2, ...), which
    add up to its balance to the cent: a longer class table, which moves where the chart falls."""
    senior, *juniors = deal.classes
    each = round(senior.initial_balance / parts, 2)
    balances = [each] * (parts - 1) + [round(senior.initial_balance - each * (parts - 1), 2)]
    seniors = [dataclasses.replace(senior, name=f"A-{i + 1}", initial_balance=b) for i, b in enumerate(balances)]
    return dataclasses.replace(deal, classes=(*seniors, *juniors))


@pytest.mark.parametrize("parts", [2, 12])
def test_the_page_the_pdf_names_for_the_capital_chart_is_the_charts(detailed: Deal, tmp_path, parts: int):
    (pdf,) = render_deal(_with_senior_split(detailed, parts), tmp_path, formats=("pdf",), generated_at=FIXED_TIME)
    pages = pdf_pages(pdf)
    (charted,) = [number for number, page in enumerate(pages) if "Subordinate classes (zoom)" in page]
    said = [page for page in pages if "The chart of these classes follows" in page]
    assert len(said) == 1 and f"The chart of these classes follows, on page {charted + 1}." in said[0]


def test_a_pdf_laid_out_in_parts_names_no_page_it_cannot_know(detailed: Deal):
    from reporting.present.page_plan import Part

    summary = summarise(_with_senior_split(detailed, 12))
    back = Part(front=False, tables_from=0, tables_to=0, back=True)
    html = render_html(summary, draw_charts(summary, "svg-text"), "pdf", part=back, generated_at=FIXED_TIME)
    assert "The chart of these classes follows.</p>" in html and 'href="#capital-chart"' not in html


def test_the_capital_chart_says_what_it_is_on_whatever_page_it_lands(rendered):
    # 2004-8: the class table fills page 2 and the chart lands at the top of page 3, which held only the
    # chart's own panel titles ("Whole deal"), no word of what it charts.
    pages = pdf_pages(rendered["detailed"]["pdf"])
    caption = "Capital structure: each class's share of the deal balance"
    (page,) = [p for p in pages if "Subordinate classes (zoom)" in p]
    assert caption in page and page.index(caption) < page.index("Whole deal")
    html = rendered["detailed"]["html"].read_text()
    assert html.index(
        "<figcaption>Capital structure: each class&#39;s share of the deal balance</figcaption>"
    ) > html.index('id="capital"')
