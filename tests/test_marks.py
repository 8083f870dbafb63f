"""A failed check marks the figures it compares, and a doubt the figure doubted, alike in every format (an
outside audit found the formats disagreeing: a loan count the tables did not bear out was printed plain
while California was marked; the csv doubted the wrong rows; the email's text part had no mark for doubt)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pandas as pd
import pytest
from reading import message_of, pdf_pages, pdf_text, subject_of, text_of
from workbooks import Workbook, row_of

from reporting.batch.run import run_batch
from reporting.pipeline import RenderOptions, render_filing
from reporting.present.long_table import read_csv

FAILED_FILL = "FBE3E1"
COUNT_FAILS = "does not reconcile: table total equals the pool's loan count; stated 1,252 loans, found 1,225 loans"


def _render(
    tmp_path: Path, name: str, text: str, formats=("html", "pdf", "email", "xlsx", "csv"), index: bool = False
) -> Path:
    """The filing ``text`` rendered into tmp_path/out/<stem>/. With ``index``, by a batch, which also
    writes out/index.html; otherwise in this process, by the pipeline a batch's worker runs (a
    batch's worker processes and its PDF laid out in two parts cost a second or so of CPU each time)."""
    filings = tmp_path / "filings"
    filings.mkdir()
    (filings / name).write_text(text)
    out = tmp_path / "out"
    if index:
        run_batch([filings], out, list(formats))
    else:
        render_filing(filings / name, out, RenderOptions(tuple(formats)))
    return out


def _written(out: Path, suffix: str) -> Path:
    (path,) = out.glob(f"*/*{suffix}")
    return path


def _metric_cell(html: str, label: str) -> tuple[str, str]:
    """The class and the text of the key-metrics cell of ``label`` (a one-pool deal: one cell)."""
    row = re.search(rf"<th scope=\"row\">{re.escape(label)}</th>\s*<td class=\"([^\"]*)\"[^>]*>(.*?)</td>", html, re.S)
    assert row, label
    return row.group(1), unescape(re.sub(r"<[^>]+>", " ", row.group(2)))


def _long_rows(out: Path) -> pd.DataFrame:
    table = read_csv(_written(out, "-long.csv"))
    return table[table["pool"] == "all"]


@pytest.fixture(scope="module")
def prose_against_tables(tmp_path_factory, term_sheet_path: Path) -> Path:
    """The prose says 1,252 loans; every table totals 1,225."""
    text = term_sheet_path.read_text()
    assert "2004 was 1,225. The" in text
    return _render(
        tmp_path_factory.mktemp("count"),
        "count.txt",
        text.replace("2004 was 1,225. The", "2004 was 1,252. The"),
        index=True,
    )


def test_a_loan_count_the_tables_do_not_bear_out_is_marked_in_every_format(prose_against_tables: Path):
    out = prose_against_tables
    html = _written(out, "-summary.html").read_text()
    for label in ("Loan count", "Average loan balance"):  # the average is the balance over that count
        cls, text = _metric_cell(html, label)
        assert "failed" in cls.split() and COUNT_FAILS in text, (label, cls, text)
        assert text.count(COUNT_FAILS) == 1 and "(7 checks)" in text  # one table after another: said once
    for label in ("California", "Top 5 states"):  # the state shares stand on balances, which agree
        cls, text = _metric_cell(html, label)
        assert "failed" not in cls.split() and "does not reconcile" not in text, (label, cls, text)

    pdf = " ".join(pdf_text(_written(out, "-summary.pdf")).split())
    assert f"Loan count 1,252 ! {COUNT_FAILS} (7 checks) Average loan balance $495,049 ! {COUNT_FAILS}" in pdf

    plain = text_of(message_of(_written(out, "-summary.eml")))
    (count_line,) = [line for line in plain.splitlines() if line.startswith("Loan count")]
    assert "1,252 (!)" in count_line

    sheet, _ = Workbook.read(_written(out, "-summary.xlsx")).sheet("Summary")
    count = sheet.cell(row_of(sheet, "Loan count"), 2)
    assert count.value == 1252 and count.fill.fgColor.rgb.endswith(FAILED_FILL) and COUNT_FAILS in count.comment.text

    rows = _long_rows(out)
    metric = rows[rows["section"] == "metric"].set_index("metric")
    assert metric.loc["loan_count", "flag"].startswith(COUNT_FAILS)
    assert metric.loc["average_balance", "flag"].startswith(COUNT_FAILS)
    assert pd.isna(metric.loc["california_share", "flag"])

    index = unescape((out / "index.html").read_text())
    cell = re.search(r"<td class=\"([^\"]*)\"[^>]*?title=\"([^\"]*)\"[^>]*>1,252", index)
    assert cell and "failed" in cell.group(1).split() and COUNT_FAILS in cell.group(2)


