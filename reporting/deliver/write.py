"""Writing a deal's or a diff's files: the formats asked, made by the registry, each file whole or not at all."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from reporting.deliver.files import deal_stem, write_files
from reporting.deliver.formats import Job, OutputFile, defaults, make_files
from reporting.deliver.mail import EmailOptions
from reporting.model.deal import Deal
from reporting.model.diff import DealDiff
from reporting.model.shelf import ShelfReport


def deal_files(
    deal: Deal,
    formats: Sequence[str] | None = None,
    paper: str = "letter",
    generated_at: datetime | None = None,
    stem: str | None = None,
    email: EmailOptions | None = None,
    two_parts: bool = False,
) -> tuple[str, list[OutputFile]]:
    """The deal's stem and every file of the formats asked, made in memory within the render limits
    (``reporting.present.bounds``: FilingError naming the filing beyond them); nothing is written."""
    from reporting.present.bounds import time_limit
    from reporting.present.renders import DealRender

    stem = stem or deal_stem(deal.series, deal.source.path)
    with time_limit(deal.source.path):
        job = Job(DealRender(deal, paper, generated_at, two_parts), stem, email or EmailOptions())
        files = make_files("deal", formats if formats is not None else defaults("deal"), job)
    return stem, files


def write_deal(
    deal: Deal,
    out_dir: Path,
    formats: Sequence[str] | None = None,
    paper: str = "letter",
    generated_at: datetime | None = None,
    stem: str | None = None,
    email: EmailOptions | None = None,
    two_parts: bool = False,
) -> dict[str, Path]:
    """Write out_dir/<stem>/<stem>-summary.{pdf,html} (and the other formats asked); kind of file -> path.

    ``stem`` names the deal's folder and files; by default it comes from the series.
    A batch passes its own when two filings of one series share an output folder.
    ``two_parts``: lay a long PDF out in two parts at once on two cores (see DealRender).
    Every file is made before the first is written, so a deal that fails writes nothing.
    """
    stem, files = deal_files(deal, formats, paper, generated_at, stem, email, two_parts)
    return write_files(Path(out_dir) / stem, stem, files)


def render_deal(deal: Deal, out_dir: Path, formats: Sequence[str] | None = None, **options) -> list[Path]:
    """``write_deal``'s files as a list, in the order written."""
    return list(write_deal(deal, out_dir, formats, **options).values())


def render_diff(
    diff: DealDiff,
    folder: Path,
    formats: Sequence[str] | None = None,
    paper: str = "letter",
    generated_at: datetime | None = None,
    email: EmailOptions | None = None,
) -> list[Path]:
    """Write folder/<old>-vs-<new>.{pdf,html,json} (the formats asked); return the files written."""
    from reporting.present.bounds import diff_name, time_limit
    from reporting.present.renders import DiffRender

    with time_limit(diff_name(diff)):
        render = DiffRender(diff, paper, generated_at)
        job = Job(render, render.stem, email or EmailOptions())
        files = make_files("diff", formats if formats is not None else defaults("diff"), job)
    return list(write_files(Path(folder), render.stem, files).values())


def render_shelf(
    report: ShelfReport,
    folder: Path,
    formats: Sequence[str] | None = None,
    paper: str = "letter",
    generated_at: datetime | None = None,
) -> list[Path]:
    """Write folder/shelf.{pdf,html} (the formats asked); return the files written."""
    from reporting.deliver.shelf import SHELF_CSV
    from reporting.present.renders import ShelfRender

    # A batch's long table in the folder joins the shelf workbook (OUT/shelf.xlsx holds both).
    shelf_csv = Path(folder) / SHELF_CSV
    long_table = shelf_csv.read_bytes() if "xlsx" in (formats or ()) and shelf_csv.is_file() else None
    render = ShelfRender(report, paper, generated_at, long_table)
    job = Job(render, render.stem, EmailOptions())
    files = make_files("shelf", formats if formats is not None else defaults("shelf"), job)
    return list(write_files(Path(folder), render.stem, files).values())
