"""Figures a filing states as approximate: "approximately $619.8 million", "about 358 months".

Such a figure is read as written and marked, so the model keeps a doubt beside it and its
checks allow for the rounding the word admits (``within``): half a unit of its last written
digit ("approximately 6.1%": 0.05), or of the last non-zero digit of a round whole number
("approximately $620,000,000": half of ten million). Where a scale word or the zeros give the
unit, never more than half a percent of the figure ("approximately $1 billion" is not $619.8
million). A count's units are exact: "about 663 loans" is 663, less than one loan either way.
"""

from __future__ import annotations

import re

# The words before a figure that make it approximate, for every reader of figures.
APPROXIMATELY = r"(?:approximately|approx\.|about|roughly|an\s+estimated)"
_BEFORE_A_FIGURE = re.compile(rf"\b{APPROXIMATELY}\s*$", re.I)
LOOK_BEHIND = 24  # characters before a figure where the word is looked for
_WRITTEN_NUMBER = re.compile(r"(?:\d[\d,]*)?\.(\d+)|\d[\d,]*")  # "5.84", ".62", "620,000,000"
_SCALES = (1.0, 1e3, 1e6, 1e9)  # "$49.4 million": the scale word's
MOST_OF_A_FIGURE = 0.005  # "approximately" admits half a percent, at most
# A figure written in millions is as near as its last digit says ("$5.4 million": $50,000 either way,
# 0.9%), but never a tenth of itself ("$1 billion" is not a pool of $619.8 million)
MOST_OF_A_ROUNDED_FIGURE = 0.1


class ApproximateFloat(float):
    """A figure the filing states as approximate, ``written`` as the filing writes it; ``rounded``: not
    said to be approximate, but written in a scale that rounds it ("$619.8 million")."""

    approximate = True
    within = 0.0
    written = ""
    rounded = False


class WrittenAmount(float):
    """An amount the filing states exactly, with the decimals it writes it with (``places``): "$312,450,118" is
    0, a rounding to the dollar of a balance that has cents; "$624,900,236.07" is 2."""

    places = 0


def as_written(value: float, written: str) -> float:
    """An exact amount marked with the decimals ``written`` gives it ("$312,450,118.07": 2)."""
    marked = WrittenAmount(value)
    marked.places = _decimals(written)
    return marked


def _decimals(written: str) -> int:
    """The decimals of the figure ``written`` ("$312,450,118.07": 2; "5.8%": 1; none found: 0)."""
    number = _WRITTEN_NUMBER.search(written)
    return len(number.group(1) or "") if number else 0


class WrittenMeasure(float):
    """A rate or a term the filing writes in decimals, with the decimals it writes it with (``places``): "WAC
    5.8%" is 1. Apart from ``WrittenAmount``: two statements of a rate are compared as figures, not roundings."""

    places = 0


def measure_as_written(value: float, written: str) -> float:
    """A rate or term marked with the decimals ``written`` gives it ("5.8%": 1)."""
    marked = WrittenMeasure(value)
    marked.places = _decimals(written)
    return marked


def measure_places(value: object) -> int | None:
    """The decimals a rate or term is written with; None for any other figure."""
    return value.places if isinstance(value, WrittenMeasure) else None


class WrittenFraction(float):
    """A figure the filing writes in fractions of its unit ("357 15/16 months"): rounded to ``parts`` of it (16)."""

    parts = 1


def in_parts(value: float, parts: int) -> WrittenFraction:
    """``value`` marked as written to the nearest 1/``parts`` of its unit."""
    marked = WrittenFraction(value)
    marked.parts = parts
    return marked


def parts_written(value: object) -> int | None:
    """The parts of its unit a figure written as a fraction is rounded to; None for any other figure."""
    return value.parts if isinstance(value, WrittenFraction) else None


def places_written(value: object) -> int | None:
    """The decimals an exact amount is written with; None for any other figure."""
    return value.places if isinstance(value, WrittenAmount) else None


