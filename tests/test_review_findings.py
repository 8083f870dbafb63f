"""Defects an outside analyst's review found in what termsheet prints, each on a filing built from a sample.

A state table that lists only the largest states and an "All other states" row (as many shelves print it): the
diff against a deal naming every state said "All other states rose from 0.00% to 13.87% of balance" (a key
change), each state not named "fell to 0.00%" and "All other states" entered the top 10 while Georgia "left" it;
the summary's bars, the email's top states and the chart's alt text ranked "All other states" second among the
states, pushing a named state out; the map outlined every state not named as "no loans". An 8-K/A's notes
called it a "Form 8-K".
"""

from __future__ import annotations

import math
import re
from html import unescape
from pathlib import Path

import pytest

from reporting.cli import main
from reporting.derive.diff import build_diff
from reporting.derive.summary import summarise
from reporting.model.deal import Deal, provenance_of
from reporting.pipeline import RenderOptions, load_filing, render_filing
from reporting.present.charts import draw_charts
from reporting.present.email import plain_text
from reporting.read.ingest import ingest_bytes
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
_STATE_ROW = re.compile(r"^(?P<state>[A-Z][A-Za-z ]+?)\s{2,}(?P<count>\d+)\s+\$?\s*(?P<balance>[\d,]+)\s*$")


def _state_rows(text: str) -> tuple[int, int, list[tuple[str, int, int]]]:
    """The sample's state table rows as (state, loans, balance), and the lines they span."""
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("Alabama "))
    last = next(i for i, line in enumerate(lines) if line.startswith("Washington "))
    rows = []
    for line in lines[first : last + 1]:
        match = _STATE_ROW.match(line)
        assert match, line
        rows.append((match["state"], int(match["count"]), int(match["balance"].replace(",", ""))))
    return first, last, rows


def top_states_filing(listed: int, text: str = TERM_SHEET) -> str:
    """The term sheet with its state table cut to its ``listed`` largest states, largest first, and an
    "All other states" row holding the rest; the table still adds up to its Total line."""
    lines = text.split("\n")
    first, last, rows = _state_rows(text)
    ranked = sorted(rows, key=lambda r: -r[2])
    top, rest = ranked[:listed], ranked[listed:]
    body = [f"{name:<34}{count:>5}{f'{balance:,}':>37}" for name, count, balance in top]
    body.append(f"{'All other states':<34}{sum(r[1] for r in rest):>5}{f'{sum(r[2] for r in rest):,}':>37}")
    return "\n".join(lines[:first] + body + lines[last + 1 :])


def parse(text: str, name: str = "cmsi-2004-3.txt") -> Deal:
    return load_filing(ingest_bytes(text.encode(), name))


def _shares(text: str) -> dict[str, float]:
    """Each state's share of the sample's balance, in percent, from the filing's own rows."""
    _, _, rows = _state_rows(text)
    total = sum(r[2] for r in rows)
    return {name: balance / total * 100 for name, _, balance in rows}


SHARES = _shares(TERM_SHEET)
TOP10 = sorted(SHARES, key=lambda s: -SHARES[s])[:10]
REST_OF_10 = sum(share for state, share in SHARES.items() if state not in TOP10)  # 13.87%


@pytest.fixture(scope="module")
def every_state() -> Deal:
    return parse(TERM_SHEET)


@pytest.fixture(scope="module")
def top10() -> Deal:
    return parse(top_states_filing(10))


def _state_table(diff):
    return next(t for t in diff.tables if t.title.upper().startswith("GEOGRAPHIC"))


@pytest.mark.parametrize("order", ["every state -> top 10", "top 10 -> every state"])
def test_a_state_not_named_beside_all_other_states_is_compared_with_the_rest_not_as_zero(every_state, top10, order):
    old, new = (every_state, top10) if order.startswith("every") else (top10, every_state)
    diff = build_diff(old, new)
    # Nothing changed: the same loans, one filing naming fewer states.
    assert not [k.sentence for k in diff.key_changes if "other states" in k.sentence.lower()]
    assert diff.geography.entering_top10 == diff.geography.leaving_top10 == ()
    assert "All other states" not in diff.geography.new_top10 + diff.geography.old_top10
    rows = {r.label: r for r in _state_table(diff).rows}
    assert "Florida" not in rows and "Alabama" not in rows  # each in the rest, not "0.00%" on one side
    rest = rows["All other states"]
    assert rest.old_share == pytest.approx(REST_OF_10, abs=0.005)
    assert rest.new_share == pytest.approx(REST_OF_10, abs=0.005)
    assert rest.change == pytest.approx(0.0, abs=1e-6)
    assert rows["California"].change == pytest.approx(0.0, abs=1e-6)


