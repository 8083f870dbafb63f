"""Length limits on every string a deal carries from its filing.

A filing is untrusted text: a 5 MB line above a table would otherwise become the
table's title and be copied into every check, warning, JSON and page that names it.
Each string field of the model has a limit by what it is (a label, a title, prose);
a longer string keeps its start and its end with a visible ``[…]`` between them (a
title's own words are often at one end of a damaged line), and the deal gets one
warning per field saying how much was cut. Real filings are far below each limit.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import TypeVar

from reporting.model.deal import Source

T = TypeVar("T")

CUT_MARK = " […] "  # stands where the middle of a cut string was

# Field name -> at most this many characters. Longest seen in CMSI filings: a label or
# policy name 56, a table title 69, a policy's wording 268.
MAX_LABEL = 120  # a row or column label, a pool's or class's name, a policy
MAX_TITLE = 200  # a table's title or header, a check's subject, a party's name
MAX_TEXT = 2_000  # prose: a policy's wording, a footnote, a warning, a note
LIMITS = {
    **dict.fromkeys(("label", "row_labels", "col_labels", "name", "pool", "series", "policy", "field"), MAX_LABEL),
    **dict.fromkeys(
        ("title", "subject", "label_header", "row_header", "col_header", "issuer", "trustee", "paying_agent"),
        MAX_TITLE,
    ),
}


# How a warning names the holder of a cut string: "a table title", "a row label".
OWNERS = {
    "StratTable": "table",
    "PercentMatrix": "matrix",
    "TableRow": "row",
    "Pool": "pool",
    "UnderwritingShare": "underwriting policy",
    "CertificateClass": "class",
    "Check": "check",
    "Provenance": "figure",
}


class Clipper:
    """Cuts every over-long string in a model value; remembers what it cut, for the warnings."""

    def __init__(self) -> None:
        self._cut: dict[tuple[str, str], list[int]] = {}  # (owner, field) -> the lengths of the strings cut

    def clip(self, value: T, field: str = "", owner: str = "") -> T:
        if isinstance(value, str):
            return self._clip_string(value, field, owner)  # type: ignore[return-value]
        if isinstance(value, tuple):
            items = tuple(self.clip(item, field, owner) for item in value)
            return value if all(a is b for a, b in zip(items, value, strict=True)) else items  # type: ignore[return-value]
        if not (names := _field_names(type(value))):
            return value
        changes = {}
        holder = OWNERS.get(type(value).__name__, "")
        for name in names:
            old = getattr(value, name)
            new = self.clip(old, name, holder)
            if new is not old:
                changes[name] = new
        return dataclasses.replace(value, **changes) if changes else value

    def warnings(self) -> tuple[str, ...]:
        """One warning per field whose strings were cut, in the order first met."""
        return tuple(_warning(owner, field, lengths) for (owner, field), lengths in self._cut.items())

    def _clip_string(self, text: str, field: str, owner: str) -> str:
        limit = LIMITS.get(field, MAX_TEXT)
        if len(text) <= limit:
            return text
        self._cut.setdefault((owner, field), []).append(len(text))
        return cut(text, limit)


@functools.cache  # one entry per type met in a deal: a few dozen
def _field_names(kind: type) -> tuple[str, ...]:
    """The fields whose strings are clipped in a value of ``kind``: a dataclass's (a class itself, a figure or a
    date has none; nor has a ``Source``: a path is the user's own). Asked of every value of a deal: looked up once."""
    if not dataclasses.is_dataclass(kind) or issubclass(kind, Source):
        return ()
    return tuple(f.name for f in dataclasses.fields(kind))


def cut(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters: its start, the mark, its end (spaces at the cut dropped)."""
    if len(text) <= limit:
        return text
    kept = limit - len(CUT_MARK)
    head = (kept + 1) // 2
    return text[:head].rstrip() + CUT_MARK + text[len(text) - (kept - head) :].lstrip()


def _warning(owner: str, field: str, lengths: list[int]) -> str:
    limit = LIMITS.get(field, MAX_TEXT)
    words = [*owner.split(), *field.split("_")]
    what = " ".join(w for i, w in enumerate(words) if w and (i == 0 or w != words[i - 1])) or "text"
    if len(lengths) == 1:
        article = "an" if what[0] in "aeiou" else "a"
        return f"{article} {what} of {lengths[0]:,} characters was cut to {limit:,}, marked {CUT_MARK.strip()}"
    return (
        f"{len(lengths)} {what} strings of up to {max(lengths):,} characters were cut to {limit:,} each, "
        f"marked {CUT_MARK.strip()}"
    )
