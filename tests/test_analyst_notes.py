"""What an analyst noticed (issue 17): limits keep their sign, figures keep the filing's precision,
report bodies speak plain words, pool names keep their case, and the command line shows what it lists."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from deal_edits import with_pool
from reading import html_of, message_of, pdf_text
from shared_renders import FIXED_TIME

from reporting.cli import main
from reporting.deliver.write import render_diff
from reporting.derive.diff import build_diff
from reporting.model.deal import Bound, Deal, UnderwritingShare


def _rows(html: str) -> dict[str, list[str]]:
    """Each table row of the diff page: its heading's text, then its cells' texts."""
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S):
        cells = [
            " ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        if cells:
            rows.setdefault(cells[0].removesuffix(" % of balance"), cells[1:])
    return rows


@pytest.fixture(scope="module")
def self_diff_pages(sample_reports) -> dict[str, Path]:
    return sample_reports.self_diff()  # 2004-3 against itself: pdf, html, eml and preview, rendered once per run


# --- the diff ---------------------------------------------------------------------------------


def test_limits_keep_their_sign_and_the_filings_precision(self_diff_pages):
    rows = _rows(self_diff_pages["html"].read_text())
    assert rows["Largest zip code exposure"][:2] == ["\u2264 $7,749,519", "\u2264 $7,749,519"]
    assert rows["Maximum LTV at origination"][:2] == ["\u2264 95%", "\u2264 95%"]
    assert rows["WA LTV at origination"][:2] == ["64.5%", "64.5%"]  # as the filing writes it, not 64.50%


def test_a_bound_changes_in_points_never_in_percent(term_sheet: Deal):
    widened = with_pool(
        term_sheet,
        "all",
        underwriting=tuple(
            dataclasses.replace(u, percent=24.0) if u.policy == "No income verification" else u
            for u in term_sheet.whole_deal.underwriting
        ),
    )
    (moved,) = [m for m in build_diff(term_sheet, widened).documentation if m.label == "No income verification"]
    assert (moved.old, moved.new, moved.change, moved.relative) == (6.0, 24.0, 18.0, None)
    assert moved.key.endswith(":no_more_than")


def test_none_where_the_filing_says_none(term_sheet: Deal, tmp_path: Path):
    nothing = UnderwritingShare("No income verification", Bound.NO_MORE_THAN, 0.0, "no income verification")
    none_at_first = with_pool(
        term_sheet,
        "all",
        underwriting=tuple(
            nothing if u.policy == "No income verification" else u for u in term_sheet.whole_deal.underwriting
        ),
    )
    diff = build_diff(none_at_first, term_sheet)
    assert "The cap on no income verification loans rose from none to 6% of balance, +6 pp" in [
        k.sentence for k in diff.key_changes
    ]
    (html,) = render_diff(diff, tmp_path, ["html"], generated_at=FIXED_TIME)
    assert _rows(html.read_text())["No income verification"][:2] == ["None", "\u2264 6%"]


def test_a_share_of_balance_says_so(self_diff_pages):
    html = self_diff_pages["html"].read_text()
    assert re.search(r'<th scope="row">Loans above 80% LTV <span class="unit">% of balance</span></th>', html)


def test_report_bodies_carry_no_command_line_text(sample_reports):
    written = sample_reports.samples_diff()  # 2004-3 against 2004-8: html, pdf and email, once per run
    bodies = [
        written["html"].read_text(),
        pdf_text(written["pdf"]),
        html_of(message_of(written["eml"])),
        written["preview"].read_text(),
    ]
    for body in bodies:
        text = re.sub(r"<[^>]+>", " ", body)
        assert not re.search(r"--(pool|threshold|format)\b|termsheet (diff|render|parse)", text)


def test_pool_names_keep_their_case_and_a_compared_pool_is_not_one_sided(detailed: Deal):
    caution, groups = build_diff(detailed, detailed, "I:III").cautions  # the second: premium loans of 5.50%, 5.25%
    assert "pool I: 25-30 years" in caution and "pool III: 30 years" in caution
    assert "pool I: 5.50%; CMSI 2004-8 pool III: 5.25%" in groups
    diff = build_diff(detailed, detailed, "all:I")
    assert diff.pools_only_old == diff.pools_only_new == ()
    assert not any(note.startswith("Pools only in") for note in diff.notes)


def test_the_terminal_suggests_only_a_comparison_that_resolves_the_caution(detailed_path: Path, capsys):
    path = str(detailed_path)
    # Pool III (30-year loans) against the whole deal (12-30 years): pool III is the like pool.
    assert main(["diff", path, path, "--pool", "III:all", "--format", "text"]) == 0
    first = capsys.readouterr().out
    assert "Caution: The loans compared have different original terms" in first
    assert "Hint: compare loans of like original terms with --pool III:III" in first
    assert main(["diff", path, path, "--pool", "III:III", "--format", "text"]) == 0
    followed = capsys.readouterr().out
    assert "Caution" not in followed and "Hint" not in followed


def test_where_no_pool_has_the_same_terms_the_largest_within_them_is_suggested(
    term_sheet_path: Path, detailed_path: Path, capsys
):
    # 2004-3's loans are of 20-30 years; 2004-8's whole deal mixes in pool II's 12-15-year loans. Pool I (25-30
    # years, the larger of I and III, both within 20-30) is the like-for-like comparison: WAM +0.25 mo there,
    # against -28.35 mo for the whole deal.
    assert main(["diff", str(term_sheet_path), str(detailed_path), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "Pool I of CMSI 2004-8 (25-30 years) holds loans within 20-30 years: compare it alone." in out
    assert "Hint: compare loans of like original terms with --pool all:I" in out
    # pool I compared: its terms lie within the other side's, so nothing more to suggest
    assert main(["diff", str(term_sheet_path), str(detailed_path), "--pool", "all:I", "--format", "text"]) == 0
    followed = capsys.readouterr().out
    assert "different original terms" in followed and "Hint" not in followed and "compare it alone" not in followed
    assert "WAM +0.25 mo" not in followed  # not material: no key change
    assert re.search(r"WAM\s+357\.95 mo\s+358\.20 mo\s+\+0\.25 mo", followed)


def test_format_text_writes_nothing(tmp_path: Path, term_sheet_path: Path, detailed_path: Path, capsys):
    out = tmp_path / "out"
    assert main(["diff", str(term_sheet_path), str(detailed_path), "--format", "text", "--out", str(out)]) == 0
    assert "Key changes, largest first" in capsys.readouterr().out
    assert not out.exists()


# --- the command line ---------------------------------------------------------------------


def test_parse_lists_tables_and_matrices_under_their_own_counts(term_sheet_path: Path, capsys):
    assert main(["parse", str(term_sheet_path)]) == 0
    out = capsys.readouterr().out
    tables = re.search(r"Stratification tables: (\d+).*?\n((?:\s+\d+\. .*\n)+)", out)
    matrices = re.search(r"Percent matrices: (\d+)\n((?:\s+\d+\. .*\n)+)", out)
    assert int(tables.group(1)) == 7 == len(tables.group(2).splitlines())
    assert int(matrices.group(1)) == 1 == len(matrices.group(2).splitlines())


def test_parse_table_prints_the_rows(term_sheet_path: Path, capsys):
    assert main(["parse", str(term_sheet_path), "--table", "geographic"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^California\s+587\s+\$296,923,131\s+47\.91%$", out, re.M)
    assert re.search(r"^Total\s+1,225\s+\$619,800,778", out, re.M)
    assert main(["parse", str(term_sheet_path), "--table", "8"]) == 0
    assert re.search(r"^620 and less\s+0\.36%", capsys.readouterr().out, re.M)


def test_parse_table_that_matches_nothing_is_one_line(term_sheet_path: Path, capsys):
    assert main(["parse", str(term_sheet_path), "--table", "no such table"]) == 2
    error = capsys.readouterr().err.strip()
    assert "no table matches 'no such table'" in error and "\n" not in error


@pytest.mark.parametrize("command", ["parse", "render", "diff", "demo", "email", "fetch"])
def test_every_command_says_what_it_writes_and_where(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    description = " ".join(capsys.readouterr().out.split("\n\n")[1].split())
    assert re.search(r"\bwrites? no file\b|OUT/|\bfilings/", description), description


# --- the reports ----------------------------------------------------------------------------


def test_the_credit_stack_puts_the_senior_class_on_top(detailed: Deal):
    from reporting.derive.summary import summarise
    from reporting.present.charts import capital_figure

    whole, zoom = capital_figure(summarise(detailed).capital).axes
    senior = max(whole.patches, key=lambda bar: bar.get_height())  # class A, 97.55% of the deal
    juniors = [bar for bar in whole.patches if bar is not senior]  # B-1 to B-6 together
    assert senior.get_y() == pytest.approx(2.45, abs=0.01) and [bar.get_y() for bar in juniors] == [0.0]
    zoomed = {label.get_text().split()[0]: label.xy[1] for label in zoom.texts}  # where each class is labelled
    ladder = ["B-1", "B-2", "B-3", "B-4", "B-5", "B-6"]
    assert sorted(zoomed, key=zoomed.get, reverse=True) == ladder  # B-1 on top, B-6 (first loss) at the foot


def test_the_report_heatmap_has_a_legend(term_sheet: Deal):
    from reporting.derive.summary import summarise
    from reporting.present.charts import heatmap_figure

    figure = heatmap_figure(summarise(term_sheet).matrices[0].data)
    legend = figure.axes[-1]
    assert len(figure.axes) == 2 and legend.get_xlabel() == "share of the pool's balance in a cell"
    ticks = [t.get_text() for t in legend.get_xticklabels()]
    # The largest cell (750-799 at 65% and below) is its own mark beyond the bar, no longer its last level: a
    # level of "22.31%" among "0% 1% 5%" mixed decimals (tests/test_chart_scales.py).
    assert ticks[0] == "0%" and [t.get_text() for t in legend.texts] == ["largest cell 22.31%"]


def test_the_email_map_spans_the_column(term_sheet: Deal):
    from reporting.derive.summary import summarise
    from reporting.present.email import COLUMN_PX, email_images

    images = {image.key: image for image in email_images(summarise(term_sheet))}
    assert images["states-map"].width == COLUMN_PX


def test_passed_checks_are_one_line_per_subject(term_sheet: Deal):
    from reporting.derive.summary import summarise
    from reporting.present.summary_page import render_html

    html = render_html(summarise(term_sheet), {}, generated_at=FIXED_TIME)
    start = html.index('<dl class="checks-passed">')
    section = html[start : html.index("</dl>", start)]
    assert section.count("<dt>") == len({c.subject for c in term_sheet.checks}) == 10
    assert "<dt>Size of Mortgage Loans: 4 passed</dt>" in section
    said = section.lower()  # each gap's sentence, after what the subject's checks compared
    assert said.count("largest gap") + said.count("nearest its tolerance") + said.count("agrees exactly") == 10
    # the cut-off date against the date of report (May 1 and May 7, 2004), in days
    dates = "<dt>Filing dates: 1 passed</dt><dd>the cut-off date against the date of report. Largest gap 6 days"
    assert f"{dates} (tolerance 366 days)</dd>" in section


def test_the_credit_stack_tops_every_senior_class_and_zooms_on_the_subordinates(detailed: Deal):
    # Class A split by loan group (IA-1, IIA-1, IIIA-1, A-PO): IIA-1 and IIIA-1 were drawn as
    # subordinate classes, "IIA-1 to B-6" as what stands below IA-1.
    import layouts

    from reporting.derive.summary import summarise
    from reporting.pipeline import load_filing
    from reporting.present.charts import capital_figure
    from reporting.read.ingest import ingest_bytes

    deal = load_filing(ingest_bytes(layouts.split_seniors().encode(), "split.txt"))
    whole, zoom = capital_figure(summarise(deal).capital).axes
    assert len(whole.patches) == 5  # the four seniors, and B-1 to B-6 together at the foot
    assert whole.patches[0].get_y() == 0 and whole.patches[0].get_height() == pytest.approx(2.45, abs=0.01)
    # no "IIA-1 to B-6"; every block labelled, the thin A-PO (0.516%) and B-1 to B-6 (2.45%) too
    labels = {label.get_text() for label in whole.texts}
    assert labels == {"IA-1  66.040%", "IIA-1  15.193%", "IIIA-1  15.801%", "A-PO  0.516%", "B-1 to B-6"}
    assert sorted(label.get_text().split()[0] for label in zoom.texts) == ["B-1", "B-2", "B-3", "B-4", "B-5", "B-6"]
