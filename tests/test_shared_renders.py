"""The test suite's shared renders (tests/shared_renders.py): made once, whole, and guarded."""

from __future__ import annotations

from pathlib import Path

import pytest
from shared_renders import SharedRenders


def _write(folder: Path, made: list[str]) -> None:
    made.append(folder.name)
    (folder / "report.txt").write_text("what a render wrote")


def test_a_folder_is_made_once_and_handed_out_whole(tmp_path):
    shared, made = SharedRenders(tmp_path), []
    first = shared.folder("report", lambda out: _write(out, made))
    again = shared.folder("report", lambda out: _write(out, made))
    assert first == again and made == ["report.partial"]  # made once, under a name no reader asks for
    assert (first / "report.txt").read_text() == "what a render wrote"
    shared.check_unchanged()


def test_a_render_that_fails_leaves_nothing_for_the_next_to_trust(tmp_path):
    shared, made = SharedRenders(tmp_path), []

    def broken(out: Path) -> None:
        (out / "half.txt").write_text("half")
        raise RuntimeError("the render failed")

    with pytest.raises(RuntimeError):
        shared.folder("report", broken)
    folder = shared.folder("report", lambda out: _write(out, made))
    assert sorted(p.name for p in folder.iterdir()) == ["report.txt"]  # the failed attempt's file is gone


@pytest.mark.parametrize("change", ["edit", "add", "remove"])
def test_a_test_that_changes_a_shared_render_fails_the_run(tmp_path, change):
    shared = SharedRenders(tmp_path)
    folder = shared.folder("report", lambda out: _write(out, []))
    target = folder / "report.txt"
    if change == "edit":
        target.chmod(0o644)
        target.write_text("changed")
    elif change == "add":
        (folder / "extra.txt").write_text("added")
    else:
        target.unlink()
    with pytest.raises(AssertionError, match="a test changed the shared render 'report'"):
        shared.check_unchanged()
