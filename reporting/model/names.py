"""The names a deal's files go under: "cmsi-2004-3", from the series the filing states.

A series comes from the filing, so it may hold anything ("../../etc/x", NUL,
slashes, 5,000 characters). ``safe_stem`` turns it into a name that stays inside
the output folder. The diff's JSON records each side's stem, so it is part of the model.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

MAX_STEM = 80
_SERIES = re.compile(r"^(\d{4})-([0-9A-Z]{1,4})$", re.I)  # "2004-3", "2005-03", "1999-A"


def safe_stem(text: str | None, fallback: str = "deal") -> str:
    """A lowercase file-name stem of letters, digits, '-' and '.', never '.' or '..'."""
    stem = re.sub(r"[^a-z0-9.-]+", "-", (text or "").lower()).strip(".-")
    stem = re.sub(r"[.-]{2,}", "-", stem)[:MAX_STEM].strip(".-")  # no "..", even inside a name
    return stem or fallback


def is_series(text: str) -> bool:
    """Whether the text is a series as CMSI writes one: a year, a hyphen and a number or letters."""
    return _SERIES.match(re.sub(r"\s+", "", text)) is not None


def series_key(series: str | None) -> str | None:
    """One spelling per series: "2005-03", "2005-3" and " 2005 - 3" are the same series.

    CMSI wrote a series both ways (the 2005-03 cover, the trust "SERIES 2006-02" of
    the 2006-2 filings), so whatever groups or names deals by series goes by this key,
    and the report prints the series as the filing writes it.
    """
    if not series:
        return None
    match = _SERIES.match(re.sub(r"\s+", "", series))
    if not match:
        return series.strip().upper()
    suffix = match.group(2).upper()
    if suffix.isdigit():
        suffix = suffix.lstrip("0") or "0"
    return f"{match.group(1)}-{suffix}"


_ROMAN = {"I": 1, "V": 5, "X": 10}
_ROMAN_NUMERAL = re.compile(r"^X{0,3}(?:IX|IV|V?I{0,3})$")  # I to XXXIX, written as numerals are


def pool_key(name: str) -> str:
    """One spelling per pool: "II", "2" and "02" are the same pool, as one filing says "pool II" and
    the next "group 2". Deals are compared pool by pool by this key; reports print the name as written."""
    text = name.strip().upper()
    if text.isdigit():
        return str(int(text))
    if text and _ROMAN_NUMERAL.match(text):
        values = [_ROMAN[c] for c in text]
        return str(sum(-v if v < after else v for v, after in zip(values, [*values[1:], 0])))
    return name.strip().casefold()


def pool_number_order(name: str) -> tuple[int, int, str]:
    """Pools in the order of their numbers, I before II before X ("pool 2" and "pool II" alike), then
    pools named by letters, A before B, as a report lists them; not in the order a filing happens to
    name them first."""
    key = pool_key(name)
    return (0, int(key), "") if key.isdigit() else (1, 0, key)


def deal_stem(series: str | None, source_path: str) -> str:
    """The folder and file-name stem of a deal: "cmsi-2004-3" (for "2004-03" too), or the source file's name."""
    if series:
        return "cmsi-" + safe_stem(series_key(series))
    return safe_stem(Path(source_path).stem)


def display_path(path: str | os.PathLike) -> str:
    """A path as text that prints and writes anywhere: bytes of the name that are not UTF-8 as \\xNN.

    The operating system hands such names over with lone surrogates (PEP 383), which no
    UTF-8 file or terminal accepts; ``ls -b`` shows them the same way.
    """
    text = os.fsdecode(path)
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that stands for no byte
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