def test_a_tables_total_marks_the_cell_that_failed(prose_against_tables: Path):
    out = prose_against_tables
    html = _written(out, "-summary.html").read_text()
    totals = re.findall(
        r"<tfoot><tr><th scope=\"row\">Total</th><td class=\"([^\"]*)\">1,225</td><td class=\"([^\"]*)\">", html
    )
    assert len(totals) == 7
    assert all(count == "num failed" and balance == "num" for count, balance in totals), totals

    book = Workbook.read(_written(out, "-summary.xlsx"))
    states, _ = book.sheet("States")
    stated = row_of(states, "Total as the filing states it")
    count, balance = states.cell(stated, 2), states.cell(stated, 3)
    assert count.value == 1225 and count.fill.fgColor.rgb.endswith(FAILED_FILL) and COUNT_FAILS in count.comment.text
    assert balance.comment is None and not balance.fill.fgColor.rgb.endswith(FAILED_FILL)


def test_the_csv_doubts_the_figures_the_filing_damaged_and_no_others(tmp_path: Path, term_sheet_path: Path):
    text = term_sheet_path.read_text()
    damaged = text.replace("$619,800,778.37. Information", "$619,8 million. Information").replace(
        "2004 was 5.843%. The", "2004 was 5.8.43%. The"
    )
    assert damaged.count("$619,8 million") == damaged.count("5.8.43%") == 1
    out = _render(tmp_path, "damaged.txt", damaged, ("csv",))
    table = read_csv(_written(out, "-long.csv"))
    missing = table[table["section"] == "missing"].set_index("bucket")
    assert "'$619,8" in missing.loc["aggregate_balance", "flag"] and missing.loc[
        "aggregate_balance", "flag"
    ].startswith("doubt: ")
    assert "'5.8.43%'" in missing.loc["wac", "flag"] and missing.loc["wac", "flag"].startswith("doubt: ")
    metric = table[table["section"] == "metric"].set_index("metric")
    for key in ("premium_wac", "discount_wac"):  # the groups' own rates: the filing writes them plainly
        assert pd.isna(metric.loc[key, "flag"]), (key, metric.loc[key, "flag"])


def _email(out: Path) -> tuple[str, str]:
    from reading import html_of

    message = message_of(_written(out, "-summary.eml"))
    return text_of(message), unescape(html_of(message))


def _line(text: str, starts: str) -> str:
    (line,) = [line for line in text.splitlines() if line.startswith(starts)]
    return line


def test_the_emails_text_part_marks_a_doubted_figure_and_says_what_the_mark_means(tmp_path, term_sheet_path):
    text = term_sheet_path.read_text()
    approximate = text.replace("$619,800,778.37. Information", "approximately $619.8 million. Information")
    approximate = approximate.replace("2004 was 357.95\nmonths.", "2004 was about 358\nmonths.")
    assert approximate.count("approximately $619.8 million") == approximate.count("about 358") == 1
    plain, _ = _email(_render(tmp_path, "approximate.txt", approximate, ("email",)))
    for label in ("Aggregate balance", "Average loan balance", "WAM ", "Loans above 80% LTV"):
        assert _line(plain, label).endswith(" (?)"), _line(plain, label)
    assert not _line(plain, "WAC").endswith("(?)") and not _line(plain, "Loan count").endswith("(?)")
    assert "(?) doubted: " in plain  # said once what the mark means
    assert "Aggregate balance (All loans): stated as approximately $619.8 million, not as an exact figure" in plain


def test_the_emails_top_states_are_marked_as_the_key_metrics_are(tmp_path, term_sheet_path):
    text = term_sheet_path.read_text()
    assert "California                          587                          296,923,131" in text
    broken = text.replace(  # the state rows no longer add up to the table's total
        "California                          587                          296,923,131",
        "California                          587                          269,923,131",
    )
    plain, html = _email(_render(tmp_path, "states.txt", broken, ("email",)))
    top = plain.split("TOP STATES", 1)[1].split("DATA QUALITY", 1)[0]
    key_metrics = plain.split("KEY METRICS", 1)[1].split("TOP STATES", 1)[0]
    assert _line(top, "California").endswith("(!)") and _line(key_metrics, "California").endswith("(!)")
    assert "(!) does not reconcile: table rows add up to the total balance" in top
    states = html.split("Top states", 1)[1].split("</table>", 1)[0]
    assert re.search(r"class=\"state-share failed\"[^>]*>43\.55%", states), states[:500]
    assert "does not reconcile: table rows add up to the total balance" in html.split("Top states", 1)[1]


def test_the_emails_class_table_says_the_classes_do_not_add_up(tmp_path, detailed_path):
    text = detailed_path.read_text()
    assert text.count("October 1, 2004 was $740,547.57.") == 1
    broken = text.replace("October 1, 2004 was $740,547.57.", "October 1, 2004 was $840,547.57.")
    plain, html = _email(_render(tmp_path, "classes.txt", broken, ("email",)))
    capital = plain.split("CAPITAL STRUCTURE", 1)[1].split("DATA QUALITY", 1)[0]
    assert re.search(r"^Total +\$493,741,377\.57 \(!\)", capital, re.M), capital
    assert "(!) does not reconcile: class balances add up to the deal balance" in capital
    classes = html.split("Capital structure", 1)[1].split("</table>", 1)[0]
    total = re.search(r"Total</td>\s*<td class=\"num failed\"[^>]*>\$493,741,377\.57(.*?)</td>", classes, re.S)
    assert total and "does not reconcile: class balances add up to the deal balance" in total.group(1)


