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

import re

# The words after a figure, and what they multiply it by. "mil." and "mm" are a million.
_FACTORS = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mil": 1e6, "mm": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9}
SCALE_AFTER = (
    r"\s*(?:(?i:thousands?|millions?|billions?)\b|(?:MM|mm|mn|bn|K|k)\b|(?i:mil)\b\.?"
    r"|\(\s*(?i:in\s+)?(?i:thousands|millions|billions)\s*\))"  # "$619.8 (in millions)", "$874.7 (thousands)"
)
# An amount: "$619,800,778.37", "$ 34,980", "$.62 billion", "$619.8 million", "$7.7MM"; without a
# dollar sign where the words say it is money: "619.8MM", "619,800,778.37 dollars", "619.8 million dollars".
_DIGITS = r"(?:\d[\d,]*(?:\.\d+)?|\.\d+)"
MONEY = (
    rf"\$\s*(?P<digits>{_DIGITS})(?P<scale>{SCALE_AFTER})?"
    rf"|(?<![\w.,$])(?P<bare>{_DIGITS})(?:(?P<bare_scale>\s?(?:MM|mm|mn|bn)\b|{SCALE_AFTER}(?=\s+dollars\b))"
    r"(?:\s+dollars\b)?|\s+dollars\b)"
)
# "$619M", "$6.2B": a thousand or a million, a billion or a byte; never read as either.
UNSURE_SCALE = re.compile(rf"\$\s*{_DIGITS}\s?[MB]\b")


def factor(word: str | None) -> float:
    """What a scale word after a figure multiplies it by: 1 for none."""
    for key in re.findall(r"[a-z]+", (word or "").lower()):
        if (found := _FACTORS.get(key) or _FACTORS.get(key.removesuffix("s"))) is not None:
            return found
    return 1.0


# A unit given for the figures under or beside it: a heading ("Balance ($000)", "(000's)", "$ (millions)",
# "($MM)", "(Thousands of Dollars)"), a note ("(Dollar amounts in thousands)", "$000 omitted"), a label.
_THOUSANDS = (
    r"\(\s*(?:\$|US\$)?\s*0{3}'?s?\s*(?:omitted)?\s*\)|\$\s*0{3}'?s?\b|\b0{3}'?s\s+omitted\b|\bin\s+0{3}'?s\b"
    r"|\b(?:(?:dollars?|amounts?|balances?|figures?)\s+)?in\s+thousands\b|\(\s*\$?\s*thousands\s*\)"
    r"|\bthousands\s+of\s+dollars\b|\$\s*thousands\b|\(\s*\$?\s*k\s*\)"
)
_MILLIONS = (
    r"\b(?:(?:dollars?|amounts?|balances?|figures?)\s+)?in\s+millions\b|\(\s*\$?\s*(?:millions|mm|mil\.?)\s*\)"
    r"|\bmillions\s+of\s+dollars\b|\$\s*\(?\s*(?:millions|mm)\b"
)
_UNIT_SAID = re.compile(rf"(?P<thousands>{_THOUSANDS})|(?P<millions>{_MILLIONS})", re.I)
# A scale said of something other than money: "LOAN SIZE IN THOUSANDS" is about the rows' labels
# (the buckets "$0 - $50"), not the balances beside them.
_OF_SOMETHING_ELSE = re.compile(
    r"\b(?:size|sizes|range|ranges|bucket|buckets|labels?|counts?|number|square\s+feet)\s+in\s+(?:thousands|millions)\b",
    re.I,
)


def unit_said(text: str) -> float | None:
    """The dollars one written unit stands for where ``text`` (a heading, a title, a note, a label)
    says the figures are in thousands or millions; None where it says neither."""
    if _OF_SOMETHING_ELSE.search(text):
        return None
    match = _UNIT_SAID.search(text)
    if match is None:
        return None
    return 1e3 if match.group("thousands") else 1e6


def in_words(unit: float) -> str:
    """ "thousands", "millions": how a warning names a unit."""
    return "thousands" if unit == 1e3 else "millions"
