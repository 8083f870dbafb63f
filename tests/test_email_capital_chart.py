"""The summary email's capital structure chart, legible on a phone.

CMSI 2004-8's email showed its capital structure chart (the report's, drawn for the text block) shrunk to a
phone's width: its class labels about 6 px high, its scales about 7. The email draws its own, narrower with larger
letters: at 390 px and at 1280 px every letter shows at 9 px or more, and the message never scrolls sideways.
"""

from __future__ import annotations

from browsing import measured_at_widths
from matplotlib.text import Text

from reporting.derive.summary import summarise
from reporting.model.deal import Deal
from reporting.present import charts
from reporting.present.email import build_email, png_size


def _smallest_letters(figure) -> float:
    """The smallest font size, in points, of any text the figure shows."""
    return min(t.get_fontsize() for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip())


def test_on_a_phone_the_emails_capital_chart_shows_its_letters_at_9_px_or_more(detailed: Deal, tmp_path, monkeypatch):
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
    script = """() => ({
      shown: [...document.querySelectorAll('img')].filter(i => i.alt.startsWith('Stacked bar'))
               .map(i => i.getBoundingClientRect().width),
      page: document.documentElement.scrollWidth,
    })"""
    found = measured_at_widths(preview, script, (390, 1280))
    assert {width: seen["page"] for width, seen in found.items()} == {390: 390, 1280: 1280}  # never scrolls sideways
    shown = {width: seen["shown"] for width, seen in found.items()}
    points, dpi = drawn["capital"]
    pixels, _ = png_size(capital.chart.data)
    for width, (shown_width,) in shown.items():
        assert points * dpi / 72 * shown_width / pixels >= 9, (width, shown_width)
