"""Output paths from untrusted series names stay inside the output folder; writes are atomic."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reporting.deliver import files as outputs
from reporting.deliver.files import MAX_STEM, atomic_write, deal_stem, safe_stem

HOSTILE_SERIES = {
    "parent folders": "../../etc/x",
    "absolute path": "/etc/passwd",
    "backslashes": "..\\..\\windows\\system32",
    "slashes": "2004/3/../../x",
    "NUL": "2004-3\x00.pdf",
    "very long": "2004-" + "9" * 5000,
    "only dots": "....",
    "control and non-ASCII": "2004\n-3\t\u202e\u00e9\U0001f600",
    "home": "~root/.ssh/id_rsa",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_SERIES))
def test_a_hostile_series_gives_a_safe_name_inside_the_output_folder(tmp_path, name):
    stem = deal_stem(HOSTILE_SERIES[name], "filing.txt")
    assert stem and len(stem) <= MAX_STEM + len("cmsi-")
    assert set(stem) <= set("abcdefghijklmnopqrstuvwxyz0123456789.-")
    assert not stem.startswith(".") and ".." not in stem
    target = (tmp_path / stem / f"{stem}-summary.pdf").resolve()
    assert target.is_relative_to(tmp_path.resolve())
    written = atomic_write(tmp_path / stem / f"{stem}-summary.pdf", b"%PDF")
    assert written.resolve().parent.parent == tmp_path.resolve()


def test_safe_stems_of_real_series():
    assert deal_stem("2004-3", "x.txt") == "cmsi-2004-3"
    assert deal_stem(None, "/tmp/CMSI 2004-8 Detailed.txt") == "cmsi-2004-8-detailed"
    assert safe_stem("../../etc/x") == "etc-x"
    assert deal_stem("2004/3/../../x", "f.txt") == "cmsi-2004-3-x"
    assert safe_stem("\x00\x00", fallback="deal") == "deal"


def test_atomic_write_replaces_the_whole_file(tmp_path):
    path = tmp_path / "out" / "report.html"
    atomic_write(path, "old")
    atomic_write(path, "new " * 1000)
    assert path.read_text() == "new " * 1000
    assert os.listdir(path.parent) == ["report.html"]


def test_an_interrupted_write_leaves_no_partial_file(tmp_path, monkeypatch):
    path = tmp_path / "report.pdf"
    atomic_write(path, b"the old, whole report")

    class Interrupted(BaseException):  # like KeyboardInterrupt: not an Exception
        pass

    real_fdopen = os.fdopen

    def half_then_interrupt(fd, mode):
        stream = real_fdopen(fd, mode)
        real_write = stream.write

        def write(data):
            real_write(data[: len(data) // 2])
            raise Interrupted

        stream.write = write
        return stream

    monkeypatch.setattr(outputs.os, "fdopen", half_then_interrupt)
    with pytest.raises(Interrupted):
        atomic_write(path, b"x" * 100_000)
    assert path.read_bytes() == b"the old, whole report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]  # no .part file left behind


def test_an_interrupted_first_write_leaves_nothing(tmp_path, monkeypatch):
    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(outputs.os, "replace", fail)
    with pytest.raises(OSError):
        atomic_write(tmp_path / "new.html", "text")
    assert list(Path(tmp_path).iterdir()) == []


def test_written_files_get_the_usual_mode_not_owner_only(tmp_path):
    import stat

    from reporting.deliver.files import FILE_MODE, atomic_write

    written = atomic_write(tmp_path / "deal" / "report.html", "<p>x</p>")
    assert stat.S_IMODE(written.stat().st_mode) == FILE_MODE
    assert FILE_MODE & stat.S_IRGRP  # readable by the group under the usual umask 022
