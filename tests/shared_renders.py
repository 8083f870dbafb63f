"""Reports that many test files read, each rendered once per test run and shared by every worker.

Laying out a summary's PDF takes WeasyPrint seconds, and a dozen test files read the same
few reports (the samples' summaries, their diff, 2004-3 laid out in two parts). Each is
written once, at a fixed time, under the run's own temporary folder, which every
pytest-xdist worker of the run shares: a file lock makes the first worker that needs a
report write it while the others wait, then all read it. The files are read-only; a test
that changes one works on its own copy. A report is made by the product's own functions
(``render_deal``, ``render_diff``), exactly as a test would make it itself.
"""

from __future__ import annotations

import hashlib
import shutil
import stat
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no shared folder, each worker renders its own (see run_root)
    fcntl = None

FIXED_TIME = datetime(2024, 1, 2, 3, 4, tzinfo=UTC)  # every test's "generated" time, the shared reports' too


class SharedRenders:
    """Named folders of rendered files under ``root``, each made once by whoever asks first.

    Every file's SHA-256 is noted when its folder is made; ``check_unchanged`` (at the end of
    each worker's session) fails the run if a test changed, added or removed a shared file.
    """

    def __init__(self, root: Path) -> None:
        self.root = root / "shared-renders"
        self.root.mkdir(parents=True, exist_ok=True)
        self.used: set[str] = set()

    def folder(self, name: str, make: Callable[[Path], object]) -> Path:
        """The folder ``name``, made by ``make(folder)`` if no worker has made it yet."""
        done = self.root / name
        with (self.root / f"{name}.lock").open("w") as lock:
            if fcntl is not None:
                fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also if make() fails
            if not done.is_dir():
                work = self.root / f"{name}.partial"
                shutil.rmtree(work, ignore_errors=True)
                work.mkdir()
                make(work)
                _read_only(work)
                (self.root / f"{name}.sha256").write_text(_digests(work))
                work.rename(done)  # all at once: a folder that is there is whole
        self.used.add(name)
        return done

    def check_unchanged(self) -> None:
        for name in sorted(self.used):
            noted = (self.root / f"{name}.sha256").read_text()
            assert _digests(self.root / name) == noted, f"a test changed the shared render {name!r}: copy it first"


def _digests(folder: Path) -> str:
    return "".join(
        f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(folder)}\n"
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    )


def _read_only(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)


def files_by_kind(folder: Path) -> dict[str, Path]:
    """A deal's files by what follows its stem: "summary.pdf", "summary.eml", "email.html", ..."""
    return {p.name.rsplit("-", 1)[-1]: p for p in sorted(folder.rglob("*")) if p.is_file()}


def _diff_files(folder: Path) -> dict[str, Path]:
    """A diff's files: "pdf", "html", "eml" and the email's "preview" page."""
    return {"preview" if p.name.endswith("-email.html") else p.suffix.lstrip("."): p for p in folder.iterdir()}


def run_root(config, tmp_path_factory) -> Path:
    """The folder every worker of this run shares: the parent of an xdist worker's own base folder."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if hasattr(config, "workerinput") and fcntl is not None else base


class SampleReports:
    """The bundled samples' reports, shared as above: summaries on either paper, whole or laid out
    in two parts, the diff of 2004-3 against 2004-8 and against itself
    (pdf, html and email), and what `termsheet demo` writes."""

    # What each summary is rendered as (the PDF first: in two parts, its charts serve the HTML):
    # in full on Letter, laid out whole; in two parts, the PDF and the HTML its charts make;
    # on A4, the PDF alone.
    SUMMARY_FORMATS = ("pdf", "html", "email", "json")
    TWO_PART_FORMATS = ("pdf", "html")

    def __init__(self, shared: SharedRenders, term_sheet, detailed) -> None:
        self.shared = shared
        self.deals = {"2004-3": term_sheet, "2004-8": detailed}

    def summary(self, series: str, paper: str = "letter", two_parts: bool = False) -> dict[str, Path]:
        """``files_by_kind`` of what ``render_deal`` writes for the sample ``series``."""
        from reading import joined_from_parts

        from reporting.deliver.write import render_deal

        deal = self.deals[series]
        name = f"{series}-summary-{paper}{'-two-parts' if two_parts else ''}"

        def make(out: Path) -> None:
            formats = ("pdf",) if paper != "letter" else self.TWO_PART_FORMATS if two_parts else self.SUMMARY_FORMATS
            pdf = render_deal(deal, out, formats, paper=paper, generated_at=FIXED_TIME, two_parts=two_parts)[0]
            # render_deal falls back to one part without a word (no plan, no fork, a lost worker):
            # a "two parts" report laid out whole would make every comparison with the whole vacuous.
            assert joined_from_parts(pdf.read_bytes()) == two_parts, f"{name}: not laid out as asked"

        return files_by_kind(self.shared.folder(name, make))

    def samples_diff(self) -> dict[str, Path]:
        """The diff of 2004-3 against 2004-8 as ``render_diff`` writes it: see ``_diff_files``."""
        from reporting.deliver.write import render_diff
        from reporting.derive.diff import build_diff

        diff = build_diff(self.deals["2004-3"], self.deals["2004-8"])
        folder = self.shared.folder(
            "samples-diff-letter",
            lambda out: render_diff(diff, out, ["pdf", "html", "email"], generated_at=FIXED_TIME),
        )
        return _diff_files(folder)

    def self_diff(self) -> dict[str, Path]:
        """2004-3 against itself as ``render_diff`` writes it: see ``_diff_files``."""
        from reporting.deliver.write import render_diff
        from reporting.derive.diff import build_diff

        deal = self.deals["2004-3"]
        folder = self.shared.folder(
            "self-diff-letter",
            lambda out: render_diff(build_diff(deal, deal), out, ["html", "pdf", "email"], generated_at=FIXED_TIME),
        )
        return _diff_files(folder)

    def demo(self) -> tuple[Path, str]:
        """What `termsheet demo --out OUT` writes into OUT, and what it prints."""
        import contextlib
        import io

        from reporting.cli import main

        def make(folder: Path) -> None:
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                code = main(["demo", "--out", str(folder / "output")])
            assert code == 0, printed.getvalue()
            (folder / "stdout.txt").write_text(printed.getvalue())

        folder = self.shared.folder("demo", make)
        return folder / "output", (folder / "stdout.txt").read_text()
