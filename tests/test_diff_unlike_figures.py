"""An outside analyst's review of the diff (Dec 4): figures that are not one figure measured twice, and bounds.

1. The premium and discount loans are the loans at or above, and below, a net-rate threshold each filing states.
   2004-3 defines them at 5.250%, 2004-8's pool I at 5.50%: two groups of loans, not one group grown or shrunk.
   The pool-I diff printed "Premium loans 98.60% -> 92.26%, -6.34 pp" and "Discount loans +451.8%". Every format
   must say beside the figures that they are not comparable, and why, and print no change for them.
2. The filings state the original balances and terms as limits ("not less than $54,500, nor more than
   $1,000,000"; "at least 20 but no more than 30 years"). The diff printed "-8.3%" and "-40.0%" of them, as of
   measured figures: they carry >= and <= as bounds, and no relative change.
3. The largest zip code share is a bound termsheet computes (7,749,519 / 619,800,778.37 = 1.2503%), printed
   rounded up ("<= 1.26%"). The workbooks stored that rounded figure (0.0126) where the JSON and the CSV give
   1.250324, and the diff workbook's change, a formula of the rounded cells, gave +0.09 pp where every other
   format gives +0.10 pp (6,659,274 / 493,641,377.57 = 1.3490%, less 1.2503%).
"""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from pathlib import Path

import jsonschema
import pytest
from reading import html_of, message_of, pdf_text
from shared_renders import FIXED_TIME
from workbooks import Workbook, evaluate, row_of

from reporting.cli import main
from reporting.deliver.write import render_deal, render_diff
from reporting.derive.diff import build_diff
from reporting.model.deal import Deal
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes
from reporting.samples import TERM_SHEET_2004_3

SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "reporting/schema/diff.schema.json").read_text())
GROUPS = ("Premium loans", "Premium loans WAC", "Discount loans", "Discount loans WAC")
UNLIKE = "not comparable: defined at 5.250% vs 5.50%"  # 2004-3: "5.250%"; 2004-8 pool I: "5.50%", as written
FORMATS = ["pdf", "html", "json", "email", "xlsx", "text"]


def _files(folder: Path) -> dict[str, Path]:
    """The diff's files by kind: "pdf", "html", "json", "xlsx", "eml", "txt", "preview" (the email's HTML)."""
    found = {}
    for path in folder.iterdir():
        found["preview" if path.name.endswith("-email.html") else path.suffix.lstrip(".")] = path
    return found


@pytest.fixture(scope="module")
def pool_one(tmp_path_factory, term_sheet: Deal, detailed: Deal) -> dict[str, Path]:
    """`termsheet diff 2004-3 2004-8 --pool all:I` in every format, as render_diff writes it."""
    folder = tmp_path_factory.mktemp("pool-one")
    render_diff(build_diff(term_sheet, detailed, "all:I"), folder, FORMATS, generated_at=FIXED_TIME)
    return _files(folder)


@pytest.fixture(scope="module")
def whole(tmp_path_factory, term_sheet: Deal, detailed: Deal) -> dict[str, Path]:
    """`termsheet diff 2004-3 2004-8` (the whole deals) in every format."""
    folder = tmp_path_factory.mktemp("whole")
    render_diff(build_diff(term_sheet, detailed), folder, FORMATS, generated_at=FIXED_TIME)
    return _files(folder)


def _html_row(html: str, label: str) -> list[str]:
    """The texts of the diff's metric row ``label``: the figure's name, old, new, change, relative."""
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S):
        cells = [
            " ".join(unescape(re.sub(r"<[^>]+>", " ", c)).split())
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        if cells and (cells[0] == label or cells[0] == f"{label} % of balance"):
            return cells
    raise AssertionError(f"no row {label!r}")


def _pdf_line(text: str, label: str) -> str:
    """The PDF's line of the metric ``label`` with the two under it (a mark or a long note wraps onto them)."""
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if re.match(rf"{re.escape(label)}( % of balance)? ", line))
    return " ".join(lines[at : at + 3])


def _metric(data: dict, key: str) -> dict:
    return next(m for m in data["metrics"] if m["key"] == key)


# --- 1. premium and discount loans of two thresholds --------------------------------------------------------


