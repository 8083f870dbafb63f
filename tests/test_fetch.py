"""`termsheet fetch` against a real HTTP server on 127.0.0.1 that answers as EDGAR does (tests/edgar_server.py).

No test here touches the internet: every request goes to the local server through
TERMSHEET_EDGAR_MIRROR, and any other host name lookup fails the test.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import socket
import time
from pathlib import Path

import pytest
from edgar_server import (
    CIK,
    DD_2004_8,
    DD_2004_8_AMENDED,
    EIGHT_KS,
    FILINGS,
    PAGE_NAME,
    SERVICING_TOLD_BY_DESCRIPTION,
    TS_2004_3,
    CutShort,
    FakeEdgar,
    HtmlPage,
    Status,
    folder,
    full_submission,
    submission_path,
)

from reporting.cli import main
from reporting.fetch import gateway, run
from reporting.pipeline import load_deal

USER_AGENT = "Jane Analyst jane.analyst@example.com"
LISTING = f"/submissions/CIK{CIK:010d}.json"
PAGE = f"/submissions/{PAGE_NAME}"
SAVED = {
    TS_2004_3: "cmsi-2004-3/term-sheet-0000811785-04-000040",
    DD_2004_8: "cmsi-2004-8/detailed-description-0000811785-04-000104",
    DD_2004_8_AMENDED: "cmsi-2004-8/detailed-description-0000811785-04-000112-amendment",
}
SERVED = {f.accession: f for f in FILINGS}


def offline(patch: pytest.MonkeyPatch) -> None:
    """Only 127.0.0.1 may be looked up: a test that tried EDGAR itself would fail here, not reach it."""
    real = socket.getaddrinfo

    def local_only(host, *args, **kwargs):
        if host not in ("127.0.0.1", "localhost"):
            raise AssertionError(f"a test tried to reach {host}")
        return real(host, *args, **kwargs)

    patch.setattr(socket, "getaddrinfo", local_only)
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        patch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def quick(monkeypatch):
    """Offline, and quick: the pace and back-off schedule are EDGAR's in `fetched_all` and test_fetch_core.py."""
    offline(monkeypatch)
    monkeypatch.setattr(gateway, "MAX_REQUESTS_PER_SECOND", 1000)
    monkeypatch.setattr(gateway, "BACKOFF_SECONDS", 0.01)


@contextlib.contextmanager
def edgar_server():
    server = FakeEdgar().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def edgar(monkeypatch):
    with edgar_server() as server:
        monkeypatch.setenv("TERMSHEET_EDGAR_MIRROR", server.base)
        monkeypatch.setenv("TERMSHEET_EDGAR_USER_AGENT", USER_AGENT)
        yield server


def fetch(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["fetch", *args])
    return code, out.getvalue(), err.getvalue()


def files_under(folder: Path) -> list[str]:
    """Every file fetch left, the cache aside."""
    return sorted(
        p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and ".edgar-cache" not in p.parts
    )


def sidecar(out: Path, accession: str) -> dict:
    return json.loads((out / f"{SAVED[accession]}.json").read_text())


# --- the whole shelf, then render ------------------------------------------------------------------


@pytest.fixture(scope="module")
def fetched_all(tmp_path_factory):
    """One `fetch --all` at EDGAR's own pace into a fresh folder: (server, folder, exit code, stdout, stderr)."""
    out = tmp_path_factory.mktemp("shelf") / "filings"
    with edgar_server() as server, pytest.MonkeyPatch.context() as patch:
        offline(patch)
        patch.setenv("TERMSHEET_EDGAR_MIRROR", server.base)
        patch.setenv("TERMSHEET_EDGAR_USER_AGENT", USER_AGENT)
        code, stdout, stderr = fetch("--all", "--out", str(out))
        yield server, out, code, stdout, stderr


def test_fetch_all_saves_each_pool_description_and_no_servicing_report(fetched_all):
    server, out, code, stdout, stderr = fetched_all
    assert code == 0
    assert files_under(out) == sorted(f"{stem}{suffix}" for stem in SAVED.values() for suffix in (".json", ".txt"))
    for accession, stem in SAVED.items():  # EDGAR's full submission, byte for byte
        assert (out / f"{stem}.txt").read_bytes() == full_submission(SERVED[accession])
    assert "fetched 3 pool descriptions (1 amendment)" in stdout and "; 0 already there" in stdout
    assert "skipped 9 8-Ks that are not pool descriptions: 5 told by the EDGAR index, 4 by reading them" in stdout


