"""fetch's pure rules (reporting/fetch/edgar.py), its gateway's pace and back-off, its writer and its progress."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import date

import pytest
from edgar_server import CIK, DD_2004_8, FILINGS, TS_2004_3, FakeEdgar, full_submission

from reporting.fetch import edgar, gateway, store
from reporting.fetch.command import FetchProgress
from reporting.fetch.edgar import DETAILED, TERM_SHEET, DownloadProblem, Filing, TargetError, Window
from reporting.fetch.run import FAILED, SAVED, Outcome
from reporting.model.names import series_key

SERVED = {f.accession: f for f in FILINGS}

# --- targets -----------------------------------------------------------------------------------------


def test_targets_are_series_accession_numbers_and_urls():
    targets = edgar.parse_targets(
        [
            "2004-3",
            "2003-09",
            "0000811785-04-000040",
            "000081178504000104",
            "https://www.sec.gov/Archives/edgar/data/811785/000081178504000112/0000811785-04-000112-index.htm",
            "https://www.sec.gov/Archives/edgar/data/1234567/0000811785-05-000001.txt",
            "https://www.sec.gov/ix?doc=/Archives/edgar/data/811785/000081178505000002/d8k.htm",
        ]
    )
    assert targets.series == ("2004-3", "2003-9")
    assert targets.accessions == (
        (None, "0000811785-04-000040"),
        (None, "0000811785-04-000104"),
        (811785, "0000811785-04-000112"),
        (1234567, "0000811785-05-000001"),
        (811785, "0000811785-05-000002"),
    )


def test_a_url_on_the_mirror_is_taken_and_any_other_host_refused():
    mirror = "http://127.0.0.1:8080"
    url = "http://127.0.0.1:8080/Archives/edgar/data/811785/000081178504000040/"
    assert edgar.parse_targets([url], mirror).accessions == ((811785, TS_2004_3),)
    with pytest.raises(TargetError, match="not an EDGAR URL"):
        edgar.parse_targets([url])
    with pytest.raises(TargetError, match="not an EDGAR URL"):
        edgar.parse_targets(["https://www.sec.gov.example.com/Archives/edgar/data/811785/000081178504000040/"])


@pytest.mark.parametrize("text", ["2004", "2004-", "04-3", "811785", "0000811785-04-40", "series 2004-3"])
def test_anything_else_is_not_a_target(text):
    with pytest.raises(TargetError, match="is not a series"):
        edgar.parse_targets([text])


def test_a_series_has_one_spelling():
    assert series_key("2003-09") == series_key("2003-9") == series_key(" 2003 - 9") == "2003-9"
    assert series_key("2004-3a") == "2004-3A"
    assert series_key(None) is None


# --- windows -----------------------------------------------------------------------------------------


def test_a_series_is_looked_for_from_the_autumn_before_to_the_year_after():
    window = edgar.series_window("2004-3")
    assert (window.start, window.end) == (date(2003, 10, 1), date(2005, 12, 31))
    narrowed = window.narrowed(Window(date(2004, 6, 1), None))
    assert (narrowed.start, narrowed.end) == (date(2004, 6, 1), date(2005, 12, 31))


def test_a_window_holds_and_overlaps():
    window = Window(date(2004, 10, 1), date(2004, 10, 31))
    assert window.holds(date(2004, 10, 1)) and window.holds(date(2004, 10, 31))
    assert not window.holds(date(2004, 11, 1)) and not window.holds(None)
    assert Window().holds(None)
    assert not window.overlaps(date(1997, 5, 15), date(2004, 5, 31))
    assert window.overlaps(date(2004, 9, 1), date(2004, 10, 1))
    assert window.overlaps(None, None)  # a page that does not say is read


# --- the listing ---------------------------------------------------------------------------------------


def test_only_well_formed_8ks_are_taken_from_the_columns():
    columns = {
        "accessionNumber": [DD_2004_8, "0000811785-05-000009", "../../etc/passwd", TS_2004_3],
        "form": ["8-K", "10-K", "8-K", "8-K/A"],
        "filingDate": ["2004-10-28", "2005-03-30", "2004-01-01", "not a date"],
        "primaryDocument": ["cmsi2004-8.txt", "", "", ""],
        "primaryDocDescription": ["", "", "", "AMENDED"],
    }
    filings = edgar.eight_ks(columns, CIK, "CMSI")
    assert [(f.accession, f.form, f.filing_date, f.amendment) for f in filings] == [
        (DD_2004_8, "8-K", date(2004, 10, 28), False),
        (TS_2004_3, "8-K/A", None, True),
    ]
    assert filings[0].submission_path == "/Archives/edgar/data/811785/000081178504000104/0000811785-04-000104.txt"
    assert filings[0].source_url == "https://www.sec.gov" + filings[0].submission_path
    # A column of the wrong length is read as empty, not shifted onto other filings.
    assert edgar.eight_ks({**columns, "primaryDocument": ["x"]}, CIK)[0].primary_document == ""
    assert edgar.eight_ks({"accessionNumber": "nope"}, CIK) == [] and edgar.eight_ks(None, CIK) == []


def test_older_pages_must_be_plain_file_names():
    submissions = {
        "filings": {
            "files": [
                {"name": "CIK0000811785-submissions-001.json", "filingFrom": "1997-05-15", "filingTo": "2004-05-31"},
                {"name": "../../Archives/secret.json"},
                {"name": "https://elsewhere.example/x.json"},
                "not an entry",
            ]
        }
    }
    (page,) = edgar.older_pages(submissions)
    assert page.path == "/submissions/CIK0000811785-submissions-001.json"
    assert (page.first, page.last) == (date(1997, 5, 15), date(2004, 5, 31))


# --- what the index tells --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("texts", "pool", "what"),
    [
        (["MONTHLY SERVICING REPORT", "cmsi0410.txt"], False, "a monthly servicing report"),
        (["", "servicing-2004-08.txt"], False, "a monthly servicing report"),
        (["Statement to Certificateholders"], False, "a monthly servicing report"),
        (["COMPUTATIONAL MATERIALS"], False, "Computational Materials"),
        (["COLLATERAL TERM SHEETS"], True, "a pool description"),
        (["DETAILED DESCRIPTION", "servicing.txt"], True, "a pool description"),  # the text decides
    ],
)
def test_the_index_tells_what_it_can(texts, pool, what):
    verdict = edgar.index_verdict(texts)
    assert verdict is not None and (verdict.pool, verdict.what) == (pool, what)


@pytest.mark.parametrize("texts", [["", ""], ["8-K", "form8k.txt"], ["0000811785-04-000040.txt", "d8k.htm"]])
def test_the_index_says_nothing_of_most(texts):
    assert edgar.index_verdict(texts) is None


# --- the full submission ------------------------------------------------------------------------------------


def test_the_header_of_a_full_submission():
    header = edgar.check_submission(full_submission(SERVED[TS_2004_3]), TS_2004_3)
    assert header == edgar.Header(TS_2004_3, "8-K", date(2004, 5, 7), "CITICORP MORTGAGE SECURITIES INC", CIK)
    filing = edgar.completed(Filing(CIK, TS_2004_3, explicit=True), header)
    assert (filing.form, filing.filing_date, filing.company) == (
        "8-K",
        date(2004, 5, 7),
        "CITICORP MORTGAGE SECURITIES INC",
    )


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (full_submission(SERVED[TS_2004_3])[:-40], "download cut short: "),
        (full_submission(SERVED[DD_2004_8]), f"the download is accession {DD_2004_8}, not {TS_2004_3}"),
        (
            b"<!DOCTYPE html>\n<html><head><title>SEC.gov | Page Not Found</title></head></html>",
            "EDGAR answered with an HTML page, not the filing ('SEC.gov | Page Not Found')",
        ),
        (b"<html><body>Access denied</body></html>", "EDGAR answered with an HTML page, not the filing"),
        (b"FORM 8-K\nCITICORP MORTGAGE SECURITIES, INC.\n", "not an EDGAR full submission (no <SEC-DOCUMENT> header)"),
        (b"", "not an EDGAR full submission"),
    ],
    ids=["cut-short", "other-accession", "html-titled", "html-untitled", "plain-text", "empty"],
)
def test_a_download_that_is_not_the_whole_submission_asked_for(data, problem):
    with pytest.raises(DownloadProblem) as raised:
        edgar.check_submission(data, TS_2004_3)
    assert str(raised.value).startswith(problem)


# --- settings ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["Jane Analyst jane@example.com", "Sample Company Name AdminContact@example.com", "jane@example.com (Jane)"]
)
def test_a_user_agent_with_a_name_and_an_email(text):
    assert edgar.check_user_agent(f"  {text} ") == text


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (None, "no User-Agent declared"),
        ("   ", "no User-Agent declared"),
        ("Jane Analyst", "lacks a name and an e-mail address"),
        ("jane@example.com", "lacks a name and an e-mail address"),
        ("Jane jane@example", "lacks a name and an e-mail address"),
        ("Jane jane@example.com\r\nHost: evil", "one line of plain ASCII text"),
        ("Jane " + "x" * 200 + "@example.com", "at most 200 characters"),
    ],
)
def test_a_user_agent_without_them_is_refused(text, problem):
    with pytest.raises(ValueError, match=problem):
        edgar.check_user_agent(text)


def test_the_mirror_is_a_base_url():
    assert edgar.check_mirror("http://127.0.0.1:8080/") == "http://127.0.0.1:8080"
    assert edgar.check_mirror("https://proxy.example/edgar/") == "https://proxy.example/edgar"
    for bad in ("127.0.0.1:8080", "ftp://x", "http://", "http://x/?q=1"):
        with pytest.raises(ValueError, match="not an http"):
            edgar.check_mirror(bad)


# --- pairing --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    series: str | None
    kind: str
    amendment: bool = False


def test_pairing_says_per_series_which_kinds_were_found():
    found = [
        Found("2004-3", TERM_SHEET),
        Found("2004-3", DETAILED),
        Found("2004-8", DETAILED),
        Found("2004-8", DETAILED, amendment=True),
        Found("2004-10", TERM_SHEET, amendment=True),
    ]
    pairs = edgar.pair_series(found, ["2004-3", "2004-99"])
    assert [p.line() for p in pairs] == [
        "series 2004-3: term sheet yes, detailed description yes",
        "series 2004-8: term sheet NOT FOUND, detailed description yes + 1 amendment",
        "series 2004-10: term sheet amendment only, detailed description NOT FOUND",
        "series 2004-99: term sheet NOT FOUND, detailed description NOT FOUND",
    ]
    assert [p.complete for p in pairs] == [True, False, False, False]


# --- the gateway: pace, back-off, cache -------------------------------------------------------------------------------


class FakeTime:
    """A clock that moves only when slept on, so the pace can be read exactly."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def server():
    edgar_server = FakeEdgar().start()
    yield edgar_server
    edgar_server.stop()