def test_groups_of_two_thresholds_have_no_change_and_say_why(term_sheet: Deal, detailed: Deal):
    diff = build_diff(term_sheet, detailed, "all:I")
    by_key = {m.key: m for m in diff.metrics}
    threshold = by_key["premium_threshold_net_rate"]
    assert (threshold.old, threshold.new) == (5.25, 5.5)  # the filings' "5.250%" and "5.50%"
    for key in ("premium_share", "premium_wac", "discount_share", "discount_wac"):
        metric = by_key[key]
        assert metric.old is not None and metric.new is not None  # both shown, side by side
        assert (metric.change, metric.relative) == (None, None)
        assert metric.not_comparable_said == UNLIKE
    # 611,102,780 of 619,800,778.37 and 309,146,133 of 335,095,817.07: the figures themselves as stated
    assert by_key["premium_share"].old == pytest.approx(611_102_780 / 619_800_778.37 * 100)
    assert by_key["premium_share"].new == pytest.approx(309_146_133 / 335_095_817.07 * 100)
    assert "premium_share" not in {k.metric for k in diff.key_changes}
    assert any(
        "different net-rate thresholds (CMSI 2004-3 all loans: 5.250%; CMSI 2004-8 pool I: 5.50%)" in c
        for c in diff.cautions
    )


def test_groups_of_one_threshold_written_two_ways_are_compared(term_sheet: Deal, detailed: Deal):
    # 2004-8's pool III defines its premium loans at "5.25%", 2004-3 at "5.250%": one threshold, one group.
    diff = build_diff(term_sheet, detailed, "all:III")
    premium = next(m for m in diff.metrics if m.key == "premium_share")
    assert premium.not_comparable is None and premium.change is not None
    assert not any("net-rate threshold" in c for c in diff.cautions)


def test_a_filing_edited_to_the_other_threshold_is_compared(detailed: Deal):
    # 2004-3 rewritten to define its groups at 5.500%, pool I's threshold (5.50%): the same groups' definition.
    text = TERM_SHEET_2004_3.read_text(encoding="utf-8")
    for words in ("or equal to 5.250%", "less than 5.250%"):  # the narrative's two, not the rate table's bucket
        assert text.count(words) == 1
        text = text.replace(words, words.replace("5.250%", "5.500%"))
    edited = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-at-5.5.txt"))
    assert edited.whole_deal.premium_discount.threshold_net_rate == 5.5
    diff = build_diff(edited, detailed, "all:I")
    premium = next(m for m in diff.metrics if m.key == "premium_share")
    assert premium.not_comparable is None and premium.change == pytest.approx(-6.340605518)


def test_groups_of_a_threshold_not_read_are_not_compared_either(detailed: Deal):
    # 2004-3 rewritten to name no rate ("greater than or equal to the rate in the prospectus"): its groups' balances
    # are read, the threshold they are defined at is not, so nothing says they are pool I's groups (5.50%).
    text = TERM_SHEET_2004_3.read_text(encoding="utf-8")
    for words, instead in (
        ("or equal to 5.250%", "or equal to the rate in the prospectus"),
        ("less than 5.250%", "less than that rate"),
    ):
        assert text.count(words) == 1
        text = text.replace(words, instead)
    edited = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-no-rate.txt"))
    split = edited.whole_deal.premium_discount
    assert split.threshold_net_rate is None and split.premium.balance == 611_102_780
    diff = build_diff(edited, detailed, "all:I")
    premium = next(m for m in diff.metrics if m.key == "premium_share")
    assert premium.change is None and premium.relative is None
    assert (
        premium.not_comparable_said
        == "not comparable: the net-rate threshold CMSI 2004-3 defines its groups at is not known"
    )
    assert any(
        c.startswith("The premium and discount loans may not be the same groups of loans") for c in diff.cautions
    )


def test_the_pdf_and_html_say_not_comparable_beside_the_groups_and_print_no_change(pool_one):
    html = pool_one["html"].read_text()
    for label in GROUPS:
        name, old, new, change, relative = _html_row(html, label)
        assert change == UNLIKE and relative == "\u2014", label
    assert _html_row(html, "Premium loans")[1:3] == ["98.60%", "92.26%"]
    text = pdf_text(pool_one["pdf"])
    for label in GROUPS:
        line = _pdf_line(text, label)
        assert "not comparable: defined at 5.250% vs" in line and "5.50%" in line, line
    assert "-6.34 pp" not in text and "+451.8%" not in text and "+6.34 pp" not in text
    assert "different net-rate thresholds (CMSI 2004-3 all loans: 5.250%; CMSI 2004-8 pool I:" in " ".join(text.split())


