"""EDGAR's data, and the rules that decide what to fetch. Pure: no network, no files.

EDGAR lists a filer's filings as JSON on data.sec.gov (`/submissions/CIK##########.json`:
`filings.recent` holds columns of equal length, older filings are in the pages named by
`filings.files`), and keeps each filing on www.sec.gov under
`/Archives/edgar/data/<cik>/<accession without dashes>/`: the full submission
`<accession>.txt` (an SGML header, then each document) and `index.json` (the folder's files).

Everything read here came over the network, so it is checked, never trusted: a page
name must be a plain file name, an accession number has its fixed shape, and a
download is a filing only if it is a whole EDGAR full submission of the accession asked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Protocol
from urllib.parse import parse_qs, urlsplit

from reporting.model.names import is_series, series_key

SEC_WWW = "https://www.sec.gov"
SEC_DATA = "https://data.sec.gov"
CMSI_CIK = 811785
FORMS = ("8-K", "8-K/A")

# The kinds our parser tells apart (reporting.model.deal.FilingKind values), as saved in sidecars.
TERM_SHEET = "collateral_term_sheet"
DETAILED = "detailed_description"
KIND_NAMES = {TERM_SHEET: "term sheet", DETAILED: "detailed description"}

_ACCESSION = re.compile(r"^(\d{10})-(\d{2})-(\d{6})$")
_ACCESSION_BARE = re.compile(r"^\d{18}$")
_PAGE_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,100}\.json$")
_ARCHIVES = re.compile(
    r"/Archives/edgar/data/(?P<cik>\d{1,10})/(?:(?P<folder>\d{18})(?:/|$)|(?P<txt>\d{10}-\d{2}-\d{6})\.txt$)"
)


class TargetError(ValueError):
    """A command-line target that is not a series, an accession number or an EDGAR URL."""


class DownloadProblem(ValueError):
    """A download that is not the whole full submission asked for; the message says what it is."""


# --- what the user asked for --------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """Filing dates from ``start`` to ``end``, both included; None is open."""

    start: date | None = None
    end: date | None = None

    def holds(self, day: date | None) -> bool:
        if day is None:
            return self.start is None and self.end is None
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

    def overlaps(self, first: date | None, last: date | None) -> bool:
        """Whether a page of filings dated ``first`` to ``last`` may hold one in the window."""
        if first is None or last is None:
            return True  # a page that does not say: read it
        return (self.end is None or first <= self.end) and (self.start is None or last >= self.start)

    def narrowed(self, other: Window) -> Window:
        starts = [d for d in (self.start, other.start) if d]
        ends = [d for d in (self.end, other.end) if d]
        return Window(max(starts, default=None), min(ends, default=None))


def series_window(series: str) -> Window:
    """The filing dates where a series' pool descriptions are looked for.

    A series is named for the year it was issued; its term sheet can be filed in the
    autumn before, and a correcting amendment in the year after.
    """
    year = int(series[:4])
    return Window(date(year - 1, 10, 1), date(year + 1, 12, 31))


@dataclass(frozen=True)
class Targets:
    series: tuple[str, ...] = ()
    accessions: tuple[tuple[int | None, str], ...] = ()  # (CIK from a URL, or None; accession number)


def parse_targets(texts: Sequence[str], mirror: str | None = None) -> Targets:
    """Series ("2004-3"), accession numbers and EDGAR URLs; TargetError names the first bad one."""
    series: list[str] = []
    accessions: list[tuple[int | None, str]] = []
    for text in texts:
        value = text.strip()
        if (accession := parse_accession(value)) is not None:
            accessions.append((None, accession))
        elif "://" in value:
            accessions.append(parse_archives_url(value, mirror))
        elif is_series(value):
            series.append(series_key(value) or value)
        else:
            raise TargetError(
                f"{text!r} is not a series (2004-3), an accession number (0000811785-04-000040) or an EDGAR URL"
            )
    return Targets(tuple(dict.fromkeys(series)), tuple(dict.fromkeys(accessions)))


def parse_accession(text: str) -> str | None:
    """ "0000811785-04-000040" (or its 18 digits) in EDGAR's dashed form; None if not one."""
    if _ACCESSION.match(text):
        return text
    if _ACCESSION_BARE.match(text):
        return f"{text[:10]}-{text[10:12]}-{text[12:]}"
    return None


