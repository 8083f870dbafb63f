"""The shelf files of an output folder: OUT/shelf.csv and OUT/shelf.xlsx, every deal rendered into it.

A batch asked for a data format (xlsx, csv or parquet) writes each deal's long table
beside its other files (``<deal>/<deal>-long.csv``, the ``csv`` format) and then
builds the shelf from the long tables of every deal in the manifest, the deals it
skipped as unchanged included: no filing is read twice. ``shelf.csv`` is their
concatenation; ``shelf.xlsx`` has one row per deal with its key metrics and the
long table as a second sheet. A filing rendered twice (two copies, same SHA-256)
is listed once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from reporting.deliver.files import atomic_write
from reporting.model.index import IndexEntry

SHELF_CSV = "shelf.csv"
SHELF_XLSX = "shelf.xlsx"
# The index's link text for each shelf file, in the order it lists them.
SHELF_LINKS = ((SHELF_XLSX, "Shelf workbook (Excel)"), (SHELF_CSV, "Shelf long table (CSV)"))


@dataclass
class ShelfFiles:
    written: list[Path] = field(default_factory=list)
    deals: int = 0
    unreadable: list[str] = field(default_factory=list)  # deals whose long table could not be read, with why


def write_shelf(out_dir: Path, entries: Sequence[IndexEntry], generated_at: datetime | None = None) -> ShelfFiles:
    """OUT/shelf.csv and OUT/shelf.xlsx from the long tables of ``entries`` (oldest report first)."""
    import pandas as pd

    from reporting.present.long_table import frame, read_csv, to_csv
    from reporting.present.shelf_workbook import deal_rows, shelf_workbook

    result = ShelfFiles()
    tables, seen = [], set()
    for entry in sorted(entries, key=lambda e: (e.date_of_report or "", e.stem)):
        path = entry.outputs.get("csv")
        if path is None or not (out_dir / path).is_file():
            continue
        try:
            table = read_csv(out_dir / path)
        except (OSError, ValueError, KeyError, TypeError) as error:  # a long table someone edited by hand
            result.unreadable.append(f"{path}: {error}")
            continue
        filings = set(table["source_sha256"].dropna())
        if filings and filings <= seen:
            continue  # another copy of a filing already on the shelf
        seen |= filings
        tables.append(table)
    long_table = pd.concat(tables, ignore_index=True) if tables else frame([])
    deals = deal_rows(long_table)
    result.deals = len(deals)
    stamp = generated_at or datetime.now(UTC)
    result.written.append(atomic_write(out_dir / SHELF_CSV, to_csv(long_table)))
    result.written.append(atomic_write(out_dir / SHELF_XLSX, shelf_workbook(deals, long_table, stamp)))
    return result


def shelf_links(out_dir: Path) -> list[tuple[str, str]]:
    """(file name, link text) of the shelf files in ``out_dir``, for the index."""
    return [(name, text) for name, text in SHELF_LINKS if (out_dir / name).is_file()]