def test_at_most_ten_requests_start_in_any_second(server, monkeypatch):
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    fake = FakeTime()
    door = gateway.EdgarGateway("Jane Analyst jane@example.com", server.base, sleep=fake.sleep, clock=fake.clock)
    starts: list[float] = []
    send = door._attempt

    def timed(url: str, what: str) -> bytes:
        starts.append(fake.now)  # when the request leaves, after any wait for its turn
        return send(url, what)

    monkeypatch.setattr(door, "_attempt", timed)
    for _ in range(25):
        door.listing(f"/submissions/CIK{CIK:010d}.json", "CIK 0000811785")
    assert len(server.log) == door.requests == 25
    assert min(later - earlier for earlier, later in zip(starts, starts[10:])) >= 1.0 - 1e-9


def test_back_off_doubles_and_honours_retry_after():
    assert [gateway.backoff(attempt) for attempt in range(4)] == [1.0, 2.0, 4.0, 8.0]
    assert gateway.backoff(0, retry_after=5) == 5
    assert gateway.backoff(3, retry_after=3600) == gateway.MAX_RETRY_AFTER_SECONDS


def test_the_listing_comes_gzipped_and_is_cached(server, tmp_path, monkeypatch):
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    door = gateway.EdgarGateway("Jane Analyst jane@example.com", server.base, cache_dir=tmp_path)
    path = f"/submissions/CIK{CIK:010d}.json"
    first = door.listing(path, "CIK 0000811785")
    assert first["name"] == "CITICORP MORTGAGE SECURITIES INC" and len(first["filings"]["recent"]["form"]) == 8
    assert "gzip" in server.log[0].accept_encoding
    assert json.loads((tmp_path / "submissions--CIK0000811785.json").read_bytes()) == first  # stored decompressed
    assert door.listing(path, "CIK 0000811785") == first and len(server.log) == 1


