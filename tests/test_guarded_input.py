"""One guarded way of opening a filing, for every command (issue 18, items 1 and 11).

`parse` refused devices, FIFOs and huge files; `render` hashed its inputs with
``Path.read_bytes()`` first, so `render /dev/zero` grew until the kernel killed it, a
FIFO hung it, and a 2 GB file was read whole before being refused. Commands that
could hang or eat memory run in a subprocess with a memory cap and a time cap.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import reporting
from reporting.cli import main
from reporting.errors import FilingError
from reporting.pipeline import load_deal
from reporting.read import ingest
from reporting.read.ingest import MAX_FILING_BYTES, read_filing

REPO = Path(reporting.__file__).resolve().parent.parent  # the package under test, for subprocesses
MEMORY_CAP = 1 << 30  # 1 GiB of address space: the parent reading a device or a huge file whole dies of it
TIME_CAP = 60  # seconds: a FIFO opened for reading waits forever for a writer


def _termsheet(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    def cap_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    return subprocess.run(
        [sys.executable, "-m", "reporting", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        preexec_fn=cap_memory,
        capture_output=True,
        text=True,
        timeout=TIME_CAP,
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_render_refuses_a_device_without_reading_it(tmp_path):
    done = _termsheet("render", "/dev/zero", "--out", "out", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (
        2,
        "termsheet: error: /dev/zero: is not a regular file (a device or a pipe?)\n",
    )
    assert not (tmp_path / "out" / "index.html").exists() or done.stdout == ""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_render_refuses_a_fifo_without_waiting_for_a_writer(tmp_path):
    os.mkfifo(tmp_path / "filing.txt")
    done = _termsheet("render", "filing.txt", "--out", "out", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == f"termsheet: error: {tmp_path}/filing.txt: is not a regular file (a device or a pipe?)\n"


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as stream:
        stream.truncate(size)  # no data blocks: instant, whatever the size
    return path


def test_render_refuses_a_huge_file_before_reading_it(tmp_path):
    _sparse(tmp_path / "huge.txt", 2 * MEMORY_CAP)
    done = _termsheet("render", "huge.txt", "--out", "out", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == (
        f"termsheet: error: {tmp_path}/huge.txt: 2,147,483,648 bytes is larger than "
        "the 20,971,520-byte limit for a filing\n"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_diff_refuses_a_fifo(tmp_path, term_sheet_path, capsys):
    os.mkfifo(tmp_path / "new.txt")
    assert (
        main(["diff", str(term_sheet_path), str(tmp_path / "new.txt"), "--out", str(tmp_path), "--format", "json"]) == 2
    )
    assert (
        capsys.readouterr().err
        == f"termsheet: error: {tmp_path}/new.txt: is not a regular file (a device or a pipe?)\n"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fetch_does_not_read_a_fifo_put_in_place_of_a_saved_filing(tmp_path):
    """fetch checks what it saved by its SHA-256: through the same guarded opening, so a FIFO cannot hang it."""
    from reporting.fetch import store

    folder = tmp_path / "cmsi-2004-3"
    folder.mkdir()
    sidecar = {
        "accession_number": "0000811785-04-000040",
        "form_type": "8-K",
        "amendment": False,
        "filing_date": "2004-05-10",
        "cik": "811785",
        "company": "CITICORP MORTGAGE SECURITIES INC",
        "series": "2004-3",
        "kind": "collateral_term_sheet",
        "date_of_report": "2004-05-07",
        "source_url": "https://www.sec.gov/Archives/x.txt",
        "fetched_from": "https://www.sec.gov/Archives/x.txt",
        "sha256": "0" * 64,
        "bytes": 0,  # what a FIFO's size reads as
        "fetched_at": "2024-01-01T00:00:00+00:00",
        "tool": "termsheet 0.1.0",
    }
    (folder / "term-sheet-0000811785-04-000040.json").write_text(json.dumps(sidecar))
    os.mkfifo(folder / "term-sheet-0000811785-04-000040.txt")

    def hung(signum, frame):
        raise AssertionError("fetch waited on the FIFO")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)
    try:
        assert store.saved_filings(tmp_path) == {}
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_the_hash_is_streamed_and_bounded(tmp_path, term_sheet_path, monkeypatch):
    import hashlib

    from reporting.read.ingest import filing_sha256, read_filing_bytes

    data = term_sheet_path.read_bytes()

    monkeypatch.setattr(ingest, "_CHUNK", 4096)  # many chunks: each is hashed as it comes
    assert filing_sha256(term_sheet_path) == hashlib.sha256(data).hexdigest()
    assert read_filing_bytes(term_sheet_path) == (data, hashlib.sha256(data).hexdigest())
    grown = _sparse(tmp_path / "grown.txt", 10)
    monkeypatch.setattr(ingest, "MAX_FILING_BYTES", 5)
    monkeypatch.setattr(ingest, "_check", lambda name, info: None)  # as if it grew after the size was checked
    with pytest.raises(FilingError, match="is larger than"):
        filing_sha256(grown)


def test_a_batch_worker_reads_its_filing_once(tmp_path, term_sheet_path):
    """The parent hashes (streamed) to decide what is unchanged; the worker reads and hashes once more, not twice."""
    from reporting.batch.run import render_one
    from reporting.pipeline import RenderOptions
    from reporting.read.ingest import filing_sha256

    source = tmp_path / "filing.txt"
    source.write_bytes(term_sheet_path.read_bytes())
    expected = filing_sha256(source)
    opened = []

    def count(event: str, args: tuple) -> None:
        if event == "open" and args and str(args[0]) == str(source):
            opened.append(args)

    sys.addaudithook(count)  # cannot be removed: it only counts opens of this test's file
    outcome = render_one(str(source), str(tmp_path / "out"), RenderOptions(("json",)), "cmsi-2004-3")
    assert len(opened) == 1
    assert outcome.status == "rendered" and outcome.sha256 == expected


# --- item 11: what a file is, and what it is called -------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_a_utf16_or_utf32_filing_is_read(tmp_path, term_sheet_path, encoding):
    """Windows saves "Unicode" text as UTF-16 (with a byte-order mark, or as UTF-16-LE without)."""
    path = tmp_path / "wide.txt"
    path.write_bytes(term_sheet_path.read_text().encode(encoding))
    deal = load_deal(path)
    assert (deal.series, deal.whole_deal.loan_count, deal.whole_deal.aggregate_balance) == (
        "2004-3",
        1225,
        619800778.37,
    )
    assert deal.source.encoding == encoding and deal.checks_passed


def test_damaged_utf16_says_what_it_is(tmp_path, term_sheet_path):
    path = tmp_path / "damaged.txt"
    path.write_bytes(term_sheet_path.read_text()[:2000].encode("utf-16") + b"\x00\xd8")  # a lone surrogate
    with pytest.raises(FilingError, match=r"is UTF-16 text that cannot be decoded \(damaged\?\)$"):
        read_filing(path)


def test_a_binary_file_is_still_binary(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    with pytest.raises(FilingError, match="is binary data, not a text filing$"):
        read_filing(path)


@pytest.fixture()
def undecodable_name(tmp_path, term_sheet_path) -> Path:
    """A filing whose file name is not valid UTF-8 (Latin-1 "café")."""
    path = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.txt"))
    try:
        path.write_bytes(term_sheet_path.read_bytes())
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system does not take such a name")
    return path


def test_a_file_name_that_is_not_utf8_renders(undecodable_name, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["render", str(undecodable_name), "--out", str(out), "--format", "json,html"]) == 0
    deal = json.loads((out / "cmsi-2004-3" / "cmsi-2004-3-deal.json").read_text())
    assert deal["source"]["path"] == f"{tmp_path}/caf\\xe9.txt"
    assert '<span class="source">caf\\xe9.txt</span>' in (out / "cmsi-2004-3" / "cmsi-2004-3-summary.html").read_text()
    assert "cmsi-2004-3-deal.json" in capsys.readouterr().out


def test_a_bad_filing_with_such_a_name_is_one_line(tmp_path, capsys):
    path = Path(os.fsdecode(bytes(tmp_path) + b"/r\xe9sum\xe9.txt"))
    try:
        path.write_text("not a filing at all\n")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system does not take such a name")
    assert main(["render", str(path), "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == (
        f"termsheet: error: {tmp_path}/r\\xe9sum\\xe9.txt: not a Citicorp Mortgage Securities (CMSI) filing\n"
    )


def test_the_size_limit_is_unchanged():
    assert MAX_FILING_BYTES == 20 * 1024 * 1024
