"""The format registry: one list behind the command line's choices, the files written and the index."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from reading import message_of, pdf_drawings, pdf_text

from reporting.cli import build_parser, main
from reporting.deliver import formats


def _pdf_words(source: Path | bytes) -> list[str]:
    """The PDF's words, the time stamp of its making ("2024-01-02 03:04 UTC") left out."""
    return re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", "", pdf_text(source)).split()


def test_the_command_line_offers_what_the_registry_holds(capsys):
    for command, subject in (("render", "deal"), ("diff", "diff")):
        with pytest.raises(SystemExit):
            build_parser().parse_args([command, "--help"])
        help_text = " ".join(capsys.readouterr().out.split())
        assert f"comma-separated: {', '.join(formats.names(subject))}" in help_text
    assert formats.defaults("deal") == ("pdf", "html") and formats.defaults("diff") == ("pdf", "html", "json")


def test_an_unknown_format_names_the_choices():
    with pytest.raises(
        ValueError, match="unknown format 'docx'; choose from pdf, html, json, email, xlsx, csv, parquet"
    ):
        formats.parse_formats("pdf,docx", "deal")
    with pytest.raises(ValueError, match="unknown format 'csv'; choose from pdf, html, json, email, text, xlsx$"):
        formats.parse_formats("csv", "diff")  # the long table is a deal's


def test_the_diff_pdf_attached_to_an_email_has_its_charts(tmp_path: Path, term_sheet_path: Path, sample_reports):
    """The diff's PDF made for the email alone is the same document as the one written with --format pdf."""
    alone = tmp_path / "alone"
    old, new = str(term_sheet_path), str(term_sheet_path)
    assert main(["diff", old, new, "--format", "email", "--attach-pdf", "--out", str(alone)]) == 0
    (eml,) = (alone / "diff").glob("*.eml")
    attached = next(p for p in message_of(eml).walk() if p.get_content_type() == "application/pdf").get_content()
    written = sample_reports.self_diff()["pdf"]  # the same diff written as a PDF (rendered once per run)
    # Each chart is drawn as XObjects: a diff laid out without its charts has far fewer (90 against 816).
    assert pdf_drawings(attached) == pdf_drawings(written) > 100
    assert _pdf_words(attached) == _pdf_words(written)
