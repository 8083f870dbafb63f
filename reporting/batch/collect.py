"""The deals a shelf is built from: filings, deals saved as JSON, folders of either, and batch output folders.

How each path is read:

* a file ending in ``.json`` is a deal saved by ``termsheet parse --json`` or
  ``render --format json``; any other file is a filing, parsed;
* a batch output folder (its deal folders hold the batch's records) gives its deals as the batch
  left them: each deal's saved JSON (``<deal>/<deal>-deal.json``, written when the batch
  was run with ``--format json``), so nothing is parsed twice. A deal rendered without
  JSON is parsed again from the filing the manifest names, and counted as such;
* any other folder gives every filing below it (``*.txt``, ``*.htm``, ``*.html``) and
  every ``*-deal.json``; a filing whose saved JSON is among them is not parsed again.

A file that is not a pool description, or cannot be read, is left out with its one-line
reason. Every deal read from JSON has its checks run again on its figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reporting.batch.manifest import Manifest
from reporting.batch.run import BatchArgumentError, discover
from reporting.errors import FilingError
from reporting.model.deal import Deal
from reporting.model.shelf import LeftOut
from reporting.pipeline import load_deal, load_deal_json
from reporting.read.ingest import filing_sha256

DEAL_JSON_SUFFIX = "-deal.json"  # what `render --format json` names a deal's JSON


@dataclass
class Collected:
    deals: list[Deal] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    parsed: int = 0  # filings read (parsed, or refused with a reason)
    loaded: int = 0  # deals read from saved JSON
    parsed_again: int = 0  # deals of a batch folder parsed again, their JSON not saved


def collect_deals(paths: Iterable[str | Path]) -> Collected:
    """Every deal under ``paths``; BatchArgumentError for a path that does not exist."""
    paths = [Path(p) for p in paths]
    for path in paths:
        if not (path.exists() or path.is_symlink()):
            raise BatchArgumentError(f"{path}: no such file or folder")
    collected = Collected()
    saved: list[Path] = []
    filings: list[Path] = []
    for path in paths:
        if path.is_dir() and Manifest.is_batch_folder(path):
            _batch_folder(path, collected, saved, filings)
        elif path.is_dir():
            saved += sorted(p for p in path.rglob(f"*{DEAL_JSON_SUFFIX}") if not p.name.startswith("."))
            filings += discover([path])
        elif path.suffix.lower() == ".json":
            saved.append(path)
        else:
            filings += discover([path])
    for path in dict.fromkeys(p.resolve() for p in saved):
        _read(path, load_deal_json, collected)
    collected.loaded = len(collected.deals)
    known = {deal.source.sha256 for deal in collected.deals}
    for path in dict.fromkeys(filings):
        if _sha256(path) not in known:  # its deal is already read from its saved JSON
            _read(path, load_deal, collected)
            collected.parsed += 1
    return collected


def _batch_folder(folder: Path, collected: Collected, saved: list[Path], filings: list[Path]) -> None:
    """A batch's deals: their saved JSON, else their filings (parsed again), else left out."""
    manifest = Manifest.load(folder)
    for source, record in manifest.deals.items():
        json_path = record["entry"]["outputs"].get("json")
        if json_path and (folder / json_path).is_file():
            saved.append(folder / json_path)
        elif Path(source).is_file():
            filings.append(Path(source))
            collected.parsed_again += 1
        else:
            reason = "no saved deal JSON in the batch folder and the filing is gone: render it with --format json"
            collected.left_out.append(LeftOut(Path(source).name, reason, source))


def _read(path: Path, loader, collected: Collected) -> None:
    try:
        collected.deals.append(loader(path))
    except FilingError as error:
        collected.left_out.append(LeftOut(path.name, error.problem, str(path)))
    except Exception as error:  # a bug in one file must not stop the shelf
        reason = f"internal error: {type(error).__name__}: {error}"
        collected.left_out.append(LeftOut(path.name, reason, str(path)))


def _sha256(path: Path) -> str | None:
    try:
        return filing_sha256(path)
    except FilingError:
        return None  # the reader refuses it again, with its reason
