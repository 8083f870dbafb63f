"""Make the HTML's WOFF2 fonts: ``python -m reporting.fonts.subset`` (``make fonts``).

The full TTFs are 410 KB each; embedded as base64 in every HTML file, three faces
would add 1.6 MB. The HTML gets subsets instead: the characters our reports print
(``COVERED``), kerning kept, hinting dropped (screens of today do not use it),
compressed as WOFF2. A character outside them (one a filing might hold) is drawn
from the next font of the CSS stack: Liberation Sans or Arial, with the same widths.

A subset is a modified version of the font, and the OFL reserves the name
"Liberation" for the original, so the subsets are renamed "Termsheet Sans" inside;
the copyright notice and the licence stay in their name table. The output is the
same bytes every time (no timestamp is written), so the committed files can be
checked against this script (tests/test_fonts.py).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from reporting.fonts import FACES, FONTS_DIR, WEB_DIR

# Unicode ranges kept, with what uses them.
COVERED = (
    (0x0020, 0x007E),  # Basic Latin: every figure, label and heading
    (0x00A0, 0x00FF),  # Latin-1: no-break space, middle dot, section sign, accented names
    (0x0100, 0x017F),  # Latin Extended-A: names in filings
    (0x200B, 0x200B),  # zero-width space: where a long range label may wrap
    (0x2010, 0x2027),  # dashes (the dash of a missing figure), quotes, daggers, bullet, ellipsis
    (0x2030, 0x203A),  # per mille, primes, single guillemets
    (0x20AC, 0x20AC),  # euro sign
    (0x2122, 0x2122),  # trade mark sign
    (0x2190, 0x2193),  # arrows
    (0x2212, 0x2212),  # minus sign
    (0x2264, 0x2265),  # less- and greater-than-or-equal: the filing's bounds ("at least 94%")
)
NAME_IDS = (0, 1, 2, 3, 4, 5, 6, 7, 13, 14)  # names and version; copyright, trademark, licence and its URL
RENAMED_IDS = (1, 3, 4, 6, 16, 17, 18, 21, 22)  # every name that carries the family name


def unicodes() -> list[int]:
    return [code for start, end in COVERED for code in range(start, end + 1)]


def subset(ttf: Path) -> bytes:
    """The WOFF2 subset of one TTF, renamed."""
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    font = TTFont(ttf, recalcTimestamp=False)
    options = ft_subset.Options()
    options.hinting = False
    options.layout_features = ["kern", "ccmp", "mark", "mkmk"]
    options.name_IDs = list(NAME_IDS)
    options.flavor = "woff2"
    options.drop_tables += ["FFTM"]  # FontForge's timestamps: nothing a browser reads
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes())
    subsetter.subset(font)
    for record in font["name"].names:
        if record.nameID in RENAMED_IDS:
            text = record.toUnicode().replace("Liberation Sans", "Termsheet Sans")
            record.string = text.replace("LiberationSans", "TermsheetSans")
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out, reorderTables=True)
    return out.getvalue()


def main() -> int:
    WEB_DIR.mkdir(exist_ok=True)
    for face in FACES:
        data = subset(FONTS_DIR / face.ttf)
        (WEB_DIR / face.woff2).write_bytes(data)
        print(f"{face.woff2}: {len(data):,} bytes ({len(data) * 4 // 3:,} as base64)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
