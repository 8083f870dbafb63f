"""The index page of an output folder: every deal rendered into it, sortable, with links to its files."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from reporting.present.templating import render_page

if TYPE_CHECKING:
    from reporting.derive.metrics import PoolMetric
    from reporting.model.index import IndexEntry, ShelfLink


def render_index(
    entries: Sequence[IndexEntry],
    columns: Sequence[PoolMetric],
    link_text: Mapping[str, str],
    diffs: Sequence[tuple[str, str]],
    folder_name: str,
    generated_at: datetime,
    shelf: ShelfLink | None = None,
    shelf_data: Sequence[tuple[str, str]] = (),
) -> str:
    """The page: ``entries`` newest first with a column per catalogue figure, ``diffs`` as (relative path, title),
    a link to the folder's shelf history when it has one, and its ``shelf_data`` files as (relative path, title)."""
    return render_page(
        "index.html.j2",
        generated_at=generated_at,
        entries=entries,
        columns=columns,
        reported={e.stem: date.fromisoformat(e.date_of_report) if e.date_of_report else None for e in entries},
        diffs=diffs,
        folder_name=folder_name,
        link_text=link_text,
        shelf=shelf,
        shelf_data=shelf_data,
    )
