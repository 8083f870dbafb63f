"""What a stratification table is about, from its title and label header: the one table classifier.

Validation finds the LTV table by it, the summary chooses each table's chart by it,
and the diff and the geography figures find the state table by it.
"""

from __future__ import annotations

import re
from enum import StrEnum


class TableKind(StrEnum):
    UNITS = "units"
    DWELLING = "dwelling"
    ORIGINATION_YEAR = "origination_year"
    LOAN_SIZE = "loan_size"
    NOTE_RATE = "note_rate"
    LTV = "ltv"
    GEOGRAPHY = "geography"
    OTHER = "other"


# Order matters: "NUMBER OF UNITS IN DWELLINGS" is about units, not dwelling types,
# and "PRINCIPAL BALANCES" is loan size whatever else the title names.
_PATTERNS = (
    (TableKind.UNITS, re.compile(r"number\s+of\s+units|\bunits?\s+in\b", re.I)),
    (TableKind.DWELLING, re.compile(r"dwelling|property\s+type", re.I)),
    (TableKind.ORIGINATION_YEAR, re.compile(r"years?\s+of\s+origination|year\s+originated", re.I)),
    (TableKind.LOAN_SIZE, re.compile(r"size\s+of|loan\s+size|principal\s+balance", re.I)),
    (TableKind.NOTE_RATE, re.compile(r"note\s+rate|interest\s+rate|mortgage\s+rate", re.I)),
    # a combined LTV (first and second liens together, "CLTV") is another figure
    (TableKind.LTV, re.compile(r"(?<!combined )(?<!combined-)(?:loan-to-value|\bLTV\b)", re.I)),
    (TableKind.GEOGRAPHY, re.compile(r"geographic|\bstates?\b", re.I)),
    # "CURRENT BALANCE", "Original Loan Balance": a balance named by when it is measured is the loans' size, where
    # nothing above says what the table is split by ("STATE DISTRIBUTION - CURRENT BALANCE" is of the states)
    (
        TableKind.LOAN_SIZE,
        re.compile(
            r"\b(?:current|original|outstanding|unpaid|scheduled)\s+(?:loan\s+|mortgage\s+)?(?:balances?|amounts?)\b",
            re.I,
        ),
    ),
)

# The same words of another measure, which a table of it must not be taken for: an LTV now ("CURRENT LOAN-TO-VALUE
# RATIOS", "Updated LTV", "LTV at the Cut-off Date") is not the LTV at origination the LTV table's checks and the
# share above 80% are of; a net rate (the note rate less the servicing fee) is not the note rate the WAC averages.
_OTHER_MEASURE = {
    TableKind.LTV: re.compile(
        r"\b(?:current|updated|combined)[ \t\n-]+(?:(?!by\b)[a-z]+[ \t\n]+){0,2}?(?:loan-to-value|ltv)\b"
        r"|(?:loan-to-value|\bltv)(?:[ \t\n]+ratios?)?[ \t\n]+(?:at|as[ \t\n]+of)[ \t\n]+(?:the[ \t\n]+)?cut-?off"
        r"|(?:loan-to-value|\bltv)(?:[ \t\n]+ratios?)?[ \t\n]*\([ \t\n]*(?:current|updated|at[ \t\n]+(?:the[ \t\n]+)?cut-?off)",
        re.I,
    ),
    TableKind.NOTE_RATE: re.compile(r"\bnet\b", re.I),
}


# Kinds a title and its label column's heading may name together: "NUMBER OF UNITS IN DWELLINGS" over
# "Type of Dwelling Unit" (the 2004-3 sample's).
_KINDS_ALIKE = frozenset({TableKind.UNITS, TableKind.DWELLING})


def kinds_named_apart(title: str, label_header: str) -> tuple[TableKind, TableKind] | None:
    """The kinds a table's title and the heading of its labels name, where they name two unlike kinds ("YEARS OF
    ORIGINATION" over "Type of Dwelling Unit"): a title set under its own table, read as the next one's; else None."""
    by_title, by_labels = _classified(title), _classified("", label_header)
    if TableKind.OTHER in (by_title, by_labels) or by_title == by_labels or {by_title, by_labels} <= _KINDS_ALIKE:
        return None
    return by_title, by_labels


