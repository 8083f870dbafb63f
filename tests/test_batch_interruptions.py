"""Batch runs under concurrency and interruption (issue 18, items 5 to 8).

Each test runs `termsheet render` as a real process, and stops, kills or races it as a
user (or the machine) would: a second run on the same folder, kill -9, SIGTERM. The runs
write HTML and JSON: how a file lands is the same for every format, and a PDF would only
make each deal slower.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import reporting
from reporting.batch.run import run_batch
from reporting.cli import main

REPO = Path(reporting.__file__).resolve().parent.parent  # the package under test, for subprocesses
WAIT = 90  # seconds: the longest any test waits for a process to get somewhere


def _copies(folder: Path, source: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        shutil.copy(source, folder / f"copy-{number:02d}.txt")
    return folder


def _start(*args: str, session: bool = False) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "reporting", "render", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        text=True,
        start_new_session=session,
    )


def _until(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting: {what}")
        time.sleep(0.05)


def _finished(out: Path, suffixes: tuple[str, ...]) -> set[str]:
    """The deal folders holding every file asked for."""
    return {p.name for p in out.glob("cmsi-*") if all((p / f"{p.name}{s}").is_file() for s in suffixes)}


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")  # a zombie has ended; only its exit status is left


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


linux_only = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc (Linux)")


# --- item 5: one run at a time per output folder ----------------------------------------------------


def test_a_second_run_on_the_same_folder_waits_for_the_first(tmp_path, term_sheet_path, detailed_path, capsys):
    """Two runs on one folder: the second waits, and the index then lists what both wrote, as the files say."""
    out = tmp_path / "out"
    # HTML of six deals, one at a time: the first run holds the folder for seconds (its imports, then
    # about 0.4 s a deal); the second asks for it a moment after the lock appears.
    first_folder = _copies(tmp_path / "a", term_sheet_path, 6)
    first = _start(str(first_folder), "--out", str(out), "--format", "html", "--jobs", "1", "-q")
    _until(lambda: (out / ".termsheet-lock").is_file() or _finished(out, ("-summary.html",)), "the first run to start")
    second_folder = tmp_path / "b"
    second_folder.mkdir()
    shutil.copy(detailed_path, second_folder)
    code = main(["render", str(second_folder), "--out", str(out), "--format", "json", "-q"])
    first_out, first_err = first.communicate(timeout=WAIT)
    assert (first.returncode, code) == (0, 0), first_err
    assert f"in use by another termsheet run (pid {first.pid} on " in capsys.readouterr().err
    index = (out / "index.html").read_text()
    assert index.count('<th scope="row"') == 7  # the six copies and 2004-8
    for folder in _finished(out, ("-summary.html",)):
        entry = json.loads((out / folder / ".termsheet-manifest.json").read_text())["entry"]
        assert f'href="{entry["outputs"]["html"]}"' in index


def test_a_run_that_cannot_wait_says_who_holds_the_folder(tmp_path, term_sheet_path, monkeypatch, capsys):
    from reporting.batch import lock

    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen(  # another run, holding the folder as every run does
        [sys.executable, "-c", "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDONLY); "
         "fcntl.flock(fd, fcntl.LOCK_EX); open(os.path.join(sys.argv[1], '.termsheet-lock'), 'w').write("
         "'pid %d on test-host, since 2024-01-01T00:00:00+00:00' % os.getpid()); print('held', flush=True); "
         "time.sleep(60)", str(out)],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline() == "held\n"
        monkeypatch.setattr(lock, "LOCK_WAIT_SECONDS", 0.5)
        started = time.monotonic()
        assert main(["render", str(term_sheet_path), "--out", str(out), "--format", "json"]) == 2
        assert time.monotonic() - started < 10
        err = capsys.readouterr().err.strip().split("\n")
        assert err[-1] == (
            f"termsheet: error: {out}: in use by another termsheet run (pid {holder.pid} on test-host, since "
            "2024-01-01T00:00:00+00:00); gave up after waiting 0.5 s: try again when it has finished, or use "
            "another --out"
        )
        assert not (out / "cmsi-2004-3").exists()
    finally:
        holder.kill()
        holder.wait()


# --- item 6: a killed run keeps what it finished ---------------------------------------------------------


def test_a_run_killed_with_sigkill_keeps_every_deal_it_finished(tmp_path, term_sheet_path):
    folder = _copies(tmp_path / "many", term_sheet_path, 8)
    out = tmp_path / "out"
    run = _start(str(folder), "--out", str(out), "--format", "json,html", "--jobs", "2", "-q", session=True)
    try:
        _until(lambda: len(_finished(out, ("-summary.html", "-deal.json"))) >= 3, "three deals to finish")
    finally:
        os.killpg(run.pid, signal.SIGKILL)  # the whole run at once, as the out-of-memory killer or a crash would
        run.communicate(timeout=WAIT)
    recorded = {p.parent.name for p in out.glob("*/.termsheet-manifest.json")}
    assert len(recorded) >= 2  # recorded as each landed, not at the end
    assert recorded <= _finished(out, ("-summary.html", "-deal.json"))  # a record vouches only for whole files

    again = run_batch([folder], out, ["json", "html"], jobs=2)
    assert again.count("skipped") == len(recorded)
    assert again.count("skipped") + again.count("rendered") == 8
    assert not list(out.rglob(".termsheet-tmp-*"))
    assert (out / "index.html").read_text().count('<th scope="row"') == 8


# --- item 7: workers die with the parent --------------------------------------------------------------


@linux_only
def test_workers_die_when_the_run_is_killed(tmp_path, term_sheet_path):
    folder = _copies(tmp_path / "many", term_sheet_path, 8)
    out = tmp_path / "out"
    run = _start(str(folder), "--out", str(out), "--format", "json,html", "--jobs", "2", "-q")
    workers: list[int] = []
    try:
        _until(lambda: len(_children(run.pid)) >= 2 and _finished(out, ("-deal.json",)), "the workers to work")
        workers = _children(run.pid)
        run.kill()  # the parent alone: nobody tells the workers
        run.communicate(timeout=WAIT)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in workers if _alive(pid)], "workers outlived their parent"
    finally:
        for pid in workers:  # only the workers this test started, by their ids
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


# --- item 8: after SIGTERM the summary says what is on disk ----------------------------------------------


def test_after_sigterm_the_summary_counts_every_deal_on_disk(tmp_path, term_sheet_path):
    folder = _copies(tmp_path / "many", term_sheet_path, 10)
    out = tmp_path / "out"
    run = _start(str(folder), "--out", str(out), "--format", "json,html", "--jobs", "2", "-q")
    _until(lambda: _finished(out, ("-summary.html",)), "a deal to finish")
    run.send_signal(signal.SIGTERM)
    stdout, stderr = run.communicate(timeout=WAIT)
    assert run.returncode == 130, stderr
    counts = re.search(r"rendered (\d+), skipped 0 \(unchanged\), failed 0 - interrupted", stdout)
    assert counts, stdout
    on_disk = _finished(out, ("-summary.html", "-deal.json"))
    assert int(counts.group(1)) == len(on_disk) < 10
    assert {p.parent.name for p in out.glob("*/.termsheet-manifest.json")} == on_disk
    assert (out / "index.html").read_text().count('<th scope="row"') == len(on_disk)
    assert not list(out.rglob(".termsheet-tmp-*"))


def test_a_second_sigterm_stops_at_once_and_the_summary_still_matches_the_disk(tmp_path, term_sheet_path):
    folder = _copies(tmp_path / "many", term_sheet_path, 10)
    out = tmp_path / "out"
    run = _start(str(folder), "--out", str(out), "--format", "json,html", "--jobs", "2", "-q")
    _until(lambda: _finished(out, ("-summary.html",)), "a deal to finish")
    workers = _children(run.pid)
    run.send_signal(signal.SIGTERM)
    time.sleep(0.2)
    run.send_signal(signal.SIGTERM)  # "now": the deals in hand are abandoned
    stdout, stderr = run.communicate(timeout=WAIT)
    assert run.returncode == 130, stderr
    counts = re.search(r"rendered (\d+), skipped 0 \(unchanged\), failed 0 - interrupted", stdout)
    assert counts, stdout
    recorded = {p.parent.name for p in out.glob("*/.termsheet-manifest.json")}
    assert int(counts.group(1)) == len(recorded) < 10
    assert recorded <= _finished(out, ("-summary.html", "-deal.json"))
    assert not list(out.rglob(".termsheet-tmp-*"))
    assert not [pid for pid in workers if _alive(pid)]
