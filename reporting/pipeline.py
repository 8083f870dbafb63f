"""The deal pipeline, stage by stage: read -> validate -> derive -> present -> deliver.

``load_deal`` is the first two stages: a filing on disk becomes a validated ``Deal``.
``render_filing`` is the whole pipeline for one filing: path and options in, files out,
with no state kept between calls, so a batch (or any other executor) can map it over
filings unchanged.
"""

from __future__ import annotations

from pathlib import Path

from reporting.model.deal import Deal
from reporting.read.ingest import IngestedFiling
from reporting.read.parse import parse_file, parse_filing
from reporting.validate import validate


def load_deal(path: str | Path, time_limit: float | None = None) -> Deal:
    """Read, parse and validate a filing; FilingError (one line) when it cannot be read as one."""
    return validate(parse_file(path, time_limit))


def load_filing(filing: IngestedFiling) -> Deal:
    """Parse and validate a filing already ingested (its text in memory)."""
    return validate(parse_filing(filing))
