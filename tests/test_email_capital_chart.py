"""The summary email's capital structure chart, legible on a phone.

CMSI 2004-8's email showed its capital structure chart (the report's, drawn for the text block) shrunk to a
phone's width: its class labels about 6 px high, its scales about 7. The email draws its own, narrower with larger
letters: at 390 px and at 1280 px every letter shows at 9 px or more, and the message never scrolls sideways.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from matplotlib.text import Text

from reporting.derive.summary import summarise
from reporting.model.deal import Deal
from reporting.present import charts
from reporting.present.email import build_email, png_size

CHROMIUM = Path(os.environ.get("TERMSHEET_CHROMIUM", "/usr/bin/chromium"))


def _smallest_letters(figure) -> float:
    """The smallest font size, in points, of any text the figure shows."""
    return min(t.get_fontsize() for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip())


def test_on_a_phone_the_emails_capital_chart_shows_its_letters_at_9_px_or_more(detailed: Deal, tmp_path, monkeypatch):
    playwright = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.is_file():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    drawn: dict[str, tuple[float, int]] = {}  # each email chart's smallest letter in points, and its dots an inch
    save_png = charts._save_png

    def measured(key, figure, alt, dpi):
        drawn[key] = (_smallest_letters(figure), dpi)
        return save_png(key, figure, alt, dpi)

    monkeypatch.setattr(charts, "_save_png", measured)
    email = build_email(summarise(detailed))
    (capital,) = [image for image in email.images if image.key == "capital"]
    preview = tmp_path / "email.html"
    preview.write_text(email.preview_html)
    shown = {}
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"])
        try:
            for width in (390, 1280):
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(preview.as_uri(), wait_until="load")
                shown[width] = page.evaluate(
                    "[...document.querySelectorAll('img')].filter(i => i.alt.startsWith('Stacked bar'))"
                    ".map(i => i.getBoundingClientRect().width)"
                )
                assert page.evaluate("document.documentElement.scrollWidth") == width  # never scrolls sideways
        finally:
            browser.close()
    points, dpi = drawn["capital"]
    pixels, _ = png_size(capital.chart.data)
    for width, (shown_width,) in shown.items():
        assert points * dpi / 72 * shown_width / pixels >= 9, (width, shown_width)