# --- the writer ----------------------------------------------------------------------------------------------------------


def _save(out, accession=TS_2004_3, series="2004-3", kind=TERM_SHEET):
    filing = Filing(CIK, accession, "8-K", date(2004, 5, 7), company="CMSI")
    data = full_submission(SERVED[accession])
    return store.save_filing(out, filing, data, series, kind, "2004-05-07", "http://mirror" + filing.submission_path)


def test_a_saved_filing_counts_only_while_whole(tmp_path):
    saved = _save(tmp_path)
    assert saved.path == tmp_path / "cmsi-2004-3" / "term-sheet-0000811785-04-000040.txt"
    assert set(store.saved_filings(tmp_path)) == {TS_2004_3}
    saved.path.write_bytes(saved.path.read_bytes().replace(b"5.843", b"5.834"))  # same size, other bytes
    assert store.saved_filings(tmp_path) == {}
    saved.path.unlink()
    assert store.saved_filings(tmp_path) == {}


def test_a_series_from_the_filing_cannot_leave_the_folder(tmp_path):
    saved = _save(tmp_path, series="../../etc")
    assert saved.path.parent == tmp_path / "cmsi-etc"
    assert _save(tmp_path, series=None).path.parent == tmp_path / "cmsi-series-unknown"


def test_the_ledger_of_another_version_is_not_trusted(tmp_path):
    ledger = store.Ledger.load(tmp_path)
    ledger.put(DD_2004_8, store.Classified(False, "a monthly servicing report"))
    ledger.save()
    assert store.Ledger.load(tmp_path).get(DD_2004_8) == store.Classified(False, "a monthly servicing report")
    path = tmp_path / store.CACHE_DIR / store.LEDGER
    path.write_text(path.read_text().replace('"termsheet ', '"termsheet 0.0.0-old '))
    assert store.Ledger.load(tmp_path).get(DD_2004_8) is None
    path.write_text("{not json")
    assert store.Ledger.load(tmp_path).entries == {}