def test_the_email_and_the_terminal_say_the_groups_are_not_the_same(pool_one, term_sheet_path, detailed_path, capsys):
    said = "The premium and discount loans are defined at different net-rate thresholds (CMSI 2004-3 all loans: 5.250%"
    message = message_of(pool_one["eml"])
    assert main(["diff", str(term_sheet_path), str(detailed_path), "--pool", "all:I", "--format", "text"]) == 0
    printed = capsys.readouterr().out
    for body in (
        html_of(message),
        pool_one["preview"].read_text(),
        message.get_body(("plain",)).get_content(),
        printed,
    ):
        assert said in " ".join(unescape(body).split())
    assert "+451.8%" not in html_of(message) and "+451.8%" not in printed


def test_the_workbook_gives_no_change_for_the_groups_and_says_why(pool_one):
    book = Workbook.read(pool_one["xlsx"])
    sheet, _ = book.sheet("Metrics")
    for label in GROUPS:
        row = row_of(sheet, label)
        change, relative, notes = (sheet.cell(row, c).value for c in (4, 5, 6))
        assert change == UNLIKE and relative == "\u2014" and UNLIKE in notes, label
    row = row_of(sheet, "Premium loans")
    assert sheet.cell(row, 2).value == pytest.approx(611_102_780 / 619_800_778.37)


def test_the_json_gives_no_change_for_the_groups_and_keeps_to_its_schema(pool_one):
    data = json.loads(pool_one["json"].read_text())
    jsonschema.validate(data, SCHEMA)
    for key in ("premium_share", "premium_wac", "discount_share", "discount_wac"):
        metric = _metric(data, key)
        assert (metric["change"], metric["relative"], metric["not_comparable"]) == (None, None, UNLIKE[16:])
    assert _metric(data, "wac")["not_comparable"] is None


def test_the_thresholds_are_written_as_their_filings_write_them_in_every_format(pool_one, tmp_path, detailed: Deal):
    # Beside "defined at 5.250% vs 5.50%" the threshold's own row printed "5.500%", a precision 2004-8 does not give
    # (its summary writes "5.50%").
    assert _html_row(pool_one["html"].read_text(), "Premium/discount net-rate threshold")[1:4] == [
        "5.250%",
        "5.50%",
        "+25 bp",
    ]
    assert "threshold 5.250% 5.50% +25 bp" in _pdf_line(
        pdf_text(pool_one["pdf"]), "Premium/discount net-rate threshold"
    )
    sheet, _ = Workbook.read(pool_one["xlsx"]).sheet("Metrics")
    row = row_of(sheet, "Premium/discount net-rate threshold")
    assert [(sheet.cell(row, c).value, sheet.cell(row, c).number_format) for c in (2, 3)] == [
        (pytest.approx(0.0525), "0.000%"),
        (pytest.approx(0.055), "0.00%"),
    ]
    data = json.loads(pool_one["json"].read_text())
    jsonschema.validate(data, SCHEMA)
    assert (
        _metric(data, "premium_threshold_net_rate")["old_places"],
        _metric(data, "premium_threshold_net_rate")["new_places"],
    ) == (3, 2)
    render_deal(detailed, tmp_path, ("csv",), generated_at=FIXED_TIME)
    (long,) = tmp_path.rglob("*-long.csv")
    rows = list(csv.DictReader(io.StringIO(long.read_text(encoding="utf-8-sig"))))
    printed = {r["pool"]: r["as_printed"] for r in rows if r["metric"] == "premium_threshold_net_rate"}
    assert printed == {"I": "5.50%", "II": "4.75%", "III": "5.25%"}  # as the filing writes each


# --- 2. eligibility limits are bounds --------------------------------------------------------------------


LIMITS = {  # label: (the filings' bounds as every format writes them, the change)
    "Smallest original balance": ("\u2265 $54,500", "\u2265 $50,000", "-$4,500"),
    "Largest original balance": ("\u2264 $1,000,000", "\u2264 $1,000,000", "$0"),
    "Shortest original term": ("\u2265 20 years", "\u2265 12 years", "-8 years"),
    "Longest original term": ("\u2264 30 years", "\u2264 30 years", "0 years"),
}


def test_the_pdf_and_html_give_limits_as_bounds_with_no_relative_change(whole):
    html = whole["html"].read_text()
    text = pdf_text(whole["pdf"])
    for label, (old, new, change) in LIMITS.items():
        cells = _html_row(html, label)
        assert cells[1].startswith(old) and cells[2].startswith(new), cells
        assert cells[3:] == [change, "\u2014"], cells
        assert re.search(
            rf"{re.escape(label)} {re.escape(old)} {re.escape(new)}.* {re.escape(change)} \u2014",
            _pdf_line(text, label),
        )
    assert "-8.3%" not in text and "-40.0%" not in text


