"""The report's typeface ships with the package (reporting/fonts), so no output depends on the
fonts a machine has: the PDF and the charts use the bundled TTFs, the HTML embeds their WOFF2
subsets, and a render with every system font hidden gives the same pages as a normal one."""

from __future__ import annotations

import base64
import io
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import matplotlib
import pytest
from fontTools.ttLib import TTFont
from matplotlib import font_manager
from reading import pdf_facts, tags_of

from reporting import fonts
from reporting.derive.summary import summarise
from reporting.model.deal import Deal
from reporting.present.charts import STYLE, draw_charts
from reporting.present.pdf import chart_fetcher
from reporting.present.summary_page import render_html
from reporting.present.templating import TEMPLATES_DIR
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3

REPO = Path(__file__).resolve().parent.parent


# --- the files --------------------------------------------------------------------------


def test_the_fonts_and_their_licence_are_in_the_package():
    for face in fonts.FACES:
        ttf = TTFont(fonts.FONTS_DIR / face.ttf)
        assert ttf["name"].getDebugName(1) == "Liberation Sans"
        assert ttf["name"].getDebugName(5).startswith("Version 2.1.5")
        assert (fonts.WEB_DIR / face.woff2).is_file()
    licence = fonts.LICENSE.read_text()
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Reserved Font Name Liberation" in licence


def test_the_subsets_are_what_the_script_makes_and_carry_no_reserved_name():
    from reporting.fonts.subset import subset

    for face in fonts.FACES:
        committed = (fonts.WEB_DIR / face.woff2).read_bytes()
        assert subset(fonts.FONTS_DIR / face.ttf) == committed, f"run `make fonts`: {face.woff2} is stale"
        names = TTFont(io.BytesIO(committed))["name"]
        for name_id in (1, 3, 4, 6):
            assert "Liberation" not in names.getDebugName(name_id)  # the OFL reserves it for the original
        assert names.getDebugName(1) == fonts.FAMILY
        assert "Open Font License" in names.getDebugName(13)


def test_the_subsets_hold_every_character_the_reports_print(term_sheet: Deal, detailed: Deal):
    covered = set(TTFont(fonts.WEB_DIR / fonts.FACES[0].woff2).getBestCmap())
    printed = set()
    for template in TEMPLATES_DIR.rglob("*"):
        if template.is_file() and "email" not in template.parts:  # the email keeps Arial
            printed |= set(template.read_text())
    for deal in (term_sheet, detailed):
        html = render_html(summarise(deal), {})
        printed |= set(re.sub(r"<[^>]+>", " ", html.split("<main>", 1)[1]))
    printed |= {"\u2264", "\u2265", "\u2014"}  # the bounds and the dash of a missing figure, written by filters
    missing = {c for c in printed if c.isprintable() and ord(c) not in covered}
    assert not missing, sorted(missing)


# --- the PDF ------------------------------------------------------------------------------


def test_the_pdf_fetcher_serves_exactly_our_font_files(term_sheet: Deal):
    fetcher = chart_fetcher(draw_charts(summarise(term_sheet), "svg-text", keys=()))
    for face in fonts.FACES:
        served = fetcher.fetch(f"font:{face.ttf}")
        assert served.read() == (fonts.FONTS_DIR / face.ttf).read_bytes()
    refused = (
        "font:OFL.txt",
        "font:__init__.py",
        "font:subset.py",
        f"font:web/{fonts.FACES[0].woff2}",
        "font:../samples/cmsi-2004-3-collateral-term-sheet.txt",
        "font:/etc/passwd",
        "font:./LiberationSans-Regular.ttf",
        "font:LiberationSans-Regular.ttf/../../../../etc/passwd",
        "font:DejaVuSans.ttf",
        "FONT:LiberationSans-Regular.ttf",
        f"file://{fonts.FONTS_DIR / fonts.FACES[0].ttf}",
    )
    for url in refused:
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_pdf_names_the_bundled_faces_and_html_embeds_the_subsets(term_sheet: Deal):
    summary = summarise(term_sheet)
    paged = render_html(summary, {}, "pdf")
    assert re.findall(r'src: url\("([^"]+)"\)', paged) == [f"font:{face.ttf}" for face in fonts.FACES]
    html = render_html(summary, {}, "html")
    embedded = re.findall(r'src: url\("data:font/woff2;base64,([^"]+)"\)', html)
    assert [base64.b64decode(data) for data in embedded] == [
        (fonts.WEB_DIR / face.woff2).read_bytes() for face in fonts.FACES
    ]
    stack = '"Termsheet Sans", "Liberation Sans", "Arial", "Helvetica", sans-serif'
    for page in (paged, html):
        assert f"html {{ font-family: {stack};" in page
    assert re.search(r"@page \{[^}]*font-family: " + re.escape(stack), paged)  # the running header and footer
    assert not [attrs for tag, attrs in tags_of(html) if tag == "link"]  # still one self-contained file


