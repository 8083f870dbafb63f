"""Batch runs: many filings, one bad one never stops the rest, re-runs skip what is unchanged."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reporting.batch.run import MANIFEST_NAME, BatchArgumentError, discover, run_batch


@pytest.fixture()
def mixed_folder(tmp_path, term_sheet_path, detailed_path) -> Path:
    """Both samples, a servicing report 8-K, and a broken file."""
    folder = tmp_path / "filings"
    (folder / "2004").mkdir(parents=True)
    shutil.copy(term_sheet_path, folder / "2004" / term_sheet_path.name)
    shutil.copy(detailed_path, folder / detailed_path.name)
    servicing = term_sheet_path.read_text().split("Item 5.")[0] + "Item 5. Attached is the monthly servicing report."
    (folder / "servicing.txt").write_text(servicing)
    (folder / "broken.htm").write_bytes(b"\x00\x01\x02 not a filing \xff" * 50)
    (folder / "notes.md").write_text("not a filing suffix: ignored")
    return folder


def test_discover_recurses_and_ignores_other_suffixes(mixed_folder):
    names = [p.name for p in discover([mixed_folder])]
    assert sorted(names) == sorted(
        ["cmsi-2004-3-collateral-term-sheet.txt", "cmsi-2004-8-detailed-description.txt", "servicing.txt", "broken.htm"]
    )


def test_a_missing_path_is_a_bad_argument(tmp_path):
    with pytest.raises(BatchArgumentError, match="no such file or folder"):
        discover([tmp_path / "nowhere"])


def test_bad_filings_are_reported_and_the_rest_rendered(mixed_folder, tmp_path):
    out = tmp_path / "out"
    result = run_batch([mixed_folder], out, ["json"], jobs=2)
    by_name = {Path(o.source).name: o for o in result.outcomes}
    assert by_name["cmsi-2004-3-collateral-term-sheet.txt"].status == "rendered"
    assert by_name["cmsi-2004-8-detailed-description.txt"].status == "rendered"
    assert by_name["servicing.txt"].status == "failed"
    assert "monthly servicing report" in by_name["servicing.txt"].reason
    assert by_name["broken.htm"].reason == "is binary data, not a text filing"
    assert result.exit_code == 1

    deal = json.loads((out / "cmsi-2004-3" / "cmsi-2004-3-deal.json").read_text())
    assert deal["pools"][0]["loan_count"] == 1225
    assert (out / "cmsi-2004-8" / "cmsi-2004-8-deal.json").is_file()
    entry = by_name["cmsi-2004-8-detailed-description.txt"].entry
    assert (entry.series, entry.loan_count, entry.wac, entry.checks_passed, entry.checks_total) == (
        "2004-8",
        970,
        5.962,
        23,
        23,
    )


def test_a_second_run_skips_unchanged_deals_and_force_redoes_them(mixed_folder, tmp_path):
    out = tmp_path / "out"
    run_batch([mixed_folder], out, ["json"], jobs=1)
    again = run_batch([mixed_folder], out, ["json"], jobs=1)
    assert again.count("skipped") == 2 and again.count("rendered") == 0 and again.count("failed") == 2

    forced = run_batch([mixed_folder], out, ["json"], jobs=1, force=True)
    assert forced.count("rendered") == 2 and forced.count("skipped") == 0


def test_a_changed_input_is_rendered_again(mixed_folder, tmp_path):
    out = tmp_path / "out"
    run_batch([mixed_folder], out, ["json"])
    target = mixed_folder / "cmsi-2004-8-detailed-description.txt"
    target.write_text(target.read_text().replace("$740,547.57", "$740,547.58"))
    again = run_batch([mixed_folder], out, ["json"])
    rendered = [Path(o.source).name for o in again.outcomes if o.status == "rendered"]
    assert rendered == ["cmsi-2004-8-detailed-description.txt"]
    assert "reconciliation checks failed" in next(o.warning for o in again.outcomes if o.status == "rendered")


def test_two_filings_of_one_series_get_their_own_folders(tmp_path, term_sheet_path):
    folder = tmp_path / "copies"
    folder.mkdir()
    shutil.copy(term_sheet_path, folder / "a.txt")
    shutil.copy(term_sheet_path, folder / "b.txt")
    out = tmp_path / "out"
    result = run_batch([folder], out, ["json"], jobs=2)
    stems = sorted(o.entry.stem for o in result.outcomes)
    assert stems == ["cmsi-2004-3", "cmsi-2004-3-b"]
    assert (out / "cmsi-2004-3-b" / "cmsi-2004-3-b-deal.json").is_file()
    # The next run keeps each source in its own folder.
    assert sorted(o.entry.stem for o in run_batch([folder], out, ["json"]).outcomes) == stems


def test_a_damaged_manifest_means_render_again(mixed_folder, tmp_path):
    out = tmp_path / "out"
    run_batch([mixed_folder], out, ["json"])
    manifests = list(out.glob(f"*/{MANIFEST_NAME}"))  # each deal's folder holds its own
    assert len(manifests) == 2
    for manifest in manifests:
        manifest.write_text("{not json")
    assert run_batch([mixed_folder], out, ["json"]).count("rendered") == 2


def test_stray_partial_files_are_removed(mixed_folder, tmp_path):
    out = tmp_path / "out" / "cmsi-2004-3"
    out.mkdir(parents=True)
    (out / ".termsheet-tmp-cmsi-2004-3-summary.pdf.x1y2.part").write_bytes(b"half a pdf")
    run_batch([mixed_folder], tmp_path / "out", ["json"])
    assert not list((tmp_path / "out").rglob("*.part"))


def test_partial_files_that_are_not_ours_are_left_alone(mixed_folder, tmp_path):
    """A browser's download in the output folder is not a leftover of ours (issue 18, item 9)."""
    out = tmp_path / "out"
    (out / "downloads").mkdir(parents=True)
    theirs = [out / "downloads" / ".download.iso.part", out / ".cmsi-2004-3-summary.pdf.x1y2.part"]
    for path in theirs:
        path.write_bytes(b"someone else's half file")
    run_batch([mixed_folder], out, ["json"])
    assert all(path.read_bytes() == b"someone else's half file" for path in theirs)


