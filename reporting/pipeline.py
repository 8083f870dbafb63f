"""The deal pipeline, stage by stage: read -> validate -> derive -> present -> deliver.

``load_deal`` is the first stages: a filing on disk becomes a validated ``Deal``, with
the whole-deal figures its pools prove (``derive.whole_deal``).
``render_filing`` is the whole pipeline for one filing: a path and options in, files
out, and a ``RenderedFiling`` saying what was written. It keeps no state between
calls, so the batch's worker pool (or any other executor) maps it over filings as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from reporting.deliver.files import deal_stem
from reporting.deliver.index import index_entry
from reporting.deliver.mail import EmailOptions
from reporting.derive import metrics, whole_deal
from reporting.model.deal import Deal
from reporting.model.index import IndexEntry
from reporting.read.ingest import IngestedFiling
from reporting.read.parse import parse_file, parse_filing
from reporting.validate import validate


def load_deal(path: str | Path, time_limit: float | None = None) -> Deal:
    """Read, parse and validate a filing, with the whole-deal figures its pools prove; FilingError (one line)
    when it cannot be read as one."""
    return whole_deal.derive(validate(parse_file(path, time_limit)))


def load_deal_json(path: str | Path) -> Deal:
    """A deal saved as JSON (``parse --json``, ``render --format json``): its checks run again on its
    figures and its whole-deal figures derived again, so nothing saved stands in for either."""
    from dataclasses import replace

    from reporting.read.deal_json import read_deal_json

    saved = read_deal_json(path)
    stated = replace(saved, checks=(), pools=tuple(replace(p, derived=()) for p in saved.pools))
    return whole_deal.derive(validate(stated))


def load_filing(filing: IngestedFiling) -> Deal:
    """``load_deal`` for a filing already ingested (its text in memory)."""
    return whole_deal.derive(validate(parse_filing(filing)))


@dataclass(frozen=True)
class RenderOptions:
    """How a filing is rendered: which formats, on what paper, the email's headers."""

    formats: tuple[str, ...]
    paper: str = "letter"
    email: EmailOptions = field(default_factory=EmailOptions)
    generated_at: datetime | None = None
    two_parts: bool = False  # a long PDF on two cores: for one deal alone (see DealRender)


@dataclass(frozen=True)
class RenderedFiling:
    """What rendering one filing wrote, and what its index line shows."""

    entry: IndexEntry
    warning: str | None  # failed checks or missing facts, one line; None when the deal is whole
    sha256: str  # of the bytes read and rendered


def render_filing(
    source: str | Path,
    out_dir: Path,
    options: RenderOptions,
    stem: str | None = None,
    before_write: Callable[[str], None] | None = None,
) -> RenderedFiling:
    """Read, validate, derive, present and write one filing into out_dir/<stem>/; FilingError if it is no filing.

    ``stem`` names the deal's folder and files (by default from its series). Every file is
    made first; ``before_write(stem)`` runs then, just before the first one is written.
    """
    from reporting.deliver.files import write_files
    from reporting.deliver.write import deal_files

    deal = load_deal(source)
    stem, files = deal_files(
        deal,
        options.formats,
        options.paper,
        options.generated_at,
        stem or deal_stem(deal.series, deal.source.path),
        options.email,
        options.two_parts,
    )
    if before_write is not None:
        before_write(stem)
    written = write_files(out_dir / stem, stem, files)
    outputs = {kind: str(path.relative_to(out_dir)) for kind, path in written.items()}
    return RenderedFiling(index_entry(deal, stem, outputs), _warning(deal), deal.source.sha256)


def _warning(deal: Deal) -> str | None:
    failed = [c for c in deal.checks if not c.passed]
    parts = [f"{len(failed)} of {len(deal.checks)} reconciliation checks failed"] if failed else []
    parts += metrics.missing_phrases(deal)
    return "; ".join(parts) or None
