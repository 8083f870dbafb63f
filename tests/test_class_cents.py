"""A class balance the filing writes to the dollar ("$494,000") prints to the dollar in every format; one written
with cents ("$494,000.00", as the 2004-8 sample does) keeps them. Printing "$494,000.00" for "$494,000" claims a
precision the filing never gave."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import openpyxl
import pytest

from reporting.cli import main
from reporting.samples import DETAILED_2004_8

# 2004-8's class balances, each stated at the end of its own sentence, with cents.
CLASS_BALANCES = ("481,546,830", "6,170,000", "2,469,000", "1,234,000", "987,000", "494,000", "740,547.57")


def _to_the_dollar(text: str) -> str:
    for figure in CLASS_BALANCES[:-1]:
        assert text.count(f"was ${figure}.00.") == 1, figure
        text = text.replace(f"was ${figure}.00.", f"was ${figure}.")
    return text


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cents")
    filing = folder / "cmsi-2004-8.txt"
    filing.write_text(_to_the_dollar(DETAILED_2004_8.read_text()))
    assert main(["render", str(filing), "--out", str(folder / "out"), "--format", "html,email,xlsx", "-q"]) == 0
    return folder / "out" / "cmsi-2004-8"


def _text(path: Path) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", path.read_text())).split())


@pytest.mark.parametrize("page", ["cmsi-2004-8-summary.html", "cmsi-2004-8-email.html"])
def test_class_balances_written_to_the_dollar_print_to_the_dollar(rendered, page):
    text = _text(rendered / page)
    assert "B-5 $494,000 " in text and "$494,000.00" not in text
    assert "A $481,546,830 " in text and "$481,546,830.00" not in text
    assert "B-6 $740,547.57" in text  # written with its cents: kept
    assert "$493,641,377.57" in text  # the deal's balance, with its cents


def test_the_workbook_formats_each_class_balance_as_written(rendered):
    sheet = openpyxl.load_workbook(rendered / "cmsi-2004-8-summary.xlsx")["Classes"]
    formats = {row[0].value: row[1].number_format for row in sheet.iter_rows() if row[0].value in ("A", "B-5", "B-6")}
    assert formats == {"A": "$#,##0", "B-5": "$#,##0", "B-6": "$#,##0.00"}


def test_the_sample_written_with_cents_keeps_them(sample_reports):
    text = _text(next(sample_reports.demo()[0].glob("cmsi-2004-8/*-summary.html")))
    assert "B-5 $494,000.00" in text and "A $481,546,830.00" in text


def test_the_terminal_prints_each_class_balance_as_written(tmp_path, capsys):
    filing = tmp_path / "cmsi-2004-8.txt"
    filing.write_text(_to_the_dollar(DETAILED_2004_8.read_text()))
    main(["parse", str(filing)])
    printed = capsys.readouterr().out
    assert re.search(r"B-5 +\$494,000 ", printed) and "$494,000.00" not in printed
    assert re.search(r"B-6 +\$740,547\.57", printed)
