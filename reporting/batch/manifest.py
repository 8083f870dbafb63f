"""The manifest of an output folder: which filing was rendered into it, from what, with what settings.

A re-run skips a filing whose content hash, tool version and settings are unchanged
and whose files are all still there; the index is built from the manifest's entries.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from reporting import __version__
from reporting.deliver.files import atomic_write
from reporting.model.index import IndexEntry

MANIFEST_NAME = ".termsheet-manifest.json"
# Bumped when the entries change shape: an older manifest is read as empty (everything renders again).
MANIFEST_FORMAT = 3


@dataclass
class Manifest:
    """Per source file: its content hash, the tool version, the settings and the index entry."""

    path: Path
    deals: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, out_dir: Path) -> Manifest:
        path = out_dir / MANIFEST_NAME
        try:
            data = json.loads(path.read_text())
            current = isinstance(data, dict) and data.get("format") == MANIFEST_FORMAT
            deals = data.get("deals", {}) if current else {}
            for record in deals.values():
                IndexEntry(**record["entry"])  # a damaged entry: read as no manifest at all
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            deals = {}  # no manifest, or a damaged one: render everything again
        return cls(path, deals)

    def is_current(self, source: Path, sha256: str | None, formats: list[str], settings: str, out_dir: Path) -> bool:
        record = self.deals.get(str(source))
        if not record or sha256 is None:
            return False
        outputs = record["entry"]["outputs"]
        return (
            record.get("sha256") == sha256
            and record.get("tool_version") == __version__
            and record.get("settings") == settings
            and set(formats) <= set(outputs)
            and all((out_dir / outputs[f]).is_file() for f in formats)
        )

    def entry(self, source: Path) -> IndexEntry | None:
        record = self.deals.get(str(source))
        return IndexEntry(**record["entry"]) if record else None

    def entries(self) -> list[IndexEntry]:
        return [IndexEntry(**record["entry"]) for record in self.deals.values()]

    def record(self, source: str, sha256: str | None, entry: IndexEntry, settings: str) -> None:
        self.deals[source] = {
            "sha256": sha256,
            "tool_version": __version__,
            "settings": settings,
            "entry": asdict(entry),
        }

    def stems_in_use(self) -> dict[str, str]:
        return {rec["entry"]["stem"]: source for source, rec in self.deals.items()}

    def save(self) -> None:
        document = {"format": MANIFEST_FORMAT, "tool_version": __version__, "deals": self.deals}
        atomic_write(self.path, json.dumps(document, indent=1, sort_keys=True))
