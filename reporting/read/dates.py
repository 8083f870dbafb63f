"""Dates as filings write them: found in text, read as dates.

Every reader of the filing (the prose, the tables, the cover) finds dates with
``DATE_PATTERN`` and reads them with ``parse_date``, so no part of a date is ever taken
for a figure, and every form is read the same way everywhere.
"""

from __future__ import annotations

import re
from datetime import date, datetime

MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"  # "Feb. 1, 2003"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# A date as filings write it: "May 1, 2004" (the usual), "May 1st, 2004", "1 May 2004",
# "5/1/2004" or "05/01/04" (month first, as in the US), "2004-05-01"; a month alone, "May
# 2004" or "05/2004", is its first day. Each is masked before numbers are read, so that
# no part of a date is ever taken for a count or an amount.
DATE_PATTERN = re.compile(
    rf"\b{MONTH}\s+{_DAY}\s*,?\s*\d{{4}}\b|\b{_DAY}\s+(?:of\s+)?{MONTH},?\s+\d{{4}}\b"
    r"|\b\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})\b|\b\d{4}-\d{2}-\d{2}\b"
    rf"|\b{MONTH},?\s+\d{{4}}\b|\b\d{{1,2}}/\d{{4}}\b",
    re.I,
)
_DATE_FORMATS = (
    *("%B %d, %Y", "%d %B, %Y", "%b %d, %Y", "%d %b, %Y", "%m/%d/%Y", "%m/%d/%y", "%Y-%m-%d"),
    *("%B, %Y", "%b, %Y", "%m/%Y"),
)


def parse_date(text: str) -> date | None:
    """A date written in any of the ways ``DATE_PATTERN`` finds; None if it is no real date."""
    cleaned = re.sub(r"\s+", " ", text.replace(" ,", ",")).strip()
    cleaned = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", cleaned, flags=re.I)
    cleaned = re.sub(r"\bof\s+", "", cleaned, flags=re.I)
    cleaned = re.sub(r"\bSept\b", "Sep", cleaned.replace(".", ""), flags=re.I)  # "Feb. 1": "%b" has no dot
    cleaned = re.sub(r",?\s*(?=\d{4}$)", ", ", cleaned, count=1) if "/" not in cleaned else cleaned
    for written in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned.title(), written).date()
        except ValueError:
            continue
    return None