def test_the_index_lists_exactly_the_rendered_deals(mixed_folder, tmp_path):
    from reporting.cli import main

    out = tmp_path / "out"
    assert main(["render", str(mixed_folder), "--format", "html,json", "--out", str(out), "--jobs", "2", "-q"]) == 1
    index = (out / "index.html").read_text()
    assert index.count('<th scope="row"') == 2
    assert "CMSI 2004-3" in index and "CMSI 2004-8" in index
    assert "$619,800,778" in index and "47.91%" in index and "53 / 53" in index
    assert 'href="cmsi-2004-3/cmsi-2004-3-summary.html"' in index
    assert "servicing" not in index and "broken" not in index
    assert "May 7, 2004" in index and "October 28, 2004" in index


def test_the_index_links_the_diffs_in_the_folder(mixed_folder, tmp_path, term_sheet_path, detailed_path):
    from reporting.cli import main

    out = tmp_path / "out"
    main(["diff", str(term_sheet_path), str(detailed_path), "--out", str(out), "--format", "html"])
    run_batch([mixed_folder], out, ["json"])
    index = (out / "index.html").read_text()
    assert '<a href="diff/cmsi-2004-3-vs-cmsi-2004-8.html">CMSI 2004-3 vs CMSI 2004-8</a>' in index