def test_two_tables_naming_different_states_compare_what_neither_names_on_its_own(top10):
    """Top 10 against top 9: Georgia (10th, 1.57%) is named by the old only; it is in the new's rest."""
    diff = build_diff(top10, parse(top_states_filing(9)))
    rows = {r.label: r for r in _state_table(diff).rows}
    assert "Georgia" not in rows
    rest = rows["All other states"]
    assert rest.old_share == pytest.approx(REST_OF_10 + SHARES["Georgia"], abs=0.005)
    assert rest.new_share == pytest.approx(REST_OF_10 + SHARES["Georgia"], abs=0.005)
    assert rest.change == pytest.approx(0.0, abs=1e-6)
    assert diff.geography.leaving_top10 == ("Georgia",)  # the new filing names 9 states: Georgia is not among them


def test_the_rest_is_no_state_in_the_lists_of_the_largest_states(top10):
    summary = summarise(top10)
    (geography,) = summary.geographies
    assert [s.state for s in geography.named[:5]] == TOP10[:5]
    assert geography.rest is not None and geography.rest.share == pytest.approx(REST_OF_10, abs=0.005)
    text = plain_text(summary)
    listed = text[text.index("TOP STATES") :].split("\n\n")[0]
    assert "All other states" not in listed
    for state in TOP10[:5]:  # New Jersey, the 5th, was pushed out
        assert f"{state} " in listed and f"{SHARES[state]:.2f}%" in listed
    assert geography.with_loans == "10 states and those in \u201cAll other states\u201d"
    charts = draw_charts(summary, "svg-text")
    bars = charts[summary.tables[geography.table_index].anchor]
    assert "All other states" not in bars.alt and "New Jersey" in bars.alt
    assert "All other states" not in bars.data.decode() and "Georgia" in bars.data.decode()


def test_the_map_says_a_state_not_named_may_be_in_the_rest(every_state, top10):
    rest_map = draw_charts(summarise(top10), "svg-text", keys={"states-map"})["states-map"].data.decode()
    assert "outlined: no loans" not in rest_map
    assert f"{REST_OF_10:.2f}% in states not named" in rest_map
    full_map = draw_charts(summarise(every_state), "svg-text", keys={"states-map"})["states-map"].data.decode()
    assert "outlined: no loans" in full_map


FORM = "                                    FORM 8-K\n"
ITEM = "Item 5.        Other Events.\n"
NOTE = (
    "     EXPLANATORY NOTE: This Amendment No. 1 amends the Current Report on Form\n"
    "8-K filed on May 7, 2004. The weighted average loan-to-value ratio at\n"
    "origination of the mortgage loans was misstated as 65.4% in that report. The\n"
    "report is restated in full below.\n"
)


def _source_line(text: str, folder: Path) -> str:
    folder.mkdir()
    filing = folder / "cmsi-2004-3.txt"
    filing.write_text(text)
    render_filing(filing, folder / "out", RenderOptions(("html",)))
    (page,) = (folder / "out").glob("*/*-summary.html")
    html = unescape(re.sub(r"<[^>]+>", "", page.read_text()))
    return next(line for line in html.split("\n") if "Citicorp Mortgage Securities, Inc., Form" in line)


def test_an_amendments_source_line_names_its_form_8_k_a(tmp_path):
    amended = TERM_SHEET.replace(FORM, "                                   FORM 8-K/A\n", 1).replace(
        ITEM, ITEM + "\n" + NOTE, 1
    )
    assert "Form 8-K/A, collateral term sheet, Series 2004-3" in _source_line(amended, tmp_path / "a")
    assert "Form 8-K, collateral term sheet, Series 2004-3" in _source_line(TERM_SHEET, tmp_path / "b")


def test_a_computed_share_loosened_to_a_round_tenth_keeps_its_two_decimals():
    """Pool II's largest zip code: $2,178,656 of $77,943,340.57 is 2.7952%, at most 2.80%; it printed "≤ 2.8%",
    as if the filing stated the bound, beside "≤ 1.36%" and "≤ 3.18%" of the other pools."""
    text = DETAILED_2004_8.read_text(encoding="utf-8")
    zips = (4_538_332, 2_178_656, 2_559_173, 6_659_274)
    balances = (335_095_817.07, 77_943_340.57, 80_602_219.93, 493_641_377.57)
    expected = [f"\u2264 {math.ceil(z / b * 10_000) / 100:.2f}%" for z, b in zip(zips, balances)]
    assert expected[1] == "\u2264 2.80%"
    line = next(x for x in plain_text(summarise(parse(text, "cmsi-2004-8.txt"))).split("\n") if "zip code share" in x)
    assert re.findall(r"\u2264 [\d.]+%", line) == expected


def test_california_not_named_beside_all_other_states_is_not_stated_never_0_percent():
    """The rest ("All other states") may hold California's loans: its share was "0.00%"."""
    text = top_states_filing(10)
    california = next(line for line in text.split("\n") if line.startswith("California "))
    rest = next(line for line in text.split("\n") if line.startswith("All other states"))
    count, balance = (int(x.replace(",", "")) for x in rest.split()[-2:])
    ca_count, ca_balance = (int(x.replace(",", "")) for x in california.split()[-2:])
    folded = f"{'All other states':<34}{count + ca_count:>5}{f'{balance + ca_balance:,}':>37}"
    text = text.replace(california + "\n", "").replace(rest, folded)
    summary = summarise(parse(text))
    (geography,) = summary.geographies
    assert geography.california_share is None
    assert geography.top_share == pytest.approx(sum(SHARES[s] for s in TOP10[1:6]), abs=0.005)
    lines = plain_text(summary).split("\n")
    assert not [x for x in lines if x.startswith("California") and "%" in x]
    assert "Not stated in this filing: California." in lines
    # Naming every state but California, with no rest, the table says it holds none of its loans.
    shares = summarise(parse(TERM_SHEET.replace(CALIFORNIA_ROW, ""))).geographies[0]
    assert shares.california_share == 0.0


