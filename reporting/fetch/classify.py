"""Is a downloaded text a pool description? Our own reader decides, as `termsheet parse` would.

This is the only place fetch imports the reader (ingest and parse), so that when those
modules move, one import changes. A saved filing is checked through the reader's one
guarded way of opening a filing too (``saved_sha256``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class PoolDescription:
    series: str | None
    kind: str  # reporting.model.deal.FilingKind value: "collateral_term_sheet" or "detailed_description"
    date_of_report: date | None


def read_pool_description(data: bytes, name: str) -> PoolDescription:
    """What the filing is; reporting.errors.FilingError (its ``problem`` says what else) if not one."""
    from reporting.read.ingest import ingest_bytes
    from reporting.read.parse import parse_filing

    deal = parse_filing(ingest_bytes(data, name))
    return PoolDescription(deal.series, deal.kind.value, deal.date_of_report)


def saved_sha256(path: Path) -> str:
    """The SHA-256 of a filing saved on disk, streamed through the reader's guarded opening
    (a regular file within the size limit; reporting.errors.FilingError otherwise)."""
    from reporting.read.ingest import filing_sha256

    return filing_sha256(path)
