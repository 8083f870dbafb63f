"""A small EDGAR on 127.0.0.1 for the fetch tests: real HTTP, EDGAR's paths and shapes, no internet.

It serves CMSI (CIK 811785) as EDGAR does:

    data.sec.gov  /submissions/CIK0000811785.json                 filings.recent + one paged filings.files entry
                  /submissions/CIK0000811785-submissions-001.json  the older page (columns at the top level)
    www.sec.gov   /Archives/edgar/data/811785/<acc, no dashes>/<acc>.txt    full submission: SGML header + 8-K
                  /Archives/edgar/data/811785/<acc, no dashes>/index.json   the folder's directory listing

A dozen 8-Ks: the two bundled samples (2004-3 term sheet, 2004-8 detailed description),
an 8-K/A re-filing the 2004-8 description, and nine 8-Ks that are not pool descriptions
(a real monthly servicing report 8-K and a real Computational Materials 8-K, from
tests/edgar/). Some of those the listing's description tells, some the folder's file
names, some only their text. Faults (a status, a cut-short body, an HTML error page)
can be queued for any path; every request is logged with its User-Agent and time.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3

CIK = 811785
COMPANY = "CITICORP MORTGAGE SECURITIES INC"
HERE = Path(__file__).parent / "edgar"
SERVICING = (HERE / "cmsi-2003-09-servicing.txt").read_text()
COMPUTATIONAL = (HERE / "cmsi-1997-05-15-computational.txt").read_text()
TERM_SHEET = TERM_SHEET_2004_3.read_text()
DETAILED = DETAILED_2004_8.read_text()
PAGE_NAME = f"CIK{CIK:010d}-submissions-001.json"
PAGE_LAST_DATE = "2004-05-31"  # the older page holds everything filed up to here


@dataclass(frozen=True)
class Served:
    accession: str
    form: str
    filed: str  # ISO date
    text: str  # the 8-K document's text
    primary_document: str = ""
    description: str = ""  # the listing's primaryDocDescription
    folder_names: tuple[str, ...] = ()  # further files in the folder, besides the submission and index pages


# Accession numbers follow CMSI's own pattern (filer 0000811785, year, sequence).
TS_2004_3 = "0000811785-04-000040"
DD_2004_8 = "0000811785-04-000104"
DD_2004_8_AMENDED = "0000811785-04-000112"
SERVICING_TOLD_BY_DESCRIPTION = "0000811785-04-000097"
FILINGS = (
    Served("0000811785-97-000011", "8-K", "1997-05-15", COMPUTATIONAL),
    Served("0000811785-03-000150", "8-K", "2003-12-26", SERVICING, folder_names=("cmsi0312servicing.txt",)),
    Served("0000811785-04-000018", "8-K", "2004-03-25", SERVICING, "cmsi0403.txt", "MONTHLY SERVICING REPORT"),
    Served("0000811785-04-000026", "8-K", "2004-04-26", SERVICING),
    Served("0000811785-04-000035", "424B5", "2004-04-30", TERM_SHEET),  # a prospectus: not an 8-K, never listed
    Served(TS_2004_3, "8-K", "2004-05-07", TERM_SHEET, "cmsi2004-3.txt", "COLLATERAL TERM SHEETS"),
    Served("0000811785-04-000052", "8-K", "2004-06-25", SERVICING, "cmsi0406.txt", "SERVICING REPORT"),
    Served("0000811785-04-000061", "8-K", "2004-07-26", SERVICING),
    Served("0000811785-04-000070", "8-K", "2004-08-25", SERVICING, folder_names=("servicing-2004-08.txt",)),
    Served("0000811785-04-000081", "8-K", "2004-09-27", SERVICING, "form8k.txt", "8-K"),
    Served(SERVICING_TOLD_BY_DESCRIPTION, "8-K", "2004-10-25", SERVICING, "cmsi0410.txt", "MONTHLY SERVICING REPORT"),
    Served(DD_2004_8, "8-K", "2004-10-28", DETAILED, "cmsi2004-8.txt"),
    Served(DD_2004_8_AMENDED, "8-K/A", "2004-11-05", DETAILED, "cmsi2004-8a.txt", "AMENDED DETAILED DESCRIPTION"),
    Served("0000811785-05-000009", "10-K", "2005-03-30", SERVICING, "form10k.txt", "ANNUAL REPORT"),
)
POOL_DESCRIPTIONS = (TS_2004_3, DD_2004_8, DD_2004_8_AMENDED)
EIGHT_KS = tuple(f for f in FILINGS if f.form in ("8-K", "8-K/A"))


def folder(accession: str) -> str:
    return f"/Archives/edgar/data/{CIK}/{accession.replace('-', '')}"


def submission_path(accession: str) -> str:
    return f"{folder(accession)}/{accession}.txt"


def full_submission(filing: Served) -> bytes:
    """EDGAR's full-submission text: the SGML header as EDGAR writes it, then the one 8-K document."""
    day = filing.filed.replace("-", "")
    description = f"<DESCRIPTION>{filing.description}\n" if filing.description else ""
    header = (
        f"<SEC-DOCUMENT>{filing.accession}.txt : {day}\n"
        f"<SEC-HEADER>{filing.accession}.hdr.sgml : {day}\n"
        f"<ACCEPTANCE-DATETIME>{day}161048\n"
        f"ACCESSION NUMBER:\t\t{filing.accession}\n"
        f"CONFORMED SUBMISSION TYPE:\t{filing.form}\n"
        "PUBLIC DOCUMENT COUNT:\t\t1\n"
        f"CONFORMED PERIOD OF REPORT:\t{day}\n"
        f"FILED AS OF DATE:\t\t{day}\n"
        f"DATE AS OF CHANGE:\t\t{day}\n"
        "\nFILER:\n\n"
        "\tCOMPANY DATA:\t\n"
        f"\t\tCOMPANY CONFORMED NAME:\t\t\t{COMPANY}\n"
        f"\t\tCENTRAL INDEX KEY:\t\t\t{CIK:010d}\n"
        "\t\tSTANDARD INDUSTRIAL CLASSIFICATION:\tASSET-BACKED SECURITIES [6189]\n"
        "\t\tIRS NUMBER:\t\t\t\t133408717\n"
        "\t\tSTATE OF INCORPORATION:\t\t\tDE\n"
        "\t\tFISCAL YEAR END:\t\t\t1231\n\n"
        "\tFILING VALUES:\n"
        f"\t\tFORM TYPE:\t\t{filing.form}\n"
        "\t\tSEC ACT:\t\t1934 Act\n"
        "\t\tSEC FILE NUMBER:\t333-109722\n\n"
        "\tBUSINESS ADDRESS:\t\n"
        "\t\tSTREET 1:\t\t1000 TECHNOLOGY DRIVE\n"
        "\t\tCITY:\t\t\tO FALLON\n"
        "\t\tSTATE:\t\t\tMO\n"
        "\t\tZIP:\t\t\t63304\n"
        "\t\tBUSINESS PHONE:\t\t6362611313\n"
        "</SEC-HEADER>\n"
        "<DOCUMENT>\n"
        f"<TYPE>{filing.form}\n"
        "<SEQUENCE>1\n"
        f"<FILENAME>{filing.primary_document or filing.accession + '.txt'}\n"
        f"{description}"
        "<TEXT>\n"
    )
    return (header + filing.text.rstrip("\n") + "\n</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n").encode("latin-1")


