"""Hostile and damaged filings through `termsheet render`, the whole command (issue 18, closing test).

Each run is a real `termsheet render` in its own process under a memory cap
(``resource.setrlimit``, inherited by its workers) and a time cap. Whatever the input,
the properties hold: no traceback and no "internal error", no hang, every problem one
line naming its file, no partial or temporary file left, every file written whole and
readable, each deal all of its formats or none, and an index that lists exactly the
deals on disk. ``tests/test_fuzz.py`` does the same for the parser alone.

Examples are few so the suite stays quick; for a deeper run set FUZZ_RENDER_RUNS (batches
of five damaged filings) and FUZZ_SEED, e.g. ``FUZZ_RENDER_RUNS=20 pytest tests/test_hostile_render.py``.
"""

from __future__ import annotations

import email
import json
import os
import random
import re
import resource
import signal
import subprocess
import sys
from email.policy import default as default_policy
from pathlib import Path

from hostile import TERM_SHEET, with_state_rows, with_state_tables

import reporting
from reporting.samples import DETAILED_2004_8

REPO = Path(reporting.__file__).resolve().parent.parent  # the package under test
MEMORY_CAP = 1 << 30  # 1 GiB of address space per process; a sample's render needs about 0.3
TIME_CAP = 240  # seconds for a whole run; a hung run is killed and fails the test
FORMATS = ("pdf", "html", "json", "email")
SUFFIXES = ("-summary.pdf", "-summary.html", "-deal.json", "-summary.eml", "-email.html")
DETAILED = DETAILED_2004_8.read_text(encoding="utf-8")


def render(paths: list[Path], out: Path, cwd: Path) -> subprocess.CompletedProcess:
    """`termsheet render PATHS --out OUT` in a process of its own, capped in memory and time."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    command = [sys.executable, "-m", "reporting", "render", *map(str, paths), "--out", str(out), "--jobs", "2"]
    temporary = cwd / "tmp"  # the run's temporary directory: it must leave nothing there
    temporary.mkdir()
    process = subprocess.Popen(
        [*command, "--format", ",".join(FORMATS), "-q"],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(temporary)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=cap,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=TIME_CAP)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the run and its workers: all this test started
        process.communicate()
        raise AssertionError(f"render hung: still running after {TIME_CAP} s") from None
    assert not list(temporary.iterdir()), "the run left files in its temporary directory"
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def check_run(done: subprocess.CompletedProcess, out: Path, count: int) -> dict[str, str]:
    """The properties every run must have; returns each failed file's one-line reason."""
    text = done.stdout + done.stderr
    assert done.returncode in (0, 1), text
    assert "Traceback" not in text and "internal error" not in text and "Exception ignored" not in text, text
    summary = re.search(r"^rendered (\d+), skipped 0 \(unchanged\), failed (\d+)$", done.stdout, re.M)
    assert summary, done.stdout
    rendered, failed = int(summary.group(1)), int(summary.group(2))
    assert rendered + failed == count
    reasons = dict(re.findall(r"^failed   (\S+): (.+)$", done.stderr, re.M))
    assert len(reasons) == failed, done.stderr

    assert not [p for p in out.rglob("*") if p.name.startswith(".termsheet-tmp-") or p.name.endswith(".part")]
    deals = {p.parent.name for p in out.glob("*/.termsheet-manifest.json")}
    assert len(deals) == rendered
    for folder in (p for p in out.iterdir() if p.is_dir()):
        written = {s for s in SUFFIXES if (folder / f"{folder.name}{s}").is_file()}
        assert written == (set(SUFFIXES) if folder.name in deals else set()), folder  # all of a deal, or none
    for deal in deals:
        check_whole(out / deal, deal)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count('<th scope="row"') == rendered
    return reasons