def test_fetch_all_reads_the_older_page_and_sends_the_user_agent_every_time(fetched_all):
    server, *_ = fetched_all
    assert server.paths()[:2] == [LISTING, PAGE]  # the 2004-3 term sheet is only on the older page
    assert {entry.user_agent for entry in server.log} == {USER_AGENT}
    # At most 10 requests a second: any 11 in a row span a second (less a little for the trip to the server).
    arrivals = [entry.at for entry in server.log]
    assert len(arrivals) == 16
    assert min(later - earlier for earlier, later in zip(arrivals, arrivals[10:])) >= 0.9
    # Servicing reports the index names are never downloaded.
    told = [f.accession for f in EIGHT_KS if f.description and "SERVIC" in f.description]
    assert told and not [a for a in told if submission_path(a) in server.paths()]


def test_fetch_all_says_a_line_per_filing_and_pairs_each_series(fetched_all):
    _, out, _, stdout, stderr = fetched_all
    lines = stderr.splitlines()
    assert [line.split()[1] for line in lines] == [f.accession for f in EIGHT_KS]  # one line each, in filing order
    assert "saved    0000811785-04-000112  8-K/A  2004-11-05  " in stderr and lines[-1].endswith("(amendment)")
    assert "skipped  0000811785-04-000097  8-K    2004-10-25  a monthly servicing report" in stderr
    assert "Computational Materials, not a mortgage pool description" in stderr
    assert "series 2004-3: term sheet yes, detailed description NOT FOUND" in stdout
    assert "series 2004-8: term sheet NOT FOUND, detailed description yes + 1 amendment" in stdout
    assert stdout.rstrip().endswith(f"next: termsheet render {out}")


def test_the_sidecar_says_where_the_filing_came_from(fetched_all):
    _, out, *_ = fetched_all
    record = sidecar(out, TS_2004_3)
    assert record["accession_number"] == TS_2004_3
    assert (record["form_type"], record["amendment"], record["filing_date"]) == ("8-K", False, "2004-05-07")
    assert (record["cik"], record["company"]) == ("0000811785", "CITICORP MORTGAGE SECURITIES INC")
    assert (record["series"], record["kind"], record["date_of_report"]) == (
        "2004-3",
        "collateral_term_sheet",
        "2004-05-07",
    )
    assert record["source_url"] == (
        "https://www.sec.gov/Archives/edgar/data/811785/000081178504000040/0000811785-04-000040.txt"
    )
    assert record["fetched_from"].endswith("/Archives/edgar/data/811785/000081178504000040/0000811785-04-000040.txt")
    data = (out / f"{SAVED[TS_2004_3]}.txt").read_bytes()
    assert record["sha256"] == hashlib.sha256(data).hexdigest() and record["bytes"] == len(data)


def test_the_amendment_is_marked(fetched_all):
    _, out, *_ = fetched_all
    record = sidecar(out, DD_2004_8_AMENDED)
    assert (record["form_type"], record["amendment"], record["filing_date"]) == ("8-K/A", True, "2004-11-05")
    assert SAVED[DD_2004_8_AMENDED].endswith("-amendment")
    assert sidecar(out, DD_2004_8)["amendment"] is False


def test_render_after_fetch_summarises_every_pool_description_served(fetched_all, tmp_path, capsys):
    _, filings, *_ = fetched_all
    output = tmp_path / "output"
    assert main(["render", str(filings), "--format", "html", "--out", str(output), "--jobs", "2", "--quiet"]) == 0
    assert "rendered 3, skipped 0 (unchanged), failed 0" in capsys.readouterr().out
    # Each deal's folder holds its manifest: the source it was rendered from and its index entry.
    records = [json.loads(path.read_text()) for path in output.glob("*/.termsheet-manifest.json")]
    # One summary per pool description fetched, each with the figures its filing states.
    by_source = {Path(record["source"]).name: record["entry"] for record in records}
    assert sorted(by_source) == sorted(f"{Path(stem).name}.txt" for stem in SAVED.values())
    for stem in SAVED.values():
        entry = by_source[f"{Path(stem).name}.txt"]
        sample = load_deal(filings / f"{stem}.txt")
        assert entry["series"] == sample.series
        assert entry["aggregate_balance"] == sample.whole_deal.aggregate_balance
        assert (output / entry["outputs"]["html"]).is_file()
    balances = {entry["series"]: entry["aggregate_balance"] for entry in by_source.values()}
    assert balances == {"2004-3": 619_800_778.37, "2004-8": 493_641_377.57}  # as tests/test_parse_*.py read them


