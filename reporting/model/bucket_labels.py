"""What a stratification table's bucket label names: the same bucket however it is written, and the range of
figures it covers ("$150,000 through $199,999", "Less than 620", "2003"), or none for a category ("Townhouses").

Known in one place for the diff, which lines up two tables' buckets, the summary and the metrics, which read
the shares under a bound, and the checks, which find a row whose loans cannot average what its label says.
"""

from __future__ import annotations

import re
from functools import lru_cache

# A footnote's mark in brackets at a label's end: "7.001% - 7.250%(1)", "Condominium (a)", "Townhouses(1)(2)".
# The mark ties the row to its footnote; the bucket is the same without it. Never a label's own words in
# brackets ("Cooperative Units (over four stories high)"), nor "(0)", no note's number.
_BRACKETED_MARKS = re.compile(r"(?:\s?\((?:[1-9]\d?|[a-z])\))+$")


def without_marks(label: str) -> str:
    """A row's label without the footnotes' marks set after it ("California (a)", "Townhouses*(1)")."""
    return _BRACKETED_MARKS.sub("", re.sub(r"[*\u2020\u2021]+", "", label).rstrip())


@lru_cache(maxsize=4096)
def normalise_label(label: str) -> str:
    """Case, footnote marks, dash styles and spacing do not make a different bucket."""
    text = without_marks(label)
    text = text.lower().replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(r"\s*-\s*", " - ", text)
    return " ".join(text.split()).strip(" .:;,")


# A number as the filings write a bucket edge: "$149,999", "5.250%", "65.00%", "2003".
_NUM = r"\$?(\d[\d,]*(?:\.\d+)?)%?"
# "Less than or equal to 65.00%", "Equal to or less than": the bound's own number in the bucket.
_OR_EQUAL_BELOW = r"less than or equal to|equal to or less than|at most"
_OR_EQUAL_ABOVE = r"greater than or equal to|equal to or greater than|more than or equal to"
_OPEN_BELOW = re.compile(
    rf"^{_NUM} (?:and|or) (?:under|below|less|lower|fewer)$"
    rf"|^(?:up to|not more than|{_OR_EQUAL_BELOW}|<=|=<|\u2264) ?{_NUM}$"
)
_OPEN_ABOVE = re.compile(
    rf"^{_NUM} (?:and|or) (?:over|above|more|greater|higher)$"
    rf"|^(?:at least|{_OR_EQUAL_ABOVE}|>=|=>|\u2265) ?{_NUM}$|^{_NUM}\+$"
)
# Bounds that leave out their own number: "Less than 620", "<620", "Over 799", ">800".
_BELOW = re.compile(rf"^(?:less than|under|below|<) ?{_NUM}$")
_ABOVE = re.compile(rf"^(?:greater than|more than|over|above|>) ?{_NUM}$")
_RANGE = re.compile(rf"^{_NUM} ?(?:-|through|to) ?{_NUM}$")
# A range whose low edge is left out: "Above 80% to 85%", "Over 80.00% - 85.00%".
_ABOVE_RANGE = re.compile(rf"^(?:greater than|more than|over|above|>) ?{_NUM} ?(?:-|through|to) ?{_NUM}$")
_SINGLE = re.compile(rf"^{_NUM}$")
_EXCLUSIVE = 1e-9  # an edge just inside a bound that leaves its number out: "less than 700" is below 700

Interval = tuple[float | None, float | None]  # inclusive edges; None is open-ended


@lru_cache(maxsize=4096)  # each row's label is asked for by the checks, the summary, the metrics and the diff
def parse_interval(label: str) -> Interval | None:
    """The numeric range a bucket label names, or None for a category ("Townhouses")."""
    text = normalise_label(label)
    number = lambda s: float(s.replace(",", ""))  # noqa: E731
    if match := _OPEN_BELOW.match(text):
        return (None, number(next(g for g in match.groups() if g)))
    if match := _OPEN_ABOVE.match(text):
        return (number(next(g for g in match.groups() if g)), None)
    if match := _BELOW.match(text):
        return (None, number(match.group(1)) - _EXCLUSIVE)
    if match := _ABOVE.match(text):
        return (number(match.group(1)) + _EXCLUSIVE, None)
    if match := _RANGE.match(text):
        low, high = number(match.group(1)), number(match.group(2))
        return (low, high) if low <= high else None
    if match := _ABOVE_RANGE.match(text):
        low, high = number(match.group(1)), number(match.group(2))
        return (low + _EXCLUSIVE, high) if low < high else None
    if match := _SINGLE.match(text):
        return (number(match.group(1)), number(match.group(1)))
    return None


# How far apart one bucket's top and the next one's bottom may be written and still meet: "65.00%" then "65.001%"
# or "65.01%", "$149,999" then "$150,000".
_ADJOINING = 1.0

# The bottom of a run's lowest bucket written from zero ("0.00% - 65.00%", "0.01% - 65.00%"): nothing these tables
# count is below zero, so it holds the loans of "65.00% and below", and gets its key.
_FROM_ZERO = 0.01

BucketKey = tuple[float | None, float | None]  # the edges a bucket lies between: the one below it, its top


def bucket_keys(labels: tuple[str, ...] | list[str]) -> list[BucketKey | None]:
    """Each bucket of an ascending run of ranges keyed by where it lies between its neighbours, so that the same
    buckets written in other words get the same keys: "65.00% or less", "65.01% to 75.00%" and "65.00% and
    below", "65.001%-75.000%". A bucket's key is the top of the bucket below it (where the two adjoin) and its own
    top; None for a label that names no range."""
    keys: list[BucketKey | None] = []
    below: float | None = None  # the top of the bucket before
    intervals = [parse_interval(label) for label in labels]
    step = _step(intervals)
    for index, interval in enumerate(intervals):
        if interval is None:
            keys.append(None)
            continue
        low, high = interval
        following = next((i for i in intervals[index + 1 :] if i is not None), None)
        high = _top_as_the_others(high, following[0] if following else None, step)
        adjoins = low is not None and below is not None and 0 <= low - below <= _ADJOINING
        from_zero = below is None and low is not None and 0 <= low <= _FROM_ZERO
        keys.append((below if adjoins else None if from_zero else low, high))
        below = high
    return keys


def _step(intervals: list[Interval | None]) -> float | None:
    """The gap a run of buckets leaves between a bucket's top and the next one's bottom where both are written
    with their own numbers ("620 to 649", "650 to 699": 1); None where none shows it, or they differ."""
    gaps = {
        round(after[0] - before[1], 9)
        for before, after in zip(intervals, intervals[1:])
        if before
        and after
        and before[1] is not None
        and after[0] is not None
        and before[1] == round(before[1], 6)
        and after[0] == round(after[0], 6)
        and 0 < after[0] - before[1] <= _ADJOINING
    }
    return gaps.pop() if len(gaps) == 1 else None


def _top_as_the_others(high: float | None, next_low: float | None, step: float | None) -> float | None:
    """An end bucket's top written another way than the rest of the run's ("Less than 620", "620 and less"
    before "620 to 649"), as the run writes its tops ("619 or lower": 619), so the same buckets get the same
    keys: a top just under the next bucket's bottom, or at it, is that bottom less the run's step."""
    if high is None or next_low is None or step is None or next_low != round(next_low, 6):
        return high  # (a bottom written "Greater than 799" leaves the top below it as written)
    if 0 <= next_low - high < step and next_low - high != step:
        return round(next_low - step, 9)
    return high