def check_whole(folder: Path, stem: str) -> None:
    """Each file of a deal complete and readable by what reads it."""
    pdf = (folder / f"{stem}-summary.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    for page in ("-summary.html", "-email.html"):
        assert (folder / f"{stem}{page}").read_text(encoding="utf-8").rstrip().endswith("</html>")

    def refuse(constant: str):
        raise ValueError(constant)

    deal = json.loads((folder / f"{stem}-deal.json").read_text(encoding="utf-8"), parse_constant=refuse)
    assert deal["schema_version"] == 1
    message = email.message_from_bytes((folder / f"{stem}-summary.eml").read_bytes(), policy=default_policy)
    assert message.get_body(preferencelist=("html",)) is not None and not message.defects


# --- hostile inputs, each refused with its one line (or rendered) -----------------------------------


def test_hostile_inputs_fail_alone_with_one_line_each(tmp_path, term_sheet_path):
    folder = tmp_path / "filings"
    folder.mkdir()
    files = {
        "good.txt": DETAILED.encode(),  # 2004-3's tables are rendered from long-line.txt
        "many-rows.txt": with_state_rows(5000).encode(),  # under every input limit: 440 KB, parsed in 0.2 s
        "many-tables.txt": with_state_tables(60).encode(),
        "long-line.txt": TERM_SHEET.replace("\nTotal", "\n" + "Zone 9 " * 150_000 + "\nTotal", 1).encode(),
        "wide.txt": DETAILED.encode("utf-16"),
        "binary.htm": b"%PDF-1.4\n" + bytes(range(256)) * 64,
        "empty.txt": b" \n\t\n",
        "not-cmsi.html": b"<html><body><script>alert(1)</script><p>Hello</p></body></html>",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as stream:
        stream.truncate(3 * MEMORY_CAP)  # sparse: no disk used
    extra = [huge, Path("/dev/zero")] if Path("/dev/zero").exists() else [huge]
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.txt")
        extra.append(tmp_path / "pipe.txt")

    out = tmp_path / "out"
    reasons = check_run(render([folder, *extra], out, tmp_path), out, len(files) + len(extra))
    assert reasons == {
        "many-rows.txt": "table 'GEOGRAPHIC DISTRIBUTION OF MORTGAGED PROPERTIES BY STATE' has 5,039 rows, "
        "more than the 250-row limit of a report table",
        "many-tables.txt": "68 tables, more than the 50-table limit of a report",
        "binary.htm": "is binary data, not a text filing",
        "empty.txt": "is empty",
        "not-cmsi.html": "not a Citicorp Mortgage Securities (CMSI) filing",
        "huge.txt": "3,221,225,472 bytes is larger than the 20,971,520-byte limit for a filing",
        **({"zero": "is not a regular file (a device or a pipe?)"} if Path("/dev/zero") in extra else {}),
        **({"pipe.txt": "is not a regular file (a device or a pipe?)"} if hasattr(os, "mkfifo") else {}),
    }
    assert {p.name for p in out.glob("*/.termsheet-manifest.json")} and sorted(
        p.parent.name for p in out.glob("*/.termsheet-manifest.json")
    ) == ["cmsi-2004-3", "cmsi-2004-8", "cmsi-2004-8-wide"]


# --- damaged copies of the samples: rendered whole, or refused with one line ---------------------------
# A seeded random fuzz rather than Hypothesis: each run is one `termsheet render` process
# (seconds to start), so the examples go into one batch, and a failing batch names its seed.

SEED = int(os.environ.get("FUZZ_SEED", "18"))
RUNS = int(os.environ.get("FUZZ_RENDER_RUNS", "1"))
ODD = "\x00\x07\x0b\x0c\x1b\x7f\u00a0\u2003\u200b\ufeff\u202e<>&\"'{}%$"
NUMBERS = ["9" * 400, "1e400", "(296,923,131)", "-$1", "NaN", "inf", "0x1F", "1,2,3,4,5,6,7,8,9,0" * 50]


def damage(text: str, rng: random.Random) -> tuple[str, str]:
    """One kind of damage at a random place; the text and what was done (for a failure's report)."""
    lines = text.split("\n")
    where = rng.randrange(len(lines))
    kind = rng.choice(["truncate", "delete", "repeat", "digit", "odd", "number", "wide"])
    if kind == "truncate":
        text = text[: rng.randrange(len(text) + 1)]
    elif kind == "delete":
        text = "\n".join(lines[:where] + lines[where + rng.randint(1, 40) :])
    elif kind == "repeat":  # a row (or any line) many times: tables grow past the bounds, or do not
        text = "\n".join(lines[:where] + [lines[where]] * rng.randint(2, 600) + lines[where:])
    elif kind == "digit":
        digits = [i for i, c in enumerate(text) if c.isdigit()] or [0]
        i = rng.choice(digits)
        text = text[:i] + rng.choice("0123456789") + text[i + 1 :]
    elif kind == "odd":
        i = rng.randrange(len(text) + 1)
        text = text[:i] + "".join(rng.choices(ODD, k=rng.randint(1, 30))) + text[i:]
    elif kind == "number":
        i = rng.randrange(len(text) + 1)
        text = text[:i] + rng.choice(NUMBERS) + text[i:]
    else:  # one line as wide as a page is long
        text = "\n".join(lines[:where] + [lines[where] + " x" * rng.randint(1000, 50_000)] + lines[where:])
    return text, f"{kind} at line {where}"


def damaged_filing(rng: random.Random) -> tuple[bytes, str]:
    text = rng.choice([TERM_SHEET, DETAILED])
    done = []
    for _ in range(rng.randint(1, 3)):
        text, what = damage(text, rng)
        done.append(what)
    encoding = rng.choice(["utf-8", "utf-8", "utf-16", "cp1252"])
    return text.encode(encoding, errors="replace"), f"{', '.join(done)}; {encoding}"


def test_damaged_filings_render_whole_or_fail_with_one_line(tmp_path):
    for run in range(RUNS):
        rng = random.Random(SEED + run)
        folder = tmp_path / f"run-{run}" / "filings"
        folder.mkdir(parents=True)
        made = {}
        for number in range(5):
            data, made[f"damaged-{number}.txt"] = damaged_filing(rng)
            (folder / f"damaged-{number}.txt").write_bytes(data)
        out = folder.parent / "out"
        try:
            reasons = check_run(render([folder], out, folder.parent), out, len(made))
        except AssertionError as failure:
            raise AssertionError(f"FUZZ_SEED={SEED + run}: {made}") from failure
        for reason in reasons.values():
            assert "\n" not in reason and reason.strip() == reason
