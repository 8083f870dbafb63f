"""Truncated filings, non-pool 8-Ks, the JSON contract and the parse command."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from reporting.cli import main
from reporting.model.deal import FilingKind
from reporting.pipeline import load_deal

SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "reporting/schema/deal.schema.json").read_text())

PARTIALS = {
    "cmsi-1997-2-detailed.txt": ("1997-2", date(1997, 5, 28), FilingKind.DETAILED_DESCRIPTION),
    "cmsi-1999-4-detailed.txt": ("1999-4", date(1999, 6, 28), FilingKind.DETAILED_DESCRIPTION),
    "cmsi-2003-1-collateral.txt": ("2003-1", date(2003, 1, 9), FilingKind.COLLATERAL_TERM_SHEET),
    "cmsi-2003-5-detailed.txt": ("2003-5", date(2003, 4, 29), FilingKind.DETAILED_DESCRIPTION),
}


@pytest.mark.parametrize("name", sorted(PARTIALS))
def test_truncated_filings_give_what_they_hold(partial_dir, name):
    deal = load_deal(partial_dir / name)
    assert (deal.series, deal.date_of_report, deal.kind) == PARTIALS[name]
    assert deal.pools == () and deal.tables == () and deal.classes == ()  # nothing invented
    assert "aggregate_balance" in deal.missing and "cut_off_date" in deal.missing
    assert any(m.startswith("signatures") for m in deal.missing)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("cmsi-2003-09-servicing.txt", "monthly servicing report"),
        ("cmsi-1997-05-15-computational.txt", "Computational Materials"),
    ],
)
def test_non_pool_filings_are_refused(partial_dir, name, reason, capsys):
    assert main(["parse", str(partial_dir / name)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and name in err and reason in err


@pytest.mark.parametrize("sample", ["term_sheet_path", "detailed_path"])
def test_json_output_follows_the_schema(sample, request, capsys):
    assert main(["parse", "--json", str(request.getfixturevalue(sample))]) == 0
    data = json.loads(capsys.readouterr().out)
    jsonschema.validate(data, SCHEMA)
    assert data["checks_passed"] is True and data["missing"] == []


def test_json_values_of_the_term_sheet(term_sheet_path, capsys):
    main(["parse", "--json", str(term_sheet_path)])
    data = json.loads(capsys.readouterr().out)
    assert (data["series"], data["kind"], data["date_of_report"], data["cut_off_date"]) == (
        "2004-3",
        "collateral_term_sheet",
        "2004-05-07",
        "2004-05-01",
    )
    pool = data["pools"][0]
    assert (pool["name"], pool["aggregate_balance"], pool["loan_count"], pool["wac"]) == (
        "all",
        619800778.37,
        1225,
        5.843,
    )
    states = next(t for t in data["tables"] if "STATE" in t["title"])
    figures = [{k: row[k] for k in ("label", "count", "balance")} for row in states["rows"]]
    assert {"label": "California", "count": 587, "balance": 296923131.0} in figures
    california = next(row for row in states["rows"] if row["label"] == "California")
    (line,) = california["source_lines"]
    assert term_sheet_path.read_text().split("\n")[line - 1].split() == ["California", "587", "296,923,131"]
    assert data["matrices"][0]["col_totals"][0] == 46.63


def test_partial_json_follows_the_schema(partial_dir, capsys):
    assert main(["parse", "--json", str(partial_dir / "cmsi-2003-1-collateral.txt")]) == 0
    out = capsys.readouterr()
    data = json.loads(out.out)
    jsonschema.validate(data, SCHEMA)
    assert "aggregate_balance" in data["missing"]
    assert out.err == ""  # the JSON alone, so `2>&1 | jq` works too


def test_readable_summary_warns_about_what_is_missing(partial_dir, capsys):
    # The text ends before the signature block: what it lacks may be in the rest of the filing, so it is "not in
    # the text read", never "not stated in this filing".
    assert main(["parse", str(partial_dir / "cmsi-2003-1-collateral.txt")]) == 0
    err = capsys.readouterr().err
    assert ": not in the text read, which ends before the signature block: cut-off date, aggregate balance" in err
    assert "not stated in this filing" not in err


def test_a_complete_filing_lacking_a_figure_says_it_is_not_stated(term_sheet_path, tmp_path, capsys):
    text = term_sheet_path.read_text().replace(" The total number of mortgage loans as of May 1, 2004 was 1,225.", "")
    (tmp_path / "no-count.txt").write_text(text)
    assert main(["parse", str(tmp_path / "no-count.txt")]) == 0
    assert ": not stated in this filing: loan count" in capsys.readouterr().err


def test_strict_exits_1_on_a_truncated_filing(partial_dir):
    assert main(["parse", "--strict", str(partial_dir / "cmsi-2003-1-collateral.txt")]) == 1


def test_readable_summary(detailed_path, capsys):
    assert main(["parse", str(detailed_path)]) == 0
    out = capsys.readouterr().out
    assert "CMSI 2004-8 - Detailed description" in out
    assert "Pool II" in out and "$77,943,340.57" in out and "5.486%" in out
    assert "Checks: 23 passed, 0 failed" in out


def test_parse_does_not_import_the_heavy_libraries(term_sheet_path):
    import subprocess
    import sys

    code = (
        "import sys; from reporting.cli import main; main(['parse', '--json', sys.argv[1]]); "
        "heavy = [m for m in ('pandas', 'matplotlib', 'weasyprint') if m in sys.modules]; "
        "sys.stderr.write('HEAVY=' + ','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(term_sheet_path)], capture_output=True, text=True, check=True
    )
    assert "HEAVY=" in result.stderr and result.stderr.strip().endswith("HEAVY=")


@pytest.mark.parametrize("command", ["parse", "render", "diff", "email", "demo"])
def test_every_command_has_help_with_examples(command, capsys):
    with pytest.raises(SystemExit) as exit:
        main([command, "--help"])
    assert exit.value.code == 0
    assert f"termsheet {command}" in capsys.readouterr().out.split("examples:")[1]
