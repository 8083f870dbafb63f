"""Every bad input through the real command: one line naming the file and the problem, exit 2."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from reporting.cli import main
from reporting.read import parse as parse_module
from reporting.read.ingest import MAX_FILING_BYTES

ONE_LINE = re.compile(r"^termsheet: error: (?P<path>.+?): (?P<problem>[^\n]+)\n$")
NON_CMSI_8K = """SECURITIES AND EXCHANGE COMMISSION
FORM 8-K
CURRENT REPORT
ACME WIDGETS CORPORATION
Item 5. Other Events. The company opened a new plant.
"""
CMSI_NOT_A_POOL = """FORM 8-K
CITICORP MORTGAGE SECURITIES, INC.
Item 5. Other Events. CMSI changed its fiscal year.
"""
SUBMISSION_WITHOUT_8K = (
    "<SEC-DOCUMENT>0000950123-04-000001.txt\n<DOCUMENT>\n<TYPE>10-K\n<TEXT>\n"
    "CITICORP MORTGAGE SECURITIES, INC. annual report\n</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n"
)


def _bad_inputs(folder: Path) -> dict[str, tuple[Path, str]]:
    """name -> (path, the problem the user must be told)."""
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b"  \n\r\n\t\n")
    (folder / "junk.bin").write_bytes(bytes(range(256)) * 40)
    (folder / "a-folder").mkdir()
    with (folder / "huge.txt").open("wb") as stream:
        stream.truncate(MAX_FILING_BYTES + 1)
    (folder / "acme-8k.txt").write_text(NON_CMSI_8K)
    (folder / "cmsi-other-8k.txt").write_text(CMSI_NOT_A_POOL)
    (folder / "submission.txt").write_text(SUBMISSION_WITHOUT_8K)
    return {
        "empty file": (folder / "empty.txt", "is empty"),
        "blank file": (folder / "blank.txt", "is empty"),
        "binary junk": (folder / "junk.bin", "is binary data, not a text filing"),
        "directory": (folder / "a-folder", "is a directory, not a filing"),
        "missing file": (folder / "missing.txt", "no such file"),
        "oversized file": (folder / "huge.txt", "20,971,521 bytes is larger than the 20,971,520-byte limit"),
        "non-CMSI 8-K": (folder / "acme-8k.txt", "not a Citicorp Mortgage Securities (CMSI) filing"),
        "CMSI 8-K about something else": (folder / "cmsi-other-8k.txt", "not a mortgage pool description"),
        "EDGAR submission without an 8-K": (folder / "submission.txt", "EDGAR submission with no 8-K document"),
    }


CASES = [
    "empty file", "blank file", "binary junk", "directory", "missing file", "oversized file",
    "non-CMSI 8-K", "CMSI 8-K about something else", "EDGAR submission without an 8-K",
]  # fmt: skip


def _assert_one_line_error(err: str, path: Path, problem: str) -> None:
    match = ONE_LINE.match(err)
    assert match, f"not one error line: {err!r}"
    assert match.group("path") == str(path)
    assert problem in match.group("problem")
    assert "Traceback" not in err


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, case):
    path, problem = _bad_inputs(tmp_path)[case]
    assert main(["parse", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    _assert_one_line_error(err, path, problem)


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("cmsi-2003-09-servicing.txt", "a monthly servicing report, not a mortgage pool description"),
        ("cmsi-1997-05-15-computational.txt", "Computational Materials, not a mortgage pool description"),
    ],
)
def test_other_kinds_of_cmsi_8k_are_refused(partial_dir, capsys, name, problem):
    assert main(["parse", "--json", str(partial_dir / name)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    _assert_one_line_error(err, partial_dir / name, problem)


def test_a_parse_that_runs_too_long_is_one_line(term_sheet_path, capsys, monkeypatch):
    def endless(_filing):
        re.match(r"(a+)+$", "a" * 64 + "b")

    monkeypatch.setattr(parse_module, "parse_filing", endless)
    monkeypatch.setattr(parse_module, "MAX_PARSE_SECONDS", 0.2)
    assert main(["parse", str(term_sheet_path)]) == 2
    _assert_one_line_error(
        capsys.readouterr().err, term_sheet_path, "took longer than 0.2 seconds to parse and was stopped"
    )


def test_diff_with_a_bad_filing_is_one_line(tmp_path, term_sheet_path, capsys):
    missing = tmp_path / "nope.txt"
    assert main(["diff", str(term_sheet_path), str(missing), "--out", str(tmp_path / "out")]) == 2
    _assert_one_line_error(capsys.readouterr().err, missing, "no such file")
    assert not (tmp_path / "out").exists()


def _console(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reporting", *args], capture_output=True, text=True, timeout=60)


def test_console_entry_missing_file(tmp_path):
    missing = tmp_path / "missing.txt"
    result = _console("parse", str(missing))
    assert (result.returncode, result.stdout) == (2, "")
    _assert_one_line_error(result.stderr, missing, "no such file")


def test_console_entry_servicing_report(partial_dir):
    path = partial_dir / "cmsi-2003-09-servicing.txt"
    result = _console("parse", str(path))
    assert (result.returncode, result.stdout) == (2, "")
    _assert_one_line_error(result.stderr, path, "a monthly servicing report")


def test_debug_shows_the_traceback_then_the_line(tmp_path):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01\x02" * 100)
    result = _console("--debug", "parse", str(junk))
    assert result.returncode == 2
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert "reporting/read/ingest.py" in result.stderr and "FilingError" in result.stderr
    assert result.stderr.rstrip("\n").splitlines()[-1] == f"termsheet: error: {junk}: is binary data, not a text filing"
