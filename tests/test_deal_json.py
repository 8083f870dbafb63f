"""A deal saved as JSON reads back as the same deal; a damaged or forged file is one line or checked again."""

from __future__ import annotations

import json

import pytest

from reporting.errors import FilingError
from reporting.pipeline import load_deal_json
from reporting.present.jsonio import deal_to_dict, deal_to_json
from reporting.read.deal_json import deal_from_json, read_deal_json


@pytest.mark.parametrize("sample", ["term_sheet", "detailed"])
def test_a_deal_round_trips_through_its_json(sample, request):
    deal = request.getfixturevalue(sample)
    again = deal_from_json(deal_to_json(deal))
    assert again == deal  # every field: dates, enums, pools, tables, matrices, classes, checks
    assert again.cut_off_date == deal.cut_off_date and type(again.cut_off_date) is type(deal.cut_off_date)
    assert again.whole_deal.underwriting == deal.whole_deal.underwriting
    assert deal_to_json(again) == deal_to_json(deal)


def test_load_runs_the_checks_again_on_the_figures(term_sheet, tmp_path):
    data = deal_to_dict(term_sheet)
    data["pools"][0]["loan_count"] += 1  # no longer the tables' total
    for check in data["checks"]:
        check["passed"] = True  # a file may claim anything
    path = tmp_path / "forged-deal.json"
    path.write_text(json.dumps(data))
    assert read_deal_json(path).checks_passed  # as saved
    checked = load_deal_json(path)
    failed = [c for c in checked.checks if not c.passed]
    assert failed and all(c.concerns.endswith("loan_count") or c.concerns.startswith("table:") for c in failed)
    assert load_deal_json_ok(term_sheet, tmp_path) == term_sheet


def load_deal_json_ok(deal, folder):
    path = folder / "ok-deal.json"
    path.write_text(deal_to_json(deal))
    return load_deal_json(path)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{not json", "is not JSON"),
        ("[1, 2]", "is not a deal's JSON (as `termsheet parse --json` writes)"),
        (
            '{"issuer": "x", "source": {}, "schema_version": 7}',
            "deal JSON schema version 7; this termsheet reads version 1",
        ),
    ],
)
def test_damaged_files_are_one_line(text, problem, tmp_path):
    path = tmp_path / "bad-deal.json"
    path.write_text(text)
    with pytest.raises(FilingError) as caught:
        read_deal_json(path)
    assert str(caught.value).startswith(f"{path}: {problem}")
    assert "\n" not in str(caught.value)


def test_a_wrong_value_names_its_key(term_sheet):
    data = deal_to_dict(term_sheet)
    data["pools"][0]["wac"] = "5.843"
    with pytest.raises(FilingError, match=r"deal\.pools\[0\]\.wac: expected float, found str"):
        deal_from_json(json.dumps(data), "x.json")
    data = deal_to_dict(term_sheet)
    data["cut_off_date"] = "May 1"
    with pytest.raises(FilingError, match=r"deal\.cut_off_date: 'May 1' is not an ISO date"):
        deal_from_json(json.dumps(data), "x.json")
    data = deal_to_dict(term_sheet)
    data["pools"][0]["aggregate_balance"] = float("nan")
    with pytest.raises(FilingError, match=r"aggregate_balance: nan is not a figure"):
        deal_from_json(json.dumps(data), "x.json")
    data = deal_to_dict(term_sheet)
    del data["source"]["sha256"]
    with pytest.raises(FilingError, match=r"deal\.source\.sha256: missing"):
        deal_from_json(json.dumps(data), "x.json")