def parse_archives_url(url: str, mirror: str | None = None) -> tuple[int, str]:
    """(CIK, accession) of an EDGAR Archives URL: the full submission, its index page or its folder.

    Only sec.gov URLs (or the mirror's) are taken: the declared User-Agent, with its
    e-mail address, is not sent to any other host.
    """
    parts = urlsplit(url)
    hosts = {"www.sec.gov", "sec.gov"} | ({urlsplit(mirror).netloc.lower()} if mirror else set())
    if parts.scheme not in ("http", "https") or parts.netloc.lower() not in hosts:
        raise TargetError(f"{url}: not an EDGAR URL (www.sec.gov/Archives/edgar/data/...)")
    path = parts.path
    if path.rstrip("/") == "/ix" and "doc" in parse_qs(parts.query):  # the inline viewer: ix?doc=/Archives/...
        path = parse_qs(parts.query)["doc"][0]
    match = _ARCHIVES.search(path)
    if not match:
        raise TargetError(f"{url}: not the address of a filing (/Archives/edgar/data/<CIK>/<accession>/...)")
    accession = parse_accession(match.group("folder") or match.group("txt"))
    assert accession is not None  # the pattern allows only accession shapes
    return int(match.group("cik")), accession


# --- the filer's listing: submissions JSON -------------------------------------------------


@dataclass(frozen=True)
class Filing:
    """One 8-K as EDGAR lists it; ``form`` and ``filing_date`` are empty until known."""

    cik: int
    accession: str
    form: str = ""
    filing_date: date | None = None
    primary_document: str = ""
    description: str = ""
    company: str = ""
    explicit: bool = False  # asked for by accession number or URL, not found by listing

    @property
    def amendment(self) -> bool:
        return self.form.upper().endswith("/A")

    @property
    def folder_path(self) -> str:
        return f"/Archives/edgar/data/{self.cik}/{self.accession.replace('-', '')}"

    @property
    def submission_path(self) -> str:
        return f"{self.folder_path}/{self.accession}.txt"

    @property
    def index_path(self) -> str:
        return f"{self.folder_path}/index.json"

    @property
    def source_url(self) -> str:
        return SEC_WWW + self.submission_path


@dataclass(frozen=True)
class Page:
    """An older page of the listing, named in `filings.files`."""

    name: str
    first: date | None
    last: date | None

    @property
    def path(self) -> str:
        return f"/submissions/{self.name}"


def submissions_path(cik: int) -> str:
    return f"/submissions/CIK{cik:010d}.json"


def company_name(submissions: object) -> str:
    return str(submissions.get("name") or "") if isinstance(submissions, Mapping) else ""


def recent_columns(submissions: object) -> Mapping:
    filings = submissions.get("filings") if isinstance(submissions, Mapping) else None
    recent = filings.get("recent") if isinstance(filings, Mapping) else None
    return recent if isinstance(recent, Mapping) else {}


def older_pages(submissions: object) -> list[Page]:
    filings = submissions.get("filings") if isinstance(submissions, Mapping) else None
    files = filings.get("files") if isinstance(filings, Mapping) else None
    pages = []
    for entry in files if isinstance(files, list) else []:
        name = entry.get("name") if isinstance(entry, Mapping) else None
        if isinstance(name, str) and _PAGE_NAME.match(name):  # a file name, never a path elsewhere
            pages.append(Page(name, _iso_date(entry.get("filingFrom")), _iso_date(entry.get("filingTo"))))
    return pages