CALIFORNIA_ROW = "California                          587                          296,923,131\n"


def _amended_wa_ltv(note: str) -> tuple[float | None, tuple[str, ...]]:
    """The whole deal's WA LTV read from 2004-3 made an 8-K/A whose note calls a figure wrong, and its doubts."""
    amended = TERM_SHEET.replace(FORM, "                                   FORM 8-K/A\n", 1).replace(
        ITEM, ITEM + "\n" + note, 1
    )
    deal = load_filing(ingest_bytes(amended.encode(), "cmsi-2004-3-a.txt"))
    return deal.pools[0].wa_ltv, provenance_of(deal.pools[0], "wa_ltv").warnings


def test_an_amendments_note_on_the_earlier_reports_error_says_the_figure_shown_is_not_that_one():
    """Was: "the filing says a figure for this was wrong (...misstated as 65.4%...)" beside the 64.5% the amendment
    restates, which read as if 64.5% were the wrong figure."""
    ltv, (doubt,) = _amended_wa_ltv(NOTE)
    assert ltv == 64.5
    assert "misstated as 65.4% in that report" in doubt
    assert doubt.endswith("the figure shown, stated elsewhere in the filing, is not the 65.4% it calls wrong")


def test_an_amendment_calling_wrong_the_very_figure_it_still_states_says_so():
    ltv, (doubt,) = _amended_wa_ltv(NOTE.replace("65.4%", "64.5%"))
    assert ltv == 64.5
    assert doubt.endswith("; the figure shown is the one it calls wrong")


def test_a_diff_against_an_amendment_says_so_first_in_every_format(tmp_path, capsys):
    """Was: said only in its notes on the last page, "Not resolved: this filing is an amendment"."""
    amended = TERM_SHEET.replace(FORM, "                                   FORM 8-K/A\n", 1).replace(
        ITEM, ITEM + "\n" + NOTE, 1
    )
    (tmp_path / "original.txt").write_text(TERM_SHEET)
    (tmp_path / "amended.txt").write_text(amended)
    said = (
        "The new deal, CMSI 2004-3, is an amendment (Form 8-K/A, Amendment No. 1): it corrects an earlier filing "
        "of the series. Against that filing, a change may be the correction, not the loans."
    )
    original = load_filing(ingest_bytes(TERM_SHEET.encode(), "original.txt"))
    assert build_diff(original, load_filing(ingest_bytes(amended.encode(), "amended.txt"))).cautions == (said,)
    assert build_diff(original, original).cautions == ()
    out = tmp_path / "out"
    argv = ["diff", str(tmp_path / "original.txt"), str(tmp_path / "amended.txt"), "--format", "text,html,email"]
    assert main([*argv, "--out", str(out)]) in (0, None)
    assert f"Caution: {said}" in capsys.readouterr().out
    (html,) = (p for p in (out / "diff").glob("*.html") if not p.name.endswith("-email.html"))
    assert said in unescape(re.sub(r"<[^>]+>", "", html.read_text()))
    (email,) = (out / "diff").glob("*-email.html")
    assert said in unescape(re.sub(r"<[^>]+>", "", email.read_text()))


def test_a_failed_checks_many_rows_are_said_as_the_span_they_lie_in(tmp_path):
    """The loan-size table's Total count misprinted: the failed check named its 23 rows' lines one by one (the rows
    stand a blank line apart), a column of numbers in the failures table. Now they are the span they lie in."""
    lines = TERM_SHEET.split("\n")
    total = next(i for i, line in enumerate(lines) if line.startswith("$1,000,000 and over")) + 3
    assert lines[total].startswith("Total") and "1,225" in lines[total]
    lines[total] = lines[total].replace("1,225", "1,226")
    deal = parse("\n".join(lines))
    (failed,) = [c for c in deal.checks if not c.passed and c.name == "table rows add up to the total loan count"]
    filing = tmp_path / "cmsi-2004-3.txt"
    filing.write_text("\n".join(lines))
    render_filing(filing, tmp_path / "out", RenderOptions(("html",)))
    (page,) = (tmp_path / "out").glob("*/*-summary.html")
    text = unescape(re.sub(r"<[^>]+>", " ", page.read_text()))
    first, last = min(failed.actual_lines), max(failed.actual_lines)
    assert f"{len(failed.actual_lines)} lines between {first} and {last}" in " ".join(text.split())
    assert f"lines {first}, {first + 2}," not in text
