"""Every doubt is readable where it stands, once: a doubt on the navy header band (the cut-off date's,
where the filing gives two) is as legible there as on white, in the PDF and in the email, and the
line over the data-quality list of doubts reads as the verdict it is, at the margin.

The deal: tests/wide_deal.py, whose filing states its cut-off date two ways (a doubt on the band
and in the warnings)."""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from layouts import two_pool_term_sheet
from reading import html_of, message_of
from shared_renders import FIXED_TIME
from wide_deal import wide_deal

from reporting.deliver.write import render_deal
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes

MIN_CONTRAST = 4.5  # WCAG AA for text this small
BAND_DOUBT = "doubt: the filing states its cut-off date"
DOUBTS_LINE = "The parser had doubts"


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _hex(colour: str) -> tuple[float, float, float]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, Path]:
    deal = wide_deal()
    assert any("cut-off date in different ways" in str(w) for w in deal.warnings)
    out = tmp_path_factory.mktemp("doubts")
    paths = render_deal(deal, out, formats=("pdf", "email"), generated_at=FIXED_TIME)
    return {path.suffix: path for path in paths}


Char = dict  # x0, x1, top, bottom (points from the page's top), colour (0-1 RGB), size


def _chars(page: pdfium.PdfPage, phrase: str) -> list[Char]:
    """The characters of the first place ``phrase`` is set on the page."""
    text = page.get_textpage()
    found = text.search(phrase).get_next()
    if not found:
        return []
    start, count = found
    height = page.get_height()
    chars = []
    for i in range(start, start + count):
        left, bottom, right, top = text.get_charbox(i)
        r, g, b, a = (ctypes.c_uint() for _ in range(4))
        pdfium_c.FPDFText_GetFillColor(text.raw, i, *(ctypes.byref(c) for c in (r, g, b, a)))
        chars.append(
            {
                "x0": left,
                "x1": right,
                "top": height - top,
                "bottom": height - bottom,
                "colour": (r.value / 255, g.value / 255, b.value / 255),
                "size": pdfium_c.FPDFText_GetFontSize(text.raw, i),
                "text": text.get_text_range(i, 1),
            }
        )
    return chars


def _background(page: pdfium.PdfPage, chars: list[Char]) -> tuple[float, float, float]:
    """The colour most pixels have in thin strips just above and below the characters' line."""
    scale = 3
    image = page.render(scale=scale).to_pil().convert("RGB")
    x0, x1 = min(c["x0"] for c in chars), max(c["x1"] for c in chars)
    top, bottom = min(c["top"] for c in chars), max(c["bottom"] for c in chars)
    seen: Counter = Counter()
    for y in (top - 1.5, bottom + 1.5):
        for x in range(int(x0 * scale), int(x1 * scale)):
            seen[image.getpixel((x, int(y * scale)))] += 1
    colour = seen.most_common(1)[0][0]
    return tuple(c / 255 for c in colour)  # type: ignore[return-value]


def _pages(path: Path) -> list[pdfium.PdfPage]:
    pdf = pdfium.PdfDocument(path)
    return [pdf[i] for i in range(len(pdf))]


def test_band_doubt_in_the_pdf_is_legible_on_the_band(written):
    page = _pages(written[".pdf"])[0]
    chars = _chars(page, BAND_DOUBT)
    assert chars, "the cut-off date's doubt is on page 1"
    background = _background(page, chars)
    # It sits on the band, not on white: the test measures what it says.
    assert _luminance(background) < 0.2, background
    worst = min(_contrast(c["colour"], background) for c in chars if c["text"].strip())
    assert worst >= MIN_CONTRAST, f"the band's doubt has contrast {worst:.2f}:1"


def test_doubts_line_reads_as_a_verdict_at_the_margin(written):
    for page in _pages(written[".pdf"]):
        line = _chars(page, DOUBTS_LINE)
        if line:
            break
    assert line, "the data-quality section lists the doubts"
    verdict = _chars(page, "reconciliation checks passed")
    heading = _chars(page, "Data quality")
    assert verdict and heading
    assert abs(line[0]["x0"] - heading[0]["x0"]) < 2, "the line starts at the margin, as the heading over it"
    assert round(line[0]["size"], 1) == round(verdict[0]["size"], 1), "as large as the verdict over it"


