"""The two seed filings, shipped with the package so the demo and tests need nothing else.

Both are public SEC EDGAR records of Citicorp Mortgage Securities, Inc.:
Series 2004-3 collateral term sheets (May 7, 2004) and the Series 2004-8
detailed description (October 28, 2004).
"""

from __future__ import annotations

from pathlib import Path

SAMPLES_DIR = Path(__file__).parent
TERM_SHEET_2004_3 = SAMPLES_DIR / "cmsi-2004-3-collateral-term-sheet.txt"
DETAILED_2004_8 = SAMPLES_DIR / "cmsi-2004-8-detailed-description.txt"


def sample_paths() -> list[Path]:
    return sorted(SAMPLES_DIR.glob("*.txt"))