def eight_ks(columns: object, cik: int, company: str = "") -> list[Filing]:
    """The 8-Ks and 8-K/As of one page of columns; rows that are not well formed are left out."""
    if not isinstance(columns, Mapping):
        return []
    accessions = columns.get("accessionNumber")
    if not isinstance(accessions, list):
        return []

    def column(name: str) -> list:
        values = columns.get(name)
        return values if isinstance(values, list) and len(values) == len(accessions) else [""] * len(accessions)

    rows = zip(
        accessions, column("form"), column("filingDate"), column("primaryDocument"), column("primaryDocDescription")
    )
    found = []
    for accession, form, filed, document, description in rows:
        if form in FORMS and isinstance(accession, str) and _ACCESSION.match(accession):
            found.append(
                Filing(cik, accession, form, _iso_date(filed), str(document or ""), str(description or ""), company)
            )
    return found


def _iso_date(value: object) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def folder_names(index: object) -> list[str]:
    """The file names in a filing's folder, from its index.json."""
    directory = index.get("directory") if isinstance(index, Mapping) else None
    items = directory.get("item") if isinstance(directory, Mapping) else None
    return [str(i["name"]) for i in items if isinstance(i, Mapping) and "name" in i] if isinstance(items, list) else []


# --- telling a pool description from the index alone ----------------------------------------

_NOT_POOL = (
    (
        re.compile(r"servic|remittance|distribution\s*(?:date|report|statement)|statement\s*to\s*certificate", re.I),
        "a monthly servicing report",
    ),
    (re.compile(r"computational", re.I), "Computational Materials"),
)
_POOL = re.compile(r"term\s*sheet|detailed\s*description|collateral|pool\s*description", re.I)


@dataclass(frozen=True)
class IndexVerdict:
    pool: bool
    what: str  # "a monthly servicing report", or "a pool description"
    evidence: str  # the index text that told


def index_verdict(texts: Iterable[str]) -> IndexVerdict | None:
    """What the index's document names and descriptions say, or None where they do not tell.

    A word of a pool description wins over a word of a servicing report: such a filing
    is downloaded and its text decides. Only a filing the index calls something else
    is skipped unread.
    """
    texts = [t for t in texts if t]
    for text in texts:
        if _POOL.search(text):
            return IndexVerdict(True, "a pool description", text)
    for text in texts:
        for pattern, what in _NOT_POOL:
            if pattern.search(text):
                return IndexVerdict(False, what, text)
    return None


# --- the full submission --------------------------------------------------------------------

_HEADER_FIELD = re.compile(
    r"^[ \t]*(ACCESSION NUMBER|CONFORMED SUBMISSION TYPE|FILED AS OF DATE|COMPANY CONFORMED NAME|CENTRAL INDEX KEY):"
    r"[ \t]*(\S[^\r\n]*?)[ \t]*\r?$",
    re.M,
)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)


@dataclass(frozen=True)
class Header:
    """The facts of a full submission's SGML header."""

    accession: str | None
    form: str | None
    filed: date | None
    company: str | None
    cik: int | None


def parse_header(text: str) -> Header:
    fields: dict[str, str] = {}
    header = text.split("</SEC-HEADER>", 1)[0]
    for match in _HEADER_FIELD.finditer(header):
        fields.setdefault(match.group(1), match.group(2))
    filed = fields.get("FILED AS OF DATE", "")
    cik = fields.get("CENTRAL INDEX KEY", "")
    return Header(
        accession=fields.get("ACCESSION NUMBER"),
        form=fields.get("CONFORMED SUBMISSION TYPE"),
        filed=_iso_date(f"{filed[:4]}-{filed[4:6]}-{filed[6:8]}") if re.fullmatch(r"\d{8}", filed) else None,
        company=fields.get("COMPANY CONFORMED NAME"),
        cik=int(cik) if cik.isdigit() else None,
    )


def check_submission(data: bytes, accession: str) -> Header:
    """The header of a whole full submission of ``accession``; DownloadProblem says what else it is."""
    head = data[:65536].decode("latin-1")
    start = head.lstrip()[:2048]
    if "<SEC-DOCUMENT>" not in start.upper():
        if looks_html(start):
            raise DownloadProblem(f"EDGAR answered with an HTML page, not the filing{html_title(head)}")
        raise DownloadProblem("not an EDGAR full submission (no <SEC-DOCUMENT> header)")
    if not data.rstrip().upper().endswith(b"</SEC-DOCUMENT>"):
        raise DownloadProblem(f"download cut short: {len(data):,} bytes and no </SEC-DOCUMENT> at the end")
    header = parse_header(head)
    if header.accession != accession:
        raise DownloadProblem(f"the download is accession {header.accession or 'unknown'}, not {accession}")
    return header