# --- resuming --------------------------------------------------------------------------------------


def test_a_second_fetch_downloads_nothing(edgar, tmp_path):
    out = tmp_path / "filings"
    assert fetch("--all", "--out", str(out))[0] == 0
    before = len(edgar.log)
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    code, stdout, stderr = fetch("--all", "--out", str(out))
    assert code == 0
    assert len(edgar.log) == before
    assert "0 requests to EDGAR" in stdout and "fetched 0 pool descriptions" in stdout and "3 already there" in stdout
    assert stderr.count("present  ") == 3
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == stamps


def test_a_damaged_saved_filing_is_fetched_again_and_only_it(edgar, tmp_path):
    out = tmp_path / "filings"
    fetch("--all", "--out", str(out))
    damaged = out / f"{SAVED[DD_2004_8]}.txt"
    damaged.write_bytes(damaged.read_bytes()[:1000])
    before = len(edgar.log)
    code, stdout, _ = fetch("--all", "--out", str(out))
    assert code == 0 and "fetched 1 pool description into" in stdout
    assert edgar.paths()[before:] == [submission_path(DD_2004_8)]
    assert damaged.read_bytes() == full_submission(SERVED[DD_2004_8])


def test_an_interrupted_run_keeps_what_it_saved_and_the_next_run_goes_on(edgar, tmp_path, monkeypatch):
    out = tmp_path / "filings"
    real = run.read_pool_description
    read: list[str] = []

    def interrupted_at_the_detailed_description(data: bytes, name: str):
        if name == DD_2004_8:
            raise KeyboardInterrupt
        read.append(name)
        return real(data, name)

    monkeypatch.setattr(run, "read_pool_description", interrupted_at_the_detailed_description)
    code, stdout, _ = fetch("--all", "--out", str(out))
    assert code == 130
    assert "interrupted: what was saved is whole; run the same command again to go on" in stdout
    assert files_under(out) == [f"{SAVED[TS_2004_3]}.json", f"{SAVED[TS_2004_3]}.txt"]
    monkeypatch.setattr(run, "read_pool_description", real)
    before = len(edgar.log)
    assert fetch("--all", "--out", str(out))[0] == 0
    # What was read before the stop is not downloaded again: only the two filings never finished.
    assert edgar.paths()[before:] == [submission_path(DD_2004_8), submission_path(DD_2004_8_AMENDED)]
    assert len(files_under(out)) == 6


def test_leftovers_of_a_killed_run_are_removed(edgar, tmp_path):
    out = tmp_path / "filings"
    leftover = out / "cmsi-2004-3" / ".termsheet-tmp-term-sheet-0000811785-04-000040.txt.x1y2.part"
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"<SEC-DOCUMENT>half")
    assert fetch(TS_2004_3, "--out", str(out))[0] == 0
    assert not leftover.exists()


def test_index_json_is_read_again_after_a_day_or_with_refresh(edgar, tmp_path):
    out = tmp_path / "filings"
    fetch("--all", "--out", str(out))
    # Only the index is asked again: the filings read before are known, and saved ones are whole.
    index_paths = {
        LISTING,
        PAGE,
        f"{folder('0000811785-03-000150')}/index.json",
        f"{folder('0000811785-04-000070')}/index.json",
    }
    before = len(edgar.log)
    assert fetch("--all", "--out", str(out), "--refresh")[0] == 0
    assert set(edgar.paths()[before:]) == index_paths
    day_ago = time.time() - 24 * 3600 - 60
    for cached in (out / ".edgar-cache").glob("*--*.json"):
        os.utime(cached, (day_ago, day_ago))
    before = len(edgar.log)
    assert fetch("--all", "--out", str(out))[0] == 0
    assert set(edgar.paths()[before:]) == index_paths


# --- choosing what to fetch --------------------------------------------------------------------------


