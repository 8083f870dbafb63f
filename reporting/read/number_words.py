"""Whole numbers written in words, as older filings and list items write counts: "three", "twenty-one", "twenty one",
"one hundred twelve", "twelve hundred", "one thousand two hundred and twenty-five".

``NUMBER_IN_WORDS`` finds one (a pattern without groups, to build the reader's patterns with, matched in any
case), its longest form first: "one hundred twelve" whole, never "one"; ``in_figures`` gives its value. The one
place number words are read: a count's, a share's ("ninety-eight percent"), a list item's ("are one and five").

Numbers run to the thousands (no pool holds a million loans). "and" within one is read as English writes it, part
of the number ("one hundred and five" is 105); a comma never is ("one thousand, two hundred" is a list of two).
"""

from __future__ import annotations

import re

UNITS = (
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"),
)
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000}


def _any(words: tuple[str, ...] | dict[str, int]) -> str:
    """One of ``words``, the longest first ("seventeen" before "seven"), as a whole word."""
    return rf"(?:{'|'.join(sorted(words, key=len, reverse=True))})\b"


# 1 to 99: "seven", "seventeen", "seventy", "seventy-seven", "seventy seven"
_BELOW_A_HUNDRED = rf"(?:{_any(TENS)}(?:[-\u2010\s]+{_any(UNITS[1:10])})?|{_any(UNITS[1:])})"
# 1 to 9,999 without "thousand": "one hundred twelve", "nine hundred and ninety-nine", "twelve hundred"
_BELOW_A_THOUSAND = rf"(?:{_BELOW_A_HUNDRED}\s+hundred\b(?:\s+(?:and\s+)?{_BELOW_A_HUNDRED})?|{_BELOW_A_HUNDRED})"
# Where a number starts: never within a word ("forty-one" is no "one", "someone" none) nor within a longer number
# ("twenty one", "one hundred and twelve": no "one", no "twelve").
_STARTS = r"(?<![\w\u2010-])(?<!hundred\s)(?<!thousand\s)(?<!ty\s)(?<!hundred\sand\s)(?<!thousand\sand\s)"
NUMBER_IN_WORDS = (
    rf"{_STARTS}(?:{_BELOW_A_THOUSAND}\s+thousand\b(?:\s+(?:and\s+)?{_BELOW_A_THOUSAND})?|{_BELOW_A_THOUSAND}"
    r"|zero\b)"
)
_WHOLE = re.compile(rf"\s*{NUMBER_IN_WORDS}\s*", re.I)
_WORD = re.compile(r"[a-z]+", re.I)


def in_figures(words: str) -> int | None:
    """The number ``words`` write ("one hundred twelve" is 112), None where they are no one number."""
    if not _WHOLE.fullmatch(words):
        return None
    total, current = 0, 0
    for word in _WORD.findall(words.lower()):
        if word in TENS:
            current += TENS[word]
        elif word in UNITS:
            current += UNITS.index(word)
        elif word == "hundred":
            current *= _SCALES[word]
        elif word == "thousand":
            total, current = total + current * _SCALES[word], 0
    return total + current
