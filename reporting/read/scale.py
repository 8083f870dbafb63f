"""Money written in thousands or millions, for every reader of amounts.

A figure may carry its scale after it ("$619.8 million", "$7.7MM", "$619,801K", "$5.4 mil."),
and a table or a summary's label may give it for every figure under it ("Balance ($000)",
"(Dollars in Millions)", "(Dollar amounts in thousands)"). Read without it, a balance is a
thousand or a million times too small, and every check built on it fails or, worse, passes
against tables read the same way. Each such wording lives here, once.

A scale some readers take for a thousand and others for a million ("$619M": the Roman M is a
thousand, "M" a million to others) is never applied: the figure is not read (``UNSURE_SCALE``).
"""

from __future__ import annotations

import functools
import re

# The words after a figure, and what they multiply it by: "mil.", "mm", "mln" and "Mio" are a million.
_FACTORS = {
    **{"thousand": 1e3, "thous": 1e3, "k": 1e3},
    **{"million": 1e6, "mil": 1e6, "mm": 1e6, "mn": 1e6, "mln": 1e6, "mio": 1e6},
    **{"billion": 1e9, "bn": 1e9, "bln": 1e9, "bil": 1e9},
}
_SCALE_WORD = r"(?i:thousands?|millions?|billions?|mm|mn|mln|mio|bn|bln|k)\b|(?i:mil|bil)\b\.?"
SCALE_AFTER = (
    rf"(?:\s*|\s?-\s?)(?:{_SCALE_WORD}"  # "$619.8 million", "$619.8-million", "$7.7MM", "$619,801K"
    r"|\(\s*(?i:in\s+)?(?i:thousands|millions|billions)\s*\))"  # "$619.8 (in millions)", "$874.7 (thousands)"
)
# An amount: "$619,800,778.37", "$ 34,980", "$.62 billion", "$619.8 million", "$7.7MM"; without a
# dollar sign where the words say it is money: "619.8MM", "619,800,778.37 dollars", "619.8 million dollars".
_DIGITS = r"(?:\d[\d,]*(?:\.\d+)?|\.\d+)"
MONEY = (
    rf"(?:\$|\bUSD)\s*(?P<digits>{_DIGITS})(?P<scale>{SCALE_AFTER})?"
    # ... never a fraction's denominator: "seventy-eight and 37/100 dollars" is no $100
    rf"|(?<![\w.,$/\u2044])(?P<bare>{_DIGITS})(?:(?P<bare_scale>\s?(?:MM|mm|mn|bn)\b|{SCALE_AFTER}(?=\s+dollars\b))"
    r"(?:\s+dollars\b)?|\s+dollars\b)"
)
# An amount written without "$", in the shape only money takes: digits grouped in threes by commas, and
# cents at most ("5,368,851", "6,170,000.00"). Read as money only where the words say it is one
# (``MONEY_WORDS``): "1,225 mortgage loans" has the shape too.
BARE_AMOUNT = r"(?<![\w.,$])\d{1,3}(?:,\d{3})+(?:\.\d{2})?(?![\w%$]|[.,]\d)"
# The words that make a figure after them in their clause an amount: a balance ("balance of 5,368,851",
# "balances ... were 611,102,780 and 8,697,998", "balance of not less than 54,500, nor more than
# 1,000,000", a class's "initial principal balance ... was 6,170,000.00"), a principal amount.
MONEY_WORDS = r"\b(?:balances?|(?:principal|outstanding)\s+amounts?)\b"
# "$619M", "$7.7m", "$6.2B": a thousand or a million (the Roman M is a thousand), a billion or a byte;
# never read as either.
UNSURE_SCALE = re.compile(rf"(?:\$|\bUSD)\s*{_DIGITS}(?:\s?|\s?-\s?)[MmBb]\b")


def factor(word: str | None) -> float:
    """What a scale word after a figure multiplies it by: 1 for none."""
    for key in re.findall(r"[a-z]+", (word or "").lower()):
        if (found := _FACTORS.get(key) or _FACTORS.get(key.removesuffix("s"))) is not None:
            return found
    return 1.0


# A unit given for the figures under or beside it: a heading ("Balance ($000)", "(000's)", "$ (millions)",
# "($MM)", "(Thousands of Dollars)"), a note ("(Dollar amounts in thousands)", "$000 omitted"), a label.
_DOLLAR = r"(?:\$|US\$|USD)"
_THOUSAND_WORD = r"(?:thousands?\b|thous\b\.?)"
_MILLION_WORD = r"(?:millions?\b|mm\b|mln\b|mil\b\.?)"
_THOUSANDS = (
    rf"\(\s*{_DOLLAR}?\s*'?0{{3}}'?s?\s*(?:omitted)?\s*\)|\$\s*\(?\s*0{{3}}'?s?\b|\b0{{3}}'?s\s+omitted\b"
    rf"|\bin\s+\$?\s*0{{3}}'?s\b|'000\b|\bUSD\s*0{{3}}\b|\bx\s*\$\s*1,000\b"  # "(in $000s)", "('000)", "(x $1,000)"
    rf"|\bin\s+(?:\$\s*)?{_THOUSAND_WORD}|\(\s*{_DOLLAR}?\s*{_THOUSAND_WORD}\s*\$?\s*\)"  # "($ Thousand)", "(Thousand $)"
    rf"|\b{_THOUSAND_WORD}\s+of\s+dollars\b|\$\s*{_THOUSAND_WORD}|\(\s*\$?\s*k\s*\)"
)
_MILLIONS = (
    rf"\bin\s+(?:\$\s*)?{_MILLION_WORD}|\(\s*{_DOLLAR}?\s*(?:in\s+)?{_MILLION_WORD}\s*\$?\s*\)"  # "(Mil. $)"
    rf"|\b{_MILLION_WORD}\s+of\s+dollars\b|\$\s*\(?\s*(?:millions?|mm|mln)\b|\(\s*{_DOLLAR}\s*m\s*\)"  # "($m)"
)
_UNIT_SAID = re.compile(rf"(?P<thousands>{_THOUSANDS})|(?P<millions>{_MILLIONS})", re.I)
# A title or note saying something else is in thousands: "LOAN SIZE IN THOUSANDS", "ORIGINAL LOAN AMOUNTS
# IN THOUSANDS" (the rows' buckets, "$0 - $50", not the balances beside them), "Appraised values are in
# thousands", "median household income in thousands".
_OF_SOMETHING_ELSE = re.compile(
    r"\b(?:sizes?|ranges?|buckets?|labels?|counts?|number|loan\s+amounts?|appraised|values?|incomes?|prices?"
    r"|square\s+feet)\b",
    re.I,
)


@functools.lru_cache(maxsize=1024)  # each table's title, heading and notes are asked again by every column
def unit_said(text: str, of_the_balances: bool = False) -> float | None:
    """The dollars one written unit stands for where ``text`` (a heading, a title, a note, a label)
    says the figures are in thousands or millions; None where it says neither. A clause of a title or a
    note that names something else ("Loan size ranges in thousands; balances in thousands") is no
    word on the balances; the balances' own heading (``of_the_balances``) is."""
    for clause in text.split(";"):
        if not of_the_balances and _OF_SOMETHING_ELSE.search(clause):
            continue
        if match := _UNIT_SAID.search(clause):
            return 1e3 if match.group("thousands") else 1e6
    return None


def in_words(unit: float) -> str:
    """ "thousands", "millions": how a warning names a unit."""
    return "thousands" if unit == 1e3 else "millions"
