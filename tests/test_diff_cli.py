"""`termsheet diff`: the JSON it writes, what it prints, and how it refuses bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from reporting.cli import main

SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "reporting/schema/diff.schema.json").read_text())


def run_diff(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["diff", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_of_the_two_samples(term_sheet_path, detailed_path, tmp_path, capsys):
    code, out, err = run_diff(
        capsys, str(term_sheet_path), str(detailed_path), "--format", "json", "--out", str(tmp_path)
    )
    assert code == 0 and err == ""
    written = tmp_path / "diff" / "cmsi-2004-3-vs-cmsi-2004-8.json"
    data = json.loads(written.read_text())
    jsonschema.validate(data, SCHEMA)
    assert data["old"]["series"] == "2004-3" and data["new"]["series"] == "2004-8"
    assert data["material"] is True
    sentences = [k["sentence"] for k in data["key_changes"]]
    # key-change sentences now name the old figure too ("from X to Y, change"), as the others do
    assert (
        "WAC rose from 5.843% to 5.962%, +11.9 bp" in sentences
        and "Deal size fell from $619.8mm to $493.6mm, -20.4%" in sentences
    )
    size = next(m for m in data["metrics"] if m["key"] == "aggregate_balance")
    assert (size["old"], size["new"], size["change"]) == (619800778.37, 493641377.57, -126159400.8)
    assert data["old"]["quality"]["reconciled"] and data["new"]["quality"]["checks_run"] == 23
    assert [t["alignment"] for t in data["tables"]] == ["old_only"] * 7
    # The terminal shows the same sentences, the verdicts, and where the file went.
    assert "   6. The cap on no income verification loans rose from 6% to 24% of balance, +18 pp" in out
    assert (
        # key-change sentences now name the old figure too ("from X to Y, change"), as the others do
        "   8. WA original term fell from 359.54 mo to 331.31 mo, -28.23 mo (mostly the mix of original terms: see the caution)"
        in out
    )
    assert [k["metric"] for k in data["key_changes"] if k["mixed_terms"]] == ["wam_months", "wa_original_term_months"]
    assert out.count("Hint: compare loans of like original terms with --pool all:I") == 1
    # key-change sentences now name the old figure too ("from X to Y, change"), as the others do
    assert "WAC rose from 5.843% to 5.962%, +11.9 bp" in out
    assert "new  CMSI 2004-8: all 23 reconciliation checks passed" in out
    assert f"Wrote {written}" in out
    assert [p.name for p in written.parent.iterdir()] == [written.name]  # no temporary file left behind


def test_a_deal_against_itself(detailed_path, tmp_path, capsys):
    code, out, _ = run_diff(capsys, str(detailed_path), str(detailed_path), "--format", "json", "--out", str(tmp_path))
    assert code == 0 and "No material changes" in out
    data = json.loads((tmp_path / "diff" / "cmsi-2004-8-vs-cmsi-2004-8.json").read_text())
    assert data["material"] is False and data["key_changes"] == [] and data["headline"] == "No material changes"
    assert data["figures_compared"] > 0
    assert all(m["change"] in (0, None) for m in data["metrics"])


def test_pool_against_pool(detailed_path, tmp_path, capsys):
    code, out, _ = run_diff(
        capsys, str(detailed_path), str(detailed_path), "--pool", "I:III", "--format", "json", "--out", str(tmp_path)
    )
    assert code == 0
    data = json.loads((tmp_path / "diff" / "cmsi-2004-8-pool-i-vs-cmsi-2004-8-pool-iii.json").read_text())
    jsonschema.validate(data, SCHEMA)
    assert (data["old"]["pool"], data["new"]["pool"]) == ("I", "III")
    # key-change sentences now name the old figure too ("from X to Y, change"), as the others do
    assert "WAC fell from 6.132% to 5.716%, -41.6 bp" in out and "pool i  ->  " in out.lower()


def test_thresholds_option(term_sheet_path, detailed_path, tmp_path, capsys):
    args = (str(term_sheet_path), str(detailed_path), "--format", "json", "--out", str(tmp_path))
    code, out, _ = run_diff(capsys, *args, "--threshold", "share=50pp,wac=20bp,size=25%,wam=30mo,ltv=5pp")
    assert code == 0 and "No material changes" in out and "share 50pp, wac 20bp, size 25%" in out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--pool", "IV"], "CMSI 2004-8 has no pool 'IV' to compare (its pools: I, II, III, all)"),
        (["--threshold", "wac=5pp"], "threshold wac must be a number of bp, not '5pp'"),
        (["--threshold", "speed=1"], "unknown threshold 'speed=1'"),
        (["--format", "xml"], "unknown format 'xml'"),
        (["--format", "pdf,eml"], "unknown format 'eml'; choose from pdf, html, json, email"),
        (["--format", "email", "--from", "desk"], "--from 'desk': not an email address"),
    ],
)
def test_bad_options_exit_2_with_a_clear_message(detailed_path, tmp_path, capsys, extra, message):
    code = None
    try:
        code = main(["diff", str(detailed_path), str(detailed_path), "--out", str(tmp_path), *extra])
    except SystemExit as exit_:  # argparse refuses bad option values itself
        code = exit_.code
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err
    assert not (tmp_path / "diff").exists()


def test_a_bad_filing_is_one_line_and_writes_nothing(detailed_path, tmp_path, capsys):
    missing = tmp_path / "nope.txt"
    code, _, err = run_diff(capsys, str(detailed_path), str(missing), "--out", str(tmp_path))
    assert code == 2 and err.strip() == f"termsheet: error: {missing}: no such file"
    assert not (tmp_path / "diff").exists()


def test_an_unwritable_output_folder_is_one_line(detailed_path, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    code, _, err = run_diff(capsys, str(detailed_path), str(detailed_path), "--out", str(blocker))
    assert code == 2 and len(err.strip().splitlines()) == 1 and "cannot write" in err


def test_a_truncated_filing_is_compared_gracefully(partial_dir, term_sheet_path, tmp_path, capsys):
    code, out, _ = run_diff(
        capsys, str(partial_dir / "cmsi-2003-1-collateral.txt"), str(term_sheet_path), "--out", str(tmp_path)
    )
    assert code == 0
    assert "Nothing to compare: no figure is stated by both deals" in out
    said = (
        "old  CMSI 2003-1: no reconciliation check could be run; not in the text read, which ends before the"
        " signature block: cut-off date, aggregate"
    )
    assert said in out


def test_demo_writes_the_diff_of_the_samples(sample_reports):
    out, printed = sample_reports.demo()  # `termsheet demo`, run once for the test run
    # key-change sentences now name the old figure too ("from X to Y, change"), as the others do
    assert "Deal size fell from $619.8mm to $493.6mm, -20.4%" in printed
    written = sorted(p.name for p in (out / "diff").iterdir())
    stem = "cmsi-2004-3-vs-cmsi-2004-8"
    assert written == [f"{stem}-email.html", *(f"{stem}.{ext}" for ext in ("eml", "html", "json", "pdf", "xlsx"))]


def test_diff_json_does_not_import_the_heavy_libraries(term_sheet_path, detailed_path, tmp_path):
    code = (
        "import sys; from reporting.cli import main; "
        "main(['diff', sys.argv[1], sys.argv[2], '--format', 'json', '--out', sys.argv[3]]); "
        "heavy = [m for m in ('pandas', 'matplotlib', 'weasyprint', 'jinja2') if m in sys.modules]; "
        "sys.stderr.write('HEAVY=' + ','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(term_sheet_path), str(detailed_path), str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stderr.strip().endswith("HEAVY=")


def test_the_verdict_names_a_missing_figure_as_the_reports_do(term_sheet_path, tmp_path, capsys):
    # The diff's data-quality verdict read "not stated in this filing: wa original term": Jinja's capitalize
    # lowered every letter after the first. The comparison and the one-sided list say "WA original term".
    text = term_sheet_path.read_text()
    stated = " The weighted average original term to stated\nmaturity of the mortgage loans as of May 1, 2004 was 359.54 months."
    assert stated in text
    new = tmp_path / "no-term.txt"
    new.write_text(text.replace(stated, ""))
    code, _, _ = run_diff(capsys, str(term_sheet_path), str(new), "--format", "html", "--out", str(tmp_path))
    assert code == 0
    (html,) = (tmp_path / "diff").glob("*.html")
    verdicts = re.findall(r'<p class="verdict[^"]*">([^<]*)</p>', html.read_text())
    assert any("not stated in this filing: WA original term" in v for v in verdicts), verdicts
    assert not any("wa original term" in v for v in verdicts)
