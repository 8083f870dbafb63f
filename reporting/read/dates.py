"""Dates as filings write them: found in text, read as dates.

Every reader of the filing (the prose, the tables, the cover) finds dates with
``DATE_PATTERN`` and reads them with ``parse_date``, so no part of a date is ever taken
for a figure, and every form is read the same way everywhere.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime

MONTH = (
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"  # "Feb. 1, 2003"; a stray "May. 1, 2004" too
)
_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth"
    " fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
).split()
_ORDINAL_WORDS = (
    {word: n for n, word in enumerate(_ORDINALS, start=1)}
    | {
        f"{tens}{joint}{word}": base + n
        for tens, base in (("twenty", 20), ("thirty", 30))
        for joint in ("-", " ")
        for n, word in enumerate(_ORDINALS[:9], start=1)
        if base + n <= 31
    }
    | {"thirtieth": 30}
)
_ORDINAL = "|".join(sorted(map(re.escape, _ORDINAL_WORDS), key=len, reverse=True))
_ORDINAL_FIRST = "".join(sorted({word[0] for word in _ORDINAL_WORDS}))  # tried only where one may start
# "1st", and as some typists (or a superscript laid out as text) set it, "1 st"
_DAY = rf"(?:\d{{1,2}}(?:st|nd|rd|th|\s(?:st|nd|rd|th)\b)?|(?=[{_ORDINAL_FIRST}])(?:{_ORDINAL}))"
_YEAR = r"(?:\d{4}|\d{2})"
# A year of two figures, its apostrophe for the century, after the day's comma: "May 1, '04" is a date, never a
# count of one ("as of May 1, '04 was 1,225" was read as 1 loan). Without the apostrophe ("As of May 1, 12 of the
# loans ...") it may be a figure: no date is read there.
_SHORT_YEAR = r"['\u2018\u2019]\d{2}(?![\d,.%])"
# A stray stop, semicolon or dash where the day's comma belongs ("May 1. 2004", "May 1; 2004"): still the date, its
# year of this century or the last; read as no date, its "1" was the pool's loan count and its balance was another.
_STRAY_BEFORE_A_YEAR = r"\s*[.;\-\u2013]\s*(?:19|20)\d{2}(?![\d,.%-])"
# Such a stop, after the day: it ends no sentence (where prose is split, or read "within the sentence").
STOP_BEFORE_A_YEAR = r"(?<=\d)\.(?=[ \t\n]{1,3}(?:19|20)\d\d\b(?![,.]\d))"
# A date as filings write it: "May 1, 2004" (the usual), "May 1st, 2004", "May first, 2004", "May 1, '04", "1 May
# 2004", "the 1st day of May, 2004", "5/1/2004" or "05/01/04" (month first, as in the US), "5-1-04",
# "5.1.2004", "01-May-2004" or "01-Oct-19", "2004-05-01" or "2004/05/01"; a month alone, "May 2004" or
# "05/2004", is its first day. Each is masked before numbers are read, so that no part of a date is
# ever taken for a count or an amount.
DATE_PATTERN = re.compile(
    rf"\b{MONTH}\s+{_DAY}(?:\s*(?:,\s*(?:\d{{4}}|{_SHORT_YEAR})|\d{{4}})|{_STRAY_BEFORE_A_YEAR})\b|\b(?:the\s+)?{_DAY}\s+(?:day\s+)?(?:of\s+)?{MONTH},?\s+\d{{4}}\b"
    rf"|\b\d{{1,2}}/\d{{1,2}}/{_YEAR}\b|\b\d{{1,2}}-\d{{1,2}}-{_YEAR}\b|\b\d{{1,2}}\.\d{{1,2}}\.\d{{4}}\b"
    rf"|\b\d{{1,2}}-{MONTH}-{_YEAR}\b|\b\d{{4}}[-/]\d{{2}}[-/]\d{{2}}\b"
    rf"|\b{MONTH},?\s+\d{{4}}\b|\b\d{{1,2}}/\d{{4}}\b",
    re.I,
)
# Where a filing states the date its figures are measured at: "as of May 1, 2004", "(after deducting principal
# payments due on or before May 1, 2004)": a statement of the cut-off date, never a limit's date.
# "as of May 1, 2004", and as some years write it "as of the close of business on May 1, 2004" (or "..., May 1, 2004",
# "the opening of business on"): read without the moment of the day, the cut-off date was said not stated.
# "as at May 1, 2004", as some typists write it, is "as of" it.
AS_OF = r"as\s+(?:of|at)\s+(?:the\s+(?:close|opening|end)\s+of\s+business(?:\s+on\s+|\s*,\s*|\s+))?"
MEASURED_AT = re.compile(rf"\b(?:{AS_OF}|due\s+on\s+or\s+before\s+)({DATE_PATTERN.pattern})", re.I)
_DATE_FORMATS = (
    *("%B %d, %Y", "%d %B, %Y", "%b %d, %Y", "%d %b, %Y", "%m/%d/%Y", "%m/%d/%y", "%Y-%m-%d"),
    *("%m-%d-%Y", "%m-%d-%y", "%m.%d.%Y", "%d-%B-%Y", "%d-%b-%Y", "%d-%b-%y", "%Y/%m/%d"),
    *("%B, %Y", "%b, %Y", "%m/%Y", "%B %d, %y", "%b %d, %y"),
)


@functools.lru_cache(maxsize=1024)  # a filing writes its few dates over and over
def parse_date(text: str) -> date | None:
    """A date written in any of the ways ``DATE_PATTERN`` finds; None if it is no real date."""
    cleaned = re.sub(r"\s+", " ", re.sub("[\u2018\u2019']", "", text).replace(" ,", ",")).strip()
    cleaned = re.sub(_ORDINAL, lambda m: str(_ORDINAL_WORDS[m.group(0).lower()]), cleaned, flags=re.I)
    cleaned = re.sub(r"(?<=\d)\s?(?:st|nd|rd|th)\b", "", cleaned, flags=re.I)
    cleaned = re.sub(r"(?<=[A-Za-z] \d)(\d?)\s*[.;\-\u2013]\s*(?=\d{4}$)", r"\1, ", cleaned)  # "May 1. 2004"
    cleaned = re.sub(r"^the\s+|\b(?:day\s+)?of\s+", "", cleaned, flags=re.I)
    cleaned = re.sub(
        r"\bSept\b", "Sep", cleaned.replace(". ", " ").rstrip("."), flags=re.I
    )  # "Feb. 1": "%b" has no dot
    cleaned = re.sub(r"(?<=[A-Za-z])\.(?=\s|-)", "", cleaned)
    cleaned = re.sub(r",?\s*(?=\d{4}$)", ", ", cleaned, count=1) if " " in cleaned else cleaned
    cleaned = re.sub(r",\s*(?=\d{2}$)", ", ", cleaned, count=1)  # "May 1,'04"
    for written in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned.title(), written).date()
        except ValueError:
            continue
    return None
