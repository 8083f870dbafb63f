"""One fetch run: list the filer's 8-Ks, decide each, download, classify, save.

The rules live in edgar.py, the network in gateway.py, the files in store.py; this
module only puts them in order. A filing that fails never stops the others: it
becomes an Outcome with a one-line reason naming it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reporting.deliver.files import remove_temporary_files
from reporting.errors import FilingError
from reporting.fetch import edgar, store
from reporting.fetch.classify import read_pool_description
from reporting.fetch.edgar import Filing, Window
from reporting.fetch.gateway import EdgarGateway, FetchError
from reporting.model.names import series_key

SAVED, PRESENT, SKIPPED, OTHER_SERIES, FAILED = "saved", "present", "skipped", "other series", "failed"
BY_INDEX, BY_TEXT = "index", "text"


@dataclass(frozen=True)
class FetchRequest:
    series: tuple[str, ...] = ()  # as reporting.model.names.series_key spells them
    accessions: tuple[tuple[int | None, str], ...] = ()  # (CIK from a URL or None, accession number)
    everything: bool = False  # --all
    window: Window = Window()  # --from / --to
    ciks: tuple[int, ...] = (edgar.CMSI_CIK,)
    out: Path = Path("filings")

    @property
    def lists(self) -> bool:
        """Whether the filer's listing is read (else only the filings named by accession or URL)."""
        return bool(self.series or self.everything or self.window.start or self.window.end)


@dataclass(frozen=True)
class Outcome:
    name: str  # the accession number, or "CIK 0000811785" for a listing that failed
    status: str  # SAVED, PRESENT, SKIPPED, OTHER_SERIES or FAILED
    detail: str = ""  # what it is instead, or why it failed
    filing: Filing | None = None
    saved: store.SavedFiling | None = None
    by: str = ""  # SKIPPED: BY_INDEX or BY_TEXT


@dataclass
class FetchResult:
    outcomes: list[Outcome] = field(default_factory=list)
    interrupted: bool = False

    def count(self, status: str, by: str | None = None) -> int:
        return sum(1 for o in self.outcomes if o.status == status and (by is None or o.by == by))

    @property
    def exit_code(self) -> int:
        """0 all good, 1 some failed but some fetched, 2 nothing fetched; as `termsheet render`."""
        if self.interrupted:
            return 130
        good = self.count(SAVED) + self.count(PRESENT)
        if self.count(FAILED):
            return 1 if good else 2
        return 0 if good else 2


@dataclass
class _Context:
    request: FetchRequest
    gateway: EdgarGateway
    saved: dict[str, store.SavedFiling]
    ledger: store.Ledger


# --- listing ---------------------------------------------------------------------------------


def plan(request: FetchRequest, gateway: EdgarGateway) -> tuple[list[Filing], list[Outcome]]:
    """The filings to decide, oldest first, and the listings that could not be read."""
    filings: dict[str, Filing] = {}
    failures: list[Outcome] = []
    for cik, accession in request.accessions:
        filings.setdefault(accession, Filing(cik or request.ciks[0], accession, explicit=True))
    if request.lists:
        windows = _windows(request)
        for cik in request.ciks:
            try:
                listed = list_eight_ks(gateway, cik, windows)
            except FetchError as error:
                failures.append(Outcome(error.what, FAILED, error.problem))
                continue
            for filing in listed:
                filings.setdefault(filing.accession, filing)
    ordered = sorted(filings.values(), key=lambda f: (f.filing_date is None, f.filing_date, f.accession))
    return ordered, failures


def _windows(request: FetchRequest) -> list[Window]:
    """Filing dates to look in: each series' years, narrowed by --from/--to."""
    if request.series and not request.everything:
        return [edgar.series_window(s).narrowed(request.window) for s in request.series]
    return [request.window]


def list_eight_ks(gateway: EdgarGateway, cik: int, windows: list[Window]) -> list[Filing]:
    """The filer's 8-Ks and 8-K/As filed in any of ``windows``, older pages read only where needed."""
    what = f"CIK {cik:010d}"
    submissions = gateway.listing(edgar.submissions_path(cik), what)
    company = edgar.company_name(submissions)
    found = edgar.eight_ks(edgar.recent_columns(submissions), cik, company)
    for page in edgar.older_pages(submissions):
        if any(w.overlaps(page.first, page.last) for w in windows):
            found += edgar.eight_ks(gateway.listing(page.path, f"{what} ({page.name})"), cik, company)
    return [f for f in found if any(w.holds(f.filing_date) for w in windows)]


