"""An output folder's index line for one deal: what the index page shows and the manifest keeps between runs."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class IndexEntry:
    """What the index page shows for one deal (and the manifest keeps between runs)."""

    stem: str
    series: str | None
    kind: str | None
    date_of_report: str | None
    aggregate_balance: float | None
    loan_count: int | None
    wac: float | None
    wam_months: float | None
    wa_ltv: float | None
    california_share: float | None
    checks_passed: int
    checks_total: int
    outputs: dict[str, str]  # kind of file -> path relative to the output folder
    verdict: str = "not_verifiable"  # model.deal.Verdict value: reconciled, not_verifiable, failed
    # Checks the filing calls for that could not run, and why (``Deal.not_run_reason``): never "all passed".
    checks_not_run: int = 0
    not_run_reason: str | None = None
    amendment: bool = False  # an 8-K/A: it corrects an earlier filing
    # figure key -> what the reports say beside it (a failed check, a doubt), for the figures that have it
    flags: dict[str, str] = field(default_factory=dict)
    # figure key -> why it has no value, as the summary says it ("not stated in this filing"), for those without
    gaps: dict[str, str] = field(default_factory=dict)
    # figure key -> how near the filing states it, for the figures it states as approximate: written as near, marked
    withins: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class ShelfLink:
    """The output folder's shelf history (``termsheet shelf``), as the index links it."""

    files: tuple[tuple[str, str], ...]  # (path relative to the folder, link text)
    stale: bool  # a deal was rendered into the folder after the shelf history was written
