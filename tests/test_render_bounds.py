"""A render has documented bounds (issue 18, item 2): a deal beyond them fails with one line, never the machine.

The hostile filings are copies of the bundled term sheet with a longer state table, or
more of them: under every input limit (a few hundred KB, parsed in well under a second),
yet before these bounds a 20,000-row table took two minutes and 1.8 GB to lay out.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hostile import with_state_rows, with_state_tables

from reporting.batch.run import run_batch
from reporting.cli import main
from reporting.deliver.write import write_deal
from reporting.errors import FilingError
from reporting.pipeline import load_deal
from reporting.present.renders import DealRender

REPO = Path(__file__).resolve().parent.parent


def _filing(tmp_path: Path, text: str, name: str = "hostile.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_a_table_over_the_row_limit_is_one_line_and_writes_nothing(tmp_path, capsys):
    filing = _filing(tmp_path, with_state_rows(212))  # 39 states + 212: one over the 250-row limit
    out = tmp_path / "out"
    assert main(["render", str(filing), "--out", str(out), "--format", "pdf,html,json"]) == 2
    error = capsys.readouterr().err
    assert error == (
        f"termsheet: error: {filing}: table 'GEOGRAPHIC DISTRIBUTION OF MORTGAGED PROPERTIES BY STATE' has 251 rows, "
        "more than the 250-row limit of a report table\n"
    )
    assert _files_under(out) == ["index.html"]  # nothing of the deal, and no temporary file


def test_a_table_at_the_row_limit_is_rendered(tmp_path):
    from reporting.present import bounds

    deal = load_deal(_filing(tmp_path, with_state_rows(bounds.MAX_TABLE_ROWS - 39)))
    assert len(deal.tables[-1].rows) == bounds.MAX_TABLE_ROWS
    assert bounds.deal_problem(deal) is None
    written = write_deal(deal, tmp_path / "out", ["html"])
    assert "Zone 00210" in written["html"].read_text()


def test_too_many_tables_are_refused_before_anything_is_drawn(tmp_path, monkeypatch):
    from reporting.present import bounds

    deal = load_deal(_filing(tmp_path, with_state_tables(bounds.MAX_TABLES)))
    drawn = []
    monkeypatch.setattr("reporting.present.charts.draw_charts", lambda *a, **k: drawn.append(a))
    # 7 tables and the FICO x LTV matrix, and 50 more copies of the state table
    with pytest.raises(FilingError, match=r": 58 tables, more than the 50-table limit of a report$"):
        write_deal(deal, tmp_path / "out", ["pdf"])
    assert drawn == []


def test_too_many_rows_in_all_are_refused(tmp_path):
    deal = load_deal(_filing(tmp_path, with_state_tables(4, extra_rows=200)))  # five state tables of 239 rows
    assert max(len(t.rows) for t in deal.tables) == 239 and len(deal.tables) == 11
    with pytest.raises(FilingError) as error:
        DealRender(deal)
    # 5 x 239 state rows, the other six tables' 42 rows and the matrix's 6
    assert error.value.problem == "1,243 table rows in all, more than the 1,000-row limit of a report"


def test_a_render_past_its_time_limit_is_stopped(tmp_path, term_sheet, monkeypatch):
    from reporting.present import bounds

    monkeypatch.setattr(bounds, "MAX_RENDER_SECONDS", 0.3)  # the term sheet's PDF takes seconds
    out = tmp_path / "out"
    with pytest.raises(FilingError) as error:
        write_deal(term_sheet, out, ["html", "pdf"])
    assert str(error.value) == f"{term_sheet.source.path}: took longer than 0.3 seconds to render and was stopped"
    assert not out.exists() or _files_under(out) == []  # every file is made before any is written
    import signal

    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_pdf_over_the_page_limit_is_refused(tmp_path, detailed, monkeypatch):
    from reporting.present import bounds

    monkeypatch.setattr(bounds, "MAX_PDF_PAGES", 2)  # the 2004-8 summary has 4 pages (notes and source on the 4th)
    with pytest.raises(FilingError, match=r"the PDF would have 4 pages, more than the 2-page limit$"):
        write_deal(detailed, tmp_path / "out", ["pdf"])
    assert not (tmp_path / "out").exists()  # refused before anything was written


def test_a_pdf_in_two_parts_over_the_page_limit_is_refused(tmp_path, term_sheet, monkeypatch):
    from reporting.present.pdf_parts import can_fork

    if not can_fork():
        pytest.skip("no fork here: a PDF is never laid out in two parts")
    from reporting.present import bounds

    monkeypatch.setattr(bounds, "MAX_PDF_PAGES", 3)
    with pytest.raises(FilingError, match=r"the PDF would have 6 pages, more than the 3-page limit$"):
        write_deal(term_sheet, tmp_path / "out", ["pdf"], two_parts=True)


def test_a_diff_of_a_deal_over_the_limits_is_one_line(tmp_path, term_sheet_path, capsys):
    hostile = _filing(tmp_path, with_state_rows(212))
    assert main(["diff", str(term_sheet_path), str(hostile), "--out", str(tmp_path / "out"), "--format", "json"]) == 2
    assert capsys.readouterr().err.startswith(f"termsheet: error: {hostile}: table 'GEOGRAPHIC DISTRIBUTION")
    assert not (tmp_path / "out" / "diff").exists()


def test_in_a_batch_the_deal_over_the_limits_fails_and_the_others_render(tmp_path, term_sheet_path):
    folder = tmp_path / "filings"
    folder.mkdir()
    (folder / "good.txt").write_text(term_sheet_path.read_text())
    _filing(folder, with_state_tables(50), "many-tables.txt")  # 58 tables
    result = run_batch([folder], tmp_path / "out", ["html", "json"], jobs=2)
    by_name = {Path(o.source).name: o for o in result.outcomes}
    assert by_name["good.txt"].status == "rendered"
    assert by_name["many-tables.txt"].reason == "58 tables, more than the 50-table limit of a report"
    deal = json.loads((tmp_path / "out" / "cmsi-2004-3" / "cmsi-2004-3-deal.json").read_text())
    assert deal["pools"][0]["loan_count"] == 1225


def test_every_bound_is_in_the_readme_limits_table():
    from reporting.present import bounds

    readme = (REPO / "README.md").read_text()
    limits = readme[readme.index("## Limits") :]
    limits = limits[: limits.index("\n## ", 1)]
    for value in (
        f"{bounds.MAX_TABLES} tables",
        f"{bounds.MAX_TABLE_ROWS} rows",
        f"{bounds.MAX_TABLE_COLUMNS} columns",
        f"{bounds.MAX_REPORT_ROWS:,} rows",
        f"{bounds.MAX_PDF_PAGES} pages",
        f"{bounds.MAX_RENDER_SECONDS:g} seconds",
    ):
        assert value in limits, value


def test_a_label_longer_than_the_chart_is_wide_still_draws(term_sheet):
    """Found by tests/test_hostile_render.py: a damaged rule joined to a FICO x LTV row label gave
    the heatmap a margin wider than its figure, and matplotlib refused ("internal error")."""
    from dataclasses import replace

    from reporting.present.charts import heatmap_figure

    matrix = term_sheet.matrices[0]
    long_label = "-" * 43 + "(296,923,131)" + "-" * 68 + matrix.row_labels[0]
    figure = heatmap_figure(replace(matrix, row_labels=(long_label, *matrix.row_labels[1:])))
    grid, scale = figure.axes  # the shaded grid and its colour scale
    assert 0 < grid.get_position().width < 1 and 0 < scale.get_position().width < 1