def test_the_workbooks_summary_marks_a_doubted_figure_on_its_cell(tmp_path, term_sheet_path):
    text = term_sheet_path.read_text().replace("2004 was 357.95\nmonths.", "2004 was about 358\nmonths.")
    sheet, _ = Workbook.read(_written(_render(tmp_path, "about.txt", text, ("xlsx",)), "-summary.xlsx")).sheet(
        "Summary"
    )
    wam, wac = sheet.cell(row_of(sheet, "WAM"), 2), sheet.cell(row_of(sheet, "WAC"), 2)
    assert wam.value == 358 and wam.comment is not None
    assert wam.comment.text == "doubt: stated as approximately 358 months, not as an exact figure"
    assert wam.fill.fgColor.rgb.endswith("FFF4D6") and not wam.fill.fgColor.rgb.endswith(FAILED_FILL)
    assert wac.comment is None and not wac.fill.fgColor.rgb.endswith("FFF4D6")


# One table's Total is off while the prose and the six other tables agree with the pool: the Total is the figure
# in doubt, not the pool's (an outside review found the right loan count and balance marked in every format).
YEARS_TOTAL = "Total                             1,225                         $619,800,778"
YEARS_2004 = "2004                              1,152                          584,820,420"


def _one_table_off(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        assert old in text
        text = text.replace(old, new, 1)  # the first table: years of origination
    return text


@pytest.fixture(scope="module")
def one_total_off(tmp_path_factory, term_sheet_path: Path) -> Path:
    """The years table's Total says 1,252 loans; its rows, the prose and every other table say 1,225."""
    text = _one_table_off(term_sheet_path.read_text(), (YEARS_TOTAL, YEARS_TOTAL.replace("1,225", "1,252")))
    return _render(tmp_path_factory.mktemp("total"), "total.txt", text, index=True)


@pytest.fixture(scope="module")
def one_balance_off(tmp_path_factory, term_sheet_path: Path) -> Path:
    """The years table's 2004 row and Total are both $10 over the pool's balance; every other table agrees."""
    text = _one_table_off(
        term_sheet_path.read_text(),
        (YEARS_2004, YEARS_2004.replace("420", "430")),
        (YEARS_TOTAL, YEARS_TOTAL.replace("778", "788")),
    )
    return _render(tmp_path_factory.mktemp("balance"), "balance.txt", text, index=True)


def _unmarked_everywhere(out: Path, labels: tuple[str, ...], keys: tuple[str, ...], shown: str) -> None:
    html = _written(out, "-summary.html").read_text()
    for label in labels:
        cls, text = _metric_cell(html, label)
        assert "failed" not in cls.split() and "does not reconcile" not in text, (label, cls, text)
    pdf = " ".join(pdf_text(_written(out, "-summary.pdf")).split())
    plain, email_html = _email(out)
    key_metrics = plain.split("KEY METRICS", 1)[1].split("TOP STATES", 1)[0]
    metrics_html = email_html.split("Key metrics", 1)[1].split("</table>", 1)[0]
    for label in labels:
        assert not _line(key_metrics, label).endswith("(!)"), _line(key_metrics, label)
        assert f"{label} " in pdf and not re.search(rf"{re.escape(label)} \S+ !", pdf), label
    assert "failed" not in metrics_html and "does not reconcile" not in metrics_html, metrics_html
    sheet, _ = Workbook.read(_written(out, "-summary.xlsx")).sheet("Summary")
    for label in labels:
        cell = sheet.cell(row_of(sheet, label), 2)
        assert cell.comment is None and not cell.fill.fgColor.rgb.endswith(FAILED_FILL), label
    metric = _long_rows(out).pipe(lambda t: t[t["section"] == "metric"]).set_index("metric")
    for key in keys:
        assert pd.isna(metric.loc[key, "flag"]), (key, metric.loc[key, "flag"])
    index = unescape((out / "index.html").read_text())
    cell = re.search(rf"<td class=\"([^\"]*)\"[^>]*>{re.escape(shown)}</td>", index)
    assert cell and cell.group(1) == "num", (shown, cell)


def _totals(out: Path) -> list[tuple[str, str, str, str]]:
    html = _written(out, "-summary.html").read_text()
    totals = re.findall(
        r"<tfoot><tr><th scope=\"row\">Total</th><td class=\"([^\"]*)\">([\d,]+)</td><td class=\"([^\"]*)\">(\$[^<]*)<",
        html,
    )
    assert len(totals) == 7, totals  # the seven tables
    return totals


def test_one_tables_total_off_the_pools_count_marks_that_total_not_the_count(one_total_off: Path):
    out = one_total_off
    _unmarked_everywhere(out, ("Loan count", "Average loan balance"), ("loan_count", "average_balance"), "1,225")
    totals = _totals(out)
    assert totals[0] == ("num failed", "1,252", "num", "$619,800,778"), totals[0]
    assert all(t == ("num", "1,225", "num", "$619,800,778") for t in totals[1:]), totals


def test_one_tables_total_off_the_pools_balance_marks_that_total_not_the_balance(one_balance_off: Path):
    out = one_balance_off
    labels = ("Aggregate balance", "Average loan balance", "Loans above 80% LTV", "Largest zip code share")
    _unmarked_everywhere(
        out, labels, ("aggregate_balance", "average_balance", "premium_share", "discount_share"), "$619,800,778"
    )
    totals = _totals(out)
    assert totals[0] == ("num", "1,225", "num failed", "$619,800,788"), totals[0]
    assert all(t == ("num", "1,225", "num", "$619,800,778") for t in totals[1:]), totals


def _diff_html(tmp_path: Path, old_text: str, new_text: str) -> str:
    from reporting.deliver.write import render_diff
    from reporting.derive.diff import build_diff
    from reporting.pipeline import load_deal

    paths = []
    for name, text in (("old", old_text), ("new", new_text)):
        (tmp_path / name).mkdir(parents=True)
        paths.append(tmp_path / name / "filing.txt")
        paths[-1].write_text(text)
    (html,) = render_diff(build_diff(*(load_deal(p) for p in paths)), tmp_path / "diff", ("html",))
    return unescape(html.read_text())


def _diff_row(html: str, label: str) -> str:
    row = re.search(rf"<th scope=\"row\">{re.escape(label)}[ <].*?</tr>", html, re.S)
    assert row, label
    return row.group(0)


def test_the_diff_marks_the_state_shares_as_the_summary_does(tmp_path: Path, term_sheet_path: Path):
    text = term_sheet_path.read_text()
    # The prose's count is wrong: the state table fails only its total against that count; its balances agree.
    wrong_count = _diff_html(tmp_path / "count", text, text.replace("2004 was 1,225. The", "2004 was 1,252. The"))
    assert "num failed" in _diff_row(wrong_count, "Loan count")
    for label in ("California", "Top 5 states"):
        row = _diff_row(wrong_count, label)
        assert "failed" not in row and "did not reconcile" not in row, row
    # California's balance is off: the state rows no longer add up to the Total's balance.
    california = "California                          587                          296,923,131"
    wrong_balance = _diff_html(tmp_path / "balance", text, text.replace(california, california.replace("923", "932")))
    for label in ("California", "Top 5 states"):
        row = _diff_row(wrong_balance, label)
        assert "num failed" in row and "did not reconcile in" in row, row
    assert "failed" not in _diff_row(wrong_balance, "Loan count")


def _state_sentence(html: str) -> str:
    sentence = re.search(r"<p class=\"note[^\"]*\">California .*?</p>", html, re.S)
    assert sentence, "the state section's sentence"
    return sentence.group(0)


def test_the_state_sections_sentence_is_marked_as_the_key_metrics_are(tmp_path, term_sheet_path, prose_against_tables):
    california = "California                          587                          296,923,131"
    text = term_sheet_path.read_text()
    assert california in text
    out = _render(tmp_path, "states.txt", text.replace(california, california.replace("923", "932")), ("html", "pdf"))
    sentence = _state_sentence(_written(out, "-summary.html").read_text())
    said = "does not reconcile: table rows add up to the total balance; stated $619,800,778, found $619,809,778"
    assert re.search(r"California <span class=\"failed\">47\.91%</span> of balance", sentence), sentence
    assert re.search(r"largest 5 states <span class=\"failed\">73\.70%</span>", sentence), sentence
    # Why, said once: under the table, which the sentence stands beside.
    assert said not in unescape(sentence)
    assert unescape(_written(out, "-summary.html").read_text()).count(said) == 1 + 2  # the table; key metrics, checks
    pdf = " ".join(pdf_text(_written(out, "-summary.pdf")).split())
    assert f"California 47.91% of balance; largest 5 states 73.70%. ! {said}" in pdf
    assert pdf.count(f"largest 5 states 73.70%. ! {said}") == 1 and f"{said} ! {said}" not in pdf  # not twice in a row
    # The state table's only failure is its total against a wrong prose count: the shares stand, unmarked.
    sentence = _state_sentence(_written(prose_against_tables, "-summary.html").read_text())
    assert "failed" not in sentence and "does not reconcile" not in sentence, sentence


def _headlines(out: Path) -> list[str]:
    """The subject's figures, and the HTML part's preheader and header line, as text."""
    message = message_of(_written(out, "-summary.eml"))
    _, html = _email(out)
    subject = str(message["Subject"])
    assert "collateral summary: " in subject
    lines = re.findall(r"\$619\.8mm[^<]*", html)
    assert len(lines) == 2, lines  # the preheader, the header band
    return [subject.split("collateral summary: ", 1)[1], *lines]


def test_the_emails_subject_and_header_mark_a_failed_count(prose_against_tables: Path):
    for line in _headlines(prose_against_tables):
        assert line.startswith("$619.8mm, 1,252 loans (!), WAC 5.843%"), line
    plain, _ = _email(prose_against_tables)
    assert "1,252 (!)" in _line(plain, "Loan count")  # the body marks it alike


def test_the_emails_subject_and_header_mark_a_doubted_wac(tmp_path: Path, term_sheet_path: Path):
    text = term_sheet_path.read_text()
    assert text.count("as of May 1, 2004 was 5.843%") == 1
    approximate = text.replace("as of May 1, 2004 was 5.843%", "as of May 1, 2004 was approximately 5.84%")
    out = _render(tmp_path, "wac.txt", approximate, ("email",))  # the email alone: no other format is read
    for line in _headlines(out):
        assert line.startswith("$619.8mm, 1,225 loans, WAC approx. 5.84% (?)"), line  # as stated, never 5.840%
    plain, _ = _email(out)
    assert _line(plain, "WAC").endswith("approx. 5.84% (?)")


def test_the_class_tables_total_gives_its_real_share_of_the_deal(tmp_path, detailed_path):
    text = detailed_path.read_text()
    assert text.count("October 1, 2004 was $740,547.57.") == 1
    broken = text.replace("October 1, 2004 was $740,547.57.", "October 1, 2004 was $840,547.57.")
    out = _render(tmp_path, "classes.txt", broken, ("html", "pdf", "email"))
    # $493,741,377.57 of classes over a $493,641,377.57 deal: 100.020%, as the class rows add up to
    html = _written(out, "-summary.html").read_text()
    total = re.search(
        r"<tfoot><tr><th scope=\"row\">Total</th>.*?</tr></tfoot>", html.split("Capital structure", 1)[1], re.S
    )
    assert total and '<td class="num">100.020%</td>' in total.group(0), total
    pdf = " ".join(pdf_text(_written(out, "-summary.pdf")).split())
    assert re.search(r"Total \$493,741,377\.57 ! does not reconcile: class balances [^%]*? 100\.020%", pdf)
    plain, email_html = _email(out)
    capital = plain.split("CAPITAL STRUCTURE", 1)[1].split("DATA QUALITY", 1)[0]
    assert re.search(r"^Total +\$493,741,377\.57 \(!\) +100\.020%", capital, re.M), capital
    classes = email_html.split("Capital structure", 1)[1].split("</table>", 1)[0]
    assert re.search(r"Total</td>.*?<td class=\"num\"[^>]*>100\.020%</td>", classes, re.S), classes
    assert "100.000%" not in capital and "100.000%" not in classes


def test_the_class_tables_total_is_100_percent_where_the_classes_add_up(tmp_path, detailed_path):
    out = _render(tmp_path, "classes.txt", detailed_path.read_text(), ("email",))
    plain, _ = _email(out)
    assert re.search(r"^Total +\$493,641,377\.57 +100\.000%", plain, re.M)


# A figure a check compares is missing: the checks that need it cannot run, and no format may say the
# checks that did run are all there were (an outside audit found "37 of 37 reconciliation checks passed"
# for a filing whose balance could not be read, where the clean filing runs 52).
NOT_RUN = "8 could not run: the aggregate balance could not be read"


@pytest.fixture(scope="module")
def balance_unread(tmp_path_factory, term_sheet_path: Path) -> Path:
    text = term_sheet_path.read_text()
    assert text.count("$619,800,778.37. Information") == 1
    damaged = text.replace("$619,800,778.37. Information", "$619,8 million. Information")
    formats = ("html", "pdf", "email", "xlsx", "json")
    return _render(tmp_path_factory.mktemp("unread"), "unread.txt", damaged, formats, index=True)


def test_checks_a_missing_balance_stops_are_counted_in_every_format(balance_unread: Path):
    out = balance_unread
    said = f"45 of 45 reconciliation checks passed; {NOT_RUN}"
    html = unescape(_written(out, "-summary.html").read_text())
    verdict = re.search(r"<p class=\"verdict ([^\"]*)\">([^<]*)</p>", html)
    assert verdict and verdict.group(2) == f"{said}." and verdict.group(1) == "unverified"

    pdf = " ".join(pdf_text(_written(out, "-summary.pdf")).split())
    assert f"{said}." in pdf and "45 of 45 reconciliation checks passed." not in pdf

    message = message_of(_written(out, "-summary.eml"))
    plain, body = _email(out)
    assert _line(plain, "45 of 45") == f"{said}."
    assert f"{said}." in body.split("Data quality", 1)[1]
    preheader = re.search(r"class=\"preheader\"[^>]*>([^<]*)", body)
    assert preheader and f"{said}." in preheader.group(1), body[:2000]
    assert message["Subject"]

    sheet, _ = Workbook.read(_written(out, "-summary.xlsx")).sheet("Summary")
    checks = sheet.cell(row_of(sheet, "Checks"), 2)
    assert checks.value == f"{said} (sheet Checks)." and checks.font.color.rgb.endswith("9B1C1C")  # as a failure is

    import json

    deal = json.loads(_written(out, "-deal.json").read_text())
    assert deal["verdict"] == "reconciled" and deal["checks_passed"] is False and deal["checks_not_run"] == 8
    assert deal["verdict_reason"] == said
    assert {tuple(n["needs"]) for n in deal["not_run"]} == {("pool:all:aggregate_balance",)}

    index = unescape((out / "index.html").read_text())
    cell = re.search(r"<td class=\"num unverified\"[^>]*title=\"([^\"]*)\">45 / 45<span[^>]*>([^<]*)</span>", index)
    assert cell and cell.group(1) == cell.group(2) == NOT_RUN
    # Sorted by the checks, it comes after a deal every check of which ran and passed (sort key 0), before a
    # deal with one that failed (1): none failed, 8 could not run.
    assert re.search(r'<td class="num unverified" data-sort="0\.008"', index)


def test_the_diff_says_which_checks_could_not_run(tmp_path: Path, term_sheet_path: Path):
    text = term_sheet_path.read_text()
    damaged = text.replace("$619,800,778.37. Information", "$619,8 million. Information")
    html = _diff_html(tmp_path, text, damaged)
    assert f"45 of 45 reconciliation checks passed; {NOT_RUN}" in html
    assert "all 45 reconciliation checks passed" not in html.lower()
    # ... in amber, never in the green of a deal every check of which ran and passed
    verdicts = re.findall(r'<p class="verdict (\w+)">([^<]*)</p>', html)
    assert [style for style, said in verdicts if NOT_RUN in said] == ["unverified"]
    assert [style for style, said in verdicts if "all 53 reconciliation checks passed" in said.lower()] == ["good"]


def test_the_diff_files_a_figure_stated_but_not_read_beside_the_other_deals_not_as_stated_by_one_deal(
    tmp_path: Path, term_sheet_path: Path
):
    """Both filings state the balance; the new one writes it as "$619,8 million", which is not read. The
    diff compares the balance in the pool metrics, says "not read" beside the gap, and never files it
    under "Stated by one deal only", which would say the new filing does not state it."""
    from reporting.derive.diff import build_diff
    from reporting.pipeline import load_deal
    from reporting.present.terminal import diff_summary

    text = term_sheet_path.read_text()
    damaged = text.replace("$619,800,778.37. Information", "$619,8 million. Information")
    html = _diff_html(tmp_path, text, damaged)
    compared, _, one_deal_only = html.partition("Stated by one deal only")
    for label in ("Aggregate balance", "Average loan balance"):  # the average is the balance over the count
        row = _diff_row(compared, label)
        assert "$619,800,778" in row or "$505,960" in row
        assert "not read: see that deal's report" in row, row
        assert label not in one_deal_only
    assert "in the filing but not read: aggregate balance" in html
    assert "aggregate_balance" not in html

    (tmp_path / "again").mkdir()
    (tmp_path / "again" / "filing.txt").write_text(damaged)
    plain = diff_summary(
        build_diff(load_deal(tmp_path / "old" / "filing.txt"), load_deal(tmp_path / "again" / "filing.txt"))
    )
    (balance,) = [line for line in plain.splitlines() if line.startswith("Aggregate balance")]
    assert "$619,800,778" in balance and "\u2014 (not read)" in balance and "(doubt)" not in balance
    assert "(not read) the filing states the figure in words the parser could not read" in plain


def test_a_class_balance_not_read_stops_the_classes_adding_up(detailed_path: Path, tmp_path: Path):
    from reporting.pipeline import load_deal

    text = detailed_path.read_text()
    assert text.count("October 1, 2004 was $481,546,830.00.") == 1
    filing = tmp_path / "class.txt"
    filing.write_text(text.replace("October 1, 2004 was $481,546,830.00.", "October 1, 2004 was $481,546,83O.00."))
    deal = load_deal(filing)
    clean = load_deal(detailed_path)
    assert len(deal.checks) + len(deal.not_run) == len(clean.checks)
    assert [n.name for n in deal.not_run] == ["class balances add up to the deal balance"]
    assert deal.verdict_reason == (
        f"{len(deal.checks)} of {len(deal.checks)} reconciliation checks passed; "
        "1 could not run: class A's initial balance could not be read"
    )
    assert not deal.all_checks_passed and clean.all_checks_passed and not clean.not_run


def test_the_composition_shares_of_a_doubted_balance_are_doubted_as_the_key_metrics_shares_are(
    tmp_path: Path, term_sheet_path: Path
):
    text = term_sheet_path.read_text()
    approximate = text.replace("$619,800,778.37. Information", "approximately $619.8 million. Information")
    assert approximate.count("approximately $619.8 million") == 1
    out = _render(tmp_path, "approximate.txt", approximate, ("html", "pdf", "csv"))
    # said of the balance the shares are made from
    doubt = "doubt: Aggregate balance: stated as approximately $619.8 million, not as an exact figure"
    html = unescape(_written(out, "-summary.html").read_text())
    _, above_80 = _metric_cell(html, "Loans above 80% LTV")
    assert doubt in above_80  # the key metrics' share of the same balance
    composition = html.split('id="composition"', 1)[1].split("</section>", 1)[0]
    # Beside each share a short mark (its cell is one of seven: the doubt's words would widen the table past a
    # phone), and the doubt's words under the table, once, with the rows it is about.
    for share in ("98.60%", "1.40%", "0.14%"):
        cell = re.search(rf"<td class=\"num\"[^>]*>{re.escape(share)}(.*?)</td>", composition, re.S)
        assert cell and '<span class="doubt short-mark" role="note">doubt \u2193</span>' in cell.group(1), share
    under = re.findall(r'<ul class="figure-notes" role="note"><li class="note-doubt">(.*?)</li></ul>', composition)
    assert under == [
        f"{doubt} (% of pool: All loans premium, All loans discount)",
        f"{doubt} (% of pool: All loans)",
    ]

    pdf = " ".join(pdf_text(_written(out, "-summary.pdf")).split())
    for share in ("98.60%", "1.40%", "0.14%"):
        assert f"{share} doubt \u2193" in pdf, share
    assert f"{doubt} (% of pool: All loans premium, All loans discount)" in pdf
    assert f"{doubt} (% of pool: All loans)" in pdf

    metric = _long_rows(out).query("section == 'metric'").set_index("metric")
    for key in ("premium_share", "discount_share", "additional_collateral_share"):
        assert metric.loc[key, "flag"] == doubt, key  # the csv says the same


def test_the_index_says_a_figure_the_filing_does_not_state_is_not_stated(tmp_path: Path, term_sheet_path: Path):
    text = term_sheet_path.read_text()
    wac = (
        "1,225. The\nweighted average interest rate on the mortgage loans (before deduction of the\n"
        "servicing fee) as of May 1, 2004 was 5.843%. The weighted"
    )
    ltv = (
        "95%. The weighted average loan-to-value ratio at origination of the\n"
        "mortgage loans as of May 1, 2004 was 64.5%. No more"
    )
    assert text.count(wac) == text.count(ltv) == 1
    unstated = text.replace(wac, "1,225. The weighted").replace(ltv, "95%. No more")
    out = _render(tmp_path, "unstated.txt", unstated, ("html",), index=True)  # the summary's HTML and the index
    summary = unescape(_written(out, "-summary.html").read_text())
    assert "Not stated in this filing: WAC, WA LTV at origination." in summary
    index = unescape((out / "index.html").read_text())
    cells = re.findall(
        r"<td class=\"num\" data-sort=\"\" title=\"([^\"]*)\">\u2014<span[^>]*>([^<]*)</span></td>", index
    )
    assert cells == [("Not stated in this filing", "not stated in this filing")] * 2, cells


def test_a_figure_made_from_a_doubted_one_says_which_figure_is_doubted(term_sheet_path: Path):
    # An outside look: "Average loan balance: stated as approximately $619.8 million" read as if the average
    # itself were stated so; "Seasoning: stated as approximately 358 months" likewise.
    from reporting.derive.metrics import BY_KEY
    from reporting.pipeline import load_filing
    from reporting.read.ingest import ingest_bytes

    text = term_sheet_path.read_text().replace(
        "$619,800,778.37. Information", "approximately $619.8 million. Information"
    )
    deal = load_filing(ingest_bytes(text.encode(), "approximate.txt"))
    pool = deal.whole_deal
    said = "stated as approximately $619.8 million, not as an exact figure"
    assert BY_KEY["aggregate_balance"].note(deal, pool).doubts == (said,)
    assert BY_KEY["average_balance"].note(deal, pool).doubts == (f"Aggregate balance: {said}",)
    assert BY_KEY["share_above_80_ltv"].note(deal, pool).doubts == (f"Aggregate balance: {said}",)


def test_a_fact_the_filing_states_but_that_is_not_read_is_never_said_not_found(tmp_path: Path, term_sheet_path: Path):
    # An outside look at "$619,8 million": the data quality said "Not found in the filing: aggregate_balance, wac."
    # in the model's field names, though page 1 said the balance was in the filing but not read.
    text = term_sheet_path.read_text()
    assert text.count("as of May 1, 2004 was 5.843%.") == 1
    damaged = text.replace("$619,800,778.37. Information", "$619,8 million. Information")
    damaged = damaged.replace("as of May 1, 2004 was 5.843%.", "as of May 1, 2004 was stated elsewhere.")
    out = _render(tmp_path, "damaged.txt", damaged, ("html", "pdf", "email", "xlsx"))
    said = "Not stated in this filing: WAC. In the filing but not read: aggregate balance."
    html = unescape(_written(out, "-summary.html").read_text())
    assert said in html and "aggregate_balance" not in html and "Not found in the filing" not in html
    assert said in " ".join(pdf_text(_written(out, "-summary.pdf")).split())
    plain, email_html = _email(out)
    assert said in plain and said in unescape(email_html)
    assert "All loans aggregate balance: the filing writes it as '$619,8'" in plain  # a doubt, in words too


def test_a_failed_checks_group_heading_is_never_alone_at_a_pages_foot(tmp_path: Path, detailed_path: Path):
    # An outside look: with class B-6 $100,000 over, "Class A" closed page 3 and its failed check began page 4.
    import pypdfium2 as pdfium

    text = detailed_path.read_text()
    assert text.count("$740,547.57") == 1
    out = _render(tmp_path, "classes.txt", text.replace("$740,547.57", "$840,547.57"), ("pdf",))
    pages = [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(_written(out, "-summary.pdf"))]
    for heading, row in (
        ("Class A", "FAILED: class A subordination"),
        ("Class B-5", "FAILED: class B-5 subordination"),
    ):
        (page,) = [i for i, said in enumerate(pages) if row in said]
        assert re.search(rf"(?m)^{heading}\s*$", pages[page]), (heading, page)  # on the page of its row


@pytest.mark.parametrize(
    ("sample", "edit", "said"),
    [
        # A subordination level the classes do not bear out: filings state 12 decimals, every report writes six,
        # each with its unit.
        (
            "detailed",
            ("level is 0.450032689913%.*", "level is 0.550032689913%.*"),
            "stated 0.550033%, found 0.450033%",
        ),
        # A balance the LTV table does not bear out: a whole number of dollars, never "6,368,851.0".
        (
            "term_sheet",
            ("balance of $5,368,851 as of", "balance of $6,368,851 as of"),
            "stated $6,368,851, found $5,368,851",
        ),
    ],
)
def test_every_format_writes_a_failed_checks_figures_as_the_pdf_does(
    tmp_path: Path, term_sheet_path: Path, detailed_path: Path, sample: str, edit: tuple[str, str], said: str
):
    text = (term_sheet_path if sample == "term_sheet" else detailed_path).read_text()
    assert text.count(edit[0]) == 1
    out = _render(tmp_path, f"{sample}.txt", text.replace(*edit), ("pdf", "html", "email"))
    pdf = " ".join(pdf_text(_written(out, "-summary.pdf")).split())
    html = " ".join(unescape(re.sub(r"<[^>]+>", " ", _written(out, "-summary.html").read_text())).split())
    plain, email_html = _email(out)
    email_html = " ".join(re.sub(r"<[^>]+>", " ", email_html).split())
    for name, shown in (("pdf", pdf), ("html", html), ("email text", plain), ("email html", email_html)):
        assert said in shown, name
        # No check's figure with more decimals than the PDF's six, nor a whole number written as a float.
        figures = re.findall(r"(?:stated|found) -?\$?([\d,]+(?:\.\d+)?)", shown)
        assert figures and all(re.fullmatch(r"-?[\d,]+(\.\d{1,6})?", f) for f in figures), (name, figures)
        assert not [f for f in figures if f.endswith(".0")], name
    (line,) = [line for line in plain.splitlines() if line.startswith("(!) FAILED") and said in line]
    assert line.endswith(said)


def test_checks_that_could_not_run_get_an_amber_banner_and_the_subject_says_what_was_not_read(
    tmp_path: Path, term_sheet_path: Path
):
    """The balance and the WAC written so they cannot be read: 9 checks cannot run. A failed check gets a red
    banner; these got none, and the subject read "1,225 loans" as if it were the whole headline."""
    text = term_sheet_path.read_text()
    damaged = text.replace("$619,800,778.37. Information", "$619,8 million. Information").replace(
        "2004 was 5.843%. The", "2004 was 5.8.43%. The"
    )
    out = _render(tmp_path, "damaged.txt", damaged, ("pdf", "html", "email"))
    banner = (
        "Not every reconciliation check could run (9 could not run: the aggregate balance and the WAC could not"
        " be read). The figures they would confirm are not verified."
    )
    first_page = " ".join(pdf_pages(_written(out, "-summary.pdf"))[0].split())
    assert banner in first_page
    html = unescape(_written(out, "-summary.html").read_text())
    header = html.split("</header>", 1)[0]
    assert f'<p class="band-alert unverified not-run" role="alert">{banner}</p>' in header

    message = message_of(_written(out, "-summary.eml"))
    # a term sheet's, hence "preliminary" (Dec 4): tests/test_preliminary.py
    assert subject_of(message) == "CMSI 2004-3 preliminary collateral summary: 1,225 loans; balance and WAC not read"
    plain, email_html = _email(out)
    alert = re.search(r'<td class="alert amber not-run"[^>]*style="([^"]*)"[^>]*>([^<]*)</td>', email_html)
    assert alert and alert.group(2) == banner
    assert "background-color: #8a5a00" in alert.group(1)  # amber, not the red of a failure
    assert "1,225 loans; balance and WAC not read" in email_html  # the header's headline, as the subject


def test_a_deal_every_check_of_which_ran_has_no_amber_banner(tmp_path: Path, term_sheet_path: Path):
    out = _render(tmp_path, "clean.txt", term_sheet_path.read_text(), ("html", "email"))
    assert "not-run" not in _written(out, "-summary.html").read_text()
    _, email_html = _email(out)
    assert "not-run" not in email_html and "not read" not in message_of(_written(out, "-summary.eml"))["Subject"]


def test_the_index_tells_two_filings_of_one_series_apart(tmp_path: Path, term_sheet_path: Path):
    # An outside look: six rows read "CMSI 2004-3" with nothing to tell which filing each was.
    filings = tmp_path / "filings"
    filings.mkdir()
    text = term_sheet_path.read_text()
    (filings / "term-sheet.txt").write_text(text)
    (filings / "term-sheet-recount.txt").write_text(text.replace("2004 was 1,225. The", "2004 was 1,252. The"))
    out = tmp_path / "out"
    run_batch([filings], out, ["html"])
    index = unescape((out / "index.html").read_text())
    heads = re.findall(r'<th scope="row" data-sort="([^"]*)">CMSI 2004-3<span class="file">([^<]*)</span></th>', index)
    assert len(heads) == 2 and all(stem == shown for stem, shown in heads)
    assert len({shown for _, shown in heads}) == 2  # each its own name