def test_a_series_fetches_its_pool_descriptions_only(edgar, tmp_path):
    out = tmp_path / "filings"
    code, stdout, _ = fetch("2004-8", "--out", str(out))
    assert code == 0
    assert files_under(out) == sorted(
        f"{SAVED[a]}{s}" for a in (DD_2004_8, DD_2004_8_AMENDED) for s in (".json", ".txt")
    )
    assert "left 1 pool description of other series alone" in stdout  # the 2004-3 term sheet, read to learn its series
    assert "series 2004-8: term sheet NOT FOUND, detailed description yes + 1 amendment" in stdout
    assert "series 2004-3" not in stdout
    # The other series, asked for next, needs its one download and nothing else.
    before = len(edgar.log)
    code, stdout, _ = fetch("2004-3", "--out", str(out))
    assert code == 0 and (out / f"{SAVED[TS_2004_3]}.txt").is_file()
    assert edgar.paths()[before:] == [submission_path(TS_2004_3)]


def test_a_series_with_no_pool_description_is_nothing_fetched(edgar, tmp_path):
    code, stdout, _ = fetch("2004-99", "--out", str(tmp_path / "filings"))
    assert code == 2
    assert "series 2004-99: term sheet NOT FOUND, detailed description NOT FOUND" in stdout
    assert "nothing fetched: no pool description of series 2004-99 among the 8-Ks of CIK 0000811785" in stdout


def test_from_to_fetches_only_what_was_filed_between(edgar, tmp_path):
    out = tmp_path / "filings"
    code, stdout, stderr = fetch("--from", "2004-10-01", "--to", "2004-10-31", "--out", str(out))
    assert code == 0
    assert files_under(out) == [f"{SAVED[DD_2004_8]}.json", f"{SAVED[DD_2004_8]}.txt"]
    assert [line.split()[1] for line in stderr.splitlines()] == [SERVICING_TOLD_BY_DESCRIPTION, DD_2004_8]
    assert PAGE not in edgar.paths()  # the older page ends in May 2004: not read


def test_an_accession_number_fetches_that_filing_alone(edgar, tmp_path, capsys):
    out = tmp_path / "filings"
    code, stdout, stderr = fetch(TS_2004_3, "--out", str(out))
    assert (code, stderr) == (0, "")
    assert stdout.splitlines()[0] == f"Saved {out / SAVED[TS_2004_3]}.txt"
    assert edgar.paths() == [submission_path(TS_2004_3)]  # no listing needed
    record = sidecar(out, TS_2004_3)  # form and date read from the submission's own header
    assert (record["form_type"], record["filing_date"], record["series"]) == ("8-K", "2004-05-07", "2004-3")
    code, stdout, _ = fetch(TS_2004_3, "--out", str(out))
    assert code == 0 and stdout.splitlines()[0] == f"Already saved: {out / SAVED[TS_2004_3]}.txt"
    assert len(edgar.log) == 1


def test_a_url_fetches_that_filing_and_marks_an_amendment(edgar, tmp_path):
    out = tmp_path / "filings"
    url = f"https://www.sec.gov{folder(DD_2004_8_AMENDED)}/{DD_2004_8_AMENDED}-index.htm"
    code, stdout, _ = fetch(url, "--out", str(out))
    assert code == 0
    assert stdout.splitlines()[0] == f"Saved {out / SAVED[DD_2004_8_AMENDED]}.txt  (amendment)"
    assert edgar.paths() == [submission_path(DD_2004_8_AMENDED)]  # EDGAR's path, sent to the mirror
    assert sidecar(out, DD_2004_8_AMENDED)["form_type"] == "8-K/A"


def test_a_servicing_report_asked_for_by_accession_is_refused(edgar, tmp_path):
    out = tmp_path / "filings"
    code, stdout, stderr = fetch(SERVICING_TOLD_BY_DESCRIPTION, "--out", str(out))
    assert (code, stdout) == (2, "")
    assert stderr == (
        f"termsheet: error: {SERVICING_TOLD_BY_DESCRIPTION}: a monthly servicing report, not a mortgage pool description\n"
    )
    assert files_under(out) == []


# --- EDGAR's rules -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "declared",
    [None, "", "Jane Analyst", "jane.analyst@example.com", "Jane Analyst jane.analyst@example.com\r\nX-Evil: 1"],
)
def test_no_user_agent_no_fetch(edgar, monkeypatch, tmp_path, declared):
    monkeypatch.delenv("TERMSHEET_EDGAR_USER_AGENT")
    args = ["--all", "--out", str(tmp_path / "filings")] + (["--user-agent", declared] if declared is not None else [])
    code, stdout, stderr = fetch(*args)
    assert (code, stdout) == (2, "")
    assert stderr.startswith("termsheet: error: ") and stderr.count("\n") == 1
    assert "EDGAR refuses programs that do not declare who runs them" in stderr and "--user-agent" in stderr
    assert "TERMSHEET_EDGAR_USER_AGENT" in stderr
    assert edgar.log == []
    assert not (tmp_path / "filings").exists()


