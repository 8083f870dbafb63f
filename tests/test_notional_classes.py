"""An interest-only class's notional balance (A-IO) beside a principal-only class (A-PO): read into the model, shown
marked as notional in every output, never summed into the deal, and a small class labelled in the capital chart.

The deal is 2004-8 as an outside analyst varied it: class A's $481,546,830.00 split into class A $478,999,314.00 and
class A-PO $2,547,516.00 (so the principal classes still add up to the deal), and a class A-IO with a notional
balance of $23,456,789.00."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from reading import pdf_text
from shared_renders import FIXED_TIME
from workbooks import Workbook, evaluate, row_of

from reporting.derive.diff import build_diff
from reporting.derive.summary import summarise
from reporting.model.deal import Deal, provenance_of
from reporting.pipeline import load_filing
from reporting.present.charts import capital_figure
from reporting.present.deal_workbook import deal_workbook
from reporting.present.diff_report import build_report, render_diff_html
from reporting.present.email import plain_text
from reporting.present.jsonio import deal_to_dict, deal_to_json, diff_to_dict
from reporting.present.summary_page import render_html, summary_pdf
from reporting.present.terminal import deal_summary
from reporting.read.deal_json import deal_from_json
from reporting.read.ingest import ingest_bytes
from reporting.samples import DETAILED_2004_8

REPO = Path(__file__).resolve().parent.parent
SAMPLE = DETAILED_2004_8.read_text(encoding="utf-8")
CLASS_A = "October 1, 2004 was $481,546,830.00.\n"
NOT_PRINCIPAL = "n/a (notional)"  # what a notional class shows for its share of the deal and its level
IO_SENTENCE = "     The class A-IO certificates have an initial notional balance of {}.\n"


def _variant(notional: str = "$23,456,789.00") -> str:
    assert SAMPLE.count(CLASS_A) == 1
    return SAMPLE.replace(
        CLASS_A,
        "October 1, 2004 was $478,999,314.00.\n\n"
        "     The aggregate initial principal balance of the class A-PO certificates as of\n"
        "October 1, 2004 was $2,547,516.00.\n\n" + IO_SENTENCE.format(notional),
    )


def _parse(text: str, name: str = "cmsi-2004-8-io.txt") -> Deal:
    return load_filing(ingest_bytes(text.encode(), name))


@pytest.fixture(scope="module")
def deal() -> Deal:
    return _parse(_variant())


@pytest.fixture(scope="module")
def sample() -> Deal:
    return _parse(SAMPLE, "cmsi-2004-8.txt")


# --- the model ----------------------------------------------------------------------------------


def test_the_notional_balance_is_read_apart_from_the_principal_classes(deal: Deal):
    by_name = {c.name: c for c in deal.classes}
    assert [c.name for c in deal.classes] == ["A", "A-PO", "A-IO", "B-1", "B-2", "B-3", "B-4", "B-5", "B-6"]
    io = by_name["A-IO"]
    assert (io.notional_balance, io.initial_balance, io.subordination_level) == (23_456_789.00, None, None)
    assert io.is_notional and not by_name["A-PO"].is_notional and not by_name["A"].is_notional
    assert (by_name["A"].initial_balance, by_name["A-PO"].initial_balance) == (478_999_314.00, 2_547_516.00)
    assert by_name["A-PO"].notional_balance is None
    # traced to the filing line that states it
    (line,) = provenance_of(io, "notional_balance").source_lines
    assert "$23,456,789.00" in _variant().split("\n")[line - 1]
    assert not any("not listed" in w for w in deal.warnings)


def test_the_deals_checks_still_pass_with_the_principal_classes_alone(deal: Deal, sample: Deal):
    assert deal.checks and all(c.passed for c in deal.checks)
    adding_up = [c for c in deal.checks if c.subject == "Certificate classes"]
    assert len(adding_up) == 1
    assert adding_up[0].expected == adding_up[0].actual == pytest.approx(493_641_377.57, abs=0.005)
    # the same checks as the sample's: none about A-IO's notional, none not run, nothing missing
    assert [c.name for c in deal.checks] == [c.name for c in sample.checks]
    assert deal.missing == sample.missing and deal.not_run == sample.not_run
    assert not any("A-IO" in c.concerns for c in deal.checks)


def test_a_table_of_classes_reads_the_notional_row_as_notional():
    # The classes as a table: A-IO's row states its notional balance in the balance column, marked "(notional)".
    lines = SAMPLE.split("\n")
    first = next(i for i, line in enumerate(lines) if "principal balance of the class A certificates" in line)
    last = next(i for i, line in enumerate(lines) if "class B-5 subordination level" in line)
    table = [
        "     Class          Initial Principal Balance     Subordination Level",
        "     -----          -------------------------     -------------------",
        "     A                        $478,999,314.00          2.450067623897%",
        "     A-PO                       $2,547,516.00",
        "     A-IO          (notional) $23,456,789.00",
        "     B-1                        $6,170,000.00          1.200172400289%",
        "     B-2                        $2,469,000.00          0.700011734635%",
        "     B-3                        $1,234,000.00          0.450032689913%",
        "     B-4                          $987,000.00          0.250089969378%",
        "     B-5                          $494,000.00          0.150017321005%",
        "     B-6                          $740,547.57",
    ]
    deal = _parse("\n".join(lines[:first] + table + lines[last + 1 :]))
    by_name = {c.name: c for c in deal.classes}
    assert by_name["A-IO"].notional_balance == 23_456_789.00 and by_name["A-IO"].initial_balance is None
    assert by_name["A-PO"].initial_balance == 2_547_516.00 and by_name["A"].initial_balance == 478_999_314.00
    assert all(c.passed for c in deal.checks) and any(c.subject == "Certificate classes" for c in deal.checks)


# Two interest-only classes' notional balances listed together, in the layouts the classes' principal balances are
# listed in. Each was lost: said "not listed" (their figures in no report), or, run on after the list's opening in
# one sentence, not even said.
_NOTIONALS_OPENING = "     The initial notional balances of the interest only certificates as of\nOctober 1, 2004 were"
NOTIONAL_LISTS = {
    "items a paragraph each after a colon": f"{_NOTIONALS_OPENING}:\n\n"
    "     (a) the class IA-IO certificates, $23,456,789.00;\n\n     (b) the class IIA-IO certificates, $3,456,789.00.\n",
    "items each a sentence": f"{_NOTIONALS_OPENING} as follows.\n\n"
    "     (a) the class IA-IO certificates, $23,456,789.00.\n\n     (b) the class IIA-IO certificates, $3,456,789.00.\n",
    "items run on": f"{_NOTIONALS_OPENING} as follows: class IA-IO,\n$23,456,789.00; class IIA-IO, $3,456,789.00.\n",
    "respectively": "     The initial notional balances of the class IA-IO and class IIA-IO certificates as of\n"
    "October 1, 2004 were $23,456,789.00 and $3,456,789.00, respectively.\n",
    "have ..., respectively": "     The class IA-IO and class IIA-IO certificates have initial notional balances of\n"
    "$23,456,789.00 and $3,456,789.00, respectively.\n",
}


@pytest.mark.parametrize("listed", NOTIONAL_LISTS.values(), ids=NOTIONAL_LISTS.keys())
def test_notional_balances_listed_together_are_each_classs(listed: str, sample: Deal):
    text = _variant().replace(IO_SENTENCE.format("$23,456,789.00"), listed)
    deal = _parse(text)
    notional = [(c.name, c.initial_balance, c.notional_balance) for c in deal.classes if c.is_notional]
    assert notional == [("IA-IO", None, 23_456_789.00), ("IIA-IO", None, 3_456_789.00)]
    lines = text.split("\n")
    for io in (c for c in deal.classes if c.is_notional):  # each traced to the lines of the sentence stating its figure
        cited = " ".join(lines[n - 1] for n in provenance_of(io, "notional_balance").source_lines)
        assert f"${io.notional_balance:,.2f}" in cited
    assert not any("not listed" in w or "notional" in w for w in deal.warnings)
    # never a principal class: the principal classes still add up to the deal, the checks the sample's
    assert all(c.passed for c in deal.checks) and [c.name for c in deal.checks] == [c.name for c in sample.checks]


def test_a_notional_list_item_of_a_class_not_named_interest_only_is_said_not_listed():
    # "(b) the class B-7 certificates, $3,456,789.00" under notional balances: a notional balance of a class its name
    # does not call interest only is no reading to trust: said, not listed; the interest-only class's is read.
    listed = NOTIONAL_LISTS["items each a sentence"].replace("class IIA-IO", "class B-7")
    deal = _parse(_variant().replace(IO_SENTENCE.format("$23,456,789.00"), listed))
    assert [(c.name, c.notional_balance) for c in deal.classes if c.is_notional] == [("IA-IO", 23_456_789.00)]
    assert "class B-7: a notional balance (interest only), not a principal balance; not listed" in deal.warnings
    assert "B-7" not in {c.name for c in deal.classes}


# --- the outputs ----------------------------------------------------------------------------------


def test_the_json_carries_the_notional_balance_and_reads_it_back(deal: Deal):
    data = deal_to_dict(deal)
    jsonschema.validate(data, json.loads((REPO / "reporting/schema/deal.schema.json").read_text()))
    io = next(c for c in data["classes"] if c["name"] == "A-IO")
    assert (io["notional_balance"], io["initial_balance"]) == (23_456_789.00, None)
    assert next(c for c in data["classes"] if c["name"] == "A-PO")["notional_balance"] is None
    assert deal_from_json(deal_to_json(deal), "x.json").classes == deal.classes


def test_the_capital_structure_shows_the_notional_balance_marked_and_out_of_the_total(deal: Deal):
    capital = summarise(deal).capital
    io = next(c for c in capital.classes if c.name == "A-IO")
    assert (io.notional, io.notional_balance, io.balance, io.share) == (True, 23_456_789.00, None, None)
    assert capital.total_balance == pytest.approx(493_641_377.57, abs=0.005) and not capital.failed
    html = render_html(summarise(deal), {}, generated_at=FIXED_TIME)
    row = html[html.index('<tr class="notional"><th scope="row">A-IO</th>') :].split("</tr>")[0]
    assert "$23,456,789.00 notional" in row and row.count(NOT_PRINCIPAL) == 2
    total = html[html.index('<tfoot><tr><th scope="row">Total</th>') :].split("</tr>")[0]
    assert "$493,641,377.57" in total and "100.000%" in total
    assert 'A-PO</th><td class="num">$2,547,516.00</td><td class="num">0.516%</td>' in html
    assert capital.NOTIONAL_NOTE.replace("'", "&#39;") in html  # as the template escapes it


def test_the_pdf_shows_the_notional_balance(deal: Deal):
    text = " ".join(pdf_text(summary_pdf(summarise(deal), generated_at=FIXED_TIME)).split())
    assert f"A-IO $23,456,789.00 notional {NOT_PRINCIPAL} {NOT_PRINCIPAL}" in text
    assert "A-PO $2,547,516.00 0.516%" in text and "Total $493,641,377.57 100.000%" in text


def test_the_workbook_keeps_the_notional_balance_out_of_the_sum(deal: Deal):
    book = Workbook.read(deal_workbook(summarise(deal), "plain", "utf-8", FIXED_TIME))
    formulas, values = book.sheet("Classes")
    io, total = row_of(values, "A-IO"), row_of(values, "Total")
    assert values.cell(io, 7).value == 23_456_789.00  # the notional column
    assert [values.cell(io, col).value for col in (2, 3, 4)] == [NOT_PRINCIPAL] * 3
    header = row_of(values, "Class")
    assert values.cell(header, 7).value == "Notional balance (interest only)"
    assert evaluate(book, "Classes", formulas.cell(total, 2).value) == pytest.approx(493_641_377.57, abs=0.005)
    a_po = row_of(values, "A-PO")
    assert evaluate(book, "Classes", formulas.cell(a_po, 3).value) == pytest.approx(2_547_516.00 / 493_641_377.57)


def test_the_terminal_and_the_email_mark_the_notional_balance(deal: Deal):
    terminal = deal_summary(deal).split("\n")
    assert "  A-IO       $23,456,789.00 notional  (interest only, not principal)" in terminal
    assert "  A-PO        $2,547,516.00  " in terminal
    text = plain_text(summarise(deal))
    io = next(line for line in text.split("\n") if line.startswith("A-IO "))
    assert io.split() == ["A-IO", "$23,456,789.00", "notional", *NOT_PRINCIPAL.split() * 2]
    assert next(line for line in text.split("\n") if line.startswith("Total ")).split()[1:] == [
        "$493,641,377.57",
        "100.000%",
    ]


def test_the_diff_compares_a_notional_balance_with_a_notional_balance(deal: Deal):
    later = _parse(_variant("$25,000,000.00"), "cmsi-2004-9-io.txt")
    diff = build_diff(deal, replace(later, series="2004-9"))
    io = next(c for c in diff.classes if c.name == "A-IO")
    assert (io.notional.old, io.notional.new, io.notional.change) == (23_456_789.00, 25_000_000.00, 1_543_211.00)
    assert (io.balance.old, io.balance.new) == (None, None) and not io.principal_stated
    a_po = next(c for c in diff.classes if c.name == "A-PO")
    assert a_po.notional is None and a_po.balance.old == a_po.balance.new == 2_547_516.00
    jsonschema.validate(diff_to_dict(diff), json.loads((REPO / "reporting/schema/diff.schema.json").read_text()))
    html = render_diff_html(build_report(diff), {}, generated_at=FIXED_TIME)
    assert "Class A-IO notional balance" in html and "Class A-IO balance" not in html


# --- the capital chart --------------------------------------------------------------------------


def test_every_block_of_the_whole_deal_is_labelled_and_no_labels_overlap(deal: Deal):
    figure = capital_figure(summarise(deal).capital)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()  # the labels placed where they are drawn
    renderer = canvas.get_renderer()
    for axes in figure.axes:
        # the labels' own text (an annotation's extent spans its leader line too)
        boxes: list[Bbox] = [Text.get_window_extent(t, renderer) for t in axes.texts]
        for i, one in enumerate(boxes):
            assert not any(one.overlaps(other) for other in boxes[i + 1 :]), [t.get_text() for t in axes.texts]
    whole, zoom = figure.axes
    labels = {t.get_text() for t in whole.texts}
    assert labels == {"A  97.034%", "A-PO  0.516%", "B-1 to B-6"}  # A-PO, 0.5% of the deal, labelled too
    a_po = next(t for t in whole.texts if t.get_text().startswith("A-PO"))
    assert a_po.arrow_patch is not None  # a leader line to its thin block
    assert a_po.xy[1] == pytest.approx(2.450067623897 + 0.516066 / 2, abs=0.001)  # pointing at the block
    assert {t.get_text().split()[0] for t in zoom.texts} == {"B-1", "B-2", "B-3", "B-4", "B-5", "B-6"}


def test_the_long_table_gives_the_notional_balance_as_its_own_figure(deal: Deal):
    from reporting.present.long_table import deal_long_table

    frame = deal_long_table(deal, summarise(deal))
    classes = frame[frame["section"] == "class"]
    io = classes[classes["bucket"] == "A-IO"].iloc[0]
    assert (io["metric"], io["value"], io["as_printed"]) == (
        "notional_balance",
        23_456_789.00,
        "$23,456,789.00 notional",
    )
    assert classes["balance"].sum() == pytest.approx(493_641_377.57, abs=0.005)  # the principal classes alone