def classify_table(title: str, label_header: str = "") -> TableKind:
    """The kind of a table, from its title and its label column's header ("State"); the header's where the two name
    unlike kinds (``kinds_named_apart``): it is set over the rows themselves, a title may be another table's.

    What a title names after its last "by" is what the table is split by: "AGGREGATE
    PRINCIPAL BALANCE OF MORTGAGE LOANS BY LOAN-TO-VALUE RATIOS" is an LTV table.
    """
    apart = kinds_named_apart(title, label_header) if label_header else None
    return apart[1] if apart else _classified(title, label_header)


def _classified(title: str, label_header: str = "") -> TableKind:
    # A note in brackets says how the table is shown, not what it splits: "(PERCENTAGES BY BALANCE)".
    split_by = re.split(r"\bby\b", re.sub(r"\([^)]*\)?", " ", title), flags=re.I)
    split_tail = re.split(r"\bby\b", title, flags=re.I)[-1]
    for text in ([split_by[-1]] if len(split_by) > 1 else []) + [f"{title} {label_header}"]:
        if kind := next((kind for kind, pattern in _PATTERNS if pattern.search(text)), None):
            # (a note in brackets after what it is split by, "LOAN-TO-VALUE RATIOS (CURRENT)", is the measure's too)
            other = _OTHER_MEASURE.get(kind)
            return TableKind.OTHER if other and (other.search(text) or other.search(split_tail)) else kind
    return TableKind.OTHER


def names_ltv_now(text: str) -> bool:
    """Words naming an LTV now ("CURRENT LOAN-TO-VALUE RATIOS", "LTV at the Cut-off Date"), not at origination."""
    return bool(_OTHER_MEASURE[TableKind.LTV].search(text))


def matrix_name(title: str, col_header: str = "") -> str:
    """What every report calls a FICO x LTV matrix (its sheet, its mark, the email's words): one by LTV now
    ("... AND CURRENT LOAN-TO-VALUE RATIOS", or under a column heading "Current LTV"), or by the combined LTV, is not
    the matrix by LTV at origination its usual name implies."""
    measure = ltv_measure(title, col_header)
    return {LtvMeasure.NOW: "FICO x current LTV", LtvMeasure.COMBINED: "FICO x combined LTV"}.get(measure, "FICO x LTV")


_LTV_WORDS = re.compile(r"loan-to-value|\bc?ltv\b", re.I)
_COMBINED = re.compile(r"\bcombined[ \t\n-]+(?:loan-to-value|ltv)\b|\bcltv\b", re.I)


class LtvMeasure(StrEnum):
    """Which LTV a matrix is by: at origination (the LTV table's, and the stated share above 80%'s), now, or the
    combined LTV of first and second liens."""

    AT_ORIGINATION = "the LTV at origination"
    NOW = "the current LTV"
    COMBINED = "the combined LTV"


def ltv_measure(title: str, col_header: str = "") -> LtvMeasure | None:
    """Which LTV a matrix (or a table) with this title and column heading is by; None where its words name no LTV.
    A matrix by one is never set against one by another: the same loans fall in other buckets."""
    words = f"{title} {col_header}"
    if not _LTV_WORDS.search(words):
        return None
    if _COMBINED.search(words):
        return LtvMeasure.COMBINED
    return LtvMeasure.NOW if names_ltv_now(words) else LtvMeasure.AT_ORIGINATION


_BY_ORIGINAL = re.compile(r"\boriginal\b|\bat\s+origination\b", re.I)


def by_original_balance(title: str, label_header: str = "") -> bool:
    """A loan-size table by the loans' balance at origination, not at the cut-off date ("ORIGINAL PRINCIPAL BALANCE")."""
    return bool(_BY_ORIGINAL.search(f"{title} {label_header}"))
