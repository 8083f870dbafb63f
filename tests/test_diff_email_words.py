"""The diff email's text part says the dates and the thresholds as the diff report does.

Its text part is the terminal's diff, which writes a cut-off date as an ISO date and the thresholds as the
``--threshold`` option takes them: the email of the two samples read "cut-off 2004-05-01" and "(thresholds: share
2pp, wac 10bp, size 10%, wam 6mo, ltv 2pp, sub 0.25pp)", where its own HTML part, the diff report and the
summary email say "May 1, 2004" and "WAC 10 bp". Whoever reads the email did not type the command.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from reading import message_of, page_words, text_of
from shared_renders import FIXED_TIME

from reporting.deliver.write import render_diff
from reporting.derive.diff import build_diff
from reporting.model.deal import Deal


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, term_sheet: Deal, detailed: Deal) -> dict[str, Path]:
    paths = render_diff(
        build_diff(term_sheet, detailed), tmp_path_factory.mktemp("diff"), ["html", "email"], generated_at=FIXED_TIME
    )
    return {path.name.split(".", 1)[-1] if "-email" not in path.name else "preview": path for path in paths}


def _thresholds_in_the_report(html: str) -> str:
    """The diff report's "Material when at least" line, as its header prints it."""
    found = re.search(r"<dt>Material when at least</dt>\s*<dd>(.*?)</dd>", html, re.S)
    assert found, "the diff report names its thresholds in its header"
    return page_words(found.group(1))


def test_the_text_part_writes_the_cut_off_dates_as_the_reports_do(rendered: dict[str, Path]):
    plain = text_of(message_of(rendered["eml"]))
    report = page_words(rendered["html"].read_text())
    for cut_off in ("May 1, 2004", "October 1, 2004"):  # the two samples' cut-off dates, as the report writes them
        assert cut_off in report
        assert f"cut-off {cut_off}" in plain
    assert re.findall(r"\b\d{4}-\d{2}-\d{2}\b", plain) == []


def test_the_text_part_names_the_thresholds_as_the_diff_report_does(rendered: dict[str, Path]):
    plain = " ".join(text_of(message_of(rendered["eml"])).split())
    in_words = _thresholds_in_the_report(rendered["html"].read_text())
    assert "WAC 10" in in_words  # the report's words, not the option's "wac 10bp"
    assert f"(thresholds: {in_words})" in plain
