"""`termsheet render`: files where promised, one-line errors for bad input, nothing half-written."""

from __future__ import annotations

from pathlib import Path

import pytest

from reporting.cli import main


def test_render_writes_only_the_requested_format(tmp_path, detailed_path: Path, capsys):
    assert main(["render", str(detailed_path), "--format", "html", "--out", str(tmp_path)]) == 0
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert written == [
        "cmsi-2004-8/.termsheet-manifest.json",  # each deal's folder holds its own manifest
        "cmsi-2004-8/cmsi-2004-8-summary.html",
        "index.html",
    ]
    assert "cmsi-2004-8-summary.html" in capsys.readouterr().out


def test_one_bad_filing_is_one_line_and_writes_nothing_for_it(tmp_path, capsys):
    bad = tmp_path / "notes.txt"
    bad.write_text("Monthly servicing report. Nothing about a mortgage pool here.\n" * 5)
    out = tmp_path / "out"
    code = main(["render", str(bad), "--out", str(out)])
    error = capsys.readouterr().err.strip()
    assert code == 2
    assert error.startswith("termsheet: error: ") and str(bad) in error and "\n" not in error
    assert not [p for p in out.rglob("*") if p.is_file() and p.name not in ("index.html", ".termsheet-manifest.json")]


def test_a_bad_filing_does_not_stop_the_good_one(tmp_path, detailed_path: Path, capsys):
    bad = tmp_path / "notes.txt"
    bad.write_text("Monthly servicing report. Nothing about a mortgage pool here.\n" * 5)
    out = tmp_path / "out"
    code = main(["render", str(detailed_path), str(bad), "--format", "html", "--out", str(out), "--quiet"])
    captured = capsys.readouterr()
    assert code == 1
    assert (out / "cmsi-2004-8" / "cmsi-2004-8-summary.html").is_file()
    assert "rendered 1, skipped 0 (unchanged), failed 1" in captured.out
    assert "notes.txt" in captured.out and "not a Citicorp Mortgage Securities" in captured.out


def test_unknown_format_is_a_usage_error(tmp_path, term_sheet_path: Path, capsys):
    with pytest.raises(SystemExit) as exit:
        main(["render", str(term_sheet_path), "--format", "docx", "--out", str(tmp_path)])
    assert exit.value.code == 2
    assert "unknown format 'docx'" in capsys.readouterr().err
