"""Each deal's manifest: which filing was rendered into its folder, from what, with what settings.

Every deal folder holds its own ``.termsheet-manifest.json``, written atomically by the
worker right after the deal's files, and removed before they are replaced. So what is
on disk describes itself: a run killed at any moment (even ``kill -9``) leaves each
finished deal recorded and no record claiming files that were being replaced. The
next run reads the records back (``Manifest.load``), skips a filing whose content hash,
tool version and settings are unchanged and whose files are all still there, and the
index is built from the same records.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from reporting import __version__
from reporting.deliver.files import atomic_write, writing
from reporting.model.index import IndexEntry
from reporting.present.jsonio import plain

MANIFEST_NAME = ".termsheet-manifest.json"  # in each deal's folder
# Bumped when the records change shape: an older record is read as none (the deal renders again).
MANIFEST_FORMAT = 4  # 4: index lines keep the verdict and whether the filing is an amendment


@dataclass
class Manifest:
    """Per source file (as the batch found it): the record of the deal rendered from it."""

    out_dir: Path
    deals: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, out_dir: Path) -> Manifest:
        """Every deal record under ``out_dir``; where two folders claim one source, the newer."""
        found: list[tuple[int, str, dict]] = []
        for path in out_dir.glob(f"*/{MANIFEST_NAME}"):
            try:
                written = path.stat().st_mtime_ns
            except OSError:  # a worker is replacing that deal right now: it is not there to count
                continue
            record = _read_record(path)
            if record is not None:
                found.append((written, record["source"], record))
        deals = {source: record for _, source, record in sorted(found, key=lambda item: item[0])}
        return cls(out_dir, deals)

    def is_current(self, source: Path, sha256: str | None, formats: list[str], settings: str) -> bool:
        record = self.deals.get(str(source))
        if not record or sha256 is None:
            return False
        outputs = record["entry"]["outputs"]
        return (
            record.get("sha256") == sha256
            and record.get("tool_version") == __version__
            and record.get("settings") == settings
            and set(formats) <= set(outputs)
            and all((self.out_dir / outputs[f]).is_file() for f in formats)
        )

    @staticmethod
    def is_batch_folder(folder: Path) -> bool:
        """Whether ``folder`` is a batch's output: some deal folder in it holds a record."""
        return any(folder.glob(f"*/{MANIFEST_NAME}"))

    def entry(self, source: Path) -> IndexEntry | None:
        record = self.deals.get(str(source))
        return IndexEntry(**record["entry"]) if record else None

    def entries(self) -> list[IndexEntry]:
        return [IndexEntry(**record["entry"]) for record in self.deals.values()]

    def stems_in_use(self) -> dict[str, str]:
        return {rec["entry"]["stem"]: source for source, rec in self.deals.items()}


def _read_record(path: Path) -> dict | None:
    """A deal folder's record, or None: damaged, of another version, or copied from another folder."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(record, dict) or record.get("format") != MANIFEST_FORMAT:
            return None
        entry = IndexEntry(**record["entry"])
        if entry.stem != path.parent.name or not isinstance(record["source"], str):
            return None
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    return record


def record_path(out_dir: Path, stem: str) -> Path:
    return out_dir / stem / MANIFEST_NAME


def forget_deal(out_dir: Path, stem: str) -> None:
    """Before a deal's files are replaced: no record may vouch for files half replaced."""
    path = record_path(out_dir, stem)
    with writing(path):
        path.unlink(missing_ok=True)


def earlier_record(out_dir: Path, stem: str) -> dict | None:
    """The deal's record as an earlier run left it (read before its files are replaced), or None."""
    return _read_record(record_path(out_dir, stem))


def with_earlier_outputs(
    out_dir: Path, earlier: dict | None, sha256: str, entry: IndexEntry, settings: str
) -> IndexEntry:
    """The entry of a deal rendered again in other formats, with the earlier run's files it did not replace.

    Rendered from the same filing, by the same version, with the same settings, those files are the same
    deal's and stay linked (an Excel run after a PDF run leaves the PDF in the index). From another
    filing, version or setting they are stale: they are removed, so no folder holds a PDF of the filing as
    it was beside a workbook of the filing as it is.
    """
    if earlier is None:
        return entry
    same = (earlier.get("sha256"), earlier.get("tool_version"), earlier.get("settings")) == (
        sha256,
        __version__,
        settings,
    )
    kept = {}
    for kind, relative in earlier["entry"]["outputs"].items():
        path = out_dir / relative
        if kind in entry.outputs or not _in_deal_folder(path, out_dir / entry.stem):
            continue
        if same and path.is_file():
            kept[kind] = relative
        elif not same:
            with writing(path):
                path.unlink(missing_ok=True)
    return replace(entry, outputs={**kept, **entry.outputs}) if kept else entry


def _in_deal_folder(path: Path, folder: Path) -> bool:
    """Whether a record's path is a file of the deal's own folder: a record is a file on disk, edited or
    copied, and removing or linking anything outside the folder is not ours to do."""
    return path.parent.resolve() == folder.resolve() and not path.is_symlink()


def record_deal(out_dir: Path, source: str, sha256: str, entry: IndexEntry, settings: str) -> None:
    """After a deal's files are all written: its record, atomically, beside them."""
    document = {
        "format": MANIFEST_FORMAT,
        "source": source,
        "sha256": sha256,
        "tool_version": __version__,
        "settings": settings,
        "entry": plain(entry),
    }
    path = record_path(out_dir, entry.stem)
    with writing(path):
        atomic_write(path, json.dumps(document, indent=1, sort_keys=True, allow_nan=False))


def remove_old_manifest(out_dir: Path) -> None:
    """The one manifest of the whole folder that earlier versions kept: stale now, and ours to remove
    (only that one: a deal's own record, should OUT be a deal's folder, stays)."""
    old = out_dir / MANIFEST_NAME
    try:
        data = json.loads(old.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if isinstance(data, dict) and "deals" in data and data.get("format") != MANIFEST_FORMAT:
        old.unlink(missing_ok=True)
