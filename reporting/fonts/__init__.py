"""The report's typeface, shipped with the package: what the files are and how each output loads them.

Every report is set in Liberation Sans 2.1.5 (Regular, Bold, Italic; SIL Open Font
License 1.1, ``OFL.txt`` beside this file), taken from Debian's ``fonts-liberation2``.
It reads well in dense tables, its digits are tabular, and it is metric-compatible with
Arial: a browser or mail client that falls back to Arial lays text out with the same widths.

No output depends on the fonts a machine happens to have:

- the PDF loads the TTFs here with ``@font-face``; WeasyPrint fetches them as
  ``font:<file name>`` through ``render.chart_fetcher``, which serves exactly these files;
- the HTML embeds WOFF2 subsets of them (``web/``, made by ``python -m
  reporting.fonts.subset``) as data: URIs, so it stays one self-contained file;
- matplotlib measures and draws chart text with the same TTFs (``register_with_matplotlib``).

Both load the faces under the CSS name ``FAMILY``, which no system font has, so a
machine's own copy of Liberation Sans (Chromium's Debian package installs 1.07) can
never take their place. The WOFF2 subsets are renamed inside too: the OFL reserves the
name "Liberation" for the unmodified fonts, and a subset is a modified version.
"""

from __future__ import annotations

import base64
import functools
from dataclasses import dataclass
from pathlib import Path

FONTS_DIR = Path(__file__).parent
WEB_DIR = FONTS_DIR / "web"
LICENSE = FONTS_DIR / "OFL.txt"

# The CSS (and matplotlib) name of the bundled faces; then the same design installed
# locally, then its metric twin Arial (the charts' SVG text in a browser, which cannot
# see a document's @font-face), then whatever sans-serif there is.
FAMILY = "Termsheet Sans"
FALLBACKS = ("Liberation Sans", "Arial", "Helvetica", "sans-serif")
FONT_SCHEME = "font:"  # the PDF's @font-face URLs: "font:LiberationSans-Regular.ttf"


@dataclass(frozen=True)
class Face:
    weight: int  # CSS font-weight
    style: str  # CSS font-style
    ttf: str  # the unmodified font, for the PDF and the charts
    woff2: str  # its subset for the HTML (web/)


FACES = (
    Face(400, "normal", "LiberationSans-Regular.ttf", "TermsheetSans-Regular.woff2"),
    Face(700, "normal", "LiberationSans-Bold.ttf", "TermsheetSans-Bold.woff2"),
    Face(400, "italic", "LiberationSans-Italic.ttf", "TermsheetSans-Italic.woff2"),
)


@dataclass(frozen=True)
class FontFaceRule:
    """One @font-face rule as the templates write it (templates/styles/fonts.css.j2)."""

    family: str
    weight: int
    style: str
    src: str
    format: str


def css_stack() -> str:
    """The font-family value every report's CSS uses (the email keeps its own Arial stack)."""
    generic = {"sans-serif", "serif", "monospace"}
    return ", ".join(name if name in generic else f'"{name}"' for name in (FAMILY, *FALLBACKS))


def ttf_paths() -> list[Path]:
    return [FONTS_DIR / face.ttf for face in FACES]


def font_faces(medium: str) -> list[FontFaceRule]:
    """The @font-face rules of a report: the PDF names the TTFs for WeasyPrint's fetcher,
    the HTML embeds the WOFF2 subsets."""
    if medium == "pdf":
        return [FontFaceRule(FAMILY, f.weight, f.style, FONT_SCHEME + f.ttf, "truetype") for f in FACES]
    return [FontFaceRule(FAMILY, f.weight, f.style, _woff2_data_uri(f.woff2), "woff2") for f in FACES]


@functools.cache
def _woff2_data_uri(name: str) -> str:
    return "data:font/woff2;base64," + base64.b64encode((WEB_DIR / name).read_bytes()).decode("ascii")


def font_file(url: str) -> bytes | None:
    """The bytes of ``font:<name>`` when <name> is exactly one of our TTFs; None for any other URL,
    so no name (a path, this folder's other files) can make the PDF engine read another file."""
    if not url.startswith(FONT_SCHEME):
        return None
    wanted = url.removeprefix(FONT_SCHEME)
    for face in FACES:
        if wanted == face.ttf:
            return (FONTS_DIR / face.ttf).read_bytes()
    return None


@functools.cache
def register_with_matplotlib() -> None:
    """Make the TTFs known to matplotlib as ``FAMILY``, so chart text is measured and drawn
    with the report's own font whatever the machine has installed (once per process)."""
    import dataclasses

    from matplotlib import font_manager, ft2font

    entries = [
        dataclasses.replace(font_manager.ttfFontProperty(ft2font.FT2Font(str(path))), name=FAMILY)
        for path in ttf_paths()
    ]
    font_manager.fontManager.ttflist.extend(entries)