# --- the charts -------------------------------------------------------------------------


def test_charts_measure_and_draw_with_the_bundled_font(term_sheet: Deal):
    with matplotlib.rc_context(STYLE):
        for weight, face in (("normal", fonts.FACES[0]), ("bold", fonts.FACES[1])):
            found = font_manager.findfont(font_manager.FontProperties(family="sans-serif", weight=weight))
            assert Path(found) == fonts.FONTS_DIR / face.ttf
    svg = draw_charts(summarise(term_sheet), "svg-text", keys={"states-map"})["states-map"].data.decode()
    assert "font-family: 'Termsheet Sans', 'Liberation Sans', 'Arial', sans-serif" in svg


# --- the same pages with every system font hidden ------------------------------------------

# The samples' summary PDFs, as a fresh process makes them: what tests/reading.py's pdf_facts sees.
RENDER = textwrap.dedent(
    """
    import json, sys
    from reading import pdf_facts
    from reporting.derive.summary import summarise
    from reporting.pipeline import load_deal
    from reporting.present.summary_page import summary_pdf
    from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3
    from shared_renders import FIXED_TIME

    result = {}
    for path in (TERM_SHEET_2004_3, DETAILED_2004_8):
        result[path.name] = pdf_facts(summary_pdf(summarise(load_deal(path)), generated_at=FIXED_TIME))
    json.dump(result, sys.stdout)
    """
)


def test_with_every_system_font_hidden_the_pages_are_the_same(tmp_path, sample_reports):
    config = tmp_path / "fonts.conf"  # fontconfig with no font directory at all
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>\n"
    )
    # matplotlib asks fontconfig for the system's fonts too: a fresh cache of its own sees none.
    hidden_env = {**os.environ, "FONTCONFIG_FILE": str(config), "MPLCONFIGDIR": str(tmp_path / "mpl")}
    hidden_env["PYTHONPATH"] = os.pathsep.join([str(REPO), str(REPO / "tests")])
    done = subprocess.run(
        [sys.executable, "-c", RENDER],
        env=hidden_env,
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        timeout=300,
    )
    assert "No fonts configured in FontConfig" in done.stderr  # WeasyPrint saw no system font
    hidden = json.loads(done.stdout)
    # The same PDFs made with the machine's fonts in view: the shared renders (tests/shared_renders.py),
    # made by render_deal in a test worker.
    normal = {
        path.name: pdf_facts(sample_reports.summary(series)["summary.pdf"].read_bytes())
        for series, path in (("2004-3", TERM_SHEET_2004_3), ("2004-8", DETAILED_2004_8))
    }
    for name, pdf in hidden.items():
        assert len(pdf["pages"]) == len(normal[name]["pages"])
        assert pdf["bookmarks"] == normal[name]["bookmarks"]
        assert pdf["pages"] == normal[name]["pages"]
        assert pdf["fonts"] == normal[name]["fonts"] == ["Termsheet-Sans", "Termsheet-Sans-Bold"]
    term_sheet = hidden["cmsi-2004-3-collateral-term-sheet.txt"]
    assert len(term_sheet["pages"]) == 6
    assert [2, "Geographic Distribution of Mortgaged Properties by State", 4] in term_sheet["bookmarks"]
