"""Errors people will meet (issue 18, items 10 and 12): every place that cannot be written is
"cannot write: ..." and exit code 2, with the summary still printed; an empty folder is
said to be empty; two filings of one series never share a diff's file name."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import reporting
from reporting.cli import main

REPO = Path(reporting.__file__).resolve().parent.parent  # the package under test, for subprocesses


def _render(*args: str) -> int:
    return main(["render", *args])


def test_an_output_folder_that_is_a_file(tmp_path, term_sheet_path, capsys):
    taken = tmp_path / "report"
    taken.write_text("someone's notes")
    assert _render(str(term_sheet_path), "--out", str(taken), "--format", "json") == 2
    assert capsys.readouterr().err == f"termsheet: error: {taken}: cannot write: is a file, not a folder\n"
    assert taken.read_text() == "someone's notes"


def test_an_output_folder_below_a_file(tmp_path, term_sheet_path, capsys):
    (tmp_path / "report").write_text("someone's notes")
    out = tmp_path / "report" / "deals"
    assert _render(str(term_sheet_path), "--out", str(out), "--format", "json") == 2
    assert capsys.readouterr().err == f"termsheet: error: {out}: cannot write: a file is where a folder should be\n"


def test_an_output_file_that_is_a_folder(tmp_path, term_sheet_path, capsys):
    out = tmp_path / "out"
    (out / "cmsi-2004-3" / "cmsi-2004-3-deal.json").mkdir(parents=True)
    assert _render(str(term_sheet_path), "--out", str(out), "--format", "json") == 2
    assert capsys.readouterr().err == (
        f"termsheet: error: {term_sheet_path}: {out}/cmsi-2004-3/cmsi-2004-3-deal.json: "
        "cannot write: is a folder, not a file\n"
    )


def test_an_index_that_is_a_folder_still_gets_the_summary(tmp_path, term_sheet_path, capsys):
    out = tmp_path / "out"
    (out / "index.html").mkdir(parents=True)
    assert _render(str(term_sheet_path), "--out", str(out), "--format", "json") == 2
    printed = capsys.readouterr()
    assert printed.out.startswith("rendered 1, skipped 0 (unchanged), failed 0\n")
    assert printed.err == f"termsheet: error: {out}/index.html: cannot write: is a folder, not a file\n"
    assert (out / "cmsi-2004-3" / "cmsi-2004-3-deal.json").is_file()


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.ENOSPC, "No space left on device"),
        (errno.EROFS, "Read-only file system"),
        (errno.EACCES, "Permission denied"),
    ],
)
def test_a_full_or_read_only_disk_fails_each_deal_and_still_prints_the_summary(
    tmp_path, term_sheet_path, detailed_path, capsys, monkeypatch, code, reason
):
    folder = tmp_path / "filings"
    folder.mkdir()
    shutil.copy(term_sheet_path, folder)
    shutil.copy(detailed_path, folder)
    out = tmp_path / "out"
    out.mkdir()

    def no_room(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(tempfile, "mkstemp", no_room)  # every new file, in the parent and in the workers
    assert _render(str(folder), "--out", str(out), "--format", "json", "--jobs", "1", "-q") == 2
    printed = capsys.readouterr()
    lines = printed.out.splitlines()
    assert lines[0] == "rendered 0, skipped 0 (unchanged), failed 2"
    assert lines[1].endswith(f"/cmsi-2004-3/cmsi-2004-3-deal.json: cannot write: {reason}")
    assert lines[2].endswith(f"/cmsi-2004-8/cmsi-2004-8-deal.json: cannot write: {reason}")
    assert printed.err.splitlines()[-1] == f"termsheet: error: {out}/index.html: cannot write: {reason}"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_standard_output_on_a_full_disk_is_one_line(term_sheet_path):
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "reporting", "parse", str(term_sheet_path)],
            stdout=full,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            text=True,
            timeout=60,
        )
    assert (done.returncode, done.stderr) == (
        2,
        "termsheet: error: standard output: cannot write: No space left on device\n",
    )


# --- item 12 ---------------------------------------------------------------------------------------


def test_an_empty_folder_is_an_error(tmp_path, capsys):
    empty = tmp_path / "filings"
    (empty / "notes").mkdir(parents=True)
    (empty / "notes" / "readme.md").write_text("no filings here")
    assert _render(str(empty), "--out", str(tmp_path / "out")) == 2
    assert capsys.readouterr().err == f"termsheet: error: {empty}: no filings found (*.txt, *.htm, *.html)\n"
    assert not (tmp_path / "out").exists()


def test_diffs_of_filings_of_one_series_get_names_of_their_own(tmp_path, term_sheet_path, capsys):
    folder = tmp_path / "filings"
    folder.mkdir()
    text = term_sheet_path.read_text()
    (folder / "term-sheet.txt").write_text(text)
    (folder / "term-sheet-amended.txt").write_text(text.replace("$740,547.57", "$740,547.58"))
    (folder / "term-sheet-copy.txt").write_text(text)
    (folder / "cmsi-2004-3-v2.txt").write_text(text)  # a name that already names its deal
    out = tmp_path / "out"
    for new in ("term-sheet-amended.txt", "term-sheet-copy.txt", "cmsi-2004-3-v2.txt"):
        assert (
            main(["diff", str(folder / "term-sheet.txt"), str(folder / new), "--out", str(out), "--format", "json"])
            == 0
        )
    assert sorted(p.name for p in (out / "diff").iterdir()) == [
        "cmsi-2004-3-term-sheet-vs-cmsi-2004-3-term-sheet-amended.json",
        "cmsi-2004-3-term-sheet-vs-cmsi-2004-3-term-sheet-copy.json",
        "cmsi-2004-3-term-sheet-vs-cmsi-2004-3-v2.json",  # not "cmsi-2004-3-cmsi-2004-3-v2"
    ]


def test_same_named_filings_in_two_folders_are_told_apart_by_folder(tmp_path, term_sheet_path):
    for side in ("may", "june"):
        (tmp_path / side).mkdir()
        shutil.copy(term_sheet_path, tmp_path / side / "filing.txt")
    out = tmp_path / "out"
    assert main(["diff", str(tmp_path / "may" / "filing.txt"), str(tmp_path / "june" / "filing.txt"), "--out", str(out), "--format", "json"]) == 0  # fmt: skip
    assert [p.name for p in (out / "diff").iterdir()] == ["cmsi-2004-3-may-filing-vs-cmsi-2004-3-june-filing.json"]


def test_a_filing_against_itself_keeps_the_plain_name(tmp_path, detailed_path):
    out = tmp_path / "out"
    args = ["diff", str(detailed_path), str(detailed_path), "--pool", "I:III", "--out", str(out), "--format", "json"]
    assert main(args) == 0
    assert [p.name for p in (out / "diff").iterdir()] == ["cmsi-2004-8-pool-i-vs-cmsi-2004-8-pool-iii.json"]
