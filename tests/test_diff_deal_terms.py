"""The diff compares the loss limits and the share secured by investment properties (Dec 4).

termsheet read them (``deal_terms``) but the diff left them out: a deal that set a $6,000,000 special hazard loss
limit where the last had none showed no change at all. Now each is a figure of the diff in every format:

* "There are no ... loss limits" is "None" (no limit: never $0, never the dash of a figure not stated), and "None"
  against an amount is a change ("new limit"), a key change whatever the amount; amounts move as amounts.
* A share stated as a cap ("No more than 5%") against none of the loans moves as a cap (pp, no relative change);
  against a share stated as a figure ("approximately 2.1%") it is not comparable; two figures move as figures.
* A fact one deal does not state (the 2004-3 term sheet states neither) is not stated on that side.

Each filing is the 2004-8 sample, or the sample with its sentence edited as other filings word it.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import jsonschema
import pytest
from layouts import replaced_once
from reading import message_of, pdf_text, text_of
from shared_renders import FIXED_TIME
from workbooks import Workbook, row_of

from reporting import api
from reporting.deliver.write import render_diff
from reporting.derive.diff import build_diff
from reporting.derive.key_changes import ranking_in_words
from reporting.model.deal import Bound, Deal
from reporting.model.diff import DealDiff, MetricChange, Side
from reporting.pipeline import load_filing
from reporting.present.terminal import diff_summary
from reporting.read.ingest import ingest_bytes
from reporting.samples import DETAILED_2004_8

SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "reporting/schema/diff.schema.json").read_text())
NO_LIMITS = "There are no special hazard, fraud or bankruptcy loss limits."
LIMITS = "The special hazard, fraud and bankruptcy loss limits are {}, {} and {}, respectively."
NO_INVESTMENT = "None of the mortgage loans are secured by investment properties."
CAPPED = "No more than 5% of the mortgage loans are secured by investment properties."
ABOUT = "Approximately 2.1% of the mortgage loans are secured by investment properties."
KINDS = ("special_hazard", "fraud", "bankruptcy")


def _edited(*edits: tuple[str, str]) -> Deal:
    text = DETAILED_2004_8.read_text(encoding="utf-8")
    for old, new in edits:
        text = replaced_once(text, old, new)
    return load_filing(ingest_bytes(text.encode(), "cmsi-2004-8-edited.txt"))


def _limits(*amounts: str) -> Deal:
    return _edited((NO_LIMITS, LIMITS.format(*amounts)))


def _metric(diff: DealDiff, key: str) -> MetricChange:
    return next(m for m in diff.metrics if m.key == key)


def _sentences(diff: DealDiff) -> list[str]:
    return [k.sentence for k in diff.key_changes]


def _words(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture(scope="module")
def with_limits() -> Deal:
    return _limits("$6,000,000", "$12,345,678", "$100,000")


# --- loss limits -----------------------------------------------------------------------------------------


def test_limits_set_where_there_were_none_are_changes_and_key_changes(detailed: Deal, with_limits: Deal):
    diff = build_diff(detailed, with_limits)
    for kind, amount in zip(KINDS, (6_000_000, 12_345_678, 100_000)):
        limit = _metric(diff, f"loss_limit:{kind}")
        assert (limit.old, limit.new, limit.none_said) == (None, amount, (Side.OLD,))  # no limit, never $0
        assert (limit.change, limit.change_said) == (None, "new limit")
    assert _sentences(diff) == [
        "The special hazard loss limit changed from none to $6,000,000",
        "The fraud loss limit changed from none to $12,345,678",
        "The bankruptcy loss limit changed from none to $100,000",
    ]
    assert diff.headline == "3 material changes"
    assert all(k.unmeasured and k.materiality == 1 and not k.bound for k in diff.key_changes)  # no size: counted once
    assert "a loss limit set or dropped counts once" in ranking_in_words(diff.key_changes)
    frame = api.diff_metrics(diff)  # a notebook's NA beside "old": no limit, said so, not a figure left unstated
    assert frame.loc["loss_limit:fraud", ["none_said", "change_said", "new"]].tolist() == [
        "old",
        "new limit",
        12_345_678,
    ]
    back = build_diff(with_limits, detailed)
    assert _metric(back, "loss_limit:fraud").change_said == "limit dropped"
    assert "The fraud loss limit changed from $12,345,678 to none" in _sentences(back)


def test_limits_moved_compare_as_amounts_by_the_size_threshold(with_limits: Deal):
    # special hazard +25% (2.5x the 10% size threshold), fraud the same, bankruptcy +5% (under it)
    later = _limits("$7,500,000", "$12,345,678", "$105,000")
    diff = build_diff(with_limits, later)
    special = _metric(diff, "loss_limit:special_hazard")
    assert (special.change, special.relative, special.none_said) == (1_500_000, 25.0, ())
    assert _metric(diff, "loss_limit:bankruptcy").relative == pytest.approx(5.0)
    (key,) = diff.key_changes
    assert key.sentence == "The special hazard loss limit rose from $6,000,000 to $7,500,000, +25.0%"
    assert key.materiality == 2.5 and key.threshold == "size"


def test_a_deal_stating_no_limits_against_one_stating_nothing(term_sheet: Deal, detailed: Deal):
    # 2004-3, a term sheet, states neither loss limits nor investment properties; 2004-8 says there are none
    diff = build_diff(term_sheet, detailed)
    for key in ("loss_limit:special_hazard", "investment_property_max_pct"):
        metric = _metric(diff, key)
        assert metric.old is None and metric.none_said == (Side.NEW,)
        assert metric.change is None and metric.change_said is None
    text = diff_summary(diff)
    assert re.search(r"Special hazard loss limit +\u2014 +None +\u2014 +\u2014", text)
    assert re.search(r"Investment properties +\u2014 +None +\u2014 +\u2014", text)
    assert not any("loss limit" in s or "nvestment" in s for s in _sentences(diff))


def test_a_limit_in_a_sentence_kept_out_is_not_read_never_not_stated(detailed: Deal):
    # two amounts for two limits with no "respectively": the reader keeps the sentence out, with a warning
    unread = _edited((NO_LIMITS, "The special hazard and fraud loss limits are $6,000,000 and $12,345,678."))
    assert unread.loss_limits is None
    diff = build_diff(detailed, unread)
    special, bankruptcy = (_metric(diff, f"loss_limit:{kind}") for kind in ("special_hazard", "bankruptcy"))
    assert (special.new, special.not_read, special.change_said) == (None, (Side.NEW,), None)
    assert bankruptcy.not_read == ()  # the sentence names no bankruptcy limit: not stated there
    text = diff_summary(diff)
    assert re.search(r"Special hazard loss limit +None +\u2014 \(not read\)", text)
    assert re.search(r"Bankruptcy loss limit +None +\u2014 +\u2014", text)
    assert diff.key_changes == ()  # nothing read to call a change


def test_both_saying_no_limits_is_the_same(detailed: Deal):
    limit = _metric(build_diff(detailed, detailed), "loss_limit:bankruptcy")
    assert (limit.none_said, limit.change_said) == ((Side.OLD, Side.NEW), "same: none")


# --- investment properties -----------------------------------------------------------------------------


def test_none_of_the_loans_on_both_sides_is_the_same_as_two_limits_none(detailed: Deal):
    # 2004-8 against itself: "None" and "None" read "0.00 pp" beside the loss limits' "same: none"
    diff = build_diff(detailed, detailed)
    share = _metric(diff, "investment_property_max_pct")
    assert (share.old, share.new, share.change, share.change_said) == (0.0, 0.0, None, "same: none")
    assert re.search(r"Investment properties +None +None +same: none", diff_summary(diff))


def test_a_cap_against_none_of_the_loans_moves_as_a_cap(detailed: Deal):
    diff = build_diff(detailed, _edited((NO_INVESTMENT, CAPPED)))
    share = _metric(diff, "investment_property_max_pct")
    assert (share.old, share.new, share.bound, share.none_said) == (0.0, 5.0, Bound.NO_MORE_THAN, (Side.OLD,))
    assert (share.change, share.relative) == (5.0, None)  # a moved cap is no growth
    (key,) = diff.key_changes
    assert key.sentence == "The cap on investment properties rose from none to 5% of balance, +5 pp" and key.bound


def test_a_cap_against_a_figure_is_not_comparable():
    diff = build_diff(_edited((NO_INVESTMENT, CAPPED)), _edited((NO_INVESTMENT, ABOUT)))
    share = _metric(diff, "investment_property_max_pct")
    assert (share.old, share.new, share.change, share.relative) == (5.0, 2.1, None, None)
    assert share.unbounded == (Side.NEW,)  # "approx. 2.1%" is no cap
    assert share.not_comparable_said == "not comparable: a cap against a figure, the share under the cap not known"
    assert diff.key_changes == ()
    assert re.search(r"Investment properties +\u2264 5% +approx\. 2\.1% +not comparable", diff_summary(diff))


def test_none_against_an_approximate_share_moves_as_a_figure(detailed: Deal):
    diff = build_diff(detailed, _edited((NO_INVESTMENT, ABOUT)))
    share = _metric(diff, "investment_property_max_pct")
    assert (share.bound, share.new_within, share.change) == (None, 0.05, 2.1)
    assert _sentences(diff) == ["Investment properties rose from none to approx. 2.1% of balance, approx. +2.1 pp"]


def test_a_share_fallen_to_none_reads_as_a_sentence(detailed: Deal):
    # It read "fell from approx. 2.1% to none of balance": "of balance" belongs to the share, not to "none".
    diff = build_diff(_edited((NO_INVESTMENT, ABOUT)), detailed)
    assert _sentences(diff) == ["Investment properties fell from approx. 2.1% of balance to none, approx. -2.1 pp"]
    assert "Investment properties fell from approx. 2.1% of balance to none" in diff_summary(diff)


def test_a_share_stated_for_a_pool_only_is_said_so_for_the_whole_deal(term_sheet: Deal):
    # "No more than 5% of the pool I mortgage loans ...": pool I's cap, no whole-deal share; never "stated by neither"
    pooled = _edited((NO_INVESTMENT, CAPPED.replace("the mortgage loans", "the pool I mortgage loans")))
    assert [p.investment_property_max_pct for p in pooled.pools] == [5.0, None, None, None]
    diff = build_diff(term_sheet, pooled)
    share = _metric(diff, "investment_property_max_pct")
    assert (share.old, share.new, share.by_pools) == (None, None, (Side.NEW,))
    assert re.search(r"Investment properties +\u2014 +\u2014 \(pools only\)", diff_summary(diff))
    assert _metric(build_diff(pooled, pooled, "I"), "investment_property_max_pct").change == 0.0


# --- every format --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, detailed: Deal) -> dict[str, Path]:
    """2004-8 against itself with a special hazard loss limit set (fraud and bankruptcy too) and its share capped."""
    later = _edited((NO_LIMITS, LIMITS.format("$6,000,000", "$1", "$2")), (NO_INVESTMENT, CAPPED))
    folder = tmp_path_factory.mktemp("terms")
    render_diff(build_diff(detailed, later), folder, ["pdf", "html", "json", "email", "xlsx"], generated_at=FIXED_TIME)
    found = {}
    for path in folder.iterdir():
        found["preview" if path.name.endswith("-email.html") else path.suffix.lstrip(".")] = path
    return found


def test_the_pdf_and_html_show_none_the_amounts_and_the_change(rendered):
    text = " ".join(pdf_text(rendered["pdf"]).split())
    assert "Special hazard loss limit None $6,000,000 new limit" in text
    assert "Investment properties % of balance None \u2264 5% +5 pp" in text
    assert "The special hazard loss limit changed from none to $6,000,000" in text
    html = _words(rendered["html"].read_text())
    assert "Special hazard loss limit None $6,000,000 new limit \u2014" in html


def test_the_email_workbook_and_json_show_them_too(rendered):
    plain = text_of(message_of(rendered["eml"]))
    assert re.search(r"Special hazard loss limit +None +\$6,000,000 +new limit", plain)
    preview = _words(rendered["preview"].read_text())  # each figure's name on a row of its own, marked if key
    assert re.search(r"Special hazard loss limit (\u00b7 key change )?None \$6,000,000 new limit", preview)
    sheet, _ = Workbook.read(rendered["xlsx"]).sheet("Metrics")
    row = row_of(sheet, "Special hazard loss limit")
    assert [sheet.cell(row, c).value for c in (2, 3, 4)] == ["None", 6_000_000, "new limit"]
    data = json.loads(rendered["json"].read_text())
    jsonschema.validate(data, SCHEMA)
    (limit,) = [m for m in data["metrics"] if m["key"] == "loss_limit:special_hazard"]
    assert (limit["old"], limit["new"], limit["none_said"], limit["change_said"]) == (None, 6e6, ["old"], "new limit")
    (share,) = [m for m in data["metrics"] if m["key"] == "investment_property_max_pct"]
    assert (share["old"], share["new"], share["bound"], share["change"]) == (0.0, 5.0, "no_more_than", 5.0)


def test_the_workbook_keeps_none_of_the_loans_a_number_shown_none(detailed: Deal, tmp_path: Path):
    # "None of the mortgage loans" against "approximately 2.1%": the change a formula of the two cells, 0 shown "None"
    render_diff(build_diff(detailed, _edited((NO_INVESTMENT, ABOUT))), tmp_path, ["xlsx"], generated_at=FIXED_TIME)
    (xlsx,) = tmp_path.glob("*.xlsx")
    sheet, _ = Workbook.read(xlsx).sheet("Metrics")
    old = sheet.cell(row_of(sheet, "Investment properties"), 2)
    assert (old.value, old.number_format) == (0, '"None"')