class ApproximateInt(int):
    """A count the filing states as approximate ("approximately 970 mortgage loans")."""

    approximate = True
    within = 0.0
    written = ""


# "$312,456,789 (approximately)": the word in brackets just after the figure, as older filings put it
_AFTER_A_FIGURE = re.compile(rf"\s*\(\s*{APPROXIMATELY}\s*\)", re.I)


def said_after(text: str, at: int) -> bool:
    """Whether the figure ending at ``at`` in ``text`` is followed by an approximating word in brackets."""
    return _AFTER_A_FIGURE.match(text, at) is not None


def said_before(text: str, at: int) -> bool:
    """Whether the figure at ``at`` in ``text`` follows an approximating word."""
    return _BEFORE_A_FIGURE.search(text, max(0, at - LOOK_BEHIND), at) is not None


def approximate(value: object, written: str) -> object:
    """``value`` marked as stated approximately; anything but a figure as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    marked = ApproximateInt(value) if isinstance(value, int) else ApproximateFloat(value)
    marked.written = " ".join(written.split()).rstrip(",;")
    marked.within = _rounding(float(value), written, counted=isinstance(value, int))
    return marked


def rounded(value: float, written: str) -> float:
    """An amount written in thousands or millions ("$619.8 million", "$619,801K"): as near as its last
    digit, which is the scale's, and marked so; an amount in dollars as it is."""
    marked = approximate(value, written)
    if not isinstance(marked, ApproximateFloat) or marked.within == 0:
        return value
    marked.rounded = True
    # as near as the last digit written, in the scale's unit: "$7,750 thousand" to $500, not $5,000 (its
    # zeros are digits, the scale word saying where the rounding is)
    number = _WRITTEN_NUMBER.search(written)
    digits = number.group(0).rstrip(",").replace(",", "") if number else ""
    scale = next((s for s in _SCALES if digits and abs(value - float(digits) * s) <= 1e-9 * abs(value)), 1.0)
    half = 0.5 * 10.0 ** -len(number.group(1) or "") * scale if number else 0.0
    marked.within = min(half, MOST_OF_A_ROUNDED_FIGURE * abs(value))
    return marked


def unrounded(value: object) -> object:
    """A limit written in millions ("no loan of more than $1 million") is the figure it names, not a
    rounding of one: the figure plain; one said to be approximate stays so."""
    return float(value) if isinstance(value, ApproximateFloat) and value.rounded else value


def is_approximate(value: object) -> bool:
    return getattr(value, "approximate", False)


def rounding_of(value: object) -> float:
    """How far from exact a figure may be: its ``within`` if stated approximately, else 0."""
    return value.within if isinstance(value, ApproximateFloat | ApproximateInt) else 0.0


def exactly(value: object) -> object:
    """The plain figure of an approximate one, for the model (which keeps the doubt beside it)."""
    if isinstance(value, ApproximateInt):
        return int(value)
    return (
        float(value)
        if isinstance(value, ApproximateFloat | WrittenAmount | WrittenMeasure | WrittenFraction)
        else value
    )


def _rounding(value: float, written: str, counted: bool, most: float = MOST_OF_A_FIGURE) -> float:
    number = _WRITTEN_NUMBER.search(written)
    if number is None:
        return 0.0
    digits = number.group(0).rstrip(",").replace(",", "")
    scale = next((s for s in _SCALES if abs(value - float(digits) * s) <= 1e-9 * abs(value)), 1.0)
    zeros = len(digits) - len(digits.rstrip("0")) if digits.strip("0") and not number.group(1) else 0
    if number.group(1):  # "5.84": half of 0.01
        half = 0.5 * 10 ** -len(number.group(1)) * scale
    elif zeros:  # "620,000,000": half of ten million
        half = 0.5 * 10**zeros * scale
    else:  # "358 months": half a month; "663 loans": none
        half = 0.0 if counted and scale == 1.0 else 0.5 * scale
    inferred = scale != 1.0 or zeros  # a unit the digits do not show: bounded
    return min(half, most * abs(value)) if inferred else half
