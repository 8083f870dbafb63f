"""Our JSON is always strict (issue 18, item 15): no bare NaN or Infinity, which strict parsers reject."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from reporting.cli import main
from reporting.derive.diff import build_diff
from reporting.present.jsonio import deal_to_json, diff_to_json


def strict(text: str):
    """json.loads as strict parsers (JavaScript's JSON.parse, jq, Go) read it: no NaN or Infinity."""

    def refuse(constant: str):
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("amount", ["1e-320pp", "0.0001pp", "1e-5"])
def test_a_threshold_too_small_to_mean_anything_is_refused(term_sheet_path, detailed_path, tmp_path, capsys, amount):
    args = ["diff", str(term_sheet_path), str(detailed_path), "--out", str(tmp_path), "--format", "json"]
    with pytest.raises(SystemExit) as stopped:
        main([*args, "--threshold", f"share={amount}"])
    assert stopped.value.code == 2
    assert f"threshold share must be at least 0.001pp, not '{amount}'" in capsys.readouterr().err
    assert not (tmp_path / "diff").exists()


def test_the_smallest_threshold_gives_strict_json(term_sheet_path, detailed_path, tmp_path):
    args = ["diff", str(term_sheet_path), str(detailed_path), "--out", str(tmp_path), "--format", "json"]
    assert (
        main([*args, "--threshold", "share=0.001pp,wac=0.001bp,size=0.001%,wam=0.001mo,ltv=0.001pp,sub=0.001pp"]) == 0
    )
    data = strict((tmp_path / "diff" / "cmsi-2004-3-vs-cmsi-2004-8.json").read_text())
    assert data["thresholds"]["share"] == 0.001
    top = data["key_changes"][0]
    # 255 fewer loans of 1,225 is 20.816...% = 20,816.3x a 0.001% threshold; the WAM's 28,350x ranks last (mixed terms)
    assert (top["sentence"], top["materiality"]) == (
        # key-change sentences now name the old figure too ("from X to Y, change"), as the others do
        "Loan count fell from 1,225 to 970, -20.8%",
        pytest.approx(255 / 1225 * 100 / 0.001),
    )
    last = data["key_changes"][-2]
    assert (last["sentence"], last["materiality"], last["mixed_terms"]) == (
        # key-change sentences now name the old figure too ("from X to Y, change"), as the others do
        "WAM fell from 357.95 mo to 329.60 mo, -28.35 mo (mostly the mix of original terms: see the caution)",
        28350.0,
        True,
    )


def test_a_figure_that_is_not_finite_is_null_never_infinity(term_sheet, detailed):
    pool = term_sheet.whole_deal
    damaged = replace(term_sheet, pools=(replace(pool, wac=float("inf"), wa_ltv=float("nan")),))
    deal = strict(deal_to_json(damaged))
    assert (deal["pools"][0]["wac"], deal["pools"][0]["wa_ltv"]) == (None, None)
    assert deal["pools"][0]["loan_count"] == 1225
    diff = build_diff(term_sheet, detailed)
    metrics = tuple(replace(m, relative=float("inf")) if m.key == "wac" else m for m in diff.metrics)
    wac = next(m for m in strict(diff_to_json(replace(diff, metrics=metrics)))["metrics"] if m["key"] == "wac")
    assert (wac["old"], wac["new"], wac["relative"]) == (5.843, 5.962, None)