def test_band_doubt_in_the_email_is_legible_on_the_band(written):
    html = html_of(message_of(written[".eml"]))
    band = re.search(
        r'<td class="band"[^>]*bgcolor="(#[0-9a-fA-F]{6})"[^>]*>(.*?)</td></tr>\s*<tr><td class="(?!fact)', html, re.S
    )
    assert band, "the email's header band"
    background = _hex(band.group(1))
    doubts = re.findall(r'<span class="doubt" style="[^"]*?(?<![-\w])color:\s*(#[0-9a-fA-F]{6})', band.group(2))
    assert doubts, "the cut-off date's doubt is on the band"
    for colour in doubts:
        assert _contrast(_hex(colour), background) >= MIN_CONTRAST, f"{colour} on {band.group(1)}"


UNDER_THE_DEALS_BALANCE = "$1,239,601,556.74.\n"
TERMS_NOT_READ = "All mortgage loans have original maturities of 20 years at least and 30 years at most.\n"


@pytest.fixture(scope="module")
def two_pool_pdf(tmp_path_factory) -> Path:
    """Two pools whose original terms the filing bounds in one sentence of its ALL MORTGAGE LOANS section that
    it does not read ("All mortgage loans have original maturities of 20 years at least and 30 years at most"):
    the whole deal's range "20 - 30 years" is derived from the pools', and that sentence doubts both its ends.
    (The sentence in each pool's section, "All mortgage loans have original maturities of at least 20 ...", is
    that pool's, read, no doubt of the deal's.)"""
    text = two_pool_term_sheet().replace(UNDER_THE_DEALS_BALANCE, UNDER_THE_DEALS_BALANCE + TERMS_NOT_READ)
    deal = load_filing(ingest_bytes(text.encode(), "two-pool.txt"))
    out = tmp_path_factory.mktemp("two-pool")
    return render_deal(deal, out, formats=("pdf",), generated_at=FIXED_TIME)[0]


def test_a_doubt_on_both_ends_of_a_range_is_said_once_beside_it(two_pool_pdf):
    page = _pages(two_pool_pdf)[0]
    text = page.get_textpage().get_text_range()
    said = "original terms stated in words the parser does not read"
    assert "Original term" in text and said in text, "the range and its doubt are on page 1"
    assert text.count(said) == 1, "the sentence doubting both ends is said once beside the range"


def _all_found(page: pdfium.PdfPage, phrase: str) -> list[float]:
    """The font size of each place ``phrase`` is set on the page."""
    text = page.get_textpage()
    searcher = text.search(phrase, match_case=True)
    sizes = []
    while found := searcher.get_next():
        sizes.append(round(pdfium_c.FPDFText_GetFontSize(text.raw, found[0]), 1))
    return sizes


def test_a_derived_figure_is_as_large_as_a_stated_one_beside_it(two_pool_pdf):
    """The whole deal's "$54,500 - $1,000,000" is derived from the pools' (its note says so, small,
    under it); the figure itself is a figure, the size of the pools' beside it."""
    page = _pages(two_pool_pdf)[0]
    assert "derived, not stated: least of pools I, II" in page.get_textpage().get_text_range()
    sizes = _all_found(page, "$54,500 - $1,000,000")
    assert len(sizes) == 3, "pool I's, pool II's and the derived whole deal's"
    assert len(set(sizes)) == 1, sizes


def test_the_bands_figure_stands_under_its_label(sample_reports, detailed):
    """2004-8's clean-up call balance, a figure among the header's facts, starts where its label does,
    as the dates and names beside it do."""
    figure = f"${detailed.clean_up_call_balance:,.0f}"
    page = _pages(sample_reports.summary("2004-8", "letter")["summary.pdf"])[0]
    label, value = _chars(page, "CLEAN-UP CALL BELOW"), _chars(page, figure)
    assert label and value, figure
    assert abs(value[0]["x0"] - label[0]["x0"]) < 1.5, (label[0]["x0"], value[0]["x0"])