def test_a_run_interrupted_with_sigint_leaves_no_partial_file(tmp_path, detailed_path):
    """Ctrl-C mid-way: finished deals stay, nothing half-written, exit 130. (2004-8: the quicker PDF.)"""
    import os
    import signal
    import subprocess
    import sys
    import time

    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(12):
        shutil.copy(detailed_path, folder / f"copy-{number:02d}.txt")
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    process = subprocess.Popen(
        [sys.executable, "-m", "reporting", "render", str(folder), "--out", str(out), "--jobs", "2", "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(out.rglob("*.pdf")):
        time.sleep(0.1)
    process.send_signal(signal.SIGINT)
    stdout, _ = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "interrupted" in stdout
    finished = list(out.rglob("*-summary.pdf"))
    assert 1 <= len(finished) < 12
    assert not list(out.rglob("*.part"))
    for pdf in finished:  # every PDF left behind is whole
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF")


def test_changed_options_render_again(mixed_folder, tmp_path):
    out = tmp_path / "out"
    run_batch([mixed_folder], out, ["json"], paper="letter")
    assert run_batch([mixed_folder], out, ["json"], paper="letter").count("skipped") == 2
    assert run_batch([mixed_folder], out, ["json"], paper="a4").count("rendered") == 2


def test_workers_are_replaced_after_a_number_of_deals(tmp_path, term_sheet_path, monkeypatch):
    """WeasyPrint keeps memory per document, so no worker lives for the whole batch."""
    import reporting.batch.run

    folder = tmp_path / "five"
    folder.mkdir()
    for number in range(5):
        shutil.copy(term_sheet_path, folder / f"copy-{number}.txt")
    monkeypatch.setattr(reporting.batch.run, "DEALS_PER_WORKER", 2)
    result = run_batch([folder], tmp_path / "out", ["json"], jobs=1)
    assert result.count("rendered") == 5
    assert len({o.worker_pid for o in result.outcomes}) == 3  # 2 + 2 + 1 deals


def test_the_folder_manifest_of_earlier_versions_is_removed(mixed_folder, tmp_path):
    """Earlier versions kept one manifest for the whole folder, written at the end of a run; each deal's
    folder now holds its own, so the old one is stale: removed, and every deal rendered again."""
    out = tmp_path / "out"
    out.mkdir()
    (out / MANIFEST_NAME).write_text('{"format": 2, "tool_version": "0.1.0", "deals": {}}')
    assert run_batch([mixed_folder], out, ["json"]).count("rendered") == 2
    assert not (out / MANIFEST_NAME).exists()
    assert sorted(p.parent.name for p in out.glob(f"*/{MANIFEST_NAME}")) == ["cmsi-2004-3", "cmsi-2004-8"]


def test_the_index_links_only_files_that_are_there(mixed_folder, tmp_path):
    out = tmp_path / "out"
    run_batch([mixed_folder], out, ["json", "html"])
    (out / "cmsi-2004-8" / "cmsi-2004-8-summary.html").unlink()  # someone removed one file of a deal
    run_batch([mixed_folder], out, ["json"])  # unchanged for json: skipped, and the index rebuilt
    index = (out / "index.html").read_text()
    assert 'href="cmsi-2004-8/cmsi-2004-8-deal.json"' in index
    assert "cmsi-2004-8-summary.html" not in index and 'href="cmsi-2004-3/cmsi-2004-3-summary.html"' in index


def test_the_parent_imports_what_the_formats_need_and_the_command_freezes_them(tmp_path, detailed_path):
    """Forked workers share the parent's imports; a run of JSON alone loads none of the heavy libraries,
    and nor does a run with nothing to render (a file refused unread, or every deal unchanged).
    One process renders five times: what each run imported stays for the next. The command's
    process freezes what it holds out of the cycle collector's sight, once, and each batch worker
    freezes its own."""
    import subprocess
    import sys

    code = (
        "import gc, os, sys; from concurrent.futures import ProcessPoolExecutor\n"
        "from reporting.batch.run import _worker_init; from reporting.cli import main\n"
        "runs = sys.argv[1:]\n"
        "for path, formats, out in zip(runs[::3], runs[1::3], runs[2::3]):\n"
        "    code = main(['render', path, '--format', formats, '--out', out, '-q'])\n"
        "    heavy = [m for m in ('pandas', 'matplotlib', 'weasyprint') if m in sys.modules]\n"
        "    print('RUN', formats, code, ','.join(heavy), gc.get_freeze_count())\n"
        "with ProcessPoolExecutor(1, initializer=_worker_init, initargs=(os.getpid(), ('html',))) as pool:\n"
        "    print('WORKER', pool.submit(gc.get_freeze_count).result() - gc.get_freeze_count())\n"
    )

    def runs(*triples: tuple[Path, str, Path]) -> tuple[list[list[str]], dict[str, list[str]]]:
        arguments = [str(item) for triple in triples for item in triple]
        done = subprocess.run([sys.executable, "-c", code, *arguments], capture_output=True, text=True, check=True)
        lines = {line.split()[0]: line.split()[1:] for line in done.stdout.splitlines()}
        return [line.split() for line in done.stdout.splitlines() if line.startswith("RUN ")], lines

    huge = tmp_path / "huge.txt"
    with huge.open("wb") as stream:
        stream.truncate(64 << 20)  # sparse: over the filing limit, refused before it is read
    out = tmp_path / "out-"
    formats = ("json", "json,html", "email", "pdf")
    first, lines = runs((huge, "pdf", out), *((detailed_path, f, f"{out}{f}") for f in formats))
    assert [run[1:-1] for run in first] == [
        ["pdf", "2"],  # refused unread: nothing imported, nothing frozen
        ["json", "0"],
        ["json,html", "0", "pandas,matplotlib"],
        ["email", "0", "pandas,matplotlib"],  # WeasyPrint only to attach the PDF
        ["pdf", "0", "pandas,matplotlib,weasyprint"],
    ]
    frozen = [int(run[-1]) for run in first]
    assert frozen[0] == 0 and frozen[1] > 10_000 and max(frozen[2:]) <= frozen[1]  # at the first render, only then
    assert int(lines["WORKER"][0]) > 0  # the worker froze what it made of its own

    again, _ = runs((detailed_path, "pdf", f"{out}pdf"))  # a new process: the deal is unchanged, skipped
    assert [run[1:] for run in again] == [["pdf", "0", "0"]]  # nothing imported, nothing frozen
    assert (out.parent / "out-pdf" / "cmsi-2004-8" / "cmsi-2004-8-summary.pdf").is_file()


def test_a_batch_run_through_the_api_never_freezes_the_callers_objects(tmp_path, detailed_path, monkeypatch):
    # A frozen object is kept for good once nothing refers to it: a caller's process is not ours to freeze.
    import functools
    import gc

    from reporting.batch import run

    freezes: list[str] = []  # only this process's: a forked worker's own calls stay in its copy
    monkeypatch.setattr(gc, "freeze", lambda: freezes.append("freeze"))
    # This test process froze its own at the start (tests/conftest.py): the once-only freeze made new again.
    monkeypatch.setattr(run, "_collect_and_freeze", functools.cache(run._collect_and_freeze.__wrapped__))
    result = run.run_batch([detailed_path], tmp_path / "out", ["html"])
    assert [o.status for o in result.outcomes] == ["rendered"]
    assert freezes == []
    run.freeze_the_command(["html"])  # what the command does, and this test would see
    assert freezes == ["freeze"]


def test_a_run_in_other_formats_keeps_the_earlier_files_of_the_same_filing_linked(mixed_folder, tmp_path):
    # An Excel run after an HTML run linked only the workbook: the HTML, still on disk, was off the index.
    out = tmp_path / "out"
    run_batch([mixed_folder], out, ["html"])
    again = run_batch([mixed_folder], out, ["json"])
    assert again.count("rendered") == 2
    index = (out / "index.html").read_text()
    for stem in ("cmsi-2004-3", "cmsi-2004-8"):
        assert f'href="{stem}/{stem}-summary.html"' in index and f'href="{stem}/{stem}-deal.json"' in index
        record = json.loads((out / stem / MANIFEST_NAME).read_text())
        assert record["entry"]["outputs"] == {"html": f"{stem}/{stem}-summary.html", "json": f"{stem}/{stem}-deal.json"}
    entry = next(o.entry for o in again.outcomes if o.entry and o.entry.stem == "cmsi-2004-8")
    assert set(entry.outputs) == {"html", "json"}
    # Both formats are now current: a run asking for both skips the deals.
    assert run_batch([mixed_folder], out, ["html", "json"]).count("skipped") == 2


def test_a_run_of_a_changed_filing_removes_the_earlier_files_it_does_not_replace(mixed_folder, tmp_path):
    out = tmp_path / "out"
    run_batch([mixed_folder], out, ["html"])
    target = mixed_folder / "cmsi-2004-8-detailed-description.txt"
    target.write_text(target.read_text().replace("$740,547.57", "$740,547.58"))
    run_batch([mixed_folder], out, ["json"])
    # The HTML of the filing as it was is gone, not left beside the JSON of the filing as it is.
    assert not (out / "cmsi-2004-8" / "cmsi-2004-8-summary.html").exists()
    assert (out / "cmsi-2004-8" / "cmsi-2004-8-deal.json").is_file()
    assert (out / "cmsi-2004-3" / "cmsi-2004-3-summary.html").is_file()  # unchanged filing: kept and linked
    index = (out / "index.html").read_text()
    assert "cmsi-2004-8-summary.html" not in index and 'href="cmsi-2004-3/cmsi-2004-3-summary.html"' in index


def test_a_diff_written_after_the_batch_is_linked_from_its_index(
    mixed_folder, tmp_path, term_sheet_path, detailed_path
):
    from reporting.cli import main

    out = tmp_path / "out"
    run_batch([mixed_folder], out, ["json"])
    assert main(["diff", str(term_sheet_path), str(detailed_path), "--out", str(out), "--format", "html"]) == 0
    index = (out / "index.html").read_text()
    assert '<a href="diff/cmsi-2004-3-vs-cmsi-2004-8.html">CMSI 2004-3 vs CMSI 2004-8</a>' in index