# --- progress ------------------------------------------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_bar_and_a_line_for_each_failure():
    stream = Terminal()
    progress = FetchProgress(2, stream=stream)
    filing = Filing(CIK, TS_2004_3, "8-K", date(2004, 5, 7))
    progress(Outcome(TS_2004_3, SAVED, "cmsi-2004-3/term-sheet-0000811785-04-000040.txt", filing))
    progress(Outcome(DD_2004_8, FAILED, "HTTP 404 Not Found", Filing(CIK, DD_2004_8, "8-K", date(2004, 10, 28))))
    progress.close()
    text = stream.getvalue()
    assert "2/2" in text and "filing" in text
    assert f"failed   {DD_2004_8}  8-K    2004-10-28  HTTP 404 Not Found" in text
    assert "cmsi-2004-3/term-sheet" not in text  # saved filings are counted by the bar, not listed


def test_elsewhere_a_line_per_filing():
    stream = io.StringIO()
    progress = FetchProgress(2, stream=stream)
    progress(
        Outcome(TS_2004_3, SAVED, "cmsi-2004-3/term-sheet-0000811785-04-000040.txt", Filing(CIK, TS_2004_3, "8-K"))
    )
    assert (
        stream.getvalue()
        == f"saved    {TS_2004_3}  8-K    ?           cmsi-2004-3/term-sheet-0000811785-04-000040.txt\n"
    )