def _columns(filings: list[Served]) -> dict[str, list]:
    """filings.recent's shape: one array per field, newest filing first."""
    rows = sorted(filings, key=lambda f: f.filed, reverse=True)
    return {
        "accessionNumber": [f.accession for f in rows],
        "filingDate": [f.filed for f in rows],
        "reportDate": [f.filed for f in rows],
        "acceptanceDateTime": [f"{f.filed}T16:10:48.000Z" for f in rows],
        "act": ["34" for f in rows],
        "form": [f.form for f in rows],
        "fileNumber": ["333-109722" for f in rows],
        "filmNumber": ["04789123" for f in rows],
        "items": ["" for f in rows],
        "size": [len(full_submission(f)) for f in rows],
        "isXBRL": [0 for f in rows],
        "isInlineXBRL": [0 for f in rows],
        "primaryDocument": [f.primary_document for f in rows],
        "primaryDocDescription": [f.description for f in rows],
    }


def _folder_index(filing: Served) -> dict:
    names = [f"{filing.accession}.txt", f"{filing.accession}-index-headers.html", f"{filing.accession}-index.html"]
    names += [n for n in (filing.primary_document, *filing.folder_names) if n]
    return {
        "directory": {
            "item": [
                {"last-modified": f"{filing.filed} 16:10:48", "name": n, "type": "text.gif", "size": ""} for n in names
            ],
            "name": folder(filing.accession),
            "parent-dir": f"/Archives/edgar/data/{CIK}/",
        }
    }