def looks_html(text: str) -> bool:
    return bool(re.match(r"\s*(?:<!doctype\s+html|<html\b|<head\b|<body\b)", text, re.I))


def html_title(text: str) -> str:
    """ " ('SEC.gov | Request Rate Threshold Exceeded')" for an error page, to say what came instead."""
    match = _TITLE.search(text[:20000])
    title = " ".join(re.sub(r"[\x00-\x1f\x7f]", " ", match.group(1)).split())[:100] if match else ""
    return f" ({title!r})" if title else ""


def completed(filing: Filing, header: Header) -> Filing:
    """The filing with what only its header told (form, date, company) filled in."""
    return replace(
        filing,
        form=filing.form or header.form or "",
        filing_date=filing.filing_date or header.filed,
        company=filing.company or header.company or "",
    )


# --- settings the user gives ------------------------------------------------------------------

_EMAIL = re.compile(r"[^\s@<>()\"',;]+@[^\s@<>()\"',;]+\.[A-Za-z]{2,}")


def check_user_agent(text: str | None) -> str:
    """The User-Agent as declared; ValueError says why it cannot be used."""
    value = (text or "").strip()
    if not value:
        raise ValueError("no User-Agent declared")
    if not value.isprintable() or not value.isascii() or len(value) > 200:
        raise ValueError("the User-Agent must be one line of plain ASCII text, at most 200 characters")
    email = _EMAIL.search(value)
    name = _EMAIL.sub("", value).strip(" <>()-,;")
    if not email or not re.search(r"[A-Za-z]", name):
        raise ValueError(f"the User-Agent {value!r} lacks a name and an e-mail address")
    return value


def check_mirror(text: str) -> str:
    """The mirror base URL without a trailing slash; ValueError if it is not an http(s) base URL."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"{text!r} is not an http(s) base URL such as http://127.0.0.1:8080")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


# --- pairing: each series' term sheet and detailed description -------------------------------


class Described(Protocol):
    series: str | None
    kind: str
    amendment: bool


@dataclass(frozen=True)
class SeriesPair:
    series: str
    originals: dict[str, int] = field(default_factory=dict)  # kind -> filings
    amendments: dict[str, int] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return all(self.originals.get(k) or self.amendments.get(k) for k in (TERM_SHEET, DETAILED))

    def line(self) -> str:
        parts = []
        for kind in (TERM_SHEET, DETAILED):
            found, amended = self.originals.get(kind, 0), self.amendments.get(kind, 0)
            state = "yes" if found else ("amendment only" if amended else "NOT FOUND")
            if found and amended:
                state += f" + {amended} amendment" + ("s" if amended > 1 else "")
            parts.append(f"{KIND_NAMES[kind]} {state}")
        return f"series {self.series}: " + ", ".join(parts)


def pair_series(filings: Iterable[Described], series: Iterable[str] = ()) -> list[SeriesPair]:
    """Per series (those of ``filings`` and any in ``series``), which kinds were found."""
    originals: dict[str, dict[str, int]] = {s: {} for s in series}
    amendments: dict[str, dict[str, int]] = {s: {} for s in series}
    for filing in filings:
        key = series_key(filing.series) or "unknown"
        counts = (amendments if filing.amendment else originals).setdefault(key, {})
        counts[filing.kind] = counts.get(filing.kind, 0) + 1
        (originals if filing.amendment else amendments).setdefault(key, {})
    return [SeriesPair(s, originals.get(s, {}), amendments.get(s, {})) for s in sorted(originals, key=_series_order)]


def _series_order(series: str) -> tuple:
    year, _, suffix = series.partition("-")
    return (year, int(suffix) if suffix.isdigit() else 0, suffix)
