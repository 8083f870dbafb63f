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


def safe_stem(text: str | None, fallback: str = "deal") -> str:
    """A lowercase file-name stem of letters, digits, '-' and '.', never '.' or '..'."""
    stem = re.sub(r"[^a-z0-9.-]+", "-", (text or "").lower()).strip(".-")
    stem = re.sub(r"[.-]{2,}", "-", stem)[:MAX_STEM].strip(".-")  # no "..", even inside a name
    return stem or fallback


def deal_stem(series: str | None, source_path: str) -> str:
    """The folder and file-name stem of a deal: "cmsi-2004-3", or the source file's name."""
    if series:
        return "cmsi-" + safe_stem(series)
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