# --- deciding and fetching each filing ----------------------------------------------------------


def run_fetch(
    request: FetchRequest,
    gateway: EdgarGateway,
    filings: Iterable[Filing],
    on_outcome: Callable[[Outcome], None] | None = None,
    result: FetchResult | None = None,
) -> FetchResult:
    """Decide every filing of the plan; the ledger of what was read is kept even if stopped."""
    remove_temporary_files(request.out)
    context = _Context(request, gateway, store.saved_filings(request.out), store.Ledger.load(request.out))
    result = result or FetchResult()
    notify = on_outcome or (lambda outcome: None)
    try:
        for filing in filings:
            outcome = fetch_one(filing, context)
            result.outcomes.append(outcome)
            notify(outcome)
    except KeyboardInterrupt:
        result.interrupted = True
    finally:
        context.ledger.save()
    return result


def fetch_one(filing: Filing, context: _Context) -> Outcome:
    accession = filing.accession
    saved = context.saved.get(accession)
    if saved is not None:
        if _wanted(filing, saved.series, context.request):
            return Outcome(accession, PRESENT, _where(saved, context.request.out), filing, saved)
        return Outcome(accession, OTHER_SERIES, f"series {saved.series}", filing, saved)
    known = context.ledger.get(accession)
    if known is not None and not known.pool:
        return Outcome(accession, SKIPPED, known.problem or "not a pool description", filing, by=BY_TEXT)
    if known is not None and not _wanted(filing, known.series, context.request):
        return Outcome(accession, OTHER_SERIES, f"series {known.series}", filing)
    if known is None:
        verdict = _index_verdict(filing, context.gateway)
        if verdict is not None and not verdict.pool:
            return Outcome(
                accession, SKIPPED, f"{verdict.what} (EDGAR index: {verdict.evidence!r})", filing, by=BY_INDEX
            )
    try:
        return _download(filing, context)
    except FetchError as error:
        return Outcome(accession, FAILED, error.problem, filing)
    except edgar.DownloadProblem as problem:
        return Outcome(accession, FAILED, str(problem), filing)


def _index_verdict(filing: Filing, gateway: EdgarGateway) -> edgar.IndexVerdict | None:
    """What the listing's description and document names say; else the folder's file names."""
    verdict = edgar.index_verdict([filing.description, filing.primary_document])
    if verdict is not None or filing.explicit:
        return verdict  # a filing asked for by name is downloaded and read
    try:
        names = edgar.folder_names(gateway.folder_index(filing.index_path, filing.accession))
    except FetchError:
        return None  # the index only saves a download; the download will say what is wrong
    return edgar.index_verdict(names)


def _download(filing: Filing, context: _Context) -> Outcome:
    gateway, request = context.gateway, context.request
    data = gateway.submission(filing.submission_path, filing.accession)
    filing = edgar.completed(filing, edgar.check_submission(data, filing.accession))
    try:
        pool = read_pool_description(data, filing.accession)
    except FilingError as error:
        context.ledger.put(filing.accession, store.Classified(False, error.problem))
        return Outcome(filing.accession, SKIPPED, error.problem, filing, by=BY_TEXT)
    reported = pool.date_of_report.isoformat() if pool.date_of_report else None
    context.ledger.put(filing.accession, store.Classified(True, None, pool.series, pool.kind, reported))
    if not _wanted(filing, pool.series, request):
        return Outcome(filing.accession, OTHER_SERIES, f"series {pool.series}", filing)
    source = gateway.url(edgar.SEC_WWW, filing.submission_path)
    try:
        saved = store.save_filing(request.out, filing, data, pool.series, pool.kind, reported, source)
    except OSError as error:
        where = getattr(error, "filename", None) or request.out
        return Outcome(filing.accession, FAILED, f"cannot write {where}: {error.strerror or error}", filing)
    context.saved[filing.accession] = saved
    return Outcome(filing.accession, SAVED, _where(saved, request.out), filing, saved)


def _wanted(filing: Filing, series: str | None, request: FetchRequest) -> bool:
    """A filing named by accession or URL is always wanted; a listed one if its series was asked."""
    if filing.explicit or request.everything or not request.series:
        return True
    return series_key(series) in request.series


def _where(saved: store.SavedFiling, out: Path) -> str:
    try:
        return saved.path.relative_to(out).as_posix()
    except ValueError:
        return str(saved.path)