def test_the_workbook_and_json_give_limits_as_bounds_with_no_relative_change(whole):
    book = Workbook.read(whole["xlsx"])
    sheet, _ = book.sheet("Metrics")
    row = row_of(sheet, "Smallest original balance")
    old, new, change, relative = (sheet.cell(row, c) for c in (2, 3, 4, 5))
    assert (old.value, new.value) == (54_500, 50_000)
    assert old.number_format.startswith('"\u2265 "') and new.number_format.startswith('"\u2265 "')
    assert evaluate(book, "Metrics", change.value) == -4_500 and relative.value == "\u2014"
    row = row_of(sheet, "Shortest original term")
    assert sheet.cell(row, 2).number_format.startswith('"\u2265 "') and sheet.cell(row, 5).value == "\u2014"
    assert sheet.cell(row_of(sheet, "Largest original balance"), 2).number_format.startswith('"\u2264 "')
    data = json.loads(whole["json"].read_text())
    jsonschema.validate(data, SCHEMA)
    for key, bound, change in (
        ("original_balance_min", "at_least", -4_500),
        ("original_balance_max", "no_more_than", 0),
        ("original_term_min_years", "at_least", -8),
        ("original_term_max_years", "no_more_than", 0),
    ):
        metric = _metric(data, key)
        assert (metric["bound"], metric["change"], metric["relative"]) == (bound, change, None), key


# --- 3. the largest zip code share: a computed bound, held as known --------------------------------------


ZIP_OLD = 7_749_519 / 619_800_778.37 * 100  # 1.2503%: 2004-3's "no more than $7,749,519" of its balance
ZIP_NEW = 6_659_274 / 493_641_377.57 * 100  # 1.3490%: 2004-8's, of all its loans


def test_the_deal_workbook_holds_the_computed_bound_as_the_csv_and_json_give_it(tmp_path, term_sheet: Deal):
    render_deal(term_sheet, tmp_path, ("xlsx", "csv", "json"), generated_at=FIXED_TIME)
    (xlsx,) = tmp_path.rglob("*.xlsx")
    (long,) = tmp_path.rglob("*-long.csv")
    sheet, _ = Workbook.read(xlsx).sheet("Summary")
    cell = sheet.cell(row_of(sheet, "Largest zip code share"), 2)
    assert cell.value == pytest.approx(ZIP_OLD / 100, abs=1e-12)  # not the 0.0126 it showed
    assert cell.number_format == '"\u2264 1.26%"'  # as the PDF prints it: rounded up, as a cap
    note = sheet.cell(cell.row, 3).value  # its notes say so: not a bound the filing states as such
    assert "a bound computed from the filing's figures" in note and "(All loans 1.250324%)" in note
    assert "rounded up" in note and "a bound the filing states" not in note
    rows = list(csv.DictReader(io.StringIO(long.read_text(encoding="utf-8-sig"))))
    (row,) = [r for r in rows if r["metric"] == "largest_zip_share" and r["pool"] == "all"]
    assert float(row["value"]) == pytest.approx(cell.value * 100, abs=1e-6)
    assert row["as_printed"] == "\u2264 1.26%"


def test_the_diff_workbooks_change_in_the_zip_share_is_every_formats(whole):
    book = Workbook.read(whole["xlsx"])
    sheet, values = book.sheet("Metrics")
    row = row_of(sheet, "Largest zip code share")
    old, new, change = (sheet.cell(row, c) for c in (2, 3, 4))
    assert (old.value, new.value) == (pytest.approx(ZIP_OLD / 100, abs=1e-12), pytest.approx(ZIP_NEW / 100, abs=1e-12))
    assert (old.number_format, new.number_format) == ('"\u2264 1.26%"', '"\u2264 1.35%"')
    # the formula on the cells, and the result stored with it, print +0.10 pp (0.0987): not +0.09 pp
    for result in (evaluate(book, "Metrics", change.value), values.cell(row, 4).value):
        assert round(result, 2) == 0.10 and result == pytest.approx(ZIP_NEW - ZIP_OLD, abs=1e-9)
    assert change.number_format.startswith('+0.00" pp"')
    assert "each cell holds it as known (CMSI 2004-3 1.250324%, CMSI 2004-8 1.349010%)" in sheet.cell(row, 6).value
    data = json.loads(whole["json"].read_text())
    assert _metric(data, "largest_zip_share")["change"] == pytest.approx(ZIP_NEW - ZIP_OLD, abs=1e-8)
    assert "+0.10 pp" in _pdf_line(pdf_text(whole["pdf"]), "Largest zip code share")
    assert _html_row(whole["html"].read_text(), "Largest zip code share")[3] == "+0.10 pp"
