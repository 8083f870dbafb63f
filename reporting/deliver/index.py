"""The index of an output folder: one entry per deal rendered into it, and the page that lists them."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from reporting.deliver.files import atomic_write, writing
from reporting.deliver.formats import LINK_TEXT
from reporting.deliver.shelf import shelf_links
from reporting.derive import metrics
from reporting.model.deal import Deal
from reporting.model.index import IndexEntry, ShelfLink

INDEX_NAME = "index.html"
SHELF_FILES = ("shelf.html", "shelf.pdf")  # what `termsheet shelf` writes into the folder
# The whole-deal figures the index shows, by catalogue key, in its column order.
INDEX_FIGURES = ("aggregate_balance", "loan_count", "wac", "wam_months", "wa_ltv", "california_share")


def index_entry(deal: Deal, stem: str, outputs: dict[str, str]) -> IndexEntry:
    """The deal's index line: its whole-deal figures from the catalogue, its checks and its files."""
    from reporting.derive.summary import whole_deal_flags, whole_deal_gaps  # pandas: once a deal is rendered

    pool = deal.whole_deal
    figures = {key: metrics.BY_KEY[key].value(deal, pool) if pool else None for key in INDEX_FIGURES}
    withins = {key: w for key in INDEX_FIGURES if pool and (w := metrics.BY_KEY[key].within(pool)) is not None}
    return IndexEntry(
        stem=stem,
        series=deal.series,
        kind=deal.kind.value if deal.kind else None,
        date_of_report=deal.date_of_report.isoformat() if deal.date_of_report else None,
        checks_passed=sum(1 for c in deal.checks if c.passed),
        checks_total=len(deal.checks),
        outputs=outputs,
        verdict=deal.verdict.value,
        checks_not_run=len(deal.not_run),
        not_run_reason=deal.not_run_reason,
        amendment=deal.amendment,
        flags=whole_deal_flags(deal, INDEX_FIGURES),
        gaps=whole_deal_gaps(deal, INDEX_FIGURES),
        withins=withins,
        **figures,
    )


def write_index(out_dir: Path, entries: list[IndexEntry]) -> Path:
    """OUT/index.html: the deals whose files are on disk, newest report first, the shelf files and the diffs in OUT/diff/."""
    from reporting.present.index_page import render_index

    # The index never links a file that is not there, and lists no deal with none left.
    on_disk = [replace(e, outputs={k: p for k, p in e.outputs.items() if (out_dir / p).is_file()}) for e in entries]
    shown = [e for e in on_disk if e.outputs]
    shown.sort(key=lambda e: (e.date_of_report or "", e.stem), reverse=True)
    diffs = sorted(
        (p for p in out_dir.glob("diff/*-vs-*.html") if not p.name.endswith("-email.html")),  # not an email's preview
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    html = render_index(
        shown,
        [metrics.BY_KEY[key] for key in INDEX_FIGURES],
        LINK_TEXT,
        [(p.relative_to(out_dir).as_posix(), _diff_title(p.stem)) for p in diffs],
        out_dir.resolve().name,
        datetime.now(UTC),
        shelf=shelf_link(out_dir, shown),
        shelf_data=shelf_links(out_dir),
    )
    with writing(out_dir / INDEX_NAME):  # "OUT/index.html: cannot write: ..."
        return atomic_write(out_dir / INDEX_NAME, html)


def shelf_link(out_dir: Path, shown: list[IndexEntry]) -> ShelfLink | None:
    """The folder's shelf history, when it holds one and more than one deal; stale when a deal's files are newer."""
    files = [name for name in SHELF_FILES if (out_dir / name).is_file()]
    if len(shown) < 2 or not files:
        return None
    written = min((out_dir / name).stat().st_mtime for name in files)
    newest = max(
        ((out_dir / path).stat().st_mtime for e in shown for path in e.outputs.values() if (out_dir / path).is_file()),
        default=0.0,
    )
    return ShelfLink(tuple((name, LINK_TEXT.get(name.rsplit(".", 1)[1], name)) for name in files), newest > written)


def _diff_title(stem: str) -> str:
    """ "cmsi-2004-3-vs-cmsi-2004-8" -> "CMSI 2004-3 vs CMSI 2004-8"."""
    names = [f"CMSI {part[5:].upper()}" if part.startswith("cmsi-") else part for part in stem.split("-vs-")]
    return " vs ".join(names)
