"""`termsheet shelf`: what it reads (filings, saved JSON, batch folders), what it leaves out, what it writes."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from deal_edits import as_series, with_state_moved, with_wac_raised
from reading import pdf_drawings, pdf_text, tags_of

from reporting.batch import collect
from reporting.batch.collect import collect_deals
from reporting.batch.run import run_batch
from reporting.cli import main
from reporting.present.jsonio import deal_to_json
from reporting.samples import sample_paths

EDGAR = Path(__file__).parent / "edgar"


def sample_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path in sample_paths():
        shutil.copy(path, folder / path.name)
    return folder


# --- what is read, and what is left out -------------------------------------------------------


def test_a_truncated_and_a_non_pool_filing_are_reported_and_left_out(tmp_path, capsys):
    folder = sample_folder(tmp_path / "filings")
    text = sample_paths()[0].read_text(encoding="latin-1")
    (folder / "cut-short.txt").write_text(text[:2000], encoding="latin-1")  # the cover page only
    shutil.copy(EDGAR / "cmsi-2003-09-servicing.txt", folder)
    out = tmp_path / "out"
    assert main(["shelf", str(folder), "--out", str(out), "--format", "html"]) == 0
    captured = capsys.readouterr()
    warnings = captured.err.splitlines()
    assert (
        f"warning: {folder / 'cmsi-2003-09-servicing.txt'}: left out: a monthly servicing report, not a mortgage pool description"
        in warnings
    )
    assert any(
        line.startswith(f"warning: {folder / 'cut-short.txt'}: left out: incomplete (truncated?)") for line in warnings
    )
    assert len(warnings) == 2
    assert "Shelf: 2 deals, May 1, 2004 to October 1, 2004 (0 from saved JSON; 4 filings read)" in captured.out
    assert sorted(p.name for p in out.iterdir()) == ["shelf.html"]
    html = (out / "shelf.html").read_text()
    assert "Inputs not on the shelf" in html
    assert "cut-short.txt" in html and "cmsi-2003-09-servicing.txt" in html
    assert "against the last 2 deals, itself included" in html  # 2004-3 and 2004-8: one deal before it


def test_a_batch_folder_gives_its_saved_json_and_nothing_is_parsed_twice(tmp_path, monkeypatch):
    out = tmp_path / "out"
    run_batch([sample_folder(tmp_path / "filings")], out, ["json"], jobs=1)

    def no_parse(path):
        raise AssertionError(f"parsed {path} again")

    monkeypatch.setattr(collect, "load_deal", no_parse)
    collected = collect_deals([out])
    assert (collected.loaded, collected.parsed, collected.parsed_again, collected.left_out) == (2, 0, 0, [])
    assert sorted(d.series for d in collected.deals) == ["2004-3", "2004-8"]
    # The folder of filings beside a deal's saved JSON: the filing is not parsed again either.
    (tmp_path / "filings" / "cmsi-2004-3-deal.json").write_text(deal_to_json(collected.deals[0]))
    beside = collect_deals([tmp_path / "filings" / "cmsi-2004-3-deal.json", *sample_paths()[:1]])
    assert (beside.loaded, beside.parsed, len(beside.deals)) == (1, 0, 1)


def test_a_batch_folder_without_saved_json_is_parsed_again_and_says_so(tmp_path, capsys):
    out = tmp_path / "out"
    run_batch([sample_folder(tmp_path / "filings")], out, ["html"], jobs=1)
    collected = collect_deals([out])
    assert (collected.loaded, collected.parsed, collected.parsed_again) == (0, 2, 2)
    # Summaries and the index in the folder are not taken for filings.
    assert collected.left_out == []


def test_missing_path_and_unknown_deal_are_one_line(tmp_path, capsys):
    assert main(["shelf", str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().err.strip() == f"termsheet: error: {tmp_path / 'nowhere'}: no such file or folder"
    assert main(["shelf", *map(str, sample_paths()), "--deal", "2004-9", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "termsheet: error: --deal 2004-9: no such series on the shelf (its series: 2004-3, 2004-8)"
    assert not list(tmp_path.iterdir())


def test_nothing_to_put_on_the_shelf_is_an_error(tmp_path, capsys):
    assert main(["shelf", str(EDGAR / "cmsi-2003-09-servicing.txt"), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[-1].endswith("no deal to put on the shelf")
    assert "a monthly servicing report" in err[0]
    assert not (tmp_path / "out").exists()


def test_window_below_two_is_refused(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["shelf", "x", "--window", "1"])
    assert exit_.value.code == 2
    assert "must be 2 or more" in capsys.readouterr().err


# --- the report -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shelf_out(tmp_path_factory, term_sheet, detailed):
    """A shelf of seven edited deals saved as JSON (as a batch keeps them), rendered as PDF and HTML."""
    folder = tmp_path_factory.mktemp("saved")
    edits = [("2005-1", 1, 0.1, 10e6), ("2005-2", 2, -0.2, 0), ("2005-3", 3, 0.05, 5e6), ("2005-4", 4, 0.3, 0)]
    edits += [("2005-5", 5, 0.0, 20e6), ("2005-6", 6, 0.5, 60e6)]
    for series, month, raised, moved in edits:
        deal = (
            with_state_moved(with_wac_raised(term_sheet, raised), moved)
            if moved
            else with_wac_raised(term_sheet, raised)
        )
        (folder / f"{series}-deal.json").write_text(deal_to_json(as_series(deal, series, date(2005, month, 1))))
    final = as_series(detailed, "2005-9", date(2005, 3, 15))
    (folder / "2005-9-deal.json").write_text(deal_to_json(final))
    # 2005-3 also has a detailed description: the shelf lists what changed from its term sheet.
    revised = with_state_moved(with_wac_raised(term_sheet, 0.211), 5e6)  # WAC 5.893% -> 6.054%
    (folder / "2005-3-final-deal.json").write_text(
        deal_to_json(as_series(revised, "2005-3", date(2005, 3, 1), kind=final.kind))
    )
    out = tmp_path_factory.mktemp("out")
    code = main(["shelf", str(folder), "--window", "6", "--out", str(out)])
    return code, out


@pytest.fixture(scope="module")
def shelf_pdf_text(shelf_out) -> str:
    return " ".join(pdf_text(shelf_out[1] / "shelf.pdf").split())


def test_the_report_names_the_outliers(shelf_out, shelf_pdf_text, capsys):
    code, out = shelf_out
    assert code == 0
    text = shelf_pdf_text
    assert text.startswith(
        "CMSI 2005-6 CMSI 2005-6 · Collateral term sheet June 1, 2005 2005-2 to 2005-6 (6 of 6 asked)"
    )
    assert "3 figures outside the range of the last 6 deals" in text
    # The window's WACs: 5.643 (2005-2), 6.054 (2005-3, its detailed description), 5.962 (2005-9), 6.143,
    # 5.843, 6.343 (2005-6): the median is halfway between 5.962 and 6.054.
    assert "WAC 6.343%, highest of the last 6 deals; median 6.008%" in text
    assert "California 38.23% of balance, lowest of the 5 of the last 6 deals that state it; median 47.10%" in text
    html = (out / "shelf.html").read_text()
    assert "WAC 6.343%, highest of the last 6 deals; median 6.008%" in html
    assert '<h1>CMSI 2005-6 <span class="band-kind">against the last 6 deals, itself included</span></h1>' in html


def test_the_report_lists_term_sheet_to_detailed_description(shelf_pdf_text):
    text = shelf_pdf_text
    assert "Term sheet to detailed description" in text
    # key-change sentences now name the old figure too ("from X to Y, change"), as the others do
    assert (
        "WAC rose from 5.893% to 6.054%, +16.1 bp" in text
    )  # 2005-3's term sheet (5.893%) against its detailed description
    assert "Set aside" in text


def test_every_figure_two_deals_give_has_its_chart_in_both_outputs(shelf_out):
    _, out = shelf_out
    html = (out / "shelf.html").read_text()
    images = [attrs for tag, attrs in tags_of(html) if tag == "img"]
    standings = html.split('class="metrics standings-table"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<th scope=\"row\">", standings)
    # 10 catalogue figures, 6 documentation bounds, class A; class A and three documentation bounds only one deal of
    # the window gives (2005-9, the detailed description): drawn as no chart but set in the one-deal table, as a
    # chart of one point says nothing (this count was 17, a chart per row, before).
    one_deal = html.split('class="data one-deal-table"', 1)[1].split("</table>", 1)[0]
    assert len(rows) == 17 and len(re.findall(r"<th scope=\"row\">", one_deal)) == 4
    assert len(images) == 13
    assert all(attrs["src"].startswith("data:image/svg+xml;base64,") and attrs["alt"] for attrs in images)
    assert pdf_drawings(out / "shelf.pdf") >= len(images)
    assert not re.search(r"(https?|file):", html, re.IGNORECASE)


def test_the_index_links_the_shelf_when_the_folder_holds_more_than_one_deal(tmp_path):
    out = tmp_path / "out"
    filings = sample_folder(tmp_path / "filings")
    run_batch([filings / sample_paths()[0].name], out, ["json"], jobs=1)
    assert main(["shelf", str(out), "--out", str(out), "--format", "html"]) == 0
    assert 'href="shelf.html"' not in (out / "index.html").read_text()  # one deal: no shelf to speak of
    run_batch([filings], out, ["json"], jobs=1)
    index = (out / "index.html").read_text()
    assert 'href="shelf.html"' in index and "run <code>termsheet shelf" in index  # older than the new deal
    assert main(["shelf", str(out), "--out", str(out), "--format", "html"]) == 0
    index = (out / "index.html").read_text()
    assert 'href="shelf.html"' in index and "termsheet shelf" not in index


def test_text_from_a_saved_deal_stays_text(tmp_path, term_sheet, detailed):
    hostile = "<script>alert(1)</script><img src=https://x>"
    folder = tmp_path / "saved"
    folder.mkdir()
    for deal, month in ((term_sheet, 1), (detailed, 2)):
        edited = as_series(deal, f"2005-{month}{hostile}", date(2005, month, 1))
        edited = replace(edited, source=replace(edited.source, path=f"/x/{hostile}-{month}.txt"))
        (folder / f"{month}-deal.json").write_text(deal_to_json(edited))
    assert main(["shelf", str(folder), "--out", str(tmp_path / "out"), "--format", "html"]) == 0
    html = (tmp_path / "out" / "shelf.html").read_text()
    names = [tag for tag, _ in tags_of(html)]
    assert "script" not in names and names.count("img") == len(re.findall(r"<img src=\"data:", html))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not re.search(r"(https?|file):", html.replace("src=https://x", ""), re.IGNORECASE)


def test_every_deal_is_named_under_its_point_up_to_sixteen():
    from reporting.present.shelf_charts import MAX_LABELLED, _named_positions

    assert _named_positions(12, 11) == list(range(12))
    assert _named_positions(MAX_LABELLED, 3) == list(range(MAX_LABELLED))
    wide = _named_positions(60, 40)  # --window 60 with an older deal in focus
    assert 40 in wide and len(wide) <= MAX_LABELLED + 1
    assert min(b - a for a, b in zip(wide, wide[1:])) == 4  # evenly spaced from the focus: no names overlap


def test_a_fetched_folder_gives_its_filings_and_not_their_sidecars(tmp_path):
    # `termsheet fetch` saves each filing with a JSON sidecar beside it: not a deal, not read as one.
    folder = tmp_path / "filings" / "cmsi-2004-3"
    folder.mkdir(parents=True)
    shutil.copy(sample_paths()[0], folder / "term-sheet-0000811785-04-000040.txt")
    (folder / "term-sheet-0000811785-04-000040.json").write_text('{"accession": "0000811785-04-000040"}')
    collected = collect_deals([tmp_path / "filings"])
    assert ([d.series for d in collected.deals], collected.left_out) == (["2004-3"], [])