def test_the_user_agent_option_is_what_is_sent(edgar, monkeypatch, tmp_path):
    monkeypatch.delenv("TERMSHEET_EDGAR_USER_AGENT")
    assert fetch(TS_2004_3, "--out", str(tmp_path), "--user-agent", "Desk Two desk2@example.com")[0] == 0
    assert [entry.user_agent for entry in edgar.log] == ["Desk Two desk2@example.com"]


@pytest.mark.parametrize(
    "status",
    [Status(429), Status(503)],
    ids=["429", "503"],
)
def test_a_refusal_that_passes_is_retried_with_back_off(edgar, tmp_path, status):
    out = tmp_path / "filings"
    edgar.fail(submission_path(TS_2004_3), status, times=2)
    code, stdout, _ = fetch(TS_2004_3, "--out", str(out))
    assert code == 0 and (out / f"{SAVED[TS_2004_3]}.txt").read_bytes() == full_submission(SERVED[TS_2004_3])
    asked = [entry.at for entry in edgar.log]
    assert len(asked) == 3
    # Each retry waited its back-off, doubling: 0.01 s, then 0.02 s (as patched; 1 s, then 2 s, on EDGAR).
    first = gateway.BACKOFF_SECONDS
    assert asked[1] - asked[0] >= first and asked[2] - asked[1] >= 2 * first


def test_a_retry_after_from_edgar_is_honoured(edgar, tmp_path):
    edgar.fail(submission_path(TS_2004_3), Status(429, retry_after="0.3"))
    assert fetch(TS_2004_3, "--out", str(tmp_path / "filings"))[0] == 0
    first, second = (entry.at for entry in edgar.log)
    assert second - first >= 0.3


# --- bad network and bad answers: one line naming the filing, the right code, nothing half-written -------


def _one_line_error(stderr: str, accession: str) -> str:
    assert stderr.startswith(f"termsheet: error: {accession}: ") and stderr.count("\n") == 1, stderr
    return stderr


@pytest.mark.parametrize(
    ("fault", "times", "message"),
    [
        (Status(403), 1, "HTTP 403 Forbidden: EDGAR refused the request (it refuses programs that do not declare"),
        (Status(404), 1, "HTTP 404 Not Found: no such file on EDGAR (http://127.0.0.1:"),
        (Status(429), 5, "HTTP 429 Too Many Requests, still after 4 retries"),
        (Status(503), 5, "HTTP 503 Service Unavailable, still after 4 retries"),
        (CutShort(), 5, "download cut short: "),
        (
            HtmlPage(),
            1,
            "EDGAR answered with an HTML page, not the filing ('SEC.gov | Request Rate Threshold Exceeded')",
        ),
    ],
    ids=["403", "404", "429-always", "503-always", "cut-short", "html-page"],
)
def test_a_bad_answer_is_one_line_and_no_file(edgar, tmp_path, fault, times, message):
    out = tmp_path / "filings"
    edgar.fail(submission_path(TS_2004_3), fault, times=times)
    code, stdout, stderr = fetch(TS_2004_3, "--out", str(out))
    assert (code, stdout) == (2, "")
    assert message in _one_line_error(stderr, TS_2004_3)
    assert len(edgar.log) == times  # retried exactly as often as promised, then given up
    assert not [p for p in out.rglob("*") if p.is_file()]


def test_a_truncated_download_says_how_much_arrived(edgar, tmp_path):
    edgar.fail(submission_path(TS_2004_3), CutShort(), times=5)
    _, _, stderr = fetch(TS_2004_3, "--out", str(tmp_path / "filings"))
    size = len(full_submission(SERVED[TS_2004_3]))
    assert f"download cut short: {size // 2:,} of {size:,} bytes arrived from 127.0.0.1:" in stderr


def test_an_html_page_instead_of_the_listing_names_the_cik(edgar, tmp_path):
    edgar.fail(LISTING, HtmlPage())
    code, stdout, stderr = fetch("--all", "--out", str(tmp_path / "filings"))
    assert code == 2
    assert stderr == (
        "failed   CIK 0000811785: EDGAR answered with an HTML page, not JSON ('SEC.gov | Request Rate Threshold Exceeded')\n"
    )
    assert "failed 1:" in stdout and "0 requests" not in stdout