def routes(filings: tuple[Served, ...] = FILINGS) -> dict[str, tuple[bytes, str]]:
    """Path -> (body, content type), as EDGAR serves them."""
    older = [f for f in filings if f.filed <= PAGE_LAST_DATE]
    recent = [f for f in filings if f.filed > PAGE_LAST_DATE]
    submissions = {
        "cik": str(CIK),
        "entityType": "other",
        "sic": "6189",
        "sicDescription": "Asset-Backed Securities",
        "name": COMPANY,
        "tickers": [],
        "exchanges": [],
        "filings": {
            "recent": _columns(recent),
            "files": [
                {
                    "name": PAGE_NAME,
                    "filingCount": len(older),
                    "filingFrom": min(f.filed for f in older),
                    "filingTo": PAGE_LAST_DATE,
                }
            ],
        },
    }
    served = {
        f"/submissions/CIK{CIK:010d}.json": (json.dumps(submissions).encode(), "application/json"),
        f"/submissions/{PAGE_NAME}": (json.dumps(_columns(older)).encode(), "application/json"),
    }
    for filing in filings:
        served[submission_path(filing.accession)] = (full_submission(filing), "text/plain")
        served[f"{folder(filing.accession)}/index.json"] = (
            json.dumps(_folder_index(filing)).encode(),
            "application/json",
        )
    return served


# --- faults ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    """An HTTP error status, as EDGAR sends it (with an HTML body)."""

    code: int
    retry_after: str | None = None


@dataclass(frozen=True)
class CutShort:
    """The right Content-Length, then only the first half of the body and a closed connection."""


@dataclass(frozen=True)
class HtmlPage:
    """200 OK with an HTML page instead of the file (what a proxy or EDGAR's rate page does)."""

    title: str = "SEC.gov | Request Rate Threshold Exceeded"


@dataclass(frozen=True)
class Logged:
    path: str
    user_agent: str | None
    accept_encoding: str
    at: float  # time.monotonic()


class FakeEdgar:
    def __init__(self, filings: tuple[Served, ...] = FILINGS) -> None:
        self.routes = routes(filings)
        self.faults: dict[str, list] = {}
        self.log: list[Logged] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        # A short poll, so that stopping the server takes a moment, not half a second.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeEdgar:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def fail(self, path: str, fault, times: int = 1) -> None:
        """Answer the next ``times`` requests for ``path`` with ``fault``, then normally."""
        self.faults.setdefault(path, []).extend([fault] * times)

    def paths(self) -> list[str]:
        with self._lock:
            return [entry.path for entry in self.log]

    def _next_fault(self, path: str):
        with self._lock:
            queue = self.faults.get(path)
            return queue.pop(0) if queue else None

    def _record(self, entry: Logged) -> None:
        with self._lock:
            self.log.append(entry)


def _error_page(title: str) -> bytes:
    return f"<!DOCTYPE html>\n<html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>\n".encode()


def _handler(edgar: FakeEdgar) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # quiet test output
            pass

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            edgar._record(
                Logged(
                    path, self.headers.get("User-Agent"), self.headers.get("Accept-Encoding") or "", time.monotonic()
                )
            )
            fault = edgar._next_fault(path)
            if isinstance(fault, Status):
                headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
                return self._send(fault.code, _error_page(f"{fault.code} error"), "text/html", headers)
            if isinstance(fault, HtmlPage):
                return self._send(200, _error_page(fault.title), "text/html")
            if path not in edgar.routes:
                return self._send(404, _error_page("SEC.gov | File Not Found"), "text/html")
            body, content_type = edgar.routes[path]
            if isinstance(fault, CutShort):
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return None
            headers = {}
            if content_type == "application/json" and "gzip" in (self.headers.get("Accept-Encoding") or ""):
                body, headers = gzip.compress(body), {"Content-Encoding": "gzip"}  # as EDGAR answers
            return self._send(200, body, content_type, headers)

        def _send(self, code: int, body: bytes, content_type: str, headers: dict | None = None) -> None:
            self.send_response(code)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

    return Handler
