"""What fetch keeps on disk: each pool description and its sidecar, and what it learnt.

    OUT/cmsi-2004-3/term-sheet-0000811785-04-000040.txt    the EDGAR full submission, byte for byte
    OUT/cmsi-2004-3/term-sheet-0000811785-04-000040.json   its sidecar: accession, form, dates, CIK, URL, SHA-256
    OUT/.edgar-cache/                                      index JSON (a day) and classified.json

Every file is written whole or not at all (``atomic_write``), the .txt before its
sidecar: a filing counts as saved only when its sidecar exists and the .txt still has
the SHA-256 the sidecar records, so a run that was stopped resumes where it stopped.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from reporting import __version__
from reporting.deliver.files import atomic_write
from reporting.errors import FilingError
from reporting.fetch.classify import saved_sha256
from reporting.fetch.edgar import DETAILED, TERM_SHEET, Filing
from reporting.model.names import safe_stem, series_key

CACHE_DIR = ".edgar-cache"
LEDGER = "classified.json"
_KIND_SLUGS = {TERM_SHEET: "term-sheet", DETAILED: "detailed-description"}


@dataclass(frozen=True)
class SavedFiling:
    """A pool description on disk, as its sidecar describes it."""

    accession_number: str
    form_type: str
    amendment: bool
    filing_date: str | None
    cik: str
    company: str
    series: str | None
    kind: str
    date_of_report: str | None
    source_url: str
    fetched_from: str
    sha256: str
    bytes: int
    fetched_at: str
    tool: str
    path: Path  # the .txt; not written to the sidecar

    @property
    def accession(self) -> str:
        return self.accession_number


def series_folder(series: str | None) -> str:
    """ "cmsi-2004-3": the name `termsheet render` gives the deal's output folder too."""
    return "cmsi-" + safe_stem(series_key(series), fallback="series-unknown")


def file_name(kind: str, accession: str, amendment: bool) -> str:
    """ "term-sheet-0000811785-04-000040.txt"; an amendment ends in "-amendment"."""
    return f"{_KIND_SLUGS.get(kind, 'filing')}-{accession}{'-amendment' if amendment else ''}.txt"


def save_filing(
    out: Path, filing: Filing, data: bytes, series: str | None, kind: str, date_of_report: str | None, fetched_from: str
) -> SavedFiling:
    """Write the submission, then its sidecar; OSError if the folder cannot be written."""
    path = out / series_folder(series) / file_name(kind, filing.accession, filing.amendment)
    saved = SavedFiling(
        accession_number=filing.accession,
        form_type=filing.form,
        amendment=filing.amendment,
        filing_date=filing.filing_date.isoformat() if filing.filing_date else None,
        cik=f"{filing.cik:010d}",
        company=filing.company,
        series=series,
        kind=kind,
        date_of_report=date_of_report,
        source_url=filing.source_url,
        fetched_from=fetched_from,
        sha256=hashlib.sha256(data).hexdigest(),
        bytes=len(data),
        fetched_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        tool=f"termsheet {__version__}",
        path=path,
    )
    atomic_write(path, data)
    record = {k: v for k, v in asdict(saved).items() if k != "path"}
    atomic_write(path.with_suffix(".json"), json.dumps(record, indent=1, allow_nan=False) + "\n")
    return saved


def saved_filings(out: Path) -> dict[str, SavedFiling]:
    """Accession number -> the filing saved whole under ``out``; damaged or unfinished ones are left out."""
    found: dict[str, SavedFiling] = {}
    for sidecar in sorted(out.glob("*/*.json")):
        saved = _read_sidecar(sidecar)
        if saved is not None:
            found[saved.accession_number] = saved
    return found


def _read_sidecar(sidecar: Path) -> SavedFiling | None:
    try:
        record = json.loads(sidecar.read_text())
        saved = SavedFiling(**record, path=sidecar.with_suffix(".txt"))
        if saved.path.stat().st_size != saved.bytes:
            return None  # changed or damaged since: fetch it again
        sha256 = saved_sha256(saved.path)  # guarded: a FIFO or device put in its place is not read
    except (OSError, ValueError, TypeError, FilingError):
        return None  # not ours, or its .txt is missing or not a filing
    return saved if sha256 == saved.sha256 else None  # changed or damaged since: fetch it again


@dataclass(frozen=True)
class Classified:
    """What reading a filing's text found, so that no later run downloads it again to learn it."""

    pool: bool
    problem: str | None = None  # what it is instead, when not a pool description
    series: str | None = None
    kind: str | None = None
    date_of_report: str | None = None


class Ledger:
    """OUT/.edgar-cache/classified.json: accession number -> Classified, for this version of the reader."""

    def __init__(self, path: Path, entries: dict[str, Classified]) -> None:
        self.path = path
        self.entries = entries
        self.changed = False

    @classmethod
    def load(cls, out: Path) -> Ledger:
        path = out / CACHE_DIR / LEDGER
        try:
            data = json.loads(path.read_text())
            # Another version of the reader may judge a text differently: read it again.
            if data.get("tool") != f"termsheet {__version__}":
                return cls(path, {})
            return cls(path, {k: Classified(**v) for k, v in data["filings"].items()})
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return cls(path, {})

    def get(self, accession: str) -> Classified | None:
        return self.entries.get(accession)

    def put(self, accession: str, classified: Classified) -> None:
        self.entries[accession] = classified
        self.changed = True

    def save(self) -> None:
        if self.changed:
            filings = {k: asdict(v) for k, v in sorted(self.entries.items())}
            atomic_write(
                self.path,
                json.dumps({"tool": f"termsheet {__version__}", "filings": filings}, indent=1, allow_nan=False),
            )
            self.changed = False
