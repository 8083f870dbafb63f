"""A non-editable install carries everything the tool reads at run time."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("termsheet-*.whl")
    return zipfile.ZipFile(path)


@pytest.fixture(scope="module")
def wheel_names(wheel) -> set[str]:
    return set(wheel.namelist())


def test_wheel_has_the_samples_and_schema(wheel_names):
    assert "reporting/samples/cmsi-2004-3-collateral-term-sheet.txt" in wheel_names
    assert "reporting/samples/cmsi-2004-8-detailed-description.txt" in wheel_names
    assert "reporting/schema/deal.schema.json" in wheel_names
    assert "reporting/schema/diff.schema.json" in wheel_names


def test_wheel_has_every_template(wheel_names):
    templates = {
        p.relative_to(REPO / "reporting" / "templates").as_posix()
        for p in (REPO / "reporting" / "templates").rglob("*")
        if p.is_file()
    }
    assert templates, "templates/ is empty"
    assert {f"reporting/templates/{name}" for name in templates} <= wheel_names


def test_console_script_is_declared(wheel, wheel_names):
    entry_points = next(n for n in wheel_names if n.endswith("entry_points.txt"))
    assert "termsheet = reporting.cli:main" in wheel.read(entry_points).decode()


def test_wheel_has_the_fonts_and_their_licence(wheel_names):
    from reporting import fonts

    for face in fonts.FACES:
        assert f"reporting/fonts/{face.ttf}" in wheel_names
        assert f"reporting/fonts/web/{face.woff2}" in wheel_names
    assert "reporting/fonts/OFL.txt" in wheel_names


def test_wheel_carries_no_byte_code(wheel_names):
    """`make test` and `make demo` byte-compile the package in place: none of it may ship."""
    assert not [name for name in wheel_names if name.endswith(".pyc") or "__pycache__" in name]
