"""The widest deal the tests can build, from the two samples' own text: three pools (2004-8's
prose and classes), every stratification table of 2004-3 with longer labels, and a FICO x LTV
matrix of 12 loan-to-value columns and an "All loans" column whose cells add up."""

from __future__ import annotations

from reporting.model.deal import Deal
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3

LTV_BUCKETS = (
    ("50.00%", "and below"),
    ("50.001%-", "55.000%"),
    ("55.001%-", "60.000%"),
    ("60.001%-", "65.000%"),
    ("65.001%-", "70.000%"),
    ("70.001%-", "75.000%"),
    ("75.001%-", "80.000%"),
    ("80.001%-", "85.000%"),
    ("85.001%-", "90.000%"),
    ("90.001%-", "95.000%"),
    ("95.001%-", "97.000%"),
    ("97.001%-", "100.000%"),
)
# 2004-3's row totals, spread over the 12 buckets in these proportions.
FICO_ROWS = (
    ("620 and less", 0.91),
    ("620 to 649", 2.98),
    ("650 to 699", 16.15),
    ("700 to 749", 33.63),
    ("750 to 799", 44.87),
    ("800 and above", 1.46),
)
WEIGHTS = (14, 9, 10, 12, 13, 11, 16, 5, 4, 3, 2, 1)
# Labels as long as a filing's get: several words, and one unbroken run of hyphenated words.
LONG_LABELS = {
    "Cooperative Units": "Cooperative Units in Buildings Owned by Tenant Corporations (shares with proprietary leases)",
    "Townhouses": "Townhouses-and-rowhouses-in-planned-unit-developments-with-homeowners-association-dues",
}
LONGEST_LABEL = LONG_LABELS["Cooperative Units"]
WIDTH = 11  # characters of one value column in the filing's fixed-width text


def _cells(total: float) -> list[float]:
    """``total`` spread over the buckets in cents, the rounding put in the largest cell, so the row adds up."""
    cents = [round(total * 100 * w / sum(WEIGHTS)) for w in WEIGHTS]
    cents[WEIGHTS.index(max(WEIGHTS))] += round(total * 100) - sum(cents)
    return [c / 100 for c in cents]


def _row(label: str, values: list[str]) -> str:
    return f"{label:<18}" + "".join(f"{v:>{WIDTH}}" for v in values)


def matrix_text() -> str:
    """The FICO x LTV table in the filing's own layout, 12 buckets wide."""
    rows = [(label, _cells(total), total) for label, total in FICO_ROWS]
    columns = [round(sum(cells[k] for _, cells, _ in rows), 2) for k in range(len(WEIGHTS))]
    lines = [
        "                         DISTRIBUTION BY FICO SCORES AND",
        "                       LOAN-TO-VALUE RATIOS AT ORIGINATION",
        "",
        f"{'FICO score':<58}Loan-to-value ratio",
        f"{'----------':<58}-------------------",
        _row("", [top for top, _ in LTV_BUCKETS] + [""]),
        _row("", [bottom for _, bottom in LTV_BUCKETS] + ["All loans"]),
        _row("", ["-" * 8] * (len(LTV_BUCKETS) + 1)),
        "",
    ]
    for n, (label, cells, total) in enumerate(rows):
        percent = "%" if n == 0 else ""
        lines.append(_row(label, [f"{c:.2f}{percent}" for c in cells] + [f"{total:.2f}{percent}"]))
    lines += ["", _row("Total", [f"{c:.2f}%" for c in columns] + ["100.00%"]), ""]
    return "\n".join(lines)


def wide_filing_text() -> str:
    """2004-8's text with 2004-3's tables set in before its signatures, labels lengthened, the matrix widened."""
    detailed = DETAILED_2004_8.read_text()
    term_sheet = TERM_SHEET_2004_3.read_text()
    tables = term_sheet[term_sheet.index("      The following tables set forth") :]
    tables = tables[: tables.index("                         DISTRIBUTION BY FICO SCORES AND")]
    for short, long in LONG_LABELS.items():
        tables = tables.replace(f"{short}     ", f"{long}     ", 1)
    signatures = detailed.index("                                   SIGNATURES")
    return detailed[:signatures] + tables + matrix_text() + "\n\n<PAGE>\n\n" + detailed[signatures:]


def wide_deal() -> Deal:
    return load_filing(ingest_bytes(wide_filing_text().encode(), "cmsi-wide-deal.txt"))
