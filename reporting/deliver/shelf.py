"""The shelf files of an output folder: OUT/shelf.csv and OUT/shelf.xlsx, every deal rendered into it.

A batch asked for a data format (xlsx, csv or parquet) writes each deal's long table
beside its other files (``<deal>/<deal>-long.csv``, the ``csv`` format) and then
builds the shelf from the long tables of every deal in the manifest, the deals it
skipped as unchanged included: no filing is read twice. ``shelf.csv`` is their
concatenation; ``shelf.xlsx`` has one row per deal with its key metrics and the
long table as a second sheet. A filing rendered twice (two copies, same SHA-256)
is listed once. A run that renders no deal leaves the shelf files of the last run.
The per-deal CSVs are joined as text and parsed once: 500 deals (71,000 rows) take
about 13 s, 11 of them XlsxWriter writing the long table's cells (benchmarks/bench_data_out.py).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from reporting.deliver.files import atomic_write
from reporting.model.index import IndexEntry

SHELF_CSV = "shelf.csv"
SHELF_XLSX = "shelf.xlsx"
SHELF_FILES = (SHELF_CSV, SHELF_XLSX)
# The index's link text for each shelf file, in the order it lists them.
SHELF_LINKS = ((SHELF_XLSX, "Shelf workbook (Excel)"), (SHELF_CSV, "Shelf long table (CSV)"))


@dataclass
class ShelfFiles:
    written: list[Path] = field(default_factory=list)
    deals: int = 0
    unreadable: list[str] = field(default_factory=list)  # deals whose long table could not be read, with why
    unchanged: bool = False  # no deal was rendered: the files of the last run stand


def write_shelf(out_dir: Path, entries: Sequence[IndexEntry], generated_at: datetime | None = None) -> ShelfFiles:
    """OUT/shelf.csv and OUT/shelf.xlsx from the long tables of ``entries`` (oldest report first)."""
    from reporting.present.long_table import read_csv
    from reporting.present.shelf_workbook import deal_rows, shelf_workbook

    result = ShelfFiles()
    paths = [
        out_dir / e.outputs["csv"]
        for e in sorted(entries, key=lambda e: (e.date_of_report or "", e.stem))
        if "csv" in e.outputs and (out_dir / e.outputs["csv"]).is_file()
    ]
    shelf_csv = combine(paths, result.unreadable)
    long_table = read_csv(shelf_csv)  # one parse for the whole shelf, not one per deal
    deals = deal_rows(long_table)
    result.deals = len(deals)
    stamp = generated_at or datetime.now(UTC)
    result.written.append(atomic_write(out_dir / SHELF_CSV, shelf_csv))
    result.written.append(atomic_write(out_dir / SHELF_XLSX, shelf_workbook(deals, long_table, stamp)))
    return result


def combine(paths: Sequence[Path], unreadable: list[str]) -> bytes:
    """The deals' long tables as one CSV: one header, each filing (by SHA-256) once, text escaped as written.

    A file that is not a long table (edited by hand, or from another version) is
    left out and named in ``unreadable``.
    """
    from reporting.present.long_table import COLUMNS

    header = ",".join(COLUMNS)
    sha_column = COLUMNS.index("source_sha256")
    bodies: list[str] = []
    seen: set[str] = set()
    for path in paths:
        try:
            text = path.read_bytes().decode("utf-8-sig")
            rows = csv.reader(io.StringIO(text))
            if next(rows, None) != list(COLUMNS):
                raise ValueError("not a termsheet long table (its columns differ)")
            first = next(rows, None)
        except (OSError, UnicodeDecodeError, ValueError, csv.Error) as error:
            unreadable.append(f"{path.name}: {error}")
            continue
        sha256 = first[sha_column] if first and len(first) > sha_column else ""
        if sha256 in seen:
            continue  # another copy of a filing already on the shelf
        seen.add(sha256)
        body = text.split("\n", 1)[1] if "\n" in text else ""
        bodies.append(body if body.endswith("\n") or not body else body + "\n")
    return ("\ufeff" + header + "\n" + "".join(bodies)).encode("utf-8")


def shelf_links(out_dir: Path) -> list[tuple[str, str]]:
    """(file name, link text) of the shelf files in ``out_dir``, for the index."""
    return [(name, text) for name, text in SHELF_LINKS if (out_dir / name).is_file()]
