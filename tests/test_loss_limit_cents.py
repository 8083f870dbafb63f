"""A loss limit the filing states to the cent is the same amount in every format (audit, Dec 4).

The summary's PDF, HTML and email wrote "$4,936,413.78", as the filing states it; the summary's workbook showed the
cell as "$4,936,414", and the diff in every format wrote "$4,936,414" and its key change "changed from none to
$4,936,414". Two limits 71 cents apart were printed alike, "$4,936,414" against "$4,936,414", with a change of
"+$1". Now every format writes the amount as the filing does, and a change between two amounts to the cent.

Each filing is the 2004-8 sample with its "no loss limits" sentence edited as a filing stating amounts words it.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from layouts import replaced_once
from reading import message_of, pdf_text, text_of
from shared_renders import FIXED_TIME
from workbooks import Workbook, row_of

from reporting.deliver.write import render_deal, render_diff
from reporting.derive.diff import build_diff
from reporting.model.deal import Deal
from reporting.pipeline import load_filing
from reporting.present.terminal import diff_summary
from reporting.read.ingest import ingest_bytes
from reporting.samples import DETAILED_2004_8

NO_LIMITS = "There are no special hazard, fraud or bankruptcy loss limits."
LIMITS = "The special hazard, fraud and bankruptcy loss limits are {}, $9,872,827.55 and $100,000.00, respectively."


def _limits(special_hazard: str) -> Deal:
    text = replaced_once(DETAILED_2004_8.read_text(encoding="utf-8"), NO_LIMITS, LIMITS.format(special_hazard))
    return load_filing(ingest_bytes(text.encode(), "cmsi-2004-8-cents.txt"))


@pytest.fixture(scope="module")
def cents() -> Deal:
    return _limits("$4,936,413.78")


def _words(text: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", text)).split())


def test_the_summary_workbook_shows_the_cents_the_pdf_shows(cents: Deal, tmp_path: Path):
    written = render_deal(cents, tmp_path, ("pdf", "xlsx"), generated_at=FIXED_TIME)
    (pdf,) = [p for p in written if p.suffix == ".pdf"]
    assert "$4,936,413.78 $9,872,827.55 $100,000" in " ".join(pdf_text(pdf).split())
    (xlsx,) = [p for p in written if p.suffix == ".xlsx"]
    sheet, _ = Workbook.read(xlsx).sheet("Summary")
    limit = sheet.cell(row_of(sheet, "Special hazard loss limit"), 2)
    assert (limit.value, limit.number_format) == (4_936_413.78, "$#,##0.00")
    whole = sheet.cell(row_of(sheet, "Bankruptcy loss limit"), 2)  # "$100,000.00": whole dollars, as the PDF
    assert (whole.value, whole.number_format) == (100_000, "$#,##0")


def test_a_limit_set_is_said_to_the_cent_in_every_format_of_the_diff(detailed: Deal, cents: Deal, tmp_path: Path):
    diff = build_diff(detailed, cents)
    assert [k.sentence for k in diff.key_changes][:2] == [
        "The special hazard loss limit changed from none to $4,936,413.78",
        "The fraud loss limit changed from none to $9,872,827.55",
    ]
    assert re.search(r"Special hazard loss limit +None +\$4,936,413\.78 +new limit", diff_summary(diff))
    written = {
        "preview" if p.name.endswith("-email.html") else p.suffix: p
        for p in render_diff(diff, tmp_path, ["pdf", "html", "email", "xlsx"], generated_at=FIXED_TIME)
    }
    assert "Special hazard loss limit None $4,936,413.78 new limit" in " ".join(pdf_text(written[".pdf"]).split())
    assert "Special hazard loss limit None $4,936,413.78 new limit" in _words(written[".html"].read_text())
    assert re.search(r"Special hazard loss limit +None +\$4,936,413\.78", text_of(message_of(written[".eml"])))
    assert re.search(
        r"Special hazard loss limit (· key change )?None \$4,936,413\.78", _words(written["preview"].read_text())
    )
    sheet, _ = Workbook.read(written[".xlsx"]).sheet("Metrics")
    new = sheet.cell(row_of(sheet, "Special hazard loss limit"), 3)
    assert (new.value, new.number_format) == (4_936_413.78, "$#,##0.00")


def test_two_limits_cents_apart_are_not_shown_alike_with_a_change_of_a_dollar(cents: Deal, tmp_path: Path):
    # $4,936,413.78 to $4,936,414.49 is +$0.71: both were printed "$4,936,414", and the change "+$1"
    diff = build_diff(cents, _limits("$4,936,414.49"))
    assert re.search(r"Special hazard loss limit +\$4,936,413\.78 +\$4,936,414\.49 +\+\$0\.71 ", diff_summary(diff))
    render_diff(diff, tmp_path, ["pdf", "xlsx"], generated_at=FIXED_TIME)
    (pdf,) = tmp_path.glob("*.pdf")
    assert "Special hazard loss limit $4,936,413.78 $4,936,414.49 +$0.71" in " ".join(pdf_text(pdf).split())
    (xlsx,) = tmp_path.glob("*.xlsx")
    sheet, _ = Workbook.read(xlsx).sheet("Metrics")
    change = sheet.cell(row_of(sheet, "Special hazard loss limit"), 4)
    assert change.number_format == "+$#,##0.00;-$#,##0.00;$0.00"