def test_one_filing_failing_among_many_is_exit_1_and_the_next_run_completes(edgar, tmp_path):
    out = tmp_path / "filings"
    edgar.fail(submission_path(DD_2004_8), Status(404))
    code, stdout, stderr = fetch("--all", "--out", str(out))
    assert code == 1
    assert f"failed   {DD_2004_8}  8-K    2004-10-28  HTTP 404 Not Found: no such file on EDGAR" in stderr
    assert f"failed 1:\n  {DD_2004_8}  HTTP 404 Not Found" in stdout
    assert not (out / f"{SAVED[DD_2004_8]}.txt").exists() and (out / f"{SAVED[TS_2004_3]}.txt").is_file()
    before = len(edgar.log)
    assert fetch("--all", "--out", str(out))[0] == 0
    assert edgar.paths()[before:] == [submission_path(DD_2004_8)]


def test_no_network_is_one_line(monkeypatch, tmp_path):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("TERMSHEET_EDGAR_MIRROR", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("TERMSHEET_EDGAR_USER_AGENT", USER_AGENT)
    code, stdout, stderr = fetch(TS_2004_3, "--out", str(tmp_path / "filings"))
    assert code == 2
    assert _one_line_error(stderr, TS_2004_3).endswith(f"cannot reach 127.0.0.1:{port}: connection refused\n")
    code, stdout, stderr = fetch("--all", "--out", str(tmp_path / "filings"))
    assert code == 2
    assert stderr == f"failed   CIK 0000811785: cannot reach 127.0.0.1:{port}: connection refused\n"
    assert not [p for p in (tmp_path / "filings").rglob("*") if p.is_file()]


def test_a_dns_failure_is_one_line(monkeypatch, tmp_path):
    def no_dns(host, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    monkeypatch.setenv("TERMSHEET_EDGAR_MIRROR", "http://edgar-mirror.example:8080")
    monkeypatch.setenv("TERMSHEET_EDGAR_USER_AGENT", USER_AGENT)
    code, _, stderr = fetch(TS_2004_3, "--out", str(tmp_path / "filings"))
    assert code == 2
    assert _one_line_error(stderr, TS_2004_3).endswith(
        "cannot reach edgar-mirror.example:8080: host name not found (no network, or DNS failing?)\n"
    )


# --- arguments ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "say what to fetch: a series (2004-3), an accession number, an EDGAR URL, --from/--to, or --all"),
        (["--all", "2004-3"], "--all fetches every series: give series or --all, not both"),
        (["--from", "2004-12-31", "--to", "2004-01-01"], "--from 2004-12-31 is after --to 2004-01-01"),
        (["pool-please"], "'pool-please' is not a series (2004-3), an accession number"),
        (
            ["https://example.com/Archives/edgar/data/811785/000081178504000040/0000811785-04-000040.txt"],
            "not an EDGAR URL",
        ),
        (["https://www.sec.gov/cgi-bin/browse-edgar?CIK=811785"], "not the address of a filing"),
    ],
)
def test_bad_arguments_are_one_line_and_no_request(edgar, tmp_path, args, message):
    code, stdout, stderr = fetch(*args, "--out", str(tmp_path / "filings"))
    assert (code, stdout) == (2, "")
    assert stderr.startswith("termsheet: error: ") and message in stderr and stderr.count("\n") == 1
    assert edgar.log == []


def test_a_bad_mirror_is_one_line(monkeypatch, tmp_path):
    monkeypatch.setenv("TERMSHEET_EDGAR_MIRROR", "ftp://mirror.example")
    monkeypatch.setenv("TERMSHEET_EDGAR_USER_AGENT", USER_AGENT)
    code, _, stderr = fetch("--all", "--out", str(tmp_path))
    assert code == 2
    assert stderr == (
        "termsheet: error: TERMSHEET_EDGAR_MIRROR: 'ftp://mirror.example' is not an http(s) base URL "
        "such as http://127.0.0.1:8080\n"
    )


@pytest.mark.parametrize(
    ("args", "message"), [(["--from", "May 2004"], "is not a date"), (["--cik", "CMSI"], "is not a CIK")]
)
def test_malformed_options_are_usage_errors(capsys, args, message):
    with pytest.raises(SystemExit) as exit:
        main(["fetch", *args])
    assert exit.value.code == 2 and message in capsys.readouterr().err
